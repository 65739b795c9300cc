import Dispatch
import Foundation
import MilexNumerics

/// The thresholds of the probabilities a stochastic run reports (``StochasticResult/Probabilities``).
public struct StochasticThresholds: Sendable, Equatable {
    /// The low debt threshold, % of GDP: P(d_E > this) is `debtAbove60` (default 60, the
    /// Treaty's reference value). Any finite value.
    public var debtLowPctGDP: Double
    /// The high debt threshold, % of GDP: P(d_E > this) is `debtAbove90` (default 90). Any finite value.
    public var debtHighPctGDP: Double
    /// The deficit threshold, % of GDP: P(deficit > this in any projected year) is
    /// `deficitAbove3AnyYear` (default 3, the Treaty's reference value). Any finite value.
    public var deficitPctGDP: Double
    /// Percentage points over the base-year ratio: P(d_E > d_B + this) is `debtAboveBase`
    /// (default 0). Any finite value.
    public var baseMarginPP: Double

    public init(
        debtLowPctGDP: Double = Policy.current.debtReference, debtHighPctGDP: Double = Policy.current.safeguardHighDebt,
        deficitPctGDP: Double = Policy.current.deficitReference, baseMarginPP: Double = 0
    ) {
        self.debtLowPctGDP = debtLowPctGDP
        self.debtHighPctGDP = debtHighPctGDP
        self.deficitPctGDP = deficitPctGDP
        self.baseMarginPP = baseMarginPP
    }

    /// The thresholds of a policy: the Treaty's debt and deficit reference values and the
    /// safeguard's high-debt threshold (``Policy/debtReference``, ``Policy/safeguardHighDebt``,
    /// ``Policy/deficitReference``), so a scenario's `policy` block moves the probabilities too.
    public init(policy: Policy) {
        self.init(
            debtLowPctGDP: policy.debtReference, debtHighPctGDP: policy.safeguardHighDebt,
            deficitPctGDP: policy.deficitReference)
    }
}

/// Settings of a stochastic run.
public struct StochasticSettings: Sendable, Equatable {
    /// The number of simulated paths (≥ 1).
    public var draws: Int
    /// The seed: the same seed, scenario and dataset give the same numbers, whatever the
    /// number of threads.
    public var seed: UInt64
    /// Draws per block; memory is bounded by the block, not by `draws`.
    public var chunkSize: Int
    /// Worker threads (each runs BLAS single-threaded on its own blocks).
    public var threads: Int
    /// Bins of the streaming histograms behind the percentiles.
    public var bins: Int
    /// Projected years that draw shocks, `B+1 … B+shockYears` (the Commission's stochastic
    /// projections shock the first five years); later years carry the shocked state forward
    /// with no new shocks. Runs shorter than this shock every year.
    public var shockYears: Int
    /// The thresholds of the reported probabilities (today's values by default).
    public var thresholds: StochasticThresholds
    /// Bytes the engine's buffers may take (default 768 MiB, so a run stays under 1 GiB with the
    /// program and its data): the worker count is capped so the workers' blocks fit beside the
    /// shared histograms. Never changes a number.
    public var memoryBudget: Int
    /// Draws per tile of the recursion (`nil`: chosen from lanes × years so a tile's working set
    /// stays in cache; ``StochasticMemoryPlan``). Never changes a number.
    public var tileDraws: Int?

    /// The default ``memoryBudget``: 768 MiB.
    public static let defaultMemoryBudget = 768 << 20

    /// The settings a run of these dimensions uses, sized by lanes × years so its buffers fit
    /// ``memoryBudget``: a block of draws (normals and shocks, `draws × shockYears × 3 ×
    /// countries` doubles) takes at most half the budget — fewer draws per block than
    /// ``chunkSize`` when needed, never fewer than the pilot's — and the histograms (5 bytes per
    /// bin and series) at most half, with fewer bins than ``bins`` when needed (a power of two,
    /// at least 256). Runs of ordinary size (every built-in scenario) keep the settings as given.
    /// The block size depends only on the shock years and countries, so every consumer of the
    /// shocks (fans, the solver) cuts the draws alike and the same seed gives the same shocks;
    /// neither depends on the number of threads.
    public func sized(shockYears: Int, countries: Int, seriesCount: Int) -> StochasticSettings {
        var sized = self
        let half = memoryBudget / 2
        let bytesPerDraw = max(1, 8 * shockYears * ShockCovariance.variableCount * countries)
        let fittingDraws = half / bytesPerDraw / 8 * 8
        sized.chunkSize = min(chunkSize, max(Self.pilotDraws, fittingDraws))
        var bins = self.bins
        while bins > 256, 5 * seriesCount * (bins + 2) > half { bins /= 2 }
        sized.bins = bins
        return sized
    }

    /// The Commission's horizon of shocks (Debt Sustainability Monitor 2024, annex on the
    /// stochastic projections): five years.
    public static let defaultShockYears = 5

    /// Draws of the pilot block that sets the histogram ranges (their span widened by half on
    /// each side; values beyond go to tail bins with exact extremes).
    public static let pilotDraws = 512

    /// The percentile levels reported: 10, 20, …, 90.
    public static let percentileLevels: [Double] = [10, 20, 30, 40, 50, 60, 70, 80, 90]

    public init(
        draws: Int, seed: UInt64, chunkSize: Int = 4096, threads: Int? = nil, bins: Int = 2048,
        shockYears: Int = defaultShockYears, thresholds: StochasticThresholds = StochasticThresholds(),
        memoryBudget: Int = defaultMemoryBudget, tileDraws: Int? = nil
    ) {
        self.draws = draws
        self.thresholds = thresholds
        self.memoryBudget = memoryBudget
        self.tileDraws = tileDraws
        self.shockYears = shockYears
        self.seed = seed
        self.chunkSize = chunkSize
        self.threads = threads ?? max(1, ProcessInfo.processInfo.activeProcessorCount)
        self.bins = bins
    }
}

/// The two figures whose distributions are reported.
public enum StochasticMetric: Int, CaseIterable, Sendable {
    case debt = 0
    case balance = 1

    /// The JSON name.
    public var key: String { self == .debt ? "debt_pct_gdp" : "balance_pct_gdp" }
}

/// A stochastic run that cannot be done.
public enum StochasticError: Error, Equatable, CustomStringConvertible {
    case invalidSettings(String)
    case covarianceMismatch(expected: [String], found: [String])
    case covariance(NumericsError)
    /// The run's buffers would exceed ``StochasticSettings/memoryBudget`` (said before the work).
    case memory(String)

    public var description: String {
        switch self {
        case .invalidSettings(let text): return text
        case .covarianceMismatch(let expected, let found):
            return "the shock covariance covers \(found.joined(separator: ", ")), the run \(expected.joined(separator: ", "))"
        case .covariance(let error): return "the shock covariance cannot be factorised: \(error)"
        case .memory(let text): return text
        }
    }
}

/// Stochastic debt projections (MODEL.md §8): shocks to nominal growth, the market rate and
/// the primary balance of every country, drawn jointly from one covariance, applied on top of
/// each variant's deterministic inputs — growth and primary-balance shocks in the year drawn,
/// market-rate shocks accumulated — and run through the same recursion as the deterministic
/// engine, vectorised across draws.
///
/// Per block of draws: independent standard normals `Z` (ziggurat, one seeded stream per
/// block), correlated shocks `E = Z·Lᵀ` in one BLAS `dgemm` (`L` the Cholesky factor of the
/// covariance), then the recursion per variant, year and country over the block. Percentiles
/// come from streaming histograms (bounded memory at any number of draws); probabilities and
/// means are counted exactly. With zero variance every draw equals the deterministic path.
public struct StochasticEngine: Sendable {
    public init() {}

    /// Runs OpenBLAS on one thread for the rest of the process and stops its pool
    /// (``BLASThreads/stopIdlePool()``). The pool starts when OpenBLAS loads and spins for about
    /// 0.1 s — and again whenever the thread count is raised — beside the engine's own workers
    /// (0.16–0.27 s of CPU measured in a 1 s run on two cores), while milex's matrices are small
    /// and its engines parallelise themselves. Call it when no other thread uses BLAS; the CLI
    /// does, first thing.
    public static func useSingleThreadedBLAS() {
        BLASThreads.set(1)
        BLASThreads.stopIdlePool()
    }

    /// An entity reported: a country or a group (GDP-weighted: ΣD/ΣY in euros).
    public struct Entity: Sendable, Equatable {
        public let code: String
        public let name: String
        /// Indices of the countries (in the request) it aggregates; one for a country.
        public let members: [Int]
        /// Whether it aggregates several countries.
        public let isGroup: Bool
    }

    /// Runs `settings.draws` paths of every country and variant of `request`.
    /// - Parameters:
    ///   - covariance: the annual shock covariance of the request's countries, in order.
    ///   - groups: groups to aggregate (code and member codes; members outside the run are ignored).
    public func run(
        _ request: ProjectionRequest, covariance: ShockCovariance, groups: [(code: String, members: [String])],
        settings: StochasticSettings, progress: (@Sendable (_ blocksDone: Int, _ blocks: Int) -> Void)? = nil
    ) throws -> StochasticResult {
        guard settings.draws >= 1 else { throw StochasticError.invalidSettings("the number of draws must be at least 1") }
        guard settings.draws <= 100_000_000 else { throw StochasticError.invalidSettings("at most 100,000,000 draws") }
        guard settings.shockYears >= 1 else { throw StochasticError.invalidSettings("shock years must be at least 1") }
        guard settings.chunkSize >= 1, settings.threads >= 1, settings.bins >= 16 else {
            throw StochasticError.invalidSettings("block size, threads and bins must be positive (bins ≥ 16)")
        }
        guard settings.memoryBudget >= 1, (settings.tileDraws ?? 8) >= 1 else {
            throw StochasticError.invalidSettings("the memory budget and the tile size must be positive")
        }
        let t = settings.thresholds
        guard [t.debtLowPctGDP, t.debtHighPctGDP, t.deficitPctGDP, t.baseMarginPP].allSatisfy(\.isFinite) else {
            throw StochasticError.invalidSettings("the probability thresholds must be finite numbers")
        }
        let start = DispatchTime.now().uptimeNanoseconds
        let codes = request.countries.map(\.code)
        guard covariance.countries == codes else {
            throw StochasticError.covarianceMismatch(expected: codes, found: covariance.countries)
        }
        // The workers run BLAS single-threaded on their own blocks; OpenBLAS's own pool would
        // only spin beside them.
        let threadsBefore = BLASThreads.current
        BLASThreads.set(1)
        defer { BLASThreads.set(threadsBefore) }
        let deterministic = try ProjectionEngine().run(request)
        let lower: Matrix
        do {
            lower = try covariance.factor()
        } catch let error as NumericsError {
            throw StochasticError.covariance(error)
        }
        let setup = StochasticInputs(request: request, deterministic: deterministic, groups: groups)
        let runner = try StochasticRunner(
            setup: setup, lower: lower, settings: settings, covariance: covariance, progress: progress)
        var result = try runner.run()
        // Preparation: the deterministic run, the factor, the inputs and the workers' memory.
        let total = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        result.timing.preparationWall =
            total - result.timing.pilotWall - result.timing.parallelWall - result.timing.assemblyWall
        result.timing.wall = total
        return result
    }
}

/// Everything that does not vary across draws: deterministic inputs per variant, country and
/// year (from the deterministic engine's own preparation), base-year state, entities.
public struct StochasticInputs: @unchecked Sendable {
    public let countryCount: Int
    public let variantCount: Int
    /// Projected years `B+1 … E`.
    public let projectedYears: Int
    public let years: [Int]
    public let variantLabels: [String]
    public let entities: [StochasticEngine.Entity]
    public let deterministic: ProjectionResult
    /// Per lane (variant·C + country), per projected year t (1-based index into `years`):
    /// `[lane][t]`.
    public let growth: [[Double]]
    public let marketRate: [[Double]]
    public let primary: [[Double]]
    public let stockFlow: [[Double]]
    public let disbursement: [[Double]]
    public let repayment: [[Double]]
    public let maturity: [Double]
    public let safeRate: [Double]
    public let baseGDP: [Double]
    public let baseDebt: [Double]
    public let baseRate: [Double]
    public let baseRatio: [Double]
    /// Units of national currency per EUR, for aggregating money.
    public let perEUR: [Double]

    public init(request: ProjectionRequest, deterministic: ProjectionResult, groups: [(code: String, members: [String])]) {
        let countries = request.countries
        countryCount = countries.count
        let variants = [PolicyVariant.baseline] + request.variants
        variantCount = variants.count
        let years = Array(request.baseYear...request.endYear)
        self.years = years
        projectedYears = years.count - 1
        variantLabels = variants.map(\.label)
        self.deterministic = deterministic

        // The deterministic engine's own preparation gives each lane's paths and financing.
        var lanes: [Lane] = []
        for (v, variant) in variants.enumerated() {
            for (c, country) in countries.enumerated() {
                lanes.append(
                    Lane(
                        variant: variant, variantIndex: v, countryIndex: c,
                        inputs: variant.inputOverrides[country.code] ?? country, isTwin: false))
            }
        }
        let table = LaneTable(laneCount: lanes.count, yearCount: years.count)
        var plan = LanePlan(table: table)
        var notes: [String] = []
        for (index, lane) in lanes.enumerated() {
            plan.prepare(lane: index, lane, years: years, baseYear: request.baseYear, notes: &notes)
        }
        // MODEL.md §12 as in the deterministic run, which has already reported a GDP collapse.
        try? plan.applyGDPFeedback(lanes: lanes, years: years, source: lanes.map { _ in nil })
        plan.computeRepayments(years: years)
        let n = lanes.count
        let yearIndices = years.indices
        let column = { (metric: ProjectionMetric) -> [[Double]] in
            (0..<n).map { lane in yearIndices.map { table[metric, lane, $0] } }
        }
        growth = column(.nominalGrowth)
        marketRate = column(.marketRate)
        disbursement = column(.safeDisbursementBn)
        repayment = column(.safeRepaymentBn)
        let primaryValues = plan.primaryBalance
        let stockFlowValues = plan.stockFlow
        primary = (0..<n).map { lane in yearIndices.map { primaryValues[$0 * n + lane] } }
        stockFlow = (0..<n).map { lane in yearIndices.map { stockFlowValues[$0 * n + lane] } }
        maturity = plan.inverseMaturity.map { 1 / $0 }
        safeRate = plan.safeRate
        baseGDP = lanes.map(\.inputs.gdpBn)
        baseRatio = lanes.map(\.inputs.debtPctGDP)
        baseDebt = lanes.map { $0.inputs.debtPctGDP * $0.inputs.gdpBn / 100 }
        baseRate = lanes.map(\.inputs.implicitRate)
        perEUR = countries.map { $0.perEUR ?? 1 }

        var entities = countries.enumerated().map {
            StochasticEngine.Entity(code: $1.code, name: $1.name, members: [$0], isGroup: false)
        }
        var seen = Set<[Int]>()
        for group in groups {
            let members = group.members.compactMap { code in countries.firstIndex { $0.code == code } }
            guard members.count >= 2, seen.insert(members.sorted()).inserted else { continue }
            entities.append(
                StochasticEngine.Entity(
                    code: group.code, name: "\(group.code) (\(members.count))", members: members, isGroup: true))
        }
        self.entities = entities
    }

    /// The lane of a variant and country: `variant · countryCount + country`.
    public func lane(variant: Int, country: Int) -> Int { variant * countryCount + country }
}
