import MilexData
import MilexModel
import MilexNumerics

/// The keys of a scenario's `stochastic` block (MODEL.md §8).
public enum StochasticParameter: String, CaseIterable, Sendable {
    case draws
    case seed
    case shockYears = "shock_years"
    case shocks

    public var key: String { rawValue }

    /// The one description of this key.
    public var spec: ParameterSpec {
        switch self {
        case .draws:
            return ParameterSpec(
                key: key, title: "Number of simulated paths", unit: "paths", kind: .integer, range: .closed(1, 100_000_000),
                default: "10000 (milex run --draws wins)",
                summary:
                    "Draws of the joint shocks; memory stays bounded at any number (blocks of up to 4,096 draws, fewer when shock years × countries are many, so a run stays under 1 GiB)."
            )
        case .seed:
            return ParameterSpec(
                key: key, title: "Random seed", unit: "whole number", kind: .integer, range: .closed(0, 9_007_199_254_740_991),
                default: "1 (milex run --seed wins)",
                summary: "The same seed, scenario and dataset vintage give the same numbers.")
        case .shockYears:
            return ParameterSpec(
                key: key, title: "Years with shocks", unit: "years", kind: .integer, range: .closed(1, 100),
                default: "\(StochasticSettings.defaultShockYears) (the Commission's horizon)",
                summary:
                    "Shocks hit the projected years B+1 … B+N only, as in the Commission's stochastic projections (Debt Sustainability Monitor 2024, five years); later years carry the shocked state forward (the market-rate shock keeps its level). A run shorter than N shocks every year."
            )
        case .shocks:
            return ParameterSpec(
                key: key, title: "Shock covariance", unit: "\"historical\" or an object", kind: .text, default: "\"historical\"",
                summary:
                    "\"historical\": estimated from the dataset's annual shocks (Bruegel, EU-27 from about 2001), shrunk towards the diagonal until positive definite; countries without history get the median standard deviations, uncorrelated (flagged). Or an object {\"std_dev\": {\"nominal_growth_pct\": pp, \"market_rate_pct\": pp, \"primary_balance_pct_gdp\": pp} (or {code: {…}} per country, every country of the run listed or a \"*\" entry for the rest), \"correlation_within\": 3×3 list (order growth, market rate, primary balance; default identity), \"correlation_across\": the correlation of a variable between countries (default 0)}."
            )
        }
    }
}

/// A scenario's stochastic settings.
public struct StochasticSpecification: Sendable {
    /// Where the covariance comes from.
    public enum Shocks: Sendable {
        case historical
        case given(standardDeviations: [String: [Double]], common: [Double]?, within: Matrix?, across: Double)
    }

    public var draws: Int
    public var seed: UInt64
    /// Projected years that draw shocks (``StochasticSettings/shockYears``).
    public var shockYears: Int
    public var shocks: Shocks

    public static let defaultDraws = 10_000
    public static let defaultSeed: UInt64 = 1

    public init(
        draws: Int = defaultDraws, seed: UInt64 = defaultSeed, shockYears: Int = StochasticSettings.defaultShockYears,
        shocks: Shocks = .historical
    ) {
        self.draws = draws
        self.seed = seed
        self.shockYears = shockYears
        self.shocks = shocks
    }

    /// The covariance for `scenario`'s countries.
    public func covariance(for scenario: Scenario, dataset: Dataset) throws -> ShockCovariance {
        try covariance(countries: scenario.countries.map(\.code), dataset: dataset)
    }

    /// The covariance for the countries `codes`, in order (``ShockSpecificationError`` when
    /// given shocks do not fit them).
    public func covariance(countries codes: [String], dataset: Dataset) throws -> ShockCovariance {
        switch shocks {
        case .historical:
            return ShockCovariance.estimate(history: dataset.shockHistory(), countries: codes)
        case .given(let perCountry, let common, let within, let across):
            // Per country, every country of the run needs its deviations (or a "*" entry): a
            // forgotten country must not silently go without shocks.
            if common == nil && perCountry["*"] == nil {
                let missing = codes.filter { perCountry[$0] == nil }
                if !missing.isEmpty { throw ShockSpecificationError.missingDeviations(missing) }
            }
            let unknown = perCountry.keys.filter { $0 != "*" && !codes.contains($0) }.sorted()
            if !unknown.isEmpty { throw ShockSpecificationError.notInRun(unknown) }
            var deviations: [String: [Double]] = [:]
            for code in codes { deviations[code] = perCountry[code] ?? perCountry["*"] ?? common ?? [0, 0, 0] }
            do {
                return try ShockCovariance.given(
                    countries: codes, standardDeviations: deviations, withinCountry: within, acrossCountries: across)
            } catch {
                throw ShockSpecificationError.notPositiveDefinite("\(error)")
            }
        }
    }
}

/// A `stochastic.shocks` block that cannot give a covariance for the run's countries.
public enum ShockSpecificationError: Error, CustomStringConvertible, Sendable {
    case missingDeviations([String])
    case notInRun([String])
    case notPositiveDefinite(String)

    public var description: String {
        switch self {
        case .missingDeviations(let codes):
            return
                "std_dev: no standard deviations for \(codes.joined(separator: ", ")); give them per country, or a \"*\" entry for every country not listed"
        case .notInRun(let codes):
            return "std_dev: \(codes.joined(separator: ", ")) \(codes.count == 1 ? "is" : "are") not a country of the run"
        case .notPositiveDefinite(let detail):
            return
                "the standard deviations and correlations do not give a positive definite covariance (\(detail)); lower correlation_across or the within-country correlations"
        }
    }
}

extension DocumentReader {
    /// Reads a `stochastic` block.
    mutating func stochastic(_ value: JSONValue, _ path: JSONPath) -> Located<StochasticSpecification>? {
        guard
            let members = object(
                value, path, allowed: StochasticParameter.allCases.map(\.key), what: "an object {\"draws\": 10000, \"seed\": 1}")
        else {
            return nil
        }
        var specification = StochasticSpecification()
        var valid = true
        for member in members {
            let memberPath = path.key(member.key)
            let parameter = StochasticParameter(rawValue: member.key)!
            switch parameter {
            case .draws, .seed, .shockYears:
                guard case .number(let number)? = self.value(member.value, memberPath, spec: parameter.spec) else {
                    valid = false
                    continue
                }
                switch parameter {
                case .draws: specification.draws = Int(number)
                case .seed: specification.seed = UInt64(number)
                default: specification.shockYears = Int(number)
                }
            case .shocks:
                if let text = member.value.string {
                    guard text == "historical" else {
                        report(member.value, memberPath, expected: "\"historical\" or an object with std_dev")
                        valid = false
                        continue
                    }
                    specification.shocks = .historical
                } else if let shocks = givenShocks(member.value, memberPath) {
                    specification.shocks = shocks
                } else {
                    valid = false
                }
            }
        }
        return valid ? Located(value: specification, location: location(value, path)) : nil
    }

    private mutating func givenShocks(_ value: JSONValue, _ path: JSONPath) -> StochasticSpecification.Shocks? {
        guard
            let members = object(
                value, path, allowed: ["std_dev", "correlation_within", "correlation_across"], what: "an object with \"std_dev\"")
        else {
            return nil
        }
        let variables = ShockVariable.allCases.map(\.key)
        var perCountry: [String: [Double]] = [:]
        var common: [Double]?
        var within: Matrix?
        var across = 0.0
        var valid = true
        func deviations(_ value: JSONValue, _ path: JSONPath) -> [Double]? {
            guard
                let entries = object(
                    value, path, allowed: variables, what: "an object of standard deviations in percentage points")
            else { return nil }
            var result = [0.0, 0.0, 0.0]
            for entry in entries {
                guard let number = number(entry.value, path.key(entry.key), range: .closed(0, 20), unit: "percentage points")
                else { return nil }
                result[variables.firstIndex(of: entry.key)!] = number
            }
            return result
        }
        guard let standardDeviation = members.first(where: { $0.key == "std_dev" }) else {
            report(
                value, path, message: "the shocks need \"std_dev\"",
                suggestion: "e.g. {\"std_dev\": {\"nominal_growth_pct\": 1.5}}")
            return nil
        }
        for member in members {
            let memberPath = path.key(member.key)
            switch member.key {
            case "std_dev":
                let keys = member.value.members?.map(\.key) ?? []
                // A number under a key that is not a variable is a misspelt variable (countries
                // hold objects): name the nearest variable rather than read it as a country.
                let misspelt = (member.value.members ?? []).filter { !variables.contains($0.key) && $0.value.number != nil }
                if !misspelt.isEmpty {
                    for entry in misspelt {
                        report(
                            entry.value, memberPath.key(entry.key),
                            message:
                                "unknown shock variable \"\(entry.key)\" (variables: \(variables.joined(separator: ", ")); or a country code with an object)",
                            suggestion: Suggestion.nearest(to: entry.key, in: variables).map { "did you mean \"\($0)\"?" })
                    }
                    valid = false
                } else if keys.allSatisfy({ variables.contains($0) }) {
                    common = deviations(member.value, memberPath)
                    if common == nil { valid = false }
                } else if let countries = object(member.value, memberPath, allowed: nil, what: "standard deviations") {
                    for country in countries {
                        if let values = deviations(country.value, memberPath.key(country.key)) {
                            perCountry[country.key] = values
                        } else {
                            valid = false
                        }
                    }
                }
            case "correlation_within":
                guard let rows = member.value.items, rows.count == 3, rows.allSatisfy({ $0.items?.count == 3 }) else {
                    report(
                        member.value, memberPath, expected: "a 3 × 3 list of correlations (growth, market rate, primary balance)")
                    valid = false
                    continue
                }
                var matrix = Matrix(rows: 3, columns: 3)
                for (i, row) in rows.enumerated() {
                    for (j, item) in row.items!.enumerated() {
                        if let number = number(item, memberPath.index(i).index(j), range: .closed(-1, 1)) {
                            matrix[i, j] = number
                        } else {
                            valid = false
                        }
                    }
                }
                for i in 0..<3 where matrix[i, i] != 1 {
                    report(member.value, memberPath, message: "the diagonal of a correlation matrix is 1")
                    valid = false
                    break
                }
                for i in 0..<3 {
                    for j in 0..<i where matrix[i, j] != matrix[j, i] {
                        report(
                            member.value, memberPath,
                            message: "the correlation matrix must be symmetric (entry \(i),\(j) differs from \(j),\(i))")
                        valid = false
                    }
                }
                within = matrix
            case "correlation_across":
                if let number = number(member.value, memberPath, range: .closed(-1, 1)) { across = number } else { valid = false }
            default:
                break
            }
        }
        _ = standardDeviation
        return valid ? .given(standardDeviations: perCountry, common: common, within: within, across: across) : nil
    }
}
