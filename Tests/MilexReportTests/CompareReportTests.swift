import Foundation
import MilexData
import MilexModel
import MilexScenario
import MilexTestSupport
import Testing

@testable import MilexReport

/// The comparison on a small scenario of custom countries (independent of the dataset).
enum CompareFixture {
    static let golden = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// Two aggregates the dataset cannot give custom countries: both euro countries, and all
    /// three of a (nominal) four-member group.
    static let groups = [
        AggregateGroup(code: "XEUR", name: "Euro countries", members: ["XA", "XB"], size: 2),
        AggregateGroup(code: "XALL", name: "All custom", members: ["XC", "XB", "XA", "XD"], size: 4),
    ]

    /// The fixture scenario, read as text under its bare name so that outputs naming the file
    /// are the same on every machine.
    static func run(_ file: URL = golden.appendingPathComponent("compare-scenario.json")) throws -> (Scenario, ProjectionResult) {
        let scenario = try ScenarioLoader().load(
            text: String(contentsOf: file, encoding: .utf8), file: file.lastPathComponent)
        return (scenario, try ProjectionEngine().run(scenario.request))
    }

    /// The comparison as a document, with the run's provenance.
    static func document(sort: String? = "debt") throws -> Document {
        let compare = try report(sort: sort)
        return compare.document(provenance: RunContext(scenario: compare.scenario, result: compare.result).provenance)
    }

    static func report(
        currency: MoneyCurrency = .eur, sort: String? = nil, groups: [AggregateGroup] = groups
    ) throws -> CompareReport {
        let (scenario, result) = try run()
        return try CompareReport(
            scenario: scenario, result: result, currency: currency, sort: try sort.map(CompareReport.SortKey.parse),
            extraAggregates: groups)
    }

    /// The number in `column` of the row whose code is `code`.
    static func value(_ table: Table, _ code: String, _ column: String) -> Double? {
        guard let index = table.columns.firstIndex(where: { $0.id == column }),
            let row = table.rows.first(where: { $0[0] == .text(code) })
        else { return nil }
        if case .number(let value) = row[index] { return value }
        return nil
    }

    static func codes(_ table: Table) -> [String] {
        table.rows.map { row in
            if case .text(let code) = row[0] { return code }
            return ""
        }
    }
}

@Suite("Compare report")
struct CompareReportTests {
    static let formats: [(DocumentFormat, String)] = [
        (.table, "compare.txt"), (.csv, "compare.csv"), (.markdown, "compare.md"), (.latex, "compare.tex"),
        (.json, "compare.json"), (.html, "compare.html"),
    ]

    @Test("golden files: every text format renders as recorded (numbers to a relative 1e-12)", arguments: formats)
    func golden(format: DocumentFormat, name: String) throws {
        let actual = String(decoding: try format.render(try CompareFixture.document()), as: UTF8.self)
        if let problem = try Golden.check(actual, against: CompareFixture.golden.appendingPathComponent(name)) {
            Issue.record(Comment(rawValue: problem))
        }
    }

    @Test("column ids are stable: group prefix, figure, year")
    func columnIDs() throws {
        let table = try CompareFixture.report().table()
        let ids = table.columns.map(\.id)
        #expect(ids.prefix(2) == ["code", "country"])
        #expect(ids.contains("2-by-2028_spending_bn_2028"))
        #expect(ids.contains("2-by-2028_debt_pct_gdp_2030"))
        #expect(ids.contains("3.5-by-2030-safe_debt_change_pp_gdp_2030"))
        #expect(ids.contains("3.5-by-2030-safe_safe_saving_bn_2030"))
        #expect(ids.count == 2 + 2 * 10)
        #expect(Set(ids).count == ids.count)
        // Ad hoc comparisons name groups by their targets.
        let adHoc = AdHocComparison(countries: ["DE"], targets: [2, 3.5, 5], by: 2035)
        #expect(adHoc.columnGroups(endYear: 2035).map(\.id) == ["t2", "t3.5", "t5"])
        #expect(adHoc.label(3.5) == "3.5 % by 2035")
    }

    @Test("figures of a country follow from its projection")
    func countryFigures() throws {
        let (scenario, result) = try CompareFixture.run()
        let table = try CompareReport(scenario: scenario, result: result).table()
        let xa = try #require(result.projection(variant: "3.5% by 2030, SAFE", country: "XA"))
        let base = try #require(result.projection(variant: "baseline", country: "XA"))
        let p = "3.5-by-2030-safe"
        #expect(
            CompareFixture.value(table, "XA", "\(p)_spending_pct_gdp_2030") == xa.value(.defence, in: 2030)! + xa.value(
                .related, in: 2030)!)
        #expect(abs(CompareFixture.value(table, "XA", "\(p)_spending_pct_gdp_2030")! - 4.5) < 1e-12)
        #expect(CompareFixture.value(table, "XA", "\(p)_extra_bn_2030") == xa.value(.extraBn, in: 2030)!)
        let extraPct = (xa.value(.defence, in: 2030)! - 1.5) + (xa.value(.related, in: 2030)! - 0.2)
        #expect(abs(CompareFixture.value(table, "XA", "\(p)_extra_bn_2030")! - extraPct * xa.value(.gdp, in: 2030)! / 100) < 1e-9)
        let cumulative = (2025...2030).map { xa.value(.extraBn, in: $0)! }.reduce(0, +)
        #expect(abs(CompareFixture.value(table, "XA", "\(p)_extra_cum_bn_2030")! - cumulative) < 1e-9)
        #expect(CompareFixture.value(table, "XA", "\(p)_debt_pct_gdp_2030") == xa.value(.debt, in: 2030))
        #expect(
            CompareFixture.value(table, "XA", "\(p)_debt_change_pp_gdp_2030")
                == xa.value(.debt, in: 2030)! - base.value(.debt, in: 2030)!)
        #expect(CompareFixture.value(table, "XA", "\(p)_deficit_pct_gdp_2030") == -xa.value(.balance, in: 2030)!)
        let above = (2025...2030).filter { xa.value(.balance, in: $0)! < -3 }.count
        #expect(CompareFixture.value(table, "XA", "\(p)_deficit_years_2030") == Double(above))
        let used = (2025...2030).map { xa.value(.escapeFlexibilityUsed, in: $0)! * xa.value(.gdp, in: $0)! / 100 }.reduce(0, +)
        #expect(abs(CompareFixture.value(table, "XA", "\(p)_escape_bn_2030")! - used) < 1e-9)
        #expect(
            CompareFixture.value(table, "XA", "\(p)_safe_saving_bn_2030")
                == xa.value(.safeInterestSavingCumulativeBn, in: 2030))
        // No clause years: no escape figure; no SAFE allocation or no SAFE in the variant: none either.
        #expect(CompareFixture.value(table, "XB", "\(p)_escape_bn_2030") == nil)
        #expect(CompareFixture.value(table, "XB", "\(p)_safe_saving_bn_2030") == nil)
        #expect(CompareFixture.value(table, "XA", "2-by-2028_safe_saving_bn_2030") == nil)
        // Gamma's money is in XPL: EUR columns divide by per_eur.
        let xc = try #require(result.projection(variant: "2% by 2028", country: "XC"))
        let spending = (xc.value(.defenceBn, in: 2028)! + xc.value(.relatedBn, in: 2028)!) / 4.3
        #expect(abs(CompareFixture.value(table, "XC", "2-by-2028_spending_bn_2028")! - spending) < 1e-9)
    }

    @Test("aggregates: money is the sum of the members, ratios the GDP-weighted mean, counts on the aggregate's own ratio")
    func aggregates() throws {
        let (scenario, result) = try CompareFixture.run()
        let report = try CompareReport(scenario: scenario, result: result, extraAggregates: CompareFixture.groups)
        let table = report.table()
        #expect(report.aggregates.map(\.label) == ["Euro countries (2)", "All custom (3 of 4)"])
        #expect(Array(table.rowKinds.suffix(2)) == [.aggregate, .aggregate])
        #expect(table.rowKinds.prefix(3).allSatisfy { $0 == .body })
        #expect(table.notes.contains { $0.hasPrefix("Aggregate rows: money summed") })
        let codes = ["XA", "XB", "XC"]
        let perEUR = ["XA": 1.0, "XB": 1.0, "XC": 4.3]
        for (variant, prefix) in [("2% by 2028", "2-by-2028"), ("3.5% by 2030, SAFE", "3.5-by-2030-safe")] {
            let target = variant.hasPrefix("2%") ? 2028 : 2030
            let projections = codes.map { result.projection(variant: variant, country: $0)! }
            let baselines = codes.map { result.projection(variant: "baseline", country: $0)! }
            // Money: the members' own cells add up.
            for stem in ["spending_bn_\(target)", "extra_bn_\(target)", "extra_cum_bn_2030"] {
                let sum = codes.map { CompareFixture.value(table, $0, "\(prefix)_\(stem)")! }.reduce(0, +)
                #expect(abs(CompareFixture.value(table, "XALL", "\(prefix)_\(stem)")! - sum) < 1e-9, "\(stem)")
            }
            // Escape: only the members with clause years count.
            let escape = ["XA", "XC"].map { CompareFixture.value(table, $0, "\(prefix)_escape_bn_2030")! }.reduce(0, +)
            #expect(abs(CompareFixture.value(table, "XALL", "\(prefix)_escape_bn_2030")! - escape) < 1e-9)
            #expect(CompareFixture.value(table, "XEUR", "\(prefix)_escape_bn_2030") != nil)
            // Ratios by hand: Σ(ratio·GDP)/ΣGDP with GDP in EUR; debt is ΣD/ΣY.
            func gdpEUR(_ p: CountryProjection, _ year: Int) -> Double { p.value(.gdp, in: year)! / perEUR[p.country.code]! }
            func debtRatio(_ ps: [CountryProjection], _ year: Int) -> Double {
                let debt = ps.map { $0.value(.debt, in: year)! * gdpEUR($0, year) / 100 }.reduce(0, +)
                return 100 * debt / ps.map { gdpEUR($0, year) }.reduce(0, +)
            }
            func deficitRatio(_ ps: [CountryProjection], _ year: Int) -> Double {
                let deficit = ps.map { -$0.value(.balance, in: year)! * gdpEUR($0, year) }.reduce(0, +)
                return deficit / ps.map { gdpEUR($0, year) }.reduce(0, +)
            }
            let debt = debtRatio(projections, 2030)
            #expect(abs(CompareFixture.value(table, "XALL", "\(prefix)_debt_pct_gdp_2030")! - debt) < 1e-9)
            #expect(
                abs(
                    CompareFixture.value(table, "XALL", "\(prefix)_debt_change_pp_gdp_2030")!
                        - (debt - debtRatio(baselines, 2030)))
                    < 1e-9)
            #expect(
                abs(
                    CompareFixture.value(table, "XALL", "\(prefix)_deficit_pct_gdp_\(target)")!
                        - deficitRatio(projections, target))
                    < 1e-9)
            let spendingShare =
                projections.map { ($0.value(.defence, in: target)! + $0.value(.related, in: target)!) * gdpEUR($0, target) }
                .reduce(0, +) / projections.map { gdpEUR($0, target) }.reduce(0, +)
            #expect(abs(CompareFixture.value(table, "XALL", "\(prefix)_spending_pct_gdp_\(target)")! - spendingShare) < 1e-9)
            let years = (2025...2030).filter { deficitRatio(projections, $0) > 3 }.count
            #expect(CompareFixture.value(table, "XALL", "\(prefix)_deficit_years_2030") == Double(years))
            let euroYears = (2025...2030).filter { deficitRatio(Array(projections.prefix(2)), $0) > 3 }.count
            #expect(CompareFixture.value(table, "XEUR", "\(prefix)_deficit_years_2030") == Double(euroYears))
        }
        // SAFE: summed over the members that draw (XA, XC).
        let safe = ["XA", "XC"].map { CompareFixture.value(table, $0, "3.5-by-2030-safe_safe_saving_bn_2030")! }.reduce(0, +)
        #expect(abs(CompareFixture.value(table, "XALL", "3.5-by-2030-safe_safe_saving_bn_2030")! - safe) < 1e-9)
    }

    @Test("aggregate groups: named first, at least two members in the run, no repeated member sets")
    func aggregateGroups() {
        let groups = Aggregates.groups(
            countries: ["DE", "FR", "IT", "ES", "NL"], named: [("EU5", ["DE", "ES", "FR", "IT", "NL"])])
        // EU27, NATO and the euro area have the same five members here: shown once, as EU5.
        #expect(groups.map(\.code) == ["EU5", "SAFE"])
        #expect(groups.map(\.label) == ["Five largest EU economies (5)", "SAFE countries (3 of 19)"])
        #expect(groups.last?.members == ["FR", "IT", "ES"])
        let weimar = Aggregates.groups(countries: ["DE", "FR", "PL"], named: [])
        #expect(weimar.map(\.label) == ["EU27 (3 of 27)", "Euro area (2 of 20)", "SAFE countries (2 of 19)"])
        let nato = Aggregates.groups(countries: Dataset.builtIn.groups["NATO"]!.members, named: [("NATO", [])])
        #expect(nato.map(\.label).first == "NATO (32)")
        #expect(nato.map(\.code) == ["NATO", "EU27", "NATO-EUROPE-CANADA", "EURO-AREA", "SAFE"])
        #expect(Aggregates.groups(countries: ["PL"], named: []).isEmpty)
    }

    @Test("sorting: figures largest first, codes and names ascending, by the last variant unless @TARGET; aggregates last")
    func sorting() throws {
        let byDebt = try CompareFixture.report(sort: "debt").table()
        let debts = ["XA", "XB", "XC"].map { ($0, CompareFixture.value(byDebt, $0, "3.5-by-2030-safe_debt_pct_gdp_2030")!) }
        #expect(Array(CompareFixture.codes(byDebt).prefix(3)) == debts.sorted { $0.1 > $1.1 }.map(\.0))
        #expect(Array(CompareFixture.codes(byDebt).suffix(2)) == ["XEUR", "XALL"])
        let byCode = try CompareFixture.report(sort: "code").table()
        #expect(CompareFixture.codes(byCode) == ["XA", "XB", "XC", "XEUR", "XALL"])
        let byName = try CompareFixture.report(sort: "name").table()
        #expect(Array(CompareFixture.codes(byName).prefix(3)) == ["XA", "XB", "XC"])
        // The first variant's extra: XB and XC are above 2 % and spend nothing extra.
        let byExtra = try CompareFixture.report(sort: "extra@2-by-2028").table()
        #expect(CompareFixture.codes(byExtra).first == "XA")
        let bySpending = try CompareFixture.report(sort: "spending-pct-2030@2").table()
        #expect(CompareFixture.codes(bySpending).first == "XC")
        // Rows without a figure go last.
        let byEscape = try CompareFixture.report(sort: "escape").table()
        #expect(CompareFixture.codes(byEscape)[2] == "XB")
        #expect(byDebt.notes.contains { $0.hasPrefix("Rows sorted by 3.5% by 2030, SAFE: Debt 2030, largest first") })
        // Every variant's table keeps the same row order.
        let slices = try CompareFixture.report(sort: "debt").tablesByVariant()
        #expect(slices.count == 2)
        let names = ["XA": "Alpha", "XB": "Beta", "XC": "Gamma", "XEUR": "Euro countries (2)", "XALL": "All custom (3 of 4)"]
        #expect(CompareFixture.codes(slices[0]) == CompareFixture.codes(slices[1]))
        #expect(CompareFixture.codes(slices[1]) == CompareFixture.codes(byDebt).map { names[$0]! })
    }

    @Test(
        "bad sort keys are clear errors",
        arguments: [
            ("debt-2035", "shows 2030"), ("dept", "did you mean debt?"), ("debt@4", "no such target"),
            ("code-2030", "takes no year"), ("debt@", "name a target"),
        ])
    func badSortKeys(key: String, fragment: String) throws {
        do {
            _ = try CompareFixture.report(sort: key)
            Issue.record("--sort \(key) was accepted")
        } catch let error as CompareError {
            #expect(error.description.contains(fragment), "\(error.description)")
            #expect(error.isUsage)
        }
    }

    @Test("currencies: EUR and USD at the fixed rates, national only when every country shares one")
    func currencies() throws {
        let eur = try CompareFixture.report(currency: .eur).table()
        let usd = try CompareFixture.report(currency: .usd).table()
        let rates = ["XA": (1.0, 0.9), "XB": (1.0, 0.9), "XC": (4.3, 3.9)]
        for (code, (perEUR, perUSD)) in rates {
            for stem in ["2-by-2028_spending_bn_2028", "3.5-by-2030-safe_extra_cum_bn_2030"] {
                let inEUR = try #require(CompareFixture.value(eur, code, stem))
                let inUSD = try #require(CompareFixture.value(usd, code, stem))
                #expect(abs(inUSD - inEUR * perEUR / perUSD) < 1e-9 * max(1, abs(inUSD)), "\(code) \(stem)")
            }
            // Ratios do not depend on the currency, for countries and aggregates alike.
            #expect(
                CompareFixture.value(eur, code, "2-by-2028_debt_pct_gdp_2030")
                    == CompareFixture.value(usd, code, "2-by-2028_debt_pct_gdp_2030"))
        }
        #expect(
            CompareFixture.value(eur, "XALL", "2-by-2028_debt_pct_gdp_2030")
                == CompareFixture.value(usd, "XALL", "2-by-2028_debt_pct_gdp_2030"))
        #expect(eur.columns.first { $0.id == "2-by-2028_spending_bn_2028" }?.unit == "bn EUR")
        #expect(usd.columns.first { $0.id == "2-by-2028_spending_bn_2028" }?.unit == "bn USD")
        #expect(throws: CompareError.self) { try CompareFixture.report(currency: .national) }
        do {
            _ = try CompareFixture.report(currency: .national)
        } catch let error as CompareError {
            #expect(error.description.contains("EUR, XPL"))
        }
        // The two euro countries alone: national is EUR.
        let text = try String(contentsOf: CompareFixture.golden.appendingPathComponent("compare-scenario.json"), encoding: .utf8)
            .replacingOccurrences(of: "\"countries\": [\"XA\", \"XB\", \"XC\"]", with: "\"countries\": [\"XA\", \"XB\"]")
            .replacingOccurrences(of: #""XC": \{[^}]*\}"#, with: "\"XC\": null", options: .regularExpression)
            .replacingOccurrences(of: ",\n    \"XC\": null", with: "")
        let scenario = try ScenarioLoader().load(text: text, file: "two.json")
        let result = try ProjectionEngine().run(scenario.request)
        let national = try CompareReport(scenario: scenario, result: result, currency: .national).table()
        let inEUR = try CompareReport(scenario: scenario, result: result, currency: .eur).table()
        #expect(national.rows == inEUR.rows)
        #expect(national.columns.first { $0.id.hasSuffix("_spending_bn_2028") }?.unit == "bn EUR")
    }

    @Test("the ad hoc scenario loads through the same loader; gaps get the built-in stand-ins unless refused")
    func adHocScenario() throws {
        let plain = AdHocComparison(
            countries: ["DE", "PL"], targets: [2, 3.5], by: 2030, related: 1.5, offset: 0.25, safe: true)
        let scenario = try ScenarioLoader().load(text: plain.scenarioText(), file: AdHocComparison.fileName)
        #expect(scenario.variants.map(\.label) == ["2 % + 1.5 % related by 2030", "3.5 % + 1.5 % related by 2030"])
        #expect(scenario.endYear == 2030)
        #expect(scenario.variants[1].defence?.target == 3.5 && scenario.variants[1].related?.target == 1.5)
        #expect(scenario.variants[0].financing.offsetShare == 0.25 && scenario.variants[0].financing.safe)
        #expect(!scenario.scenarioInputs.contains { $0.kind == .standIn }, "DE and PL need no stand-in")
        // Gaps in the dataset: refused, the same message as a file, naming "compare".
        let gaps = AdHocComparison(countries: ["EU27"], targets: [2], by: 2035)
        do {
            _ = try ScenarioLoader(assumeMissing: false).load(text: gaps.scenarioText(), file: AdHocComparison.fileName)
            Issue.record("EU27 loaded without its missing figures")
        } catch {
            #expect(error.diagnostics.allSatisfy { $0.file == "compare" })
            #expect(error.diagnostics.contains { $0.description.contains("--no-assume-missing refuses the stand-in") })
        }
        let complete = try ScenarioLoader().load(text: gaps.scenarioText(), file: AdHocComparison.fileName)
        #expect(complete.countries.count == 27)
        #expect(complete.scenarioInputs.contains { $0.kind == .standIn })
        #expect(!complete.standInNotes.isEmpty)
        #expect(throws: AdHocComparison.OptionError.self) { try AdHocComparison.parseList("2,x,5") }
        #expect(throws: AdHocComparison.OptionError.self) { try AdHocComparison.parseList("2,2") }
        #expect(try AdHocComparison.parseList("2, 3.5%,5") == [2, 3.5, 5])
    }

    @Test("the built-in stand-ins are Scenarios/common/missing-figures.json's")
    func embeddedStandIns() throws {
        let file = CompareFixture.repository.appendingPathComponent("Scenarios/common/missing-figures.json")
        let shipped = try JSONSerialization.jsonObject(with: Data(contentsOf: file)) as! [String: Any]
        let standIns = try #require(Dataset.builtIn.standIns)
        #expect(standIns.file == "Scenarios/common/missing-figures.json")
        #expect(standIns.proxies == shipped["proxies"] as? [String])
        #expect(standIns.defaults == (shipped["defaults"] as? [String: Double]))
        #expect(standIns.notes == shipped["notes"] as? [String])
    }
}
