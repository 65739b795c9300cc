import Foundation

/// A horizontal stacked bar chart: one row per category (country), the components stacked
/// from zero (positive ones to the right, negative ones to the left) and a marker at each
/// row's total, e.g. the debt-dynamics decomposition.
public struct StackedBarChart: Sendable {
    /// One stacked component, the same colour in every row.
    public struct Component: Sendable {
        public var name: String
        public var colour: String
        /// Indexed like the categories; nil where there is no figure.
        public var values: [Double?]

        public init(name: String, colour: String, values: [Double?]) {
            self.name = name
            self.colour = colour
            self.values = values
        }
    }

    public var title: String
    public var valueLabel: String
    public var valueUnit: String?
    public var categories: [String]
    public var components: [Component]
    /// The marker per category (the sum of the components, or a figure they explain).
    public var totals: [Double?]
    public var totalLabel: String
    public var referenceLines: [ReferenceLine]

    public init(
        title: String, valueLabel: String, valueUnit: String? = nil, categories: [String], components: [Component],
        totals: [Double?], totalLabel: String = "Total", referenceLines: [ReferenceLine] = []
    ) {
        self.title = title
        self.valueLabel = valueLabel
        self.valueUnit = valueUnit
        self.categories = categories
        self.components = components
        self.totals = totals
        self.totalLabel = totalLabel
        self.referenceLines = referenceLines
    }

    /// The (start, end) of each component's segment in row `category`, stacked outwards from
    /// zero: positives rightwards, negatives leftwards, in component order.
    func segments(_ category: Int) -> [(component: Int, start: Double, end: Double)] {
        var positive = 0.0
        var negative = 0.0
        var segments: [(component: Int, start: Double, end: Double)] = []
        for (index, component) in components.enumerated() {
            guard category < component.values.count, let value = component.values[category], value.isFinite, value != 0
            else { continue }
            if value > 0 {
                segments.append((index, positive, positive + value))
                positive += value
            } else {
                segments.append((index, negative, negative + value))
                negative += value
            }
        }
        return segments
    }
}

extension SVGRenderer {
    /// A stacked bar chart as a complete `<svg>` element; the chart grows taller than
    /// `height` so every row stays legible.
    public static func render(_ chart: StackedBarChart, width: Int = 960, height: Int = 200) -> String {
        let rows = chart.categories.indices
        var extremes: [Double] = [0]
        for row in rows {
            for segment in chart.segments(row) { extremes += [segment.start, segment.end] }
            if row < chart.totals.count, let total = chart.totals[row], total.isFinite { extremes.append(total) }
        }
        let ticks = niceTicks(values: extremes + chart.referenceLines.map(\.value), maxCount: 7)
        var legend = chart.components.map { LegendItem(label: $0.name, swatch: .box(colour: $0.colour, opacity: 1)) }
        legend.append(LegendItem(label: chart.totalLabel, swatch: .diamond(colour: textColour)))
        var canvas = Canvas(width: Double(width), height: Double(height))
        let rowHeight = 18.0
        let barThickness = 12.0
        let labelWidth = chart.categories.map(textWidth).max() ?? 0
        let plot = canvas.horizontalFrame(
            title: chart.title, legend: legend, categoryLabelWidth: labelWidth,
            plotHeight: rowHeight * Double(max(1, chart.categories.count)), hasReferenceLabels: !chart.referenceLines.isEmpty)
        let x = Scale(domain: (ticks.first!, ticks.last!), range: (plot.left, plot.right))
        for row in rows where row % 2 == 1 {
            canvas.add(
                "<rect class=\"stripe\" x=\"\(n(plot.left))\" y=\"\(n(plot.top + Double(row) * rowHeight))\" width=\"\(n(plot.right - plot.left))\" height=\"\(n(rowHeight))\" fill=\"#F4F4F4\"/>"
            )
        }
        canvas.xValueGrid(ticks, scale: x, plot: plot, label: axisLabel(chart.valueLabel, chart.valueUnit))
        for (row, name) in chart.categories.enumerated() {
            let rowTop = plot.top + Double(row) * rowHeight
            canvas.add(
                "<text class=\"category\" x=\"\(n(plot.left - 6))\" y=\"\(n(rowTop + rowHeight / 2 + 4))\" text-anchor=\"end\" fill=\"\(textColour)\">\(Markup.escape(name))</text>"
            )
            let barTop = rowTop + (rowHeight - barThickness) / 2
            for segment in chart.segments(row) {
                let (left, right) = (min(x(segment.start), x(segment.end)), max(x(segment.start), x(segment.end)))
                let component = chart.components[segment.component]
                let value = segment.end - segment.start
                canvas.add(
                    "<rect class=\"bar segment\" x=\"\(n(left))\" y=\"\(n(barTop))\" width=\"\(n(right - left))\" height=\"\(n(barThickness))\" fill=\"\(component.colour)\"><title>\(Markup.escape("\(name), \(component.name): \(tickText(value, ticks: ticks, extra: 2))"))</title></rect>"
                )
            }
            if row < chart.totals.count, let total = chart.totals[row], total.isFinite {
                // White edge: the marker stays visible on a segment of any colour.
                canvas.add(
                    "<path class=\"total\" d=\"\(diamond(x: x(total), y: rowTop + rowHeight / 2, size: 5))\" fill=\"\(textColour)\" stroke=\"#FFFFFF\" stroke-width=\"1\"><title>\(Markup.escape("\(name), \(chart.totalLabel): \(tickText(total, ticks: ticks, extra: 2))"))</title></path>"
                )
            }
        }
        canvas.add(
            "<line class=\"zero-line\" x1=\"\(n(x(0)))\" y1=\"\(n(plot.top))\" x2=\"\(n(x(0)))\" y2=\"\(n(plot.bottom))\" stroke=\"\(axisColour)\" stroke-width=\"1.2\"/>"
        )
        canvas.verticalReferenceLines(chart.referenceLines, scale: x, plot: plot)
        var description =
            "Stacked bar chart of \(chart.categories.count) categories (horizontal bars; positive components right of zero, negative ones left). "
        description +=
            "Values: \(axisLabel(chart.valueLabel, chart.valueUnit)), \(tickText(ticks.first!, ticks: ticks)) to \(tickText(ticks.last!, ticks: ticks)). "
        description +=
            "Components: " + chart.components.map(\.name).joined(separator: "; ") + "; a diamond marks \(chart.totalLabel)."
        description += referenceDescription(chart.referenceLines)
        return canvas.svg(kind: "stacked-bar", title: chart.title, description: description)
    }
}
