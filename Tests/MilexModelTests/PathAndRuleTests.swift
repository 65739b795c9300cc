import Foundation
import Testing

@testable import MilexModel

@Suite("Spending paths (MODEL.md §3)")
struct SpendingPathTests {
    let years = Array(2024...2036)
    var gdp: [Double] { years.indices.map { 100 * pow(1.04, Double($0)) } }

    @Test("shape weights at x = ½: linear ½, front ¾, back ¼, step 1")
    func weights() {
        #expect(SpendingPath.weight(.linear, 0.5) == 0.5)
        #expect(SpendingPath.weight(.front, 0.5) == 0.75)
        #expect(SpendingPath.weight(.back, 0.5) == 0.25)
        #expect(SpendingPath.weight(.step, 0.5) == 1)
        #expect(SpendingPath.weight(.step, 0) == 0)
    }

    @Test(
        "front- and back-loaded paths bracket the linear one and all reach the target",
        arguments: [SpendingPath.Shape.front, .back])
    func shapesBracketLinear(shape: SpendingPath.Shape) {
        let linear = SpendingPath(shape: .linear, target: 3.5, by: 2030).shares(
            baseShare: 2, baseYear: 2024, years: years, gdp: gdp)
        let other = SpendingPath(shape: shape, target: 3.5, by: 2030).shares(baseShare: 2, baseYear: 2024, years: years, gdp: gdp)
        for (index, year) in years.enumerated() {
            if year > 2024 && year < 2030 {
                #expect(shape == .front ? other[index] > linear[index] : other[index] < linear[index])
            }
            if year >= 2030 { #expect(abs(other[index] - 3.5) < 1e-14) }
        }
    }

    @Test("step jumps in the start year")
    func step() {
        let shares = SpendingPath(shape: .step, target: 3, start: 2027).shares(
            baseShare: 2, baseYear: 2024, years: years, gdp: gdp)
        #expect(shares[0...2].allSatisfy { $0 == 2 })
        #expect(shares[3...].allSatisfy { $0 == 3 })
    }

    @Test("keep holds a country above the target; converge brings it down")
    func aboveTarget() {
        let keep = SpendingPath(shape: .linear, target: 2, by: 2030).shares(baseShare: 4, baseYear: 2024, years: years, gdp: gdp)
        #expect(keep.allSatisfy { $0 == 4 })
        let converge = SpendingPath(shape: .linear, target: 2, by: 2030, aboveTarget: .converge).shares(
            baseShare: 4, baseYear: 2024, years: years, gdp: gdp)
        #expect(converge[0] == 4 && converge.last! == 2)
        #expect(zip(converge, converge.dropFirst()).allSatisfy { $0 >= $1 })
    }

    @Test("custom points interpolate from the base-year share and hold after the last point")
    func custom() {
        let path = SpendingPath(shape: .custom, points: YearSeries(points: [2026: 3, 2030: 4]))
        let shares = path.shares(baseShare: 2, baseYear: 2024, years: years, gdp: gdp)
        #expect(shares[1] == 2.5)  // 2025: halfway between (2024, 2) and (2026, 3)
        #expect(shares[2] == 3)
        #expect(shares[4] == 3.5)  // 2028
        #expect(shares[6...].allSatisfy { $0 == 4 })
    }

    @Test("growth: money grows γ a year, so the share follows (1 + γ)/(1 + g)")
    func growth() {
        let shares = SpendingPath(shape: .growth, growthPct: 7.5).shares(baseShare: 2, baseYear: 2024, years: years, gdp: gdp)
        for index in 1..<years.count {
            let expected = 2 * pow(1.075, Double(index)) / pow(1.04, Double(index))
            #expect(abs(shares[index] - expected) < 1e-12)
        }
        let delayed = SpendingPath(shape: .growth, start: 2027, growthPct: 10).shares(
            baseShare: 2, baseYear: 2024, years: years, gdp: gdp)
        #expect(delayed[1] == 2 && delayed[2] == 2)
        #expect(abs(delayed[3] - 2 * 1.10 / 1.04) < 1e-12)
    }
}

@Suite("Year series: numbers and {year: value} maps (MODEL.md §2)")
struct YearSeriesTests {
    @Test("interpolated between points, flat outside")
    func interpolation() {
        let series = YearSeries(points: [2026: 2.9, 2030: 3.1])
        #expect(series.value(in: 2020) == 2.9)
        #expect(series.value(in: 2026) == 2.9)
        #expect(abs(series.value(in: 2028) - 3.0) < 1e-15)
        #expect(series.value(in: 2040) == 3.1)
        #expect(YearSeries(constant: 4).value(in: 1990) == 4)
        #expect(series.shifted(by: 2).value(in: 2030) == 5.1)
    }
}

@Suite("Escape clause and financing modes (MODEL.md §6)")
struct EscapeClauseTests {
    @Test("flexibility is the increase against s_2021, capped at 1.5 % of GDP, in active years only")
    func flexibilityCap() throws {
        let inputs = country(defence: 1.8, defence2021: 1.0, escapeYears: [2025, 2026, 2027, 2028])
        let result = try run([inputs], [PolicyVariant(label: "5", defence: SpendingPath(shape: .step, target: 5))])
        let baseline = result.projection(variant: 0, country: 0)
        let surge = result.projection(variant: 1, country: 0)
        #expect(close(baseline.value(.escapeFlexibility, in: 2025)!, 0.8))
        #expect(surge.value(.escapeFlexibility, in: 2025)! == 1.5)  // 5 − 1 = 4, capped
        #expect(surge.value(.escapeFlexibility, in: 2029)! == 0)
        #expect(surge.value(.escapeFlexibility, in: 2024)! == 0)
        let balance = surge.value(.balance, in: 2026)!
        #expect(close(surge.value(.deficitBeyondFlexibility, in: 2026)!, max(0, -balance - 3 - 1.5)))
    }

    @Test("escape_clause false switches the flexibility off")
    func switchOff() throws {
        let inputs = country(defence: 1.8, defence2021: 1.0, escapeYears: [2025])
        let result = try run([inputs], [PolicyVariant(label: "off", financing: FinancingPlan(escapeClause: false))])
        #expect(result.projection(variant: 1, country: 0).value(.escapeFlexibility, in: 2025)! == 0)
        #expect(result.projection(variant: 0, country: 0).value(.escapeFlexibility, in: 2025)! > 0)
    }

    @Test("within_escape_clause borrows up to the flexibility the extra creates and offsets exactly the excess")
    func withinEscapeClause() throws {
        // s_B = 1.8, s_2021 = 1.0: the baseline already uses 0.8 of the 1.5 cap, so 0.7 is left.
        let inputs = country(defence: 1.8, defence2021: 1.0, related: 0, escapeYears: [2025, 2026, 2027, 2028])
        let variant = PolicyVariant(
            label: "within", defence: SpendingPath(shape: .step, target: 3.0),
            financing: FinancingPlan(mode: .withinEscapeClause))
        let result = try run([inputs], [variant])
        let baseline = result.projection(variant: 0, country: 0)
        let within = result.projection(variant: 1, country: 0)
        for year in 2025...2028 {
            #expect(close(within.value(.borrowedExtra, in: year)!, 0.7))
            #expect(close(within.value(.offsetExtra, in: year)!, 1.2 - 0.7))
            let primary = within.value(.primaryBalance, in: year)!
            #expect(close(primary, baseline.value(.primaryBalance, in: year)! - 0.7))
        }
        // Without the clause (2029 on) the rules force the whole extra effort to be offset.
        #expect(within.value(.borrowedExtra, in: 2029)! == 0)
        #expect(close(within.value(.offsetExtra, in: 2029)!, 1.2))
        #expect(close(within.value(.primaryBalance, in: 2030)!, baseline.value(.primaryBalance, in: 2030)!))
    }

    @Test("flags: deficit above 3, debt above 60, rising debt above 60")
    func flags() throws {
        let result = try run([country(debt: 59, primary: -3, implicit: 3, market: 3)], [])
        let projection = result.projection(variant: 0, country: 0)
        for (t, flags) in projection.flags.enumerated() {
            #expect(flags.contains(.deficitAbove3) == (projection[.balance][t] < -3))
            #expect(flags.contains(.debtAbove60) == (projection[.debt][t] > 60))
            if t > 0 {
                #expect(
                    flags.contains(.debtRisingAbove60)
                        == (projection[.debt][t] > 60 && projection[.debt][t] > projection[.debt][t - 1]))
            }
        }
        #expect(YearFlags([.deficitAbove3, .debtAbove60]).names == ["debt_above_60", "deficit_above_3"])
    }
}

@Suite("Requests the engine refuses")
struct EngineErrorTests {
    @Test("missing inputs, bad years, duplicate or reserved labels are thrown, not trapped")
    func errors() {
        var incomplete = country()
        incomplete.remove(.averageMaturity)
        #expect(throws: ProjectionError.missingInputs(country: "XA", parameters: [.averageMaturity])) {
            try run([incomplete], [])
        }
        #expect(throws: ProjectionError.invalidYears(base: 2024, end: 2023)) { try run([country()], [], end: 2023) }
        #expect(throws: ProjectionError.invalidYears(base: 2024, end: 2101)) { try run([country()], [], end: 2101) }
        #expect(throws: ProjectionError.duplicateLabel("baseline")) { try run([country()], [PolicyVariant(label: "baseline")]) }
        #expect(throws: ProjectionError.duplicateLabel("a")) {
            try run([country()], [PolicyVariant(label: "a"), PolicyVariant(label: "a")])
        }
        #expect(throws: ProjectionError.invalidInput(country: "XA", parameter: .averageMaturity, value: 0.5)) {
            try run([country(maturity: 0.5)], [])
        }
    }
}
