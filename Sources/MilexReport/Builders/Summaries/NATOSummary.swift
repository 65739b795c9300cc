import MilexModel
import MilexScenario

/// NATO's measures: core and related spending against the Hague split, the 2029 review against
/// a straight line to 3.5 % in 2035, and the equipment share against 20 %.
public struct NATOSummary: SummarySection {
    public let id = "nato"
    public let heading = "NATO measures"

    public init() {}

    /// NATO's measures: core and related spending against the Hague split, the 2029 review
    /// against a straight line to 3.5 % in 2035, and the equipment share against 20 %.
    public func table(_ report: ProjectionReport, variant: Int, currency: MoneyCurrency) -> Table? {
        // The baseline holds spending: the measures describe the variants.
        guard variant > 0 else { return nil }
        let result = report.result
        let label = result.variants[variant].label
        let b = result.baseYear
        let policy = result.policy
        let p = PolicyText(policy)
        let review = policy.hagueReviewYear
        let deadline = policy.hagueTargetYear
        let core = policy.hagueCore
        let relatedTarget = policy.hagueRelated
        var table = Table(
            id: "nato-\(label)", title: "NATO measures — \(label)",
            columns: [
                .init(id: "country", header: "Country", format: .text),
                .init(id: "core_base_pct_gdp", header: "Core \(b)", unit: "%GDP", format: .number(decimals: 2)),
                .init(id: "core_review_pct_gdp", header: "Core \(review)", unit: "%GDP", format: .number(decimals: 2)),
                .init(id: "straight_line_review_pct_gdp", header: "Line \(review)", unit: "%GDP", format: .number(decimals: 2)),
                .init(id: "review_gap_pp_gdp", header: "Ahead", unit: "pp", format: .number(decimals: 2)),
                .init(id: "core_deadline_pct_gdp", header: "Core \(deadline)", unit: "%GDP", format: .number(decimals: 2)),
                .init(id: "related_deadline_pct_gdp", header: "Rel. \(deadline)", unit: "%GDP", format: .number(decimals: 2)),
                .init(id: "core_gap_pp_gdp", header: "Core−\(PolicyText.number(core))", unit: "pp", format: .number(decimals: 2)),
                .init(
                    id: "related_gap_pp_gdp", header: "Rel.−\(PolicyText.number(relatedTarget))", unit: "pp",
                    format: .number(decimals: 2)),
                .init(id: "equipment_share_pct", header: "Equip.", unit: "%", format: .number(decimals: 1)),
            ],
            notes: [
                "The Hague (25 June 2025): \(p.hagueTotal) of GDP by \(deadline) = at least \(p.hagueCore) core defence + up to \(p.hagueRelated) defence-related; review in \(review) [HAGUE_2025]. Line \(review): a straight line from the \(b) share to \(p.hagueCore) in \(deadline); Ahead: the path's \(review) share minus that line (negative: behind).",
                "Equip.: major equipment as a share of defence spending, NATO's latest figure (guideline: at least \(p.equipment)). A dash: outside the projection horizon or no NATO figure.",
            ])
        for country in result.countries.indices {
            let projection = result.projection(variant: variant, country: country)
            let sB = projection.country.defencePctGDP
            let line = sB + (core - sB) * Double(review - b) / Double(deadline - b)
            let reviewShare = projection.value(.defence, in: review)
            let coreShare = projection.value(.defence, in: deadline)
            let related = projection.value(.related, in: deadline)
            func cell(_ value: Double?) -> Table.Cell { value.map(Table.Cell.number) ?? .empty }
            table.append([
                .text(projection.country.code), .number(sB), cell(reviewShare), .number(line),
                cell(reviewShare.map { $0 - line }),
                cell(coreShare), cell(related), cell(coreShare.map { $0 - core }), cell(related.map { $0 - relatedTarget }),
                cell(projection.country.equipmentSharePct),
            ])
        }
        return table
    }
}
