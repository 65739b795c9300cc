import Foundation
import MilexModel
import MilexScenario

/// The inputs of a stochastic run as JSON, so the numpy program simulates exactly the same thing.
enum StochasticBenchmarkExport {
    static func make(
        scenario: Scenario, covariance: ShockCovariance, groups: [(String, [String])], draws: Int, seed: UInt64
    ) -> String {
        let deterministic = try! ProjectionEngine().run(scenario.request)
        let inputs = StochasticInputs(
            request: scenario.request, deterministic: deterministic, groups: groups.map { (code: $0.0, members: $0.1) })
        let lower = try! covariance.factor()
        func matrix(_ rows: [[Double]]) -> JSONOutput { .array(rows.map { .array($0.map(JSONOutput.number)) }) }
        let document = JSONOutput.object([
            ("draws", .number(Double(draws))), ("seed", .number(Double(seed))),
            ("shock_years", .number(Double(StochasticSettings.defaultShockYears))),
            ("years", .array(inputs.years.map { .number(Double($0)) })),
            ("countries", .number(Double(inputs.countryCount))), ("variants", .number(Double(inputs.variantCount))),
            ("growth", matrix(inputs.growth)), ("market_rate", matrix(inputs.marketRate)), ("primary", matrix(inputs.primary)),
            ("stock_flow", matrix(inputs.stockFlow)), ("disbursement", matrix(inputs.disbursement)),
            ("repayment", matrix(inputs.repayment)), ("maturity", .array(inputs.maturity.map(JSONOutput.number))),
            ("safe_rate", .array(inputs.safeRate.map(JSONOutput.number))),
            ("base_gdp", .array(inputs.baseGDP.map(JSONOutput.number))),
            ("base_debt", .array(inputs.baseDebt.map(JSONOutput.number))),
            ("base_rate", .array(inputs.baseRate.map(JSONOutput.number))),
            ("base_ratio", .array(inputs.baseRatio.map(JSONOutput.number))),
            ("per_eur", .array(inputs.perEUR.map(JSONOutput.number))),
            (
                "groups",
                .array(inputs.entities.filter(\.isGroup).map { entity in .array(entity.members.map { .number(Double($0)) }) })
            ),
            ("cholesky", matrix(lower.rowArrays)),
        ])
        return document.rendered() + "\n"
    }
}
