import Foundation
import MilexReportTestSupport
import MilexTestSupport
import Testing

@testable import MilexReport

@Suite("SVG charts")
struct SVGChartTests {
    @Test(
        "nice ticks on known ranges",
        arguments: [
            (0.0, 97.0, [0.0, 20, 40, 60, 80, 100]),
            (-3.2, 4.1, [-4.0, -2, 0, 2, 4, 6]),
            (2.1, 2.9, [2.0, 2.2, 2.4, 2.6, 2.8, 3.0]),
            (0.013, 0.087, [0.0, 0.02, 0.04, 0.06, 0.08, 0.1]),
            (0, 1, [0.0, 0.2, 0.4, 0.6, 0.8, 1.0]),
            (0, 0, [-1.0, -0.5, 0, 0.5, 1]),
            (60, 60, [50.0, 55, 60, 65, 70]),
            (100, 1030, [0.0, 200, 400, 600, 800, 1000, 1200]),
        ])
    func niceTicks(lower: Double, upper: Double, expected: [Double]) {
        let ticks = SVGRenderer.niceTicks(lower: lower, upper: upper, maxCount: expected.count == 7 ? 7 : 6)
        #expect(ticks == expected)
    }

    @Test("nice ticks always cover the range with ≤ maxCount steps of 1, 2 or 5 × 10^k")
    func niceTickProperties() {
        for index in 0..<500 {
            let a = sin(Double(index) * 12.9898) * 43758.5453
            let low = (a - a.rounded(.down)) * pow(10, Double(index % 9 - 4)) * (index % 3 == 0 ? -1 : 1)
            let high = low + abs(cos(Double(index) * 78.233)) * pow(10, Double(index % 7 - 3))
            for maxCount in [4, 6, 10] {
                let ticks = SVGRenderer.niceTicks(lower: low, upper: high, maxCount: maxCount)
                #expect(ticks.count >= 2 && ticks.count <= maxCount, "\(low)...\(high): \(ticks)")
                let step = ticks[1] - ticks[0]
                // Within a billionth of a step: rounding noise must not add a tick.
                #expect(ticks.first! <= low + step * 1e-9 && ticks.last! >= high - step * 1e-9, "\(low)...\(high): \(ticks)")
                let leading = step / pow(10, floor(log10(step)))
                #expect([1.0, 2, 5, 10].contains { abs(leading - $0) < 1e-6 }, "step \(step)")
            }
        }
    }

    @Test("a line chart is well-formed SVG with one path per series, a legend and escaped names")
    func lineChart() throws {
        let svg = SVGRenderer.render(Fixtures.lineChart())
        let xml = try #require(ParsedXML.parse(svg))
        let root = try #require(xml.elements.first)
        #expect(root.name == "svg")
        #expect(root.attributes["data-chart"] == "line")
        #expect(root.attributes["role"] == "img")
        #expect(root.attributes["viewBox"] == "0 0 720 360")
        #expect(root.attributes["class"]?.contains("milex-chart") == true)
        #expect(xml.all("title").first?.text == "Debt paths")
        #expect(xml.all("desc").first?.text.contains("R&D <5%>") == true)
        #expect(xml.all("path").count == 3)
        #expect(xml.all("path", class: "series").count == 3)
        #expect(xml.all("path").filter { $0.attributes["stroke-dasharray"] != nil }.count == 1)
        // The gap at 2030 splits the dashed series into two subpaths.
        let dashed = try #require(xml.all("path").first { $0.attributes["data-series"] == "R&D <5%>" })
        #expect(dashed.attributes["d"]?.filter { $0 == "M" }.count == 2)
        #expect(xml.all("rect").count == 1)  // the background; line legends use line swatches
        #expect(xml.all("text", class: "legend-label").map(\.text) == ["Baseline", "R&D <5%>", "Target 3.5 %"])
        #expect(xml.all("line", class: "reference").count == 2)
        #expect(xml.all("text", class: "reference-label").map(\.text) == ["60 % debt", "90 %"])
        #expect(svg.contains("R&amp;D &lt;5%&gt;"))
        #expect(!svg.contains("R&D <5%>"))
        // Years as integers; the fixed colour index picks the palette's fifth colour.
        let years = xml.all("text", class: "tick").map(\.text).filter { $0.count == 4 && $0.hasPrefix("20") }
        #expect(years.contains("2025") && years.contains("2040"))
        #expect(xml.all("path").contains { $0.attributes["stroke"] == SVGRenderer.palette[4] })
        #expect(xml.all("text", class: "axis-label").map(\.text).contains("Debt (% of GDP)"))
        Self.expectStableNumbers(svg)
    }

    @Test("a 32-category bar chart turns horizontal, keeps every label and draws negative bars left of zero")
    func manyCategoryBarChart() throws {
        let chart = Fixtures.barChart()
        let svg = SVGRenderer.render(chart)
        let xml = try #require(ParsedXML.parse(svg))
        let root = try #require(xml.elements.first)
        #expect(root.attributes["data-chart"] == "bar")
        let height = try #require(Double(root.attributes["height"] ?? ""))
        #expect(height > 360, "a tall chart gives each of the 32 rows room")
        // 32 × 3 bars less the two missing values; legend swatches; stripes on odd rows.
        #expect(xml.all("rect", class: "bar").count == 94)
        #expect(xml.all("rect", class: "legend-swatch").count == 3)
        #expect(xml.all("rect", class: "stripe").count == 16)
        #expect(xml.all("rect").count == 94 + 3 + 16 + 1)
        #expect(xml.all("path").isEmpty)
        #expect(xml.all("text", class: "category").map(\.text) == Fixtures.countries)
        #expect(xml.all("text", class: "legend-label").map(\.text) == ["2 %", "3.5 %", "R&D <5%>"])
        #expect(svg.contains("R&amp;D &lt;5%&gt;"))
        // Rows are at least 18 px apart, so labels at 12 px cannot overlap.
        let ys = xml.all("text", class: "category").compactMap { Double($0.attributes["y"] ?? "") }
        #expect(zip(ys, ys.dropFirst()).allSatisfy { $1 - $0 >= 18 })
        let zero = try #require(xml.all("line", class: "zero-line").first.flatMap { Double($0.attributes["x1"] ?? "") })
        let bars = xml.all("rect", class: "bar")
        let negative = bars.filter { $0.attributes["fill"] == SVGRenderer.palette[0] }
        // 2 % − share < 0 for every country with more than 2 %: those bars end at the zero line.
        let endingAtZero = negative.filter { abs(Double($0.attributes["x"]!)! + Double($0.attributes["width"]!)! - zero) < 0.02 }
        let expectedNegative = Fixtures.countries.indices.filter { $0 != 13 && Fixtures.share($0) > 2 }.count
        #expect(expectedNegative > 0)
        #expect(endingAtZero.count >= expectedNegative)
        Self.expectStableNumbers(svg)
    }

    @Test("a few categories give vertical bars, negative ones hanging below the zero line")
    func verticalBarChart() throws {
        let chart = BarChart(
            title: "Balance", yLabel: "Balance", yUnit: "% of GDP", categories: ["DEU", "FRA", "ITA"],
            series: [("2025", [-2.5, -5.4, nil]), ("2030", [-1.0, 0.8, -3.1])], referenceLines: [(-3, "−3 % deficit")])
        let svg = SVGRenderer.render(chart)
        let xml = try #require(ParsedXML.parse(svg))
        let bars = xml.all("rect", class: "bar")
        #expect(bars.count == 5)
        let zero = try #require(xml.all("line", class: "zero-line").first.flatMap { Double($0.attributes["y1"] ?? "") })
        for bar in bars {
            let top = Double(bar.attributes["y"]!)!
            let height = Double(bar.attributes["height"]!)!
            #expect(abs(top - zero) < 0.02 || abs(top + height - zero) < 0.02)
        }
        // One positive bar (FRA 2030): it ends at the zero line from above.
        #expect(bars.filter { abs(Double($0.attributes["y"]!)! + Double($0.attributes["height"]!)! - zero) < 0.02 }.count == 1)
        #expect(xml.all("text", class: "category").allSatisfy { $0.attributes["transform"] == nil })
        #expect(xml.all("text", class: "reference-label").first?.text == "−3 % deficit")
    }

    @Test("forcing vertical bars on 32 categories rotates their labels")
    func rotatedLabels() throws {
        var chart = Fixtures.barChart()
        chart.orientation = .vertical
        let xml = try #require(ParsedXML.parse(SVGRenderer.render(chart, width: 900, height: 420)))
        let labels = xml.all("text", class: "category")
        #expect(labels.count == 32)
        #expect(labels.allSatisfy { $0.attributes["transform"]?.hasPrefix("rotate(-45") == true })
    }

    @Test("a fan chart nests its bands, widest first, with median and deterministic lines")
    func fanChart() throws {
        var chart = Fixtures.fanChart()
        chart.bands.reverse()  // the renderer must not rely on the caller's order
        let svg = SVGRenderer.render(chart)
        let xml = try #require(ParsedXML.parse(svg))
        #expect(xml.elements.first?.attributes["data-chart"] == "fan")
        #expect(
            xml.all("path", class: "band").map { $0.attributes["data-band"] ?? "" } == [
                "10–90 %", "20–80 %", "30–70 %", "40–60 %",
            ])
        #expect(xml.all("path", class: "median").count == 1)
        #expect(xml.all("path", class: "deterministic").count == 1)
        #expect(xml.all("path").count == 6)
        #expect(
            xml.all("text", class: "legend-label").map(\.text) == [
                "10–90 %", "20–80 %", "30–70 %", "40–60 %", "Median", "Deterministic path",
            ])
        // Legend swatches darken inwards, like the stacked bands.
        let opacities = xml.all("rect", class: "legend-swatch").compactMap { Double($0.attributes["fill-opacity"] ?? "") }
        #expect(opacities.count == 4 && zip(opacities, opacities.dropFirst()).allSatisfy { $0 < $1 })
        Self.expectStableNumbers(svg)
    }

    @Test("output is stable: the same chart renders to the same text")
    func deterministic() {
        #expect(SVGRenderer.render(Fixtures.lineChart()) == SVGRenderer.render(Fixtures.lineChart()))
        #expect(SVGRenderer.render(Fixtures.fanChart()) == SVGRenderer.render(Fixtures.fanChart()))
    }

    @Test("empty charts still render valid SVG")
    func emptyCharts() throws {
        _ = try #require(ParsedXML.parse(SVGRenderer.render(LineChart(title: "Empty", yLabel: "y", series: []))))
        _ = try #require(ParsedXML.parse(SVGRenderer.render(BarChart(title: "Empty", yLabel: "y", categories: [], series: []))))
        _ = try #require(
            ParsedXML.parse(SVGRenderer.render(FanChart(title: "Empty", yLabel: "y", years: [], bands: [], median: []))))
    }

    /// No coordinate carries more than two decimals.
    static func expectStableNumbers(_ svg: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let long = svg.ranges(of: /[0-9]\.[0-9]{3,}/)
        #expect(
            long.isEmpty, "numbers with more than 2 decimals: \(long.prefix(3).map { svg[$0] })", sourceLocation: sourceLocation)
    }
}
