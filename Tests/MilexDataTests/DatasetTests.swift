import Foundation
import MilexModel
import MilexTestSupport
import Testing

@testable import MilexData

@Suite("The built-in dataset")
struct DatasetTests {
    let dataset = Dataset.builtIn

    static let nato = [
        "AL", "BE", "BG", "CA", "HR", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IS", "IT", "LV", "LT", "LU", "ME", "NL",
        "MK", "NO", "PL", "PT", "RO", "SK", "SI", "ES", "SE", "TR", "GB", "US",
    ]
    static let eu = [
        "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT", "LV", "LT", "LU", "MT", "NL",
        "PL", "PT", "RO", "SK", "SI", "ES", "SE",
    ]
    static let euroArea2024 = [
        "AT", "BE", "HR", "CY", "EE", "FI", "FR", "DE", "GR", "IE", "IT", "LV", "LT", "LU", "MT", "NL", "PT", "SK", "SI", "ES",
    ]

    @Test("covers every NATO ally, every EU member and the four partners")
    func coverage() {
        let expected = Set(Self.nato + Self.eu + ["KR", "JP", "AU", "UA"])
        #expect(Set(dataset.countryCodes) == expected)
        #expect(dataset.countryCodes.count == 40)
    }

    @Test("group membership: 32 allies, 27 EU members, 20 euro-area members in 2024, 17 escape-clause countries")
    func groups() {
        #expect(Set(dataset.groups["NATO"]!.members) == Set(Self.nato))
        #expect(dataset.groups["NATO"]!.members.count == 32)
        #expect(Set(dataset.groups["NATO-EUROPE-CANADA"]!.members) == Set(Self.nato).subtracting(["US"]))
        #expect(Set(dataset.groups["EU27"]!.members) == Set(Self.eu))
        #expect(Set(dataset.groups["EURO-AREA"]!.members) == Set(Self.euroArea2024))
        #expect(dataset.groups["ESCAPE-CLAUSE"]!.members.count == 17)
        #expect(
            Set(dataset.groups["ESCAPE-CLAUSE"]!.members)
                == Set(["BE", "BG", "CZ", "DK", "DE", "EE", "GR", "HR", "LV", "LT", "HU", "PL", "PT", "SI", "SK", "FI", "AT"]))
        // Austria's activation (17 Feb 2026) is new in this vintage: the 2026.06 view does not have it.
        #expect(dataset.countries["AT"]!.escapeClause?.years == [2025, 2026, 2027, 2028])
        #expect(dataset.countries["AT"]!.asOf("2026.06").escapeClause == nil)
        #expect(dataset.countries["DE"]!.asOf("2026.06").escapeClause != nil)
        for code in Self.nato { #expect(dataset.countries[code]!.isMember(of: "nato")) }
        for code in Self.eu { #expect(dataset.countries[code]!.isMember(of: "eu")) }
        #expect(dataset.countries.values.filter { $0.isMember(of: "euro_area") }.count == 20)
        #expect(dataset.groups["NORDIC-BALTIC"] != nil && dataset.groups["EASTERN-FLANK"] != nil)
        for (code, group) in dataset.groups {
            #expect(dataset.sources[group.source] != nil, "group \(code) cites an unknown source")
            #expect(group.members.allSatisfy { dataset.countries[$0] != nil })
        }
    }

    @Test("SAFE: 19 countries whose allocations sum to exactly EUR 150 bn")
    func safe() {
        let allocations = dataset.countries.values.compactMap { $0.figure("safe_allocation_eur", year: 2025) }.filter {
            $0.value > 0
        }
        #expect(allocations.count == 19)
        // Exact in whole euros (the amounts are integers well within a double's 2^53).
        #expect(allocations.map(\.value).reduce(0, +) == 150_000_000_000)
        #expect(
            Set(dataset.groups["SAFE"]!.members)
                == Set(dataset.countries.filter { ($0.value.figure("safe_allocation_eur", year: 2025)?.value ?? 0) > 0 }.keys))
    }

    @Test("every figure has a known source, a publication date, a vintage, a unit and a finite value")
    func everyFigureSourced() {
        for (code, record) in dataset.countries {
            for figure in record.figures {
                #expect(dataset.sources[figure.source] != nil, "\(code) \(figure.key) \(figure.year) cites \(figure.source)")
                #expect(
                    figure.published.count == 10 && figure.published.hasPrefix("20"),
                    "\(code) \(figure.key): published \(figure.published)")
                #expect(!figure.vintage.isEmpty && !figure.unit.isEmpty && !figure.measure.isEmpty)
                #expect(figure.value.isFinite)
            }
            for membership in record.memberships.values { #expect(dataset.sources[membership.source] != nil) }
            if let clause = record.escapeClause { #expect(dataset.sources[clause.source] != nil) }
        }
    }

    @Test("conflicting vintages: the latest official one is the default and the older stays (Poland 2024)")
    func vintages() {
        let poland = dataset.countries["PL"]!
        let all = poland.figures("defence_pct_gdp", year: 2024)
        #expect(all.count >= 2)
        #expect(all.first?.vintage == "NATO 2025 edition")
        #expect(abs(all.first!.value - 3.79) < 0.005)
        #expect(all.contains { $0.vintage == "NATO 2024 edition" && abs($0.value - 4.12) < 0.005 })
        #expect(poland.modelInputs(baseYear: 2024).defencePctGDP == all.first!.value)
        // 2025: NATO's 2026 edition (new core-defence measure, 4.25) over the 2025 edition's estimate (4.48).
        let latest = poland.figures("defence_pct_gdp", year: 2025)
        #expect(latest.first?.vintage == "NATO 2026 edition" && abs(latest.first!.value - 4.25) < 0.005)
        #expect(latest.contains { $0.vintage == "NATO 2025 edition" && abs($0.value - 4.48) < 0.005 })
        #expect(poland.modelInputs().defencePctGDP == latest.first!.value)
    }

    /// Published figures, to the precision they were published with.
    @Test(
        "spot checks against published tables",
        arguments: [
            ("PL", "defence_pct_gdp", 2024, 3.79, 0.005), ("DE", "defence_pct_gdp", 2024, 2.00, 0.005),
            ("US", "defence_pct_gdp", 2024, 3.21, 0.005), ("EE", "defence_pct_gdp", 2025, 3.38, 0.005),
            ("LT", "defence_pct_gdp", 2025, 4.00, 0.005), ("IT", "defence_pct_gdp", 2025, 2.01, 0.005),
            ("IT", "debt_pct_gdp", 2024, 134.7, 0.05), ("GR", "debt_pct_gdp", 2024, 154.2, 0.05),
            ("FR", "debt_pct_gdp", 2024, 113.2, 0.05), ("DE", "debt_pct_gdp", 2024, 62.2, 0.05),
            ("PL", "balance_pct_gdp", 2024, -6.5, 0.05),
            ("PL", "safe_allocation_eur", 2025, 43_734_100_805, 0.5), ("RO", "safe_allocation_eur", 2025, 16_680_055_394, 0.5),
            ("IT", "safe_allocation_eur", 2025, 14_900_000_000, 0.5),
            // Eurostat, April 2026 EDP notification (2025), as published in its release text.
            ("GR", "debt_pct_gdp", 2025, 146.1, 0.05), ("IT", "debt_pct_gdp", 2025, 137.1, 0.05),
            ("FR", "debt_pct_gdp", 2025, 115.6, 0.05), ("BE", "debt_pct_gdp", 2025, 107.9, 0.05),
            ("ES", "debt_pct_gdp", 2025, 100.7, 0.05), ("EE", "debt_pct_gdp", 2025, 24.1, 0.05),
            ("CY", "balance_pct_gdp", 2025, 3.4, 0.05), ("RO", "balance_pct_gdp", 2025, -7.9, 0.05),
            ("PL", "balance_pct_gdp", 2025, -7.3, 0.05), ("FR", "balance_pct_gdp", 2025, -5.1, 0.05),
            ("DE", "balance_pct_gdp", 2025, -2.7, 0.05),
            // NATO, Defence Expenditure of NATO Countries 2026 edition (2025e), and the 2025 edition.
            ("DE", "defence_pct_gdp", 2025, 2.22, 0.005), ("PL", "defence_pct_gdp", 2025, 4.25, 0.005),
            ("ES", "defence_pct_gdp", 2025, 2.00, 0.005), ("LV", "defence_pct_gdp", 2025, 3.67, 0.005),
            ("US", "defence_pct_gdp", 2025, 3.22, 0.005), ("NO", "defence_pct_gdp", 2025, 3.35, 0.005),
            // Korea's defence budgets as the National Assembly passed them (not the proposals).
            ("KR", "defence_budget_nc_bn", 2025, 61_246.9, 0.05), ("KR", "defence_budget_nc_bn", 2026, 65_864.2, 0.05),
            // Poland's 2026 budget act.
            ("PL", "defence_budget_pct_gdp", 2026, 4.81, 0.005),
        ])
    func published(_ check: (String, String, Int, Double, Double)) {
        let (code, key, year, value, tolerance) = check
        let figure = dataset.countries[code]?.figure(key, year: year)
        #expect(figure != nil, "\(code) \(key) \(year) missing")
        if let figure {
            #expect(abs(figure.value - value) <= tolerance, "\(code) \(key) \(year): \(figure.value) vs published \(value)")
        }
    }

    @Test("model inputs: derived figures say how they were derived; gaps stay missing")
    func modelInputs() throws {
        let germany = dataset.countries["DE"]!.asOf("2026.06").modelInputs(baseYear: 2024)
        #expect(germany.missingRequired.isEmpty)
        guard case .derived(let formula, _) = germany.provenance[.defence2021] else {
            Issue.record("s_2021 must be derived from COFOG 02")
            return
        }
        #expect(formula.contains("COFOG02"))
        // s_B − s_2021 equals the COFOG 02 increase 2021–2024.
        let cofog = dataset.countries["DE"]!.asOf("2026.06")
        let increase = cofog.figure("cofog02_pct_gdp", year: 2024)!.value - cofog.figure("cofog02_pct_gdp", year: 2021)!.value
        // Evaluated outside #expect: the macro's expansion of this expression crashed under
        // Swift 6.3.1 (a null retain while copying the captured struct).
        let difference = germany.defencePctGDP - germany.defence2021PctGDP
        #expect(abs(difference - increase) < 1e-12)
        // Iceland has no armed forces: NATO publishes no defence share, and none is invented.
        #expect(dataset.countries["IS"]!.modelInputs().missingRequired.contains(.defence))
        // Every input that is set has a provenance.
        for record in dataset.countries.values {
            let inputs = record.modelInputs()
            for parameter in inputs.values.keys { #expect(inputs.provenance[parameter] != nil) }
        }
        // The EU members have every figure but, for some, the average maturity and (Romania) the yield.
        for code in Self.eu {
            let missing = Set(dataset.countries[code]!.modelInputs().missingRequired)
            #expect(missing.isSubset(of: [.averageMaturity, .marketRate]), "\(code) lacks \(missing)")
        }
    }

    @Test("historical shocks cover the EU-27 with their source")
    func shocks() throws {
        let shocks = try #require(dataset.historicalShocks)
        #expect(dataset.sources[shocks.source] != nil)
        #expect(Set(shocks.series.keys) == Set(Self.eu))
        #expect(shocks.series["PL"]!.allSatisfy { $0.count == 4 })
    }

    @Test("every country's model inputs for every supported base year and vintage: finite, with a provenance")
    func everyBaseYear() {
        #expect(dataset.supportedBaseYears == [2024, 2025])
        #expect(dataset.vintages == ["2026.06", dataset.vintage])
        for code in dataset.countryCodes {
            for vintage in dataset.vintages {
                let record = dataset.countries[code]!.asOf(vintage)
                for year in dataset.supportedBaseYears {
                    let inputs = record.modelInputs(baseYear: year)
                    for (parameter, value) in inputs.values {
                        #expect(inputs.provenance[parameter] != nil, "\(code) \(year) \(vintage): \(parameter.key)")
                        if case .number(let number) = value { #expect(number.isFinite, "\(code) \(year): \(parameter.key)") }
                    }
                }
            }
        }
    }

    @Test("the 2026.06 view drops every figure added since, and keeps every one it had")
    func vintagePin() {
        for record in dataset.countries.values {
            let old = record.asOf("2026.06")
            #expect(old.figures.allSatisfy { ($0.added ?? "") <= "2026.06" })
            #expect(old.figures.count == record.figures.filter { ($0.added ?? "") <= "2026.06" }.count)
        }
        // Italy's 2024 debt: 134.9 in the April/October 2025 notifications, 134.7 after Istat's revision.
        #expect(dataset.countries["IT"]!.asOf("2026.06").figure("debt_pct_gdp", year: 2024)?.value == 134.9)
        #expect(dataset.countries["IT"]!.figure("debt_pct_gdp", year: 2024)?.value == 134.7)
    }

    @Test("Scripts/build-dataset.py --gaps reports the same missing inputs as the Swift derivation")
    func gapsAgree() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let outcome = try ProcessRunner.run(
            URL(fileURLWithPath: "/usr/bin/env"), ["python3", "Scripts/build-dataset.py", "--gaps", "--json"], directory: root)
        try #require(outcome.status == 0, "\(outcome.stderr)")
        let rows = try #require(try JSONSerialization.jsonObject(with: outcome.stdoutData) as? [[String: String]])
        let keyToParameter: [String: CountryParameter] = [
            "gdp_nc_bn": .gdpBn, "nominal_growth_pct": .nominalGrowth, "debt_pct_gdp": .debt,
            "primary_balance_pct_gdp": .primaryBalance, "implicit_rate_pct": .implicitRate, "lt_yield_pct": .marketRate,
            "average_maturity_years": .averageMaturity, "defence_pct_gdp": .defence,
        ]
        for row in rows {
            let code = try #require(row["iso2"])
            let missing = Set(dataset.countries[code]!.modelInputs().missingRequired)
            for (key, parameter) in keyToParameter {
                #expect((row[key] == "missing") == missing.contains(parameter), "\(code) \(key): python says \(row[key] ?? "?")")
            }
        }
    }
}
