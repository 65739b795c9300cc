/// The fiscal identity and debt dynamics of MODEL.md §4 for one year and a block of lanes.
///
/// This is the only implementation of the recursion: the deterministic engine calls it once a
/// year for all countries × variants, the stochastic engine once a year for blocks of draws.
/// Every pointer addresses `count` contiguous values (one per lane).
///
/// For each lane, given `Y_t`, `pb_t`, `rm_t`, `SFA_t`, `disb_t`, `rep_t` and the state
/// `Dm_{t−1}`, `L_{t−1}`, `i_t`:
/// ```
/// INT_t = i_t/100·Dm_{t−1} + rEU/100·L_{t−1}              (3)
/// b_t   = pb_t − 100·INT_t/Y_t                            (4)
/// F_t   = INT_t − pb_t·Y_t/100 + SFA_t                    (5)
/// L_t   = L_{t−1} + disb_t − rep_t                        (6)
/// R_t   = Dm_{t−1}/M                                      (7)
/// N_t   = R_t + F_t − (disb_t − rep_t)                    (8)
/// Dm_t  = Dm_{t−1} − R_t + N_t,  D_t = Dm_t + L_t         (9)
/// d_t   = 100·D_t/Y_t                                     (10)
/// i_{t+1} = ((Dm_{t−1} − R_t)·i_t + max(N_t, 0)·rm_t) / ((Dm_{t−1} − R_t) + max(N_t, 0))   (11)
/// ```
/// with `i_{t+1} = rm_t` when that denominator is 0, and the debt floor: when `Dm_t < 0` it is
/// set to 0, `i_{t+1} = rm_t` and the year is flagged `debt_floor`.
enum DebtRecursion {
    /// The inputs of year `t`, one value per lane.
    struct YearInputs {
        var gdp: UnsafePointer<Double>
        var primaryBalance: UnsafePointer<Double>
        var marketRate: UnsafePointer<Double>
        var stockFlow: UnsafePointer<Double>?
        var disbursement: UnsafePointer<Double>?
        var repayment: UnsafePointer<Double>?
    }

    /// Per-lane constants.
    struct Constants {
        var maturity: UnsafePointer<Double>
        var safeRate: UnsafePointer<Double>?
    }

    /// The state carried from year to year, updated in place.
    struct State {
        var marketDebt: UnsafeMutablePointer<Double>
        var safeDebt: UnsafeMutablePointer<Double>
        var rate: UnsafeMutablePointer<Double>
        var previousRatio: UnsafeMutablePointer<Double>
    }

    /// What to write for year `t`; a `nil` output is not computed.
    struct Outputs {
        var debtRatio: UnsafeMutablePointer<Double>?
        var balance: UnsafeMutablePointer<Double>?
        var interest: UnsafeMutablePointer<Double>?
        var safeInterest: UnsafeMutablePointer<Double>?
        var financingNeed: UnsafeMutablePointer<Double>?
        var maturing: UnsafeMutablePointer<Double>?
        var issuance: UnsafeMutablePointer<Double>?
        var marketDebt: UnsafeMutablePointer<Double>?
        var safeDebt: UnsafeMutablePointer<Double>?
        var debt: UnsafeMutablePointer<Double>?
        var rateApplied: UnsafeMutablePointer<Double>?
        var flags: UnsafeMutablePointer<YearFlags>?
    }

    /// Advances `count` lanes by one year.
    @inline(__always)
    static func advance(
        count: Int, inputs: YearInputs, constants: Constants, state: State, outputs: Outputs
    ) {
        for lane in 0..<count {
            let gdp = inputs.gdp[lane]
            let primary = inputs.primaryBalance[lane]
            let marketRate = inputs.marketRate[lane]
            let oldMarketDebt = state.marketDebt[lane]
            let oldSafeDebt = state.safeDebt[lane]
            let rate = state.rate[lane]
            let safeRate = constants.safeRate?[lane] ?? 0
            let disbursement = inputs.disbursement?[lane] ?? 0
            let repayment = inputs.repayment?[lane] ?? 0

            let safeInterest = safeRate / 100 * oldSafeDebt
            let interest = rate / 100 * oldMarketDebt + safeInterest
            let balance = primary - 100 * interest / gdp
            let financingNeed = interest - primary * gdp / 100 + (inputs.stockFlow?[lane] ?? 0)
            let netSafe = disbursement - repayment
            let newSafeDebt = oldSafeDebt + netSafe
            let maturing = oldMarketDebt / constants.maturity[lane]
            let issuance = maturing + financingNeed - netSafe
            let remaining = oldMarketDebt - maturing
            var newMarketDebt = remaining + issuance
            var flags: YearFlags = []
            let nextRate: Double
            if newMarketDebt < 0 {
                newMarketDebt = 0
                nextRate = marketRate
                flags.insert(.debtFloor)
            } else {
                let positiveIssuance = max(issuance, 0)
                let denominator = remaining + positiveIssuance
                nextRate = denominator == 0 ? marketRate : (remaining * rate + positiveIssuance * marketRate) / denominator
            }
            let debt = newMarketDebt + newSafeDebt
            let ratio = 100 * debt / gdp

            if let out = outputs.flags {
                if balance < -3 { flags.insert(.deficitAbove3) }
                if ratio > 60 {
                    flags.insert(.debtAbove60)
                    if ratio > state.previousRatio[lane] { flags.insert(.debtRisingAbove60) }
                }
                out[lane].formUnion(flags)
            }
            outputs.debtRatio?[lane] = ratio
            outputs.balance?[lane] = balance
            outputs.interest?[lane] = interest
            outputs.safeInterest?[lane] = safeInterest
            outputs.financingNeed?[lane] = financingNeed
            outputs.maturing?[lane] = maturing
            outputs.issuance?[lane] = issuance
            outputs.marketDebt?[lane] = newMarketDebt
            outputs.safeDebt?[lane] = newSafeDebt
            outputs.debt?[lane] = debt
            outputs.rateApplied?[lane] = rate

            state.marketDebt[lane] = newMarketDebt
            state.safeDebt[lane] = newSafeDebt
            state.rate[lane] = nextRate
            state.previousRatio[lane] = ratio
        }
    }
}
