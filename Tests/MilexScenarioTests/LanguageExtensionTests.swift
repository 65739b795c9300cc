import Foundation
import MilexData
import MilexModel
import MilexNumerics
import MilexReport
import Testing

@testable import MilexScenario

// The scenario language beyond MODEL.md §9 (docs/scenario-format.md; docs/model-notes.md E4, E5,
// E8–E10): scenario texts are loaded with ScenarioLoader and run through ProjectionEngine, and the
// figures are checked against values worked out by hand in the comments.

/// A custom country with round numbers; `extra` adds keys inside its object.
private func customCountry(defence: Double, growth: Double = 4, extra: String = "") -> String {
    """
    {"currency": "EUR", "gdp_bn": 500, "nominal_growth_pct": \(growth), "debt_pct_gdp": 50,
     "primary_balance_pct_gdp": -1, "implicit_rate_pct": 4, "market_rate_pct": 4,
     "average_maturity_years": 8, "defence_pct_gdp": \(defence)\(extra)}
    """
}

/// Loads a scenario text (errors are thrown as ``ScenarioError``).
private func loadText(_ text: String) throws -> Scenario {
    try ScenarioLoader().load(text: text, file: "ext.json")
}

/// Runs a loaded scenario through the deterministic engine.
private func runEngine(_ scenario: Scenario) throws -> ProjectionResult {
    try ProjectionEngine().run(scenario.request)
}

/// The errors for `text` with their descriptions, for messages in failed expectations.
private func errors(_ text: String) -> [Diagnostic] {
    diagnostics(text).filter { $0.severity == .error }
}

/// Whether one of `found` is at `path` and says every fragment.
private func reports(_ found: [Diagnostic], at path: String, _ fragments: [String]) -> Bool {
    found.contains { diagnostic in
        diagnostic.path == path && fragments.allSatisfy { diagnostic.description.contains($0) }
    }
}

/// The cell of a summary table in the row whose first cell is `code`, column `id`.
private func cell(_ table: Table, _ code: String, _ id: String) -> Table.Cell? {
    guard let column = table.columns.firstIndex(where: { $0.id == id }),
        let row = table.rows.first(where: { $0.first == .text(code) })
    else { return nil }
    return row[column]
}

@Suite("Scenario language extensions")
struct LanguageExtensionTests {
    // MARK: increase_pp (E4)

    @Test("increase_pp: the target is s_B + pp for each country, reached in the by year")
    func increasePP() throws {
        // Linear from 2025 to 2028: x = 1/4, 2/4, 3/4, 1. XA (s_B 1.2) → 1.2 + 1.5·x = 1.575, 1.95, 2.325, 2.7;
        // XB (s_B 2.0) → 2.375, 2.75, 3.125, 3.5; both hold from 2028.
        let text = """
            {"name": "pp", "base_year": 2024, "end_year": 2030, "countries": ["XA", "XB"],
             "custom_countries": {"XA": \(customCountry(defence: 1.2)), "XB": \(customCountry(defence: 2.0))},
             "variants": [{"label": "+1.5 pp", "defence": {"increase_pp": 1.5, "by": 2028}}]}
            """
        let result = try runEngine(try loadText(text))
        let expected: [String: [Int: Double]] = [
            "XA": [2024: 1.2, 2025: 1.575, 2026: 1.95, 2027: 2.325, 2028: 2.7, 2029: 2.7, 2030: 2.7],
            "XB": [2024: 2.0, 2025: 2.375, 2026: 2.75, 2027: 3.125, 2028: 3.5, 2029: 3.5, 2030: 3.5],
        ]
        for (code, shares) in expected {
            let projection = try #require(result.projection(variant: "+1.5 pp", country: code))
            for (year, share) in shares {
                let value = try #require(projection.value(.defence, in: year))
                #expect(abs(value - share) <= 1e-12, "\(code) \(year): \(value) vs \(share)")
            }
        }
    }

    @Test("a negative increase_pp is a target below s_B: keep holds s_B, converge moves down to it")
    func increasePPNegative() throws {
        // s_B = 2, increase −0.5: T = 1.5 ≤ s_B. keep (the default, docs/model-notes.md I4): 2 throughout;
        // converge: linear 2025–2026, 2 − 0.5·x = 1.75, 1.5.
        let text = """
            {"name": "pp", "base_year": 2024, "end_year": 2027, "countries": ["XA"],
             "custom_countries": {"XA": \(customCountry(defence: 2.0))},
             "variants": [{"label": "keep", "defence": {"increase_pp": -0.5, "by": 2026}},
                          {"label": "converge", "defence": {"increase_pp": -0.5, "by": 2026, "above_target": "converge"}}]}
            """
        let result = try runEngine(try loadText(text))
        let keep = try #require(result.projection(variant: "keep", country: "XA"))
        #expect(keep[.defence] == [2, 2, 2, 2])
        let converge = try #require(result.projection(variant: "converge", country: "XA"))
        let shares = converge[.defence]
        #expect(zip(shares, [2.0, 1.75, 1.5, 1.5]).allSatisfy { abs($0 - $1) <= 1e-12 }, "\(shares)")
    }

    @Test("increase_pp with target_pct_gdp is an error; neither is an error; with growth it is ignored (a warning)")
    func increasePPErrors() throws {
        let both = validScenario.replacingOccurrences(
            of: "\"target_pct_gdp\": 3.5,", with: "\"target_pct_gdp\": 3.5, \"increase_pp\": 1,")
        let bothErrors = errors(both)
        #expect(
            reports(bothErrors, at: "variants[0].defence.increase_pp", ["give target_pct_gdp or increase_pp, not both"]),
            "\(bothErrors.map(\.description))")
        let neither = validScenario.replacingOccurrences(of: "\"target_pct_gdp\": 3.5,", with: "")
        let neitherErrors = errors(neither)
        #expect(
            reports(neitherErrors, at: "variants[0].defence", ["shape \"linear\" needs target_pct_gdp (or increase_pp"]),
            "\(neitherErrors.map(\.description))")
        let growth = validScenario.replacingOccurrences(
            of: "\"target_pct_gdp\": 3.5, \"by\": 2030, \"shape\": \"linear\"",
            with: "\"shape\": \"growth\", \"growth_pct\": 5, \"increase_pp\": 1")
        let scenario = try loadText(growth)
        #expect(
            scenario.warnings.contains {
                $0.path == "variants[0].defence.increase_pp"
                    && $0.description.contains("increase_pp has no effect with shape \"growth\"")
            }, "\(scenario.warnings.map(\.description))")
    }

    // MARK: by_country (E10)

    @Test("by_country replaces one country's path; the others follow the variant's")
    func byCountryCode() throws {
        // Variant: linear to 3.5 by 2030 from 2025 (6 steps): XA (s_B 1.2) in 2027 = 1.2 + 2.3·3/6 = 2.35.
        // XB's own path: a step to 4 from 2026, so 2025 keeps s_B = 2 and 2026 on is 4.
        let text = """
            {"name": "bc", "base_year": 2024, "end_year": 2030, "countries": ["XA", "XB"],
             "custom_countries": {"XA": \(customCountry(defence: 1.2)), "XB": \(customCountry(defence: 2.0))},
             "variants": [{"label": "v", "defence": {"target_pct_gdp": 3.5, "by": 2030},
                           "by_country": {"XB": {"defence": {"shape": "step", "target_pct_gdp": 4, "start": 2026}}}}]}
            """
        let result = try runEngine(try loadText(text))
        let xa = try #require(result.projection(variant: "v", country: "XA"))
        let xb = try #require(result.projection(variant: "v", country: "XB"))
        let xa2027 = try #require(xa.value(.defence, in: 2027))
        #expect(abs(xa2027 - 2.35) <= 1e-12)
        let xa2030 = try #require(xa.value(.defence, in: 2030))
        #expect(abs(xa2030 - 3.5) <= 1e-12)
        #expect(xb[.defence] == [2, 2, 4, 4, 4, 4, 4])
    }

    @Test("by_country with a group key, and a code that wins over its group whatever the order")
    func byCountryGroup() throws {
        // BALTIC = EE, LT, LV. The group's paths: defence a step to 6 and related a step to 1, from 2026.
        // LT's own entry (written first) has only a defence path, a step to 7: it wins for defence and keeps
        // the group's related path. XA is in no group: it follows the variant (linear to 3 by 2030).
        let text = """
            {"name": "bg", "countries": ["XA", "BALTIC"], "base_year": 2024, "end_year": 2030,
             "custom_countries": {"XA": \(customCountry(defence: 1.5))},
             "defaults": {"average_maturity_years": 8},
             "variants": [{"label": "v", "defence": {"target_pct_gdp": 3, "by": 2030},
                           "by_country": {"LT": {"defence": {"shape": "step", "target_pct_gdp": 7, "start": 2026}},
                                          "BALTIC": {"defence": {"shape": "step", "target_pct_gdp": 6, "start": 2026},
                                                     "related": {"shape": "step", "target_pct_gdp": 1, "start": 2026}}}}]}
            """
        let result = try runEngine(try loadText(text))
        for (code, defence) in [("LT", 7.0), ("LV", 6.0), ("EE", 6.0)] {
            let projection = try #require(result.projection(variant: "v", country: code))
            // Before the start year the share is the base-year share (a step moves nothing before S).
            #expect(projection.value(.defence, in: 2025) == projection.value(.defence, in: 2024), "\(code) 2025")
            for year in 2026...2030 {
                #expect(projection.value(.defence, in: year) == defence, "\(code) defence \(year)")
                #expect(projection.value(.related, in: year) == 1, "\(code) related \(year)")
            }
        }
        // XA: linear from 1.5 to 3 over 2025–2030, 0.25 a year: 2026 = 2.0.
        let xa = try #require(result.projection(variant: "v", country: "XA"))
        let xa2026 = try #require(xa.value(.defence, in: 2026))
        #expect(abs(xa2026 - 2.0) <= 1e-12)
        #expect(xa[.related].allSatisfy { $0 == 0 }, "XA has no related path")
    }

    @Test("by_country naming a country outside the run is an error")
    func byCountryOutsideRun() {
        let text = validScenario.replacingOccurrences(
            of: "\"financing\"",
            with: "\"by_country\": {\"FR\": {\"defence\": {\"target_pct_gdp\": 3, \"by\": 2030}}}, \"financing\"")
        let found = errors(text)
        #expect(
            reports(found, at: "variants[0].by_country.FR", ["\"FR\" is not in this run's countries"]),
            "\(found.map(\.description))")
    }

    // MARK: start_bn on a growth path (E5)

    @Test("start_bn: spending in money is start_bn in the start year, then grows growth_pct a year")
    func startBn() throws {
        // Y_B = 500, g = 4 %: Y = 520 (2025), 540.8 (2026), 562.432 (2027), 584.92928 (2028).
        // Start 2026 with 12 bn, +5 % a year: 12, 12.6, 13.23 bn; shares 100·12/540.8 = 2.21893…,
        // 100·12.6/562.432, 100·13.23/584.92928. 2025 lies on the straight line from s_B = 2 (2024) to the
        // 2026 share: 2 + (2.21893… − 2)/2.
        let text = """
            {"name": "g", "base_year": 2024, "end_year": 2028, "countries": ["XA"],
             "custom_countries": {"XA": \(customCountry(defence: 2.0))},
             "variants": [{"label": "budget", "defence": {"shape": "growth", "start": 2026, "start_bn": 12, "growth_pct": 5}},
                          {"label": "from s_B", "defence": {"shape": "growth", "start": 2026, "growth_pct": 5}}]}
            """
        let result = try runEngine(try loadText(text))
        let budget = try #require(result.projection(variant: "budget", country: "XA"))
        let gdp: [Int: Double] = [2024: 500, 2025: 520, 2026: 540.8, 2027: 562.432, 2028: 584.92928]
        for (year, value) in gdp {
            let reported = try #require(budget.value(.gdp, in: year))
            #expect(abs(reported - value) <= 1e-9 * value, "GDP \(year)")
        }
        let share2026 = 100 * 12 / 540.8
        let money: [Int: Double] = [2026: 12, 2027: 12.6, 2028: 13.23]
        for (year, bn) in money {
            let reported = try #require(budget.value(.defenceBn, in: year))
            #expect(abs(reported - bn) <= 1e-9 * bn, "defence bn \(year)")
            let share = try #require(budget.value(.defence, in: year))
            #expect(abs(share - 100 * bn / gdp[year]!) <= 1e-12, "defence share \(year)")
        }
        let share2025 = try #require(budget.value(.defence, in: 2025))
        #expect(abs(share2025 - (2 + (share2026 - 2) / 2)) <= 1e-12)
        // Without start_bn (docs/model-notes.md I7): 2025 stays at s_B; S_2025 = 2 % of 520 = 10.4 bn,
        // then 10.92 (2026) and 11.466 (2027).
        let plain = try #require(result.projection(variant: "from s_B", country: "XA"))
        #expect(plain.value(.defence, in: 2025) == 2)
        let plain2026 = try #require(plain.value(.defenceBn, in: 2026))
        #expect(abs(plain2026 - 10.92) <= 1e-9)
        let plain2027 = try #require(plain.value(.defenceBn, in: 2027))
        #expect(abs(plain2027 - 11.466) <= 1e-9)
    }

    @Test("start_bn on a shape other than growth is ignored with a warning")
    func startBnWarning() throws {
        let text = validScenario.replacingOccurrences(
            of: "\"shape\": \"linear\"", with: "\"shape\": \"linear\", \"start_bn\": 20")
        let scenario = try loadText(text)
        #expect(
            scenario.warnings.contains {
                $0.path == "variants[0].defence.start_bn"
                    && $0.description.contains("start_bn has no effect with shape \"linear\"")
            }, "\(scenario.warnings.map(\.description))")
        #expect(scenario.variants[0].defence?.startBn == 20)
        // Ignored: the path is the linear one, 1.5 → 3.5 over 2025–2030 (2026: 1.5 + 2·2/6).
        let result = try runEngine(scenario)
        let share = try #require(result.projection(variant: 1, country: 0).value(.defence, in: 2026))
        #expect(abs(share - (1.5 + 2.0 * 2 / 6)) <= 1e-12)
    }

    // MARK: proxies

    /// The dataset's figures for `key` of `code` in `year` (the raw list, not the model inputs).
    private func rawFigures(_ code: String, _ key: String, _ year: Int) throws -> [Figure] {
        let record = try #require(Dataset.builtIn.countries[code])
        return record.figures.filter { $0.key == key && $0.year == year }
    }

    @Test("primary_balance_from_balance: KR's headline balance stands in for its missing primary balance")
    func proxyPrimaryBalance() throws {
        // KR has a 2024 headline balance but no primary balance in the dataset.
        #expect(try rawFigures("KR", "primary_balance_pct_gdp", 2024).isEmpty)
        let balances = try rawFigures("KR", "balance_pct_gdp", 2024)
        try #require(balances.count == 1)
        let balance = balances[0].value
        let defaults = """
            "defaults": {"average_maturity_years": 8, "nominal_growth_pct": 4, "implicit_rate_pct": 4,
                         "market_rate_pct": 4, "primary_balance_pct_gdp": 0}
            """
        // The proxy is applied before defaults, so the default 0 does not replace it.
        let text = "{\"countries\": [\"KR\"], \"base_year\": 2024, \"proxies\": [\"primary_balance_from_balance\"], \(defaults)}"
        let scenario = try loadText(text)
        let inputs = try #require(scenario.countries.first)
        #expect(inputs.primaryBalance.value(in: 2024) == balance)
        guard case .derived(let formula, _)? = inputs.provenance[.primaryBalance] else {
            Issue.record(
                "the proxy's provenance must be derived, found \(String(describing: inputs.provenance[.primaryBalance]))")
            return
        }
        #expect(formula.contains("proxy primary_balance_from_balance"))
        let recorded = scenario.scenarioInputs.filter { $0.country == "KR" && $0.parameter == .primaryBalance }
        #expect(recorded.map(\.kind) == [.proxy])
        #expect(recorded.first?.location.path == "proxies")
        // The engine runs on it: the baseline primary balance holds at the stand-in every year.
        let result = try runEngine(scenario)
        #expect(result.projection(variant: 0, country: 0)[.primaryBalance].allSatisfy { $0 == balance })
        // Without the proxy (and without a default or the built-in stand-ins) the figure is missing.
        let without =
            "{\"countries\": [\"KR\"], \"base_year\": 2024, \"defaults\": {\"average_maturity_years\": 8, \"nominal_growth_pct\": 4, \"implicit_rate_pct\": 4, \"market_rate_pct\": 4}}"
        var found: [Diagnostic] = []
        do {
            _ = try ScenarioLoader(assumeMissing: false).load(text: without, file: "test.json")
        } catch {
            found = error.diagnostics
        }
        #expect(found.contains { $0.description.contains("KR lacks primary_balance_pct_gdp") }, "\(found.map(\.description))")
    }

    @Test("market_rate_from_implicit_rate: RO's implicit rate of B+1 = 2025 stands in for its missing yield")
    func proxyMarketRate() throws {
        // RO has no 10-year yield; its implicit rates run to 2026, but the proxy takes the latest up to B+1.
        let yields = try (2020...2026).flatMap { try rawFigures("RO", "lt_yield_pct", $0) }
        #expect(yields.isEmpty)
        let rates2025 = try rawFigures("RO", "implicit_rate_pct", 2025)
        try #require(rates2025.count == 1)
        let rate = rates2025[0].value
        let later = try rawFigures("RO", "implicit_rate_pct", 2026)
        #expect(later.allSatisfy { $0.value != rate }, "a later figure exists and must not be the one taken")
        let text = """
            {"countries": ["RO", "DE"], "base_year": 2024, "proxies": ["market_rate_from_implicit_rate", "primary_balance_from_balance"],
             "defaults": {"average_maturity_years": 8}}
            """
        let scenario = try loadText(text)
        let ro = try #require(scenario.countries.first { $0.code == "RO" })
        #expect(ro.marketRate.value(in: 2030) == rate)
        let recorded = scenario.scenarioInputs.filter { $0.kind == .proxy }
        #expect(recorded.map(\.country) == ["RO"], "DE has both figures: no proxy for it")
        #expect(recorded.map(\.parameter) == [.marketRate])
        let result = try runEngine(scenario)
        let index = try #require(result.countries.firstIndex { $0.code == "RO" })
        #expect(result.projection(variant: 0, country: index)[.marketRate].allSatisfy { $0 == rate })
    }

    @Test("an unknown proxy name is an error with a suggestion")
    func proxyUnknown() {
        let text = validScenario.replacingOccurrences(
            of: "\"end_year\": 2035,", with: "\"end_year\": 2035, \"proxies\": [\"primary_balance_from_balanse\"],")
        let found = errors(text)
        #expect(
            reports(
                found, at: "proxies[0]",
                ["one of \"primary_balance_from_balance\"", "did you mean \"primary_balance_from_balance\"?"]),
            "\(found.map(\.description))")
    }

    // MARK: shifts (E9)

    @Test("top-level shifts move every variant and the baseline; a variant's shift adds to them")
    func topLevelShifts() throws {
        // XA: growth 3, market 3.2, implicit 2.5, primary balance {2025: −1, 2030: 0}.
        // Shifts: market +1 → 4.2; growth −0.5 → 2.5; implicit +0.5 → i_B = 3; primary −0.25 → {−1.25, −0.25},
        // so pb_2027 = −1.25 + 1·2/5 = −0.85. Variant "b" adds market +0.5 → 4.7. Y_2025 = 500·1.025 = 512.5.
        let text = """
            {"name": "s", "base_year": 2024, "end_year": 2030, "countries": ["XA"],
             "custom_countries": {"XA": {"currency": "EUR", "gdp_bn": 500, "nominal_growth_pct": 3,
                "debt_pct_gdp": 50, "primary_balance_pct_gdp": {"2025": -1, "2030": 0}, "implicit_rate_pct": 2.5,
                "market_rate_pct": 3.2, "average_maturity_years": 8, "defence_pct_gdp": 2}},
             "shifts": {"market_rate_pct": 1, "nominal_growth_pct": -0.5, "implicit_rate_pct": 0.5,
                        "primary_balance_pct_gdp": -0.25},
             "variants": [{"label": "a", "defence": {"target_pct_gdp": 3, "by": 2030}},
                          {"label": "b", "shifts": {"market_rate_pct": 0.5}}]}
            """
        let scenario = try loadText(text)
        let result = try runEngine(scenario)
        for (label, market) in [("baseline", 4.2), ("a", 4.2), ("b", 4.7)] {
            let projection = try #require(result.projection(variant: label, country: "XA"))
            for (t, year) in projection.years.enumerated() {
                #expect(abs(projection[.marketRate][t] - market) <= 1e-12, "\(label) market \(year)")
                if t > 0 { #expect(abs(projection[.nominalGrowth][t] - 2.5) <= 1e-12, "\(label) growth \(year)") }
            }
            let gdp2025 = try #require(projection.value(.gdp, in: 2025))
            #expect(abs(gdp2025 - 512.5) <= 1e-9, "\(label) GDP 2025")
            // The rate applied in B+1 is i_B (model-notes I12): 2.5 + 0.5.
            let rate2025 = try #require(projection.value(.implicitRate, in: 2025))
            #expect(abs(rate2025 - 3) <= 1e-12, "\(label) rate 2025")
        }
        let baseline = try #require(result.projection(variant: "baseline", country: "XA"))
        let pb2027 = try #require(baseline.value(.primaryBalance, in: 2027))
        #expect(abs(pb2027 - -0.85) <= 1e-12)
        let pb2030 = try #require(baseline.value(.primaryBalance, in: 2030))
        #expect(abs(pb2030 - -0.25) <= 1e-12)
        let shifted = Set(scenario.scenarioInputs.filter { $0.kind == .shift }.map(\.parameter))
        #expect(shifted == [.marketRate, .nominalGrowth, .implicitRate, .primaryBalance])
    }

    @Test("a top-level shift that pushes an input out of its range is an error")
    func shiftOutOfRange() {
        // The market rate 3.2 − 20 = −16.8 falls below the valid −10.
        let text = validScenario.replacingOccurrences(
            of: "\"end_year\": 2035,", with: "\"end_year\": 2035, \"shifts\": {\"market_rate_pct\": -20},")
        let found = errors(text)
        #expect(
            found.contains {
                $0.path == "shifts.market_rate_pct"
                    && $0.description.contains("shifting XA's market_rate_pct by -20.0 gives -16.8")
            },
            "\(found.map(\.description))")
    }

    // MARK: columns

    @Test("columns: valid keys are kept; an unknown key is an error with a suggestion")
    func columns() throws {
        let valid = validScenario.replacingOccurrences(
            of: "\"end_year\": 2035,", with: "\"end_year\": 2035, \"columns\": [\"gdp_bn\", \"debt_pct_gdp\", \"flags\"],")
        #expect(try loadText(valid).columns == ["gdp_bn", "debt_pct_gdp", "flags"])
        #expect(try loadText(validScenario).columns == nil)
        let typo = validScenario.replacingOccurrences(
            of: "\"end_year\": 2035,", with: "\"end_year\": 2035, \"columns\": [\"gdp_bn\", \"debt_pct_gpd\"],")
        let typoErrors = errors(typo)
        #expect(
            reports(typoErrors, at: "columns[1]", ["\"debt_pct_gpd\" is not a figure key", "did you mean \"debt_pct_gdp\"?"]),
            "\(typoErrors.map(\.description))")
        let unrelated = validScenario.replacingOccurrences(
            of: "\"end_year\": 2035,", with: "\"end_year\": 2035, \"columns\": [\"colour\"],")
        let unrelatedErrors = errors(unrelated)
        #expect(
            reports(
                unrelatedErrors, at: "columns[0]", ["\"colour\" is not a figure key", "milex run --help-columns lists them"]),
            "\(unrelatedErrors.map(\.description))")
        let empty = validScenario.replacingOccurrences(of: "\"end_year\": 2035,", with: "\"end_year\": 2035, \"columns\": [],")
        #expect(reports(errors(empty), at: "columns", ["expected a non-empty list of figure keys"]))
    }

    // MARK: stochastic block

    /// `validScenario` with a `stochastic` block.
    static func withStochastic(_ block: String) -> String {
        validScenario.replacingOccurrences(of: "\"end_year\": 2035,", with: "\"end_year\": 2035, \"stochastic\": \(block),")
    }

    static let stochasticCases: [BrokenCase] = [
        BrokenCase(
            name: "unknown key", replace: "", with: "{\"drawz\": 100}", path: "stochastic.drawz",
            fragments: ["unknown key \"drawz\"", "did you mean \"draws\"?"]),
        BrokenCase(
            name: "draws 0", replace: "", with: "{\"draws\": 0}", path: "stochastic.draws",
            fragments: ["expected a number in [1, 100000000]", "found 0"]),
        BrokenCase(
            name: "draws with a fraction", replace: "", with: "{\"draws\": 10.5}", path: "stochastic.draws",
            fragments: ["expected a whole number"]),
        BrokenCase(
            name: "negative seed", replace: "", with: "{\"seed\": -1}", path: "stochastic.seed",
            fragments: ["expected a number in [0, ", "found -1"]),
        BrokenCase(
            name: "not an object", replace: "", with: "5000", path: "stochastic",
            fragments: ["expected an object {\"draws\": 10000, \"seed\": 1}"]),
        BrokenCase(
            name: "unknown shocks name", replace: "", with: "{\"shocks\": \"historic\"}", path: "stochastic.shocks",
            fragments: ["expected \"historical\" or an object with std_dev"]),
        BrokenCase(
            name: "shocks without std_dev", replace: "", with: "{\"shocks\": {\"correlation_across\": 0.5}}",
            path: "stochastic.shocks", fragments: ["the shocks need \"std_dev\""]),
        BrokenCase(
            name: "negative std_dev", replace: "", with: "{\"shocks\": {\"std_dev\": {\"market_rate_pct\": -1}}}",
            path: "stochastic.shocks.std_dev.market_rate_pct",
            fragments: ["expected a number in [0, 20] (percentage points)", "found -1"]),
        BrokenCase(
            name: "negative std_dev of one country", replace: "",
            with: "{\"shocks\": {\"std_dev\": {\"XA\": {\"nominal_growth_pct\": -0.5}}}}",
            path: "stochastic.shocks.std_dev.XA.nominal_growth_pct", fragments: ["in [0, 20]", "found -0.5"]),
        BrokenCase(
            name: "correlation_within 2 × 2", replace: "",
            with: "{\"shocks\": {\"std_dev\": {\"market_rate_pct\": 1}, \"correlation_within\": [[1, 0], [0, 1]]}}",
            path: "stochastic.shocks.correlation_within", fragments: ["expected a 3 × 3 list of correlations"]),
        BrokenCase(
            name: "correlation_within with a short row", replace: "",
            with: "{\"shocks\": {\"std_dev\": {\"market_rate_pct\": 1}, \"correlation_within\": [[1, 0, 0], [0, 1], [0, 0, 1]]}}",
            path: "stochastic.shocks.correlation_within", fragments: ["expected a 3 × 3 list of correlations"]),
        BrokenCase(
            name: "correlation_within not symmetric", replace: "",
            with:
                "{\"shocks\": {\"std_dev\": {\"market_rate_pct\": 1}, \"correlation_within\": [[1, 0.2, 0], [0.3, 1, 0], [0, 0, 1]]}}",
            path: "stochastic.shocks.correlation_within", fragments: ["must be symmetric (entry 1,0 differs from 0,1)"]),
        BrokenCase(
            name: "correlation_within diagonal not 1", replace: "",
            with:
                "{\"shocks\": {\"std_dev\": {\"market_rate_pct\": 1}, \"correlation_within\": [[1, 0, 0], [0, 0.9, 0], [0, 0, 1]]}}",
            path: "stochastic.shocks.correlation_within", fragments: ["the diagonal of a correlation matrix is 1"]),
        BrokenCase(
            name: "correlation above 1", replace: "",
            with:
                "{\"shocks\": {\"std_dev\": {\"market_rate_pct\": 1}, \"correlation_within\": [[1, 1.5, 0], [1.5, 1, 0], [0, 0, 1]]}}",
            path: "stochastic.shocks.correlation_within[0][1]", fragments: ["expected a number in [−1, 1]", "found 1.5"]),
        BrokenCase(
            name: "correlation_across above 1", replace: "",
            with: "{\"shocks\": {\"std_dev\": {\"market_rate_pct\": 1}, \"correlation_across\": 2}}",
            path: "stochastic.shocks.correlation_across", fragments: ["expected a number in [−1, 1]", "found 2"]),
    ]

    @Test("stochastic block errors: the JSON path and the message", arguments: stochasticCases)
    func stochasticErrors(_ example: BrokenCase) {
        let found = errors(Self.withStochastic(example.with))
        #expect(
            reports(found, at: example.path, example.fragments),
            "no error at \(example.path) saying \(example.fragments); got:\n\(found.map(\.description).joined(separator: "\n"))")
        #expect(found.allSatisfy { $0.description.hasPrefix("test.json") }, "every message names the file")
    }

    @Test("a valid stochastic block is read: draws, seed and the given shocks")
    func stochasticValid() throws {
        let text = Self.withStochastic(
            """
            {"draws": 5000, "seed": 3, "shocks": {"std_dev": {"nominal_growth_pct": 1.5, "market_rate_pct": 0.5},
             "correlation_within": [[1, -0.3, 0], [-0.3, 1, 0], [0, 0, 1]], "correlation_across": 0.25}}
            """)
        let scenario = try loadText(text)
        let specification = try #require(scenario.stochastic)
        #expect(specification.draws == 5000)
        #expect(specification.seed == 3)
        guard case .given(_, let common, let within, let across) = specification.shocks else {
            Issue.record("expected given shocks")
            return
        }
        #expect(common == [1.5, 0.5, 0], "order: growth, market rate, primary balance; absent = 0")
        #expect(within?[0, 1] == -0.3 && within?[1, 0] == -0.3 && within?[2, 2] == 1)
        #expect(across == 0.25)
        // The covariance of the run's one country: Σ = D·C·D with D = diag(1.5, 0.5, 0):
        // Σ[0][0] = 2.25, Σ[0][1] = −0.3·1.5·0.5 = −0.225, Σ[1][1] = 0.25, primary balance 0.
        let covariance = try specification.covariance(for: scenario, dataset: .builtIn)
        #expect(abs(covariance.matrix[0, 0] - 2.25) <= 1e-12)
        #expect(abs(covariance.matrix[0, 1] - -0.225) <= 1e-12)
        #expect(abs(covariance.matrix[1, 1] - 0.25) <= 1e-12)
        #expect(covariance.matrix[2, 2] == 0)
    }

    @Test(
        "given shocks that cannot form the run's covariance are validation errors (not positive definite, countries missing or outside the run, a misspelt variable)",
        arguments: [
            (
                // [[1, 0.9, −0.9], [0.9, 1, 0.9], [−0.9, 0.9, 1]] has determinant 1 − 3·0.81 − 2·0.729 < 0.
                """
                {"shocks": {"std_dev": {"nominal_growth_pct": 1, "market_rate_pct": 1, "primary_balance_pct_gdp": 1},
                 "correlation_within": [[1, 0.9, -0.9], [0.9, 1, 0.9], [-0.9, 0.9, 1]]}}
                """, "stochastic.shocks", "positive definite"
            ),
            (
                """
                {"shocks": {"std_dev": {"XA": {"nominal_growth_pct": 1}, "XQ": {"nominal_growth_pct": 1}}}}
                """, "stochastic.shocks", "XQ is not a country of the run"
            ),
            (
                """
                {"shocks": {"std_dev": {"*": {"nominal_growth_pct": 1}, "DE": {"nominal_growth_pct": 1}}}}
                """, "stochastic.shocks", "DE is not a country of the run"
            ),
            (
                """
                {"shocks": {"std_dev": {"nominal_growth": 1.5}}}
                """, "stochastic.shocks.std_dev.nominal_growth", "did you mean \"nominal_growth_pct\"?"
            ),
        ])
    func stochasticShocksDoNotFit(block: String, path: String, fragment: String) throws {
        let found = diagnostics(Self.withStochastic(block))
        #expect(
            found.contains { $0.severity == .error && $0.path == path && $0.description.contains(fragment) },
            "\(found.map(\.description))")
    }

    @Test("per-country deviations: every country of the run, or \"*\" for the rest")
    func stochasticPerCountry() throws {
        // The run is XA alone; deviations given only for another code leave XA without any.
        let missing = diagnostics(
            Self.withStochastic(
                """
                {"shocks": {"std_dev": {"XB": {"nominal_growth_pct": 1}}}}
                """))
        #expect(
            missing.contains { $0.path == "stochastic.shocks" && $0.description.contains("no standard deviations for XA") },
            "\(missing.map(\.description))")
        let star = diagnostics(
            Self.withStochastic(
                """
                {"shocks": {"std_dev": {"*": {"nominal_growth_pct": 1.5}}}}
                """))
        #expect(star.allSatisfy { $0.severity != .error }, "\(star.map(\.description))")
        let scenario = try loadText(
            Self.withStochastic(
                """
                {"shocks": {"std_dev": {"*": {"nominal_growth_pct": 1.5}}}}
                """))
        let covariance = try #require(scenario.stochastic).covariance(for: scenario, dataset: .builtIn)
        #expect(covariance.matrix[0, 0] == 2.25)
    }

    // MARK: the rules summary per country and variant (docs/instruments.md §3)

    @Test("rules summary: years in breach and the first year, for a path that starts breaching in 2028")
    func rulesSummary() throws {
        // XA: zero rates (g = i = rm = 0, maturity 1), so b_t = pb_t and d_t = d_{t−1} − pb_t.
        // pb = −1 in 2025–2027, −3.4 from 2028. d_B = 50: 51, 52, 53, 56.4 (2028), 59.8, 63.2 (2030), …,
        // 53 + 8·3.4 = 80.2 (2035). s_B = 2, s_2021 = 1, clause in 2028–2029: h = min(1.5, 2 − 1) = 1.
        // >3 %: 2028–2035 (8 years, first 2028). With the clause: 3.4 − 3 − 1 < 0 in 2028–2029, so
        // 2030–2035 (6, first 2030); with the clause off, 8 from 2028. Margin (b < −1.5): 8. Debt > 60:
        // 2030–2035 (6). Safeguard: d_B ≤ 60, none. No national rule: blank.
        // XB: pb = 0, d = 50 throughout: no breach at all.
        let text = """
            {"name": "rules", "base_year": 2024, "end_year": 2035, "countries": ["XA", "XB"],
             "custom_countries": {
               "XA": {"currency": "EUR", "gdp_bn": 500, "nominal_growth_pct": 0, "debt_pct_gdp": 50,
                      "primary_balance_pct_gdp": {"2025": -1, "2027": -1, "2028": -3.4}, "implicit_rate_pct": 0,
                      "market_rate_pct": 0, "average_maturity_years": 1, "defence_pct_gdp": 2,
                      "defence_2021_pct_gdp": 1, "escape_clause_years": [2028, 2029]},
               "XB": {"currency": "EUR", "gdp_bn": 500, "nominal_growth_pct": 0, "debt_pct_gdp": 50,
                      "primary_balance_pct_gdp": 0, "implicit_rate_pct": 0, "market_rate_pct": 0,
                      "average_maturity_years": 1, "defence_pct_gdp": 2}},
             "variants": [{"label": "clause off", "financing": {"escape_clause": false}}]}
            """
        let scenario = try loadText(text)
        let report = ProjectionReport(scenario: scenario, result: try runEngine(scenario))
        let baseline = try #require(RulesSummary().table(report, variant: 0, currency: .eur))
        let off = try #require(RulesSummary().table(report, variant: 1, currency: .eur))
        let expectedXA: [String: Table.Cell] = [
            "deficit_above_3_years": .number(8), "deficit_above_3_first": .number(2028),
            "beyond_flexibility_years": .number(6), "beyond_flexibility_first": .number(2030),
            "debt_above_60_years": .number(6), "safeguard_years": .number(0), "safeguard_first": .text("none"),
            "resilience_years": .number(8), "national_rule_years": .empty, "national_rule_first": .empty,
        ]
        for (id, value) in expectedXA {
            #expect(cell(baseline, "XA", id) == value, "baseline XA \(id)")
        }
        guard case .number(let debtEnd)? = cell(baseline, "XA", "debt_end_pct_gdp") else {
            Issue.record("debt_end must be a number")
            return
        }
        #expect(abs(debtEnd - 80.2) <= 1e-9)
        #expect(cell(off, "XA", "beyond_flexibility_years") == .number(8))
        #expect(cell(off, "XA", "beyond_flexibility_first") == .number(2028))
        #expect(cell(off, "XA", "deficit_above_3_first") == .number(2028))
        for id in [
            "deficit_above_3_years", "beyond_flexibility_years", "debt_above_60_years", "safeguard_years", "resilience_years",
        ] {
            #expect(cell(baseline, "XB", id) == .number(0), "XB \(id)")
        }
        for id in ["deficit_above_3_first", "beyond_flexibility_first", "safeguard_first"] {
            #expect(cell(baseline, "XB", id) == .text("none"), "XB \(id)")
        }
    }

    // MARK: the national rule of a built-in country

    @Test(
        "Germany's debt brake comes from the dataset: cab_t + max(0, s_t − 1) against −0.35, every year and variant (cab: the cyclically adjusted balance)"
    )
    func germanDebtBrake() throws {
        let text = """
            {"countries": ["DE"], "end_year": 2030,
             "variants": [{"label": "3.5 by 2029", "defence": {"target_pct_gdp": 3.5, "by": 2029}}]}
            """
        let scenario = try loadText(text)
        let germany = try #require(scenario.countries.first)
        let rule = try #require(germany.fiscalRules.first)
        #expect(rule.limitPctGDP == -0.35)
        #expect(rule.exemptions == [NationalFiscalRule.Exemption(measure: .defence, abovePctGDP: 1)])
        let result = try runEngine(scenario)
        var breaches = 0
        for variant in result.variants.indices {
            let projection = result.projection(variant: variant, country: 0)
            for t in projection.years.indices {
                // The forecast baseline knows Germany's output gap: the balance counted is cyclically adjusted.
                let adjusted = projection[.cyclicallyAdjustedBalance][t]
                #expect(adjusted.isFinite)
                let counted = adjusted + max(0, projection[.defence][t] - 1)
                let reported = projection[.nationalRuleBalance][t]
                #expect(abs(reported - counted) <= 1e-12, "\(projection.variant) \(projection.years[t])")
                let breach = projection.flags[t].contains(.nationalRuleBreach)
                #expect(breach == (counted < -0.35))
                if breach { breaches += 1 }
            }
        }
        // The flag is live in this run: in the baseline Germany's headline deficit (about 2.7 % of GDP in
        // 2025) is larger than the exemption s_B − 1 ≈ 1 pp plus the 0.35 % allowed.
        #expect(breaches > 0)
    }
}
