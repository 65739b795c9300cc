import Foundation

/// A horizontal threshold drawn across a chart (60 % debt, 3 % deficit, a 3.5 % target).
public typealias ReferenceLine = (value: Double, label: String)

/// One colour per variant of a run, the same in every chart of a document: the baseline grey,
/// the variants in palette order by their index in the run (never by their position in one
/// chart, so "3.5 %" is the same colour in the debt, deficit and bar charts).
public struct VariantPalette: Sendable, Equatable {
    /// The baseline's colour: a neutral grey, set apart from the variants and from the dark
    /// reference lines.
    public static let baselineColour = "#8A8A8A"

    /// The variants' labels in run order, the baseline first.
    public let labels: [String]

    public init(variants labels: [String]) { self.labels = labels }

    /// The colour of the variant at `index` in the run (0: the baseline).
    public func colour(variant index: Int) -> String {
        index == 0 ? Self.baselineColour : SVGRenderer.colour(index - 1)
    }

    /// The colour of the variant labelled `label` (nil when the run has no such variant).
    public func colour(label: String) -> String? { labels.firstIndex(of: label).map { colour(variant: $0) } }
}

/// A line chart of yearly series (debt paths, balances, spending shares).
public struct LineChart: Sendable {
    /// One line of the chart.
    public struct Series: Sendable {
        public var name: String
        /// The points in x order; a NaN `y` leaves a gap in the line.
        public var points: [(x: Double, y: Double)]
        public var dashed: Bool
        /// A fixed palette index, so a series keeps its colour from chart to chart.
        public var colourIndex: Int?
        /// A fixed colour (a ``VariantPalette`` entry); wins over `colourIndex`.
        public var colour: String?

        public init(
            name: String, points: [(x: Double, y: Double)], dashed: Bool = false, colourIndex: Int? = nil, colour: String? = nil
        ) {
            self.name = name
            self.points = points
            self.dashed = dashed
            self.colourIndex = colourIndex
            self.colour = colour
        }

        /// The stroke of the series drawn at `position` in its chart.
        func stroke(position: Int) -> String { colour ?? SVGRenderer.colour(colourIndex ?? position) }
    }

    public var title: String
    /// The x-axis label (the axis shows years as integers).
    public var xLabel: String
    public var yLabel: String
    /// The y unit, shown after the label in parentheses (`% of GDP`).
    public var yUnit: String?
    public var series: [Series]
    public var referenceLines: [ReferenceLine]

    public init(
        title: String, xLabel: String = "Year", yLabel: String, yUnit: String? = nil, series: [Series],
        referenceLines: [ReferenceLine] = []
    ) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.yUnit = yUnit
        self.series = series
        self.referenceLines = referenceLines
    }
}

/// A grouped bar chart: one group per category (country), one bar per series (target).
public struct BarChart: Sendable {
    /// Which way the bars run.
    public enum Orientation: Sendable, Equatable {
        /// Vertical bars for a few categories, horizontal bars (a taller chart) for many.
        case automatic
        case vertical
        case horizontal
    }

    public var title: String
    /// The value-axis label (the vertical axis, or the horizontal one when bars are horizontal).
    public var yLabel: String
    public var yUnit: String?
    public var categories: [String]
    /// One entry per series; `values` is indexed like `categories`, nil where there is no figure.
    public var series: [(name: String, values: [Double?])]
    public var referenceLines: [ReferenceLine]
    public var orientation: Orientation
    /// A fixed colour per series (``VariantPalette``), indexed like `series`; nil: palette order.
    public var seriesColours: [String]?

    public init(
        title: String, yLabel: String, yUnit: String? = nil, categories: [String],
        series: [(name: String, values: [Double?])], referenceLines: [ReferenceLine] = [],
        orientation: Orientation = .automatic, seriesColours: [String]? = nil
    ) {
        self.title = title
        self.yLabel = yLabel
        self.yUnit = yUnit
        self.categories = categories
        self.series = series
        self.referenceLines = referenceLines
        self.orientation = orientation
        self.seriesColours = seriesColours
    }

    /// The fill of the series at `index`.
    func colour(_ index: Int) -> String {
        if let seriesColours, index < seriesColours.count { return seriesColours[index] }
        return SVGRenderer.colour(index)
    }

    /// More categories than this turn an automatic chart horizontal (32 countries stay readable).
    static let verticalCategoryLimit = 16

    /// The orientation actually drawn.
    var resolvedOrientation: Orientation {
        switch orientation {
        case .automatic: return categories.count > Self.verticalCategoryLimit ? .horizontal : .vertical
        default: return orientation
        }
    }
}

/// A fan chart: nested percentile bands around a median path, from a stochastic run.
public struct FanChart: Sendable {
    public var title: String
    public var yLabel: String
    public var yUnit: String?
    public var years: [Int]
    /// The bands, each indexed like `years` (10–90, 20–80, …); drawn widest first, darker inside.
    public var bands: [(lower: [Double], upper: [Double], label: String)]
    public var median: [Double]
    public var medianLabel: String
    /// The deterministic path, drawn dashed, if given.
    public var deterministic: [Double]?
    public var deterministicLabel: String
    public var referenceLines: [ReferenceLine]
    /// The colour of the bands and the median: the variant's in its document (``VariantPalette``);
    /// nil: the first palette colour. The deterministic path is then drawn dark grey.
    public var colour: String?

    public init(
        title: String, yLabel: String, yUnit: String? = nil, years: [Int],
        bands: [(lower: [Double], upper: [Double], label: String)], median: [Double], medianLabel: String = "Median",
        deterministic: [Double]? = nil, deterministicLabel: String = "Deterministic path",
        referenceLines: [ReferenceLine] = [], colour: String? = nil
    ) {
        self.colour = colour
        self.title = title
        self.yLabel = yLabel
        self.yUnit = yUnit
        self.years = years
        self.bands = bands
        self.median = median
        self.medianLabel = medianLabel
        self.deterministic = deterministic
        self.deterministicLabel = deterministicLabel
        self.referenceLines = referenceLines
    }
}

/// Escaping shared by the SVG, HTML and SpreadsheetML writers.
enum Markup {
    /// `text` safe inside XML/HTML text and quoted attributes; control characters XML 1.0
    /// forbids are dropped (a parser would reject the whole document otherwise).
    static func escape(_ text: String) -> String {
        var output = ""
        output.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": output += "&amp;"
            case "<": output += "&lt;"
            case ">": output += "&gt;"
            case "\"": output += "&quot;"
            case "'": output += "&#39;"
            case "\t", "\n", "\r": output.unicodeScalars.append(scalar)
            default:
                let value = scalar.value
                if value < 0x20 || value == 0xFFFE || value == 0xFFFF { continue }
                output.unicodeScalars.append(scalar)
            }
        }
        return output
    }
}

/// Draws charts as standalone SVG (also valid inline in HTML5), written by hand so the output
/// is small, stable and free of external resources.
public enum SVGRenderer {
    /// Okabe–Ito colours, reordered so the first few read well as thin lines on white
    /// (yellow last); distinguishable with the common colour-vision deficiencies.
    public static let palette = ["#0072B2", "#D55E00", "#009E73", "#E69F00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"]

    static let fontFamily = "DejaVu Sans, Helvetica, Arial, sans-serif"
    static let textColour = "#222222"
    static let gridColour = "#E3E3E3"
    static let axisColour = "#555555"
    static let referenceColour = "#333333"

    // MARK: - Public entry points

    /// A line chart as a complete `<svg>` element.
    public static func render(_ chart: LineChart, width: Int = 720, height: Int = 360) -> String {
        let finiteY = chart.series.flatMap { $0.points.map(\.y) }.filter(\.isFinite)
        let xs = chart.series.flatMap { $0.points.map(\.x) }.filter(\.isFinite)
        let yTicks = niceTicks(values: finiteY + chart.referenceLines.map(\.value))
        let legend = chart.series.enumerated().map { index, series in
            LegendItem(label: series.name, swatch: .line(colour: series.stroke(position: index), dashed: series.dashed))
        }
        var canvas = Canvas(width: Double(width), height: Double(height))
        let plot = canvas.frame(
            title: chart.title, legend: legend, yTicks: yTicks, yAxisLabel: axisLabel(chart.yLabel, chart.yUnit),
            rightGutter: referenceGutter(chart.referenceLines))
        let xDomain = domain(xs)
        let x = Scale(domain: xDomain, range: (plot.left, plot.right))
        let y = Scale(domain: (yTicks.first!, yTicks.last!), range: (plot.bottom, plot.top))
        canvas.yGrid(yTicks, scale: y, plot: plot)
        canvas.xYearAxis(domain: xDomain, scale: x, plot: plot, label: chart.xLabel)
        for (index, series) in chart.series.enumerated() {
            let stroke = series.stroke(position: index)
            let (path, isolated) = linePath(series.points.map { (x($0.x), $0.y.isFinite ? y($0.y) : .nan) })
            var attributes =
                "class=\"series\" fill=\"none\" stroke=\"\(stroke)\" stroke-width=\"2.5\" stroke-linejoin=\"round\" stroke-linecap=\"round\""
            if series.dashed { attributes += " stroke-dasharray=\"7 5\"" }
            canvas.add("<path \(attributes) data-series=\"\(Markup.escape(series.name))\" d=\"\(path)\"/>")
            for point in isolated {
                canvas.add("<circle class=\"point\" cx=\"\(n(point.0))\" cy=\"\(n(point.1))\" r=\"3\" fill=\"\(stroke)\"/>")
            }
        }
        canvas.referenceLines(chart.referenceLines, scale: y, plot: plot)
        canvas.axes(plot: plot)
        var description = "Line chart. X axis: \(chart.xLabel)"
        if let low = xs.min(), let high = xs.max() { description += ", \(Int(low.rounded())) to \(Int(high.rounded()))" }
        description +=
            ". Y axis: \(axisLabel(chart.yLabel, chart.yUnit)), \(tickText(yTicks.first!, ticks: yTicks)) to \(tickText(yTicks.last!, ticks: yTicks)). "
        description += "Series: " + (chart.series.isEmpty ? "none" : chart.series.map(\.name).joined(separator: "; ")) + "."
        description += referenceDescription(chart.referenceLines)
        return canvas.svg(kind: "line", title: chart.title, description: description)
    }

    /// A grouped bar chart as a complete `<svg>` element; with many categories the bars run
    /// horizontally and the chart grows taller than `height` so every label stays legible.
    public static func render(_ chart: BarChart, width: Int = 720, height: Int = 360) -> String {
        let values = chart.series.flatMap { $0.values.compactMap { $0 } }.filter(\.isFinite)
        // Bars grow from zero, so zero is always on the value axis.
        let ticks = niceTicks(values: values + chart.referenceLines.map(\.value) + [0])
        let legend = chart.series.enumerated().map { index, series in
            LegendItem(label: series.name, swatch: .box(colour: chart.colour(index), opacity: 1))
        }
        let horizontal = chart.resolvedOrientation == .horizontal
        let valueLabel = axisLabel(chart.yLabel, chart.yUnit)
        var canvas = Canvas(width: Double(width), height: Double(height))
        let groupCount = max(1, chart.series.count)
        func value(_ series: Int, _ category: Int) -> Double? {
            let values = chart.series[series].values
            guard category < values.count, let value = values[category], value.isFinite else { return nil }
            return value
        }
        if horizontal {
            let barThickness = groupCount <= 2 ? 10.0 : 8.0
            let rowHeight = max(18, Double(groupCount) * barThickness + 8)
            let labelWidth = chart.categories.map(textWidth).max() ?? 0
            let plot = canvas.horizontalFrame(
                title: chart.title, legend: legend, categoryLabelWidth: labelWidth,
                plotHeight: rowHeight * Double(max(1, chart.categories.count)), hasReferenceLabels: !chart.referenceLines.isEmpty)
            let x = Scale(domain: (ticks.first!, ticks.last!), range: (plot.left, plot.right))
            // Zebra stripes guide the eye from a label to its bars on a tall chart.
            for category in chart.categories.indices where category % 2 == 1 {
                let rowTop = plot.top + Double(category) * rowHeight
                canvas.add(
                    "<rect class=\"stripe\" x=\"\(n(plot.left))\" y=\"\(n(rowTop))\" width=\"\(n(plot.right - plot.left))\" height=\"\(n(rowHeight))\" fill=\"#F4F4F4\"/>"
                )
            }
            canvas.xValueGrid(ticks, scale: x, plot: plot, label: valueLabel)
            for (category, name) in chart.categories.enumerated() {
                let rowTop = plot.top + Double(category) * rowHeight
                canvas.add(
                    "<text class=\"category\" x=\"\(n(plot.left - 6))\" y=\"\(n(rowTop + rowHeight / 2 + 4))\" text-anchor=\"end\" fill=\"\(textColour)\">\(Markup.escape(name))</text>"
                )
                let groupTop = rowTop + (rowHeight - Double(groupCount) * barThickness) / 2
                for series in chart.series.indices {
                    guard let v = value(series, category) else { continue }
                    let (start, end) = (min(x(0), x(v)), max(x(0), x(v)))
                    canvas.add(
                        "<rect class=\"bar\" x=\"\(n(start))\" y=\"\(n(groupTop + Double(series) * barThickness))\" width=\"\(n(end - start))\" height=\"\(n(barThickness - 1))\" fill=\"\(chart.colour(series))\"><title>\(Markup.escape("\(name), \(chart.series[series].name): \(tickText(v, ticks: ticks, extra: 2))"))</title></rect>"
                    )
                }
            }
            canvas.add(
                "<line class=\"zero-line\" x1=\"\(n(x(0)))\" y1=\"\(n(plot.top))\" x2=\"\(n(x(0)))\" y2=\"\(n(plot.bottom))\" stroke=\"\(axisColour)\" stroke-width=\"1.2\"/>"
            )
            canvas.verticalReferenceLines(chart.referenceLines, scale: x, plot: plot)
            canvas.add(
                "<line class=\"axis\" x1=\"\(n(plot.left))\" y1=\"\(n(plot.bottom))\" x2=\"\(n(plot.right))\" y2=\"\(n(plot.bottom))\" stroke=\"\(axisColour)\"/>"
            )
        } else {
            let labelWidth = chart.categories.map(textWidth).max() ?? 0
            let slotWidth = (Double(width) - 100) / Double(max(1, chart.categories.count))
            // Labels wider than their slot are turned 45° rather than overlapping.
            let rotate = labelWidth > slotWidth - 6
            let bottomMargin = rotate ? min(Double(height) / 2.5, labelWidth * 0.72 + 24) : 30
            let plot = canvas.frame(
                title: chart.title, legend: legend, yTicks: ticks, yAxisLabel: valueLabel, bottomMargin: bottomMargin,
                rightGutter: referenceGutter(chart.referenceLines))
            let y = Scale(domain: (ticks.first!, ticks.last!), range: (plot.bottom, plot.top))
            canvas.yGrid(ticks, scale: y, plot: plot)
            let slot = (plot.right - plot.left) / Double(max(1, chart.categories.count))
            let barWidth = slot * 0.8 / Double(groupCount)
            for (category, name) in chart.categories.enumerated() {
                let slotLeft = plot.left + Double(category) * slot
                let centre = slotLeft + slot / 2
                if rotate {
                    canvas.add(
                        "<text class=\"category\" x=\"\(n(centre))\" y=\"\(n(plot.bottom + 14))\" text-anchor=\"end\" transform=\"rotate(-45 \(n(centre)) \(n(plot.bottom + 14)))\" fill=\"\(textColour)\">\(Markup.escape(name))</text>"
                    )
                } else {
                    canvas.add(
                        "<text class=\"category\" x=\"\(n(centre))\" y=\"\(n(plot.bottom + 16))\" text-anchor=\"middle\" fill=\"\(textColour)\">\(Markup.escape(name))</text>"
                    )
                }
                for series in chart.series.indices {
                    guard let v = value(series, category) else { continue }
                    let (top, bottom) = (min(y(0), y(v)), max(y(0), y(v)))
                    canvas.add(
                        "<rect class=\"bar\" x=\"\(n(slotLeft + slot * 0.1 + Double(series) * barWidth))\" y=\"\(n(top))\" width=\"\(n(max(0, barWidth - 1)))\" height=\"\(n(bottom - top))\" fill=\"\(chart.colour(series))\"><title>\(Markup.escape("\(name), \(chart.series[series].name): \(tickText(v, ticks: ticks, extra: 2))"))</title></rect>"
                    )
                }
            }
            canvas.add(
                "<line class=\"zero-line\" x1=\"\(n(plot.left))\" y1=\"\(n(y(0)))\" x2=\"\(n(plot.right))\" y2=\"\(n(y(0)))\" stroke=\"\(axisColour)\" stroke-width=\"1.2\"/>"
            )
            canvas.referenceLines(chart.referenceLines, scale: y, plot: plot)
            canvas.axes(plot: plot)
        }
        var description = "Bar chart of \(chart.categories.count) categories"
        description += horizontal ? " (horizontal bars). " : ". "
        description +=
            "Values: \(valueLabel), \(tickText(ticks.first!, ticks: ticks)) to \(tickText(ticks.last!, ticks: ticks)). "
        description += "Series: " + (chart.series.isEmpty ? "none" : chart.series.map(\.name).joined(separator: "; ")) + "."
        let missing = chart.series.indices.reduce(0) { total, series in
            total + chart.categories.indices.filter { value(series, $0) == nil }.count
        }
        if missing > 0 { description += " \(missing) values not available." }
        description += referenceDescription(chart.referenceLines)
        return canvas.svg(kind: "bar", title: chart.title, description: description)
    }

    /// A fan chart as a complete `<svg>` element: bands as nested shaded areas (darker inside),
    /// the median as a solid line, the deterministic path dashed.
    public static func render(_ chart: FanChart, width: Int = 720, height: Int = 360) -> String {
        // Widest band first: translucent fills stacked inside one another darken towards the
        // median, whatever order the caller listed them in.
        let bands = chart.bands.enumerated().sorted { left, right in
            let (a, b) = (meanWidth(left.element), meanWidth(right.element))
            return a != b ? a > b : left.offset < right.offset
        }.map(\.element)
        let bandOpacity = 0.18
        let bandColour = chart.colour ?? palette[0]
        let deterministicColour = chart.colour == nil ? palette[1] : "#333333"
        var values = chart.median + (chart.deterministic ?? []) + chart.referenceLines.map(\.value)
        for band in bands { values += band.lower + band.upper }
        let yTicks = niceTicks(values: values.filter(\.isFinite))
        var legend = bands.enumerated().map { index, band in
            // The swatch shows the shade a reader sees: every band stacked up to this one.
            LegendItem(label: band.label, swatch: .box(colour: bandColour, opacity: 1 - pow(1 - bandOpacity, Double(index + 1))))
        }
        legend.append(LegendItem(label: chart.medianLabel, swatch: .line(colour: bandColour, dashed: false)))
        if chart.deterministic != nil {
            legend.append(LegendItem(label: chart.deterministicLabel, swatch: .line(colour: deterministicColour, dashed: true)))
        }
        var canvas = Canvas(width: Double(width), height: Double(height))
        let plot = canvas.frame(
            title: chart.title, legend: legend, yTicks: yTicks, yAxisLabel: axisLabel(chart.yLabel, chart.yUnit),
            rightGutter: referenceGutter(chart.referenceLines))
        let xDomain = domain(chart.years.map(Double.init))
        let x = Scale(domain: xDomain, range: (plot.left, plot.right))
        let y = Scale(domain: (yTicks.first!, yTicks.last!), range: (plot.bottom, plot.top))
        canvas.yGrid(yTicks, scale: y, plot: plot)
        canvas.xYearAxis(domain: xDomain, scale: x, plot: plot, label: "Year")
        for band in bands {
            let indices = chart.years.indices.filter { index in
                index < band.lower.count && index < band.upper.count && band.lower[index].isFinite && band.upper[index].isFinite
            }
            guard !indices.isEmpty else { continue }
            let upper = indices.map { "\(n(x(Double(chart.years[$0])))) \(n(y(band.upper[$0])))" }
            let lower = indices.reversed().map { "\(n(x(Double(chart.years[$0])))) \(n(y(band.lower[$0])))" }
            let d = "M" + upper.joined(separator: " L") + " L" + lower.joined(separator: " L") + " Z"
            canvas.add(
                "<path class=\"band\" data-band=\"\(Markup.escape(band.label))\" fill=\"\(bandColour)\" fill-opacity=\"\(n(bandOpacity))\" stroke=\"none\" d=\"\(d)\"/>"
            )
        }
        func yearPath(_ values: [Double]) -> (String, [(Double, Double)]) {
            linePath(
                chart.years.indices.map { index in
                    let value = index < values.count ? values[index] : .nan
                    return (x(Double(chart.years[index])), value.isFinite ? y(value) : .nan)
                })
        }
        let (median, medianPoints) = yearPath(chart.median)
        canvas.add(
            "<path class=\"median\" fill=\"none\" stroke=\"\(bandColour)\" stroke-width=\"2.5\" stroke-linejoin=\"round\" d=\"\(median)\"/>"
        )
        for point in medianPoints {
            canvas.add("<circle class=\"point\" cx=\"\(n(point.0))\" cy=\"\(n(point.1))\" r=\"3\" fill=\"\(bandColour)\"/>")
        }
        if let deterministic = chart.deterministic {
            let (path, points) = yearPath(deterministic)
            canvas.add(
                "<path class=\"deterministic\" fill=\"none\" stroke=\"\(deterministicColour)\" stroke-width=\"2\" stroke-dasharray=\"7 5\" d=\"\(path)\"/>"
            )
            for point in points {
                canvas.add(
                    "<circle class=\"point\" cx=\"\(n(point.0))\" cy=\"\(n(point.1))\" r=\"3\" fill=\"\(deterministicColour)\"/>"
                )
            }
        }
        canvas.referenceLines(chart.referenceLines, scale: y, plot: plot)
        canvas.axes(plot: plot)
        var description = "Fan chart"
        if let first = chart.years.min(), let last = chart.years.max() { description += ", \(first) to \(last)" }
        description +=
            ". Y axis: \(axisLabel(chart.yLabel, chart.yUnit)), \(tickText(yTicks.first!, ticks: yTicks)) to \(tickText(yTicks.last!, ticks: yTicks)). "
        description +=
            "Bands: " + (bands.isEmpty ? "none" : bands.map(\.label).joined(separator: "; ")) + "; line: \(chart.medianLabel)"
        if chart.deterministic != nil { description += "; dashed line: \(chart.deterministicLabel)" }
        description += "." + referenceDescription(chart.referenceLines)
        return canvas.svg(kind: "fan", title: chart.title, description: description)
    }

    // MARK: - Ticks

    /// Axis ticks at 1, 2 or 5 × 10^k covering `lower...upper`, at most `maxCount` of them,
    /// the first at or below `lower` and the last at or above `upper` (within a billionth of a
    /// step, so rounding noise in the data adds no tick).
    public static func niceTicks(lower: Double, upper: Double, maxCount: Int = 6) -> [Double] {
        var (low, high) = (min(lower, upper), max(lower, upper))
        if !low.isFinite || !high.isFinite { (low, high) = (0, 1) }
        if low == high {
            // A flat series still needs an axis: open a band around it.
            let delta = low == 0 ? 1 : abs(low) * 0.1
            (low, high) = (low - delta, high + delta)
        }
        let count = max(2, maxCount)
        var step = niceStep((high - low) / Double(count - 1))
        while true {
            let ticks = ticksFor(low, high, step: step)
            if ticks.count <= count { return ticks }
            step = nextNiceStep(step)
        }
    }

    /// Ticks for a set of values (empty: 0 to 1).
    static func niceTicks(values: [Double], maxCount: Int = 6) -> [Double] {
        guard let low = values.min(), let high = values.max() else { return niceTicks(lower: 0, upper: 1, maxCount: maxCount) }
        return niceTicks(lower: low, upper: high, maxCount: maxCount)
    }

    /// The smallest 1, 2 or 5 × 10^k at or above `raw`.
    static func niceStep(_ raw: Double) -> Double {
        guard raw > 0, raw.isFinite else { return 1 }
        let magnitude = pow(10, floor(log10(raw)))
        let fraction = raw / magnitude
        // A hair of tolerance so 0.2000000001 (from float division) still picks 2, not 5.
        let nice: Double = fraction <= 1 + 1e-9 ? 1 : fraction <= 2 + 1e-9 ? 2 : fraction <= 5 + 1e-9 ? 5 : 10
        return nice * magnitude
    }

    static func nextNiceStep(_ step: Double) -> Double {
        let magnitude = pow(10, floor(log10(step) + 1e-9))
        let leading = (step / magnitude).rounded()
        return (leading < 2 ? 2 : leading < 5 ? 5 : 10) * magnitude
    }

    /// The multiples of `step` from the one at or below `low` to the one at or above `high`,
    /// computed as integers over a power of ten so 0.3 prints as 0.3, not 0.30000000000000004.
    static func ticksFor(_ low: Double, _ high: Double, step: Double) -> [Double] {
        let scale = pow(10, Double(max(0, decimals(forStep: step))))
        let units = (step * scale).rounded()
        let first = Int((low / step + 1e-9).rounded(.down))
        let last = Int((high / step - 1e-9).rounded(.up))
        return (first...max(first, last)).map { Double($0) * units / scale }
    }

    /// The decimals tick labels need for `step` (0 for 20, 1 for 0.5).
    static func decimals(forStep step: Double) -> Int {
        guard step > 0, step.isFinite else { return 0 }
        return max(0, -Int(floor(log10(step) + 1e-9)))
    }

    /// A tick value as text, with the decimals its axis needs (plus `extra` for data labels).
    static func tickText(_ value: Double, ticks: [Double], extra: Int = 0) -> String {
        let step = ticks.count > 1 ? ticks[1] - ticks[0] : 1
        return NumberText.fixed(value, decimals: decimals(forStep: step) + extra)
    }

    // MARK: - Helpers

    /// The palette colour for an index (wrapping round).
    static func colour(_ index: Int) -> String { palette[((index % palette.count) + palette.count) % palette.count] }

    /// A coordinate rounded to 2 decimals without trailing zeros, so output is stable and small.
    static func n(_ value: Double) -> String {
        guard value.isFinite else { return "0" }
        var text = NumberText.fixed(value, decimals: 2)
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return text == "-0" ? "0" : text
    }

    /// "Debt (% of GDP)".
    static func axisLabel(_ label: String, _ unit: String?) -> String {
        guard let unit, !unit.isEmpty else { return label }
        return "\(label) (\(unit))"
    }

    /// An estimate of rendered text width at 12 px, for layout (no font metrics are at hand).
    static func textWidth(_ text: String) -> Double { Double(DisplayWidth.of(text)) * 7 }

    /// `title` in lines that fit `width` at the title's 15 px bold (about 9 px a character),
    /// broken at spaces; a single word longer than the width keeps its line.
    static func wrapTitle(_ title: String, width: Double) -> [String] {
        let perCharacter = 7.0 * 15 / 12 * 1.05
        var lines: [String] = []
        var line = ""
        for word in title.split(separator: " ", omittingEmptySubsequences: false) {
            let candidate = line.isEmpty ? String(word) : line + " " + word
            if !line.isEmpty, Double(DisplayWidth.of(candidate)) * perCharacter > width {
                lines.append(line)
                line = String(word)
            } else {
                line = candidate
            }
        }
        return lines + [line]
    }

    /// The font size of reference-line labels.
    static let referenceFontSize = 11.0

    /// A diamond centred on (x, y), `size` from the centre to each corner, as path data.
    static func diamond(x: Double, y: Double, size: Double) -> String {
        "M\(n(x)) \(n(y - size)) L\(n(x + size)) \(n(y)) L\(n(x)) \(n(y + size)) L\(n(x - size)) \(n(y)) Z"
    }

    /// The estimated width of a reference-line label.
    static func referenceLabelWidth(_ text: String) -> Double { textWidth(text) * referenceFontSize / 12 }

    /// The right margin a chart needs so its reference-line labels sit beside the plot, where
    /// no series or bar can run into them (20 without labels).
    static func referenceGutter(_ lines: [ReferenceLine]) -> Double {
        let widest = lines.filter(\.value.isFinite).map { referenceLabelWidth($0.label) }.max() ?? 0
        return widest > 0 ? max(20, widest + 10) : 20
    }

    /// Label positions `wanted` (centres, ascending or not) moved apart so neighbours are at
    /// least `gap` apart, staying as close to where they belong as the gap allows.
    static func spread(_ wanted: [Double], gap: Double) -> [Double] {
        let order = wanted.indices.sorted { wanted[$0] < wanted[$1] }
        var placed = wanted
        var previous = -Double.infinity
        for index in order {
            placed[index] = max(wanted[index], previous + gap)
            previous = placed[index]
        }
        return placed
    }

    static func domain(_ values: [Double]) -> (Double, Double) {
        guard let low = values.min(), let high = values.max() else { return (0, 1) }
        return low == high ? (low - 1, high + 1) : (low, high)
    }

    static func meanWidth(_ band: (lower: [Double], upper: [Double], label: String)) -> Double {
        let widths = zip(band.lower, band.upper).map { $1 - $0 }.filter(\.isFinite)
        return widths.isEmpty ? 0 : widths.reduce(0, +) / Double(widths.count)
    }

    /// A path through the points, broken at NaN; points with no neighbour are returned apart
    /// (a path of one point draws nothing).
    static func linePath(_ points: [(Double, Double)]) -> (String, [(Double, Double)]) {
        var commands: [String] = []
        var isolated: [(Double, Double)] = []
        var run: [(Double, Double)] = []
        func flush() {
            if run.count == 1 { isolated.append(run[0]) }
            if run.count > 1 {
                commands.append("M" + run.map { "\(n($0.0)) \(n($0.1))" }.joined(separator: " L"))
            }
            run = []
        }
        for point in points {
            if point.1.isFinite { run.append(point) } else { flush() }
        }
        flush()
        // An all-gap series still gets a (harmless) path, so each series has exactly one.
        return (commands.isEmpty ? "M0 0" : commands.joined(separator: " "), isolated)
    }

    static func referenceDescription(_ lines: [ReferenceLine]) -> String {
        guard !lines.isEmpty else { return "" }
        return " Reference lines: " + lines.map { "\($0.label) at \(NumberText.shortest($0.value))" }.joined(separator: "; ")
            + "."
    }
}

/// A linear map from data to SVG coordinates.
struct Scale {
    var domain: (Double, Double)
    var range: (Double, Double)

    func callAsFunction(_ value: Double) -> Double {
        let span = domain.1 - domain.0
        guard span != 0 else { return (range.0 + range.1) / 2 }
        return range.0 + (value - domain.0) / span * (range.1 - range.0)
    }
}

/// The plot area inside the margins.
struct PlotFrame {
    var left: Double
    var top: Double
    var right: Double
    var bottom: Double
}

/// One legend entry.
struct LegendItem {
    enum Swatch {
        case line(colour: String, dashed: Bool)
        case box(colour: String, opacity: Double)
        /// A dot (scatter points).
        case dot(colour: String)
        /// A diamond (the total marker of a stacked bar).
        case diamond(colour: String)
    }

    var label: String
    var swatch: Swatch
}

/// Accumulates SVG elements and lays out the parts every chart shares.
struct Canvas {
    var width: Double
    var height: Double
    var elements: [String] = []

    private typealias R = SVGRenderer

    mutating func add(_ element: String) { elements.append(element) }

    /// Title and legend at the top; returns where the legend ends.
    private mutating func header(title: String, legend: [LegendItem]) -> Double {
        let titleBottom = self.title(title)
        guard !legend.isEmpty else { return titleBottom + 8 }
        var x = 12.0
        var y = titleBottom + 20
        var items: [String] = []
        for item in legend {
            let itemWidth = 24 + R.textWidth(item.label) + 18
            if x > 12, x + itemWidth > width - 12 {
                x = 12
                y += 18
            }
            switch item.swatch {
            case .line(let colour, let dashed):
                let dash = dashed ? " stroke-dasharray=\"5 3\"" : ""
                items.append(
                    "<line class=\"legend-swatch\" x1=\"\(R.n(x))\" y1=\"\(R.n(y - 4))\" x2=\"\(R.n(x + 18))\" y2=\"\(R.n(y - 4))\" stroke=\"\(colour)\" stroke-width=\"2.5\"\(dash)/>"
                )
            case .box(let colour, let opacity):
                items.append(
                    "<rect class=\"legend-swatch\" x=\"\(R.n(x))\" y=\"\(R.n(y - 10))\" width=\"18\" height=\"11\" fill=\"\(colour)\" fill-opacity=\"\(R.n(opacity))\"/>"
                )
            case .dot(let colour):
                items.append(
                    "<circle class=\"legend-swatch\" cx=\"\(R.n(x + 9))\" cy=\"\(R.n(y - 4))\" r=\"4.5\" fill=\"\(colour)\"/>"
                )
            case .diamond(let colour):
                items.append("<path class=\"legend-swatch\" d=\"\(R.diamond(x: x + 9, y: y - 4, size: 5))\" fill=\"\(colour)\"/>")
            }
            items.append(
                "<text class=\"legend-label\" x=\"\(R.n(x + 24))\" y=\"\(R.n(y))\" fill=\"\(R.textColour)\">\(Markup.escape(item.label))</text>"
            )
            x += itemWidth
        }
        add("<g class=\"legend\">" + items.joined() + "</g>")
        return y + 6
    }

    /// The chart title at the top, on two lines when one would run past the chart's width;
    /// returns the baseline of its last line.
    mutating func title(_ title: String) -> Double {
        let lines = R.wrapTitle(title, width: width - 24)
        for (index, line) in lines.enumerated() {
            add(
                "<text class=\"chart-title\" x=\"12\" y=\"\(R.n(22 + 19 * Double(index)))\" font-size=\"15\" font-weight=\"bold\" fill=\"\(R.textColour)\">\(Markup.escape(line))</text>"
            )
        }
        return 22 + 19 * Double(lines.count - 1)
    }

    /// Lays out title, legend, y tick labels and the rotated y-axis label; returns the plot area.
    mutating func frame(
        title: String, legend: [LegendItem], yTicks: [Double], yAxisLabel: String, bottomMargin: Double = 46,
        rightGutter: Double = 20
    )
        -> PlotFrame
    {
        let legendBottom = header(title: title, legend: legend)
        let tickWidth = yTicks.map { R.textWidth(R.tickText($0, ticks: yTicks)) }.max() ?? 0
        let left = 12 + 16 + 6 + tickWidth + 6
        let top = legendBottom + 14
        let bottom = height - bottomMargin
        let plot = PlotFrame(left: left, top: top, right: width - rightGutter, bottom: max(top + 40, bottom))
        let centre = (plot.top + plot.bottom) / 2
        add(
            "<text class=\"axis-label\" x=\"18\" y=\"\(R.n(centre))\" text-anchor=\"middle\" transform=\"rotate(-90 18 \(R.n(centre)))\" fill=\"\(R.textColour)\">\(Markup.escape(yAxisLabel))</text>"
        )
        return plot
    }

    /// Lays out a horizontal bar chart and grows the canvas to fit every category row.
    mutating func horizontalFrame(
        title: String, legend: [LegendItem], categoryLabelWidth: Double, plotHeight: Double, hasReferenceLabels: Bool
    ) -> PlotFrame {
        let legendBottom = header(title: title, legend: legend)
        let top = legendBottom + (hasReferenceLabels ? 34 : 10)
        let left = 12 + min(categoryLabelWidth, width / 3) + 8
        height = max(height, top + plotHeight + 46)
        return PlotFrame(left: left, top: top, right: width - 24, bottom: top + plotHeight)
    }

    /// Horizontal gridlines with their tick labels at the left.
    mutating func yGrid(_ ticks: [Double], scale: Scale, plot: PlotFrame) {
        for tick in ticks {
            let y = scale(tick)
            add(
                "<line class=\"grid\" x1=\"\(R.n(plot.left))\" y1=\"\(R.n(y))\" x2=\"\(R.n(plot.right))\" y2=\"\(R.n(y))\" stroke=\"\(R.gridColour)\"/>"
            )
            add(
                "<text class=\"tick\" x=\"\(R.n(plot.left - 6))\" y=\"\(R.n(y + 4))\" text-anchor=\"end\" fill=\"\(R.textColour)\">\(R.tickText(tick, ticks: ticks))</text>"
            )
        }
    }

    /// Vertical gridlines for a horizontal value axis, labels below (and above on a tall chart).
    mutating func xValueGrid(_ ticks: [Double], scale: Scale, plot: PlotFrame, label: String) {
        for tick in ticks {
            let x = scale(tick)
            let text = R.tickText(tick, ticks: ticks)
            add(
                "<line class=\"grid\" x1=\"\(R.n(x))\" y1=\"\(R.n(plot.top))\" x2=\"\(R.n(x))\" y2=\"\(R.n(plot.bottom))\" stroke=\"\(R.gridColour)\"/>"
            )
            add(
                "<text class=\"tick\" x=\"\(R.n(x))\" y=\"\(R.n(plot.bottom + 16))\" text-anchor=\"middle\" fill=\"\(R.textColour)\">\(text)</text>"
            )
        }
        add(
            "<text class=\"axis-label\" x=\"\(R.n((plot.left + plot.right) / 2))\" y=\"\(R.n(plot.bottom + 36))\" text-anchor=\"middle\" fill=\"\(R.textColour)\">\(Markup.escape(label))</text>"
        )
    }

    /// Year ticks along the bottom: whole years at a 1/2/5 × 10^k step inside the domain.
    mutating func xYearAxis(domain: (Double, Double), scale: Scale, plot: PlotFrame, label: String) {
        // About six labels: 2025–2040 reads 2025, 2030, 2035, 2040.
        let step = max(1, R.niceStep((domain.1 - domain.0) / 6))
        var tick = (domain.0 / step).rounded(.up) * step
        while tick <= domain.1 + 1e-9 {
            let x = scale(tick)
            add(
                "<line class=\"tick-mark\" x1=\"\(R.n(x))\" y1=\"\(R.n(plot.bottom))\" x2=\"\(R.n(x))\" y2=\"\(R.n(plot.bottom + 5))\" stroke=\"\(R.axisColour)\"/>"
            )
            add(
                "<text class=\"tick\" x=\"\(R.n(x))\" y=\"\(R.n(plot.bottom + 18))\" text-anchor=\"middle\" fill=\"\(R.textColour)\">\(Int(tick.rounded()))</text>"
            )
            tick += step
        }
        add(
            "<text class=\"axis-label\" x=\"\(R.n((plot.left + plot.right) / 2))\" y=\"\(R.n(plot.bottom + 36))\" text-anchor=\"middle\" fill=\"\(R.textColour)\">\(Markup.escape(label))</text>"
        )
    }

    /// Dashed horizontal reference lines across the plot, each labelled in the right gutter
    /// beside its line (outside the plot, so no series runs through a label), labels moved
    /// apart where two lines are close.
    mutating func referenceLines(_ lines: [ReferenceLine], scale: Scale, plot: PlotFrame) {
        let shown = lines.filter(\.value.isFinite)
        // Text baselines 4 px below the line centre the 11 px label on it; 12 px apart at least.
        let baselines = R.spread(shown.map { -(scale($0.value) + 4) }, gap: 12).map { -$0 }
        for (line, baseline) in zip(shown, baselines) {
            let y = scale(line.value)
            add(
                "<line class=\"reference\" x1=\"\(R.n(plot.left))\" y1=\"\(R.n(y))\" x2=\"\(R.n(plot.right))\" y2=\"\(R.n(y))\" stroke=\"\(R.referenceColour)\" stroke-width=\"1.2\" stroke-dasharray=\"6 4\"/>"
            )
            add(
                "<text class=\"reference-label\" x=\"\(R.n(plot.right + 4))\" y=\"\(R.n(baseline))\" text-anchor=\"start\" font-size=\"\(R.n(R.referenceFontSize))\" fill=\"\(R.referenceColour)\">\(Markup.escape(line.label))</text>"
            )
        }
    }

    /// Dashed vertical reference lines (a horizontal value axis), labelled above the plot and
    /// moved apart where two lines are close.
    mutating func verticalReferenceLines(_ lines: [ReferenceLine], scale: Scale, plot: PlotFrame) {
        let shown = lines.filter(\.value.isFinite)
        var right = -Double.infinity
        var row = 0
        for line in shown.sorted(by: { $0.value < $1.value }) {
            let position = scale(line.value)
            let width = R.referenceLabelWidth(line.label)
            // A label that would touch the previous one goes up a row.
            row = position - width / 2 < right + 4 ? row + 1 : 0
            right = position + width / 2
            add(
                "<line class=\"reference\" x1=\"\(R.n(position))\" y1=\"\(R.n(plot.top))\" x2=\"\(R.n(position))\" y2=\"\(R.n(plot.bottom))\" stroke=\"\(R.referenceColour)\" stroke-width=\"1.2\" stroke-dasharray=\"6 4\"/>"
            )
            add(
                "<text class=\"reference-label\" x=\"\(R.n(position))\" y=\"\(R.n(plot.top - 5 - 12 * Double(row % 2)))\" text-anchor=\"middle\" font-size=\"\(R.n(R.referenceFontSize))\" fill=\"\(R.referenceColour)\">\(Markup.escape(line.label))</text>"
            )
        }
    }

    /// The left and bottom axis lines.
    mutating func axes(plot: PlotFrame) {
        add(
            "<line class=\"axis\" x1=\"\(R.n(plot.left))\" y1=\"\(R.n(plot.top))\" x2=\"\(R.n(plot.left))\" y2=\"\(R.n(plot.bottom))\" stroke=\"\(R.axisColour)\"/>"
        )
        add(
            "<line class=\"axis\" x1=\"\(R.n(plot.left))\" y1=\"\(R.n(plot.bottom))\" x2=\"\(R.n(plot.right))\" y2=\"\(R.n(plot.bottom))\" stroke=\"\(R.axisColour)\"/>"
        )
    }

    /// The finished `<svg>` element.
    func svg(kind: String, title: String, description: String) -> String {
        let (w, h) = (R.n(width), R.n(height))
        var output =
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(w) \(h)\" width=\"\(w)\" height=\"\(h)\" role=\"img\""
        output +=
            " class=\"milex-chart milex-chart-\(kind)\" data-chart=\"\(kind)\" font-family=\"\(R.fontFamily)\" font-size=\"12\">\n"
        output += "<title>\(Markup.escape(title))</title>\n<desc>\(Markup.escape(description))</desc>\n"
        output += "<rect class=\"background\" x=\"0\" y=\"0\" width=\"\(w)\" height=\"\(h)\" fill=\"#FFFFFF\"/>\n"
        output += elements.joined(separator: "\n")
        output += "\n</svg>\n"
        return output
    }
}
