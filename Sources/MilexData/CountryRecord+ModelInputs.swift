import MilexModel

extension CountryRecord {
    /// The inputs of MODEL.md §2 for the dataset's base year, each with its provenance.
    ///
    /// Figures the dataset lacks stay missing (a scenario must supply them); the choices made
    /// here are documented in Data/README.md ("From figures to model inputs") and repeated in
    /// `notes` where they matter for a reader.
    public func modelInputs() -> CountryInputs {
        let b = baseYear
        var inputs = CountryInputs(code: code)
        inputs.set(.name, .text(name), from: .modelDefault("dataset country name"))
        inputs.set(.currency, .text(currency), from: .modelDefault("dataset currency"))

        func provenance(_ figure: Figure) -> Provenance {
            .dataset(source: figure.source, vintage: figure.vintage, year: figure.year)
        }
        func setFigure(_ parameter: CountryParameter, _ key: String, year: Int) {
            if let figure = figure(key, year: year) {
                inputs.set(parameter, .number(figure.value), from: provenance(figure))
            }
        }

        // Exchange rates as published (EUR or USD per unit, or units per EUR or USD); the model
        // takes units per EUR, so inverses and cross rates through the dollar are derived and say so.
        let euroDollar = usdPerEUR
        if currency == "EUR" {
            inputs.set(.perEUR, .number(1), from: .modelDefault("1 for a EUR country"))
        } else if let rate = figure("nc_per_eur", year: b) {
            inputs.set(.perEUR, .number(rate.value), from: provenance(rate))
        } else if let rate = figure("eur_per_nc", year: b), rate.value > 0 {
            inputs.set(.perEUR, .number(1 / rate.value), from: .derived(formula: "1 / eur_per_nc \(b)", sources: [rate.source]))
        } else if let rate = figure("nc_per_usd", year: b), let euroDollar {
            inputs.set(
                .perEUR, .number(rate.value * euroDollar.value),
                from: .derived(
                    formula: "nc_per_usd × USD per EUR = \(rate.value) × \(euroDollar.value)",
                    sources: [rate.source, euroDollar.source]))
        }
        if let rate = figure("nc_per_usd", year: b) {
            inputs.set(.perUSD, .number(rate.value), from: provenance(rate))
        } else if let rate = figure("usd_per_nc", year: b), rate.value > 0 {
            inputs.set(.perUSD, .number(1 / rate.value), from: .derived(formula: "1 / usd_per_nc \(b)", sources: [rate.source]))
        } else if case .number(let perEUR) = inputs.values[.perEUR], let euroDollar {
            inputs.set(
                .perUSD, .number(perEUR / euroDollar.value),
                from: .derived(formula: "per_eur / USD per EUR = \(perEUR) / \(euroDollar.value)", sources: [euroDollar.source]))
        }

        setFigure(.gdpBn, "gdp_nc_bn", year: b)
        // Without GDP in national currency or a rate to the euro, NATO's GDP in current dollars
        // (Table 5) stands in, and the country's money figures are in USD.
        if inputs.values[.gdpBn] == nil || inputs.values[.perEUR] == nil, let dollars = figure("gdp_usd_bn", year: b),
            let euroDollar
        {
            inputs.set(
                .currency, .text("USD"),
                from: .derived(
                    formula: "money in USD: no national-currency GDP or euro rate in the dataset", sources: [dollars.source]))
            inputs.set(.gdpBn, .number(dollars.value), from: provenance(dollars))
            inputs.set(.perEUR, .number(euroDollar.value), from: provenance(euroDollar))
            inputs.set(.perUSD, .number(1), from: .modelDefault("1 for money in USD"))
            inputs.notes.append(
                "Money in USD: NATO's GDP in current dollars (\(dollars.source)) stands in for GDP in national currency, which the dataset lacks together with a euro rate; shares of GDP are unaffected."
            )
        }
        setFigure(.debt, "debt_pct_gdp", year: b)
        setFigure(.implicitRate, "implicit_rate_pct", year: b)
        setFigure(.defence, "defence_pct_gdp", year: b)

        // The baseline primary balance holds at its base-year value (MODEL.md §4 default); the
        // observed headline balance comes from the same vintage, so interest in the base-year
        // row (pb − b) is consistent.
        if let primary = figure("primary_balance_pct_gdp", year: b) {
            inputs.set(.primaryBalance, .number(primary.value), from: provenance(primary))
            if let balance = figures("balance_pct_gdp", year: b).first(where: { $0.vintage == primary.vintage }) {
                inputs.set(.balance, .number(balance.value), from: provenance(balance))
            }
        }

        // Nominal growth: the forecasts for B+1 and B+2 (Commission spring 2025 for the EU),
        // the last one held flat afterwards (MODEL.md's rule for maps; Data/README.md).
        let forecastYears = (b + 1...b + 2).filter { figure("nominal_growth_pct", year: $0) != nil }
        if !forecastYears.isEmpty {
            var points: [Int: Double] = [:]
            var sources: [String] = []
            for year in forecastYears {
                let growth = figure("nominal_growth_pct", year: year)!
                points[year] = growth.value
                sources.append(growth.source)
            }
            let series = points.count == 1 ? YearSeries(constant: points.values.first!) : YearSeries(points: points)
            inputs.set(
                .nominalGrowth, .series(series),
                from: .derived(
                    formula: "forecasts for \(forecastYears.map(String.init).joined(separator: ", ")); the last held flat after",
                    sources: Array(Set(sources)).sorted()))
        }

        // Market rate on new debt: the latest annual 10-year yield (up to B+1), held flat.
        if let yield = latestFigure("lt_yield_pct", upTo: b + 1) {
            inputs.set(.marketRate, .number(yield.value), from: provenance(yield))
            if yield.year > b {
                inputs.notes.append("Market rate: the \(yield.year) average 10-year yield (\(yield.source)) held flat.")
            }
        }

        // Average maturity: stated directly, or derived from the annual share of debt maturing.
        if let maturity = latestFigure("average_maturity_years", upTo: b) {
            inputs.set(.averageMaturity, .number(maturity.value), from: provenance(maturity))
        } else if let derived = derivedMaturity() {
            inputs.set(.averageMaturity, .number(derived.value), from: derived.provenance)
        }

        // Escape-clause reference level: s_2021 such that s_B − s_2021 equals the COFOG 02
        // increase from 2021 to B (MODEL.md §6).
        if let sB = figure("defence_pct_gdp", year: b) {
            if let cofogB = figure("cofog02_pct_gdp", year: b), let cofog2021 = figure("cofog02_pct_gdp", year: 2021) {
                inputs.set(
                    .defence2021, .number(sB.value - (cofogB.value - cofog2021.value)),
                    from: .derived(
                        formula: "s_B − (COFOG02 \(b) − COFOG02 2021) = \(sB.value) − (\(cofogB.value) − \(cofog2021.value))",
                        sources: [sB.source, cofogB.source]))
            } else if escapeClause != nil || isMember(of: "eu"), let nato2021 = figure("defence_pct_gdp", year: 2021) {
                inputs.set(.defence2021, .number(nato2021.value), from: provenance(nato2021))
                inputs.notes.append(
                    "Escape-clause reference: no Eurostat COFOG 02 series, so the 2021 share on the \(nato2021.measure) measure stands in."
                )
            }
        }

        if let allocation = figure("safe_allocation_eur", year: 2025) ?? latestFigure("safe_allocation_eur", upTo: b + 2) {
            inputs.set(.safeAllocation, .number(allocation.value / 1e9), from: provenance(allocation))
        }
        // National fiscal rules as data (a floor on the balance with exemptions).
        inputs.fiscalRules = nationalRules.compactMap { rule in
            let exemptions = rule.exemptions.compactMap { exemption in
                ProjectionMetric(rawValue: exemption.measure).map {
                    NationalFiscalRule.Exemption(measure: $0, abovePctGDP: exemption.abovePctGDP)
                }
            }
            guard rule.kind == "structural_balance_floor", exemptions.count == rule.exemptions.count else {
                // Scripts/build-dataset.py rejects such a rule; a hand-edited file gets a note.
                inputs.notes.append("National rule \(rule.id) is of a kind milex cannot evaluate and is left out.")
                return nil
            }
            return NationalFiscalRule(
                id: rule.id, name: rule.name, limitPctGDP: rule.limitPctGDP, exemptions: exemptions, source: rule.source,
                note: rule.note)
        }
        if let equipment = latestFigure("equipment_share_pct", upTo: b + 1) {
            inputs.set(.equipmentShare, .number(equipment.value), from: provenance(equipment))
        }
        if let clause = escapeClause {
            inputs.set(
                .escapeClauseYears, .years(clause.years),
                from: .dataset(source: clause.source, vintage: "activated \(clause.activated ?? "?")", year: nil))
        }
        return inputs
    }

    /// The average maturity implied by the annual share of debt maturing, when the dataset has
    /// the maturity structure: `M = 1 / (st + (1 − st)·lt)`, with `st` the short-term share
    /// of debt (maturing within the year) and `lt` the average share of long-term debt maturing
    /// each year.
    func derivedMaturity() -> (value: Double, provenance: Provenance)? {
        guard let shortTerm = latestFigure("debt_short_term_share", upTo: baseYear),
            let longTerm = latestFigure("debt_lt_maturing_avg_share", upTo: baseYear)
        else { return nil }
        // Negative shares (Estonia, Sweden in the source file) are not maturity structures: such a
        // country stays without a figure rather than get a meaningless one.
        guard shortTerm.value >= 0, shortTerm.value < 1, longTerm.value > 0 else { return nil }
        let maturing = shortTerm.value + (1 - shortTerm.value) * longTerm.value
        return (
            1 / maturing,
            .derived(
                formula: "1 / (st + (1 − st)·lt) with st = \(shortTerm.value), lt = \(longTerm.value)",
                sources: [shortTerm.source])
        )
    }
}
