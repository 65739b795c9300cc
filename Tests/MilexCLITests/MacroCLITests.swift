import Foundation
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
