/// An input that is either one number for every year or a `{"year": value}` map.
///
/// A map is evaluated by linear interpolation between the two nearest given years and held
/// flat before the first and after the last (MODEL.md §2; docs/model-notes.md I1).
public struct YearSeries: Sendable, Equatable, Hashable {
    /// The given points, sorted by year, with distinct years. A constant has one point.
    public let points: [(year: Int, value: Double)]
    /// Whether the input was a single number rather than a map.
    public let isConstant: Bool

    /// A value that holds for every year.
    public init(constant value: Double) {
        points = [(0, value)]
        isConstant = true
    }

    /// A map from year to value (at least one entry).
    public init(points map: [Int: Double]) {
        precondition(!map.isEmpty, "YearSeries needs at least one point")
        points = map.sorted { $0.key < $1.key }.map { (year: $0.key, value: $0.value) }
        isConstant = false
    }

    /// The value in `year`.
    public func value(in year: Int) -> Double {
        if isConstant { return points[0].value }
        guard let first = points.first, let last = points.last else { return .nan }
        if year <= first.year { return first.value }
        if year >= last.year { return last.value }
        // Binary search for the segment containing `year`.
        var low = 0
        var high = points.count - 1
        while high - low > 1 {
            let middle = (low + high) / 2
            if points[middle].year <= year { low = middle } else { high = middle }
        }
        let (y0, v0) = points[low]
        let (y1, v1) = points[high]
        return v0 + (v1 - v0) * Double(year - y0) / Double(y1 - y0)
    }

    /// The values for consecutive years `range`.
    public func values(in range: ClosedRange<Int>) -> [Double] { range.map { value(in: $0) } }

    /// A copy with every value shifted by `amount` (e.g. a rate stress of +2 pp).
    public func shifted(by amount: Double) -> YearSeries {
        if isConstant { return YearSeries(constant: points[0].value + amount) }
        return YearSeries(points: Dictionary(uniqueKeysWithValues: points.map { ($0.year, $0.value + amount) }))
    }

    /// All values (for range checks).
    public var allValues: [Double] { points.map(\.value) }

    public static func == (lhs: YearSeries, rhs: YearSeries) -> Bool {
        lhs.isConstant == rhs.isConstant && lhs.points.count == rhs.points.count
            && zip(lhs.points, rhs.points).allSatisfy { $0.year == $1.year && $0.value == $1.value }
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(isConstant)
        for point in points {
            hasher.combine(point.year)
            hasher.combine(point.value)
        }
    }
}

extension YearSeries: CustomStringConvertible {
    public var description: String {
        if isConstant { return "\(points[0].value)" }
        return "{" + points.map { "\"\($0.year)\": \($0.value)" }.joined(separator: ", ") + "}"
    }
}
