import Foundation
import Testing

@testable import MilexReport

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// An XML document reduced to what the tests look at: elements with attributes and text.
struct ParsedXML {
    struct Element {
        var name: String
        var attributes: [String: String]
        /// The character data directly and indirectly inside the element.
        var text: String
    }

    var elements: [Element] = []

    func all(_ name: String, class className: String? = nil) -> [Element] {
        elements.filter { element in
            element.name == name
                && (className == nil
                    || element.attributes["class"]?.split(separator: " ").contains(Substring(className!)) == true)
        }
    }

    /// Parses `text`, or records an issue with the parser's error and returns nil.
    static func parse(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) -> ParsedXML? {
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
    final class Collector: NSObject, XMLParserDelegate {
        var finished: [Element] = []
        private var stack: [(index: Int, element: Element)] = []
        private var order = 0
        private var pending: [(Int, Element)] = []

        func parser(
            _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName qName: String?,
            attributes attributeDict: [String: String] = [:]
        ) {
            stack.append((order, Element(name: elementName, attributes: attributeDict, text: "")))
            order += 1
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            for index in stack.indices { stack[index].element.text += string }
        }

        func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?) {
            guard let last = stack.popLast() else { return }
            pending.append((last.index, last.element))
        }

        func parserDidEndDocument(_ parser: XMLParser) {
            finished = pending.sorted { $0.0 < $1.0 }.map(\.1)
        }
    }
}

/// Runs programs for the browser and openpyxl checks.
enum ExternalTool {
    /// The first of `names` found on PATH.
    static func find(_ names: [String]) -> URL? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for name in names {
            for directory in path.split(separator: ":") {
                let candidate = URL(fileURLWithPath: String(directory)).appendingPathComponent(name)
                if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            }
        }
        return nil
    }

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
        var timedOut: Bool
    }

    /// Runs `executable` with output captured through files (a pipe can fill up and stall a
    /// child that prints a large DOM), killing it after `timeout` seconds.
    static func run(_ executable: URL, _ arguments: [String], timeout: TimeInterval = 120) throws -> Result {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("milex-run-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let outURL = directory.appendingPathComponent("stdout")
        let errURL = directory.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let out = try FileHandle(forWritingTo: outURL)
        let err = try FileHandle(forWritingTo: errURL)
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(timeout)
        var timedOut = false
        while process.isRunning {
            if Date() > deadline {
                timedOut = true
                process.terminate()
                break
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
        process.waitUntilExit()
        try out.close()
        try err.close()
        let stdout = (try? String(contentsOf: outURL, encoding: .utf8)) ?? ""
        let stderr = (try? String(contentsOf: errURL, encoding: .utf8)) ?? ""
        return Result(status: process.terminationStatus, stdout: stdout, stderr: stderr, timedOut: timedOut)
    }

    /// A fresh temporary directory (removed by the caller).
    static func temporaryDirectory(_ label: String) throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("milex-\(label)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }
}

/// Shared inputs: realistic shapes (32 countries, yearly paths) with awkward text.
enum Fixtures {
    static let countries = [
        "Albania", "Belgium", "Bulgaria", "Canada", "Croatia", "Czechia", "Denmark", "Estonia", "Finland", "France",
        "Germany", "Greece", "Hungary", "Iceland", "Italy", "Latvia", "Lithuania", "Luxembourg", "Montenegro",
        "Netherlands", "North Macedonia", "Norway", "Poland", "Portugal", "Romania", "Slovakia", "Slovenia", "Spain",
        "Sweden", "Türkiye", "United Kingdom", "United States",
    ]

    /// A deterministic pseudo-random share for a country index (no RNG state in tests).
    static func share(_ index: Int, _ salt: Int = 0) -> Double {
        let x = sin(Double(index * 7 + salt * 13) * 1.3) * 0.5 + 0.5
        return ((1.2 + 3.4 * x) * 1000).rounded() / 1000
    }

    /// A 32-row table with an aggregate row: text, numbers with two decimals, years, gaps.
    static func countryTable() -> Table {
        var table = Table(
            id: "countries", title: "Defence spending by country", subtitle: "2025, NATO definition",
            columns: [
                .init(id: "country", header: "Country", format: .text),
                .init(id: "year", header: "Year", format: .integer),
                .init(id: "defence", header: "Defence", unit: "% of GDP", format: .number(decimals: 2)),
                .init(id: "debt", header: "Debt", unit: "% of GDP", format: .number(decimals: 1)),
            ],
            notes: ["Shares in % of GDP.", "Debt for Iceland not available."])
        for (index, name) in countries.enumerated() {
            let debt: Table.Cell = name == "Iceland" ? .empty : .number(30 + Double((index * 37) % 110) + 0.123456)
            table.append([.text(name), .number(2025), .number(share(index)), debt])
        }
        table.append([.text("NATO (weighted)"), .number(2025), .number(2.71), .number(85.04)], kind: .aggregate)
        return table
    }

    static func lineChart() -> LineChart {
        let years = (2025...2040).map(Double.init)
        return LineChart(
            title: "Debt paths", yLabel: "Debt", yUnit: "% of GDP",
            series: [
                .init(name: "Baseline", points: years.map { ($0, 60 + ($0 - 2025) * 1.5) }),
                .init(name: "R&D <5%>", points: years.map { ($0, $0 == 2030 ? .nan : 62 + ($0 - 2025) * 2.1) }, dashed: true),
                .init(name: "Target 3.5 %", points: years.map { ($0, 58 + ($0 - 2025) * 2.9) }, colourIndex: 4),
            ],
            referenceLines: [(60, "60 % debt"), (90, "90 %")])
    }

    static func barChart() -> BarChart {
        BarChart(
            title: "Extra spending needed", yLabel: "Gap", yUnit: "% of GDP", categories: countries,
            series: [
                ("2 %", countries.indices.map { index in index == 13 ? nil : 2 - share(index) }),
                ("3.5 %", countries.indices.map { 3.5 - share($0) }),
                ("R&D <5%>", countries.indices.map { index in index == 13 ? nil : 5 - share(index) }),
            ],
            referenceLines: [(0.5, "½ pp")])
    }

    static func fanChart() -> FanChart {
        let years = Array(2025...2040)
        let median = years.indices.map { 60 + Double($0) * 1.2 }
        let bands = [(10.0, "10–90 %"), (7.0, "20–80 %"), (4.5, "30–70 %"), (2.0, "40–60 %")].map { spread, label in
            (
                lower: median.indices.map { median[$0] - spread * Double($0) / 5 },
                upper: median.indices.map { median[$0] + spread * Double($0) / 5 }, label: label
            )
        }
        return FanChart(
            title: "Debt fan", yLabel: "Debt", yUnit: "% of GDP", years: years, bands: bands, median: median,
            deterministic: median.map { $0 - 0.5 }, referenceLines: [(60, "60 %")])
    }
}
