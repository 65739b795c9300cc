import Foundation
import MilexModel
import MilexScenario

/// Charts drawn from a run: spending and debt paths per country (one small panel each, one line
/// per variant, the baseline dashed) and bar charts comparing the variants across countries.
public struct ProjectionCharts: Sendable {
    public let result: ProjectionResult

    public init(result: ProjectionResult) { self.result = result }

    /// The line under a chart: where its figures come from.
    public static func sourceLine(_ scenario: Scenario) -> String {
        let data =
            scenario.datasetVintage.map { "milex dataset vintage \($0) (milex show CODE lists each figure's source)" }
            ?? "the scenario's own figures"
        return "milex projection of \(scenario.files.first ?? scenario.file) on \(data)."
    }

    /// The reference lines of the spending chart: the Wales and Hague targets.
    public static let spendingReferences: [ReferenceLine] = [(2, "2 %"), (3.5, "3.5 %"), (5, "5 %")]
    /// The reference line of the debt chart: the 60 % reference value.
    public static let debtReferences: [ReferenceLine] = [(60, "60 %")]

    /// The colour of a variant's line: the baseline black, the others in palette order.
    static func colourIndex(variant: Int) -> Int { variant == 0 ? 7 : variant - 1 }

    /// The lines of one country's panel.
    func series(country: Int, _ value: (CountryProjection) -> [Double]) -> [LineChart.Series] {
        result.variants.indices.map { variant in
            let projection = result.projection(variant: variant, country: country)
            let values = value(projection)
            return LineChart.Series(
                name: result.variants[variant].label,
                points: zip(projection.years, values).map { (Double($0), $1) },
                dashed: variant == 0, colourIndex: Self.colourIndex(variant: variant))
        }
    }

    /// Core defence plus defence-related spending, % of GDP: one panel per country, the same
    /// vertical scale in every panel so countries compare at a glance.
    public func spendingPaths(columns: Int = 4) -> String {
        let panels = result.countries.indices.map { index in
            LineChart(
                title: result.countries[index].name, yLabel: "% of GDP",
                series: series(country: index) { zip($0[.defence], $0[.related]).map { $0 + $1 } },
                referenceLines: Self.spendingReferences)
        }
        return SmallMultiples.render(
            title: "Defence spending (core + related), % of GDP", panels: panels, codes: result.countries.map(\.code),
            legend: legend, columns: columns, sharedScale: true)
    }

    /// Gross debt, % of GDP: one panel per country, each on its own scale (debt ratios range
    /// from 20 % to 150 %), with the 60 % reference value.
    public func debtPaths(columns: Int = 4) -> String {
        let panels = result.countries.indices.map { index in
            LineChart(
                title: result.countries[index].name, yLabel: "% of GDP", series: series(country: index) { $0[.debt] },
                referenceLines: Self.debtReferences)
        }
        return SmallMultiples.render(
            title: "Gross government debt, % of GDP", panels: panels, codes: result.countries.map(\.code), legend: legend,
            columns: columns, sharedScale: false)
    }

    var legend: [LegendItem] {
        result.variants.indices.map { variant in
            LegendItem(
                label: result.variants[variant].label,
                swatch: .line(colour: SVGRenderer.colour(Self.colourIndex(variant: variant)), dashed: variant == 0))
        }
    }
}

extension CompareReport {
    /// A bar chart of one figure across the countries (not the aggregates), one bar series per
    /// variant; for debt the baseline comes first. Many countries turn the bars horizontal.
    public func barChart(_ field: Field) -> BarChart {
        let countryRows = rows.filter { $0.kind == .body }
        var series: [(name: String, values: [Double?])] = []
        let sample = column(field, groups[groups.count - 1], prefixed: false)
        if field == .debt {
            series.append(
                (
                    PolicyVariant.baselineLabel,
                    countryRows.map { row in
                        row.paths[0].debtPct[row.paths[0].index(of: result.endYear)!]
                    }
                ))
        }
        for group in groups {
            series.append(
                (
                    group.label,
                    countryRows.map { row in
                        Self.figures(row, group: group, baseYear: result.baseYear, endYear: result.endYear)[field] ?? nil
                    }
                ))
        }
        let title: String
        switch field {
        case .debt: title = "Gross debt in \(result.endYear)"
        case .extra: title = "Extra defence spending in the target year, against \(result.baseYear) shares"
        case .extraCumulative: title = "Extra defence spending, \(result.baseYear + 1)–\(result.endYear) cumulated"
        case .debtChange: title = "Debt in \(result.endYear) against the baseline"
        default: title = sample.header
        }
        return BarChart(
            title: title, yLabel: field == .debt ? "Debt" : sample.header, yUnit: sample.unit,
            categories: countryRows.map(\.name), series: series,
            referenceLines: field == .debt ? ProjectionCharts.debtReferences : [], orientation: .horizontal)
    }
}

/// Small multiples: one compact line chart per country in a grid, inside one SVG, with a
/// shared legend (a legend in every panel would crowd out the lines).
enum SmallMultiples {
    static let panelWidth = 300.0
    static let panelHeight = 200.0

    /// The grid as a complete `<svg>` element; each panel is a `<g class="panel">`.
    static func render(
        title: String, panels: [LineChart], codes: [String], legend: [LegendItem], columns: Int, sharedScale: Bool
    ) -> String {
        let columns = max(1, min(columns, panels.count))
        let width = panelWidth * Double(columns)
        var header = Canvas(width: width, height: 0)
        let legendBottom = header.legend(title: title, items: legend)
        let rowCount = (panels.count + columns - 1) / columns
        let height = legendBottom + 8 + panelHeight * Double(rowCount)
        var canvas = Canvas(width: width, height: height)
        canvas.elements = header.elements
        let allValues = panels.flatMap { panel in
            panel.series.flatMap { $0.points.map(\.y) } + panel.referenceLines.map(\.value)
        }.filter(\.isFinite)
        let shared = sharedScale ? SVGRenderer.niceTicks(values: allValues, maxCount: 5) : nil
        for (index, panel) in panels.enumerated() {
            let x = Double(index % columns) * panelWidth
            let y = legendBottom + 8 + Double(index / columns) * panelHeight
            let body = Self.panel(panel, ticks: shared)
            canvas.add(
                "<g class=\"panel\" data-country=\"\(Markup.escape(codes[index]))\" transform=\"translate(\(SVGRenderer.n(x)) \(SVGRenderer.n(y)))\">"
                    + body + "</g>")
        }
        let variants = legend.map(\.label).joined(separator: "; ")
        var description =
            "\(panels.count) small line charts, one per country (\(panels.map(\.title).joined(separator: ", "))), years \(yearRange(panels)); one line per variant: \(variants)."
        if let references = panels.first?.referenceLines, !references.isEmpty {
            description += " Reference lines: " + references.map(\.label).joined(separator: ", ") + "."
        }
        description += sharedScale ? " Every panel has the same vertical scale." : " Each panel has its own vertical scale."
        return canvas.svg(kind: "small-multiples", title: title, description: description)
    }

    static func yearRange(_ panels: [LineChart]) -> String {
        let xs = panels.flatMap { $0.series.flatMap { $0.points.map(\.x) } }
        guard let low = xs.min(), let high = xs.max() else { return "none" }
        return "\(Int(low.rounded()))–\(Int(high.rounded()))"
    }

    /// One panel's elements (in its own coordinates, 0…panelWidth × 0…panelHeight).
    static func panel(_ chart: LineChart, ticks shared: [Double]?) -> String {
        let values = chart.series.flatMap { $0.points.map(\.y) }.filter(\.isFinite)
        let yTicks = shared ?? SVGRenderer.niceTicks(values: values + chart.referenceLines.map(\.value), maxCount: 5)
        let xs = chart.series.flatMap { $0.points.map(\.x) }.filter(\.isFinite)
        var canvas = Canvas(width: panelWidth, height: panelHeight)
        canvas.add(
            "<text class=\"panel-title\" x=\"8\" y=\"16\" font-size=\"13\" font-weight=\"bold\" fill=\"\(SVGRenderer.textColour)\">\(Markup.escape(chart.title))</text>"
        )
        let tickWidth = yTicks.map { SVGRenderer.textWidth(SVGRenderer.tickText($0, ticks: yTicks)) }.max() ?? 0
        let plot = PlotFrame(left: 10 + tickWidth, top: 26, right: panelWidth - 20, bottom: panelHeight - 24)
        let domain = SVGRenderer.domain(xs)
        let x = Scale(domain: domain, range: (plot.left, plot.right))
        let y = Scale(domain: (yTicks.first!, yTicks.last!), range: (plot.bottom, plot.top))
        canvas.yGrid(yTicks, scale: y, plot: plot)
        // Years every five (or fewer) so the labels of a narrow panel do not collide.
        let step = max(1, SVGRenderer.niceStep((domain.1 - domain.0) / 3))
        var tick = (domain.0 / step).rounded(.up) * step
        while tick <= domain.1 + 1e-9 {
            let position = x(tick)
            canvas.add(
                "<line class=\"tick-mark\" x1=\"\(SVGRenderer.n(position))\" y1=\"\(SVGRenderer.n(plot.bottom))\" x2=\"\(SVGRenderer.n(position))\" y2=\"\(SVGRenderer.n(plot.bottom + 4))\" stroke=\"\(SVGRenderer.axisColour)\"/>"
            )
            canvas.add(
                "<text class=\"tick\" x=\"\(SVGRenderer.n(position))\" y=\"\(SVGRenderer.n(plot.bottom + 16))\" text-anchor=\"middle\" fill=\"\(SVGRenderer.textColour)\">\(Int(tick.rounded()))</text>"
            )
            tick += step
        }
        canvas.referenceLines(chart.referenceLines, scale: y, plot: plot)
        for (index, series) in chart.series.enumerated() {
            let stroke = SVGRenderer.colour(series.colourIndex ?? index)
            let (path, isolated) = SVGRenderer.linePath(
                series.points.map { (x($0.x), $0.y.isFinite ? y($0.y) : .nan) })
            var attributes =
                "class=\"series\" fill=\"none\" stroke=\"\(stroke)\" stroke-width=\"2\" stroke-linejoin=\"round\" stroke-linecap=\"round\""
            if series.dashed { attributes += " stroke-dasharray=\"6 4\"" }
            canvas.add(
                "<path \(attributes) data-series=\"\(Markup.escape(series.name))\" d=\"\(path)\"><title>\(Markup.escape("\(chart.title): \(series.name)"))</title></path>"
            )
            for point in isolated {
                canvas.add(
                    "<circle class=\"point\" cx=\"\(SVGRenderer.n(point.0))\" cy=\"\(SVGRenderer.n(point.1))\" r=\"2.5\" fill=\"\(stroke)\"/>"
                )
            }
        }
        canvas.axes(plot: plot)
        return canvas.elements.joined()
    }
}

extension Canvas {
    /// The title and a legend wrapped over as many rows as needed; returns where they end.
    mutating func legend(title: String, items: [LegendItem]) -> Double {
        add(
            "<text class=\"chart-title\" x=\"12\" y=\"22\" font-size=\"15\" font-weight=\"bold\" fill=\"\(SVGRenderer.textColour)\">\(Markup.escape(title))</text>"
        )
        var x = 12.0
        var y = 44.0
        var parts: [String] = []
        for item in items {
            let itemWidth = 24 + SVGRenderer.textWidth(item.label) + 18
            if x > 12, x + itemWidth > width - 12 {
                x = 12
                y += 18
            }
            if case .line(let colour, let dashed) = item.swatch {
                parts.append(
                    "<line class=\"legend-swatch\" x1=\"\(SVGRenderer.n(x))\" y1=\"\(SVGRenderer.n(y - 4))\" x2=\"\(SVGRenderer.n(x + 18))\" y2=\"\(SVGRenderer.n(y - 4))\" stroke=\"\(colour)\" stroke-width=\"2.5\"\(dashed ? " stroke-dasharray=\"5 3\"" : "")/>"
                )
            }
            parts.append(
                "<text class=\"legend-label\" x=\"\(SVGRenderer.n(x + 24))\" y=\"\(SVGRenderer.n(y))\" fill=\"\(SVGRenderer.textColour)\">\(Markup.escape(item.label))</text>"
            )
            x += itemWidth
        }
        if !parts.isEmpty { add("<g class=\"legend\">" + parts.joined() + "</g>") }
        return items.isEmpty ? 30 : y + 6
    }
}
