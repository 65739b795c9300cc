import MilexModel
import MilexScenario

/// One kind of summary a run can carry, registered once in ``SummarySections/all``: its id (the
/// `--view` name, the CSV file of a briefing, the HTML anchor), heading, when it applies and its
/// tables. The run document, the briefing pack and the HTML grouping all take the summaries
/// from the registry: adding a kind is one file with its type and one line in `all`.
public protocol SummarySection: Sendable {
    /// `rules`, `safe`, `escape`, `nato`, …
    var id: String { get }
    var heading: String { get }
    /// The table of one variant, or nil where the summary does not apply to it (SAFE in a variant
    /// that draws none).
    func table(_ report: ProjectionReport, variant: Int, currency: MoneyCurrency) -> Table?
    /// The summary as a document section (default: ``defaultSection(_:currency:)``); a summary
    /// with charts or a data table of its own builds it itself.
    func section(_ report: ProjectionReport, currency: MoneyCurrency) -> Document.Section?
}

extension SummarySection {
    /// The tables of every variant the summary applies to.
    public func tables(_ report: ProjectionReport, currency: MoneyCurrency) -> [(variant: String, table: Table)] {
        report.result.variants.indices.compactMap { index in
            table(report, variant: index, currency: currency).map { (report.result.variants[index].label, $0) }
        }
    }

    public func section(_ report: ProjectionReport, currency: MoneyCurrency) -> Document.Section? {
        defaultSection(report, currency: currency)
    }

    /// The summary as a document section: a table per variant, and for data formats the tables
    /// stacked into one with a `variant` column; nil when it applies to no variant.
    public func defaultSection(_ report: ProjectionReport, currency: MoneyCurrency) -> Document.Section? {
        let tables = tables(report, currency: currency)
        guard !tables.isEmpty else { return nil }
        return Document.Section(
            id: id, heading: heading, blocks: tables.map { .table($0.table) },
            data: Table.stacked(
                tables.map { (label: $0.variant, table: $0.table) }, id: id, title: "\(heading) — \(report.scenario.name)"))
    }
}

/// The summaries of a run, in the order documents show them.
public enum SummarySections {
    public static let all: [any SummarySection] = [
        RulesSummary(), DecompositionSummary(), SAFESummary(), EscapeClauseSummary(), NetExpenditureSummary(), NATOSummary(),
        BurdenSharingSummary(),
    ]

    /// The summary with `id`.
    public static func named(_ id: String) -> (any SummarySection)? { all.first { $0.id == id } }

    /// Every summary id.
    public static var ids: [String] { all.map(\.id) }
}
