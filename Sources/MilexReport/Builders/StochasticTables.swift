import MilexModel
import MilexScenario

/// Tables, JSON and fan charts of a stochastic run (MODEL.md §8).
public struct StochasticReport: Sendable {
    public let scenario: Scenario
    public let result: StochasticResult

    public init(scenario: Scenario, result: StochasticResult) {
        self.scenario = scenario
        self.result = result
    }

    private var levels: [Int] { StochasticSettings.percentileLevels.map { Int($0) } }

    /// Per variant: the probabilities for every country and group.
    public func probabilityTables() -> [Table] {
        let e = result.years.last!
        let b = result.years.first!
        let thresholds = result.thresholds
        let low = PolicyText.number(thresholds.debtLowPctGDP)
        let high = PolicyText.number(thresholds.debtHighPctGDP)
        let deficit = PolicyText.number(thresholds.deficitPctGDP)
        let margin = thresholds.baseMarginPP == 0 ? "" : " + \(PolicyText.number(thresholds.baseMarginPP)) pp"
        return result.variants.indices.map { variant in
            var table = Table(
                id: "probabilities-\(result.variants[variant])",
                title: "Debt risks, \(result.draws) draws — \(result.variants[variant])",
                columns: [
                    .init(id: "entity", header: "Country/group", format: .text),
                    .init(id: "debt_base", header: "Debt \(b)", unit: "%GDP", format: .number(decimals: 1)),
                    .init(id: "debt_deterministic", header: "Det. \(e)", unit: "%GDP", format: .number(decimals: 1)),
                    .init(id: "debt_p10", header: "p10 \(e)", unit: "%GDP", format: .number(decimals: 1)),
                    .init(id: "debt_p50", header: "p50 \(e)", unit: "%GDP", format: .number(decimals: 1)),
                    .init(id: "debt_p90", header: "p90 \(e)", unit: "%GDP", format: .number(decimals: 1)),
                    .init(id: "p_debt_above_base", header: "P(>\(b))", unit: "%", format: .number(decimals: 1)),
                    .init(id: "p_debt_above_60", header: "P(>\(low))", unit: "%", format: .number(decimals: 1)),
                    .init(id: "p_debt_above_90", header: "P(>\(high))", unit: "%", format: .number(decimals: 1)),
                    .init(id: "p_deficit_above_3", header: "P(def>\(deficit))", unit: "%", format: .number(decimals: 1)),
                ],
                notes: [
                    "P(>\(b)): probability that debt in \(e) exceeds its \(b) ratio\(margin); P(>\(low)), P(>\(high)): that it exceeds \(low) % or \(high) % of GDP in \(e); P(def>\(deficit)): that the deficit exceeds \(deficit) % of GDP in at least one year \(b + 1)–\(e). Det.: the deterministic path. Thresholds: the Treaty's reference values and the safeguard's high-debt threshold (policy file)."
                ])
            for (entity, description) in result.entities.enumerated() {
                let p = result.probabilities[variant][entity]
                let fan = result.percentiles(.debt, variant: variant, entity: entity, yearIndex: result.years.count - 1)
                let deterministic = result.deterministicPath(.debt, variant: variant, entity: entity)
                table.append(
                    [
                        .text(description.isGroup ? description.name : description.code), .number(deterministic[0]),
                        .number(deterministic.last!), .number(fan[0]), .number(fan[4]), .number(fan[8]),
                        .number(100 * p.debtAboveBase), .number(100 * p.debtAbove60), .number(100 * p.debtAbove90),
                        .number(100 * p.deficitAbove3AnyYear),
                    ], kind: description.isGroup ? .aggregate : .body)
            }
            table.notes += result.notes
            return table
        }
    }

    /// Per variant and entity: the fan of `metric`, years as rows.
    public func fanTables(_ metric: StochasticMetric = .debt) -> [Table] {
        var tables: [Table] = []
        for variant in result.variants.indices {
            for (entity, description) in result.entities.enumerated() {
                var table = Table(
                    id: "fan-\(metric.key)-\(result.variants[variant])-\(description.code)",
                    title:
                        "\(description.isGroup ? description.name : description.code) — \(result.variants[variant]): \(metric == .debt ? "debt" : "balance"), percentiles of \(result.draws) draws",
                    columns: [
                        .init(id: "year", header: "Year", format: .integer),
                        .init(id: "deterministic", header: "Det.", unit: "%GDP", format: .number(decimals: 1)),
                    ]
                        + levels.map { .init(id: "p\($0)", header: "p\($0)", unit: "%GDP", format: .number(decimals: 1)) })
                let deterministic = result.deterministicPath(metric, variant: variant, entity: entity)
                for (index, year) in result.years.enumerated() {
                    table.append(
                        [.number(Double(year)), .number(deterministic[index])]
                            + result.percentiles(metric, variant: variant, entity: entity, yearIndex: index).map(
                                Table.Cell.number))
                }
                tables.append(table)
            }
        }
        return tables
    }

    /// Everything in one long table: a row per variant, entity, metric and year.
    public func longTable() -> Table {
        var table = Table(
            id: "stochastic", title: scenario.name,
            columns: [
                .init(id: "variant", header: "Variant", format: .text),
                .init(id: "entity", header: "Country/group", format: .text),
                .init(id: "metric", header: "Metric", format: .text), .init(id: "year", header: "Year", format: .integer),
                .init(id: "deterministic", header: "Deterministic", format: .number(decimals: 3)),
                .init(id: "mean", header: "Mean", format: .number(decimals: 3)),
            ] + levels.map { .init(id: "p\($0)", header: "p\($0)", format: .number(decimals: 3)) },
            notes: result.notes)
        for variant in result.variants.indices {
            for (entity, description) in result.entities.enumerated() {
                for metric in StochasticMetric.allCases {
                    let deterministic = result.deterministicPath(metric, variant: variant, entity: entity)
                    for (index, year) in result.years.enumerated() {
                        table.append(
                            [
                                .text(result.variants[variant]), .text(description.code), .text(metric.key),
                                .number(Double(year)),
                                .number(deterministic[index]),
                                .number(result.mean(metric, variant: variant, entity: entity, yearIndex: index)),
                            ]
                                + result.percentiles(metric, variant: variant, entity: entity, yearIndex: index).map(
                                    Table.Cell.number))
                    }
                }
            }
        }
        return table
    }

    /// The stochastic part of the JSON output.
    public func json() -> JSONOutput {
        .object([
            ("draws", .number(Double(result.draws))), ("seed", .number(Double(result.seed))),
            ("percentile_levels", .array(levels.map { .number(Double($0)) })),
            // What the probabilities count (the keys keep the Treaty's default numbers).
            (
                "thresholds",
                .object([
                    ("debt_above_base_margin_pp", .number(result.thresholds.baseMarginPP)),
                    ("debt_above_60_pct_gdp", .number(result.thresholds.debtLowPctGDP)),
                    ("debt_above_90_pct_gdp", .number(result.thresholds.debtHighPctGDP)),
                    ("deficit_above_3_pct_gdp", .number(result.thresholds.deficitPctGDP)),
                ])
            ),
            ("notes", .array(result.notes.map(JSONOutput.string))),
            (
                "entities",
                .array(
                    result.entities.map { entity in
                        .object([
                            ("code", .string(entity.code)), ("name", .string(entity.name)), ("group", .bool(entity.isGroup)),
                            ("members", .array(entity.members.map { .string(result.deterministic.countries[$0].code) })),
                        ])
                    })
            ),
            (
                "results",
                .array(
                    result.variants.indices.flatMap { variant in
                        result.entities.indices.map { entity in
                            let p = result.probabilities[variant][entity]
                            var members: [(String, JSONOutput)] = [
                                ("variant", .string(result.variants[variant])), ("entity", .string(result.entities[entity].code)),
                                (
                                    "probabilities",
                                    .object([
                                        ("debt_above_base", .number(p.debtAboveBase)), ("debt_above_60", .number(p.debtAbove60)),
                                        ("debt_above_90", .number(p.debtAbove90)),
                                        ("deficit_above_3_any_year", .number(p.deficitAbove3AnyYear)),
                                    ])
                                ),
                            ]
                            for metric in StochasticMetric.allCases {
                                let deterministic = result.deterministicPath(metric, variant: variant, entity: entity)
                                members.append(
                                    (
                                        metric.key,
                                        .array(
                                            result.years.indices.map { index in
                                                .object([
                                                    ("year", .number(Double(result.years[index]))),
                                                    ("deterministic", .number(deterministic[index])),
                                                    (
                                                        "mean",
                                                        .number(
                                                            result.mean(
                                                                metric, variant: variant, entity: entity, yearIndex: index))
                                                    ),
                                                    (
                                                        "percentiles",
                                                        .array(
                                                            result.percentiles(
                                                                metric, variant: variant, entity: entity, yearIndex: index
                                                            ).map(JSONOutput.number))
                                                    ),
                                                ])
                                            })
                                    ))
                            }
                            return .object(members)
                        }
                    })
            ),
        ])
    }

    /// The fan chart of the debt ratio for one variant and entity.
    public func fanChart(variant: Int, entity: Int) -> FanChart {
        let fans = result.years.indices.map { result.percentiles(.debt, variant: variant, entity: entity, yearIndex: $0) }
        let bands = (0..<4).map { band in
            (lower: fans.map { $0[band] }, upper: fans.map { $0[8 - band] }, label: "p\(levels[band])–p\(levels[8 - band])")
        }
        let name = result.entities[entity].isGroup ? result.entities[entity].name : result.entities[entity].code
        return FanChart(
            title: "\(name) — \(result.variants[variant]): gross debt", yLabel: "Debt", yUnit: "% of GDP", years: result.years,
            bands: bands, median: fans.map { $0[4] },
            deterministic: result.deterministicPath(.debt, variant: variant, entity: entity),
            deterministicLabel: "Deterministic",
            referenceLines: [
                (result.thresholds.debtLowPctGDP, PolicyText.percent(result.thresholds.debtLowPctGDP)),
                (result.thresholds.debtHighPctGDP, PolicyText.percent(result.thresholds.debtHighPctGDP)),
            ],
            colour: VariantPalette(variants: result.variants).colour(variant: variant))
    }
}
