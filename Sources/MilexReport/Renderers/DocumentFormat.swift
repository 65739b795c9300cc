import Foundation

/// Writes a ``Document`` in one format. One renderer per format renders any document.
public protocol DocumentRenderer: Sendable {
    func render(_ document: Document) throws -> Data
}

/// The output formats. A format is its renderer: adding one is a renderer file and a case here.
public enum DocumentFormat: String, CaseIterable, Sendable {
    case table
    case csv
    case markdown = "md"
    case latex
    case json
    case html
    case xlsx

    /// Whether the output is binary (a terminal gets it only on request).
    public var isBinary: Bool { self == .xlsx }

    /// Options a renderer may honour.
    public struct Options: Sendable {
        /// ANSI emphasis (terminal only, when standard output is a terminal without NO_COLOR).
        public var colour: Bool
        /// LaTeX: the tables only, to `\input` into a document of one's own.
        public var fragment: Bool

        public init(colour: Bool = false, fragment: Bool = false) {
            self.colour = colour
            self.fragment = fragment
        }
    }

    /// The renderer of this format.
    public func renderer(_ options: Options = Options()) -> any DocumentRenderer {
        switch self {
        case .table: return TerminalDocumentRenderer(colour: options.colour)
        case .csv: return CSVDocumentRenderer()
        case .markdown: return MarkdownDocumentRenderer()
        case .latex: return LaTeXDocumentRenderer(fragment: options.fragment)
        case .json: return JSONDocumentRenderer()
        case .html: return HTMLDocumentRenderer()
        case .xlsx: return XLSXDocumentRenderer()
        }
    }

    /// Renders `document` in this format.
    public func render(_ document: Document, _ options: Options = Options()) throws -> Data {
        try renderer(options).render(document)
    }
}

/// Text renderers return UTF-8.
extension DocumentRenderer {
    func utf8(_ text: String) -> Data { Data(text.utf8) }
}
