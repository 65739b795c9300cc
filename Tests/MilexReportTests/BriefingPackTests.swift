import Foundation
import MilexData
import MilexModel
import MilexScenario
import Testing

@testable import MilexReport

@Suite("Briefing pack")
struct BriefingPackTests {
    static func pack() throws -> BriefingPack {
        let file = CompareFixture.repository.appendingPathComponent("Scenarios/hague-2035.json")
        let scenario = try ScenarioLoader().load(file: file.path)
        let result = try ProjectionEngine().run(scenario.request)
        let compare = try CompareReport(scenario: scenario, result: result, sort: try CompareReport.SortKey.parse("debt"))
        let context = RunContext(
            scenario: scenario, result: result, files: [.init(name: "Scenarios/hague-2035.json", sha256: SHA256.hex("x"))])
        return BriefingPack(context: context, compare: compare)
    }

    @Test("every file, in order, deterministic, each with its provenance")
    func files() throws {
        let pack = try Self.pack()
        let files = try pack.files()
        #expect(
            files.map(\.name) == [
                "summary.md", "compare.csv", "rules.csv", "decomposition.csv", "escape.csv", "net-expenditure.csv", "nato.csv",
                "burden.csv",
                "projections.csv", "PROVENANCE.txt", "report.html", "report.xlsx",
            ])
        let again = try Self.pack().files()
        #expect(zip(files, again).allSatisfy { $0.data == $1.data }, "the same run gives the same bytes")
        func text(_ name: String) -> String { String(decoding: files.first { $0.name == name }!.data, as: UTF8.self) }
        let summary = text("summary.md")
        // The summaries with charts keep their tables in the Markdown (the charts are in report.html).
        for heading in [
            "## Key assumptions", "## Comparison", "## Fiscal rules", "## Debt dynamics", "## Burden sharing", "## Notes",
            "## Provenance",
        ] {
            #expect(summary.contains(heading))
        }
        #expect(summary.range(of: "## Key assumptions")!.lowerBound < summary.range(of: "## Comparison")!.lowerBound)
        #expect(summary.contains("Files: summary.md, compare.csv, rules.csv"))
        #expect(!summary.contains("## SAFE loans"), "no variant draws SAFE")
        #expect(summary.contains("- Scenario file Scenarios/hague-2035.json: SHA-256 \(SHA256.hex("x"))"))
        #expect(summary.contains("Dataset: the milex built-in dataset, vintage \(Dataset.builtIn.vintage)"))
        #expect(summary.contains("milex version \(MilexVersion.string)"))
        #expect(text("report.html").contains("<h2>Provenance</h2>"))
        let provenance = text("PROVENANCE.txt")
        #expect(provenance.contains("compare.csv: SHA-256 \(SHA256.hex(files.first { $0.name == "compare.csv" }!.data))"))
        #expect(provenance.contains("Key assumptions:\n- Starting point: base year 2025"))
        // CSV files: comment lines (title, key assumptions, provenance), then the table alone.
        let lines = text("compare.csv").components(separatedBy: "\r\n").filter { !$0.isEmpty }
        let comments = lines.prefix { $0.hasPrefix("#") }
        #expect(comments.contains { $0.hasPrefix("# Starting point: ") })
        #expect(comments.contains { $0.hasPrefix("# Financing: ") })
        #expect(lines.count - comments.count == 1 + 32 + 5)
        #expect(lines[comments.count].hasPrefix("code,country,"))
        #expect(!lines.dropFirst(comments.count).contains { $0.contains("SHA-256") })
        let projections = text("projections.csv").components(separatedBy: "\r\n")
        #expect(projections.first { !$0.hasPrefix("#") }?.hasPrefix("variant,country,currency,year,") == true)
        // Nothing depends on the clock.
        let year = Calendar(identifier: .gregorian).component(.year, from: Date())
        #expect(!summary.contains("\(year)-") || year <= 2035)
    }

    @Test("sources: the dataset ids the inputs use and those cited in notes, with publisher, title, date and address")
    func sources() throws {
        let pack = try Self.pack()
        let ids = pack.context.provenance.sources.map(\.id)
        #expect(ids == ids.sorted())
        #expect(ids.contains("HAGUE_2025"), "cited in the scenario's description")
        // The GDP feedback's inputs are used (and cited) only by runs with a macro block.
        let unused = pack.context.result.reportsGDPFeedback ? [] : CountryParameter.gdpFeedbackInputs
        let used = Set(
            pack.context.result.countries.flatMap { country in
                country.provenance.filter { !unused.contains($0.key) }.values.compactMap { provenance -> String? in
                    if case .dataset(let source, _, _) = provenance { return source }
                    return nil
                }
            })
        #expect(used.isSubset(of: Set(ids)))
        let hague = try #require(pack.context.provenance.lines.first { $0.hasPrefix("Source HAGUE_2025:") })
        let record = Dataset.builtIn.sources["HAGUE_2025"]!
        #expect(hague.contains(record.publisher) && hague.contains(record.title) && hague.contains(record.date))
        #expect(hague.contains(record.url!))
        #expect(pack.context.provenance.table().rows.count == pack.context.provenance.lines.count)
    }

    @Test("file names in the provenance lose their ./ and dir/.. steps")
    func normalisedNames() {
        #expect(ProvenanceRecord.normalised("Examples/x/../../Scenarios/common/a.json") == "Scenarios/common/a.json")
        #expect(ProvenanceRecord.normalised("./a.json") == "a.json")
        #expect(ProvenanceRecord.normalised("../a/./b.json") == "../a/b.json")
        #expect(ProvenanceRecord.normalised("/tmp/x/../y.json") == "/tmp/y.json")
    }
}
