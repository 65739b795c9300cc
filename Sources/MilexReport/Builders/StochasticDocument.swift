import Foundation
import MilexModel
import MilexScenario

extension StochasticReport {
    /// `milex fan` (and `run --stochastic`) as a document: per variant the risk probabilities,
    /// then (unless `summaryOnly`) the percentiles of the debt ratio per country and group, and
    /// for HTML the fan charts. Data formats write one long table (every percentile of the debt
    /// ratio and the balance); JSON the MODEL.md §8 body under `stochastic`.
    public func document(provenance: ProvenanceRecord, summaryOnly: Bool = false) -> Document {
        let context = RunContext(scenario: scenario, result: result.deterministic, provenance: provenance)
        let probabilities = probabilityTables()
        let fans = summaryOnly ? [] : fanTables()
        let source = String(ProjectionCharts.sourceLine(scenario).dropLast()) + "; \(result.draws) draws, seed \(result.seed)."
        var sections: [Document.Section] = []
        for (variant, label) in result.variants.enumerated() {
            var blocks: [Document.Block] = [.table(probabilities[variant])]
            let perVariant = fans.count / max(result.variants.count, 1)
            if perVariant > 0 {
                blocks += fans[(variant * perVariant)..<((variant + 1) * perVariant)].map { .table($0) }
            }
            sections.append(
                Document.Section(id: "risks-\(CompareReport.slug(label))", heading: "Debt risks — \(label)", blocks: blocks))
        }
        // One long table is what CSV and XLSX write, whatever the view.
        if !sections.isEmpty { sections[0].data = longTable() }
        for index in sections.indices.dropFirst() { sections[index].data = nil }
        var charts: [Document.Block] = []
        for variant in result.variants.indices where !summaryOnly {
            for entity in result.entities.indices {
                let chart = fanChart(variant: variant, entity: entity)
                charts.append(
                    .chart(
                        Chart(
                            id: "fan-\(variant)-\(result.entities[entity].code.lowercased())",
                            svg: SVGRenderer.render(chart),
                            caption:
                                "\(chart.title): percentiles 10–90 of \(result.draws) draws, the median and the deterministic path (% of GDP).",
                            source: source)))
            }
        }
        if !charts.isEmpty {
            sections.append(Document.Section(id: "fan-charts", heading: "Fan charts", blocks: charts, data: nil))
        }
        var document = context.document(
            command: "fan", title: "\(scenario.name): stochastic projections", sections: sections,
            payload: [("stochastic", json())])
        document.subtitle = context.subtitle + " \(result.draws) draws, seed \(result.seed)."
        document.assumptions.append(
            Document.Assumption(
                "Shocks",
                "\(result.draws) joint draws of nominal growth, the market rate and the primary balance per country (MODEL.md §8), seed \(result.seed); the same seed gives the same numbers on any machine to about 1e-12."
            ))
        return document
    }
}
