import Testing

@testable import MilexModel

/// A variant with a GDP feedback block.
private func variant(
    _ label: String, _ path: SpendingPath, financing: FinancingPlan = FinancingPlan(), multiplier: Double,
    persistence: Int = 3, importShare: Double? = nil, elasticity: Double? = nil
) -> PolicyVariant {
    var variant = PolicyVariant(label: label, defence: path, financing: financing)
    variant.macro = MacroFeedback(
        settings: MacroSettings(
            multiplier: multiplier, persistenceYears: persistence, importShare: importShare, budgetElasticity: elasticity))
    return variant
}

@Suite("GDP feedback (MODEL.md §12): identities and closed forms")
struct MacroFeedbackTests {
    static let countries = [country(safe: 5), country("XB", debt: 40, primary: 0.5, maturity: 3, defence: 2.4)]
    static let financings = [
        FinancingPlan(), FinancingPlan(offsetShare: 0.3, safe: true), FinancingPlan(mode: .withinEscapeClause),
    ]

    @Test("multiplier 0 reproduces the run without the block, every figure to the bit", arguments: financings.indices)
    func zeroMultiplierIsBitIdentical(financing: Int) throws {
        let plan = Self.financings[financing]
        let path = SpendingPath.linear(to: 3.5, by: 2030)
        let plain = try run(Self.countries, [PolicyVariant(label: "v", defence: path, financing: plan)], end: 2060)
        let block = try run(
            Self.countries, [variant("v", path, financing: plan, multiplier: 0, importShare: 0.1, elasticity: 0.9)], end: 2060)
        var compared = 0
        for (a, b) in zip(plain.allProjections, block.allProjections) {
            for metric in ProjectionMetric.allCases where !metric.isGDPFeedback {
                for (x, y) in zip(a[metric], b[metric]) {
                    #expect(x.bitPattern == y.bitPattern || (x.isNaN && y.isNaN), "\(a.variant) \(metric.key)")
                    compared += 1
                }
            }
            #expect(a.flags == b.flags)
            #expect(b[.gdpEffect].allSatisfy { $0 == 0 })
            #expect(b[.gdpNoFeedbackBn] == b[.gdp])
        }
        #expect(compared > 2000)
    }

    @Test(
        "an import share and an offset share summing to 1 give no GDP effect",
        arguments: [(0.3, 0.7), (0.5, 0.5), (0.8, 0.2), (0.0, 1.0), (1.0, 0.0)])
    func nothingBoughtAtHome(importShare: Double, offset: Double) throws {
        let result = try run(
            [country()],
            [
                variant(
                    "v", .linear(to: 4, by: 2029), financing: FinancingPlan(offsetShare: offset), multiplier: 1.2,
                    importShare: importShare)
            ])
        let projection = result.projection(variant: 1, country: 0)
        #expect(projection[.extra].last! > 2)
        for (effect, (gdp, withoutFeedback)) in zip(projection[.gdpEffect], zip(projection[.gdp], projection[.gdpNoFeedbackBn])) {
            #expect(abs(effect) <= 1e-12)
            #expect(close(gdp, withoutFeedback, relative: 1e-14))
        }
    }

    @Test(
        "a one-year step with persistence 1 has γ = μ·(1 − m − o)·Δ in its year and 0 after",
        arguments: [(0.75, 0.5, 0.0), (1.25, 0.2, 0.3), (0.5, 0.0, 0.0)])
    func stepClosedForm(multiplier: Double, importShare: Double, offset: Double) throws {
        let step = SpendingPath(shape: .step, target: 3.5, by: 2028, start: 2028)
        let result = try run(
            [country()],
            [
                variant(
                    "step", step, financing: FinancingPlan(offsetShare: offset), multiplier: multiplier, persistence: 1,
                    importShare: importShare, elasticity: 0.6)
            ])
        let projection = result.projection(variant: 1, country: 0)
        let delta = 3.5 - 1.5
        for (t, year) in projection.years.enumerated() {
            let expected = year == 2028 ? multiplier * (1 - importShare - offset) * delta : 0
            #expect(close(projection[.gdpEffect][t], expected, relative: 1e-12, absolute: 1e-14), "\(year)")
            #expect(close(projection[.balanceFeedback][t], 0.6 * expected, relative: 1e-12, absolute: 1e-14))
            #expect(close(projection[.gdp][t], projection[.gdpNoFeedbackBn][t] * (1 + expected / 100), relative: 1e-14))
        }
    }

    @Test("after a step the effect fades with the weights 1, 1 − 1/P, …, 1/P", arguments: [1, 2, 3, 5])
    func stepWeights(persistence: Int) throws {
        let step = SpendingPath(shape: .step, target: 3.5, by: 2027, start: 2027)
        let result = try run(
            [country()], [variant("step", step, multiplier: 0.8, persistence: persistence, importShare: 0.25)])
        let projection = result.projection(variant: 1, country: 0)
        for (t, year) in projection.years.enumerated() {
            let k = year - 2027
            let weight = k >= 0 && k < persistence ? 1 - Double(k) / Double(persistence) : 0
            #expect(close(projection[.gdpEffect][t], 0.8 * 0.75 * 2 * weight, relative: 1e-12, absolute: 1e-14), "\(year)")
        }
    }

    @Test("the effect is zero from P years after the last change in Δ on, and not before", arguments: [1, 2, 3, 5])
    func decaysAfterPersistence(persistence: Int) throws {
        let result = try run(
            [country()],
            [variant("v", .linear(to: 3.5, by: 2029), multiplier: 0.75, persistence: persistence, importShare: 0.3)])
        let projection = result.projection(variant: 1, country: 0)
        for (t, year) in projection.years.enumerated() where year > 2024 {
            let effect = projection[.gdpEffect][t]
            if year >= 2029 + persistence {
                #expect(effect == 0, "\(year): \(effect)")
            } else {
                #expect(effect > 0, "\(year): \(effect)")
            }
        }
    }

    @Test("D_t − D_{t−1} still equals the financing need F_t with the feedback (SAFE and the escape-clause mode too)")
    func identityHolds() throws {
        let variants = Self.financings.enumerated().map { index, plan in
            variant("v\(index)", .linear(to: 3.5, by: 2031), financing: plan, multiplier: 1.1, importShare: 0.6)
        }
        let result = try run(Self.countries, variants, end: 2080)
        var checked = 0
        for projection in result.allProjections {
            let debt = projection[.debtBn]
            let need = projection[.financingNeedBn]
            for t in 1..<projection.years.count where !projection.flags[t].contains(.debtFloor) {
                #expect(close(debt[t] - debt[t - 1], need[t], relative: 1e-12, absolute: 1e-9 * abs(debt[t])))
                checked += 1
            }
            // Spending in money is the share times GDP with the feedback.
            for t in projection.years.indices {
                #expect(close(projection[.defenceBn][t], projection[.defence][t] * projection[.gdp][t] / 100, relative: 1e-14))
            }
        }
        #expect(checked > 400)
        #expect(result.projection(variant: 1, country: 0)[.gdpEffect].contains { $0 > 0.1 })
    }

    @Test("SAFE: the SAFE-financed part has an import share of at most 0.35, so it changes nothing below 0.35")
    func safeContentCap() throws {
        func effects(importShare: Double, safe: Bool) throws -> [Double] {
            let result = try run(
                [country(safe: 20)],
                [
                    variant(
                        "v", .linear(to: 3.5, by: 2030), financing: FinancingPlan(safe: safe), multiplier: 1,
                        importShare: importShare)
                ])
            return result.projection(variant: 1, country: 0)[.gdpEffect]
        }
        let low = try effects(importShare: 0.2, safe: false)
        let lowSAFE = try effects(importShare: 0.2, safe: true)
        for (a, b) in zip(low, lowSAFE) { #expect(close(a, b, relative: 1e-12, absolute: 1e-14)) }
        let high = try effects(importShare: 0.8, safe: false)
        let highSAFE = try effects(importShare: 0.8, safe: true)
        // 2026 is the first disbursement (32 % of the draw): bought at 0.35 instead of 0.8.
        #expect(highSAFE[2] > high[2] + 0.01)
        // Closed form in 2026 with persistence 3: σ = min(1, disb/extra), then the impulse.
        let plain = try run(
            [country(safe: 20)],
            [PolicyVariant(label: "v", defence: .linear(to: 3.5, by: 2030), financing: FinancingPlan(safe: true))]
        )
        let projection = plain.projection(variant: 1, country: 0)
        let sigma = min(1, projection[.safeDisbursementBn][2] / projection[.extraBn][2])
        let share = (1 - sigma) * 0.8 + sigma * 0.35
        let delta = projection[.extra]
        let impulse2025 = (1 - 0.8) * delta[1]
        let impulse2026 = (1 - share) * delta[2] - (1 - 0.8) * delta[1]
        #expect(close(highSAFE[2], impulse2026 + (2.0 / 3.0) * impulse2025, relative: 1e-12))
    }

    @Test("the no-SAFE twin takes its lane's effect: SAFE at the market rate with maturity 1 still saves nothing")
    func twinSharesEffect() throws {
        // SAFE raises the domestic share here (0.8 → 0.35 on the SAFE part), so a twin with its
        // own effect would differ in GDP and debt, and its "saving" would not be interest.
        let inputs = country(implicit: 3, market: 3, maturity: 1, safe: 20)
        let plan = FinancingPlan(safe: true, safeRatePct: 3)
        let result = try run(
            [inputs], [variant("v", .linear(to: 3.5, by: 2030), financing: plan, multiplier: 1, importShare: 0.8)], end: 2070)
        let projection = result.projection(variant: 1, country: 0)
        #expect(projection[.safeDebt].max()! > 0)
        for t in projection.years.indices.dropFirst() {
            #expect(abs(projection[.safeInterestSavingBn][t]) < 1e-9)
        }
    }

    @Test("a feedback that takes GDP to zero is an error, not a number")
    func collapse() throws {
        let cut = SpendingPath(shape: .step, target: 0, by: 2026, start: 2026, aboveTarget: .converge)
        #expect(throws: ProjectionError.self) {
            _ = try run([country(defence: 40)], [variant("cut", cut, multiplier: 3, persistence: 1, importShare: 0)])
        }
    }

    @Test("precedence: by_country > the block's key > the country's input > 0.5")
    func precedence() {
        var inputs = country()
        inputs.set(.importShare, .number(0.3), from: .modelDefault("test"))
        let none = MacroFeedback().parameters(for: country())
        #expect(none.importShare == 0.5 && none.importShareOrigin == .modelDefault)
        #expect(none.budgetElasticity == 0.5 && none.multiplier == 0 && none.persistenceYears == 3)
        #expect(MacroFeedback().parameters(for: inputs).importShare == 0.3)
        let block = MacroFeedback(settings: MacroSettings(importShare: 0.4))
        #expect(block.parameters(for: inputs).importShare == 0.4)
        let own = MacroFeedback(settings: MacroSettings(importShare: 0.4), byCountry: ["XA": MacroSettings(importShare: 0.1)])
        #expect(own.parameters(for: inputs).importShare == 0.1)
        #expect(own.parameters(for: inputs).importShareOrigin == .byCountry)
    }

    @Test("with zero variance the stochastic engine reproduces the deterministic path with the feedback")
    func stochasticZeroVariance() throws {
        let request = ProjectionRequest(
            baseYear: 2024, endYear: 2035, countries: Self.countries,
            variants: [
                variant("v", .linear(to: 3.5, by: 2030), financing: FinancingPlan(safe: true), multiplier: 1, importShare: 0.6)
            ])
        let result = try StochasticEngine().run(
            request, covariance: .zero(countries: Self.countries.map(\.code)), groups: [],
            settings: StochasticSettings(draws: 16, seed: 1, chunkSize: 16))
        for variant in result.variants.indices {
            for entity in result.entities.indices {
                let path = result.deterministicPath(.debt, variant: variant, entity: entity)
                for t in result.years.indices {
                    let median = result.percentiles(.debt, variant: variant, entity: entity, yearIndex: t)[4]
                    // Bit for bit without feedback; to rounding with it (the stochastic engine
                    // compounds the growth of GDP with the feedback).
                    #expect(close(median, path[t], relative: 1e-12), "\(variant) \(entity) \(t)")
                }
            }
        }
    }
}
