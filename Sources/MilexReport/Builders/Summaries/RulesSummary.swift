import MilexModel
import MilexScenario

/// The fiscal rules per country: the years each EU rule and national rule is breached and the
/// first year (docs/instruments.md).
public struct RulesSummary: SummarySection {
    public let id = "rules"
    public let heading = "Fiscal rules"

    public init() {}

    /// Per country: the years each EU rule and national rule is breached, and the first year.
    public func table(_ report: ProjectionReport, variant: Int, currency: MoneyCurrency) -> Table? {
        let result = report.result
        let label = result.variants[variant].label
        let b = result.baseYear
        let e = result.endYear
        let p = PolicyText(result.policy)
        var table = Table(
            id: "rules-\(label)", title: "Fiscal rules, \(b + 1)–\(e) — \(label)",
            columns: [
                .init(id: "country", header: "Country", format: .text),
                .init(id: "debt_end_pct_gdp", header: "Debt \(e)", unit: "%GDP", format: .number(decimals: 1)),
                .init(id: "deficit_above_3_years", header: ">\(p.deficit)", unit: "years", format: .integer),
                .init(id: "deficit_above_3_first", header: "first", format: .integer),
                .init(id: "beyond_flexibility_years", header: ">\(p.deficit)+flex", unit: "years", format: .integer),
                .init(id: "beyond_flexibility_first", header: "first", format: .integer),
                .init(
                    id: "debt_above_60_years", header: "Debt>\(PolicyText.number(result.policy.debtReference))", unit: "years",
                    format: .integer),
                .init(id: "safeguard_years", header: "Safeguard", unit: "years", format: .integer),
                .init(id: "safeguard_first", header: "first", format: .integer),
                .init(id: "resilience_years", header: "Margin", unit: "years", format: .integer),
                .init(id: "structural_basis", header: "Basis", format: .text),
                .init(id: "national_rule_years", header: "National", unit: "years", format: .integer),
                .init(id: "national_rule_first", header: "first", format: .integer),
            ],
            notes: [
                "Counts of projected years in breach and the first year of breach. >\(p.deficit): deficit above \(p.deficit) of GDP; >\(p.deficit)+flex: above \(p.deficit) plus the escape-clause flexibility (the breach with the clause); Debt>\(PolicyText.number(result.policy.debtReference)): debt above \(p.debt) of GDP.",
                "Safeguard: debt above \(p.debt) in the base year not falling since then by \(p.paceHigh) a year on average (base-year debt above \(p.highDebt)) or \(p.paceMedium) (\(p.debt)–\(p.highDebt)). Margin: the deficit-resilience margin, balance below \(p.margin) of GDP. National: a national rule (Germany's debt brake: balance plus core defence above 1 % of GDP, against −0.35 %: the dataset's rule).",
                "Basis: the balance the structural checks (Margin, National) use — \"cycl.adj.\": cyclically adjusted, where the forecast baseline knows the output gap (balance − ε·gap, ε the Commission's budget semi-elasticity; the gap of the last forecast year closing in three years); \"headline\": the headline balance as a proxy for the structural one, where it does not.",
            ])
        for country in result.countries.indices {
            let projection = result.projection(variant: variant, country: country)
            let deficit = Self.years(projection, .deficitAbove3)
            let beyond = Self.years(projection, .deficitAbove3BeyondFlexibility)
            let safeguard = Self.years(projection, .debtSafeguardPace)
            let national = Self.years(projection, .nationalRuleBreach)
            let hasRule = !projection.country.fiscalRules.isEmpty
            table.append([
                .text(projection.country.code), .number(projection.value(.debt, in: e)!),
                .number(Double(deficit.count)), Self.firstYear(deficit),
                .number(Double(beyond.count)), Self.firstYear(beyond),
                .number(Double(Self.years(projection, .debtAbove60).count)),
                .number(Double(safeguard.count)), Self.firstYear(safeguard),
                .number(Double(Self.years(projection, .resilienceMargin).count)),
                .text(
                    projection[.cyclicallyAdjustedBalance].dropFirst().allSatisfy(\.isFinite)
                        ? "cycl.adj." : "headline"),
                hasRule ? .number(Double(national.count)) : .empty, hasRule ? Self.firstYear(national) : .empty,
            ])
        }
        return table
    }

    static func years(_ projection: CountryProjection, _ flag: YearFlags) -> [Int] {
        projection.years.enumerated().filter { $0.offset > 0 && projection.flags[$0.offset].contains(flag) }.map(\.element)
    }

    static func firstYear(_ years: [Int]) -> Table.Cell { years.first.map { .number(Double($0)) } ?? .text("none") }
}
