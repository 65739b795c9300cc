import Foundation
import MilexModel

/// Where a value was written: the file, its JSON path, line and column.
public struct FileLocation: Sendable, Equatable, Hashable {
    public let file: String
    public let path: String
    public let line: Int
    public let column: Int

    /// The provenance of an input set here.
    public var provenance: Provenance { .scenario(file: file, path: path) }
}

/// A value with the place it was written.
public struct Located<Value: Sendable>: Sendable {
    public var value: Value
    public var location: FileLocation
}

/// Reads JSON values against their descriptions, collecting every problem instead of stopping
/// at the first one.
struct DocumentReader {
    let file: String
    private(set) var diagnostics: [Diagnostic] = []

    init(file: String) { self.file = file }

    func location(_ value: JSONValue, _ path: JSONPath) -> FileLocation {
        FileLocation(file: file, path: path.description, line: value.line, column: value.column)
    }

    mutating func report(
        _ value: JSONValue?, _ path: JSONPath, expected: String? = nil, found: String? = nil,
        message: String? = nil, suggestion: String? = nil
    ) {
        diagnostics.append(
            Diagnostic(
                file: file, path: path.description, line: value?.line, column: value?.column, expected: expected,
                found: found ?? (expected != nil ? value?.summary : nil), message: message, suggestion: suggestion))
    }

    mutating func report(
        at location: FileLocation, expected: String? = nil, found: String? = nil, message: String? = nil,
        suggestion: String? = nil
    ) {
        diagnostics.append(
            Diagnostic(
                file: location.file, path: location.path, line: location.line, column: location.column,
                expected: expected, found: found, message: message, suggestion: suggestion))
    }

    /// The members of an object whose keys are all in `allowed`; reports unknown and duplicate
    /// keys (with the nearest valid key) and a non-object.
    mutating func object(_ value: JSONValue, _ path: JSONPath, allowed: [String]?, what: String) -> [JSONValue.Member]? {
        guard let members = value.members else {
            report(value, path, expected: what)
            return nil
        }
        var seen: Set<String> = []
        var accepted: [JSONValue.Member] = []
        for member in members {
            let memberPath = path.key(member.key)
            guard seen.insert(member.key).inserted else {
                diagnostics.append(
                    Diagnostic(
                        file: file, path: memberPath.description, line: member.keyLine, column: member.keyColumn,
                        message: "the key \"\(member.key)\" appears twice in this object; keep one"))
                continue
            }
            if let allowed, !allowed.contains(member.key) {
                let suggestion = Suggestion.nearest(to: member.key, in: allowed).map { "did you mean \"\($0)\"?" }
                diagnostics.append(
                    Diagnostic(
                        file: file, path: memberPath.description, line: member.keyLine, column: member.keyColumn,
                        message: "unknown key \"\(member.key)\"",
                        suggestion: suggestion ?? "valid keys here: \(allowed.joined(separator: ", "))"))
                continue
            }
            accepted.append(member)
        }
        return accepted
    }

    mutating func string(_ value: JSONValue, _ path: JSONPath, what: String = "a string") -> String? {
        guard let text = value.string else {
            report(value, path, expected: what)
            return nil
        }
        return text
    }

    mutating func bool(_ value: JSONValue, _ path: JSONPath) -> Bool? {
        guard case .bool(let flag) = value.kind else {
            report(value, path, expected: "true or false")
            return nil
        }
        return flag
    }

    mutating func number(_ value: JSONValue, _ path: JSONPath, range: ValueRange?, unit: String? = nil) -> Double? {
        guard let number = value.number else {
            var expected = range?.phrase ?? "a number"
            if let unit { expected += " (\(unit))" }
            let hint = value.string.flatMap(Double.init).map { _ in "write the number without quotes" }
            report(value, path, expected: expected, suggestion: hint)
            return nil
        }
        guard number.isFinite else {
            report(value, path, expected: (range?.phrase ?? "a finite number") + (unit.map { " (\($0))" } ?? ""), message: nil)
            return nil
        }
        if let range, !range.contains(number) {
            report(value, path, expected: range.phrase + (unit.map { " (\($0))" } ?? ""))
            return nil
        }
        return number
    }

    /// A calendar year: a whole number in 1900…2100.
    mutating func year(_ value: JSONValue, _ path: JSONPath) -> Int? {
        guard let number = value.number, number == number.rounded(), abs(number) < 1e9 else {
            report(value, path, expected: "a calendar year (a whole number such as 2030)")
            return nil
        }
        let year = Int(number)
        guard (1900...2100).contains(year) else {
            report(value, path, expected: "a calendar year from 1900 to 2100 (horizons end in 2100 at the latest)")
            return nil
        }
        return year
    }

    /// A `{"year": number}` map.
    mutating func yearMap(_ value: JSONValue, _ path: JSONPath, range: ValueRange?, unit: String) -> [Int: Double]? {
        guard let members = value.members else {
            report(value, path, expected: "a {\"year\": value} map of \(unit)")
            return nil
        }
        guard !members.isEmpty else {
            report(value, path, expected: "a {\"year\": value} map with at least one year")
            return nil
        }
        var map: [Int: Double] = [:]
        var valid = true
        for member in members {
            let memberPath = path.key(member.key)
            guard let year = Int(member.key), member.key.count == 4, (1900...2100).contains(year) else {
                diagnostics.append(
                    Diagnostic(
                        file: file, path: memberPath.description, line: member.keyLine, column: member.keyColumn,
                        expected: "a calendar year as the key (\"2030\")", found: "\"\(member.key)\""))
                valid = false
                continue
            }
            if map[year] != nil {
                diagnostics.append(
                    Diagnostic(
                        file: file, path: memberPath.description, line: member.keyLine, column: member.keyColumn,
                        message: "the year \(year) appears twice in this map; keep one"))
                valid = false
                continue
            }
            guard let number = number(member.value, memberPath, range: range, unit: unit) else {
                valid = false
                continue
            }
            map[year] = number
        }
        return valid ? map : nil
    }

    /// A list of calendar years.
    mutating func yearList(_ value: JSONValue, _ path: JSONPath) -> [Int]? {
        guard let items = value.items else {
            report(value, path, expected: "a list of calendar years, e.g. [2025, 2026, 2027, 2028]")
            return nil
        }
        var years: [Int] = []
        var valid = true
        for (index, item) in items.enumerated() {
            if let year = year(item, path.index(index)) { years.append(year) } else { valid = false }
        }
        if Set(years).count != years.count {
            report(value, path, message: "a year is listed twice")
            valid = false
        }
        return valid ? years.sorted() : nil
    }

    /// A value of the kind `spec` describes.
    mutating func value(_ value: JSONValue, _ path: JSONPath, spec: ParameterSpec) -> ParameterValue? {
        switch spec.kind {
        case .number:
            return number(value, path, range: spec.range, unit: spec.unit).map(ParameterValue.number)
        case .integer:
            guard let number = number(value, path, range: spec.range, unit: spec.unit) else { return nil }
            guard number == number.rounded() else {
                report(value, path, expected: "a whole number")
                return nil
            }
            return .number(number)
        case .year:
            return year(value, path).map { .number(Double($0)) }
        case .yearSeries:
            if value.members != nil {
                return yearMap(value, path, range: spec.range, unit: spec.unit).map { .series(YearSeries(points: $0)) }
            }
            guard value.number != nil else {
                report(value, path, expected: "a number (\(spec.unit)) or a {\"year\": value} map")
                return nil
            }
            return number(value, path, range: spec.range, unit: spec.unit).map { .series(YearSeries(constant: $0)) }
        case .yearMap:
            guard let map = yearMap(value, path, range: spec.range, unit: spec.unit) else { return nil }
            // A disbursement schedule (a variant's or a country's) splits the whole draw.
            if spec.key == "safe_schedule" {
                let total = map.values.reduce(0, +)
                if abs(total - 1) > 1e-9 {
                    report(value, path, expected: "shares that sum to 1", found: String(format: "a sum of %.6g", total))
                }
            }
            return .series(YearSeries(points: map))
        case .yearList:
            return yearList(value, path).map(ParameterValue.years)
        case .boolean:
            return bool(value, path).map { .number($0 ? 1 : 0) }
        case .text:
            return string(value, path).map(ParameterValue.text)
        case .choice(let options):
            guard let text = string(value, path, what: "one of " + options.map { "\"\($0)\"" }.joined(separator: ", ")) else {
                return nil
            }
            guard options.contains(text) else {
                let suggestion = Suggestion.nearest(to: text, in: options).map { "did you mean \"\($0)\"?" }
                report(
                    value, path, expected: "one of " + options.map { "\"\($0)\"" }.joined(separator: ", "), suggestion: suggestion
                )
                return nil
            }
            return .text(text)
        }
    }
}
