import Foundation
import Testing

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// An XML document reduced to what the tests look at: elements with attributes and text.
public struct ParsedXML {
    public struct Element {
        public var name: String
        public var attributes: [String: String]
        /// The character data directly and indirectly inside the element.
        public var text: String
    }

    public var elements: [Element] = []

    public init(elements: [Element] = []) { self.elements = elements }

    public func all(_ name: String, class className: String? = nil) -> [Element] {
        elements.filter { element in
            element.name == name
                && (className == nil
                    || element.attributes["class"]?.split(separator: " ").contains(Substring(className!)) == true)
        }
    }

    /// Parses `text`, or records an issue with the parser's error and returns nil.
    public static func parse(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) -> ParsedXML? {
        let collector = Collector()
        let parser = XMLParser(data: Data(text.utf8))
        parser.delegate = collector
        guard parser.parse() else {
            let error = parser.parserError.map { "\($0)" } ?? "unknown error"
            Issue.record(
                "not well-formed XML (line \(parser.lineNumber), column \(parser.columnNumber)): \(error)",
                sourceLocation: sourceLocation)
            return nil
        }
        return ParsedXML(elements: collector.finished)
    }

    /// Collects elements in document order (start order), each with its full text.
    public final class Collector: NSObject, XMLParserDelegate {
        public var finished: [Element] = []
        private var stack: [(index: Int, element: Element)] = []
        private var order = 0
        private var pending: [(Int, Element)] = []

        public func parser(
            _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName qName: String?,
            attributes attributeDict: [String: String] = [:]
        ) {
            stack.append((order, Element(name: elementName, attributes: attributeDict, text: "")))
            order += 1
        }

        public func parser(_ parser: XMLParser, foundCharacters string: String) {
            for index in stack.indices { stack[index].element.text += string }
        }

        public func parser(
            _ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?
        ) {
            guard let last = stack.popLast() else { return }
            pending.append((last.index, last.element))
        }

        public func parserDidEndDocument(_ parser: XMLParser) {
            finished = pending.sorted { $0.0 < $1.0 }.map(\.1)
        }
    }
}
