/// The value of one input.
public enum ParameterValue: Sendable, Equatable, Hashable {
    /// A number.
    case number(Double)
    /// A number or a year map.
    case series(YearSeries)
    /// A list of years.
    case years([Int])
    /// Text.
    case text(String)

    /// The value as a series (a number becomes a constant series).
    public var series: YearSeries? {
        switch self {
        case .series(let series): return series
        case .number(let value): return YearSeries(constant: value)
        default: return nil
        }
    }
}

/// Everything the engine needs about one country (MODEL.md §2), each value with its provenance.
public struct CountryInputs: Sendable, Equatable {
    /// The country code (ISO 3166 alpha-2 for built-in countries; any code for custom ones).
    public let code: String
    /// The values set, by parameter.
    public private(set) var values: [CountryParameter: ParameterValue]
    /// Where each value came from.
    public private(set) var provenance: [CountryParameter: Provenance]
    /// Notes on the inputs that a reader of the outputs should see (approximations, choices).
    public var notes: [String]
    /// National fiscal rules reported each year (e.g. Germany's debt brake), from the dataset.
    public var fiscalRules: [NationalFiscalRule] = []
    /// How the no-policy-change run is built (MODEL.md §10; the scenario or its default decides).
    public var baselineMode: BaselineMode = .frozen
    /// Whether the baseline follows `published_defence_pct_gdp` (MODEL.md §11).
    public var publishedPlans = true

    /// An empty set of inputs for `code`.
    public init(code: String) {
        self.code = code
        values = [:]
        provenance = [:]
        notes = []
    }

    /// Sets `parameter` to `value`.
    public mutating func set(_ parameter: CountryParameter, _ value: ParameterValue, from source: Provenance) {
        values[parameter] = value
        provenance[parameter] = source
    }

    /// Removes `parameter`.
    public mutating func remove(_ parameter: CountryParameter) {
        values[parameter] = nil
        provenance[parameter] = nil
    }

    /// The required inputs that are missing (MODEL.md §2), including `per_eur` for a currency
    /// other than EUR.
    public var missingRequired: [CountryParameter] {
        var missing = CountryParameter.required.filter { values[$0] == nil }
        if values[.perEUR] == nil, let currency, currency != "EUR" { missing.append(.perEUR) }
        return missing
    }

    // MARK: Typed access for the engine (valid only once `missingRequired` is empty)

    /// The value of `parameter` when it is one number (or a constant series).
    public func number(_ parameter: CountryParameter) -> Double? {
        switch values[parameter] {
        case .number(let value): return value
        case .series(let series) where series.isConstant: return series.points[0].value
        default: return nil
        }
    }

    /// The value of `parameter` as a series (a number is a constant one).
    public func series(_ parameter: CountryParameter) -> YearSeries? { values[parameter]?.series }

    /// The country's name (defaults to its code).
    public var name: String {
        if case .text(let name) = values[.name] { return name }
        return code
    }
    /// The ISO 4217 currency code.
    public var currency: String? {
        if case .text(let currency) = values[.currency] { return currency }
        return nil
    }
    /// `e`: units of national currency per EUR (1 for EUR).
    public var perEUR: Double? { number(.perEUR) ?? (currency == "EUR" ? 1 : nil) }
    /// Units of national currency per USD, when known.
    public var perUSD: Double? { number(.perUSD) }
    /// `Y_B`, bn national currency.
    public var gdpBn: Double { number(.gdpBn) ?? .nan }
    /// `g_t`, % a year.
    public var nominalGrowth: YearSeries { series(.nominalGrowth) ?? YearSeries(constant: .nan) }
    /// `d_B`, % of GDP.
    public var debtPctGDP: Double { number(.debt) ?? .nan }
    /// `pbBL_t` (and `pb_B` at the base year), % of GDP.
    public var primaryBalance: YearSeries { series(.primaryBalance) ?? YearSeries(constant: .nan) }
    /// Observed headline balance in the base year, % of GDP (extension E1).
    public var observedBalance: Double? { number(.balance) }
    /// `i_B`, %.
    public var implicitRate: Double { number(.implicitRate) ?? .nan }
    /// `rm_t`, %.
    public var marketRate: YearSeries { series(.marketRate) ?? YearSeries(constant: .nan) }
    /// `M`, years.
    public var averageMaturity: Double { number(.averageMaturity) ?? .nan }
    /// `s_B`, % of GDP.
    public var defencePctGDP: Double { number(.defence) ?? .nan }
    /// `s_2021`, % of GDP (default `s_B`).
    public var defence2021PctGDP: Double { number(.defence2021) ?? defencePctGDP }
    /// `q_B`, % of GDP (default 0).
    public var relatedPctGDP: Double { number(.related) ?? 0 }
    /// `A`, bn EUR (default 0).
    public var safeAllocationEURBn: Double { number(.safeAllocation) ?? 0 }
    /// Years with the national escape clause active (default none).
    public var escapeClauseYears: Set<Int> {
        if case .years(let years) = values[.escapeClauseYears] { return Set(years) }
        return []
    }
    /// The country's own SAFE disbursement shares, if set.
    public var safeSchedule: [Int: Double]? {
        guard case .series(let series) = values[.safeSchedule] else { return nil }
        return Dictionary(uniqueKeysWithValues: series.points.map { ($0.year, $0.value) })
    }
    /// The country's own SAFE take-up, if set.
    public var safeTakeUp: Double? { number(.safeTakeUp) }
    /// Equipment share of defence spending, %, when known.
    public var equipmentSharePct: Double? { number(.equipmentShare) }
    /// `m`: the country's import share of extra spending (MODEL.md §12), when known.
    public var importShare: Double? { number(.importShare) }
    /// `ε`: the country's budget semi-elasticity (MODEL.md §12), when known.
    public var budgetSemiElasticity: Double? { number(.budgetSemiElasticity) }
    /// `SFA_t`, bn national currency (default 0).
    public var stockFlowAdjustment: YearSeries { series(.stockFlowAdjustment) ?? YearSeries(constant: 0) }
}
