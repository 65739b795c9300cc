import Foundation
import MilexNumerics
import Testing

@testable import MilexModel

@Suite("Stochastic projections (MODEL.md §8)")
struct StochasticTests {
    let countries = [
        country("XA", safe: 5, escapeYears: [2025, 2026]),
        // A non-euro country: group sums convert it, and zero variance must still be exact.
        country(
            "XB", gdp: 900, growth: 5, debt: 50, primary: -2, implicit: 4, market: 4.5, maturity: 5, currency: "PLN",
            perEUR: 4.3),
        country("XC", gdp: 200, growth: 2, debt: 120, primary: 1, implicit: 2, market: 3, maturity: 9),
    ]
    let variants = [
        PolicyVariant(label: "3.5", defence: .linear(to: 3.5, by: 2030), financing: FinancingPlan(offsetShare: 0.2, safe: true))
    ]

    func request(end: Int = 2035) -> ProjectionRequest {
        ProjectionRequest(baseYear: 2024, endYear: end, countries: countries, variants: variants)
    }

    /// A covariance with the given standard deviations and cross-country correlation.
    func covariance(_ sd: [Double], across: Double = 0.3) throws -> ShockCovariance {
        let within = Matrix([[1, -0.2, 0.3], [-0.2, 1, -0.1], [0.3, -0.1, 1]])
        return try ShockCovariance.given(
            countries: countries.map(\.code),
            standardDeviations: Dictionary(uniqueKeysWithValues: countries.map { ($0.code, sd) }),
            withinCountry: within, acrossCountries: across)
    }

    @Test("with zero variance every percentile equals the deterministic path exactly", arguments: [1, 7, 2048, 5000])
    func zeroVariance(draws: Int) throws {
        let zero = ShockCovariance.zero(countries: countries.map(\.code))
        let result = try StochasticEngine().run(
            request(), covariance: zero, groups: [("ALL", ["XC", "XA", "XB"]), ("TWO", ["XC", "XB"])],
            settings: StochasticSettings(draws: draws, seed: 3, chunkSize: 1000))
        for variant in result.variants.indices {
            for entity in result.entities.indices {
                for metric in StochasticMetric.allCases {
                    let path = result.deterministicPath(metric, variant: variant, entity: entity)
                    for t in result.years.indices {
                        let percentiles = result.percentiles(metric, variant: variant, entity: entity, yearIndex: t)
                        #expect(
                            percentiles.allSatisfy { $0 == path[t] },
                            "\(result.entities[entity].code) \(metric) \(result.years[t])")
                        #expect(
                            abs(result.mean(metric, variant: variant, entity: entity, yearIndex: t) - path[t]) <= 1e-12
                                * max(1, abs(path[t])))
                    }
                }
                let last = result.deterministicPath(.debt, variant: variant, entity: entity).last!
                #expect(result.probabilities[variant][entity].debtAbove60 == (last > 60 ? 1 : 0))
            }
        }
    }

    @Test("the same seed gives the same percentiles, whatever the number of threads; another seed does not")
    func reproducible() throws {
        let shocks = try covariance([1.0, 0.5, 0.8])
        func run(seed: UInt64, threads: Int) throws -> [Double] {
            let result = try StochasticEngine().run(
                request(), covariance: shocks, groups: [("ALL", ["XA", "XB", "XC"])],
                settings: StochasticSettings(draws: 9000, seed: seed, chunkSize: 1000, threads: threads))
            return result.entities.indices.flatMap { entity in
                result.percentiles(.debt, variant: 1, entity: entity, yearIndex: result.years.count - 1)
                    + [
                        result.mean(.balance, variant: 1, entity: entity, yearIndex: 3),
                        result.probabilities[1][entity].deficitAbove3AnyYear,
                    ]
            }
        }
        let first = try run(seed: 42, threads: 1)
        #expect(first == (try run(seed: 42, threads: 1)))
        #expect(first == (try run(seed: 42, threads: 2)))
        #expect(first != (try run(seed: 43, threads: 2)))
    }

    @Test("percentiles never decrease and spread out over the horizon")
    func monotone() throws {
        let result = try StochasticEngine().run(
            request(), covariance: try covariance([1.0, 0.5, 0.8]), groups: [],
            settings: StochasticSettings(draws: 20000, seed: 1))
        for variant in result.variants.indices {
            for entity in result.entities.indices {
                for metric in StochasticMetric.allCases {
                    for t in result.years.indices {
                        let p = result.percentiles(metric, variant: variant, entity: entity, yearIndex: t)
                        #expect(zip(p, p.dropFirst()).allSatisfy { $0 <= $1 })
                    }
                }
                let early = result.percentiles(.debt, variant: variant, entity: entity, yearIndex: 1)
                let late = result.percentiles(.debt, variant: variant, entity: entity, yearIndex: result.years.count - 1)
                #expect(late[8] - late[0] > early[8] - early[0])
            }
        }
    }

    @Test(
        "the sample covariance of the generated shocks matches the target within a tolerance that scales with N",
        arguments: [20_000, 200_000])
    func sampleCovariance(draws: Int) throws {
        let target = try covariance([1.2, 0.4, 0.9], across: 0.5)
        let lower = try target.factor()
        let n = lower.rows
        var generator = SeededGenerator(seed: 99)
        let normals = StandardNormal.draws(draws * n, using: &generator)
        var shocks = [Double](repeating: 0, count: draws * n)
        normals.withUnsafeBufferPointer { a in
            shocks.withUnsafeMutableBufferPointer { c in lower.multiplyTransposed(left: a, rows: draws, into: c) }
        }
        for i in 0..<n {
            for j in 0...i {
                var sum = 0.0
                for k in 0..<draws { sum += shocks[k + draws * i] * shocks[k + draws * j] }
                let sample = sum / Double(draws)
                let sigma = target.matrix
                // Standard error of a sample covariance of jointly normal variables.
                let standardError = ((sigma[i, i] * sigma[j, j] + sigma[i, j] * sigma[i, j]) / Double(draws)).squareRoot()
                #expect(abs(sample - sigma[i, j]) < 5 * standardError, "(\(i), \(j)): \(sample) vs \(sigma[i, j])")
            }
        }
    }

    @Test("one country, growth shocks only, one year: percentiles match the analytic distribution")
    func closedForm() throws {
        // d_1 = 100·(D_0 + INT)/(Y_0·(1 + g/100)) − pb with g ~ N(g_0, σ²): decreasing in g, so the
        // p-quantile of d_1 comes from the (1 − p)-quantile of g.
        let one = [country("XA", gdp: 500, growth: 3, debt: 90, primary: -1, implicit: 2.5, market: 3.2, maturity: 7)]
        let sigma = 1.5
        let shocks = try ShockCovariance.given(
            countries: ["XA"], standardDeviations: ["XA": [sigma, 0, 0]], withinCountry: nil, acrossCountries: 0)
        let draws = 400_000
        let result = try StochasticEngine().run(
            ProjectionRequest(baseYear: 2024, endYear: 2025, countries: one, variants: []), covariance: shocks, groups: [],
            settings: StochasticSettings(draws: draws, seed: 7))
        let debt0 = 0.9 * 500.0
        let interest = 0.025 * debt0
        func ratio(growth: Double) -> Double { 100 * (debt0 + interest) / (500 * (1 + growth / 100)) + 1 }
        let percentiles = result.percentiles(.debt, variant: 0, entity: 0, yearIndex: 1)
        for (level, value) in zip(StochasticSettings.percentileLevels, percentiles) {
            let z = inverseNormal(1 - level / 100)
            let expected = ratio(growth: 3 + sigma * z)
            // Standard error of a sample quantile: √(p(1 − p)/N)/f(q), f the density of d_1 at q.
            let p = level / 100
            let density = normalDensity(z) / sigma / abs(derivative(ratio, at: 3 + sigma * z))
            let tolerance = 5 * (p * (1 - p) / Double(draws)).squareRoot() / density + 1e-3
            #expect(abs(value - expected) < tolerance, "p\(Int(level)): \(value) vs \(expected) ± \(tolerance)")
        }
        // P(d_1 > d_0) = P(g < g*) with ratio(g*) = 90.
        var low = -50.0
        var high = 50.0
        for _ in 0..<200 {
            let middle = (low + high) / 2
            if ratio(growth: middle) > 90 { low = middle } else { high = middle }
        }
        let probability = StandardNormal.cdf((low - 3) / sigma)
        #expect(
            abs(result.probabilities[0][0].debtAboveBase - probability) < 5
                * (probability * (1 - probability) / Double(draws)).squareRoot())
    }

    func normalDensity(_ z: Double) -> Double { exp(-z * z / 2) / (2 * Double.pi).squareRoot() }

    func derivative(_ f: (Double) -> Double, at x: Double) -> Double { (f(x + 1e-5) - f(x - 1e-5)) / 2e-5 }

    /// Φ⁻¹ by bisection on the exact CDF (accurate to 1e-12).
    func inverseNormal(_ p: Double) -> Double {
        var low = -10.0
        var high = 10.0
        for _ in 0..<100 {
            let middle = (low + high) / 2
            if StandardNormal.cdf(middle) < p { low = middle } else { high = middle }
        }
        return (low + high) / 2
    }

    @Test("an estimated covariance is positive definite, with defaults flagged for countries without history")
    func estimation() throws {
        var generator = SeededGenerator(seed: 5)
        var history: [String: [ShockCovariance.Observation]] = [:]
        // XA and XB share 20 years of correlated shocks; XB's last 6 years have no rate series.
        for year in 2001...2020 {
            let common = StandardNormal.next(using: &generator)
            let a = [
                common + 0.3 * StandardNormal.next(using: &generator), 0.2 * StandardNormal.next(using: &generator), 0.5 * common,
            ]
            let b = [
                0.8 * common, year > 2014 ? nil : 0.1 * StandardNormal.next(using: &generator),
                StandardNormal.next(using: &generator),
            ]
            history["XA", default: []].append(.init(year: year, values: a.map { Optional($0) }))
            history["XB", default: []].append(.init(year: year, values: b))
        }
        let estimate = ShockCovariance.estimate(history: history, countries: ["XA", "XB", "XC"])
        #expect(estimate.defaults.keys.sorted() == ["XC"])
        #expect(try estimate.factor().rows == 9)
        #expect(estimate.matrix[0, 3] > 0)
        #expect(estimate.matrix[6, 0] == 0)
        #expect(estimate.matrix[6, 6] > 0)

        // The default is the median standard deviation over the whole history, squared — also
        // when no country with history is in the run. With two countries the median is the
        // mean of their standard deviations (not of their variances).
        func standardDeviation(_ code: String, _ variable: Int) -> Double {
            let values = history[code]!.compactMap { $0.values[variable] }
            let mean = values.reduce(0, +) / Double(values.count)
            return (values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count - 1)).squareRoot()
        }
        let alone = ShockCovariance.estimate(history: history, countries: ["XC"])
        #expect(alone.defaults.keys.sorted() == ["XC"])
        for variable in 0..<3 {
            let median = (standardDeviation("XA", variable) + standardDeviation("XB", variable)) / 2
            #expect(abs(alone.matrix[variable, variable] - median * median) <= 1e-12 * median * median)
        }
        // The estimate does not depend on the order of a dictionary or set: the same bits twice.
        let again = ShockCovariance.estimate(history: history, countries: ["XA", "XB", "XC"])
        #expect(again.matrix == estimate.matrix)
    }

    @Test(
        "memory is planned before the work: 100 countries × 4 variants to 2100, every year shocked, fit the 768 MiB budget on any number of threads"
    )
    func memoryPlanOfALargeRun() {
        let countries = 100
        let years = 2100 - 2024
        let groups = 0
        let seriesCount = 4 * (countries + groups) * years * StochasticMetric.allCases.count
        let product = ShockProduct(lower: Matrix.identity(ShockCovariance.variableCount * countries))
        for threads in [1, 2, 8, 64] {
            let settings = StochasticSettings(draws: 1_000_000, seed: 1, threads: threads)
                .sized(shockYears: years, countries: countries, seriesCount: seriesCount)
            #expect(settings.chunkSize < 4096 && settings.bins < 2048, "blocks and bins sized down: \(settings)")
            let plan = StochasticMemoryPlan.make(
                settings: settings, years: years, shockYears: years, countries: countries, groups: groups,
                seriesCount: seriesCount, largestBlock: settings.chunkSize, parallelBlocks: 244,
                scratchCount: product.scratchCount)
            #expect(plan.totalBytes <= StochasticSettings.defaultMemoryBudget, "\(threads) threads: \(plan)")
            #expect(plan.workers >= 1 && plan.workers <= threads)
            #expect(
                (try? StochasticMemoryPlan.check(
                    plan, budget: settings.memoryBudget, seriesCount: seriesCount, block: settings.chunkSize,
                    shockYears: years, countries: countries)) != nil)
        }
    }

    @Test("runs of ordinary size keep the block size and bins as given")
    func ordinarySizing() {
        // NATO ∪ EU (36 countries and 5 groups) × 4 variants to 2035, five shock years.
        let settings = StochasticSettings(draws: 100_000, seed: 1)
        let sized = settings.sized(shockYears: 5, countries: 36, seriesCount: 4 * 41 * 11 * 2)
        #expect(sized.chunkSize == settings.chunkSize && sized.bins == settings.bins)
        // Every year shocked to 2100 for 36 countries still fits the default block.
        #expect(settings.sized(shockYears: 76, countries: 36, seriesCount: 4 * 41 * 76 * 2).chunkSize == 4096)
    }

    @Test("a run whose buffers cannot fit the memory budget is an error before the work, saying what takes the memory")
    func memoryBudgetExceeded() throws {
        let covariance = try covariance([1, 0.5, 0.5])
        let settings = StochasticSettings(draws: 10_000, seed: 1, memoryBudget: 64 << 10)
        do {
            _ = try StochasticEngine().run(request(), covariance: covariance, groups: [], settings: settings)
            Issue.record("a 64 KiB budget was accepted")
        } catch let StochasticError.memory(message) {
            #expect(message.contains("more than the budget of 1 MiB"), "\(message)")
            #expect(message.contains("histograms of 132 series"), "\(message)")
            #expect(message.contains("lower shock_years"), "\(message)")
        }
        // The same run within the default budget goes through, and a smaller budget that still
        // fits one worker gives the same numbers.
        let full = try StochasticEngine().run(
            request(), covariance: covariance, groups: [], settings: StochasticSettings(draws: 10_000, seed: 1, threads: 2))
        let tight = try StochasticEngine().run(
            request(), covariance: covariance, groups: [],
            settings: StochasticSettings(
                draws: 10_000, seed: 1, threads: 2,
                memoryBudget: full.timing.memory!.sharedBytes + full.timing.memory!.bytesPerWorker))
        #expect(tight.timing.memory?.workers == 1)
        #expect(full.timing.memory?.workers == 2)
        #expect(
            full.percentiles(.debt, variant: 1, entity: 0, yearIndex: 10)
                == tight.percentiles(.debt, variant: 1, entity: 0, yearIndex: 10))
    }

    @Test("bad settings and a mismatched covariance are thrown")
    func errors() throws {
        let zero = ShockCovariance.zero(countries: ["XA"])
        #expect(throws: StochasticError.self) {
            try StochasticEngine().run(request(), covariance: zero, groups: [], settings: StochasticSettings(draws: 10, seed: 1))
        }
        #expect(throws: StochasticError.invalidSettings("the number of draws must be at least 1")) {
            try StochasticEngine().run(
                request(), covariance: ShockCovariance.zero(countries: countries.map(\.code)), groups: [],
                settings: StochasticSettings(draws: 0, seed: 1))
        }
        #expect(throws: NumericsError.self) {
            try ShockCovariance.given(
                countries: ["XA"], standardDeviations: ["XA": [1, 1, 1]],
                withinCountry: Matrix([[1, 0.9, 0.9], [0.9, 1, -0.9], [0.9, -0.9, 1]]), acrossCountries: 0)
        }
    }
}
