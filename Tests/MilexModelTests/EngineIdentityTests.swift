import Testing

@testable import MilexModel

/// A custom country with round numbers; `changes` adjusts it per test.
func country(
    _ code: String = "XA", gdp: Double = 500, growth: Double = 3, debt: Double = 90, primary: Double = -1,
    implicit: Double = 2.5, market: Double = 3.2, maturity: Double = 7, defence: Double = 1.5,
    defence2021: Double? = 1.2, related: Double = 0.2, safe: Double = 0, escapeYears: [Int] = [],
    currency: String = "EUR", perEUR: Double? = nil, balance: Double? = nil
) -> CountryInputs {
    var inputs = CountryInputs(code: code)
    let source = Provenance.modelDefault("test")
    inputs.set(.currency, .text(currency), from: source)
    if let perEUR { inputs.set(.perEUR, .number(perEUR), from: source) }
    inputs.set(.gdpBn, .number(gdp), from: source)
    inputs.set(.nominalGrowth, .series(YearSeries(constant: growth)), from: source)
    inputs.set(.debt, .number(debt), from: source)
    inputs.set(.primaryBalance, .series(YearSeries(constant: primary)), from: source)
    inputs.set(.implicitRate, .number(implicit), from: source)
    inputs.set(.marketRate, .series(YearSeries(constant: market)), from: source)
    inputs.set(.averageMaturity, .number(maturity), from: source)
    inputs.set(.defence, .number(defence), from: source)
    if let defence2021 { inputs.set(.defence2021, .number(defence2021), from: source) }
    inputs.set(.related, .number(related), from: source)
    inputs.set(.safeAllocation, .number(safe), from: source)
    if !escapeYears.isEmpty { inputs.set(.escapeClauseYears, .years(escapeYears), from: source) }
    if let balance { inputs.set(.balance, .number(balance), from: source) }
    return inputs
}

func run(_ countries: [CountryInputs], _ variants: [PolicyVariant], base: Int = 2024, end: Int = 2035) throws -> ProjectionResult
{
    try ProjectionEngine().run(ProjectionRequest(baseYear: base, endYear: end, countries: countries, variants: variants))
}

/// Relative closeness with an absolute floor for values near zero.
func close(_ a: Double, _ b: Double, relative: Double = 1e-12, absolute: Double = 1e-9) -> Bool {
    abs(a - b) <= max(absolute, relative * max(abs(a), abs(b)))
}

@Suite("Identities of the fiscal recursion (MODEL.md §4)")
struct EngineIdentityTests {
    static let variants: [PolicyVariant] = [
        PolicyVariant(label: "3.5 by 2030", defence: .linear(to: 3.5, by: 2030)),
        PolicyVariant(
            label: "5 with SAFE", defence: .linear(to: 3.5, by: 2035), related: .linear(to: 1.5, by: 2035),
            financing: FinancingPlan(offsetShare: 0.3, safe: true)),
    ]

    @Test("D_t − D_{t−1} equals the financing need F_t in every projected year")
    func debtChangeIsFinancingNeed() throws {
        let result = try run([country(safe: 5), country("XB", debt: 40, primary: 0.5, maturity: 3)], Self.variants, end: 2080)
        for projection in result.allProjections {
            let debt = projection[.debtBn]
            let need = projection[.financingNeedBn]
            // Years at the debt floor are the documented exception (docs/model-notes.md I11).
            for t in 1..<projection.years.count where !projection.flags[t].contains(.debtFloor) {
                #expect(close(debt[t] - debt[t - 1], need[t], relative: 1e-12, absolute: 1e-9 * debt[t]))
            }
        }
    }

    @Test("an offset of 100 % reproduces the baseline debt path", arguments: [0.0, 0.5, 3.0])
    func fullOffsetIsBaseline(market: Double) throws {
        let variant = PolicyVariant(
            label: "offset", defence: .linear(to: 5, by: 2030), related: .linear(to: 1.5, by: 2035),
            financing: FinancingPlan(offsetShare: 1))
        let result = try run([country(market: market)], [variant])
        let baseline = result.projection(variant: 0, country: 0)
        let offset = result.projection(variant: 1, country: 0)
        #expect(offset[.extra].last! > 3)
        for t in baseline.years.indices {
            #expect(close(offset[.debt][t], baseline[.debt][t]))
            #expect(close(offset[.balance][t], baseline[.balance][t]))
        }
    }

    @Test(
        "a linear path reaches its target exactly in its by year and holds",
        arguments: [(2025, 2030), (2027, 2027), (2026, 2035)])
    func linearReachesTarget(years: (Int, Int)) throws {
        let (start, by) = years
        let path = SpendingPath(shape: .linear, target: 3.5, by: by, start: start)
        let result = try run([country()], [PolicyVariant(label: "v", defence: path)], end: 2040)
        let projection = result.projection(variant: 1, country: 0)
        for (t, year) in projection.years.enumerated() {
            let share = projection[.defence][t]
            if year < start { #expect(share == 1.5) }
            if year >= by { #expect(close(share, 3.5, relative: 1e-15, absolute: 1e-14)) }
            if year >= start && year < by { #expect(share > 1.5 && share < 3.5) }
        }
        // Linear: equal steps of (T − s_B)/(Y − S + 1) from the start year.
        if by > start {
            let step = (3.5 - 1.5) / Double(by - start + 1)
            let first = projection.value(.defence, in: start)!
            #expect(close(first, 1.5 + step))
        }
    }

    @Test("r = g with a zero primary balance keeps the debt ratio constant", arguments: [1.0, 7.0, 12.5])
    func rEqualsG(maturity: Double) throws {
        let inputs = country(growth: 3, debt: 80, primary: 0, implicit: 3, market: 3, maturity: maturity)
        let result = try run([inputs], [], end: 2060)
        for value in result.projection(variant: 0, country: 0)[.debt] {
            #expect(close(value, 80, relative: 1e-12))
        }
    }

    @Test("SAFE at the market rate with maturity 1 changes nothing")
    func neutralSAFE() throws {
        let inputs = country(implicit: 3, market: 3, maturity: 1, safe: 10)
        let variants = [
            PolicyVariant(label: "no SAFE", defence: .linear(to: 3, by: 2030)),
            PolicyVariant(label: "SAFE", defence: .linear(to: 3, by: 2030), financing: FinancingPlan(safe: true, safeRatePct: 3)),
        ]
        let result = try run([inputs], variants, end: 2070)
        let without = result.projection(variant: 1, country: 0)
        let with = result.projection(variant: 2, country: 0)
        #expect(with[.safeDebt].max()! > 0)
        for t in with.years.indices {
            #expect(close(with[.debt][t], without[.debt][t]))
            #expect(close(with[.interest][t], without[.interest][t]))
            #expect(close(with[.balance][t], without[.balance][t]))
            if t > 0 { #expect(abs(with[.safeInterestSavingBn][t]) < 1e-9) }
        }
    }

    @Test("SAFE disbursements sum to take-up × allocation × rate; repayments return the draws over 45 years")
    func safeCashFlows() throws {
        let inputs = country(safe: 8, currency: "PLN", perEUR: 4.3)
        let plan = FinancingPlan(safe: true, safeTakeUp: 0.75)
        let result = try run([inputs], [PolicyVariant(label: "SAFE", financing: plan)], end: 2080)
        let projection = result.projection(variant: 1, country: 0)
        let drawn = projection[.safeDisbursementBn].reduce(0, +)
        let repaid = projection[.safeRepaymentBn].reduce(0, +)
        #expect(close(drawn, 0.75 * 8 * 4.3))
        #expect(close(repaid, drawn))
        #expect(abs(projection.value(.safeDebt, in: 2080)!) < 1e-9)
        #expect(close(projection.value(.safeDisbursementBn, in: 2026)!, 0.32 * drawn))
        #expect(projection.value(.safeRepaymentBn, in: 2036)! == 0)
        #expect(close(projection.value(.safeRepaymentBn, in: 2037)!, 0.32 * drawn / 35))
        #expect(close(projection.value(.safeDebt, in: 2030)!, drawn))
        // The no-SAFE baseline draws nothing.
        #expect(result.projection(variant: 0, country: 0)[.safeDebt].allSatisfy { $0 == 0 })
    }

    @Test("a SAFE saving is negative where the country borrows more cheaply than the EU")
    func negativeSaving() throws {
        let cheap = country(implicit: 1.5, market: 2.0, safe: 5)
        let dear = country("XB", implicit: 5, market: 5.5, safe: 5)
        let result = try run(
            [cheap, dear], [PolicyVariant(label: "SAFE", financing: FinancingPlan(safe: true, safeRatePct: 3.4))])
        let cheapSaving = result.projection(variant: 1, country: 0)[.safeInterestSavingBn].dropFirst().reduce(0, +)
        let dearSaving = result.projection(variant: 1, country: 1)[.safeInterestSavingBn].dropFirst().reduce(0, +)
        #expect(cheapSaving < 0)
        #expect(dearSaving > 0)
    }

    @Test("a surplus that would take market debt below zero stops at zero and is flagged")
    func debtFloor() throws {
        let inputs = country(debt: 5, primary: 20, implicit: 2, market: 2.5)
        let result = try run([inputs], [])
        let projection = result.projection(variant: 0, country: 0)
        let floorYear = projection.flags.firstIndex { $0.contains(.debtFloor) }
        #expect(floorYear != nil)
        if let floorYear {
            #expect(projection[.debt][floorYear] == 0)
            // After a floor year the rate on new debt is the market rate.
            if floorYear + 1 < projection.years.count { #expect(projection[.implicitRate][floorYear + 1] == 2.5) }
        }
        #expect(projection[.debt].allSatisfy { $0 >= 0 })
    }

    @Test("the base-year row carries the inputs (docs/model-notes.md I3)")
    func baseYearRow() throws {
        let result = try run([country(balance: -4.1), country("XB")], [])
        let observed = result.projection(variant: 0, country: 0)
        #expect(observed[.gdp][0] == 500 && observed[.debt][0] == 90 && observed[.primaryBalance][0] == -1)
        #expect(close(observed[.balance][0], -4.1))
        #expect(close(observed[.interest][0], 3.1))
        #expect(observed.flags[0].names == ["debt_above_60", "deficit_above_3"])
        let derived = result.projection(variant: 0, country: 1)
        #expect(close(derived[.interest][0], 2.5 * 90 / 100))
        #expect(close(derived[.balance][0], -1 - 2.25))
    }

    @Test("one year by hand")
    func oneYearByHand() throws {
        // Y = 500·1.03 = 515; INT = 2.5 % of 450 = 11.25; pb = −1 → b = −1 − 100·11.25/515;
        // F = 11.25 + 5.15 = 16.4; D = 450 + 16.4; R = 450/7; N = R + 16.4;
        // i_2026 = ((450 − R)·2.5 + N·3.2)/(450 − R + N).
        let result = try run([country()], [], end: 2026)
        let p = result.projection(variant: 0, country: 0)
        #expect(close(p.value(.gdp, in: 2025)!, 515))
        #expect(close(p.value(.balance, in: 2025)!, -1 - 100 * 11.25 / 515))
        #expect(close(p.value(.debtBn, in: 2025)!, 466.4))
        #expect(close(p.value(.debt, in: 2025)!, 100 * 466.4 / 515))
        let r = 450.0 / 7
        let n = r + 16.4
        #expect(close(p.value(.implicitRate, in: 2026)!, ((450 - r) * 2.5 + n * 3.2) / (450 - r + n)))
    }
}
