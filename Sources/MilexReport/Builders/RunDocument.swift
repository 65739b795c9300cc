import Foundation
import MilexModel
import MilexScenario

/// What a run document shows.
public enum RunView: Sendable, Equatable {
    /// The year tables and every summary.
    case all
    /// The year tables (for data formats: one long table).
    case years
    /// Every summary.
    case summaries
    /// One summary (``SummarySections``), by id.
    case summary(String)

    /// `all`, `years`, `summary` or a summary id.
    public init?(name: String) {
        switch name {
        case "all": self = .all
        case "years": self = .years
        case "summary": self = .summaries
        default:
            guard SummarySections.named(name) != nil else { return nil }
            self = .summary(name)
        }
    }

    /// Every name `init(name:)` accepts.
    public static var names: [String] { ["all", "years", "summary"] + SummarySections.ids }

    var showsYears: Bool { self == .all || self == .years }

    func shows(_ summary: any SummarySection) -> Bool {
        switch self {
        case .all, .summaries: return true
        case .years: return false
        case .summary(let id): return summary.id == id
        }
    }
}

/// The parts every document built on a run shares: title, subtitle, key assumptions, notes,
/// provenance and the JSON metadata.
public struct RunContext: Sendable {
    public let scenario: Scenario
    public let result: ProjectionResult
    public let provenance: ProvenanceRecord

    public init(scenario: Scenario, result: ProjectionResult, provenance: ProvenanceRecord) {
        self.scenario = scenario
        self.result = result
        self.provenance = provenance
    }

    /// A context whose provenance is collected from the scenario files (or `files`, `origin`
    /// for a scenario built from options) and the sources the run's notes and summaries cite.
    public init(scenario: Scenario, result: ProjectionResult, files: [ProvenanceRecord.File]? = nil, origin: [String] = []) {
        let report = ProjectionReport(scenario: scenario, result: result)
        var texts = report.notes
        for summary in SummarySections.all {
            texts += summary.tables(report, currency: .eur).flatMap(\.table.notes)
        }
        self.init(
            scenario: scenario, result: result,
            provenance: ProvenanceRecord.collect(
                scenario: scenario, result: result, files: files ?? ProvenanceRecord.files(of: scenario), origin: origin,
                texts: texts))
    }

    public var report: ProjectionReport { ProjectionReport(scenario: scenario, result: result) }

    /// "Base year 2025, projected 2026–2035; 32 countries × 4 variants (baseline, …)."
    public var runLine: String {
        let count = result.countries.count
        return
            "Base year \(result.baseYear), projected \(result.baseYear + 1)–\(result.endYear); \(count) countr\(count == 1 ? "y" : "ies") × \(result.variants.count) variant\(result.variants.count == 1 ? "" : "s") (\(result.variants.map(\.label).joined(separator: ", ")))."
    }

    /// The scenario's description and the run line.
    public var subtitle: String { (scenario.description.map { $0 + "\n" } ?? "") + runLine }

    public var metadata: [(String, JSONOutput)] {
        [
            ("scenario", .string(scenario.name)), ("base_year", .number(Double(result.baseYear))),
            ("end_year", .number(Double(result.endYear))), ("milex_version", .string(MilexVersion.string)),
            ("dataset_vintage", scenario.datasetVintage.map(JSONOutput.string) ?? .null),
            ("files", .array(scenario.files.map(JSONOutput.string))),
        ]
    }

    /// A document with the run's title, subtitle, assumptions, notes and provenance.
    public func document(
        command: String, title: String? = nil, sections: [Document.Section], payload: [(String, JSONOutput)] = []
    )
        -> Document
    {
        Document(
            command: command, title: title ?? scenario.name, subtitle: subtitle,
            assumptions: KeyAssumptions.of(scenario, result), sections: sections, notes: report.notes, provenance: provenance,
            metadata: metadata, payload: payload)
    }
}

/// `milex run`: the year tables per variant and country, the summaries, and (for HTML) the charts.
public enum RunDocument {
    /// The run as a document.
    /// - Parameters:
    ///   - columns: the year tables' columns (metric keys and `flags`).
    ///   - currency: money columns' currency in the year tables and summaries.
    public static func build(
        _ context: RunContext, view: RunView = .all, columns: [String] = ProjectionReport.defaultColumns,
        currency: MoneyCurrency = .national, summaryCurrency: MoneyCurrency = .eur
    ) -> Document {
        let report = context.report
        var sections: [Document.Section] = []
        if view.showsYears {
            sections.append(
                Document.Section(
                    id: "years", heading: "Year by year",
                    blocks: report.yearTables(columns: columns, currency: currency).map { .table($0) }, data: report.longTable()))
        }
        var summaries: [Document.Section] = []
        for summary in SummarySections.all where view.shows(summary) {
            if let section = summary.section(report, currency: summaryCurrency) { summaries.append(section) }
        }
        sections += summaries
        if view == .all, let feedback = GDPFeedbackReport.section(context) { sections.append(feedback) }
        if view == .all { sections.append(chartsSection(context)) }
        var payload: [(String, JSONOutput)] = [
            ("variants", .array(context.result.variants.map { .string($0.label) })), ("inputs", report.inputsJSON()),
        ]
        if !summaries.isEmpty {
            payload.append(("summaries", .array(summaries.flatMap(\.tables).map(TableJSONRenderer().value))))
        }
        payload.append(("projections", report.projectionsJSON()))
        return context.document(command: "run", sections: sections, payload: payload)
    }

    /// The spending, balance and debt paths per country and every country on one pair of
    /// axes, for the HTML output; one colour per variant in every chart.
    static func chartsSection(_ context: RunContext) -> Document.Section {
        let charts = ProjectionCharts(result: context.result)
        let source = ProjectionCharts.sourceLine(context.scenario)
        let b = context.result.baseYear
        let e = context.result.endYear
        let p = PolicyText(context.result.policy)
        return Document.Section(
            id: "charts", heading: "Spending, balance and debt paths",
            blocks: [
                .paragraph(
                    "One panel per country, one line per variant in the same colour in every chart; the baseline (spending held at its \(b) share) is grey and dashed."
                ),
                .chart(
                    Chart(
                        id: "spending-paths", svg: charts.spendingPaths(),
                        caption:
                            "Core defence plus defence-related spending, % of GDP, every panel on the same scale; reference lines at \(p.natoGuideline), \(p.hagueCore) and \(p.hagueTotal).",
                        source: source)),
                .chart(
                    Chart(
                        id: "balance-paths", svg: charts.balancePaths(),
                        caption:
                            "Headline balance, % of GDP, every panel on the same scale; below the −\(p.deficit) line the deficit exceeds the reference value.",
                        source: source)),
                .chart(
                    Chart(
                        id: "debt-paths", svg: charts.debtPaths(),
                        caption:
                            "Gross government debt, % of GDP, each panel from zero to its own top; reference line at \(p.debt).",
                        source: source)),
                .chart(
                    Chart(
                        id: "cross-country", svg: SVGRenderer.render(charts.crossCountry()),
                        caption:
                            "Every country on one pair of axes: the extra effort in each variant's target year against debt in \(e), both % of GDP; a country's points are joined from the baseline (at zero extra effort) on, labelled at the last variant.",
                        source: source)),
            ])
    }
}
