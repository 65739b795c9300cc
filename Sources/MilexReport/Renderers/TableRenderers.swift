import Foundation
import MilexScenario

/// Renders tables for a terminal: columns aligned by display width, units under the headers,
/// notes below; ANSI emphasis only when asked (a terminal without `NO_COLOR`).
public struct TerminalRenderer: Sendable {
    /// Whether to emit ANSI escape codes.
    public var colour: Bool
    /// The terminal width to fit: columns are separated by two spaces, or one when two would
    /// not fit.
    public var maxWidth: Int

    public init(colour: Bool = false, maxWidth: Int = 100) {
        self.colour = colour
        self.maxWidth = maxWidth
    }

    private func bold(_ text: String) -> String { colour ? "\u{1B}[1m\(text)\u{1B}[0m" : text }
    private func dim(_ text: String) -> String { colour ? "\u{1B}[2m\(text)\u{1B}[0m" : text }

    /// The table as text lines.
    public func render(_ table: Table) -> String {
        var headers = table.columns.map(\.header)
        let units = table.columns.map { $0.unit ?? "" }
        let cells = table.rows.map { row in zip(row, table.columns).map { table.display($0, in: $1) } }
        var bodyWidths = table.columns.indices.map { DisplayWidth.of(units[$0]) }
        for row in cells {
            for (index, text) in row.enumerated() { bodyWidths[index] = max(bodyWidths[index], DisplayWidth.of(text)) }
        }
        var widths = table.columns.indices.map { max(DisplayWidth.of(headers[$0]), bodyWidths[$0]) }
        // Too wide: headers longer than their figures ("Extra cum. 2026–35") go on two lines.
        var upperHeaders = headers.map { _ in "" }
        if widths.reduce(0, +) + 2 * max(0, widths.count - 1) > maxWidth {
            for index in headers.indices where DisplayWidth.of(headers[index]) > bodyWidths[index] {
                guard let (upper, lower) = Self.split(headers[index]) else { continue }
                upperHeaders[index] = upper
                headers[index] = lower
                widths[index] = max(bodyWidths[index], DisplayWidth.of(upper), DisplayWidth.of(lower))
            }
        }
        let gap = widths.reduce(0, +) + 2 * max(0, widths.count - 1) <= maxWidth ? 2 : 1
        func line(_ texts: [String]) -> String {
            zip(texts, table.columns.indices).map { text, index in
                DisplayWidth.pad(text, to: widths[index], rightAligned: table.columns[index].isNumeric)
            }.joined(separator: String(repeating: " ", count: gap))
        }
        let totalWidth = widths.reduce(0, +) + gap * max(0, widths.count - 1)
        var output = bold(table.title) + "\n"
        if let subtitle = table.subtitle { output += subtitle + "\n" }
        if upperHeaders.contains(where: { !$0.isEmpty }) { output += bold(line(upperHeaders)).trimmingTrailingSpaces() + "\n" }
        output += bold(line(headers)).trimmingTrailingSpaces() + "\n"
        if units.contains(where: { !$0.isEmpty }) { output += dim(line(units)).trimmingTrailingSpaces() + "\n" }
        output += String(repeating: "─", count: totalWidth) + "\n"
        for (row, kind) in zip(cells, table.rowKinds) {
            let text = line(row).trimmingTrailingSpaces()
            output += (kind == .aggregate ? bold(text) : text) + "\n"
        }
        for note in table.notes { output += dim(TextWrap.wrap(note, width: maxWidth, firstIndent: "  ", indent: "    ")) + "\n" }
        return output
    }

    /// Several tables, separated by blank lines.
    public func render(_ tables: [Table]) -> String { tables.map(render).joined(separator: "\n") }

    /// A header split at the space that makes its longer line shortest (nil: one word).
    static func split(_ header: String) -> (String, String)? {
        let words = header.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        guard words.count > 1 else { return nil }
        let splits = (1..<words.count).map { cut in
            (words[..<cut].joined(separator: " "), words[cut...].joined(separator: " "))
        }
        return splits.min {
            max(DisplayWidth.of($0.0), DisplayWidth.of($0.1)) < max(DisplayWidth.of($1.0), DisplayWidth.of($1.1))
        }
    }
}

/// Renders tables as CSV (RFC 4180: CRLF line ends, fields with commas, quotes or line
/// breaks quoted, quotes doubled). Numbers have at most 12 significant digits (a spreadsheet
/// shows no more, and the last bits of binary arithmetic stay out of the file); JSON keeps full
/// precision. Units are in the column ids.
public struct CSVRenderer: Sendable {
    public init() {}

    /// One field, quoted when RFC 4180 requires it.
    public static func field(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    public func render(_ table: Table) -> String {
        var lines = [table.columns.map { Self.field($0.id) }.joined(separator: ",")]
        for row in table.rows {
            lines.append(
                row.map { cell -> String in
                    switch cell {
                    case .text(let text): return Self.field(text)
                    case .number(let value): return value.isFinite ? NumberText.significant(value) : ""
                    case .empty: return ""
                    }
                }.joined(separator: ","))
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }
}

/// Renders tables as GitHub-flavoured Markdown, ready to paste into a briefing note.
public struct MarkdownRenderer: Sendable {
    public init() {}

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "|", with: "\\|")
            .replacingOccurrences(of: "\n", with: " ")
    }

    public func render(_ table: Table, headingLevel: Int = 3) -> String {
        var output = String(repeating: "#", count: headingLevel) + " " + Self.escape(table.title) + "\n\n"
        if let subtitle = table.subtitle { output += Self.escape(subtitle) + "\n\n" }
        let headers = table.columns.map { column in
            Self.escape(column.header) + (column.unit.map { " (\(Self.escape($0)))" } ?? "")
        }
        output += "| " + headers.joined(separator: " | ") + " |\n"
        output += "|" + table.columns.map { $0.isNumeric ? "---:" : ":---" }.joined(separator: "|") + "|\n"
        for (row, kind) in zip(table.rows, table.rowKinds) {
            let texts = zip(row, table.columns).map { Self.escape(table.display($0, in: $1)) }
            let cells = kind == .aggregate ? texts.map { "**\($0)**" } : texts
            output += "| " + cells.joined(separator: " | ") + " |\n"
        }
        if !table.notes.isEmpty {
            output += "\n" + table.notes.map { "- " + Self.escape($0) }.joined(separator: "\n") + "\n"
        }
        return output
    }

    public func render(_ tables: [Table]) -> String { tables.map { render($0) }.joined(separator: "\n") }
}

/// LaTeX escaping, shared by the LaTeX renderer (``LaTeXDocumentRenderer``).
public enum LaTeXRenderer {

    /// `text` with LaTeX's special characters escaped.
    public static func escape(_ text: String) -> String {
        var output = ""
        for character in text {
            switch character {
            case "\\": output += "\\textbackslash{}"
            case "&": output += "\\&"
            case "%": output += "\\%"
            case "$": output += "\\$"
            case "#": output += "\\#"
            case "_": output += "\\_"
            case "{": output += "\\{"
            case "}": output += "\\}"
            case "~": output += "\\textasciitilde{}"
            case "^": output += "\\textasciicircum{}"
            case "<": output += "\\textless{}"
            case ">": output += "\\textgreater{}"
            case "−": output += "\\ensuremath{-}"
            case "–": output += "--"
            case "—": output += "---"
            case "≥": output += "\\ensuremath{\\geq}"
            case "≤": output += "\\ensuremath{\\leq}"
            case "×": output += "\\ensuremath{\\times}"
            case "·": output += "\\ensuremath{\\cdot}"
            case "→": output += "\\ensuremath{\\rightarrow}"
            case "€": output += "EUR"
            case "Σ": output += "\\ensuremath{\\Sigma}"
            case "Δ": output += "\\ensuremath{\\Delta}"
            case "γ": output += "\\ensuremath{\\gamma}"
            case "λ": output += "\\ensuremath{\\lambda}"
            case "≈": output += "\\ensuremath{\\approx}"
            case "²": output += "\\ensuremath{^2}"
            case "⁻": output += "\\ensuremath{^-}"
            case "¹": output += "\\ensuremath{^1}"
            case "…": output += "\\ldots{}"
            case "’": output += "'"
            case "“", "”": output += "\""
            case "°": output += "\\ensuremath{^\\circ}"
            case "‘": output += "`"
            case "‑", "‐": output += "-"
            case "•": output += "\\textbullet{}"
            case "≠": output += "\\ensuremath{\\neq}"
            case "√": output += "\\ensuremath{\\surd}"
            case "α", "β", "δ", "ε", "θ", "κ", "μ", "π", "ρ", "σ", "τ", "φ", "ω":
                output += "\\ensuremath{\\\(Self.greek[character]!)}"
            case "⁰", "³", "⁴", "⁵", "⁶", "⁷", "⁸", "⁹":
                output += "\\ensuremath{^\(Self.superscripts[character]!)}"
            default:
                // pdflatex with T1 and utf8 sets Latin-1 and Latin Extended-A; anything else
                // (a Korean title, an emoji) is named by its code point rather than breaking the build.
                if character.unicodeScalars.allSatisfy({ $0.value <= 0x17F }) {
                    output.append(character)
                } else {
                    output += character.unicodeScalars.map { "\\texttt{[U+\(String($0.value, radix: 16, uppercase: true))]}" }
                        .joined()
                }
            }
        }
        return output
    }

    static let greek: [Character: String] = [
        "α": "alpha", "β": "beta", "δ": "delta", "ε": "varepsilon", "θ": "theta", "κ": "kappa", "μ": "mu",
        "π": "pi", "ρ": "rho", "σ": "sigma", "τ": "tau", "φ": "varphi", "ω": "omega",
    ]
    static let superscripts: [Character: String] = [
        "⁰": "0", "³": "3", "⁴": "4", "⁵": "5", "⁶": "6", "⁷": "7", "⁸": "8", "⁹": "9",
    ]
}

/// Renders tables as JSON: columns with units, rows as objects keyed by column id.
public struct TableJSONRenderer: Sendable {
    public init() {}

    public func value(_ table: Table) -> JSONOutput {
        .object([
            ("id", .string(table.id)), ("title", .string(table.title)),
            ("subtitle", table.subtitle.map(JSONOutput.string) ?? .null),
            (
                "columns",
                .array(
                    table.columns.map { column in
                        .object([
                            ("id", .string(column.id)), ("header", .string(column.header)),
                            ("unit", column.unit.map(JSONOutput.string) ?? .null),
                        ])
                    })
            ),
            (
                "rows",
                .array(
                    zip(table.rows, table.rowKinds).map { row, kind in
                        .object(
                            zip(table.columns, row).map { column, cell in
                                let value: JSONOutput
                                switch cell {
                                case .text(let text): value = .string(text)
                                case .number(let number): value = .number(number)
                                case .empty: value = .null
                                }
                                return (column.id, value)
                            } + (kind == .aggregate ? [("_aggregate", JSONOutput.bool(true))] : []))
                    })
            ),
            ("notes", .array(table.notes.map(JSONOutput.string))),
        ])
    }

    public func render(_ tables: [Table]) -> String {
        JSONOutput.object([("tables", .array(tables.map(value)))]).rendered() + "\n"
    }
}

extension String {
    func trimmingTrailingSpaces() -> String {
        var text = self
        while text.hasSuffix(" ") { text.removeLast() }
        return text
    }
}
