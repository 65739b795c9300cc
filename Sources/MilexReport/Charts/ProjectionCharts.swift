import Foundation
import MilexModel
import MilexScenario

/// Charts drawn from a run: spending, balance and debt paths per country (one small panel
/// each, one line per variant, the baseline dashed), the countries side by side (debt at the
/// horizon against the extra effort) and bar charts comparing the variants. Every chart of a
/// document takes its colours from one ``VariantPalette``.
public struct ProjectionCharts: Sendable {
    public let result: ProjectionResult
    /// The colour of each variant, the same in every chart.
    public let palette: VariantPalette

    public init(result: ProjectionResult, palette: VariantPalette? = nil) {
        self.result = result
        self.palette = palette ?? VariantPalette(variants: result.variants.map(\.label))
    }

    /// The line under a chart: where its figures come from.
    public static func sourceLine(_ scenario: Scenario) -> String {
        let data =
            scenario.datasetVintage.map { "milex dataset vintage \($0) (milex show CODE lists each figure's source)" }
            ?? "the scenario's own figures"
        return "milex projection of \(scenario.files.first ?? scenario.file) on \(data)."
    }

    /// The reference lines of the spending chart: the Wales and Hague targets (the policy file's).
    public static func spendingReferences(_ policy: Policy) -> [ReferenceLine] {
        let values = ReferenceValues(policy)
        return [values.walesTarget, values.hagueCore, values.hagueTotal].map { ($0, ReferenceValues.label($0)) }
    }
    /// The reference line of the debt chart: the debt reference value.
    public static func debtReferences(_ policy: Policy) -> [ReferenceLine] {
        [(policy.debtReference, ReferenceValues.label(policy.debtReference))]
    }
    /// The reference line of the balance chart: the deficit reference value.
    public static func balanceReferences(_ policy: Policy) -> [ReferenceLine] {
        [(-policy.deficitReference, "−" + ReferenceValues.label(policy.deficitReference))]
    }

    /// The lines of one country's panel.
    func series(country: Int, _ value: (CountryProjection) -> [Double]) -> [LineChart.Series] {
        result.variants.indices.map { variant in
            let projection = result.projection(variant: variant, country: country)
            let values = value(projection)
            return LineChart.Series(
                name: result.variants[variant].label,
                points: zip(projection.years, values).map { (Double($0), $1) },
                dashed: variant == 0, colour: palette.colour(variant: variant))
        }
    }

    func panels(references: [ReferenceLine], _ value: (CountryProjection) -> [Double]) -> [LineChart] {
        result.countries.indices.map { index in
            LineChart(
                title: result.countries[index].name, yLabel: "% of GDP", series: series(country: index, value),
                referenceLines: references)
        }
    }

    /// Core defence plus defence-related spending, % of GDP: one panel per country, the same
    /// vertical scale in every panel so countries compare at a glance.
    public func spendingPaths(columns: Int = 4) -> String {
        SmallMultiples.render(
            title: "Defence spending (core + related), % of GDP",
            panels: panels(references: Self.spendingReferences(result.policy)) {
                zip($0[.defence], $0[.related]).map { $0 + $1 }
            },
            codes: result.countries.map(\.code), legend: legend, columns: columns, scale: .shared)
    }

    /// Gross debt, % of GDP: one panel per country, each from zero to its own top (debt ratios
    /// range from 20 % to 150 %; a zero base keeps the slopes honest), with the 60 % line.
    public func debtPaths(columns: Int = 4) -> String {
        SmallMultiples.render(
            title: "Gross government debt, % of GDP",
            panels: panels(references: Self.debtReferences(result.policy)) { $0[.debt] },
            codes: result.countries.map(\.code), legend: legend, columns: columns, scale: .zeroBased)
    }

    /// The headline balance, % of GDP: one panel per country on one shared scale, with the
    /// −3 % reference value (below the line: a deficit above 3 %).
    public func balancePaths(columns: Int = 4) -> String {
        SmallMultiples.render(
            title: "Headline balance, % of GDP (deficit = −balance)",
            panels: panels(references: Self.balanceReferences(result.policy)) { $0[.balance] },
            codes: result.countries.map(\.code),
            legend: legend, columns: columns, scale: .shared)
    }

    /// Every country on one pair of axes: the extra effort in each variant's target year
    /// (x, % of GDP) against debt at the horizon (y, % of GDP), one point per country and
    /// variant, a country's points joined from the baseline on.
    public func crossCountry() -> ScatterChart {
        let e = result.endYear
        var groups: [ScatterChart.Group] = []
        for variant in result.variants.indices {
            let year =
                variant == 0 ? e : CompareReport.targetYear(result.variants[variant], result)
            let points = result.countries.indices.map { country -> ScatterChart.Point in
                let projection = result.projection(variant: variant, country: country)
                return ScatterChart.Point(
                    x: projection.value(.extra, in: year) ?? .nan, y: projection.value(.debt, in: e) ?? .nan,
                    label: projection.country.code)
            }
            groups.append(
                ScatterChart.Group(name: result.variants[variant].label, colour: palette.colour(variant: variant), points: points)
            )
        }
        return ScatterChart(
            title: "Debt in \(e) against the extra effort, every country",
            xLabel: "Extra spending in the target year", xUnit: "% of GDP", yLabel: "Debt \(e)", yUnit: "% of GDP",
            groups: groups, referenceLines: Self.debtReferences(result.policy), linksPoints: true)
    }

    var legend: [LegendItem] {
        result.variants.indices.map { variant in
            LegendItem(
                label: result.variants[variant].label,
                swatch: .line(colour: palette.colour(variant: variant), dashed: variant == 0))
        }
    }
}

/// The reference values charts and summaries draw against (MODEL.md §6–§7), from the run's
/// policy numbers (the policy file's, Sources/MilexModel/Policy/policy.json, unless the scenario
/// overrides them): nothing here is a literal.
public struct ReferenceValues: Sendable {
    public let policy: Policy

    public init(_ policy: Policy = .current) { self.policy = policy }

    /// The Wales guideline, % of GDP.
    public var walesTarget: Double { policy.natoGuideline }
    /// The Hague core-defence commitment, % of GDP.
    public var hagueCore: Double { policy.hagueCore }
    /// The Hague defence-related allowance, % of GDP.
    public var hagueRelated: Double { policy.hagueRelated }
    /// The Hague total, % of GDP.
    public var hagueTotal: Double { policy.hagueCore + policy.hagueRelated }
    /// The Stability and Growth Pact's debt reference value, % of GDP.
    public var debt: Double { policy.debtReference }
    /// The Stability and Growth Pact's deficit reference value, % of GDP.
    public var deficit: Double { policy.deficitReference }
    /// NATO's equipment guideline: at least this share of defence spending on major equipment, %.
    public var equipmentShare: Double { policy.natoEquipmentShare }
    /// A reference value as a label, "3.5 %".
    public static func label(_ value: Double) -> String { NumberText.shortest(value) + " %" }
}

extension CompareReport {
    /// A bar chart of one figure across the countries (not the aggregates), one bar series per
    /// variant in the run's colours; for debt the baseline comes first. Many countries turn the
    /// bars horizontal.
    public func barChart(_ field: Field, palette: VariantPalette? = nil) -> BarChart {
        let palette = palette ?? VariantPalette(variants: result.variants.map(\.label))
        let countryRows = rows.filter { $0.kind == .body }
        var series: [(name: String, values: [Double?])] = []
        var colours: [String] = []
        let sample = column(field, groups[groups.count - 1], prefixed: false)
        if field == .debt {
            series.append(
                (
                    PolicyVariant.baselineLabel,
                    countryRows.map { row in
                        row.paths[0].debtPct[row.paths[0].index(of: result.endYear)!]
                    }
                ))
            colours.append(palette.colour(variant: 0))
        }
        for group in groups {
            series.append(
                (
                    group.label,
                    countryRows.map { row in
                        Self.figures(
                            row, group: group, baseYear: result.baseYear, endYear: result.endYear, policy: result.policy)[field]
                            ?? nil
                    }
                ))
            colours.append(palette.colour(variant: group.variant))
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
            referenceLines: field == .debt ? ProjectionCharts.debtReferences(result.policy) : [], orientation: .horizontal,
            seriesColours: colours)
    }
}

/// Small multiples: one compact line chart per country in a grid, inside one SVG, with a
/// shared legend (a legend in every panel would crowd out the lines).
enum SmallMultiples {
    static let panelWidth = 300.0
    static let panelHeight = 200.0

    /// How the panels' vertical axes are set.
    enum PanelScale {
        /// One scale for every panel: the panels compare at a glance.
        case shared
        /// Each panel from zero (or its lowest value, if negative) to its own top: slopes are
        /// not exaggerated, magnitudes read off each panel.
        case zeroBased
        /// Each panel fitted to its own values.
        case own
    }

    /// The grid as a complete `<svg>` element; each panel is a `<g class="panel">`.
    static func render(
        title: String, panels: [LineChart], codes: [String], legend: [LegendItem], columns: Int, scale: PanelScale
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
        let shared = scale == .shared ? SVGRenderer.niceTicks(values: allValues, maxCount: 5) : nil
        for (index, panel) in panels.enumerated() {
            let x = Double(index % columns) * panelWidth
            let y = legendBottom + 8 + Double(index / columns) * panelHeight
            let body = Self.panel(panel, ticks: shared, zeroBased: scale == .zeroBased)
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
        switch scale {
        case .shared: description += " Every panel has the same vertical scale."
        case .zeroBased: description += " Each panel has its own vertical scale, starting at zero."
        case .own: description += " Each panel has its own vertical scale."
        }
        return canvas.svg(kind: "small-multiples", title: title, description: description)
    }

    static func yearRange(_ panels: [LineChart]) -> String {
        let xs = panels.flatMap { $0.series.flatMap { $0.points.map(\.x) } }
        guard let low = xs.min(), let high = xs.max() else { return "none" }
        return "\(Int(low.rounded()))–\(Int(high.rounded()))"
    }

    /// One panel's elements (in its own coordinates, 0…panelWidth × 0…panelHeight).
    static func panel(_ chart: LineChart, ticks shared: [Double]?, zeroBased: Bool = false) -> String {
        let values = chart.series.flatMap { $0.points.map(\.y) }.filter(\.isFinite)
        let yTicks =
            shared
            ?? SVGRenderer.niceTicks(values: values + chart.referenceLines.map(\.value) + (zeroBased ? [0] : []), maxCount: 5)
        let xs = chart.series.flatMap { $0.points.map(\.x) }.filter(\.isFinite)
        var canvas = Canvas(width: panelWidth, height: panelHeight)
        canvas.add(
            "<text class=\"panel-title\" x=\"8\" y=\"16\" font-size=\"13\" font-weight=\"bold\" fill=\"\(SVGRenderer.textColour)\">\(Markup.escape(chart.title))</text>"
        )
        let tickWidth = yTicks.map { SVGRenderer.textWidth(SVGRenderer.tickText($0, ticks: yTicks)) }.max() ?? 0
        let plot = PlotFrame(
            left: 10 + tickWidth, top: 26, right: panelWidth - SVGRenderer.referenceGutter(chart.referenceLines),
            bottom: panelHeight - 24)
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
            let stroke = series.stroke(position: index)
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
    mutating func legend(title text: String, items: [LegendItem]) -> Double {
        let titleBottom = title(text)
        var x = 12.0
        var y = titleBottom + 22
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
        return items.isEmpty ? titleBottom + 8 : y + 6
    }
}
