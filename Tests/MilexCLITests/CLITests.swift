import Foundation
import MilexTestSupport
import Testing

/// The `milex` executable next to the test bundle, run as a user would.
struct CLI {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static var executable: URL {
        let candidates = [
            Bundle.main.bundleURL.appendingPathComponent("milex"),
            Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("milex"),
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("milex"),
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().deletingLastPathComponent()
                .appendingPathComponent("milex"),
        ]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) } ?? candidates[0]
    }

    typealias Outcome = ProcessRunner.Outcome

    /// Runs `milex` with `arguments` in `directory` (default: the repository).
    @discardableResult
    static func run(
        _ arguments: [String], environment: [String: String] = [:], directory: URL? = nil, input: Data? = nil
    ) throws -> Outcome {
        try ProcessRunner.run(executable, arguments, environment: environment, directory: directory ?? root, input: input)
    }

    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("milex-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}

@Suite("milex end to end")
struct CLITests {
    @Test("run prints a table per variant and country that fits 100 columns")
    func runTable() throws {
        let outcome = try CLI.run(["run", "Scenarios/model-example.json"], environment: ["NO_COLOR": "1"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout.contains("Example (XA) — baseline"))
        #expect(outcome.stdout.contains("Germany (DE) — 3.5% by 2030"))
        #expect(!outcome.stdout.contains("\u{1B}["), "no colour codes when not on a terminal")
        let widest = outcome.stdout.components(separatedBy: "\n").map { (line: String) in line.count }.max() ?? 0
        #expect(widest <= 100, "the widest table line has \(widest) characters")
    }

    @Test("run --format json and csv; --output writes the file")
    func formats() throws {
        let directory = try CLI.temporaryDirectory()
        let json = directory.appendingPathComponent("out.json")
        let outcome = try CLI.run(["run", "Scenarios/model-example.json", "--format", "json", "--output", json.path])
        #expect(outcome.status == 0 && outcome.stdout.isEmpty)
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: json)) as! [String: Any]
        #expect(object["base_year"] as? Int == 2024)
        let projections = object["projections"] as! [[String: Any]]
        #expect(projections.count == 4)
        #expect(projections.first?["variant"] as? String == "baseline")
        let csv = try CLI.run(["run", "Scenarios/model-example.json", "--format", "csv"])
        let lines = csvBody(csv.stdout).components(separatedBy: "\r\n").filter { !$0.isEmpty }
        #expect(lines.first?.hasPrefix("variant,country,currency,year,gdp_bn,defence_pct_gdp") == true)
        #expect(lines.count == 1 + 2 * 2 * 12)
    }

    @Test(
        "every bad input gets a clear error and a non-zero exit within a second",
        arguments: [
            ("{\"countries\": [\"DEU\"]}", "did you mean \"DE\"?"),
            ("{\"countries\": [\"DE\"], \"end_year\": 2200}", "2100"),
            ("{not json", "expected a key in double quotes"),
            (
                "{\"countries\": [\"DE\"], \"variants\": [{\"label\": \"a\", \"defence\": {\"target_pct_gdp\": 3, \"by\": 2025, \"start\": 2027}}]}",
                "a year ≥ start (2027)"
            ),
            ("{\"countries\": [\"DE\"], \"variants\": [{\"label\": \"a\"}, {\"label\": \"a\"}]}", "used twice"),
        ])
    func badInput(text: String, fragment: String) throws {
        let directory = try CLI.temporaryDirectory()
        let file = directory.appendingPathComponent("bad.json")
        try text.write(to: file, atomically: true, encoding: .utf8)
        let outcome = try CLI.run(["run", file.path])
        #expect(outcome.status == 1)
        #expect(outcome.stderr.contains(fragment), "stderr: \(outcome.stderr)")
        #expect(outcome.stderr.contains(file.path), "the message names the file")
        #expect(!outcome.stderr.contains("Fatal error") && !outcome.stderr.contains("Stack dump"))
        #expect(outcome.stdout.isEmpty)
    }

    @Test("a missing file and a bad option are errors, not crashes")
    func missingFileAndOptions() throws {
        let missing = try CLI.run(["run", "no-such-file.json"])
        #expect(missing.status == 1 && missing.stderr.contains("no-such-file.json: error: no such file"))
        let format = try CLI.run(["run", "Scenarios/model-example.json", "--format", "pdf"])
        #expect(format.status == 64)
        let column = try CLI.run(["run", "Scenarios/model-example.json", "--columns", "debt_pct_gpd"])
        #expect(column.status == 64 && column.stderr.contains("did you mean debt_pct_gdp?"))
    }

    @Test("every key --help-columns lists is accepted by --columns, whole")
    func helpColumns() throws {
        let help = try CLI.run(["run", "--help-columns"])
        #expect(help.status == 0)
        let keys = help.stdout.split(separator: "\n").compactMap { $0.split(separator: " ").first.map(String.init) }
        #expect(keys.count > 20)
        #expect(keys.contains("defence_increase_beyond_flexibility_pct_gdp"))
        let run = try CLI.run(["run", "Scenarios/model-example.json", "--columns", keys.joined(separator: ",")])
        #expect(run.status == 0, "\(run.stderr)")
    }

    @Test("a failed run leaves an existing output file untouched")
    func atomicOutput() throws {
        let directory = try CLI.temporaryDirectory()
        let output = directory.appendingPathComponent("result.json")
        try "previous".write(to: output, atomically: true, encoding: .utf8)
        let bad = directory.appendingPathComponent("bad.json")
        try "{\"countries\": [\"ZZ\"]}".write(to: bad, atomically: true, encoding: .utf8)
        let outcome = try CLI.run(["run", bad.path, "--output", output.path])
        #expect(outcome.status == 1)
        #expect(try String(contentsOf: output, encoding: .utf8) == "previous")
        let unwritable = try CLI.run(["run", "Scenarios/model-example.json", "--output", "/nonexistent-dir/x.json"])
        #expect(unwritable.status == 3 && unwritable.stderr.contains("does not exist"))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.contains(".tmp-") }
        #expect(leftovers.isEmpty)
    }

    @Test("validate reports every problem of every file; schema prints the shipped schema")
    func validateAndSchema() throws {
        let directory = try CLI.temporaryDirectory()
        let file = directory.appendingPathComponent("two.json")
        try
            "{\"countries\": [\"DE\"], \"end_yr\": 2030, \"variants\": [{\"label\": \"x\", \"financing\": {\"offset_share\": 2}}]}"
            .write(to: file, atomically: true, encoding: .utf8)
        let outcome = try CLI.run(["validate", "Scenarios/model-example.json", file.path])
        #expect(outcome.status == 1)
        #expect(outcome.stdout.contains("Scenarios/model-example.json: ok"))
        #expect(outcome.stderr.contains("end_yr") && outcome.stderr.contains("offset_share"))
        let schema = try CLI.run(["schema"])
        #expect(schema.status == 0)
        #expect(
            schema.stdout == (try String(contentsOf: CLI.root.appendingPathComponent("Scenarios/schema.json"), encoding: .utf8)))
        // The format's reference is generated from the same descriptions: it must not drift.
        let reference = try CLI.run(["schema", "--reference"])
        #expect(reference.status == 0)
        let shippedReference = try String(
            contentsOf: CLI.root.appendingPathComponent("docs/scenario-format.md"), encoding: .utf8)
        #expect(
            reference.stdout == shippedReference,
            "docs/scenario-format.md is stale: regenerate it with milex schema --reference -o docs/scenario-format.md")
    }

    @Test("countries and show list the built-in data with sources")
    func dataset() throws {
        let list = try CLI.run(["countries", "--group", "EU27", "--format", "csv"])
        #expect(list.status == 0)
        #expect(csvBody(list.stdout).components(separatedBy: "\r\n").filter { !$0.isEmpty }.count == 28)
        let show = try CLI.run(["show", "PL", "--format", "json"])
        let record = try JSONSerialization.jsonObject(with: Data(show.stdout.utf8)) as! [String: Any]
        #expect(record["code"] as? String == "PL")
        let figures = record["figures"] as! [[String: Any]]
        #expect(figures.allSatisfy { ($0["source"] as? String)?.isEmpty == false })
        let unknown = try CLI.run(["show", "DEU"])
        #expect(unknown.status == 1 && unknown.stderr.contains("did you mean \"DE\"?"))
        let group = try CLI.run(["countries", "--group", "NATOO"])
        #expect(group.status == 64 && group.stderr.contains("did you mean NATO?"))
        // Published plans after the base year, each with its status: Korea's 2026 budget as passed, and
        // the government's proposal apart from it.
        let korea = try CLI.run(["show", "KR", "--format", "md"], environment: ["NO_COLOR": "1"])
        #expect(korea.status == 0)
        let plans = korea.stdout.components(separatedBy: "### ").first { $0.hasPrefix("Published plans") } ?? ""
        #expect(plans.contains("| 2026 | defence_budget_nc_bn | 65864.2 | bn KRW | budget |"), "\(plans.prefix(800))")
        #expect(plans.contains("| 2026 | defence_budget_nc_bn | 66294.7 | bn KRW | plan |"))
        #expect(!plans.contains("| 2025 |"), "only years after the base year")
    }
}

@Suite("Examples")
struct ExampleTests {
    @Test("the library example projects Poland from the built-in data")
    func libraryExample() throws {
        let executable = CLI.executable.deletingLastPathComponent().appendingPathComponent("milex-example-library")
        let run = try ProcessRunner.run(executable, [])
        let output = run.stdout
        #expect(run.status == 0, "\(run.stderr)")
        let rows = output.split(separator: "\n").filter { $0.hasPrefix("20") }
        // 2025 (the base year) to 2035.
        #expect(rows.count == 11)
        // The 2030 row reaches the 5 % target exactly.
        #expect(rows.first { $0.hasPrefix("2030") }?.contains("   5.00") == true)
        // s_B from NATO's 2026 edition (the 2025 estimate).
        #expect(output.contains("NATO_DIN_2026_PL_OCR"))
    }
}
