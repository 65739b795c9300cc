import Foundation
import MilexModel
import Testing

@testable import MilexScenario

/// A minimal valid scenario on a custom country; tests edit it to break one rule at a time.
let validScenario = """
    {
      "name": "t",
      "base_year": 2024,
      "end_year": 2035,
      "countries": ["XA"],
      "custom_countries": {
        "XA": {"currency": "EUR", "gdp_bn": 500, "nominal_growth_pct": 3.0, "debt_pct_gdp": 90,
               "primary_balance_pct_gdp": -1.0, "implicit_rate_pct": 2.5, "market_rate_pct": 3.2,
               "average_maturity_years": 7, "defence_pct_gdp": 1.5}
      },
      "variants": [
        {"label": "3.5% by 2030", "defence": {"target_pct_gdp": 3.5, "by": 2030, "shape": "linear"},
         "financing": {"offset_share": 0.25}}
      ]
    }
    """

/// The diagnostics for `text` (empty when it loads).
func diagnostics(_ text: String, file: String = "test.json") -> [Diagnostic] {
    do {
        let scenario = try ScenarioLoader().load(text: text, file: file)
        return scenario.warnings
    } catch {
        return error.diagnostics
    }
}

/// One broken scenario: what to replace in the valid one, and what the message must say.
struct BrokenCase: CustomTestStringConvertible, Sendable {
    let name: String
    let replace: String
    let with: String
    let path: String
    let fragments: [String]
    var testDescription: String { name }
}

@Suite("Scenario validation: one clear message per problem")
struct ValidationTests {
    @Test("the valid scenario loads")
    func valid() throws {
        let scenario = try ScenarioLoader().load(text: validScenario, file: "t.json")
        #expect(scenario.countries.map(\.code) == ["XA"])
        #expect(scenario.variants.map(\.label) == ["3.5% by 2030"])
        #expect(scenario.warnings.isEmpty)
    }

    static let cases: [BrokenCase] = [
        BrokenCase(
            name: "negative GDP", replace: "\"gdp_bn\": 500", with: "\"gdp_bn\": -5", path: "custom_countries.XA.gdp_bn",
            fragments: ["expected a number in [0.001, 1000000000]", "found -5"]),
        BrokenCase(
            name: "growth at −100 %", replace: "\"nominal_growth_pct\": 3.0", with: "\"nominal_growth_pct\": -100",
            path: "custom_countries.XA.nominal_growth_pct", fragments: ["in [−50, 300]", "found -100"]),
        BrokenCase(
            name: "growth map value", replace: "\"nominal_growth_pct\": 3.0", with: "\"nominal_growth_pct\": {\"2026\": -120}",
            path: "custom_countries.XA.nominal_growth_pct.2026", fragments: ["in [−50, 300]"]),
        BrokenCase(
            name: "offset above 1", replace: "\"offset_share\": 0.25", with: "\"offset_share\": 1.5",
            path: "variants[0].financing.offset_share", fragments: ["in [0, 1]", "found 1.5"]),
        BrokenCase(
            name: "maturity below 1", replace: "\"average_maturity_years\": 7", with: "\"average_maturity_years\": 0.5",
            path: "custom_countries.XA.average_maturity_years", fragments: ["in [1, 100]", "found 0.5"]),
        BrokenCase(
            name: "target above 100", replace: "\"target_pct_gdp\": 3.5", with: "\"target_pct_gdp\": 350",
            path: "variants[0].defence.target_pct_gdp", fragments: ["in [0, 100]", "found 350"]),
        BrokenCase(
            name: "negative target", replace: "\"target_pct_gdp\": 3.5", with: "\"target_pct_gdp\": -1",
            path: "variants[0].defence.target_pct_gdp", fragments: ["in [0, 100]"]),
        BrokenCase(
            name: "by before start", replace: "\"by\": 2030,", with: "\"by\": 2026, \"start\": 2028,",
            path: "variants[0].defence.by", fragments: ["a year ≥ start (2028)", "found 2026"]),
        BrokenCase(
            name: "start in the base year", replace: "\"by\": 2030,", with: "\"by\": 2030, \"start\": 2024,",
            path: "variants[0].defence.start", fragments: ["after the base year 2024"]),
        BrokenCase(
            name: "end before base", replace: "\"end_year\": 2035", with: "\"end_year\": 2020", path: "end_year",
            fragments: ["an end year after the base year 2024", "found 2020"]),
        BrokenCase(
            name: "horizon beyond 2100", replace: "\"end_year\": 2035", with: "\"end_year\": 2150", path: "end_year",
            fragments: ["2100"]),
        BrokenCase(
            name: "year with a fraction", replace: "\"by\": 2030", with: "\"by\": 2030.5", path: "variants[0].defence.by",
            fragments: ["a calendar year"]),
        BrokenCase(
            name: "duplicate labels", replace: "\"variants\": [", with: "\"variants\": [{\"label\": \"3.5% by 2030\"},",
            path: "variants[1].label", fragments: ["used twice"]),
        BrokenCase(
            name: "reserved label", replace: "\"label\": \"3.5% by 2030\"", with: "\"label\": \"baseline\"",
            path: "variants[0].label", fragments: ["reserved"]),
        BrokenCase(
            name: "unknown shape", replace: "\"shape\": \"linear\"", with: "\"shape\": \"lineer\"",
            path: "variants[0].defence.shape", fragments: ["one of \"linear\"", "did you mean \"linear\"?"]),
        BrokenCase(
            name: "unknown key in a path", replace: "\"target_pct_gdp\": 3.5", with: "\"targt_pct_gdp\": 3.5",
            path: "variants[0].defence.targt_pct_gdp",
            fragments: ["unknown key \"targt_pct_gdp\"", "did you mean \"target_pct_gdp\"?"]),
        BrokenCase(
            name: "unknown top-level key", replace: "\"end_year\": 2035", with: "\"end_yaer\": 2035", path: "end_yaer",
            fragments: ["did you mean \"end_year\"?"]),
        BrokenCase(
            name: "unknown country input", replace: "\"gdp_bn\": 500", with: "\"gdp_bn\": 500, \"gdp_eur\": 500",
            path: "custom_countries.XA.gdp_eur", fragments: ["unknown key", "did you mean \"gdp_bn\"?"]),
        BrokenCase(
            name: "number written as a string", replace: "\"debt_pct_gdp\": 90", with: "\"debt_pct_gdp\": \"90\"",
            path: "custom_countries.XA.debt_pct_gdp", fragments: ["found \"90\"", "without quotes"]),
        BrokenCase(
            name: "wrong type: list for a number", replace: "\"debt_pct_gdp\": 90", with: "\"debt_pct_gdp\": [90]",
            path: "custom_countries.XA.debt_pct_gdp", fragments: ["expected a number in [0, 1000]", "found a list of 1 item"]),
        BrokenCase(
            name: "wrong type: boolean", replace: "\"offset_share\": 0.25", with: "\"offset_share\": 0.25, \"safe\": \"yes\"",
            path: "variants[0].financing.safe", fragments: ["expected true or false"]),
        BrokenCase(
            name: "a number beyond the range of doubles: named by its key", replace: "\"debt_pct_gdp\": 90",
            with: "\"debt_pct_gdp\": 1e999", path: "custom_countries.XA.debt_pct_gdp", fragments: ["in [0, 1000]", "found 1e999"]),
        BrokenCase(
            name: "GDP so small it underflows", replace: "\"gdp_bn\": 500", with: "\"gdp_bn\": 5e-324",
            path: "custom_countries.XA.gdp_bn", fragments: ["in [0.001, 1000000000]"]),
        BrokenCase(
            name: "GDP at the top of the doubles", replace: "\"gdp_bn\": 500", with: "\"gdp_bn\": 1e308",
            path: "custom_countries.XA.gdp_bn", fragments: ["in [0.001, 1000000000]"]),
        BrokenCase(
            name: "nominal growth close to −100 %", replace: "\"nominal_growth_pct\": 3.0",
            with: "\"nominal_growth_pct\": -99.9999999", path: "custom_countries.XA.nominal_growth_pct",
            fragments: ["in [−50, 300]"]),
        BrokenCase(
            name: "stock-flow adjustment at 1e308", replace: "\"debt_pct_gdp\": 90",
            with: "\"debt_pct_gdp\": 90, \"stock_flow_adjustment_bn\": 1e308",
            path: "custom_countries.XA.stock_flow_adjustment_bn", fragments: ["in [−1000000000, 1000000000]"]),
        BrokenCase(
            name: "SAFE allocation at 1e308", replace: "\"defence_pct_gdp\": 1.5",
            with: "\"defence_pct_gdp\": 1.5, \"safe_allocation_eur_bn\": 1e308",
            path: "custom_countries.XA.safe_allocation_eur_bn",
            fragments: ["in [0, 10000]"]),
        BrokenCase(
            name: "growth of spending without bound", replace: "\"target_pct_gdp\": 3.5, \"by\": 2030, \"shape\": \"linear\"",
            with: "\"shape\": \"growth\", \"growth_pct\": 1.2e29", path: "variants[0].defence.growth_pct",
            fragments: ["in [−50, 100]"]),
        BrokenCase(
            name: "NaN", replace: "\"debt_pct_gdp\": 90", with: "\"debt_pct_gdp\": NaN", path: "",
            fragments: ["NaN and Infinity are not numbers"]),
        BrokenCase(
            name: "Infinity", replace: "\"debt_pct_gdp\": 90", with: "\"debt_pct_gdp\": -Infinity", path: "",
            fragments: ["NaN and Infinity"]),
        BrokenCase(
            name: "unknown country code", replace: "\"countries\": [\"XA\"]", with: "\"countries\": [\"XA\", \"DEU\"]",
            path: "countries[1]", fragments: ["\"DEU\" is not a country code", "did you mean \"DE\"?"]),
        BrokenCase(
            name: "Eurostat's code for Greece", replace: "\"countries\": [\"XA\"]", with: "\"countries\": [\"XA\", \"EL\"]",
            path: "countries[1]", fragments: ["did you mean \"GR\"?"]),
        BrokenCase(
            name: "lower-case group", replace: "\"countries\": [\"XA\"]", with: "\"countries\": [\"XA\", \"eu27\"]",
            path: "countries[1]", fragments: ["did you mean \"EU27\"?"]),
        BrokenCase(
            name: "missing required input", replace: "\"average_maturity_years\": 7,", with: "", path: "countries[0]",
            fragments: ["XA lacks average_maturity_years", "\"defaults\": {\"average_maturity_years\": …}"]),
        BrokenCase(
            name: "non-EUR currency without a rate", replace: "\"currency\": \"EUR\"", with: "\"currency\": \"PLN\"",
            path: "countries[0]", fragments: ["XA lacks per_eur"]),
        BrokenCase(
            name: "bad currency code", replace: "\"currency\": \"EUR\"", with: "\"currency\": \"euro\"",
            path: "custom_countries.XA.currency", fragments: ["ISO 4217"]),
        BrokenCase(
            name: "duplicate key", replace: "\"gdp_bn\": 500", with: "\"gdp_bn\": 500, \"gdp_bn\": 600",
            path: "custom_countries.XA.gdp_bn", fragments: ["appears twice"]),
        BrokenCase(
            name: "shape needs its keys", replace: "\"target_pct_gdp\": 3.5, \"by\": 2030, \"shape\": \"linear\"",
            with: "\"shape\": \"custom\"", path: "variants[0].defence", fragments: ["shape \"custom\" needs points"]),
        BrokenCase(
            name: "SAFE schedule not summing to 1", replace: "\"offset_share\": 0.25",
            with: "\"safe\": true, \"safe_schedule\": {\"2026\": 0.5, \"2027\": 0.4}",
            path: "variants[0].financing.safe_schedule", fragments: ["shares that sum to 1", "0.9"]),
        BrokenCase(
            name: "variant without a label", replace: "\"label\": \"3.5% by 2030\", ", with: "", path: "variants[0]",
            fragments: ["needs a \"label\""]),
        BrokenCase(
            name: "override for a country not in the run", replace: "\"variants\": [",
            with: "\"overrides\": {\"FR\": {\"market_rate_pct\": 3}}, \"variants\": [", path: "overrides.FR",
            fragments: ["\"FR\" is not in this run's countries"]),
        BrokenCase(
            name: "custom country that shadows a built-in one", replace: "\"countries\": [\"XA\"]",
            with: "\"countries\": [\"XA\"], \"custom_countries\": {\"DE\": {}}", path: "", fragments: ["appears twice"]),
        BrokenCase(
            name: "escape years out of range", replace: "\"defence_pct_gdp\": 1.5",
            with: "\"defence_pct_gdp\": 1.5, \"escape_clause_years\": [2025, 3000]",
            path: "custom_countries.XA.escape_clause_years[1]", fragments: ["a calendar year from 1900 to 2100"]),
        BrokenCase(
            name: "shift outside its range", replace: "\"financing\"",
            with: "\"shifts\": {\"market_rate_pct\": 200}, \"financing\"", path: "variants[0].shifts.market_rate_pct",
            fragments: ["in [−100, 100]"]),
        BrokenCase(
            name: "unknown shift", replace: "\"financing\"", with: "\"shifts\": {\"gdp_bn\": 1}, \"financing\"",
            path: "variants[0].shifts.gdp_bn", fragments: ["unknown key \"gdp_bn\""]),
    ]

    @Test("each rule has a failing example whose message is checked", arguments: cases)
    func broken(_ example: BrokenCase) {
        #expect(validScenario.contains(example.replace), "the test's replace text must occur in the valid scenario")
        let text = validScenario.replacingOccurrences(of: example.replace, with: example.with)
        let found = diagnostics(text).filter { $0.severity == .error }
        #expect(!found.isEmpty, "expected an error for \(example.name)")
        let matching = found.first { diagnostic in
            (example.path.isEmpty || diagnostic.path == example.path)
                && example.fragments.allSatisfy { diagnostic.description.contains($0) }
        }
        #expect(
            matching != nil,
            "no diagnostic at \(example.path) saying \(example.fragments); got:\n\(found.map(\.description).joined(separator: "\n"))"
        )
        #expect(found.allSatisfy { $0.description.hasPrefix("test.json") }, "every message names the file")
    }

    @Test("malformed JSON points at the line and column")
    func syntax() {
        let missingComma = diagnostics("{\n  \"name\": \"x\"\n  \"end_year\": 2030\n}")
        #expect(missingComma.count == 1)
        #expect(missingComma.first?.description.hasPrefix("test.json:3:3: error:") == true)
        #expect(diagnostics("{\"name\": \"x\",}").first?.message?.contains("trailing comma") == true)
        #expect(diagnostics("{\"name\": 'x'}").first?.message?.contains("double quotes") == true)
        #expect(diagnostics("{ // note\n}").first?.message?.contains("no comments") == true)
        #expect(diagnostics("").first?.message?.contains("empty") == true)
        #expect(diagnostics("[1, 2]").first?.message?.contains("not a JSON scenario") == true)
        #expect(diagnostics("Nope").first?.message?.contains("not a JSON scenario") == true, "no NaN message for N…")
        #expect(diagnostics("{\"countries\": [\"DE], \"FR\"]}").first?.description.hasPrefix("test.json:1:16:") == true)
        #expect(
            diagnostics("{\"countries\": [\"DE], \"FR\"]}").first?.message?.contains("closing '\"' after \"DE\" missing") == true)
        #expect(diagnostics("{\"name\": \"a\nb\"}").first?.message?.contains("control character") == true)
    }

    @Test("every problem is reported at once")
    func allAtOnce() {
        let text =
            validScenario
            .replacingOccurrences(of: "\"gdp_bn\": 500", with: "\"gdp_bn\": -1")
            .replacingOccurrences(of: "\"offset_share\": 0.25", with: "\"offset_share\": 2")
            .replacingOccurrences(of: "\"end_year\": 2035", with: "\"end_yr\": 2035")
        let found = diagnostics(text)
        #expect(found.count == 3)
        #expect(Set(found.map(\.path)) == ["custom_countries.XA.gdp_bn", "variants[0].financing.offset_share", "end_yr"])
        // An unknown country code is reported together with the file's other problems, in file order.
        let withCode = text.replacingOccurrences(of: "\"countries\": [\"XA\"]", with: "\"countries\": [\"XA\", \"DEU\"]")
        let all = diagnostics(withCode)
        #expect(all.count == 4)
        #expect(
            all.map(\.path) == ["end_yr", "countries[1]", "custom_countries.XA.gdp_bn", "variants[0].financing.offset_share"])
        #expect(all[1].description.contains("did you mean \"DE\"?"))
    }

    @Test("keys a shape does not use are warnings, and the scenario still runs")
    func warnings() throws {
        let text = validScenario.replacingOccurrences(of: "\"shape\": \"linear\"", with: "\"shape\": \"step\"")
        let scenario = try ScenarioLoader().load(text: text, file: "w.json")
        #expect(scenario.warnings.count == 1)
        #expect(
            scenario.warnings.first?.description.contains("warning: variants[0].defence.by: by has no effect with shape \"step\"")
                == true)
    }
}

@Suite("The scenario language: defaults, overrides, shifts, sweeps, extends")
struct LanguageTests {
    @Test("a sweep generates one variant per combination, labelled by its values")
    func sweep() throws {
        let text = validScenario.replacingOccurrences(
            of: "\"financing\": {\"offset_share\": 0.25}}",
            with: "\"financing\": {\"offset_share\": 0.25}, \"sweep\": {\"target_pct_gdp\": [2, 3.5, 5], \"by\": [2030, 2035]}}")
        let scenario = try ScenarioLoader().load(text: text, file: "s.json")
        #expect(scenario.variants.count == 6)
        #expect(scenario.variants.first?.label == "3.5% by 2030 · 2% by 2030")
        #expect(scenario.variants.last?.defence?.target == 5)
        #expect(scenario.variants.last?.defence?.by == 2035)
        let templated = text.replacingOccurrences(
            of: "\"label\": \"3.5% by 2030\"", with: "\"label\": \"{target_pct_gdp}% in {by}\"")
        let labels = try ScenarioLoader().load(text: templated, file: "s.json").variants.map(\.label)
        #expect(labels == ["2% in 2030", "2% in 2035", "3.5% in 2030", "3.5% in 2035", "5% in 2030", "5% in 2035"])
        // Swept values are checked like written ones.
        let bad = text.replacingOccurrences(of: "[2, 3.5, 5]", with: "[2, 350]")
        #expect(
            diagnostics(bad).contains { $0.path == "variants[0].defence.target_pct_gdp" && $0.description.contains("found 350") })
    }

    @Test("defaults fill gaps only; overrides replace, code over group over *")
    func defaultsAndOverrides() throws {
        let text = """
            {"countries": ["FR", "DE", "PL"],
             "defaults": {"average_maturity_years": 8, "defence_pct_gdp": 9},
             "overrides": {"*": {"market_rate_pct": 4}, "EURO-AREA": {"market_rate_pct": 3.5}, "DE": {"market_rate_pct": 3}}}
            """
        let scenario = try ScenarioLoader().load(text: text, file: "o.json")
        let byCode = Dictionary(uniqueKeysWithValues: scenario.countries.map { ($0.code, $0) })
        #expect(byCode["PL"]!.marketRate.value(in: 2030) == 4)
        #expect(byCode["FR"]!.marketRate.value(in: 2030) == 3.5)
        #expect(byCode["DE"]!.marketRate.value(in: 2030) == 3)
        // Defence comes from the dataset, never from defaults.
        #expect(byCode["DE"]!.defencePctGDP < 5)
        #expect(scenario.scenarioInputs.contains { $0.country == "DE" && $0.parameter == .marketRate && $0.kind == .override })
        if case .scenario(let file, let path) = byCode["DE"]!.provenance[.marketRate] {
            #expect(file == "o.json" && path == "overrides.DE.market_rate_pct")
        } else {
            Issue.record("the override's provenance must name the file and path")
        }
    }

    @Test("a variant shift moves every country's market rate by the given points")
    func shifts() throws {
        let text = validScenario.replacingOccurrences(
            of: "\"financing\"", with: "\"shifts\": {\"market_rate_pct\": 2}, \"financing\"")
        let scenario = try ScenarioLoader().load(text: text, file: "s.json")
        let shifted = scenario.variants[0].inputOverrides["XA"]
        #expect(shifted?.marketRate.value(in: 2030) == 5.2)
        #expect(scenario.countries[0].marketRate.value(in: 2030) == 3.2)
    }

    @Test("groups expand to their members and are remembered for aggregates")
    func groups() throws {
        // The dataset lacks some figures for a few EU members (maturity, Romania's yield): the
        // scenario supplies them as defaults, which never replace a dataset figure.
        let text = "{\"countries\": [\"EU27\"], \"defaults\": {\"average_maturity_years\": 7, \"market_rate_pct\": 6.5}}"
        let scenario = try ScenarioLoader().load(text: text, file: "g.json")
        #expect(scenario.groups.first?.code == "EU27")
        #expect(scenario.groups.first?.members.count == 27)
        #expect(scenario.countries.count == 27)
        let filled = Set(scenario.scenarioInputs.filter { $0.kind == .fillIn }.map(\.country))
        #expect(!filled.contains("IT"), "Italy has its own maturity figure")
    }

    func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("milex-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test("extends inherits, replaces variants by label and adds new ones")
    func extends() throws {
        let directory = try temporaryDirectory()
        try validScenario.write(to: directory.appendingPathComponent("base.json"), atomically: true, encoding: .utf8)
        let child = """
            {"extends": "base.json", "name": "child", "end_year": 2040,
             "variants": [{"label": "3.5% by 2030", "defence": {"target_pct_gdp": 4, "by": 2030}},
                          {"label": "new", "defence": {"target_pct_gdp": 2, "by": 2028}}]}
            """
        try child.write(to: directory.appendingPathComponent("child.json"), atomically: true, encoding: .utf8)
        let scenario = try ScenarioLoader().load(file: directory.appendingPathComponent("child.json").path)
        #expect(scenario.name == "child")
        #expect(scenario.endYear == 2040)
        #expect(scenario.countries.map(\.code) == ["XA"])
        #expect(scenario.variants.map(\.label) == ["3.5% by 2030", "new"])
        #expect(scenario.variants[0].defence?.target == 4)
        #expect(scenario.files.count == 2)
    }

    @Test("an extends cycle and a missing parent are errors naming the chain")
    func extendsErrors() throws {
        let directory = try temporaryDirectory()
        try "{\"extends\": \"b.json\"}".write(to: directory.appendingPathComponent("a.json"), atomically: true, encoding: .utf8)
        try "{\"extends\": \"a.json\"}".write(to: directory.appendingPathComponent("b.json"), atomically: true, encoding: .utf8)
        let cycle = ScenarioLoader().validate(file: directory.appendingPathComponent("a.json").path)
        #expect(cycle.first?.description.contains("extends makes a cycle: a.json → b.json → a.json") == true)
        try "{\"extends\": \"nowhere.json\"}".write(
            to: directory.appendingPathComponent("c.json"), atomically: true, encoding: .utf8)
        let missing = ScenarioLoader().validate(file: directory.appendingPathComponent("c.json").path)
        #expect(missing.first?.description.contains("cannot extend \"nowhere.json\": no such file") == true)
        #expect(missing.first?.path == "extends")
        let absent = ScenarioLoader().validate(file: directory.appendingPathComponent("absent.json").path)
        #expect(absent.first?.description.contains("no such file") == true)
    }
}
