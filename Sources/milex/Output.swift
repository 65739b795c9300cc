import ArgumentParser
import Foundation
import MilexIO
import MilexModel
import MilexReport
import MilexScenario

/// Exit codes beyond ArgumentParser's.
enum ExitStatus {
    /// The scenario or another input is invalid.
    static let invalidInput = ExitCode(1)
    /// An output could not be written.
    static let outputFailed = ExitCode(3)
}

/// Writes text to standard error (never traps; a failure to write there is ignored).
func printError(_ text: String) { StandardStreams.writeError(text) }

/// Writes text to standard output. A full disk is an ``IOError`` (exit 3), a closed pipe ends
/// the command quietly (``Milex/main()``).
func printOutput(_ text: String) throws(IOError) { try StandardStreams.writeOutput(text) }

/// Reports scenario problems on stderr and returns the exit code to throw.
func fail(_ error: ScenarioError) -> ExitCode {
    for diagnostic in error.diagnostics { printError(diagnostic.description) }
    let count = error.diagnostics.count
    printError("\(count) problem\(count == 1 ? "" : "s") found; nothing was run.")
    return ExitStatus.invalidInput
}

/// Loads a scenario file, printing its warnings; its problems go to stderr and become the
/// invalid-input exit code.
func loadScenario(_ file: String, standIns: StandInOptions) throws(ExitCode) -> Scenario {
    let scenario: Scenario
    do {
        scenario = try standIns.loader.load(file: file)
    } catch {
        throw fail(error)
    }
    for warning in scenario.warnings { printError(warning.description) }
    noteStandIns(scenario)
    return scenario
}

/// Says on stderr that stand-ins fill figures no source gives (the outputs' notes list each).
func noteStandIns(_ scenario: Scenario) {
    let codes = Set(scenario.scenarioInputs.filter { $0.kind == .standIn }.map(\.country)).sorted()
    guard !codes.isEmpty else { return }
    printError(
        "note: \(codes.joined(separator: ", ")) lack\(codes.count == 1 ? "s" : "") figures no source gives; the built-in stand-ins fill them (each use is listed in the notes; --no-assume-missing refuses)"
    )
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

/// `--output FILE` (`-`: standard output), shared by every command that writes one output.
struct OutputOptions: ParsableArguments {
    @Option(
        name: .shortAndLong,
        help: ArgumentHelp(
            "Write to this file instead of standard output (- for standard output).",
            discussion:
                "A regular file is replaced atomically and keeps its permissions; a pipe or device (e.g. /dev/null) is written through, never replaced; a symbolic link writes its target."
        ))
    var output: String?

    var isStandardOutput: Bool { output == nil || output == "-" }

    func validate() throws {
        if output?.isEmpty == true { throw ValidationError("--output needs a file name (or - for standard output)") }
    }
}

/// `--no-assume-missing`, shared by every command that reads a scenario.
struct StandInOptions: ParsableArguments {
    @Flag(
        help: ArgumentHelp(
            "Refuse the stand-ins for figures no source gives: a country lacking one is an error naming it.",
            discussion:
                "By default a built-in country that lacks a required figure gets the stand-in of Scenarios/common/missing-figures.json (built into milex: proxies from related sourced figures, then stated defaults), and the notes list every use."
        ))
    var noAssumeMissing = false

    @Flag(help: .hidden)
    var assumeMissing = false

    func validate() throws {
        if assumeMissing && noAssumeMissing {
            throw ValidationError("--assume-missing and --no-assume-missing contradict each other: give one")
        }
    }

    /// The scenario loader these options ask for.
    var loader: ScenarioLoader { ScenarioLoader(assumeMissing: !noAssumeMissing) }
}

/// Output destination: standard output (no `--output`, or `-`), or a file (``OutputFile``:
/// atomic for a regular file, written through for a pipe or a device).
struct OutputTarget {
    let path: String?

    /// Whether the output goes to standard output.
    var isStandardOutput: Bool { path == nil || path == "-" }

    func write(_ data: Data) throws(IOError) {
        guard let path else { return try StandardStreams.writeOutput(data) }
        try OutputFile(path: path).write(data)
    }

    func write(_ text: String) throws(IOError) { try write(Data(text.utf8)) }
}

extension DocumentFormat: ExpressibleByArgument {}
extension MoneyCurrency: ExpressibleByArgument {}

/// `--format`, `--output` and `--latex-fragment`, shared by every command that writes a
/// document; ``write(_:)`` renders it in the format and writes it.
struct DocumentOptions: ParsableArguments {
    // The list comes from the formats themselves: a new renderer shows up here without an edit.
    @Option(
        name: .shortAndLong,
        help: ArgumentHelp("Output format: \(DocumentFormat.allCases.map(\.rawValue).joined(separator: ", ")).")
    )
    var format: DocumentFormat = .table

    @OptionGroup var destination: OutputOptions

    @Flag(help: "With --format latex: the tables only, to \\input into a document of your own (no preamble).")
    var latexFragment = false

    var output: String? { destination.output }

    func validate() throws {
        if format == .xlsx, destination.isStandardOutput, isatty(STDOUT_FILENO) == 1 {
            throw ValidationError("--format xlsx writes a binary workbook: give --output FILE.xlsx")
        }
        if latexFragment && format != .latex {
            throw ValidationError("--latex-fragment applies to --format latex (found --format \(format.rawValue))")
        }
    }

    /// Renders `document` in the format and writes it to the destination. A document the format
    /// cannot hold (no table for CSV) is the invalid-input exit code; a workbook that cannot be
    /// built, or a write that fails, the output-failed one.
    func write(_ document: Document) throws {
        let options = DocumentFormat.Options(
            colour: format == .table && destination.isStandardOutput && colourOnStandardOutput, fragment: latexFragment)
        let data: Data
        do {
            data = try format.render(document, options)
        } catch let error as RenderError {
            printError("error: \(error)")
            throw ExitStatus.invalidInput
        } catch {
            printError("error: cannot build the \(format.rawValue) output: \(error)")
            throw ExitStatus.outputFailed
        }
        try OutputTarget(path: output).write(data)
    }
}
