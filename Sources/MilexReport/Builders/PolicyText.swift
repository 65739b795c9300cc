import MilexModel

/// The policy numbers as the texts of tables and notes print them ("3 %", "1 pp"), from the
/// run's policy (the policy file's unless the scenario overrides them), so no note states a
/// threshold the run did not use.
struct PolicyText {
    let policy: Policy

    init(_ policy: Policy) { self.policy = policy }

    static func percent(_ value: Double) -> String { NumberText.shortest(value) + " %" }
    static func number(_ value: Double) -> String { NumberText.shortest(value) }

    /// "3 %"
    var deficit: String { Self.percent(policy.deficitReference) }
    /// "60 %"
    var debt: String { Self.percent(policy.debtReference) }
    /// "90 %"
    var highDebt: String { Self.percent(policy.safeguardHighDebt) }
    /// "1 pp"
    var paceHigh: String { Self.number(policy.safeguardPaceHigh) + " pp" }
    /// "0.5 pp"
    var paceMedium: String { Self.number(policy.safeguardPaceMedium) + " pp" }
    /// "−1.5 %"
    var margin: String { "−" + Self.percent(policy.resilienceMargin) }
    /// "1.5" (the cap in the flexibility's formula)
    var cap: String { Self.number(policy.escapeClauseCap) }
    /// "2021"
    var referenceYear: String { String(policy.escapeClauseReferenceYear) }
    /// "0.3 %"
    var annualDeviation: String { Self.percent(policy.annualDeviationLimit) }
    /// "0.6 %"
    var cumulativeDeviation: String { Self.percent(policy.cumulativeDeviationLimit) }
    /// "2 %"
    var natoGuideline: String { Self.percent(policy.natoGuideline) }
    /// "20 %"
    var equipment: String { Self.percent(policy.natoEquipmentShare) }
    /// "3.5 %"
    var hagueCore: String { Self.percent(policy.hagueCore) }
    /// "1.5 %"
    var hagueRelated: String { Self.percent(policy.hagueRelated) }
    /// "5 %"
    var hagueTotal: String { Self.percent(policy.hagueCore + policy.hagueRelated) }
}
