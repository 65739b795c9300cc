import ArgumentParser
import Foundation
import MilexModel
import MilexReport
import MilexScenario

extension TableFormat: ExpressibleByArgument {}
extension MoneyCurrency: ExpressibleByArgument {}

/// `milex run FILE`: projects every country and variant of a scenario.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Project every country and variant of a scenario (the baseline included).",
        discussion: """
            Formats: table (default; one block per variant and country, years as rows), json (the \
            MODEL.md §9 contract with extra fields), csv (long format: a row per variant, country and \
            year), md, latex.
            """)

    @Argument(help: "The scenario file (JSON).")
    var file: String

    @Option(name: .shortAndLong, help: "Output format: table, json, csv, md, latex.")
    var format: TableFormat = .table

    @Option(name: .shortAndLong, help: "Write to this file (atomically) instead of standard output.")
    var output: String?

    @Option(help: "Columns of the table, comma-separated metric keys (see milex run --help-columns).")
    var columns: String?

    @Flag(help: "List the column keys --columns accepts and exit.")
    var helpColumns = false

    @Option(help: "Currency of money columns in tables: national, EUR or USD (fixed base-year rates).")
    var currency: MoneyCurrency = .national

    func validate() throws {
        if format == .html || format == .xlsx {
            throw ValidationError("--format \(format.rawValue) is not available for run yet; use table, json, csv, md or latex")
        }
        if let columns {
            let unknown = columns.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
                .filter { !ProjectionReport.availableColumns.contains($0) }
            if let first = unknown.first {
                let hint =
                    Suggestion.nearest(to: first, in: ProjectionReport.availableColumns).map { "; did you mean \($0)?" } ?? ""
                throw ValidationError("unknown column \"\(first)\"\(hint) (milex run --help-columns lists them)")
            }
        }
    }

    func run() throws {
        if helpColumns {
            for key in ProjectionReport.availableColumns {
                let metric = ProjectionMetric(rawValue: key)
                print(
                    "\(key.padding(toLength: 38, withPad: " ", startingAt: 0)) \(metric.map { "\($0.title) (\($0.unit.rawValue))" } ?? "the year's flags")"
                )
            }
            return
        }
        let scenario: Scenario
        do {
            scenario = try ScenarioLoader().load(file: file)
        } catch {
            throw fail(error)
        }
        for warning in scenario.warnings { printError(warning.description) }
        let result: ProjectionResult
        do {
            result = try ProjectionEngine().run(scenario.request)
        } catch {
            printError("\(file): error: \(error)")
            throw ExitStatus.invalidInput
        }
        let report = ProjectionReport(scenario: scenario, result: result)
        let selected =
            columns.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }
            ?? ProjectionReport.defaultColumns
        let target = OutputTarget(path: output)
        switch format {
        case .json:
            try target.write(report.contractJSON().rendered() + "\n")
        case .csv:
            try target.write(CSVRenderer().render(report.longTable()))
        case .table:
            let colour = output == nil && colourOnStandardOutput
            var text = header(scenario, result)
            text += TerminalRenderer(colour: colour).render(report.yearTables(columns: selected, currency: currency))
            text +=
                "\nNotes\n" + report.notes.map { TextWrap.wrap($0, firstIndent: "  - ", indent: "    ") }.joined(separator: "\n")
                + "\n"
            try target.write(text)
        case .markdown:
            var text = "# \(scenario.name)\n\n" + (scenario.description.map { $0 + "\n\n" } ?? "")
            text += MarkdownRenderer().render(report.yearTables(columns: selected, currency: currency))
            text += "\n## Notes\n\n" + report.notes.map { "- " + $0 }.joined(separator: "\n") + "\n"
            try target.write(text)
        case .latex:
            var tables = report.yearTables(columns: selected, currency: currency)
            if !tables.isEmpty { tables[tables.count - 1].notes = report.notes }
            try target.write(LaTeXRenderer().document(tables, title: scenario.name))
        case .html, .xlsx:
            break
        }
    }

    private func header(_ scenario: Scenario, _ result: ProjectionResult) -> String {
        var text = "\(scenario.name)\n"
        if let description = scenario.description { text += TextWrap.wrap(description) + "\n" }
        text += "Base year \(result.baseYear), projected \(result.baseYear + 1)–\(result.endYear); "
        text +=
            "\(result.countries.count) countr\(result.countries.count == 1 ? "y" : "ies") × \(result.variants.count) variant\(result.variants.count == 1 ? "" : "s") (\(result.variants.map(\.label).joined(separator: ", "))).\n\n"
        return text
    }
}
