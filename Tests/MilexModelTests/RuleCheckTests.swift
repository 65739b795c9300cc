import Testing

@testable import MilexModel

// Hand-computed cases for the rule checks of MODEL.md §6 (docs/instruments.md §3,
// docs/model-notes.md I13, I17, I18, E8). The countries are chosen so that every figure follows
// by hand:
// - "r = g": implicit and market rate equal to nominal growth (3 %), maturity 1. Then
//   d_t = 100·D_t/Y_t = 100·(1.03·D_{t−1} − pb_t·Y_t/100)/(1.03·Y_{t−1}) = d_{t−1} − pb_t.
// - "zero rates": g = i = rm = 0. Then interest is exactly 0, so b_t = pb_t bit for bit, and
//   d_t = d_{t−1} − pb_t.

/// A country for rule checks: `country(…)` of EngineIdentityTests with its rates set to `rate`
/// (growth, implicit and market rate alike), maturity 1, s_B = s_2021 = 2, q_B = 0, and a
/// primary-balance path given as `{year: value}` points when `points` is set.
private func ruleCountry(
    _ code: String = "XR", debt: Double, primary: Double, points: [Int: Double]? = nil, rate: Double = 3,
    defence: Double = 2, defence2021: Double = 2, escapeYears: [Int] = []
) -> CountryInputs {
    var inputs = country(
        code, growth: rate, debt: debt, primary: primary, implicit: rate, market: rate, maturity: 1, defence: defence,
        defence2021: defence2021, related: 0, escapeYears: escapeYears)
    if let points {
        inputs.set(.primaryBalance, .series(YearSeries(points: points)), from: .modelDefault("test"))
    }
    return inputs
}

/// The projected years (B+1 … E) in which `flag` is set.
private func years(_ projection: CountryProjection, with flag: YearFlags) -> [Int] {
    projection.years.indices.filter { $0 > 0 && projection.flags[$0].contains(flag) }.map { projection.years[$0] }
}

/// Germany's debt brake as data (MODEL.md §6): the balance plus core defence above 1 % of GDP
/// must not fall below −0.35 % of GDP.
private let debtBrakeRule = NationalFiscalRule(
    id: "XR_DEBT_BRAKE", name: "Debt brake", limitPctGDP: -0.35,
    exemptions: [.init(measure: .defence, abovePctGDP: 1)], source: "TEST", note: nil)

/// One safeguard case: base-year debt, a constant primary balance, and the years flagged.
struct SafeguardCase: CustomTestStringConvertible, Sendable {
    let name: String
    let debt: Double
    let primary: Double
    let flagged: ClosedRange<Int>?
    var testDescription: String { name }
}

@Suite("Fiscal-rule checks on hand-computed cases")
struct RuleCheckTests {
    // MARK: (a) debt-safeguard pace

    // With r = g, d_t = d_B − pb·(t − B), so the average fall since the base year is exactly pb
    // (up to rounding, far from the thresholds). The pace is set by the base-year ratio
    // (docs/model-notes.md I17): 1 pp above 90 %, 0.5 pp above 60 %, none at or below 60 %.
    static let safeguardCases: [SafeguardCase] = [
        SafeguardCase(name: "above 90 %, falls 1.2 pp a year: passes", debt: 95, primary: 1.2, flagged: nil),
        SafeguardCase(name: "above 90 %, falls 0.8 pp a year: breaches every year", debt: 95, primary: 0.8, flagged: 2025...2035),
        SafeguardCase(name: "60–90 %, falls 0.6 pp a year: passes", debt: 80, primary: 0.6, flagged: nil),
        SafeguardCase(name: "60–90 %, falls 0.4 pp a year: breaches every year", debt: 80, primary: 0.4, flagged: 2025...2035),
        // The boundary between the bands: 90 exactly is in the 0.5 pp band, 90.5 in the 1 pp band.
        SafeguardCase(name: "exactly 90 %, falls 0.7 pp a year: 0.5 pp band, passes", debt: 90, primary: 0.7, flagged: nil),
        SafeguardCase(name: "90.5 %, falls 0.7 pp a year: 1 pp band, breaches", debt: 90.5, primary: 0.7, flagged: 2025...2035),
        // The lower boundary: at 60 % exactly the safeguard does not bind, even for rising debt.
        SafeguardCase(name: "exactly 60 %, rises 0.5 pp a year: no pace required", debt: 60, primary: -0.5, flagged: nil),
        SafeguardCase(name: "60.5 %, rises 0.5 pp a year: breaches", debt: 60.5, primary: -0.5, flagged: 2025...2035),
    ]

    @Test("debt-safeguard pace: which projected years are flagged", arguments: safeguardCases)
    func safeguardPace(_ example: SafeguardCase) throws {
        let result = try run([ruleCountry(debt: example.debt, primary: example.primary)], [])
        let projection = result.projection(variant: 0, country: 0)
        // The path itself: d_t = d_B − pb·(t − 2024), within 1e-9.
        for (t, year) in projection.years.enumerated() {
            let expected = example.debt - example.primary * Double(year - 2024)
            let actual = projection[.debt][t]
            #expect(close(actual, expected, relative: 1e-12, absolute: 1e-9), "debt \(year)")
        }
        let flagged = years(projection, with: .debtSafeguardPace)
        #expect(flagged == (example.flagged.map(Array.init) ?? []))
        let base = projection.flags[0]
        #expect(!base.contains(.debtSafeguardPace), "the base-year row is never checked")
    }

    @Test("the pace is an average since the base year: a big first-year fall carries the next year")
    func safeguardAverage() throws {
        // pb = 2.4 in 2025, 0 from 2026: d = 95, 92.6, 92.6, 92.6, …
        // Average fall since 2024: 2025 2.4/1 = 2.4 ≥ 1 (pass); 2026 2.4/2 = 1.2 ≥ 1 (pass, although the
        // debt did not fall that year); 2027 2.4/3 = 0.8 < 1 (breach), and below 1 from then on.
        let inputs = ruleCountry(debt: 95, primary: 2.4, points: [2025: 2.4, 2026: 0])
        let projection = try run([inputs], []).projection(variant: 0, country: 0)
        let debt2026 = projection.value(.debt, in: 2026)!
        #expect(close(debt2026, 92.6, relative: 1e-12, absolute: 1e-9))
        let flagged = years(projection, with: .debtSafeguardPace)
        #expect(flagged == Array(2027...2035))
    }

    @Test("above 90 % in the base year the 1 pp pace holds even after debt falls below 90 %")
    func safeguardBandFromBaseYear() throws {
        // d_B = 92, pb = 0.8: d = 91.2, 90.4, 89.6 (2027), … 83.2 (2035). A yearly test on the previous
        // year's band would pass from 2028 (fall 0.8 ≥ 0.5); the base-year band keeps 1 pp: every year breaches.
        let projection = try run([ruleCountry(debt: 92, primary: 0.8)], []).projection(variant: 0, country: 0)
        let debt2027 = projection.value(.debt, in: 2027)!
        #expect(close(debt2027, 89.6, relative: 1e-12, absolute: 1e-9))
        #expect(years(projection, with: .debtSafeguardPace) == Array(2025...2035))
    }

    // MARK: (b) deficit-resilience margin

    @Test("resilience margin: b_t < −1.5 strictly, base year included (zero rates: b_t = pb_t exactly)")
    func resilienceMarginBoundary() throws {
        let atMargin = ruleCountry("XA", debt: 50, primary: -1.5, rate: 0)
        let beyond = ruleCountry("XB", debt: 50, primary: -1.6, rate: 0)
        let result = try run([atMargin, beyond], [])
        let a = result.projection(variant: 0, country: 0)
        let b = result.projection(variant: 0, country: 1)
        // Zero rates: interest 0, so b_t = pb_t: −1.5 (not below −1.5) and −1.6.
        #expect(a[.balance].allSatisfy { $0 == -1.5 })
        #expect(b[.balance].allSatisfy { $0 == -1.6 })
        #expect(a.flags.allSatisfy { !$0.contains(.resilienceMargin) })
        #expect(b.flags.allSatisfy { $0.contains(.resilienceMargin) }, "every year, the base-year row too")
    }

    @Test("resilience margin with interest: b_t = pb − i·d_{t−1}/(1 + g)")
    func resilienceMarginWithInterest() throws {
        // i = g = 2 %, maturity 1, d_B = 51: d_t = 51 − pb·(t − B) and interest_t = 2·d_{t−1}/102.
        // pb = −0.4: b_2025 = −0.4 − 2·51/102 = −1.4; b_2035 = −0.4 − 2·55/102 = −1.4784…: never below −1.5.
        // pb = −0.6: b_2025 = −0.6 − 1.0 = −1.6: below −1.5 every year. Base year: b_B = pb − i_B·d_B/100
        // = −0.4 − 1.02 = −1.42 and −0.6 − 1.02 = −1.62.
        let result = try run(
            [ruleCountry("XA", debt: 51, primary: -0.4, rate: 2), ruleCountry("XB", debt: 51, primary: -0.6, rate: 2)], [])
        for (index, primary) in [-0.4, -0.6].enumerated() {
            let projection = result.projection(variant: 0, country: index)
            for (t, year) in projection.years.enumerated() {
                let expected =
                    t == 0 ? primary - 2 * 51 / 100 : primary - 2 * (51 - primary * Double(year - 2025)) / 102
                let actual = projection[.balance][t]
                #expect(close(actual, expected, relative: 1e-12, absolute: 1e-9), "balance \(year)")
                let flagged = projection.flags[t].contains(.resilienceMargin)
                #expect(flagged == (primary == -0.6), "resilience margin \(year)")
            }
        }
    }

    // MARK: (c) a national rule: Germany's debt brake as data

    @Test("debt brake: b_t + max(0, s_t − 1) against −0.35; core defence is exempt, related spending is not")
    func debtBrake() throws {
        // Zero rates, pb = −1.2, s_B = 2: b = −1.2, counted −1.2 + (2 − 1) = −0.2 ≥ −0.35 (no breach).
        // Defence to 3.5 from 2025, borrowed: pb = −2.7, counted −2.7 + 2.5 = −0.2: still no breach.
        // Related to 0.5 from 2025, borrowed: pb = −1.7, counted −1.7 + 1 = −0.7 < −0.35: breach.
        var inputs = ruleCountry(debt: 50, primary: -1.2, rate: 0)
        inputs.fiscalRules = [debtBrakeRule]
        let result = try run(
            [inputs],
            [
                PolicyVariant(label: "defence", defence: SpendingPath(shape: .step, target: 3.5)),
                PolicyVariant(label: "related", related: SpendingPath(shape: .step, target: 0.5)),
            ])
        let expectations: [(variant: Int, counted: Double, breach: Bool)] = [(0, -0.2, false), (1, -0.2, false), (2, -0.7, true)]
        for (variant, counted, breach) in expectations {
            let projection = result.projection(variant: variant, country: 0)
            for t in projection.years.indices.dropFirst() {
                let value = projection[.nationalRuleBalance][t]
                #expect(close(value, counted, relative: 1e-12, absolute: 1e-12), "\(projection.variant) \(projection.years[t])")
                #expect(projection.flags[t].contains(.nationalRuleBreach) == breach)
            }
        }
        // The base-year row carries the rule too: b_B = pb_B − 0 = −1.2, counted −0.2.
        let baseRow = result.projection(variant: 0, country: 0)
        #expect(close(baseRow[.nationalRuleBalance][0], -0.2, relative: 1e-12, absolute: 1e-12))
        #expect(!baseRow.flags[0].contains(.nationalRuleBreach))
    }

    @Test("the limit is strict: a counted balance exactly at it is no breach")
    func debtBrakeLimitIsStrict() throws {
        // Zero rates and numbers exact in binary: pb = −1.25, s = 2, limit −0.25: counted −1.25 + 1 = −0.25.
        var atLimit = ruleCountry("XA", debt: 50, primary: -1.25, rate: 0)
        var below = ruleCountry("XB", debt: 50, primary: -1.5, rate: 0)
        let rule = NationalFiscalRule(
            id: "XR_FLOOR", name: "Floor", limitPctGDP: -0.25, exemptions: [.init(measure: .defence, abovePctGDP: 1)],
            source: "TEST", note: nil)
        atLimit.fiscalRules = [rule]
        below.fiscalRules = [rule]
        let result = try run([atLimit, below], [])
        let a = result.projection(variant: 0, country: 0)
        let b = result.projection(variant: 0, country: 1)
        #expect(a[.nationalRuleBalance].allSatisfy { $0 == -0.25 })
        #expect(a.flags.allSatisfy { !$0.contains(.nationalRuleBreach) })
        #expect(b[.nationalRuleBalance].allSatisfy { $0 == -0.5 })
        #expect(b.flags.allSatisfy { $0.contains(.nationalRuleBreach) })
    }

    @Test("a country without a rule reports no rule balance and never a breach")
    func noRule() throws {
        let projection = try run([ruleCountry(debt: 50, primary: -5, rate: 0)], []).projection(variant: 0, country: 0)
        #expect(projection[.nationalRuleBalance].allSatisfy { $0.isNaN })
        #expect(projection.flags.allSatisfy { !$0.contains(.nationalRuleBreach) })
    }

    @Test("every national rule is checked; the reported balance is the first rule's (model-notes I18)")
    func everyRuleChecked() throws {
        // The debt brake passes (−1.2 + 1 = −0.2 ≥ −0.35); a second rule without exemptions and a
        // limit of −1 fails (b = −1.2 < −1). The breach is set; the balance reported is the brake's −0.2.
        var inputs = ruleCountry(debt: 50, primary: -1.2, rate: 0)
        let second = NationalFiscalRule(
            id: "XR_SECOND", name: "Second", limitPctGDP: -1, exemptions: [], source: "TEST", note: nil)
        inputs.fiscalRules = [debtBrakeRule, second]
        let projection = try run([inputs], []).projection(variant: 0, country: 0)
        for t in projection.years.indices {
            #expect(close(projection[.nationalRuleBalance][t], -0.2, relative: 1e-12, absolute: 1e-12))
            #expect(projection.flags[t].contains(.nationalRuleBreach), "year \(projection.years[t])")
        }
    }

    // MARK: (d) deficit above 3 % beyond the escape-clause flexibility

    @Test("deficit_above_3_beyond_flexibility: −b − 3 − h > 0, with h capped at 1.5 in active years only")
    func beyondFlexibility() throws {
        // Zero rates, pb = −4 (b = −4 unless the variant borrows), s_B = 2, s_2021 = 1.5, clause 2025–2028.
        // baseline: h = 0.5 in 2025–2028 → beyond 4 − 3 − 0.5 = 0.5; h = 0 otherwise → beyond 1.0. Breach every year.
        // step to 3.5, fully offset (b = −4): h = min(1.5, 3.5 − 1.5) = 1.5 → beyond 0 in 2025–2028; 1.0 after.
        // same, escape_clause false: h = 0 → beyond 1.0 every year.
        // step to 3.5, borrowed: pb = −4 − 1.5 = −5.5 → beyond 5.5 − 3 − 1.5 = 1.0 in 2025–2028, 2.5 after.
        let inputs = ruleCountry(debt: 50, primary: -4, rate: 0, defence2021: 1.5, escapeYears: [2025, 2026, 2027, 2028])
        let path = SpendingPath(shape: .step, target: 3.5)
        let result = try run(
            [inputs],
            [
                PolicyVariant(label: "offset", defence: path, financing: FinancingPlan(offsetShare: 1)),
                PolicyVariant(label: "no clause", defence: path, financing: FinancingPlan(offsetShare: 1, escapeClause: false)),
                PolicyVariant(label: "borrowed", defence: path),
            ])
        let active = 2025...2028
        let expected: [(variant: Int, flexibility: Double, active: Double, inactive: Double)] = [
            (0, 0.5, 0.5, 1.0), (1, 1.5, 0, 1.0), (2, 0, 1.0, 1.0), (3, 1.5, 1.0, 2.5),
        ]
        for (variant, flexibility, inActive, outside) in expected {
            let projection = result.projection(variant: variant, country: 0)
            for (t, year) in projection.years.enumerated() {
                let isActive = active.contains(year)
                let h = projection[.escapeFlexibility][t]
                #expect(h == (isActive ? flexibility : 0), "\(projection.variant) h \(year)")
                // The base-year row (2024, not active) is for the baseline's unchanged balance −4: beyond 1.0.
                let beyond = t == 0 ? 1.0 : (isActive ? inActive : outside)
                let reported = projection[.deficitBeyondFlexibility][t]
                #expect(close(reported, beyond, relative: 1e-12, absolute: 1e-12), "\(projection.variant) beyond \(year)")
                #expect(projection.flags[t].contains(.deficitAbove3BeyondFlexibility) == (beyond > 0))
                #expect(projection.flags[t].contains(.deficitAbove3), "b ≤ −4 every year")
            }
        }
        // Flexibility used and unused in an active year of the offset variant: e = 4 − 3 = 1, used min(1.5, 1) = 1.
        let offset = result.projection(variant: 1, country: 0)
        #expect(offset.value(.escapeFlexibilityUsed, in: 2026)! == 1.0)
        #expect(offset.value(.escapeFlexibilityUnused, in: 2026)! == 0.5)
        #expect(years(offset, with: .deficitAbove3BeyondFlexibility) == Array(2029...2035))
    }

    // MARK: (f) per-country SAFE schedule and take-up (E8)

    @Test("a country's own SAFE schedule and take-up win over the variant's: disb = share × u × A × e")
    func perCountrySAFE() throws {
        // Variant: take-up 0.8, schedule {2027: 0.5, 2028: 0.5}.
        // XA (PLN, e = 4.3, A = 10) has its own take-up 0.5 and schedule {2026: 0.6, 2027: 0.4}:
        //   2026: 0.6·0.5·10·4.3 = 12.9; 2027: 0.4·0.5·10·4.3 = 8.6; total 21.5.
        // XB (EUR, A = 10) has neither: 2027 and 2028: 0.5·0.8·10·1 = 4.0 each; total 8.
        // XC has its own take-up 0: it draws nothing although the variant's take-up is 0.8.
        // XD has its own take-up 1 and the variant's is 0.8: 2027, 2028: 0.5·1·10 = 5 each.
        let source = Provenance.modelDefault("test")
        var xa = country("XA", safe: 10, currency: "PLN", perEUR: 4.3)
        xa.set(.safeTakeUp, .number(0.5), from: source)
        xa.set(.safeSchedule, .series(YearSeries(points: [2026: 0.6, 2027: 0.4])), from: source)
        let xb = country("XB", safe: 10)
        var xc = country("XC", safe: 10)
        xc.set(.safeTakeUp, .number(0), from: source)
        var xd = country("XD", safe: 10)
        xd.set(.safeTakeUp, .number(1), from: source)
        let variant = PolicyVariant(
            label: "SAFE", defence: .linear(to: 3, by: 2030),
            financing: FinancingPlan(safe: true, safeTakeUp: 0.8, safeSchedule: [2027: 0.5, 2028: 0.5]))
        let result = try run([xa, xb, xc, xd], [variant])
        let expected: [[Int: Double]] = [[2026: 12.9, 2027: 8.6], [2027: 4, 2028: 4], [:], [2027: 5, 2028: 5]]
        for (index, draws) in expected.enumerated() {
            let projection = result.projection(variant: 1, country: index)
            let code = projection.country.code
            for year in 2025...2035 {
                let disbursed = projection.value(.safeDisbursementBn, in: year)!
                #expect(close(disbursed, draws[year] ?? 0, relative: 1e-12, absolute: 1e-12), "\(code) \(year)")
            }
            // No principal falls due before τ + 11 = 2037, so SAFE debt in 2035 is the whole draw.
            let total = draws.values.reduce(0, +)
            let debt2035 = projection.value(.safeDebt, in: 2035)!
            #expect(close(debt2035, total, relative: 1e-12, absolute: 1e-12), "\(code) SAFE debt")
        }
    }
}
