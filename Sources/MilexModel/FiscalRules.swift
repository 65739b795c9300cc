/// A national fiscal rule stated as data: a floor under the balance, with spending categories
/// exempt above a threshold (Germany's debt brake: −0.35 % of GDP, core defence above 1 % of
/// GDP exempt). Another country's rule needs only a dataset entry.
public struct NationalFiscalRule: Sendable, Equatable {
    /// A spending category exempt above a threshold.
    public struct Exemption: Sendable, Equatable {
        /// The spending measured: `defence_pct_gdp` or `related_pct_gdp`.
        public let measure: ProjectionMetric
        /// The threshold, % of GDP.
        public let abovePctGDP: Double

        public init(measure: ProjectionMetric, abovePctGDP: Double) {
            self.measure = measure
            self.abovePctGDP = abovePctGDP
        }
    }

    public let id: String
    public let name: String
    /// The lowest admissible balance, % of GDP (negative: a deficit limit).
    public let limitPctGDP: Double
    public let exemptions: [Exemption]
    /// Where the rule comes from (a dataset source id).
    public let source: String
    public let note: String?

    public init(id: String, name: String, limitPctGDP: Double, exemptions: [Exemption], source: String, note: String?) {
        self.id = id
        self.name = name
        self.limitPctGDP = limitPctGDP
        self.exemptions = exemptions
        self.source = source
        self.note = note
    }

    /// The balance the rule counts: `b_t + Σ max(0, measure_t − threshold)` (MODEL.md §6 for
    /// the debt brake; the headline balance stands in for the structural one).
    public func countedBalance(balance: Double, value: (ProjectionMetric) -> Double) -> Double {
        exemptions.reduce(balance) { $0 + max(0, value($1.measure) - $1.abovePctGDP) }
    }
}

/// The EU fiscal-rule checks of MODEL.md §6 and the escape-clause breakdown, per lane and year,
/// computed from the recursion's outputs (docs/instruments.md).
enum FiscalRuleChecks {
    /// The average yearly decline the debt safeguard requires of a country whose debt in the
    /// base year is above the reference value (the policy file's paces and bands: 1 pp above 90 %,
    /// 0.5 pp between 60 and 90 %, none at or below 60 %, where rising debt is `debt_rising_above_60`).
    static func requiredDecline(baseRatio: Double, policy: Policy) -> Double { policy.safeguardPace(baseRatio: baseRatio) }

    /// The checks of one year. `sinceBase` is `t − B` (0 in the base year); the safeguard
    /// compares the average yearly decline since the base year, `(d_B − d_t)/(t − B)`, with the
    /// pace the base-year ratio requires (MODEL.md §6: "on average").
    static func flags(
        balance: Double, structuralBalance: Double, ratio: Double, baseRatio: Double, sinceBase: Int, flexibility: Double,
        ruleBalance: Double?,
        ruleLimit: Double?, policy: Policy
    ) -> YearFlags {
        var flags: YearFlags = []
        let required = requiredDecline(baseRatio: baseRatio, policy: policy)
        if sinceBase > 0, required > 0, (baseRatio - ratio) / Double(sinceBase) < required {
            flags.insert(.debtSafeguardPace)
        }
        if structuralBalance < -policy.resilienceMargin { flags.insert(.resilienceMargin) }
        if -balance - policy.deficitReference - flexibility > 0 { flags.insert(.deficitAbove3BeyondFlexibility) }
        if let ruleBalance, let ruleLimit, ruleBalance < ruleLimit { flags.insert(.nationalRuleBreach) }
        return flags
    }
}
