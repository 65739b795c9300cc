import MilexModel
import MilexScenario

/// The national escape clause year by year for the countries with active years: the
/// flexibility, its use, and the breach of the 3 % line with and without the clause.
public struct EscapeClauseSummary: SummarySection {
    public let id = "escape"
    public let heading = "National escape clause"

    public init() {}

    /// The national escape clause year by year for the countries with active years: the
    /// flexibility, its use, and the breach of the 3 % line with and without the clause.
    public func table(_ report: ProjectionReport, variant: Int, currency: MoneyCurrency) -> Table? {
        let result = report.result
        let policy = result.variants[variant]
        let p = PolicyText(result.policy)
        var table = Table(
            id: "escape-\(policy.label)", title: "National escape clause — \(policy.label)",
            columns: [
                .init(id: "country", header: "Country", format: .text),
                .init(id: "year", header: "Year", format: .integer),
                .init(id: "defence_pct_gdp", header: "Defence", unit: "%GDP", format: .number(decimals: 2)),
                .init(id: "increase_pp_gdp", header: "vs ref.", unit: "pp", format: .number(decimals: 2)),
                .init(id: "flexibility_pp_gdp", header: "Flex", unit: "pp", format: .number(decimals: 2)),
                .init(id: "used_pp_gdp", header: "Used", unit: "pp", format: .number(decimals: 2)),
                .init(id: "unused_pp_gdp", header: "Unused", unit: "pp", format: .number(decimals: 2)),
                .init(id: "beyond_pp_gdp", header: "Beyond", unit: "pp", format: .number(decimals: 2)),
                .init(id: "balance_pct_gdp", header: "Balance", unit: "%GDP", format: .number(decimals: 2)),
                .init(id: "breach_without", header: ">\(p.deficit) w/o", format: .text),
                .init(id: "breach_with", header: ">\(p.deficit) with", format: .text),
            ],
            notes: [
                "Flex: min(\(p.cap), defence − reference) in the clause's active years (MODEL.md §6); the reference level s_\(p.referenceYear) is set from Eurostat COFOG 02 (core defence on NATO's measure stands in for COFOG 02). Used: the part of the deficit above \(p.deficit) the flexibility covers; Beyond: defence increase against the reference not covered by the flexibility.",
                ">\(p.deficit) w/o: deficit above \(p.deficit) of GDP without the clause; >\(p.deficit) with: above \(p.deficit) plus the flexibility.",
            ])
        for country in result.countries.indices {
            let projection = result.projection(variant: variant, country: country)
            let activeYears = policy.activeEscapeClauseYears(for: projection.country)
            for (index, year) in projection.years.enumerated() where index > 0 && activeYears.contains(year) {
                let flags = projection.flags[index]
                table.append([
                    .text(projection.country.code), .number(Double(year)), .number(projection[.defence][index]),
                    .number(projection[.defence][index] - projection.country.defence2021PctGDP),
                    .number(projection[.escapeFlexibility][index]), .number(projection[.escapeFlexibilityUsed][index]),
                    .number(projection[.escapeFlexibilityUnused][index]),
                    .number(projection[.defenceIncreaseBeyondFlexibility][index]),
                    .number(projection[.balance][index]),
                    .text(flags.contains(.deficitAbove3) ? "yes" : "no"),
                    .text(flags.contains(.deficitAbove3BeyondFlexibility) ? "yes" : "no"),
                ])
            }
        }
        return table.rows.isEmpty ? nil : table
    }
}
