import Foundation
import MilexModel
import MilexScenario

/// The GDP feedback in documents (MODEL.md §12, docs/macro.md): the key assumption, the notes,
/// the run's section with the chart per variant, and the sensitivity table. Everything here
/// appears only in runs whose scenario has a `macro` block.
public enum GDPFeedbackReport {
    /// The parameters of every country (in the run's order) under one variant; nil: no block.
    static func parameters(_ result: ProjectionResult, variant: Int) -> [MacroFeedback.Parameters]? {
        guard let macro = result.variants[variant].macro else { return nil }
        return result.countries.indices.map { macro.parameters(for: result.projection(variant: variant, country: $0).country) }
    }

    /// `0.17` for shares, `0.75` for multipliers.
    static func text(_ value: Double) -> String { NumberText.significant(value, digits: 2) }

    /// Values by country, compactly: one value for all, else `value (codes)` groups in the
    /// order values first appear.
    static func byCountry(_ values: [Double], codes: [String], every: String = "") -> String {
        var order: [String] = []
        var members: [String: [String]] = [:]
        for (value, code) in zip(values, codes) {
            let key = text(value)
            if members[key] == nil { order.append(key) }
            members[key, default: []].append(code)
        }
        if order.count == 1 { return order[0] + every }
        if order.count == codes.count { return zip(codes, values).map { "\($0) \(text($1))" }.joined(separator: ", ") }
        return order.map { "\($0) (\(members[$0]!.joined(separator: " ")))" }.joined(separator: ", ")
    }

    /// The "GDP feedback" key assumption.
    static func assumption(_ result: ProjectionResult) -> String {
        guard result.reportsGDPFeedback else {
            return
                "off: GDP follows the baseline's nominal growth in every variant, whatever is spent (MODEL.md §12 is not applied)."
        }
        let codes = result.countries.map(\.code)
        let candidates = Array(result.variants.indices.dropFirst())
        // A variant whose multiplier is 0 everywhere moves nothing: it is named, not described.
        let off = candidates.filter { parameters(result, variant: $0)?.allSatisfy { $0.multiplier == 0 } ?? true }
        let variants = candidates.filter { !off.contains($0) }
        let sets = variants.map { parameters(result, variant: $0) }
        guard !variants.isEmpty else { return "on, but every variant has multiplier 0 (or no macro block): GDP does not move." }
        func describe(
            _ set: [MacroFeedback.Parameters], _ keyPath: KeyPath<MacroFeedback.Parameters, Double>, every: String = ""
        ) -> String {
            byCountry(set.map { $0[keyPath: keyPath] }, codes: codes, every: every)
        }
        func persistence(_ set: [MacroFeedback.Parameters]) -> String {
            byCountry(set.map { Double($0.persistenceYears) }, codes: codes) + " years"
        }
        var parts: [String] = []
        // What every variant shares is said once; what differs, per variant.
        for (name, render) in [
            ("multiplier", { (set: [MacroFeedback.Parameters]) in describe(set, \.multiplier) }),
            ("persistence", persistence),
            ("import share of the extra spending", { describe($0, \.importShare, every: " for every country") }),
            ("budget semi-elasticity", { describe($0, \.budgetElasticity) }),
        ] as [(String, ([MacroFeedback.Parameters]) -> String)] {
            let texts = zip(variants, sets).map { index, set in
                (result.variants[index].label, set.map(render) ?? "off")
            }
            if Set(texts.map(\.1)).count == 1 {
                parts.append("\(name) \(texts[0].1)")
            } else {
                parts.append("\(name): " + texts.map { "\"\($0.0)\" \($0.1)" }.joined(separator: "; "))
            }
        }
        let fallback = fallbackCountries(result)
        var text = "on (MODEL.md §12, docs/macro.md): " + parts.joined(separator: "; ") + "."
        if !off.isEmpty {
            text += " Off (multiplier 0) in " + off.map { "\"\(result.variants[$0].label)\"" }.joined(separator: ", ") + "."
        }
        if result.variants.contains(where: \.financing.safe) {
            text += " The SAFE-financed part of the extra spending has an import share of at most 0.35."
        }
        if !fallback.isEmpty {
            text += " \(fallback.joined(separator: ", ")): no sourced value for some default, MODEL.md's 0.5 (see the notes)."
        }
        return text
    }

    /// Countries that run with MODEL.md's 0.5 for the import share or the semi-elasticity in
    /// some variant.
    static func fallbackCountries(_ result: ProjectionResult) -> [String] {
        var codes: [String] = []
        for variant in result.variants.indices.dropFirst() {
            for (index, parameters) in (Self.parameters(result, variant: variant) ?? []).enumerated()
            where parameters.importShareOrigin == .modelDefault || parameters.budgetElasticityOrigin == .modelDefault {
                let code = result.countries[index].code
                if !codes.contains(code) { codes.append(code) }
            }
        }
        return codes
    }

    /// The notes of a run with a macro block: where the defaults come from and who lacks them.
    static func notes(_ result: ProjectionResult) -> [String] {
        guard result.reportsGDPFeedback else { return [] }
        var shareFallback: [String] = []
        var elasticityFallback: [String] = []
        for variant in result.variants.indices.dropFirst() {
            for (index, parameters) in (Self.parameters(result, variant: variant) ?? []).enumerated() {
                let code = result.countries[index].code
                if parameters.importShareOrigin == .modelDefault, !shareFallback.contains(code) { shareFallback.append(code) }
                if parameters.budgetElasticityOrigin == .modelDefault, !elasticityFallback.contains(code) {
                    elasticityFallback.append(code)
                }
            }
        }
        var notes = [
            "GDP feedback (MODEL.md §12): γ_t = μ·Σ_k (1 − k/P)·imp_{t−k} % of GDP, with the impulse imp_t = (1 − m − o)·(Δ_t − Δ_{t−1}) of the extra spending bought at home and not offset; GDP is the no-feedback path times (1 + γ_t/100), the primary balance gains ε·γ_t. The effect follows changes in spending and fades P years after the last one (docs/macro.md)."
        ]
        notes.append(
            "Default import shares: the NATO equipment share times the share of equipment bought abroad (EU members: 78 % of defence acquisitions made outside the EU, EDIS, EU-wide; US: DoD purchases from foreign entities over its contract obligations); personnel and operations count as domestic. Default budget semi-elasticities: the Commission's (EU members). milex show CODE gives each input's source."
        )
        if !shareFallback.isEmpty {
            notes.append(
                "No sourced import share for \(shareFallback.joined(separator: ", ")): MODEL.md's default 0.5 (import_share in the macro block or the country's overrides sets one)."
            )
        }
        if !elasticityFallback.isEmpty {
            notes.append(
                "No sourced budget semi-elasticity for \(elasticityFallback.joined(separator: ", ")): MODEL.md's default 0.5 (the OECD average is about 0.5, Girouard and André 2005)."
            )
        }
        return notes
    }

    /// The run's GDP feedback section: the peak effect and the effect in the target year per
    /// country and variant, and (HTML) the effect year by year per variant.
    static func section(_ context: RunContext) -> Document.Section? {
        let result = context.result
        guard result.reportsGDPFeedback else { return nil }
        let variants = Array(result.variants.indices.dropFirst())
        var columns = [Table.Column(id: "country", header: "Country", format: .text)]
        var targetYears: [Int] = []
        for variant in variants {
            let label = result.variants[variant].label
            let id = CompareReport.slug(label)
            let target = CompareReport.targetYear(result.variants[variant], result)
            targetYears.append(target)
            columns += [
                Table.Column(id: "\(id)_peak_pct", header: "\(label): peak", unit: "% of GDP", format: .number(decimals: 2)),
                Table.Column(id: "\(id)_peak_year", header: "\(label): in", format: .integer),
                Table.Column(
                    id: "\(id)_gdp_effect_pct_\(target)", header: "\(label): \(target)", unit: "% of GDP",
                    format: .number(decimals: 2)),
            ]
        }
        var table = Table(
            id: "gdp-feedback", title: "GDP effect of the extra spending",
            subtitle:
                "γ_t, % of GDP without the feedback: the largest effect (by size), its year, and the effect in the target year.",
            columns: columns)
        for country in result.countries.indices {
            var cells: [Table.Cell] = [.text(result.countries[country].name)]
            for (variant, target) in zip(variants, targetYears) {
                let projection = result.projection(variant: variant, country: country)
                let effects = projection[.gdpEffect]
                let peak = effects.indices.max { abs(effects[$0]) < abs(effects[$1]) } ?? 0
                cells += [
                    .number(effects[peak]), effects[peak] == 0 ? .empty : .number(Double(projection.years[peak])),
                    projection.value(.gdpEffect, in: target).map(Table.Cell.number) ?? .empty,
                ]
            }
            table.append(cells)
        }
        let charts = ProjectionCharts(result: result)
        return Document.Section(
            id: "gdp-feedback", heading: "GDP feedback",
            blocks: [
                .paragraph(
                    "What the extra spending bought at home does to GDP (MODEL.md §12): the effect follows the changes in spending and fades P years after the last one; the debt ratio and the balance use GDP with the effect."
                ),
                .table(table),
                .chart(
                    Chart(
                        id: "gdp-effects", svg: charts.gdpEffects(),
                        caption: "GDP effect of the extra spending, % of GDP without the feedback; one line per variant.",
                        source: ProjectionCharts.sourceLine(context.scenario))),
            ])
    }

    // MARK: - Sensitivity

    /// The sensitivity grid as one table per variant: a row per country and multiplier, a
    /// column per import share, the debt ratio at the horizon.
    public static func sensitivityTables(_ sensitivity: MacroSensitivity, names: [String: String] = [:]) -> [Table] {
        sensitivity.variants.indices.dropFirst().map { variant in
            let label = sensitivity.variants[variant]
            var columns = [
                Table.Column(id: "country", header: "Country", format: .text),
                Table.Column(id: "multiplier", header: "μ", format: .number(decimals: 2)),
            ]
            columns += sensitivity.importShares.map { share in
                Table.Column(
                    id: "debt_\(sensitivity.endYear)_m\(NumberText.shortest(share))",
                    header: "m \(NumberText.fixed(share, decimals: 1))",
                    unit: "%GDP", format: .number(decimals: 1))
            }
            columns.append(
                Table.Column(
                    id: "baseline_debt_\(sensitivity.endYear)", header: "Baseline", unit: "%GDP", format: .number(decimals: 1)))
            var table = Table(
                id: "macro-sensitivity-\(CompareReport.slug(label))",
                title: "\(label) — debt in \(sensitivity.endYear) by multiplier and import share",
                subtitle:
                    "Gross debt in \(sensitivity.endYear), % of GDP: a row per country and multiplier μ, a column per import share m of the extra spending (the same for every country); persistence and budget semi-elasticities as in the run.",
                columns: columns)
            for country in sensitivity.countries.indices {
                let name = names[sensitivity.countries[country]] ?? sensitivity.countries[country]
                for (row, mu) in sensitivity.multipliers.enumerated() {
                    var cells: [Table.Cell] = [.text(name), .number(mu)]
                    cells += sensitivity.debt[variant][country][row].map { .number($0) }
                    cells.append(.number(sensitivity.debt[0][country][row].first ?? .nan))
                    table.append(cells)
                }
            }
            return table
        }
    }

    /// `milex run --macro-sensitivity`: the grid as a document (one table per variant).
    public static func sensitivityDocument(_ context: RunContext, _ sensitivity: MacroSensitivity) -> Document {
        let names = Dictionary(context.result.countries.map { ($0.code, $0.name) }, uniquingKeysWith: { first, _ in first })
        let tables = sensitivityTables(sensitivity, names: names)
        let mus = sensitivity.multipliers.map(NumberText.shortest).joined(separator: ", ")
        let shares = sensitivity.importShares.map(NumberText.shortest).joined(separator: ", ")
        let section = Document.Section(
            id: "macro-sensitivity", heading: "GDP feedback: sensitivity of debt in \(sensitivity.endYear)",
            blocks: [
                .paragraph(
                    "The run repeated for every multiplier μ (\(mus)) and import share m (\(shares)) of the extra spending, set for every country and variant (MODEL.md §12; the SAFE-financed part keeps its 0.35 cap). μ = 0 is the run without feedback; the grid replaces each variant's own μ and m, so variants that differ only in them give the same table. The Commission's convention is μ = 0.75 with 3 years' persistence; docs/macro.md gives the literature's range."
                )
            ] + tables.map { .table($0) })
        var document = context.document(command: "run", sections: [section])
        document.title = "\(context.scenario.name): GDP feedback sensitivity"
        document.payload = [
            (
                "macro_sensitivity",
                .object([
                    ("end_year", .number(Double(sensitivity.endYear))),
                    ("multipliers", .array(sensitivity.multipliers.map(JSONOutput.number))),
                    ("import_shares", .array(sensitivity.importShares.map(JSONOutput.number))),
                    (
                        "debt_pct_gdp",
                        .array(
                            sensitivity.variants.indices.flatMap { variant in
                                sensitivity.countries.indices.map { country in
                                    JSONOutput.object([
                                        ("variant", .string(sensitivity.variants[variant])),
                                        ("country", .string(sensitivity.countries[country])),
                                        (
                                            "by_multiplier",
                                            .array(
                                                sensitivity.debt[variant][country].map { .array($0.map(JSONOutput.number)) })
                                        ),
                                    ])
                                }
                            })
                    ),
                ])
            )
        ]
        return document
    }
}

extension ProjectionCharts {
    /// The GDP effect of the extra spending, % of GDP without the feedback: one panel per
    /// country, one line per variant but the baseline (zero by construction), the same vertical scale in every panel.
    public func gdpEffects(columns: Int = 4) -> String {
        let panels = result.countries.indices.map { index in
            LineChart(
                title: result.countries[index].name, yLabel: "% of GDP",
                // The baseline's effect is zero by construction: not drawn.
                series: Array(series(country: index) { $0[.gdpEffect] }.dropFirst()),
                referenceLines: [(0, "0")])
        }
        return SmallMultiples.render(
            title: "GDP effect of the extra spending, % of GDP", panels: panels, codes: result.countries.map(\.code),
            legend: Array(legend.dropFirst()), columns: columns, scale: .shared)
    }
}
