import MilexNumerics
import Testing

@testable import MilexModel

/// MODEL.md §14 on a country where the debt ratio is linear in the unknown.
///
/// With `r = g` (implicit, market and growth rates equal), `M = 1` (every year's stock is
/// refinanced at `rm = g`, so `i_t = g`), a zero primary balance, nothing offset and a linear
/// path from `s_B` to `T` reached in `Y` (start `B+1`):
/// `D_t = (1 + g/100)·D_{t−1} + Δ_t·Y_t/100` and `Y_t = (1 + g/100)·Y_{t−1}`, so
/// `d_t = d_{t−1} + Δ_t` and `d_E = d_B + (T − s_B)·W(Y)` with `W(Y) = Σ_{t=B+1}^{E} min((t − B)/(Y − B), 1)`.
/// Hence `debt<=X` gives `T* = s_B + (X − d_B)/W`, the offset `o* = 1 − (X − d_B)/((T − s_B)·W)`,
/// and the earliest year the smallest `Y` with `d_B + (T − s_B)·W(Y) ≤ X`.
@Suite("milex solve: closed forms, statuses and every constraint (MODEL.md §14)")
struct SolverTests {
    static let base = 2024
    static let end = 2035
    static let debtB = 70.0
    static let shareB = 1.5

    static func linearCountry(_ code: String = "XA", debt: Double = debtB) -> CountryInputs {
        country(
            code, growth: 3, debt: debt, primary: 0, implicit: 3, market: 3, maturity: 1, defence: shareB, defence2021: nil,
            related: 0)
    }

    /// `W(Y)`.
    static func weight(by year: Int) -> Double {
        (base + 1...end).reduce(0) { $0 + min(Double($1 - base) / Double(year - base), 1) }
    }

    static func solve(
        _ constraints: [String], unknown: SolveUnknown = .target, variants: [PolicyVariant]? = nil,
        countries: [CountryInputs] = [linearCountry()]
    ) throws -> AffordabilityResult {
        let request = ProjectionRequest(
            baseYear: base, endYear: end, countries: countries,
            variants: variants ?? [PolicyVariant(label: "3.5 by 2030", defence: .linear(to: 3.5, by: 2030))])
        let parsed = try constraints.map { try SolveConstraint(parsing: $0, baseYear: base, endYear: end) }
        return try AffordabilitySolver().solve(request, constraints: parsed, unknown: unknown)
    }

    @Test("debt<=X: the target is s_B + (X − d_B)/W to ±0.001 pp, on the feasible side", arguments: [72.0, 80, 90, 101.5])
    func targetClosedForm(limit: Double) throws {
        let solution = try Self.solve(["debt<=\(limit)"]).solutions[0]
        let exact = Self.shareB + (limit - Self.debtB) / Self.weight(by: 2030)
        #expect(solution.status == .solved)
        let value = try #require(solution.value)
        #expect(abs(value - exact) <= 0.001, "solved \(value), exact \(exact)")
        #expect(value <= exact + 1e-9, "the value is on the feasible side")
        #expect(solution.binding == "debt<=\(limit)")
        #expect(solution.monotone)
    }

    @Test("debt<=X with --unknown offset: o = 1 − (X − d_B)/((T − s_B)·W) to ±0.0001", arguments: [71.0, 75, 80])
    func offsetClosedForm(limit: Double) throws {
        let solution = try Self.solve(["debt<=\(limit)"], unknown: .offset).solutions[0]
        let exact = 1 - (limit - Self.debtB) / ((3.5 - Self.shareB) * Self.weight(by: 2030))
        #expect(solution.status == .solved)
        let value = try #require(solution.value)
        #expect(abs(value - exact) <= 0.0001, "solved \(value), exact \(exact)")
        #expect(value >= exact - 1e-9, "the value is on the feasible side")
    }

    @Test("debt<=X with --unknown year: the earliest year with d_B + (T − s_B)·W(Y) ≤ X, exactly", arguments: [85.0, 88, 90])
    func yearClosedForm(limit: Double) throws {
        let variant = PolicyVariant(label: "3.5 by 2026", defence: .linear(to: 3.5, by: 2026))
        let solution = try Self.solve(["debt<=\(limit)"], unknown: .year, variants: [variant]).solutions[0]
        let exact = (Self.base + 1...Self.end).first { Self.debtB + (3.5 - Self.shareB) * Self.weight(by: $0) <= limit }
        if let exact, exact > Self.base + 1 {
            #expect(solution.status == .solved)
            #expect(solution.value == Double(exact))
        } else {
            #expect(solution.status == (exact == nil ? .infeasible : .unconstrained))
        }
    }

    @Test("infeasible when even the starting share fails; unconstrained when 10 % of GDP passes")
    func statuses() throws {
        let infeasible = try Self.solve(["debt<=60"]).solutions[0]
        #expect(infeasible.status == .infeasible && infeasible.value == nil && infeasible.binding == nil)
        #expect(infeasible.violated == ["debt<=60"])
        let unconstrained = try Self.solve(["debt<=200"]).solutions[0]
        #expect(unconstrained.status == .unconstrained && unconstrained.value == 10)
        let offset = try Self.solve(["debt<=200"], unknown: .offset).solutions[0]
        #expect(offset.status == .unconstrained && offset.value == 0)
        let noPath = try Self.solve(["debt<=90"], variants: [PolicyVariant(label: "none")]).solutions[0]
        #expect(noPath.status == .notApplicable)
    }

    @Test("many countries are solved together, each to its own closed form")
    func lanesTogether() throws {
        let countries = (0..<12).map { Self.linearCountry("X\(Character(UnicodeScalar(65 + $0)!))", debt: 60 + Double($0)) }
        let result = try Self.solve(["debt<=85"], countries: countries)
        for (c, solution) in result.solutions.enumerated() {
            let exact = Self.shareB + (85 - (60 + Double(c))) / Self.weight(by: 2030)
            #expect(solution.status == .solved)
            #expect(abs(solution.value! - exact) <= 0.001)
        }
        // One batched search: far fewer evaluations than twelve separate ones would take.
        #expect(result.evaluations <= 30, "\(result.evaluations) evaluations")
    }

    /// A richer country for the other constraint kinds (deficits, escape clause, the safeguard).
    static let richer = country(
        "XR", growth: 3.5, debt: 95, primary: 0.5, implicit: 2.5, market: 3.4, maturity: 6, defence: 1.8, defence2021: 1.2,
        related: 0, escapeYears: [2025, 2026, 2027, 2028])

    static let surplus = country(
        "XS", growth: 3.5, debt: 95, primary: 3, implicit: 2.5, market: 3.4, maturity: 6, defence: 1.8, defence2021: 1.2,
        related: 0)

    @Test(
        "every deterministic kind: holds at the value, fails 0.002 pp above it, binding names the tightest",
        arguments: ["debt<=100@2030", "debt-stable", "deficit<=3", "deficit<=2.5+flex", "safeguard", "debt<=98"])
    func everyKind(text: String) throws {
        let variant = PolicyVariant(label: "5 by 2035", defence: .linear(to: 5, by: 2035))
        // The safeguard needs a country whose debt can fall 1 pp a year at its starting share.
        let inputs = text == "safeguard" ? Self.surplus : Self.richer
        let result = try Self.solve([text], variants: [variant], countries: [inputs])
        let solution = result.solutions[0]
        try #require(solution.status == .solved, "\(text): \(solution.status)")
        let constraint = try SolveConstraint(parsing: text, baseYear: Self.base, endYear: Self.end)
        func slack(at target: Double) throws -> Double {
            var trial = variant
            trial.defence?.target = target
            let projection = try run([inputs], [trial], base: Self.base, end: Self.end)
            return AffordabilitySolver.slack(of: constraint, variant: 1, country: 0, in: projection)
        }
        #expect(try slack(at: solution.value!) >= 0)
        #expect(try slack(at: solution.value! + 0.002) < 0)
        #expect(solution.binding == text)
    }

    @Test("two constraints: binding is the one with the smallest slack at the solution")
    func binding() throws {
        let variant = PolicyVariant(label: "5 by 2035", defence: .linear(to: 5, by: 2035))
        let result = try Self.solve(["debt<=120", "deficit<=3"], variants: [variant], countries: [Self.richer])
        let solution = result.solutions[0]
        #expect(solution.status == .solved)
        #expect(solution.binding == (solution.slacks[0] < solution.slacks[1] ? "debt<=120" : "deficit<=3"))
        #expect(solution.slacks.allSatisfy { $0 >= 0 })
    }

    @Test("p(debt>X)<=P@YEAR and p(debt>X@YEAR)<=P are the same constraint")
    func probabilityYear() throws {
        let a = try SolveConstraint(parsing: "p(debt>90)<=0.3@2030", baseYear: Self.base, endYear: Self.end)
        let b = try SolveConstraint(parsing: "p(debt > 90@2030) <= 0.3", baseYear: Self.base, endYear: Self.end)
        #expect(a.kind == b.kind && a.kind == .debtProbability(threshold: 90, year: 2030, probability: 0.3))
        #expect(throws: SolveConstraintError.self) {
            try SolveConstraint(parsing: "p(debt>90@2030)<=0.3@2031", baseYear: Self.base, endYear: Self.end)
        }
    }

    @Test("bad constraints name what was expected and what came")
    func badConstraints() {
        for (text, fragment) in [
            ("debt<=abc", "must be a number, found \"abc\""), ("p(debt>90)<=1.5", "must lie in [0, 1]"),
            ("debts<=3", "unknown kind"), ("debt<=90@2050", "outside the run (2024–2035)"),
            ("p(deficit>4)<=0.2", "threshold of a probability is the 3 % reference value"),
        ] {
            #expect {
                _ = try SolveConstraint(parsing: text, baseYear: Self.base, endYear: Self.end)
            } throws: { error in
                "\(error)".contains(fragment)
            }
        }
    }

    // MARK: - Stochastic constraints

    static func stochasticRequest(target: Double = 3.5) -> ProjectionRequest {
        ProjectionRequest(
            baseYear: base, endYear: end, countries: [linearCountry(debt: 80)],
            variants: [PolicyVariant(label: "v", defence: .linear(to: target, by: 2030))])
    }

    static func covariance() throws -> ShockCovariance {
        try ShockCovariance.given(
            countries: ["XA"], standardDeviations: ["XA": [1.5, 0.4, 1.0]], withinCountry: nil, acrossCountries: 0)
    }

    @Test("p(debt>90)<=0.3: the probability at the solution is the fan engine's at that target (same draws)")
    func stochasticMatchesFanEngine() throws {
        let settings = StochasticSettings(draws: 3000, seed: 11, threads: 2)
        let constraint = try SolveConstraint(parsing: "p(debt>90)<=0.3", baseYear: Self.base, endYear: Self.end)
        let result = try AffordabilitySolver().solve(
            Self.stochasticRequest(), constraints: [constraint], unknown: .target,
            stochastic: StochasticSolveSettings(covariance: try Self.covariance(), settings: settings))
        let solution = result.solutions[0]
        try #require(solution.status == .solved)
        let value = try #require(solution.value)
        let estimate = try #require(solution.probabilities.first)
        #expect(estimate.probability <= 0.3)
        let standardError: Double = (estimate.probability * (1 - estimate.probability) / 3000).squareRoot()
        #expect(abs(estimate.standardError - standardError) < 1e-15)
        func fan(_ target: Double, seed: UInt64 = 11, draws: Int = 3000) throws -> Double {
            let run = try StochasticEngine().run(
                Self.stochasticRequest(target: target), covariance: try Self.covariance(), groups: [],
                settings: StochasticSettings(draws: draws, seed: seed, threads: 1))
            return run.probabilities[1][0].debtAbove90
        }
        // The same draws: the fan engine's count at the value is the solver's, and just above
        // the bracket the bound is crossed.
        #expect(try fan(value) == estimate.probability)
        #expect(try fan(value + 0.001) > 0.3)
        // A brute-force scan on a 0.01 grid finds the same answer to the grid's resolution.
        // (On a window around the value: the fan engine is monotone in the target with the same draws.)
        let grid = stride(from: value - 0.1, through: value + 0.1, by: 0.01).map { $0 }
        let scanned = try grid.last { try fan($0) <= 0.3 }
        #expect(abs(try #require(scanned) - value) <= 0.0101)
        // Fresh draws: the probability at the value is within Monte Carlo error of the bound.
        let fresh = try fan(value, seed: 99, draws: 20000)
        let error: Double = 4 * (0.3 * 0.7 / 3000).squareRoot() + 4 * (0.3 * 0.7 / 20000).squareRoot()
        #expect(abs(fresh - 0.3) <= error)
    }

    @Test("the thread count does not change a stochastic solution's bits")
    func stochasticThreads() throws {
        let constraints = try ["p(debt>90)<=0.2", "p(deficit>3)<=0.5", "debt<=100"].map {
            try SolveConstraint(parsing: $0, baseYear: Self.base, endYear: Self.end)
        }
        let outcomes = try [1, 2, 3].map { threads in
            try AffordabilitySolver().solve(
                Self.stochasticRequest(), constraints: constraints, unknown: .target,
                stochastic: StochasticSolveSettings(
                    covariance: try Self.covariance(), settings: StochasticSettings(draws: 5000, seed: 3, threads: threads))
            ).solutions[0]
        }
        for outcome in outcomes.dropFirst() {
            #expect(outcome.value == outcomes[0].value)
            #expect(outcome.probabilities == outcomes[0].probabilities)
        }
    }

    @Test("quickselect returns the order statistic", arguments: [1, 2, 3, 5, 10, 101, 1000])
    func select(count: Int) {
        var generator = SeededGenerator(seed: UInt64(count))
        let values = (0..<count).map { _ in Double(generator.next() % 50) }
        let sorted = values.sorted()
        for rank in [0, count / 3, count / 2, count - 1] {
            var copy = values
            let picked = copy.withUnsafeMutableBufferPointer { StochasticSolveEvaluator.select($0, rank: rank) }
            #expect(picked == sorted[rank])
        }
    }
}
