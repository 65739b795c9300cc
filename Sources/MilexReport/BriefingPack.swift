import Foundation
import MilexData
import MilexModel
import MilexScenario

/// Where a briefing's figures come from: the scenario files and their SHA-256, the dataset
/// vintage, the milex version and the sources the inputs cite. Printed in every output file.
public struct ProvenanceRecord: Sendable {
    /// A scenario file (or a text standing in for one) and the SHA-256 of its bytes.
    public struct File: Sendable, Equatable {
        public var name: String
        public var sha256: String?
        /// How the file entered the run, when not read from disk (`embedded in milex`).
        public var remark: String?

        public init(name: String, sha256: String?, remark: String? = nil) {
            self.name = name
            self.sha256 = sha256
            self.remark = remark
        }
    }

    public var files: [File]
    /// Lines that say how the scenario was built, when not from a file alone.
    public var origin: [String]
    public var datasetVintage: String?
    public var baseYear: Int
    public var version: String
    /// The dataset sources the inputs and notes cite, by id.
    public var sources: [(id: String, record: SourceRecord)]

    /// Gathers the provenance of a run: `files` as given (see ``hashFiles(_:)``), the dataset
    /// source ids the countries' inputs use, and those cited as `[ID]` in `texts` (notes,
    /// descriptions).
    public static func collect(
        scenario: Scenario, result: ProjectionResult, files: [File], origin: [String] = [], texts: [String] = [],
        dataset: Dataset = .builtIn
    ) -> ProvenanceRecord {
        var ids: Set<String> = []
        var inputs = result.countries
        for variant in result.variants { inputs += variant.inputOverrides.values }
        for country in inputs {
            for provenance in country.provenance.values {
                switch provenance {
                case .dataset(let source, _, _): ids.insert(source)
                case .derived(_, let sources): ids.formUnion(sources)
                default: break
                }
            }
            for rule in country.fiscalRules { ids.insert(rule.source) }
        }
        let cited = [scenario.description ?? ""] + scenario.notes + texts
        for text in cited {
            for match in text.matches(of: /\[([A-Z0-9_]+)\]/) { ids.insert(String(match.output.1)) }
        }
        let sources = ids.filter { dataset.sources[$0] != nil }.sorted().map { ($0, dataset.sources[$0]!) }
        return ProvenanceRecord(
            files: files, origin: origin, datasetVintage: scenario.datasetVintage, baseYear: result.baseYear,
            version: MilexVersion.string, sources: sources)
    }

    /// The files a scenario was read from, each with the SHA-256 of the bytes read.
    public static func files(of scenario: Scenario) -> [File] {
        guard scenario.fileContents.count == scenario.files.count else { return hashFiles(scenario.files) }
        return zip(scenario.files, scenario.fileContents).map { name, data in
            File(name: name == "-" ? "standard input" : normalised(name), sha256: SHA256.hex(data))
        }
    }

    /// The files at `paths` (relative to the current directory, as the user named them), each
    /// with the SHA-256 of its bytes (nil when it cannot be read).
    public static func hashFiles(_ paths: [String]) -> [File] {
        paths.map { path in
            File(name: normalised(path), sha256: FileManager.default.contents(atPath: path).map(SHA256.hex))
        }
    }

    /// `path` with `.` and `dir/..` taken out, as written (no symbolic links resolved):
    /// `Examples/x/../../Scenarios/a.json` → `Scenarios/a.json`.
    static func normalised(_ path: String) -> String {
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: false) {
            if part == "." { continue }
            if part == "..", let last = parts.last, last != "..", !last.isEmpty {
                parts.removeLast()
            } else {
                parts.append(part)
            }
        }
        let joined = parts.joined(separator: "/")
        return joined.isEmpty ? "." : joined
    }

    /// The provenance as lines of plain text.
    public var lines: [String] {
        var lines = origin
        for file in files {
            var line = "Scenario file \(file.name)"
            if let remark = file.remark { line += " (\(remark))" }
            line += file.sha256.map { ": SHA-256 \($0)" } ?? ": not readable, no checksum"
            lines.append(line)
        }
        if let datasetVintage {
            lines.append("Dataset: the milex built-in dataset, vintage \(datasetVintage) (base year \(baseYear)).")
        } else {
            lines.append("Dataset: none (every country is defined in the scenario).")
        }
        lines.append("milex version \(version).")
        for (id, source) in sources {
            var line = "Source \(id): \(source.publisher), \(source.title), \(source.date)"
            if let url = source.url { line += ", \(url)" }
            lines.append(line + ".")
        }
        return lines
    }

    /// The provenance as a one-column table (the "Provenance" sheet of a workbook).
    public func table() -> Table {
        var table = Table(
            id: "Provenance", title: "Provenance",
            columns: [Table.Column(id: "provenance", header: "Scenario files, dataset, milex version and sources", format: .text)]
        )
        for line in lines { table.append([.text(line)]) }
        return table
    }

    /// The provenance as a Markdown section.
    public func markdown() -> String {
        "## Provenance\n\n" + lines.map { "- " + MarkdownRenderer.escape($0) }.joined(separator: "\n") + "\n"
    }
}

/// The HTML and Excel documents of a run, a comparison and a briefing.
public enum ReportDocuments {
    /// An HTML report: the comparison (tables and bar charts) when given, spending and debt
    /// paths per country, the year tables when given, the summary tables grouped by kind, the
    /// notes and the provenance footer.
    public static func html(
        report: ProjectionReport, compare: CompareReport?, yearTables: [Table] = [], summaryTables: [Table],
        notes: [String], provenance: ProvenanceRecord
    ) -> HTMLReport {
        let scenario = report.scenario
        var sections: [HTMLReport.Section] = []
        if let description = scenario.description {
            sections.append(HTMLReport.Section(heading: "Scenario", paragraphs: [description]))
        }
        if var compare {
            compare.includesRunNotes = false
            var blocks = compare.tablesByVariant().map(HTMLReport.Section.Block.table)
            let debt = compare.barChart(.debt)
            blocks.append(
                .chart(
                    svg: SVGRenderer.render(debt),
                    caption:
                        "Gross debt in \(report.result.endYear) by country and variant (% of GDP); the dashed line marks 60 %."
                ))
            let extra = compare.barChart(.extra)
            blocks.append(
                .chart(
                    svg: SVGRenderer.render(extra),
                    caption:
                        "Extra defence spending in each variant's target year against the \(report.result.baseYear) shares (\(compare.moneyUnit))."
                ))
            let paragraph =
                "One table per variant, the countries in the same order in each; aggregate rows at the bottom. Click a header to sort."
            sections.append(HTMLReport.Section(heading: "Comparison", paragraphs: [paragraph], blocks: blocks))
        }
        let charts = ProjectionCharts(result: report.result)
        sections.append(
            HTMLReport.Section(
                heading: "Spending and debt paths",
                paragraphs: [
                    "One panel per country, one line per variant; the baseline (spending held at its \(report.result.baseYear) share) is dashed."
                ],
                blocks: [
                    .chart(
                        svg: charts.spendingPaths(),
                        caption: "Core defence plus defence-related spending, % of GDP; reference lines at 2, 3.5 and 5 %."),
                    .chart(svg: charts.debtPaths(), caption: "Gross government debt, % of GDP; reference line at 60 %."),
                ]))
        if !yearTables.isEmpty {
            sections.append(HTMLReport.Section(heading: "Year by year", blocks: yearTables.map(HTMLReport.Section.Block.table)))
        }
        let kinds: [(prefix: String, heading: String)] = [
            ("rules-", "Fiscal rules"), ("safe-", "SAFE loans"), ("escape-", "National escape clause"),
            ("nato-", "NATO measures"),
        ]
        for kind in kinds {
            let tables = summaryTables.filter { $0.id.hasPrefix(kind.prefix) }
            if !tables.isEmpty {
                sections.append(HTMLReport.Section(heading: kind.heading, blocks: tables.map(HTMLReport.Section.Block.table)))
            }
        }
        if !notes.isEmpty { sections.append(HTMLReport.Section(heading: "Notes", paragraphs: notes)) }
        return HTMLReport(
            title: scenario.name, subtitle: compare?.subtitle ?? runSubtitle(report.result), sections: sections,
            provenance: provenance.lines)
    }

    /// "32 countries × 4 variants; base year 2024, horizon 2035".
    static func runSubtitle(_ result: ProjectionResult) -> String {
        let count = result.countries.count
        return
            "\(count) countr\(count == 1 ? "y" : "ies") × \(result.variants.count) variant\(result.variants.count == 1 ? "" : "s") (the baseline included); base year \(result.baseYear), horizon \(result.endYear)"
    }

    /// An Excel workbook: one sheet per table, then a "Provenance" sheet.
    public static func workbook(_ tables: [Table], title: String, provenance: ProvenanceRecord) throws -> Data {
        try XLSXWriter().data(tables + [provenance.table()], title: title)
    }
}

/// `milex brief`: every output of a scenario in one folder, each file with its provenance.
public struct BriefingPack: Sendable {
    public let report: ProjectionReport
    public let compare: CompareReport
    public let provenance: ProvenanceRecord

    public init(report: ProjectionReport, compare: CompareReport, provenance: ProvenanceRecord) {
        self.report = report
        self.compare = compare
        self.provenance = provenance
    }

    /// The CSV tables by file name: long projections, the comparison, and the summaries that apply.
    public func csvTables() -> [(name: String, table: Table)] {
        var tables: [(String, Table)] = [("projections.csv", report.longTable()), ("compare.csv", compare.table())]
        for view in ProjectionReport.SummaryView.allCases {
            if let table = report.stackedSummary(view, currency: compare.currency) {
                tables.append(("\(view.rawValue).csv", table))
            }
        }
        return tables
    }

    /// The summary tables, one per variant and kind.
    public var summaryTables: [Table] { report.summaryTables(currency: compare.currency) }

    /// The notes of the run (units, approximations, inputs set by the scenario).
    public var notes: [String] { report.notes }

    /// `summary.md`: the question, the comparison, the rules, SAFE when drawn, the notes and the provenance.
    public func summaryMarkdown(files: [String]) -> String {
        let scenario = report.scenario
        let result = report.result
        var text = "# \(MarkdownRenderer.escape(scenario.name))\n\n"
        if let description = scenario.description { text += MarkdownRenderer.escape(description) + "\n\n" }
        text += "- \(ReportDocuments.runSubtitle(result)).\n"
        text += "- Variants: " + result.variants.map { MarkdownRenderer.escape($0.label) }.joined(separator: "; ") + ".\n"
        text += "- Countries: " + result.countries.map(\.code).joined(separator: ", ") + ".\n"
        text += "- Files: " + files.joined(separator: ", ") + ".\n\n"
        var comparison = compare
        comparison.includesRunNotes = false
        text += "## Comparison\n\n" + MarkdownRenderer().render(comparison.tablesByVariant()) + "\n"
        let summaries = summaryTables
        let rules = summaries.filter { $0.id.hasPrefix("rules-") }
        text += "## Fiscal rules\n\n" + MarkdownRenderer().render(rules) + "\n"
        let safe = summaries.filter { $0.id.hasPrefix("safe-") }
        if !safe.isEmpty { text += "## SAFE loans\n\n" + MarkdownRenderer().render(safe) + "\n" }
        text += "## Notes\n\n" + notes.map { "- " + MarkdownRenderer.escape($0) }.joined(separator: "\n") + "\n\n"
        text += provenance.markdown()
        return text
    }

    /// `PROVENANCE.txt`: the provenance of the CSV files, with the SHA-256 of each.
    public func provenanceText(csv: [(name: String, data: Data)]) -> String {
        var text = "Provenance of the CSV files of this briefing (\(report.scenario.name))\n\n"
        text += provenance.lines.joined(separator: "\n") + "\n\nFiles:\n"
        for file in csv { text += "\(file.name): SHA-256 \(SHA256.hex(file.data))\n" }
        return text
    }

    /// Every name a briefing's file can have (a folder holding only these was written by milex,
    /// an earlier version included).
    public static var possibleFileNames: Set<String> {
        Set(
            ["summary.md", "projections.csv", "compare.csv", "PROVENANCE.txt", "report.html", "report.xlsx"]
                + ProjectionReport.SummaryView.allCases.map { "\($0.rawValue).csv" })
    }

    /// Every file of the briefing, by name, in the order they are written; `progress` is told
    /// what is being prepared.
    public func files(progress: (String) -> Void = { _ in }) throws -> [(name: String, data: Data)] {
        let csv = csvTables().map { ($0.name, Data(CSVRenderer().render($0.table).utf8)) }
        let names = ["summary.md"] + csv.map(\.0) + ["PROVENANCE.txt", "report.html", "report.xlsx"]
        progress("summary.md")
        var files: [(name: String, data: Data)] = [("summary.md", Data(summaryMarkdown(files: names).utf8))]
        files += csv
        files.append(("PROVENANCE.txt", Data(provenanceText(csv: csv).utf8)))
        progress("report.html")
        let html = ReportDocuments.html(
            report: report, compare: compare, summaryTables: summaryTables, notes: notes, provenance: provenance)
        files.append(("report.html", Data(html.render().utf8)))
        progress("report.xlsx")
        // The comparison first, the long projections table (the largest) last.
        let tables = csvTables().map(\.table)
        let sheets =
            [compare.table()] + tables.filter { $0.id != "compare" && $0.id != "projections" }
            + tables.filter { $0.id == "projections" }
        files.append(("report.xlsx", try ReportDocuments.workbook(sheets, title: report.scenario.name, provenance: provenance)))
        return files
    }
}
