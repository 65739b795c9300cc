import Foundation

/// A document for a terminal: title, subtitle and key assumptions first, then each section's
/// paragraphs and tables (charts are in the HTML output), the notes and a short provenance.
public struct TerminalDocumentRenderer: DocumentRenderer {
    public var colour: Bool
    public var width: Int

    public init(colour: Bool = false, width: Int = 100) {
        self.colour = colour
        self.width = width
    }

    private func bold(_ text: String) -> String { colour ? "\u{1B}[1m\(text)\u{1B}[0m" : text }

    public func render(_ document: Document) throws -> Data { utf8(text(document)) }

    public func text(_ document: Document) -> String {
        let tables = TerminalRenderer(colour: colour, maxWidth: width)
        var output = bold(document.title) + "\n"
        // Each line of the subtitle (the description, the run line) is a paragraph of its own.
        for line in document.subtitle?.split(separator: "\n") ?? [] { output += TextWrap.wrap(String(line), width: width) + "\n" }
        if !document.assumptions.isEmpty {
            output += "\n" + bold("Key assumptions") + "\n"
            for assumption in document.assumptions {
                output +=
                    TextWrap.wrap("\(assumption.label): \(assumption.text)", width: width, firstIndent: "  - ", indent: "    ")
                    + "\n"
            }
        }
        for section in document.sections {
            output += "\n"
            var first = true
            for block in section.blocks {
                switch block {
                case .paragraph(let text):
                    output += TextWrap.wrap(text, width: width) + "\n"
                case .table(let table):
                    if !first { output += "\n" }
                    output += tables.render(table)
                case .chart:
                    continue
                }
                first = false
            }
        }
        if !document.notes.isEmpty {
            output += "\n" + bold("Notes") + "\n"
            output += document.notes.map { TextWrap.wrap($0, width: width, firstIndent: "  - ", indent: "    ") }.joined(
                separator: "\n")
            output += "\n"
        }
        if let provenance = document.provenance {
            output += "\n" + bold("Provenance") + "\n"
            for line in provenance.summaryLines {
                output += TextWrap.wrap(line, width: width, firstIndent: "  - ", indent: "    ") + "\n"
            }
        }
        return output
    }
}
