import Foundation
import MilexData
import MilexModel
import MilexNumerics
import MilexScenario

/// `milex-bench --solve FILE --constraint C … [--draws N] [--one-at-a-time] [--repeat K]`: the
/// solver's own time (start-up, loading and the document excluded), best of K runs; with
/// `--one-at-a-time` the same solve country by country, for the side-by-side figure.
enum SolveBenchmark {
    static func values(_ name: String) -> [String] {
        let arguments = CommandLine.arguments
        return arguments.indices.filter { arguments[$0] == name && $0 + 1 < arguments.count }.map { arguments[$0 + 1] }
    }

    static func run(file: String) throws {
        let scenario = try ScenarioLoader().load(file: file)
        let constraints = try values("--constraint").map {
            try SolveConstraint(parsing: $0, baseYear: scenario.baseYear, endYear: scenario.endYear)
        }
        let draws = Int(option("--draws") ?? "100000") ?? 100_000
        let repeats = Int(option("--repeat") ?? "3") ?? 3
        let stochastic = constraints.contains(where: \.isStochastic)
        let codes = scenario.countries.map(\.code)
        let full = ShockCovariance.estimate(history: Dataset.builtIn.shockHistory(), countries: codes)
        func settings(_ countries: [Int]) -> StochasticSolveSettings? {
            guard stochastic else { return nil }
            // A country alone keeps its own block of the joint covariance.
            let v = ShockCovariance.variableCount
            var matrix = Matrix(rows: countries.count * v, columns: countries.count * v)
            for (a, c) in countries.enumerated() {
                for (b, d) in countries.enumerated() {
                    for i in 0..<v { for j in 0..<v { matrix[a * v + i, b * v + j] = full.matrix[c * v + i, d * v + j] } }
                }
            }
            return StochasticSolveSettings(
                covariance: ShockCovariance(countries: countries.map { codes[$0] }, matrix: matrix, method: full.method),
                settings: StochasticSettings(draws: draws, seed: 1))
        }
        func timed(_ body: () throws -> AffordabilityResult) rethrows -> (Double, AffordabilityResult) {
            var best = Double.infinity
            var last: AffordabilityResult?
            for _ in 0..<repeats {
                let start = now()
                last = try body()
                best = min(best, now() - start)
            }
            return (best, last!)
        }
        let (batched, result) = try timed {
            try AffordabilitySolver().solve(
                scenario.request, constraints: constraints, unknown: .target, stochastic: settings(Array(codes.indices)))
        }
        let lanes = result.solutions.count
        let statuses = Dictionary(grouping: result.solutions, by: \.status.rawValue).mapValues(\.count)
        print(
            String(
                format:
                    "solve, all lanes together: %d countries × %d variants × %d constraints%@ in %.3f s (best of %d), %d evaluations; peak memory %.0f MiB",
                codes.count, scenario.variants.count, constraints.count, stochastic ? " at \(draws) draws" : "", batched, repeats,
                result.evaluations, peakMemoryMiB()))
        print(
            "  statuses: \(statuses.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")) of \(lanes)"
        )
        guard CommandLine.arguments.contains("--one-at-a-time") else { return }
        var total = 0.0
        for (c, country) in scenario.countries.enumerated() {
            var request = scenario.request
            request.countries = [country]
            let start = now()
            _ = try AffordabilitySolver().solve(request, constraints: constraints, unknown: .target, stochastic: settings([c]))
            total += now() - start
        }
        print(
            String(
                format: "solve, one country at a time: %.3f s (%.3f s per country); all together is %.1f× faster",
                total, total / Double(codes.count), total / batched))
    }
}
