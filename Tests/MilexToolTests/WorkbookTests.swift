import Foundation
import MilexData
import MilexModel
import MilexReportTestSupport
import MilexScenario
import MilexTestSupport
import Testing

@testable import MilexReport

/// Workbooks read back by openpyxl (the reader of most Python users): numbers as numbers, text
/// as text, the formats, the sheets of a document.
@Suite("Workbooks in openpyxl", .serialized)
struct WorkbookTests {
    @Test("openpyxl reads back sheet names, headers, numbers as numbers, text as text and the formats")
    func awkwardTables() throws {
        guard let python = try Tool.openpyxl() else { return }
        let directory = try Tool.temporaryDirectory("xlsx")
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("book.xlsx")
        try XLSXWriter().data(Fixtures.awkwardTables(), title: "Milex").write(to: file)
        // Floats go back as repr() strings so the comparison is exact, not via a JSON parser.
        let script = """
            import json, sys, warnings
            warnings.simplefilter("error")
            import openpyxl
            book = openpyxl.load_workbook(sys.argv[1])
            out = {"sheets": book.sheetnames, "title": book.properties.title, "cells": {}}
            for ws in book.worksheets:
                cells = {}
                for row in ws.iter_rows():
                    for c in row:
                        if c.value is None:
                            continue
                        value = repr(c.value) if isinstance(c.value, float) else c.value
                        cells[c.coordinate] = [c.data_type, value, c.number_format, bool(c.font.b)]
                out["cells"][ws.title] = cells
                out.setdefault("freeze", {})[ws.title] = ws.freeze_panes
                out.setdefault("widths", {})[ws.title] = ws.column_dimensions["A"].width
            print(json.dumps(out))
            """
        let result = try ProcessRunner.run(python, ["-c", script, file.path])
        try #require(result.status == 0, "openpyxl failed: \(result.stderr.suffix(2000))")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let names = XLSXWriter.sheetNames(Fixtures.awkwardTables().map(\.id))
        #expect(json["sheets"] as? [String] == names)
        #expect(names == ["debt-path", "R&D_ spending _bn__EUR__ for ev", "R&D_ spending _bn__EUR__ fo (2)"])
        #expect(json["title"] as? String == "Milex")
        let allCells = try #require(json["cells"] as? [String: [String: [Any]]])
        let cells = try #require(allCells["debt-path"])
        func cell(_ reference: String) -> (type: String, value: Any, format: String, bold: Bool)? {
            guard let c = cells[reference], c.count == 4 else { return nil }
            return (c[0] as! String, c[1], c[2] as! String, c[3] as! Bool)
        }
        func number(_ reference: String) -> Double? {
            guard let c = cell(reference), c.type == "n" else { return nil }
            if let text = c.value as? String { return Double(text) }
            return (c.value as? NSNumber)?.doubleValue
        }
        #expect(cell("A1")?.value as? String == "Debt path")
        #expect(cell("A1")?.bold == true)
        #expect(cell("A2")?.value as? String == "Germany, baseline")
        #expect(
            ["A3", "B3", "C3", "D3"].map { cell($0)?.value as? String } == [
                "Year", "Debt (% of GDP)", "Balance (% of GDP)", "Note",
            ])
        #expect(cell("B3")?.type == "s" && cell("B3")?.bold == true)
        #expect(number("A4") == 2025 && cell("A4")?.format == "0")
        #expect(number("B4") == 62.123456789012345 && cell("B4")?.format == "0.0")
        #expect(number("C4") == -2.5 && cell("C4")?.format == "0.00")
        #expect(number("B5") == 1e-7)
        #expect(number("C6") == -0.125)
        #expect(cell("D4")?.type == "s" && cell("D4")?.value as? String == "R&D <5%>")
        #expect(cell("D5")?.value as? String == "  padded  ")
        #expect(cell("C5") == nil && cell("B6") == nil && cell("D6") == nil)
        #expect(cell("A7")?.type == "s" && cell("A7")?.value as? String == "Total" && cell("A7")?.bold == true)
        #expect(number("B7") == 63.5 && cell("B7")?.bold == true && cell("B7")?.format == "0.0")
        #expect(cell("D7")?.value as? String == "a_x0041_b")
        #expect(cell("B4")?.bold == false)
        #expect(cell("A9")?.value as? String == "Balance is the headline balance.")
        #expect(cell("A10")?.value as? String == "Escapes: a_x0041_b & <c>")
        let second = try #require(allCells[names[1]])
        #expect(second["A4"]?[1] as? String == "Türkiye")
        #expect(
            second["B4"]?[0] as? String == "n" && second["B4"]?[1] as? String == "12.3456789"
                && second["B4"]?[2] as? String == "0.000")
        #expect((json["freeze"] as? [String: String])?["debt-path"] == "A4")
        #expect(((json["widths"] as? [String: Double])?["debt-path"] ?? 0) >= 8)
    }

    @Test("the comparison workbook reads back: About first, numbers as numbers, aggregates bold, a Provenance sheet")
    func compareWorkbook() throws {
        guard let python = try Tool.openpyxl() else { return }
        let context = try Tool.run("Tests/MilexReportTests/Golden/compare-scenario.json")
        let compare = try CompareReport(
            scenario: context.scenario, result: context.result, sort: try CompareReport.SortKey.parse("debt"))
        let document = compare.document(provenance: context.provenance)
        let table = compare.table()
        let directory = try Tool.temporaryDirectory("compare-xlsx")
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("compare.xlsx")
        try DocumentFormat.xlsx.render(document).write(to: file)
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
                              "about": [c.value for c in book["About"]["A"] if c.value is not None],
                              "provenance": [c.value for c in book["Provenance"]["A"] if c.value is not None]}))
            """
        let run = try ProcessRunner.run(python, ["-c", script, file.path])
        try #require(run.status == 0, "openpyxl failed: \(run.stderr.suffix(2000))")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        #expect(json["sheets"] as? [String] == ["About", "compare", "Provenance"])
        let about = try #require(json["about"] as? [String])
        #expect(about.contains("Starting point") && about.contains("Financing") && about.contains("GDP feedback"))
        let rows = try #require(json["rows"] as? [[[Any]]])
        let headers = rows[0].map { $0[1] as? String }
        #expect(headers.first == "Code")
        #expect(headers.contains("2% by 2028: Debt 2030 (%GDP)"))
        #expect(headers.contains("3.5% by 2030, SAFE: Spending 2030 (bn EUR)"))
        let body = rows.dropFirst().prefix(table.rows.count)
        #expect(body.count == table.rows.count)
        for (index, (tableRow, cells)) in zip(table.rows, body).enumerated() {
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
        #expect(lines.contains { $0.hasPrefix("Scenario file ") && $0.contains("compare-scenario.json: SHA-256 ") })
        #expect(lines.contains { $0.hasPrefix("milex version ") })
    }
}
