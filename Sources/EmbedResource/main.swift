import Foundation

// Build tool behind the EmbedDataset plugin.
//   EmbedResource OUTPUT.swift INPUT...            each input file as a raw string literal, by file name
//   EmbedResource --policy OUTPUT.swift POLICY.json  the policy file checked, its parameters as the
//                                                    cases of PolicyParameter, its text embedded

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("error: \(message)\n".utf8))
    exit(1)
}

/// `text` as a Swift raw string literal.
func rawLiteral(_ text: String) -> String {
    // A raw string needs more #s than any run of #s that follows a quote in the text.
    var hashes = 1
    while text.contains("\"" + String(repeating: "#", count: hashes)) { hashes += 1 }
    let delimiter = String(repeating: "#", count: hashes)
    return "\(delimiter)\"\"\"\n\(text)\n\"\"\"\(delimiter)"
}

func write(_ source: String, to path: String) {
    do {
        try source.write(toFile: path, atomically: true, encoding: .utf8)
    } catch {
        fail("EmbedResource: cannot write \(path): \(error)")
    }
}

/// The checks of a policy file; every problem is reported with the file and the key.
func policySource(_ path: String) -> String {
    guard let text = try? String(contentsOf: URL(fileURLWithPath: path), encoding: .utf8) else {
        fail("\(path): cannot read the policy file as UTF-8")
    }
    guard let root = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else {
        fail("\(path): not a JSON object")
    }
    guard root["format"] as? String == "milex-policy/1" else { fail("\(path): format: expected \"milex-policy/1\"") }
    guard let parameters = root["parameters"] as? [String: Any], !parameters.isEmpty else {
        fail("\(path): parameters: expected an object of parameters")
    }
    var problems: [String] = []
    func number(_ value: Any?) -> Double? {
        (value as? NSNumber)?.doubleValue
    }
    for key in parameters.keys.sorted() {
        let place = "\(path): parameters.\(key)"
        guard key.range(of: "^[a-z][a-z0-9_]*$", options: .regularExpression) != nil else {
            problems.append("\(place): a key is lower-case snake_case")
            continue
        }
        guard let entry = parameters[key] as? [String: Any] else {
            problems.append("\(place): expected an object")
            continue
        }
        for field in ["title", "unit", "source", "description"] {
            if ((entry[field] as? String) ?? "").trimmingCharacters(in: .whitespaces).isEmpty {
                problems.append("\(place).\(field): expected a non-empty string")
            }
        }
        guard let range = entry["range"] as? [Any], range.count == 2, let low = number(range[0]), let high = number(range[1]),
            low <= high
        else {
            problems.append("\(place).range: expected [low, high] with low ≤ high")
            continue
        }
        func check(_ value: Double, _ where_: String) {
            func text(_ x: Double) -> String { String(format: "%g", x) }
            if !(low...high).contains(value) {
                problems.append("\(place).\(where_): \(text(value)) is outside [\(text(low)), \(text(high))]")
            }
        }
        let kind = entry["kind"] as? String ?? ""
        switch kind {
        case "number":
            if let value = number(entry["value"]) {
                check(value, "value")
            } else {
                problems.append("\(place).value: expected a number")
            }
        case "integer", "year":
            if let value = number(entry["value"]), value == value.rounded() {
                check(value, "value")
            } else {
                problems.append("\(place).value: expected a whole number")
            }
        case "years":
            guard let values = entry["value"] as? [Any], !values.isEmpty else {
                problems.append("\(place).value: expected a non-empty list of years")
                continue
            }
            for (index, item) in values.enumerated() {
                if let year = number(item), year == year.rounded() {
                    check(year, "value[\(index)]")
                } else {
                    problems.append("\(place).value[\(index)]: expected a year")
                }
            }
        case "year_map":
            guard let values = entry["value"] as? [String: Any], !values.isEmpty else {
                problems.append("\(place).value: expected a non-empty {\"year\": number} map")
                continue
            }
            for (year, item) in values.sorted(by: { $0.key < $1.key }) {
                if Int(year) == nil { problems.append("\(place).value.\(year): expected a year as the key") }
                if let value = number(item) {
                    check(value, "value.\(year)")
                } else {
                    problems.append("\(place).value.\(year): expected a number")
                }
            }
        default:
            problems.append("\(place).kind: expected number, integer, year, years or year_map, found \"\(kind)\"")
        }
    }
    if !problems.isEmpty { fail(problems.joined(separator: "\nerror: ")) }
    func caseName(_ key: String) -> String {
        let parts = key.split(separator: "_")
        return parts[0] + parts.dropFirst().map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }
    var source = "// Generated by the EmbedDataset plugin from Policy/policy.json at build time. Do not edit.\n\n"
    source += "/// The parameters of `Policy/policy.json`, one case per entry: an entry removed from the file\n"
    source += "/// is a case removed here, so code that uses it no longer builds.\n"
    source += "public enum PolicyParameter: String, CaseIterable, Sendable, Hashable {\n"
    for key in parameters.keys.sorted() { source += "    case \(caseName(key)) = \"\(key)\"\n" }
    source += "}\n\n/// The policy file's text.\nenum EmbeddedPolicy {\n    static let json = \(rawLiteral(text))\n}\n"
    return source
}

var arguments = Array(CommandLine.arguments.dropFirst())
if arguments.first == "--policy" {
    guard arguments.count == 3 else { fail("usage: EmbedResource --policy OUTPUT.swift POLICY.json") }
    write(policySource(arguments[2]), to: arguments[1])
    exit(0)
}
guard let outputPath = arguments.first else { fail("usage: EmbedResource OUTPUT.swift INPUT...") }
var source = "// Generated by the EmbedDataset plugin at build time. Do not edit.\n\n"
source += "enum EmbeddedFiles {\n    static let contents: [String: String] = [\n"
for inputPath in arguments.dropFirst() {
    let url = URL(fileURLWithPath: inputPath)
    guard let text = try? String(contentsOf: url, encoding: .utf8) else {
        fail("EmbedResource: cannot read \(inputPath) as UTF-8")
    }
    source += "        \"\(url.lastPathComponent)\": \(rawLiteral(text)),\n"
}
source += "    ]\n}\n"
write(source, to: outputPath)
