/// A figure the engine reports per country, variant and year.
///
/// The raw value is the JSON field name of MODEL.md §9 (or of the documented extension);
/// titles, units and decimals here are the one description every output format uses.
public enum ProjectionMetric: String, CaseIterable, Sendable, Hashable {
    // MODEL.md §9 fields, in contract order.
    case gdp = "gdp_bn"
    case defence = "defence_pct_gdp"
    case related = "related_pct_gdp"
    case extra = "extra_pct_gdp"
    case primaryBalance = "primary_balance_pct_gdp"
    case interest = "interest_pct_gdp"
    case balance = "balance_pct_gdp"
    case debt = "debt_pct_gdp"
    case implicitRate = "implicit_rate_pct"
    case safeDebt = "safe_debt_bn"
    case escapeFlexibility = "escape_flexibility_pct_gdp"
    // Extensions.
    case deficitBeyondFlexibility = "deficit_beyond_flexibility_pct_gdp"
    case borrowedExtra = "borrowed_extra_pct_gdp"
    case offsetExtra = "offset_extra_pct_gdp"
    case defenceBn = "defence_bn"
    case relatedBn = "related_bn"
    case extraBn = "extra_bn"
    case interestBn = "interest_bn"
    case debtBn = "debt_bn"
    case marketDebtBn = "market_debt_bn"
    case financingNeedBn = "financing_need_bn"
    case maturingDebtBn = "maturing_debt_bn"
    case newIssuanceBn = "new_issuance_bn"
    case safeDisbursementBn = "safe_disbursement_bn"
    case safeRepaymentBn = "safe_repayment_bn"
    case safeInterestBn = "safe_interest_bn"
    case safeInterestSavingBn = "safe_interest_saving_bn"
    case marketRate = "market_rate_pct"
    case nominalGrowth = "nominal_growth_pct"
    // Instruments and rules (docs/instruments.md).
    case escapeFlexibilityUsed = "escape_flexibility_used_pct_gdp"
    case escapeFlexibilityUnused = "escape_flexibility_unused_pct_gdp"
    case defenceIncreaseBeyondFlexibility = "defence_increase_beyond_flexibility_pct_gdp"
    case safeInterestCumulativeBn = "safe_interest_cumulative_bn"
    case safeInterestSavingCumulativeBn = "safe_interest_saving_cumulative_bn"
    case equipmentBn = "equipment_bn"
    case nationalRuleBalance = "national_rule_balance_pct_gdp"
    case fundAssetsBn = "fund_assets_bn"
    case netDebt = "net_debt_pct_gdp"
    case netExpenditureBn = "net_expenditure_bn"
    case netExpenditureGrowth = "net_expenditure_growth_pct"
    case netExpenditureCeiling = "net_expenditure_ceiling_pct"
    case controlAccount = "control_account_pct_gdp"
    case netExpenditureAllowance = "net_expenditure_allowance_pct_gdp"
    case headroom = "headroom_pct_gdp"
    case cyclicallyAdjustedBalance = "cyclically_adjusted_balance_pct_gdp"
    // GDP feedback (MODEL.md §12; reported only by runs with a macro block).
    case gdpEffect = "gdp_effect_pct"
    case gdpNoFeedbackBn = "gdp_no_feedback_bn"
    case balanceFeedback = "balance_feedback_pct_gdp"

    /// The JSON field name.
    public var key: String { rawValue }

    /// Whether the engine gives the metric a finite value in every projected year (the others
    /// are not a number where they do not apply: equipment spending without an equipment
    /// share, a national-rule balance without a rule).
    public var isAlwaysDefined: Bool {
        switch self {
        case .equipmentBn, .nationalRuleBalance, .netExpenditureBn, .netExpenditureGrowth, .netExpenditureCeiling,
            .controlAccount, .netExpenditureAllowance, .headroom, .cyclicallyAdjustedBalance:
            return false
        default: return true
        }
    }

    /// The figures of the GDP feedback (MODEL.md §12): in the outputs only of a run whose
    /// scenario has a `macro` block, so that other runs print exactly what they did before.
    public var isGDPFeedback: Bool { self == .gdpEffect || self == .gdpNoFeedbackBn || self == .balanceFeedback }

    /// The fields of the MODEL.md §9 output contract, in order.
    public static let contract: [ProjectionMetric] = [
        .gdp, .defence, .related, .extra, .primaryBalance, .interest, .balance, .debt, .implicitRate,
        .safeDebt, .escapeFlexibility,
    ]

    /// How the metric is measured.
    public enum Unit: String, Sendable {
        /// Percent of GDP.
        case percentOfGDP = "% of GDP"
        /// Percentage points of GDP (a difference of shares).
        case pointsOfGDP = "pp of GDP"
        /// Billions of national currency at current prices (convertible at base-year rates).
        case money = "bn"
        /// A rate in percent a year.
        case ratePercent = "%"

        /// A compact form for narrow table headers.
        public var short: String {
            switch self {
            case .percentOfGDP: return "%GDP"
            case .pointsOfGDP: return "pp"
            case .money: return "bn"
            case .ratePercent: return "%"
            }
        }
    }

    /// The unit.
    public var unit: Unit { unitOfMeasure }

    private var unitOfMeasure: Unit {
        switch self {
        case .gdp, .defenceBn, .relatedBn, .extraBn, .interestBn, .debtBn, .marketDebtBn, .financingNeedBn,
            .maturingDebtBn, .newIssuanceBn, .safeDebt, .safeDisbursementBn, .safeRepaymentBn, .safeInterestBn,
            .safeInterestSavingBn, .safeInterestCumulativeBn, .safeInterestSavingCumulativeBn, .equipmentBn, .fundAssetsBn,
            .netExpenditureBn, .gdpNoFeedbackBn:
            return .money
        case .extra, .escapeFlexibility, .deficitBeyondFlexibility, .borrowedExtra, .offsetExtra, .escapeFlexibilityUsed,
            .escapeFlexibilityUnused, .defenceIncreaseBeyondFlexibility, .controlAccount, .netExpenditureAllowance, .headroom,
            .balanceFeedback:
            return .pointsOfGDP
        case .implicitRate, .marketRate, .nominalGrowth, .netExpenditureGrowth, .netExpenditureCeiling, .gdpEffect:
            return .ratePercent
        case .defence, .related, .primaryBalance, .interest, .balance, .debt, .nationalRuleBalance, .netDebt,
            .cyclicallyAdjustedBalance:
            return .percentOfGDP
        }
    }

    /// A title for column headers and documentation.
    public var title: String {
        switch self {
        case .gdp: return "Nominal GDP"
        case .defence: return "Core defence spending"
        case .related: return "Defence-related spending"
        case .extra: return "Extra effort against the baseline"
        case .primaryBalance: return "Primary balance"
        case .interest: return "Interest"
        case .balance: return "Headline balance"
        case .debt: return "Gross debt"
        case .implicitRate: return "Implicit interest rate"
        case .safeDebt: return "SAFE debt"
        case .escapeFlexibility: return "Escape-clause flexibility"
        case .deficitBeyondFlexibility: return "Deficit above 3 % not covered by the flexibility"
        case .borrowedExtra: return "Extra effort borrowed"
        case .offsetExtra: return "Extra effort offset"
        case .defenceBn: return "Core defence spending"
        case .relatedBn: return "Defence-related spending"
        case .extraBn: return "Extra effort"
        case .interestBn: return "Interest"
        case .debtBn: return "Gross debt"
        case .marketDebtBn: return "Market debt"
        case .financingNeedBn: return "Financing need"
        case .maturingDebtBn: return "Maturing market debt"
        case .newIssuanceBn: return "New market issuance"
        case .safeDisbursementBn: return "SAFE disbursement"
        case .safeRepaymentBn: return "SAFE repayment"
        case .safeInterestBn: return "Interest on SAFE debt"
        case .safeInterestSavingBn: return "Interest saving from SAFE"
        case .marketRate: return "Market rate"
        case .nominalGrowth: return "Nominal GDP growth"
        case .escapeFlexibilityUsed: return "Escape-clause flexibility used"
        case .escapeFlexibilityUnused: return "Escape-clause flexibility unused"
        case .defenceIncreaseBeyondFlexibility: return "Defence increase since the reference year not covered by the flexibility"
        case .safeInterestCumulativeBn: return "Interest on SAFE debt, cumulative"
        case .safeInterestSavingCumulativeBn: return "Interest saving from SAFE, cumulative"
        case .equipmentBn: return "Equipment spending implied by the path"
        case .nationalRuleBalance: return "Balance counted by the national rule"
        case .fundAssetsBn: return "Assets accumulated while debt is at zero"
        case .netDebt: return "Gross debt less the assets accumulated at the debt floor"
        case .netExpenditureBn: return "Net primary expenditure"
        case .netExpenditureGrowth: return "Net expenditure growth"
        case .netExpenditureCeiling: return "Ceiling on net expenditure growth"
        case .controlAccount: return "Control account (net expenditure above the path)"
        case .netExpenditureAllowance: return "Escape-clause allowance against the path"
        case .headroom: return "Headroom: extra spending that still fits the path"
        case .cyclicallyAdjustedBalance: return "Cyclically adjusted balance"
        case .gdpEffect: return "GDP effect of the extra spending (% of GDP without feedback)"
        case .gdpNoFeedbackBn: return "Nominal GDP without the feedback"
        case .balanceFeedback: return "Primary balance gained from the GDP effect"
        }
    }

    /// A short header for narrow tables.
    public var shortTitle: String {
        switch self {
        case .gdp: return "GDP"
        case .defence: return "Defence"
        case .related: return "Related"
        case .extra: return "Extra"
        case .primaryBalance: return "Primary"
        case .interest: return "Interest"
        case .balance: return "Balance"
        case .debt: return "Debt"
        case .implicitRate: return "Rate"
        case .safeDebt: return "SAFE debt"
        case .escapeFlexibility: return "Flex"
        case .deficitBeyondFlexibility: return "Def>3+flex"
        case .borrowedExtra: return "Borrowed"
        case .offsetExtra: return "Offset"
        case .defenceBn: return "Defence"
        case .relatedBn: return "Related"
        case .extraBn: return "Extra"
        case .interestBn: return "Interest"
        case .debtBn: return "Debt"
        case .marketDebtBn: return "Mkt debt"
        case .financingNeedBn: return "Fin.need"
        case .maturingDebtBn: return "Maturing"
        case .newIssuanceBn: return "Issuance"
        case .safeDisbursementBn: return "SAFE draw"
        case .safeRepaymentBn: return "SAFE repay"
        case .safeInterestBn: return "SAFE int."
        case .safeInterestSavingBn: return "SAFE saving"
        case .marketRate: return "Mkt rate"
        case .nominalGrowth: return "Growth"
        case .escapeFlexibilityUsed: return "Flex used"
        case .escapeFlexibilityUnused: return "Flex unused"
        case .defenceIncreaseBeyondFlexibility: return "Beyond flex"
        case .safeInterestCumulativeBn: return "SAFE int. cum."
        case .safeInterestSavingCumulativeBn: return "Saving cum."
        case .equipmentBn: return "Equipment"
        case .nationalRuleBalance: return "Rule bal."
        case .fundAssetsBn: return "Assets"
        case .netDebt: return "Net debt"
        case .netExpenditureBn: return "Net exp."
        case .netExpenditureGrowth: return "NE growth"
        case .netExpenditureCeiling: return "Ceiling"
        case .controlAccount: return "Control acc."
        case .netExpenditureAllowance: return "Allowance"
        case .headroom: return "Headroom"
        case .cyclicallyAdjustedBalance: return "CAB"
        case .gdpEffect: return "GDP eff."
        case .gdpNoFeedbackBn: return "GDP no fb"
        case .balanceFeedback: return "Bal. fb"
        }
    }

    /// Decimals shown in tables (the JSON and CSV outputs keep full precision).
    public var decimals: Int {
        switch unit {
        case .money: return 1
        case .percentOfGDP, .pointsOfGDP, .ratePercent: return 2
        }
    }
}

/// Per-year flags of MODEL.md §6 and the rule checks (docs/model-notes.md I14, docs/instruments.md).
public struct YearFlags: OptionSet, Sendable, Hashable {
    public let rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    /// `b_t < −3`.
    public static let deficitAbove3 = YearFlags(rawValue: 1 << 0)
    /// `d_t > 60`.
    public static let debtAbove60 = YearFlags(rawValue: 1 << 1)
    /// Market debt stopped at zero (a surplus beyond the debt; not modelled).
    public static let debtFloor = YearFlags(rawValue: 1 << 2)
    /// `d_t > 60` and `d_t > d_{t−1}`: the debt-safeguard warning of MODEL.md §6.
    public static let debtRisingAbove60 = YearFlags(rawValue: 1 << 3)
    /// Debt above 60 % in the base year fell since then by less than the safeguard pace on
    /// average (1 pp a year above 90 %, 0.5 pp between 60 and 90 %; band by the base-year ratio).
    public static let debtSafeguardPace = YearFlags(rawValue: 1 << 4)
    /// The headline balance is below −1.5 % of GDP (the deficit-resilience margin, on the
    /// headline balance as a proxy for the structural one).
    public static let resilienceMargin = YearFlags(rawValue: 1 << 5)
    /// The deficit exceeds 3 % of GDP plus the escape-clause flexibility.
    public static let deficitAbove3BeyondFlexibility = YearFlags(rawValue: 1 << 6)
    /// The balance counted by a national rule is below its limit.
    public static let nationalRuleBreach = YearFlags(rawValue: 1 << 7)
    /// The counted deviation from the net expenditure path rose by more than 0.3 % of GDP in the
    /// year (MODEL.md §13).
    public static let netExpenditureDeviation = YearFlags(rawValue: 1 << 8)
    /// The counted deviation (control account less the allowance) is above 0.6 % of GDP.
    public static let controlAccountBreach = YearFlags(rawValue: 1 << 9)

    /// The flags MODEL.md §6 names, as written in the `flags` field of the §9 output.
    public static let contract: [(flag: YearFlags, name: String)] = [
        (.controlAccountBreach, "control_account_breach"), (.debtAbove60, "debt_above_60"), (.debtFloor, "debt_floor"),
        (.deficitAbove3, "deficit_above_3"), (.netExpenditureDeviation, "net_expenditure_deviation"),
    ]

    /// The further rule checks, as written in the `checks` field.
    public static let checks: [(flag: YearFlags, name: String)] = [
        (.debtRisingAbove60, "debt_rising_above_60"), (.debtSafeguardPace, "debt_safeguard_pace"),
        (.deficitAbove3BeyondFlexibility, "deficit_above_3_beyond_flexibility"),
        (.nationalRuleBreach, "national_rule_breach"), (.resilienceMargin, "resilience_margin"),
    ]

    /// The names of the §6 flags set (the `flags` field), alphabetically.
    public var names: [String] { Self.contract.filter { contains($0.flag) }.map(\.name) }

    /// The names of the rule checks set (the `checks` field), alphabetically.
    public var checkNames: [String] { Self.checks.filter { contains($0.flag) }.map(\.name) }
}
