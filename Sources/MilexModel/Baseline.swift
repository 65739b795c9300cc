import Foundation

/// How the no-policy-change run is built (MODEL.md §10).
public enum BaselineMode: String, Sendable, CaseIterable {
    /// Every input held at its base-year value (MODEL.md §2 as written).
    case frozen
    /// The latest official forecast, then the Commission's no-policy-change conventions.
    case forecast
}

/// The year-by-year inputs of one country's no-policy-change run, the one place MODEL.md §10
/// (baseline modes) and §11 (published plans) are computed. The engine's equations (§4) take
/// these paths; only the inputs that feed them differ between the modes.
///
/// Forecast mode (docs/model-notes.md lists each reading):
/// - years `t ≤ F` (F the last year of `forecast.nominal_growth_pct`): the forecast's nominal
///   growth, primary balance and stock-flow adjustment (% of GDP);
/// - after F: the output gap closes linearly in three years, `gap_t = gap_F·max(0, 1 − (t − F)/3)`;
///   real growth `(1 + pot_t)(1 + gap_t)/(1 + gap_{t−1}) − 1`; the deflator moves linearly from
///   π_F to 2 % by B+10; the primary balance keeps its structural level plus the change in ageing
///   costs, `pbBL_t = (pb_F − ε·gap_F) − (ageing_t − ageing_F) + ε·gap_t`; no stock-flow adjustment;
/// - the market rate moves linearly from rm_B to the 10-year forward rate by B+10.
/// Where an input of a convention is missing, that input stays frozen.
public struct BaselinePaths: Sendable, Equatable {
    /// The years, from the base year.
    public let years: [Int]
    /// `g_t`, % a year (NaN in the base year).
    public let growth: [Double]
    /// `pbBL_t`, % of GDP (`pb_B` in the base year).
    public let primaryBalance: [Double]
    /// The stock-flow adjustment in % of GDP in the years the forecast gives it (and 0 after F);
    /// nil where the frozen input in bn applies.
    public let stockFlowPctGDP: [Double?]
    /// The frozen stock-flow adjustment, bn national currency.
    public let stockFlowBn: [Double]
    /// `rm_t`, %.
    public let marketRate: [Double]
    /// `s^BL_t`: core defence in the baseline, % of GDP (`s_B`, or the published plans then the last).
    public let defence: [Double]
    /// The index in `years` of P, the last published year within the run (0 without plans).
    public let anchorIndex: Int
    /// F, the last forecast year, when the forecast mode has one.
    public let lastForecastYear: Int?
    /// The mode applied.
    public let mode: BaselineMode
    /// The output gap, % of potential GDP, where the forecast mode knows it: the gap of F in the
    /// years up to F (the data gives no earlier gap), then its closure; nil in the frozen mode.
    public let outputGap: [Double?]
    /// `ε`, the budget semi-elasticity the cyclical adjustment uses (nil without a gap).
    public let semiElasticity: Double?

    /// The paths of `inputs` over `years` (which start at the base year), with the conventions of
    /// `policy` (the output gap's closure, the deflator's target, the convergence horizon).
    public init(inputs: CountryInputs, years: [Int], policy: Policy = .current) {
        let closure = Double(policy.gapClosureYears)
        let target = policy.deflatorTarget
        let horizon = policy.convergenceYears
        self.years = years
        let b = years[0]
        mode = inputs.baselineMode
        let frozenGrowth = inputs.nominalGrowth
        let frozenPrimary = inputs.primaryBalance
        let forecastGrowth = mode == .forecast ? inputs.series(.forecastNominalGrowth) : nil
        let forecastPrimary = inputs.series(.forecastPrimaryBalance)
        let forecastStockFlow = inputs.series(.forecastStockFlow)
        let f = forecastGrowth?.points.last?.year
        lastForecastYear = f

        var growth = [Double](repeating: .nan, count: years.count)
        var primary = [Double](repeating: frozenPrimary.value(in: b), count: years.count)
        var stockFlowPct = [Double?](repeating: nil, count: years.count)
        var stockFlowBn = [Double](repeating: 0, count: years.count)
        var rate = [Double](repeating: 0, count: years.count)
        for (t, year) in years.enumerated() {
            rate[t] = inputs.marketRate.value(in: year)
            guard t > 0 else { continue }
            growth[t] = frozenGrowth.value(in: year)
            primary[t] = frozenPrimary.value(in: year)
            stockFlowBn[t] = inputs.stockFlowAdjustment.value(in: year)
        }

        var gaps = [Double?](repeating: nil, count: years.count)
        var elasticity: Double?
        if mode == .forecast, let f, let gapF = inputs.number(.outputGap) {
            elasticity = inputs.number(.budgetSemiElasticity) ?? 0.5
            for (t, year) in years.enumerated() { gaps[t] = year <= f ? gapF : gapF * max(0, 1 - Double(year - f) / closure) }
        }
        outputGap = gaps
        semiElasticity = elasticity
        if mode == .forecast {
            if let f, let forecastGrowth {
                let pbF = forecastPrimary?.value(in: f) ?? frozenPrimary.value(in: f)
                let epsilon = inputs.number(.budgetSemiElasticity) ?? 0.5
                let gapF = inputs.number(.outputGap) ?? 0
                let ageing = inputs.series(.ageingCost)
                let ageingF = ageing?.value(in: f) ?? 0
                let potential = inputs.series(.potentialGrowth)
                let deflatorF = inputs.number(.gdpDeflator)
                var previousGap = gapF
                for (t, year) in years.enumerated() where t > 0 {
                    if year <= f {
                        growth[t] = forecastGrowth.value(in: year)
                        primary[t] = forecastPrimary?.value(in: year) ?? frozenPrimary.value(in: year)
                        if let forecastStockFlow { stockFlowPct[t] = forecastStockFlow.value(in: year) }
                        continue
                    }
                    let gap = gapF * max(0, 1 - Double(year - f) / closure)
                    if let potential, let deflatorF {
                        let real = (1 + potential.value(in: year) / 100) * (1 + gap / 100) / (1 + previousGap / 100)
                        let deflator =
                            f >= b + horizon
                            ? target : deflatorF + (target - deflatorF) * min(1, Double(year - f) / Double(b + horizon - f))
                        growth[t] = 100 * (real * (1 + deflator / 100) - 1)
                    }
                    let ageingChange = (ageing?.value(in: year) ?? ageingF) - ageingF
                    primary[t] = (pbF - epsilon * gapF) - ageingChange + epsilon * gap
                    stockFlowPct[t] = 0
                    previousGap = gap
                }
            }
            if let forward = inputs.number(.forwardRate) {
                let rmB = inputs.marketRate.value(in: b)
                for (t, year) in years.enumerated() where t > 0 {
                    rate[t] = rmB + (forward - rmB) * min(1, Double(year - b) / Double(horizon))
                }
            }
        }
        self.growth = growth
        self.primaryBalance = primary
        self.stockFlowPctGDP = stockFlowPct
        self.stockFlowBn = stockFlowBn
        self.marketRate = rate

        // MODEL.md §11: the baseline follows the published plans after B and holds the last.
        let sB = inputs.defencePctGDP
        var defence = [Double](repeating: sB, count: years.count)
        var anchor = 0
        if inputs.publishedPlans, let plans = inputs.series(.publishedDefence) {
            let published = plans.points.filter { $0.year > b }
            if let last = published.last {
                var map = Dictionary(uniqueKeysWithValues: published.map { ($0.year, $0.value) })
                map[b] = sB
                let series = YearSeries(points: map)
                for (t, year) in years.enumerated() { defence[t] = series.value(in: year) }
                anchor = years.lastIndex { $0 <= last.year } ?? 0
            }
        }
        self.defence = defence
        anchorIndex = anchor
    }

    /// `SFA_t` in bn national currency, given GDP in year index `t`.
    public func stockFlow(_ t: Int, gdp: Double) -> Double {
        guard t > 0 else { return 0 }
        if let pct = stockFlowPctGDP[t] { return pct * gdp / 100 }
        return stockFlowBn[t]
    }

    /// P, the last published year within the run (B without plans).
    public var anchorYear: Int { years[anchorIndex] }
}
