import ArgumentParser
import Foundation
import MilexModel
import MilexReport
import MilexScenario

/// `milex compare`: the variants of a scenario (or targets given as options) side by side.
struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Compare variants against the baseline: a row per country and group, a column group per variant.",
        discussion: """
            From a scenario: milex compare SCENARIO.json. Ad hoc: milex compare --countries NATO --targets \
            2,3.5,5 --by 2035 (one variant per target: core defence moving to T % of GDP by --by; --targets \
            2:6:0.5 for a range; --hague splits each target into core up to 3.5 % and defence-related \
            spending for the rest, so 5 is 3.5 core + 1.5 related). --figure debt-2035: one figure as a \
            country × target table. Columns per \
            variant: spending and extra spending in the target year, the extra cumulated to the horizon, debt \
            at the horizon and its change against the baseline, the deficit in the target year, years above \
            3 %, escape-clause flexibility used and the SAFE interest saving. Sort keys: \
            \(CompareReport.SortKey.names.joined(separator: ", ")), optionally with the column's year \
            (debt-2035) and @TARGET (debt@3.5) to sort by another variant than the last; figures sort largest \
            first, aggregates stay at the bottom.
            """)

    @Argument(help: "A scenario file (JSON); or give --countries, --targets and --by instead.")
    var file: String?

    @Option(help: "Countries or groups, comma-separated (e.g. NATO or DE,FR,PL).")
    var countries: String?

    @Option(
        help:
            "Targets, % of GDP: a list (2,3.5,5) or a range START:END:STEP (2:6:0.5), one variant each; core defence unless --hague."
    )
    var targets: String?

    @Flag(help: "The Hague split: each target is core defence up to 3.5 % plus defence-related spending for the rest.")
    var hague = false

    @Option(
        help:
            "One figure as a country × target table: \(CompareReport.Field.allCases.map(\.rawValue).joined(separator: ", ")), optionally with its year (debt-2035)."
    )
    var figure: String?

    @Option(help: "The year the targets are reached.")
    var by: Int?

    @Option(help: "The first year spending moves (default: the year after the base year).")
    var start: Int?

    @Option(help: "The shape of the path: linear, front, back or step.")
    var shape: String?

    @Option(help: "A defence-related spending target, % of GDP, reached by the same year.")
    var related: Double?

    @Option(help: "The last projected year (default: --by).")
    var end: Int?

    @Option(help: "The share of the extra spending offset by other measures (0–1; default 0, all borrowed).")
    var offset: Double?

    @Flag(help: "Draw SAFE loans (the countries' allocations).")
    var safe = false

    @OptionGroup var standIns: StandInOptions

    @Flag(help: "Print the scenario built from the options (JSON) and exit.")
    var printScenario = false

    @Option(help: "Sort the rows: KEY[-YEAR][@TARGET], e.g. debt-2035, extra, code, debt@3.5.")
    var sort: String?

    @Option(help: "Currency of money columns: EUR, USD or national (only when every country shares one).")
    var currency: MoneyCurrency = .eur

    @OptionGroup var document: DocumentOptions

    static let shapes = ["linear", "front", "back", "step"]

    var adHocOptionsGiven: [String] {
        var given: [String] = []
        if countries != nil { given.append("--countries") }
        if targets != nil { given.append("--targets") }
        if by != nil { given.append("--by") }
        if start != nil { given.append("--start") }
        if shape != nil { given.append("--shape") }
        if related != nil { given.append("--related") }
        if end != nil { given.append("--end") }
        if offset != nil { given.append("--offset") }
        if safe { given.append("--safe") }
        if hague { given.append("--hague") }
        if printScenario { given.append("--print-scenario") }
        return given
    }

    func validate() throws {
        if let file {
            if let first = adHocOptionsGiven.first {
                throw ValidationError(
                    "\(first) builds a scenario from options; it cannot be combined with the scenario file \(file) (edit the file instead)"
                )
            }
        } else {
            let missing = [("--countries", countries == nil), ("--targets", targets == nil), ("--by", by == nil)]
                .filter(\.1).map(\.0)
            if !missing.isEmpty {
                throw ValidationError(
                    "give a scenario file, or --countries, --targets and --by (missing: \(missing.joined(separator: ", "))); e.g. milex compare --countries NATO --targets 2,3.5,5 --by 2035"
                )
            }
            do {
                _ = try AdHocComparison.parseTargets(targets!)
                _ = try AdHocComparison.parseCountries(countries!)
            } catch {
                throw ValidationError(error.description)
            }
            if hague, let related {
                throw ValidationError(
                    "--hague sets defence-related spending from each target; it cannot be combined with --related \(AdHocComparison.number(related))"
                )
            }
            if let shape, !Self.shapes.contains(shape) {
                let hint = Suggestion.nearest(to: shape, in: Self.shapes).map { "did you mean \($0)? " } ?? ""
                throw ValidationError("--shape \(shape): \(hint)shapes: \(Self.shapes.joined(separator: ", "))")
            }
            if let end, let by, end < by {
                throw ValidationError("--end \(end) is before --by \(by): the horizon must include the target year")
            }
        }
        if let sort {
            do {
                _ = try CompareReport.SortKey.parse(sort)
            } catch {
                throw ValidationError(error.description)
            }
        }
        if let figure {
            do {
                _ = try CompareReport.FigureKey.parse(figure)
            } catch {
                throw ValidationError(error.description)
            }
        }
    }

    /// The ad hoc comparison the options describe.
    var adHoc: AdHocComparison? {
        guard file == nil, let countries, let targets, let by else { return nil }
        return AdHocComparison(
            countries: (try? AdHocComparison.parseCountries(countries)) ?? [],
            targets: (try? AdHocComparison.parseTargets(targets)) ?? [], by: by, start: start, shape: shape, related: related,
            end: end, offset: offset, safe: safe, hague: hague)
    }

    func run() throws {
        let adHoc = self.adHoc
        let scenarioText = adHoc?.scenarioText()
        if printScenario, let scenarioText {
            try printOutput(scenarioText)
            return
        }
        let scenario: Scenario
        do {
            let loader = standIns.loader
            if let scenarioText {
                scenario = try loader.load(text: scenarioText, file: AdHocComparison.fileName)
            } else {
                scenario = try loader.load(file: file!)
            }
        } catch {
            let code = fail(error)
            if adHoc != nil { printError("The scenario built from the options: milex compare … --print-scenario shows it.") }
            throw code
        }
        for warning in scenario.warnings { printError(warning.description) }
        noteStandIns(scenario)
        let result = try project(scenario)
        let compare: CompareReport
        do {
            let key = try sort.map(CompareReport.SortKey.parse)
            compare = try CompareReport(
                scenario: scenario, result: result, currency: currency, sort: key,
                groups: adHoc?.columnGroups(endYear: result.endYear))
        } catch {
            printError("error: \(error.description)")
            throw error.isUsage ? ExitCode.validationFailure : ExitStatus.invalidInput
        }
        let provenance = Self.provenance(scenario: scenario, result: result, adHoc: adHoc, scenarioText: scenarioText)
        if let figure {
            do {
                try document.write(compare.figureDocument(try CompareReport.FigureKey.parse(figure), provenance: provenance))
            } catch let error as CompareError {
                printError("error: \(error.description)")
                throw error.isUsage ? ExitCode.validationFailure : ExitStatus.invalidInput
            }
            return
        }
        try document.write(compare.document(provenance: provenance))
    }

    /// The provenance of a comparison: the scenario files, or the options it was built from.
    static func provenance(scenario: Scenario, result: ProjectionResult, adHoc: AdHocComparison?, scenarioText: String?)
        -> ProvenanceRecord
    {
        var files: [ProvenanceRecord.File] = []
        var origin: [String] = []
        if let scenarioText {
            let arguments = CommandLine.arguments.dropFirst().joined(separator: " ")
            origin.append(
                "Scenario built by milex compare from its options (milex \(arguments)); the generated scenario text (--print-scenario) has SHA-256 \(SHA256.hex(scenarioText))."
            )
        } else {
            files = ProvenanceRecord.files(of: scenario)
        }
        return RunContext(scenario: scenario, result: result, files: files, origin: origin).provenance
    }
}
