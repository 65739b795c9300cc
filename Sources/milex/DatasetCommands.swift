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

    @Option(name: .shortAndLong, help: "Output format: table, json (every figure with its source) or csv.")
    var format: TableFormat = .table

    @OptionGroup var destination: OutputOptions
    var output: String? { destination.output }

    func validate() throws {
        guard [.table, .json, .csv, .markdown].contains(format) else {
            throw ValidationError("--format must be table, json, csv or md")
        }
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
        let dataset = Dataset.builtIn
        let report = DatasetReport(dataset: dataset)
        let codes = group.flatMap { dataset.groups[$0]?.members } ?? dataset.countryCodes
        let title =
            group.map { "\(dataset.groups[$0]!.name) (\($0)), \(codes.count) countries" } ?? "Built-in countries (\(codes.count))"
        let target = OutputTarget(path: output)
        switch format {
        case .json:
            let document = JSONOutput.object([
                ("dataset_vintage", .string(dataset.vintage)), ("base_year", .number(Double(dataset.baseYear))),
                ("group", group.map(JSONOutput.string) ?? .null),
                (
                    "countries",
                    .array(codes.compactMap { dataset.countries[$0] }.map { report.countryJSON($0, includeSources: false) })
                ),
                ("sources", .array(dataset.sources.keys.sorted().map { report.sourceJSONPublic($0) })),
                (
                    "groups",
                    .object(
                        dataset.groups.keys.sorted().map { key in
                            let group = dataset.groups[key]!
                            return (
                                key,
                                .object([
                                    ("name", .string(group.name)), ("members", .array(group.members.map(JSONOutput.string))),
                                    ("source", .string(group.source)),
                                ])
                            )
                        })
                ),
            ])
            try target.write(document.rendered() + "\n")
        case .csv:
            try target.write(CSVRenderer().render(report.countriesTable(codes: codes, title: title)))
        case .markdown:
            try target.write(MarkdownRenderer().render(report.countriesTable(codes: codes, title: title)))
        default:
            try target.write(
                TerminalRenderer(colour: destination.isStandardOutput && colourOnStandardOutput).render(
                    report.countriesTable(codes: codes, title: title)))
        }
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

    @Option(name: .shortAndLong, help: "Output format: table or json.")
    var format: TableFormat = .table

    @OptionGroup var destination: OutputOptions
    var output: String? { destination.output }

    func validate() throws {
        guard [.table, .json, .markdown].contains(format) else { throw ValidationError("--format must be table, json or md") }
    }

    func run() throws {
        let dataset = Dataset.builtIn
        guard let record = dataset.countries[code] else {
            let hint = ScenarioLoader(dataset: dataset).codeSuggestion(code, custom: [])
            printError("error: \"\(code)\" is not a built-in country\(hint.map { "; \($0)" } ?? "")")
            throw ExitStatus.invalidInput
        }
        let report = DatasetReport(dataset: dataset)
        let target = OutputTarget(path: output)
        switch format {
        case .json:
            var document = report.countryJSON(record)
            if case .object(var members) = document {
                members.insert(("dataset_vintage", .string(dataset.vintage)), at: 0)
                document = .object(members)
            }
            try target.write(document.rendered() + "\n")
        case .markdown:
            try target.write(MarkdownRenderer().render(report.showTables(record)))
        default:
            try target.write(
                TerminalRenderer(colour: destination.isStandardOutput && colourOnStandardOutput).render(report.showTables(record))
            )
        }
    }
}
