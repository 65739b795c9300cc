import Dispatch
import Foundation
import MilexNumerics

/// The stochastic constraints of `milex solve` (MODEL.md §14 with §8), evaluated with common
/// random numbers: the correlated shocks of every block of draws are generated once (kept in
/// memory up to ``cacheBudgetBytes``, else regenerated from the same streams, which gives the
/// same numbers) and every evaluation reruns only the recursion, so a probability moves with
/// the unknown alone, not with fresh noise.
///
/// The blocks, streams and arithmetic are the fan engine's (``DrawBlocks``, the same recursion
/// calls), so at the same seed a solution's probability is the one `milex fan` reports for the
/// solved variant. Blocks are spread over the workers in a fixed pattern and each writes its own
/// slice of the per-draw values, so the thread count never changes a bit.
final class StochasticSolveEvaluator: @unchecked Sendable {
    /// A stochastic constraint's slack and probability for one lane.
    struct LaneValue {
        let slack: Double
        let estimate: StochasticEstimate
    }

    /// Stored shocks above this are regenerated in each evaluation instead.
    static let cacheBudgetBytes = 512 << 20
    /// The per-draw values of one evaluation (lanes × constraints × draws) above this are taken
    /// in batches of lanes, each over every block, so memory stays bounded at any draw count
    /// (with the cache: under 1 GiB in all). Batches never change a number: each lane's values
    /// are computed the same way in any batch.
    static let valuesBudgetBytes = 256 << 20

    let constraints: [SolveConstraint]
    let blocks: DrawBlocks
    let lower: Matrix
    let product: ShockProduct
    let shockYears: Int
    let countryCount: Int
    let variables = ShockCovariance.variableCount
    let workers: Int
    let draws: Int
    /// Correlated shocks per block (rows: shock year × draw; columns: country × variable),
    /// allocated up front (pages untouched) and filled in the first evaluation.
    private let cache: [DoubleBuffer]
    private var cacheFilled = false
    private let cacheShocks: Bool

    init(request: ProjectionRequest, covariance: ShockCovariance, settings: StochasticSettings, constraints: [SolveConstraint])
        throws
    {
        guard settings.draws >= 1, settings.draws <= 100_000_000 else {
            throw StochasticError.invalidSettings("the number of draws must be from 1 to 100,000,000")
        }
        guard settings.shockYears >= 1, settings.chunkSize >= 1, settings.threads >= 1 else {
            throw StochasticError.invalidSettings("shock years, block size and threads must be positive")
        }
        let codes = request.countries.map(\.code)
        guard covariance.countries == codes else {
            throw StochasticError.covarianceMismatch(expected: codes, found: covariance.countries)
        }
        do {
            lower = try covariance.factor()
        } catch let error as NumericsError {
            throw StochasticError.covariance(error)
        }
        self.constraints = constraints
        let shockYears = min(settings.shockYears, request.endYear - request.baseYear)
        self.shockYears = shockYears
        // Blocks cut as the fan engine cuts them (the solver keeps no histograms).
        blocks = DrawBlocks(settings: settings.sized(shockYears: shockYears, countries: codes.count, seriesCount: 0))
        draws = settings.draws
        countryCount = codes.count
        workers = max(1, min(settings.threads, blocks.count))
        product = ShockProduct(lower: lower)
        let bytes = Double(settings.draws) * Double(max(shockYears, 1)) * Double(codes.count * variables) * 8
        cacheShocks = bytes <= Double(Self.cacheBudgetBytes)
        let blocks = self.blocks
        let columns = codes.count * ShockCovariance.variableCount
        cache =
            cacheShocks
            ? (0..<blocks.count).map { DoubleBuffer(scratch: blocks.draws(in: $0) * shockYears * columns + 4, tail: 4) } : []
    }

    /// The slack and probability of every stochastic constraint for the solve lanes `lanes`
    /// (`variant · C + country`, variants without the baseline) of `request`.
    func evaluate(request: ProjectionRequest, deterministic: ProjectionResult, lanes: [Int]) -> [Int: [LaneValue]] {
        let threadsBefore = BLASThreads.current
        BLASThreads.set(1)
        defer { BLASThreads.set(threadsBefore) }
        let inputs = StochasticInputs(request: request, deterministic: deterministic, groups: [])
        let yearCount = inputs.years.count
        let projected = inputs.projectedYears
        // The per-draw series each constraint needs: the debt ratio in its year, or the
        // largest deficit over every projected year.
        let yearOf: [Int] = constraints.map { constraint in
            switch constraint.kind {
            case .debtProbability(_, let year, _): return year - request.baseYear
            default: return projected
            }
        }
        let lastYear = max(1, yearOf.max() ?? 1)
        let ordered = lanes.sorted { ($0 % countryCount, $0) < ($1 % countryCount, $1) }
        let series = constraints.count
        let width = (blocks.largestBlock + 3) / 4 * 4
        let scratch = (0..<workers).map { _ in
            SolveScratch(width: width, shockValues: cacheShocks ? 0 : self.shockValues, panelValues: product.scratchCount)
        }
        let flat = FlatInputs(inputs)
        if cacheShocks && !cacheFilled {
            DispatchQueue.concurrentPerform(iterations: workers) { worker in
                for block in 0..<blocks.count where block % workers == worker {
                    _ = DrawBlocks.correlatedShocks(
                        stream: blocks.streams[block], rows: blocks.draws(in: block) * shockYears, product: product,
                        block: cache[block].pointer, scratch: scratch[worker].panel.pointer)
                }
            }
            cacheFilled = true
        }
        let batch = max(1, min(ordered.count, Self.valuesBudgetBytes / max(1, series * draws * 8)))
        let values = DoubleBuffer(scratch: max(1, batch * series * draws), tail: 0)
        var result: [Int: [LaneValue]] = [:]
        let n = Double(draws)
        var first = 0
        while first < ordered.count {
            let part = Array(ordered[first..<min(first + batch, ordered.count)])
            DispatchQueue.concurrentPerform(iterations: workers) { worker in
                for block in 0..<blocks.count where block % workers == worker {
                    let shocks = self.shocks(block: block, scratch: scratch[worker])
                    let d = blocks.draws(in: block)
                    let start = blocks.firstDraw(of: block)
                    for (index, lane) in part.enumerated() {
                        let v = lane / countryCount
                        let c = lane % countryCount
                        simulate(
                            lane: inputs.lane(variant: v + 1, country: c), country: c, draws: d, shocks: shocks,
                            inputs: flat, yearCount: yearCount, lastYear: lastYear, yearOf: yearOf, scratch: scratch[worker],
                            output: values.pointer + index * series * draws + start)
                    }
                }
            }
            for (index, lane) in part.enumerated() {
                result[lane] = constraints.enumerated().map { k, constraint in
                    let base = values.pointer + (index * series + k) * draws
                    let (threshold, bound): (Double, Double)
                    switch constraint.kind {
                    case .debtProbability(let x, _, let p): (threshold, bound) = (x, p)
                    case .deficitProbability(let x, let p): (threshold, bound) = (x, p)
                    default: preconditionFailure("a deterministic constraint in the stochastic evaluator")
                    }
                    var above = 0
                    for j in 0..<draws where base[j] > threshold { above += 1 }
                    let p = Double(above) / n
                    // count(x > X) ≤ K exactly when the (n − K)-th smallest value is ≤ X.
                    let allowed = Int((bound * n + 1e-9).rounded(.down))
                    let slack: Double
                    if allowed >= draws {
                        slack = .infinity
                    } else {
                        let order = Self.select(UnsafeMutableBufferPointer(start: base, count: draws), rank: draws - allowed - 1)
                        slack = threshold - order
                    }
                    return LaneValue(
                        slack: slack,
                        estimate: StochasticEstimate(
                            constraint: constraint.text, probability: p, standardError: (p * (1 - p) / n).squareRoot(),
                            bound: bound))
                }
            }
            first += batch
        }
        return result
    }

    /// Doubles of one block's shocks (the largest block), with a tail the padded lanes may read.
    private var shockValues: Int { blocks.largestBlock * shockYears * countryCount * variables + 4 }

    /// Block `k`'s correlated shocks: stored ones, or generated into the worker's scratch.
    private func shocks(block k: Int, scratch: SolveScratch) -> UnsafePointer<Double> {
        let rows = blocks.draws(in: k) * shockYears
        if cacheShocks { return UnsafePointer(cache[k].pointer) }
        _ = DrawBlocks.correlatedShocks(
            stream: blocks.streams[k], rows: rows, product: product, block: scratch.shocks.pointer,
            scratch: scratch.panel.pointer)
        return UnsafePointer(scratch.shocks.pointer)
    }

    /// One lane over one block, as the fan engine computes it (StochasticRunner.simulate).
    private func simulate(
        lane: Int, country c: Int, draws d: Int, shocks: UnsafePointer<Double>, inputs: FlatInputs, yearCount: Int,
        lastYear: Int, yearOf: [Int], scratch space: SolveScratch, output: UnsafeMutablePointer<Double>
    ) {
        let w = (d + 3) / 4 * 4
        let m = d * shockYears
        let zeros = UnsafePointer(space.zeros.pointer)
        space.marketDebt.pointer.update(repeating: inputs.baseDebt[lane], count: w)
        space.safeDebt.pointer.update(repeating: 0, count: w)
        space.rate.pointer.update(repeating: inputs.baseRate[lane], count: w)
        space.previousRatio.pointer.update(repeating: inputs.baseRatio[lane], count: w)
        space.gdp.pointer.update(repeating: inputs.baseGDP[lane], count: w)
        space.cumulativeRate.pointer.update(repeating: 0, count: w)
        space.largestDeficit.pointer.update(repeating: -.infinity, count: w)
        let needsDeficit = constraints.contains {
            if case .deficitProbability = $0.kind { return true }
            return false
        }
        for t in 1...lastYear {
            let shocked = t <= shockYears
            let growthShock = shocked ? shocks + m * (c * variables + ShockVariable.growth.rawValue) + (t - 1) * d : zeros
            let primaryShock =
                shocked ? shocks + m * (c * variables + ShockVariable.primaryBalance.rawValue) + (t - 1) * d : zeros
            let cumulative = space.cumulativeRate.pointer
            if shocked {
                let rateShock = shocks + m * (c * variables + ShockVariable.marketRate.rawValue) + (t - 1) * d
                for j in 0..<w { cumulative[j] += rateShock[j] }
            }
            let input = lane * yearCount + t
            let growthValue = inputs.growth[input]
            let primaryValue = inputs.primary[input]
            let rateValue = inputs.marketRate[input]
            let gdp = space.gdp.pointer
            for j in 0..<w {
                gdp[j] *= 1 + (growthValue + growthShock[j]) * 0.01
                space.primary.pointer[j] = primaryValue + primaryShock[j]
                space.marketRate.pointer[j] = rateValue + cumulative[j]
            }
            inputs.stockFlow.withUnsafeBufferPointer { stockFlow in
                inputs.disbursement.withUnsafeBufferPointer { disbursement in
                    inputs.repayment.withUnsafeBufferPointer { repayment in
                        inputs.inverseMaturity.withUnsafeBufferPointer { inverseMaturity in
                            inputs.safeRate.withUnsafeBufferPointer { safeRate in
                                DebtRecursion.advance(
                                    count: w,
                                    inputs: .init(
                                        gdp: .init(gdp), primaryBalance: .init(space.primary.pointer),
                                        marketRate: .init(space.marketRate.pointer),
                                        stockFlow: .broadcast(stockFlow.baseAddress! + input),
                                        disbursement: .broadcast(disbursement.baseAddress! + input),
                                        repayment: .broadcast(repayment.baseAddress! + input)),
                                    constants: .init(
                                        inverseMaturity: .broadcast(inverseMaturity.baseAddress! + lane),
                                        safeRate: .broadcast(safeRate.baseAddress! + lane)),
                                    state: .init(
                                        marketDebt: space.marketDebt.pointer, safeDebt: space.safeDebt.pointer,
                                        rate: space.rate.pointer, previousRatio: space.previousRatio.pointer),
                                    outputs: DebtRecursion.RatioBalanceDebt<SIMD4<Double>>(
                                        ratio: space.ratio.pointer, balance: space.balance.pointer, debt: space.debt.pointer))
                            }
                        }
                    }
                }
            }
            if needsDeficit {
                let largest = space.largestDeficit.pointer
                for j in 0..<w {
                    let deficit = -space.balance.pointer[j]
                    largest[j] = largest[j] > deficit ? largest[j] : deficit
                }
            }
            for (k, constraint) in constraints.enumerated() {
                if case .debtProbability = constraint.kind, yearOf[k] == t {
                    (output + k * draws).update(from: space.ratio.pointer, count: d)
                }
            }
        }
        for (k, constraint) in constraints.enumerated() {
            if case .deficitProbability = constraint.kind {
                (output + k * draws).update(from: space.largestDeficit.pointer, count: d)
            }
        }
    }

    /// The value of rank `rank` (0-based, ascending) of `values`, reordering them
    /// (quickselect with a median-of-three pivot; O(n) on average).
    static func select(_ values: UnsafeMutableBufferPointer<Double>, rank: Int) -> Double {
        precondition(rank >= 0 && rank < values.count, "select: rank out of range")
        var low = 0
        var high = values.count - 1
        while high > low {
            let middle = low + (high - low) / 2
            // Median of three as the pivot.
            let a = values[low]
            let b = values[middle]
            let c = values[high]
            let pivot = max(min(a, b), min(max(a, b), c))
            var i = low
            var j = high
            while i <= j {
                while values[i] < pivot { i += 1 }
                while values[j] > pivot { j -= 1 }
                if i <= j {
                    values.swapAt(i, j)
                    i += 1
                    j -= 1
                }
            }
            if rank <= j {
                high = j
            } else if rank >= i {
                low = i
            } else {
                return values[rank]
            }
        }
        return values[rank]
    }
}

/// The deterministic inputs of every lane, flattened `[lane · yearCount + t]` as the fan
/// engine flattens them.
private struct FlatInputs {
    let growth, marketRate, primary, stockFlow, disbursement, repayment: [Double]
    let inverseMaturity, safeRate, baseDebt, baseRate, baseRatio, baseGDP: [Double]

    init(_ setup: StochasticInputs) {
        growth = setup.growth.flatMap { $0 }
        marketRate = setup.marketRate.flatMap { $0 }
        primary = setup.primary.flatMap { $0 }
        stockFlow = setup.stockFlow.flatMap { $0 }
        disbursement = setup.disbursement.flatMap { $0 }
        repayment = setup.repayment.flatMap { $0 }
        inverseMaturity = setup.maturity.map { 1 / $0 }
        safeRate = setup.safeRate
        baseDebt = setup.baseDebt
        baseRate = setup.baseRate
        baseRatio = setup.baseRatio
        baseGDP = setup.baseGDP
    }
}

/// One worker's scratch for the solve evaluator.
private final class SolveScratch: @unchecked Sendable {
    let marketDebt, safeDebt, rate, previousRatio, gdp, cumulativeRate: DoubleBuffer
    let primary, marketRate, ratio, balance, debt, largestDeficit, zeros: DoubleBuffer
    let shocks, panel: DoubleBuffer

    init(width: Int, shockValues: Int, panelValues: Int) {
        marketDebt = DoubleBuffer(width)
        safeDebt = DoubleBuffer(width)
        rate = DoubleBuffer(width)
        previousRatio = DoubleBuffer(width)
        gdp = DoubleBuffer(width)
        cumulativeRate = DoubleBuffer(width)
        primary = DoubleBuffer(width)
        marketRate = DoubleBuffer(width)
        ratio = DoubleBuffer(width)
        balance = DoubleBuffer(width)
        debt = DoubleBuffer(width)
        largestDeficit = DoubleBuffer(width)
        zeros = DoubleBuffer(width)
        shocks = DoubleBuffer(scratch: max(shockValues, 1), tail: min(4, max(shockValues, 1)))
        panel = DoubleBuffer(scratch: max(panelValues, 1), tail: 0)
    }
}
