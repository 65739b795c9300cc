import Foundation
import MilexModel
import Testing

@testable import MilexScenario

/// A seeded mutation fuzzer over the shipped scenarios and the fault corpus: every mutant must
/// load or be refused with diagnostics, and every scenario that loads must project to finite
/// numbers or a ``ProjectionError`` — never trap. The budget is `MILEX_FUZZ_SECONDS` (default
/// 40, what CI runs); the seed `MILEX_FUZZ_SEED` (default: the day's date, printed) reproduces a run.
@Suite("Fuzzing: seeded mutations of the shipped scenarios")
struct FuzzTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// The seeds: every shipped scenario and every corpus file.
    static func seeds() throws -> [(name: String, bytes: [UInt8])] {
        var seeds: [(String, [UInt8])] = []
        for folder in ["Scenarios", "Tests/FaultCorpus", "Examples/hague-eu5", "Examples/safe-who-gains"] {
            let url = root.appendingPathComponent(folder)
            for name in try FileManager.default.contentsOfDirectory(atPath: url.path).sorted()
            where name.hasSuffix(".json") && name != "schema.json" {
                let data = try Data(contentsOf: url.appendingPathComponent(name))
                if data.count < 200_000 { seeds.append(("\(folder)/\(name)", Array(data))) }
            }
        }
        return seeds
    }

    /// SplitMix64: a small seeded generator (the fuzzer must be reproducible from its seed).
    struct Generator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    /// Tokens worth inserting: extreme numbers, wrong types, structure.
    static let tokens: [String] = [
        "1e999", "-1e999", "1e308", "-1e308", "5e-324", "0", "-0", "-1", "2100", "2101", "1899", "99999999999999999999",
        "0.5", "1.5", "-100", "100", "NaN", "Infinity", "null", "true", "\"\"", "\"DE\"", "\"EU27\"", "\"NATO\"", "[]", "{}",
        "[[[[", "]]]]", "{\"a\":", ",", ":", "\"\\u0000\"", "\"\\ud800\"", "\u{FEFF}", "\"step\"", "\"growth\"", "\"custom\"",
        "\"extends\": \"x.json\"", "\"sweep\": {\"target_pct_gdp\": [1,2,3]}", "{\"2030\": 5}", "{\"1900\": -1e300}",
    ]

    static func mutate(_ bytes: [UInt8], _ generator: inout Generator) -> [UInt8] {
        var data = bytes
        for _ in 0..<Int.random(in: 1...4, using: &generator) {
            guard !data.isEmpty else {
                data = Array(tokens.randomElement(using: &generator)!.utf8)
                continue
            }
            let at = Int.random(in: 0..<data.count, using: &generator)
            switch Int.random(in: 0..<7, using: &generator) {
            case 0: data[at] = UInt8.random(in: 0...255, using: &generator)
            case 1: data.remove(at: at)
            case 2: data.insert(contentsOf: Array(tokens.randomElement(using: &generator)!.utf8), at: at)
            case 3:
                // Replace a number with a token.
                if let start = data[at...].firstIndex(where: { (48...57).contains($0) }) {
                    var end = start
                    while end < data.count,
                        (48...57).contains(data[end]) || data[end] == 46 || data[end] == 101 || data[end] == 45
                    {
                        end += 1
                    }
                    data.replaceSubrange(start..<end, with: Array(tokens.randomElement(using: &generator)!.utf8))
                }
            case 4: data = Array(data[..<at])
            case 5:
                // Duplicate a slice (repeated keys, nested copies).
                let length = Int.random(in: 1...min(200, data.count - at), using: &generator)
                data.insert(contentsOf: data[at..<(at + length)], at: at)
            default:
                let other = Int.random(in: 0..<data.count, using: &generator)
                data.swapAt(at, other)
            }
        }
        return data
    }

    @Test("mutants load or are refused with diagnostics; loaded ones project to finite numbers or an engine error")
    func fuzz() throws {
        let environment = ProcessInfo.processInfo.environment
        let budget = environment["MILEX_FUZZ_SECONDS"].flatMap(Double.init) ?? 40
        let day = Calendar(identifier: .gregorian).dateComponents(in: TimeZone(identifier: "UTC")!, from: Date())
        let defaultSeed = UInt64((day.year ?? 2026) * 10_000 + (day.month ?? 1) * 100 + (day.day ?? 1))
        let seed = environment["MILEX_FUZZ_SEED"].flatMap(UInt64.init) ?? defaultSeed
        let seeds = try Self.seeds()
        #expect(seeds.count >= 20)
        var generator = Generator(state: seed)
        let loader = ScenarioLoader()
        let deadline = Date().addingTimeInterval(budget)
        var iterations = 0
        var loaded = 0
        var projected = 0
        // At least 100 mutants whatever the machine's speed; more within the time budget.
        while Date() < deadline || iterations < 100 {
            iterations += 1
            let (name, bytes) = seeds.randomElement(using: &generator)!
            let mutant = Self.mutate(bytes, &generator)
            let text = String(decoding: mutant, as: UTF8.self)
            let scenario: Scenario
            do {
                scenario = try loader.load(text: text, file: name)
            } catch {
                #expect(!error.diagnostics.isEmpty, "seed \(seed), iteration \(iterations): refused without a diagnostic")
                continue
            }
            loaded += 1
            let size = scenario.countries.count * (scenario.variants.count + 1) * (scenario.endYear - scenario.baseYear + 1)
            guard size <= 20_000 else { continue }
            do {
                let result = try ProjectionEngine().run(scenario.request)
                projected += 1
                for projection in result.allProjections {
                    for metric in ProjectionMetric.contract {
                        let finite = projection[metric].dropFirst().allSatisfy { $0.isFinite }
                        #expect(finite, "seed \(seed), iteration \(iterations) (\(name)): \(metric.key)")
                    }
                }
            } catch {
                // A ProjectionError names the country and figure; nothing else may escape.
                #expect(error is ProjectionError, "seed \(seed), iteration \(iterations): \(error)")
            }
        }
        print("fuzz: seed \(seed), \(iterations) mutants in \(budget) s: \(loaded) loaded, \(projected) projected")
        #expect(iterations >= 100)
    }
}
