import Foundation
import MilexData
import MilexModel
import Testing

@testable import MilexScenario

/// Base year 2025 is the default; a scenario with base year 2024 keeps working and gives the
/// numbers it gave before the dataset moved on (it runs on vintage 2026.06 unless it pins another).
@Suite("Base years and dataset vintages")
struct BaseYearTests {
    /// The Hague scenario as shipped, moved back to base year 2024 (the shipped file's text).
    static func hague2024() throws -> String {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Scenarios/hague-2035.json")
        let text = try String(contentsOf: url, encoding: .utf8)
        return text.replacingOccurrences(
            of: "\"countries\": [\"NATO\"],", with: "\"base_year\": 2024, \"countries\": [\"NATO\"],")
    }

    /// Debt in 2035 (% of GDP) of the Hague scenario at base year 2024, as milex printed it before
    /// the move to base year 2025 (Tests/MilexScenarioTests/Fixtures/headlines.csv of that commit).
    static let pinned: [(variant: String, country: String, debt: Double)] = [
        ("baseline", "DE", 74.283319), ("baseline", "IT", 138.785278), ("baseline", "PL", 95.818355),
        ("3.5% core by 2035", "ES", 107.335971), ("3.5% core by 2035", "LT", 34.507109),
        ("5% (3.5 core + 1.5 related) by 2035", "DE", 91.860313), ("5% (3.5 core + 1.5 related) by 2035", "LT", 42.803349),
        ("5% (3.5 core + 1.5 related) by 2035", "PL", 104.644076),
    ]

    @Test("base year 2024 reproduces the numbers of the 2024 starting point (vintage 2026.06)")
    func base2024() throws {
        let scenario = try ScenarioLoader().load(text: try Self.hague2024(), file: "hague-2024.json")
        #expect(scenario.baseYear == 2024)
        #expect(scenario.datasetVintage == "2026.06")
        let result = try ProjectionEngine().run(scenario.request)
        for (variant, country, debt) in Self.pinned {
            let projection = try #require(result.projection(variant: variant, country: country))
            let value = try #require(projection.value(.debt, in: 2035))
            #expect(abs(value - debt) <= 5e-7, "\(variant) \(country): \(value) against \(debt)")
        }
    }

    @Test("base year 2025 by default, on the current vintage; a pin to 2026.06 drops what came later")
    func base2025() throws {
        let loader = ScenarioLoader()
        let scenario = try loader.load(text: "{\"countries\": [\"AT\", \"DE\"]}", file: "t.json")
        #expect(scenario.baseYear == 2025 && scenario.datasetVintage == Dataset.builtIn.vintage)
        let austria = try #require(scenario.countries.first { $0.code == "AT" })
        #expect(austria.escapeClauseYears == [2025, 2026, 2027, 2028], "Austria's activation of February 2026")
        // Pinned: Austria's activation is not in 2026.06.
        let pinned = try loader.load(
            text: "{\"countries\": [\"AT\"], \"dataset_vintage\": \"2026.06\", \"base_year\": 2024}", file: "t.json")
        #expect(pinned.countries[0].escapeClauseYears.isEmpty)
        // An unknown vintage is an error naming the ones there are.
        do {
            _ = try loader.load(text: "{\"countries\": [\"AT\"], \"dataset_vintage\": \"2019.01\"}", file: "t.json")
            Issue.record("an unknown vintage loaded")
        } catch {
            #expect(error.diagnostics.contains { $0.path == "dataset_vintage" && $0.description.contains("\"2026.06\"") })
        }
        // A base year the dataset has no starting point for.
        do {
            _ = try loader.load(text: "{\"countries\": [\"AT\"], \"base_year\": 2023}", file: "t.json")
            Issue.record("base year 2023 loaded")
        } catch {
            #expect(error.diagnostics.contains { $0.description.contains("base years 2024 and 2025") })
        }
    }

    @Test("the 2025 starting point: the outturn balance plus the forecast's interest bill, noted")
    func primaryBalance2025() throws {
        let record = try #require(Dataset.builtIn.countries["FR"])
        let inputs = record.modelInputs(baseYear: 2025)
        let balance = try #require(record.figures("balance_pct_gdp", year: 2025).first { $0.status != "forecast" })
        #expect(inputs.observedBalance == balance.value)
        guard case .derived(let formula, _)? = inputs.provenance[.primaryBalance] else {
            Issue.record("the 2025 primary balance must be derived")
            return
        }
        #expect(formula.contains("balance 2025 + interest 2025"))
        #expect(inputs.notes.contains { $0.hasPrefix("Primary balance 2025:") })
        // Base-year interest pb − b is the forecast pair's (AMECO spring 2025).
        let primary = try #require(record.figures("primary_balance_pct_gdp", year: 2025).first)
        let paired = try #require(record.figures("balance_pct_gdp", year: 2025).first { $0.vintage == primary.vintage })
        let interest = try #require(inputs.primaryBalance.value(in: 2025)) - balance.value
        #expect(abs(interest - (primary.value - paired.value)) < 1e-12)
    }
}
