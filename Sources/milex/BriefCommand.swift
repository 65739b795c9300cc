import ArgumentParser
import Foundation
import MilexModel
import MilexReport
import MilexScenario

/// `milex brief SCENARIO --out DIR`: a briefing folder with every output of a scenario.
struct BriefCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "brief",
        abstract: "Write a briefing folder: summary.md, CSV files, report.html and report.xlsx, each with its provenance.",
        discussion: """
            Files: summary.md (the comparison, the rules, SAFE when drawn, the notes), projections.csv (a row \
            per variant, country and year), compare.csv, rules.csv and safe.csv, escape.csv, nato.csv when \
            they apply, PROVENANCE.txt (the provenance of the CSV files, with their SHA-256), report.html \
            (tables and charts, one self-contained file) and report.xlsx (one sheet per table and a \
            Provenance sheet). The output is deterministic: the same scenario and milex give the same bytes. \
            The folder is created if needed; the files are written to a staging folder first and moved into \
            place together, so a failure leaves the folder as it was.
            """)

    @Argument(help: "The scenario file (JSON).")
    var file: String

    @Option(name: .customLong("out"), help: "The folder to write (created if needed).")
    var out: String

    @Option(help: "Currency of money columns in the comparison and summaries: EUR, USD or national.")
    var currency: MoneyCurrency = .eur

    @Option(help: "Sort the comparison rows: KEY[-YEAR][@TARGET] (see milex compare --help).")
    var sort: String?

    func validate() throws {
        if let sort {
            do {
                _ = try CompareReport.SortKey.parse(sort)
            } catch {
                throw ValidationError(error.description)
            }
        }
    }

    func run() throws {
        let showProgress = isatty(STDERR_FILENO) == 1
        func progress(_ text: String) { if showProgress { printError(text) } }
        let scenario = try loadScenario(file)
        let countries = scenario.countries.count
        let variants = scenario.variants.count + 1
        progress(
            "running \(countries) countr\(countries == 1 ? "y" : "ies") × \(variants) variant\(variants == 1 ? "" : "s")…")
        let result = try project(scenario)
        let compare: CompareReport
        do {
            compare = try CompareReport(
                scenario: scenario, result: result, currency: currency, sort: try sort.map(CompareReport.SortKey.parse))
        } catch {
            printError("error: \(error.description)")
            throw error.isUsage ? ExitCode.validationFailure : ExitStatus.invalidInput
        }
        let report = ProjectionReport(scenario: scenario, result: result)
        let provenance = ProvenanceRecord.collect(
            scenario: scenario, result: result, files: ProvenanceRecord.hashFiles(scenario.files),
            texts: report.notes + report.summaryTables(currency: currency).flatMap(\.notes))
        let pack = BriefingPack(report: report, compare: compare, provenance: provenance)
        let files: [(name: String, data: Data)]
        do {
            files = try pack.files { progress("preparing \($0)…") }
        } catch {
            printError("error: cannot prepare the briefing: \(error)")
            throw ExitStatus.outputFailed
        }
        try DirectoryWriter.write(files, to: out, progress: progress)
        progress("wrote \(files.count) files to \(out)")
    }
}

/// Writes a set of files into a folder all together: each is first written in full to a staging
/// folder inside it, then moved into place; if a move fails the earlier ones are undone, so the
/// folder holds either the old files or the new ones.
enum DirectoryWriter {
    static func write(_ files: [(name: String, data: Data)], to path: String, progress: (String) -> Void) throws(ExitCode) {
        let manager = FileManager.default
        let directory = URL(fileURLWithPath: path)
        func failure(_ message: String) -> ExitCode {
            printError("error: cannot write the briefing to \(path): \(message)")
            return ExitStatus.outputFailed
        }
        var isDirectory: ObjCBool = false
        var created = false
        if manager.fileExists(atPath: directory.path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else { throw failure("\(path) exists and is not a folder") }
        } else {
            do {
                try manager.createDirectory(at: directory, withIntermediateDirectories: true)
                created = true
            } catch {
                throw failure("cannot create the folder (\(error.localizedDescription))")
            }
        }
        func abandon(_ staging: URL?) {
            if let staging { try? manager.removeItem(at: staging) }
            if created { try? manager.removeItem(at: directory) }
        }
        // Nothing may stand in the way of a file: a folder of the same name cannot be replaced.
        for file in files {
            var targetIsDirectory: ObjCBool = false
            let target = directory.appendingPathComponent(file.name)
            if manager.fileExists(atPath: target.path, isDirectory: &targetIsDirectory), targetIsDirectory.boolValue {
                abandon(nil)
                throw failure("\(target.path) is a folder; nothing was written")
            }
        }
        let staging = directory.appendingPathComponent(".milex-brief-\(getpid())")
        let previous = staging.appendingPathComponent("previous")
        do {
            try? manager.removeItem(at: staging)
            try manager.createDirectory(at: previous, withIntermediateDirectories: true)
            for file in files {
                progress("writing \(file.name)…")
                let url = staging.appendingPathComponent(file.name)
                guard manager.createFile(atPath: url.path, contents: nil) else {
                    throw AtomicFile.Failure(description: "cannot create a file in \(staging.path) (permissions?)")
                }
                let handle = try FileHandle(forWritingTo: url)
                try handle.write(contentsOf: file.data)
                try handle.synchronize()
                try handle.close()
            }
        } catch {
            abandon(staging)
            throw failure("\(error); nothing was written")
        }
        // Keep the files being replaced (hard links), so a failed move can be undone.
        var moved: [(target: URL, backup: URL?)] = []
        for file in files {
            let target = directory.appendingPathComponent(file.name)
            var backup: URL?
            if manager.fileExists(atPath: target.path) {
                let copy = previous.appendingPathComponent(file.name)
                if link(target.path, copy.path) == 0 || (try? manager.copyItem(at: target, to: copy)) != nil { backup = copy }
            }
            guard rename(staging.appendingPathComponent(file.name).path, target.path) == 0 else {
                let reason = String(cString: strerror(errno))
                for (undone, saved) in moved.reversed() {
                    if let saved { _ = rename(saved.path, undone.path) } else { try? manager.removeItem(at: undone) }
                }
                abandon(staging)
                throw failure("cannot move \(file.name) into place (\(reason)); the folder is as it was")
            }
            moved.append((target, backup))
        }
        try? manager.removeItem(at: staging)
    }
}
