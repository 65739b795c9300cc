import Foundation
import MilexModel
import MilexScenario

/// The currency money columns are shown in.
public enum MoneyCurrency: String, CaseIterable, Sendable {
    /// Each country's own currency.
    case national
    /// Euros at the fixed base-year rates.
    case eur = "EUR"
    /// US dollars at the fixed base-year rates.
    case usd = "USD"
}

/// Turns a run into tables and into the JSON contract of MODEL.md §9.
public struct ProjectionReport: Sendable {
    public let scenario: Scenario
    public let result: ProjectionResult

    public init(scenario: Scenario, result: ProjectionResult) {
        self.scenario = scenario
        self.result = result
    }

    /// The per-year columns shown by default in the terminal table (fits 100 columns).
    public static let defaultColumns: [String] =
        [
            ProjectionMetric.gdp, .defence, .related, .extra, .primaryBalance, .interest, .balance, .debt,
            .implicitRate, .safeDebt, .escapeFlexibility,
        ].map(\.key) + ["flags"]

    /// Every column id `--columns` accepts.
    public static var availableColumns: [String] { ProjectionMetric.allCases.map(\.key) + ["flags"] }

    // MARK: - Notes

    /// Notes that apply to every table of the run: units, approximations, provenance.
    public var notes: [String] {
        var notes: [String] = []
        let p = PolicyText(result.policy)
        notes.append(
            "Shares in % of GDP (%GDP), changes in percentage points of GDP (pp); rates in % a year; money in bn at current prices. Rate: implicit interest rate on market debt; Flex: escape-clause flexibility."
        )
        notes.append("Balance is the headline general-government balance (no cyclical adjustment); deficit = −balance.")
        notes.append(
            "Core defence on NATO's definition; escape-clause flexibility = min(\(p.cap), defence − s_\(p.referenceYear)) in active years, s_\(p.referenceYear) set from Eurostat COFOG 02 where the dataset has it (milex show CODE)."
        )
        notes.append(
            "Flags: D deficit above \(p.deficit) of GDP; S debt above \(p.debt) of GDP; F market debt stopped at zero (MODEL.md §6). Checks: X deficit above \(p.deficit) plus the escape-clause flexibility; R debt above \(p.debt) and rising; P debt safeguard: base-year debt above \(p.debt) not falling on average since the base year by the safeguard pace (\(p.paceHigh) a year above \(p.highDebt), \(p.paceMedium) between \(p.debt) and \(p.highDebt)); M balance below \(p.margin) of GDP (the deficit-resilience margin, cyclically adjusted where the forecast baseline knows the output gap, else the headline balance as a proxy); N national rule breached; E net expenditure deviation above \(p.annualDeviation) of GDP in the year, C counted deviation from the net expenditure path above \(p.cumulativeDeviation) of GDP (MODEL.md §13)."
        )
        return notes + provenanceNotes
    }

    /// The baseline mode of each country and the sources of its forecast paths and published
    /// plans (MODEL.md §10–§11).
    var baselineNotes: [String] {
        func sources(_ parameters: [CountryParameter], _ country: CountryInputs) -> [String] {
            var ids: Set<String> = []
            for parameter in parameters {
                switch country.provenance[parameter] {
                case .dataset(let source, _, _)?: ids.insert(source)
                case .derived(_, let sources)?: ids.formUnion(sources)
                default: break
                }
            }
            return ids.sorted()
        }
        var notes: [String] = []
        let forecastParameters: [CountryParameter] = [
            .forecastNominalGrowth, .forecastPrimaryBalance, .forecastStockFlow, .potentialGrowth, .outputGap,
            .budgetSemiElasticity, .ageingCost, .gdpDeflator, .forwardRate,
        ]
        var forecast: [String] = []
        var frozen: [String] = []
        var forecastSources: Set<String> = []
        for country in result.countries {
            let paths = BaselinePaths(inputs: country, years: result.years, policy: result.policy)
            if paths.mode == .forecast, let f = paths.lastForecastYear {
                forecast.append("\(country.code) (to \(f))")
                forecastSources.formUnion(sources(forecastParameters, country))
            } else {
                frozen.append(country.code)
            }
        }
        if !forecast.isEmpty {
            notes.append(
                "Baseline: forecast mode (MODEL.md §10) for \(forecast.joined(separator: ", ")): the forecast years, then the Commission's no-policy-change conventions (docs/model-notes.md, \"Baseline modes\"); sources \(forecastSources.sorted().joined(separator: ", "))."
            )
        }
        if !frozen.isEmpty {
            notes.append(
                "Baseline: frozen mode (every input at its base-year value) for \(frozen.joined(separator: ", "))\(forecast.isEmpty ? "" : " (no official forecast path in the data, or the scenario chose it)")."
            )
        }
        let planned = result.countries.filter {
            BaselinePaths(inputs: $0, years: result.years, policy: result.policy).anchorIndex > 0
        }
        if !planned.isEmpty {
            let ids = Set(planned.flatMap { sources([.publishedDefence], $0) }).sorted()
            notes.append(
                "Published defence plans (MODEL.md §11) followed by the baseline for \(planned.map(\.code).joined(separator: ", ")); sources \(ids.joined(separator: ", ")). Variants start from the last published year."
            )
        }
        return notes
    }

    /// The notes that trace figures to their origin: the dataset vintage, every figure the
    /// scenario set, proxied, shifted or filled in, per-country data notes, the engine's notes
    /// and the scenario's own. Every report built on a run carries them.
    public var provenanceNotes: [String] {
        var notes: [String] = []
        if result.countries.contains(where: { $0.observedBalance == nil }) {
            let codes = result.countries.filter { $0.observedBalance == nil }.map(\.code)
            notes.append(
                "Base-year interest for \(codes.joined(separator: ", ")) is i_B·d_B/100 (no observed balance given; docs/model-notes.md I3)."
            )
        }
        if let vintage = scenario.datasetVintage {
            notes.append("Built-in figures: milex dataset vintage \(vintage) (milex show CODE lists each figure's source).")
        }
        notes += baselineNotes
        let overrides = scenario.scenarioInputs
        if !overrides.isEmpty {
            let grouped = Dictionary(grouping: overrides) { $0.kind }
            if let set = grouped[.override] {
                notes.append("Set by the scenario (overrides): " + Self.describe(set) + ".")
            }
            if let proxied = grouped[.proxy] {
                notes.append(
                    "Proxies for figures the dataset lacks (computed from related sourced figures): " + Self.describe(proxied)
                        + ".")
            }
            if let shifted = grouped[.shift] {
                notes.append("Shifted by the scenario (percentage points added): " + Self.describe(shifted) + ".")
            }
            if let filled = grouped[.fillIn] {
                notes.append("Filled by the scenario where the dataset has no figure (defaults): " + Self.describe(filled) + ".")
            }
            if let standIns = grouped[.standIn] {
                let file = standIns.first?.location.file ?? "Scenarios/common/missing-figures.json"
                notes.append(
                    "Stand-ins where no source gives the figure (\(file), built into milex; --no-assume-missing refuses them): "
                        + Self.describe(standIns) + ".")
                notes += scenario.standInNotes
            }
        }
        // The same note for several countries is printed once, naming them.
        var countriesByNote: [String: [String]] = [:]
        for country in result.countries {
            for note in Set(country.notes) { countriesByNote[note, default: []].append(country.code) }
        }
        notes += countriesByNote.keys.sorted().map { note in
            let codes = countriesByNote[note]!
            let who = codes.count > 8 ? "\(codes.count) countries" : codes.joined(separator: ", ")
            return "\(who): \(note)"
        }
        notes += GDPFeedbackReport.notes(result)
        notes += result.notes
        notes += scenario.notes
        return notes
    }

    private static func describe(_ inputs: [ScenarioInput]) -> String {
        let byParameter = Dictionary(grouping: inputs) { "\($0.parameter.key)\($0.variant.map { " [\($0)]" } ?? "")" }
        return byParameter.keys.sorted().map { key in
            let entries = byParameter[key]!
            let values = Set(entries.map { describe($0.value) })
            let countries = entries.map(\.country)
            let countryText = countries.count > 6 ? "\(countries.count) countries" : countries.joined(separator: " ")
            return "\(key) = \(values.count == 1 ? values.first! : "various") (\(countryText))"
        }.joined(separator: "; ")
    }

    private static func describe(_ value: ParameterValue) -> String {
        switch value {
        case .number(let number): return NumberText.shortest(number)
        case .series(let series): return series.description
        case .years(let years): return "[" + years.map(String.init).joined(separator: ", ") + "]"
        case .text(let text): return text
        }
    }

    // MARK: - Money conversion

    /// Units of the country's currency per unit of `currency` (nil when unknown).
    public static func rate(_ country: CountryInputs, to currency: MoneyCurrency) -> Double? {
        switch currency {
        case .national: return 1
        case .eur: return country.perEUR
        case .usd: return country.perUSD
        }
    }

    static func currencyLabel(_ country: CountryInputs, _ currency: MoneyCurrency) -> String {
        currency == .national ? (country.currency ?? "national currency") : currency.rawValue
    }

    // MARK: - Tables

    /// One table per variant and country: the years as rows, the chosen figures as columns.
    public func yearTables(columns ids: [String] = defaultColumns, currency: MoneyCurrency = .national) -> [Table] {
        result.allProjections.map { projection in
            let country = projection.country
            let rate = Self.rate(country, to: currency)
            let money = Self.currencyLabel(country, currency)
            var columns = [Table.Column(id: "year", header: "Year", format: .integer)]
            for id in ids {
                if id == "flags" {
                    columns.append(Table.Column(id: "flags", header: "Flags", format: .text))
                } else if let metric = ProjectionMetric(rawValue: id) {
                    let unit = metric.unit == .money ? "bn \(money)" : metric.unit.short
                    columns.append(
                        Table.Column(
                            id: metric.key, header: metric.shortTitle, unit: unit, format: .number(decimals: metric.decimals)))
                }
            }
            var table = Table(
                id: "\(projection.variant)-\(country.code)",
                title: "\(country.name) (\(country.code)) — \(projection.variant)",
                subtitle: nil, columns: columns, notes: ids.contains("flags") ? [Self.flagLegend(result.policy)] : [])
            for (index, year) in projection.years.enumerated() {
                var cells: [Table.Cell] = [.number(Double(year))]
                for id in ids {
                    if id == "flags" {
                        cells.append(.text(Self.flagLetters(projection.flags[index])))
                    } else if let metric = ProjectionMetric(rawValue: id) {
                        var value = projection[metric][index]
                        if metric.unit == .money { value = rate.map { value / $0 } ?? .nan }
                        cells.append(value.isFinite ? .number(value) : .empty)
                    }
                }
                table.append(cells)
            }
            return table
        }
    }

    /// The flag letters in one line, under every year table that shows them (the reader of
    /// the 30th table should not have to scroll to the notes at the end).
    public static func flagLegend(_ policy: Policy) -> String {
        let p = PolicyText(policy)
        return
            "Flags: D deficit > \(p.deficit); X deficit > \(p.deficit) + flexibility; S debt > \(p.debt); R debt > \(p.debt) and rising; P safeguard pace missed; M balance < \(p.margin); N national rule breached; F market debt at zero; E net expenditure deviation > \(p.annualDeviation); C control account > \(p.cumulativeDeviation)."
    }

    static func flagLetters(_ flags: YearFlags) -> String {
        let letters: [(YearFlags, String)] = [
            (.deficitAbove3, "D"), (.deficitAbove3BeyondFlexibility, "X"), (.debtAbove60, "S"), (.debtRisingAbove60, "R"),
            (.debtSafeguardPace, "P"), (.resilienceMargin, "M"), (.nationalRuleBreach, "N"), (.debtFloor, "F"),
            (.netExpenditureDeviation, "E"), (.controlAccountBreach, "C"),
        ]
        return letters.filter { flags.contains($0.0) }.map(\.1).joined()
    }

    /// Everything in one long table: a row per variant, country and year, a column per figure
    /// (full precision; money in the country's own currency, as the `currency` column says).
    public func longTable() -> Table {
        var columns = [
            Table.Column(id: "variant", header: "Variant", format: .text),
            Table.Column(id: "country", header: "Country", format: .text),
            Table.Column(id: "currency", header: "Currency", format: .text),
            Table.Column(id: "year", header: "Year", format: .integer),
        ]
        columns += result.reportedMetrics.map { metric in
            Table.Column(
                id: metric.key, header: metric.title, unit: metric.unit == .money ? "bn national currency" : metric.unit.rawValue,
                format: .number(decimals: metric.decimals))
        }
        columns.append(Table.Column(id: "flags", header: "Flags", format: .text))
        columns.append(Table.Column(id: "checks", header: "Checks", format: .text))
        var table = Table(id: "projections", title: scenario.name, columns: columns, notes: notes)
        for projection in result.allProjections {
            for (index, year) in projection.years.enumerated() {
                var cells: [Table.Cell] = [
                    .text(projection.variant), .text(projection.country.code), .text(projection.country.currency ?? ""),
                    .number(Double(year)),
                ]
                cells += result.reportedMetrics.map { metric in
                    let value = projection[metric][index]
                    return value.isFinite ? .number(value) : .empty
                }
                cells.append(.text(projection.flags[index].names.joined(separator: " ")))
                cells.append(.text(projection.flags[index].checkNames.joined(separator: " ")))
                table.append(cells)
            }
        }
        return table
    }

    // MARK: - JSON contract (MODEL.md §9)

    /// The projections of the MODEL.md §9 contract plus documented extra fields: one per variant and
    /// country, each with its years.
    public func projectionsJSON() -> JSONOutput {
        .array(
            result.allProjections.map { projection in
                let years: [JSONOutput] = projection.years.enumerated().map { index, year in
                    var members: [(String, JSONOutput)] = [("year", .number(Double(year)))]
                    for metric in result.reportedMetrics {
                        members.append((metric.key, .number(projection[metric][index])))
                    }
                    members.append(("flags", .array(projection.flags[index].names.map(JSONOutput.string))))
                    members.append(("checks", .array(projection.flags[index].checkNames.map(JSONOutput.string))))
                    return .object(members)
                }
                return .object([
                    ("variant", .string(projection.variant)),
                    ("country", .string(projection.country.code)),
                    ("name", .string(projection.country.name)),
                    ("currency", .string(projection.country.currency ?? "")),
                    ("years", .array(years)),
                ])
            })
    }

    /// The run's JSON document (`milex run --format json --view years`): the metadata, the key
    /// assumptions, every input with its provenance, the projections, the notes and provenance.
    public func contractJSON() -> JSONOutput {
        let context = RunContext(
            scenario: scenario, result: result,
            provenance: ProvenanceRecord.collect(
                scenario: scenario, result: result, files: ProvenanceRecord.files(of: scenario), texts: notes))
        return JSONDocumentRenderer().value(RunDocument.build(context, view: .years))
    }

    /// Every input of every country with its provenance.
    func inputsJSON() -> JSONOutput {
        let unused = result.reportsGDPFeedback ? [] : CountryParameter.gdpFeedbackInputs
        return .array(
            result.countries.map { country in
                .object([("country", .string(country.code)), ("values", Self.inputsJSON(country, omitting: unused))])
            })
    }

    /// A country's inputs as `{key: {"value", "source"}}` (shared by `milex run --format json`
    /// and `milex show --format json`).
    static func inputsJSON(_ inputs: CountryInputs, omitting: Set<CountryParameter> = []) -> JSONOutput {
        .object(
            inputs.values.keys.sorted().filter { !omitting.contains($0) }.map { parameter in
                let json: JSONOutput
                switch inputs.values[parameter]! {
                case .number(let number): json = .number(number)
                case .text(let text): json = .string(text)
                case .years(let years): json = .array(years.map { .number(Double($0)) })
                case .series(let series):
                    json =
                        series.isConstant
                        ? .number(series.points[0].value)
                        : .object(series.points.map { ("\($0.year)", .number($0.value)) })
                }
                return (
                    parameter.key,
                    .object([("value", json), ("source", .string(inputs.provenance[parameter]?.summary ?? ""))])
                )
            })
    }
}

/// The version of milex, printed in outputs for provenance.
public enum MilexVersion {
    public static let string = "0.1.0"
}
