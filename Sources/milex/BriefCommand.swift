import ArgumentParser
import Foundation
import MilexIO
import MilexModel
import MilexReport
import MilexScenario

/// `milex brief SCENARIO --out DIR`: a briefing folder with every output of a scenario.
struct BriefCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "brief",
        abstract: "Write a briefing folder: summary.md, CSV files, report.html and report.xlsx, each with its provenance.",
        discussion: """
            Files: summary.md (the comparison, the rules, SAFE when drawn, the notes), projections.csv (a row \
            per variant, country and year), compare.csv, rules.csv, decomposition.csv (the debt dynamics year by year) and \
            safe.csv, escape.csv, nato.csv, burden.csv when \
            they apply, PROVENANCE.txt (the provenance of the CSV files, with their SHA-256), report.html \
            (tables and charts, one self-contained file) and report.xlsx (one sheet per table and a \
            Provenance sheet). The output is deterministic: the same scenario and milex give the same bytes. \
            The folder is created if needed and replaced whole: the files are written to a staging folder \
            next to it, which then takes its place in one step, so the folder ends exactly as this brief \
            writes it (files of an earlier brief it lacks are gone) or, on failure or interruption, as it \
            was. A non-empty folder milex did not write is refused unless --force.
            """)

    @Argument(help: "The scenario file (JSON).")
    var file: String

    @Option(name: .customLong("out"), help: "The folder to write (created if needed).")
    var out: String

    @OptionGroup var standIns: StandInOptions

    @Flag(help: "Replace the folder even if it holds files milex did not write.")
    var force = false

    @Option(help: "Currency of money columns in the comparison and summaries: EUR, USD or national.")
    var currency: MoneyCurrency = .eur

    @Option(help: "Sort the comparison rows: KEY[-YEAR][@TARGET] (see milex compare --help).")
    var sort: String?

    func validate() throws {
        if let sort {
            do {
                _ = try CompareReport.SortKey.parse(sort)
            } catch {
                throw ValidationError(error.description)
            }
        }
    }

    func run() throws {
        let showProgress = isatty(STDERR_FILENO) == 1
        func progress(_ text: String) { if showProgress { printError(text) } }
        let scenario = try loadScenario(file, standIns: standIns)
        let countries = scenario.countries.count
        let variants = scenario.variants.count + 1
        progress(
            "running \(countries) countr\(countries == 1 ? "y" : "ies") × \(variants) variant\(variants == 1 ? "" : "s")…")
        let result = try project(scenario)
        let compare: CompareReport
        do {
            compare = try CompareReport(
                scenario: scenario, result: result, currency: currency, sort: try sort.map(CompareReport.SortKey.parse))
        } catch {
            printError("error: \(error.description)")
            throw error.isUsage ? ExitCode.validationFailure : ExitStatus.invalidInput
        }
        let pack = BriefingPack(context: RunContext(scenario: scenario, result: result), compare: compare)
        let files: [(name: String, data: Data)]
        do {
            files = try pack.files { progress("preparing \($0)…") }
        } catch {
            printError("error: cannot prepare the briefing: \(error)")
            throw ExitStatus.outputFailed
        }
        try FolderWriter(progress: progress).write(
            files.map { FolderWriter.File(name: $0.name, data: $0.data) }, to: out, force: force,
            knownNames: BriefingPack.possibleFileNames)
        progress("wrote \(files.count) files to \(out)")
    }
}
