import Foundation
import Testing
import ZIPFoundation

@testable import MilexReport

@Suite("Excel workbooks")
struct XLSXWriterTests {
    static let installHint = "install openpyxl with `python3 -m pip install openpyxl` (CI installs it)"

    /// Two awkward tables: full-precision numbers, gaps, an aggregate row, a long id with
    /// characters Excel forbids in sheet names, and a duplicate id.
    static func tables() -> [Table] {
        var debt = Table(
            id: "debt-path", title: "Debt path", subtitle: "Germany, baseline",
            columns: [
                .init(id: "year", header: "Year", format: .integer),
                .init(id: "debt", header: "Debt", unit: "% of GDP", format: .number(decimals: 1)),
                .init(id: "balance", header: "Balance", unit: "% of GDP", format: .number(decimals: 2)),
                .init(id: "note", header: "Note", format: .text),
            ],
            notes: ["Balance is the headline balance.", "Escapes: a_x0041_b & <c>"])
        debt.append([.number(2025), .number(62.123456789012345), .number(-2.5), .text("R&D <5%>")])
        debt.append([.number(2026), .number(1e-7), .empty, .text("  padded  ")])
        debt.append([.number(2027), .number(.nan), .number(-0.125), .empty])
        debt.append([.text("Total"), .number(63.5), .number(-2.25), .text("a_x0041_b")], kind: .aggregate)
        var second = Table(
            id: "R&D: spending [bn]/EUR*? for every member state", title: "Spending",
            columns: [
                .init(id: "country", header: "Country", format: .text),
                .init(id: "value", header: "Value", unit: "bn EUR", format: .number(decimals: 3)),
            ])
        second.append([.text("Türkiye"), .number(12.3456789)])
        var third = second
        third.title = "Spending again"
        return [debt, second, third]
    }

    @Test("sheet names: forbidden characters replaced, ≤ 31 UTF-16 units, unique ignoring case")
    func sheetNames() {
        let names = XLSXWriter.sheetNames([
            "a/b", "x:y*z?", "[s]", String(repeating: "é", count: 40), "Data", "data", "DATA", "", "'quoted'", "History",
            "🇩🇪" + String(repeating: "x", count: 30),
        ])
        #expect(names[0] == "a_b")
        #expect(names[1] == "x_y_z_")
        #expect(names[2] == "_s_")
        #expect(names[3] == String(repeating: "é", count: 31))
        #expect(names[4...6] == ["Data", "data (2)", "DATA (3)"])
        #expect(names[7] == "Sheet")
        #expect(names[8] == "quoted")
        #expect(names[9] == "History_")
        #expect(names[10].utf16.count <= 31 && names[10].hasPrefix("🇩🇪"))
        for name in names {
            #expect(name.utf16.count <= 31)
            #expect(!name.contains { "[]:*?/\\".contains($0) })
        }
        #expect(Set(names.map { $0.lowercased() }).count == names.count)
    }

    @Test("the package holds every required part, each well-formed XML, and the bytes are deterministic")
    func packageParts() throws {
        let writer = XLSXWriter()
        let data = try writer.data(Self.tables(), title: "Milex & co")
        #expect(try writer.data(Self.tables(), title: "Milex & co") == data)
        let archive = try Archive(data: data, accessMode: .read)
        let paths = archive.map(\.path)
        let required = [
            "[Content_Types].xml", "_rels/.rels", "docProps/core.xml", "docProps/app.xml", "xl/workbook.xml",
            "xl/_rels/workbook.xml.rels", "xl/styles.xml", "xl/sharedStrings.xml", "xl/worksheets/sheet1.xml",
            "xl/worksheets/sheet2.xml", "xl/worksheets/sheet3.xml",
        ]
        #expect(paths == required)
        for entry in archive {
            var bytes = Data()
            _ = try archive.extract(entry) { bytes.append($0) }
            let text = try #require(String(data: bytes, encoding: .utf8))
            #expect(ParsedXML.parse(text) != nil, "\(entry.path) is not well-formed")
            if entry.path == "docProps/core.xml" {
                #expect(text.contains("<dcterms:modified xsi:type=\"dcterms:W3CDTF\">2000-01-01T00:00:00Z</dcterms:modified>"))
                #expect(text.contains("<dc:title>Milex &amp; co</dc:title>"))
            }
            if entry.path == "xl/worksheets/sheet1.xml" {
                #expect(text.contains("<pane ySplit=\"3\" topLeftCell=\"A4\" activePane=\"bottomLeft\" state=\"frozen\"/>"))
                #expect(text.contains("<c r=\"B4\" s=\""))
                #expect(text.contains("<v>\(62.123456789012345)</v>"), "full precision")
                #expect(!text.contains("<c r=\"C5\""), "empty cells are omitted")
                #expect(!text.contains("<c r=\"B6\""), "NaN is written as no cell")
            }
            // Fixed dates: 2000-01-01 in MS-DOS form.
            #expect(entry.fileAttributes[.modificationDate] as? Date == XLSXWriter.fixedDate)
        }
        let other = try XLSXWriter(date: Date(timeIntervalSince1970: 1_700_000_000)).data(Self.tables(), title: "Milex & co")
        #expect(other != data)
        #expect(throws: XLSXWriter.Error.noTables) { try writer.data([], title: "x") }
    }

    @Test("openpyxl reads back sheet names, headers, numbers as numbers, text as text and the formats")
    func readBackWithOpenpyxl() throws {
        guard let python = ExternalTool.find(["python3"]) else {
            Issue.record("python3 not found: install Python 3, then \(Self.installHint).")
            return
        }
        let check = try ExternalTool.run(python, ["-c", "import openpyxl"])
        guard check.status == 0 else {
            Issue.record("openpyxl is missing: \(Self.installHint). (\(check.stderr.suffix(300)))")
            return
        }
        let directory = try ExternalTool.temporaryDirectory("xlsx")
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("book.xlsx")
        try XLSXWriter().data(Self.tables(), title: "Milex").write(to: file)
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
        let result = try ExternalTool.run(python, ["-c", script, file.path])
        try #require(result.status == 0, "openpyxl failed: \(result.stderr.suffix(2000))")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let names = XLSXWriter.sheetNames(Self.tables().map(\.id))
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
}
