import MilexModel

/// The inputs of the forecast baseline (MODEL.md §10) and the published plans (§11) of a
/// built-in country, from the dataset's figures. The engine applies them (``BaselinePaths``);
/// here only the figures are chosen, each with its provenance (Data/README.md, "The baseline").
extension CountryRecord {
    /// The forecast years' paths and the conventions' inputs, for base year `b`.
    ///
    /// - Forecast years: the consecutive years from B+1 with a nominal growth forecast (the
    ///   Commission's for the EU, through the Bruegel EU-DSA input file); the primary balance and
    ///   the stock-flow adjustment (bn → % of GDP on the forecast GDP path) of those years.
    /// - Outside the EU, where the IMF WEO publishes real growth and the primary balance but the
    ///   dataset has no nominal GDP forecast, nominal growth is the WEO's real growth times the
    ///   base year's GDP deflator (`(1 + g_B)/(1 + rg_B)`), and the notes say so.
    /// - After them: potential growth (Output Gap Working Group, then the 2024 Ageing Report,
    ///   interpolated between), the output gap in F, the budget semi-elasticity, ageing costs, the
    ///   deflator in F and the 10-year-in-10-years forward rate.
    func setForecastInputs(into inputs: inout CountryInputs, b: Int) {
        func provenance(_ figure: Figure) -> Provenance {
            .dataset(source: figure.source, vintage: figure.vintage, year: figure.year)
        }
        func map(_ key: String, years: ClosedRange<Int>) -> (points: [Int: Double], sources: [String])? {
            var points: [Int: Double] = [:]
            var sources: Set<String> = []
            for year in years {
                guard let figure = figure(key, year: year) else { continue }
                points[year] = figure.value
                sources.insert(figure.source)
            }
            return points.isEmpty ? nil : (points, sources.sorted())
        }
        /// Every year of `key` from `from` on, as a series.
        func series(_ key: String, from: Int) -> (series: YearSeries, sources: [String])? {
            let years = self.years(of: key).filter { $0 >= from }
            guard !years.isEmpty else { return nil }
            var points: [Int: Double] = [:]
            var sources: Set<String> = []
            for year in years {
                let figure = figure(key, year: year)!
                points[year] = figure.value
                sources.insert(figure.source)
            }
            return (YearSeries(points: points), sources.sorted())
        }

        // F: the last of the consecutive forecast years of nominal growth after B.
        var last = b
        while figure("nominal_growth_pct", year: last + 1) != nil { last += 1 }
        var growth: [Int: Double] = [:]
        var growthSources: [String] = []
        var growthFormula = "the official forecast's nominal growth, \(b + 1)–\(last)"
        var realLast = b
        while figure("real_growth_pct", year: realLast + 1) != nil { realLast += 1 }
        // Outside the EU the WEO's real growth runs further than any nominal forecast.
        let useReal = !isMember(of: "eu") && realLast > last
        if !useReal, last > b, let given = map("nominal_growth_pct", years: (b + 1)...last) {
            growth = given.points
            growthSources = given.sources
        } else if useReal, let realPath = map("real_growth_pct", years: (b + 1)...realLast),
            let gB = figure("nominal_growth_pct", year: b), let rgB = figure("real_growth_pct", year: b)
        {
            // Real growth of the WEO with the base year's deflator held: the dataset has no WEO
            // nominal GDP (Data/additional/non-eu-2025/NOTES.md).
            let deflator = (1 + gB.value / 100) / (1 + rgB.value / 100)
            var year = b + 1
            while let real = realPath.points[year] {
                growth[year] = 100 * ((1 + real / 100) * deflator - 1)
                year += 1
            }
            last = year - 1
            growthSources = Array(Set(realPath.sources + [gB.source, rgB.source])).sorted()
            growthFormula =
                "real growth \(b + 1)–\(last) × the \(b) GDP deflator (1 + g_\(b))/(1 + rg_\(b)) = \(String(format: "%.4f", deflator))"
        }
        guard last > b, !growth.isEmpty else { return }
        inputs.set(
            .forecastNominalGrowth, .series(YearSeries(points: growth)),
            from: .derived(formula: growthFormula, sources: growthSources))
        if let primary = map("primary_balance_pct_gdp", years: (b + 1)...last) {
            inputs.set(
                .forecastPrimaryBalance, .series(YearSeries(points: primary.points)),
                from: .derived(formula: "the forecast's primary balance, \(b + 1)–\(last)", sources: primary.sources))
        }
        // Stock-flow adjustments come in money: % of GDP on the forecast's GDP path.
        if case .number(let gdpB) = inputs.values[.gdpBn] ?? .number(.nan), gdpB.isFinite,
            let flows = map("stock_flow_adjustment_nc_bn", years: (b + 1)...last)
        {
            var gdp = gdpB
            var points: [Int: Double] = [:]
            for year in (b + 1)...last {
                gdp *= 1 + (growth[year] ?? 0) / 100
                if let flow = flows.points[year] { points[year] = 100 * flow / gdp }
            }
            inputs.set(
                .forecastStockFlow, .series(YearSeries(points: points)),
                from: .derived(
                    formula: "stock-flow adjustment (bn) / GDP on the forecast path, \(b + 1)–\(last)", sources: flows.sources))
        }

        // The conventions after F.
        if let potential = series("potential_growth_pct", from: b) {
            inputs.set(
                .potentialGrowth, .series(potential.series),
                from: .derived(
                    formula: "potential growth as published (interpolated linearly between the years given)",
                    sources: potential.sources))
        }
        if let real = figure("real_gdp_nc_bn", year: last), let potential = figure("potential_gdp_nc_bn", year: last),
            potential.value > 0
        {
            inputs.set(
                .outputGap, .number(100 * (real.value / potential.value - 1)),
                from: .derived(
                    formula: "100 · (real GDP / potential GDP − 1) in \(last) = 100 · (\(real.value) / \(potential.value) − 1)",
                    sources: Array(Set([real.source, potential.source])).sorted()))
        }
        if let elasticity = latestFigure("budget_semi_elasticity", upTo: b + 1) {
            inputs.set(.budgetSemiElasticity, .number(elasticity.value), from: provenance(elasticity))
        }
        if let ageing = series("ageing_cost_pct_gdp", from: b) {
            inputs.set(
                .ageingCost, .series(ageing.series),
                from: .derived(formula: "age-related spending, % of GDP, by year", sources: ageing.sources))
        }
        if let deflator = figure("gdp_deflator_growth_pct", year: last) {
            inputs.set(.gdpDeflator, .number(deflator.value), from: provenance(deflator))
        }
        if let forward = latestFigure("fwd_rate_10y10y_pct", upTo: b + 1) {
            inputs.set(.forwardRate, .number(forward.value), from: provenance(forward))
        }
    }

    /// The published core-defence shares after `b` (MODEL.md §11): NATO's estimates for allies
    /// (on NATO's measure, that of `s_B`), enacted budgets for the other countries (a budget in
    /// money as a share of the GDP path). Government proposals and medium-term plans are not
    /// published spending and are left out (`milex show CODE` lists them).
    func setPublishedPlans(into inputs: inout CountryInputs, b: Int) {
        var points: [Int: Double] = [:]
        var sources: Set<String> = []
        let years = Set(
            self.years(of: "defence_pct_gdp") + years(of: "defence_budget_pct_gdp") + years(of: "defence_budget_nc_bn")
        )
        .filter { $0 > b }.sorted()
        guard !years.isEmpty else { return }
        // GDP on the path the baseline's growth gives, for budgets in money.
        func gdp(in year: Int) -> Double? {
            guard case .number(let gdpB) = inputs.values[.gdpBn] ?? .number(.nan), gdpB.isFinite else { return nil }
            let growth = inputs.series(.forecastNominalGrowth) ?? inputs.nominalGrowth
            var level = gdpB
            for y in (b + 1)...max(b + 1, year) where y <= year { level *= 1 + growth.value(in: y) / 100 }
            return level
        }
        let ally = isMember(of: "nato")
        for year in years {
            if ally {
                if let estimate = figures("defence_pct_gdp", year: year).first(where: { $0.status == "estimate" }) {
                    points[year] = estimate.value
                    sources.insert(estimate.source)
                }
                continue
            }
            if let budget = figures("defence_budget_pct_gdp", year: year).first(where: { $0.status == "budget" }) {
                points[year] = budget.value
                sources.insert(budget.source)
            } else if let budget = figures("defence_budget_nc_bn", year: year).first(where: { $0.status == "budget" }),
                let level = gdp(in: year), level > 0
            {
                points[year] = 100 * budget.value / level
                sources.insert(budget.source)
            }
        }
        guard !points.isEmpty else { return }
        let what = ally ? "NATO's estimates" : "enacted budgets (as a share of the GDP path)"
        inputs.set(
            .publishedDefence, .series(YearSeries(points: points)),
            from: .derived(
                formula: "\(what), \(points.keys.sorted().map(String.init).joined(separator: ", "))",
                sources: sources.sorted()))
    }
}
