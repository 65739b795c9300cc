import Foundation
import MilexData
import MilexModel
import MilexScenario

/// `milex brief`: every output of a scenario in one folder. One document (the comparison, the
/// summaries of ``SummarySections``, the charts, the year-by-year data) is written by the
/// renderers: `summary.md` (Markdown), a CSV file per data table, `report.html`, `report.xlsx`;
/// `PROVENANCE.txt` gives the SHA-256 of each CSV file.
public struct BriefingPack: Sendable {
    public let context: RunContext
    public let compare: CompareReport

    public init(context: RunContext, compare: CompareReport) {
        self.context = context
        self.compare = compare
    }

    /// The briefing as one document.
    public func document() -> Document {
        let report = context.report
        let comparison = compare.document(provenance: context.provenance)
        var sections = comparison.sections
        for summary in SummarySections.all {
            if let section = summary.section(report, currency: compare.currency) { sections.append(section) }
        }
        sections.append(RunDocument.chartsSection(context))
        sections.append(
            Document.Section(
                id: "years", heading: "Year by year",
                blocks: [
                    .paragraph(
                        "Every figure of every variant, country and year is in projections.csv (and the workbook's projections sheet), at full precision, money in each country's currency."
                    )
                ], data: report.longTable()))
        var document = context.document(command: "brief", sections: sections)
        document.notes = comparison.notes
        return document
    }

    /// The data tables written as CSV files, by file name (`compare.csv`, `rules.csv`, …,
    /// `projections.csv`).
    static func csvName(_ table: Table) -> String { "\(table.id).csv" }

    /// Every name a briefing's file can have (a folder holding only these was written by milex,
    /// an earlier version included).
    public static var possibleFileNames: Set<String> {
        Set(
            ["summary.md", "projections.csv", "compare.csv", "PROVENANCE.txt", "report.html", "report.xlsx"]
                + SummarySections.ids.map { "\($0).csv" })
    }

    /// `PROVENANCE.txt`: the key assumptions and the provenance of the CSV files, with the SHA-256 of each.
    func provenanceText(_ document: Document, csv: [(name: String, data: Data)]) -> String {
        var text = "Provenance of the CSV files of this briefing (\(context.scenario.name))\n\nKey assumptions:\n"
        text += document.assumptionLines.map { "- \($0)" }.joined(separator: "\n") + "\n\n"
        text += context.provenance.lines.joined(separator: "\n") + "\n\nFiles:\n"
        for file in csv { text += "\(file.name): SHA-256 \(SHA256.hex(file.data))\n" }
        return text
    }

    /// Every file of the briefing, by name, in the order they are written; `progress` is told
    /// what is being prepared.
    public func files(progress: (String) -> Void = { _ in }) throws -> [(name: String, data: Data)] {
        var document = document()
        progress("summary.md")
        // The files this briefing holds, listed in summary.md.
        let dataTables = document.dataTables
        let csvNames = dataTables.map(Self.csvName)
        let names = ["summary.md"] + csvNames + ["PROVENANCE.txt", "report.html", "report.xlsx"]
        var markdown = document
        // Charts are in report.html: the Markdown keeps every section's tables (a summary with
        // charts, such as the debt dynamics, included) and drops sections of charts only.
        markdown.sections = markdown.sections.compactMap { section in
            var section = section
            section.blocks = section.blocks.filter { if case .chart = $0 { return false } else { return true } }
            return section.tables.isEmpty ? nil : section
        }
        markdown.subtitle = (markdown.subtitle.map { $0 + "\n" } ?? "") + "Files: " + names.joined(separator: ", ") + "."
        var files: [(name: String, data: Data)] = [("summary.md", try DocumentFormat.markdown.render(markdown))]
        var csv: [(name: String, data: Data)] = []
        for table in dataTables {
            document.primaryTableID = table.id
            csv.append((Self.csvName(table), try DocumentFormat.csv.render(document)))
        }
        document.primaryTableID = nil
        files += csv
        files.append(("PROVENANCE.txt", Data(provenanceText(document, csv: csv).utf8)))
        progress("report.html")
        files.append(("report.html", try DocumentFormat.html.render(document)))
        progress("report.xlsx")
        files.append(("report.xlsx", try DocumentFormat.xlsx.render(document)))
        return files
    }
}
