/// The inputs per country of MODEL.md §2, plus the documented extensions (docs/model-notes.md).
///
/// The raw value is the JSON key used in `custom_countries`, `overrides` and the dataset.
public enum CountryParameter: String, CaseIterable, Sendable, Hashable, Comparable {
    case name
    case currency
    case perEUR = "per_eur"
    case gdpBn = "gdp_bn"
    case nominalGrowth = "nominal_growth_pct"
    case debt = "debt_pct_gdp"
    case primaryBalance = "primary_balance_pct_gdp"
    case balance = "balance_pct_gdp"
    case implicitRate = "implicit_rate_pct"
    case marketRate = "market_rate_pct"
    case averageMaturity = "average_maturity_years"
    case defence = "defence_pct_gdp"
    case defence2021 = "defence_2021_pct_gdp"
    case related = "related_pct_gdp"
    case safeAllocation = "safe_allocation_eur_bn"
    case escapeClauseYears = "escape_clause_years"
    case stockFlowAdjustment = "stock_flow_adjustment_bn"
    case perUSD = "per_usd"
    case safeSchedule = "safe_schedule"
    case safeTakeUp = "safe_take_up"
    case equipmentShare = "equipment_share_pct"
    case importShare = "import_share"
    case budgetSemiElasticity = "budget_semi_elasticity"

    /// The JSON key.
    public var key: String { rawValue }

    public static func < (lhs: CountryParameter, rhs: CountryParameter) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }

    /// The parameter with JSON key `key`, if any.
    public init?(key: String) { self.init(rawValue: key) }

    /// The one description of this input.
    public var spec: ParameterSpec {
        switch self {
        case .name:
            return ParameterSpec(
                key: key, title: "Name", unit: "text", kind: .text, default: "the country code",
                summary: "The country's name as printed in tables.")
        case .currency:
            return ParameterSpec(
                key: key, title: "Currency", unit: "ISO 4217 code", kind: .text,
                summary: "The national currency in which money inputs and outputs are expressed (e.g. EUR, PLN).")
        case .perEUR:
            return ParameterSpec(
                key: key, symbol: "e", title: "Units of national currency per EUR", unit: "national currency per EUR",
                kind: .number, range: .closed(1e-6, 1e7), default: "1 when the currency is EUR; required otherwise",
                summary:
                    "Fixed base-year exchange rate: converts the SAFE allocation into national currency and money columns into EUR."
            )
        case .perUSD:
            return ParameterSpec(
                key: key, title: "Units of national currency per USD", unit: "national currency per USD",
                kind: .number, range: .closed(1e-6, 1e7), default: "none (USD columns unavailable)",
                summary: "Fixed base-year exchange rate used for USD tables.")
        case .gdpBn:
            return ParameterSpec(
                key: key, symbol: "Y_B", title: "Nominal GDP in the base year", unit: "bn national currency",
                kind: .number, range: .closed(0.001, 1e9),
                summary: "Nominal GDP at current prices in the base year.")
        case .nominalGrowth:
            return ParameterSpec(
                key: key, symbol: "g_t", title: "Nominal GDP growth", unit: "% a year",
                kind: .yearSeries, range: .closed(-50, 300),
                summary:
                    "Nominal GDP growth in each projection year; a number or a {\"year\": value} map interpolated linearly and held flat outside its years."
            )
        case .debt:
            return ParameterSpec(
                key: key, symbol: "d_B", title: "Gross government debt", unit: "% of GDP",
                kind: .number, range: .closed(0, 1000),
                summary: "General government gross (Maastricht) debt at the end of the base year.")
        case .primaryBalance:
            return ParameterSpec(
                key: key, symbol: "pb_B, pbBL_t", title: "Primary balance", unit: "% of GDP",
                kind: .yearSeries, range: .closed(-100, 100),
                summary:
                    "Headline balance plus interest (surplus positive). Its base-year value is pb_B; its path is the no-policy-change primary balance pbBL_t."
            )
        case .balance:
            return ParameterSpec(
                key: key, symbol: "b_B", title: "Observed headline balance in the base year", unit: "% of GDP",
                kind: .number, range: .closed(-100, 100), default: "none: base-year interest is then i_B·d_B/100",
                summary:
                    "Extension E1: the observed balance (surplus positive) reported in the base-year row; interest in the base year is pb_B − b_B."
            )
        case .implicitRate:
            return ParameterSpec(
                key: key, symbol: "i_B", title: "Implicit interest rate", unit: "%",
                kind: .number, range: .closed(-10, 100),
                summary: "Interest paid in the base year divided by debt at the end of the previous year.")
        case .marketRate:
            return ParameterSpec(
                key: key, symbol: "rm_t", title: "Market rate on new debt", unit: "%",
                kind: .yearSeries, range: .closed(-10, 100),
                summary:
                    "Interest rate on new long-term market borrowing (e.g. the 10-year yield); a number or a {\"year\": value} map."
            )
        case .averageMaturity:
            return ParameterSpec(
                key: key, symbol: "M", title: "Average maturity of market debt", unit: "years",
                kind: .number, range: .closed(1, 100),
                summary: "A share 1/M of market debt matures each year and is refinanced at the market rate.")
        case .defence:
            return ParameterSpec(
                key: key, symbol: "s_B", title: "Core defence spending", unit: "% of GDP",
                kind: .number, range: .closed(0, 100),
                summary: "Core defence spending in the base year, NATO definition.")
        case .defence2021:
            return ParameterSpec(
                key: key, symbol: "s_2021", title: "Core defence spending in the escape-clause reference year", unit: "% of GDP",
                kind: .number, range: .closed(0, 100), default: "s_B (no flexibility)",
                summary: "Reference level of the national escape clause: flexibility is min(1.5, max(0, s_t − s_2021)).")
        case .related:
            return ParameterSpec(
                key: key, symbol: "q_B", title: "Defence-related spending", unit: "% of GDP",
                kind: .number, range: .closed(0, 100), default: "0",
                summary:
                    "Defence-related spending in the base year (the Hague 1.5 % category: infrastructure, resilience, industrial base)."
            )
        case .safeAllocation:
            return ParameterSpec(
                key: key, symbol: "A", title: "SAFE loan allocation", unit: "bn EUR",
                kind: .number, range: .closed(0, 10_000), default: "0",
                summary: "The country's allocation of SAFE loans (Council Regulation (EU) 2025/1106).")
        case .escapeClauseYears:
            return ParameterSpec(
                key: key, title: "Escape-clause years", unit: "calendar years", kind: .yearList,
                default: "none",
                summary: "Years in which the national escape clause for defence is active.")
        case .safeSchedule:
            return ParameterSpec(
                key: key, title: "SAFE disbursement schedule of this country", unit: "share of the draw by year", kind: .yearMap,
                range: .closed(0, 1), default: "the variant's financing.safe_schedule, else MODEL.md §5's",
                summary: "Shares of the country's draw disbursed each year (summing to 1); wins over the variant's schedule.")
        case .safeTakeUp:
            return ParameterSpec(
                key: key, symbol: "u", title: "Take-up of this country's SAFE allocation", unit: "share", kind: .number,
                range: .closed(0, 1), default: "the variant's financing.safe_take_up, else 1",
                summary: "The share of the allocation the country draws; wins over the variant's take-up.")
        case .equipmentShare:
            return ParameterSpec(
                key: key, title: "Equipment share of defence spending", unit: "% of defence spending", kind: .number,
                range: .closed(0, 100), default: "NATO's latest figure; none outside NATO",
                summary:
                    "Major equipment and related R&D as a share of defence expenditure (NATO Table 8a), held along the path; used for the SAFE absorption check and against NATO's 20 % guideline."
            )
        case .importShare:
            return ParameterSpec(
                key: key, symbol: "m", title: "Import share of the extra spending", unit: "share", kind: .number,
                range: .closed(0, 1), default: "derived from the data where sourced (docs/macro.md), else 0.5",
                summary:
                    "The share of extra defence spending bought abroad, the default of the macro block's import_share (MODEL.md §12); for built-in countries the equipment share times the share of equipment bought outside the EU (EU members) or abroad (US)."
            )
        case .budgetSemiElasticity:
            return ParameterSpec(
                key: key, symbol: "ε", title: "Budget semi-elasticity", unit: "pp of GDP per % of GDP", kind: .number,
                range: .closed(0, 5), default: "the Commission's for EU members (dataset), else 0.5",
                summary:
                    "How much the primary balance improves per 1 % of extra GDP, the default of the macro block's budget_elasticity (MODEL.md §12)."
            )
        case .stockFlowAdjustment:
            return ParameterSpec(
                key: key, symbol: "SFA_t", title: "Stock-flow adjustment", unit: "bn national currency",
                kind: .yearSeries, range: .closed(-1e9, 1e9), default: "0",
                summary: "Extension E2: debt change not explained by the deficit (e.g. net lending), added to the financing need."
            )
        }
    }

    /// The inputs without which no projection can run.
    public static let required: [CountryParameter] = [
        .currency, .gdpBn, .nominalGrowth, .debt, .primaryBalance, .implicitRate, .marketRate,
        .averageMaturity, .defence,
    ]
}
