/// MODEL.md §13: net expenditure, the path the Council endorsed, the control account, the
/// escape-clause allowance and the flags, for every lane of a country with ceilings.
///
/// With `ρ` the revenue ratio (held), `c_t` the ceiling on nominal net expenditure growth and
/// A the path's base year:
/// ```
/// NE_t = (ρ − pb_t)·Y_t/100                       net primary expenditure, bn
/// NP_A = NE_A,  NP_t = NP_{t−1}·(1 + c_t/100)      the path
/// CA_t = 100·(NE_t − NP_t)/Y_t                    control account, % of GDP (> 0: above the path)
/// dev_t = CA_t − h_t                              counted deviation (h_t the §6 allowance)
/// net_expenditure_deviation: dev_t − dev_{t−1} > 0.3;  control_account_breach: dev_t > 0.6
/// headroom_t = max(0, −dev_t)
/// ```
/// Reported from max(A, B): when A is before B, NP_B = NE_A·Π_{t=A+1…B}(1 + c_t/100) with NE_A
/// given (`net_expenditure_base_bn`); dev before the first reported year is 0.
enum NetExpenditureAccount {
    /// Fills the §13 metrics and flags of `lane` (years from `baseYear`), or NaN where the
    /// country has no path.
    static func apply(
        lane: Int, inputs: CountryInputs, years: [Int], table: LaneTable, flags: inout [YearFlags], laneCount: Int,
        policy: Policy
    ) {
        // The thresholds of the flags, % of GDP (the policy file's 0.3 and 0.6).
        let annualDeviationLimit = policy.annualDeviationLimit
        let cumulativeDeviationLimit = policy.cumulativeDeviationLimit
        let metrics: [ProjectionMetric] = [
            .netExpenditureBn, .netExpenditureGrowth, .netExpenditureCeiling, .controlAccount, .netExpenditureAllowance,
            .headroom,
        ]
        for metric in metrics { for t in years.indices { table[metric, lane, t] = .nan } }
        guard let ceilings = inputs.series(.netExpenditureCeilings), let revenue = inputs.number(.revenue) else { return }
        let b = years[0]
        let a = inputs.number(.netExpenditureBaseYear).map { Int($0) } ?? b
        guard let first = years.firstIndex(of: max(a, b)) else { return }
        // NE_t = (ρ − (pb_t − ε·γ_t))·Y_t/100: the balance gained from the GDP feedback (§12) is
        // cyclical, not a change in expenditure.
        func expenditure(_ t: Int) -> Double {
            let feedback = table[.balanceFeedback, lane, t]
            return (revenue - (table[.primaryBalance, lane, t] - (feedback.isFinite ? feedback : 0))) * table[.gdp, lane, t] / 100
        }
        var path: Double
        if a < b {
            guard let baseBn = inputs.number(.netExpenditureBaseBn) else { return }
            path = baseBn
            for year in (a + 1)...b { path *= 1 + ceilings.value(in: year) / 100 }
        } else {
            path = expenditure(first)
        }
        var previousDeviation = 0.0
        var previousExpenditure = Double.nan
        for t in first..<years.count {
            let year = years[t]
            if t > first { path *= 1 + ceilings.value(in: year) / 100 }
            let netExpenditure = expenditure(t)
            let gdp = table[.gdp, lane, t]
            let account = 100 * (netExpenditure - path) / gdp
            let allowance = table[.escapeFlexibility, lane, t]
            let deviation = account - allowance
            table[.netExpenditureBn, lane, t] = netExpenditure
            table[.netExpenditureGrowth, lane, t] = t > first ? 100 * (netExpenditure / previousExpenditure - 1) : .nan
            table[.netExpenditureCeiling, lane, t] = ceilings.value(in: year)
            table[.controlAccount, lane, t] = account
            table[.netExpenditureAllowance, lane, t] = allowance
            table[.headroom, lane, t] = max(0, -deviation)
            if deviation - previousDeviation > annualDeviationLimit {
                flags[t * laneCount + lane].insert(.netExpenditureDeviation)
            }
            if deviation > cumulativeDeviationLimit { flags[t * laneCount + lane].insert(.controlAccountBreach) }
            previousDeviation = deviation
            previousExpenditure = netExpenditure
        }
    }
}
