import Foundation
import MilexData
import MilexModel
import MilexScenario

/// `milex solve` as a document (MODEL.md §14): the key assumptions, one table per variant (per
/// country the value, status, binding constraint and the headline figures at the solution;
/// group rows with the share of the group's GDP that can reach the variant as written), for HTML
/// a chart per variant ranking the countries by the value with the binding constraint marked,
/// and the JSON body `{"solutions": [...]}`.
public enum SolveDocument {
    /// The solve as a document.
    /// - Parameter provenance: the run's provenance (scenario files, vintage, sources).
    public static func build(_ scenario: Scenario, _ result: AffordabilityResult, provenance: ProvenanceRecord) -> Document {
        let projection = result.projection
        let context = RunContext(scenario: scenario, result: projection, provenance: provenance)
        let groups = Aggregates.groups(countries: projection.countries.map(\.code), named: scenario.groups)
        var sections: [Document.Section] = []
        let source = String(ProjectionCharts.sourceLine(scenario).dropLast()) + "; milex solve with \(constraintList(result))."
        for (v, variant) in projection.variants.dropFirst().enumerated() {
            var blocks: [Document.Block] = [.table(table(result, variant: v, label: variant.label, groups: groups))]
            if let chart = chart(result, variant: v, label: variant.label) {
                blocks.append(
                    .chart(
                        Chart(
                            id: "solve-\(CompareReport.slug(variant.label))", svg: SVGRenderer.render(chart),
                            caption:
                                "\(chart.title): countries ranked by the \(unknownNoun(result.unknown)) that every constraint allows; the label names the binding constraint.",
                            source: source)))
            }
            sections.append(
                Document.Section(
                    id: "solve-\(CompareReport.slug(variant.label))",
                    heading: "\(headingNoun(result.unknown)) — \(variant.label)",
                    blocks: blocks))
        }
        var document = context.document(
            command: "solve", title: "\(scenario.name): how far can each country go?", sections: sections,
            payload: [("solutions", json(result))])
        document.metadata += [
            ("unknown", .string(result.unknown.rawValue)),
            ("constraints", .array(result.constraints.map { .string($0.text) })),
            ("draws", result.draws.map { .number(Double($0)) } ?? .null),
            ("seed", result.seed.map { .number(Double($0)) } ?? .null),
            ("shock_years", result.shockYears.map { .number(Double($0)) } ?? .null),
        ]
        document.assumptions.append(.init("Solve", solveText(result)))
        document.notes += result.notes + [methodNote(result)]
        return document
    }

    static func constraintList(_ result: AffordabilityResult) -> String {
        result.constraints.map(\.text).joined(separator: ", ")
    }

    static func unknownNoun(_ unknown: SolveUnknown) -> String {
        switch unknown {
        case .target: return "core-defence target"
        case .offset: return "offset share"
        case .year: return "target year"
        }
    }

    static func headingNoun(_ unknown: SolveUnknown) -> String {
        switch unknown {
        case .target: return "Highest affordable target"
        case .offset: return "Smallest offset needed"
        case .year: return "Earliest target year"
        }
    }

    static func solveText(_ result: AffordabilityResult) -> String {
        let range: String
        switch result.unknown {
        case .target:
            range =
                "the highest core-defence target (reached in each variant's own year, on its own shape and financing) in [the country's starting share, 10 % of GDP]"
        case .offset: range = "the smallest share of the extra effort offset by other measures, in [0, 1]"
        case .year: range = "the earliest year the variant's target is reached, from its start year to the end year"
        }
        var text = "\(range) such that every constraint holds: \(constraintList(result))"
        if let draws = result.draws, let seed = result.seed {
            text +=
                "; probabilities from \(draws) draws (seed \(seed), shocks in the first \(result.shockYears ?? StochasticSettings.defaultShockYears) years), the same draws in every iteration"
        }
        return text + "."
    }

    static func methodNote(_ result: AffordabilityResult) -> String {
        let tolerance: String
        switch result.unknown {
        case .target: tolerance = "to 0.0005 pp of GDP on the feasible side"
        case .offset: tolerance = "to 0.00005 on the feasible side"
        case .year: tolerance = "exactly"
        }
        return
            "Solve (MODEL.md §14, docs/solve.md): every country and variant searched together in \(result.evaluations) evaluations of the batched engine, \(tolerance); binding is the constraint with the smallest slack at the solution; infeasible: not even the lenient end (the starting share, an offset of 1, the end year) satisfies the constraints; unconstrained: the demanding end (10 % of GDP, no offset, the earliest year) does. Headline figures are at the solution (at the lenient end when infeasible)."
    }

    static func valueUnit(_ unknown: SolveUnknown) -> (header: String, unit: String?, format: Table.Column.Format) {
        switch unknown {
        case .target: return ("Target", "% of GDP", .number(decimals: 3))
        case .offset: return ("Offset share", "0–1", .number(decimals: 4))
        case .year: return ("Year", nil, .integer)
        }
    }

    /// The per-variant table: countries, then group rows.
    static func table(_ result: AffordabilityResult, variant v: Int, label: String, groups: [AggregateGroup]) -> Table {
        let projection = result.projection
        let end = projection.years.count - 1
        let endYear = projection.endYear
        let (header, unit, format) = valueUnit(result.unknown)
        let stochastic = result.constraints.filter(\.isStochastic)
        var columns: [Table.Column] = [
            .init(id: "country", header: "Country", format: .text),
            .init(id: "value", header: header, unit: unit, format: format),
            .init(id: "status", header: "Status", format: .text),
            .init(id: "binding", header: "Binding", format: .text),
            .init(id: "debt_end_pct_gdp", header: "Debt \(endYear)", unit: "% of GDP", format: .number(decimals: 1)),
            .init(id: "deficit_end_pct_gdp", header: "Deficit \(endYear)", unit: "% of GDP", format: .number(decimals: 2)),
            .init(id: "extra_end_eur_bn", header: "Extra \(endYear)", unit: "bn EUR", format: .number(decimals: 2)),
            .init(id: "as_written", header: "Variant as written", format: .text),
        ]
        for constraint in stochastic {
            columns.append(
                .init(
                    id: "p_\(slugConstraint(constraint.text))", header: constraint.text, unit: "probability",
                    format: .number(decimals: 3)))
            columns.append(
                .init(
                    id: "se_\(slugConstraint(constraint.text))", header: "± s.e.", unit: "probability",
                    format: .number(decimals: 4)))
        }
        var table = Table(
            id: "solve-\(CompareReport.slug(label))", title: "\(headingNoun(result.unknown)): \(label)", columns: columns,
            notes: [
                "Variant as written: whether the variant's own \(unknownNoun(result.unknown)) satisfies every constraint. Extra: the extra effort against the baseline in \(endYear), at fixed base-year exchange rates.",
                "Group rows: the share of the group's \(projection.baseYear) GDP (EUR) in countries where the variant as written satisfies every constraint.",
            ])
        for (c, country) in projection.countries.enumerated() {
            let solution = result.solution(variant: v, country: c)
            let lane = v + 1
            let debt = projection.value(.debt, variant: lane, country: c, yearIndex: end)
            let balance = projection.value(.balance, variant: lane, country: c, yearIndex: end)
            let extraBn = projection.value(.extraBn, variant: lane, country: c, yearIndex: end)
            let toEUR = country.perEUR.map { 1 / $0 }
            var binding =
                solution.binding ?? (solution.status == .infeasible ? "fails: \(solution.violated.joined(separator: ", "))" : "–")
            if !solution.monotone { binding += " (non-monotone)" }
            var cells: [Table.Cell] = [
                .text(country.code), solution.value.map(Table.Cell.number) ?? .empty, .text(solution.status.rawValue),
                .text(binding), .number(debt), .number(-balance), toEUR.map { .number(extraBn * $0) } ?? .empty,
                .text(solution.feasibleAsWritten.map { $0 ? "holds" : "fails" } ?? "–"),
            ]
            for constraint in stochastic {
                if let estimate = solution.probabilities.first(where: { $0.constraint == constraint.text }) {
                    cells += [.number(estimate.probability), .number(estimate.standardError)]
                } else {
                    cells += [.empty, .empty]
                }
            }
            table.append(cells)
        }
        for group in groups {
            var total = 0.0
            var reaching = 0.0
            var known = true
            for code in group.members {
                guard let c = projection.countries.firstIndex(where: { $0.code == code }),
                    let perEUR = projection.countries[c].perEUR
                else {
                    known = false
                    continue
                }
                let gdp = projection.value(.gdp, variant: 0, country: c, yearIndex: 0) / perEUR
                total += gdp
                if result.solution(variant: v, country: c).feasibleAsWritten == true { reaching += gdp }
            }
            guard total > 0 else { continue }
            var cells: [Table.Cell] = [
                .text("\(group.name) (\(group.members.count))"), .empty, .text("group"),
                .text(
                    String(
                        format: "%.0f %% of GDP can%@", 100 * reaching / total,
                        known ? "" : " (members without a euro rate left out)")),
                .empty, .empty, .empty, .text(String(format: "%.1f %%", 100 * reaching / total)),
            ]
            cells += stochastic.flatMap { _ in [Table.Cell.empty, .empty] }
            table.append(cells, kind: .aggregate)
        }
        return table
    }

    static func slugConstraint(_ text: String) -> String {
        String(text.map { $0.isLetter || $0.isNumber ? $0 : "_" })
    }

    /// Countries ranked by the value (best first), the binding constraint in the label.
    static func chart(_ result: AffordabilityResult, variant v: Int, label: String) -> BarChart? {
        let projection = result.projection
        var entries: [(label: String, value: Double)] = []
        for (c, country) in projection.countries.enumerated() {
            let solution = result.solution(variant: v, country: c)
            guard let value = solution.value else {
                if solution.status == .infeasible { entries.append(("\(country.code) — infeasible", .nan)) }
                continue
            }
            let mark = solution.binding ?? (solution.status == .unconstrained ? "unconstrained" : "")
            entries.append(("\(country.code) — \(mark)", value))
        }
        guard entries.contains(where: { $0.value.isFinite }) else { return nil }
        // Targets: highest first; offsets: smallest first; years: earliest first.
        let descending = result.unknown == .target
        entries.sort { a, b in
            let x = a.value.isFinite ? a.value : (descending ? -.infinity : .infinity)
            let y = b.value.isFinite ? b.value : (descending ? -.infinity : .infinity)
            return descending ? x > y : x < y
        }
        let (header, unit, _) = valueUnit(result.unknown)
        var references: [ReferenceLine] = []
        if result.unknown == .target { references = ProjectionCharts.spendingReferences(result.projection.policy) }
        return BarChart(
            title: "\(headingNoun(result.unknown)): \(label)", yLabel: header, yUnit: unit, categories: entries.map(\.label),
            series: [(name: header, values: entries.map { $0.value.isFinite ? $0.value : nil })], referenceLines: references,
            orientation: .horizontal)
    }

    /// The MODEL.md §14 body, with the headline figures and probabilities as extra fields.
    static func json(_ result: AffordabilityResult) -> JSONOutput {
        let projection = result.projection
        let end = projection.years.count - 1
        func number(_ value: Double?) -> JSONOutput { value.map { $0.isFinite ? .number($0) : .null } ?? .null }
        return .array(
            result.solutions.map { solution in
                let lane = solution.variantIndex + 1
                let c = solution.countryIndex
                let country = projection.countries[c]
                let extraBn = projection.value(.extraBn, variant: lane, country: c, yearIndex: end)
                var fields: [(String, JSONOutput)] = [
                    ("variant", .string(solution.variant)), ("country", .string(solution.country)),
                    ("unknown", .string(solution.unknown.rawValue)), ("value", number(solution.value)),
                    ("binding", solution.binding.map(JSONOutput.string) ?? .null), ("status", .string(solution.status.rawValue)),
                    ("monotone", .bool(solution.monotone)),
                    ("feasible_as_written", solution.feasibleAsWritten.map(JSONOutput.bool) ?? .null),
                    ("violated", .array(solution.violated.map(JSONOutput.string))),
                    (
                        "slacks",
                        .object(zip(result.constraints, solution.slacks).map { ($0.text, number($1)) })
                    ),
                    ("debt_end_pct_gdp", number(projection.value(.debt, variant: lane, country: c, yearIndex: end))),
                    ("deficit_end_pct_gdp", number(-projection.value(.balance, variant: lane, country: c, yearIndex: end))),
                    ("extra_end_bn", number(extraBn)), ("currency", country.currency.map(JSONOutput.string) ?? .null),
                    ("extra_end_eur_bn", number(country.perEUR.map { extraBn / $0 })),
                    ("evaluations", .number(Double(solution.evaluations))),
                ]
                if !solution.probabilities.isEmpty {
                    fields.append(
                        (
                            "probabilities",
                            .array(
                                solution.probabilities.map {
                                    .object([
                                        ("constraint", .string($0.constraint)), ("probability", .number($0.probability)),
                                        ("standard_error", .number($0.standardError)), ("bound", .number($0.bound)),
                                    ])
                                })
                        ))
                }
                return .object(fields)
            })
    }
}
