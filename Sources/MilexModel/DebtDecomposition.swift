/// The change in a country's debt ratio, year by year, split into what drives it (MODEL.md §4).
///
/// From `D_t = D_{t−1} + F_t` and `F_t = INT_t − pb_t·Y_t/100 + SFA_t`, dividing by `Y_t`:
/// ```
/// d_t − d_{t−1} = int_t − g_t/(1 + g_t)·d_{t−1} − pb_t + 100·SFA_t/Y_t
/// ```
/// with `int_t = 100·INT_t/Y_t` and `g_t/(1 + g_t) = (Y_t − Y_{t−1})/Y_t`. The terms are
/// split further so a reader sees the defence effort apart:
/// - `interest`: interest as it would be at market rates, `int_t + 100·saving_t/Y_t`;
/// - `growth`: `−(Y_t − Y_{t−1})/Y_t · d_{t−1}` (nominal growth erodes the ratio);
///   `interest + growth` is the interest–growth ("snowball") effect;
/// - `primaryBeforeDefence`: `−pbBL_t`, the baseline variant's primary balance (a surplus
///   lowers debt);
/// - `defenceEffort`: `+(1 − o)·Δ_t`, the borrowed part of the extra effort;
/// - `otherPrimary`: what else moves the variant's primary balance away from `pbBL_t − (1 − o)·Δ_t`
///   (a variant's own primary-balance inputs, GDP feedback); 0 in most runs;
/// - `stockFlow`: `100·SFA_t/Y_t`;
/// - `safe`: `−100·saving_t/Y_t`, SAFE's interest effect against the same run without it;
/// - `floorResidual`: in the years where market debt stops at zero (`debt_floor`), what the
///   identity above does not explain; 0 in every other year.
///
/// The components of a year add up to `d_t − d_{t−1}` (to rounding), and the horizon's totals
/// to `d_E − d_B`. All in percentage points of GDP; index 0 (the base year) is 0.
public struct DebtDecomposition: Sendable, Equatable {
    /// One term of the decomposition.
    public enum Component: String, CaseIterable, Sendable {
        case interest
        case growth
        case primaryBeforeDefence = "primary_before_defence"
        case defenceEffort = "defence_effort"
        case otherPrimary = "other_primary"
        case stockFlow = "stock_flow"
        case safe
        case floorResidual = "floor_residual"

        /// A short name for table headers and chart legends.
        public var title: String {
            switch self {
            case .interest: return "Interest"
            case .growth: return "Growth"
            case .primaryBeforeDefence: return "Primary balance before defence"
            case .defenceEffort: return "Defence effort (borrowed)"
            case .otherPrimary: return "Other primary-balance change"
            case .stockFlow: return "Stock-flow adjustment"
            case .safe: return "SAFE interest effect"
            case .floorResidual: return "Debt floor"
            }
        }
    }

    /// `B … E`.
    public let years: [Int]
    /// `d_t`, % of GDP.
    public let debt: [Double]
    /// Each component per year (index 0, the base year, is 0).
    public let components: [Component: [Double]]

    /// `d_t − d_{t−1}` per year (0 in the base year).
    public var change: [Double] { debt.indices.map { $0 == 0 ? 0 : debt[$0] - debt[$0 - 1] } }

    /// The values of `component`, one per year.
    public subscript(component: Component) -> [Double] { components[component]! }

    /// The interest–growth ("snowball") effect per year: `interest + growth`.
    public var snowball: [Double] { zip(self[.interest], self[.growth]).map { $0 + $1 } }

    /// `component` summed over the projected years `B+1 … E`.
    public func total(_ component: Component) -> Double { self[component].dropFirst().reduce(0, +) }

    /// `d_E − d_B`.
    public var totalChange: Double { debt.last! - debt.first! }

    /// The sum of the components in the year at `index` (equals `change[index]` to rounding).
    public func sum(at index: Int) -> Double { Component.allCases.reduce(0) { $0 + self[$1][index] } }
}

extension ProjectionResult {
    /// The debt dynamics of one country under one variant, split as ``DebtDecomposition``
    /// describes; the primary balance before defence is the baseline variant's.
    public func debtDecomposition(variant: Int, country: Int) -> DebtDecomposition {
        let projection = projection(variant: variant, country: country)
        let baseline = variant == 0 ? projection : self.projection(variant: 0, country: country)
        let gdp = projection[.gdp]
        let debt = projection[.debt]
        let interest = projection[.interestBn]
        let saving = projection[.safeInterestSavingBn]
        let primary = projection[.primaryBalance]
        let borrowed = projection[.borrowedExtra]
        let need = projection[.financingNeedBn]
        let baselinePrimary = baseline[.primaryBalance]
        var values = Dictionary(
            uniqueKeysWithValues: DebtDecomposition.Component.allCases.map { ($0, [Double](repeating: 0, count: years.count)) })
        for t in years.indices.dropFirst() {
            let toRatio = 100 / gdp[t]
            // SFA_t from F_t = INT_t − pb_t·Y_t/100 + SFA_t: the stock-flow adjustment the engine
            // applied, however the inputs gave it.
            let stockFlow = need[t] - interest[t] + primary[t] * gdp[t] / 100
            let savingRatio = (saving[t].isFinite ? saving[t] : 0) * toRatio
            values[.interest]![t] = interest[t] * toRatio + savingRatio
            values[.growth]![t] = -(gdp[t] - gdp[t - 1]) / gdp[t] * debt[t - 1]
            values[.primaryBeforeDefence]![t] = -baselinePrimary[t]
            values[.defenceEffort]![t] = borrowed[t]
            values[.otherPrimary]![t] = baselinePrimary[t] - borrowed[t] - primary[t]
            values[.stockFlow]![t] = stockFlow * toRatio
            values[.safe]![t] = -savingRatio
            if projection.flags[t].contains(.debtFloor) {
                let explained = DebtDecomposition.Component.allCases.reduce(0.0) { $0 + values[$1]![t] }
                values[.floorResidual]![t] = debt[t] - debt[t - 1] - explained
            }
        }
        return DebtDecomposition(years: years, debt: debt, components: values)
    }
}
