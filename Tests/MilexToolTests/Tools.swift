import Foundation
import MilexData
import MilexModel
import MilexReport
import MilexScenario
import MilexTestSupport
import Testing

/// The external programs these tests drive. Each is required: a missing one fails its tests
/// with the command that installs it (`Scripts/ensure-dependencies.sh --test` installs them all;
/// CI runs it), never a silent skip.
enum Tool {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static let chromiumHint =
        "run `apt-get install -y chromium-headless-shell fonts-dejavu-core` (Scripts/ensure-dependencies.sh --test installs it)"
    static let openpyxlHint = "run `python3 -m pip install openpyxl` (Scripts/ensure-dependencies.sh --test installs it)"
    static let latexHint =
        "run `apt-get install -y --no-install-recommends texlive-latex-base texlive-latex-recommended lmodern` (Scripts/ensure-dependencies.sh --test installs it)"

    /// Headless Chromium, or nil with the issue recorded.
    static func chromium(sourceLocation: SourceLocation = #_sourceLocation) -> URL? {
        let found = ProcessRunner.find(["chromium-headless-shell", "chromium", "chromium-browser"])
        if found == nil {
            Issue.record("No headless Chromium on PATH: \(chromiumHint).", sourceLocation: sourceLocation)
        }
        return found
    }

    /// python3 with openpyxl, or nil with the issue recorded.
    static func openpyxl(sourceLocation: SourceLocation = #_sourceLocation) throws -> URL? {
        guard let python = ProcessRunner.find(["python3"]) else {
            Issue.record("python3 not found: install Python 3, then \(openpyxlHint).", sourceLocation: sourceLocation)
            return nil
        }
        let check = try ProcessRunner.run(python, ["-c", "import openpyxl"])
        guard check.status == 0 else {
            Issue.record("openpyxl is missing: \(openpyxlHint). (\(check.stderr.suffix(300)))", sourceLocation: sourceLocation)
            return nil
        }
        return python
    }

    /// pdflatex, or nil with the issue recorded.
    static func pdflatex(sourceLocation: SourceLocation = #_sourceLocation) -> URL? {
        let found = ProcessRunner.find(["pdflatex"])
        if found == nil { Issue.record("pdflatex not found: \(latexHint).", sourceLocation: sourceLocation) }
        return found
    }

    /// Chromium's arguments for every run: no sandbox (root in CI containers), no GPU, its own profile.
    static func browserArguments(profile: URL) -> [String] {
        ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run", "--user-data-dir=\(profile.path)"]
    }

    static func temporaryDirectory(_ label: String) throws -> URL { try MilexTestSupport.temporaryDirectory(label) }

    /// A screenshot of `page` at `width` × `height` in headless Chromium: the PNG's bytes, checked
    /// to be a PNG of at least `minimumBytes` (a blank page is smaller).
    static func screenshot(
        _ browser: URL, page: URL, in directory: URL, width: Int = 1400, height: Int, minimumBytes: Int,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> Data {
        let file = directory.appendingPathComponent("shot-\(UUID().uuidString).png")
        let shot = try ProcessRunner.run(
            browser,
            browserArguments(profile: directory.appendingPathComponent("profile-\(UUID().uuidString)"))
                + ["--screenshot=\(file.path)", "--window-size=\(width),\(height)", page.absoluteString], timeout: 120)
        #expect(!shot.timedOut, "screenshot timed out", sourceLocation: sourceLocation)
        let png = try #require(
            FileManager.default.contents(atPath: file.path), "no screenshot; browser said: \(shot.stderr.suffix(2000))",
            sourceLocation: sourceLocation)
        #expect(png.count > minimumBytes, "screenshot only \(png.count) bytes", sourceLocation: sourceLocation)
        #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]), sourceLocation: sourceLocation)
        return png
    }

    /// The DOM of `page` after its scripts ran, and what the browser said on stderr.
    static func dom(_ browser: URL, page: URL, in directory: URL, sourceLocation: SourceLocation = #_sourceLocation) throws
        -> (dom: String, stderr: String)
    {
        let dump = try ProcessRunner.run(
            browser,
            browserArguments(profile: directory.appendingPathComponent("profile-\(UUID().uuidString)"))
                + ["--dump-dom", page.absoluteString], timeout: 120)
        #expect(!dump.timedOut, "--dump-dom timed out", sourceLocation: sourceLocation)
        return (dump.stdout, dump.stderr)
    }

    /// A shipped scenario, loaded and projected.
    static func run(_ name: String) throws -> RunContext {
        let scenario = try ScenarioLoader().load(file: repository.appendingPathComponent(name).path)
        return RunContext(scenario: scenario, result: try ProjectionEngine().run(scenario.request))
    }
}
