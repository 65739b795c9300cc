import MilexData
import MilexModel
import MilexScenario

/// Tables and JSON describing the built-in dataset (`milex countries`, `milex show`).
public struct DatasetReport: Sendable {
    public let dataset: Dataset

    public init(dataset: Dataset) { self.dataset = dataset }

    /// One row per country with its headline figures.
    public func countriesTable(codes: [String], title: String) -> Table {
        let b = dataset.baseYear
        var table = Table(
            id: "countries", title: title,
            columns: [
                .init(id: "code", header: "Code", format: .text),
                .init(id: "name", header: "Country", format: .text),
                .init(id: "member_of", header: "Member of", format: .text),
                .init(id: "gdp_eur_bn_\(b)", header: "GDP \(b)", unit: "bn EUR", format: .number(decimals: 0)),
                .init(id: "defence_pct_gdp_\(b)", header: "Def. \(b)", unit: "% GDP", format: .number(decimals: 2)),
                .init(id: "defence_pct_gdp_\(b + 1)", header: "Def. \(b + 1)", unit: "% GDP", format: .number(decimals: 2)),
                .init(id: "debt_pct_gdp_\(b)", header: "Debt \(b)", unit: "% GDP", format: .number(decimals: 1)),
                .init(id: "balance_pct_gdp_\(b)", header: "Bal. \(b)", unit: "% GDP", format: .number(decimals: 1)),
                .init(id: "safe_allocation_eur_bn", header: "SAFE allocation", unit: "bn EUR", format: .number(decimals: 2)),
                .init(id: "escape_clause", header: "Esc. clause", format: .text),
            ],
            notes: [
                "Defence: NATO definition (share of GDP at constant prices, latest edition); SIPRI for countries outside NATO.",
                "Debt and balance: general government, latest official vintage; SAFE: provisional allocation of 9 Sep 2025.",
                "Member of: N = NATO, E = EU, € = euro area (as of \(b)). Dataset vintage \(dataset.vintage); milex show CODE gives every figure's source.",
            ])
        for code in codes {
            guard let record = dataset.countries[code] else { continue }
            let inputs = record.modelInputs()
            var member = ""
            if record.isMember(of: "nato") { member += "N" }
            if record.isMember(of: "eu") { member += "E" }
            if record.isMember(of: "euro_area") { member += "€" }
            let gdpEUR = inputs.perEUR.map { inputs.gdpBn / $0 }
            func figure(_ key: String, _ year: Int) -> Table.Cell {
                record.figure(key, year: year).map { .number($0.value) } ?? .empty
            }
            let clause = record.escapeClause.map { clause in "\(clause.years.first ?? 0)–\(clause.years.last ?? 0)" } ?? ""
            table.append([
                .text(code), .text(record.name), .text(member),
                gdpEUR.map { $0.isFinite ? .number($0) : .empty } ?? .empty,
                figure("defence_pct_gdp", b), figure("defence_pct_gdp", b + 1),
                figure("debt_pct_gdp", b), figure("balance_pct_gdp", b),
                record.figure("safe_allocation_eur", year: 2025).map { .number($0.value / 1e9) } ?? .empty,
                .text(clause),
            ])
        }
        return table
    }

    /// A source as JSON (for listings).
    public func sourceJSONPublic(_ id: String) -> JSONOutput { sourceJSON(id) }

    /// A source as JSON.
    func sourceJSON(_ id: String) -> JSONOutput {
        guard let source = dataset.sources[id] else { return .object([("id", .string(id))]) }
        return .object([
            ("id", .string(id)), ("publisher", .string(source.publisher)), ("title", .string(source.title)),
            ("date", .string(source.date)), ("url", source.url.map(JSONOutput.string) ?? .null),
            ("via", source.via.map(JSONOutput.string) ?? .null), ("reliability", .string(source.reliability)),
        ])
    }

    /// The full record of one country: identity, memberships, instruments, every figure with
    /// its source, and the model inputs derived from them with their provenance.
    public func countryJSON(_ record: CountryRecord, includeSources: Bool = true) -> JSONOutput {
        let inputs = record.modelInputs()
        let figures: [JSONOutput] = record.figures.map { figure in
            let isDefault = record.figure(figure.key, year: figure.year) == figure
            return .object([
                ("key", .string(figure.key)), ("year", .number(Double(figure.year))), ("value", .number(figure.value)),
                ("unit", .string(figure.unit)), ("status", .string(figure.status)), ("measure", .string(figure.measure)),
                ("source", .string(figure.source)), ("published", .string(figure.published)),
                ("vintage", .string(figure.vintage)),
                ("default", .bool(isDefault)), ("note", figure.note.map(JSONOutput.string) ?? .null),
            ])
        }
        let usedSources = Set(
            record.figures.map(\.source) + (record.escapeClause.map { [$0.source] } ?? [])
                + record.memberships.values.map(\.source) + record.nationalRules.map(\.source)
        ).sorted()
        var members: [(String, JSONOutput)] = [
            ("code", .string(record.code)), ("name", .string(record.name)), ("currency", .string(record.currency)),
            (
                "memberships",
                .object(
                    record.memberships.keys.sorted().map { key in
                        let membership = record.memberships[key]!
                        return (
                            key,
                            .object([
                                ("member", .bool(membership.member)), ("since", membership.since.map(JSONOutput.string) ?? .null),
                                ("source", .string(membership.source)),
                            ])
                        )
                    })
            ),
            (
                "escape_clause",
                record.escapeClause.map { clause in
                    .object([
                        ("requested", clause.requested.map(JSONOutput.string) ?? .null),
                        ("activated", clause.activated.map(JSONOutput.string) ?? .null),
                        ("years", .array(clause.years.map { .number(Double($0)) })), ("source", .string(clause.source)),
                        ("note", clause.note.map(JSONOutput.string) ?? .null),
                    ])
                } ?? .null
            ),
            (
                "national_rules",
                .array(
                    record.nationalRules.map { rule in
                        .object([
                            ("id", .string(rule.id)), ("name", .string(rule.name)), ("kind", .string(rule.kind)),
                            ("limit_pct_gdp", .number(rule.limitPctGDP)),
                            (
                                "exemptions",
                                .array(
                                    rule.exemptions.map {
                                        .object([("measure", .string($0.measure)), ("above_pct_gdp", .number($0.abovePctGDP))])
                                    })
                            ),
                            ("source", .string(rule.source)), ("note", rule.note.map(JSONOutput.string) ?? .null),
                        ])
                    })
            ),
            ("notes", .array(record.notes.map(JSONOutput.string))),
            ("model_inputs", ProjectionReport.inputsJSON(inputs)),
            ("missing_model_inputs", .array(inputs.missingRequired.map { .string($0.key) })),
            ("figures", .array(figures)),
        ]
        if includeSources { members.append(("sources", .array(usedSources.map(sourceJSON)))) }
        return .object(members)
    }

    /// Every figure of one country with its source and vintage, plus the model inputs.
    public func showTables(_ record: CountryRecord) -> [Table] {
        let inputs = record.modelInputs()
        var identity = Table(
            id: "\(record.code)-identity", title: "\(record.name) (\(record.code))",
            columns: [
                .init(id: "item", header: "Item", format: .text), .init(id: "value", header: "Value", format: .text),
                .init(id: "source", header: "Source", format: .text),
            ])
        identity.append([.text("Currency"), .text(record.currency), .text("")])
        for key in ["nato", "eu", "euro_area"] {
            if let membership = record.memberships[key] {
                identity.append([
                    .text(key.uppercased().replacingOccurrences(of: "_", with: " ")),
                    .text(membership.member ? "member since \(membership.since ?? "?")" : "not a member"),
                    .text(membership.source),
                ])
            }
        }
        if let clause = record.escapeClause {
            identity.append([
                .text("Escape clause"),
                .text("active \(clause.years.map(String.init).joined(separator: ", ")) (activated \(clause.activated ?? "?"))"),
                .text(clause.source),
            ])
        }
        for rule in record.nationalRules {
            identity.append([
                .text(rule.name),
                .text(
                    "balance ≥ \(rule.limitPctGDP) % of GDP"
                        + rule.exemptions.map { "; \($0.measure) above \($0.abovePctGDP) % exempt" }.joined()),
                .text(rule.source),
            ])
        }
        identity.notes = record.notes

        var model = Table(
            id: "\(record.code)-inputs", title: "Model inputs (MODEL.md §2) for base year \(dataset.baseYear)",
            columns: [
                .init(id: "input", header: "Input", format: .text), .init(id: "value", header: "Value", format: .text),
                .init(id: "source", header: "Source / derivation", format: .text),
            ])
        for parameter in CountryParameter.allCases {
            guard let value = inputs.values[parameter] else {
                if CountryParameter.required.contains(parameter) || (parameter == .perEUR && record.currency != "EUR") {
                    model.append([
                        .text(parameter.key), .text("MISSING"),
                        .text("not in the dataset: a scenario must supply it (overrides or defaults)"),
                    ])
                }
                continue
            }
            let text: String
            switch value {
            case .number(let number): text = NumberText.shortest(number)
            case .text(let string): text = string
            case .years(let years): text = years.map(String.init).joined(separator: ", ")
            case .series(let series): text = series.description
            }
            model.append([.text(parameter.key), .text(text), .text(inputs.provenance[parameter]?.summary ?? "")])
        }
        model.notes = inputs.notes

        var figures = Table(
            id: "\(record.code)-figures", title: "Every figure, every vintage (the default vintage first)",
            columns: [
                .init(id: "key", header: "Figure", format: .text), .init(id: "year", header: "Year", format: .integer),
                .init(id: "value", header: "Value", format: .text), .init(id: "unit", header: "Unit", format: .text),
                .init(id: "status", header: "Status", format: .text), .init(id: "source", header: "Source", format: .text),
                .init(id: "vintage", header: "Vintage", format: .text),
            ],
            notes: ["* marks a superseded vintage (kept for reference; the latest published figure is the default)."])
        let keys = Set(record.figures.map(\.key)).sorted()
        for key in keys {
            for year in record.years(of: key) {
                for (index, figure) in record.figures(key, year: year).enumerated() {
                    figures.append([
                        .text(key), .number(Double(year)), .text(NumberText.shortest(figure.value) + (index > 0 ? " *" : "")),
                        .text(figure.unit), .text(figure.status), .text(figure.source), .text(figure.vintage),
                    ])
                }
            }
        }
        var sources = Table(
            id: "\(record.code)-sources", title: "Sources",
            columns: [
                .init(id: "id", header: "Id", format: .text),
                .init(id: "source", header: "Publisher, title, date", format: .text),
                .init(id: "url", header: "URL", format: .text),
            ])
        for id in Set(record.figures.map(\.source)).sorted() {
            guard let source = dataset.sources[id] else { continue }
            sources.append([.text(id), .text("\(source.publisher), \(source.title), \(source.date)"), .text(source.url ?? "")])
        }
        return [identity, model, baselinePaths(record, inputs: inputs), publishedPlans(record)] + [figures, sources]
    }

    /// The no-policy-change paths the engine derives from the inputs (MODEL.md §10–§11) over ten
    /// years, in the mode a scenario on the dataset's base year gets by default.
    public func baselinePaths(_ record: CountryRecord, inputs given: CountryInputs) -> Table {
        let b = dataset.baseYear
        var inputs = given
        let current = b >= ScenarioLoader.firstForecastBaseYear
        inputs.baselineMode = current ? .forecast : .frozen
        inputs.publishedPlans = current
        var table = Table(
            id: "\(record.code)-baseline",
            title: "Baseline paths (\(inputs.baselineMode.rawValue) mode, base year \(b); MODEL.md §10–§11)",
            columns: [
                .init(id: "year", header: "Year", format: .integer),
                .init(id: "nominal_growth_pct", header: "Growth", unit: "% a year", format: .number(decimals: 2)),
                .init(id: "primary_balance_pct_gdp", header: "Primary bal.", unit: "% GDP", format: .number(decimals: 2)),
                .init(id: "stock_flow_adjustment_pct_gdp", header: "SFA", unit: "% GDP", format: .number(decimals: 2)),
                .init(id: "market_rate_pct", header: "Market rate", unit: "%", format: .number(decimals: 2)),
                .init(id: "defence_pct_gdp", header: "Defence", unit: "% GDP", format: .number(decimals: 2)),
                .init(id: "source", header: "From", format: .text),
            ])
        guard inputs.missingRequired.isEmpty else {
            table.notes = [
                "No paths: the dataset lacks \(inputs.missingRequired.map(\.key).joined(separator: ", ")) (a scenario supplies them, or the stand-ins do)."
            ]
            return table
        }
        let years = Array(b...(b + 10))
        let paths = BaselinePaths(inputs: inputs, years: years)
        var gdp = inputs.gdpBn
        for (t, year) in years.enumerated() {
            if t > 0 { gdp *= 1 + paths.growth[t] / 100 }
            let from: String
            if t == 0 {
                from = "base year (observed)"
            } else if let f = paths.lastForecastYear, inputs.baselineMode == .forecast {
                from = year <= f ? "forecast" : "conventions after \(f)"
            } else {
                from = "frozen"
            }
            let sfa = 100 * paths.stockFlow(t, gdp: gdp) / gdp
            table.append([
                .number(Double(year)), t == 0 ? .empty : .number(paths.growth[t]), .number(paths.primaryBalance[t]),
                t == 0 ? .empty : .number(sfa), .number(paths.marketRate[t]), .number(paths.defence[t]),
                .text(from + (paths.anchorIndex > 0 && t > 0 && t <= paths.anchorIndex ? "; published defence" : "")),
            ])
        }
        var notes = [
            "What the engine feeds into MODEL.md §4 for this country's no-policy-change run; model inputs above give each path's source."
        ]
        if inputs.baselineMode == .forecast && paths.lastForecastYear == nil {
            notes.append("No official forecast path in the dataset: every input stays frozen at its base-year value.")
        }
        table.notes = notes
        return table
    }

    /// Defence figures published for years after the base year (MODEL.md §11): NATO's estimates
    /// and national budgets and plans, each with its status, date and source.
    public func publishedPlans(_ record: CountryRecord) -> Table {
        var table = Table(
            id: "\(record.code)-plans", title: "Published plans: defence after the base year \(dataset.baseYear)",
            columns: [
                .init(id: "year", header: "Year", format: .integer), .init(id: "key", header: "Figure", format: .text),
                .init(id: "value", header: "Value", format: .text), .init(id: "unit", header: "Unit", format: .text),
                .init(id: "status", header: "Status", format: .text), .init(id: "published", header: "Published", format: .text),
                .init(id: "source", header: "Source", format: .text), .init(id: "measure", header: "Measure", format: .text),
            ],
            notes: [
                "Status: estimate (NATO's estimates), budget (enacted by parliament), plan (a government proposal or medium-term plan). The baseline follows the NATO estimates and enacted budgets on NATO's measure where they are published (MODEL.md §11)."
            ])
        let keys = ["defence_pct_gdp", "defence_nc_bn", "defence_usd_bn"] + Self.budgetKeys
        let plans = record.figures.filter { keys.contains($0.key) && $0.year > dataset.baseYear }.sorted {
            ($0.year, keys.firstIndex(of: $0.key)!, $1.published) < ($1.year, keys.firstIndex(of: $1.key)!, $0.published)
        }
        for figure in plans {
            table.append([
                .number(Double(figure.year)), .text(figure.key), .text(NumberText.shortest(figure.value)), .text(figure.unit),
                .text(figure.status), .text(figure.published), .text(figure.source), .text(figure.measure),
            ])
        }
        if plans.isEmpty { table.notes.insert("None published in the dataset.", at: 0) }
        return table
    }

    /// The keys of national defence budgets and plans.
    static let budgetKeys = [
        "defence_budget_pct_gdp", "defence_budget_nc_bn", "defence_budget_core_nc_bn", "defence_budget_fund_nc_bn",
        "defence_budget_nato_nc_bn", "defence_budget_broad_pct_gdp",
    ]
}
