import Foundation
import MilexModel
import MilexScenario

/// The assumptions that drive a run's headline figures, stated at the top of every document
/// built on it: the starting point, the baseline, where related spending starts, financing,
/// GDP feedback, stand-ins, rates and the escape clause.
public enum KeyAssumptions {
    public static func of(_ scenario: Scenario, _ result: ProjectionResult) -> [Document.Assumption] {
        var items: [Document.Assumption] = []
        let b = result.baseYear
        let vintage =
            scenario.datasetVintage.map { "built-in figures from milex dataset vintage \($0)" }
            ?? "every country defined in the scenario"
        items.append(
            .init("Starting point", "base year \(b) (observed figures), projected \(b + 1)–\(result.endYear); \(vintage)."))
        items.append(.init("Baseline", baselineText(scenario, result)))
        if let targets = targetsText(result) { items.append(.init("Targets", targets)) }
        if let related = relatedText(result) { items.append(.init("Defence-related spending", related)) }
        items.append(.init("Financing", financingText(result)))
        items.append(.init("GDP feedback", GDPFeedbackReport.assumption(result)))
        items.append(.init("Rates", ratesText(scenario, result)))
        if let clause = escapeText(result) { items.append(.init("Escape clause", clause)) }
        if let policy = policyText(result) { items.append(.init("Policy numbers", policy)) }
        let standIns = Set(scenario.scenarioInputs.filter { $0.kind == .standIn }.map(\.country)).sorted()
        items.append(
            .init(
                "Stand-ins",
                standIns.isEmpty
                    ? "none: every figure comes from the dataset or the scenario."
                    : "\(standIns.joined(separator: ", ")) lack figures no source gives; stated stand-ins fill them (Scenarios/common/missing-figures.json; the notes list each)."
            ))
        return items
    }

    static func baselineText(_ scenario: Scenario, _ result: ProjectionResult) -> String {
        let years = result.years
        let paths = result.countries.map { BaselinePaths(inputs: $0, years: years, policy: result.policy) }
        let forecast = zip(result.countries, paths).filter { $0.1.mode == .forecast && $0.1.lastForecastYear != nil }
        let frozen = zip(result.countries, paths).filter { !($0.1.mode == .forecast && $0.1.lastForecastYear != nil) }
        func list(_ codes: [String]) -> String { codes.count <= 10 ? codes.joined(separator: ", ") : "\(codes.count) countries" }
        var parts: [String] = []
        if !forecast.isEmpty {
            let ends = Set(forecast.compactMap { $0.1.lastForecastYear }).sorted().map(String.init)
            parts.append(
                "forecast (MODEL.md §10) for \(list(forecast.map(\.0.code))): the latest official forecast to \(ends.joined(separator: "/")) (the Commission's for EU members, the IMF WEO's real growth with the base-year deflator for the others), then the Commission's no-policy-change conventions — the structural primary balance held plus the change in ageing costs (2024 Ageing Report), the output gap closing in \(result.policy.gapClosureYears) years, real growth at potential, the deflator to \(PolicyText.percent(result.policy.deflatorTarget)) and the market rate to the 10-year forward rate by \(result.baseYear + result.policy.convergenceYears), no stock-flow adjustment; an input a convention lacks stays frozen (milex show CODE prints each path)"
            )
        }
        if !frozen.isEmpty {
            parts.append(
                "frozen for \(list(frozen.map(\.0.code))): primary balance, market rate and (after the forecast years given) nominal growth held at their base-year values, no stock-flow adjustment unless the scenario sets one"
            )
        }
        var text = "no policy change — " + parts.joined(separator: "; ")
        let planned = zip(result.countries, paths).filter { $0.1.anchorIndex > 0 }
        if !planned.isEmpty {
            let items = planned.map { "\($0.0.code) \($0.1.anchorYear)" }
            text +=
                ". Defence follows the published plans (NATO's estimates, enacted budgets; MODEL.md §11) to the last published year (\(items.count <= 12 ? items.joined(separator: ", ") : "\(items.count) countries")), then holds that share; variants start from it"
        } else {
            text += ". Defence and related spending at their \(result.baseYear) shares"
        }
        return text + "."
    }

    /// Where related spending starts, when a variant moves it: from the data's `q_B`, which is 0
    /// wherever no figure exists, so the whole related target counts as new money.
    static func relatedText(_ result: ProjectionResult) -> String? {
        let moving = result.variants.filter { variant in
            variant.related != nil || variant.countryPaths.values.contains { $0.related != nil }
        }
        guard !moving.isEmpty else { return nil }
        let zero = result.countries.filter { $0.relatedPctGDP == 0 }.map(\.code)
        let targets = Set(moving.compactMap { $0.related?.target }).sorted().map { NumberText.shortest($0) + " %" }
        let labels = moving.map { "\"\($0.label)\"" }.joined(separator: ", ")
        if zero.count == result.countries.count {
            return
                "it starts at 0 % of GDP for every country (the data has no figure on the Hague \(PolicyText(result.policy).hagueRelated) category), so all of it counts as new spending: \(targets.joined(separator: ", ")) of GDP by the target year in \(labels)."
        }
        return
            "it starts at each country's base-year figure (0 % where the data has none: \(zero.isEmpty ? "none" : zero.joined(separator: ", "))) and rises in \(labels)."
    }

    /// What each variant's target covers: core defence alone, or core and defence-related
    /// spending (the Hague split), so no reader takes "5 %" for the wrong one.
    static func targetsText(_ result: ProjectionResult) -> String? {
        func share(_ path: SpendingPath?) -> String? {
            guard let path else { return nil }
            if let target = path.target { return NumberText.shortest(target) + " %" }
            if let increase = path.increasePP { return "+" + NumberText.shortest(increase) + " pp" }
            if let growth = path.growthPct { return "spending growing " + NumberText.shortest(growth) + " % a year" }
            return path.points.map { _ in "a custom path" }
        }
        let parts = result.variants.dropFirst().compactMap { variant -> String? in
            guard let core = share(variant.defence) else { return nil }
            guard let related = share(variant.related) else { return "\(variant.label): core defence \(core)" }
            return "\(variant.label): core defence \(core) + defence-related \(related)"
        }
        guard !parts.isEmpty else { return nil }
        let anyRelated = result.variants.contains { $0.related != nil }
        return parts.joined(separator: "; ")
            + (anyRelated
                ? " (core on NATO's definition; defence-related is the Hague \(PolicyText(result.policy).hagueRelated) category)."
                : " (core defence on NATO's definition alone; no variant sets defence-related spending).")
    }

    static func financingText(_ result: ProjectionResult) -> String {
        let parts = result.variants.dropFirst().map { variant -> String in
            let financing = variant.financing
            var text: String
            switch financing.mode {
            case .withinEscapeClause:
                text = "extra core spending borrowed up to the escape-clause flexibility it creates, the rest offset"
            case .offsetShare:
                text =
                    financing.offsetShare == 0
                    ? "extra spending borrowed in full"
                    : "\(NumberText.shortest(financing.offsetShare * 100)) % of the extra spending offset by other measures, the rest borrowed"
            }
            if financing.safe { text += "; SAFE loans drawn at \(NumberText.shortest(financing.safeRatePct)) %" }
            return "\(variant.label): \(text)"
        }
        return parts.isEmpty ? "no variant beyond the baseline." : parts.joined(separator: "; ") + "."
    }

    static func ratesText(_ scenario: Scenario, _ result: ProjectionResult) -> String {
        let converging = result.countries.filter { $0.baselineMode == .forecast && $0.number(.forwardRate) != nil }
        var text =
            converging.isEmpty
            ? "new debt at each country's market rate (the latest 10-year yield, held flat, unless the scenario sets a path); the stock keeps its rate until it matures (1/M a year, M the average maturity)"
            : "new debt at each country's market rate: the latest 10-year yield moving linearly to the 10-year rate 10 years ahead (market forwards) by \(result.baseYear + result.policy.convergenceYears) for the forecast baseline's countries (\(converging.count)), held flat elsewhere; the stock keeps its rate until it matures (1/M a year, M the average maturity)"
        let shifted = scenario.scenarioInputs.filter { $0.kind == .shift && $0.parameter == .marketRate }
        if case .number(let amount)? = shifted.first?.value {
            text += "; market rates shifted by \(NumberText.shortest(amount)) percentage points by the scenario"
        }
        return text + "."
    }

    static func escapeText(_ result: ProjectionResult) -> String? {
        let p = PolicyText(result.policy)
        let active = result.countries.filter { !$0.escapeClauseYears.isEmpty }.map(\.code)
        guard !active.isEmpty else { return nil }
        return
            "reported in its active years for \(active.count <= 8 ? active.joined(separator: ", ") : "\(active.count) countries"): flexibility min(\(p.cap), defence − the \(p.referenceYear) level) % of GDP, measured against the \(p.deficit) deficit and, for members with an endorsed net expenditure path, as the allowance against that path (--view net-expenditure; MODEL.md §13)."
    }

    /// The policy numbers the scenario changed, against the policy file's.
    static func policyText(_ result: ProjectionResult) -> String? {
        let changed = result.policy.overridden.keys.sorted { $0.rawValue < $1.rawValue }
        guard !changed.isEmpty else { return nil }
        func text(_ value: Policy.Value) -> String {
            switch value {
            case .number(let number): return PolicyText.number(number)
            case .years(let years): return years.map(String.init).joined(separator: ", ")
            case .yearMap(let map):
                return map.keys.sorted().map { "\($0): \(PolicyText.number(map[$0]!))" }.joined(separator: ", ")
            }
        }
        let parts = changed.map { parameter in
            "\(parameter.rawValue) = \(text(result.policy.values[parameter]!)) (policy file: \(text(Policy.current.values[parameter]!)); \(Policy.entries[parameter]!.title))"
        }
        return "changed by the scenario: " + parts.joined(separator: "; ") + "."
    }
}
