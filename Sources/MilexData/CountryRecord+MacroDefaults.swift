import MilexModel

extension CountryRecord {
    /// The country defaults of the GDP feedback (MODEL.md §12, docs/macro.md), where the data
    /// has what they are made of; a country without them runs with MODEL.md's 0.5.
    ///
    /// - `import_share` `m = e/100 · f`: the equipment share of defence spending `e` (NATO
    ///   Table 8a, the `equipment_share_pct` input) times the share of equipment bought abroad
    ///   `f` — for EU members the Commission's EU-wide share of defence acquisitions made outside
    ///   the EU (`equipment_import_share_pct`, EDIS), for the US the share of DoD contract
    ///   obligations paid to foreign entities. Personnel and operations count as domestic.
    /// - `budget_semi_elasticity` `ε`: the Commission's semi-elasticity (a timeless parameter,
    ///   stored under one year), for the EU members.
    func setMacroDefaults(into inputs: inout CountryInputs, baseYear b: Int) {
        if let elasticity = latestFigure("budget_semi_elasticity", upTo: .max) {
            inputs.set(
                .budgetSemiElasticity, .number(elasticity.value),
                from: .dataset(source: elasticity.source, vintage: elasticity.vintage, year: nil))
        }
        guard let equipment = inputs.equipmentSharePct, let equipmentSource = inputs.provenance[.equipmentShare] else {
            return
        }
        let abroad: (share: Double, formula: String, sources: [String])?
        if let outside = latestFigure("equipment_import_share_pct", upTo: b) {
            abroad = (
                outside.value / 100, "\(Self.text(outside.value)) % of equipment bought outside the EU (\(outside.year))",
                [outside.source]
            )
        } else if let foreign = latestFigure("foreign_entity_purchases_usd_bn", upTo: b),
            let total = figure("contract_obligations_usd_bn", year: foreign.year), total.value > 0
        {
            abroad = (
                foreign.value / total.value,
                "\(Self.text(foreign.value)) / \(Self.text(total.value)) bn USD of contract obligations paid to foreign entities (FY\(foreign.year))",
                Array(Set([foreign.source, total.source])).sorted()
            )
        } else {
            abroad = nil
        }
        guard let abroad else { return }
        inputs.set(
            .importShare, .number(equipment / 100 * abroad.share),
            from: .derived(
                formula: "equipment share × share of equipment bought abroad = \(Self.text(equipment)) % × \(abroad.formula)",
                sources: equipmentSource.sourceIDs + abroad.sources))
    }

    /// A figure as written in a formula: whole numbers without decimals.
    private static func text(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : "\(value)"
    }
}
