import MilexData
import MilexModel
import MilexScenario

/// A group of countries shown as one aggregate row: EU27, NATO, the groups a scenario names.
public struct AggregateGroup: Sendable, Equatable {
    /// The group code (`EU27`, `NATO-EUROPE-CANADA`), or any code for a group given in code.
    public var code: String
    /// The group's name for readers (`NATO Europe & Canada`).
    public var name: String
    /// The members that are in the run, in the run's country order.
    public var members: [String]
    /// How many members the whole group has.
    public var size: Int

    public init(code: String, name: String, members: [String], size: Int) {
        self.code = code
        self.name = name
        self.members = members
        self.size = size
    }

    /// The row label: the name and how many members it sums (`EU27 (27)`, `Euro area (4 of 20)`).
    public var label: String {
        members.count == size ? "\(name) (\(size))" : "\(name) (\(members.count) of \(size))"
    }
}

/// One row's year-by-year figures (a country, or a group summed) under one variant, money in
/// the report's currency at the fixed base-year exchange rates.
public struct RowPath: Sendable, Equatable {
    /// `B … E`.
    public var years: [Int]
    /// Nominal GDP, bn (report currency).
    public var gdpBn: [Double]
    /// Nominal GDP in bn EUR: the weights of ratio aggregates (the same whatever the report
    /// currency, so an aggregate's ratios do not depend on it).
    public var weightBn: [Double]
    /// Core defence plus defence-related spending, bn.
    public var spendingBn: [Double]
    /// Core defence plus defence-related spending, % of GDP.
    public var spendingPct: [Double]
    /// Core defence spending, % of GDP.
    public var defencePct: [Double]
    /// The extra effort against the base-year shares, bn (`Δ_t·Y_t/100`).
    public var extraBn: [Double]
    /// Gross debt, % of GDP.
    public var debtPct: [Double]
    /// Gross debt less the assets accumulated while debt is at its floor, % of GDP (the gross
    /// ratio wherever the floor never bound).
    public var netDebtPct: [Double]
    /// The deficit (−headline balance), % of GDP.
    public var deficitPct: [Double]
    /// Escape-clause flexibility used, bn a year (`used_t·Y_t/100`); nil without active clause years.
    public var escapeUsedBn: [Double]?
    /// Interest saved by SAFE against the same run without it, cumulative, bn; nil without a SAFE draw.
    public var safeSavingCumulativeBn: [Double]?
    /// The GDP effect of the extra spending, % of GDP without feedback (MODEL.md §12).
    public var gdpEffectPct: [Double]? = nil
    /// GDP without the feedback in bn EUR: the weights of the GDP effect's aggregate.
    public var noFeedbackWeightBn: [Double]? = nil

    /// The index of `year`, if projected.
    public func index(of year: Int) -> Int? { years.firstIndex(of: year) }

    /// The number of projected years (`B+1 … E`) with a deficit above 3 % of GDP.
    public func yearsDeficitAbove(_ reference: Double) -> Int { deficitPct.dropFirst().filter { $0 > reference }.count }

    /// The extra effort summed over the projected years `B+1 … E`, bn.
    public var cumulativeExtraBn: Double { extraBn.dropFirst().reduce(0, +) }

    /// Escape-clause flexibility used, summed over `B+1 … E`, bn.
    public var cumulativeEscapeUsedBn: Double? { escapeUsedBn.map { $0.dropFirst().reduce(0, +) } }
}

/// How aggregate rows are formed: money summed at fixed base-year rates, ratios weighted by
/// GDP, counts computed on the aggregate's own ratios.
public enum Aggregates {
    /// The groups every comparison sums when at least two of their members are in the run,
    /// with the names shown.
    public static let standardGroups: [(code: String, name: String)] = [
        ("EU27", "EU27"), ("NATO-EUROPE-CANADA", "NATO Europe & Canada"), ("NATO", "NATO"), ("EURO-AREA", "Euro area"),
        ("SAFE", "SAFE countries"),
    ]

    /// The note printed under a table with aggregate rows.
    public static func note(currency: String) -> String {
        "Aggregate rows: money summed over the members in the run in \(currency) at the fixed base-year exchange rates; ratios weighted by GDP (the sum of ratio × GDP over the sum of GDP in the same year, GDP in EUR; for debt this is total debt over total GDP); years above 3 % counted on the aggregate's own deficit ratio. A group is shown when at least two of its members are in the run; the label says how many (\"of 27\": members outside the run are left out); a group with the same members as one above it is not repeated."
    }

    /// The aggregate rows for a run of `countries`: the groups `named` by the scenario first, then
    /// the standard groups, then `extra`; each with at least two members in the run, and none
    /// repeating the member set of an earlier one.
    public static func groups(
        countries: [String], named: [(code: String, members: [String])], extra: [AggregateGroup] = [],
        dataset: Dataset = .builtIn
    ) -> [AggregateGroup] {
        let order = Dictionary(countries.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        func inRun(_ members: [String]) -> [String] {
            Array(Set(members.filter { order[$0] != nil })).sorted { order[$0]! < order[$1]! }
        }
        func displayName(_ code: String) -> String {
            standardGroups.first { $0.code == code }?.name ?? dataset.groups[code]?.name ?? code
        }
        var candidates: [AggregateGroup] = []
        for group in named {
            let all = dataset.groups[group.code]?.members ?? group.members
            candidates.append(
                AggregateGroup(code: group.code, name: displayName(group.code), members: inRun(all), size: all.count))
        }
        for group in standardGroups {
            guard let all = dataset.groups[group.code]?.members else { continue }
            candidates.append(AggregateGroup(code: group.code, name: group.name, members: inRun(all), size: all.count))
        }
        candidates += extra.map { group in
            var group = group
            group.members = inRun(group.members)
            return group
        }
        var seen: Set<[String]> = []
        return candidates.filter { group in
            group.members.count >= 2 && seen.insert(group.members.sorted()).inserted
        }
    }

    /// The rate that converts a country's money into `currency` (units of its currency per unit),
    /// nil when the dataset has no such rate.
    public static func rate(_ country: CountryInputs, to currency: MoneyCurrency) -> Double? {
        ProjectionReport.rate(country, to: currency)
    }

    /// One country's path under one variant; money divided by `rate` (units of national
    /// currency per unit of the report currency).
    public static func path(_ projection: CountryProjection, variant: PolicyVariant, rate: Double) -> RowPath {
        let country = projection.country
        let gdp = projection[.gdp]
        let perEUR = country.perEUR ?? .nan
        let projected = Set(projection.years.dropFirst())
        let escapeActive = !variant.activeEscapeClauseYears(for: country).isDisjoint(with: projected)
        let drawsSAFE = variant.drawsSAFE(country)
        let used = projection[.escapeFlexibilityUsed]
        return RowPath(
            years: projection.years,
            gdpBn: gdp.map { $0 / rate },
            weightBn: gdp.map { $0 / perEUR },
            spendingBn: zip(projection[.defenceBn], projection[.relatedBn]).map { ($0 + $1) / rate },
            spendingPct: zip(projection[.defence], projection[.related]).map { $0 + $1 },
            defencePct: projection[.defence],
            extraBn: projection[.extraBn].map { $0 / rate },
            debtPct: projection[.debt],
            netDebtPct: projection[.netDebt],
            deficitPct: projection[.balance].map { -$0 },
            escapeUsedBn: escapeActive ? zip(used, gdp).map { $0 * $1 / 100 / rate } : nil,
            safeSavingCumulativeBn: drawsSAFE ? projection[.safeInterestSavingCumulativeBn].map { $0 / rate } : nil,
            gdpEffectPct: projection[.gdpEffect], noFeedbackWeightBn: projection[.gdpNoFeedbackBn].map { $0 / perEUR })
    }

    /// The aggregate of several rows (same years, same currency): money summed, ratios weighted
    /// by GDP (in EUR), optional series summed over the members that have them (nil if none has).
    public static func combine(_ paths: [RowPath]) -> RowPath {
        precondition(!paths.isEmpty, "an aggregate needs members")
        let years = paths[0].years
        let count = years.count
        func sum(_ series: (RowPath) -> [Double]) -> [Double] {
            (0..<count).map { index in paths.reduce(0) { $0 + series($1)[index] } }
        }
        func weighted(_ series: (RowPath) -> [Double]) -> [Double] {
            (0..<count).map { index in
                let total = paths.reduce(0) { $0 + $1.weightBn[index] }
                return paths.reduce(0) { $0 + series($1)[index] * $1.weightBn[index] } / total
            }
        }
        func optionalSum(_ series: (RowPath) -> [Double]?) -> [Double]? {
            let present = paths.compactMap(series)
            guard !present.isEmpty else { return nil }
            return (0..<count).map { index in present.reduce(0) { $0 + $1[index] } }
        }
        // The GDP effect over GDP without it: Σγ·Ỹ/ΣỸ = 100·(ΣY − ΣỸ)/ΣỸ.
        var gdpEffect: [Double]?
        if paths.allSatisfy({ $0.gdpEffectPct != nil && $0.noFeedbackWeightBn != nil }) {
            gdpEffect = (0..<count).map { index in
                let total = paths.reduce(0) { $0 + $1.noFeedbackWeightBn![index] }
                return paths.reduce(0) { $0 + $1.gdpEffectPct![index] * $1.noFeedbackWeightBn![index] } / total
            }
        }
        return RowPath(
            years: years, gdpBn: sum(\.gdpBn), weightBn: sum(\.weightBn), spendingBn: sum(\.spendingBn),
            spendingPct: weighted(\.spendingPct), defencePct: weighted(\.defencePct), extraBn: sum(\.extraBn),
            debtPct: weighted(\.debtPct), netDebtPct: weighted(\.netDebtPct), deficitPct: weighted(\.deficitPct),
            escapeUsedBn: optionalSum(\.escapeUsedBn), safeSavingCumulativeBn: optionalSum(\.safeSavingCumulativeBn),
            gdpEffectPct: gdpEffect,
            noFeedbackWeightBn: paths.allSatisfy { $0.noFeedbackWeightBn != nil } ? optionalSum(\.noFeedbackWeightBn) : nil)
    }
}
