import Foundation

/// A scatter chart: every category (country) as one point per group (variant), on one pair
/// of axes, its points optionally joined in group order; labels where they fit.
public struct ScatterChart: Sendable {
    /// One point: a position and the category it stands for.
    public struct Point: Sendable {
        public var x: Double
        public var y: Double
        public var label: String

        public init(x: Double, y: Double, label: String) {
            self.x = x
            self.y = y
            self.label = label
        }
    }

    /// The points of one series (a variant), each category at the same index in every group.
    public struct Group: Sendable {
        public var name: String
        public var colour: String
        public var points: [Point]

        public init(name: String, colour: String, points: [Point]) {
            self.name = name
            self.colour = colour
            self.points = points
        }
    }

    public var title: String
    public var xLabel: String
    public var xUnit: String?
    public var yLabel: String
    public var yUnit: String?
    public var groups: [Group]
    /// Horizontal reference lines (y values).
    public var referenceLines: [ReferenceLine]
    /// Whether each category's points are joined, group after group (a country's path from
    /// the baseline to the most ambitious variant).
    public var linksPoints: Bool

    public init(
        title: String, xLabel: String, xUnit: String? = nil, yLabel: String, yUnit: String? = nil, groups: [Group],
        referenceLines: [ReferenceLine] = [], linksPoints: Bool = false
    ) {
        self.title = title
        self.xLabel = xLabel
        self.xUnit = xUnit
        self.yLabel = yLabel
        self.yUnit = yUnit
        self.groups = groups
        self.referenceLines = referenceLines
        self.linksPoints = linksPoints
    }
}

/// An axis-aligned box, for placing labels where they touch nothing.
struct LabelBox {
    var left: Double
    var top: Double
    var right: Double
    var bottom: Double

    func overlaps(_ other: LabelBox) -> Bool {
        left < other.right && other.left < right && top < other.bottom && other.top < bottom
    }
}

extension SVGRenderer {
    /// A scatter chart as a complete `<svg>` element. Each category is labelled beside its
    /// point in the last group, on the first side (right, left, above, below) where the label
    /// touches no other label and no point; labels that fit nowhere are left out (each point
    /// names its category on hover) and the description counts them.
    public static func render(_ chart: ScatterChart, width: Int = 960, height: Int = 600) -> String {
        let points = chart.groups.flatMap(\.points).filter { $0.x.isFinite && $0.y.isFinite }
        let xTicks = niceTicks(values: points.map(\.x) + [0], maxCount: 7)
        let yTicks = niceTicks(values: points.map(\.y) + chart.referenceLines.map(\.value) + [0])
        let legend = chart.groups.map { LegendItem(label: $0.name, swatch: .dot(colour: $0.colour)) }
        var canvas = Canvas(width: Double(width), height: Double(height))
        let plot = canvas.frame(
            title: chart.title, legend: legend, yTicks: yTicks, yAxisLabel: axisLabel(chart.yLabel, chart.yUnit),
            rightGutter: referenceGutter(chart.referenceLines))
        let x = Scale(domain: (xTicks.first!, xTicks.last!), range: (plot.left, plot.right))
        let y = Scale(domain: (yTicks.first!, yTicks.last!), range: (plot.bottom, plot.top))
        canvas.yGrid(yTicks, scale: y, plot: plot)
        canvas.xValueGrid(xTicks, scale: x, plot: plot, label: axisLabel(chart.xLabel, chart.xUnit))
        canvas.referenceLines(chart.referenceLines, scale: y, plot: plot)
        let categoryCount = chart.groups.map(\.points.count).max() ?? 0
        if chart.linksPoints {
            for category in 0..<categoryCount {
                let path = chart.groups.compactMap { group -> (Double, Double)? in
                    guard category < group.points.count else { return nil }
                    let point = group.points[category]
                    return point.x.isFinite && point.y.isFinite ? (x(point.x), y(point.y)) : nil
                }
                guard path.count > 1 else { continue }
                canvas.add(
                    "<path class=\"link\" fill=\"none\" stroke=\"#BBBBBB\" stroke-width=\"1\" d=\"\(linePath(path).0)\"/>")
            }
        }
        let radius = 3.5
        var occupied: [LabelBox] = []
        for group in chart.groups {
            for point in group.points where point.x.isFinite && point.y.isFinite {
                let (px, py) = (x(point.x), y(point.y))
                occupied.append(LabelBox(left: px - radius, top: py - radius, right: px + radius, bottom: py + radius))
                canvas.add(
                    "<circle class=\"point\" cx=\"\(n(px))\" cy=\"\(n(py))\" r=\"\(n(radius))\" fill=\"\(group.colour)\" stroke=\"#FFFFFF\" stroke-width=\"0.8\"><title>\(Markup.escape("\(point.label), \(group.name): \(tickText(point.x, ticks: xTicks, extra: 1)), \(tickText(point.y, ticks: yTicks, extra: 1))"))</title></circle>"
                )
            }
        }
        var unlabelled = 0
        if let last = chart.groups.last {
            for point in last.points where point.x.isFinite && point.y.isFinite {
                let (px, py) = (x(point.x), y(point.y))
                let width = textWidth(point.label) * 11 / 12
                let candidates: [(x: Double, baseline: Double, anchor: String, box: LabelBox)] = [
                    (px + 6, py + 4, "start", LabelBox(left: px + 6, top: py - 5, right: px + 6 + width, bottom: py + 6)),
                    (px - 6, py + 4, "end", LabelBox(left: px - 6 - width, top: py - 5, right: px - 6, bottom: py + 6)),
                    (px, py - 7, "middle", LabelBox(left: px - width / 2, top: py - 16, right: px + width / 2, bottom: py - 5)),
                    (px, py + 15, "middle", LabelBox(left: px - width / 2, top: py + 5, right: px + width / 2, bottom: py + 16)),
                ]
                let inside = { (box: LabelBox) in
                    box.left >= plot.left && box.right <= plot.right && box.top >= plot.top && box.bottom <= plot.bottom
                }
                // Two pixels of air around a label, so neighbours do not read as one word.
                func padded(_ box: LabelBox) -> LabelBox {
                    LabelBox(left: box.left - 2, top: box.top - 1, right: box.right + 2, bottom: box.bottom + 1)
                }
                guard
                    let spot = candidates.first(where: { candidate in
                        inside(candidate.box) && !occupied.contains { $0.overlaps(padded(candidate.box)) }
                    })
                else {
                    unlabelled += 1
                    continue
                }
                occupied.append(spot.box)
                canvas.add(
                    "<text class=\"point-label\" x=\"\(n(spot.x))\" y=\"\(n(spot.baseline))\" text-anchor=\"\(spot.anchor)\" font-size=\"11\" fill=\"\(textColour)\">\(Markup.escape(point.label))</text>"
                )
            }
        }
        canvas.axes(plot: plot)
        var description =
            "Scatter chart, one point per category and series. X axis: \(axisLabel(chart.xLabel, chart.xUnit)), \(tickText(xTicks.first!, ticks: xTicks)) to \(tickText(xTicks.last!, ticks: xTicks)). "
        description +=
            "Y axis: \(axisLabel(chart.yLabel, chart.yUnit)), \(tickText(yTicks.first!, ticks: yTicks)) to \(tickText(yTicks.last!, ticks: yTicks)). "
        description += "Series: " + (chart.groups.isEmpty ? "none" : chart.groups.map(\.name).joined(separator: "; ")) + "."
        if chart.linksPoints { description += " Each category's points are joined in series order." }
        if unlabelled > 0 {
            description += " \(unlabelled) labels left out where they would overlap (hover a point for its name)."
        }
        description += referenceDescription(chart.referenceLines)
        return canvas.svg(kind: "scatter", title: chart.title, description: description)
    }
}
