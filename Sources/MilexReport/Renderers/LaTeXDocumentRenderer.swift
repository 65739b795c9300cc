import Foundation

/// A document as LaTeX: a complete article (Latin Modern, booktabs rules, `longtable` so a long
/// table breaks across pages with its header repeated, true minus signs), or with `fragment`
/// the tables alone, to `\input` into a briefing (needs `booktabs` and `longtable`).
public struct LaTeXDocumentRenderer: DocumentRenderer {
    public var fragment: Bool

    public init(fragment: Bool = false) { self.fragment = fragment }

    public func render(_ document: Document) throws -> Data { utf8(text(document)) }

    static let preamble = """
        \\documentclass[a4paper,10pt]{article}
        \\usepackage[T1]{fontenc}
        \\usepackage[utf8]{inputenc}
        \\usepackage{lmodern}
        \\usepackage{textcomp}
        \\usepackage{booktabs}
        \\usepackage{longtable}
        \\usepackage[margin=1.8cm,landscape]{geometry}
        \\setlength{\\LTcapwidth}{\\textwidth}
        \\begin{document}

        """

    public func text(_ document: Document) -> String {
        let escape = LaTeXRenderer.escape
        if fragment {
            return "% milex: tables of \"\(document.title)\" (needs \\usepackage{booktabs,longtable})\n"
                + document.tables.map(longtable).joined(separator: "\n")
        }
        var output = Self.preamble
        output += "\\section*{\(escape(document.title))}\n"
        if let subtitle = document.subtitle { output += escape(subtitle).replacingOccurrences(of: "\n", with: "\n\n") + "\n\n" }
        if !document.assumptions.isEmpty {
            output += "\\subsection*{Key assumptions}\n\\begin{itemize}\n"
            for assumption in document.assumptions {
                output += "\\item \\textbf{\(escape(assumption.label))}: \(escape(assumption.text))\n"
            }
            output += "\\end{itemize}\n"
        }
        for section in document.sections {
            output += "\\subsection*{\(escape(section.heading))}\n"
            for block in section.blocks {
                switch block {
                case .paragraph(let text): output += escape(text) + "\n\n"
                case .table(let table): output += longtable(table) + "\n"
                case .chart(let chart): output += "\\emph{Chart (in the HTML output): \(escape(chart.caption))}\n\n"
                }
            }
        }
        func list(_ heading: String, _ items: [String]) {
            guard !items.isEmpty else { return }
            output +=
                "\\subsection*{\(heading)}\n\\begin{itemize}\n" + items.map { "\\item " + escape($0) }.joined(separator: "\n")
            output += "\n\\end{itemize}\n"
        }
        list("Notes", document.notes)
        list("Provenance", document.provenance?.lines ?? [])
        output += "\\end{document}\n"
        return output
    }

    /// A number's text with a true minus sign.
    static func number(_ text: String) -> String {
        text.hasPrefix("-") ? "\\textminus{}" + text.dropFirst() : text
    }

    /// A `longtable` with booktabs rules, the header repeated on every page.
    public func longtable(_ table: Table) -> String {
        let escape = LaTeXRenderer.escape
        let alignment = table.columns.map { $0.isNumeric ? "r" : "l" }.joined()
        var head = table.columns.map { escape($0.header) }.joined(separator: " & ") + " \\\\\n"
        if table.columns.contains(where: { $0.unit != nil }) {
            head += table.columns.map { escape($0.unit ?? "") }.joined(separator: " & ") + " \\\\\n"
        }
        var output = "{\\small\n\\begin{longtable}{\(alignment)}\n"
        output += "\\caption*{\\textbf{\(escape(table.title))}"
        if let subtitle = table.subtitle { output += "\\\\ \(escape(subtitle))" }
        output += "}\\\\\n"
        output += "\\toprule\n" + head + "\\midrule\n\\endfirsthead\n"
        output += "\\toprule\n" + head + "\\midrule\n\\endhead\n"
        output += "\\bottomrule\n\\endfoot\n"
        for (row, kind) in zip(table.rows, table.rowKinds) {
            if kind == .aggregate { output += "\\midrule\n" }
            let texts = zip(row, table.columns).map { cell, column -> String in
                var text = escape(table.display(cell, in: column))
                if column.isNumeric { text = Self.number(text) }
                return kind == .aggregate ? "\\textbf{\(text)}" : text
            }
            output += texts.joined(separator: " & ") + " \\\\\n"
        }
        output += "\\end{longtable}\n"
        if !table.notes.isEmpty {
            output += "\\begin{footnotesize}\n" + table.notes.map(escape).joined(separator: "\\par\n") + "\n\\end{footnotesize}\n"
        }
        output += "}\n"
        return output
    }
}
