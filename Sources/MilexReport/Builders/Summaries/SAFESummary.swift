import MilexModel
import MilexScenario

/// SAFE loans per drawing country: draw, debt, interest and the saving against the same run
/// without SAFE, and whether the path's equipment spending can absorb the draw.
public struct SAFESummary: SummarySection {
    public let id = "safe"
    public let heading = "SAFE loans"

    public init() {}

    /// SAFE loans per drawing country: draw, debt, interest and the saving against the same run
    /// without SAFE, and whether the path's equipment spending can absorb the draw.
    public func table(_ report: ProjectionReport, variant: Int, currency: MoneyCurrency) -> Table? {
        let result = report.result
        let policy = result.variants[variant]
        guard policy.financing.safe else { return nil }
        let e = result.endYear
        let money = currency == .national ? "bn NC" : "bn \(currency.rawValue)"
        var table = Table(
            id: "safe-\(policy.label)", title: "SAFE loans — \(policy.label)",
            columns: [
                .init(id: "country", header: "Country", format: .text),
                .init(id: "allocation_eur_bn", header: "Allocation", unit: "bn EUR", format: .number(decimals: 2)),
                .init(id: "draw_bn", header: "Draw", unit: money, format: .number(decimals: 2)),
                .init(id: "safe_debt_end_bn", header: "SAFE debt \(e)", unit: money, format: .number(decimals: 2)),
                .init(id: "safe_interest_cumulative_bn", header: "Interest", unit: money, format: .number(decimals: 2)),
                .init(id: "safe_saving_cumulative_bn", header: "SAFE saving", unit: money, format: .number(decimals: 2)),
                .init(id: "safe_saving_end_pct_gdp", header: "SAFE saving \(e)", unit: "%GDP", format: .number(decimals: 3)),
                .init(id: "equipment_window_bn", header: "Equipment", unit: money, format: .number(decimals: 1)),
                .init(id: "absorption_pct", header: "Draw/eq.", unit: "%", format: .number(decimals: 0)),
            ],
            notes: [
                "SAFE debt: SAFE debt outstanding at the end of \(e); Interest and SAFE saving: cumulative \(result.baseYear + 1)–\(e). Draw: the disbursements within \(result.baseYear + 1)–\(e) of take-up × allocation on the schedule (default 32 % in 2026 incl. 15 % pre-financing, 17 % a year 2027–2030; tranches outside the years are left out); repaid in 35 equal instalments after 10 grace years (MODEL.md §5).",
                "SAFE saving: interest without SAFE minus interest with SAFE (same run otherwise). A negative saving means the country borrows more cheaply on the market than the EU lends (SAFE rate \(NumberText.shortest(policy.financing.safeRatePct)) %; EU-Bond re-offer yields in 2025 were 2.889 % at 7 years and 3.413 % at 10 years [EU_BONDS_2025]).",
                "Equipment: spending on major equipment in the disbursement years implied by the path (NATO's equipment share held at its latest value). SAFE finances procurement with at most 35 % of component cost from outside the EU, EEA-EFTA and Ukraine; a draw above 100 % of equipment spending cannot be absorbed even if all of it qualified.",
            ])
        for country in result.countries.indices {
            let projection = result.projection(variant: variant, country: country)
            let inputs = projection.country
            guard inputs.safeAllocationEURBn > 0 else { continue }
            let rate = ProjectionReport.rate(inputs, to: currency) ?? .nan
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
}
