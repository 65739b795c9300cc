import Foundation
import MilexTestSupport
import Testing

@Suite("milex run with the GDP feedback (MODEL.md §12)")
struct MacroCLITests {
    @Test("the shipped scenario's sensitivity table as JSON: a grid per variant and country")
    func sensitivityJSON() throws {
        let run = try CLI.run(["run", "Scenarios/guns-and-growth.json", "--macro-sensitivity", "--format", "json"])
        #expect(run.status == 0, "\(run.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as! [String: Any]
        let grid = try #require(json["macro_sensitivity"] as? [String: Any])
        #expect((grid["multipliers"] as? [Double]) == [0, 0.5, 0.75, 1, 1.25])
        #expect((grid["debt_pct_gdp"] as? [[String: Any]])?.count == 4 * 23)
    }

    @Test("a bad macro value is exit 1 with the file, the path, what was expected and what was found")
    func badValue() throws {
        let directory = try CLI.temporaryDirectory()
        let file = directory.appendingPathComponent("bad.json")
        let text = try String(
            contentsOf: CLI.root.appendingPathComponent("Scenarios/guns-and-growth.json"), encoding: .utf8
        ).replacingOccurrences(of: "\"persistence_years\": 3", with: "\"persistence_years\": 0")
        try text.replacingOccurrences(of: "\"$schema\": \"schema.json\",", with: "").write(
            to: file, atomically: true, encoding: .utf8)
        let run = try CLI.run(["run", file.path])
        #expect(run.status == 1)
        #expect(run.stderr.contains("bad.json:"))
        #expect(run.stderr.contains("macro.persistence_years: expected a number ≥ 1 (years), found 0"))
        let combined = try CLI.run(["run", "Scenarios/guns-and-growth.json", "--macro-sensitivity", "--stochastic"])
        #expect(combined.status == 64)
    }
}

@Suite("milex run --format json against the independent reference, with the macro block")
struct MacroReferenceCLITests {
    @Test("the binary's projections match milex_reference.py on random macro scenarios to a relative 1e-6")
    func binaryAgainstReference() throws {
        let python = try #require(ProcessRunner.find(["python3"]), "python3 not found")
        let reference = CLI.root.appendingPathComponent("Tests/Reference")
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let generate = try ProcessRunner.run(
            python,
            [reference.appendingPathComponent("random_scenarios.py").path, "777", "6", directory.path, "--features", "macro"])
        try #require(generate.status == 0, "\(generate.stderr)")
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".json") }.sorted()
        #expect(files.count == 6)
        var compared = 0
        for name in files {
            let path = directory.appendingPathComponent(name).path
            let engine = try CLI.run(["run", path, "--format", "json"])
            try #require(engine.status == 0, "\(name): \(engine.stderr)")
            let oracle = try ProcessRunner.run(python, [reference.appendingPathComponent("milex_reference.py").path, path])
            try #require(oracle.status == 0, "\(name): \(oracle.stderr)")
            func projections(_ text: String) throws -> [String: [[String: Any]]] {
                let json = try JSONSerialization.jsonObject(with: Data(text.utf8)) as! [String: Any]
                return Dictionary(
                    uniqueKeysWithValues: (json["projections"] as! [[String: Any]]).map {
                        ("\($0["variant"]!)|\($0["country"]!)", $0["years"] as! [[String: Any]])
                    })
            }
            let mine = try projections(engine.stdout)
            for (key, years) in try projections(oracle.stdout) {
                let counterpart = try #require(mine[key], "\(name): no projection \(key)")
                for (a, b) in zip(years, counterpart) {
                    for field in ["gdp_bn", "primary_balance_pct_gdp", "balance_pct_gdp", "debt_pct_gdp", "gdp_effect_pct"] {
                        let x = (a[field] as? NSNumber)?.doubleValue ?? .nan
                        let y = (b[field] as? NSNumber)?.doubleValue ?? .nan
                        #expect(abs(x - y) <= max(1e-9, 1e-6 * max(abs(x), abs(y))), "\(name) \(key) \(a["year"]!) \(field)")
                        compared += 1
                    }
                }
            }
        }
        #expect(compared > 1000)
    }
}
