import MilexData
import MilexModel
import MilexScenario

/// Burden sharing among the NATO allies of a run: each ally's share of the allies' core
/// defence spending in USD, spending per person, the equipment share against the 20 %
/// guideline and the gap to the variant's target in USD; the United States' share under
/// each target.
public struct BurdenSharingSummary: SummarySection {
    public let id = "burden"
    public let heading = "Burden sharing"

    public init() {}

    /// The population of an ally: the latest outturn up to the base year, from one source for
    /// every ally (the World Bank's mid-year figures; the dataset's Eurostat 1 January figures
    /// for nine states are estimates at another reference date and are not mixed in).
    struct Population {
        var millions: Double
        var year: Int
        var source: String
    }

    /// The allies of the run: built-in countries that are NATO members (custom countries are none).
    static func allies(_ report: ProjectionReport, dataset: Dataset = .builtIn) -> [(index: Int, record: CountryRecord)] {
        report.result.countries.enumerated().compactMap { index, inputs in
            if case .scenario(_, let path)? = inputs.provenance[.gdpBn], path.hasPrefix("custom_countries") { return nil }
            guard var record = dataset.countries[inputs.code], record.isMember(of: "nato") else { return nil }
            if let vintage = report.scenario.datasetVintage { record = record.asOf(vintage) }
            return (index, record)
        }
    }

    static func population(_ record: CountryRecord, upTo year: Int) -> Population? {
        let outturns = record.figures.filter { $0.key == "population_m" && $0.status == "outturn" && $0.year <= year }
        guard let latest = outturns.map(\.year).max(),
            let figure = outturns.filter({ $0.year == latest }).max(by: { $0.published < $1.published })
        else { return nil }
        return Population(millions: figure.value, year: figure.year, source: figure.source)
    }

    /// The share the variant aims at for a country, core and related (nil: a path without a
    /// target, e.g. a growth rate).
    static func targets(_ variant: PolicyVariant, _ inputs: CountryInputs) -> (core: Double?, related: Double?) {
        func target(_ path: SpendingPath?, base: Double) -> Double? {
            guard let path else { return nil }
            return path.target ?? path.increasePP.map { base + $0 } ?? path.points?.points.last?.value
        }
        return (
            target(variant.defencePath(for: inputs.code), base: inputs.defencePctGDP),
            target(variant.relatedPath(for: inputs.code), base: inputs.relatedPctGDP)
        )
    }

    /// Core defence spending in USD bn in `year` (nil without a dollar rate).
    static func spendingUSD(_ projection: CountryProjection, in year: Int) -> Double? {
        guard let perUSD = projection.country.perUSD, let share = projection.value(.defence, in: year),
            let gdp = projection.value(.gdp, in: year)
        else { return nil }
        return share * gdp / 100 / perUSD
    }

    public func table(_ report: ProjectionReport, variant: Int, currency: MoneyCurrency) -> Table? {
        let allies = Self.allies(report)
        guard variant > 0, allies.count >= 2 else { return nil }
        let result = report.result
        let policy = result.variants[variant]
        let b = result.baseYear
        let y = CompareReport.targetYear(policy, result)
        let guideline = report.result.policy.natoEquipmentShare
        let projections = allies.map { result.projection(variant: variant, country: $0.index) }
        let baseSpending = projections.map { Self.spendingUSD($0, in: b) }
        let targetSpending = projections.map { Self.spendingUSD($0, in: y) }
        let baseTotal = baseSpending.compactMap { $0 }.reduce(0, +)
        let targetTotal = targetSpending.compactMap { $0 }.reduce(0, +)
        let populations = allies.map { Self.population($0.record, upTo: b) }
        let scope =
            allies.count == (Dataset.builtIn.groups["NATO"]?.members.count ?? 0)
            ? "NATO" : "the \(allies.count) allies of the run"
        var table = Table(
            id: "burden-\(policy.label)", title: "Burden sharing — \(policy.label)",
            subtitle: "Core defence in USD at \(b) exchange rates; shares of \(scope); target year \(y).",
            columns: [
                .init(id: "country", header: "Country", format: .text),
                .init(id: "spending_\(b)_usd_bn", header: "Spending \(b)", unit: "bn USD", format: .number(decimals: 1)),
                .init(id: "share_\(b)_pct", header: "Share \(b)", unit: "%", format: .number(decimals: 1)),
                .init(id: "spending_\(y)_usd_bn", header: "Spending \(y)", unit: "bn USD", format: .number(decimals: 1)),
                .init(id: "share_\(y)_pct", header: "Share \(y)", unit: "%", format: .number(decimals: 1)),
                .init(id: "per_capita_\(b)_usd", header: "Per head \(b)", unit: "USD", format: .number(decimals: 0)),
                .init(id: "per_capita_\(y)_usd", header: "Per head \(y)", unit: "USD", format: .number(decimals: 0)),
                .init(id: "equipment_share_pct", header: "Equip.", unit: "%", format: .number(decimals: 1)),
                .init(id: "equipment_vs_guideline_pp", header: "Equip.−20", unit: "pp", format: .number(decimals: 1)),
                .init(id: "gap_\(b)_usd_bn", header: "Gap \(b)", unit: "bn USD", format: .number(decimals: 1)),
            ])
        func cell(_ value: Double?) -> Table.Cell { value.map(Table.Cell.number) ?? .empty }
        var gapTotal = 0.0
        var populationTotal = 0.0
        var populationCovered = true
        for (position, projection) in projections.enumerated() {
            let inputs = projection.country
            let population = populations[position]
            let (core, related) = Self.targets(policy, inputs)
            var gap: Double?
            if let perUSD = inputs.perUSD, core != nil || related != nil {
                let points =
                    max(0, (core ?? inputs.defencePctGDP) - inputs.defencePctGDP)
                    + max(0, (related ?? inputs.relatedPctGDP) - inputs.relatedPctGDP)
                gap = points * inputs.gdpBn / 100 / perUSD
                gapTotal += gap!
            }
            if let population, baseSpending[position] != nil {
                populationTotal += population.millions
            } else {
                populationCovered = false
            }
            // bn USD per million people: thousands of USD per person.
            func perHead(_ spending: Double?) -> Double? {
                guard let spending, let population else { return nil }
                return 1000 * spending / population.millions
            }
            table.append([
                .text(inputs.code), cell(baseSpending[position]), cell(baseSpending[position].map { 100 * $0 / baseTotal }),
                cell(targetSpending[position]), cell(targetSpending[position].map { 100 * $0 / targetTotal }),
                cell(perHead(baseSpending[position])), cell(perHead(targetSpending[position])),
                cell(inputs.equipmentSharePct), cell(inputs.equipmentSharePct.map { $0 - guideline }), cell(gap),
            ])
        }
        let perHeadTotal: (Double) -> Table.Cell = { total in
            populationCovered && populationTotal > 0 ? .number(1000 * total / populationTotal) : .empty
        }
        table.append(
            [
                .text(allies.count == (Dataset.builtIn.groups["NATO"]?.members.count ?? 0) ? "NATO" : "Allies"),
                .number(baseTotal), .number(100), .number(targetTotal), .number(100), perHeadTotal(baseTotal),
                perHeadTotal(targetTotal), .empty, .empty, .number(gapTotal),
            ], kind: .aggregate)
        let years = Set(populations.compactMap { $0?.year }).sorted().map(String.init).joined(separator: ", ")
        let sources = Set(populations.compactMap { $0?.source }).sorted().map { "[\($0)]" }.joined(separator: ", ")
        table.notes = [
            "Spending: core defence on NATO's definition, s_t·Y_t/100 converted at the fixed \(b) dollar rate (per_usd); defence-related spending (the Hague 1.5 % category) is not NATO defence expenditure and is left out of spending, shares and per-head figures. Shares: of the total of \(scope) in the year.",
            populations.contains(where: { $0 != nil })
                ? "Per head: spending per person, population \(years) \(sources) held at that figure in later years (no population projection)."
                : "Per head: no population figure in the dataset for these allies; the columns are blank.",
            "Equip.: major equipment as a share of defence spending, NATO's latest figure, against the guideline of at least \(NumberText.shortest(guideline)) % (Wales 2014); a dash: no NATO figure.",
            "Gap \(b): what the ally would spend in addition in \(b) at the variant's target shares, max(0, T − s_\(b)) (core) + max(0, T_related − q_\(b)) (related), times \(b) GDP, in USD; allies at or above a target count 0 for it.",
        ]
        let lacking = projections.filter { $0.country.perUSD == nil }.map(\.country.code)
        if !lacking.isEmpty {
            table.notes.append("No dollar rate for \(lacking.joined(separator: ", ")): left out of the totals.")
        }
        if !populationCovered {
            table.notes.append(
                "The allies' per-head figure needs every ally's population and dollar rate; some lack one, so it is blank.")
        }
        return table
    }

    /// The United States' share of the allies' core defence spending under each variant, in
    /// the base year and each variant's target year (nil without the US and another ally).
    func unitedStatesTable(_ report: ProjectionReport) -> Table? {
        let allies = Self.allies(report)
        let result = report.result
        guard allies.count >= 2, let us = allies.first(where: { $0.record.code == "US" }) else { return nil }
        let b = result.baseYear
        var table = Table(
            id: "burden-us", title: "United States' share of the allies' core defence spending",
            columns: [
                .init(id: "variant", header: "Variant", format: .text),
                .init(id: "year", header: "Year", format: .integer),
                .init(id: "us_usd_bn", header: "US", unit: "bn USD", format: .number(decimals: 1)),
                .init(id: "allies_usd_bn", header: "All allies", unit: "bn USD", format: .number(decimals: 1)),
                .init(id: "us_share_pct", header: "US share", unit: "%", format: .number(decimals: 1)),
            ],
            notes: [
                "Core defence at \(b) dollar rates; the year is each variant's target year (the horizon for the baseline), the first row the base year."
            ])
        for (variant, policy) in result.variants.enumerated() {
            let year = variant == 0 ? result.endYear : CompareReport.targetYear(policy, result)
            let years = variant == 0 ? [b, year] : [year]
            for shown in years {
                let spending = allies.compactMap {
                    Self.spendingUSD(result.projection(variant: variant, country: $0.index), in: shown)
                }
                guard let usSpending = Self.spendingUSD(result.projection(variant: variant, country: us.index), in: shown)
                else { return nil }
                let total = spending.reduce(0, +)
                table.append([
                    .text(shown == b ? "\(b) (observed)" : policy.label), .number(Double(shown)), .number(usSpending),
                    .number(total), .number(100 * usSpending / total),
                ])
            }
        }
        return table
    }

    public func section(_ report: ProjectionReport, currency: MoneyCurrency) -> Document.Section? {
        guard var section = defaultSection(report, currency: currency) else { return nil }
        if let us = unitedStatesTable(report) { section.blocks.insert(.table(us), at: 0) }
        return section
    }
}
