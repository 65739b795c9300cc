/// How a variant pays for its extra effort, and whether it uses SAFE loans and the national
/// escape clause (MODEL.md §4–§6).
public struct FinancingPlan: Sendable, Equatable {
    /// How the extra effort is financed.
    public enum Mode: String, Sendable, CaseIterable {
        /// A fixed share `o` of the extra effort is offset; the rest is borrowed (MODEL.md §4).
        case offsetShare = "offset_share"
        /// Extra core defence spending is borrowed up to the escape-clause flexibility it
        /// creates; everything else (the excess, related spending, years without the clause)
        /// is offset — what the EU rules would force.
        case withinEscapeClause = "within_escape_clause"
    }

    /// `o ∈ [0, 1]`: the share of the extra effort offset by other measures (default 0).
    public var offsetShare: Double
    /// The financing mode (default `offset_share`).
    public var mode: Mode
    /// Whether the country draws its SAFE allocation (default false).
    public var safe: Bool
    /// `rEU`, % a year: the rate on SAFE loans (default: the policy file's, 3.0).
    public var safeRatePct: Double
    /// `u ∈ [0, 1]`: the share of the allocation drawn (default 1).
    public var safeTakeUp: Double
    /// Disbursement shares by year (default: the policy file's `safe_schedule`).
    public var safeSchedule: [Int: Double]?
    /// Whether the national escape clause applies (default true).
    public var escapeClause: Bool
    /// Escape-clause years that replace the country's own (e.g. "what if Italy had asked").
    public var escapeClauseYears: [Int]?

    /// Creates a plan; the defaults are MODEL.md's.
    public init(
        offsetShare: Double = 0, mode: Mode = .offsetShare, safe: Bool = false, safeRatePct: Double = Policy.current.safeRate,
        safeTakeUp: Double = 1.0, safeSchedule: [Int: Double]? = nil, escapeClause: Bool = true,
        escapeClauseYears: [Int]? = nil
    ) {
        self.offsetShare = offsetShare
        self.mode = mode
        self.safe = safe
        self.safeRatePct = safeRatePct
        self.safeTakeUp = safeTakeUp
        self.safeSchedule = safeSchedule
        self.escapeClause = escapeClause
        self.escapeClauseYears = escapeClauseYears
    }
}

/// SAFE loans (Council Regulation (EU) 2025/1106; MODEL.md §5); the terms are the policy file's.
public enum SAFELoan {
    /// The share of a tranche disbursed in `trancheYear` that is repaid in `year` (I9): nothing in
    /// the grace years, then equal instalments to the maturity (10 and 45 years: 35 instalments).
    public static func repaymentShare(trancheYear: Int, year: Int, policy: Policy) -> Double {
        let lag = year - trancheYear
        let grace = policy.safeGraceYears
        let instalments = policy.safeMaturityYears - grace
        return instalments > 0 && lag > grace && lag <= grace + instalments ? 1 / Double(instalments) : 0
    }
}
