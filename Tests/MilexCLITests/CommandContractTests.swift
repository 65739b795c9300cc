import Foundation
import MilexTestSupport
import Testing

/// The command line keeps its word: every format a command's help lists is accepted,
/// `--latex-fragment` works for every command that writes a document, and the country ×
/// target table, ranges of targets and the Hague split behave as documented.
@Suite("The command line keeps its word")
struct CommandContractTests {
    /// Every command that writes a document, with arguments that make it quick.
    static let commands: [(name: String, arguments: [String])] = [
        ("run", ["run", "Scenarios/germany-2029.json"]),
        ("run --stochastic", ["run", "Scenarios/germany-2029.json", "--stochastic", "--draws", "200", "--quiet"]),
        ("fan", ["fan", "Scenarios/germany-2029.json", "--draws", "200", "--quiet"]),
        ("compare", ["compare", "Scenarios/germany-2029.json"]),
        ("compare --figure", ["compare", "--countries", "DE,FR", "--targets", "2:3:0.5", "--by", "2030", "--figure", "debt"]),
        ("countries", ["countries"]),
        ("show", ["show", "PL"]),
    ]

    /// The formats `--format` lists in a command's help.
    static func listedFormats(_ command: [String]) throws -> [String] {
        let help = try CLI.run(Array(command.prefix(1)) + ["--help"])
        // The help wraps at the terminal's width: read it as one line.
        let flat = help.stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        let start = try #require(flat.range(of: "Output format: "), "\(command[0]) --help names no formats")
        let end = try #require(flat[start.upperBound...].range(of: ". (values:"))
        return flat[start.upperBound..<end.lowerBound].split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
    }

    @Test("every format a command's help lists is accepted", arguments: commands.map(\.name))
    func everyListedFormat(name: String) throws {
        let command = Self.commands.first { $0.name == name }!.arguments
        let formats = try Self.listedFormats(command)
        #expect(formats == ["table", "csv", "md", "latex", "json", "html", "xlsx"], "\(name) help lists \(formats)")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("milex-formats-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        for format in formats {
            let file = folder.appendingPathComponent("out.\(format)").path
            let output = try CLI.run(command + ["--format", format, "--output", file])
            #expect(output.status == 0, "\(name) --format \(format): \(output.stderr)")
            let size = (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? 0
            #expect(size > 0, "\(name) --format \(format) wrote nothing")
        }
    }

    @Test("--latex-fragment writes tables to \\input for every command, no preamble", arguments: commands.map(\.name))
    func latexFragment(name: String) throws {
        let command = Self.commands.first { $0.name == name }!.arguments
        let output = try CLI.run(command + ["--format", "latex", "--latex-fragment"])
        #expect(output.status == 0, "\(name): \(output.stderr)")
        #expect(!output.stdout.contains("\\documentclass"), "\(name): a fragment has no preamble")
        #expect(!output.stdout.contains("\\begin{document}"))
        #expect(output.stdout.contains("\\toprule"), "\(name): booktabs rules")
        let full = try CLI.run(command + ["--format", "latex"])
        #expect(full.stdout.contains("\\documentclass") && full.stdout.contains("lmodern"))
        let refused = try CLI.run(command + ["--latex-fragment"])
        #expect(refused.status == 64, "\(name): --latex-fragment without --format latex")
        #expect(refused.stderr.contains("--latex-fragment applies to --format latex"))
    }

    @Test("compare --figure debt-2035 --targets 2:6:0.5: a country × target table, every target a column")
    func figureTable() throws {
        let csv = try CLI.run([
            "compare", "--countries", "DE,FR,PL", "--targets", "2:6:0.5", "--by", "2035", "--figure", "debt-2035", "--format",
            "csv",
        ])
        #expect(csv.status == 0, "\(csv.stderr)")
        let lines = csv.stdout.components(separatedBy: "\r\n").filter { !$0.isEmpty && !$0.hasPrefix("#") }
        let header = lines[0].components(separatedBy: ",")
        #expect(header.prefix(2) == ["code", "country"])
        #expect(
            header.dropFirst(2) == ["2", "2.5", "3", "3.5", "4", "4.5", "5", "5.5", "6"].map { "t\($0)_debt_pct_gdp_2035" }[...])
        // Debt rises with the target for a country below every target (France is at about 2 %).
        let france = try #require(lines.first { $0.hasPrefix("FR,") }).components(separatedBy: ",").dropFirst(2).compactMap(
            Double.init)
        #expect(france.count == 9)
        #expect(zip(france, france.dropFirst()).allSatisfy { $0 < $1 })
        // The same targets as a list give the same table.
        let list = try CLI.run([
            "compare", "--countries", "DE,FR,PL", "--targets", "2,2.5,3,3.5,4,4.5,5,5.5,6", "--by", "2035", "--figure",
            "debt-2035",
            "--format", "csv",
        ])
        func body(_ text: String) -> [String] { text.components(separatedBy: "\r\n").filter { !$0.hasPrefix("#") } }
        #expect(body(list.stdout) == body(csv.stdout))
        for (arguments, fragment) in [
            (["--figure", "dbt"], "--figure dbt: unknown figure \"dbt\"; did you mean debt?"),
            (["--figure", "debt-2030"], "the debt column shows 2035"),
            (["--figure", "code"], "expected one figure of the comparison"),
            (["--targets", "2:6:0"], "--targets \"2:6:0\": the step must be above 0"),
            (["--targets", "6:2:1"], "the range ends (2) before it starts (6)"),
            (["--targets", "2:6"], "expected a range START:END:STEP"),
            (["--targets", "1:1000:1"], "at most 100"),
        ] {
            var command = ["compare", "--countries", "DE", "--targets", "2", "--by", "2035"]
            if arguments[0] == "--targets" { command[4] = arguments[1] } else { command += arguments }
            let refused = try CLI.run(command)
            #expect(refused.status == 64, "\(arguments)")
            #expect(refused.stderr.contains(fragment), "\(arguments): \(refused.stderr)")
        }
    }

    @Test("--hague: 5 is 3.5 core + 1.5 related, and the output says which is shown")
    func hague() throws {
        let printed = try CLI.run([
            "compare", "--countries", "DE", "--targets", "2,5", "--by", "2035", "--hague", "--print-scenario",
        ])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(printed.stdout.utf8)) as? [String: Any])
        let variants = try #require(object["variants"] as? [[String: Any]])
        let five = variants[1]
        #expect((five["defence"] as? [String: Any])?["target_pct_gdp"] as? Double == 3.5)
        #expect((five["related"] as? [String: Any])?["target_pct_gdp"] as? Double == 1.5)
        #expect(variants[0]["related"] == nil, "2 % is all core")
        #expect(five["label"] as? String == "5 % (3.5 core + 1.5 related) by 2035")
        let table = try CLI.run(["compare", "--countries", "DE", "--targets", "5", "--by", "2035", "--hague"])
        #expect(table.status == 0, "\(table.stderr)")
        #expect(table.stdout.contains("the Hague split (core up to 3.5 %, the rest defence-related)"), "the title says so")
        #expect(
            table.stdout.contains("Targets: 5 % (3.5 core + 1.5 related) by 2035: core defence 3.5 % + defence-related 1.5 %"))
        let plain = try CLI.run(["compare", "--countries", "DE", "--targets", "5", "--by", "2035"])
        #expect(plain.stdout.contains("each target is core defence alone; --hague splits it"))
        #expect(plain.stdout.contains("Targets: 5 % by 2035: core defence 5 %"))
        let both = try CLI.run(["compare", "--countries", "DE", "--targets", "5", "--by", "2035", "--hague", "--related", "1"])
        #expect(both.status == 64)
        #expect(both.stderr.contains("--hague sets defence-related spending from each target"))
        let withFile = try CLI.run(["compare", "Scenarios/germany-2029.json", "--hague"])
        #expect(withFile.status == 64)
        #expect(withFile.stderr.contains("--hague builds a scenario from options"))
    }
}
