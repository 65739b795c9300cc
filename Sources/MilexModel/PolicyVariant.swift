/// One policy variant of a scenario: spending paths and financing.
public struct PolicyVariant: Sendable, Equatable {
    /// The label (unique in a scenario; `baseline` is reserved).
    public var label: String
    /// The core defence path (none: `s_t = s_B`).
    public var defence: SpendingPath?
    /// The defence-related path (none: `q_t = q_B`).
    public var related: SpendingPath?
    /// Financing.
    public var financing: FinancingPlan
    /// Replacement inputs for some countries in this variant only (by country code), e.g. a
    /// higher market rate in a stress variant.
    public var inputOverrides: [String: CountryInputs]
    /// Paths for particular countries (by code) that replace the variant's own, e.g. Lithuania
    /// at 5 % while Latvia and Estonia head for 5 % by 2030.
    public var countryPaths: [String: CountryPaths] = [:]
    /// Offset shares for particular countries (by code) that replace `financing.offsetShare`
    /// (how `milex solve --unknown offset` tries a different share in every country at once).
    public var countryOffsetShares: [String: Double] = [:]
    /// The GDP feedback (MODEL.md §12; nil: off).
    public var macro: MacroFeedback?

    /// A country's own paths in a variant (`nil`: the variant's).
    public struct CountryPaths: Sendable, Equatable {
        public var defence: SpendingPath?
        public var related: SpendingPath?

        public init(defence: SpendingPath? = nil, related: SpendingPath? = nil) {
            self.defence = defence
            self.related = related
        }
    }

    /// The core defence path of `country` in this variant.
    public func defencePath(for country: String) -> SpendingPath? { countryPaths[country]?.defence ?? defence }

    /// `o`, the share of the extra effort offset by other measures, for `country` in this variant.
    public func offsetShare(for country: String) -> Double { countryOffsetShares[country] ?? financing.offsetShare }

    /// The defence-related path of `country` in this variant.
    public func relatedPath(for country: String) -> SpendingPath? { countryPaths[country]?.related ?? related }

    /// The label of the no-policy-change variant that every run includes.
    public static let baselineLabel = "baseline"

    /// Creates a variant.
    public init(
        label: String, defence: SpendingPath? = nil, related: SpendingPath? = nil,
        financing: FinancingPlan = FinancingPlan(), inputOverrides: [String: CountryInputs] = [:]
    ) {
        self.label = label
        self.defence = defence
        self.related = related
        self.financing = financing
        self.inputOverrides = inputOverrides
    }

    /// The no-policy-change variant: spending held at `s_B` and `q_B`, no SAFE, the
    /// escape-clause report on (docs/model-notes.md I15).
    public static let baseline = PolicyVariant(label: baselineLabel)
}

/// A projection to run: countries × variants over the years `baseYear … endYear`.
public struct ProjectionRequest: Sendable {
    /// `B`, the last year with observed data.
    public var baseYear: Int
    /// `E`, the last projected year.
    public var endYear: Int
    /// The countries, with complete inputs.
    public var countries: [CountryInputs]
    /// The policy variants, without the baseline (the engine adds it first).
    public var variants: [PolicyVariant]
    /// The policy numbers (the policy file's unless a scenario overrides some).
    public var policy: Policy = .current
    /// Whether the outputs carry the GDP feedback's figures (the scenario has a `macro` block,
    /// even one with μ = 0); a variant with a block switches them on in any case.
    public var reportsGDPFeedback = false

    /// Creates a request.
    public init(baseYear: Int, endYear: Int, countries: [CountryInputs], variants: [PolicyVariant]) {
        self.baseYear = baseYear
        self.endYear = endYear
        self.countries = countries
        self.variants = variants
    }
}
