import Foundation
import MilexTestSupport
import Testing

/// Every worked briefing in Examples/ is regenerated with the built binary, by the command its
/// README gives, and must match the committed files: text byte for byte except that numbers
/// agree to a relative 1e-12 (``Golden``), workbooks part by part.
@Suite("Example briefings")
struct ExampleBriefingTests {
    /// The example folders with a README that gives a `milex brief` command.
    static func examples() -> [String] {
        let folder = CLI.root.appendingPathComponent("Examples")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.sorted().filter { command(for: $0) != nil }
    }

    /// The arguments of the first `milex brief …` line of the example's README.
    static func command(for example: String) -> [String]? {
        let readme = CLI.root.appendingPathComponent("Examples/\(example)/README.md")
        guard let text = try? String(contentsOf: readme, encoding: .utf8) else { return nil }
        guard let line = text.components(separatedBy: "\n").first(where: { $0.hasPrefix("milex brief ") }) else { return nil }
        return line.split(separator: " ").dropFirst().map(String.init)
    }

    @Test("the catalogue lists at least two briefings and every example folder")
    func catalogue() throws {
        let examples = Self.examples()
        #expect(examples.count >= 2, "found \(examples)")
        let catalogue = try String(contentsOf: CLI.root.appendingPathComponent("Examples/README.md"), encoding: .utf8)
        for example in examples + ["LibraryUse"] {
            #expect(catalogue.contains("[`\(example)/`]"), "Examples/README.md does not list \(example)")
        }
        for example in examples {
            let command = try #require(Self.command(for: example))
            #expect(
                catalogue.contains("`milex \(command.joined(separator: " "))`"), "the catalogue's command for \(example) differs")
        }
    }

    @Test("a fresh run of each example's command gives the committed files", arguments: examples())
    func regenerate(example: String) throws {
        var arguments = try #require(Self.command(for: example))
        let outIndex = try #require(arguments.firstIndex(of: "--out"), "the README command has no --out")
        let committed = CLI.root.appendingPathComponent(arguments[outIndex + 1])
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let fresh = directory.appendingPathComponent("briefing")
        arguments[outIndex + 1] = fresh.path
        let outcome = try CLI.run(arguments)
        try #require(outcome.status == 0, "milex \(arguments.joined(separator: " ")) failed: \(outcome.stderr)")
        let regenerate =
            "Regenerate with `.build/debug/milex \(try #require(Self.command(for: example)).joined(separator: " "))` from the repository root (after swift build), review `git diff Examples/\(example)`, and update the README's findings if the numbers moved."
        let expected = try FileManager.default.contentsOfDirectory(atPath: committed.path).sorted()
        let actual = try FileManager.default.contentsOfDirectory(atPath: fresh.path).sorted()
        #expect(actual == expected, "Examples/\(example): the files differ (\(expected) committed, \(actual) now). \(regenerate)")
        for name in Set(expected).intersection(actual).sorted() {
            let old = try Data(contentsOf: committed.appendingPathComponent(name))
            let new = try Data(contentsOf: fresh.appendingPathComponent(name))
            if old == new { continue }
            // Text: numbers to a relative 1e-12 (Golden), the rest byte for byte.
            if !name.hasSuffix(".xlsx"),
                Golden.difference(expected: String(decoding: old, as: UTF8.self), actual: String(decoding: new, as: UTF8.self))
                    == nil
            {
                continue
            }
            // A workbook is a zip: compression may differ between zlib builds, so compare its parts.
            if name.hasSuffix(".xlsx"),
                try Self.sameZipContents(committed.appendingPathComponent(name), fresh.appendingPathComponent(name))
            {
                continue
            }
            let line = Self.firstDifferentLine(old, new)
            Issue.record(
                "Examples/\(example)/\(committed.lastPathComponent)/\(name) differs from a fresh run\(line). \(regenerate)")
        }
    }

    static func firstDifferentLine(_ old: Data, _ new: Data) -> String {
        // CSV lines end in CRLF, one Character: split on any line break.
        func lines(_ data: Data) -> [Substring] {
            String(decoding: data, as: UTF8.self).split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
        }
        let (a, b) = (lines(old), lines(new))
        guard
            let index = zip(a, b).enumerated().first(where: { $0.element.0 != $0.element.1 })?.offset
                ?? (a.count != b.count ? min(a.count, b.count) : nil)
        else { return "" }
        let want = index < a.count ? String(a[index].prefix(160)) : "<end of file>"
        let got = index < b.count ? String(b[index].prefix(160)) : "<end of file>"
        return " from line \(index + 1):\n  committed: \(want)\n  now:       \(got)\n"
    }

    /// Whether two zip files hold the same entries with the same bytes (read by Python's zipfile).
    static func sameZipContents(_ a: URL, _ b: URL) throws -> Bool {
        let python = try #require(ProcessRunner.find(["python3"]), "python3 not found")
        let run = try ProcessRunner.run(
            python,
            [
                "-c",
                "import sys, zipfile\nz = [zipfile.ZipFile(p) for p in sys.argv[1:]]\nparts = [{n: f.read(n) for n in f.namelist()} for f in z]\nsys.exit(0 if parts[0] == parts[1] else 1)",
                a.path, b.path,
            ])
        return run.status == 0
    }
}
