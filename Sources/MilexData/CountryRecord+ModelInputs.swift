import MilexModel

extension CountryRecord {
    /// The inputs of MODEL.md §2 for base year `b` (default: the dataset's), each with its
    /// provenance.
    ///
    /// Each input takes the figure of the base year, the latest published (the vintage rule).
    /// Where the dataset has none, a documented derivation or an earlier year's figure stands
    /// in, and `notes` says so (Data/README.md, "From figures to model inputs"):
    /// - exchange rates, the 10-year yield, average maturity, the equipment share and, for
    ///   countries outside NATO, the defence share: the latest year up to `b`;
    /// - the primary balance: the balance plus the interest bill of the same year, the interest
    ///   from the same source as a primary-balance forecast where the outturn lacks one;
    /// - the implicit rate: interest over the previous year's debt, in money, where published.
    /// GDP, debt and the balance are never taken from another year. Figures the dataset lacks
    /// stay missing (a scenario supplies them, or the stand-ins do).
    public func modelInputs(baseYear year: Int? = nil, policy: Policy = .current) -> CountryInputs {
        let referenceYear = policy.escapeClauseReferenceYear
        let b = year ?? baseYear
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
        /// The figure of `key` in `b`, or the latest before it (noted; the notes join the inputs' at
        /// the end, so this never touches `inputs` while a helper holds it).
        var fallbackNotes: [String] = []
        func latest(_ key: String, what: String) -> Figure? {
            guard let figure = latestFigure(key, upTo: b) else { return nil }
            if figure.year < b {
                fallbackNotes.append(
                    "\(what): the \(figure.year) figure (\(figure.source)) stands in for \(b), for which the dataset has none.")
            }
            return figure
        }

        // Exchange rates as published (EUR or USD per unit, or units per EUR or USD); the model
        // takes units per EUR, so inverses and cross rates through the dollar are derived and say so.
        let euroDollar = usdPerEUR(upTo: b)
        if currency == "EUR" {
            inputs.set(.perEUR, .number(1), from: .modelDefault("1 for a EUR country"))
        } else if let rate = latest("nc_per_eur", what: "Exchange rate") {
            inputs.set(.perEUR, .number(rate.value), from: provenance(rate))
        } else if let rate = latest("eur_per_nc", what: "Exchange rate"), rate.value > 0 {
            inputs.set(
                .perEUR, .number(1 / rate.value), from: .derived(formula: "1 / eur_per_nc \(rate.year)", sources: [rate.source]))
        } else if let rate = latest("nc_per_usd", what: "Exchange rate"), let euroDollar {
            inputs.set(
                .perEUR, .number(rate.value * euroDollar.value),
                from: .derived(
                    formula: "nc_per_usd × USD per EUR = \(rate.value) × \(euroDollar.value)",
                    sources: [rate.source, euroDollar.source]))
        }
        if let rate = latestFigure("nc_per_usd", upTo: b) {
            inputs.set(.perUSD, .number(rate.value), from: provenance(rate))
        } else if let rate = latestFigure("usd_per_nc", upTo: b), rate.value > 0 {
            inputs.set(
                .perUSD, .number(1 / rate.value), from: .derived(formula: "1 / usd_per_nc \(rate.year)", sources: [rate.source]))
        } else if case .number(let perEUR) = inputs.values[.perEUR], let euroDollar {
            inputs.set(
                .perUSD, .number(perEUR / euroDollar.value),
                from: .derived(formula: "per_eur / USD per EUR = \(perEUR) / \(euroDollar.value)", sources: [euroDollar.source]))
        }
        if let rate = euroDollar, rate.year < b, currency != "USD" {
            inputs.notes.append("Euro–dollar rate: the \(rate.year) annual average (\(rate.source)) stands in for \(b).")
        }

        setFigure(.gdpBn, "gdp_nc_bn", year: b)
        if let gdp = figure("gdp_nc_bn", year: b), gdp.status == "forecast" {
            inputs.notes.append(
                "GDP \(b): the forecast level of \(gdp.vintage) (\(gdp.source)); the outturn is not in the dataset (shares of GDP are unaffected; money figures scale with it)."
            )
        }
        // Without GDP in national currency or a rate to the euro, GDP in current dollars stands
        // in, and the country's money figures are in USD.
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
                "Money in USD: GDP in current dollars (\(dollars.source)) stands in for GDP in national currency, which the dataset lacks together with a euro rate; shares of GDP are unaffected."
            )
        }
        setFigure(.debt, "debt_pct_gdp", year: b)
        setDefence(into: &inputs, b: b, provenance: provenance, latest: latest)
        setBalances(into: &inputs, b: b, provenance: provenance)
        setImplicitRate(into: &inputs, b: b, provenance: provenance)

        // Nominal growth: the forecasts for B+1 and B+2, the last one held flat afterwards
        // (MODEL.md's rule for maps; Data/README.md).
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
            if yield.year != b {
                inputs.notes.append("Market rate: the \(yield.year) average 10-year yield (\(yield.source)) held flat.")
            }
        }

        // Average maturity: stated directly, or derived from the annual share of debt maturing.
        if let maturity = latestFigure("average_maturity_years", upTo: b) {
            inputs.set(.averageMaturity, .number(maturity.value), from: provenance(maturity))
        } else if let derived = derivedMaturity(upTo: b) {
            inputs.set(.averageMaturity, .number(derived.value), from: derived.provenance)
        }

        // Escape-clause reference level: s_2021 such that s_B − s_2021 equals the COFOG 02
        // increase from the reference year (the policy file's, 2021) to B (MODEL.md §6).
        if let sB = inputs.values[.defence], case .number(let share) = sB, let source = inputs.provenance[.defence] {
            let sources = source.sourceIDs
            if let cofogB = figure("cofog02_pct_gdp", year: b),
                let cofog2021 = figure("cofog02_pct_gdp", year: referenceYear)
            {
                inputs.set(
                    .defence2021, .number(share - (cofogB.value - cofog2021.value)),
                    from: .derived(
                        formula:
                            "s_B − (COFOG02 \(b) − COFOG02 \(referenceYear)) = \(share) − (\(cofogB.value) − \(cofog2021.value))",
                        sources: sources + [cofogB.source]))
            } else if escapeClause != nil || isMember(of: "eu"),
                let nato2021 = figure("defence_pct_gdp", year: referenceYear)
            {
                inputs.set(.defence2021, .number(nato2021.value), from: provenance(nato2021))
                inputs.notes.append(
                    "Escape-clause reference: no Eurostat COFOG 02 series for \(b), so the \(referenceYear) share on the \(nato2021.measure) measure stands in."
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
        inputs.notes += fallbackNotes
        // The forecast baseline's inputs and the published plans (applied per the scenario's mode).
        setForecastInputs(into: &inputs, b: b)
        setPublishedPlans(into: &inputs, b: b)
        setNetExpenditure(into: &inputs, b: b)
        if let equipment = latestFigure("equipment_share_pct", upTo: b + 1) {
            inputs.set(.equipmentShare, .number(equipment.value), from: provenance(equipment))
        }
        setMacroDefaults(into: &inputs, baseYear: b)
        if let clause = escapeClause {
            inputs.set(
                .escapeClauseYears, .years(clause.years),
                from: .dataset(source: clause.source, vintage: "activated \(clause.activated ?? "?")", year: nil))
        }
        return inputs
    }

    /// `s_B`: NATO's share of the base year for allies; for other countries the base year's,
    /// else the latest earlier one (SIPRI's calendar-year series ends a year behind).
    private func setDefence(
        into inputs: inout CountryInputs, b: Int, provenance: (Figure) -> Provenance, latest: (String, String) -> Figure?
    ) {
        if let share = figure("defence_pct_gdp", year: b) {
            inputs.set(.defence, .number(share.value), from: provenance(share))
        } else if !isMember(of: "nato"), let share = latest("defence_pct_gdp", "Core defence spending") {
            inputs.set(.defence, .number(share.value), from: provenance(share))
        }
    }

    /// `pb_B` and the observed `b_B`, from one vintage so that the base-year interest (`pb − b`)
    /// is consistent.
    private func setBalances(into inputs: inout CountryInputs, b: Int, provenance: (Figure) -> Provenance) {
        let balances = figures("balance_pct_gdp", year: b)
        let primaries = figures("primary_balance_pct_gdp", year: b)
        let outturn = balances.first { $0.status != "forecast" }
        // The latest primary balance and the balance of its vintage — unless that pair is a
        // forecast and an outturn balance exists, which then wins (below).
        if let primary = primaries.first, primary.status != "forecast" || outturn == nil {
            inputs.set(.primaryBalance, .number(primary.value), from: provenance(primary))
            if let balance = balances.first(where: { $0.vintage == primary.vintage }) {
                inputs.set(.balance, .number(balance.value), from: provenance(balance))
            }
            return
        }
        guard let balance = outturn ?? balances.first else { return }
        // The latest balance (an outturn newer than any primary balance): add the interest bill
        // of the same year, published as such or as the difference of a forecast pair.
        if let interest = figure("interest_pct_gdp", year: b) {
            inputs.set(
                .primaryBalance, .number(balance.value + interest.value),
                from: .derived(
                    formula: "balance + interest \(b) = \(balance.value) + \(interest.value)",
                    sources: [balance.source, interest.source]))
            inputs.set(.balance, .number(balance.value), from: provenance(balance))
            return
        }
        if let primary = primaries.first, let pairedBalance = balances.first(where: { $0.vintage == primary.vintage }) {
            let interest = primary.value - pairedBalance.value
            inputs.set(
                .primaryBalance, .number(balance.value + interest),
                from: .derived(
                    formula:
                        "balance \(b) + interest \(b) of \(primary.vintage) = \(balance.value) + (\(primary.value) − \(pairedBalance.value))",
                    sources: [balance.source, primary.source]))
            inputs.set(.balance, .number(balance.value), from: provenance(balance))
            inputs.notes.append(
                "Primary balance \(b): the outturn balance (\(balance.source)) plus the interest bill of \(primary.vintage) (\(primary.source)), which the outturn's source does not give."
            )
        }
    }

    /// `i_B`: the base year's implicit rate, or interest over the previous year's debt in money.
    private func setImplicitRate(into inputs: inout CountryInputs, b: Int, provenance: (Figure) -> Provenance) {
        if let rate = figure("implicit_rate_pct", year: b) {
            inputs.set(.implicitRate, .number(rate.value), from: provenance(rate))
        } else if let interest = figure("interest_nc_bn", year: b), let debt = figure("debt_nc_bn", year: b - 1), debt.value > 0 {
            inputs.set(
                .implicitRate, .number(100 * interest.value / debt.value),
                from: .derived(
                    formula: "100 · interest \(b) / debt \(b - 1) = 100 · \(interest.value) / \(debt.value)",
                    sources: [interest.source, debt.source]))
        }
    }

    /// The average maturity implied by the annual share of debt maturing, when the dataset has
    /// the maturity structure: `M = 1 / (st + (1 − st)·lt)`, with `st` the short-term share
    /// of debt (maturing within the year) and `lt` the average share of long-term debt maturing
    /// each year.
    func derivedMaturity(upTo year: Int? = nil) -> (value: Double, provenance: Provenance)? {
        let b = year ?? baseYear
        guard let shortTerm = latestFigure("debt_short_term_share", upTo: b),
            let longTerm = latestFigure("debt_lt_maturing_avg_share", upTo: b)
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

extension Provenance {
    /// The dataset source ids this provenance cites.
    var sourceIDs: [String] {
        switch self {
        case .dataset(let source, _, _): return [source]
        case .derived(_, let sources): return sources
        default: return []
        }
    }
}
