/// The keys of a `macro` block (MODEL.md §12).
public enum MacroParameter: String, CaseIterable, Sendable {
    case multiplier
    case persistenceYears = "persistence_years"
    case importShare = "import_share"
    case budgetElasticity = "budget_elasticity"

    /// The JSON key.
    public var key: String { rawValue }

    /// The one description of this key.
    public var spec: ParameterSpec {
        switch self {
        case .multiplier:
            return ParameterSpec(
                key: key, symbol: "μ", title: "Fiscal multiplier", unit: "% of GDP per pp of GDP of domestic impulse",
                kind: .number, range: .atLeast(0), default: "0 (no feedback)",
                summary:
                    "GDP effect of a fiscal impulse spent at home (MODEL.md §12); the Commission's debt sustainability analysis uses 0.75 (docs/macro.md gives the literature's range)."
            )
        case .persistenceYears:
            return ParameterSpec(
                key: key, symbol: "P", title: "Persistence of the GDP effect", unit: "years", kind: .integer,
                range: .atLeast(1), default: "3",
                summary:
                    "Years over which an impulse acts, with weights 1, 1 − 1/P, …, 1/P (the Commission: 3 years, weights 1, 2/3, 1/3)."
            )
        case .importShare:
            return ParameterSpec(
                key: key, symbol: "m", title: "Import share of the extra spending", unit: "share", kind: .number,
                range: .closed(0, 1), default: "each country's import_share input (the data's, where sourced), else 0.5",
                summary:
                    "The share of the extra spending bought abroad, which adds nothing to domestic GDP. Where SAFE is drawn, the SAFE-financed part has at most 0.35 (the Regulation's European-content condition)."
            )
        case .budgetElasticity:
            return ParameterSpec(
                key: key, symbol: "ε", title: "Budget semi-elasticity", unit: "pp of GDP per % of GDP", kind: .number,
                range: .atLeast(0),
                default: "each country's budget_semi_elasticity input (the Commission's for EU members), else 0.5",
                summary: "How much the primary balance improves per 1 % of extra GDP: pb_t gains ε·γ_t.")
        }
    }
}

/// The keys of a `macro` block as written: each may be absent (`nil`).
public struct MacroSettings: Sendable, Equatable {
    /// `μ ≥ 0`.
    public var multiplier: Double?
    /// `P ≥ 1`, whole years.
    public var persistenceYears: Int?
    /// `m ∈ [0, 1]`.
    public var importShare: Double?
    /// `ε ≥ 0`.
    public var budgetElasticity: Double?

    public init(
        multiplier: Double? = nil, persistenceYears: Int? = nil, importShare: Double? = nil, budgetElasticity: Double? = nil
    ) {
        self.multiplier = multiplier
        self.persistenceYears = persistenceYears
        self.importShare = importShare
        self.budgetElasticity = budgetElasticity
    }

    /// These settings with every key `other` gives written on top.
    public func overlaid(by other: MacroSettings) -> MacroSettings {
        MacroSettings(
            multiplier: other.multiplier ?? multiplier, persistenceYears: other.persistenceYears ?? persistenceYears,
            importShare: other.importShare ?? importShare, budgetElasticity: other.budgetElasticity ?? budgetElasticity)
    }
}

/// The GDP feedback of one variant (MODEL.md §12, docs/macro.md): a fiscal impulse of the extra
/// spending bought at home moves GDP, and GDP moves the primary balance.
///
/// With `Ỹ_t` the GDP path without feedback, `Δ_t` the extra effort and `o` the offset share:
/// ```
/// imp_t = (1 − m − o)·(Δ_t − Δ_{t−1})                  Δ_B = 0
/// γ_t   = μ·Σ_{k=0}^{P−1} (1 − k/P)·imp_{t−k}          % of Ỹ_t
/// Y_t   = Ỹ_t·(1 + γ_t/100)
/// pb_t  = pbBL_t − (1 − o)·Δ_t + ε·γ_t
/// ```
/// Where SAFE is drawn, the SAFE-financed share `σ_t = min(1, disb_t/(Δ_t·Ỹ_t/100))` of the extra
/// spending has an import share of at most 0.35, so `m_t = (1 − σ_t)·m + σ_t·min(m, 0.35)` and the
/// impulse is `(1 − m_t − o)·Δ_t − (1 − m_{t−1} − o)·Δ_{t−1}` (docs/model-notes.md E13).
public struct MacroFeedback: Sendable, Equatable {
    /// The block's own keys (the scenario's with the variant's on top).
    public var settings: MacroSettings
    /// Keys for single countries, by code; they win over ``settings``.
    public var byCountry: [String: MacroSettings]

    public init(settings: MacroSettings = MacroSettings(), byCountry: [String: MacroSettings] = [:]) {
        self.settings = settings
        self.byCountry = byCountry
    }

    /// MODEL.md §12's defaults.
    public static let defaultMultiplier = 0.0
    public static let defaultPersistenceYears = 3
    public static let defaultImportShare = 0.5
    public static let defaultBudgetElasticity = 0.5

    /// Where a country's parameter came from.
    public enum Origin: String, Sendable, Equatable {
        /// The block's `by_country` entry for the country.
        case byCountry = "by_country"
        /// The block's own key.
        case block
        /// The country's input (`import_share`, `budget_semi_elasticity`: the data or the scenario).
        case country
        /// MODEL.md §12's default.
        case modelDefault = "default"
    }

    /// The parameters one country runs with.
    public struct Parameters: Sendable, Equatable {
        public var multiplier: Double
        public var persistenceYears: Int
        public var importShare: Double
        public var budgetElasticity: Double
        public var importShareOrigin: Origin
        public var budgetElasticityOrigin: Origin
    }

    /// The parameters for a country: `by_country[code]` > the block's key > the country's input
    /// > MODEL.md §12's default.
    public func parameters(for inputs: CountryInputs) -> Parameters {
        let own = byCountry[inputs.code] ?? MacroSettings()
        func pick<Value>(_ key: KeyPath<MacroSettings, Value?>, country: Value?, default value: Value) -> (Value, Origin) {
            if let chosen = own[keyPath: key] { return (chosen, .byCountry) }
            if let chosen = settings[keyPath: key] { return (chosen, .block) }
            if let chosen = country { return (chosen, .country) }
            return (value, .modelDefault)
        }
        let share = pick(\.importShare, country: inputs.importShare, default: Self.defaultImportShare)
        let elasticity = pick(\.budgetElasticity, country: inputs.budgetSemiElasticity, default: Self.defaultBudgetElasticity)
        return Parameters(
            multiplier: pick(\.multiplier, country: nil, default: Self.defaultMultiplier).0,
            persistenceYears: pick(\.persistenceYears, country: nil, default: Self.defaultPersistenceYears).0,
            importShare: share.0, budgetElasticity: elasticity.0, importShareOrigin: share.1,
            budgetElasticityOrigin: elasticity.1)
    }

    /// `γ_t`, % of `Ỹ_t`, for the years `B … E` (index 0 is `B`, where `γ_B = 0`).
    /// - Parameters:
    ///   - extra: `Δ_t`, pp of GDP (index 0 ignored: `Δ_B = 0`).
    ///   - offsetShare: `o`; nil when the financing mode decides the offset year by year, then
    ///     `offsetExtra` (pp of GDP) is the offset part of each year's `Δ_t` and the impulse is
    ///     `(1 − m_t)·Δ_t − O_t − ((1 − m_{t−1})·Δ_{t−1} − O_{t−1})`, the same thing for a fixed `o`.
    ///   - disbursement: SAFE disbursements, bn (zero where SAFE is not drawn).
    ///   - gdpWithoutFeedback: `Ỹ_t`, bn.
    public static func effects(
        extra: [Double], offsetShare: Double?, offsetExtra: [Double], disbursement: [Double], gdpWithoutFeedback: [Double],
        parameters: Parameters, safeExternalContentCap: Double = Policy.current.safeNonEUContentMax
    ) -> [Double] {
        let count = extra.count
        var effect = [Double](repeating: 0, count: count)
        let mu = parameters.multiplier
        let m = parameters.importShare
        let persistence = parameters.persistenceYears
        // μ = 0: nothing is computed, so every output equals the run without the block bit for bit.
        guard mu != 0, count > 1, persistence >= 1 else { return effect }
        var safeShare = [Double](repeating: 0, count: count)
        var importShare = [Double](repeating: m, count: count)
        for t in 1..<count {
            if extra[t] > 0 && disbursement[t] > 0 {
                safeShare[t] = min(1, disbursement[t] / (extra[t] * gdpWithoutFeedback[t] / 100))
            }
            importShare[t] = (1 - safeShare[t]) * m + safeShare[t] * min(m, safeExternalContentCap)
        }
        var impulse = [Double](repeating: 0, count: count)
        for t in 1..<count {
            let previous = t > 1 ? extra[t - 1] : 0
            if let o = offsetShare {
                if safeShare[t] == 0 && safeShare[t - 1] == 0 {
                    impulse[t] = (1 - m - o) * (extra[t] - previous)
                } else {
                    impulse[t] = (1 - importShare[t] - o) * extra[t] - (1 - importShare[t - 1] - o) * previous
                }
            } else {
                let previousOffset = t > 1 ? offsetExtra[t - 1] : 0
                impulse[t] =
                    ((1 - importShare[t]) * extra[t] - offsetExtra[t]) - ((1 - importShare[t - 1]) * previous - previousOffset)
            }
        }
        for t in 1..<count {
            var sum = 0.0
            for k in 0..<persistence where t - k >= 1 {
                sum += (1 - Double(k) / Double(persistence)) * impulse[t - k]
            }
            effect[t] = mu * sum + 0.0  // + 0.0: never a negative zero
        }
        return effect
    }
}

extension CountryParameter {
    /// The inputs only the GDP feedback reads: a run without a `macro` block neither uses nor
    /// cites them, so its outputs stay as they were.
    public static let gdpFeedbackInputs: Set<CountryParameter> = [.importShare, .budgetSemiElasticity]
}

extension LanePlan {
    /// MODEL.md §12 on every lane, after ``prepare(lane:_:years:baseYear:notes:)`` and before the
    /// recursion: `Ỹ_t` is kept as `gdp_no_feedback_bn`; where `γ_t ≠ 0`, GDP becomes
    /// `Ỹ_t·(1 + γ_t/100)`, spending in money the share times it, the primary balance gains
    /// `ε·γ_t`, and `nominal_growth_pct` becomes the growth of that GDP (which the stochastic
    /// engine compounds). Where `γ_t = 0` nothing is touched, so μ = 0 changes no bit.
    ///
    /// - Parameter source: for each lane, the lane whose effect it takes (a no-SAFE twin takes its
    ///   lane's, so that the SAFE interest saving measures interest only), or nil.
    mutating func applyGDPFeedback(lanes: [Lane], years: [Int], source: [Int?]) throws(ProjectionError) {
        let n = table.laneCount
        var effects = [[Double]](repeating: [], count: lanes.count)
        for (lane, spec) in lanes.enumerated() {
            for t in years.indices { table[.gdpNoFeedbackBn, lane, t] = table[.gdp, lane, t] }
            guard let macro = spec.variant.macro else { continue }
            let parameters = macro.parameters(for: spec.inputs)
            let effect: [Double]
            if let origin = source[lane], !effects[origin].isEmpty {
                effect = effects[origin]
            } else {
                let table = self.table
                func column(_ metric: ProjectionMetric) -> [Double] { years.indices.map { table[metric, lane, $0] } }
                let financing = spec.variant.financing
                effect = MacroFeedback.effects(
                    extra: column(.extra), offsetShare: financing.mode == .offsetShare ? financing.offsetShare : nil,
                    offsetExtra: column(.offsetExtra), disbursement: column(.safeDisbursementBn),
                    gdpWithoutFeedback: column(.gdpNoFeedbackBn), parameters: parameters,
                    safeExternalContentCap: policy.safeNonEUContentMax)
            }
            effects[lane] = effect
            for t in years.indices.dropFirst() where effect[t] != 0 {
                let gdp = table[.gdpNoFeedbackBn, lane, t] * (1 + effect[t] / 100)
                guard gdp > 0, gdp.isFinite else {
                    throw .gdpFeedbackCollapse(
                        country: spec.inputs.code, variant: spec.variant.label, year: years[t], effect: effect[t])
                }
                table[.gdp, lane, t] = gdp
                table[.gdpEffect, lane, t] = effect[t]
                table[.defenceBn, lane, t] = table[.defence, lane, t] * gdp / 100
                table[.relatedBn, lane, t] = table[.related, lane, t] * gdp / 100
                table[.extraBn, lane, t] = table[.extra, lane, t] * gdp / 100
                let feedback = parameters.budgetElasticity * effect[t]
                table[.balanceFeedback, lane, t] = feedback
                primaryBalance[t * n + lane] += feedback
            }
            for t in years.indices.dropFirst() where effect[t] != 0 || effect[t - 1] != 0 {
                table[.nominalGrowth, lane, t] = 100 * (table[.gdp, lane, t] / table[.gdp, lane, t - 1] - 1)
            }
        }
    }
}
