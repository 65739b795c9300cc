import Foundation
import MilexTestSupport
import Testing

@testable import MilexModel

/// MODEL.md §10–§11 on a hand-computed country: each convention of the forecast baseline, the
/// frozen mode, published plans and the debt floor's assets.
@Suite("Baseline modes and published plans")
struct BaselinePathsTests {
    /// B = 2025; frozen growth 3, primary balance −1, market rate 3; a forecast to F = 2027;
    /// potential growth 1, output gap −1.5 in F, ε 0.6, ageing 20 → 21.5 (2027 → 2030),
    /// deflator 2.6 in F, forward rate 4.
    static func country(mode: BaselineMode = .forecast) -> CountryInputs {
        var inputs = CountryInputs(code: "XA")
        let scenario = Provenance.modelDefault("test")
        func set(_ parameter: CountryParameter, _ value: ParameterValue) { inputs.set(parameter, value, from: scenario) }
        set(.currency, .text("EUR"))
        set(.gdpBn, .number(1000))
        set(.nominalGrowth, .number(3))
        set(.debt, .number(80))
        set(.primaryBalance, .number(-1))
        set(.implicitRate, .number(2.5))
        set(.marketRate, .number(3))
        set(.averageMaturity, .number(7))
        set(.defence, .number(2))
        set(.forecastNominalGrowth, .series(YearSeries(points: [2026: 4, 2027: 3.5])))
        set(.forecastPrimaryBalance, .series(YearSeries(points: [2026: -2, 2027: -1.5])))
        set(.forecastStockFlow, .series(YearSeries(points: [2026: 0.5])))
        set(.potentialGrowth, .number(1))
        set(.outputGap, .number(-1.5))
        set(.budgetSemiElasticity, .number(0.6))
        set(.ageingCost, .series(YearSeries(points: [2027: 20, 2030: 21.5])))
        set(.gdpDeflator, .number(2.6))
        set(.forwardRate, .number(4))
        inputs.baselineMode = mode
        return inputs
    }

    static let years = Array(2025...2036)

    @Test("forecast years take the forecast; after F the conventions, each by hand")
    func conventions() throws {
        let paths = BaselinePaths(inputs: Self.country(), years: Self.years)
        #expect(paths.lastForecastYear == 2027)
        #expect(paths.growth[1] == 4 && paths.growth[2] == 3.5)
        #expect(paths.primaryBalance[0] == -1, "the base year is observed")
        #expect(paths.primaryBalance[1] == -2 && paths.primaryBalance[2] == -1.5)
        #expect(paths.stockFlowPctGDP[1] == 0.5 && paths.stockFlowPctGDP[2] == 0.5, "flat outside its years (I1)")
        #expect(paths.stockFlowPctGDP[3] == 0, "no stock-flow adjustment after F")
        // 2028 (t − F = 1): the gap closes by a third; the deflator moves 1/8 of the way to 2 %.
        let gap2028 = -1.5 * (1 - 1.0 / 3)
        let real2028 = 1.01 * (1 + gap2028 / 100) / (1 - 0.015)
        let deflator2028 = 2.6 + (2 - 2.6) / 8
        #expect(approximatelyEqual(paths.growth[3], 100 * (real2028 * (1 + deflator2028 / 100) - 1), relative: 1e-14))
        // pbBL = (pb_F − ε·gap_F) − (ageing_t − ageing_F) + ε·gap_t; ageing 2028 = 20.5.
        #expect(approximatelyEqual(paths.primaryBalance[3], (-1.5 + 0.6 * 1.5) - 0.5 + 0.6 * gap2028, relative: 1e-14))
        // 2030: the gap is closed; ageing has risen by 1.5.
        let gap2029 = -1.5 * (1 - 2.0 / 3)
        let real2030 = 1.01 / (1 + gap2029 / 100)
        let deflator2030 = 2.6 + (2 - 2.6) * 3 / 8
        #expect(approximatelyEqual(paths.growth[5], 100 * (real2030 * (1 + deflator2030 / 100) - 1), relative: 1e-14))
        #expect(approximatelyEqual(paths.primaryBalance[5], -0.6 - 1.5, relative: 1e-14))
        // 2035 = B + 10: the deflator at 2 %, growth (1.01 · 1.02 − 1); held after.
        #expect(approximatelyEqual(paths.growth[10], 100 * (1.01 * 1.02 - 1), relative: 1e-14))
        #expect(approximatelyEqual(paths.growth[11], 100 * (1.01 * 1.02 - 1), relative: 1e-14))
        // The market rate: rm_B + (forward − rm_B)·min(1, (t − B)/10), forecast years too.
        #expect(approximatelyEqual(paths.marketRate[1], 3.1, relative: 1e-14))
        #expect(paths.marketRate[10] == 4 && paths.marketRate[11] == 4)
        #expect(paths.marketRate[0] == 3)
    }

    @Test("frozen mode ignores every forecast input; a missing convention input keeps that input frozen")
    func frozenAndFallbacks() throws {
        let frozen = BaselinePaths(inputs: Self.country(mode: .frozen), years: Self.years)
        #expect(frozen.lastForecastYear == nil, "no forecast year in the frozen mode")
        #expect(frozen.growth.dropFirst().allSatisfy { $0 == 3 })
        #expect(frozen.primaryBalance.allSatisfy { $0 == -1 })
        #expect(frozen.marketRate.allSatisfy { $0 == 3 })
        #expect(frozen.stockFlowPctGDP.allSatisfy { $0 == nil })
        // Without a deflator, growth after F stays frozen; the balance still follows its convention.
        var inputs = Self.country()
        inputs.remove(.gdpDeflator)
        let partial = BaselinePaths(inputs: inputs, years: Self.years)
        #expect(partial.growth[3] == 3 && partial.growth[1] == 4)
        #expect(partial.primaryBalance[3] != -1)
        // Without a forecast map no year is a forecast year: only the forward rate acts.
        inputs.remove(.forecastNominalGrowth)
        let none = BaselinePaths(inputs: inputs, years: Self.years)
        #expect(none.lastForecastYear == nil)
        #expect(none.growth.dropFirst().allSatisfy { $0 == 3 } && none.primaryBalance.allSatisfy { $0 == -1 })
        #expect(none.marketRate[10] == 4)
    }

    @Test("published plans: the baseline follows them to P and holds; false reproduces §3")
    func publishedPlans() throws {
        var inputs = Self.country(mode: .frozen)
        inputs.set(
            .publishedDefence, .series(YearSeries(points: [2024: 9, 2026: 2.5, 2028: 3])), from: .modelDefault("test"))
        let paths = BaselinePaths(inputs: inputs, years: Self.years)
        #expect(paths.anchorYear == 2028)
        #expect(paths.defence[0] == 2, "years up to B are observed, a plan for 2024 is ignored")
        #expect(paths.defence[1] == 2.5 && paths.defence[2] == 2.75 && paths.defence[3] == 3 && paths.defence[11] == 3)
        // A linear path to 3.5 by 2030: years to P follow the plan, then the §3 formula from s_P,
        // starting in P + 1 (x = (t − P)/(2030 − P)).
        let path = SpendingPath.linear(to: 3.5, by: 2030)
        let shares = path.shares(baseline: paths.defence, anchorIndex: paths.anchorIndex, years: Self.years, gdp: [])
        #expect(Array(shares.prefix(4)) == Array(paths.defence.prefix(4)))
        #expect(approximatelyEqual(shares[4], 3 + 0.5 * 1 / 2, relative: 1e-15))
        #expect(shares[5] == 3.5 && shares[11] == 3.5)
        // At or above the target, `keep`: the whole baseline path.
        let below = SpendingPath.linear(to: 2.8, by: 2030).shares(
            baseline: paths.defence, anchorIndex: paths.anchorIndex, years: Self.years, gdp: [])
        #expect(below == paths.defence)
        inputs.publishedPlans = false
        let off = BaselinePaths(inputs: inputs, years: Self.years)
        #expect(off.anchorIndex == 0 && off.defence.allSatisfy { $0 == 2 })
        #expect(
            path.shares(baseline: off.defence, anchorIndex: 0, years: Self.years, gdp: [])
                == path.shares(baseShare: 2, baseYear: 2025, years: Self.years, gdp: []))
    }

    @Test("the engine: forecast inputs equal to the frozen ones give the frozen run bit for bit")
    func modesAgreeOnEqualInputs() throws {
        var frozen = Self.country(mode: .frozen)
        var forecast = frozen
        forecast.baselineMode = .forecast
        for parameter in [CountryParameter.potentialGrowth, .outputGap, .ageingCost, .gdpDeflator] { forecast.remove(parameter) }
        forecast.set(.forecastNominalGrowth, .series(YearSeries(points: [2026: 3, 2027: 3])), from: .modelDefault("test"))
        forecast.set(.forecastPrimaryBalance, .series(YearSeries(points: [2026: -1, 2027: -1])), from: .modelDefault("test"))
        forecast.remove(.forecastStockFlow)
        forecast.set(.forwardRate, .number(3), from: .modelDefault("test"))
        frozen.remove(.forecastStockFlow)
        let variant = PolicyVariant(label: "3.5", defence: .linear(to: 3.5, by: 2030))
        let a = try ProjectionEngine().run(
            ProjectionRequest(baseYear: 2025, endYear: 2036, countries: [frozen], variants: [variant]))
        let b = try ProjectionEngine().run(
            ProjectionRequest(baseYear: 2025, endYear: 2036, countries: [forecast], variants: [variant]))
        for metric in ProjectionMetric.allCases {
            let x = a.allProjections.flatMap { $0[metric] }
            let y = b.allProjections.flatMap { $0[metric] }
            #expect(
                zip(x, y).allSatisfy { $0 == $1 || ($0.isNaN && $1.isNaN) }, "\(metric.key) differs between the modes")
        }
    }

    @Test("the debt floor keeps the surplus as assets: net debt shows what a variant costs")
    func floorAssets() throws {
        var inputs = Self.country(mode: .frozen)
        inputs.set(.primaryBalance, .number(15), from: .modelDefault("test"))
        inputs.set(.debt, .number(10), from: .modelDefault("test"))
        let variant = PolicyVariant(label: "5", defence: .linear(to: 5, by: 2030))
        let result = try ProjectionEngine().run(
            ProjectionRequest(baseYear: 2025, endYear: 2035, countries: [inputs], variants: [variant]))
        let baseline = try #require(result.projection(variant: "baseline", country: "XA"))
        let five = try #require(result.projection(variant: "5", country: "XA"))
        #expect(baseline.value(.debt, in: 2035) == 0 && five.value(.debt, in: 2035) == 0)
        let assets = try #require(baseline.value(.fundAssetsBn, in: 2035))
        #expect(assets > 0)
        // Assets are the surpluses beyond the debt, summed: each year, what would have taken
        // market debt below zero, Dm_{t−1} + F_t (no SAFE here).
        let t = try #require(result.years.firstIndex(of: 2035))
        let needs = baseline[.financingNeedBn]
        let marketDebt = baseline[.marketDebtBn]
        let expected = (1...t).reduce(0.0) { total, i in total + max(0, -(marketDebt[i - 1] + needs[i])) }
        #expect(approximatelyEqual(assets, expected, relative: 1e-12))
        #expect(
            approximatelyEqual(
                baseline.value(.netDebt, in: 2035)!, -100 * assets / baseline.value(.gdp, in: 2035)!, relative: 1e-12))
        #expect(five.value(.netDebt, in: 2035)! > baseline.value(.netDebt, in: 2035)! + 1, "the 5 % path costs net debt")
    }
}
