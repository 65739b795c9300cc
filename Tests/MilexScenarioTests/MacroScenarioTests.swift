import Foundation
import MilexModel
import MilexReport
import Testing

@testable import MilexScenario

/// The valid scenario with a `macro` block added at its top (`top`) and in its variant (`variant`).
private func withMacro(top: String? = nil, variant: String? = nil) -> String {
    var text = validScenario
    if let top { text = text.replacingOccurrences(of: "\"variants\": [", with: "\"macro\": \(top),\n  \"variants\": [") }
    if let variant {
        text = text.replacingOccurrences(
            of: "\"financing\": {\"offset_share\": 0.25}", with: "\"financing\": {\"offset_share\": 0.25}, \"macro\": \(variant)")
    }
    return text
}

@Suite("The macro block in scenario files (MODEL.md §12)")
struct MacroScenarioTests {
    static let broken: [BrokenCase] = [
        BrokenCase(
            name: "negative multiplier", replace: "\"variants\": [", with: "\"macro\": {\"multiplier\": -0.5}, \"variants\": [",
            path: "macro.multiplier", fragments: ["expected a number ≥ 0", "found -0.5"]),
        BrokenCase(
            name: "import share above 1", replace: "\"variants\": [", with: "\"macro\": {\"import_share\": 1.2}, \"variants\": [",
            path: "macro.import_share", fragments: ["expected a number in [0, 1]", "found 1.2"]),
        BrokenCase(
            name: "negative import share in a variant", replace: "\"financing\": {\"offset_share\": 0.25}",
            with: "\"financing\": {\"offset_share\": 0.25}, \"macro\": {\"import_share\": -0.1}",
            path: "variants[0].macro.import_share", fragments: ["in [0, 1]", "found -0.1"]),
        BrokenCase(
            name: "persistence 0", replace: "\"variants\": [", with: "\"macro\": {\"persistence_years\": 0}, \"variants\": [",
            path: "macro.persistence_years", fragments: ["expected a number ≥ 1", "found 0"]),
        BrokenCase(
            name: "persistence not a whole number", replace: "\"variants\": [",
            with: "\"macro\": {\"persistence_years\": 2.5}, \"variants\": [", path: "macro.persistence_years",
            fragments: ["expected a whole number", "found 2.5"]),
        BrokenCase(
            name: "negative budget elasticity", replace: "\"variants\": [",
            with: "\"macro\": {\"budget_elasticity\": -1}, \"variants\": [", path: "macro.budget_elasticity",
            fragments: ["expected a number ≥ 0"]),
        BrokenCase(
            name: "multiplier as a string", replace: "\"variants\": [",
            with: "\"macro\": {\"multiplier\": \"0.75\"}, \"variants\": [",
            path: "macro.multiplier", fragments: ["found \"0.75\"", "without quotes"]),
        BrokenCase(
            name: "misspelt macro key", replace: "\"variants\": [", with: "\"macro\": {\"multipler\": 0.75}, \"variants\": [",
            path: "macro.multipler", fragments: ["unknown key \"multipler\"", "did you mean \"multiplier\"?"]),
        BrokenCase(
            name: "bad value by country", replace: "\"variants\": [",
            with: "\"macro\": {\"by_country\": {\"XA\": {\"import_share\": 2}}}, \"variants\": [",
            path: "macro.by_country.XA.import_share", fragments: ["in [0, 1]", "found 2"]),
        BrokenCase(
            name: "by_country for a country not in the run", replace: "\"variants\": [",
            with: "\"macro\": {\"by_country\": {\"FR\": {\"import_share\": 0.2}}}, \"variants\": [", path: "macro.by_country.FR",
            fragments: ["\"FR\" is not in this run's countries"]),
        BrokenCase(
            name: "macro not an object", replace: "\"variants\": [", with: "\"macro\": 0.75, \"variants\": [", path: "macro",
            fragments: ["expected a macro object"]),
        BrokenCase(
            name: "country import share outside [0, 1]", replace: "\"defence_pct_gdp\": 1.5",
            with: "\"defence_pct_gdp\": 1.5, \"import_share\": 1.5", path: "custom_countries.XA.import_share",
            fragments: ["in [0, 1]", "found 1.5"]),
    ]

    @Test("each bad value is an error naming the file, the JSON path, what was expected and what was found", arguments: broken)
    func badValues(_ example: BrokenCase) {
        #expect(validScenario.contains(example.replace))
        let found = diagnostics(validScenario.replacingOccurrences(of: example.replace, with: example.with)).filter {
            $0.severity == .error
        }
        let matching = found.first { diagnostic in
            diagnostic.path == example.path && example.fragments.allSatisfy { diagnostic.description.contains($0) }
        }
        #expect(
            matching != nil,
            "no diagnostic at \(example.path) saying \(example.fragments); got:\n\(found.map(\.description).joined(separator: "\n"))"
        )
        #expect(found.allSatisfy { $0.description.hasPrefix("test.json") })
    }

    @Test("variant keys replace the scenario's key by key; by_country beats both; country input beats 0.5")
    func merging() throws {
        let text = withMacro(
            top: "{\"multiplier\": 0.75, \"import_share\": 0.4, \"by_country\": {\"XA\": {\"budget_elasticity\": 0.9}}}",
            variant: "{\"persistence_years\": 2, \"budget_elasticity\": 0.1, \"by_country\": {\"XA\": {\"multiplier\": 1.1}}}"
        ).replacingOccurrences(of: "\"defence_pct_gdp\": 1.5", with: "\"defence_pct_gdp\": 1.5, \"import_share\": 0.2")
        let scenario = try ScenarioLoader().load(text: text, file: "t.json")
        let parameters = scenario.variants[0].macro!.parameters(for: scenario.countries[0])
        #expect(parameters.multiplier == 1.1)  // the variant's by_country
        #expect(parameters.persistenceYears == 2)  // the variant's key
        #expect(parameters.importShare == 0.4)  // the scenario's key beats the country's input
        #expect(parameters.budgetElasticity == 0.9)  // the scenario's by_country beats the variant's key
        #expect(scenario.reportsGDPFeedback)

        let onlyInput = try ScenarioLoader().load(
            text: withMacro(top: "{\"multiplier\": 0.5}").replacingOccurrences(
                of: "\"defence_pct_gdp\": 1.5", with: "\"defence_pct_gdp\": 1.5, \"import_share\": 0.2"), file: "t.json")
        let fromInput = onlyInput.variants[0].macro!.parameters(for: onlyInput.countries[0])
        #expect(fromInput.importShare == 0.2 && fromInput.importShareOrigin == .country)
        #expect(fromInput.budgetElasticity == 0.5 && fromInput.budgetElasticityOrigin == .modelDefault)
    }

    @Test("the GDP feedback's figures appear in the outputs exactly when a macro key exists")
    func outputsOnlyWithBlock() throws {
        func years(_ text: String) throws -> [[String: Any]] {
            let scenario = try ScenarioLoader().load(text: text, file: "t.json")
            let json = try JSONSerialization.jsonObject(with: Data(try projectJSON(scenario).utf8)) as! [String: Any]
            return (json["projections"] as! [[String: Any]]).flatMap { $0["years"] as! [[String: Any]] }
        }
        let plain = try years(validScenario)
        #expect(plain.allSatisfy { $0["gdp_effect_pct"] == nil && $0["gdp_no_feedback_bn"] == nil })
        let empty = try years(withMacro(top: "{}"))
        #expect(empty.allSatisfy { ($0["gdp_effect_pct"] as? NSNumber)?.doubleValue == 0 })
        #expect(empty.allSatisfy { ($0["gdp_no_feedback_bn"] as? NSNumber) == ($0["gdp_bn"] as? NSNumber) })
        // Every other field is the same, to the text.
        for (a, b) in zip(plain, empty) {
            for (key, value) in a { #expect("\(value)" == "\(b[key]!)", "\(key)") }
        }
        let active = try years(withMacro(variant: "{\"multiplier\": 0.75}"))
        #expect(active.contains { (($0["gdp_effect_pct"] as? NSNumber)?.doubleValue ?? 0) > 0.1 })
    }

    @Test("a sweep over macro keys makes one variant per combination")
    func sweep() throws {
        let text = validScenario.replacingOccurrences(
            of: "\"financing\": {\"offset_share\": 0.25}",
            with:
                "\"financing\": {\"offset_share\": 0.25}, \"sweep\": {\"macro.multiplier\": [0, 0.75], \"macro.import_share\": [0.2, 0.8]}"
        )
        let scenario = try ScenarioLoader().load(text: text, file: "t.json")
        #expect(scenario.variants.count == 4)
        #expect(scenario.variants.map { $0.macro?.settings.multiplier } == [0, 0, 0.75, 0.75])
        #expect(scenario.variants.map { $0.macro?.settings.importShare } == [0.2, 0.8, 0.2, 0.8])
        #expect(scenario.variants[2].label.contains("μ 0.75"))
    }

    @Test("built-in defaults: equipment share × the EU-wide share bought outside the EU; 0.5 and a note without a source")
    func builtInDefaults() throws {
        let text = """
            {"name": "d", "countries": ["DE", "GB"], "macro": {"multiplier": 0.75},
             "variants": [{"label": "3.5", "defence": {"target_pct_gdp": 3.5, "by": 2030}}]}
            """
        let scenario = try ScenarioLoader().load(text: text, file: "d.json")
        let germany = scenario.countries.first { $0.code == "DE" }!
        let britain = scenario.countries.first { $0.code == "GB" }!
        let equipment = try #require(germany.equipmentSharePct)
        #expect(abs(germany.importShare! - equipment / 100 * 0.78) < 1e-12)
        #expect(germany.provenance[.importShare]?.summary.contains("MACRO_EDIS_2024") == true)
        #expect(germany.budgetSemiElasticity == 0.504)
        #expect(britain.importShare == nil && britain.budgetSemiElasticity == nil)
        let result = try ProjectionEngine().run(scenario.request)
        let notes = ProjectionReport(scenario: scenario, result: result).notes
        #expect(notes.contains { $0.contains("No sourced import share for GB") })
        #expect(notes.contains { $0.contains("No sourced budget semi-elasticity for GB") })
    }

    @Test("the engine matches the independent Python reference on random scenarios with the macro block")
    func independentReference() throws {
        // Relative 1e-6: the contract's tolerance for the GDP feedback.
        let outcome = try ReferenceComparison.run(
            seed: "20261215", count: 40, features: "macro", extraFields: ["gdp_effect_pct", "gdp_no_feedback_bn"],
            relative: 1e-6)
        #expect(outcome.compared > 10_000)
        #expect((outcome.nonzero["gdp_effect_pct"] ?? 0) > 500, "the random scenarios must exercise the feedback")
        print(
            "macro reference: \(outcome.compared) values compared, \(outcome.nonzero["gdp_effect_pct"] ?? 0) non-zero GDP effects, worst relative difference \(outcome.worst)"
        )
    }
}
