import Foundation
import MilexTestSupport
import Testing

@Suite("milex solve end to end")
struct SolveCLITests {
    @Test(
        "bad constraints are usage errors (exit 64) naming --constraint, what was expected and what came",
        arguments: [
            ("debt<=abc", "must be a number, found \"abc\""), ("p(debt>90)<=1.5", "must lie in [0, 1]"),
            ("surplus>=1", "unknown kind of constraint"), ("debt<=90@2040", "outside the run (2025–2035)"),
        ])
    func badConstraint(text: String, fragment: String) throws {
        let outcome = try CLI.run(["solve", "Scenarios/hague-2035.json", "--constraint", text])
        #expect(outcome.status == 64, "\(outcome.stderr)")
        #expect(outcome.stderr.contains("--constraint \"\(text)\""), "\(outcome.stderr)")
        #expect(outcome.stderr.contains(fragment), "\(outcome.stderr)")
        #expect(outcome.stdout.isEmpty)
    }

    @Test("no constraint, or stochastic options without a stochastic constraint, are usage errors")
    func usage() throws {
        let none = try CLI.run(["solve", "Scenarios/hague-2035.json"])
        #expect(none.status == 64 && none.stderr.contains("--constraint"))
        let draws = try CLI.run(["solve", "Scenarios/hague-2035.json", "--constraint", "debt<=90", "--draws", "100"])
        #expect(draws.status == 64 && draws.stderr.contains("--draws applies to stochastic constraints"))
    }

    @Test("the done-when command: every ally and variant with its highest target and what binds; JSON as MODEL.md §14")
    func hague() throws {
        let outcome = try CLI.run([
            "solve", "Scenarios/hague-2035.json", "--constraint", "debt<=90@2035", "--constraint", "deficit<=3+flex", "--format",
            "json",
        ])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any])
        let solutions = try #require(object["solutions"] as? [[String: Any]])
        #expect(solutions.count == 32 * 3)
        for solution in solutions {
            for key in ["variant", "country", "unknown", "value", "binding", "status"] { #expect(solution[key] != nil, "\(key)") }
            let status = solution["status"] as? String
            #expect(["solved", "infeasible", "unconstrained"].contains(status))
            if status == "solved" {
                #expect(["debt<=90@2035", "deficit<=3+flex"].contains(solution["binding"] as? String))
                let value = try #require(solution["value"] as? Double)
                #expect(value > 0 && value <= 10)
            }
        }
        let table = try CLI.run(
            ["solve", "Scenarios/hague-2035.json", "--constraint", "debt<=90@2035", "--constraint", "deficit<=3+flex"],
            environment: ["NO_COLOR": "1"])
        #expect(table.status == 0)
        #expect(table.stdout.contains("Highest affordable target: 3.5% core by 2035"))
        #expect(table.stdout.contains("of GDP can"), "group rows")
        let html = try CLI.run([
            "solve", "Scenarios/hague-2035.json", "--constraint", "debt<=90@2035", "--format", "html",
        ])
        #expect(html.status == 0 && html.stdout.contains("<svg") && html.stdout.contains("debt&lt;=90@2035"))
    }

    @Test("milex solve agrees with the Python oracle (Tests/Reference) on random custom-country scenarios")
    func oracle() throws {
        let python = try #require(ProcessRunner.find(["python3"]), "python3 not found")
        let reference = CLI.root.appendingPathComponent("Tests/Reference")
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let generated = try ProcessRunner.run(
            python, [reference.appendingPathComponent("random_scenarios.py").path, "20261201", "40", directory.path, "--specs"],
            directory: CLI.root)
        #expect(generated.status == 0, "\(generated.stderr)")
        let specs = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".spec.json") }
            .sorted()
        #expect(specs.count == 40)
        var compared = 0
        for name in specs {
            let spec = directory.appendingPathComponent(name)
            let scenario = directory.appendingPathComponent(name.replacingOccurrences(of: ".spec.json", with: ".json"))
            let oracle = try ProcessRunner.run(
                python, [reference.appendingPathComponent("milex_reference.py").path, "--solve", spec.path, scenario.path],
                directory: CLI.root)
            try #require(oracle.status == 0, "\(oracle.stderr)")
            let specification = try #require(
                try JSONSerialization.jsonObject(with: Data(contentsOf: spec)) as? [String: Any])
            let unknown = specification["unknown"] as? String ?? "target"
            let constraints = (specification["constraints"] as? [String] ?? []).flatMap { ["--constraint", $0] }
            let mine = try CLI.run(["solve", scenario.path, "--unknown", unknown, "--format", "json"] + constraints)
            try #require(mine.status == 0, "\(name): \(mine.stderr)")
            let expected = try #require(
                (try JSONSerialization.jsonObject(with: Data(oracle.stdout.utf8)) as? [String: Any])?["solutions"]
                    as? [[String: Any]])
            let actual = try #require(
                (try JSONSerialization.jsonObject(with: Data(mine.stdout.utf8)) as? [String: Any])?["solutions"]
                    as? [[String: Any]])
            let byLane = Dictionary(uniqueKeysWithValues: actual.map { ("\($0["variant"]!)|\($0["country"]!)", $0) })
            let tolerance = ["target": 0.001, "offset": 0.0001, "year": 0][unknown]!
            for entry in expected {
                let key = "\(entry["variant"]!)|\(entry["country"]!)"
                let counterpart = try #require(byLane[key], "\(name): \(key) missing")
                #expect(entry["status"] as? String == counterpart["status"] as? String, "\(name) \(key)")
                let a = entry["value"] as? Double
                let b = counterpart["value"] as? Double
                #expect(
                    (a == nil) == (b == nil), "\(name) \(key): oracle \(String(describing: a)), milex \(String(describing: b))")
                if let a, let b { #expect(abs(a - b) <= tolerance, "\(name) \(key): oracle \(a), milex \(b)") }
                if entry["status"] as? String == "solved" {
                    #expect(entry["binding"] as? String == counterpart["binding"] as? String, "\(name) \(key)")
                }
                compared += 1
            }
        }
        #expect(compared > 100, "compared \(compared) solutions")
    }
}
