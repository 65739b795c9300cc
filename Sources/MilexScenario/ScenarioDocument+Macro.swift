import MilexModel

/// A `macro` block as written (MODEL.md §12): its keys and its `by_country` entries.
struct MacroDocument: Sendable {
    var block: KeyedBlock<MacroParameter>
    var byCountry: [(selector: CountryReference, block: KeyedBlock<MacroParameter>)] = []

    /// The block's keys as settings.
    static func settings(_ block: KeyedBlock<MacroParameter>) -> MacroSettings {
        func number(_ key: MacroParameter) -> Double? {
            if case .number(let value) = block.values[key]?.value { return value }
            return nil
        }
        return MacroSettings(
            multiplier: number(.multiplier), persistenceYears: number(.persistenceYears).map { Int($0) },
            importShare: number(.importShare), budgetElasticity: number(.budgetElasticity))
    }
}

extension MacroParameter {
    /// The keys a variant's `sweep` may vary in its `macro` block (`macro.multiplier`, …).
    static var sweepKeys: [String] { allCases.map { "macro.\($0.key)" } }
}

extension DocumentReader {
    /// `{"multiplier": μ, "persistence_years": P, "import_share": m, "budget_elasticity": ε,
    /// "by_country": {code or group: {the same keys}}}`; each value checked against its
    /// description (μ ≥ 0, P a whole number ≥ 1, m in [0, 1], ε ≥ 0).
    mutating func macroBlock(_ value: JSONValue, _ path: JSONPath) -> MacroDocument? {
        let keys = MacroParameter.allCases.map(\.key) + ["by_country"]
        guard
            let members = object(
                value, path, allowed: keys, what: "a macro object, {\"multiplier\": 0.75, \"persistence_years\": 3, …}")
        else { return nil }
        var document = MacroDocument(block: KeyedBlock(location: location(value, path)))
        for member in members {
            let memberPath = path.key(member.key)
            guard let key = MacroParameter(rawValue: member.key) else {
                guard
                    let selectors = object(
                        member.value, memberPath, allowed: nil, what: "an object {\"DE\": {\"import_share\": 0.3}}")
                else { continue }
                for selector in selectors {
                    let selectorPath = memberPath.key(selector.key)
                    guard
                        let block = keyedBlock(
                            selector.value, selectorPath, keys: MacroParameter.allCases, spec: \MacroParameter.spec,
                            what: "an object of macro keys, {\"import_share\": 0.3}")
                    else { continue }
                    document.byCountry.append(
                        (CountryReference(code: selector.key, location: location(selector.value, selectorPath)), block))
                }
                continue
            }
            if let parsed = self.value(member.value, memberPath, spec: key.spec) {
                document.block.values[key] = Located(value: parsed, location: location(member.value, memberPath))
            }
        }
        return document
    }
}

extension ScenarioLoader {
    /// A variant's GDP feedback: the scenario's block with the variant's written over it key by
    /// key; `by_country` per country and key (groups first, then codes, so a code wins), the
    /// scenario's entries under the variant's. Nil when neither has a block.
    func macroFeedback(scenario: MacroDocument?, variant: MacroDocument?, countries: [String]) -> MacroFeedback? {
        guard scenario != nil || variant != nil else { return nil }
        var feedback = MacroFeedback()
        for document in [scenario, variant].compactMap({ $0 }) {
            feedback.settings = feedback.settings.overlaid(by: MacroDocument.settings(document.block))
            let ranked = document.byCountry.enumerated().sorted { a, b in
                let groupA = dataset.groups[a.element.selector.code] != nil
                let groupB = dataset.groups[b.element.selector.code] != nil
                return groupA != groupB ? groupA : a.offset < b.offset
            }.map(\.element)
            for entry in ranked {
                let members = dataset.groups[entry.selector.code].map { Set($0.members) } ?? [entry.selector.code]
                for code in countries where members.contains(code) {
                    feedback.byCountry[code] = (feedback.byCountry[code] ?? MacroSettings()).overlaid(
                        by: MacroDocument.settings(entry.block))
                }
            }
        }
        return feedback
    }
}
