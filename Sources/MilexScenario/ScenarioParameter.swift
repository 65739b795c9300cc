import MilexData
import MilexModel

/// The top-level keys of a scenario file (a superset of MODEL.md §9).
public enum ScenarioParameter: String, CaseIterable, Sendable {
    case schema = "$schema"
    case name
    case description
    case notes
    case extends
    case baseYear = "base_year"
    case endYear = "end_year"
    case datasetVintage = "dataset_vintage"
    case baseline
    case publishedPlans = "published_plans"
    case countries
    case customCountries = "custom_countries"
    case defaults
    case overrides
    case shifts
    case proxies
    case columns
    case stochastic
    case policy
    case macro
    case variants

    /// The JSON key.
    public var key: String { rawValue }

    /// The one description of this key.
    public var spec: ParameterSpec {
        switch self {
        case .schema:
            return ParameterSpec(
                key: key, title: "JSON Schema", unit: "path or URL", kind: .text, default: "none",
                summary:
                    "The schema editors use to complete and check keys, e.g. \"schema.json\" for the shipped Scenarios/schema.json; milex ignores it."
            )
        case .name:
            return ParameterSpec(
                key: key, title: "Name", unit: "text", kind: .text, default: "the file name",
                summary: "The scenario's title in outputs.")
        case .description:
            return ParameterSpec(
                key: key, title: "Description", unit: "text", kind: .text, default: "none",
                summary: "What the scenario asks and its policy sources (JSON has no comments: write them here).")
        case .notes:
            return ParameterSpec(
                key: key, title: "Notes", unit: "text or list of texts", kind: .text, default: "none",
                summary: "Remarks printed with the outputs.")
        case .extends:
            return ParameterSpec(
                key: key, title: "Scenario this one extends", unit: "relative path", kind: .text, default: "none",
                summary:
                    "Inherit everything from another scenario file (path relative to this file); keys here replace the parent's, variants are added or replaced by label, countries' inputs merge key by key."
            )
        case .baseYear:
            return ParameterSpec(
                key: key, symbol: "B", title: "Base year", unit: "calendar year", kind: .year,
                default: "the dataset's base year (2025)",
                summary:
                    "The last year with observed data; projections start the year after. Built-in countries have starting points for 2024 and 2025 (milex countries lists them)."
            )
        case .datasetVintage:
            return ParameterSpec(
                key: key, title: "Dataset vintage", unit: "YYYY.MM", kind: .text,
                default: "the built-in dataset's vintage; for base year 2024 the last vintage with that base year (2026.06)",
                summary:
                    "Run the built-in countries on the figures a dataset vintage held (figures added later are left out), so a scenario keeps its numbers when the data moves on."
            )
        case .policy:
            return ParameterSpec(
                key: key, title: "Policy numbers", unit: "object: parameter → value", kind: .text,
                default: "the policy file's (Sources/MilexModel/Policy/policy.json)",
                summary:
                    "Replace EU and NATO policy numbers for this run, e.g. {\"escape_clause_cap_pct_gdp\": 2.5} (what if the clause allowed 2.5 %?); each parameter's unit, range and source are listed under \"Policy parameters\"."
            )
        case .baseline:
            return ParameterSpec(
                key: key, title: "Baseline mode", unit: "text", kind: .choice(BaselineMode.allCases.map(\.rawValue)),
                default:
                    "\"forecast\" for built-in countries from base year 2025; \"frozen\" for custom countries and earlier base years",
                summary:
                    "MODEL.md §10: \"frozen\" holds every input at its base-year value; \"forecast\" takes the latest official forecast, then the Commission's no-policy-change conventions (structural primary balance plus ageing costs, output gap closing, deflator to 2 %, market rate to the forward rate)."
            )
        case .publishedPlans:
            return ParameterSpec(
                key: key, title: "Follow published defence plans", unit: "true or false", kind: .boolean,
                default: "true, except built-in countries before base year 2025 (false)",
                summary:
                    "MODEL.md §11: the baseline follows published defence estimates and budgets after the base year, then holds the last published share; variants start from the last published year. false reproduces §3."
            )
        case .endYear:
            return ParameterSpec(
                key: key, symbol: "E", title: "End year", unit: "calendar year", kind: .year, default: "2035",
                summary: "The last projected year (at most 2100).")
        case .countries:
            return ParameterSpec(
                key: key, title: "Countries", unit: "list of codes and groups", kind: .text,
                summary:
                    "ISO 3166 alpha-2 codes of built-in countries (DE, PL), group codes (NATO, EU27, EURO-AREA, SAFE, ESCAPE-CLAUSE, NATO-EUROPE-CANADA, NORDIC-BALTIC, EASTERN-FLANK, BALTIC, EU5, WEIMAR) and codes of custom_countries."
            )
        case .customCountries:
            return ParameterSpec(
                key: key, title: "Custom countries", unit: "object: code → inputs", kind: .text, default: "none",
                summary:
                    "Countries defined in the file with the inputs of MODEL.md §2 (required: currency, gdp_bn, nominal_growth_pct, debt_pct_gdp, primary_balance_pct_gdp, implicit_rate_pct, market_rate_pct, average_maturity_years, defence_pct_gdp)."
            )
        case .defaults:
            return ParameterSpec(
                key: key, title: "Defaults for missing inputs", unit: "object: input → value", kind: .text, default: "none",
                summary:
                    "Values used for any country that lacks an input (a gap in the dataset or a custom country); they never replace a dataset figure."
            )
        case .overrides:
            return ParameterSpec(
                key: key, title: "Overrides", unit: "object: code, group or \"*\" → inputs", kind: .text, default: "none",
                summary:
                    "Inputs that replace the dataset's for a country, a group or every country (\"*\"); a code wins over a group, a group over \"*\". Outputs list every override."
            )
        case .shifts:
            return ParameterSpec(
                key: key, title: "Shifts for the whole scenario", unit: "object: input → percentage points", kind: .text,
                default: "none",
                summary:
                    "Percentage points added to an input of every country in every variant and the baseline, e.g. {\"market_rate_pct\": 2} for a rate stress. Inputs: market_rate_pct, nominal_growth_pct, primary_balance_pct_gdp, implicit_rate_pct."
            )
        case .proxies:
            return ParameterSpec(
                key: key, title: "Proxies for missing figures", unit: "list of proxy names", kind: .text, default: "none",
                summary:
                    "Stand-ins computed from related sourced figures where the dataset lacks an input, stated in the provenance: "
                    + InputProxy.allCases.map { "\"\($0.rawValue)\" (\($0.summary))" }.joined(separator: "; ") + ".")
        case .columns:
            return ParameterSpec(
                key: key, title: "Table columns", unit: "list of figure keys", kind: .text,
                default: "milex run's default columns",
                summary:
                    "The year-table columns milex run shows for this scenario (as --columns; the option wins). Keys: milex run --help-columns."
            )
        case .stochastic:
            return ParameterSpec(
                key: key, title: "Stochastic settings", unit: "object", kind: .text,
                default: "none (milex run --stochastic uses 10,000 draws, seed 1, historical shocks)",
                summary:
                    "Draws, seed and the shock covariance for milex run --stochastic (MODEL.md §8); see the stochastic keys below."
            )
        case .macro:
            return ParameterSpec(
                key: key, title: "GDP feedback", unit: "object", kind: .text,
                default: "none (off: GDP follows the baseline's growth)",
                summary:
                    "The multiplier, persistence, import share and budget semi-elasticity of MODEL.md §12 for every variant (a variant's own macro keys win key by key); by_country sets them for a country or a group. See the GDP feedback keys below and docs/macro.md."
            )
        case .variants:
            return ParameterSpec(
                key: key, title: "Variants", unit: "list of variant objects", kind: .text, default: "none (only the baseline)",
                summary: "The policy variants; the no-policy-change run is always added as \"baseline\".")
        }
    }
}

/// The keys of a variant object.
public enum VariantParameter: String, CaseIterable, Sendable {
    case label
    case description
    case defence
    case related
    case financing
    case macro
    case overrides
    case shifts
    case byCountry = "by_country"
    case sweep

    /// The JSON key.
    public var key: String { rawValue }

    /// The one description of this key.
    public var spec: ParameterSpec {
        switch self {
        case .label:
            return ParameterSpec(
                key: key, title: "Label", unit: "text", kind: .text,
                summary:
                    "Unique within the scenario; \"baseline\" is reserved. With a sweep, {key} placeholders take the swept values."
            )
        case .description:
            return ParameterSpec(
                key: key, title: "Description", unit: "text", kind: .text, default: "none",
                summary: "What the variant represents.")
        case .defence:
            return ParameterSpec(
                key: key, title: "Core defence path", unit: "object", kind: .text,
                default: "none (spending stays at its base-year share)",
                summary: "The path of core defence spending (MODEL.md §3).")
        case .related:
            return ParameterSpec(
                key: key, title: "Defence-related path", unit: "object", kind: .text,
                default: "none (stays at its base-year share)",
                summary: "The path of defence-related spending (the Hague 1.5 % category).")
        case .financing:
            return ParameterSpec(
                key: key, title: "Financing", unit: "object", kind: .text, default: "fully borrowed, no SAFE, escape clause on",
                summary: "Offsets, SAFE loans and the escape clause (MODEL.md §4–§6).")
        case .macro:
            return ParameterSpec(
                key: key, title: "GDP feedback of this variant", unit: "object", kind: .text,
                default: "the scenario's macro block, if any",
                summary:
                    "macro keys for this variant, written over the scenario's key by key (by_country per country and key), e.g. {\"import_share\": 0} for a variant that buys at home."
            )
        case .overrides:
            return ParameterSpec(
                key: key, title: "Variant overrides", unit: "object: code, group or \"*\" → inputs", kind: .text, default: "none",
                summary: "Inputs replaced in this variant only (e.g. a higher market rate in a stress variant).")
        case .shifts:
            return ParameterSpec(
                key: key, title: "Variant shifts", unit: "object: input → percentage points", kind: .text, default: "none",
                summary:
                    "Percentage points added to an input of every country in this variant, e.g. {\"market_rate_pct\": 2} for rates 200 basis points higher. Inputs: market_rate_pct, nominal_growth_pct, primary_balance_pct_gdp, implicit_rate_pct."
            )
        case .byCountry:
            return ParameterSpec(
                key: key, title: "Paths by country", unit: "object: code or group → {defence, related}", kind: .text,
                default: "none (every country follows the variant's paths)",
                summary:
                    "Paths that replace the variant's defence or related path for some countries, e.g. {\"LT\": {\"defence\": {\"shape\": \"step\", \"target_pct_gdp\": 5}}}; a code wins over a group."
            )
        case .sweep:
            return ParameterSpec(
                key: key, title: "Sweep", unit: "object: key → list of values", kind: .text, default: "none",
                summary:
                    "Generates one variant per combination of the listed values, e.g. {\"target_pct_gdp\": [2, 3.5, 5], \"by\": [2030, 2035]}. Keys: the defence keys (target_pct_gdp, by, start, shape, growth_pct), \"related.<key>\", \"financing.<key>\" and \"macro.<key>\" (e.g. \"macro.multiplier\": [0, 0.75, 1.25])."
            )
        }
    }

    /// Inputs a shift may move.
    public static let shiftable: [CountryParameter] = [.marketRate, .nominalGrowth, .primaryBalance, .implicitRate]
}
