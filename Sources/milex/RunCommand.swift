import ArgumentParser
import Foundation
import MilexModel
import MilexReport
import MilexScenario

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

    @OptionGroup var document: DocumentOptions
    var format: DocumentFormat { document.format }

    @Option(help: "Columns of the table, comma-separated metric keys (see milex run --help-columns).")
    var columns: String?

    @Flag(help: "List the column keys --columns accepts and exit.")
    var helpColumns = false

    @Option(help: "Currency of money columns in year tables: national, EUR or USD (fixed base-year rates).")
    var currency: MoneyCurrency = .national

    @Option(
        help: ArgumentHelp(
            "What to show: all, years, summary, or one summary (\(SummarySections.ids.joined(separator: ", "))).",
            discussion: "CSV shows one table: years by default."))
    var view: String?

    @OptionGroup var standIns: StandInOptions

    @Flag(help: "Stochastic projections: percentiles and probabilities from --draws simulated paths (MODEL.md §8).")
    var stochastic = false

    @OptionGroup var stochasticOptions: StochasticOptions

    @Flag(help: "With --stochastic: only the probability tables (no per-country fans), as milex fan --summary-only.")
    var summaryOnly = false

    @Flag(
        help: ArgumentHelp(
            "The debt ratio at the horizon for multipliers 0–1.25 and import shares 0.2–0.8 (MODEL.md §12; docs/macro.md).",
            discussion: "One table per variant: a row per country and multiplier, a column per import share."))
    var macroSensitivity = false

    /// The view asked for, once validate() has checked its name.
    var runView: RunView? { view.flatMap(RunView.init(name:)) }

    func validate() throws {
        if file == nil && !helpColumns {
            throw ValidationError("give a scenario file, e.g. milex run Scenarios/hague-2035.json")
        }
        if macroSensitivity, stochastic || view != nil || columns != nil {
            throw ValidationError("--macro-sensitivity writes its own tables: drop --stochastic, --view and --columns")
        }
        if !stochastic, let given = (stochasticOptions.givenNames + (summaryOnly ? ["--summary-only"] : [])).first {
            throw ValidationError("\(given) applies to stochastic runs: add --stochastic (or use milex fan)")
        }
        if let view, RunView(name: view) == nil {
            let hint = Suggestion.nearest(to: view, in: RunView.names).map { "did you mean \($0)? " } ?? ""
            throw ValidationError("--view \(view): \(hint)views: \(RunView.names.joined(separator: ", "))")
        }
        if format == .csv, runView == .all || runView == .summaries {
            throw ValidationError(
                "CSV holds one table: use --view years or one summary (\(SummarySections.ids.joined(separator: ", ")))")
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
                scenario: scenario, options: stochasticOptions, document: document,
                summaryOnly: summaryOnly || runView == .summaries)
            return
        }
        let result = try project(scenario)
        if macroSensitivity {
            let sensitivity: MacroSensitivity
            do {
                sensitivity = try MacroSensitivity.run(scenario.request)
            } catch {
                printError("\(scenario.file): error: \(error)")
                throw ExitStatus.invalidInput
            }
            try document.write(GDPFeedbackReport.sensitivityDocument(RunContext(scenario: scenario, result: result), sensitivity))
            return
        }
        let selected =
            columns.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }
            ?? scenario.columns ?? ProjectionReport.defaultColumns
        let view = runView ?? (format == .csv ? .years : .all)
        let context = RunContext(scenario: scenario, result: result)
        let built = RunDocument.build(context, view: view, columns: selected, currency: currency)
        guard !built.sections.isEmpty else {
            printError(
                "\(scenario.file): error: nothing to show for --view \(self.view ?? "") in this scenario (no variant draws SAFE, no country has escape-clause years, or no variant moves NATO measures)"
            )
            throw ExitStatus.invalidInput
        }
        try document.write(built)
    }
}
