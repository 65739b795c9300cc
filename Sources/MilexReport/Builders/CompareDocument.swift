import Foundation
import MilexModel
import MilexScenario

extension CompareReport {
    /// `milex compare` as a document: one table per variant for reading (one wide table for the
    /// data formats), and for HTML the bar charts of debt at the horizon and extra spending.
    public func document(provenance: ProvenanceRecord) -> Document {
        let context = RunContext(scenario: scenario, result: result, provenance: provenance)
        var reading = self
        reading.includesRunNotes = false
        var tables = reading.tablesByVariant()
        for index in tables.indices { tables[index].notes = [] }
        var wide = table()
        wide.notes = []
        let source = ProjectionCharts.sourceLine(scenario)
        let charts = ProjectionCharts(result: result)
        let sections = [
            Document.Section(
                id: "comparison", heading: "Comparison",
                blocks: [
                    .paragraph(
                        "\(subtitle). One table per variant, the countries in the same order in each; aggregate rows at the bottom."
                    )
                ] + tables.map { .table($0) }, data: wide),
            Document.Section(
                id: "comparison-charts", heading: "Debt and extra spending by country",
                blocks: [
                    .chart(
                        Chart(
                            id: "compare-debt", svg: SVGRenderer.render(barChart(.debt, palette: charts.palette)),
                            caption:
                                "Gross debt in \(result.endYear) by country and variant (% of GDP); the dashed line marks the \(PolicyText(result.policy).debt) reference value.",
                            source: source)),
                    .chart(
                        Chart(
                            id: "compare-extra", svg: SVGRenderer.render(barChart(.extra, palette: charts.palette)),
                            caption:
                                "Extra defence spending in each variant's target year against the \(result.baseYear) shares (\(moneyUnit)).",
                            source: source)),
                    .chart(
                        Chart(
                            id: "cross-country", svg: SVGRenderer.render(charts.crossCountry()),
                            caption:
                                "Every country on one pair of axes: the extra effort in each variant's target year against debt in \(result.endYear), both % of GDP; a country's points are joined from the baseline on.",
                            source: source)),
                ]),
        ]
        let payload: [(String, JSONOutput)] = [
            ("currency", .string(String(moneyUnit.dropFirst(3)))),
            (
                "variants",
                .array(
                    groups.map { group in
                        .object([
                            ("id", .string(group.id)), ("label", .string(group.label)),
                            ("target_year", .number(Double(group.targetYear))),
                        ])
                    })
            ),
            ("table", TableJSONRenderer().value(wide)),
        ]
        var document = context.document(command: "compare", sections: sections, payload: payload)
        document.notes = notes
        return document
    }
}
