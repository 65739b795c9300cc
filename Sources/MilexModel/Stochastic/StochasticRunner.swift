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

/// The histograms of a run, one per series, shared by every worker (their memory does not grow
/// with the thread count): per series `bins + 2` counts (underflow, bins, overflow), the exact
/// minimum of the underflow and maximum of the overflow values, and whether any value differed
/// from a series the pilot found constant. Counts are integers, so the order in which workers
/// add to them never changes a bit; each worker holds the lock of a variant and entity while it
/// adds that entity's series of one tile.
///
/// A count is `256·carries + counts`: the bytes a tile increments are a quarter of the cache
/// lines 32-bit counts would take (a tile's few hundred values would otherwise hit a different
/// line almost every time), and a byte that wraps adds one to its 32-bit carry, which only
/// bins holding hundreds of values ever touch.
final class SharedHistograms: @unchecked Sendable {
    let seriesCount: Int
    let bins: Int
    let counts: UnsafeMutablePointer<UInt8>
    let carries: UnsafeMutablePointer<UInt32>
    let minimum: DoubleBuffer
    let maximum: DoubleBuffer
    let varies: DoubleBuffer
    /// One lock per variant and entity (their series are contiguous).
    let locks: [NSLock]

    init(seriesCount: Int, bins: Int, lockCount: Int) {
        self.seriesCount = seriesCount
        self.bins = bins
        let size = seriesCount * (bins + 2)
        // calloc: the system hands out zeroed pages, touched only when a bin is first counted.
        guard let zeroed = calloc(max(size, 1), 1), let zeroedCarries = calloc(max(size, 1), MemoryLayout<UInt32>.stride)
        else {
            fatalError("milex: cannot allocate \(size) histogram counts")
        }
        counts = zeroed.bindMemory(to: UInt8.self, capacity: max(size, 1))
        carries = zeroedCarries.bindMemory(to: UInt32.self, capacity: max(size, 1))
        minimum = DoubleBuffer(seriesCount, value: .infinity)
        maximum = DoubleBuffer(seriesCount, value: -.infinity)
        varies = DoubleBuffer(seriesCount)
        locks = (0..<max(lockCount, 1)).map { _ in NSLock() }
    }

    deinit {
        free(counts)
        free(carries)
    }

    /// The count of slot `index` (series · (bins + 2) + slot).
    @inline(__always) func count(_ index: Int) -> UInt32 { carries[index] &* 256 &+ UInt32(counts[index]) }
}

/// How a run uses memory: the tile of draws the recursion works on (chosen from lanes × years
/// so its working set stays in a core's cache), the worker count (capped so the workers' block
/// buffers fit the budget beside the shared histograms) and what each part takes. None of it
/// changes a number: tiles only reorder independent work, and the results do not depend on the
/// number of workers.
public struct StochasticMemoryPlan: Sendable, Equatable {
    /// Worker threads.
    public let workers: Int
    /// Draws per tile of the recursion (a multiple of 8, at most the largest block padded).
    public let tileDraws: Int
    /// Bytes of one worker: its block of normals and shocks, the panel scratch and the tiles.
    public let bytesPerWorker: Int
    /// Bytes shared by the workers: histograms, ranges, the ordered sums.
    public let sharedBytes: Int

    /// Bytes of the engine's buffers with every worker: what the budget bounds.
    public var totalBytes: Int { workers * bytesPerWorker + sharedBytes }

    /// The working set a tile should fit (a typical per-core L2 cache is 1–2 MiB).
    static let tileCacheBytes = 768 << 10

    /// Bytes per draw of a tile: lane state and inputs, the lane's outputs for every year,
    /// the group sums of one variant for every year, the cumulated rate shocks per country.
    static func tileBytesPerDraw(years: Int, shockYears: Int, countries: Int, groups: Int) -> Int {
        8 * (16 + 2 * years + 3 * groups * years + countries * shockYears)
    }

    /// The plan for a run of these dimensions.
    static func make(
        settings: StochasticSettings, years: Int, shockYears: Int, countries: Int, groups: Int, seriesCount: Int,
        largestBlock: Int, parallelBlocks: Int, scratchCount: Int
    ) -> StochasticMemoryPlan {
        let block = (largestBlock + 7) / 8 * 8
        let perDraw = tileBytesPerDraw(years: years, shockYears: shockYears, countries: countries, groups: groups)
        let requested = settings.tileDraws ?? max(8, tileCacheBytes / perDraw)
        let tile = min(max(8, requested / 8 * 8), block)
        let variables = ShockCovariance.variableCount * countries
        let perWorker =
            8 * (largestBlock * shockYears * variables + 16 + scratchCount)  // normals, then shocks in place
            + perDraw * tile + 8 * 6 * seriesCount  // tiles; partial sums and the block's sums
        let slots = 2 * max(1, settings.threads)
        let shared =
            5 * seriesCount * (settings.bins + 2) + 8 * 6 * seriesCount  // histograms, ranges, extremes, means
            + 8 * slots * seriesCount  // the ordered sums' ring (at most two slots per thread)
        let room = settings.memoryBudget - shared
        let fit = room > 0 ? room / max(perWorker, 1) : 0
        let workers = max(1, min(settings.threads, max(1, parallelBlocks), fit))
        return StochasticMemoryPlan(workers: workers, tileDraws: tile, bytesPerWorker: perWorker, sharedBytes: shared)
    }

    /// The error for a run whose shared buffers and one worker exceed the budget: said before
    /// any buffer is allocated, with what takes the memory and what reduces it.
    static func check(
        _ plan: StochasticMemoryPlan, budget: Int, seriesCount: Int, block: Int, shockYears: Int, countries: Int
    ) throws {
        guard plan.sharedBytes + plan.bytesPerWorker > budget else { return }
        func mib(_ bytes: Int) -> String { String(Int((Double(bytes) / 1_048_576).rounded(.up))) }
        throw StochasticError.memory(
            "this stochastic run needs at least \(mib(plan.sharedBytes + plan.bytesPerWorker)) MiB of buffers, more than "
                + "the budget of \(mib(budget)) MiB: the histograms of \(seriesCount) series (variants × countries and "
                + "groups × projected years × 2 figures) take \(mib(plan.sharedBytes)) MiB, one worker's block of \(block) "
                + "draws × \(shockYears) shock years × \(countries) countries × 3 shocks \(mib(plan.bytesPerWorker)) MiB; "
                + "run fewer countries, variants or years, or lower shock_years")
    }
}

/// Per-worker scratch memory for one block of draws and its tiles.
final class Workspace: @unchecked Sendable {
    /// The block's normals, replaced in place by its correlated shocks (rows: shock year × draw,
    /// columns: country × variable); a zero tail the padding lanes of the last tile may read.
    let block: DoubleBuffer
    let panel: DoubleBuffer
    // Tile arrays (`tile` draws each).
    let marketDebt, safeDebt, rate, previousRatio, gdp, primary, marketRate, debt, flags, zeros: DoubleBuffer
    let debtEUR, gdpEUR, balanceEUR: DoubleBuffer
    /// Per country and shock year: the cumulated market-rate shock.
    let cumulativeRate: DoubleBuffer
    /// Per projected year: the debt ratio and balance of the lane (or group) being run.
    let ratio, balance: DoubleBuffer
    /// Per group atom, projected year and sum (debt, GDP, balance × GDP), for one variant.
    let atomSums: DoubleBuffer
    /// Per series: SIMD4 partial sums of the block so far, the scalar tail, the block's sum.
    let partial: UnsafeMutablePointer<SIMD4<Double>>
    let tailSum: DoubleBuffer
    let blockSum: DoubleBuffer
    /// Per variant and entity: draws with debt above base, the low and the high threshold, a
    /// deficit beyond the threshold in any year (exact integer counts).
    var events: [Int]
    /// Bin indices of one piece of a series.
    let indices: UnsafeMutablePointer<Int32>
    let tile: Int
    let seriesCount: Int
    static let pieceSize = 512

    init(
        blockValues: Int, panelValues: Int, tile: Int, years: Int, shockYears: Int, countries: Int,
        atoms: Int, seriesCount: Int, eventCount: Int
    ) {
        self.tile = tile
        self.seriesCount = seriesCount
        block = DoubleBuffer(scratch: blockValues + 16, tail: 16)
        panel = DoubleBuffer(scratch: max(panelValues, 1), tail: 0)
        func lane() -> DoubleBuffer { DoubleBuffer(tile) }
        marketDebt = lane()
        safeDebt = lane()
        rate = lane()
        previousRatio = lane()
        gdp = lane()
        primary = lane()
        marketRate = lane()
        debt = lane()
        flags = lane()
        zeros = lane()
        debtEUR = lane()
        gdpEUR = lane()
        balanceEUR = lane()
        cumulativeRate = DoubleBuffer(countries * shockYears * tile)
        ratio = DoubleBuffer(years * tile)
        balance = DoubleBuffer(years * tile)
        atomSums = DoubleBuffer(max(atoms, 1) * years * 3 * tile)
        partial = .allocate(capacity: max(seriesCount, 1))
        partial.initialize(repeating: .zero, count: max(seriesCount, 1))
        tailSum = DoubleBuffer(seriesCount)
        blockSum = DoubleBuffer(seriesCount)
        events = [Int](repeating: 0, count: eventCount)
        indices = .allocate(capacity: Self.pieceSize)
        indices.initialize(repeating: 0, count: Self.pieceSize)
    }

    deinit {
        partial.deallocate()
        indices.deallocate()
    }
}

/// Per-block sums folded into the totals in block order, whatever order the workers finish in,
/// so the thread count never changes a bit of a mean. A ring of slots holds blocks that finished
/// ahead of an earlier one; a worker more than the ring ahead waits (memory stays bounded by the
/// ring, not by the number of blocks).
final class OrderedSums: @unchecked Sendable {
    let seriesCount: Int
    let slots: Int
    let ring: DoubleBuffer
    private var filled: [Bool]
    private var next = 0
    /// The sums over every block folded so far, in block order.
    let totals: DoubleBuffer
    private let condition = NSCondition()

    init(seriesCount: Int, slots: Int) {
        self.seriesCount = seriesCount
        self.slots = max(slots, 1)
        ring = DoubleBuffer(scratch: self.slots * seriesCount, tail: 0)
        filled = [Bool](repeating: false, count: self.slots)
        totals = DoubleBuffer(seriesCount)
    }

    /// Hands over block `k`'s sums (waits while the ring has no room for it).
    func submit(block k: Int, sums: UnsafePointer<Double>) {
        condition.lock()
        defer { condition.unlock() }
        while k - next >= slots { condition.wait() }
        let slot = k % slots
        (ring.pointer + slot * seriesCount).update(from: sums, count: seriesCount)
        filled[slot] = true
        while filled[next % slots] {
            let source = ring.pointer + (next % slots) * seriesCount
            for s in 0..<seriesCount { totals.pointer[s] += source[s] }
            filled[next % slots] = false
            next += 1
        }
        condition.broadcast()
    }
}

/// Seconds spent in each stage, summed over workers (CPU time, not wall time).
public struct StochasticTiming: Sendable {
    public var generation = 0.0
    public var multiplication = 0.0
    public var recursion = 0.0
    public var binning = 0.0
    /// Floating-point operations of the shock products (2 per multiply-add the factor needs).
    public var multiplicationFlops = 0.0
    /// Wall time of the whole run.
    public var wall = 0.0
    /// Wall time of the phases: preparation (deterministic run, inputs, covariance), the pilot
    /// block, the parallel blocks, the percentiles.
    public var preparationWall = 0.0
    public var pilotWall = 0.0
    public var parallelWall = 0.0
    public var assemblyWall = 0.0
    /// How the run used memory.
    public var memory: StochasticMemoryPlan?
}

/// One worker's timing, mutated only by that worker.
final class TimingBox: @unchecked Sendable {
    var value = StochasticTiming()
}

/// Runs the blocks of a stochastic projection (see ``StochasticEngine``).
///
/// Per block: the normals and, in place, the correlated shocks (``ShockProduct``); then the
/// block is cut into tiles of ``StochasticMemoryPlan/tileDraws`` draws, and per tile, variant by
/// variant and country by country (ascending, the order group sums need), the recursion runs
/// year by year over the tile — state, inputs and outputs small enough to stay in cache — and
/// the lane's series go to the shared histograms; each group's series follow its members.
final class StochasticRunner: @unchecked Sendable {
    let setup: StochasticInputs
    let settings: StochasticSettings
    let covariance: ShockCovariance
    let product: ShockProduct
    let variables = ShockCovariance.variableCount
    let seriesCount: Int
    let blocks: DrawBlocks
    /// Projected years that draw shocks (`B+1 … B+shockYears`); later years run on the shocked
    /// state with the market-rate shock held at its level.
    let shockYears: Int
    let plan: StochasticMemoryPlan
    /// Called from the workers as blocks finish (blocks done, blocks in all).
    let progress: (@Sendable (Int, Int) -> Void)?
    private let completed = BlockCounter()
    private let nextBlock = BlockCounter()
    let histograms: SharedHistograms
    let sums: OrderedSums
    /// Per series: the value of a series the pilot found constant (NaN otherwise).
    let constant: DoubleBuffer
    let lowBound: DoubleBuffer
    let inverseWidth: DoubleBuffer
    let workspaces: [Workspace]
    let timings: [TimingBox]
    let groupEntities: [Int]
    /// Groups summed through the sets of countries in the same groups.
    let atoms: GroupAtoms
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
    ) throws {
        self.setup = setup
        self.progress = progress
        let shockYears = min(settings.shockYears, setup.projectedYears)
        self.shockYears = shockYears
        self.covariance = covariance
        product = ShockProduct(lower: lower)
        let entities = setup.entities.count
        let seriesCount = setup.variantCount * entities * setup.projectedYears * StochasticMetric.allCases.count
        self.seriesCount = seriesCount
        let settings = settings.sized(shockYears: shockYears, countries: setup.countryCount, seriesCount: seriesCount)
        self.settings = settings
        blocks = DrawBlocks(settings: settings)
        let groupEntities = setup.entities.indices.filter { setup.entities[$0].isGroup }
        self.groupEntities = groupEntities
        let atoms = GroupAtoms(entities: setup.entities, countryCount: setup.countryCount)
        self.atoms = atoms
        plan = StochasticMemoryPlan.make(
            settings: settings, years: setup.projectedYears, shockYears: shockYears, countries: setup.countryCount,
            groups: atoms.members.count, seriesCount: seriesCount, largestBlock: blocks.largestBlock,
            parallelBlocks: blocks.count - 1, scratchCount: product.scratchCount)
        try StochasticMemoryPlan.check(
            plan, budget: settings.memoryBudget, seriesCount: seriesCount, block: blocks.largestBlock,
            shockYears: shockYears, countries: setup.countryCount)
        histograms = SharedHistograms(
            seriesCount: seriesCount, bins: settings.bins, lockCount: setup.variantCount * entities)
        sums = OrderedSums(seriesCount: seriesCount, slots: 2 * plan.workers)
        constant = DoubleBuffer(seriesCount, value: .nan)
        lowBound = DoubleBuffer(seriesCount)
        inverseWidth = DoubleBuffer(seriesCount)
        let blockValues = blocks.largestBlock * shockYears * ShockCovariance.variableCount * setup.countryCount
        let years = setup.projectedYears
        let plan = self.plan
        let scratchCount = product.scratchCount
        workspaces = (0..<plan.workers).map { _ in
            Workspace(
                blockValues: blockValues, panelValues: scratchCount, tile: plan.tileDraws, years: years,
                shockYears: shockYears, countries: setup.countryCount, atoms: atoms.members.count,
                seriesCount: seriesCount, eventCount: setup.variantCount * entities * 4)
        }
        timings = (0..<plan.workers).map { _ in TimingBox() }
        groupBaseRatio = (0..<setup.variantCount).map { variant in
            groupEntities.indices.map { g in
                let debt = atoms.sum(group: g) {
                    setup.baseDebt[setup.lane(variant: variant, country: $0)] * (1 / setup.perEUR[$0])
                }
                let gdp = atoms.sum(group: g) {
                    setup.baseGDP[setup.lane(variant: variant, country: $0)] * (1 / setup.perEUR[$0])
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

    /// What a pass over a block does with its values.
    enum Pass {
        /// The pilot's first pass: each series' extremes (for the ranges) and its sum.
        case extremes
        /// The pilot's second pass: the histograms, its sums already taken.
        case pilotBins
        /// Every other block: histograms and SIMD partial sums.
        case bins
    }

    func run() throws -> StochasticResult {
        let start = Self.now()
        // Block 0 is the pilot: its values set each histogram's range. It runs twice (extremes,
        // then bins) rather than keeping its values, so memory does not grow with the series.
        let pilotStart = Self.now()
        simulate(block: 0, worker: 0, pass: .extremes)
        setRanges()
        simulate(block: 0, worker: 0, pass: .pilotBins)
        sums.submit(block: 0, sums: workspaces[0].blockSum.pointer)

        let parallelStart = Self.now()
        // The other blocks, taken in order by whichever worker is free: counts are integers and
        // sums are folded in block order, so the assignment never changes a number.
        let workers = workspaces.count
        let count = blocks.count
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            while true {
                let block = nextBlock.increment()
                guard block < count else { break }
                simulate(block: block, worker: worker, pass: .bins)
                sums.submit(block: block, sums: workspaces[worker].blockSum.pointer)
                if let progress { progress(completed.increment(), count) }
            }
        }
        let assemblyStart = Self.now()
        var result = assemble()
        result.timing.wall = Self.now() - start
        result.timing.pilotWall = parallelStart - pilotStart
        result.timing.parallelWall = assemblyStart - parallelStart
        result.timing.assemblyWall = Self.now() - assemblyStart
        result.timing.memory = plan
        return result
    }

    /// Histogram ranges from the pilot: its span widened by half on each side.
    private func setRanges() {
        for s in 0..<seriesCount {
            let low = histograms.minimum.pointer[s]
            let high = histograms.maximum.pointer[s]
            let span = high - low
            if span == 0 { constant.pointer[s] = low }
            let margin = 0.5 * span + 1e-9 * max(1, abs(low), abs(high))
            lowBound.pointer[s] = low - margin
            inverseWidth.pointer[s] = Double(settings.bins) / (span + 2 * margin)
        }
    }

    /// Adds `count` values of series `s` to its histogram and, with `partial`, to the block's
    /// SIMD4 partial sums (`tail` takes values past the last whole vector). Two passes over
    /// pieces of ``Workspace/pieceSize`` values: the first computes the bin indices four at a
    /// time (arithmetic only, so it vectorises), the second counts them. Values outside the
    /// histogram's range are rare: only a piece with one is binned again with the clamp of
    /// ``binIndex(_:low:scale:bins:)`` and scanned for the exact extremes. The caller holds the
    /// series' lock.
    @inline(__always)
    private func bin(
        series s: Int, values: UnsafePointer<Double>, count: Int, indices: UnsafeMutablePointer<Int32>,
        partial: UnsafeMutablePointer<SIMD4<Double>>?, tail: UnsafeMutablePointer<Double>?
    ) {
        let set = histograms
        let bins = settings.bins
        let counts = set.counts + s * (bins + 2)
        let carries = set.carries + s * (bins + 2)
        let lowScalar = lowBound.pointer[s]
        let scaleScalar = inverseWidth.pointer[s]
        let low = SIMD4<Double>(repeating: lowScalar)
        let scale = SIMD4<Double>(repeating: scaleScalar)
        let top = SIMD4<Double>(repeating: Double(bins))
        let half = SIMD4<Double>(repeating: 0.5)
        let magic = SIMD4<Double>(repeating: Self.roundingMagic)
        var sum = partial?.pointee ?? .zero
        var tailSum = 0.0
        var start = 0
        while start < count {
            let n = min(Workspace.pieceSize, count - start)
            let piece = values + start
            // Fast path: the slot of a value inside the range is its rounded position (clamping
            // changes nothing there), so the first pass only checks that every value is inside.
            var inside = SIMDMask<SIMD4<Int64>>(repeating: true)
            var j = 0
            while j + 4 <= n {
                let value = UnsafeRawPointer(piece + j).loadUnaligned(as: SIMD4<Double>.self)
                sum += value
                let position = (value - low) * scale
                inside .&= (position .>= .zero) .& (position .< top)
                let rounded = unsafeBitCast((position - half) + magic, to: SIMD4<UInt64>.self)
                UnsafeMutableRawPointer(indices + j).storeBytes(
                    of: SIMD4<Int32>(truncatingIfNeeded: rounded) &+ 1, as: SIMD4<Int32>.self)
                j += 4
            }
            while j < n {
                tailSum += piece[j]
                indices[j] = Int32(Self.binIndex(piece[j], low: lowScalar, scale: scaleScalar, bins: bins))
                if indices[j] == 0 || indices[j] == Int32(bins + 1) { inside[0] = false }
                j += 1
            }
            if !all(inside) {
                // A value below the range (or NaN) or above it: every slot again with the clamp,
                // and the exact extremes of the tails.
                for k in 0..<n {
                    let index = Self.binIndex(piece[k], low: lowScalar, scale: scaleScalar, bins: bins)
                    indices[k] = Int32(index)
                    if index == 0 {
                        set.minimum.pointer[s] = min(set.minimum.pointer[s], piece[k])
                    } else if index == bins + 1 {
                        set.maximum.pointer[s] = max(set.maximum.pointer[s], piece[k])
                    }
                }
            }
            for k in 0..<n {
                let index = Int(indices[k])
                let count = counts[index] &+ 1
                counts[index] = count
                if count == 0 { carries[index] &+= 1 }
            }
            start += n
        }
        let constantValue = constant.pointer[s]
        if constantValue == constantValue {
            for j in 0..<count where values[j] != constantValue { set.varies.pointer[s] = 1 }
        }
        partial?.pointee = sum
        if let tail { tail.pointee += tailSum }
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

    /// Simulates block `k` for every variant, year and country, tile by tile.
    private func simulate(block k: Int, worker: Int, pass: Pass) {
        let space = workspaces[worker]
        let countries = setup.countryCount
        let years = setup.projectedYears
        let d = blocks.draws(in: k)
        let m = d * shockYears
        let entities = setup.entities.count
        let variants = setup.variantCount
        let tile = plan.tileDraws

        // Independent standard normals, then in place E = Z·Lᵀ: rows are (year, draw), columns
        // (country, variable).
        var t0 = Self.now()
        let generated = DrawBlocks.correlatedShocks(
            stream: blocks.streams[k], rows: m, product: product, block: space.block.pointer,
            scratch: space.panel.pointer)
        timings[worker].value.generation += generated.generation
        timings[worker].value.multiplication += generated.multiplication
        timings[worker].value.multiplicationFlops += Double(m) * product.flopsPerRow
        t0 = Self.now()
        var binning = 0.0
        let shocks = UnsafePointer(space.block.pointer)
        let thresholds = settings.thresholds
        let debtLow = thresholds.debtLowPctGDP
        let debtHigh = thresholds.debtHighPctGDP
        let deficitLimit = -thresholds.deficitPctGDP
        let margin = thresholds.baseMarginPP

        switch pass {
        case .extremes, .pilotBins:
            space.tailSum.pointer.update(repeating: 0, count: seriesCount)
        case .bins:
            space.partial.update(repeating: .zero, count: seriesCount)
            space.tailSum.pointer.update(repeating: 0, count: seriesCount)
        }

        /// The series of one variant and entity for the current tile: extremes, or the histograms.
        func emit(variant: Int, entity: Int, valid: Int) {
            let first = series(variant: variant, entity: entity, year: 1, metric: .debt)
            let start = Self.now()
            switch pass {
            case .extremes:
                for t in 1...years {
                    for metric in 0..<2 {
                        let s = first + (t - 1) * 2 + metric
                        let values = (metric == 0 ? space.ratio : space.balance).pointer + (t - 1) * tile
                        var low = histograms.minimum.pointer[s]
                        var high = histograms.maximum.pointer[s]
                        var sum = space.tailSum.pointer[s]
                        for j in 0..<valid {
                            low = min(low, values[j])
                            high = max(high, values[j])
                            sum += values[j]
                        }
                        histograms.minimum.pointer[s] = low
                        histograms.maximum.pointer[s] = high
                        space.tailSum.pointer[s] = sum
                    }
                }
            case .pilotBins, .bins:
                let lock = histograms.locks[variant * entities + entity]
                lock.lock()
                for t in 1...years {
                    for metric in 0..<2 {
                        let s = first + (t - 1) * 2 + metric
                        let values = (metric == 0 ? space.ratio : space.balance).pointer + (t - 1) * tile
                        if pass == .bins {
                            bin(
                                series: s, values: values, count: valid, indices: space.indices,
                                partial: space.partial + s, tail: space.tailSum.pointer + s)
                        } else {
                            bin(series: s, values: values, count: valid, indices: space.indices, partial: nil, tail: nil)
                        }
                    }
                }
                lock.unlock()
            }
            binning += Self.now() - start
        }

        /// Counts the events of a variant and entity over the tile's valid draws.
        func count(variant: Int, entity: Int, base: Double, valid: Int) {
            guard pass != .pilotBins else { return }
            let slot = (variant * entities + entity) * 4
            let ratio = space.ratio.pointer + (years - 1) * tile
            let flags = space.flags.pointer
            let above = base + margin
            // Branch-free: the thresholds are crossed at random.
            var counts = (0, 0, 0, 0)
            var vectors = (SIMD4<Int64>.zero, SIMD4<Int64>.zero, SIMD4<Int64>.zero, SIMD4<Int64>.zero)
            let one = SIMD4<Int64>(repeating: 1)
            let zero = SIMD4<Int64>.zero
            var j = 0
            while j + 4 <= valid {
                let value = SIMD4<Double>.load(ratio + j)
                vectors.0 &+= zero.replacing(with: one, where: value .> SIMD4(repeating: above))
                vectors.1 &+= zero.replacing(with: one, where: value .> SIMD4(repeating: debtLow))
                vectors.2 &+= zero.replacing(with: one, where: value .> SIMD4(repeating: debtHigh))
                vectors.3 &+= zero.replacing(with: one, where: SIMD4<Double>.load(flags + j) .!= SIMD4.zero)
                j += 4
            }
            counts = (
                Int(vectors.0.wrappedSum()), Int(vectors.1.wrappedSum()), Int(vectors.2.wrappedSum()),
                Int(vectors.3.wrappedSum())
            )
            while j < valid {
                if ratio[j] > above { counts.0 += 1 }
                if ratio[j] > debtLow { counts.1 += 1 }
                if ratio[j] > debtHigh { counts.2 += 1 }
                if flags[j] != 0 { counts.3 += 1 }
                j += 1
            }
            space.events[slot] += counts.0
            space.events[slot + 1] += counts.1
            space.events[slot + 2] += counts.2
            space.events[slot + 3] += counts.3
        }

        /// Marks the draws with a deficit beyond the threshold (branch-free: it is crossed at random).
        @inline(__always)
        func markDeficits(_ balance: UnsafePointer<Double>, _ w: Int) {
            let flags = space.flags.pointer
            for j in 0..<w {
                let hit: Double = balance[j] < deficitLimit ? 1 : 0
                flags[j] = flags[j] > hit ? flags[j] : hit
            }
        }

        let atomCount = atoms.members.count
        var tileStart = 0
        while tileStart < d {
            let valid = min(tile, d - tileStart)
            // Lanes per tile: the draws, padded to whole SIMD vectors; the padding lanes compute
            // on harmless values (shocks of neighbouring draws) and are never reported.
            let w = (valid + Lanes.width - 1) / Lanes.width * Lanes.width
            // The market-rate shock is a random walk common to every variant.
            for c in 0..<countries {
                let column = shocks + m * (c * variables + ShockVariable.marketRate.rawValue) + tileStart
                var previous = UnsafePointer(space.zeros.pointer)
                for t in 0..<shockYears {
                    let cumulative = space.cumulativeRate.pointer + (c * shockYears + t) * tile
                    let rateShock = column + t * d
                    for j in stride(from: 0, to: w, by: Lanes.width) {
                        (Lanes.load(previous + j) + Lanes.load(rateShock + j)).store(cumulative + j)
                    }
                    previous = UnsafePointer(cumulative)
                }
            }
            // Variants in an order rotated by block: workers on neighbouring blocks then add to
            // different histograms at any moment (the order changes no number: each variant's
            // sums are its own, and counts are integers).
            for step in 0..<variants {
                let variant = (step + k) % variants
                space.atomSums.pointer.update(repeating: 0, count: atomCount * years * 3 * tile)
                for c in 0..<countries {
                    let lane = setup.lane(variant: variant, country: c)
                    runLane(
                        Lanes.self, lane: lane, country: c, width: w, tileStart: tileStart, blockDraws: d, shocks: shocks,
                        space: space, deficitLimit: deficitLimit)
                    count(variant: variant, entity: c, base: setup.baseRatio[lane], valid: valid)
                    emit(variant: variant, entity: c, valid: valid)
                }
                for (g, entity) in groupEntities.enumerated() {
                    space.flags.pointer.update(repeating: 0, count: w)
                    let groupDebt = space.debtEUR.pointer
                    let groupGDP = space.gdpEUR.pointer
                    let groupBalance = space.balanceEUR.pointer
                    for t in 1...years {
                        groupDebt.update(repeating: 0, count: w)
                        groupGDP.update(repeating: 0, count: w)
                        groupBalance.update(repeating: 0, count: w)
                        for atom in atoms.atomsOfGroup[g] {
                            let debt = UnsafePointer(space.atomSums.pointer + (atom * years + t - 1) * 3 * tile)
                            let gdp = debt + tile
                            let balance = debt + 2 * tile
                            for j in stride(from: 0, to: w, by: Lanes.width) {
                                (Lanes.load(groupDebt + j) + Lanes.load(debt + j)).store(groupDebt + j)
                                (Lanes.load(groupGDP + j) + Lanes.load(gdp + j)).store(groupGDP + j)
                                (Lanes.load(groupBalance + j) + Lanes.load(balance + j)).store(groupBalance + j)
                            }
                        }
                        let ratio = space.ratio.pointer + (t - 1) * tile
                        let balance = space.balance.pointer + (t - 1) * tile
                        let hundred = Lanes(repeating: 100)
                        for j in stride(from: 0, to: w, by: Lanes.width) {
                            let gdp = Lanes.load(groupGDP + j)
                            (hundred * Lanes.load(groupDebt + j) / gdp).store(ratio + j)
                            (Lanes.load(groupBalance + j) / gdp).store(balance + j)
                        }
                        markDeficits(balance, w)
                    }
                    count(variant: variant, entity: entity, base: groupBaseRatio[variant][g], valid: valid)
                    emit(variant: variant, entity: entity, valid: valid)
                }
            }
            tileStart += tile
        }
        // The block's sum of each series: its SIMD4 partial sums, then the tail (as one pass
        // over the block would add them); the pilot's is a plain running sum.
        switch pass {
        case .extremes:
            space.blockSum.pointer.update(from: space.tailSum.pointer, count: seriesCount)
        case .pilotBins:
            break
        case .bins:
            for s in 0..<seriesCount {
                let p = space.partial[s]
                space.blockSum.pointer[s] = 0 + ((p[0] + p[1]) + (p[2] + p[3]) + space.tailSum.pointer[s])
            }
        }
        let t1 = Self.now()
        timings[worker].value.recursion += t1 - t0
        timings[worker].value.binning += binning
    }

    /// The lanes the recursion handles at once (`SIMD4<Double>`: two SSE2 registers per value on
    /// baseline x86-64, four values per AVX2 register where the compiler may use them).
    typealias Lanes = SIMD4<Double>

    /// One lane (variant, country) over one tile, for every projected year: the year's inputs
    /// built from the shocks as they are loaded, the recursion (``DebtRecursion/step``), the debt
    /// ratio and balance kept per year for the histograms, the deficit flags and the lane's
    /// atom sums — one pass over the tile per year, everything in cache. The SAFE debt is the
    /// same in every draw, so it is carried as one number.
    @inline(__always)
    private func runLane<V: LaneNumber>(
        _: V.Type, lane: Int, country c: Int, width w: Int, tileStart: Int, blockDraws d: Int, shocks: UnsafePointer<Double>,
        space: Workspace, deficitLimit: Double
    ) {
        let years = setup.projectedYears
        let yearCount = setup.years.count
        let tile = plan.tileDraws
        let m = d * shockYears
        let marketDebt = space.marketDebt.pointer
        let rate = space.rate.pointer
        let gdp = space.gdp.pointer
        let flags = space.flags.pointer
        marketDebt.update(repeating: setup.baseDebt[lane], count: w)
        rate.update(repeating: setup.baseRate[lane], count: w)
        gdp.update(repeating: setup.baseGDP[lane], count: w)
        flags.update(repeating: 0, count: w)
        var safeDebt = 0.0
        let toEUR = V(repeating: 1 / setup.perEUR[c])
        let atom = atoms.atomOfCountry[c]
        let zero = V(repeating: 0)
        let one = V(repeating: 1)
        let percent = V(repeating: 0.01)
        let limit = V(repeating: deficitLimit)
        let inverseMaturity = V(repeating: self.inverseMaturity.pointer[lane])
        let safeRate = V(repeating: self.safeRate.pointer[lane])
        for t in 1...years {
            // After the shock years the growth and primary-balance shocks are 0 and the
            // market-rate level stays where it got.
            let shocked = t <= shockYears
            let growthShock =
                shocked ? shocks + m * (c * variables + ShockVariable.growth.rawValue) + (t - 1) * d + tileStart : shocks
            let primaryShock =
                shocked ? shocks + m * (c * variables + ShockVariable.primaryBalance.rawValue) + (t - 1) * d + tileStart : shocks
            let cumulative = UnsafePointer(space.cumulativeRate.pointer + (c * shockYears + min(t, shockYears) - 1) * tile)
            let input = lane * yearCount + t
            let growthValue = V(repeating: growth.pointer[input])
            let primaryValue = V(repeating: primary.pointer[input])
            let rateValue = V(repeating: marketRate.pointer[input])
            let stockFlowValue = V(repeating: stockFlow.pointer[input])
            let disbursementValue = disbursement.pointer[input]
            let repaymentValue = repayment.pointer[input]
            let ratioRow = space.ratio.pointer + (t - 1) * tile
            let balanceRow = space.balance.pointer + (t - 1) * tile
            let sums = atom.map { space.atomSums.pointer + ($0 * years + t - 1) * 3 * tile }
            /// The year over the tile; `shock(j)` gives the growth and primary-balance shocks of
            /// lanes `j…` (zeros after the shock years, without loading them).
            @inline(__always)
            func year(_ shock: (Int) -> (growth: V, primary: V)) {
                var j = 0
                while j < w {
                    let (growthShock, primaryShock) = shock(j)
                    let newGDP = V.load(gdp + j) * (one + (growthValue + growthShock) * percent)
                    let step = DebtRecursion.step(
                        gdp: newGDP, primary: primaryValue + primaryShock, marketRate: rateValue + V.load(cumulative + j),
                        stockFlow: stockFlowValue, disbursement: V(repeating: disbursementValue),
                        repayment: V(repeating: repaymentValue), safeRate: safeRate, inverseMaturity: inverseMaturity,
                        marketDebt: V.load(marketDebt + j), safeDebt: V(repeating: safeDebt), rate: V.load(rate + j),
                        previousRatio: zero)
                    newGDP.store(gdp + j)
                    step.year.marketDebt.store(marketDebt + j)
                    step.nextRate.store(rate + j)
                    let balance = step.year.balance
                    step.year.ratio.store(ratioRow + j)
                    balance.store(balanceRow + j)
                    V.choose(V.isLess(balance, than: limit), one, V.load(flags + j)).store(flags + j)
                    // Groups: money in euros at the base-year rate (multiplying by its inverse),
                    // added to the country's atom (members in run order).
                    if let sums {
                        let y = newGDP * toEUR
                        (V.load(sums + j) + step.year.debt * toEUR).store(sums + j)
                        (V.load(sums + tile + j) + y).store(sums + tile + j)
                        (V.load(sums + 2 * tile + j) + balance * y).store(sums + 2 * tile + j)
                    }
                    j += V.width
                }
            }
            if shocked {
                year { (V.load(growthShock + $0), V.load(primaryShock + $0)) }
            } else {
                year { _ in (zero, zero) }
            }
            safeDebt = safeDebt + (disbursementValue - repaymentValue)
        }
    }

    /// Percentiles 10…90 of series `s` from its histogram, into `output`; returns how many order
    /// statistics fell in a tail bin. The k-th order statistic (0-based) is interpolated within
    /// its bin (in a tail bin, between the exact extreme and the range's edge); percentile `p`
    /// interpolates between order statistics as Hyndman–Fan type 7 (numpy's default).
    private func percentiles(series s: Int, cumulative: UnsafeMutablePointer<Int>, into output: UnsafeMutablePointer<Double>)
        -> Int
    {
        let bins = settings.bins
        let total = Double(settings.draws)
        let low = lowBound.pointer[s]
        let width = 1 / inverseWidth.pointer[s]
        let base = s * (bins + 2)
        // Cumulative counts once per series (integers: exact), then each order statistic by
        // binary search.
        cumulative[0] = 0
        for index in 0..<(bins + 2) { cumulative[index + 1] = cumulative[index] + Int(histograms.count(base + index)) }
        // The range's edges bound the values inside it; the tails' exact extremes the rest.
        let high = low + Double(bins) * width
        let lowest = cumulative[1] > 0 ? histograms.minimum.pointer[s] : low
        let highest = cumulative[bins + 2] - cumulative[bins + 1] > 0 ? histograms.maximum.pointer[s] : high
        let isConstant = constant.pointer[s] == constant.pointer[s] && histograms.varies.pointer[s] == 0
        var tails = 0
        func orderStatistic(_ k: Double) -> Double {
            if isConstant { return constant.pointer[s] }
            var lowIndex = 0
            var highIndex = bins + 2
            while highIndex - lowIndex > 1 {
                let middle = (lowIndex + highIndex) / 2
                if Double(cumulative[middle]) <= k { lowIndex = middle } else { highIndex = middle }
            }
            let index = lowIndex
            let count = Double(cumulative[index + 1] - cumulative[index])
            let position = (k - Double(cumulative[index]) + 0.5) / count
            let value: Double
            switch index {
            case 0:
                tails += 1
                value = lowest + (low - lowest) * position
            case bins + 1:
                tails += 1
                value = high + (highest - high) * position
            default:
                value = low + (Double(index - 1) + position) * width
            }
            return min(max(value, lowest), highest)
        }
        for (index, level) in StochasticSettings.percentileLevels.enumerated() {
            let rank = level / 100 * (total - 1)
            let lowRank = rank.rounded(.down)
            let fraction = rank - lowRank
            let a = orderStatistic(lowRank)
            output[index] = fraction == 0 ? a : a + fraction * (orderStatistic(lowRank + 1) - a)
            // Percentiles must not decrease; interpolation within bins keeps them ordered, and
            // this guards the tails.
            if index > 0 && output[index] < output[index - 1] { output[index] = output[index - 1] }
        }
        return tails
    }

    /// The shared histograms, the ordered sums and the workers' counts, as the result.
    private func assemble() -> StochasticResult {
        let bins = settings.bins
        let total = Double(settings.draws)
        var widest = 0.0
        for s in stride(from: StochasticMetric.debt.rawValue, to: seriesCount, by: 2) {
            widest = max(widest, 1 / inverseWidth.pointer[s])
        }
        // Series are independent: the workers take contiguous ranges (no number depends on it).
        let levels = StochasticSettings.percentileLevels.count
        let table = DoubleBuffer(seriesCount * levels)
        let parts = max(1, min(workspaces.count, seriesCount))
        let tails = DoubleBuffer(parts)
        DispatchQueue.concurrentPerform(iterations: parts) { part in
            let cumulative = UnsafeMutablePointer<Int>.allocate(capacity: settings.bins + 3)
            defer { cumulative.deallocate() }
            for s in (seriesCount * part / parts)..<(seriesCount * (part + 1) / parts) {
                tails.pointer[part] += Double(percentiles(series: s, cumulative: cumulative, into: table.pointer + s * levels))
            }
        }
        let tailPercentiles = Int((0..<parts).reduce(0) { $0 + tails.pointer[$1] })
        let percentileTable = (0..<seriesCount).map {
            Array(UnsafeBufferPointer(start: table.pointer + $0 * levels, count: levels))
        }
        let means = (0..<seriesCount).map { sums.totals.pointer[$0] / total }
        let entities = setup.entities.count
        var counts = [Int](repeating: 0, count: setup.variantCount * entities * 4)
        for space in workspaces {
            for index in counts.indices { counts[index] += space.events[index] }
        }
        var probabilities = [[StochasticResult.Probabilities]](
            repeating: [StochasticResult.Probabilities](repeating: .init(), count: entities), count: setup.variantCount)
        for variant in 0..<setup.variantCount {
            for entity in 0..<entities {
                let slot = (variant * entities + entity) * 4
                probabilities[variant][entity] = .init(
                    debtAboveBase: Double(counts[slot]) / total, debtAbove60: Double(counts[slot + 1]) / total,
                    debtAbove90: Double(counts[slot + 2]) / total, deficitAbove3AnyYear: Double(counts[slot + 3]) / total)
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
        let pilotDraws = blocks.pilotDraws
        var notes = [
            "\(settings.draws) draws, seed \(settings.seed): shocks to nominal growth, the market rate and the primary balance drawn jointly for all countries in each of the first \(shockYears) projected year\(shockYears == 1 ? "" : "s") (\(setup.years[1])–\(setup.years[shockYears]); normal, \(covariance.method)); growth and primary-balance shocks act in their year, market-rate shocks accumulate and keep their level after the shock years (docs/stochastic.md).",
            "Percentiles are interpolated within \(bins)-bin histograms whose ranges come from the first \(pilotDraws) draws (widest debt bin \(String(format: "%.3f", widest)) pp); probabilities and means are exact counts.",
            "Groups: debt and balance of the members summed in euros at base-year rates (ΣD/ΣY).",
        ]
        if settings.thresholds != StochasticThresholds(policy: .current) {
            let t = settings.thresholds
            // Whole numbers without a trailing ".0", as the policy file writes them.
            func text(_ x: Double) -> String { x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : "\(x)" }
            notes.append(
                "Probabilities with thresholds: debt above the base year \(t.baseMarginPP == 0 ? "" : "+ \(text(t.baseMarginPP)) pp "), above \(text(t.debtLowPctGDP)) and \(text(t.debtHighPctGDP)) % of GDP at the horizon; a deficit above \(text(t.deficitPctGDP)) % of GDP in any year (the scenario's policy block)."
            )
        }
        for code in covariance.defaults.keys.sorted() { notes.append("\(code): \(covariance.defaults[code]!).") }
        if tailPercentiles > 0 {
            notes.append("\(tailPercentiles) percentiles fell outside the histogram range and were interpolated in the tail.")
        }
        return StochasticResult(
            setup: setup, draws: settings.draws, seed: settings.seed, percentiles: percentileTable, means: means,
            probabilities: probabilities, thresholds: settings.thresholds, notes: notes, timing: timing)
    }
}

/// A counter shared by the workers: progress, and the next block to take (results never depend
/// on which worker takes a block).
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
    /// `stream`, then in place the correlated shocks `E = Z·Lᵀ` (``ShockProduct``). Rows are
    /// (shock year, draw), columns (country, variable). Returns the seconds spent in each step.
    static func correlatedShocks(
        stream: SeededGenerator, rows: Int, product: ShockProduct, block: UnsafeMutablePointer<Double>,
        scratch: UnsafeMutablePointer<Double>?
    ) -> (generation: Double, multiplication: Double) {
        let n = product.order
        let t0 = DispatchTime.now().uptimeNanoseconds
        var generator = stream
        StandardNormal.fill(UnsafeMutableBufferPointer(start: block, count: rows * n), using: &generator)
        let t1 = DispatchTime.now().uptimeNanoseconds
        product.apply(to: block, rows: rows, scratch: scratch)
        let t2 = DispatchTime.now().uptimeNanoseconds
        return (Double(t1 - t0) / 1e9, Double(t2 - t1) / 1e9)
    }
}
