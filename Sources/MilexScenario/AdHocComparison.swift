import Foundation
import MilexModel

/// `milex compare --countries … --targets …`: a scenario built from options, as JSON text, so it
/// goes through the same loader, checks and messages as a file.
public struct AdHocComparison: Sendable, Equatable {
    public var countries: [String]
    /// Core defence targets, % of GDP, one variant each.
    public var targets: [Double]
    /// The year the targets are reached.
    public var by: Int
    public var start: Int?
    public var shape: String?
    /// A defence-related target reached by the same year.
    public var related: Double?
    /// The horizon (default: `by`).
    public var end: Int?
    /// The share of the extra effort offset by other measures.
    public var offset: Double?
    /// Draw SAFE loans.
    public var safe: Bool
    /// The Hague split: a target T is core defence up to ``hagueCore`` and defence-related
    /// spending for the rest (`5` → 3.5 core + 1.5 related), instead of T of core defence.
    public var hague: Bool

    /// The core share of the Hague split, % of GDP (NATO, The Hague, 25 June 2025; the policy file's).
    public static var hagueCore: Double { Policy.current.hagueCore }
    /// At most this many targets in one comparison (a range that would give more is refused).
    public static let maximumTargets = 100

    /// A command-line option that does not describe a comparison.
    public struct OptionError: Error, Sendable, CustomStringConvertible, Equatable {
        public let description: String

        init(_ description: String) { self.description = description }
    }

    /// The name the loader gives the scenario in messages.
    public static let fileName = "compare"

    public init(
        countries: [String], targets: [Double], by: Int, start: Int? = nil, shape: String? = nil, related: Double? = nil,
        end: Int? = nil, offset: Double? = nil, safe: Bool = false, hague: Bool = false
    ) {
        self.countries = countries
        self.targets = targets
        self.by = by
        self.start = start
        self.shape = shape
        self.related = related
        self.end = end
        self.offset = offset
        self.safe = safe
        self.hague = hague
    }

    /// Parses `--targets`: a comma list (`2,3.5,5`) or a range `START:END:STEP` (`2:6:0.5`,
    /// both ends included).
    public static func parseTargets(_ text: String) throws(AdHocComparison.OptionError) -> [Double] {
        guard text.contains(":") else { return try parseList(text) }
        let parts = text.split(separator: ":", omittingEmptySubsequences: false).map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        let numbers = parts.map { Double($0.hasSuffix("%") ? String($0.dropLast()) : $0) }
        guard parts.count == 3, let start = numbers[0], let end = numbers[1], let step = numbers[2], start.isFinite,
            end.isFinite, step.isFinite
        else {
            throw OptionError(
                "--targets \"\(text)\": expected a range START:END:STEP of shares of GDP in percent (e.g. --targets 2:6:0.5) or a list (--targets 2,3.5,5)"
            )
        }
        guard step > 0 else { throw OptionError("--targets \"\(text)\": the step must be above 0 (found \(parts[2]))") }
        guard end >= start else {
            throw OptionError("--targets \"\(text)\": the range ends (\(parts[1])) before it starts (\(parts[0]))")
        }
        // A billionth of a step of tolerance: 2:6:0.1 ends at 6, not at 5.9 from rounding.
        let count = Int(((end - start) / step + 1e-9).rounded(.down)) + 1
        guard count <= maximumTargets else {
            throw OptionError(
                "--targets \"\(text)\": \(count) targets; at most \(maximumTargets) (use a larger step)")
        }
        // Rounded to 10 decimals so 2 + 3·0.1 reads as 2.3, as typed.
        return (0..<count).map { (((start + Double($0) * step) * 1e10).rounded()) / 1e10 }
    }

    /// The core and related shares a target stands for: the target as core defence, or with
    /// `hague` core up to 3.5 % and the rest defence-related (plus `related` if given).
    public func split(_ target: Double) -> (core: Double, related: Double?) {
        guard hague else { return (target, related) }
        let core = min(target, Self.hagueCore)
        return (core, target > core ? target - core : nil)
    }

    /// Parses `2,3.5,5`: numbers separated by commas, each once.
    public static func parseList(_ text: String, option: String = "--targets") throws(AdHocComparison.OptionError) -> [Double] {
        let parts = text.split(separator: ",", omittingEmptySubsequences: false).map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        var values: [Double] = []
        for part in parts {
            let cleaned = part.hasSuffix("%") ? String(part.dropLast()).trimmingCharacters(in: .whitespaces) : part
            guard let value = Double(cleaned), value.isFinite else {
                throw OptionError(
                    "\(option) \"\(text)\": \"\(part)\" is not a number; give shares of GDP in percent separated by commas, e.g. \(option) 2,3.5,5"
                )
            }
            if values.contains(value) { throw OptionError("\(option) \"\(text)\": \(part) is listed twice") }
            values.append(value)
        }
        return values
    }

    /// Parses `NATO,PL` (codes or groups, separated by commas or spaces).
    public static func parseCountries(_ text: String) throws(AdHocComparison.OptionError) -> [String] {
        let codes = text.split(whereSeparator: { $0 == "," || $0 == " " }).map(String.init)
        guard !codes.isEmpty else { throw OptionError("--countries: give country codes or groups, e.g. --countries EU27,GB") }
        return codes
    }

    /// The column-group id of a target: `t3.5`.
    public static func id(_ target: Double) -> String { "t" + Self.number(target) }

    /// The variant label of a target: `3.5 % by 2035` (plus the related target).
    public func label(_ target: Double) -> String {
        var text = "\(Self.number(target)) %"
        if hague {
            let (core, related) = split(target)
            if let related { text += " (\(Self.number(core)) core + \(Self.number(related)) related)" } else { text += " core" }
        } else if let related {
            text += " + \(Self.number(related)) % related"
        }
        return text + " by \(by)"
    }

    /// The scenario as JSON text.
    public func scenarioText() -> String {
        let targetText = targets.map { Self.number($0) + " %" }
        let list =
            targetText.count > 1 ? targetText.dropLast().joined(separator: ", ") + " and " + targetText.last! : targetText[0]
        let name =
            hague
            ? "Defence at \(list) of GDP by \(by), the Hague split (core up to \(Self.number(Self.hagueCore)) %, the rest defence-related): \(countries.joined(separator: ", "))"
            : "Core defence at \(list) of GDP by \(by): \(countries.joined(separator: ", "))"
        let what =
            hague
            ? "core defence moving \(Self.shapeText(shape)) from its base-year share to min(target, \(Self.number(Self.hagueCore)) %) and defence-related spending to the rest of the target by \(by) (the Hague split: --targets \(Self.number(Self.hagueCore + Policy.current.hagueRelated)) --hague is \(Self.number(Self.hagueCore)) % core + \(Self.number(Policy.current.hagueRelated)) % related)"
            : "core defence moving \(Self.shapeText(shape)) from its base-year share to the target by \(by)\(related.map { " and defence-related spending to \(Self.number($0)) % of GDP" } ?? "") (each target is core defence alone; --hague splits it into core and related)"
        var members: [(String, JSONOutput)] = [
            ("name", .string(name)),
            (
                "description",
                .string(
                    "Built by milex compare: one variant per target, \(what); countries already above a target keep their share. \(offsetText)\(safe ? " SAFE loans drawn in full." : "")"
                )
            ),
        ]
        members.append(("countries", .array(countries.map(JSONOutput.string))))
        if let end {
            members.append(("end_year", .number(Double(end))))
        } else {
            members.append(("end_year", .number(Double(by))))
        }
        let variants: [JSONOutput] = targets.map { target in
            let (core, related) = split(target)
            var defence: [(String, JSONOutput)] = [("target_pct_gdp", .number(core))]
            if shape != "step" { defence.append(("by", .number(Double(by)))) }
            if let start { defence.append(("start", .number(Double(start)))) }
            if let shape { defence.append(("shape", .string(shape))) }
            var variant: [(String, JSONOutput)] = [("label", .string(label(target))), ("defence", .object(defence))]
            if let related {
                var path: [(String, JSONOutput)] = [("target_pct_gdp", .number(related))]
                if shape != "step" { path.append(("by", .number(Double(by)))) }
                if let start { path.append(("start", .number(Double(start)))) }
                if let shape { path.append(("shape", .string(shape))) }
                variant.append(("related", .object(path)))
            }
            var financing: [(String, JSONOutput)] = []
            if let offset { financing.append(("offset_share", .number(offset))) }
            if safe { financing.append(("safe", .bool(true))) }
            if !financing.isEmpty { variant.append(("financing", .object(financing))) }
            return .object(variant)
        }
        members.append(("variants", .array(variants)))
        return JSONOutput.object(members).rendered() + "\n"
    }

    /// `3.5`, `2` (whole numbers without a decimal point).
    public static func number(_ value: Double) -> String { DocumentReader.format(value) }

    static func shapeText(_ shape: String?) -> String {
        switch shape {
        case "front": return "front-loaded"
        case "back": return "back-loaded"
        case "step": return "in one step"
        default: return "in a straight line"
        }
    }

    private var offsetText: String {
        guard let offset, offset > 0 else { return "Extra spending borrowed in full." }
        return "\(Self.number(offset * 100)) % of the extra spending offset by other measures, the rest borrowed."
    }
}
