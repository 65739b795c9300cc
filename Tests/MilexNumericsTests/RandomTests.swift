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
