/// The keys of a `defence` or `related` block of a variant (MODEL.md §3).
public enum PathParameter: String, CaseIterable, Sendable {
    case target = "target_pct_gdp"
    case by
    case start
    case shape
    case aboveTarget = "above_target"
    case points
    case growthPct = "growth_pct"
    case increasePP = "increase_pp"
    case startBn = "start_bn"

    /// The JSON key.
    public var key: String { rawValue }

    /// The one description of this key.
    public var spec: ParameterSpec {
        switch self {
        case .target:
            return ParameterSpec(
                key: key, symbol: "T", title: "Target share of GDP", unit: "% of GDP", kind: .number,
                range: .closed(0, 100), default: "required by linear, front, back and step",
                summary: "The share of GDP the path reaches (core defence: NATO definition; related: the Hague 1.5 % category).")
        case .by:
            return ParameterSpec(
                key: key, symbol: "Y", title: "Year the target is reached", unit: "calendar year", kind: .year,
                default: "required by linear, front and back",
                summary: "The path reaches the target in this year and holds it afterwards; not before the start year.")
        case .start:
            return ParameterSpec(
                key: key, symbol: "S", title: "First year of the path", unit: "calendar year", kind: .year,
                default: "the year after the base year",
                summary: "The first year in which spending moves; must be after the base year.")
        case .shape:
            return ParameterSpec(
                key: key, title: "Shape of the path", unit: "one of the listed names",
                kind: .choice(SpendingPath.Shape.allCases.map(\.rawValue)), default: "linear",
                summary:
                    "linear f(x) = x; front f(x) = 1 − (1 − x)²; back f(x) = x²; step f = 1 from the start year; custom: the points given; growth: spending in money grows growth_pct a year."
            )
        case .aboveTarget:
            return ParameterSpec(
                key: key, title: "Countries already above the target", unit: "one of the listed names",
                kind: .choice(SpendingPath.AboveTarget.allCases.map(\.rawValue)), default: "keep",
                summary:
                    "keep: a country at or above the target keeps its base-year share (NATO targets are floors); converge: it moves down to the target."
            )
        case .points:
            return ParameterSpec(
                key: key, title: "Points of a custom path", unit: "% of GDP by year", kind: .yearMap,
                range: .closed(0, 100), default: "required by custom",
                summary: "A {\"year\": share} map, interpolated linearly from the base-year share and held after the last point.")
        case .increasePP:
            return ParameterSpec(
                key: key, symbol: "T − s_B", title: "Target as an increase on the base-year share", unit: "pp of GDP",
                kind: .number,
                range: .closed(-100, 100), default: "none (use target_pct_gdp)",
                summary:
                    "Extension E4: the target is the country's base-year share plus this many percentage points (e.g. ReArm Europe's +1.5 % of GDP); instead of target_pct_gdp."
            )
        case .startBn:
            return ParameterSpec(
                key: key, symbol: "S_S", title: "Spending in the start year", unit: "bn national currency", kind: .number,
                range: ValueRange(lower: 0, lowerInclusive: false, upper: 1e9), default: "none (growth from s_B·Y)",
                summary:
                    "Extension E5, growth paths only: spending in money in the start year (e.g. a budget of KRW 65,864 bn in 2026); from there it grows growth_pct a year, and before it the share moves in a straight line from the base-year share."
            )
        case .growthPct:
            return ParameterSpec(
                key: key, symbol: "γ", title: "Annual growth of spending in money", unit: "% a year", kind: .number,
                range: .closed(-50, 100), default: "required by growth",
                summary:
                    "Spending in national currency grows by this percentage each year from the start year (S_t = S_{t−1}·(1 + γ/100))."
            )
        }
    }

    /// The keys a shape uses; any other key in the block is an error.
    public static func keys(for shape: SpendingPath.Shape) -> Set<PathParameter> {
        switch shape {
        case .linear, .front, .back: return [.target, .increasePP, .by, .start, .shape, .aboveTarget]
        case .step: return [.target, .increasePP, .start, .shape, .aboveTarget]
        case .custom: return [.points, .shape]
        case .growth: return [.growthPct, .start, .startBn, .shape]
        }
    }

    /// The keys a shape needs.
    public static func requiredKeys(for shape: SpendingPath.Shape) -> Set<PathParameter> {
        switch shape {
        case .linear, .front, .back: return [.by]
        case .step: return []
        case .custom: return [.points]
        case .growth: return [.growthPct]
        }
    }
}

/// The keys of a variant's `financing` block (MODEL.md §4–§6).
public enum FinancingParameter: String, CaseIterable, Sendable {
    case offsetShare = "offset_share"
    case mode
    case safe
    case safeRatePct = "safe_rate_pct"
    case safeTakeUp = "safe_take_up"
    case safeSchedule = "safe_schedule"
    case escapeClause = "escape_clause"
    case escapeClauseYears = "escape_clause_years"

    /// The JSON key.
    public var key: String { rawValue }

    /// The one description of this key.
    public var spec: ParameterSpec {
        switch self {
        case .offsetShare:
            return ParameterSpec(
                key: key, symbol: "o", title: "Share of the extra effort offset", unit: "share", kind: .number,
                range: .closed(0, 1), default: "0 (fully borrowed)",
                summary: "The share of the extra effort Δ_t paid for by other measures; the rest is borrowed.")
        case .mode:
            return ParameterSpec(
                key: key, title: "Financing mode", unit: "one of the listed names",
                kind: .choice(FinancingPlan.Mode.allCases.map(\.rawValue)), default: "offset_share",
                summary:
                    "offset_share: offset the share o; within_escape_clause: borrow extra core defence spending up to the escape-clause flexibility it creates and offset the rest (what the EU rules would force)."
            )
        case .safe:
            return ParameterSpec(
                key: key, title: "Draw SAFE loans", unit: "true or false", kind: .boolean, default: "false",
                summary: "Whether the country draws its SAFE allocation (Council Regulation (EU) 2025/1106).")
        case .safeRatePct:
            return ParameterSpec(
                key: key, symbol: "rEU", title: "Interest rate on SAFE loans", unit: "% a year", kind: .number,
                range: .closed(-10, 100), default: "\(Policy.current.safeRate)",
                summary:
                    "The rate the EU passes on for SAFE loans (the policy file's safe_rate_pct, MODEL.md §5 default \(Policy.current.safeRate) %, consistent with 7–10-year EU-Bond yields of 2025)."
            )
        case .safeTakeUp:
            return ParameterSpec(
                key: key, symbol: "u", title: "Take-up of the SAFE allocation", unit: "share", kind: .number,
                range: .closed(0, 1), default: "1",
                summary: "The share of the allocation drawn.")
        case .safeSchedule:
            return ParameterSpec(
                key: key, title: "SAFE disbursement schedule", unit: "share of the draw by year", kind: .yearMap,
                range: .closed(0, 1),
                default: "the policy file's safe_schedule: "
                    + Policy.current.safeSchedule.sorted { $0.key < $1.key }.map { "\($0.value) in \($0.key)" }.joined(
                        separator: ", "),
                summary:
                    "Shares of the draw disbursed each year; they must sum to 1. Tranches in or before the base year, or after the end year, fall outside the projection (a warning or a note)."
            )
        case .escapeClause:
            return ParameterSpec(
                key: key, title: "Apply the national escape clause", unit: "true or false", kind: .boolean, default: "true",
                summary: "false switches the escape-clause flexibility off (h_t = 0).")
        case .escapeClauseYears:
            return ParameterSpec(
                key: key, title: "Escape-clause years for this variant", unit: "calendar years", kind: .yearList,
                default: "the country's own (dataset or scenario)",
                summary:
                    "Years in which the clause is active for every country of the variant, e.g. what if Italy had asked: [2025, 2026, 2027, 2028]."
            )
        }
    }
}
