import Foundation
import MilexTestSupport
import Testing

@Suite("milex compare and milex brief")
struct CompareAndBriefTests {
    @Test(
        "compare --countries EU27 fills EE, SE and RO's missing figures with the stated stand-ins and says so; --no-assume-missing refuses"
    )
    func eu27() throws {
        let arguments = ["compare", "--countries", "EU27", "--targets", "2,3.5,5", "--by", "2035", "--format", "md"]
        let strict = try CLI.run(arguments + ["--no-assume-missing"])
        #expect(strict.status == 1)
        #expect(strict.stdout.isEmpty)
        #expect(strict.stderr.contains("compare:"), "messages name the built scenario \"compare\"")
        #expect(strict.stderr.contains("EE lacks average_maturity_years"))
        #expect(strict.stderr.contains("RO lacks market_rate_pct"))
        #expect(strict.stderr.contains("--no-assume-missing refuses the stand-in"))
        let contradictory = try CLI.run(arguments + ["--no-assume-missing", "--assume-missing"])
        #expect(contradictory.status == 64)
        let filled = try CLI.run(arguments)
        #expect(filled.status == 0, "\(filled.stderr)")
        #expect(filled.stderr.contains("lack figures no source gives; the built-in stand-ins fill them"))
        #expect(filled.stdout.contains("average_maturity_years = 8"), "the notes list each stand-in used")
        let forced = try CLI.run(arguments + ["--assume-missing"])
        // The same output but for the provenance line that records the command line.
        func withoutCommandLine(_ text: String) -> [String] {
            text.components(separatedBy: "\n").filter { !$0.contains("Scenario built by milex compare from its options") }
        }
        #expect(withoutCommandLine(forced.stdout) == withoutCommandLine(filled.stdout))
        let md = filled.stdout
        #expect(md.hasPrefix("# Core defence at 2 %, 3.5 % and 5 % of GDP by 2035: EU27\n"))
        for title in [
            "### 2 % by 2035 — against the baseline", "### 3.5 % by 2035 — against the baseline",
            "### 5 % by 2035 — against the baseline",
        ] {
            #expect(md.contains(title))
        }
        #expect(md.contains("| **EU27 (27)** |"))
        #expect(md.contains("| **Euro area (20 of 20)** |") == false)
        #expect(md.contains("| **Euro area (20)** |"))
        #expect(md.contains("| Germany |") && md.contains("| Poland |"))
        #expect(md.contains("Aggregate rows: money summed"))
        // The built scenario can be printed and saved as a file.
        let printed = try CLI.run(["compare", "--countries", "EU27", "--targets", "2,3.5,5", "--by", "2035", "--print-scenario"])
        #expect(printed.status == 0)
        let object = try JSONSerialization.jsonObject(with: Data(printed.stdout.utf8)) as? [String: Any]
        #expect((object?["variants"] as? [Any])?.count == 3)
        #expect(object?["defaults"] == nil, "stand-ins come from milex, not from the printed scenario")
    }

    @Test("compare a scenario file: CSV with stable ids, JSON, sorting, currencies")
    func scenarioFile() throws {
        let csv = try CLI.run(["compare", "Scenarios/hague-2035.json", "--format", "csv", "--sort", "debt-2035"])
        #expect(csv.status == 0, "\(csv.stderr)")
        #expect(csv.stdout.hasPrefix("# The Hague targets"))
        #expect(csv.stdout.contains("\r\n# Starting point: base year 2025"))
        let lines = csvBody(csv.stdout).components(separatedBy: "\r\n").filter { !$0.isEmpty }
        #expect(lines.count == 1 + 32 + 5)
        #expect(lines[0].hasPrefix("code,country,2-by-2035_spending_bn_2035,2-by-2035_spending_pct_gdp_2035,"))
        #expect(lines[0].contains(",5-3.5-core-1.5-related-by-2035_debt_pct_gdp_2035,"))
        #expect(lines[33].hasPrefix("NATO,NATO (32),"))
        let json = try CLI.run(["compare", "Scenarios/hague-2035.json", "--format", "json", "--currency", "USD"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(object["currency"] as? String == "USD")
        let table = try #require(object["table"] as? [String: Any])
        #expect((table["rows"] as? [Any])?.count == 37)
        let adHoc = try CLI.run(["compare", "--countries", "DE,PL", "--targets", "2,3.5", "--by", "2030", "--format", "csv"])
        #expect(adHoc.status == 0, "\(adHoc.stderr)")
        let header = csvBody(adHoc.stdout).components(separatedBy: "\r\n")[0]
        #expect(
            header.hasPrefix(
                "code,country,t2_spending_bn_2030,t2_spending_pct_gdp_2030,t2_extra_bn_2030,t2_extra_cum_bn_2030,t2_debt_pct_gdp_2030,"
            ))
        #expect(
            header.contains(
                ",t3.5_debt_pct_gdp_2030,t3.5_debt_change_pp_gdp_2030,t3.5_deficit_pct_gdp_2030,t3.5_deficit_years_2030,t3.5_escape_bn_2030"
            )
        )
        let single = try CLI.run(["compare", "Scenarios/germany-2029.json", "--currency", "national", "--format", "csv"])
        #expect(single.status == 0, "\(single.stderr)")
    }

    @Test(
        "bad command lines and scenarios are clear errors with exit code 64 or 1",
        arguments: [
            (["compare", "--countries", "NATO", "--targets", "2,x,5", "--by", "2035"], 64, "\"x\" is not a number"),
            (["compare", "--countries", "NATO", "--targets", "2,2", "--by", "2035"], 64, "listed twice"),
            (["compare", "--countries", "NATO", "--targets", "2"], 64, "missing: --by"),
            (["compare", "--countries", "NATOO", "--targets", "2", "--by", "2035"], 1, "did you mean \"NATO\"?"),
            (["compare", "--countries", "DE", "--targets", "2", "--by", "2035", "--sort", "dept"], 64, "did you mean debt?"),
            (["compare", "--countries", "DE", "--targets", "2", "--by", "2035", "--sort", "debt-2030"], 64, "shows 2035"),
            (["compare", "--countries", "DE", "--targets", "2", "--by", "2035", "--sort", "debt@7"], 64, "no such target"),
            (
                ["compare", "--countries", "DE", "--targets", "2", "--by", "2035", "--shape", "lineer"], 64,
                "did you mean linear?"
            ),
            (["compare", "--countries", "DE", "--targets", "2", "--by", "2035", "--end", "2030"], 64, "before --by"),
            (["compare", "--countries", "DE", "--targets", "150", "--by", "2035"], 1, "target_pct_gdp"),
            (["compare", "Scenarios/hague-2035.json", "--targets", "2"], 64, "cannot be combined"),
            (["compare", "Scenarios/hague-2035.json", "--currency", "national"], 64, "needs one currency"),
            (["compare", "no-such.json"], 1, "no-such.json: error: no such file"),
            (["brief", "Scenarios/germany-2029.json", "--out", "/tmp/x", "--sort", "nope"], 64, "unknown key"),
        ])
    func errors(arguments: [String], status: Int32, fragment: String) throws {
        let outcome = try CLI.run(arguments)
        #expect(outcome.status == status, "\(arguments): \(outcome.stderr)")
        #expect(outcome.stderr.contains(fragment), "\(arguments): \(outcome.stderr)")
        #expect(!outcome.stderr.contains("Fatal error"))
        #expect(outcome.stdout.isEmpty)
    }

    @Test("run and compare write HTML and XLSX files atomically")
    func htmlAndWorkbook() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let html = directory.appendingPathComponent("run.html")
        let run = try CLI.run(["run", "Scenarios/model-example.json", "--format", "html", "--output", html.path])
        #expect(run.status == 0, "\(run.stderr)")
        let page = try String(contentsOf: html, encoding: .utf8)
        #expect(page.hasPrefix("<!DOCTYPE html>"))
        #expect(page.contains("data-table-id=\"baseline-XA\"") && page.contains("data-table-id=\"rules-baseline\""))
        #expect(page.contains("data-chart=\"small-multiples\""))
        #expect(page.contains("Scenario file Scenarios/model-example.json: SHA-256 "))
        let book = directory.appendingPathComponent("run.xlsx")
        let workbook = try CLI.run(["run", "Scenarios/model-example.json", "--format", "xlsx", "--output", book.path])
        #expect(workbook.status == 0, "\(workbook.stderr)")
        #expect(try Data(contentsOf: book).starts(with: [0x50, 0x4B, 0x03, 0x04]), "a zip file")
        let compareBook = directory.appendingPathComponent("compare.xlsx")
        let compare = try CLI.run(["compare", "Scenarios/germany-2029.json", "--format", "xlsx", "--output", compareBook.path])
        #expect(compare.status == 0, "\(compare.stderr)")
        #expect(try Data(contentsOf: compareBook).count > 2000)
        let comparePage = try CLI.run(["compare", "Scenarios/germany-2029.json", "--format", "html"])
        #expect(comparePage.stdout.contains("data-chart=\"bar\""))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.contains(".tmp-") }
        #expect(leftovers.isEmpty)
    }

    @Test("brief writes every file into a new folder, the same bytes every time, progress only on a terminal")
    func brief() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let out = directory.appendingPathComponent("nested/brief")
        let outcome = try CLI.run(["brief", "Scenarios/rearm-europe.json", "--out", out.path])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(!outcome.stderr.contains("running"), "no progress when stderr is not a terminal")
        let files = try FileManager.default.contentsOfDirectory(atPath: out.path).sorted()
        #expect(
            files == [
                ".milex-folder", "PROVENANCE.txt", "burden.csv", "compare.csv", "decomposition.csv", "escape.csv", "nato.csv",
                "net-expenditure.csv",
                "projections.csv", "report.html", "report.xlsx", "rules.csv", "safe.csv", "summary.md",
            ])
        let summary = try String(contentsOf: out.appendingPathComponent("summary.md"), encoding: .utf8)
        #expect(summary.contains("## SAFE loans"))
        #expect(summary.contains("- Scenario file Scenarios/rearm-europe.json: SHA-256 "))
        let again = directory.appendingPathComponent("again")
        #expect(try CLI.run(["brief", "Scenarios/rearm-europe.json", "--out", again.path]).status == 0)
        for file in files {
            #expect(
                try Data(contentsOf: out.appendingPathComponent(file)) == Data(contentsOf: again.appendingPathComponent(file)),
                "\(file) differs between two runs")
        }
        // Rewriting over an existing briefing replaces it and leaves no staging folder behind.
        #expect(try CLI.run(["brief", "Scenarios/rearm-europe.json", "--out", out.path]).status == 0)
        #expect(try FileManager.default.contentsOfDirectory(atPath: out.path).sorted() == files)
        #expect(try FileManager.default.contentsOfDirectory(atPath: out.deletingLastPathComponent().path) == ["brief"])
    }

    @Test("a second brief into the same folder leaves exactly its own files: no stale safe.csv")
    func briefReplaces() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let out = directory.appendingPathComponent("brief")
        #expect(try CLI.run(["brief", "Scenarios/rearm-europe.json", "--out", out.path]).status == 0)
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("safe.csv").path))
        let second = try CLI.run(["brief", "Scenarios/germany-2029.json", "--out", out.path])
        #expect(second.status == 0, "\(second.stderr)")
        let fresh = directory.appendingPathComponent("fresh")
        #expect(try CLI.run(["brief", "Scenarios/germany-2029.json", "--out", fresh.path]).status == 0)
        let names = try FileManager.default.contentsOfDirectory(atPath: out.path).sorted()
        #expect(names == (try FileManager.default.contentsOfDirectory(atPath: fresh.path).sorted()))
        #expect(!names.contains("safe.csv"))
        for name in names {
            #expect(
                try Data(contentsOf: out.appendingPathComponent(name)) == Data(contentsOf: fresh.appendingPathComponent(name)),
                "\(name)")
        }
    }

    @Test("two briefs racing into one folder: the folder ends as one of them wrote it, whole", arguments: 0..<3)
    func briefRace(round: Int) throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let out = directory.appendingPathComponent("brief")
        let references = [("Scenarios/rearm-europe.json", "a"), ("Scenarios/germany-2029.json", "b")].map { file, name in
            let folder = directory.appendingPathComponent(name)
            _ = try? CLI.run(["brief", file, "--out", folder.path])
            return folder
        }
        let group = DispatchGroup()
        for file in ["Scenarios/rearm-europe.json", "Scenarios/germany-2029.json"] {
            group.enter()
            DispatchQueue.global().async {
                _ = try? CLI.run(["brief", file, "--out", out.path])
                group.leave()
            }
        }
        group.wait()
        let names = try FileManager.default.contentsOfDirectory(atPath: out.path).sorted()
        let matches = try references.filter { reference in
            let expected = try FileManager.default.contentsOfDirectory(atPath: reference.path).sorted()
            return try expected == names
                && names.allSatisfy {
                    (try? Data(contentsOf: out.appendingPathComponent($0)))
                        == (try? Data(contentsOf: reference.appendingPathComponent($0)))
                }
        }
        #expect(matches.count == 1, "the folder holds \(names)")
        let siblings = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
        #expect(siblings == ["a", "b", "brief"], "no staging folder left: \(siblings)")
    }

    @Test("a failed brief leaves the folder as it was; a folder milex did not write needs --force")
    func briefFailures() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        // An invalid scenario: the folder is not even created.
        let bad = directory.appendingPathComponent("bad.json")
        try "{\"countries\": [\"ZZ\"]}".write(to: bad, atomically: true, encoding: .utf8)
        let fresh = directory.appendingPathComponent("fresh")
        let invalid = try CLI.run(["brief", bad.path, "--out", fresh.path])
        #expect(invalid.status == 1 && invalid.stderr.contains("ZZ"))
        #expect(!FileManager.default.fileExists(atPath: fresh.path))
        // A folder of the user's: refused, untouched; with --force replaced.
        let existing = directory.appendingPathComponent("existing")
        try FileManager.default.createDirectory(at: existing, withIntermediateDirectories: true)
        try "my notes".write(to: existing.appendingPathComponent("notes.txt"), atomically: true, encoding: .utf8)
        let blocked = try CLI.run(["brief", "Scenarios/germany-2029.json", "--out", existing.path])
        #expect(blocked.status == 3, "\(blocked.stderr)")
        #expect(blocked.stderr.contains("milex did not write (notes.txt)") && blocked.stderr.contains("--force"))
        #expect(try String(contentsOf: existing.appendingPathComponent("notes.txt"), encoding: .utf8) == "my notes")
        #expect(try FileManager.default.contentsOfDirectory(atPath: existing.path) == ["notes.txt"])
        let forced = try CLI.run(["brief", "Scenarios/germany-2029.json", "--out", existing.path, "--force"])
        #expect(forced.status == 0, "\(forced.stderr)")
        #expect(!FileManager.default.fileExists(atPath: existing.appendingPathComponent("notes.txt").path))
        // The output path is a file.
        let file = directory.appendingPathComponent("plain")
        try "x".write(to: file, atomically: true, encoding: .utf8)
        let notFolder = try CLI.run(["brief", "Scenarios/germany-2029.json", "--out", file.path])
        #expect(notFolder.status == 3 && notFolder.stderr.contains("is not a folder"))
        #expect(try String(contentsOf: file, encoding: .utf8) == "x")
    }
}
