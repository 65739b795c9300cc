/// One condition of `milex solve` (MODEL.md §14), parsed from its command-line text.
///
/// Every kind is evaluated as a *slack*: a number that is ≥ 0 exactly when the condition holds,
/// in the condition's own unit (pp of GDP for debt and deficit limits, pp a year for the
/// safeguard, pp of debt for the stochastic ones, see ``Kind``). The solver needs nothing else,
/// so a new kind is one case here, its parsing in ``init(parsing:baseYear:endYear:)`` and its
/// slack in ``AffordabilitySolver`` (deterministic) or ``StochasticSolveEvaluator``
/// (stochastic).
public struct SolveConstraint: Sendable, Equatable, CustomStringConvertible {
    /// What is constrained.
    public enum Kind: Sendable, Equatable {
        /// `debt<=X[@YEAR]`: the debt ratio in `year` at most `limit` % of GDP.
        /// Slack `X − d_YEAR`.
        case debtAtMost(limit: Double, year: Int)
        /// `debt-stable`: debt in the end year at most its base-year ratio. Slack `d_B − d_E`.
        case debtStable
        /// `deficit<=X[+flex]`: the deficit at most `limit` % of GDP in every projected year,
        /// plus the escape-clause flexibility `h_t` with `+flex`. Slack `min_t (X [+ h_t] + b_t)`.
        case deficitAtMost(limit: Double, flexibility: Bool)
        /// `safeguard`: no `debt_safeguard_pace` year (MODEL.md §6). Slack
        /// `min_t ((d_B − d_t)/(t − B) − pace)`; +∞ where the base-year debt needs no pace (≤ 60 %).
        case safeguard
        /// `p(debt>X)<=P[@YEAR]` (also `p(debt>X@YEAR)<=P`; stochastic, MODEL.md §8): the share of draws with debt in
        /// `year` above `threshold` at most `probability`. Slack `X − q`, with `q` the order
        /// statistic of the draws' debt such that the count above `X` is within `P·n` exactly
        /// when `q ≤ X` (a continuous function of the unknown, so the solver converges fast).
        case debtProbability(threshold: Double, year: Int, probability: Double)
        /// `p(deficit>3)<=P` (stochastic): the share of draws with a deficit above 3 % of GDP in
        /// any projected year at most `probability`. Slack `3 − q` of the draws' largest deficit.
        case deficitProbability(threshold: Double, probability: Double)
        /// `net-expenditure` (MODEL.md §13): no `net_expenditure_deviation` and no
        /// `control_account_breach` in any reported year. Slack
        /// `min_t min(0.6 − dev_t, 0.3 − (dev_t − dev_{t−1}))` with `dev` the counted deviation
        /// (the policy file's thresholds); +∞ for a country without a path.
        case netExpenditure
    }

    /// The text as given on the command line (what outputs print as the binding constraint).
    public let text: String
    public let kind: Kind

    /// Creates a constraint directly (library users and tests).
    public init(text: String, kind: Kind) {
        self.text = text
        self.kind = kind
    }

    public var description: String { text }

    /// Whether the constraint needs simulated draws.
    public var isStochastic: Bool {
        switch kind {
        case .debtProbability, .deficitProbability: return true
        case .debtAtMost, .debtStable, .deficitAtMost, .safeguard, .netExpenditure: return false
        }
    }

    /// The forms accepted, for error messages and help.
    public static let forms = [
        "debt<=X[@YEAR]", "debt-stable", "deficit<=X[+flex]", "safeguard", "net-expenditure", "p(debt>X)<=P[@YEAR]",
        "p(deficit>3)<=P",
    ]

    /// Parses one constraint (spaces are ignored, so `debt <= 90 @ 2035` is `debt<=90@2035`).
    /// - Parameters:
    ///   - baseYear: `B`; a year must lie in `B … E`.
    ///   - endYear: `E`, the default year of debt constraints.
    /// - Throws: ``SolveConstraintError`` saying what was expected and what came.
    public init(parsing raw: String, baseYear: Int, endYear: Int) throws(SolveConstraintError) {
        let text = String(raw.filter { !$0.isWhitespace })
        self.text = text
        func number(_ part: Substring, what: String) throws(SolveConstraintError) -> Double {
            guard let value = Double(part), value.isFinite, !part.isEmpty, part.allSatisfy({ "0123456789.-+eE".contains($0) })
            else {
                throw SolveConstraintError(text: raw, problem: "\(what) must be a number, found \"\(part)\"")
            }
            return value
        }
        func year(_ part: Substring?) throws(SolveConstraintError) -> Int {
            guard let part else { return endYear }
            guard let value = Int(part) else {
                throw SolveConstraintError(text: raw, problem: "the year after @ must be a whole year, found \"\(part)\"")
            }
            guard (baseYear...endYear).contains(value) else {
                throw SolveConstraintError(
                    text: raw, problem: "the year \(value) is outside the run (\(baseYear)–\(endYear))")
            }
            return value
        }
        func probability(_ part: Substring) throws(SolveConstraintError) -> Double {
            let value = try number(part, what: "the probability P")
            guard (0...1).contains(value) else {
                throw SolveConstraintError(text: raw, problem: "the probability P must lie in [0, 1], found \(part)")
            }
            return value
        }
        func split(_ body: Substring) -> (Substring, Substring?) {
            guard let at = body.firstIndex(of: "@") else { return (body, nil) }
            return (body[..<at], body[body.index(after: at)...])
        }

        if text == "debt-stable" {
            kind = .debtStable
        } else if text == "safeguard" {
            kind = .safeguard
        } else if text == "net-expenditure" {
            kind = .netExpenditure
        } else if text.hasPrefix("debt<=") {
            let (value, at) = split(text.dropFirst("debt<=".count))
            kind = .debtAtMost(limit: try number(value, what: "the debt limit X"), year: try year(at))
        } else if text.hasPrefix("deficit<=") {
            var body = text.dropFirst("deficit<=".count)
            let flexible = body.hasSuffix("+flex")
            if flexible { body = body.dropLast("+flex".count) }
            kind = .deficitAtMost(limit: try number(body, what: "the deficit limit X"), flexibility: flexible)
        } else if text.hasPrefix("p(debt>") {
            let body = text.dropFirst("p(debt>".count)
            guard let close = body.range(of: ")<=") else {
                throw SolveConstraintError(text: raw, problem: "expected p(debt>X)<=P[@YEAR]")
            }
            // The year may follow the probability (MODEL.md §14) or the threshold
            // (`p(debt>90@2035)<=0.3`, as issue 13 writes it), not both.
            let (thresholdText, innerYear) = split(body[..<close.lowerBound])
            let threshold = try number(thresholdText, what: "the debt threshold X")
            let (value, outerYear) = split(body[close.upperBound...])
            if innerYear != nil && outerYear != nil {
                throw SolveConstraintError(text: raw, problem: "give the year once, e.g. p(debt>90)<=0.3@2035")
            }
            kind = .debtProbability(
                threshold: threshold, year: try year(innerYear ?? outerYear), probability: try probability(value))
        } else if text.hasPrefix("p(deficit>") {
            let body = text.dropFirst("p(deficit>".count)
            guard let close = body.range(of: ")<=") else {
                throw SolveConstraintError(text: raw, problem: "expected p(deficit>3)<=P")
            }
            let threshold = try number(body[..<close.lowerBound], what: "the deficit threshold")
            guard threshold == Policy.current.deficitReference else {
                throw SolveConstraintError(
                    text: raw,
                    problem:
                        "the deficit threshold of a probability is the \(Policy.text(Policy.current.deficitReference)) % reference value (MODEL.md §8), found \(threshold)"
                )
            }
            let rest = body[close.upperBound...]
            if rest.contains("@") {
                throw SolveConstraintError(text: raw, problem: "p(deficit>3) counts every projected year; it takes no @YEAR")
            }
            kind = .deficitProbability(threshold: threshold, probability: try probability(rest))
        } else {
            throw SolveConstraintError(
                text: raw, problem: "unknown kind of constraint; expected one of \(Self.forms.joined(separator: ", "))")
        }
    }
}

/// A constraint text that cannot be read: what was expected and what came.
public struct SolveConstraintError: Error, Equatable, CustomStringConvertible {
    /// The text as given.
    public let text: String
    /// What is wrong with it.
    public let problem: String

    public var description: String { "\"\(text)\": \(problem)" }
}

/// What `milex solve` varies (MODEL.md §14).
public enum SolveUnknown: String, Sendable, CaseIterable {
    /// The highest `target_pct_gdp` of the variant's core path, in [the path's starting share, 10].
    case target
    /// The smallest `offset_share` in [0, 1].
    case offset
    /// The earliest `by` year, in [max(B + 1, S), E].
    case year
}
