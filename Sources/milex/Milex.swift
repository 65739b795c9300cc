import ArgumentParser
import MilexReport

/// `milex`: defence-budget scenarios, projected.
///
/// The CLI parses arguments, reads and writes files and prints; all modelling lives in the
/// libraries (MilexModel, MilexData, MilexScenario, MilexReport).
@main
struct Milex: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "milex",
        abstract: "Defence-budget scenarios: spending paths, deficits and debt for NATO and EU countries.",
        discussion: """
            Exit codes: 0 success; 1 the scenario or input is invalid (every problem is listed on \
            stderr); 3 an output file could not be written; 64 the command line is wrong.
            """,
        version: MilexVersion.string,
        subcommands: [
            RunCommand.self, FanCommand.self, CompareCommand.self, BriefCommand.self, ValidateCommand.self, CountriesCommand.self,
            ShowCommand.self, SchemaCommand.self,
        ]
    )
}
