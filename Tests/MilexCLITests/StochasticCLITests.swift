import Foundation
import MilexTestSupport
import Testing

// `milex run --stochastic` and `milex fan` end to end (MODEL.md §8, docs/model-notes.md E12):
// reproducibility, the JSON and CSV outputs, and the refusals. Draws stay at 5,000 or fewer.

/// The stochastic part of `--format json`.
private struct StochasticDocument: Decodable {
    struct Entity: Decodable {
        let code: String
        let group: Bool
        let members: [String]
    }
    struct Probabilities: Decodable {
        let debtAboveBase: Double
        let debtAbove60: Double
        let debtAbove90: Double
        let deficitAbove3AnyYear: Double
        var all: [Double] { [debtAboveBase, debtAbove60, debtAbove90, deficitAbove3AnyYear] }
    }
    struct Row: Decodable {
        let year: Int
        let deterministic: Double
        let mean: Double
        let percentiles: [Double]
    }
    struct Result: Decodable {
        let variant: String
        let entity: String
        let probabilities: Probabilities
        let debtPctGdp: [Row]
        let balancePctGdp: [Row]
    }
    struct Body: Decodable {
        let draws: Int
        let seed: UInt64
        let percentileLevels: [Double]
        let entities: [Entity]
        let results: [Result]
    }
    let baseYear: Int
    let endYear: Int
    let stochastic: Body

    static func decode(_ text: String) throws -> StochasticDocument {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try decoder.decode(StochasticDocument.self, from: Data(text.utf8))
    }
}

/// The deterministic `milex run --format json` projections, debt only.
private struct DeterministicDocument: Decodable {
    struct Year: Decodable {
        let year: Int
        let debtPctGdp: Double
        let gdpBn: Double
        let debtBn: Double
    }
    struct Projection: Decodable {
        let variant: String
        let country: String
        let currency: String
        let years: [Year]
    }
    let projections: [Projection]

    static func decode(_ text: String) throws -> DeterministicDocument {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try decoder.decode(DeterministicDocument.self, from: Data(text.utf8))
    }
}

/// Parses CSV text as RFC 4180 describes it: records end with CRLF, fields are separated by
/// commas, a quoted field may hold commas, line breaks and doubled quotes. Returns nil when the
/// text breaks the format (a stray quote, a bare LF, a missing final CRLF).
private func parseCSV(_ text: String) -> [[String]]? {
    var records: [[String]] = []
    var record: [String] = []
    var field = ""
    var quoted = false
    var characters = Array(text.unicodeScalars)[...]
    var atFieldStart = true
    while let c = characters.popFirst() {
        if quoted {
            if c == "\"" {
                if characters.first == "\"" {
                    field.unicodeScalars.append(characters.removeFirst())
                } else {
                    quoted = false
                    // After a closing quote only a separator or the end of the record may follow.
                    guard let next = characters.first, next == "," || next == "\r" else { return nil }
                }
            } else {
                field.unicodeScalars.append(c)
            }
            continue
        }
        switch c {
        case "\"":
            guard atFieldStart else { return nil }
            quoted = true
            atFieldStart = false
        case ",":
            record.append(field)
            field = ""
            atFieldStart = true
        case "\r":
            guard characters.popFirst() == "\n" else { return nil }
            record.append(field)
            records.append(record)
            record = []
            field = ""
            atFieldStart = true
        case "\n":
            return nil
        default:
            field.unicodeScalars.append(c)
            atFieldStart = false
        }
    }
    // Every record, the last one included, ends with CRLF.
    guard !quoted, field.isEmpty, record.isEmpty else { return nil }
    return records
}

/// A custom country whose debt path follows by hand: r = g = 3 %, maturity 1, pb = −4, d_B = 50,
/// so d_t = d_{t−1} − pb = 50 + 4·(t − 2024); b_B = pb − i_B·d_B/100 = −4 − 1.5 = −5.5.
private func handScenario(stochastic: String) -> String {
    """
    {"name": "hand", "base_year": 2024, "end_year": 2030, "countries": ["XA"],
     "custom_countries": {"XA": {"currency": "EUR", "gdp_bn": 500, "nominal_growth_pct": 3, "debt_pct_gdp": 50,
       "primary_balance_pct_gdp": -4, "implicit_rate_pct": 3, "market_rate_pct": 3, "average_maturity_years": 1,
       "defence_pct_gdp": 2}},
     "stochastic": \(stochastic)}
    """
}

/// Writes `text` to a new temporary file and returns its path.
private func writeScenario(_ text: String, name: String = "scenario.json") throws -> String {
    let url = try CLI.temporaryDirectory().appendingPathComponent(name)
    try text.write(to: url, atomically: true, encoding: .utf8)
    return url.path
}

@Suite("milex run --stochastic end to end")
struct StochasticCLITests {
    static let germany = ["run", "Scenarios/germany-2029.json", "--stochastic"]

    /// Runs milex and requires success with no message on stderr.
    private func succeed(_ arguments: [String]) throws -> String {
        let outcome = try CLI.run(arguments)
        try #require(outcome.status == 0, "milex \(arguments.joined(separator: " ")): \(outcome.stderr)")
        // Only the note that stand-ins fill a figure no source gives may appear.
        let messages = outcome.stderr.split(separator: "\n").filter { !$0.contains("the built-in stand-ins fill them") }
        #expect(messages.isEmpty, "nothing else on stderr: \(outcome.stderr)")
        #expect(!outcome.stdout.isEmpty)
        return outcome.stdout
    }

    @Test("the same seed gives byte-identical JSON; another seed does not")
    func reproducible() throws {
        let arguments = Self.germany + ["--draws", "2000", "--seed", "7", "--format", "json"]
        let first = try succeed(arguments)
        let second = try succeed(arguments)
        #expect(first == second, "two runs with seed 7 differ")
        let other = try succeed(Self.germany + ["--draws", "2000", "--seed", "8", "--format", "json"])
        #expect(first != other, "seeds 7 and 8 give the same output")
        let seven = try StochasticDocument.decode(first)
        let eight = try StochasticDocument.decode(other)
        #expect(seven.stochastic.seed == 7 && eight.stochastic.seed == 8)
        #expect(seven.stochastic.draws == 2000)
    }

    @Test(
        "the probabilities' thresholds come from the policy: a scenario's policy block moves them, and the table, JSON and notes say so"
    )
    func thresholdsFromPolicy() throws {
        func scenario(_ policy: String) -> String {
            """
            {"countries": ["DE", "IT"], "end_year": 2030, \(policy)
             "variants": [{"label": "3.5%", "defence": {"target_pct_gdp": 3.5, "by": 2030}}]}
            """
        }
        let plain = try writeScenario(scenario(""), name: "plain.json")
        let moved = try writeScenario(
            scenario(#""policy": {"deficit_reference_pct_gdp": 2.5, "safeguard_high_debt_pct_gdp": 100},"#), name: "moved.json")
        let arguments = ["--stochastic", "--draws", "3000", "--seed", "3"]
        struct Thresholds: Decodable {
            struct Body: Decodable {
                let thresholds: [String: Double]
                let notes: [String]
            }
            let stochastic: Body
        }
        let decoder = JSONDecoder()
        let plainJSON = try succeed(["run", plain] + arguments + ["--format", "json"])
        let movedJSON = try succeed(["run", moved] + arguments + ["--format", "json"])
        let plainThresholds = try decoder.decode(Thresholds.self, from: Data(plainJSON.utf8)).stochastic
        let movedThresholds = try decoder.decode(Thresholds.self, from: Data(movedJSON.utf8)).stochastic
        #expect(plainThresholds.thresholds["deficit_above_3_pct_gdp"] == 3)
        #expect(plainThresholds.thresholds["debt_above_90_pct_gdp"] == 90)
        #expect(movedThresholds.thresholds["deficit_above_3_pct_gdp"] == 2.5)
        #expect(movedThresholds.thresholds["debt_above_90_pct_gdp"] == 100)
        #expect(movedThresholds.thresholds["debt_above_60_pct_gdp"] == 60)
        #expect(!plainThresholds.notes.contains { $0.hasPrefix("Probabilities with thresholds") })
        #expect(movedThresholds.notes.contains { $0.contains("above 60 and 100 % of GDP") && $0.contains("above 2.5 % of GDP") })
        // The same draws: a higher debt threshold can only lower the probability, a lower deficit
        // threshold only raise it.
        let first = try StochasticDocument.decode(plainJSON).stochastic.results
        let second = try StochasticDocument.decode(movedJSON).stochastic.results
        try #require(first.count == second.count)
        var differs = false
        for (a, b) in zip(first, second) {
            #expect(b.probabilities.debtAbove90 <= a.probabilities.debtAbove90, "\(a.variant) \(a.entity)")
            #expect(b.probabilities.deficitAbove3AnyYear >= a.probabilities.deficitAbove3AnyYear, "\(a.variant) \(a.entity)")
            #expect(a.probabilities.debtAbove60 == b.probabilities.debtAbove60)
            if a.probabilities.all != b.probabilities.all { differs = true }
        }
        #expect(differs, "moving the thresholds moved no probability")
        let table = try succeed(["run", moved] + arguments)
        #expect(table.contains("P(>100)") && table.contains("P(def>2.5)") && !table.contains("P(>90)"))
    }

    @Test("the number of threads does not change a byte")
    func threads() throws {
        // 5,000 draws: the 512-draw pilot and two blocks of up to 4,096, so two workers share the work.
        let arguments = Self.germany + ["--draws", "5000", "--seed", "7", "--format", "json"]
        let one = try succeed(arguments + ["--threads", "1"])
        let two = try succeed(arguments + ["--threads", "2"])
        let cores = try succeed(arguments)
        #expect(one == two, "--threads 1 and --threads 2 differ")
        #expect(one == cores, "--threads 1 and the default differ")
    }

    @Test(
        "JSON: percentiles 10…90 per variant, country or group and year, non-decreasing; probabilities in [0, 1]",
        arguments: ["Scenarios/germany-2029.json", "Scenarios/baltic-5.json"])
    func jsonShape(file: String) throws {
        let text = try succeed(["run", file, "--stochastic", "--draws", "2000", "--seed", "7", "--format", "json"])
        let document = try StochasticDocument.decode(text)
        let body = document.stochastic
        #expect(document.baseYear == 2025 && document.endYear == 2035)
        #expect(body.percentileLevels == [10, 20, 30, 40, 50, 60, 70, 80, 90])
        // The deterministic run of the same scenario: its variants, countries and debt paths.
        let deterministic = try DeterministicDocument.decode(try succeed(["run", file, "--format", "json", "--view", "years"]))
        var variants: [String] = []
        for projection in deterministic.projections where !variants.contains(projection.variant) {
            variants.append(projection.variant)
        }
        #expect(variants.first == "baseline" && variants.count >= 3)
        let entities = body.entities.map(\.code)
        let countries = Set(deterministic.projections.map(\.country))
        #expect(Set(body.entities.filter { !$0.group }.map(\.code)) == countries)
        // One result per variant and entity, variant by variant.
        #expect(body.results.map(\.variant) == variants.flatMap { variant in entities.map { _ in variant } })
        #expect(body.results.map(\.entity) == variants.flatMap { _ in entities })
        for result in body.results {
            let label = "\(result.variant) \(result.entity)"
            for rows in [result.debtPctGdp, result.balancePctGdp] {
                #expect(rows.map(\.year) == Array(2025...2035), "\(label) years")
                for row in rows {
                    #expect(row.percentiles.count == 9, "\(label) \(row.year)")
                    let ordered = zip(row.percentiles, row.percentiles.dropFirst()).allSatisfy { $0 <= $1 }
                    #expect(ordered, "\(label) \(row.year): \(row.percentiles) must not decrease")
                    #expect(row.percentiles.allSatisfy { $0.isFinite })
                }
                // The base year is observed: every draw has it.
                let base = try #require(rows.first)
                #expect(base.percentiles.allSatisfy { $0 == base.deterministic }, "\(label) base year")
            }
            // Exact counts of 2,000 draws: each probability is k/2000 with 0 ≤ k ≤ 2000.
            for p in result.probabilities.all {
                #expect(p >= 0 && p <= 1, "\(label): \(p)")
                let count = p * 2000
                #expect(abs(count - count.rounded()) <= 1e-9, "\(label): \(p) is not a count of 2000 draws")
            }
            #expect(result.probabilities.debtAbove90 <= result.probabilities.debtAbove60, "\(label): P(>90) ≤ P(>60)")
            // The deterministic path: a country's is the deterministic run's; a group's (all members in EUR
            // here) is 100·ΣD_t/ΣY_t over its members.
            let entity = try #require(body.entities.first { $0.code == result.entity })
            let members = deterministic.projections.filter { $0.variant == result.variant && entity.members.contains($0.country) }
            try #require(members.count == entity.members.count && members.allSatisfy { $0.currency == "EUR" })
            let expected = members[0].years.indices.map { t in
                100 * members.map { $0.years[t].debtBn }.reduce(0, +) / members.map { $0.years[t].gdpBn }.reduce(0, +)
            }
            let reported = result.debtPctGdp.map(\.deterministic)
            #expect(zip(reported, expected).allSatisfy { abs($0 - $1) <= 1e-9 * abs($1) }, "\(label) deterministic path")
            if !entity.group {
                #expect(reported == members[0].years.map(\.debtPctGdp), "\(label): the deterministic run's path, to the bit")
            }
        }
        if file.contains("baltic") {
            let group = try #require(body.entities.first { $0.group })
            #expect(group.code == "BALTIC" && Set(group.members) == ["EE", "LT", "LV"])
        }
    }

    @Test("zero variance reproduces the hand-computed deterministic path in every percentile")
    func zeroVariance() throws {
        let path = try writeScenario(
            handScenario(
                stochastic: """
                    {"draws": 100, "seed": 3, "shocks": {"std_dev": {"nominal_growth_pct": 0, "market_rate_pct": 0,
                     "primary_balance_pct_gdp": 0}}}
                    """))
        let document = try StochasticDocument.decode(try succeed(["run", path, "--stochastic", "--format", "json"]))
        // The scenario's draws and seed apply when the command line gives none.
        #expect(document.stochastic.draws == 100 && document.stochastic.seed == 3)
        let result = try #require(document.stochastic.results.first)
        #expect(document.stochastic.results.count == 1)
        for row in result.debtPctGdp {
            let expected = 50 + 4 * Double(row.year - 2024)
            #expect(row.percentiles.allSatisfy { abs($0 - expected) <= 1e-9 }, "\(row.year): \(row.percentiles) vs \(expected)")
            #expect(abs(row.mean - expected) <= 1e-9)
        }
        // Balance: b_B = −5.5; b_2025 = −4 − 3·50/103 (interest on D_B at 3 % over Y_2025 = 1.03·Y_B).
        let balance = result.balancePctGdp
        #expect(balance[0].percentiles.allSatisfy { $0 == -5.5 })
        let expected2025 = -4 - 3 * 50 / 103.0
        #expect(balance[1].percentiles.allSatisfy { abs($0 - expected2025) <= 1e-9 })
        // d_2030 = 74: above d_B and 60, not 90; b < −3 every year.
        let p = result.probabilities
        #expect(p.debtAboveBase == 1 && p.debtAbove60 == 1 && p.debtAbove90 == 0 && p.deficitAbove3AnyYear == 1)
        // The command line wins over the scenario's draws.
        let overridden = try StochasticDocument.decode(
            try succeed(["run", path, "--stochastic", "--draws", "200", "--format", "json"]))
        #expect(overridden.stochastic.draws == 200 && overridden.stochastic.seed == 3)
    }

    @Test("CSV parses as RFC 4180 with the expected header and the JSON's numbers to 12 significant digits")
    func csv() throws {
        let text = try succeed(Self.germany + ["--draws", "2000", "--seed", "7", "--format", "csv"])
        #expect(text.hasPrefix("# "), "the title and key assumptions come first, as comments")
        let records = try #require(parseCSV(csvBody(text)), "not RFC 4180 CSV")
        let header = ["variant", "entity", "metric", "year", "deterministic", "mean"] + (1...9).map { "p\($0 * 10)" }
        #expect(records.first == header)
        let rows = records.dropFirst()
        // 4 variants × 1 entity (DE) × 2 metrics × 11 years (2025–2035).
        #expect(rows.count == 4 * 1 * 2 * 11)
        #expect(rows.allSatisfy { $0.count == header.count })
        // The labels with commas come back whole.
        #expect(rows.contains { $0[0] == "Plan: 2.83% in 2026, 3.5% in 2029" })
        let document = try StochasticDocument.decode(
            try succeed(Self.germany + ["--draws", "2000", "--seed", "7", "--format", "json"]))
        for result in document.stochastic.results {
            for (metric, series) in [("debt_pct_gdp", result.debtPctGdp), ("balance_pct_gdp", result.balancePctGdp)] {
                for row in series {
                    let match = rows.first {
                        $0[0] == result.variant && $0[1] == result.entity && $0[2] == metric && $0[3] == String(row.year)
                    }
                    let record = try #require(match, "\(result.variant) \(metric) \(row.year)")
                    // CSV carries 12 significant digits, JSON full precision: they agree to 5e-12.
                    let numbers = record[4...].compactMap(Double.init)
                    let full = [row.deterministic, row.mean] + row.percentiles
                    #expect(numbers.count == full.count)
                    #expect(
                        zip(numbers, full).allSatisfy { approximatelyEqual($0, $1, relative: 5e-12, absolute: 1e-12) },
                        "\(result.variant) \(metric) \(row.year)")
                }
            }
        }
    }

    @Test("milex fan gives the same output as milex run --stochastic")
    func fan() throws {
        for format in ["json", "csv"] {
            let options = ["--draws", "2000", "--seed", "7", "--format", format]
            let run = try succeed(Self.germany + options)
            let fan = try succeed(["fan", "Scenarios/germany-2029.json"] + options)
            #expect(run == fan, "\(format) differs")
        }
    }

    /// One refused command: the exit status and what stderr must say.
    struct Refusal: CustomTestStringConvertible, Sendable {
        let name: String
        let arguments: [String]
        let status: Int32
        let fragments: [String]
        var testDescription: String { name }
    }

    static let usageErrors: [Refusal] = [
        Refusal(
            name: "--draws 0", arguments: germany + ["--draws", "0"], status: 64,
            fragments: ["--draws must be a whole number from 1 to 100,000,000, found 0"]),
        Refusal(
            name: "--draws abc", arguments: germany + ["--draws", "abc"], status: 64,
            fragments: ["'abc' is invalid for '--draws <draws>'"]),
        Refusal(
            name: "--threads 0", arguments: germany + ["--threads", "0"], status: 64,
            fragments: ["--threads must be a whole number from 1 to 256, found 0"]),
        Refusal(
            name: "fan --draws 0", arguments: ["fan", "Scenarios/germany-2029.json", "--draws", "0"], status: 64,
            fragments: ["--draws must be a whole number from 1 to 100,000,000, found 0"]),
        Refusal(
            name: "--draws -5 (a negative number is the value, not an option)", arguments: germany + ["--draws", "-5"],
            status: 64, fragments: ["--draws must be a whole number from 1 to 100,000,000, found -5"]),
        Refusal(
            name: "--seed -1", arguments: germany + ["--seed", "-1"], status: 64,
            fragments: ["--seed must be a whole number from 0 to 9007199254740991, found -1"]),
        Refusal(
            name: "--threads -1", arguments: germany + ["--threads", "-1"], status: 64,
            fragments: ["--threads must be a whole number from 1 to 256, found -1"]),
    ]

    @Test("command-line errors exit 64 with a clear message and nothing on stdout", arguments: usageErrors)
    func usage(_ refusal: Refusal) throws {
        let outcome = try CLI.run(refusal.arguments + ["--format", "json"])
        #expect(outcome.status == refusal.status)
        #expect(outcome.stdout.isEmpty, "stdout: \(outcome.stdout.prefix(200))")
        #expect(refusal.fragments.allSatisfy { outcome.stderr.contains($0) }, "stderr: \(outcome.stderr)")
    }

    static let invalidBlocks: [(name: String, block: String, fragments: [String])] = [
        ("draws 0", "{\"draws\": 0}", ["stochastic.draws: expected a number in [1, 100000000]", "found 0"]),
        (
            "negative std_dev", "{\"shocks\": {\"std_dev\": {\"market_rate_pct\": -1}}}",
            ["stochastic.shocks.std_dev.market_rate_pct: expected a number in [0, 20]"]
        ),
        (
            "correlation not 3 × 3", "{\"shocks\": {\"std_dev\": {\"market_rate_pct\": 1}, \"correlation_within\": [[1]]}}",
            ["stochastic.shocks.correlation_within: expected a 3 × 3 list of correlations"]
        ),
        (
            "correlation not positive definite",
            "{\"shocks\": {\"std_dev\": {\"nominal_growth_pct\": 1, \"market_rate_pct\": 1, \"primary_balance_pct_gdp\": 1}, \"correlation_within\": [[1, 0.9, -0.9], [0.9, 1, 0.9], [-0.9, 0.9, 1]]}}",
            ["stochastic.shocks", "positive definite"]
        ),
    ]

    @Test("a scenario with a bad stochastic block exits 1 with the path in the message and nothing on stdout")
    func invalidBlock() throws {
        for (name, block, fragments) in Self.invalidBlocks {
            let path = try writeScenario(handScenario(stochastic: block))
            for command in [["run", path, "--stochastic"], ["fan", path]] {
                let outcome = try CLI.run(command + ["--draws", "100", "--format", "json"])
                #expect(outcome.status == 1, "\(name), \(command[0]): status \(outcome.status)")
                #expect(outcome.stdout.isEmpty, "\(name), \(command[0]): stdout \(outcome.stdout.prefix(200))")
                #expect(outcome.stderr.contains(path), "\(name): the message names the file: \(outcome.stderr)")
                #expect(fragments.allSatisfy { outcome.stderr.contains($0) }, "\(name): \(outcome.stderr)")
            }
        }
    }
}
