import Foundation
import MilexReportTestSupport
import MilexTestSupport
import Testing

@testable import MilexReport

@Suite("HTML report")
struct HTMLReportTests {
    /// A small report with every kind of content, for the golden file.
    static func smallReport() -> Document {
        var table = Table(
            id: "debt", title: "Debt and balance", subtitle: "Baseline, 2030",
            columns: [
                .init(id: "country", header: "Country", format: .text),
                .init(id: "year", header: "Year", format: .integer),
                .init(id: "debt", header: "Debt", unit: "% of GDP", format: .number(decimals: 1)),
                .init(id: "balance", header: "Balance", unit: "% of GDP", format: .number(decimals: 2)),
            ],
            notes: ["Balance is the headline balance; deficit = −balance.", "Source: Eurostat <gov_10dd_edpt1> & AMECO."])
        table.append([.text("Germany"), .number(2030), .number(64.04), .number(-2.346)])
        table.append([.text("France"), .number(2030), .number(118.25), .number(-4.9)])
        table.append([.text("Iceland"), .number(2030), .empty, .number(0.5)])
        table.append([.text("Total"), .number(2030), .number(88.1), .number(-3.05)], kind: .aggregate)
        let chart = LineChart(
            title: "Debt", yLabel: "Debt", yUnit: "% of GDP",
            series: [.init(name: "Germany", points: [(2025, 62.5), (2030, 64.04)])], referenceLines: [(60, "60 %")])
        return Document(
            command: "test", title: "Golden report", subtitle: "Scenario \"baseline\" — small",
            assumptions: [.init("Starting point", "base year 2025, dataset vintage 2026.07"), .init("Financing", "borrowed")],
            sections: [
                Document.Section(
                    id: "debt", heading: "Debt",
                    blocks: [
                        .paragraph("Debt rises where spending grows faster than GDP."), .table(table),
                        .chart(
                            Chart(
                                id: "debt-germany", svg: SVGRenderer.render(chart, width: 480, height: 240),
                                caption: "Debt, Germany",
                                source: "milex projection of baseline.json on milex dataset vintage 2025-06."
                            )),
                    ])
            ], notes: ["Money in EUR."])
    }

    static func render(_ document: Document) -> String { HTMLDocumentRenderer().page(document) }

    /// The comparison fixture's document: a real provenance with sources.
    static func compareHTML() throws -> String { render(try CompareFixture.document()) }

    @Test("no network resources: nothing loaded through src, href, url() or @import")
    func selfContained() throws {
        var report = Self.smallReport()
        report.sections[0].blocks.append(.chart(Chart(id: "gaps", svg: SVGRenderer.render(Fixtures.barChart()), caption: "Gaps")))
        report.sections[0].blocks.append(.table(Fixtures.countryTable()))
        for html in [Self.render(report), try Self.compareHTML()] {
            let lowered = html.lowercased()
            for pattern in ["src=", "url(", "@import", "<link", "<img", "<iframe", "<object"] {
                #expect(!lowered.contains(pattern), "\(pattern) found")
            }
            // Links go to the sources (opened by the reader, never loaded) or within the page.
            for link in html.matches(of: /href="([^"]*)"/).map({ String($0.output.1) }) {
                #expect(link.hasPrefix("#") || link.hasPrefix("https://"), "link \(link)")
            }
        }
        let html = Self.render(report)
        #expect(html.contains("Content-Security-Policy"))
        #expect(html.hasPrefix("<!DOCTYPE html>\n<html lang=\"en\">"))
    }

    @Test("text is escaped: a <script> in a cell, header, note or title stays text")
    func escaping() {
        var table = Table(
            id: "x\"y", title: "<b>Title</b>", columns: [.init(id: "a", header: "A & <B>", unit: "<u>", format: .text)],
            notes: ["note </table>"])
        table.append([.text("<script>alert('x')</script>")])
        let html = Self.render(
            Document(command: "test", title: "T <script>", sections: [.init(id: "h", heading: "H&H", blocks: [.table(table)])]))
        #expect(html.contains("<td>&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;</td>"))
        #expect(html.components(separatedBy: "<script").count == 2, "only the sort script")
        #expect(html.contains("data-table-id=\"x&quot;y\""))
        #expect(html.contains("<caption>&lt;b&gt;Title&lt;/b&gt;</caption>"))
        #expect(html.contains("A &amp; &lt;B&gt;"))
        #expect(html.contains("<li>note &lt;/table&gt;</li>"))
        #expect(html.contains("<title>T &lt;script&gt;</title>"))
        #expect(html.contains("<h2>H&amp;H</h2>"))
    }

    @Test("tables: units under headers, numbers right-aligned with full-precision sort keys, aggregates marked")
    func tableMarkup() {
        let html = Self.render(Self.smallReport())
        #expect(html.contains("<table class=\"milex-table sortable\" data-table-id=\"debt\">"))
        #expect(html.contains("<caption>Debt and balance<span class=\"table-subtitle\">Baseline, 2030</span></caption>"))
        #expect(
            html.contains(
                "<th scope=\"col\" data-type=\"number\" class=\"num\"><span class=\"header\">Debt</span><span class=\"unit\">% of GDP</span></th>"
            ))
        #expect(html.contains("<th scope=\"col\" data-type=\"text\"><span class=\"header\">Country</span></th>"))
        #expect(html.contains("<td class=\"num\" data-value=\"-2.346\">-2.35</td>"))
        #expect(html.contains("<td class=\"num\" data-value=\"2030\">2030</td>"))
        #expect(html.contains("<td class=\"num\" data-value=\"\">–</td>"))
        #expect(html.contains("<tr class=\"aggregate\"><td>Total</td>"))
        #expect(html.contains("tr.aggregate td { font-weight: bold;"))
        #expect(html.contains("<ul class=\"notes\">"))
        #expect(
            html.contains(
                "<figcaption>Debt, Germany<span class=\"source\">Source: milex projection of baseline.json on milex dataset vintage 2025-06.</span></figcaption>"
            ))
    }

    @Test("the sort script is present and marks the page ready")
    func sortScript() {
        let html = Self.render(Self.smallReport())
        #expect(html.contains("<script>\n(function () {"))
        #expect(html.contains("document.body.setAttribute(\"data-sortable-ready\", \"true\")"))
        #expect(html.contains("aria-sort"))
        #expect(html.contains("classList.contains(\"aggregate\")"))
        #expect(html.contains("@media print"))
    }

    @Test("the report is valid XML apart from the doctype (a cheap well-formedness check)")
    func wellFormed() throws {
        let html = Self.render(Self.smallReport())
        // HTML void elements are written without a closing tag; close <meta> for the XML parser.
        let xml = html.replacingOccurrences(of: "<!DOCTYPE html>\n", with: "")
            .replacingOccurrences(of: #"(<meta [^>]*)>"#, with: "$1/>", options: .regularExpression)
            // Script and style are raw text in HTML, not XML: leave them out.
            .replacingOccurrences(of: #"<script>[\s\S]*</script>"#, with: "", options: .regularExpression)
            .replacingOccurrences(of: #"<style>[\s\S]*</style>"#, with: "", options: .regularExpression)
        let parsed = try #require(ParsedXML.parse(xml))
        #expect(parsed.all("table").count == 1)
        #expect(parsed.all("svg").count == 1)
    }

    @Test("golden file: a small report renders as recorded (numbers to a relative 1e-12)")
    func golden() throws {
        let actual = Self.render(Self.smallReport())
        let source = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden/report.html")
        if let problem = try Golden.check(actual, against: source) { Issue.record(Comment(rawValue: problem)) }
    }

    @Test("key assumptions at the top, a contents list, sources as links in the footer")
    func assumptionsAndSources() throws {
        let html = try Self.compareHTML()
        let assumptions = try #require(html.range(of: "<section class=\"assumptions\" id=\"key-assumptions\">"))
        let firstTable = try #require(html.range(of: "<table "))
        #expect(assumptions.lowerBound < firstTable.lowerBound)
        #expect(html.contains("<dt>Starting point</dt>") && html.contains("<dt>Financing</dt>"))
        #expect(html.contains("<dt>GDP feedback</dt>"))
        #expect(html.contains("<a href=\"#comparison\">Comparison</a>") || !html.contains("<nav"))
        #expect(html.contains("<h2>Provenance</h2>"))
        #expect(html.contains("<li>Scenario file compare-scenario.json: SHA-256 "))
    }

    @Test("source addresses in table cells and in a source's \"via\" are links; the text around them stays escaped")
    func sourceLinks() {
        let html = HTMLDocumentRenderer.linked("see https://example.org/a?b=1&c=2 ; http://x.test/p). <b>")
        #expect(
            html.contains(
                "<a href=\"https://example.org/a?b=1&amp;c=2\" rel=\"noreferrer\">https://example.org/a?b=1&amp;c=2</a>"))
        #expect(
            html.contains("<a href=\"http://x.test/p\" rel=\"noreferrer\">http://x.test/p</a>)."),
            "closing punctuation stays outside")
        #expect(html.hasSuffix("&lt;b&gt;"))
        var table = Table(id: "s", title: "Sources", columns: [.init(id: "url", header: "URL", format: .text)])
        table.append([.text("https://www.nato.int/x")])
        #expect(HTMLDocumentRenderer.table(table).contains("<td><a href=\"https://www.nato.int/x\""))
    }
}
