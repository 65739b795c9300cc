import MilexModel
import MilexScenario

/// The debt dynamics per country and variant: the change in the debt ratio over the horizon
/// split into the interest–growth effect, the primary balance before defence, the borrowed
/// defence effort, stock-flow adjustments and SAFE (``DebtDecomposition``); a table per
/// variant, the year-by-year split as data, a stacked bar chart per variant.
public struct DecompositionSummary: SummarySection {
    public let id = "decomposition"
    public let heading = "Debt dynamics"

    public init() {}

    typealias Component = DebtDecomposition.Component

    /// The components that get a column in the reading tables: the ones that are not zero
    /// somewhere in the run (the same for every variant, so the tables stack into one).
    static func shownComponents(_ result: ProjectionResult) -> [Component] {
        let optional: [Component] = [.otherPrimary, .stockFlow, .safe, .floorResidual]
        var nonZero: Set<Component> = []
        for variant in result.variants.indices {
            for country in result.countries.indices {
                let split = result.debtDecomposition(variant: variant, country: country)
                for component in optional where split[component].contains(where: { abs($0) > 1e-9 }) {
                    nonZero.insert(component)
                }
            }
        }
        return Component.allCases.filter { !optional.contains($0) || nonZero.contains($0) }
    }

    /// The CSV id of a component's column (the unit in the id).
    static func columnID(_ component: Component) -> String { "\(component.rawValue)_pp_gdp" }

    /// Short headers for the reading tables.
    static func header(_ component: Component) -> String {
        switch component {
        case .interest: return "Interest"
        case .growth: return "Growth"
        case .primaryBeforeDefence: return "Primary"
        case .defenceEffort: return "Defence"
        case .otherPrimary: return "Other pb"
        case .stockFlow: return "SFA"
        case .safe: return "SAFE int."
        case .floorResidual: return "Floor"
        }
    }

    static func notes(_ result: ProjectionResult) -> [String] {
        let b = result.baseYear
        let e = result.endYear
        return [
            "Change in gross debt, \(b)–\(e), in percentage points of GDP, split by the identity d_t − d_{t−1} = int_t − g_t/(1+g_t)·d_{t−1} − pb_t + 100·SFA_t/Y_t (MODEL.md §4), summed over \(b + 1)–\(e); the parts add up to the change. Positive: raises debt.",
            "Interest: interest on the debt at market rates (int_t plus SAFE's saving); Growth: −g_t/(1+g_t)·d_{t−1}, nominal growth eroding the ratio; Snowball: the two together. Primary: −pbBL_t, the no-policy-change (baseline) primary balance, before any extra defence spending; Defence: +(1 − o)·Δ_t, the borrowed part of the extra defence effort.",
            "Other pb: what else moves the primary balance (a variant's own primary-balance inputs); SFA: stock-flow adjustments, 100·SFA_t/Y_t; SAFE int.: SAFE's interest effect against the same run without SAFE (negative: a saving); Floor: the part the identity does not explain in years where market debt stops at zero (flag F). Columns that are zero throughout the run are left out (the data table has them all).",
        ]
    }

    /// Per country: debt in the base year and at the horizon, the change and its parts summed
    /// over the projection.
    public func table(_ report: ProjectionReport, variant: Int, currency: MoneyCurrency) -> Table? {
        let result = report.result
        let label = result.variants[variant].label
        let b = result.baseYear
        let e = result.endYear
        let shown = Self.shownComponents(result)
        var columns: [Table.Column] = [
            .init(id: "country", header: "Country", format: .text),
            .init(id: "debt_\(b)_pct_gdp", header: "Debt \(b)", unit: "%GDP", format: .number(decimals: 1)),
            .init(id: "debt_\(e)_pct_gdp", header: "Debt \(e)", unit: "%GDP", format: .number(decimals: 1)),
            .init(id: "change_pp_gdp", header: "Change", unit: "pp", format: .number(decimals: 1)),
            .init(id: "snowball_pp_gdp", header: "Snowball", unit: "pp", format: .number(decimals: 1)),
        ]
        columns += shown.map { .init(id: Self.columnID($0), header: Self.header($0), unit: "pp", format: .number(decimals: 1)) }
        var table = Table(
            id: "decomposition-\(label)", title: "Debt dynamics, \(b)–\(e) — \(label)", columns: columns,
            notes: Self.notes(result))
        for country in result.countries.indices {
            let split = result.debtDecomposition(variant: variant, country: country)
            var cells: [Table.Cell] = [
                .text(result.countries[country].code), .number(split.debt.first!), .number(split.debt.last!),
                .number(split.totalChange), .number(split.total(.interest) + split.total(.growth)),
            ]
            cells += shown.map { .number(split.total($0)) }
            table.append(cells)
        }
        return table
    }

    /// The year-by-year split of every variant and country, every component, at full precision.
    func dataTable(_ report: ProjectionReport) -> Table {
        let result = report.result
        var table = Table(
            id: id, title: "\(heading) — \(report.scenario.name)",
            columns: [
                .init(id: "variant", header: "Variant", format: .text),
                .init(id: "country", header: "Country", format: .text),
                .init(id: "year", header: "Year", format: .integer),
                .init(id: "debt_pct_gdp", header: "Gross debt", unit: "% of GDP", format: .number(decimals: 2)),
                .init(id: "change_pp_gdp", header: "Change in debt", unit: "pp of GDP", format: .number(decimals: 2)),
                .init(id: "snowball_pp_gdp", header: "Interest–growth effect", unit: "pp of GDP", format: .number(decimals: 2)),
            ]
                + Component.allCases.map {
                    .init(id: Self.columnID($0), header: $0.title, unit: "pp of GDP", format: .number(decimals: 2))
                },
            notes: Self.notes(result))
        for variant in result.variants.indices {
            for country in result.countries.indices {
                let split = result.debtDecomposition(variant: variant, country: country)
                let snowball = split.snowball
                let change = split.change
                for (t, year) in split.years.enumerated() where t > 0 {
                    table.append(
                        [
                            .text(result.variants[variant].label), .text(result.countries[country].code),
                            .number(Double(year)), .number(split.debt[t]), .number(change[t]), .number(snowball[t]),
                        ] + Component.allCases.map { .number(split[$0][t]) })
                }
            }
        }
        return table
    }

    /// The colours of the stacked parts: not the variants' palette, so no part reads as a
    /// variant (Paul Tol's "muted" scheme, safe for colour-vision deficiencies).
    static func colour(_ part: String) -> String {
        switch part {
        case "snowball": return "#332288"
        case Component.primaryBeforeDefence.rawValue: return "#88CCEE"
        case Component.defenceEffort.rawValue: return "#CC6677"
        case Component.otherPrimary.rawValue: return "#DDCC77"
        case Component.stockFlow.rawValue: return "#117733"
        case Component.safe.rawValue: return "#44AA99"
        default: return "#999933"
        }
    }

    /// A variant's decomposition as stacked bars, one row per country.
    func chart(_ report: ProjectionReport, variant: Int) -> StackedBarChart {
        let result = report.result
        let splits = result.countries.indices.map { result.debtDecomposition(variant: variant, country: $0) }
        var parts: [StackedBarChart.Component] = [
            .init(
                name: "Interest–growth (snowball)", colour: Self.colour("snowball"),
                values: splits.map { $0.total(.interest) + $0.total(.growth) })
        ]
        for component in Self.shownComponents(result) where component != .interest && component != .growth {
            parts.append(
                .init(name: component.title, colour: Self.colour(component.rawValue), values: splits.map { $0.total(component) }))
        }
        return StackedBarChart(
            title: "Change in debt, \(result.baseYear)–\(result.endYear), and what drives it — \(result.variants[variant].label)",
            valueLabel: "Contribution", valueUnit: "pp of GDP", categories: result.countries.map(\.name), components: parts,
            totals: splits.map(\.totalChange), totalLabel: "Change in debt")
    }

    public func section(_ report: ProjectionReport, currency: MoneyCurrency) -> Document.Section? {
        let result = report.result
        var blocks: [Document.Block] = [
            .paragraph(
                "What moves each country's debt ratio from \(result.baseYear) to \(result.endYear): the interest–growth effect, the primary balance the country would run without extra defence spending, the borrowed defence effort, stock-flow adjustments and SAFE. The parts add up to the change."
            )
        ]
        blocks += result.variants.indices.compactMap { table(report, variant: $0, currency: currency) }.map { .table($0) }
        let source = ProjectionCharts.sourceLine(report.scenario)
        for variant in result.variants.indices.dropFirst() {
            blocks.append(
                .chart(
                    Chart(
                        id: "decomposition-\(CompareReport.slug(result.variants[variant].label))",
                        svg: SVGRenderer.render(chart(report, variant: variant)),
                        caption:
                            "Contributions to the change in gross debt, \(result.baseYear)–\(result.endYear), pp of GDP (positive: raises debt); the diamond marks the change itself — \(result.variants[variant].label).",
                        source: source)))
        }
        return Document.Section(id: id, heading: heading, blocks: blocks, data: dataTable(report))
    }
}
