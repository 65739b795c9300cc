import MilexModel
import MilexScenario

/// The EU rules as applied (MODEL.md §13): per country with an endorsed net expenditure path,
/// the years above the path, the largest counted deviation, the headroom year by year over the
/// escape clause's window and the first year the control account passes the 0.6 % threshold.
public struct NetExpenditureSummary: SummarySection {
    public let id = "net-expenditure"
    public let heading = "Net expenditure path and control account"

    public init() {}

    /// The years the headroom columns show: the escape clause's window, within the run.
    static func headroomYears(_ result: ProjectionResult) -> [Int] {
        let window = Set(result.countries.flatMap(\.escapeClauseYears))
        let years = (window.isEmpty ? Set(result.policy.escapeClauseYears) : window).filter {
            $0 > result.baseYear && $0 <= result.endYear
        }
        return years.sorted()
    }

    public func table(_ report: ProjectionReport, variant: Int, currency: MoneyCurrency) -> Table? {
        let result = report.result
        let label = result.variants[variant].label
        let headroomYears = Self.headroomYears(result)
        let p = PolicyText(result.policy)
        var columns: [Table.Column] = [
            .init(id: "country", header: "Country", format: .text),
            .init(id: "path", header: "Path", format: .text),
            .init(id: "years_above", header: "Above path", unit: "years", format: .integer),
            .init(id: "largest_deviation_pct_gdp", header: "Largest dev.", unit: "pp", format: .number(decimals: 2)),
            .init(id: "largest_deviation_year", header: "in", format: .integer),
        ]
        columns += headroomYears.map {
            Table.Column(id: "headroom_pct_gdp_\($0)", header: "Headroom \($0)", unit: "pp", format: .number(decimals: 2))
        }
        columns.append(.init(id: "first_breach_year", header: ">\(p.cumulativeDeviation) from", format: .text))
        var table = Table(
            id: "net-expenditure-\(label)", title: "Net expenditure path — \(label)", columns: columns,
            notes: [
                "MODEL.md §13: net expenditure (ρ − pb_t)·Y_t/100 against the path the Council endorsed (ceilings on its nominal growth); control account = net expenditure above the path, % of GDP; counted deviation = the control account less the escape-clause allowance (min(\(p.cap), defence − reference) in the active years). Above path: years with a counted deviation above 0; Headroom: defence spending that still fits the year, max(0, −deviation); >\(p.cumulativeDeviation) from: the first year the counted deviation passes \(p.cumulativeDeviation) of GDP (the Commission's threshold for the cumulative deviation), \"none\" if it never does.",
                "After the clause's last year the allowance ends, and the control account shows what later plans must absorb. Revenue is held at its base-year ratio; net expenditure here is primary expenditure, without the Regulation's exclusions (EU-funded spending, cyclical unemployment, one-offs, discretionary revenue measures).",
            ])
        var sources: [String] = []
        for country in result.countries.indices {
            let projection = result.projection(variant: variant, country: country)
            let inputs = projection.country
            guard inputs.values[.netExpenditureCeilings] != nil else { continue }
            let account = projection[.controlAccount]
            let allowance = projection[.netExpenditureAllowance]
            var above = 0
            var largest: (value: Double, year: Int)?
            var firstBreach: Int?
            for (index, year) in projection.years.enumerated() where account[index].isFinite {
                let deviation = account[index] - allowance[index]
                if deviation > 0 { above += 1 }
                if largest == nil || deviation > largest!.value { largest = (deviation, year) }
                if firstBreach == nil, projection.flags[index].contains(.controlAccountBreach) { firstBreach = year }
            }
            var row: [Table.Cell] = [
                .text(inputs.code), .text(Self.pathLabel(inputs)), .number(Double(above)),
                largest.map { .number($0.value) } ?? .empty, largest.map { .number(Double($0.year)) } ?? .empty,
            ]
            for year in headroomYears {
                row.append(projection.value(.headroom, in: year).map { $0.isFinite ? .number($0) : .empty } ?? .empty)
            }
            row.append(.text(firstBreach.map(String.init) ?? "none"))
            table.append(row)
            if case .dataset(let source, let vintage, _)? = inputs.provenance[.netExpenditureCeilings] {
                sources.append("\(inputs.code) \(source) (\(vintage))")
            }
        }
        guard !table.rows.isEmpty else { return nil }
        if !sources.isEmpty { table.notes.append("Ceilings: " + sources.joined(separator: "; ") + ".") }
        let without = result.countries.filter { $0.values[.netExpenditureCeilings] == nil }.map(\.code)
        if !without.isEmpty {
            table.notes.append("No endorsed net expenditure path in the data: \(without.joined(separator: ", ")).")
        }
        return table
    }

    /// The path's base year and kind, as the inputs give them.
    static func pathLabel(_ inputs: CountryInputs) -> String {
        let base = inputs.number(.netExpenditureBaseYear).map { "from \(Int($0))" } ?? "from the base year"
        return base
    }
}
