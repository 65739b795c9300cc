import Foundation

/// A briefing as one self-contained HTML5 file: tables, inline SVG charts and a provenance
/// footer, with no network resources (it must open on an air-gapped laptop and print cleanly).
/// A document as one self-contained HTML page: inline SVG charts, sortable tables, no external
/// resource (a strict Content-Security-Policy), the key assumptions at the top, a source line
/// under every chart, the sources as links in the provenance footer, print styles.
public struct HTMLDocumentRenderer: DocumentRenderer {
    public var language: String

    public init(language: String = "en") { self.language = language }

    public func render(_ document: Document) throws -> Data { utf8(page(document)) }

    public func page(_ document: Document) -> String {
        var html = "<!DOCTYPE html>\n<html lang=\"\(Markup.escape(language))\">\n<head>\n<meta charset=\"utf-8\">\n"
        html += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        html +=
            "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'\">\n"
        html += "<meta name=\"generator\" content=\"milex\">\n"
        html += "<title>\(Markup.escape(document.title))</title>\n<style>\n\(Self.css)</style>\n</head>\n<body>\n"
        html += "<header>\n<h1>\(Markup.escape(document.title))</h1>\n"
        // Each line of the subtitle (the description, the run line) is a paragraph of its own.
        for line in document.subtitle?.split(separator: "\n") ?? [] {
            html += "<p class=\"subtitle\">\(Markup.escape(String(line)))</p>\n"
        }
        if !document.assumptions.isEmpty {
            html += "<section class=\"assumptions\" id=\"key-assumptions\">\n<h2>Key assumptions</h2>\n<dl>\n"
            for assumption in document.assumptions {
                html += "<dt>\(Markup.escape(assumption.label))</dt><dd>\(Markup.escape(assumption.text))</dd>\n"
            }
            html += "</dl>\n</section>\n"
        }
        html += "</header>\n<main>\n"
        if document.sections.count > 2 {
            html += "<nav class=\"contents\"><h2>Contents</h2>\n<ol>\n"
            for section in document.sections {
                html += "<li><a href=\"#\(Markup.escape(section.id))\">\(Markup.escape(section.heading))</a></li>\n"
            }
            html += "</ol>\n</nav>\n"
        }
        for section in document.sections {
            html += "<section id=\"\(Markup.escape(section.id))\">\n<h2>\(Markup.escape(section.heading))</h2>\n"
            for block in section.blocks {
                switch block {
                case .paragraph(let text): html += "<p>\(Markup.escape(text))</p>\n"
                case .table(let table): html += Self.table(table)
                case .chart(let chart):
                    html += "<figure class=\"chart\" id=\"\(Markup.escape(chart.id))\">\n"
                    html += chart.svg.hasSuffix("\n") ? chart.svg : chart.svg + "\n"
                    html += "<figcaption>\(Markup.escape(chart.caption))"
                    if let source = chart.source { html += "<span class=\"source\">Source: \(Markup.escape(source))</span>" }
                    html += "</figcaption>\n</figure>\n"
                }
            }
            html += "</section>\n"
        }
        if !document.notes.isEmpty {
            html += "<section id=\"notes\">\n<h2>Notes</h2>\n<ul class=\"notes\">\n"
            for note in document.notes { html += "<li>\(Markup.escape(note))</li>\n" }
            html += "</ul>\n</section>\n"
        }
        html += "</main>\n"
        if let provenance = document.provenance {
            html += "<footer>\n<h2>Provenance</h2>\n<ul class=\"provenance\">\n"
            for line in provenance.summaryLines.dropLast(provenance.sources.isEmpty ? 0 : 1) {
                html += "<li>\(Markup.escape(line))</li>\n"
            }
            for (id, source) in provenance.sources {
                html += "<li>Source <strong>\(Markup.escape(id))</strong>: \(Markup.escape(source.publisher)), "
                html += "<cite>\(Markup.escape(source.title))</cite>, \(Markup.escape(source.date))"
                for url in Self.urls(source.url) {
                    html += ", <a href=\"\(Markup.escape(url))\" rel=\"noreferrer\">\(Markup.escape(url))</a>"
                }
                if let via = source.via { html += " (via \(Self.linked(via)))" }
                html += ".</li>\n"
            }
            html += "</ul>\n</footer>\n"
        }
        html += "<script>\n\(Self.script)</script>\n</body>\n</html>\n"
        return html
    }

    /// The http(s) addresses in a source's `url` field (some list two, separated by " ; ").
    static func urls(_ text: String?) -> [String] {
        (text ?? "").split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }.filter {
            $0.hasPrefix("https://") || $0.hasPrefix("http://")
        }
    }

    /// `text` escaped, every http(s) address in it a link (source columns of `milex show`,
    /// the "via" of a source); the address ends at a space, and a trailing ")", "," or "." is
    /// left outside the link.
    static func linked(_ text: String) -> String {
        var html = ""
        var rest = Substring(text)
        while let start = [rest.range(of: "http://"), rest.range(of: "https://")].compactMap({ $0?.lowerBound }).min() {
            html += Markup.escape(String(rest[..<start]))
            var end = rest[start...].firstIndex(where: { $0 == " " || $0 == "\n" }) ?? rest.endIndex
            while end > start, let last = rest[..<end].last, ")],.;'".contains(last) { end = rest.index(before: end) }
            let url = String(rest[start..<end])
            html += "<a href=\"\(Markup.escape(url))\" rel=\"noreferrer\">\(Markup.escape(url))</a>"
            rest = rest[end...]
        }
        return html + Markup.escape(String(rest))
    }

    static func table(_ table: Table) -> String {
        var html =
            "<div class=\"table-wrap\">\n<table class=\"milex-table sortable\" data-table-id=\"\(Markup.escape(table.id))\">\n"
        html += "<caption>\(Markup.escape(table.title))"
        if let subtitle = table.subtitle { html += "<span class=\"table-subtitle\">\(Markup.escape(subtitle))</span>" }
        html += "</caption>\n<thead>\n<tr>"
        for column in table.columns {
            let kind = column.isNumeric ? "number" : "text"
            html += "<th scope=\"col\" data-type=\"\(kind)\"\(column.isNumeric ? " class=\"num\"" : "")>"
            html += "<span class=\"header\">\(Markup.escape(column.header))</span>"
            if let unit = column.unit, !unit.isEmpty { html += "<span class=\"unit\">\(Markup.escape(unit))</span>" }
            html += "</th>"
        }
        html += "</tr>\n</thead>\n<tbody>\n"
        for (row, kind) in zip(table.rows, table.rowKinds) {
            html += kind == .aggregate ? "<tr class=\"aggregate\">" : "<tr>"
            for (cell, column) in zip(row, table.columns) {
                let text = Markup.escape(table.display(cell, in: column))
                guard column.isNumeric else {
                    html += "<td>\(Self.linked(table.display(cell, in: column)))</td>"
                    continue
                }
                // The sort key keeps full precision; the shown text is rounded.
                var key = ""
                if case .number(let value) = cell, value.isFinite { key = NumberText.shortest(value) }
                html += "<td class=\"num\" data-value=\"\(key)\">\(text)</td>"
            }
            html += "</tr>\n"
        }
        html += "</tbody>\n</table>\n"
        if !table.notes.isEmpty {
            html += "<ul class=\"notes\">\n"
            for note in table.notes { html += "<li>\(Markup.escape(note))</li>\n" }
            html += "</ul>\n"
        }
        html += "</div>\n"
        return html
    }

    static let css = """
        :root { color-scheme: light; }
        body { margin: 0 auto; max-width: 72rem; padding: 1.5rem; background: #ffffff; color: #1a1a1a;
          font-family: "DejaVu Sans", "Segoe UI", Helvetica, Arial, sans-serif; font-size: 16px; line-height: 1.5; }
        h1 { font-size: 1.8rem; margin: 0 0 0.25rem; }
        h2 { font-size: 1.35rem; margin: 2rem 0 0.5rem; border-bottom: 1px solid #cccccc; padding-bottom: 0.2rem; }
        .subtitle { color: #444444; margin: 0 0 1rem; }
        .assumptions { background: #f4f6f8; border-left: 4px solid #0072b2; padding: 0.4rem 1rem 0.6rem; margin: 0.5rem 0 1rem; }
        .assumptions h2 { border: none; margin: 0.3rem 0; font-size: 1.1rem; }
        .assumptions dl { margin: 0; display: grid; grid-template-columns: max-content 1fr; gap: 0.2rem 1rem; }
        .assumptions dt { font-weight: bold; }
        .assumptions dd { margin: 0; }
        nav.contents ol { columns: 2; margin: 0.3rem 0 1rem; }
        figcaption .source { display: block; color: #555555; font-size: 0.8rem; }
        footer a, td a { color: #0055a4; word-break: break-all; }
        p { max-width: 48rem; }
        .table-wrap { overflow-x: auto; margin: 1rem 0 1.5rem; }
        table { border-collapse: collapse; font-size: 0.9rem; font-variant-numeric: tabular-nums; }
        caption { text-align: left; font-weight: bold; padding: 0 0 0.4rem; }
        .table-subtitle { display: block; font-weight: normal; color: #444444; }
        th, td { padding: 0.25rem 0.6rem; border-bottom: 1px solid #e2e2e2; vertical-align: bottom; }
        th { text-align: left; border-bottom: 2px solid #555555; cursor: pointer; user-select: none; }
        th .unit { white-space: nowrap; }
        th:focus { outline: 2px solid #0072b2; outline-offset: -2px; }
        th .header { display: block; }
        th .unit { display: block; font-weight: normal; font-size: 0.8rem; color: #555555; }
        th.num, td.num { text-align: right; }
        td.num { white-space: nowrap; }
        th[aria-sort="ascending"] .header::after { content: " \\25B2"; font-size: 0.7em; }
        th[aria-sort="descending"] .header::after { content: " \\25BC"; font-size: 0.7em; }
        tbody tr:nth-child(even) { background: #f6f6f6; }
        tr.aggregate td { font-weight: bold; border-top: 2px solid #555555; }
        ul.notes { font-size: 0.8rem; color: #444444; margin: 0.4rem 0 0; padding-left: 1.2rem; max-width: 60rem; }
        figure.chart { margin: 1rem 0 1.5rem; }
        figure.chart svg { display: block; max-width: 100%; height: auto; }
        figcaption { font-size: 0.85rem; color: #444444; margin-top: 0.3rem; }
        footer { margin-top: 2.5rem; font-size: 0.8rem; color: #444444; }
        footer ul { padding-left: 1.2rem; overflow-wrap: anywhere; }
        @media print {
          body { max-width: none; padding: 0; font-size: 10pt; }
          th { cursor: auto; }
          th .header::after { content: none !important; }
          .table-wrap { overflow: visible; }
          table { page-break-inside: auto; }
          tr, figure.chart { page-break-inside: avoid; break-inside: avoid; }
          thead { display: table-header-group; }
          h2 { page-break-after: avoid; break-after: avoid; }
        }

        """

    /// Click (or Enter/Space on) a header to sort its table; numbers by their full-precision
    /// value, blanks last, aggregate rows kept at the bottom in their original order.
    static let script = """
        (function () {
          "use strict";
          function key(cell, numeric) {
            if (!cell) { return null; }
            if (numeric) {
              var raw = cell.getAttribute("data-value");
              var value = raw === null || raw === "" ? NaN : parseFloat(raw);
              return isNaN(value) ? null : value;
            }
            var text = cell.textContent.trim();
            return text === "" || text === "\\u2013" ? null : text;
          }
          function sortBy(table, th, index) {
            var numeric = th.getAttribute("data-type") === "number";
            var ascending = th.getAttribute("aria-sort") !== "ascending";
            var headers = table.tHead.rows[0].cells;
            for (var h = 0; h < headers.length; h++) { headers[h].setAttribute("aria-sort", "none"); }
            th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
            var body = table.tBodies[0];
            var rows = Array.prototype.slice.call(body.rows);
            var plain = rows.filter(function (r) { return !r.classList.contains("aggregate"); });
            var aggregates = rows.filter(function (r) { return r.classList.contains("aggregate"); });
            var keyed = plain.map(function (row, position) { return { row: row, key: key(row.cells[index], numeric), position: position }; });
            keyed.sort(function (a, b) {
              if (a.key === null || b.key === null) {
                if (a.key === b.key) { return a.position - b.position; }
                return a.key === null ? 1 : -1;
              }
              var order = numeric ? a.key - b.key : a.key.localeCompare(b.key, undefined, { numeric: true });
              if (order === 0) { return a.position - b.position; }
              return ascending ? order : -order;
            });
            keyed.forEach(function (item) { body.appendChild(item.row); });
            aggregates.forEach(function (row) { body.appendChild(row); });
          }
          var tables = document.querySelectorAll("table.sortable");
          Array.prototype.forEach.call(tables, function (table) {
            if (!table.tHead || !table.tBodies.length) { return; }
            Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, index) {
              th.setAttribute("tabindex", "0");
              th.setAttribute("aria-sort", "none");
              th.addEventListener("click", function () { sortBy(table, th, index); });
              th.addEventListener("keydown", function (event) {
                if (event.key === "Enter" || event.key === " ") { event.preventDefault(); sortBy(table, th, index); }
              });
            });
          });
          document.body.setAttribute("data-sortable-ready", "true");
        })();

        """
}
