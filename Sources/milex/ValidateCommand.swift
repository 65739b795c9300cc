import ArgumentParser
import Foundation
import MilexData
import MilexScenario

/// `milex validate FILE…`: checks scenario files without running them.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check scenario files and report every problem (file, line, JSON path, expected, found, suggestion).")

    @Argument(help: "Scenario files.")
    var files: [String]

    @OptionGroup var standIns: StandInOptions

    func run() throws {
        let loader = standIns.loader
        var problems = 0
        for file in files {
            let diagnostics = loader.validate(file: file)
            for diagnostic in diagnostics { printError(diagnostic.description) }
            let errors = diagnostics.filter { $0.severity == .error }.count
            problems += errors
            if errors == 0 {
                let warnings = diagnostics.count
                try printOutput("\(file): ok" + (warnings > 0 ? " (\(warnings) warning\(warnings == 1 ? "" : "s"))" : "") + "\n")
            }
        }
        if problems > 0 {
            printError("\(problems) problem\(problems == 1 ? "" : "s") in \(files.count) file\(files.count == 1 ? "" : "s").")
            throw ExitStatus.invalidInput
        }
    }
}

/// `milex schema`: the JSON Schema of scenario files.
struct SchemaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schema",
        abstract: "Print the JSON Schema of scenario files (the one shipped as Scenarios/schema.json).")

    @OptionGroup var destination: OutputOptions
    var output: String? { destination.output }

    @Flag(help: "Print the reference documentation of the format (Markdown) instead of the schema.")
    var reference = false

    func run() throws {
        if reference {
            try OutputTarget(path: output).write(FormatReference.markdown())
            return
        }
        let dataset = Dataset.builtIn
        let schema = ScenarioSchema.document(countryCodes: dataset.countryCodes, groupCodes: dataset.groups.keys.sorted())
        try OutputTarget(path: output).write(schema.rendered() + "\n")
    }
}
