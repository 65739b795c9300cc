import Foundation

/// The EU and NATO policy numbers (Policy/policy.json): the reference values, the safeguards,
/// the escape clause, the net expenditure thresholds, SAFE's terms, NATO's guidelines and the
/// Hague commitment, the Commission's baseline conventions — each with its unit, valid range and
/// source. The engine and the reports read them here and nowhere else; a scenario may override
/// any (`"policy": {"escape_clause_cap_pct_gdp": 2.5}`).
///
/// The build checks the file and generates ``PolicyParameter`` from it (Plugins/EmbedDataset),
/// so an entry the code uses cannot be removed, and a value outside its range does not build.
public struct Policy: Sendable, Equatable {
    /// A parameter's value.
    public enum Value: Sendable, Equatable {
        case number(Double)
        case years([Int])
        case yearMap([Int: Double])
    }

    /// The kind of value a parameter takes.
    public enum Kind: String, Sendable {
        case number, integer, year, years
        case yearMap = "year_map"
    }

    /// One entry of the policy file.
    public struct Entry: Sendable {
        public let parameter: PolicyParameter
        public let title: String
        public let unit: String
        public let kind: Kind
        public let range: ClosedRange<Double>
        public let value: Value
        public let source: String
        /// The dataset source the entry rests on, where it has one (cited in provenance).
        public let sourceID: String?
        public let url: String?
        public let description: String
    }

    /// Every entry, in the file's order of keys (alphabetical).
    public static let entries: [PolicyParameter: Entry] = parse(EmbeddedPolicy.json)

    /// The policy as the file states it.
    public static let current = Policy()

    /// The values in force.
    public private(set) var values: [PolicyParameter: Value]

    /// The parameters a scenario changed, with their values.
    public private(set) var overridden: [PolicyParameter: Value] = [:]

    /// The file's policy.
    public init() { values = Self.entries.mapValues(\.value) }

    /// This policy with `changes` in force (each checked by the caller against its entry: see
    /// ``Policy/problem(_:_:)``).
    public func overriding(_ changes: [PolicyParameter: Value]) -> Policy {
        var policy = self
        for (parameter, value) in changes {
            policy.values[parameter] = value
            policy.overridden[parameter] = value
        }
        return policy
    }

    /// Why `value` is not valid for `parameter` (nil when it is).
    public static func problem(_ parameter: PolicyParameter, _ value: Value) -> String? {
        let entry = entries[parameter]!
        let range = entry.range
        func outside(_ number: Double) -> Bool { !range.contains(number) }
        let phrase = "[\(Self.text(range.lowerBound)), \(Self.text(range.upperBound))]"
        switch (entry.kind, value) {
        case (.number, .number(let number)):
            return outside(number) ? "a number in \(phrase) (\(entry.unit))" : nil
        case (.integer, .number(let number)), (.year, .number(let number)):
            return outside(number) || number != number.rounded() ? "a whole number in \(phrase) (\(entry.unit))" : nil
        case (.years, .years(let years)):
            return years.isEmpty || years.contains { outside(Double($0)) } ? "a non-empty list of years in \(phrase)" : nil
        case (.yearMap, .yearMap(let map)):
            return map.isEmpty || map.values.contains(where: outside) ? "a {\"year\": value} map with values in \(phrase)" : nil
        default:
            return
                "\(entry.kind.rawValue == "year_map" ? "a {\"year\": value} map" : "a value of kind \(entry.kind.rawValue)") (\(entry.unit))"
        }
    }

    public static func text(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }

    // MARK: Typed access

    /// The value of a `number`, `integer` or `year` parameter.
    public func number(_ parameter: PolicyParameter) -> Double {
        guard case .number(let value) = values[parameter] else { preconditionFailure("\(parameter.rawValue) is not a number") }
        return value
    }

    /// The value of a `years` parameter.
    public func years(_ parameter: PolicyParameter) -> [Int] {
        guard case .years(let value) = values[parameter] else { preconditionFailure("\(parameter.rawValue) is not a year list") }
        return value
    }

    /// The value of a `year_map` parameter.
    public func yearMap(_ parameter: PolicyParameter) -> [Int: Double] {
        guard case .yearMap(let value) = values[parameter] else { preconditionFailure("\(parameter.rawValue) is not a year map") }
        return value
    }

    /// The deficit reference value, % of GDP (3).
    public var deficitReference: Double { number(.deficitReferencePctGdp) }
    /// The debt reference value, % of GDP (60).
    public var debtReference: Double { number(.debtReferencePctGdp) }
    /// The base-year debt above which the stricter safeguard pace applies, % of GDP (90).
    public var safeguardHighDebt: Double { number(.safeguardHighDebtPctGdp) }
    /// The safeguard pace above the high-debt level, pp a year (1).
    public var safeguardPaceHigh: Double { number(.safeguardPaceHighPp) }
    /// The safeguard pace between the reference and the high-debt level, pp a year (0.5).
    public var safeguardPaceMedium: Double { number(.safeguardPaceMediumPp) }
    /// The deficit resilience margin, % of GDP (1.5): the balance should stay at or above minus it.
    public var resilienceMargin: Double { number(.resilienceMarginPctGdp) }
    /// The escape clause's cap on the flexibility, % of GDP (1.5).
    public var escapeClauseCap: Double { number(.escapeClauseCapPctGdp) }
    /// The escape clause's reference year (2021).
    public var escapeClauseReferenceYear: Int { Int(number(.escapeClauseReferenceYear)) }
    /// The escape clause's default active years (2025–2028).
    public var escapeClauseYears: [Int] { years(.escapeClauseYears) }
    /// The yearly rise of the counted net expenditure deviation that is flagged, % of GDP (0.3).
    public var annualDeviationLimit: Double { number(.netExpenditureAnnualDeviationPctGdp) }
    /// The counted net expenditure deviation that is flagged, % of GDP (0.6).
    public var cumulativeDeviationLimit: Double { number(.netExpenditureCumulativeDeviationPctGdp) }
    /// The SAFE lending rate, % (3.0).
    public var safeRate: Double { number(.safeRatePct) }
    /// SAFE's grace period on principal, years (10).
    public var safeGraceYears: Int { Int(number(.safeGraceYears)) }
    /// SAFE's maximum maturity, years (45).
    public var safeMaturityYears: Int { Int(number(.safeMaturityYears)) }
    /// SAFE's default disbursement schedule (shares of the draw by year).
    public var safeSchedule: [Int: Double] { yearMap(.safeSchedule) }
    /// The SAFE envelope, bn EUR (150).
    public var safeTotal: Double { number(.safeTotalEurBn) }
    /// The largest share of SAFE-financed components from outside the EU, EEA-EFTA and Ukraine (0.35).
    public var safeNonEUContentMax: Double { number(.safeNonEuContentMaxShare) }
    /// NATO's earlier guideline, % of GDP (2).
    public var natoGuideline: Double { number(.natoGuidelinePctGdp) }
    /// NATO's equipment guideline, % of defence spending (20).
    public var natoEquipmentShare: Double { number(.natoEquipmentSharePct) }
    /// The Hague core defence commitment, % of GDP (3.5).
    public var hagueCore: Double { number(.hagueCorePctGdp) }
    /// The Hague defence-related commitment, % of GDP (1.5).
    public var hagueRelated: Double { number(.hagueRelatedPctGdp) }
    /// The Hague target year (2035).
    public var hagueTargetYear: Int { Int(number(.hagueTargetYear)) }
    /// The Hague review year (2029).
    public var hagueReviewYear: Int { Int(number(.hagueReviewYear)) }
    /// Forecast baseline: the years the output gap takes to close (3).
    public var gapClosureYears: Int { Int(number(.baselineGapClosureYears)) }
    /// Forecast baseline: the GDP deflator's target, % a year (2).
    public var deflatorTarget: Double { number(.baselineDeflatorTargetPct) }
    /// Forecast baseline: years after B to the deflator target and the forward rate (10).
    public var convergenceYears: Int { Int(number(.baselineConvergenceYears)) }

    /// The safeguard pace a base-year debt ratio requires (0 at or below the reference value).
    public func safeguardPace(baseRatio: Double) -> Double {
        baseRatio > safeguardHighDebt ? safeguardPaceHigh : (baseRatio > debtReference ? safeguardPaceMedium : 0)
    }

    /// The escape clause's flexibility for a defence increase `increase` over the reference, pp.
    public func escapeFlexibility(increase: Double) -> Double { min(escapeClauseCap, max(0, increase)) }

    // MARK: Parsing the embedded file (checked at build time)

    static func parse(_ text: String) -> [PolicyParameter: Entry] {
        guard let root = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any],
            let parameters = root["parameters"] as? [String: Any]
        else { preconditionFailure("Policy/policy.json is not what the build checked") }
        var entries: [PolicyParameter: Entry] = [:]
        for parameter in PolicyParameter.allCases {
            guard let entry = parameters[parameter.rawValue] as? [String: Any],
                let kind = Kind(rawValue: entry["kind"] as? String ?? ""),
                let range = entry["range"] as? [NSNumber], range.count == 2
            else { preconditionFailure("Policy/policy.json: \(parameter.rawValue) is not what the build checked") }
            let value: Value
            switch kind {
            case .number, .integer, .year: value = .number((entry["value"] as! NSNumber).doubleValue)
            case .years: value = .years((entry["value"] as! [NSNumber]).map(\.intValue))
            case .yearMap:
                value = .yearMap(
                    Dictionary(
                        uniqueKeysWithValues: (entry["value"] as! [String: NSNumber]).map { (Int($0.key)!, $0.value.doubleValue) }
                    ))
            }
            entries[parameter] = Entry(
                parameter: parameter, title: entry["title"] as! String, unit: entry["unit"] as! String, kind: kind,
                range: range[0].doubleValue...range[1].doubleValue, value: value, source: entry["source"] as! String,
                sourceID: entry["source_id"] as? String, url: entry["url"] as? String,
                description: entry["description"] as! String)
        }
        return entries
    }
}
