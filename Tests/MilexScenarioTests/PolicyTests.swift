import Foundation
import MilexModel
import MilexReport
import MilexTestSupport
import Testing

@testable import MilexScenario

/// Policy numbers as data: a scenario's `policy` block changes exactly the figures that depend
/// on the numbers it changes; bad values are clear errors; every output says what changed.
@Suite("Policy numbers in scenarios")
struct PolicyTests {
    static let base = #"""
        {"countries": ["DE", "FR", "PL", "IT"],
         "variants": [{"label": "3.5", "defence": {"target_pct_gdp": 3.5, "by": 2030}},
                      {"label": "within", "defence": {"target_pct_gdp": 5, "by": 2027}, "financing": {"mode": "within_escape_clause"}}]
        """#

    static func run(_ policy: String) throws -> (Scenario, ProjectionResult) {
        let scenario = try ScenarioLoader().load(
            text: base + (policy.isEmpty ? "" : ", \"policy\": \(policy)") + "}", file: "policy.json")
        return (scenario, try ProjectionEngine().run(scenario.request))
    }

    /// The metrics that differ between two runs of the same scenario.
    static func differences(_ a: ProjectionResult, _ b: ProjectionResult, variants: [String]) -> Set<ProjectionMetric> {
        var changed: Set<ProjectionMetric> = []
        for metric in ProjectionMetric.allCases {
            for (x, y) in zip(a.allProjections, b.allProjections) where variants.contains(x.variant) {
                if !zip(x[metric], y[metric]).allSatisfy({ $0 == $1 || ($0.isNaN && $1.isNaN) }) { changed.insert(metric) }
            }
        }
        return changed
    }

    @Test("a higher escape-clause cap changes the flexibility and what depends on it, nothing else")
    func escapeCap() throws {
        let (_, standard) = try Self.run("")
        let (scenario, wider) = try Self.run(#"{"escape_clause_cap_pct_gdp": 2.5}"#)
        #expect(wider.policy.escapeClauseCap == 2.5 && standard.policy.escapeClauseCap == 1.5)
        let flexibility: Set<ProjectionMetric> = [
            .escapeFlexibility, .escapeFlexibilityUsed, .escapeFlexibilityUnused, .defenceIncreaseBeyondFlexibility,
            .deficitBeyondFlexibility, .netExpenditureAllowance, .headroom,
        ]
        // Borrowing in full: the money does not move, only what the clause allows.
        let borrowed = Self.differences(standard, wider, variants: ["baseline", "3.5"])
        #expect(!borrowed.isEmpty && borrowed.isSubset(of: flexibility), "\(borrowed.map(\.key).sorted())")
        // Borrowing within the clause: a wider clause lets more be borrowed, so debt moves too.
        let within = Self.differences(standard, wider, variants: ["within"])
        #expect(within.contains(.debt) && within.contains(.borrowedExtra))
        // The key assumptions say what changed.
        let document = RunDocument.build(RunContext(scenario: scenario, result: wider))
        let stated = try #require(document.assumptions.first { $0.label == "Policy numbers" })
        #expect(stated.text.contains("escape_clause_cap_pct_gdp = 2.5 (policy file: 1.5"))
        #expect(document.assumptions.first { $0.label == "Escape clause" }?.text.contains("min(2.5,") == true)
    }

    @Test("a 4 % deficit reference moves the flags, the counts and the texts, not the projections")
    func deficitReference() throws {
        let (_, standard) = try Self.run("")
        let (scenario, lenient) = try Self.run(#"{"deficit_reference_pct_gdp": 4}"#)
        let changed = Self.differences(standard, lenient, variants: ["baseline", "3.5"])
        #expect(!changed.contains(.debt) && !changed.contains(.balance))
        var moved = 0
        for (a, b) in zip(standard.allProjections, lenient.allProjections) {
            for t in a.years.indices {
                let balance = a[.balance][t]
                #expect(a.flags[t].contains(.deficitAbove3) == (balance < -3))
                #expect(b.flags[t].contains(.deficitAbove3) == (balance < -4))
                if balance < -3 && balance >= -4 { moved += 1 }
            }
        }
        #expect(moved > 0, "the run has years between the two references")
        let rules = try #require(
            RulesSummary().table(ProjectionReport(scenario: scenario, result: lenient), variant: 0, currency: .eur))
        #expect(rules.columns.contains { $0.header == ">4 %" })
        #expect(rules.notes.joined().contains("deficit above 4 % of GDP"))
    }

    @Test("the SAFE terms come from the policy: a 5-year grace period starts repayments earlier")
    func safeTerms() throws {
        let scenario = try ScenarioLoader().load(
            text: #"""
                {"countries": ["PL"], "end_year": 2045, "policy": {"safe_grace_years": 5, "safe_maturity_years": 15},
                 "variants": [{"label": "safe", "defence": {"target_pct_gdp": 5, "by": 2030}, "financing": {"safe": true}}]}
                """#, file: "safe.json")
        let result = try ProjectionEngine().run(scenario.request)
        let poland = try #require(result.projection(variant: "safe", country: "PL"))
        // The 2026 tranche: grace 2027–2031, ten instalments 2032–2041.
        #expect(poland.value(.safeRepaymentBn, in: 2031) == 0)
        #expect(poland.value(.safeRepaymentBn, in: 2032)! > 0)
        #expect(approximatelyEqual(poland.value(.safeDebt, in: 2045)!, 0, absolute: 1e-9), "repaid in full by 2040 + 1")
    }

    @Test(
        "bad policy values are clear errors naming the key",
        arguments: [
            (#"{"escape_clause_cap": 2}"#, "policy.escape_clause_cap", "did you mean \"escape_clause_cap_pct_gdp\"?"),
            (#"{"escape_clause_cap_pct_gdp": 12}"#, "policy.escape_clause_cap_pct_gdp", "a number in [0, 10]"),
            (#"{"hague_target_year": 2035.5}"#, "policy.hague_target_year", "a whole number"),
            (#"{"deficit_reference_pct_gdp": "3"}"#, "policy.deficit_reference_pct_gdp", "a number in [0, 20]"),
            (#"{"safe_schedule": {"2026": 0.5}}"#, "policy.safe_schedule", "shares that sum to 1"),
            (#"3"#, "policy", "an object of policy numbers"),
        ])
    func errors(policy: String, path: String, fragment: String) throws {
        do {
            _ = try Self.run(policy)
            Issue.record("accepted: \(policy)")
        } catch let error as ScenarioError {
            let messages = error.diagnostics.map(\.description)
            #expect(messages.contains { $0.contains(path) && $0.contains(fragment) }, "\(messages)")
        }
    }
}
