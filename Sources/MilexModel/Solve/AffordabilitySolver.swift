import Dispatch

/// What `milex solve` found for one variant and country (MODEL.md §14).
public struct AffordabilitySolution: Sendable {
    /// The outcome of the search.
    public enum Status: String, Sendable, CaseIterable {
        /// `value` is the answer to ±0.001 pp (targets), ±0.0001 (offsets), exactly (years).
        case solved
        /// Not even the lenient end of the range (the starting share, an offset of 1, the end
        /// year) satisfies every constraint.
        case infeasible
        /// The demanding end (10 % of GDP, an offset of 0, the earliest year) satisfies them all.
        case unconstrained
        /// The unknown does not exist for this variant and country: no core path, or a
        /// `custom`/`growth` path (no target or year), a start after the end year, or an offset
        /// asked of a variant financed `within_escape_clause`.
        case notApplicable = "not_applicable"
    }

    /// The variant's label and its index in the request's variants (the baseline excluded).
    public let variant: String
    public let variantIndex: Int
    public let country: String
    public let countryIndex: Int
    public let unknown: SolveUnknown
    public let status: Status
    /// The answer in the unknown's unit (% of GDP, a share in [0, 1], a year); `nil` when
    /// infeasible or not applicable.
    public let value: Double?
    /// The constraint tight at the solution (the smallest slack; ties to the first given);
    /// `nil` unless solved.
    public let binding: String?
    /// The slack of each constraint (in the request's order) at `value`, or at the lenient end
    /// when infeasible; empty when not applicable.
    public let slacks: [Double]
    /// The constraints that fail at the lenient end (infeasible only).
    public let violated: [String]
    /// Whether every slack evaluated fell (or stayed) as the unknown moved towards the
    /// demanding end. `false` means the constraints may hold again beyond `value`: reported, not
    /// hidden (MODEL.md §14 assumes monotone constraints).
    public let monotone: Bool
    /// Whether the variant as written (its own target, offset or year) satisfies every
    /// constraint, derived from the solution (monotone constraints); `nil` when not applicable.
    public let feasibleAsWritten: Bool?
    /// The search range: the lenient and the demanding end.
    public let lenient: Double?
    public let demanding: Double?
    /// The stochastic constraints' probabilities where `slacks` were taken.
    public let probabilities: [StochasticEstimate]
    /// Engine evaluations this lane took part in.
    public let evaluations: Int
}

/// A probability estimated from the draws, with its Monte Carlo standard error `√(p(1−p)/n)`.
public struct StochasticEstimate: Sendable, Equatable {
    /// The constraint's text.
    public let constraint: String
    public let probability: Double
    public let standardError: Double
    /// The bound `P` of the constraint.
    public let bound: Double
}

/// Stochastic settings of a solve: the covariance and the draws (MODEL.md §8).
public struct StochasticSolveSettings: Sendable {
    public var covariance: ShockCovariance
    public var settings: StochasticSettings

    public init(covariance: ShockCovariance, settings: StochasticSettings) {
        self.covariance = covariance
        self.settings = settings
    }
}

/// The solutions of a request, and the projection with every lane at its solution.
public struct AffordabilityResult: Sendable {
    public let unknown: SolveUnknown
    public let constraints: [SolveConstraint]
    /// Variant by variant (request order), countries in request order.
    public let solutions: [AffordabilitySolution]
    /// The deterministic projection with each lane at its `value` (at the lenient end when
    /// infeasible, as written when not applicable): the headline figures at the solution.
    public let projection: ProjectionResult
    /// Draws and seed of the stochastic constraints (`nil` without any).
    public let draws: Int?
    public let seed: UInt64?
    public let shockYears: Int?
    /// Engine evaluations (each one runs every open lane once).
    public let evaluations: Int
    public let notes: [String]

    /// The solution of a variant (index in the request's variants) and country.
    public func solution(variant: Int, country: Int) -> AffordabilitySolution {
        solutions[variant * projection.countries.count + country]
    }
}

/// Solves MODEL.md §14 for every variant and country at once.
///
/// Each (variant, country) is a lane with its own trial value of the unknown; one evaluation
/// runs the batched deterministic engine (and, for stochastic constraints, the recursion over
/// the same stored shocks: common random numbers) on every open lane together. Per lane, on the
/// combined slack `s = min_k slack_k` (≥ 0 ⇔ every constraint holds):
/// 1. both ends of the range: `s(lenient) < 0` is `infeasible`, `s(demanding) ≥ 0` `unconstrained`;
/// 2. deterministic constraints: 3 interior grid points (quarters of the range), and the bracket is the highest feasible
///    grid point and the next one (the grid also checks monotonicity where it is cheap);
/// 3. a safeguarded secant (Illinois regula falsi, bisection when the bracket does not halve
///    in two steps, trial points kept tol/2.5 inside the bracket) until the bracket is within
///    half the tolerance; the feasible end is the value, so the answer is never on the wrong side.
/// Years are whole numbers: every year is evaluated for deterministic constraints, a bisection
/// on years for stochastic ones.
public struct AffordabilitySolver: Sendable {
    /// The upper end of the target range, % of GDP (MODEL.md §14).
    public static let maximumTarget = 10.0
    /// Stop when the bracket is this narrow (half of MODEL.md's ±0.001 pp and ±0.0001).
    public static let targetTolerance = 0.0005
    public static let offsetTolerance = 0.00005
    /// Interior grid points evaluated before the secant for deterministic constraints.
    static let gridPoints = 3
    /// A safety stop: no lane needs this many evaluations with the tolerances above.
    static let maximumEvaluations = 200

    public init() {}

    /// Solves every variant × country of `request`.
    /// - Parameters:
    ///   - constraints: at least one; stochastic ones need `stochastic`.
    ///   - progress: called after each evaluation with the evaluations done and the lanes still open.
    /// - Throws: ``ProjectionError`` or ``StochasticError`` from the engines.
    public func solve(
        _ request: ProjectionRequest, constraints: [SolveConstraint], unknown: SolveUnknown,
        stochastic: StochasticSolveSettings? = nil, progress: (@Sendable (_ evaluations: Int, _ open: Int) -> Void)? = nil
    ) throws -> AffordabilityResult {
        precondition(!constraints.isEmpty, "a solve needs at least one constraint")
        let stochasticIndices = constraints.indices.filter { constraints[$0].isStochastic }
        precondition(stochasticIndices.isEmpty || stochastic != nil, "stochastic constraints need stochastic settings")
        let countries = request.countries
        let laneCount = request.variants.count * countries.count
        var problems: [LaneProblem] = []
        for (v, variant) in request.variants.enumerated() {
            for (c, country) in countries.enumerated() {
                problems.append(
                    LaneProblem(
                        variant: variant, variantIndex: v, country: country, countryIndex: c, unknown: unknown,
                        baseYear: request.baseYear, endYear: request.endYear))
            }
        }
        let evaluator = try stochastic.map { settings in
            try StochasticSolveEvaluator(
                request: request, covariance: settings.covariance, settings: settings.settings,
                constraints: stochasticIndices.map { constraints[$0] })
        }
        let discrete = unknown == .year
        var searches = problems.map { LaneSearch(problem: $0, grid: stochasticIndices.isEmpty) }
        var evaluations = 0
        while true {
            var trials = [Double?](repeating: nil, count: laneCount)
            for lane in 0..<laneCount { trials[lane] = searches[lane].nextTrial() }
            let open = trials.indices.filter { trials[$0] != nil }
            if open.isEmpty || evaluations >= Self.maximumEvaluations { break }
            let outcome = try evaluate(
                request, problems: problems, trials: trials, open: open, constraints: constraints,
                stochasticIndices: stochasticIndices, evaluator: evaluator)
            evaluations += 1
            for lane in open {
                searches[lane].record(
                    trial: trials[lane]!, slacks: outcome.slacks[lane]!, estimates: outcome.estimates[lane] ?? [])
            }
            progress?(evaluations, open.count)
        }
        let solutions = searches.map { $0.solution(constraints: constraints, discrete: discrete) }
        // The headline figures: every lane at its value.
        var values = [Double?](repeating: nil, count: laneCount)
        for (lane, solution) in solutions.enumerated() {
            values[lane] = solution.value ?? (solution.status == .infeasible ? solution.lenient : nil)
        }
        let projection = try ProjectionEngine().run(Self.request(request, problems: problems, trials: values))
        var notes: [String] = []
        if solutions.contains(where: { !$0.monotone }) {
            notes.append(
                "Non-monotone: for \(solutions.filter { !$0.monotone }.map { "\($0.country) (\($0.variant))" }.joined(separator: ", ")) a constraint's slack rose again as the unknown moved towards the demanding end; the value reported is the one the search bracketed, and another may exist beyond it."
            )
        }
        return AffordabilityResult(
            unknown: unknown, constraints: constraints, solutions: solutions, projection: projection,
            draws: stochastic?.settings.draws, seed: stochastic?.settings.seed,
            shockYears: stochastic.map { min($0.settings.shockYears, request.endYear - request.baseYear) },
            evaluations: evaluations, notes: notes)
    }

    /// The request with each lane's trial value in place (`nil`: the variant as written).
    static func request(_ request: ProjectionRequest, problems: [LaneProblem], trials: [Double?]) -> ProjectionRequest {
        var modified = request
        for (lane, trial) in trials.enumerated() {
            guard let trial else { continue }
            let problem = problems[lane]
            problem.apply(trial, to: &modified.variants[problem.variantIndex])
        }
        return modified
    }

    private struct Outcome {
        var slacks: [[Double]?]
        var estimates: [[StochasticEstimate]?]
    }

    /// One evaluation: the engine on every lane at its trial value, then each constraint's slack.
    private func evaluate(
        _ request: ProjectionRequest, problems: [LaneProblem], trials: [Double?], open: [Int], constraints: [SolveConstraint],
        stochasticIndices: [Int], evaluator: StochasticSolveEvaluator?
    ) throws -> Outcome {
        let modified = Self.request(request, problems: problems, trials: trials)
        let result = try ProjectionEngine().run(modified)
        var outcome = Outcome(
            slacks: [[Double]?](repeating: nil, count: trials.count),
            estimates: [[StochasticEstimate]?](repeating: nil, count: trials.count))
        for lane in open {
            let problem = problems[lane]
            outcome.slacks[lane] = constraints.map {
                Self.slack(of: $0, variant: problem.variantIndex + 1, country: problem.countryIndex, in: result)
            }
        }
        if let evaluator {
            let stochastic = evaluator.evaluate(request: modified, deterministic: result, lanes: open)
            for lane in open {
                let values = stochastic[lane]!
                for (k, index) in stochasticIndices.enumerated() { outcome.slacks[lane]![index] = values[k].slack }
                outcome.estimates[lane] = values.map(\.estimate)
            }
        }
        return outcome
    }

    /// The slack of a deterministic constraint for one lane of a projection (≥ 0 ⇔ it holds;
    /// see ``SolveConstraint/Kind``). Stochastic kinds give NaN here (their evaluator fills them).
    static func slack(of constraint: SolveConstraint, variant: Int, country: Int, in result: ProjectionResult) -> Double {
        let years = result.years
        func value(_ metric: ProjectionMetric, _ t: Int) -> Double {
            result.value(metric, variant: variant, country: country, yearIndex: t)
        }
        switch constraint.kind {
        case .debtAtMost(let limit, let year):
            return limit - value(.debt, year - result.baseYear)
        case .debtStable:
            return value(.debt, 0) - value(.debt, years.count - 1)
        case .deficitAtMost(let limit, let flexibility):
            var slack = Double.infinity
            for t in 1..<years.count {
                let allowance = flexibility ? value(.escapeFlexibility, t) : 0
                slack = min(slack, limit + allowance + value(.balance, t))
            }
            return slack
        case .safeguard:
            let base = value(.debt, 0)
            let pace = FiscalRuleChecks.requiredDecline(baseRatio: base, policy: result.policy)
            guard pace > 0 else { return .infinity }
            var slack = Double.infinity
            for t in 1..<years.count { slack = min(slack, (base - value(.debt, t)) / Double(t) - pace) }
            return slack
        case .netExpenditure:
            var slack = Double.infinity
            var previous = 0.0
            for t in years.indices {
                let account = value(.controlAccount, t)
                guard account.isFinite else { continue }
                let deviation = account - value(.netExpenditureAllowance, t)
                slack = min(
                    slack, result.policy.cumulativeDeviationLimit - deviation,
                    result.policy.annualDeviationLimit - (deviation - previous))
                previous = deviation
            }
            return slack
        case .debtProbability, .deficitProbability:
            return .nan
        }
    }
}

/// One lane's unknown: its range and how a trial value changes the variant.
struct LaneProblem: Sendable {
    let variant: PolicyVariant
    let variantIndex: Int
    let countryCode: String
    let countryIndex: Int
    let unknown: SolveUnknown
    /// `nil`: not applicable.
    let lenient: Double?
    let demanding: Double?
    /// The variant's own value of the unknown.
    let asWritten: Double?
    let path: SpendingPath?

    init(
        variant: PolicyVariant, variantIndex: Int, country: CountryInputs, countryIndex: Int, unknown: SolveUnknown,
        baseYear: Int, endYear: Int
    ) {
        self.variant = variant
        self.variantIndex = variantIndex
        countryCode = country.code
        self.countryIndex = countryIndex
        self.unknown = unknown
        let inputs = variant.inputOverrides[country.code] ?? country
        let path = variant.defencePath(for: country.code)
        self.path = path
        let hasTarget = path.map { [.linear, .front, .back, .step].contains($0.shape) } ?? false
        switch unknown {
        case .target:
            let start = inputs.defencePctGDP
            lenient = hasTarget ? start : nil
            demanding = hasTarget ? AffordabilitySolver.maximumTarget : nil
            asWritten = path.flatMap { path in path.increasePP.map { start + $0 } ?? path.target ?? start }
        case .offset:
            let applicable = variant.financing.mode == .offsetShare
            lenient = applicable ? 1 : nil
            demanding = applicable ? 0 : nil
            asWritten = applicable ? variant.offsetShare(for: country.code) : nil
        case .year:
            let first = max(baseYear + 1, path?.start ?? baseYear + 1)
            let applicable = hasTarget && first <= endYear
            lenient = applicable ? Double(endYear) : nil
            demanding = applicable ? Double(first) : nil
            asWritten = applicable ? Double(path?.by ?? first) : nil
        }
    }

    var isApplicable: Bool { lenient != nil }

    /// Puts `value` into the variant for this lane's country.
    func apply(_ value: Double, to variant: inout PolicyVariant) {
        switch unknown {
        case .offset:
            variant.countryOffsetShares[countryCode] = value
        case .target, .year:
            guard var path else { return }
            if unknown == .target {
                path.target = value
                path.increasePP = nil
            } else {
                path.by = Int(value.rounded())
            }
            var own = variant.countryPaths[countryCode] ?? PolicyVariant.CountryPaths()
            own.defence = path
            variant.countryPaths[countryCode] = own
        }
    }
}

/// The search of one lane, advanced one evaluation at a time (see ``AffordabilitySolver``).
///
/// Positions are `u ∈ [0, 1]` from the lenient end (0) to the demanding end (1), so every
/// unknown is "the largest u whose combined slack is ≥ 0".
struct LaneSearch {
    private enum Phase {
        case ends, grid, refine, done
    }

    let problem: LaneProblem
    /// Whether to evaluate the interior grid (deterministic constraints: cheap).
    let grid: Bool
    /// Every evaluated point: `u`, the combined slack, each constraint's slack, the estimates.
    private(set) var points: [(u: Double, slack: Double, slacks: [Double], estimates: [StochasticEstimate])] = []
    private var phase = Phase.ends
    private var scheduled: [Double] = []
    /// Indices into `points` of the bracket's feasible and infeasible ends.
    private var good = 0
    private var bad = 0
    /// Illinois: which end each refinement step replaced (true: the infeasible one), and the
    /// bracket's width after each step.
    private var replacedBad: [Bool] = []
    private var widths: [Double] = []
    private var status: AffordabilitySolution.Status?

    init(problem: LaneProblem, grid: Bool) {
        self.problem = problem
        self.grid = grid
        if problem.isApplicable {
            scheduled = span == 0 ? [0] : [0, 1]
        } else {
            status = .notApplicable
            phase = .done
        }
    }

    /// The width of the range in the unknown's unit.
    private var span: Double { abs((problem.demanding ?? 0) - (problem.lenient ?? 0)) }

    private var isYear: Bool { problem.unknown == .year }

    /// `u` in the unknown's unit.
    func value(at u: Double) -> Double {
        let lenient = problem.lenient!
        let demanding = problem.demanding!
        if u == 1 { return demanding }
        let x = lenient + (demanding - lenient) * u
        return isYear ? x.rounded() : x
    }

    private var tolerance: Double {
        switch problem.unknown {
        case .target: return AffordabilitySolver.targetTolerance
        case .offset: return AffordabilitySolver.offsetTolerance
        case .year: return 1
        }
    }

    /// The next value to evaluate, `nil` when the lane is done.
    mutating func nextTrial() -> Double? {
        if let next = scheduled.first { return value(at: next) }
        guard phase == .refine else { return nil }
        let uGood = points[good].u
        let uBad = points[bad].u
        let width = uBad - uGood
        if isYear {
            let steps = Int((width * span).rounded())
            guard steps > 1 else {
                phase = .done
                return nil
            }
            let middle = uGood + Double(steps / 2) / span
            scheduled = [middle]
            return value(at: middle)
        }
        let toleranceU = tolerance / span
        guard width > toleranceU else {
            phase = .done
            return nil
        }
        // The secant follows the constraint violated at the infeasible end (its slack is ≥ 0 at
        // the feasible end too): one smooth function, not the kinked minimum of several.
        let slacksBad = points[bad].slacks
        let violated = slacksBad.indices.min { slacksBad[$0] < slacksBad[$1] } ?? 0
        var slackGood = points[good].slacks.isEmpty ? points[good].slack : points[good].slacks[violated]
        var slackBad = slacksBad.isEmpty ? points[bad].slack : slacksBad[violated]
        // Illinois: the end kept in the last two steps has its slack halved in the secant.
        if replacedBad.suffix(2) == [true, true] { slackGood *= 0.5 }
        if replacedBad.suffix(2) == [false, false] { slackBad *= 0.5 }
        var u = uGood + width * slackGood / (slackGood - slackBad)
        // Bisection when the secant is undefined or the bracket did not halve in two steps.
        if !u.isFinite || (widths.count >= 3 && width > 0.5 * widths[widths.count - 3]) {
            u = uGood + 0.5 * width
        }
        // Keep the trial inside the bracket by a fraction of the tolerance, so the last steps
        // close the bracket from both sides.
        let margin = min(0.4 * toleranceU, 0.5 * width)
        u = min(max(u, uGood + margin), uBad - margin)
        scheduled = [u]
        return value(at: u)
    }

    /// Records the slacks of the trial just evaluated.
    mutating func record(trial: Double, slacks: [Double], estimates: [StochasticEstimate]) {
        let u = scheduled.removeFirst()
        let combined = slacks.min() ?? .infinity
        let slack = combined.isNaN ? -Double.infinity : combined
        points.append((u, slack, slacks, estimates))
        let index = points.count - 1
        let feasible = slack >= 0
        switch phase {
        case .ends:
            if u == 0 && (!feasible || span == 0) {
                status = feasible ? .unconstrained : .infeasible
                phase = .done
                scheduled = []
            } else if u == 1 {
                if feasible {
                    status = .unconstrained
                    phase = .done
                    return
                }
                good = 0
                bad = index
                widths = [1]
                status = .solved
                if grid {
                    let count = isYear ? max(0, Int(span.rounded()) - 1) : AffordabilitySolver.gridPoints
                    scheduled = (0..<count).map { Double($0 + 1) / Double(count + 1) }
                    if isYear { scheduled = (0..<count).map { Double($0 + 1) / span } }
                    phase = scheduled.isEmpty ? (isYear ? .done : .refine) : .grid
                } else {
                    phase = .refine
                }
            }
        case .grid:
            guard scheduled.isEmpty else { return }
            // The highest feasible point, and the first point above it.
            let sorted = points.indices.sorted { points[$0].u < points[$1].u }
            good = sorted.last { points[$0].slack >= 0 }!
            bad = sorted.first { points[$0].u > points[good].u }!
            widths = [points[bad].u - points[good].u]
            phase = isYear ? .done : .refine
        case .refine:
            if feasible { good = index } else { bad = index }
            replacedBad.append(!feasible)
            widths.append(points[bad].u - points[good].u)
        case .done:
            break
        }
    }

    /// The lane's solution once the search is done.
    func solution(constraints: [SolveConstraint], discrete: Bool) -> AffordabilitySolution {
        let names = constraints.map(\.text)
        func make(
            _ status: AffordabilitySolution.Status, value: Double?, at point: Int?, binding: String? = nil,
            violated: [String] = []
        ) -> AffordabilitySolution {
            let asWritten = problem.asWritten
            var feasibleAsWritten: Bool?
            if let asWritten, problem.isApplicable {
                let lenient = problem.lenient!
                let demanding = problem.demanding!
                // Position of the variant's own value on the lenient → demanding axis.
                let direction = demanding >= lenient ? 1.0 : -1.0
                switch status {
                case .infeasible:
                    // Only a variant at the lenient end itself (e.g. a target below the start)
                    // can be as lenient; it fails too.
                    feasibleAsWritten = false
                case .unconstrained: feasibleAsWritten = true
                case .solved:
                    let tolerance = discrete ? 0 : self.tolerance
                    feasibleAsWritten = direction * (asWritten - value!) <= tolerance
                case .notApplicable: feasibleAsWritten = nil
                }
                if status != .infeasible, direction * (asWritten - lenient) <= 0 { feasibleAsWritten = true }
            }
            return AffordabilitySolution(
                variant: problem.variant.label, variantIndex: problem.variantIndex, country: problem.countryCode,
                countryIndex: problem.countryIndex, unknown: problem.unknown, status: status, value: value, binding: binding,
                slacks: point.map { points[$0].slacks } ?? [], violated: violated, monotone: isMonotone,
                feasibleAsWritten: feasibleAsWritten, lenient: problem.lenient, demanding: problem.demanding,
                probabilities: point.map { points[$0].estimates } ?? [], evaluations: points.count)
        }
        switch status {
        case .notApplicable, nil:
            return make(.notApplicable, value: nil, at: nil)
        case .infeasible:
            let point = points.firstIndex { $0.u == 0 }!
            let failing = zip(names, points[point].slacks).filter { !($0.1 >= 0) }.map(\.0)
            return make(.infeasible, value: nil, at: point, violated: failing)
        case .unconstrained:
            let point = points.indices.max { points[$0].u < points[$1].u }!
            return make(.unconstrained, value: value(at: points[point].u), at: point)
        case .solved:
            let point = good
            let slacks = points[point].slacks
            var tightest = 0
            for k in slacks.indices where slacks[k] < slacks[tightest] { tightest = k }
            return make(.solved, value: value(at: points[point].u), at: point, binding: names[tightest])
        }
    }

    /// Whether the slacks evaluated never rise towards the demanding end (to 1e-9 relative).
    var isMonotone: Bool {
        let sorted = points.sorted { $0.u < $1.u }
        for (a, b) in zip(sorted, sorted.dropFirst()) where b.u > a.u {
            for k in a.slacks.indices where a.slacks[k].isFinite && b.slacks[k].isFinite {
                if b.slacks[k] > a.slacks[k] + 1e-9 * max(1, abs(a.slacks[k])) { return false }
            }
        }
        return true
    }
}
