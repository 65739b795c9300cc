import Foundation
import MilexModel
import MilexReport
import MilexTestSupport
import Testing

@testable import MilexScenario

/// Paths inside the repository, found from this file's location (tests run from a checkout).
enum Repository {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let fixtures = root.appendingPathComponent("Tests/MilexScenarioTests/Fixtures")
    static let scenarios = root.appendingPathComponent("Scenarios")
    static let reference = root.appendingPathComponent("Tests/Reference")

    static var recording: Bool { Golden.recording }

    /// Compares `text` with the golden file `name` (numbers to a relative 1e-12, see ``Golden``),
    /// or records it.
    static func checkGolden(_ text: String, _ name: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        if let problem = try Golden.check(text, against: fixtures.appendingPathComponent(name)) {
            Issue.record(Comment(rawValue: problem), sourceLocation: sourceLocation)
        }
    }
}

/// Runs a program found on PATH and returns its standard output (or throws with its standard error).
func runProcess(_ executable: String, _ arguments: [String]) throws -> String {
    guard let program = ProcessRunner.find([executable]) else {
        throw ProcessFailure(description: "\(executable) not found on PATH")
    }
    let run = try ProcessRunner.run(program, arguments)
    guard run.status == 0 else {
        throw ProcessFailure(description: "\(executable) \(arguments.joined(separator: " ")) failed: \(run.stderr)")
    }
    return run.stdout
}

struct ProcessFailure: Error, CustomStringConvertible {
    let description: String
}

func projectJSON(_ scenario: Scenario) throws -> String {
    let result = try ProjectionEngine().run(scenario.request)
    return ProjectionReport(scenario: scenario, result: result).contractJSON().rendered() + "\n"
}

@Suite("Outputs: golden JSON, the independent reference, every shipped scenario")
struct OutputTests {
    @Test("the JSON output of a small scenario matches its golden file")
    func goldenJSON() throws {
        let file = Repository.fixtures.appendingPathComponent("small.json")
        let text = try String(contentsOf: file, encoding: .utf8)
        let scenario = try ScenarioLoader().load(text: text, file: "small.json")
        try Repository.checkGolden(try projectJSON(scenario), "small.expected.json")
    }

    @Test("the engine matches an independent Python implementation of MODEL.md on 60 random scenarios")
    func independentReference() throws {
        let outcome = try ReferenceComparison.run(seed: "20261121", count: 60)
        #expect(outcome.compared > 10_000)
        print("independent reference: \(outcome.compared) values compared, worst relative difference \(outcome.worst)")
    }

    /// The shipped scenarios (every JSON file in Scenarios/ but the schema).
    static var shippedScenarios: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: Repository.scenarios.path)) ?? [])
            .filter { $0.hasSuffix(".json") && $0 != "schema.json" }.sorted()
    }

    @Test("every shipped scenario validates, runs, and gives the expected debt ratio in its horizon year")
    func shippedScenariosRun() throws {
        let scenarios = Self.shippedScenarios
        #expect(!scenarios.isEmpty)
        var lines = ["scenario,variant,country,year,debt_pct_gdp,balance_pct_gdp"]
        for name in scenarios {
            let scenario = try ScenarioLoader().load(file: Repository.scenarios.appendingPathComponent(name).path)
            #expect(scenario.warnings.isEmpty, "\(name) has warnings: \(scenario.warnings.map(\.description))")
            let result = try ProjectionEngine().run(scenario.request)
            for projection in result.allProjections {
                let debt = projection.value(.debt, in: result.endYear)!
                let balance = projection.value(.balance, in: result.endYear)!
                #expect(debt.isFinite && balance.isFinite)
                lines.append(
                    "\(name),\(CSVRenderer.field(projection.variant)),\(projection.country.code),\(result.endYear),\(String(format: "%.6f", debt)),\(String(format: "%.6f", balance))"
                )
            }
        }
        let text = lines.joined(separator: "\n") + "\n"
        let url = Repository.fixtures.appendingPathComponent("headlines.csv")
        if Repository.recording {
            try text.write(to: url, atomically: true, encoding: .utf8)
            return
        }
        let expected = try String(contentsOf: url, encoding: .utf8)
        let expectedRows = Self.rows(expected)
        let actualRows = Self.rows(text)
        #expect(
            Set(expectedRows.keys) == Set(actualRows.keys),
            "scenarios, variants or countries changed; review and rerun with MILEX_RECORD_GOLDEN=1")
        for (key, values) in actualRows {
            guard let reference = expectedRows[key] else { continue }
            for (a, b) in zip(values, reference) where abs(a - b) > 1e-6 * max(1, abs(b)) {
                Issue.record("\(key): \(a) against the expected \(b) (Tests/MilexScenarioTests/Fixtures/headlines.csv)")
            }
        }
    }

    /// `scenario,variant,country,year` → numbers, from a headline CSV.
    static func rows(_ text: String) -> [String: [Double]] {
        var rows: [String: [Double]] = [:]
        for line in text.split(separator: "\n").dropFirst() {
            var fields: [String] = []
            var current = ""
            var quoted = false
            for character in line {
                if character == "\"" {
                    quoted.toggle()
                    continue
                }
                if character == "," && !quoted {
                    fields.append(current)
                    current = ""
                    continue
                }
                current.append(character)
            }
            fields.append(current)
            rows[fields[0..<4].joined(separator: "|")] = fields[4...].compactMap(Double.init)
        }
        return rows
    }

    @Test("the schema accepts every shipped scenario and rejects broken ones (checked with Python's jsonschema)")
    func schemaAgainstFiles() throws {
        let schema = ScenarioSchema.document(
            countryCodes: ScenarioLoader().dataset.countryCodes, groupCodes: ScenarioLoader().dataset.groups.keys.sorted())
        let rendered = schema.rendered() + "\n"
        let shipped = Repository.scenarios.appendingPathComponent("schema.json")
        if Repository.recording { try rendered.write(to: shipped, atomically: true, encoding: .utf8) }
        #expect(
            try String(contentsOf: shipped, encoding: .utf8) == rendered,
            "Scenarios/schema.json is stale: regenerate it with milex schema -o Scenarios/schema.json")
        let script = """
            import json, sys
            import jsonschema
            schema = json.load(open(sys.argv[1]))
            jsonschema.Draft7Validator.check_schema(schema)
            validator = jsonschema.Draft7Validator(schema)
            for path in sys.argv[2:]:
                errors = list(validator.iter_errors(json.load(open(path))))
                print(path.rsplit('/', 1)[-1], "valid" if not errors else "invalid")
            """
        let good = Self.shippedScenarios.map { Repository.scenarios.appendingPathComponent($0).path }
        let broken = try FileManager.default.contentsOfDirectory(
            atPath: Repository.fixtures.appendingPathComponent("broken").path
        )
        .filter { $0.hasSuffix(".json") }.sorted().map { Repository.fixtures.appendingPathComponent("broken/\($0)").path }
        #expect(broken.count >= 5)
        let output = try runProcess("python3", ["-c", script, shipped.path] + good + broken)
        let verdicts = Dictionary(
            uniqueKeysWithValues: output.split(separator: "\n").map { line -> (String, String) in
                let parts = line.split(separator: " ")
                return (String(parts[0]), String(parts[1]))
            })
        for path in good {
            #expect(verdicts[URL(fileURLWithPath: path).lastPathComponent] == "valid", "\(path) should satisfy the schema")
        }
        for path in broken {
            #expect(verdicts[URL(fileURLWithPath: path).lastPathComponent] == "invalid", "\(path) should violate the schema")
        }
    }

    @Test("held-out broken files each get an error from milex too")
    func brokenFiles() throws {
        let directory = Repository.fixtures.appendingPathComponent("broken")
        for name in try FileManager.default.contentsOfDirectory(atPath: directory.path).filter({ $0.hasSuffix(".json") }).sorted()
        {
            let diagnostics = ScenarioLoader().validate(file: directory.appendingPathComponent(name).path)
            #expect(diagnostics.contains { $0.severity == .error }, "\(name) should be rejected")
        }
    }
}
