import Foundation
import Testing

/// The README's examples, run as written: its scenario, its broken file and the output it
/// quotes, and the excerpts of real runs it shows.
@Suite("README examples stay true")
struct ReadmeTests {
    static func readme() throws -> String {
        try String(contentsOf: CLI.root.appendingPathComponent("README.md"), encoding: .utf8)
    }

    /// The fenced blocks of the README with their info strings (```json → "json").
    static func blocks(_ text: String) -> [(info: String, body: String)] {
        var blocks: [(String, String)] = []
        var info: String?
        var lines: [String] = []
        for line in text.components(separatedBy: "\n") {
            if line.hasPrefix("```") {
                if let open = info {
                    blocks.append((open, lines.joined(separator: "\n")))
                    info = nil
                } else {
                    info = String(line.dropFirst(3))
                    lines = []
                }
            } else if info != nil {
                lines.append(line)
            }
        }
        return blocks
    }

    @Test("the README's scenario validates and runs, and its typo.json gets exactly the errors it quotes")
    func scenarioExamples() throws {
        let blocks = Self.blocks(try Self.readme())
        let json = blocks.filter { $0.info == "json" }
        #expect(json.count == 2)
        let directory = try CLI.temporaryDirectory()
        let scenario = directory.appendingPathComponent("three.json")
        try json[0].body.write(to: scenario, atomically: true, encoding: .utf8)
        let run = try CLI.run(["run", scenario.path, "--view", "summary"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("3 countries × 3 variants"))

        // The quoted output follows "$ milex validate typo.json" in the next plain block.
        let typo = directory.appendingPathComponent("typo.json")
        try (json[1].body + "\n").write(to: typo, atomically: true, encoding: .utf8)
        let quoted = try #require(blocks.first { $0.body.hasPrefix("$ milex validate typo.json") })
        let expected = quoted.body.components(separatedBy: "\n").dropFirst().joined(separator: "\n")
        let validate = try CLI.run(["validate", "typo.json"], directory: directory)
        #expect(validate.status == 1)
        #expect(validate.stderr.trimmingCharacters(in: .whitespacesAndNewlines) == expected)
    }

    @Test("the compare excerpt in the README is what milex prints, row for row")
    func compareExcerpt() throws {
        let readme = try Self.readme()
        let compare = try CLI.run(["compare", "--countries", "EU27", "--targets", "2,3.5,5", "--by", "2035", "--format", "md"])
        #expect(compare.status == 0, "\(compare.stderr)")
        // The excerpt: the fenced block after the compare command's own block.
        let blocks = Self.blocks(readme)
        let command = try #require(
            blocks.firstIndex { $0.body.contains("milex compare --countries EU27 --targets 2,3.5,5 --by 2035 --format md") })
        let excerpt = try #require(blocks.dropFirst(command + 1).first)
        let quotedRows = excerpt.body.components(separatedBy: "\n").filter { $0.hasPrefix("| ") && !$0.hasPrefix("| Country") }
        #expect(quotedRows.count >= 5)
        for row in quotedRows { #expect(compare.stdout.contains(row + "\n"), "README row not in milex's output: \(row)") }
    }
}
