import Foundation

/// A document's primary table as CSV (RFC 4180), after comment lines starting with `#` that
/// carry the title and the key assumptions (`pandas.read_csv(…, comment="#")` and R's
/// `read.csv(…, comment.char = "#")` skip them; a spreadsheet shows them above the header).
public struct CSVDocumentRenderer: DocumentRenderer {
    public init() {}

    public func render(_ document: Document) throws -> Data {
        guard let table = document.primaryTable else { throw RenderError.nothingToWrite("CSV", document.title) }
        var lines = ["# \(Self.comment(document.title))"]
        for line in document.assumptionLines { lines.append("# \(Self.comment(line))") }
        if let provenance = document.provenance {
            for line in provenance.summaryLines { lines.append("# \(Self.comment(line))") }
        }
        return utf8(lines.joined(separator: "\r\n") + "\r\n" + CSVRenderer().render(table))
    }

    /// A comment holds one line.
    static func comment(_ text: String) -> String {
        text.replacingOccurrences(of: "\r", with: " ").replacingOccurrences(of: "\n", with: " ")
    }
}

/// A document a format cannot write.
public enum RenderError: Error, CustomStringConvertible, Sendable {
    case nothingToWrite(String, String)

    public var description: String {
        switch self {
        case .nothingToWrite(let format, let title): return "\(format): \"\(title)\" has no table to write"
        }
    }
}
