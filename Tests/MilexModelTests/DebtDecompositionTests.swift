import Foundation
import Testing

@testable import MilexModel

/// The debt-dynamics decomposition (MODEL.md §4): its components add up to the change in the
/// debt ratio, and each has the value its formula gives.
@Suite("Debt dynamics decomposition")
struct DebtDecompositionTests {
    static let variants: [PolicyVariant] = [
        PolicyVariant(label: "3.5 by 2030", defence: .linear(to: 3.5, by: 2030), financing: FinancingPlan(offsetShare: 0.25)),
        PolicyVariant(
            label: "5 with SAFE", defence: .linear(to: 3.5, by: 2035), related: .linear(to: 1.5, by: 2035),
            financing: FinancingPlan(safe: true)),
    ]

    /// XA draws SAFE and has a stock-flow adjustment; XB runs a surplus that takes its market
    /// debt to the floor.
    static func result() throws -> ProjectionResult {
        var withFlows = country(safe: 5)
        withFlows.set(
            .stockFlowAdjustment, .series(YearSeries(points: [2025: 4, 2030: -2])), from: .modelDefault("test"))
        let surplus = country("XB", debt: 5, primary: 6, implicit: 2, market: 2.5)
        return try run([withFlows, surplus], variants, end: 2040)
    }

    @Test("the components add up to d_t − d_{t−1} in every year of every lane, and to d_E − d_B")
    func componentsAddUp() throws {
        let result = try Self.result()
        for variant in result.variants.indices {
            for country in result.countries.indices {
                let split = result.debtDecomposition(variant: variant, country: country)
                for t in 1..<split.years.count {
                    #expect(abs(split.sum(at: t) - split.change[t]) <= 1e-10, "year \(split.years[t])")
                }
                let total = DebtDecomposition.Component.allCases.reduce(0) { $0 + split.total($1) }
                #expect(abs(total - split.totalChange) <= 1e-9)
            }
        }
    }

    @Test("outside debt-floor years the identity holds without a residual; at the floor it does not")
    func floorResidualOnlyAtTheFloor() throws {
        let result = try Self.result()
        var floorYears = 0
        for variant in result.variants.indices {
            for country in result.countries.indices {
                let projection = result.projection(variant: variant, country: country)
                let split = result.debtDecomposition(variant: variant, country: country)
                for t in 1..<split.years.count {
                    if projection.flags[t].contains(.debtFloor) {
                        floorYears += 1
                    } else {
                        #expect(split[.floorResidual][t] == 0)
                        // d_t − d_{t−1} = snowball_t − pb_t + sfa_t, with nothing left over.
                        let sfa = split[.stockFlow][t]
                        let snowball = split.snowball[t] + split[.safe][t]
                        #expect(abs(split.change[t] - (snowball - projection[.primaryBalance][t] + sfa)) <= 1e-10)
                    }
                }
            }
        }
        #expect(floorYears > 0, "XB reaches the debt floor")
        let xb = result.debtDecomposition(variant: 0, country: 1)
        #expect(xb.total(.floorResidual) > 0, "the floor stops a fall the surplus would cause")
    }

    @Test("each component by its formula: growth, primary balance before defence, defence effort, SFA, SAFE")
    func componentsByFormula() throws {
        let result = try Self.result()
        let projection = result.projection(variant: 1, country: 0)
        let baseline = result.projection(variant: 0, country: 0)
        let split = result.debtDecomposition(variant: 1, country: 0)
        let t = try #require(split.years.firstIndex(of: 2027))
        let gdp = projection[.gdp]
        #expect(close(split[.growth][t], -(gdp[t] / gdp[t - 1] - 1) / (gdp[t] / gdp[t - 1]) * projection[.debt][t - 1]))
        #expect(close(split[.primaryBeforeDefence][t], 1), "pbBL = −1 % of GDP")
        #expect(close(split[.primaryBeforeDefence][t], -baseline[.primaryBalance][t]))
        // Offset 25 %: the borrowed part is 0.75 of the extra effort.
        #expect(close(split[.defenceEffort][t], 0.75 * projection[.extra][t]))
        #expect(close(split[.otherPrimary][t], 0, absolute: 1e-12))
        // SFA 4 bn in 2025 interpolated to −2 bn in 2030: 2027 is 1.6 bn.
        #expect(close(split[.stockFlow][t], 100 * 1.6 / gdp[t]))
        #expect(split[.safe][t] == 0, "the variant without SAFE")
        let withSAFE = result.debtDecomposition(variant: 2, country: 0)
        let saving = result.projection(variant: 2, country: 0)[.safeInterestSavingBn]
        let gdpSAFE = result.projection(variant: 2, country: 0)[.gdp]
        #expect(close(withSAFE[.safe][t], -100 * saving[t] / gdpSAFE[t]))
        #expect(withSAFE[.safe].contains { $0 != 0 })
        // The baseline borrows nothing for defence.
        #expect(result.debtDecomposition(variant: 0, country: 0)[.defenceEffort].allSatisfy { $0 == 0 })
    }
}
