import ArgumentParser
import Foundation
import MilexModel
import MilexReport
import MilexScenario

extension TableFormat: ExpressibleByArgument {}
extension MoneyCurrency: ExpressibleByArgument {}

/// What `milex run` shows.
enum RunView: String, CaseIterable, ExpressibleByArgument {
    /// Year tables and every summary.
    case all
    /// The year-by-year tables (for CSV: one long table).
    case years
    /// The summaries: rules, SAFE, escape clause, NATO measures.
    case summary
    case rules, safe, escape, nato
}

/// `milex run FILE`: projects every country and variant of a scenario.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Project every country and variant of a scenario (the baseline included).",
        discussion: """
            Formats: table (default; one block per variant and country, years as rows), json (the \
            MODEL.md §9 contract with extra fields), csv (long format: a row per variant, country and \
            year), md, latex, html (one self-contained file with charts), xlsx (needs --output). \
            With --stochastic: fan-chart percentiles and risk probabilities of the debt ratio and the \
            balance for every country, variant and group (MODEL.md §8; the same as milex fan).
            """)

    @Argument(help: "The scenario file (JSON).")
    var file: String?

    @Option(name: .shortAndLong, help: "Output format: table, json, csv, md, latex, html, xlsx.")
    var format: TableFormat = .table

    @OptionGroup var destination: OutputOptions
    var output: String? { destination.output }

    @Option(help: "Columns of the table, comma-separated metric keys (see milex run --help-columns).")
    var columns: String?

    @Flag(help: "List the column keys --columns accepts and exit.")
    var helpColumns = false

    @Option(help: "Currency of money columns in year tables: national, EUR or USD (fixed base-year rates).")
    var currency: MoneyCurrency = .national

    @Option(
        help:
            "What to show: all, years, summary, or one summary (rules, safe, escape, nato). CSV shows one table: years by default."
    )
    var view: RunView?

    @OptionGroup var standIns: StandInOptions

    @Flag(help: "Stochastic projections: percentiles and probabilities from --draws simulated paths (MODEL.md §8).")
    var stochastic = false

    @OptionGroup var stochasticOptions: StochasticOptions

    func validate() throws {
        if file == nil && !helpColumns {
            throw ValidationError("give a scenario file, e.g. milex run Scenarios/hague-2035.json")
        }
        if !stochastic, let given = stochasticOptions.givenNames.first {
            throw ValidationError("\(given) applies to stochastic runs: add --stochastic (or use milex fan)")
        }
        if format == .xlsx, destination.isStandardOutput, isatty(STDOUT_FILENO) == 1 {
            throw ValidationError("--format xlsx writes a binary workbook: give --output FILE.xlsx")
        }
        if format == .csv, view == .all || view == .summary {
            throw ValidationError("CSV holds one table: use --view years, rules, safe, escape or nato")
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
            // Keys are padded to the longest, never cut: each must be copyable as printed.
            let width = ProjectionReport.availableColumns.map(\.count).max() ?? 0
            let lines = ProjectionReport.availableColumns.map { key in
                let metric = ProjectionMetric(rawValue: key)
                return
                    "\(key.padding(toLength: width, withPad: " ", startingAt: 0))  \(metric.map { "\($0.title) (\($0.unit.rawValue))" } ?? "the year's flags")\n"
            }
            try printOutput(lines.joined())
            return
        }
        guard let file else { return }  // validate() requires it unless --help-columns
        let scenario = try loadScenario(file, standIns: standIns)
        if stochastic {
            try StochasticRun.run(
                scenario: scenario, options: stochasticOptions, format: format, output: output,
                fanTables: view != .summary)
            return
        }
        let result = try project(scenario)
        let report = ProjectionReport(scenario: scenario, result: result)
        let selected =
            columns.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }
            ?? scenario.columns ?? ProjectionReport.defaultColumns
        let target = OutputTarget(path: output)
        let view = self.view ?? (format == .csv ? .years : .all)
        let summaryViews: [ProjectionReport.SummaryView]
        switch view {
        case .all, .summary: summaryViews = ProjectionReport.SummaryView.allCases
        case .years: summaryViews = []
        case .rules: summaryViews = [.rules]
        case .safe: summaryViews = [.safe]
        case .escape: summaryViews = [.escape]
        case .nato: summaryViews = [.nato]
        }
        let showYears = view == .all || view == .years
        let summaryTables = report.summaryTables().filter { table in
            summaryViews.contains { table.id.hasPrefix($0.rawValue + "-") }
        }
        let notes = report.notes
        switch format {
        case .json:
            var document = report.contractJSON()
            if !summaryViews.isEmpty, case .object(var members) = document {
                members.insert(("summaries", .array(summaryTables.map(TableJSONRenderer().value))), at: members.count - 1)
                document = .object(members)
            }
            try target.write(document.rendered() + "\n")
        case .csv:
            let table = summaryViews.first.map { report.stackedSummary($0) } ?? report.longTable()
            guard let table else {
                printError(
                    "error: nothing to show for --view \(view.rawValue) in this scenario (no variant draws SAFE, or no country has escape-clause years)"
                )
                throw ExitStatus.invalidInput
            }
            try target.write(CSVRenderer().render(table))
        case .table:
            let renderer = TerminalRenderer(colour: destination.isStandardOutput && colourOnStandardOutput)
            var text = header(scenario, result)
            if showYears { text += renderer.render(report.yearTables(columns: selected, currency: currency)) }
            if !summaryTables.isEmpty { text += (showYears ? "\n" : "") + renderer.render(summaryTables) }
            text += "\nNotes\n"
            text += notes.map { TextWrap.wrap($0, firstIndent: "  - ", indent: "    ") }.joined(separator: "\n") + "\n"
            try target.write(text)
        case .markdown:
            var text = "# \(scenario.name)\n\n" + (scenario.description.map { $0 + "\n\n" } ?? "")
            let tables = (showYears ? report.yearTables(columns: selected, currency: currency) : []) + summaryTables
            text += MarkdownRenderer().render(tables)
            text += "\n## Notes\n\n" + notes.map { "- " + $0 }.joined(separator: "\n") + "\n"
            try target.write(text)
        case .latex:
            var tables = (showYears ? report.yearTables(columns: selected, currency: currency) : []) + summaryTables
            if !tables.isEmpty { tables[tables.count - 1].notes += notes }
            try target.write(LaTeXRenderer().document(tables, title: scenario.name))
        case .html, .xlsx:
            let provenance = ProvenanceRecord.collect(
                scenario: scenario, result: result, files: ProvenanceRecord.files(of: scenario),
                texts: notes + summaryTables.flatMap(\.notes))
            if format == .html {
                let html = ReportDocuments.html(
                    report: report, compare: nil,
                    yearTables: showYears ? report.yearTables(columns: selected, currency: currency) : [],
                    summaryTables: summaryTables, notes: notes, provenance: provenance)
                try target.write(html.render())
            } else {
                let tables = (showYears ? [report.longTable()] : []) + summaryViews.compactMap { report.stackedSummary($0) }
                guard !tables.isEmpty else {
                    printError(
                        "error: nothing to show for --view \(view.rawValue) in this scenario (no variant draws SAFE, or no country has escape-clause years)"
                    )
                    throw ExitStatus.invalidInput
                }
                try target.write(
                    try workbook { try ReportDocuments.workbook(tables, title: scenario.name, provenance: provenance) })
            }
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
