import Foundation
import MilexData
import MilexModel
import MilexScenario
import Testing

@testable import MilexReport

/// The summary tables (rules, SAFE, escape clause, NATO) on a custom country whose figures
/// are computed by hand here.
@Suite("Instrument summary tables on hand-computed cases")
struct SummarySectionTests {
    /// XA: GDP 500 growing 4 % a year, defence 1.5 % (2021 reference 1.2), equipment 25 % of
    /// defence, SAFE allocation EUR 5 bn, escape clause 2025–2028. XB: a large primary deficit.
    static let text = """
        {"name": "instruments", "base_year": 2024, "end_year": 2035, "countries": ["XA", "XB"],
         "custom_countries": {
           "XA": {"currency": "EUR", "gdp_bn": 500, "nominal_growth_pct": 4, "debt_pct_gdp": 70,
                  "primary_balance_pct_gdp": 0, "implicit_rate_pct": 3, "market_rate_pct": 3,
                  "average_maturity_years": 6, "defence_pct_gdp": 1.5, "defence_2021_pct_gdp": 1.2,
                  "equipment_share_pct": 25, "safe_allocation_eur_bn": 5,
                  "escape_clause_years": [2025, 2026, 2027, 2028]},
           "XB": {"currency": "EUR", "gdp_bn": 100, "nominal_growth_pct": 4, "debt_pct_gdp": 50,
                  "primary_balance_pct_gdp": -5, "implicit_rate_pct": 3, "market_rate_pct": 3,
                  "average_maturity_years": 6, "defence_pct_gdp": 2}},
         "variants": [
           {"label": "safe", "defence": {"target_pct_gdp": 3.5, "by": 2035}, "financing": {"safe": true}},
           {"label": "what-if", "defence": {"target_pct_gdp": 3.5, "by": 2035},
            "overrides": {"XA": {"escape_clause_years": [2030, 2031]}}}]}
        """

    static func report() throws -> ProjectionReport {
        let scenario = try ScenarioLoader().load(text: text, file: "instruments.json")
        let result = try ProjectionEngine().run(scenario.request)
        return ProjectionReport(scenario: scenario, result: result)
    }

    /// XA's core share on the linear path: 1.5 + 2·(t − 2024)/11.
    static func share(_ year: Int) -> Double { 1.5 + 2 * Double(year - 2024) / 11 }
    /// XA's GDP: 500·1.04^(t − 2024).
    static func gdp(_ year: Int) -> Double { 500 * pow(1.04, Double(year - 2024)) }

    static func number(_ table: Table, row: Int, column id: String) -> Double? {
        guard let index = table.columns.firstIndex(where: { $0.id == id }), case .number(let value) = table.rows[row][index]
        else { return nil }
        return value
    }

    static func close(_ a: Double?, _ b: Double, tolerance: Double = 1e-9) -> Bool {
        guard let a else { return false }
        return abs(a - b) <= tolerance * max(1, abs(b))
    }

    @Test("SAFE: the draw and the equipment spending that must absorb it, by hand")
    func safe() throws {
        let report = try Self.report()
        let table = try #require(SAFESummary().table(report, variant: 1, currency: .eur))
        #expect(table.rows.count == 1, "only XA has an allocation")
        // Draw: take-up 1 × 5 bn × 1 EUR/EUR, all within 2026–2030.
        #expect(Self.close(Self.number(table, row: 0, column: "draw_bn"), 5))
        // Equipment in the disbursement years 2026–2030: Σ 25 % · s_t/100 · Y_t.
        let equipment = (2026...2030).reduce(0.0) { $0 + 0.25 * Self.share($1) / 100 * Self.gdp($1) }
        #expect(Self.close(Self.number(table, row: 0, column: "equipment_window_bn"), equipment))
        #expect(Self.close(Self.number(table, row: 0, column: "absorption_pct"), 100 * 5 / equipment))
        // SAFE at 3.0 % and a market rate of 3 % with maturity 6: the saving is small, and
        // its sign is stated in the notes only when negative.
        #expect(SAFESummary().table(report, variant: 2, currency: .eur) == nil, "no SAFE in the variant without it")
    }

    @Test("escape clause: a variant's own escape-clause years are the ones reported")
    func escapeWithVariantOverride() throws {
        let report = try Self.report()
        let base = try #require(EscapeClauseSummary().table(report, variant: 1, currency: .eur))
        let baseYears = base.rows.indices.compactMap { Self.number(base, row: $0, column: "year") }
        #expect(baseYears == [2025, 2026, 2027, 2028])
        // 2026: flexibility min(1.5, s − 1.2) with s = 1.5 + 4/11.
        #expect(Self.close(Self.number(base, row: 1, column: "flexibility_pp_gdp"), Self.share(2026) - 1.2))

        let whatIf = try #require(EscapeClauseSummary().table(report, variant: 2, currency: .eur))
        let years = whatIf.rows.indices.compactMap { Self.number(whatIf, row: $0, column: "year") }
        #expect(years == [2030, 2031])
        // 2030: s − 1.2 = 1.3909… (under the cap); 2031: 1.5727… capped at 1.5.
        #expect(Self.close(Self.number(whatIf, row: 0, column: "flexibility_pp_gdp"), Self.share(2030) - 1.2))
        #expect(Self.close(Self.number(whatIf, row: 1, column: "flexibility_pp_gdp"), 1.5))
        #expect(Self.close(Self.number(whatIf, row: 0, column: "increase_pp_gdp"), Self.share(2030) - 1.2))
    }

    @Test("NATO: the 2029 review against a straight line to 3.5 % in 2035, the equipment share")
    func nato() throws {
        let report = try Self.report()
        let table = try #require(NATOSummary().table(report, variant: 1, currency: .eur))
        // The path is itself the straight line from 1.5 in 2024 to 3.5 in 2035.
        let line = 1.5 + 2 * 5 / 11.0
        #expect(Self.close(Self.number(table, row: 0, column: "straight_line_review_pct_gdp"), line))
        #expect(Self.close(Self.number(table, row: 0, column: "core_review_pct_gdp"), Self.share(2029)))
        #expect(Self.close(Self.number(table, row: 0, column: "review_gap_pp_gdp"), 0, tolerance: 1e-12))
        #expect(Self.close(Self.number(table, row: 0, column: "core_gap_pp_gdp"), 0, tolerance: 1e-12))
        #expect(Self.close(Self.number(table, row: 0, column: "equipment_share_pct"), 25))
        #expect(Self.number(table, row: 1, column: "equipment_share_pct") == nil, "XB has no equipment figure")
    }

    @Test("rules: counts and first years of breach")
    func rules() throws {
        let report = try Self.report()
        let table = try #require(RulesSummary().table(report, variant: 0, currency: .eur))
        // XB runs a primary deficit of 5 % of GDP: above 3 % in all 11 projected years from 2025.
        #expect(Self.number(table, row: 1, column: "deficit_above_3_years") == 11)
        #expect(Self.number(table, row: 1, column: "deficit_above_3_first") == 2025)
        // XA's baseline (primary balance 0, r = g = 3/4 %): debt falls; the deficit stays small.
        #expect(Self.number(table, row: 0, column: "deficit_above_3_years") == 0)
        #expect(table.rows[0][table.columns.firstIndex { $0.id == "deficit_above_3_first" }!] == .text("none"))
        // No national rule for custom countries: the column is blank.
        #expect(table.rows[0][table.columns.firstIndex { $0.id == "national_rule_years" }!] == .empty)
    }

    @Test("the registry feeds --view, the run document and the briefing alike")
    func registry() throws {
        let report = try Self.report()
        #expect(SummarySections.ids == ["rules", "decomposition", "safe", "escape", "net-expenditure", "nato", "burden"])
        #expect(RunView.names == ["all", "years", "summary"] + SummarySections.ids)
        #expect(RunView(name: "safe") == .summary("safe"))
        #expect(RunView(name: "unknown") == nil)
        // A section per summary that applies, its data the variants' tables stacked.
        let safe = try #require(SAFESummary().section(report, currency: .eur))
        #expect(safe.tables.count == 1, "only the variant drawing SAFE")
        let data = try #require(safe.data)
        #expect(data.columns.first?.id == "variant")
        #expect(data.rows.count == safe.tables.map(\.rows.count).reduce(0, +))
        // NATO measures apply to variants that move spending, never to the baseline.
        #expect(NATOSummary().table(report, variant: 0, currency: .eur) == nil)
        let context = RunContext(scenario: report.scenario, result: report.result)
        let document = RunDocument.build(context, view: .summaries)
        #expect(document.sections.map(\.id) == ["rules", "decomposition", "safe", "escape", "nato"])
        #expect(RunDocument.build(context, view: .summary("escape")).sections.map(\.id) == ["escape"])
        #expect(RunDocument.build(context, view: .years).sections.map(\.id) == ["years"])
        #expect(
            RunDocument.build(context).sections.map(\.id) == [
                "years", "rules", "decomposition", "safe", "escape", "nato", "charts",
            ])
    }

    @Test("debt dynamics: the table's parts add up to the change in debt; the data table has every year")
    func decomposition() throws {
        let report = try Self.report()
        let summary = DecompositionSummary()
        let table = try #require(summary.table(report, variant: 1, currency: .eur))
        let parts = table.columns.map(\.id).filter { $0.hasSuffix("_pp_gdp") && $0 != "change_pp_gdp" && $0 != "snowball_pp_gdp" }
        for row in table.rows.indices {
            let sum = parts.compactMap { Self.number(table, row: row, column: $0) }.reduce(0, +)
            #expect(Self.close(sum, Self.number(table, row: row, column: "change_pp_gdp")!, tolerance: 1e-9))
            let start = Self.number(table, row: row, column: "debt_2024_pct_gdp")!
            let end = Self.number(table, row: row, column: "debt_2035_pct_gdp")!
            #expect(Self.close(end - start, Self.number(table, row: row, column: "change_pp_gdp")!, tolerance: 1e-9))
        }
        // SAFE at the market rate saves nothing here: a column of zeros is left out.
        #expect(!table.columns.contains { $0.id == "safe_pp_gdp" })
        #expect(table.columns.contains { $0.id == "defence_effort_pp_gdp" })
        let section = try #require(summary.section(report, currency: .eur))
        #expect(section.tables.count == 3, "a table per variant, the baseline included")
        let charts = section.blocks.filter { if case .chart = $0 { return true } else { return false } }
        #expect(charts.count == 2, "a stacked bar chart per variant")
        let data = try #require(section.data)
        #expect(data.rows.count == 3 * 2 * 11, "variants × countries × projected years")
        #expect(data.columns.map(\.id).contains("floor_residual_pp_gdp"))
    }

    @Test("burden sharing: shares of the allies' spending in USD, per head, the gap in USD, the US share")
    func burden() throws {
        let text = """
            {"name": "burden", "base_year": 2025, "end_year": 2030, "countries": ["US", "DE", "PL"],
             "variants": [{"label": "3.5", "defence": {"target_pct_gdp": 3.5, "by": 2030}}]}
            """
        let scenario = try ScenarioLoader().load(text: text, file: "burden.json")
        let result = try ProjectionEngine().run(scenario.request)
        let report = ProjectionReport(scenario: scenario, result: result)
        let summary = BurdenSharingSummary()
        #expect(summary.table(report, variant: 0, currency: .eur) == nil, "no target in the baseline")
        let table = try #require(summary.table(report, variant: 1, currency: .eur))
        #expect(table.rows.count == 4)
        #expect(table.rowKinds.last == .aggregate)
        var totalBase = 0.0
        for (row, inputs) in result.countries.enumerated() {
            let usd = inputs.defencePctGDP * inputs.gdpBn / 100 / inputs.perUSD!
            totalBase += usd
            #expect(Self.close(Self.number(table, row: row, column: "spending_2025_usd_bn"), usd))
            let gap = max(0, 3.5 - inputs.defencePctGDP) * inputs.gdpBn / 100 / inputs.perUSD!
            #expect(Self.close(Self.number(table, row: row, column: "gap_2025_usd_bn"), gap))
            if let share = inputs.equipmentSharePct {
                #expect(Self.close(Self.number(table, row: row, column: "equipment_vs_guideline_pp"), share - 20))
            }
        }
        let shares = (0..<3).compactMap { Self.number(table, row: $0, column: "share_2025_pct") }
        #expect(Self.close(shares.reduce(0, +), 100))
        #expect(
            Self.close(
                Self.number(table, row: 0, column: "share_2025_pct"),
                100 * Self.number(table, row: 0, column: "spending_2025_usd_bn")! / totalBase))
        // Per head: bn USD over millions of people, in USD.
        let record = try #require(Dataset.builtIn.countries["US"])
        let population = try #require(BurdenSharingSummary.population(record, upTo: 2025))
        #expect(population.year == 2024 && population.source == "NATO_WB_POP_2024")
        #expect(
            Self.close(
                Self.number(table, row: 0, column: "per_capita_2025_usd"),
                1000 * Self.number(table, row: 0, column: "spending_2025_usd_bn")! / population.millions))
        let section = try #require(summary.section(report, currency: .eur))
        let us = try #require(section.tables.first { $0.id == "burden-us" })
        #expect(us.rows.count == 3, "the base year, the baseline's horizon and the variant's target year")
        #expect(
            Self.close(Self.number(us, row: 0, column: "us_share_pct"), Self.number(table, row: 0, column: "share_2025_pct")!))
        // Custom countries are no allies: no burden table for them.
        #expect(summary.table(try Self.report(), variant: 1, currency: .eur) == nil)
    }
}
