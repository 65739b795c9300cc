import Foundation
import MilexData
import MilexModel
import MilexScenario
import Testing

@testable import MilexReport

/// The comparison as HTML in a real browser and as an Excel workbook read back by openpyxl.
@Suite("Compare documents", .serialized)
struct CompareHTMLTests {
    /// The Hague scenario: every NATO ally (32), three variants.
    static func natoRun() throws -> (Scenario, ProjectionResult) {
        let file = CompareFixture.repository.appendingPathComponent("Scenarios/hague-2035.json")
        let scenario = try ScenarioLoader().load(file: file.path)
        return (scenario, try ProjectionEngine().run(scenario.request))
    }

    static func natoCompare() throws -> CompareReport {
        let (scenario, result) = try natoRun()
        return try CompareReport(scenario: scenario, result: result, sort: try CompareReport.SortKey.parse("debt"))
    }

    static func natoHTML() throws -> String {
        let compare = try natoCompare()
        let report = ProjectionReport(scenario: compare.scenario, result: compare.result)
        let provenance = ProvenanceRecord.collect(
            scenario: compare.scenario, result: compare.result, files: [.init(name: "hague-2035.json", sha256: "00")],
            texts: report.notes)
        return ReportDocuments.html(
            report: report, compare: compare, summaryTables: report.summaryTables(), notes: report.notes,
            provenance: provenance
        ).render()
    }

    @Test("32 countries in headless Chromium: screenshot, compare tables, bar charts and one panel per country")
    func browser() throws {
        guard let browser = BrowserTests.browser() else {
            Issue.record("No headless Chromium found on PATH: \(BrowserTests.installHint).")
            return
        }
        let directory = try ExternalTool.temporaryDirectory("compare-html")
        defer { try? FileManager.default.removeItem(at: directory) }
        let page = directory.appendingPathComponent("report.html")
        let html = try Self.natoHTML()
        try html.write(to: page, atomically: true, encoding: .utf8)
        let lowered = html.lowercased()
        for pattern in ["src=", "href=", "url(", "@import"] { #expect(!lowered.contains(pattern), "\(pattern) found") }

        let screenshot = directory.appendingPathComponent("shot.png")
        let shot = try ExternalTool.run(
            browser,
            BrowserTests.arguments(profile: directory.appendingPathComponent("profile-1"))
                + ["--screenshot=\(screenshot.path)", "--window-size=1280,2400", page.absoluteString])
        #expect(!shot.timedOut, "screenshot timed out")
        let png = try #require(
            FileManager.default.contents(atPath: screenshot.path), "no screenshot; browser said: \(shot.stderr.suffix(2000))")
        #expect(png.count > 20_000, "screenshot only \(png.count) bytes")
        #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]))

        let dump = try ExternalTool.run(
            browser,
            BrowserTests.arguments(profile: directory.appendingPathComponent("profile-2")) + ["--dump-dom", page.absoluteString])
        #expect(!dump.timedOut, "--dump-dom timed out")
        let dom = dump.stdout
        #expect(dom.contains("data-sortable-ready=\"true\""), "the sort script did not finish: \(dump.stderr.suffix(1500))")
        for id in ["compare-2-by-2035", "compare-3.5-core-by-2035", "compare-5-3.5-core-1.5-related-by-2035", "rules-baseline"] {
            #expect(dom.contains("data-table-id=\"\(id)\""), "table \(id) missing")
        }
        // Every ally and the aggregates in the first comparison table, aggregates last.
        let start = try #require(dom.range(of: "data-table-id=\"compare-2-by-2035\""))
        let end = try #require(dom.range(of: "</tbody>", range: start.upperBound..<dom.endIndex))
        let names = dom[start.upperBound..<end.lowerBound].matches(of: /<tr[^>]*><td>([^<]*)<\/td>/)
            .map { String($0.output.1) }
        let countryNames = Set(Dataset.builtIn.groups["NATO"]!.members.map { Dataset.builtIn.countries[$0]!.name })
        #expect(names.count == 32 + 5)
        #expect(names.last == "SAFE countries (18 of 19)")
        #expect(Set(names.filter { countryNames.contains($0) }) == countryNames)
        #expect(dom.contains("<tr class=\"aggregate\"><td>NATO (32)</td>"))
        #expect(dom.components(separatedBy: "data-chart=\"bar\"").count - 1 == 2)
        #expect(dom.components(separatedBy: "data-chart=\"small-multiples\"").count - 1 == 2)
        #expect(dom.components(separatedBy: "<g class=\"panel\"").count - 1 == 64)
        #expect(dom.contains("data-country=\"US\""))
        #expect(dom.contains("<h2>Provenance</h2>"))
    }

    @Test("the comparison workbook reads back in openpyxl: numbers as numbers, aggregates bold, a Provenance sheet")
    func workbook() throws {
        guard let python = ExternalTool.find(["python3"]) else {
            Issue.record("python3 not found: install Python 3, then \(XLSXWriterTests.installHint).")
            return
        }
        guard try ExternalTool.run(python, ["-c", "import openpyxl"]).status == 0 else {
            Issue.record("openpyxl is missing: \(XLSXWriterTests.installHint).")
            return
        }
        let compare = try CompareFixture.report(sort: "debt")
        let table = compare.table()
        let (scenario, result) = (compare.scenario, compare.result)
        let provenance = ProvenanceRecord.collect(
            scenario: scenario, result: result, files: [.init(name: "compare-scenario.json", sha256: "ab")])
        let directory = try ExternalTool.temporaryDirectory("compare-xlsx")
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("compare.xlsx")
        try ReportDocuments.workbook([table], title: scenario.name, provenance: provenance).write(to: file)
        let script = """
            import json, sys, warnings
            warnings.simplefilter("error")
            import openpyxl
            book = openpyxl.load_workbook(sys.argv[1])
            ws = book["compare"]
            rows = []
            for row in ws.iter_rows(min_row=3, max_row=ws.max_row):
                rows.append([[c.data_type, repr(c.value) if isinstance(c.value, float) else c.value, bool(c.font.b)] for c in row])
            print(json.dumps({"sheets": book.sheetnames, "rows": rows,
                              "provenance": [c.value for c in book["Provenance"]["A"] if c.value is not None]}))
            """
        let run = try ExternalTool.run(python, ["-c", script, file.path])
        try #require(run.status == 0, "openpyxl failed: \(run.stderr.suffix(2000))")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        #expect(json["sheets"] as? [String] == ["compare", "Provenance"])
        let rows = try #require(json["rows"] as? [[[Any]]])
        let headers = rows[0].map { $0[1] as? String }
        #expect(headers.first == "Code")
        #expect(headers.contains("2% by 2028: Debt 2030 (%GDP)"))
        #expect(headers.contains("3.5% by 2030, SAFE: Spending 2030 (bn EUR)"))
        for (index, tableRow) in table.rows.enumerated() {
            let cells = rows[index + 1]
            for (column, cell) in tableRow.enumerated() {
                switch cell {
                case .number(let value):
                    #expect(cells[column][0] as? String == "n", "row \(index) column \(column) is not a number")
                    let read = (cells[column][1] as? String).flatMap(Double.init) ?? (cells[column][1] as? NSNumber)?.doubleValue
                    #expect(read == value, "row \(index) column \(column): \(String(describing: read)) ≠ \(value)")
                case .text(let text): #expect(cells[column][1] as? String == text)
                case .empty: #expect(cells[column][1] is NSNull)
                }
            }
            #expect((cells[0][2] as? Bool) == (table.rowKinds[index] == .aggregate))
        }
        let lines = try #require(json["provenance"] as? [String])
        #expect(lines.contains("Scenario file compare-scenario.json: SHA-256 ab"))
        #expect(lines.contains { $0.hasPrefix("milex version ") })
    }
}
