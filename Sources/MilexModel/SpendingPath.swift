/// A spending path towards a target share of GDP (MODEL.md §3), for core defence spending or
/// for defence-related spending.
public struct SpendingPath: Sendable, Equatable {
    /// How the share moves from `s_B` to the target.
    public enum Shape: String, Sendable, CaseIterable {
        /// `f(x) = x`.
        case linear
        /// Front-loaded: `f(x) = 1 − (1 − x)²`.
        case front
        /// Back-loaded: `f(x) = x²`.
        case back
        /// `f = 1` from the start year on.
        case step
        /// A `{"year": share}` map interpolated from `(B, s_B)`.
        case custom
        /// Spending in money grows by a fixed percentage a year.
        case growth
    }

    /// What to do when the country is already at or above the target.
    public enum AboveTarget: String, Sendable, CaseIterable {
        /// Keep `s_B` (NATO targets are floors).
        case keep
        /// Apply the formula downwards.
        case converge
    }

    /// The shape.
    public var shape: Shape
    /// `T`, % of GDP (linear, front, back, step).
    public var target: Double?
    /// `Y`, the year the target is reached (linear, front, back).
    public var by: Int?
    /// `S`, the first year of the path (default `B + 1`).
    public var start: Int?
    /// Behaviour above the target (default `keep`).
    public var aboveTarget: AboveTarget
    /// The points of a `custom` path, % of GDP.
    public var points: YearSeries?
    /// `γ`, % a year, for a `growth` path.
    public var growthPct: Double?
    /// A target stated as an increase on the base-year share, pp of GDP (`T = s_B + increase`);
    /// used instead of `target` (extension E4).
    public var increasePP: Double?
    /// For a `growth` path: spending in the start year, bn national currency (extension E5).
    public var startBn: Double?

    /// Creates a path.
    public init(
        shape: Shape = .linear, target: Double? = nil, by: Int? = nil, start: Int? = nil,
        aboveTarget: AboveTarget = .keep, points: YearSeries? = nil, growthPct: Double? = nil,
        increasePP: Double? = nil, startBn: Double? = nil
    ) {
        self.shape = shape
        self.target = target
        self.by = by
        self.start = start
        self.aboveTarget = aboveTarget
        self.points = points
        self.growthPct = growthPct
        self.increasePP = increasePP
        self.startBn = startBn
    }

    /// A linear path to `target` % of GDP reached in `by`.
    public static func linear(to target: Double, by: Int, start: Int? = nil) -> SpendingPath {
        SpendingPath(shape: .linear, target: target, by: by, start: start)
    }

    /// The interpolation weight `f(x)` of the shape at `x ∈ [0, 1]`.
    static func weight(_ shape: Shape, _ x: Double) -> Double {
        switch shape {
        case .linear: return x
        case .front: return 1 - (1 - x) * (1 - x)
        case .back: return x * x
        case .step: return x > 0 ? 1 : 0
        case .custom, .growth: return x
        }
    }

    /// The share of GDP in each of `years` (which start at `baseYear`), given the base share
    /// and the GDP path (bn, same indexing as `years`, used by `growth`).
    ///
    /// MODEL.md §3 with the readings I4–I7 of docs/model-notes.md.
    public func shares(baseShare sB: Double, baseYear: Int, years: [Int], gdp: [Double]) -> [Double] {
        let startYear = start ?? baseYear + 1
        return shares(from: sB, anchorYear: baseYear, anchorIndex: 0, startYear: startYear, by: by, years: years, gdp: gdp)
    }

    /// The shares when the baseline follows published plans up to P (MODEL.md §11): the years up
    /// to P follow `baseline` (`s^BL_t`), and after P the §3 formula runs from `s_P` with
    /// `S = P + 1` by default and `by` read as `max(by, S)`. Without plans (P = B) this is
    /// ``shares(baseShare:baseYear:years:gdp:)`` exactly.
    public func shares(baseline: [Double], anchorIndex: Int, years: [Int], gdp: [Double]) -> [Double] {
        guard anchorIndex > 0 else { return shares(baseShare: baseline[0], baseYear: years[0], years: years, gdp: gdp) }
        let p = years[anchorIndex]
        let startYear = start ?? p + 1
        var result = shares(
            from: baseline[anchorIndex], anchorYear: p, anchorIndex: anchorIndex, startYear: startYear,
            by: by.map { max($0, startYear) }, years: years, gdp: gdp)
        for index in 0...anchorIndex { result[index] = baseline[index] }
        // `keep` at or above the target: the whole baseline path.
        if isKept(above: baseline[anchorIndex]) { return baseline }
        return result
    }

    /// Whether a country at `share` keeps its path (`keep` with the share at or above the target).
    func isKept(above share: Double) -> Bool {
        switch shape {
        case .linear, .front, .back, .step:
            let target = increasePP.map { share + $0 } ?? self.target ?? share
            return aboveTarget == .keep && share >= target
        case .custom, .growth:
            return false
        }
    }

    /// MODEL.md §3 from `(anchorYear, sB)`: the base year, or P under published plans.
    private func shares(
        from sB: Double, anchorYear baseYear: Int, anchorIndex: Int, startYear: Int, by: Int?, years: [Int], gdp: [Double]
    ) -> [Double] {
        switch shape {
        case .linear, .front, .back, .step:
            let target = increasePP.map { sB + $0 } ?? self.target ?? sB
            if aboveTarget == .keep && sB >= target { return years.map { _ in sB } }
            let byYear = by ?? startYear
            return years.map { t in
                let x: Double
                if shape == .step {
                    x = t >= startYear ? 1 : 0
                } else {
                    let span = Double(byYear - startYear + 1)
                    x = min(max(Double(t - startYear + 1) / span, 0), 1)
                }
                return sB + (target - sB) * Self.weight(shape, x)
            }
        case .custom:
            var map = Dictionary(uniqueKeysWithValues: (points?.points ?? []).map { ($0.year, $0.value) })
            if anchorIndex > 0 { map = map.filter { $0.key > baseYear } }
            map[baseYear] = sB
            let series = YearSeries(points: map)
            return years.map { series.value(in: $0) }
        case .growth:
            let gamma = growthPct ?? 0
            var shares = [Double](repeating: sB, count: years.count)
            var money: Double?
            if let startBn, let startIndex = years.firstIndex(of: startYear) {
                // E5: spending is startBn in the start year; before it the share moves in a
                // straight line from s_B to that year's share.
                let anchorShare = 100 * startBn / gdp[startIndex]
                for index in (anchorIndex + 1)..<max(anchorIndex + 1, startIndex) {
                    shares[index] =
                        sB + (anchorShare - sB) * Double(index - anchorIndex) / Double(startIndex - anchorIndex)
                }
                shares[startIndex] = anchorShare
                money = startBn
                for index in (startIndex + 1)..<max(startIndex + 1, years.count) {
                    let current = money! * (1 + gamma / 100)
                    money = current
                    shares[index] = 100 * current / gdp[index]
                }
                return shares
            }
            for (index, t) in years.enumerated() where t > baseYear && t >= startYear {
                // S_{S−1} = s_B·Y_{S−1}/100, then S_t = S_{t−1}·(1 + γ/100) (I7).
                let previous = money ?? sB * gdp[index - 1] / 100
                let current = previous * (1 + gamma / 100)
                money = current
                shares[index] = 100 * current / gdp[index]
            }
            return shares
        }
    }
}
