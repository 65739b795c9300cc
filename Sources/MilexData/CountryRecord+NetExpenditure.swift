import MilexModel

/// The inputs of MODEL.md §13 for a member state with an endorsed net expenditure path.
extension CountryRecord {
    /// The path in force (the corrective path of an excessive deficit procedure, else the plan),
    /// the revenue ratio and the path's starting level.
    ///
    /// - `ρ`: primary expenditure plus the primary balance of the base year, of one vintage (the
    ///   identity revenue = primary expenditure + primary balance; AMECO through the Bruegel
    ///   EU-DSA input file).
    /// - A: the path's base year; NE_A = primary expenditure × GDP of that year. Where the data
    ///   lacks A's figures (the January 2025 plans count from 2023; the dataset starts in 2024),
    ///   the path starts from the earliest year it has, with the control account at 0 there,
    ///   and the provenance says so.
    func setNetExpenditure(into inputs: inout CountryInputs, b: Int) {
        guard let path = netExpenditure?.pathInForce, !path.ceilings.isEmpty else { return }
        let expenditureYears = years(of: "primary_expenditure_pct_gdp").filter { $0 <= b }
        guard let revenueYear = expenditureYears.contains(b) ? b : expenditureYears.last,
            let expenditure = figure("primary_expenditure_pct_gdp", year: revenueYear),
            let primary =
                figures("primary_balance_pct_gdp", year: revenueYear).first(where: { $0.vintage == expenditure.vintage })
                ?? figure("primary_balance_pct_gdp", year: revenueYear)
        else { return }
        inputs.set(
            .revenue, .number(expenditure.value + primary.value),
            from: .derived(
                formula:
                    "primary expenditure + primary balance \(revenueYear) = \(expenditure.value) + \(primary.value) (held constant)",
                sources: Array(Set([expenditure.source, primary.source])).sorted()))
        inputs.set(
            .netExpenditureCeilings, .series(YearSeries(points: path.ceilings)),
            from: .dataset(source: path.source, vintage: path.adopted.map { "adopted \($0)" } ?? "not dated", year: nil))
        let stated = path.baseYear ?? 2024
        guard stated < b else {
            inputs.set(
                .netExpenditureBaseYear, .number(Double(stated)),
                from: .dataset(source: path.source, vintage: path.baseYearBasis ?? "stated", year: nil))
            return
        }
        // The earliest year from the stated base year on with primary expenditure and GDP.
        let anchor = (stated...b).first { year in
            figure("primary_expenditure_pct_gdp", year: year) != nil && figure("gdp_nc_bn", year: year) != nil
        }
        guard let anchor else { return }
        inputs.set(
            .netExpenditureBaseYear, .number(Double(anchor)),
            from: anchor == stated
                ? .dataset(source: path.source, vintage: path.baseYearBasis ?? "stated", year: nil)
                : .derived(
                    formula:
                        "the path counts from \(stated); the dataset's first year with primary expenditure is \(anchor), where the control account starts at 0",
                    sources: [path.source]))
        guard anchor < b else { return }
        let share = figure("primary_expenditure_pct_gdp", year: anchor)!
        let gdp = figure("gdp_nc_bn", year: anchor)!
        inputs.set(
            .netExpenditureBaseBn, .number(share.value * gdp.value / 100),
            from: .derived(
                formula: "primary expenditure \(anchor) × GDP \(anchor) / 100 = \(share.value) × \(gdp.value) / 100",
                sources: Array(Set([share.source, gdp.source])).sorted()))
    }
}
