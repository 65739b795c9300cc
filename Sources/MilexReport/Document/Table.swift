import Foundation

/// A table of figures: the one model every output format renders.
public struct Table: Sendable, Equatable {
    /// A column: header, unit and how its cells are shown.
    public struct Column: Sendable, Equatable {
        /// How a column's numbers are formatted for display.
        public enum Format: Sendable, Equatable {
            case text
            /// A number with a fixed number of decimals.
            case number(decimals: Int)
            /// A whole number without grouping (years).
            case integer
        }

        /// A stable identifier (CSV and JSON use it as the field name).
        public var id: String
        /// The header shown to readers.
        public var header: String
        /// The unit, shown under or beside the header (`% of GDP`, `bn EUR`).
        public var unit: String?
        public var format: Format

        public init(id: String, header: String, unit: String? = nil, format: Format) {
            self.id = id
            self.header = header
            self.unit = unit
            self.format = format
        }

        /// Whether the column holds numbers (right-aligned).
        public var isNumeric: Bool { format != .text }
    }

    /// A cell.
    public enum Cell: Sendable, Equatable {
        case text(String)
        case number(Double)
        /// No value (shown as a dash; empty in CSV; null in JSON).
        case empty
    }

    /// What a row is, for emphasis (aggregates are set apart).
    public enum RowKind: Sendable, Equatable {
        case body
        case aggregate
    }

    /// A stable identifier (file and sheet names).
    public var id: String
    public var title: String
    public var subtitle: String?
    public var columns: [Column]
    public var rows: [[Cell]]
    public var rowKinds: [RowKind]
    /// Notes printed under the table: units, approximations, sources.
    public var notes: [String]

    public init(id: String, title: String, subtitle: String? = nil, columns: [Column], notes: [String] = []) {
        self.id = id
        self.title = title
        self.subtitle = subtitle
        self.columns = columns
        self.rows = []
        self.rowKinds = []
        self.notes = notes
    }

    /// Appends a row (as many cells as columns; traps otherwise, a programmer error).
    public mutating func append(_ cells: [Cell], kind: RowKind = .body) {
        precondition(cells.count == columns.count, "row has \(cells.count) cells, table \(id) has \(columns.count) columns")
        rows.append(cells)
        rowKinds.append(kind)
    }

    /// The cell as text for display (fixed decimals; `–` for no value).
    public func display(_ cell: Cell, in column: Column) -> String {
        switch cell {
        case .text(let text): return text
        case .empty: return "–"
        case .number(let value):
            guard value.isFinite else { return "–" }
            switch column.format {
            case .integer: return String(Int(value.rounded()))
            case .number(let decimals): return NumberText.fixed(value, decimals: decimals)
            case .text: return NumberText.shortest(value)
            }
        }
    }
}

/// Number formatting shared by every renderer.
public enum NumberText {
    /// `value` with exactly `decimals` decimals, a minus sign for negatives, no grouping;
    /// negative zero prints as zero.
    public static func fixed(_ value: Double, decimals: Int) -> String {
        let text = String(format: "%.\(max(0, decimals))f", value)
        // printf keeps the sign of a value that rounds to zero ("-0.00"); readers expect "0.00".
        if text.hasPrefix("-"), text.dropFirst().allSatisfy({ $0 == "0" || $0 == "." }) { return String(text.dropFirst()) }
        return text
    }

    /// The shortest text that reads back as `value` (JSON keeps full precision).
    public static func shortest(_ value: Double) -> String {
        if value == value.rounded() && abs(value) < 1e15 { return String(Int64(value)) }
        return "\(value)"
    }

    /// `value` rounded to `digits` significant digits, in plain decimal notation (no exponent),
    /// trailing zeros dropped: `3.4999999999999996` → `3.5` with 12 digits. CSV files carry 12,
    /// which is what a spreadsheet shows and hides the last bits of floating-point arithmetic.
    public static func significant(_ value: Double, digits: Int = 12) -> String {
        guard value.isFinite, value != 0 else { return value.isFinite ? "0" : "\(value)" }
        // printf rounds correctly: "d.ddd…e±x" gives the digits and the decimal exponent.
        let scientific = String(format: "%.\(max(1, digits) - 1)e", value)
        guard let e = scientific.firstIndex(where: { $0 == "e" || $0 == "E" }),
            let exponent = Int(scientific[scientific.index(after: e)...])
        else { return shortest(value) }
        let negative = scientific.hasPrefix("-")
        let mantissa = scientific[..<e].filter(\.isNumber)
        var digitsText = String(mantissa)
        // Place the decimal point `exponent + 1` digits from the left of the mantissa.
        let point = exponent + 1
        var text: String
        if point <= 0 {
            text = "0." + String(repeating: "0", count: -point) + digitsText
        } else if point >= digitsText.count {
            digitsText += String(repeating: "0", count: point - digitsText.count)
            text = digitsText
        } else {
            let index = digitsText.index(digitsText.startIndex, offsetBy: point)
            text = digitsText[..<index] + "." + digitsText[index...]
        }
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        if text.allSatisfy({ $0 == "0" }) { return "0" }
        return (negative ? "-" : "") + text
    }
}

extension Table {
    /// Tables with the same columns stacked into one, each row prefixed with its table's
    /// `label` in a first column `variant` (for one long CSV of per-variant tables).
    public static func stacked(_ tables: [(label: String, table: Table)], id: String, title: String) -> Table? {
        guard let first = tables.first?.table else { return nil }
        var stacked = Table(
            id: id, title: title, columns: [Column(id: "variant", header: "Variant", format: .text)] + first.columns,
            notes: first.notes)
        for (label, table) in tables where table.columns.map(\.id) == first.columns.map(\.id) {
            for (row, kind) in zip(table.rows, table.rowKinds) { stacked.append([.text(label)] + row, kind: kind) }
        }
        return stacked
    }
}
