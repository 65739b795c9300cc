import Foundation
import MilexData
import MilexModel
import MilexScenario
import MilexTestSupport
import Testing

@testable import MilexReport

/// The documents of the shipped scenarios in the real tools: the briefing's HTML in headless
/// Chromium at 1400 px, every LaTeX document through pdflatex.
@Suite("Report documents in Chromium and pdflatex", .serialized)
struct ReportDocumentTests {
    /// The Hague scenario (every NATO ally, three variants) as the briefing document.
    static func hagueBriefing() throws -> (RunContext, Document) {
        let context = try Tool.run("Scenarios/hague-2035.json")
        let compare = try CompareReport(
            scenario: context.scenario, result: context.result, sort: try CompareReport.SortKey.parse("debt"))
        return (context, BriefingPack(context: context, compare: compare).document())
    }

    @Test("the Hague briefing in headless Chromium at 1400 px: key assumptions, tables, charts with sources, links")
    func briefingInBrowser() throws {
        guard let browser = Tool.chromium() else { return }
        let directory = try Tool.temporaryDirectory("briefing-html")
        defer { try? FileManager.default.removeItem(at: directory) }
        let page = directory.appendingPathComponent("report.html")
        let html = String(decoding: try DocumentFormat.html.render(try Self.hagueBriefing().1), as: UTF8.self)
        try html.write(to: page, atomically: true, encoding: .utf8)
        let lowered = html.lowercased()
        for pattern in ["src=", "url(", "@import"] { #expect(!lowered.contains(pattern), "\(pattern) found") }
        // Links only to the sources, never to a resource the page loads.
        for link in html.matches(of: /href="([^"]*)"/).map({ String($0.output.1) }) {
            #expect(link.hasPrefix("#") || link.hasPrefix("https://") || link.hasPrefix("http://"), "link \(link)")
        }

        let png = try Tool.screenshot(browser, page: page, in: directory, height: 2400, minimumBytes: 20_000)
        if let keep = ProcessInfo.processInfo.environment["MILEX_KEEP_SCREENSHOT"] {
            try png.write(to: URL(fileURLWithPath: keep))
        }
        let (dom, stderr) = try Tool.dom(browser, page: page, in: directory)
        #expect(dom.contains("data-sortable-ready=\"true\""), "the sort script did not finish: \(stderr.suffix(1500))")
        #expect(dom.contains("id=\"key-assumptions\""))
        for id in ["compare-2-by-2035", "compare-3.5-core-by-2035", "compare-5-3.5-core-1.5-related-by-2035", "rules-baseline"] {
            #expect(dom.contains("data-table-id=\"\(id)\""), "table \(id) missing")
        }
        // Every ally and the aggregates in the first comparison table, aggregates last.
        let start = try #require(dom.range(of: "data-table-id=\"compare-2-by-2035\""))
        let end = try #require(dom.range(of: "</tbody>", range: start.upperBound..<dom.endIndex))
        let names = dom[start.upperBound..<end.lowerBound].matches(of: /<tr[^>]*><td>([^<]*)<\/td>/)
            .map { String($0.output.1) }
        let countryNames = Set(Dataset.builtIn.groups["NATO"]!.members.map { Dataset.builtIn.countries[$0]!.name })
        #expect(Set(names.filter { countryNames.contains($0) }) == countryNames)
        #expect(dom.contains("<tr class=\"aggregate\"><td>NATO (32)</td>"))
        #expect(dom.components(separatedBy: "data-chart=\"bar\"").count - 1 == 2)
        // Spending, balance and debt paths; a stacked bar of the debt dynamics per variant; every
        // country on one pair of axes in the comparison and in the charts section.
        #expect(dom.components(separatedBy: "data-chart=\"small-multiples\"").count - 1 == 3)
        #expect(dom.components(separatedBy: "<g class=\"panel\"").count - 1 == 96)
        #expect(dom.components(separatedBy: "data-chart=\"stacked-bar\"").count - 1 == 3)
        #expect(dom.components(separatedBy: "data-chart=\"scatter\"").count - 1 == 2)
        let figures = dom.components(separatedBy: "<figure class=\"chart\"").count - 1
        #expect(figures == 10)
        #expect(dom.components(separatedBy: "<span class=\"source\">Source: ").count - 1 == figures)
        #expect(dom.contains("<h2>Provenance</h2>"))
        #expect(dom.contains("<a href=\"https://"))
    }

    @Test("every LaTeX document compiles with pdflatex: run, compare, fan, countries, show, and a fragment \\input")
    func latexCompiles() throws {
        guard let pdflatex = Tool.pdflatex() else { return }
        let directory = try Tool.temporaryDirectory("latex")
        defer { try? FileManager.default.removeItem(at: directory) }
        let (context, briefing) = try Self.hagueBriefing()
        let small = try Tool.run("Tests/MilexReportTests/Golden/compare-scenario.json")
        let compare = try CompareReport(scenario: small.scenario, result: small.result)
        let stochastic = try StochasticEngine().run(
            small.scenario.request, covariance: try StochasticSpecification().covariance(for: small.scenario, dataset: .builtIn),
            groups: [], settings: StochasticSettings(draws: 200, seed: 1))
        let documents: [(String, Document)] = [
            ("run", RunDocument.build(context, view: .summaries)),
            ("run-years", RunDocument.build(small)),
            ("compare", compare.document(provenance: small.provenance)),
            ("briefing", briefing),
            ("fan", StochasticReport(scenario: small.scenario, result: stochastic).document(provenance: small.provenance)),
            ("countries", DatasetReport(dataset: .builtIn).countriesDocument(group: nil)),
            ("show", DatasetReport(dataset: .builtIn).showDocument(Dataset.builtIn.countries["TR"]!)),
        ]
        var sources = documents.map { name, document in
            (name, String(decoding: try! DocumentFormat.latex.render(document), as: UTF8.self))
        }
        // A fragment goes into a document of one's own.
        let fragment = String(
            decoding: try DocumentFormat.latex.render(compare.document(provenance: small.provenance), .init(fragment: true)),
            as: UTF8.self)
        #expect(!fragment.contains("\\documentclass") && !fragment.contains("\\begin{document}"))
        try fragment.write(to: directory.appendingPathComponent("fragment-body.tex"), atomically: true, encoding: .utf8)
        sources.append(
            (
                "fragment",
                "\\documentclass{article}\n\\usepackage[T1]{fontenc}\n\\usepackage{lmodern}\n\\usepackage{booktabs}\n\\usepackage{longtable}\n\\usepackage[landscape,margin=1.5cm]{geometry}\n\\begin{document}\n\\input{fragment-body.tex}\n\\end{document}\n"
            ))
        for (name, text) in sources {
            #expect(name == "fragment" || text.contains("\\begin{longtable}"), "\(name): no longtable")
            let source = directory.appendingPathComponent("\(name).tex")
            try text.write(to: source, atomically: true, encoding: .utf8)
            let result = try ProcessRunner.run(
                pdflatex, ["-interaction=nonstopmode", "-halt-on-error", "-output-directory=\(directory.path)", source.path],
                directory: directory, timeout: 180)
            let pdf = directory.appendingPathComponent("\(name).pdf")
            // The first error and the lines after it say what went wrong.
            let log = (try? String(contentsOf: directory.appendingPathComponent("\(name).log"), encoding: .utf8)) ?? result.stdout
            let lines = log.components(separatedBy: "\n")
            let error = lines.firstIndex { $0.hasPrefix("!") }.map {
                lines[$0..<min(lines.count, $0 + 8)].joined(separator: "\n")
            }
            #expect(
                result.status == 0 && FileManager.default.fileExists(atPath: pdf.path),
                "pdflatex failed on \(name).tex: \(error ?? String(log.suffix(1500)))")
        }
    }
}
