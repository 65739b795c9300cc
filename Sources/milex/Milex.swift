import ArgumentParser
import Foundation
import MilexIO
import MilexModel
import MilexReport
import MilexScenario

/// `milex`: defence-budget scenarios, projected.
///
/// The CLI parses arguments, reads and writes files and prints; all modelling lives in the
/// libraries (MilexModel, MilexData, MilexScenario, MilexReport). Every error becomes an exit
/// code here, in one place (``main()``).
@main
struct Milex: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "milex",
        abstract: "Defence-budget scenarios: spending paths, deficits and debt for NATO and EU countries.",
        discussion: """
            Exit codes: 0 success (also when the reader of standard output closes the pipe); 1 the \
            scenario or input is invalid (every problem is listed on stderr); 3 an output could not \
            be written; 64 the command line is wrong.
            """,
        version: MilexVersion.string,
        subcommands: [
            RunCommand.self, FanCommand.self, CompareCommand.self, BriefCommand.self, ValidateCommand.self, CountriesCommand.self,
            ShowCommand.self, SchemaCommand.self, SolveCommand.self,
        ]
    )

    /// Parses the command line, runs the command and maps what it throws to an exit code:
    /// ``IOError`` (a closed pipe ends quietly with 0, an output failure is 3, an unreadable
    /// input 1), ``ScenarioError`` (1), `ExitCode` as thrown, anything from ArgumentParser
    /// (help and version 0, usage 64).
    static func main() {
        func exit(_ code: Int32) -> Never { Foundation.exit(code) }
        CleanupRegistry.install()
        // OpenBLAS's thread pool spins for a while after loading; the engines run their own
        // workers on every core and use BLAS single-threaded.
        StochasticEngine.useSingleThreadedBLAS()
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let error as IOError {
            switch error.kind {
            case .closedPipe: exit(0)
            case .output:
                printError("error: \(error)")
                exit(ExitStatus.outputFailed.rawValue)
            case .input:
                printError("error: \(error)")
                exit(ExitStatus.invalidInput.rawValue)
            }
        } catch let error as ScenarioError {
            exit(fail(error).rawValue)
        } catch let error as ExitCode {
            exit(error.rawValue)
        } catch {
            let code = exitCode(for: error)
            let message = fullMessage(for: error)
            if code == .success {
                // --help, --version: to standard output, checked like every output.
                do {
                    try printOutput(message.hasSuffix("\n") ? message : message + "\n")
                } catch let failure {
                    if failure.kind == .closedPipe { exit(0) }
                    printError("error: \(failure)")
                    exit(ExitStatus.outputFailed.rawValue)
                }
                exit(0)
            }
            if !message.isEmpty { printError(message) }
            exit(code.rawValue)
        }
        exit(0)
    }
}
