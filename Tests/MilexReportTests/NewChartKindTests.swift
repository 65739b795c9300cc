import Foundation
import MilexReportTestSupport
import Testing

@testable import MilexReport

/// The stacked bar chart (debt decomposition), the scatter chart (every country on one pair of
/// axes) and the variant palette.
@Suite("Stacked bars, scatter charts and the variant palette")
struct NewChartKindTests {
    @Test("stacked bars: positives stack right of zero, negatives left, a diamond at each total")
    func stackedBars() throws {
        let chart = StackedBarChart(
            title: "Debt dynamics", valueLabel: "Contribution", valueUnit: "pp of GDP", categories: ["Alpha", "Beta"],
            components: [
                .init(name: "Snowball", colour: "#332288", values: [4, -3]),
                .init(name: "Primary", colour: "#88CCEE", values: [-6, 2]),
                .init(name: "Defence", colour: "#CC6677", values: [5, nil]),
            ], totals: [3, -1])
        #expect(chart.segments(0).map(\.start) == [0, 0, 4])
        #expect(chart.segments(0).map(\.end) == [4, -6, 9])
        #expect(chart.segments(1).map(\.end) == [-3, 2])
        let svg = SVGRenderer.render(chart)
        let xml = try #require(ParsedXML.parse(svg))
        let segments = xml.all("rect", class: "segment")
        #expect(segments.count == 5)
        let zero = try #require(xml.all("line", class: "zero-line").first.flatMap { Double($0.attributes["x1"] ?? "") })
        // Alpha's defence segment starts where its snowball ends, right of zero.
        let alpha = segments.prefix(3).map { (Double($0.attributes["x"]!)!, Double($0.attributes["width"]!)!) }
        #expect(abs(alpha[0].0 - zero) < 0.02)
        #expect(abs(alpha[2].0 - (alpha[0].0 + alpha[0].1)) < 0.02)
        #expect(abs(alpha[1].0 + alpha[1].1 - zero) < 0.02, "the negative part ends at zero")
        #expect(xml.all("path", class: "total").count == 2)
        #expect(xml.all("text", class: "legend-label").map(\.text) == ["Snowball", "Primary", "Defence", "Total"])
    }

    @Test("scatter: one point per category and group, labels that never overlap, links in group order")
    func scatter() throws {
        let codes = (0..<32).map { String(format: "C%02d", $0) }
        let groups = (0..<3).map { group in
            ScatterChart.Group(
                name: "v\(group)", colour: SVGRenderer.colour(group),
                points: codes.indices.map { index in
                    .init(
                        x: Double(group) * Fixtures.share(index), y: 40 + 3 * Double(index % 7) + Double(group),
                        label: codes[index])
                })
        }
        let svg = SVGRenderer.render(
            ScatterChart(
                title: "Debt against effort", xLabel: "Extra", xUnit: "% of GDP", yLabel: "Debt", yUnit: "% of GDP",
                groups: groups, referenceLines: [(60, "60 %")], linksPoints: true))
        let xml = try #require(ParsedXML.parse(svg))
        #expect(xml.all("circle", class: "point").count == 96)
        #expect(xml.all("path", class: "link").count == 32)
        let labels = xml.all("text", class: "point-label")
        #expect(!labels.isEmpty)
        func box(_ label: ParsedXML.Element) -> (Double, Double, Double, Double) {
            let x = Double(label.attributes["x"]!)!
            let y = Double(label.attributes["y"]!)!
            let width = SVGRenderer.textWidth(label.text) * 11 / 12
            let left =
                label.attributes["text-anchor"] == "end"
                ? x - width : label.attributes["text-anchor"] == "middle" ? x - width / 2 : x
            return (left, y - 9, left + width, y + 2)
        }
        let boxes = labels.map(box)
        for (i, a) in boxes.enumerated() {
            for b in boxes[(i + 1)...] { #expect(!(a.0 < b.2 && b.0 < a.2 && a.1 < b.3 && b.1 < a.3), "labels overlap") }
        }
        let left = 32 - labels.count
        if left > 0 { #expect(svg.contains("\(left) labels left out")) }
    }

    @Test("the palette is the variant's index in the run: the baseline grey, variants in order")
    func palette() {
        let palette = VariantPalette(variants: ["baseline", "2 %", "3.5 %", "5 %"])
        #expect(palette.colour(variant: 0) == VariantPalette.baselineColour)
        #expect((1...3).map { palette.colour(variant: $0) } == Array(SVGRenderer.palette.prefix(3)))
        #expect(palette.colour(label: "3.5 %") == SVGRenderer.palette[1])
        #expect(palette.colour(label: "none") == nil)
    }

    @Test("reference labels sit in the right gutter, beside the plot, moved apart when close")
    func referenceLabelsInGutter() throws {
        var chart = Fixtures.lineChart()
        chart.referenceLines = [(60, "60 %"), (61, "61 %")]
        let xml = try #require(ParsedXML.parse(SVGRenderer.render(chart)))
        let right = try #require(xml.all("line", class: "reference").first.flatMap { Double($0.attributes["x2"] ?? "") })
        let labels = xml.all("text", class: "reference-label")
        #expect(labels.count == 2)
        #expect(labels.allSatisfy { Double($0.attributes["x"]!)! > right })
        let ys = labels.map { Double($0.attributes["y"]!)! }
        #expect(abs(ys[0] - ys[1]) >= 12 - 1e-9)
    }
}
