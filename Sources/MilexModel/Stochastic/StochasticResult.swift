/// The distributions of a stochastic run: percentiles 10–90 of the debt ratio and the balance
/// per variant, entity (country or group) and year, and probabilities of crossing thresholds.
public struct StochasticResult: Sendable {
    /// Event probabilities for one variant and entity.
    public struct Probabilities: Sendable, Equatable {
        /// P(d_E > d_B + ``StochasticThresholds/baseMarginPP``) (margin 0 by default).
        public var debtAboveBase = 0.0
        /// P(d_E > ``StochasticThresholds/debtLowPctGDP``) (60 by default).
        public var debtAbove60 = 0.0
        /// P(d_E > ``StochasticThresholds/debtHighPctGDP``) (90 by default).
        public var debtAbove90 = 0.0
        /// P(deficit above ``StochasticThresholds/deficitPctGDP`` (3 % of GDP by default) in
        /// any projected year).
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
    /// The thresholds of ``probabilities``.
    public let thresholds: StochasticThresholds
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
    private let atoms: GroupAtoms

    init(
        setup: StochasticInputs, draws: Int, seed: UInt64, percentiles: [[Double]], means: [Double],
        probabilities: [[Probabilities]], thresholds: StochasticThresholds, notes: [String], timing: StochasticTiming
    ) {
        self.thresholds = thresholds
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
        let atoms = GroupAtoms(entities: setup.entities, countryCount: setup.countryCount)
        self.atoms = atoms
        let groupOfEntity = Self.groupPositions(setup.entities)
        baseValues = (0..<setup.variantCount).map { variant in
            setup.entities.indices.map { e in
                let entity = setup.entities[e]
                if !entity.isGroup, let c = entity.members.first {
                    return [
                        setup.deterministic.value(.debt, variant: variant, country: c, yearIndex: 0),
                        setup.deterministic.value(.balance, variant: variant, country: c, yearIndex: 0),
                    ]
                }
                let g = groupOfEntity[e]!
                func gdpEUR(_ c: Int) -> Double {
                    setup.baseGDP[setup.lane(variant: variant, country: c)] * (1 / setup.perEUR[c])
                }
                let debt = atoms.sum(group: g) {
                    setup.baseDebt[setup.lane(variant: variant, country: $0)] * (1 / setup.perEUR[$0])
                }
                let gdp = atoms.sum(group: g, gdpEUR)
                let balance = atoms.sum(group: g) {
                    setup.deterministic.value(.balance, variant: variant, country: $0, yearIndex: 0) * gdpEUR($0)
                }
                return [100 * debt / gdp, balance / gdp]
            }
        }
    }

    /// For each entity that is a group, its position among the groups (entity order).
    static func groupPositions(_ entities: [StochasticEngine.Entity]) -> [Int?] {
        var next = 0
        return entities.map { entity in
            guard entity.isGroup else { return nil }
            defer { next += 1 }
            return next
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
        // Summed in the runner's order and arithmetic (through the group's atoms, members in
        // run order, multiplying by the inverse rate), so zero variance reproduces it to the last bit.
        let g = Self.groupPositions(entities)[entity]!
        return years.indices.map { t in
            if t == 0 { return baseValues[variant][entity][metric.rawValue] }
            func gdpEUR(_ c: Int) -> Double {
                deterministic.value(.gdp, variant: variant, country: c, yearIndex: t)
                    * (1 / (deterministic.countries[c].perEUR ?? 1))
            }
            let debt = atoms.sum(group: g) {
                deterministic.value(.debtBn, variant: variant, country: $0, yearIndex: t)
                    * (1 / (deterministic.countries[$0].perEUR ?? 1))
            }
            let gdp = atoms.sum(group: g, gdpEUR)
            let balance = atoms.sum(group: g) {
                deterministic.value(.balance, variant: variant, country: $0, yearIndex: t) * gdpEUR($0)
            }
            return metric == .debt ? 100 * debt / gdp : balance / gdp
        }
    }
}
