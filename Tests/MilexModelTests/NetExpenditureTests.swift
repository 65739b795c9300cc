import Foundation
import MilexTestSupport
import Testing

@testable import MilexModel

/// MODEL.md §13 on a country computed by hand: net expenditure against a path growing 2 % a
/// year, the control account, the escape-clause allowance, the 0.3 % and 0.6 % flags.
@Suite("Net expenditure and the control account")
struct NetExpenditureTests {
    /// GDP 1000 growing 2 % a year; revenue 45 % of GDP; ceilings 2 % a year, so the path grows
    /// exactly as net expenditure does while the primary balance holds (−1 % of GDP).
    static func country(primary: [Int: Double], clauseYears: [Int] = [], defence: Double = 2, reference: Double = 1)
        -> CountryInputs
    {
        var inputs = CountryInputs(code: "XA")
        func set(_ parameter: CountryParameter, _ value: ParameterValue) {
            inputs.set(parameter, value, from: .modelDefault("test"))
        }
        set(.currency, .text("EUR"))
        set(.gdpBn, .number(1000))
        set(.nominalGrowth, .number(2))
        set(.debt, .number(60))
        set(.primaryBalance, .series(YearSeries(points: primary)))
        set(.implicitRate, .number(2))
        set(.marketRate, .number(2))
        set(.averageMaturity, .number(5))
        set(.defence, .number(defence))
        set(.defence2021, .number(reference))
        set(.revenue, .number(45))
        set(.netExpenditureCeilings, .series(YearSeries(points: [2026: 2, 2027: 2, 2028: 2, 2029: 2])))
        if !clauseYears.isEmpty { set(.escapeClauseYears, .years(clauseYears)) }
        return inputs
    }

    static func run(_ inputs: CountryInputs, variants: [PolicyVariant] = []) throws -> ProjectionResult {
        try ProjectionEngine().run(ProjectionRequest(baseYear: 2025, endYear: 2029, countries: [inputs], variants: variants))
    }

    static let primary: [Int: Double] = [2025: -1, 2026: -1, 2027: -1.5, 2028: -1.2, 2029: -1]

    @Test("four years by hand, the clause off: on the path, 0.5 above (a 0.3 deviation), back")
    func clauseOff() throws {
        let result = try Self.run(Self.country(primary: Self.primary))
        let p = try #require(result.projection(variant: "baseline", country: "XA"))
        let gdp = (0...4).map { 1000 * pow(1.02, Double($0)) }
        // NE_t = (45 − pb_t)·Y_t/100; NP_B = NE_B = 460, then × 1.02 a year.
        #expect(approximatelyEqual(p.value(.netExpenditureBn, in: 2025)!, 460, relative: 1e-14))
        #expect(approximatelyEqual(p.value(.netExpenditureBn, in: 2027)!, 46.5 * gdp[2] / 100, relative: 1e-14))
        #expect(p.value(.netExpenditureGrowth, in: 2025)!.isNaN, "no growth in the first reported year")
        #expect(approximatelyEqual(p.value(.netExpenditureGrowth, in: 2026)!, 2, relative: 1e-12))
        #expect(abs(p.value(.controlAccount, in: 2026)!) < 1e-12, "exactly at the ceiling")
        #expect(approximatelyEqual(p.value(.controlAccount, in: 2027)!, 0.5, relative: 1e-12))
        #expect(approximatelyEqual(p.value(.controlAccount, in: 2028)!, 0.2, relative: 1e-10))
        #expect(abs(p.value(.controlAccount, in: 2029)!) < 1e-12)
        let flags = (0...4).map { p.flags[$0] }
        #expect(!flags[1].contains(.netExpenditureDeviation), "on the path: no flag")
        #expect(flags[2].contains(.netExpenditureDeviation), "0.5 above from 0: a deviation above 0.3")
        #expect(!flags[2].contains(.controlAccountBreach), "0.5 is below 0.6")
        #expect(!flags[3].contains(.netExpenditureDeviation), "falling back is no deviation")
        #expect(approximatelyEqual(p.value(.headroom, in: 2028)!, 0, relative: 0, absolute: 0))
        #expect(approximatelyEqual(p.value(.headroom, in: 2029)!, 0, relative: 0, absolute: 1e-12))
        #expect(p.value(.netExpenditureCeiling, in: 2025) == 2)
    }

    @Test("the clause on: the allowance counts in its years only, so the deviation shows when it ends")
    func clauseOn() throws {
        let inputs = Self.country(primary: Self.primary, clauseYears: [2026, 2027])
        let result = try Self.run(inputs, variants: [PolicyVariant(label: "off", financing: FinancingPlan(escapeClause: false))])
        let on = try #require(result.projection(variant: "baseline", country: "XA"))
        // h = min(1.5, 2 − 1) = 1 in 2026 and 2027: deviation −1 and −0.5, headroom 1 and 0.5.
        #expect(on.value(.netExpenditureAllowance, in: 2027) == 1)
        #expect(approximatelyEqual(on.value(.headroom, in: 2026)!, 1, relative: 1e-12))
        #expect(approximatelyEqual(on.value(.headroom, in: 2027)!, 0.5, relative: 1e-12))
        #expect(on.value(.netExpenditureAllowance, in: 2028) == 0, "the allowance ends after the active years")
        // The rule as MODEL.md §13 writes it compares the counted deviation with the year before:
        // −0.5 after −1 is a rise of 0.5, flagged though it stays inside the allowance.
        #expect(on.flags[2].contains(.netExpenditureDeviation) && !on.flags[2].contains(.controlAccountBreach))
        // 2028: 0.2 − 0 against −0.5 the year before: a rise of 0.7.
        #expect(on.flags[3].contains(.netExpenditureDeviation))
        let off = try #require(result.projection(variant: "off", country: "XA"))
        #expect(off.value(.netExpenditureAllowance, in: 2027) == 0)
        #expect(off.flags[2].contains(.netExpenditureDeviation))
    }

    @Test("0.31 above the path in a year is a deviation; 0.61 cumulated is a breach; the allowance caps at 1.5")
    func thresholds() throws {
        let small = try Self.run(Self.country(primary: [2025: -1, 2026: -1.31, 2027: -1.31]))
        let a = try #require(small.projection(variant: "baseline", country: "XA"))
        #expect(approximatelyEqual(a.value(.controlAccount, in: 2026)!, 0.31, relative: 1e-10))
        #expect(a.flags[1].contains(.netExpenditureDeviation) && !a.flags[1].contains(.controlAccountBreach))
        #expect(!a.flags[2].contains(.netExpenditureDeviation), "held at 0.31: no new deviation")
        let large = try Self.run(Self.country(primary: [2025: -1, 2026: -1.61]))
        #expect(try #require(large.projection(variant: "baseline", country: "XA")).flags[1].contains(.controlAccountBreach))
        // Defence 2.5 % of GDP above the reference: the allowance is the 1.5 cap.
        let capped = try Self.run(Self.country(primary: Self.primary, clauseYears: [2026], defence: 3.5, reference: 1))
        #expect(
            try #require(capped.projection(variant: "baseline", country: "XA")).value(.netExpenditureAllowance, in: 2026) == 1.5)
    }

    @Test("a path starting before B needs its level; A after B reports from A; no revenue is an error")
    func pathBaseYear() throws {
        var early = Self.country(primary: Self.primary)
        early.set(.netExpenditureBaseYear, .number(2024), from: .modelDefault("test"))
        #expect(throws: ProjectionError.missingInputs(country: "XA", parameters: [.netExpenditureBaseBn])) {
            try Self.run(early)
        }
        early.set(.netExpenditureBaseBn, .number(440), from: .modelDefault("test"))
        let result = try Self.run(early)
        // NP_B = 440 × (1 + c_2025) with c_2025 the first ceiling (flat before it): 448.8.
        #expect(
            approximatelyEqual(
                try #require(result.projection(variant: "baseline", country: "XA")).value(.controlAccount, in: 2025)!,
                100 * (460 - 448.8) / 1000, relative: 1e-12))
        var late = Self.country(primary: Self.primary)
        late.set(.netExpenditureBaseYear, .number(2027), from: .modelDefault("test"))
        let lateRun = try #require(try Self.run(late).projection(variant: "baseline", country: "XA"))
        #expect(lateRun.value(.controlAccount, in: 2026)!.isNaN && lateRun.value(.controlAccount, in: 2027) == 0)
        var noRevenue = Self.country(primary: Self.primary)
        noRevenue.remove(.revenue)
        #expect(throws: ProjectionError.missingInputs(country: "XA", parameters: [.revenue])) { try Self.run(noRevenue) }
    }
}
