import Foundation
import MilexModel
import MilexScenario
import Testing

@testable import MilexReport

/// The GDP feedback in documents (MODEL.md §12): only runs with a macro block show it.
@Suite("GDP feedback in the reports")
struct GDPFeedbackReportTests {
    static let scenario = """
        {"name": "m", "base_year": 2024, "end_year": 2034, "countries": ["XA", "XB"],
         "custom_countries": {
           "XA": {"currency": "EUR", "gdp_bn": 500, "nominal_growth_pct": 3, "debt_pct_gdp": 90,
                  "primary_balance_pct_gdp": -1, "implicit_rate_pct": 2.5, "market_rate_pct": 3.2,
                  "average_maturity_years": 7, "defence_pct_gdp": 1.5, "import_share": 0.2},
           "XB": {"currency": "EUR", "gdp_bn": 200, "nominal_growth_pct": 2, "debt_pct_gdp": 50,
                  "primary_balance_pct_gdp": 0, "implicit_rate_pct": 2, "market_rate_pct": 3,
                  "average_maturity_years": 5, "defence_pct_gdp": 2, "budget_semi_elasticity": 0.6}},
         "macro": {"multiplier": 0.75, "persistence_years": 3},
         "variants": [
           {"label": "imports", "defence": {"target_pct_gdp": 3.5, "by": 2030}},
           {"label": "at home", "defence": {"target_pct_gdp": 3.5, "by": 2030}, "macro": {"import_share": 0}}]}
        """

    static func run(_ text: String = scenario) throws -> RunContext {
        let scenario = try ScenarioLoader().load(text: text, file: "m.json")
        return RunContext(scenario: scenario, result: try ProjectionEngine().run(scenario.request))
    }

    @Test("the key assumption names the multiplier, persistence and import shares per variant and country")
    func assumption() throws {
        let context = try Self.run()
        let text = try #require(context.document(command: "run", sections: []).assumptions.first { $0.label == "GDP feedback" })
            .text
        #expect(text.contains("multiplier 0.75"))
        #expect(text.contains("persistence 3 years"))
        #expect(text.contains("\"imports\" XA 0.2, XB 0.5"))
        #expect(text.contains("\"at home\" 0 for every country"))
        #expect(text.contains("XB: no sourced value"))
        let notes = context.report.notes
        #expect(notes.contains { $0.contains("No sourced import share for XB") })
        #expect(notes.contains { $0.contains("No sourced budget semi-elasticity for XA") })
    }

    @Test("without a macro block nothing changes: the assumption says off, no section, no compare column")
    func absentWithoutBlock() throws {
        let plain = Self.scenario.replacingOccurrences(
            of: "\"macro\": {\"multiplier\": 0.75, \"persistence_years\": 3},", with: ""
        )
        .replacingOccurrences(of: ", \"macro\": {\"import_share\": 0}", with: "")
        let context = try Self.run(plain)
        #expect(!context.result.reportsGDPFeedback)
        #expect(GDPFeedbackReport.assumption(context.result).hasPrefix("off"))
        #expect(RunDocument.build(context).sections.allSatisfy { $0.id != "gdp-feedback" })
        let compare = try CompareReport(scenario: context.scenario, result: context.result, groups: nil)
        #expect(!compare.table().columns.contains { $0.id.contains("gdp_effect") })
        #expect(!context.report.longTable().columns.contains { $0.id == "gdp_effect_pct" })
    }

    @Test("compare has the GDP effect in the target year; the run has its section and chart")
    func compareAndSection() throws {
        let context = try Self.run()
        let compare = try CompareReport(scenario: context.scenario, result: context.result, groups: nil)
        let table = compare.table()
        let column = try #require(table.columns.firstIndex { $0.id == "at-home_gdp_effect_pct_2030" })
        let xa = try #require(table.rows.first { $0[0] == .text("XA") })
        let effect = context.result.projection(variant: 2, country: 0).value(.gdpEffect, in: 2030)!
        #expect(xa[column] == .number(effect))
        #expect(effect > 0.3)
        let document = RunDocument.build(context)
        let section = try #require(document.sections.first { $0.id == "gdp-feedback" })
        let svg = try #require(
            section.blocks.compactMap { block -> String? in
                if case .chart(let chart) = block { return chart.svg }
                return nil
            }.first)
        #expect(svg.contains("data-series=\"at home\""))
        #expect(svg.contains("data-country=\"XB\""))
        #expect(context.report.longTable().columns.contains { $0.id == "balance_feedback_pct_gdp" })
    }

    @Test("sensitivity: μ = 0 is the run without feedback; with μ > 0 debt rises with the import share")
    func sensitivity() throws {
        let context = try Self.run()
        let grid = try MacroSensitivity.run(context.scenario.request)
        #expect(grid.multipliers == [0, 0.5, 0.75, 1.0, 1.25])
        #expect(grid.importShares.count == 7)
        var off = context.scenario.request
        off.variants = off.variants.map { variant in
            var variant = variant
            variant.macro = nil
            return variant
        }
        let plain = try ProjectionEngine().run(off)
        for variant in 1..<grid.variants.count {
            for country in grid.countries.indices {
                let debt = plain.value(.debt, variant: variant, country: country, yearIndex: plain.years.count - 1)
                #expect(grid.debt[variant][country][0].allSatisfy { $0 == debt })
                for row in grid.debt[variant][country].dropFirst() {
                    #expect(zip(row, row.dropFirst()).allSatisfy { $0 < $1 }, "\(row)")
                    #expect(row.allSatisfy { $0 < debt })
                }
            }
        }
        let tables = GDPFeedbackReport.sensitivityTables(grid)
        #expect(tables.count == 2)
        #expect(tables[0].rows.count == 2 * 5)
        #expect(tables[0].columns.map(\.header).contains("m 0.5"))
    }
}
