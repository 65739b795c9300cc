import Foundation
import MilexModel
import MilexTestSupport
import Testing

@testable import MilexScenario

/// milex against the independent Python implementation of MODEL.md (Tests/Reference), on
/// random scenarios of `random_scenarios.py`: the one comparison the oracle tests share.
struct ReferenceComparison {
    /// How many numbers were compared, the worst relative difference, and the values seen of
    /// each extra field (to check the random scenarios exercise what a test is about).
    struct Outcome {
        var compared = 0
        var worst = 0.0
        var nonzero: [String: Int] = [:]
        var scenarios: [Scenario] = []
    }

    /// The §9 fields and the two the engine adds that every run has.
    static let fields = ProjectionMetric.contract.map(\.key) + ["deficit_beyond_flexibility_pct_gdp", "debt_bn"]

    /// Generates `count` scenarios with `seed` (and the generator's `features`), runs both programs
    /// on each and records an issue for every number that differs by more than `relative`
    /// (with an absolute floor of 1e-9 for values 0 in one program and ~1e-15 in the other) and
    /// for every flag set that differs. `extraFields` are compared where the reference prints
    /// them; `null` in both counts as equal.
    static func run(
        seed: String, count: Int, features: String? = nil, extraFields: [String] = [], relative: Double = 1e-9,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> Outcome {
        let directory = try temporaryDirectory("reference")
        defer { try? FileManager.default.removeItem(at: directory) }
        let generator = Repository.reference.appendingPathComponent("random_scenarios.py").path
        _ = try runProcess(
            "python3", [generator, seed, String(count), directory.path] + (features.map { ["--features", $0] } ?? []))
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter {
            $0.hasSuffix(".json") && !$0.hasSuffix(".spec.json")
        }.sorted()
        #expect(files.count == count, sourceLocation: sourceLocation)
        var outcome = Outcome()
        for name in files {
            let path = directory.appendingPathComponent(name).path
            let expected =
                try JSONSerialization.jsonObject(
                    with: Data(
                        try runProcess("python3", [Repository.reference.appendingPathComponent("milex_reference.py").path, path])
                            .utf8)) as! [String: Any]
            let scenario = try ScenarioLoader().load(file: path)
            outcome.scenarios.append(scenario)
            let actual = try JSONSerialization.jsonObject(with: Data(try projectJSON(scenario).utf8)) as! [String: Any]
            let mine = Dictionary(
                uniqueKeysWithValues: (actual["projections"] as! [[String: Any]]).map {
                    ("\($0["variant"]!)|\($0["country"]!)", $0)
                })
            for projection in expected["projections"] as! [[String: Any]] {
                let key = "\(projection["variant"]!)|\(projection["country"]!)"
                guard let counterpart = mine[key] else {
                    Issue.record("\(name): no projection for \(key)", sourceLocation: sourceLocation)
                    continue
                }
                let referenceYears = projection["years"] as! [[String: Any]]
                let engineYears = counterpart["years"] as! [[String: Any]]
                #expect(referenceYears.count == engineYears.count, sourceLocation: sourceLocation)
                for (referenceYear, engineYear) in zip(referenceYears, engineYears) {
                    let year = referenceYear["year"]!
                    for field in fields + extraFields.filter({ referenceYear.keys.contains($0) }) {
                        let a = (referenceYear[field] as? NSNumber)?.doubleValue
                        let b = (engineYear[field] as? NSNumber)?.doubleValue
                        if a == nil && b == nil && !fields.contains(field) { continue }
                        guard let a, let b else {
                            Issue.record(
                                "\(name) \(key) \(year) \(field): missing in one program", sourceLocation: sourceLocation)
                            continue
                        }
                        let difference = abs(a - b)
                        let scale = max(abs(a), abs(b))
                        if !(difference <= max(1e-9, relative * scale)) {
                            Issue.record(
                                "\(name) \(key) \(year) \(field): reference \(a), engine \(b)", sourceLocation: sourceLocation)
                        }
                        if scale > 1e-6 { outcome.worst = max(outcome.worst, difference / scale) }
                        if extraFields.contains(field), abs(a) > 1e-6 { outcome.nonzero[field, default: 0] += 1 }
                        outcome.compared += 1
                    }
                    #expect(
                        Set(referenceYear["flags"] as! [String]) == Set(engineYear["flags"] as! [String]),
                        "\(name) \(key) \(year) flags", sourceLocation: sourceLocation)
                }
            }
        }
        return outcome
    }
}
