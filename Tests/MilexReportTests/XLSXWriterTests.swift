import Foundation
import MilexReportTestSupport
import Testing
import ZIPFoundation

@testable import MilexReport

@Suite("Excel workbooks")
struct XLSXWriterTests {
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
        let data = try writer.data(Fixtures.awkwardTables(), title: "Milex & co")
        #expect(try writer.data(Fixtures.awkwardTables(), title: "Milex & co") == data)
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
        let other = try XLSXWriter(date: Date(timeIntervalSince1970: 1_700_000_000)).data(
            Fixtures.awkwardTables(), title: "Milex & co")
        #expect(other != data)
        #expect(throws: XLSXWriter.Error.noTables) { try writer.data([], title: "x") }
    }
}
