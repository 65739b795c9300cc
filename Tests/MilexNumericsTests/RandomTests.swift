import Foundation
import Testing

@testable import MilexNumerics

@Suite("Seeded generator and normal draws")
struct RandomTests {
    @Test("xoshiro256** matches the reference sequence")
    func referenceSequence() {
        // SplitMix64 seeding of 0 then xoshiro256**: first outputs of the reference C code
        // (splitmix64.c + xoshiro256starstar.c, state seeded with four splitmix64 outputs).
        var generator = SeededGenerator(seed: 0)
        let first = (0..<3).map { _ in generator.next() }
        #expect(first == [0x99EC_5F36_CB75_F2B4, 0xBF6E_1F78_4956_452A, 0x1A5F_849D_4933_E6E0])
    }

    @Test("the same seed gives the same draws; another seed or stream does not")
    func reproducible() {
        var a = SeededGenerator(seed: 42)
        var b = SeededGenerator(seed: 42)
        var c = SeededGenerator(seed: 43)
        let drawsA = StandardNormal.draws(1000, using: &a)
        #expect(drawsA == StandardNormal.draws(1000, using: &b))
        #expect(drawsA != StandardNormal.draws(1000, using: &c))
        var jumped = SeededGenerator(seed: 42).jumped(by: 1)
        #expect(drawsA != StandardNormal.draws(1000, using: &jumped))
    }

    @Test("uniforms lie in [0, 1) with mean ½ and variance 1/12")
    func uniforms() {
        var generator = SeededGenerator(seed: 7)
        let n = 200_000
        var sum = 0.0
        var sumSquares = 0.0
        for _ in 0..<n {
            let u = generator.nextUniform()
            #expect(u >= 0 && u < 1)
            sum += u
            sumSquares += u * u
        }
        let mean = sum / Double(n)
        let variance = sumSquares / Double(n) - mean * mean
        // Standard errors: √(1/12/n) ≈ 6.5e-4 for the mean; 5 σ bands.
        #expect(abs(mean - 0.5) < 5 * (1.0 / 12 / Double(n)).squareRoot())
        #expect(abs(variance - 1.0 / 12) < 5 * (1.0 / 180 / Double(n)).squareRoot())
    }

    @Test("normal draws: moments and the Kolmogorov–Smirnov distance")
    func normalMoments() {
        var generator = SeededGenerator(seed: 2024)
        let n = 400_000
        var draws = StandardNormal.draws(n, using: &generator)
        let mean = draws.reduce(0, +) / Double(n)
        let variance = draws.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(n - 1)
        let skew = draws.reduce(0) { $0 + pow($1 - mean, 3) } / Double(n) / pow(variance, 1.5)
        let kurtosis = draws.reduce(0) { $0 + pow($1 - mean, 4) } / Double(n) / (variance * variance)
        let root = Double(n).squareRoot()
        // Standard errors: mean 1/√n, variance √(2/n), skew √(6/n), kurtosis √(24/n); 5 σ.
        #expect(abs(mean) < 5 / root)
        #expect(abs(variance - 1) < 5 * 2.0.squareRoot() / root)
        #expect(abs(skew) < 5 * 6.0.squareRoot() / root)
        #expect(abs(kurtosis - 3) < 5 * 24.0.squareRoot() / root)
        draws.sort()
        var ks = 0.0
        for (i, x) in draws.enumerated() {
            let cdf = StandardNormal.cdf(x)
            ks = max(ks, max(abs(cdf - Double(i) / Double(n)), abs(cdf - Double(i + 1) / Double(n))))
        }
        // The KS critical value at the 0.1 % level is 1.95/√n.
        #expect(ks < 1.95 / root)
        // The tail beyond r = 3.654 (the ziggurat's fallback) has the right mass: P(|Z| > r) ≈ 2.58e-4.
        let tail = draws.filter { abs($0) > ZigguratTables.r }.count
        let expectedTail = 2 * (1 - StandardNormal.cdf(ZigguratTables.r)) * Double(n)
        #expect(abs(Double(tail) - expectedTail) < 5 * expectedTail.squareRoot())
    }
}

@Suite("Quantiles by selection")
struct QuantileTests {
    /// numpy's type-7 quantile on a sorted copy, the reference.
    func sortedQuantile(_ values: [Double], _ p: Double) -> Double {
        let sorted = values.sorted()
        let h = Double(sorted.count - 1) * p
        let low = Int(h.rounded(.down))
        if low + 1 >= sorted.count { return sorted[low] }
        return sorted[low] + (h - Double(low)) * (sorted[low + 1] - sorted[low])
    }

    @Test("selection equals sorting", arguments: [1, 2, 3, 10, 11, 1000, 4097])
    func matchesSorting(n: Int) {
        var generator = SeededGenerator(seed: UInt64(n))
        var values = (0..<n).map { _ in generator.nextUniform() * 100 - 50 }
        // Ties must not break selection.
        if n > 4 {
            values[1] = values[0]
            values[3] = values[0]
        }
        let probabilities = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0, 1, 0.25]
        let result = Quantiles.compute(values, at: probabilities)
        for (p, q) in zip(probabilities, result) { #expect(q == sortedQuantile(values, p)) }
        #expect(zip(result.prefix(9), result.prefix(9).dropFirst()).allSatisfy { $0 <= $1 })
    }

    @Test("known small cases")
    func known() {
        #expect(Quantiles.compute([1, 2, 3, 4], at: [0.5]) == [2.5])
        #expect(Quantiles.compute([5], at: [0.1, 0.9]) == [5, 5])
        #expect(Quantiles.compute([3, 1, 2], at: [0, 1]) == [1, 3])
    }
}
