import ArgumentParser
import Foundation
import MilexModel
import MilexScenario

/// Exit codes beyond ArgumentParser's.
enum ExitStatus {
    /// The scenario or another input is invalid.
    static let invalidInput = ExitCode(1)
    /// An output could not be written.
    static let outputFailed = ExitCode(3)
}

/// Writes text to standard error.
func printError(_ text: String) {
    FileHandle.standardError.write(Data((text.hasSuffix("\n") ? text : text + "\n").utf8))
}

/// Reports scenario problems on stderr and returns the exit code to throw.
func fail(_ error: ScenarioError) -> ExitCode {
    for diagnostic in error.diagnostics { printError(diagnostic.description) }
    let count = error.diagnostics.count
    printError("\(count) problem\(count == 1 ? "" : "s") found; nothing was run.")
    return ExitStatus.invalidInput
}

/// Loads a scenario file, printing its warnings; its problems go to stderr and become the
/// invalid-input exit code.
func loadScenario(_ file: String) throws(ExitCode) -> Scenario {
    let scenario: Scenario
    do {
        scenario = try ScenarioLoader().load(file: file)
    } catch {
        throw fail(error)
    }
    for warning in scenario.warnings { printError(warning.description) }
    return scenario
}

/// Runs the deterministic engine on a loaded scenario; an engine error is reported against the
/// scenario's file and becomes the invalid-input exit code.
func project(_ scenario: Scenario) throws(ExitCode) -> ProjectionResult {
    do {
        return try ProjectionEngine().run(scenario.request)
    } catch {
        printError("\(scenario.file): error: \(error)")
        throw ExitStatus.invalidInput
    }
}

/// Whether standard output is a terminal that accepts colour (never with NO_COLOR set).
var colourOnStandardOutput: Bool {
    isatty(STDOUT_FILENO) == 1 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
        && ProcessInfo.processInfo.environment["TERM"] != "dumb"
}

/// Output destination: standard output, or a file written atomically.
struct OutputTarget {
    let path: String?

    /// Writes `data`: to stdout, or to a temporary file in the target's directory that is then
    /// renamed over the target, so a reader never sees a half-written file.
    func write(_ data: Data) throws(ExitCode) {
        guard let path else {
            FileHandle.standardOutput.write(data)
            return
        }
        do {
            try AtomicFile.write(data, to: URL(fileURLWithPath: path))
        } catch {
            printError("error: cannot write \(path): \(error)")
            throw ExitStatus.outputFailed
        }
    }

    func write(_ text: String) throws(ExitCode) { try write(Data(text.utf8)) }
}

/// Atomic file replacement: write a sibling temporary file, flush it, rename it into place.
enum AtomicFile {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    static func write(_ data: Data, to url: URL) throws {
        let directory = url.deletingLastPathComponent()
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw Failure(description: "the directory \(directory.path) does not exist")
        }
        let temporary = directory.appendingPathComponent(".\(url.lastPathComponent).tmp-\(getpid())")
        guard FileManager.default.createFile(atPath: temporary.path, contents: nil) else {
            throw Failure(description: "cannot create a file in \(directory.path) (permissions?)")
        }
        do {
            let handle = try FileHandle(forWritingTo: temporary)
            try handle.write(contentsOf: data)
            try handle.synchronize()
            try handle.close()
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw Failure(description: "writing failed (\(error.localizedDescription)); the previous file is untouched")
        }
        guard rename(temporary.path, url.path) == 0 else {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(at: temporary)
            throw Failure(description: "cannot move the new file into place (\(reason)); the previous file is untouched")
        }
    }
}
