import ArgumentParser
import Foundation
import MilexData
import MilexReport
import MilexScenario

/// `milex countries`: the countries of the built-in dataset with their headline figures.
struct CountriesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "countries",
        abstract: "List the built-in countries (or a group's members) with headline figures and sources.")

    @Option(name: .shortAndLong, help: "Only the members of this group (NATO, EU27, EURO-AREA, SAFE, ESCAPE-CLAUSE, …).")
    var group: String?

    @OptionGroup var document: DocumentOptions

    func validate() throws {
        if let group, Dataset.builtIn.groups[group] == nil {
            let suggestion =
                Suggestion.nearest(to: group.uppercased(), in: Dataset.builtIn.groups.keys.sorted()).map {
                    "; did you mean \($0)?"
                } ?? ""
            throw ValidationError(
                "unknown group \"\(group)\"\(suggestion) Groups: \(Dataset.builtIn.groups.keys.sorted().joined(separator: ", "))")
        }
    }

    func run() throws {
        try document.write(DatasetReport(dataset: Dataset.builtIn).countriesDocument(group: group))
    }
}

/// `milex show CODE`: every figure of one country with its source and vintage.
struct ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show every figure of one built-in country with its source and vintage, and the model inputs derived from them."
    )

    @Argument(help: "An ISO 3166 alpha-2 country code (e.g. PL).")
    var code: String

    @OptionGroup var document: DocumentOptions

    func run() throws {
        let dataset = Dataset.builtIn
        guard let record = dataset.countries[code] else {
            let hint = ScenarioLoader(dataset: dataset).codeSuggestion(code, custom: [])
            printError("error: \"\(code)\" is not a built-in country\(hint.map { "; \($0)" } ?? "")")
            throw ExitStatus.invalidInput
        }
        try document.write(DatasetReport(dataset: dataset).showDocument(record))
    }
}
