/// The distributions of a stochastic run: percentiles 10–90 of the debt ratio and the balance
/// per variant, entity (country or group) and year, and probabilities of crossing thresholds.
public struct StochasticResult: Sendable {
    /// Event probabilities for one variant and entity.
    public struct Probabilities: Sendable, Equatable {
        /// P(d_E > d_B).
        public var debtAboveBase = 0.0
        /// P(d_E > 60).
        public var debtAbove60 = 0.0
        /// P(d_E > 90).
        public var debtAbove90 = 0.0
        /// P(deficit above 3 % of GDP in any projected year).
        public var deficitAbove3AnyYear = 0.0

        public init(debtAboveBase: Double = 0, debtAbove60: Double = 0, debtAbove90: Double = 0, deficitAbove3AnyYear: Double = 0)
        {
            self.debtAboveBase = debtAboveBase
            self.debtAbove60 = debtAbove60
            self.debtAbove90 = debtAbove90
            self.deficitAbove3AnyYear = deficitAbove3AnyYear
        }
    }

    /// `B … E`.
    public let years: [Int]
    /// Variant labels, `baseline` first.
    public let variants: [String]
    /// Countries, then groups.
    public let entities: [StochasticEngine.Entity]
    public let draws: Int
    public let seed: UInt64
    /// The deterministic run of the same request (the paths the shocks perturb).
    public let deterministic: ProjectionResult
    /// Notes for readers: the shock model, the covariance, defaults, the percentile method.
    public let notes: [String]
    /// Where the time went (for the benchmark).
    public internal(set) var timing: StochasticTiming

    let projectedYears: Int
    let percentileTable: [[Double]]
    let meanTable: [Double]
    /// `[variant][entity]`.
    public let probabilities: [[Probabilities]]
    private let baseValues: [[[Double]]]  // [variant][entity][metric]

    init(
        setup: StochasticInputs, draws: Int, seed: UInt64, percentiles: [[Double]], means: [Double],
        probabilities: [[Probabilities]], notes: [String], timing: StochasticTiming
    ) {
        years = setup.years
        variants = setup.variantLabels
        entities = setup.entities
        self.draws = draws
        self.seed = seed
        deterministic = setup.deterministic
        projectedYears = setup.projectedYears
        percentileTable = percentiles
        meanTable = means
        self.probabilities = probabilities
        self.notes = notes
        self.timing = timing
        // Base-year values are observed: every draw has them.
        // A country's are its inputs; a group's are summed exactly as the runner sums draws.
        baseValues = (0..<setup.variantCount).map { variant in
            setup.entities.map { entity in
                if !entity.isGroup, let c = entity.members.first {
                    return [
                        setup.deterministic.value(.debt, variant: variant, country: c, yearIndex: 0),
                        setup.deterministic.value(.balance, variant: variant, country: c, yearIndex: 0),
                    ]
                }
                var debt = 0.0
                var gdp = 0.0
                var balance = 0.0
                for c in entity.members.sorted() {
                    let lane = setup.lane(variant: variant, country: c)
                    let toEUR = 1 / setup.perEUR[c]
                    let gdpEUR = setup.baseGDP[lane] * toEUR
                    debt += setup.baseDebt[lane] * toEUR
                    gdp += gdpEUR
                    balance += setup.deterministic.value(.balance, variant: variant, country: c, yearIndex: 0) * gdpEUR
                }
                return [100 * debt / gdp, balance / gdp]
            }
        }
    }

    private func index(_ metric: StochasticMetric, variant: Int, entity: Int, yearIndex: Int) -> Int {
        ((variant * entities.count + entity) * projectedYears + (yearIndex - 1)) * 2 + metric.rawValue
    }

    /// Percentiles 10, 20, …, 90 of `metric` in the year at `yearIndex` (0 is the base year).
    public func percentiles(_ metric: StochasticMetric, variant: Int, entity: Int, yearIndex: Int) -> [Double] {
        if yearIndex == 0 {
            return StochasticSettings.percentileLevels.map { _ in baseValues[variant][entity][metric.rawValue] }
        }
        return percentileTable[index(metric, variant: variant, entity: entity, yearIndex: yearIndex)]
    }

    /// The mean over draws.
    public func mean(_ metric: StochasticMetric, variant: Int, entity: Int, yearIndex: Int) -> Double {
        yearIndex == 0
            ? baseValues[variant][entity][metric.rawValue]
            : meanTable[index(metric, variant: variant, entity: entity, yearIndex: yearIndex)]
    }

    /// The deterministic path of `metric` for an entity (groups aggregated in euros).
    public func deterministicPath(_ metric: StochasticMetric, variant: Int, entity: Int) -> [Double] {
        let members = entities[entity].members
        if members.count == 1 && !entities[entity].isGroup {
            return deterministic.projection(variant: variant, country: members[0])[metric == .debt ? .debt : .balance]
        }
        // Summed in the runner's order and arithmetic (countries in run order, multiplying by
        // the inverse rate), so zero variance reproduces it to the last bit.
        return years.indices.map { t in
            if t == 0 { return baseValues[variant][entity][metric.rawValue] }
            var debt = 0.0
            var gdp = 0.0
            var balance = 0.0
            for c in members.sorted() {
                let toEUR = 1 / (deterministic.countries[c].perEUR ?? 1)
                let y = deterministic.value(.gdp, variant: variant, country: c, yearIndex: t) * toEUR
                debt += deterministic.value(.debtBn, variant: variant, country: c, yearIndex: t) * toEUR
                gdp += y
                balance += deterministic.value(.balance, variant: variant, country: c, yearIndex: t) * y
            }
            return metric == .debt ? 100 * debt / gdp : balance / gdp
        }
    }
}
