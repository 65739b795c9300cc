import Foundation
import MilexScenario

/// The formats a table can be written in.
public enum TableFormat: String, CaseIterable, Sendable {
    case table
    case csv
    case markdown = "md"
    case latex
    case json
    case html
    case xlsx
}

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
        let headers = table.columns.map(\.header)
        let units = table.columns.map { $0.unit ?? "" }
        let cells = table.rows.map { row in zip(row, table.columns).map { table.display($0, in: $1) } }
        var widths = table.columns.indices.map { max(DisplayWidth.of(headers[$0]), DisplayWidth.of(units[$0])) }
        for row in cells {
            for (index, text) in row.enumerated() { widths[index] = max(widths[index], DisplayWidth.of(text)) }
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

/// Renders tables as LaTeX with booktabs rules, every special character escaped.
public struct LaTeXRenderer: Sendable {
    public init() {}

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
            default: output.append(character)
            }
        }
        return output
    }

    /// A `table` environment with a booktabs `tabular` (needs `\usepackage{booktabs}`).
    public func render(_ table: Table) -> String {
        let alignment = table.columns.map { $0.isNumeric ? "r" : "l" }.joined()
        var output = "\\begin{table}[htbp]\n\\centering\n\\small\n"
        output += "\\caption{\(Self.escape(table.title))}\n"
        output += "\\begin{tabular}{\(alignment)}\n\\toprule\n"
        output += table.columns.map { Self.escape($0.header) }.joined(separator: " & ") + " \\\\\n"
        if table.columns.contains(where: { $0.unit != nil }) {
            output += table.columns.map { Self.escape($0.unit ?? "") }.joined(separator: " & ") + " \\\\\n"
        }
        output += "\\midrule\n"
        for (row, kind) in zip(table.rows, table.rowKinds) {
            if kind == .aggregate { output += "\\midrule\n" }
            let texts = zip(row, table.columns).map { cell, column -> String in
                let text = Self.escape(table.display(cell, in: column))
                return kind == .aggregate ? "\\textbf{\(text)}" : text
            }
            output += texts.joined(separator: " & ") + " \\\\\n"
        }
        output += "\\bottomrule\n\\end{tabular}\n"
        if !table.notes.isEmpty {
            output += "\\par\\smallskip\n\\begin{minipage}{0.95\\linewidth}\\footnotesize\n"
            output += table.notes.map(Self.escape).joined(separator: "\\\\\n") + "\n\\end{minipage}\n"
        }
        output += "\\end{table}\n"
        return output
    }

    /// A complete document (compiles with `pdflatex`).
    public func document(_ tables: [Table], title: String) -> String {
        var output = "\\documentclass[a4paper]{article}\n\\usepackage[T1]{fontenc}\n\\usepackage[utf8]{inputenc}\n"
        output += "\\usepackage{booktabs}\n\\usepackage[margin=2cm,landscape]{geometry}\n\\begin{document}\n"
        output += "\\section*{\(Self.escape(title))}\n"
        output += tables.map(render).joined(separator: "\n")
        output += "\\end{document}\n"
        return output
    }
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
