import Foundation
import MilexTestSupport
import Testing

/// The policy file is checked when milex is built: the build tool refuses an incomplete entry
/// or a value outside its range, and removing an entry the code uses breaks the build.
@Suite("The policy file, checked at build time")
struct PolicyFileTests {
    static let policy = CLI.root.appendingPathComponent("Sources/MilexModel/Policy/policy.json")
    static var tool: URL { CLI.executable.deletingLastPathComponent().appendingPathComponent("EmbedResource") }

    /// The policy file with `change` applied to its parameters, written to a temporary file.
    static func variant(_ change: (inout [String: Any]) -> Void, in directory: URL) throws -> URL {
        var root = try JSONSerialization.jsonObject(with: Data(contentsOf: policy)) as! [String: Any]
        var parameters = root["parameters"] as! [String: Any]
        change(&parameters)
        root["parameters"] = parameters
        let file = directory.appendingPathComponent("policy.json")
        try JSONSerialization.data(withJSONObject: root, options: [.prettyPrinted, .sortedKeys]).write(to: file)
        return file
    }

    static func generate(_ file: URL, in directory: URL) throws -> (ProcessRunner.Outcome, URL) {
        let output = directory.appendingPathComponent("EmbeddedPolicy.swift")
        return (try ProcessRunner.run(tool, ["--policy", output.path, file.path]), output)
    }

    @Test("the shipped file passes and gives one case per entry")
    func shipped() throws {
        let directory = try temporaryDirectory("policy")
        defer { try? FileManager.default.removeItem(at: directory) }
        let (outcome, output) = try Self.generate(Self.policy, in: directory)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let source = try String(contentsOf: output, encoding: .utf8)
        #expect(source.contains(#"case escapeClauseCapPctGdp = "escape_clause_cap_pct_gdp""#))
        #expect(source.contains(#"case deficitReferencePctGdp = "deficit_reference_pct_gdp""#))
    }

    @Test(
        "an incomplete entry or a value outside its range fails the build, naming the key",
        arguments: [
            ("escape_clause_cap_pct_gdp", "value", "11", "is outside [0, 10]"),
            ("deficit_reference_pct_gdp", "source", #""""#, "source: expected a non-empty string"),
            ("hague_target_year", "value", "2035.5", "expected a whole number"),
            ("safe_rate_pct", "kind", #""percent""#, "kind: expected number, integer, year, years or year_map"),
        ])
    func refused(key: String, field: String, json: String, message: String) throws {
        let value = try JSONSerialization.jsonObject(with: Data(json.utf8), options: .fragmentsAllowed)
        let directory = try temporaryDirectory("policy-bad")
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = try Self.variant(
            { parameters in
                var entry = parameters[key] as! [String: Any]
                entry[field] = value
                parameters[key] = entry
            }, in: directory)
        let (outcome, _) = try Self.generate(file, in: directory)
        #expect(outcome.status != 0)
        #expect(outcome.stderr.contains("parameters.\(key)") && outcome.stderr.contains(message), "\(outcome.stderr)")
    }

    @Test("removing an entry the code uses is a build error (the generated case is gone)")
    func removed() throws {
        let swiftc = try #require(ProcessRunner.find(["swiftc"]), "swiftc (the Swift toolchain) is not on PATH")
        let directory = try temporaryDirectory("policy-removed")
        defer { try? FileManager.default.removeItem(at: directory) }
        let reader = CLI.root.appendingPathComponent("Sources/MilexModel/Policy.swift")
        // The full file type-checks with the reader…
        let (full, fullOutput) = try Self.generate(Self.policy, in: directory)
        #expect(full.status == 0)
        let complete = try ProcessRunner.run(swiftc, ["-typecheck", fullOutput.path, reader.path], timeout: 300)
        #expect(complete.status == 0, "\(complete.stderr.suffix(1500))")
        // …without the cap it does not.
        let file = try Self.variant({ $0["escape_clause_cap_pct_gdp"] = nil }, in: directory)
        let (outcome, output) = try Self.generate(file, in: directory)
        #expect(outcome.status == 0, "the file itself is still well formed")
        let check = try ProcessRunner.run(swiftc, ["-typecheck", output.path, reader.path], timeout: 300)
        #expect(check.status != 0)
        #expect(check.stderr.contains("escapeClauseCapPctGdp"), "\(check.stderr.suffix(1500))")
    }
}
