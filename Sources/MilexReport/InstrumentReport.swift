import MilexModel
import MilexScenario

/// Summary tables on the instruments and rules (docs/instruments.md): fiscal-rule breaches,
/// SAFE loans, the national escape clause year by year, and NATO's measures.
extension ProjectionReport {
    /// The summary tables that apply to this run, in a fixed order.
    public func summaryTables(currency: MoneyCurrency = .eur) -> [Table] {
        var tables = variantsIndices.map { rulesTable(variant: $0) }
        tables += variantsIndices.compactMap { safeTable(variant: $0, currency: currency) }
        tables += variantsIndices.compactMap { escapeTable(variant: $0) }
        tables += variantsIndices.dropFirst().map { natoTable(variant: $0) }
        return tables
    }

    var variantsIndices: Range<Int> { result.variants.indices }

    /// The summary views `milex run --view` offers.
    public enum SummaryView: String, CaseIterable, Sendable {
        case rules, safe, escape, nato
    }

    /// One summary view for every variant it applies to, stacked with a `variant` column.
    public func stackedSummary(_ view: SummaryView, currency: MoneyCurrency = .eur) -> Table? {
        let tables: [(String, Table)] = variantsIndices.compactMap { index in
            let label = result.variants[index].label
            switch view {
            case .rules: return (label, rulesTable(variant: index))
            case .safe: return safeTable(variant: index, currency: currency).map { (label, $0) }
            case .escape: return escapeTable(variant: index).map { (label, $0) }
            case .nato: return index == 0 ? nil : (label, natoTable(variant: index))
            }
        }
        return Table.stacked(tables, id: view.rawValue, title: scenario.name)
    }

    private func years(_ projection: CountryProjection, _ flag: YearFlags) -> [Int] {
        projection.years.enumerated().filter { $0.offset > 0 && projection.flags[$0.offset].contains(flag) }.map(\.element)
    }

    private static func firstYear(_ years: [Int]) -> Table.Cell { years.first.map { .number(Double($0)) } ?? .text("none") }

    /// Per country: the years each EU rule and national rule is breached, and the first year.
    public func rulesTable(variant: Int) -> Table {
        let label = result.variants[variant].label
        let b = result.baseYear
        let e = result.endYear
        var table = Table(
            id: "rules-\(label)", title: "Fiscal rules, \(b + 1)–\(e) — \(label)",
            columns: [
                .init(id: "country", header: "Country", format: .text),
                .init(id: "debt_end", header: "Debt \(e)", unit: "%GDP", format: .number(decimals: 1)),
                .init(id: "deficit_above_3_years", header: ">3 %", unit: "years", format: .integer),
                .init(id: "deficit_above_3_first", header: "first", format: .integer),
                .init(id: "beyond_flexibility_years", header: ">3 %+flex", unit: "years", format: .integer),
                .init(id: "beyond_flexibility_first", header: "first", format: .integer),
                .init(id: "debt_above_60_years", header: "Debt>60", unit: "years", format: .integer),
                .init(id: "safeguard_years", header: "Safeguard", unit: "years", format: .integer),
                .init(id: "safeguard_first", header: "first", format: .integer),
                .init(id: "resilience_years", header: "Margin", unit: "years", format: .integer),
                .init(id: "national_rule_years", header: "National", unit: "years", format: .integer),
                .init(id: "national_rule_first", header: "first", format: .integer),
            ],
            notes: [
                "Counts of projected years in breach and the first year of breach. >3 %: deficit above 3 % of GDP; >3 %+flex: above 3 % plus the escape-clause flexibility (the breach with the clause); Debt>60: debt above 60 % of GDP.",
                "Safeguard: debt above 60 % in the base year not falling since then by 1 pp a year on average (base-year debt above 90 %) or 0.5 pp (60–90 %). Margin: headline balance below −1.5 % of GDP, a proxy for the structural deficit-resilience margin. National: a national rule (Germany's debt brake: balance plus core defence above 1 % of GDP, against −0.35 %, cyclical adjustment ignored).",
            ])
        for country in result.countries.indices {
            let projection = result.projection(variant: variant, country: country)
            let deficit = years(projection, .deficitAbove3)
            let beyond = years(projection, .deficitAbove3BeyondFlexibility)
            let safeguard = years(projection, .debtSafeguardPace)
            let national = years(projection, .nationalRuleBreach)
            let hasRule = !projection.country.fiscalRules.isEmpty
            table.append([
                .text(projection.country.code), .number(projection.value(.debt, in: e)!),
                .number(Double(deficit.count)), Self.firstYear(deficit),
                .number(Double(beyond.count)), Self.firstYear(beyond),
                .number(Double(years(projection, .debtAbove60).count)),
                .number(Double(safeguard.count)), Self.firstYear(safeguard),
                .number(Double(years(projection, .resilienceMargin).count)),
                hasRule ? .number(Double(national.count)) : .empty, hasRule ? Self.firstYear(national) : .empty,
            ])
        }
        return table
    }

    /// SAFE loans per drawing country: draw, debt, interest and the saving against the same run
    /// without SAFE, and whether the path's equipment spending can absorb the draw.
    public func safeTable(variant: Int, currency: MoneyCurrency) -> Table? {
        let policy = result.variants[variant]
        guard policy.financing.safe else { return nil }
        let e = result.endYear
        let money = currency == .national ? "bn NC" : "bn \(currency.rawValue)"
        var table = Table(
            id: "safe-\(policy.label)", title: "SAFE loans — \(policy.label)",
            columns: [
                .init(id: "country", header: "Country", format: .text),
                .init(id: "allocation", header: "Allocation", unit: "bn EUR", format: .number(decimals: 2)),
                .init(id: "draw", header: "Draw", unit: money, format: .number(decimals: 2)),
                .init(id: "safe_debt_end", header: "Debt \(e)", unit: money, format: .number(decimals: 2)),
                .init(id: "safe_interest_cumulative", header: "Interest", unit: money, format: .number(decimals: 2)),
                .init(id: "saving_cumulative", header: "Saving", unit: money, format: .number(decimals: 2)),
                .init(id: "saving_end_pct_gdp", header: "Saving \(e)", unit: "%GDP", format: .number(decimals: 3)),
                .init(id: "equipment_window", header: "Equipment", unit: money, format: .number(decimals: 1)),
                .init(id: "absorption", header: "Draw/eq.", unit: "%", format: .number(decimals: 0)),
            ],
            notes: [
                "Debt: SAFE debt outstanding at the end of \(e); Interest and Saving: cumulative \(result.baseYear + 1)–\(e). Draw: the disbursements within \(result.baseYear + 1)–\(e) of take-up × allocation on the schedule (default 32 % in 2026 incl. 15 % pre-financing, 17 % a year 2027–2030; tranches outside the years are left out); repaid in 35 equal instalments after 10 grace years (MODEL.md §5).",
                "Saving: interest without SAFE minus interest with SAFE (same run otherwise). A negative saving means the country borrows more cheaply on the market than the EU lends (SAFE rate \(NumberText.shortest(policy.financing.safeRatePct)) %; EU-Bond re-offer yields in 2025 were 2.889 % at 7 years and 3.413 % at 10 years [EU_BONDS_2025]).",
                "Equipment: spending on major equipment in the disbursement years implied by the path (NATO's equipment share held at its latest value). SAFE finances procurement with at most 35 % of component cost from outside the EU, EEA-EFTA and Ukraine; a draw above 100 % of equipment spending cannot be absorbed even if all of it qualified.",
            ])
        for country in result.countries.indices {
            let projection = result.projection(variant: variant, country: country)
            let inputs = projection.country
            guard inputs.safeAllocationEURBn > 0 else { continue }
            let rate = Self.rate(inputs, to: currency) ?? .nan
            let draws = projection[.safeDisbursementBn]
            let draw = draws.reduce(0, +)
            let windowEquipment = zip(draws, projection[.equipmentBn]).filter { $0.0 > 0 }.map(\.1).reduce(0, +)
            let saving = projection.value(.safeInterestSavingCumulativeBn, in: e)!
            let savingShare = 100 * projection.value(.safeInterestSavingBn, in: e)! / projection.value(.gdp, in: e)!
            table.append([
                .text(inputs.code), .number(inputs.safeAllocationEURBn), .number(draw / rate),
                .number(projection.value(.safeDebt, in: e)! / rate),
                .number(projection.value(.safeInterestCumulativeBn, in: e)! / rate),
                .number(saving / rate), .number(savingShare),
                windowEquipment.isFinite && windowEquipment > 0 ? .number(windowEquipment / rate) : .empty,
                windowEquipment.isFinite && windowEquipment > 0 ? .number(100 * draw / windowEquipment) : .empty,
            ])
        }
        let negative = table.rows.compactMap { row -> String? in
            if case .text(let code) = row[0], case .number(let value) = row[5], value < 0 { return code }
            return nil
        }
        if !negative.isEmpty {
            table.notes.append(
                "Negative saving for \(negative.joined(separator: ", ")): these countries borrow more cheaply than SAFE's rate, so the loan costs them interest."
            )
        }
        return table.rows.isEmpty ? nil : table
    }

    /// The national escape clause year by year for the countries with active years: the
    /// flexibility, its use, and the breach of the 3 % line with and without the clause.
    public func escapeTable(variant: Int) -> Table? {
        let policy = result.variants[variant]
        var table = Table(
            id: "escape-\(policy.label)", title: "National escape clause — \(policy.label)",
            columns: [
                .init(id: "country", header: "Country", format: .text),
                .init(id: "year", header: "Year", format: .integer),
                .init(id: "defence", header: "Defence", unit: "%GDP", format: .number(decimals: 2)),
                .init(id: "increase", header: "vs ref.", unit: "pp", format: .number(decimals: 2)),
                .init(id: "flexibility", header: "Flex", unit: "pp", format: .number(decimals: 2)),
                .init(id: "used", header: "Used", unit: "pp", format: .number(decimals: 2)),
                .init(id: "unused", header: "Unused", unit: "pp", format: .number(decimals: 2)),
                .init(id: "beyond", header: "Beyond", unit: "pp", format: .number(decimals: 2)),
                .init(id: "balance", header: "Balance", unit: "%GDP", format: .number(decimals: 2)),
                .init(id: "breach_without", header: ">3 % w/o", format: .text),
                .init(id: "breach_with", header: ">3 % with", format: .text),
            ],
            notes: [
                "Flex: min(1.5, defence − reference) in the clause's active years (MODEL.md §6); the reference level s_2021 is set from Eurostat COFOG 02 (core defence on NATO's measure stands in for COFOG 02). Used: the part of the deficit above 3 % the flexibility covers; Beyond: defence increase against the reference not covered by the flexibility.",
                ">3 % w/o: deficit above 3 % of GDP without the clause; >3 % with: above 3 % plus the flexibility.",
            ])
        for country in result.countries.indices {
            let projection = result.projection(variant: variant, country: country)
            let activeYears =
                policy.financing.escapeClause
                ? Set(policy.financing.escapeClauseYears ?? Array(projection.country.escapeClauseYears)) : []
            for (index, year) in projection.years.enumerated() where index > 0 && activeYears.contains(year) {
                let flags = projection.flags[index]
                table.append([
                    .text(projection.country.code), .number(Double(year)), .number(projection[.defence][index]),
                    .number(projection[.defence][index] - projection.country.defence2021PctGDP),
                    .number(projection[.escapeFlexibility][index]), .number(projection[.escapeFlexibilityUsed][index]),
                    .number(projection[.escapeFlexibilityUnused][index]),
                    .number(projection[.defenceIncreaseBeyondFlexibility][index]),
                    .number(projection[.balance][index]),
                    .text(flags.contains(.deficitAbove3) ? "yes" : "no"),
                    .text(flags.contains(.deficitAbove3BeyondFlexibility) ? "yes" : "no"),
                ])
            }
        }
        return table.rows.isEmpty ? nil : table
    }

    /// NATO's measures: core and related spending against the Hague split, the 2029 review
    /// against a straight line to 3.5 % in 2035, and the equipment share against 20 %.
    public func natoTable(variant: Int) -> Table {
        let label = result.variants[variant].label
        let b = result.baseYear
        let review = 2029
        let deadline = 2035
        var table = Table(
            id: "nato-\(label)", title: "NATO measures — \(label)",
            columns: [
                .init(id: "country", header: "Country", format: .text),
                .init(id: "core_base", header: "Core \(b)", unit: "%GDP", format: .number(decimals: 2)),
                .init(id: "core_review", header: "Core \(review)", unit: "%GDP", format: .number(decimals: 2)),
                .init(id: "straight_line_review", header: "Line \(review)", unit: "%GDP", format: .number(decimals: 2)),
                .init(id: "review_gap", header: "Ahead", unit: "pp", format: .number(decimals: 2)),
                .init(id: "core_deadline", header: "Core \(deadline)", unit: "%GDP", format: .number(decimals: 2)),
                .init(id: "related_deadline", header: "Rel. \(deadline)", unit: "%GDP", format: .number(decimals: 2)),
                .init(id: "core_gap", header: "Core−3.5", unit: "pp", format: .number(decimals: 2)),
                .init(id: "related_gap", header: "Rel.−1.5", unit: "pp", format: .number(decimals: 2)),
                .init(id: "equipment_share", header: "Equip.", unit: "%", format: .number(decimals: 1)),
            ],
            notes: [
                "The Hague (25 June 2025): 5 % of GDP by 2035 = at least 3.5 % core defence + up to 1.5 % defence-related; review in 2029 [HAGUE_2025]. Line \(review): a straight line from the \(b) share to 3.5 % in \(deadline); Ahead: the path's \(review) share minus that line (negative: behind).",
                "Equip.: major equipment as a share of defence spending, NATO's latest figure (guideline: at least 20 %). A dash: outside the projection horizon or no NATO figure.",
            ])
        for country in result.countries.indices {
            let projection = result.projection(variant: variant, country: country)
            let sB = projection.country.defencePctGDP
            let line = sB + (3.5 - sB) * Double(review - b) / Double(deadline - b)
            let reviewShare = projection.value(.defence, in: review)
            let core = projection.value(.defence, in: deadline)
            let related = projection.value(.related, in: deadline)
            func cell(_ value: Double?) -> Table.Cell { value.map(Table.Cell.number) ?? .empty }
            table.append([
                .text(projection.country.code), .number(sB), cell(reviewShare), .number(line),
                cell(reviewShare.map { $0 - line }),
                cell(core), cell(related), cell(core.map { $0 - 3.5 }), cell(related.map { $0 - 1.5 }),
                cell(projection.country.equipmentSharePct),
            ])
        }
        return table
    }
}
