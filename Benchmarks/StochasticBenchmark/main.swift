// milex-bench: the stochastic engine on the whole dataset of NATO and EU countries.
//
//   milex-bench [--draws N] [--seed S] [--threads T] [--years E] [--chunk DRAWS] [--bins B]
//               [--export FILE] [--dgemm-peak]
//
// --chunk and --bins override the engine's block size (4,096 draws) and histogram bins (2,048),
// for tuning. Prints wall time, the phases, the time per stage, the achieved GFLOP/s of the shock product and peak
// memory (VmHWM). --export writes the run's inputs (deterministic paths, the Cholesky factor)
// as JSON so Benchmarks/stochastic_numpy.py can run the same simulation. --dgemm-peak measures
// OpenBLAS's own dgemm on square matrices, the physical limit of this machine.
// Benchmarks/run.sh runs everything side by side.
import Foundation
import MilexData
import MilexModel
import MilexNumerics
import MilexScenario

func option(_ name: String) -> String? {
    guard let index = CommandLine.arguments.firstIndex(of: name), index + 1 < CommandLine.arguments.count else { return nil }
    return CommandLine.arguments[index + 1]
}

func peakMemoryMiB() -> Double {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return .nan }
    for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
        let kilobytes = line.split(separator: " ").compactMap { Double($0) }.first ?? .nan
        return kilobytes / 1024
    }
    return .nan
}

func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }

// OpenBLAS's pool spins for a while after loading (docs/stochastic.md §7), as in `milex`.
StochasticEngine.useSingleThreadedBLAS()

if CommandLine.arguments.contains("--dgemm-peak") {
    // OpenBLAS falls back to its generic Prescott (SSE3) kernels on CPUs newer than it knows:
    // say which it chose, so a slow shock product is read right (docs/stochastic.md §7).
    let override = ProcessInfo.processInfo.environment["OPENBLAS_CORETYPE"].map { ", OPENBLAS_CORETYPE=\($0)" } ?? ""
    print("OpenBLAS kernels: \(BLASInfo.coreName)\(override) (\(BLASInfo.configuration))")
    for threads in [1, ProcessInfo.processInfo.activeProcessorCount] {
        BLASThreads.set(threads)
        let size = 2048
        let a = [Double](repeating: 1.0001, count: size * size)
        var c = [Double](repeating: 0, count: size * size)
        var best = 0.0
        for _ in 0..<4 {
            let start = now()
            a.withUnsafeBufferPointer { a in
                c.withUnsafeMutableBufferPointer { c in BLASBenchmark.gemm(m: size, n: size, k: size, a: a, b: a, c: c) }
            }
            best = max(best, 2 * pow(Double(size), 3) / (now() - start) / 1e9)
        }
        print(
            String(
                format: "dgemm peak (OpenBLAS, %d×%d, %d thread%@): %.1f GFLOP/s", size, size, threads, threads == 1 ? "" : "s",
                best))
    }
    exit(0)
}

if let file = option("--solve") {
    try SolveBenchmark.run(file: file)
    exit(0)
}

let draws = Int(option("--draws") ?? "100000") ?? 100_000
let seed = UInt64(option("--seed") ?? "1") ?? 1
let threads = Int(option("--threads") ?? "") ?? ProcessInfo.processInfo.activeProcessorCount
let endYear = Int(option("--years") ?? "2035") ?? 2035

// Every NATO and EU country, the three Hague variants; gaps filled as the shipped scenarios do.
let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
let scenarioText = """
    {"extends": "common/missing-figures.json", "name": "benchmark: NATO and EU, three targets",
     "countries": ["NATO", "EU27"], "end_year": \(endYear),
     "variants": [
       {"label": "2%", "defence": {"target_pct_gdp": 2, "by": 2035}},
       {"label": "3.5%", "defence": {"target_pct_gdp": 3.5, "by": 2035}},
       {"label": "5%", "defence": {"target_pct_gdp": 3.5, "by": 2035}, "related": {"target_pct_gdp": 1.5, "by": 2035}}]}
    """
let scenario: Scenario
do {
    scenario = try ScenarioLoader().load(
        text: scenarioText, file: "benchmark.json", directory: root.appendingPathComponent("Scenarios"))
} catch {
    print(error)
    exit(1)
}
let dataset = Dataset.builtIn
let codes = scenario.countries.map(\.code)
let covariance = ShockCovariance.estimate(history: dataset.shockHistory(), countries: codes)
let groups = ["NATO", "EU27", "EURO-AREA", "NATO-EUROPE-CANADA", "SAFE"].map { ($0, dataset.groups[$0]!.members) }
let chunk = Int(option("--chunk") ?? "") ?? StochasticSettings(draws: 1, seed: 0).chunkSize
let bins = Int(option("--bins") ?? "") ?? StochasticSettings(draws: 1, seed: 0).bins
let tile = Int(option("--tile") ?? "")
let budget = Int(option("--memory-budget-mib") ?? "").map { $0 << 20 } ?? StochasticSettings.defaultMemoryBudget
let settings = StochasticSettings(
    draws: draws, seed: seed, chunkSize: chunk, threads: threads, bins: bins, memoryBudget: budget, tileDraws: tile)

let start = now()
let result = try StochasticEngine().run(scenario.request, covariance: covariance, groups: groups, settings: settings)
let wall = now() - start
let timing = result.timing
let lanes = scenario.countries.count * (scenario.variants.count + 1)
print(
    "milex stochastic: \(codes.count) countries × \(scenario.variants.count + 1) variants (baseline + 3) × \(result.years.count - 1) years (\(result.years[1])–\(endYear)) × \(draws) draws, \(threads) thread(s), \(result.entities.count - codes.count) groups"
)
print(String(format: "  wall time           %.3f s", wall))
print(
    String(
        format: "  phases (wall s)     engine setup %.3f · pilot block %.3f · parallel blocks %.3f · percentiles %.3f",
        timing.preparationWall, timing.pilotWall, timing.parallelWall, timing.assemblyWall))
print(
    String(
        format: "  stages (CPU s)      normals %.3f · shock dgemm %.3f · recursion %.3f · histograms %.3f", timing.generation,
        timing.multiplication, timing.recursion, timing.binning))
print(
    String(
        format: "  shock product       %.1f GFLOP in %.3f s of CPU = %.1f GFLOP/s per thread (n = %d)",
        timing.multiplicationFlops / 1e9, timing.multiplication, timing.multiplicationFlops / timing.multiplication / 1e9,
        3 * codes.count))
print(
    String(
        format: "  lane-years          %.0f M (%d lanes × %d years × %d draws)",
        Double(lanes * (result.years.count - 1) * draws) / 1e6, lanes, result.years.count - 1, draws))
if let plan = timing.memory {
    print(
        String(
            format: "  memory plan         %d worker(s), tiles of %d draws, %.1f MiB per worker, %.1f MiB shared", plan.workers,
            plan.tileDraws, Double(plan.bytesPerWorker) / 1_048_576, Double(plan.sharedBytes) / 1_048_576))
}
print(String(format: "  peak memory         %.0f MiB (VmHWM)", peakMemoryMiB()))
let nato = result.entities.firstIndex { $0.code == "NATO" }!
let p = result.percentiles(.debt, variant: 3, entity: nato, yearIndex: result.years.count - 1)
print(
    String(
        format: "  NATO debt %d, 5%% variant: p10 %.2f · p50 %.2f · p90 %.2f %% of GDP; P(debt > 90) = %.3f", endYear, p[0], p[4],
        p[8], result.probabilities[3][nato].debtAbove90))

if let path = option("--export") {
    // The same inputs for the numpy program: per lane and year the deterministic growth,
    // market rate, primary balance, SAFE flows; constants; the Cholesky factor.
    let setup = StochasticBenchmarkExport.make(
        scenario: scenario, covariance: covariance, groups: groups, draws: draws, seed: seed)
    try setup.write(to: URL(fileURLWithPath: path), atomically: true, encoding: .utf8)
    print("  inputs written to \(path)")
}
