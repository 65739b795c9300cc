import Dispatch
import Foundation
import MilexNumerics

/// A buffer of `count` doubles, allocated once and freed with its owner.
final class DoubleBuffer: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<Double>
    let count: Int

    init(_ count: Int, value: Double = 0) {
        self.count = count
        pointer = .allocate(capacity: max(count, 1))
        pointer.initialize(repeating: value, count: max(count, 1))
    }

    /// A buffer whose first `count - tail` values are written before they are read: only the
    /// last `tail` are set (to zero). Large scratch buffers are not touched here, so their
    /// pages are first touched by the worker that uses them, in parallel, not up front.
    init(scratch count: Int, tail: Int) {
        self.count = count
        pointer = .allocate(capacity: max(count, 1))
        let written = max(count - tail, 0)
        (pointer + written).initialize(repeating: 0, count: max(count, 1) - written)
    }

    deinit { pointer.deallocate() }

    var buffer: UnsafeMutableBufferPointer<Double> { UnsafeMutableBufferPointer(start: pointer, count: count) }
}

/// One worker's histograms: per series `bins + 2` counts (underflow, bins, overflow), the
/// exact minimum of the underflow and maximum of the overflow values, and whether any value
/// differed from a series the pilot found constant.
final class HistogramSet: @unchecked Sendable {
    let seriesCount: Int
    let bins: Int
    let counts: UnsafeMutablePointer<UInt32>
    let minimum: DoubleBuffer
    let maximum: DoubleBuffer
    let varies: DoubleBuffer
    /// Scratch bin indices of one piece of a series.
    let indices: UnsafeMutablePointer<Int32>
    static let pieceSize = 512

    init(seriesCount: Int, bins: Int) {
        indices = .allocate(capacity: Self.pieceSize)
        indices.initialize(repeating: 0, count: Self.pieceSize)
        self.seriesCount = seriesCount
        self.bins = bins
        let size = seriesCount * (bins + 2)
        // calloc: the system hands out zeroed pages, touched only when a bin is first counted.
        guard let zeroed = calloc(max(size, 1), MemoryLayout<UInt32>.stride) else {
            fatalError("milex: cannot allocate \(size) histogram counts")
        }
        counts = zeroed.bindMemory(to: UInt32.self, capacity: max(size, 1))
        minimum = DoubleBuffer(seriesCount, value: .infinity)
        maximum = DoubleBuffer(seriesCount, value: -.infinity)
        varies = DoubleBuffer(seriesCount)
    }

    deinit {
        free(counts)
        indices.deallocate()
    }
}

/// Per-worker scratch memory for one block of draws.
final class Workspace: @unchecked Sendable {
    let normals: DoubleBuffer
    let shocks: DoubleBuffer
    let marketDebt: DoubleBuffer
    let safeDebt: DoubleBuffer
    let rate: DoubleBuffer
    let previousRatio: DoubleBuffer
    let gdp: DoubleBuffer
    let cumulativeRate: DoubleBuffer
    let primary: DoubleBuffer
    let marketRate: DoubleBuffer
    let ratio: DoubleBuffer
    let balance: DoubleBuffer
    let debt: DoubleBuffer
    let groupDebt: DoubleBuffer
    let groupGDP: DoubleBuffer
    let groupBalance: DoubleBuffer
    let deficitAny: DoubleBuffer
    /// `chunk` zeros: the shocks of the years after the shock years.
    let zeros: DoubleBuffer

    init(
        chunk requested: Int, years: Int, variables: Int, countries: Int, variants: Int, groups: Int, entities: Int
    ) {
        // Blocks are padded to whole SIMD vectors; the padding lanes compute on harmless
        // values and are never reported.
        let chunk = (requested + 3) / 4 * 4
        normals = DoubleBuffer(scratch: chunk * years * variables + 4, tail: 4)
        shocks = DoubleBuffer(scratch: chunk * years * variables + 4, tail: 4)
        // State per variant and country, set at the start of each block.
        let lanes = variants * countries * chunk
        marketDebt = DoubleBuffer(scratch: lanes, tail: 0)
        safeDebt = DoubleBuffer(scratch: lanes, tail: 0)
        rate = DoubleBuffer(scratch: lanes, tail: 0)
        previousRatio = DoubleBuffer(scratch: lanes, tail: 0)
        gdp = DoubleBuffer(scratch: lanes, tail: 0)
        cumulativeRate = DoubleBuffer(scratch: countries * chunk, tail: 0)
        primary = DoubleBuffer(chunk)
        marketRate = DoubleBuffer(chunk)
        ratio = DoubleBuffer(chunk)
        balance = DoubleBuffer(chunk)
        debt = DoubleBuffer(chunk)
        groupDebt = DoubleBuffer(scratch: variants * groups * chunk, tail: 0)
        groupGDP = DoubleBuffer(scratch: variants * groups * chunk, tail: 0)
        groupBalance = DoubleBuffer(scratch: variants * groups * chunk, tail: 0)
        deficitAny = DoubleBuffer(scratch: variants * entities * chunk, tail: 0)
        zeros = DoubleBuffer(chunk)
    }
}

/// Seconds spent in each stage, summed over workers (CPU time, not wall time).
public struct StochasticTiming: Sendable {
    public var generation = 0.0
    public var multiplication = 0.0
    public var recursion = 0.0
    public var binning = 0.0
    /// Floating-point operations of the shock products (2·m·n² per block).
    public var multiplicationFlops = 0.0
    /// Wall time of the whole run.
    public var wall = 0.0
    /// Wall time of the phases: preparation (deterministic run, inputs, covariance), the pilot
    /// block, the parallel blocks, the percentiles.
    public var preparationWall = 0.0
    public var pilotWall = 0.0
    public var parallelWall = 0.0
    public var assemblyWall = 0.0
}

/// One worker's timing, mutated only by that worker.
final class TimingBox: @unchecked Sendable {
    var value = StochasticTiming()
}

/// Runs the blocks of a stochastic projection (see ``StochasticEngine``).
final class StochasticRunner: @unchecked Sendable {
    let setup: StochasticInputs
    let lower: Matrix
    let settings: StochasticSettings
    let covariance: ShockCovariance
    let variables = ShockCovariance.variableCount
    let seriesCount: Int
    let chunkCount: Int
    /// Projected years that draw shocks (`B+1 … B+shockYears`); later years run on the shocked
    /// state with the market-rate shock held at its level.
    let shockYears: Int
    /// Called from the workers as blocks finish (blocks done, blocks in all).
    let progress: (@Sendable (Int, Int) -> Void)?
    private let completed = BlockCounter()
    /// Draws of the pilot block (block 0), which sets the histogram ranges; kept small because
    /// it runs before the workers start.
    let pilotDraws: Int
    /// Per chunk and series: the sum of the values (for exact means,
    /// added in chunk order so the result does not depend on the number of threads).
    let sums: DoubleBuffer
    /// Per series: the value of a series the pilot found constant (NaN otherwise).
    var constant: DoubleBuffer
    /// Per chunk, variant and entity: draws with debt at the horizon above its base-year
    /// ratio, above 60, above 90, and with a deficit above 3 % in any year.
    let events: DoubleBuffer
    let histograms: [HistogramSet]
    let workspaces: [Workspace]
    var lowBound: DoubleBuffer
    var inverseWidth: DoubleBuffer
    let timings: [TimingBox]
    let groupEntities: [Int]
    /// For each country, the positions (in `groupEntities`) of the groups it belongs to.
    let groupsOfCountry: [[Int]]
    /// Flattened deterministic inputs `[lane · yearCount + t]`.
    let growth, marketRate, primary, stockFlow, disbursement, repayment: DoubleBuffer
    /// Per lane: `1/M` and the SAFE rate.
    let inverseMaturity, safeRate: DoubleBuffer
    /// Per variant and group (in `groupEntities` order): the base-year debt ratio, summed as the
    /// draws are (members in run order, euros by the inverse rate).
    let groupBaseRatio: [[Double]]

    init(
        setup: StochasticInputs, lower: Matrix, settings: StochasticSettings, covariance: ShockCovariance,
        progress: (@Sendable (Int, Int) -> Void)? = nil
    ) {
        self.setup = setup
        self.progress = progress
        shockYears = min(settings.shockYears, setup.projectedYears)
        self.lower = lower
        self.settings = settings
        self.covariance = covariance
        let entities = setup.entities.count
        seriesCount = setup.variantCount * entities * setup.projectedYears * StochasticMetric.allCases.count
        pilotDraws = min(StochasticSettings.pilotDraws, settings.draws)
        chunkCount = 1 + (settings.draws - pilotDraws + settings.chunkSize - 1) / settings.chunkSize
        sums = DoubleBuffer(chunkCount * seriesCount)
        constant = DoubleBuffer(seriesCount, value: .nan)
        events = DoubleBuffer(chunkCount * setup.variantCount * entities * 4)
        let workers = min(settings.threads, max(1, chunkCount))
        histograms = (0..<workers).map { _ in
            HistogramSet(seriesCount: setup.variantCount * entities * setup.projectedYears * 2, bins: settings.bins)
        }
        let groups = setup.entities.filter(\.isGroup).count
        let chunk = max(min(settings.chunkSize, settings.draws), pilotDraws)
        let shockYears = self.shockYears
        workspaces = (0..<workers).map { _ in
            Workspace(
                chunk: chunk, years: shockYears, variables: ShockCovariance.variableCount * setup.countryCount,
                countries: setup.countryCount, variants: setup.variantCount,
                groups: groups, entities: entities)
        }
        lowBound = DoubleBuffer(seriesCount)
        inverseWidth = DoubleBuffer(seriesCount)
        timings = (0..<workers).map { _ in TimingBox() }
        let groupEntities = setup.entities.indices.filter { setup.entities[$0].isGroup }
        self.groupEntities = groupEntities
        groupsOfCountry = (0..<setup.countryCount).map { c in
            groupEntities.indices.filter { setup.entities[groupEntities[$0]].members.contains(c) }
        }
        groupBaseRatio = (0..<setup.variantCount).map { variant in
            groupEntities.map { entity in
                var debt = 0.0
                var gdp = 0.0
                for c in setup.entities[entity].members.sorted() {
                    let lane = setup.lane(variant: variant, country: c)
                    let toEUR = 1 / setup.perEUR[c]
                    debt += setup.baseDebt[lane] * toEUR
                    gdp += setup.baseGDP[lane] * toEUR
                }
                return 100 * debt / gdp
            }
        }
        let yearCount = setup.years.count
        func flatten(_ values: [[Double]]) -> DoubleBuffer {
            let buffer = DoubleBuffer(values.count * yearCount)
            for (lane, row) in values.enumerated() {
                for (t, value) in row.enumerated() { buffer.pointer[lane * yearCount + t] = value }
            }
            return buffer
        }
        growth = flatten(setup.growth)
        marketRate = flatten(setup.marketRate)
        primary = flatten(setup.primary)
        stockFlow = flatten(setup.stockFlow)
        disbursement = flatten(setup.disbursement)
        repayment = flatten(setup.repayment)
        inverseMaturity = DoubleBuffer(setup.maturity.count)
        safeRate = DoubleBuffer(setup.safeRate.count)
        for (lane, value) in setup.maturity.enumerated() { inverseMaturity.pointer[lane] = 1 / value }
        for (lane, value) in setup.safeRate.enumerated() { safeRate.pointer[lane] = value }
    }

    func series(variant: Int, entity: Int, year t: Int, metric: StochasticMetric) -> Int {
        ((variant * setup.entities.count + entity) * setup.projectedYears + (t - 1)) * 2 + metric.rawValue
    }

    private static func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }

    func run() throws -> StochasticResult {
        let start = Self.now()
        // One generator stream per block, 2^128 steps apart: reproducible for any thread count.
        let streams = DrawBlocks(settings: settings).streams

        // Block 0 is the pilot: its values set each histogram's range.
        let pilotStart = Self.now()
        let pilot = DoubleBuffer(seriesCount * pilotDraws)
        simulate(chunk: 0, draws: pilotDraws, stream: streams[0], worker: 0, pilot: pilot)
        setRanges(pilot: pilot, draws: pilotDraws)
        let binStart = Self.now()
        for s in 0..<seriesCount {
            bin(series: s, values: pilot.pointer + s * pilotDraws, count: pilotDraws, into: histograms[0], sums: nil)
        }
        timings[0].value.binning += Self.now() - binStart

        let parallelStart = Self.now()
        // The other blocks, spread over the workers in a fixed pattern.
        let workers = workspaces.count
        let remaining = Array(1..<chunkCount)
        let blockStreams = streams
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            for chunk in remaining where chunk % workers == worker {
                let draws = min(settings.chunkSize, settings.draws - pilotDraws - (chunk - 1) * settings.chunkSize)
                simulate(chunk: chunk, draws: draws, stream: blockStreams[chunk], worker: worker, pilot: nil)
                if let progress { progress(completed.increment(), chunkCount) }
            }
        }
        let assemblyStart = Self.now()
        var result = assemble()
        result.timing.wall = Self.now() - start
        result.timing.pilotWall = parallelStart - pilotStart
        result.timing.parallelWall = assemblyStart - parallelStart
        result.timing.assemblyWall = Self.now() - assemblyStart
        return result
    }

    /// Histogram ranges from the pilot: its span widened by half on each side.
    private func setRanges(pilot: DoubleBuffer, draws: Int) {
        for s in 0..<seriesCount {
            var low = Double.infinity
            var high = -Double.infinity
            for j in 0..<draws {
                let value = pilot.pointer[s * draws + j]
                low = min(low, value)
                high = max(high, value)
            }
            let span = high - low
            if span == 0 { constant.pointer[s] = low }
            // The pilot's own extremes (the main pass tracks only values outside the range).
            histograms[0].minimum.pointer[s] = low
            histograms[0].maximum.pointer[s] = high
            let margin = 0.5 * span + 1e-9 * max(1, abs(low), abs(high))
            lowBound.pointer[s] = low - margin
            inverseWidth.pointer[s] = Double(settings.bins) / (span + 2 * margin)
        }
    }

    /// Adds a block's values of one series to the histogram and, with `sums`, to the block's
    /// sum. Two passes over pieces of ``HistogramSet/pieceSize`` values: the first computes the
    /// bin indices four at a time (arithmetic only, so it vectorises), the second counts them.
    /// The exact extremes are only needed for values outside the histogram's range, which are
    /// rare: a piece is scanned for them only when its first pass saw one.
    @inline(__always)
    private func bin(
        series s: Int, values: UnsafePointer<Double>, count: Int, into set: HistogramSet,
        sums: UnsafeMutablePointer<Double>?
    ) {
        let bins = settings.bins
        let counts = set.counts + s * (bins + 2)
        let indices = set.indices
        let lowScalar = lowBound.pointer[s]
        let scaleScalar = inverseWidth.pointer[s]
        let low = SIMD4<Double>(repeating: lowScalar)
        let scale = SIMD4<Double>(repeating: scaleScalar)
        let top = SIMD4<Double>(repeating: Double(bins))
        let below = SIMD4<Double>(repeating: -0.5)
        let half = SIMD4<Double>(repeating: 0.5)
        let magic = SIMD4<Double>(repeating: Self.roundingMagic)
        let overflowIndex = SIMD4<Int32>(repeating: Int32(bins + 1))
        var sum = SIMD4<Double>.zero
        var tailSum = 0.0
        var start = 0
        while start < count {
            let n = min(HistogramSet.pieceSize, count - start)
            let piece = values + start
            var outside = SIMDMask<SIMD4<Int32>>(repeating: false)
            var j = 0
            while j + 4 <= n {
                let value = UnsafeRawPointer(piece + j).loadUnaligned(as: SIMD4<Double>.self)
                sum += value
                // Below the range (or NaN) → bin 0, above → bins + 1, as in `binIndex`.
                let position = (value - low) * scale
                let clamped = position.replacing(with: top, where: position .>= top)
                    .replacing(with: below, where: .!(position .>= .zero))
                let rounded = unsafeBitCast((clamped - half) + magic, to: SIMD4<UInt64>.self)
                let index = SIMD4<Int32>(truncatingIfNeeded: rounded) &+ 1
                outside .|= (index .== .zero) .| (index .== overflowIndex)
                UnsafeMutableRawPointer(indices + j).storeBytes(of: index, as: SIMD4<Int32>.self)
                j += 4
            }
            while j < n {
                tailSum += piece[j]
                indices[j] = Int32(Self.binIndex(piece[j], low: lowScalar, scale: scaleScalar, bins: bins))
                if indices[j] == 0 || indices[j] == Int32(bins + 1) { outside[0] = true }
                j += 1
            }
            for k in 0..<n { counts[Int(indices[k])] &+= 1 }
            if any(outside) {
                for k in 0..<n {
                    if indices[k] == 0 {
                        set.minimum.pointer[s] = min(set.minimum.pointer[s], piece[k])
                    } else if indices[k] == Int32(bins + 1) {
                        set.maximum.pointer[s] = max(set.maximum.pointer[s], piece[k])
                    }
                }
            }
            start += n
        }
        let constantValue = constant.pointer[s]
        if constantValue == constantValue {
            for j in 0..<count where values[j] != constantValue { set.varies.pointer[s] = 1 }
        }
        if let sums { sums[s] += (sum[0] + sum[1]) + (sum[2] + sum[3]) + tailSum }
    }

    /// 1.5·2⁵²: adding it rounds a double in [−2³¹, 2³¹) to an integer held in the low
    /// mantissa bits, with no range check (unlike `Int(Double)`).
    static let roundingMagic = 6_755_399_441_055_744.0

    /// The histogram slot of one value: 0 below the range (or NaN), 1...bins inside, bins + 1
    /// above. `x − ½` rounded to nearest is ⌊x⌋ off exact integers, where either neighbouring
    /// bin is right.
    @inline(__always)
    static func binIndex(_ value: Double, low: Double, scale: Double, bins: Int) -> Int {
        let binCount = Double(bins)
        let position = (value - low) * scale
        let clamped = position >= 0 ? (position < binCount ? position : binCount) : -0.5
        return Int(Int32(truncatingIfNeeded: ((clamped - 0.5) + roundingMagic).bitPattern)) &+ 1
    }

    /// Simulates one block of draws for every variant, year and country. The pilot block keeps
    /// every value in `pilot` (ranges are not known yet); other blocks go to the histograms.
    private func simulate(chunk: Int, draws d: Int, stream: SeededGenerator, worker: Int, pilot: DoubleBuffer?) {
        let space = workspaces[worker]
        let countries = setup.countryCount
        let years = setup.projectedYears
        let n = countries * variables
        let m = d * shockYears
        let yearCount = setup.years.count
        let entities = setup.entities.count
        // Lanes per country block: the draws, padded to whole SIMD vectors.
        let w = (d + 3) / 4 * 4

        // Independent standard normals, then E = Z·Lᵀ: rows are (year, draw), columns (country, variable).
        var t0 = Self.now()
        let generated = DrawBlocks.correlatedShocks(
            stream: stream, rows: m, lower: lower, normals: space.normals.pointer, into: space.shocks.pointer)
        timings[worker].value.generation += generated.generation
        timings[worker].value.multiplication += generated.multiplication
        timings[worker].value.multiplicationFlops += 2 * Double(m) * Double(n) * Double(n)
        t0 = Self.now()
        var t1 = t0

        let shocks = UnsafePointer(space.shocks.pointer)
        let zeros = UnsafePointer(space.zeros.pointer)
        let sumBase = sums.pointer + chunk * seriesCount
        let eventBase = events.pointer + chunk * setup.variantCount * entities * 4
        let histogram = histograms[worker]
        var binning = 0.0
        func emit(_ s: Int, _ values: UnsafePointer<Double>) {
            if let pilot {
                var sum = 0.0
                for j in 0..<d { sum += values[j] }
                sumBase[s] += sum
                (pilot.pointer + s * d).update(from: values, count: d)
            } else {
                let start = Self.now()
                bin(series: s, values: values, count: d, into: histogram, sums: sumBase)
                binning += Self.now() - start
            }
        }

        // Years outermost, then countries, then variants: each country-year's shocks are read
        // from memory once and reused by every variant while they are still in cache. State is
        // kept per variant and country (`slot = variant · countries + country`).
        let variants = setup.variantCount
        let groupCount = groupEntities.count
        for variant in 0..<variants {
            for c in 0..<countries {
                let lane = setup.lane(variant: variant, country: c)
                let slot = (variant * countries + c) * w
                (space.marketDebt.pointer + slot).update(repeating: setup.baseDebt[lane], count: w)
                (space.safeDebt.pointer + slot).update(repeating: 0, count: w)
                (space.rate.pointer + slot).update(repeating: setup.baseRate[lane], count: w)
                (space.previousRatio.pointer + slot).update(repeating: setup.baseRatio[lane], count: w)
                (space.gdp.pointer + slot).update(repeating: setup.baseGDP[lane], count: w)
            }
        }
        space.cumulativeRate.pointer.update(repeating: 0, count: countries * w)
        space.deficitAny.pointer.update(repeating: 0, count: variants * entities * d)
        for t in 1...years {
            space.groupDebt.pointer.update(repeating: 0, count: variants * groupCount * d)
            space.groupGDP.pointer.update(repeating: 0, count: variants * groupCount * d)
            space.groupBalance.pointer.update(repeating: 0, count: variants * groupCount * d)
            let shocked = t <= shockYears
            for c in 0..<countries {
                // After the shock years the growth and primary-balance shocks are 0 (read from the
                // zero tail of the workspace) and the market-rate level stays where it got.
                let growthShock = shocked ? shocks + m * (c * variables + ShockVariable.growth.rawValue) + (t - 1) * d : zeros
                let primaryShock =
                    shocked ? shocks + m * (c * variables + ShockVariable.primaryBalance.rawValue) + (t - 1) * d : zeros
                // The market-rate shock is a random walk common to every variant.
                let cumulative = space.cumulativeRate.pointer + c * w
                if shocked {
                    let rateShock = shocks + m * (c * variables + ShockVariable.marketRate.rawValue) + (t - 1) * d
                    for j in 0..<w { cumulative[j] += rateShock[j] }
                }
                for variant in 0..<variants {
                    let lane = setup.lane(variant: variant, country: c)
                    let slot = (variant * countries + c) * w
                    let input = lane * yearCount + t
                    let gdp = space.gdp.pointer + slot
                    let growthValue = growth.pointer[input]
                    let primaryValue = primary.pointer[input]
                    let rateValue = marketRate.pointer[input]
                    for j in 0..<w {
                        gdp[j] *= 1 + (growthValue + growthShock[j]) * 0.01
                        space.primary.pointer[j] = primaryValue + primaryShock[j]
                        space.marketRate.pointer[j] = rateValue + cumulative[j]
                    }
                    DebtRecursion.advance(
                        count: w,
                        inputs: .init(
                            gdp: .init(gdp), primaryBalance: .init(space.primary.pointer),
                            marketRate: .init(space.marketRate.pointer),
                            stockFlow: .broadcast(stockFlow.pointer + input),
                            disbursement: .broadcast(disbursement.pointer + input),
                            repayment: .broadcast(repayment.pointer + input)),
                        constants: .init(
                            inverseMaturity: .broadcast(inverseMaturity.pointer + lane),
                            safeRate: .broadcast(safeRate.pointer + lane)),
                        state: .init(
                            marketDebt: space.marketDebt.pointer + slot, safeDebt: space.safeDebt.pointer + slot,
                            rate: space.rate.pointer + slot, previousRatio: space.previousRatio.pointer + slot),
                        outputs: DebtRecursion.RatioBalanceDebt<SIMD4<Double>>(
                            ratio: space.ratio.pointer, balance: space.balance.pointer, debt: space.debt.pointer))
                    emit(series(variant: variant, entity: c, year: t, metric: .debt), space.ratio.pointer)
                    emit(series(variant: variant, entity: c, year: t, metric: .balance), space.balance.pointer)
                    let flags = space.deficitAny.pointer + (variant * entities + c) * d
                    markDeficits(space.balance.pointer, flags, d)
                    if t == years {
                        count(
                            variant: variant, entity: c, ratio: space.ratio.pointer, base: setup.baseRatio[lane], flags: flags,
                            draws: d, into: eventBase)
                    }
                    // Groups: money in euros at the base-year rate (multiplying by its inverse).
                    let toEUR = 1 / setup.perEUR[c]
                    let debtValues = space.debt.pointer
                    let balanceValues = space.balance.pointer
                    for g in groupsOfCountry[c] {
                        let groupSlot = (variant * groupCount + g) * d
                        let groupDebt = space.groupDebt.pointer + groupSlot
                        let groupGDP = space.groupGDP.pointer + groupSlot
                        let groupBalance = space.groupBalance.pointer + groupSlot
                        for j in 0..<d {
                            let gdpEUR = gdp[j] * toEUR
                            groupDebt[j] += debtValues[j] * toEUR
                            groupGDP[j] += gdpEUR
                            groupBalance[j] += balanceValues[j] * gdpEUR
                        }
                    }
                }
            }
            for variant in 0..<variants {
                for (g, entity) in groupEntities.enumerated() {
                    let groupSlot = (variant * groupCount + g) * d
                    let groupDebt = space.groupDebt.pointer + groupSlot
                    let groupGDP = space.groupGDP.pointer + groupSlot
                    let groupBalance = space.groupBalance.pointer + groupSlot
                    for j in 0..<d {
                        space.ratio.pointer[j] = 100 * groupDebt[j] / groupGDP[j]
                        space.balance.pointer[j] = groupBalance[j] / groupGDP[j]
                    }
                    emit(series(variant: variant, entity: entity, year: t, metric: .debt), space.ratio.pointer)
                    emit(series(variant: variant, entity: entity, year: t, metric: .balance), space.balance.pointer)
                    let flags = space.deficitAny.pointer + (variant * entities + entity) * d
                    markDeficits(space.balance.pointer, flags, d)
                    if t == years {
                        count(
                            variant: variant, entity: entity, ratio: space.ratio.pointer, base: groupBaseRatio[variant][g],
                            flags: flags, draws: d, into: eventBase)
                    }
                }
            }
        }
        t1 = Self.now()
        timings[worker].value.recursion += t1 - t0
        timings[worker].value.binning += binning
    }

    /// Marks the draws with a deficit above 3 % of GDP (branch-free: the threshold is crossed
    /// at random).
    @inline(__always)
    private func markDeficits(_ balance: UnsafePointer<Double>, _ flags: UnsafeMutablePointer<Double>, _ d: Int) {
        for j in 0..<d {
            let hit: Double = balance[j] < -3 ? 1 : 0
            flags[j] = flags[j] > hit ? flags[j] : hit
        }
    }

    private func count(
        variant: Int, entity: Int, ratio: UnsafePointer<Double>, base: Double, flags: UnsafePointer<Double>, draws d: Int,
        into events: UnsafeMutablePointer<Double>
    ) {
        let slot = events + (variant * setup.entities.count + entity) * 4
        for j in 0..<d {
            if ratio[j] > base { slot[0] += 1 }
            if ratio[j] > 60 { slot[1] += 1 }
            if ratio[j] > 90 { slot[2] += 1 }
            if flags[j] != 0 { slot[3] += 1 }
        }
    }

    /// Merges the workers' histograms and the per-block sums into the result.
    private func assemble() -> StochasticResult {
        let bins = settings.bins
        let total = Double(settings.draws)
        var merged = [UInt32](repeating: 0, count: seriesCount * (bins + 2))
        var cumulative = [Double](repeating: 0, count: bins + 3)
        var minimum = [Double](repeating: .infinity, count: seriesCount)
        var maximum = [Double](repeating: -.infinity, count: seriesCount)
        var varies = [Bool](repeating: false, count: seriesCount)
        for set in histograms {
            for index in merged.indices { merged[index] &+= set.counts[index] }
            for s in 0..<seriesCount {
                minimum[s] = min(minimum[s], set.minimum.pointer[s])
                maximum[s] = max(maximum[s], set.maximum.pointer[s])
                varies[s] = varies[s] || set.varies.pointer[s] != 0
            }
        }
        var tailPercentiles = 0
        var widest = 0.0
        var percentiles = [[Double]](repeating: [], count: seriesCount)
        var means = [Double](repeating: 0, count: seriesCount)
        for s in 0..<seriesCount {
            let low = lowBound.pointer[s]
            let width = 1 / inverseWidth.pointer[s]
            if s % 2 == StochasticMetric.debt.rawValue { widest = max(widest, width) }
            let base = s * (bins + 2)
            // Cumulative counts once per series, then each order statistic by binary search.
            for index in 0..<(bins + 2) { cumulative[index + 1] = cumulative[index] + Double(merged[base + index]) }
            // The range's edges bound the values inside it; the tails' exact extremes the rest.
            let high = low + Double(bins) * width
            let lowest = cumulative[1] > 0 ? minimum[s] : low
            let highest = cumulative[bins + 2] - cumulative[bins + 1] > 0 ? maximum[s] : high
            let isConstant = constant.pointer[s] == constant.pointer[s] && !varies[s]
            func orderStatistic(_ k: Double) -> Double {
                if isConstant { return constant.pointer[s] }
                var lowIndex = 0
                var highIndex = bins + 2
                while highIndex - lowIndex > 1 {
                    let middle = (lowIndex + highIndex) / 2
                    if cumulative[middle] <= k { lowIndex = middle } else { highIndex = middle }
                }
                let index = lowIndex
                let count = cumulative[index + 1] - cumulative[index]
                let position = (k - cumulative[index] + 0.5) / count
                let value: Double
                switch index {
                case 0:
                    tailPercentiles += 1
                    value = lowest + (low - lowest) * position
                case bins + 1:
                    tailPercentiles += 1
                    value = high + (highest - high) * position
                default:
                    value = low + (Double(index - 1) + position) * width
                }
                return min(max(value, lowest), highest)
            }
            percentiles[s] = StochasticSettings.percentileLevels.map { level in
                let rank = level / 100 * (total - 1)
                let lowRank = rank.rounded(.down)
                let fraction = rank - lowRank
                let a = orderStatistic(lowRank)
                return fraction == 0 ? a : a + fraction * (orderStatistic(lowRank + 1) - a)
            }
            // Percentiles must not decrease; interpolation within bins keeps them ordered, and
            // this guards the tails.
            for index in 1..<percentiles[s].count where percentiles[s][index] < percentiles[s][index - 1] {
                percentiles[s][index] = percentiles[s][index - 1]
            }
            var sum = 0.0
            for chunk in 0..<chunkCount { sum += sums.pointer[chunk * seriesCount + s] }
            means[s] = sum / total
        }
        let entities = setup.entities.count
        var probabilities = [[StochasticResult.Probabilities]](
            repeating: [StochasticResult.Probabilities](repeating: .init(), count: entities), count: setup.variantCount)
        for variant in 0..<setup.variantCount {
            for entity in 0..<entities {
                var counts = [0.0, 0.0, 0.0, 0.0]
                for chunk in 0..<chunkCount {
                    let slot = events.pointer + chunk * setup.variantCount * entities * 4 + (variant * entities + entity) * 4
                    for k in 0..<4 { counts[k] += slot[k] }
                }
                probabilities[variant][entity] = .init(
                    debtAboveBase: counts[0] / total, debtAbove60: counts[1] / total, debtAbove90: counts[2] / total,
                    deficitAbove3AnyYear: counts[3] / total)
            }
        }
        var timing = StochasticTiming()
        for box in timings {
            let worker = box.value
            timing.generation += worker.generation
            timing.multiplication += worker.multiplication
            timing.recursion += worker.recursion
            timing.binning += worker.binning
            timing.multiplicationFlops += worker.multiplicationFlops
        }
        timing.recursion -= timing.binning
        var notes = [
            "\(settings.draws) draws, seed \(settings.seed): shocks to nominal growth, the market rate and the primary balance drawn jointly for all countries in each of the first \(shockYears) projected year\(shockYears == 1 ? "" : "s") (\(setup.years[1])–\(setup.years[shockYears]); normal, \(covariance.method)); growth and primary-balance shocks act in their year, market-rate shocks accumulate and keep their level after the shock years (docs/stochastic.md).",
            "Percentiles are interpolated within \(bins)-bin histograms whose ranges come from the first \(pilotDraws) draws (widest debt bin \(String(format: "%.3f", widest)) pp); probabilities and means are exact counts.",
            "Groups: debt and balance of the members summed in euros at base-year rates (ΣD/ΣY).",
        ]
        for code in covariance.defaults.keys.sorted() { notes.append("\(code): \(covariance.defaults[code]!).") }
        if tailPercentiles > 0 {
            notes.append("\(tailPercentiles) percentiles fell outside the histogram range and were interpolated in the tail.")
        }
        return StochasticResult(
            setup: setup, draws: settings.draws, seed: settings.seed, percentiles: percentiles, means: means,
            probabilities: probabilities, notes: notes, timing: timing)
    }
}

/// A counter shared by the workers (for progress only; results never depend on it).
final class BlockCounter: @unchecked Sendable {
    private var value = 0
    private let lock = NSLock()

    /// Adds one and returns the new count.
    func increment() -> Int {
        lock.lock()
        defer { lock.unlock() }
        value += 1
        return value
    }
}

/// How a run's draws are cut into blocks: block 0 the pilot (``StochasticSettings/pilotDraws``
/// draws at most), then blocks of `chunkSize`; block `k` draws its normals from stream `k`, the
/// seed's generator jumped `k` times (2¹²⁸ steps apart). Every consumer of the shocks (the fan
/// engine, the solver) cuts the draws the same way, so the same seed gives the same shocks.
struct DrawBlocks {
    let draws: Int
    let chunkSize: Int
    let pilotDraws: Int
    let count: Int
    let streams: [SeededGenerator]

    init(settings: StochasticSettings) {
        draws = settings.draws
        chunkSize = settings.chunkSize
        pilotDraws = min(StochasticSettings.pilotDraws, settings.draws)
        count = 1 + (settings.draws - pilotDraws + settings.chunkSize - 1) / settings.chunkSize
        var streams: [SeededGenerator] = []
        streams.reserveCapacity(count)
        var generator = SeededGenerator(seed: settings.seed)
        for _ in 0..<count {
            streams.append(generator)
            generator.jump()
        }
        self.streams = streams
    }

    /// Draws in block `k`.
    func draws(in k: Int) -> Int { k == 0 ? pilotDraws : min(chunkSize, draws - pilotDraws - (k - 1) * chunkSize) }

    /// The index of block `k`'s first draw.
    func firstDraw(of k: Int) -> Int { k == 0 ? 0 : pilotDraws + (k - 1) * chunkSize }

    /// The largest block.
    var largestBlock: Int { max(pilotDraws, min(chunkSize, draws)) }

    /// Independent standard normals `Z` (`rows × n`, column-major, `n` the factor's order) from
    /// `stream`, then the correlated shocks `E = Z·Lᵀ` in one `dgemm`. Rows are (shock year,
    /// draw), columns (country, variable). Returns the seconds spent in each step.
    static func correlatedShocks(
        stream: SeededGenerator, rows: Int, lower: Matrix, normals: UnsafeMutablePointer<Double>,
        into shocks: UnsafeMutablePointer<Double>
    ) -> (generation: Double, multiplication: Double) {
        let n = lower.rows
        let t0 = DispatchTime.now().uptimeNanoseconds
        var generator = stream
        StandardNormal.fill(UnsafeMutableBufferPointer(start: normals, count: rows * n), using: &generator)
        let t1 = DispatchTime.now().uptimeNanoseconds
        lower.multiplyTransposed(
            left: UnsafeBufferPointer(start: normals, count: rows * n), rows: rows,
            into: UnsafeMutableBufferPointer(start: shocks, count: rows * n))
        let t2 = DispatchTime.now().uptimeNanoseconds
        return (Double(t1 - t0) / 1e9, Double(t2 - t1) / 1e9)
    }
}
