import Foundation
import MilexReport

/// Shared inputs: realistic shapes (32 countries, yearly paths) with awkward text.
public enum Fixtures {
    public static let countries = [
        "Albania", "Belgium", "Bulgaria", "Canada", "Croatia", "Czechia", "Denmark", "Estonia", "Finland", "France",
        "Germany", "Greece", "Hungary", "Iceland", "Italy", "Latvia", "Lithuania", "Luxembourg", "Montenegro",
        "Netherlands", "North Macedonia", "Norway", "Poland", "Portugal", "Romania", "Slovakia", "Slovenia", "Spain",
        "Sweden", "Türkiye", "United Kingdom", "United States",
    ]

    /// A deterministic pseudo-random share for a country index (no RNG state in tests).
    public static func share(_ index: Int, _ salt: Int = 0) -> Double {
        let x = sin(Double(index * 7 + salt * 13) * 1.3) * 0.5 + 0.5
        return ((1.2 + 3.4 * x) * 1000).rounded() / 1000
    }

    /// A 32-row table with an aggregate row: text, numbers with two decimals, years, gaps.
    public static func countryTable() -> Table {
        var table = Table(
            id: "countries", title: "Defence spending by country", subtitle: "2025, NATO definition",
            columns: [
                .init(id: "country", header: "Country", format: .text),
                .init(id: "year", header: "Year", format: .integer),
                .init(id: "defence", header: "Defence", unit: "% of GDP", format: .number(decimals: 2)),
                .init(id: "debt", header: "Debt", unit: "% of GDP", format: .number(decimals: 1)),
            ],
            notes: ["Shares in % of GDP.", "Debt for Iceland not available."])
        for (index, name) in countries.enumerated() {
            let debt: Table.Cell = name == "Iceland" ? .empty : .number(30 + Double((index * 37) % 110) + 0.123456)
            table.append([.text(name), .number(2025), .number(share(index)), debt])
        }
        table.append([.text("NATO (weighted)"), .number(2025), .number(2.71), .number(85.04)], kind: .aggregate)
        return table
    }

    public static func lineChart() -> LineChart {
        let years = (2025...2040).map(Double.init)
        return LineChart(
            title: "Debt paths", yLabel: "Debt", yUnit: "% of GDP",
            series: [
                .init(name: "Baseline", points: years.map { ($0, 60 + ($0 - 2025) * 1.5) }),
                .init(name: "R&D <5%>", points: years.map { ($0, $0 == 2030 ? .nan : 62 + ($0 - 2025) * 2.1) }, dashed: true),
                .init(name: "Target 3.5 %", points: years.map { ($0, 58 + ($0 - 2025) * 2.9) }, colourIndex: 4),
            ],
            referenceLines: [(60, "60 % debt"), (90, "90 %")])
    }

    public static func barChart() -> BarChart {
        BarChart(
            title: "Extra spending needed", yLabel: "Gap", yUnit: "% of GDP", categories: countries,
            series: [
                ("2 %", countries.indices.map { index in index == 13 ? nil : 2 - share(index) }),
                ("3.5 %", countries.indices.map { 3.5 - share($0) }),
                ("R&D <5%>", countries.indices.map { index in index == 13 ? nil : 5 - share(index) }),
            ],
            referenceLines: [(0.5, "½ pp")])
    }

    public static func fanChart() -> FanChart {
        let years = Array(2025...2040)
        let median = years.indices.map { 60 + Double($0) * 1.2 }
        let bands = [(10.0, "10–90 %"), (7.0, "20–80 %"), (4.5, "30–70 %"), (2.0, "40–60 %")].map { spread, label in
            (
                lower: median.indices.map { median[$0] - spread * Double($0) / 5 },
                upper: median.indices.map { median[$0] + spread * Double($0) / 5 }, label: label
            )
        }
        return FanChart(
            title: "Debt fan", yLabel: "Debt", yUnit: "% of GDP", years: years, bands: bands, median: median,
            deterministic: median.map { $0 - 0.5 }, referenceLines: [(60, "60 %")])
    }

    /// Two awkward tables: full-precision numbers, gaps, an aggregate row, a long id with
    /// characters Excel forbids in sheet names, and a duplicate id.
    public static func awkwardTables() -> [Table] {
        var debt = Table(
            id: "debt-path", title: "Debt path", subtitle: "Germany, baseline",
            columns: [
                .init(id: "year", header: "Year", format: .integer),
                .init(id: "debt", header: "Debt", unit: "% of GDP", format: .number(decimals: 1)),
                .init(id: "balance", header: "Balance", unit: "% of GDP", format: .number(decimals: 2)),
                .init(id: "note", header: "Note", format: .text),
            ],
            notes: ["Balance is the headline balance.", "Escapes: a_x0041_b & <c>"])
        debt.append([.number(2025), .number(62.123456789012345), .number(-2.5), .text("R&D <5%>")])
        debt.append([.number(2026), .number(1e-7), .empty, .text("  padded  ")])
        debt.append([.number(2027), .number(.nan), .number(-0.125), .empty])
        debt.append([.text("Total"), .number(63.5), .number(-2.25), .text("a_x0041_b")], kind: .aggregate)
        var second = Table(
            id: "R&D: spending [bn]/EUR*? for every member state", title: "Spending",
            columns: [
                .init(id: "country", header: "Country", format: .text),
                .init(id: "value", header: "Value", unit: "bn EUR", format: .number(decimals: 3)),
            ])
        second.append([.text("Türkiye"), .number(12.3456789)])
        var third = second
        third.title = "Spending again"
        return [debt, second, third]
    }
}
