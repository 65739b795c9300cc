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
    // The forecast baseline (MODEL.md §10): the forecast years' paths, nested under `forecast`
    // in a scenario (`{"forecast": {"nominal_growth_pct": {…}}}`), and the conventions after them.
    case forecastNominalGrowth = "forecast.nominal_growth_pct"
    case forecastPrimaryBalance = "forecast.primary_balance_pct_gdp"
    case forecastStockFlow = "forecast.stock_flow_adjustment_pct_gdp"
    case potentialGrowth = "potential_growth_pct"
    case outputGap = "output_gap_pct"
    case budgetSemiElasticity = "budget_semi_elasticity"
    case ageingCost = "ageing_cost_pct_gdp"
    case gdpDeflator = "gdp_deflator_pct"
    case forwardRate = "forward_rate_pct"
    // Published plans (MODEL.md §11).
    case publishedDefence = "published_defence_pct_gdp"
    // Net expenditure and the control account (MODEL.md §13).
    case revenue = "revenue_pct_gdp"
    case netExpenditureCeilings = "net_expenditure_ceilings_pct"
    case netExpenditureBaseYear = "net_expenditure_base_year"
    case netExpenditureBaseBn = "net_expenditure_base_bn"
    case importShare = "import_share"

    /// The JSON key.
    public var key: String { rawValue }

    public static func < (lhs: CountryParameter, rhs: CountryParameter) -> Bool {
        lhs.ordinal < rhs.ordinal
    }

    /// The parameter with JSON key `key`, if any.
    public init?(key: String) { self.init(rawValue: key) }

    /// The object a parameter is nested in (`forecast` for the forecast paths), if any.
    public var parentKey: String? { key.contains(".") ? String(key.prefix { $0 != "." }) : nil }

    /// The key inside its parent object (the key itself for a top-level parameter).
    public var memberKey: String { parentKey.map { String(key.dropFirst($0.count + 1)) } ?? key }

    /// The parameters nested in the object `parent`.
    public static func members(of parent: String) -> [CountryParameter] { allCases.filter { $0.parentKey == parent } }

    /// The keys a country's input object takes at its top level (nested objects by their name).
    public static var topLevelKeys: [String] {
        var keys: [String] = []
        for parameter in allCases {
            let key = parameter.parentKey ?? parameter.key
            if !keys.contains(key) { keys.append(key) }
        }
        return keys
    }

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
        case .forecastNominalGrowth:
            return ParameterSpec(
                key: key, symbol: "g_t (t ≤ F)", title: "Forecast nominal GDP growth", unit: "% a year",
                kind: .yearMap, range: .closed(-50, 300), default: "none: no forecast years (the frozen inputs)",
                summary:
                    "MODEL.md §10, with \"baseline\": \"forecast\": nominal growth in the forecast years; its last year is F, the last forecast year."
            )
        case .forecastPrimaryBalance:
            return ParameterSpec(
                key: key, symbol: "pbBL_t (t ≤ F)", title: "Forecast primary balance", unit: "% of GDP",
                kind: .yearMap, range: .closed(-100, 100), default: "primary_balance_pct_gdp",
                summary:
                    "MODEL.md §10: the primary balance in the forecast years (its value in F is pb_F of the conventions after F)."
            )
        case .forecastStockFlow:
            return ParameterSpec(
                key: key, symbol: "SFA_t (t ≤ F)", title: "Forecast stock-flow adjustment", unit: "% of GDP",
                kind: .yearMap, range: .closed(-100, 100), default: "stock_flow_adjustment_bn",
                summary: "MODEL.md §10: the stock-flow adjustment in the forecast years (0 after F)."
            )
        case .potentialGrowth:
            return ParameterSpec(
                key: key, title: "Potential real GDP growth", unit: "% a year", kind: .yearSeries, range: .closed(-30, 30),
                default: "none: nominal growth after F stays frozen",
                summary:
                    "MODEL.md §10: real growth follows potential growth after the forecast (with the output gap's closure)."
            )
        case .outputGap:
            return ParameterSpec(
                key: key, title: "Output gap in the last forecast year", unit: "% of potential GDP", kind: .number,
                range: .closed(-30, 30), default: "0",
                summary: "MODEL.md §10: the gap in F; it closes linearly over the three years after F."
            )
        case .budgetSemiElasticity:
            return ParameterSpec(
                key: key, symbol: "ε", title: "Budget semi-elasticity", unit: "pp of GDP per pp of output gap", kind: .number,
                range: .closed(0, 5), default: "the Commission's for EU members (dataset), else 0.5",
                summary:
                    "How much the balance moves with the output gap (the Commission's estimates): the cyclical part of the primary balance after F in the forecast baseline (MODEL.md §10), and the default of the macro block's budget_elasticity (MODEL.md §12)."
            )
        case .ageingCost:
            return ParameterSpec(
                key: key, title: "Age-related spending", unit: "% of GDP", kind: .yearSeries, range: .closed(-100, 100),
                default: "no change after F",
                summary:
                    "MODEL.md §10: the level of ageing costs (2024 Ageing Report); its change against F lowers the primary balance after F."
            )
        case .gdpDeflator:
            return ParameterSpec(
                key: key, symbol: "π_F", title: "GDP deflator growth in the last forecast year", unit: "% a year", kind: .number,
                range: .closed(-50, 300), default: "none: nominal growth after F stays frozen",
                summary: "MODEL.md §10: the deflator converges linearly from π_F to 2 % by B+10."
            )
        case .forwardRate:
            return ParameterSpec(
                key: key, title: "10-year rate 10 years ahead", unit: "%", kind: .number, range: .closed(-10, 100),
                default: "none: the market rate stays as given",
                summary: "MODEL.md §10: the market rate converges linearly from rm_B to this forward rate by B+10."
            )
        case .publishedDefence:
            return ParameterSpec(
                key: key, title: "Published core defence plans", unit: "% of GDP", kind: .yearMap, range: .closed(0, 100),
                default: "none",
                summary:
                    "MODEL.md §11: published estimates and budgets after the base year; the baseline follows them and then holds the last, P, and variants start from P."
            )
        case .revenue:
            return ParameterSpec(
                key: key, symbol: "ρ", title: "General government revenue", unit: "% of GDP", kind: .number,
                range: .closed(0, 100), default: "none (required with net_expenditure_ceilings_pct)",
                summary: "MODEL.md §13: the revenue ratio, held constant; net expenditure is (ρ − pb_t)·Y_t/100.")
        case .netExpenditureCeilings:
            return ParameterSpec(
                key: key, symbol: "c_t", title: "Ceilings on net expenditure growth", unit: "% a year", kind: .yearMap,
                range: .closed(-50, 100), default: "none: no net expenditure path",
                summary:
                    "MODEL.md §13: the Council-endorsed ceilings on nominal net expenditure growth by year (a plan's or a corrective path's)."
            )
        case .netExpenditureBaseYear:
            return ParameterSpec(
                key: key, symbol: "A", title: "Base year of the net expenditure path", unit: "calendar year", kind: .year,
                default: "the base year B",
                summary: "MODEL.md §13: the year the path starts from, NP_A = NE_A (2024 for the plans of 2025).")
        case .netExpenditureBaseBn:
            return ParameterSpec(
                key: key, symbol: "NE_A", title: "Net expenditure in the path's base year", unit: "bn national currency",
                kind: .number, range: .closed(0, 1e9), default: "none (required when the path's base year is before B)",
                summary: "MODEL.md §13: net primary expenditure in A, when A is before the base year.")
        case .importShare:
            return ParameterSpec(
                key: key, symbol: "m", title: "Import share of the extra spending", unit: "share", kind: .number,
                range: .closed(0, 1), default: "derived from the data where sourced (docs/macro.md), else 0.5",
                summary:
                    "The share of extra defence spending bought abroad, the default of the macro block's import_share (MODEL.md §12); for built-in countries the equipment share times the share of equipment bought outside the EU (EU members) or abroad (US)."
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
