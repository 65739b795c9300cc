import Foundation
import ZIPFoundation

/// Writes tables as an Excel workbook (SpreadsheetML, Office Open XML), one sheet per table:
/// numbers stay numbers at full precision, shown with the column's decimals. The output is
/// byte-for-byte the same for the same input (fixed dates), so it can be compared in tests.
public struct XLSXWriter: Sendable {
    /// Why a workbook could not be written.
    public enum Error: Swift.Error, CustomStringConvertible, Equatable {
        /// A workbook needs at least one sheet.
        case noTables

        public var description: String {
            switch self {
            case .noTables: return "an Excel workbook needs at least one table"
            }
        }
    }

    /// The date stored in the zip entries and the document properties.
    public var date: Date
    /// The author stored in the document properties.
    public var creator: String

    /// 2000-01-01T00:00:00Z: a fixed date, so the same tables give the same bytes.
    public static let fixedDate = Date(timeIntervalSince1970: 946_684_800)

    public init(date: Date = XLSXWriter.fixedDate, creator: String = "milex") {
        self.date = date
        self.creator = creator
    }

    /// The workbook as the bytes of an `.xlsx` file.
    public func data(_ tables: [Table], title: String) throws -> Data {
        guard !tables.isEmpty else { throw Error.noTables }
        let names = Self.sheetNames(tables.map(\.id))
        var strings = SharedStrings()
        let styles = StyleSheet(tables: tables)
        var sheets: [String] = []
        for (index, table) in tables.enumerated() {
            sheets.append(Self.worksheet(table, selected: index == 0, styles: styles, strings: &strings))
        }
        var parts: [(String, String)] = [
            ("[Content_Types].xml", Self.contentTypes(sheetCount: tables.count)),
            ("_rels/.rels", Self.rootRelationships),
            ("docProps/core.xml", corePropertiesXML(title: title)),
            ("docProps/app.xml", Self.appProperties(sheetNames: names)),
            ("xl/workbook.xml", Self.workbook(sheetNames: names)),
            ("xl/_rels/workbook.xml.rels", Self.workbookRelationships(sheetCount: tables.count)),
            ("xl/styles.xml", styles.xml),
            ("xl/sharedStrings.xml", strings.xml),
        ]
        for (index, sheet) in sheets.enumerated() { parts.append(("xl/worksheets/sheet\(index + 1).xml", sheet)) }

        let archive = try Archive(accessMode: .create)
        for (path, text) in parts {
            let bytes = Data(text.utf8)
            try archive.addEntry(
                with: path, type: .file, uncompressedSize: Int64(bytes.count), modificationDate: date,
                compressionMethod: .deflate
            ) { position, size in
                bytes.subdata(in: Int(position)..<min(bytes.count, Int(position) + size))
            }
        }
        guard let data = archive.data else { throw CocoaError(.fileWriteUnknown) }
        return data
    }

    // MARK: - Sheet names

    /// Sheet names from table ids: without `[]:*?/\`, at most 31 UTF-16 units, not starting or
    /// ending with an apostrophe, unique ignoring case (Excel rejects the file otherwise).
    static func sheetNames(_ ids: [String]) -> [String] {
        var used: Set<String> = []
        var names: [String] = []
        for id in ids {
            var base = String(id.map { "[]:*?/\\".contains($0) || $0.isNewline ? "_" : $0 })
            while base.hasPrefix("'") { base.removeFirst() }
            while base.hasSuffix("'") { base.removeLast() }
            if base.isEmpty { base = "Sheet" }
            // "History" is reserved by Excel for change tracking.
            if base.lowercased() == "history" { base += "_" }
            var name = truncated(base, to: 31)
            var counter = 2
            while used.contains(name.lowercased()) {
                let suffix = " (\(counter))"
                name = truncated(base, to: 31 - suffix.utf16.count) + suffix
                counter += 1
            }
            used.insert(name.lowercased())
            names.append(name)
        }
        return names
    }

    /// The longest prefix of whole characters within `limit` UTF-16 units (Excel's measure).
    static func truncated(_ text: String, to limit: Int) -> String {
        var output = ""
        for character in text {
            if output.utf16.count + character.utf16.count > limit { break }
            output.append(character)
        }
        return output
    }

    // MARK: - Worksheets

    /// "A", "B", …, "Z", "AA" for a zero-based column index.
    static func columnLetters(_ index: Int) -> String {
        var number = index + 1
        var letters = ""
        while number > 0 {
            let remainder = (number - 1) % 26
            letters = String(UnicodeScalar(UInt8(65 + remainder))) + letters
            number = (number - 1) / 26
        }
        return letters
    }

    /// A header as one cell: "Debt (% of GDP)".
    static func headerText(_ column: Table.Column) -> String {
        guard let unit = column.unit, !unit.isEmpty else { return column.header }
        return "\(column.header) (\(unit))"
    }

    /// The number as `<v>` text: the shortest form that reads back as the same double.
    static func numberText(_ value: Double) -> String {
        if value == value.rounded() && abs(value) < 1e15 { return String(Int64(value)) }
        return "\(value)"
    }

    static func worksheet(_ table: Table, selected: Bool, styles: StyleSheet, strings: inout SharedStrings) -> String {
        let headerRow = 3
        var rows: [String] = []
        func stringCell(_ reference: String, _ text: String, style: Int) -> String {
            "<c r=\"\(reference)\" s=\"\(style)\" t=\"s\"><v>\(strings.index(text))</v></c>"
        }
        rows.append("<row r=\"1\">" + stringCell("A1", table.title, style: StyleSheet.title) + "</row>")
        if let subtitle = table.subtitle, !subtitle.isEmpty {
            rows.append("<row r=\"2\">" + stringCell("A2", subtitle, style: StyleSheet.subtitle) + "</row>")
        }
        var headerCells = ""
        for (index, column) in table.columns.enumerated() {
            let style = column.isNumeric ? StyleSheet.headerNumeric : StyleSheet.headerText
            headerCells += stringCell("\(columnLetters(index))\(headerRow)", headerText(column), style: style)
        }
        rows.append("<row r=\"\(headerRow)\">\(headerCells)</row>")
        var rowNumber = headerRow
        for (row, kind) in zip(table.rows, table.rowKinds) {
            rowNumber += 1
            var cells = ""
            for (index, (cell, column)) in zip(row, table.columns).enumerated() {
                let reference = "\(columnLetters(index))\(rowNumber)"
                switch cell {
                case .empty: continue
                case .text(let text):
                    cells += stringCell(reference, text, style: kind == .aggregate ? StyleSheet.boldText : 0)
                case .number(let value):
                    // Non-finite values have no spreadsheet form; the cell stays empty like `.empty`.
                    guard value.isFinite else { continue }
                    let style = styles.numberStyle(for: column.format, aggregate: kind == .aggregate)
                    cells += "<c r=\"\(reference)\"\(style == 0 ? "" : " s=\"\(style)\"")><v>\(numberText(value))</v></c>"
                }
            }
            rows.append("<row r=\"\(rowNumber)\">\(cells)</row>")
        }
        if !table.notes.isEmpty {
            rowNumber += 1
            for note in table.notes {
                rowNumber += 1
                rows.append("<row r=\"\(rowNumber)\">" + stringCell("A\(rowNumber)", note, style: StyleSheet.note) + "</row>")
            }
        }
        let lastColumn = columnLetters(max(0, table.columns.count - 1))
        var xml = xmlHeader
        xml += "<worksheet xmlns=\"\(mainNamespace)\" xmlns:r=\"\(relationshipNamespace)\">"
        // Printed landscape, scaled so every column fits the page width (rows flow onto pages).
        xml += "<sheetPr><pageSetUpPr fitToPage=\"1\"/></sheetPr>"
        xml += "<dimension ref=\"A1:\(lastColumn)\(rowNumber)\"/>"
        // Rows 1–3 (title, subtitle, headers) stay in view while scrolling.
        xml += "<sheetViews><sheetView workbookViewId=\"0\"\(selected ? " tabSelected=\"1\"" : "")>"
        xml += "<pane ySplit=\"\(headerRow)\" topLeftCell=\"A\(headerRow + 1)\" activePane=\"bottomLeft\" state=\"frozen\"/>"
        xml += "<selection pane=\"bottomLeft\" activeCell=\"A\(headerRow + 1)\" sqref=\"A\(headerRow + 1)\"/>"
        xml += "</sheetView></sheetViews>"
        xml += "<sheetFormatPr defaultRowHeight=\"15\"/>"
        if !table.columns.isEmpty {
            xml += "<cols>"
            for (index, column) in table.columns.enumerated() {
                var width = DisplayWidth.of(headerText(column))
                for row in table.rows { width = max(width, DisplayWidth.of(table.display(row[index], in: column))) }
                // Room for Excel's cell padding and the bold header; very long text wraps in view.
                let clamped = min(60, max(8, width + 2))
                xml += "<col min=\"\(index + 1)\" max=\"\(index + 1)\" width=\"\(clamped)\" customWidth=\"1\"/>"
            }
            xml += "</cols>"
        }
        xml += "<sheetData>" + rows.joined() + "</sheetData>"
        xml += "<pageMargins left=\"0.7\" right=\"0.7\" top=\"0.75\" bottom=\"0.75\" header=\"0.3\" footer=\"0.3\"/>"
        xml += "<pageSetup orientation=\"landscape\" fitToHeight=\"0\"/>"
        xml += "</worksheet>"
        return xml
    }

    // MARK: - Package parts

    static let xmlHeader = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    static let mainNamespace = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    static let relationshipNamespace = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

    static func contentTypes(sheetCount: Int) -> String {
        var xml = xmlHeader + "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
        xml += "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
        xml += "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
        xml +=
            "<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>"
        for index in 1...sheetCount {
            xml +=
                "<Override PartName=\"/xl/worksheets/sheet\(index).xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
        }
        xml +=
            "<Override PartName=\"/xl/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml\"/>"
        xml +=
            "<Override PartName=\"/xl/sharedStrings.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml\"/>"
        xml +=
            "<Override PartName=\"/docProps/core.xml\" ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/>"
        xml +=
            "<Override PartName=\"/docProps/app.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.extended-properties+xml\"/>"
        return xml + "</Types>"
    }

    static let rootRelationships =
        xmlHeader
        + "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
        + "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/>"
        + "<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties\" Target=\"docProps/core.xml\"/>"
        + "<Relationship Id=\"rId3\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties\" Target=\"docProps/app.xml\"/>"
        + "</Relationships>"

    func corePropertiesXML(title: String) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        let stamp = formatter.string(from: date)
        var xml = Self.xmlHeader
        xml += "<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\""
        xml += " xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\""
        xml += " xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">"
        xml += "<dc:title>\(Markup.escape(title))</dc:title><dc:creator>\(Markup.escape(creator))</dc:creator>"
        xml += "<dcterms:created xsi:type=\"dcterms:W3CDTF\">\(stamp)</dcterms:created>"
        xml += "<dcterms:modified xsi:type=\"dcterms:W3CDTF\">\(stamp)</dcterms:modified>"
        return xml + "</cp:coreProperties>"
    }

    static func appProperties(sheetNames: [String]) -> String {
        var xml = xmlHeader
        xml += "<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\""
        xml += " xmlns:vt=\"http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes\">"
        xml += "<Application>milex</Application><DocSecurity>0</DocSecurity><ScaleCrop>false</ScaleCrop>"
        xml += "<HeadingPairs><vt:vector size=\"2\" baseType=\"variant\"><vt:variant><vt:lpstr>Worksheets</vt:lpstr></vt:variant>"
        xml += "<vt:variant><vt:i4>\(sheetNames.count)</vt:i4></vt:variant></vt:vector></HeadingPairs>"
        xml += "<TitlesOfParts><vt:vector size=\"\(sheetNames.count)\" baseType=\"lpstr\">"
        for name in sheetNames { xml += "<vt:lpstr>\(Markup.escape(name))</vt:lpstr>" }
        xml += "</vt:vector></TitlesOfParts>"
        return xml + "</Properties>"
    }

    static func workbook(sheetNames: [String]) -> String {
        var xml = xmlHeader + "<workbook xmlns=\"\(mainNamespace)\" xmlns:r=\"\(relationshipNamespace)\">"
        xml += "<bookViews><workbookView activeTab=\"0\"/></bookViews><sheets>"
        for (index, name) in sheetNames.enumerated() {
            xml += "<sheet name=\"\(Markup.escape(name))\" sheetId=\"\(index + 1)\" r:id=\"rId\(index + 1)\"/>"
        }
        xml += "</sheets><definedNames>"
        // Print the title and header rows on every page.
        for (index, name) in sheetNames.enumerated() {
            let quoted = "'" + name.replacingOccurrences(of: "'", with: "''") + "'"
            xml +=
                "<definedName name=\"_xlnm.Print_Titles\" localSheetId=\"\(index)\">\(Markup.escape(quoted))!$1:$3</definedName>"
        }
        return xml + "</definedNames></workbook>"
    }

    static func workbookRelationships(sheetCount: Int) -> String {
        var xml = xmlHeader + "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
        for index in 1...sheetCount {
            xml +=
                "<Relationship Id=\"rId\(index)\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet\(index).xml\"/>"
        }
        xml +=
            "<Relationship Id=\"rId\(sheetCount + 1)\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/>"
        xml +=
            "<Relationship Id=\"rId\(sheetCount + 2)\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings\" Target=\"sharedStrings.xml\"/>"
        return xml + "</Relationships>"
    }
}

/// The workbook's shared-string table, in first-use order.
struct SharedStrings {
    private var indices: [String: Int] = [:]
    private var strings: [String] = []
    private var references = 0

    mutating func index(_ text: String) -> Int {
        references += 1
        if let index = indices[text] { return index }
        indices[text] = strings.count
        strings.append(text)
        return strings.count - 1
    }

    var xml: String {
        var xml = XLSXWriter.xmlHeader
        xml += "<sst xmlns=\"\(XLSXWriter.mainNamespace)\" count=\"\(references)\" uniqueCount=\"\(strings.count)\">"
        for text in strings {
            let escaped = Markup.escape(Self.protectingEscapes(text))
            let space = text.first?.isWhitespace == true || text.last?.isWhitespace == true ? " xml:space=\"preserve\"" : ""
            xml += "<si><t\(space)>\(escaped)</t></si>"
        }
        return xml + "</sst>"
    }

    /// Excel reads `_x0041_` in a string as an escaped character; a literal one keeps its
    /// leading underscore by writing that as `_x005F_`.
    static func protectingEscapes(_ text: String) -> String {
        guard text.contains("_x") else { return text }
        var output = ""
        var characters = Substring(text)
        while let first = characters.first {
            if first == "_", characters.count >= 7 {
                let candidate = characters.prefix(7)
                let hex = candidate.dropFirst(2).prefix(4)
                if candidate.hasPrefix("_x"), candidate.hasSuffix("_"), hex.allSatisfy(\.isHexDigit) {
                    output += "_x005F_"
                    characters = characters.dropFirst()
                    continue
                }
            }
            output.append(first)
            characters = characters.dropFirst()
        }
        return output
    }
}

/// `xl/styles.xml`: fixed styles for titles, headers and notes, then a plain and a bold style
/// per number of decimals the tables use.
struct StyleSheet {
    static let title = 1
    static let subtitle = 2
    static let headerText = 3
    static let headerNumeric = 4
    static let note = 5
    static let boldText = 6
    static let fixedCount = 7

    /// The decimals used by numeric columns, ascending; index i gets numFmtId 164 + i.
    let decimals: [Int]

    init(tables: [Table]) {
        var used: Set<Int> = []
        for column in tables.flatMap(\.columns) {
            switch column.format {
            case .number(let decimals): used.insert(max(0, decimals))
            case .integer: used.insert(0)
            case .text: break
            }
        }
        decimals = used.sorted()
    }

    /// The style of a number cell: general in a text column, else the column's decimals.
    func numberStyle(for format: Table.Column.Format, aggregate: Bool) -> Int {
        let places: Int
        switch format {
        case .text: return aggregate ? Self.boldText : 0
        case .integer: places = 0
        case .number(let decimals): places = max(0, decimals)
        }
        let index = decimals.firstIndex(of: places) ?? 0
        return Self.fixedCount + 2 * index + (aggregate ? 1 : 0)
    }

    static func formatCode(decimals: Int) -> String { decimals == 0 ? "0" : "0." + String(repeating: "0", count: decimals) }

    var xml: String {
        var xml = XLSXWriter.xmlHeader + "<styleSheet xmlns=\"\(XLSXWriter.mainNamespace)\">"
        if !decimals.isEmpty {
            xml += "<numFmts count=\"\(decimals.count)\">"
            for (index, places) in decimals.enumerated() {
                xml += "<numFmt numFmtId=\"\(164 + index)\" formatCode=\"\(Self.formatCode(decimals: places))\"/>"
            }
            xml += "</numFmts>"
        }
        // Fonts: 0 normal, 1 bold, 2 large bold (titles), 3 small italic (subtitles, notes).
        xml += "<fonts count=\"4\">"
        xml += "<font><sz val=\"11\"/><name val=\"Calibri\"/><family val=\"2\"/></font>"
        xml += "<font><b/><sz val=\"11\"/><name val=\"Calibri\"/><family val=\"2\"/></font>"
        xml += "<font><b/><sz val=\"14\"/><name val=\"Calibri\"/><family val=\"2\"/></font>"
        xml += "<font><i/><sz val=\"10\"/><name val=\"Calibri\"/><family val=\"2\"/></font>"
        xml += "</fonts>"
        xml +=
            "<fills count=\"2\"><fill><patternFill patternType=\"none\"/></fill><fill><patternFill patternType=\"gray125\"/></fill></fills>"
        xml += "<borders count=\"2\"><border><left/><right/><top/><bottom/><diagonal/></border>"
        xml += "<border><left/><right/><top/><bottom style=\"thin\"><color auto=\"1\"/></bottom><diagonal/></border></borders>"
        xml += "<cellStyleXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\"/></cellStyleXfs>"
        var xfs = [
            "<xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\"/>",
            "<xf numFmtId=\"0\" fontId=\"2\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyFont=\"1\"/>",
            "<xf numFmtId=\"0\" fontId=\"3\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyFont=\"1\"/>",
            "<xf numFmtId=\"0\" fontId=\"1\" fillId=\"0\" borderId=\"1\" xfId=\"0\" applyFont=\"1\" applyBorder=\"1\" applyAlignment=\"1\"><alignment vertical=\"bottom\" wrapText=\"1\"/></xf>",
            "<xf numFmtId=\"0\" fontId=\"1\" fillId=\"0\" borderId=\"1\" xfId=\"0\" applyFont=\"1\" applyBorder=\"1\" applyAlignment=\"1\"><alignment horizontal=\"right\" vertical=\"bottom\" wrapText=\"1\"/></xf>",
            "<xf numFmtId=\"0\" fontId=\"3\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyFont=\"1\"/>",
            "<xf numFmtId=\"0\" fontId=\"1\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyFont=\"1\"/>",
        ]
        for index in decimals.indices {
            xfs.append(
                "<xf numFmtId=\"\(164 + index)\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\"/>")
            xfs.append(
                "<xf numFmtId=\"\(164 + index)\" fontId=\"1\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\" applyFont=\"1\"/>"
            )
        }
        xml += "<cellXfs count=\"\(xfs.count)\">" + xfs.joined() + "</cellXfs>"
        xml += "<cellStyles count=\"1\"><cellStyle name=\"Normal\" xfId=\"0\" builtinId=\"0\"/></cellStyles>"
        xml += "<dxfs count=\"0\"/><tableStyles count=\"0\"/>"
        return xml + "</styleSheet>"
    }
}
