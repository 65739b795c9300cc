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

        /// The value (or values) from `lane` on.
        @inline(__always) func load<V: LaneNumber>(_ lane: Int) -> V {
            stride == 0 ? V(repeating: base.pointee) : V.load(base + lane)
        }
    }

    /// The inputs of year `t`, one value per lane; an absent input is 0.
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

    /// The results of a year for one lane (`Double`) or a few (`SIMD4<Double>`), handed to a
    /// ``Recorder``.
    struct LaneYear<V: LaneNumber> {
        var ratio: V
        var balance: V
        var interest: V
        var safeInterest: V
        var financingNeed: V
        var maturing: V
        var issuance: V
        var marketDebt: V
        var safeDebt: V
        var debt: V
        var rateApplied: V
        var previousRatio: V
        var atFloor: V.Condition
    }

    /// Keeps what a caller needs of each lane's year. The recursion is generic over it (and
    /// over the lane number it records), so each caller gets a specialised, branch-free loop
    /// of the same equations.
    protocol Recorder {
        associatedtype Number: LaneNumber
        mutating func record(lane: Int, _ values: LaneYear<Number>)
    }

    /// Every output, one lane at a time, for the deterministic engine (`nil`: not kept).
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
        /// The flags' reference values, % of GDP (the policy file's deficit and debt references).
        var deficitReference: Double
        var debtReference: Double

        @inline(__always)
        mutating func record(lane: Int, _ v: LaneYear<Double>) {
            if let out = flags {
                var flags: YearFlags = v.atFloor ? [.debtFloor] : []
                if v.balance < -deficitReference { flags.insert(.deficitAbove3) }
                if v.ratio > debtReference {
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
    struct RatioBalanceDebt<V: LaneNumber>: Recorder {
        let ratio: UnsafeMutablePointer<Double>
        let balance: UnsafeMutablePointer<Double>
        let debt: UnsafeMutablePointer<Double>

        @inline(__always)
        mutating func record(lane: Int, _ v: LaneYear<V>) {
            v.ratio.store(ratio + lane)
            v.balance.store(balance + lane)
            v.debt.store(debt + lane)
        }
    }

    /// The next year's implicit rate with the new market and SAFE debt: what ``step`` gives
    /// beside the recorded values.
    struct Step<V: LaneNumber> {
        var year: LaneYear<V>
        var nextRate: V
    }

    /// The equations (3)–(11) for `V.width` lanes, written once: every loop over lanes (the
    /// deterministic engine's, the stochastic tiles') calls this with its own loads and stores.
    @inline(__always)
    static func step<V: LaneNumber>(
        gdp: V, primary: V, marketRate: V, stockFlow: V, disbursement: V, repayment: V, safeRate: V, inverseMaturity: V,
        marketDebt oldMarketDebt: V, safeDebt oldSafeDebt: V, rate: V, previousRatio: V
    ) -> Step<V> {
        let zero = V(repeating: 0)
        let percent = V(repeating: 0.01)
        let hundred = V(repeating: 100)
        // One division by GDP serves the two ratios; percentages are multiplications by
        // 0.01 (divisions are the loop's bottleneck).
        let percentOfGDP = hundred / gdp
        let safeInterest = safeRate * percent * oldSafeDebt
        let interest = rate * percent * oldMarketDebt + safeInterest
        let balance = primary - interest * percentOfGDP
        let financingNeed = interest - primary * gdp * percent + stockFlow
        let netSafe = disbursement - repayment
        let newSafeDebt = oldSafeDebt + netSafe
        let maturing = oldMarketDebt * inverseMaturity
        let issuance = maturing + financingNeed - netSafe
        let remaining = oldMarketDebt - maturing
        // Selects rather than branches, so the loop stays straight-line (and vectorises).
        let unfloored = remaining + issuance
        let atFloor = V.isLess(unfloored, than: zero)
        let newMarketDebt = V.choose(atFloor, zero, unfloored)
        let positiveIssuance = V.choose(V.isLess(zero, than: issuance), issuance, zero)
        let denominator = remaining + positiveIssuance
        let blended = (remaining * rate + positiveIssuance * marketRate) / denominator
        let nextRate = V.choose(V.either(atFloor, V.isEqual(denominator, zero)), marketRate, blended)
        let debt = newMarketDebt + newSafeDebt
        let ratio = debt * percentOfGDP
        return Step(
            year: LaneYear(
                ratio: ratio, balance: balance, interest: interest, safeInterest: safeInterest, financingNeed: financingNeed,
                maturing: maturing, issuance: issuance, marketDebt: newMarketDebt, safeDebt: newSafeDebt, debt: debt,
                rateApplied: rate, previousRatio: previousRatio, atFloor: atFloor),
            nextRate: nextRate)
    }

    /// Advances `count` lanes by one year, `R.Number.width` lanes at a time (`count` must be a
    /// multiple of the width; the stochastic engine pads its blocks).
    @inline(__always)
    static func advance<R: Recorder>(
        count: Int, inputs: YearInputs, constants: Constants, state: State, outputs: R
    ) {
        typealias V = R.Number
        precondition(count % V.width == 0, "advance: \(count) lanes is not a multiple of \(V.width)")
        var recorder = outputs
        let zero = V(repeating: 0)
        var lane = 0
        while lane < count {
            let step = Self.step(
                gdp: inputs.gdp.load(lane) as V, primary: inputs.primaryBalance.load(lane),
                marketRate: inputs.marketRate.load(lane),
                stockFlow: inputs.stockFlow?.load(lane) ?? zero, disbursement: inputs.disbursement?.load(lane) ?? zero,
                repayment: inputs.repayment?.load(lane) ?? zero, safeRate: constants.safeRate?.load(lane) ?? zero,
                inverseMaturity: constants.inverseMaturity.load(lane), marketDebt: V.load(state.marketDebt + lane),
                safeDebt: V.load(state.safeDebt + lane), rate: V.load(state.rate + lane),
                previousRatio: V.load(state.previousRatio + lane))
            recorder.record(lane: lane, step.year)
            step.year.marketDebt.store(state.marketDebt + lane)
            step.year.safeDebt.store(state.safeDebt + lane)
            step.nextRate.store(state.rate + lane)
            step.year.ratio.store(state.previousRatio + lane)
            lane += V.width
        }
    }
}

/// The arithmetic the recursion needs, on one lane (`Double`) or several at once
/// (`SIMD4<Double>`): the equations are written once, for both.
protocol LaneNumber {
    associatedtype Condition
    static var width: Int { get }
    init(repeating value: Double)
    static func load(_ pointer: UnsafePointer<Double>) -> Self
    func store(_ pointer: UnsafeMutablePointer<Double>)
    static func + (lhs: Self, rhs: Self) -> Self
    static func - (lhs: Self, rhs: Self) -> Self
    static func * (lhs: Self, rhs: Self) -> Self
    static func / (lhs: Self, rhs: Self) -> Self
    static func isLess(_ lhs: Self, than rhs: Self) -> Condition
    static func isEqual(_ lhs: Self, _ rhs: Self) -> Condition
    static func either(_ lhs: Condition, _ rhs: Condition) -> Condition
    static func choose(_ condition: Condition, _ ifTrue: Self, _ otherwise: Self) -> Self
}

extension Double: LaneNumber {
    static var width: Int { 1 }
    @inline(__always) init(repeating value: Double) { self = value }
    @inline(__always) static func load(_ pointer: UnsafePointer<Double>) -> Double { pointer.pointee }
    @inline(__always) func store(_ pointer: UnsafeMutablePointer<Double>) { pointer.pointee = self }
    @inline(__always) static func isLess(_ lhs: Double, than rhs: Double) -> Bool { lhs < rhs }
    @inline(__always) static func isEqual(_ lhs: Double, _ rhs: Double) -> Bool { lhs == rhs }
    @inline(__always) static func either(_ lhs: Bool, _ rhs: Bool) -> Bool { lhs || rhs }
    @inline(__always) static func choose(_ condition: Bool, _ ifTrue: Double, _ otherwise: Double) -> Double {
        condition ? ifTrue : otherwise
    }
}

extension SIMD4: LaneNumber where Scalar == Double {
    typealias Condition = SIMDMask<SIMD4<Int64>>
    static var width: Int { 4 }
    @inline(__always) static func load(_ pointer: UnsafePointer<Double>) -> SIMD4<Double> {
        UnsafeRawPointer(pointer).loadUnaligned(as: SIMD4<Double>.self)
    }
    @inline(__always) func store(_ pointer: UnsafeMutablePointer<Double>) {
        UnsafeMutableRawPointer(pointer).storeBytes(of: self, as: SIMD4<Double>.self)
    }
    @inline(__always) static func isLess(_ lhs: SIMD4<Double>, than rhs: SIMD4<Double>) -> Condition { lhs .< rhs }
    @inline(__always) static func isEqual(_ lhs: SIMD4<Double>, _ rhs: SIMD4<Double>) -> Condition { lhs .== rhs }
    @inline(__always) static func either(_ lhs: Condition, _ rhs: Condition) -> Condition { lhs .| rhs }
    @inline(__always) static func choose(_ condition: Condition, _ ifTrue: SIMD4<Double>, _ otherwise: SIMD4<Double>) -> SIMD4<
        Double
    > {
        otherwise.replacing(with: ifTrue, where: condition)
    }
}
