import Foundation

/// A document as GitHub-flavoured Markdown, ready to paste into a briefing note: the key
/// assumptions first, a heading per section, the notes and the provenance at the end.
public struct MarkdownDocumentRenderer: DocumentRenderer {
    public init() {}

    public func render(_ document: Document) throws -> Data { utf8(text(document)) }

    public func text(_ document: Document) -> String {
        let escape = MarkdownRenderer.escape
        var output = "# \(escape(document.title))\n\n"
        if let subtitle = document.subtitle { output += escape(subtitle).replacingOccurrences(of: "\n", with: "\n\n") + "\n\n" }
        if !document.assumptions.isEmpty {
            output += "## Key assumptions\n\n"
            output +=
                document.assumptions.map { "- **\(escape($0.label))**: \(escape($0.text))" }.joined(separator: "\n") + "\n\n"
        }
        for section in document.sections {
            output += "## \(escape(section.heading))\n\n"
            for block in section.blocks {
                switch block {
                case .paragraph(let text): output += escape(text) + "\n\n"
                case .table(let table): output += MarkdownRenderer().render(table) + "\n"
                case .chart(let chart):
                    output += "*Chart (in the HTML output): \(escape(chart.caption))*\n\n"
                }
            }
        }
        if !document.notes.isEmpty {
            output += "## Notes\n\n" + document.notes.map { "- " + escape($0) }.joined(separator: "\n") + "\n\n"
        }
        if let provenance = document.provenance { output += provenance.markdown() }
        while output.hasSuffix("\n\n") { output.removeLast() }
        return output
    }
}
