import Foundation
import MilexData
import MilexModel
import MilexReport
import MilexTestSupport
import Testing

@testable import MilexScenario

/// MODEL.md §10–§11 through scenario files and the built-in data: the keys, their defaults,
/// their errors, the independent implementation, and the derivations from the dataset.
@Suite("Baseline modes and published plans in scenarios")
struct BaselineModeTests {
    static func load(_ text: String) throws -> Scenario { try ScenarioLoader().load(text: text, file: "baseline.json") }

    @Test("defaults: built-in countries forecast with plans from 2025, frozen without before; custom frozen with plans")
    func defaults() throws {
        let current = try Self.load(#"{"countries": ["DE"]}"#)
        #expect(current.countries[0].baselineMode == .forecast && current.countries[0].publishedPlans)
        let earlier = try Self.load(#"{"countries": ["DE"], "base_year": 2024}"#)
        #expect(earlier.countries[0].baselineMode == .frozen && !earlier.countries[0].publishedPlans)
        let custom = try Self.load(
            #"""
            {"countries": ["XA"], "base_year": 2025, "custom_countries": {"XA": {"currency": "EUR", "gdp_bn": 100,
             "nominal_growth_pct": 3, "debt_pct_gdp": 50, "primary_balance_pct_gdp": 0, "implicit_rate_pct": 2,
             "market_rate_pct": 3, "average_maturity_years": 5, "defence_pct_gdp": 2}}}
            """#)
        #expect(custom.countries[0].baselineMode == .frozen && custom.countries[0].publishedPlans)
        let chosen = try Self.load(#"{"countries": ["DE"], "baseline": "frozen", "published_plans": false}"#)
        #expect(chosen.countries[0].baselineMode == .frozen && !chosen.countries[0].publishedPlans)
    }

    @Test(
        "bad values are clear errors naming the key",
        arguments: [
            (#"{"countries": ["DE"], "baseline": "forcast"}"#, "baseline", "did you mean \"forecast\"?"),
            (#"{"countries": ["DE"], "published_plans": "yes"}"#, "published_plans", "true or false"),
            (
                #"{"countries": ["DE"], "overrides": {"DE": {"forecast": 3}}}"#, "overrides.DE.forecast",
                "an object of forecast paths"
            ),
            (
                #"{"countries": ["DE"], "overrides": {"DE": {"forecast": {"growth": {"2026": 3}}}}}"#,
                "overrides.DE.forecast.growth",
                "unknown key"
            ),
            (
                #"{"countries": ["DE"], "overrides": {"DE": {"forecast": {"nominal_growth_pct": 3}}}}"#,
                "overrides.DE.forecast.nominal_growth_pct", "{\"year\""
            ),
            (#"{"countries": ["DE"], "overrides": {"DE": {"output_gap_pct": 99}}}"#, "overrides.DE.output_gap_pct", "[−30, 30]"),
        ])
    func errors(text: String, path: String, fragment: String) throws {
        do {
            _ = try Self.load(text)
            Issue.record("accepted: \(text)")
        } catch let error as ScenarioError {
            let messages = error.diagnostics.map(\.description)
            #expect(messages.contains { $0.contains(path) && $0.contains(fragment) }, "\(messages)")
        }
    }

    @Test("the engine matches the independent implementation on random scenarios: forecast mode, plans, net expenditure")
    func independentReference() throws {
        let netExpenditure = [
            "net_expenditure_bn", "net_expenditure_growth_pct", "net_expenditure_ceiling_pct", "control_account_pct_gdp",
            "net_expenditure_allowance_pct_gdp", "headroom_pct_gdp",
        ]
        let outcome = try ReferenceComparison.run(
            seed: "20261201", count: 40, features: "forecast,net", extraFields: netExpenditure)
        #expect(outcome.compared > 10_000)
        let forecastLanes = outcome.scenarios.flatMap(\.countries).filter { $0.baselineMode == .forecast }.count
        let netLanes = outcome.scenarios.flatMap(\.countries).filter { $0.values[.netExpenditureCeilings] != nil }.count
        #expect(forecastLanes > 10, "the generator's scenarios exercise the forecast mode")
        #expect(netLanes > 5, "and net expenditure paths")
        #expect((outcome.nonzero["control_account_pct_gdp"] ?? 0) > 100)
    }

    @Test("built-in inputs: the Commission's forecast and conventions for DE; Korea's enacted 2026 budget as a plan")
    func dataset() throws {
        let germany = try Self.load(#"{"countries": ["DE"]}"#).countries[0]
        let forecast = try #require(germany.series(.forecastNominalGrowth))
        #expect(forecast.points.map(\.year) == [2026])
        #expect(germany.series(.potentialGrowth) != nil && germany.number(.budgetSemiElasticity) != nil)
        #expect(germany.number(.forwardRate) != nil && germany.series(.ageingCost) != nil)
        let plans = try #require(germany.series(.publishedDefence))
        let nato2026 = try #require(Dataset.builtIn.countries["DE"]?.figures("defence_pct_gdp", year: 2026).first)
        #expect(plans.value(in: 2026) == nato2026.value && nato2026.status == "estimate")
        // Korea: the budget as passed (KRW bn) over the GDP path of the baseline.
        let korea = try Self.load(#"{"countries": ["KR"]}"#)
        let inputs = korea.countries[0]
        let share = try #require(inputs.series(.publishedDefence)?.value(in: 2026))
        let growth = inputs.series(.forecastNominalGrowth)?.value(in: 2026) ?? inputs.nominalGrowth.value(in: 2026)
        #expect(approximatelyEqual(share, 100 * 65_864.2 / (inputs.gdpBn * (1 + growth / 100)), relative: 1e-12))
        let result = try ProjectionEngine().run(korea.request)
        #expect(result.projection(variant: "baseline", country: "KR")?.value(.defence, in: 2026) == share)
    }

    @Test("frozen mode with every forecast input present gives the run without them, bit for bit")
    func frozenIgnoresForecastInputs() throws {
        let frozen = try Self.load(#"{"countries": ["DE", "FR", "US"], "baseline": "frozen", "published_plans": false}"#)
        var stripped = frozen.request
        let forecastKeys: [CountryParameter] = [
            .forecastNominalGrowth, .forecastPrimaryBalance, .forecastStockFlow, .potentialGrowth, .outputGap,
            .budgetSemiElasticity, .ageingCost, .gdpDeflator, .forwardRate, .publishedDefence,
        ]
        for index in stripped.countries.indices { for key in forecastKeys { stripped.countries[index].remove(key) } }
        let a = try ProjectionEngine().run(frozen.request)
        let b = try ProjectionEngine().run(stripped)
        for metric in ProjectionMetric.allCases {
            #expect(
                zip(a.allProjections.flatMap { $0[metric] }, b.allProjections.flatMap { $0[metric] }).allSatisfy {
                    $0 == $1 || ($0.isNaN && $1.isNaN)
                },
                "\(metric.key)")
        }
    }

    @Test("show prints the derived paths; every document names the mode and its sources")
    func documents() throws {
        let record = try #require(Dataset.builtIn.countries["FR"])
        let tables = DatasetReport(dataset: .builtIn).showTables(record)
        let paths = try #require(tables.first { $0.id == "FR-baseline" })
        #expect(paths.rows.count == 11)
        #expect(paths.title.contains("forecast mode"))
        let scenario = try Self.load(
            #"{"countries": ["FR", "AL"], "variants": [{"label": "3.5", "defence": {"target_pct_gdp": 3.5, "by": 2035}}]}"#)
        let context = RunContext(scenario: scenario, result: try ProjectionEngine().run(scenario.request))
        let document = RunDocument.build(context)
        let baseline = try #require(document.assumptions.first { $0.label == "Baseline" })
        #expect(baseline.text.contains("forecast (MODEL.md §10) for FR"))
        #expect(baseline.text.contains("frozen for AL"))
        #expect(
            document.notes.contains {
                $0.hasPrefix("Baseline: forecast mode (MODEL.md §10) for FR (to ") && $0.contains("DSA_AR2024")
            })
    }
}
