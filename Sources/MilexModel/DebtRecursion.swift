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
/// R_t   = Dm_{t−1}/M                                      (7)   (as Dm·(1/M))
/// N_t   = R_t + F_t − (disb_t − rep_t)                    (8)
/// Dm_t  = Dm_{t−1} − R_t + N_t,  D_t = Dm_t + L_t         (9)
/// d_t   = 100·D_t/Y_t                                     (10)
/// i_{t+1} = ((Dm_{t−1} − R_t)·i_t + max(N_t, 0)·rm_t) / ((Dm_{t−1} − R_t) + max(N_t, 0))   (11)
/// ```
/// with `i_{t+1} = rm_t` when that denominator is 0, and the debt floor: when `Dm_t < 0` it is
/// set to 0, `i_{t+1} = rm_t` and the year is flagged `debt_floor`.
enum DebtRecursion {
    /// One input for a block of lanes: a value per lane (stride 1), or one value for all
    /// lanes (stride 0), so a country's deterministic inputs serve a block of draws uncopied.
    struct Operand {
        let base: UnsafePointer<Double>
        let stride: Int

        /// A value per lane.
        init(_ base: UnsafePointer<Double>) {
            self.base = base
            stride = 1
        }

        /// The same value for every lane.
        static func broadcast(_ base: UnsafePointer<Double>) -> Operand { Operand(base: base, stride: 0) }

        private init(base: UnsafePointer<Double>, stride: Int) {
            self.base = base
            self.stride = stride
        }

        @inline(__always) subscript(lane: Int) -> Double { base[lane &* stride] }
    }

    /// The inputs of year `t`, one value per lane.
    struct YearInputs {
        var gdp: Operand
        var primaryBalance: Operand
        var marketRate: Operand
        var stockFlow: Operand?
        var disbursement: Operand?
        var repayment: Operand?
    }

    /// Per-lane constants.
    struct Constants {
        /// `1/M`: the share of market debt maturing each year.
        var inverseMaturity: Operand
        var safeRate: Operand?
    }

    /// The state carried from year to year, updated in place.
    struct State {
        var marketDebt: UnsafeMutablePointer<Double>
        var safeDebt: UnsafeMutablePointer<Double>
        var rate: UnsafeMutablePointer<Double>
        var previousRatio: UnsafeMutablePointer<Double>
    }

    /// One lane's results for the year, handed to a ``Recorder``.
    struct LaneYear {
        var ratio: Double
        var balance: Double
        var interest: Double
        var safeInterest: Double
        var financingNeed: Double
        var maturing: Double
        var issuance: Double
        var marketDebt: Double
        var safeDebt: Double
        var debt: Double
        var rateApplied: Double
        var previousRatio: Double
        var atFloor: Bool
    }

    /// Keeps what a caller needs of each lane's year. The recursion is generic over it, so each
    /// caller gets a specialised, branch-free loop of the same equations.
    protocol Recorder {
        mutating func record(lane: Int, _ values: LaneYear)
    }

    /// Every output, for the deterministic engine (`nil`: not kept).
    struct Outputs: Recorder {
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

        @inline(__always)
        mutating func record(lane: Int, _ v: LaneYear) {
            if let out = flags {
                var flags: YearFlags = v.atFloor ? [.debtFloor] : []
                if v.balance < -3 { flags.insert(.deficitAbove3) }
                if v.ratio > 60 {
                    flags.insert(.debtAbove60)
                    if v.ratio > v.previousRatio { flags.insert(.debtRisingAbove60) }
                }
                out[lane].formUnion(flags)
            }
            debtRatio?[lane] = v.ratio
            balance?[lane] = v.balance
            interest?[lane] = v.interest
            safeInterest?[lane] = v.safeInterest
            financingNeed?[lane] = v.financingNeed
            maturing?[lane] = v.maturing
            issuance?[lane] = v.issuance
            marketDebt?[lane] = v.marketDebt
            safeDebt?[lane] = v.safeDebt
            debt?[lane] = v.debt
            rateApplied?[lane] = v.rateApplied
        }
    }

    /// The debt ratio, balance and debt level only, for the stochastic engine.
    struct RatioBalanceDebt: Recorder {
        let ratio: UnsafeMutablePointer<Double>
        let balance: UnsafeMutablePointer<Double>
        let debt: UnsafeMutablePointer<Double>

        @inline(__always)
        mutating func record(lane: Int, _ v: LaneYear) {
            ratio[lane] = v.ratio
            balance[lane] = v.balance
            debt[lane] = v.debt
        }
    }

    /// Advances `count` lanes by one year.
    @inline(__always)
    static func advance<R: Recorder>(
        count: Int, inputs: YearInputs, constants: Constants, state: State, outputs: R
    ) {
        var recorder = outputs
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

            // One division by GDP serves the two ratios.
            let percentOfGDP = 100 / gdp
            let safeInterest = safeRate / 100 * oldSafeDebt
            let interest = rate / 100 * oldMarketDebt + safeInterest
            let balance = primary - interest * percentOfGDP
            let financingNeed = interest - primary * gdp / 100 + (inputs.stockFlow?[lane] ?? 0)
            let netSafe = disbursement - repayment
            let newSafeDebt = oldSafeDebt + netSafe
            let maturing = oldMarketDebt * constants.inverseMaturity[lane]
            let issuance = maturing + financingNeed - netSafe
            let remaining = oldMarketDebt - maturing
            // Written as selects rather than branches so the loop stays straight-line code.
            let unfloored = remaining + issuance
            let atFloor = unfloored < 0
            let newMarketDebt = atFloor ? 0 : unfloored
            let positiveIssuance = issuance > 0 ? issuance : 0
            let denominator = remaining + positiveIssuance
            let blended = (remaining * rate + positiveIssuance * marketRate) / denominator
            let nextRate = atFloor || denominator == 0 ? marketRate : blended
            let debt = newMarketDebt + newSafeDebt
            let ratio = debt * percentOfGDP
            recorder.record(
                lane: lane,
                LaneYear(
                    ratio: ratio, balance: balance, interest: interest, safeInterest: safeInterest, financingNeed: financingNeed,
                    maturing: maturing, issuance: issuance, marketDebt: newMarketDebt, safeDebt: newSafeDebt, debt: debt,
                    rateApplied: rate, previousRatio: state.previousRatio[lane], atFloor: atFloor))
            state.marketDebt[lane] = newMarketDebt
            state.safeDebt[lane] = newSafeDebt
            state.rate[lane] = nextRate
            state.previousRatio[lane] = ratio
        }
    }
}
