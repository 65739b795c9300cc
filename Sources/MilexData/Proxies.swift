import MilexModel

/// Stand-ins a scenario may switch on for inputs the dataset lacks, each computed from a
/// related sourced figure and stated as such in the provenance (`"proxies": [...]`).
public enum InputProxy: String, CaseIterable, Sendable {
    /// The headline balance stands in for a missing primary balance (understating it by the
    /// interest bill, which the dataset lacks for these countries).
    case primaryBalanceFromBalance = "primary_balance_from_balance"
    /// The implicit interest rate (latest, up to B+1) stands in for a missing 10-year yield.
    case marketRateFromImplicitRate = "market_rate_from_implicit_rate"

    /// What the proxy does, for the format reference and notes.
    public var summary: String {
        switch self {
        case .primaryBalanceFromBalance:
            return
                "primary_balance_pct_gdp := the base-year headline balance where the dataset has no primary balance (understates it by the interest bill)"
        case .marketRateFromImplicitRate:
            return
                "market_rate_pct := the latest implicit interest rate (up to the year after the base year) where the dataset has no 10-year yield"
        }
    }
}

extension CountryRecord {
    /// `inputs` with the proxies applied where an input is missing (figures of base year `b`,
    /// default the dataset's).
    public func applying(_ proxies: [InputProxy], to inputs: CountryInputs, baseYear b: Int? = nil) -> CountryInputs {
        let baseYear = b ?? self.baseYear
        var inputs = inputs
        for proxy in proxies {
            switch proxy {
            case .primaryBalanceFromBalance:
                guard inputs.values[.primaryBalance] == nil, let balance = figure("balance_pct_gdp", year: baseYear) else {
                    continue
                }
                inputs.set(
                    .primaryBalance, .number(balance.value),
                    from: .derived(formula: "proxy \(proxy.rawValue): headline balance \(baseYear)", sources: [balance.source]))
            case .marketRateFromImplicitRate:
                guard inputs.values[.marketRate] == nil, let rate = latestFigure("implicit_rate_pct", upTo: baseYear + 1) else {
                    continue
                }
                inputs.set(
                    .marketRate, .number(rate.value),
                    from: .derived(formula: "proxy \(proxy.rawValue): implicit rate \(rate.year)", sources: [rate.source]))
            }
        }
        return inputs
    }
}
