import Foundation
import MilexReportTestSupport
import MilexTestSupport
import Testing

@testable import MilexReport

/// Renders documents in a real headless browser: the layout must paint, the script must run
/// without errors, and sorting must behave as specified.
@Suite("HTML in a headless browser", .serialized)
struct BrowserTests {
    /// A document with every chart kind and a 32-row table.
    static func document() -> Document {
        Document(
            command: "test", title: "Browser check", subtitle: "32 countries, three charts",
            assumptions: [.init("Starting point", "base year 2025")],
            sections: [
                .init(
                    id: "charts", heading: "Charts",
                    blocks: [
                        .paragraph("Every chart kind, drawn inline."),
                        .chart(Chart(id: "line", svg: SVGRenderer.render(Fixtures.lineChart()), caption: "Debt paths")),
                        .chart(Chart(id: "bar", svg: SVGRenderer.render(Fixtures.barChart()), caption: "Gaps to the targets")),
                        .chart(Chart(id: "fan", svg: SVGRenderer.render(Fixtures.fanChart()), caption: "Debt fan")),
                    ]),
                .init(id: "countries", heading: "Countries", blocks: [.table(Fixtures.countryTable())]),
            ])
    }

    static func html() -> String { HTMLDocumentRenderer().page(document()) }

    /// The first-column texts of the country table's body rows, in DOM order.
    static func rowNames(_ dom: String) -> [String] {
        guard let start = dom.range(of: "data-table-id=\"countries\""),
            let end = dom.range(of: "</tbody>", range: start.upperBound..<dom.endIndex)
        else {
            return []
        }
        let body = dom[start.upperBound..<end.lowerBound]
        return body.matches(of: /<tr[^>]*><td>([^<]*)<\/td>/).map { String($0.output.1) }
    }

    @Test("screenshot and DOM: charts paint, tables keep their order, the sort script runs")
    func renderInBrowser() throws {
        guard let browser = Tool.chromium() else { return }
        let directory = try Tool.temporaryDirectory("browser")
        defer { try? FileManager.default.removeItem(at: directory) }
        let page = directory.appendingPathComponent("report.html")
        try Self.html().write(to: page, atomically: true, encoding: .utf8)
        _ = try Tool.screenshot(browser, page: page, in: directory, height: 900, minimumBytes: 10_000)
        let (dom, stderr) = try Tool.dom(browser, page: page, in: directory)
        #expect(
            dom.contains("data-sortable-ready=\"true\""),
            "the sort script did not finish; browser said: \(stderr.suffix(2000))")
        #expect(dom.contains("<table class=\"milex-table sortable\" data-table-id=\"countries\">"))
        #expect(dom.components(separatedBy: "<svg").count - 1 == 3)
        #expect(dom.contains("data-chart=\"line\"") && dom.contains("data-chart=\"bar\"") && dom.contains("data-chart=\"fan\""))
        #expect(dom.contains("aria-sort=\"none\""))
        #expect(dom.contains("id=\"key-assumptions\""))
        // Loading sorts nothing: rows stay in the order they were written.
        #expect(Self.rowNames(dom) == Fixtures.countries + ["NATO (weighted)"])
    }

    @Test("clicking headers sorts numerically, blanks and aggregates last, and updates aria-sort")
    func sortInBrowser() throws {
        guard let browser = Tool.chromium() else { return }
        let directory = try Tool.temporaryDirectory("sort")
        defer { try? FileManager.default.removeItem(at: directory) }
        // A test-only script after the report's own: click, record the order, click again.
        let probe = """
            <script>
            (function () {
              var table = document.querySelector('table[data-table-id="countries"]');
              function names() { return Array.prototype.map.call(table.tBodies[0].rows, function (r) { return r.cells[0].textContent; }).join("|"); }
              var debt = table.tHead.rows[0].cells[3];
              debt.click();
              document.body.setAttribute("data-test-ascending", names());
              document.body.setAttribute("data-test-aria-1", debt.getAttribute("aria-sort"));
              debt.click();
              document.body.setAttribute("data-test-descending", names());
              document.body.setAttribute("data-test-aria-2", debt.getAttribute("aria-sort"));
              table.tHead.rows[0].cells[0].click();
              document.body.setAttribute("data-test-text", names());
              document.body.setAttribute("data-test-aria-3", debt.getAttribute("aria-sort"));
            })();
            </script>
            </body>
            """
        let html = Self.html().replacingOccurrences(of: "</body>", with: probe)
        let page = directory.appendingPathComponent("sort.html")
        try html.write(to: page, atomically: true, encoding: .utf8)
        let (dom, stderr) = try Tool.dom(browser, page: page, in: directory)
        func attribute(_ name: String) -> [String] {
            guard let match = dom.firstMatch(of: try! Regex("\(name)=\"([^\"]*)\"")), let value = match.output[1].substring else {
                return []
            }
            return value.split(separator: "|").map(String.init)
        }
        let table = Fixtures.countryTable()
        let debts: [(String, Double?)] = table.rows.dropLast().map { row in
            guard case .text(let name) = row[0] else { return ("", nil) }
            if case .number(let value) = row[3] { return (name, value) }
            return (name, nil)
        }
        let known = debts.filter { $0.1 != nil }
        let ascending = known.sorted { $0.1! < $1.1! }.map(\.0) + ["Iceland", "NATO (weighted)"]
        let descending = known.sorted { $0.1! > $1.1! }.map(\.0) + ["Iceland", "NATO (weighted)"]
        #expect(attribute("data-test-ascending") == ascending, "browser said: \(stderr.suffix(1500))")
        #expect(attribute("data-test-aria-1") == ["ascending"])
        #expect(attribute("data-test-descending") == descending)
        #expect(attribute("data-test-aria-2") == ["descending"])
        // A text column sorts by name; the other header goes back to "none".
        #expect(
            attribute("data-test-text") == Fixtures.countries.sorted { $0.localizedStandardCompare($1) == .orderedAscending } + [
                "NATO (weighted)"
            ])
        #expect(attribute("data-test-aria-3") == ["none"])
    }
}
