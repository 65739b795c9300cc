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

    /// The JSON field name.
    public var key: String { rawValue }

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
            .safeInterestSavingBn:
            return .money
        case .extra, .escapeFlexibility, .deficitBeyondFlexibility, .borrowedExtra, .offsetExtra:
            return .pointsOfGDP
        case .implicitRate, .marketRate, .nominalGrowth:
            return .ratePercent
        case .defence, .related, .primaryBalance, .interest, .balance, .debt:
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
        case .safeDebt: return "SAFE"
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
        case .safeDebt: return "SAFE"
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

/// Per-year flags of MODEL.md §6 (docs/model-notes.md I14).
public struct YearFlags: OptionSet, Sendable, Hashable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// `b_t < −3`.
    public static let deficitAbove3 = YearFlags(rawValue: 1 << 0)
    /// `d_t > 60`.
    public static let debtAbove60 = YearFlags(rawValue: 1 << 1)
    /// Market debt stopped at zero (a surplus beyond the debt; not modelled).
    public static let debtFloor = YearFlags(rawValue: 1 << 2)
    /// `d_t > 60` and `d_t > d_{t−1}`: the debt-safeguard warning.
    public static let debtRisingAbove60 = YearFlags(rawValue: 1 << 3)

    /// Every flag with its JSON name, in alphabetical order of the names.
    public static let named: [(flag: YearFlags, name: String)] = [
        (.debtAbove60, "debt_above_60"), (.debtFloor, "debt_floor"),
        (.debtRisingAbove60, "debt_rising_above_60"), (.deficitAbove3, "deficit_above_3"),
    ]

    /// The JSON names of the flags set, alphabetically.
    public var names: [String] { Self.named.filter { contains($0.flag) }.map(\.name) }
}
