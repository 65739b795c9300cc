import ArgumentParser
import Foundation
import MilexData
import MilexModel
import MilexReport
import MilexScenario

extension SolveUnknown: ExpressibleByArgument {}

/// `milex solve FILE --constraint C …`: the highest target, the smallest offset or the earliest
/// year that every constraint allows, for every variant and country (MODEL.md §14).
struct SolveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "solve",
        abstract: "How far can each country go? The highest target, smallest offset or earliest year the constraints allow.",
        discussion: """
            Constraints (repeat --constraint; spaces are ignored): debt<=X[@YEAR] (debt ratio in YEAR, \
            default the end year); debt-stable (end-year debt at most the base year's); deficit<=X[+flex] \
            (every projected year; +flex adds the escape-clause flexibility); safeguard (no year short of \
            the debt safeguard's pace); net-expenditure (no deviation flag on the net expenditure path, \
            MODEL.md §13); p(debt>X)<=P[@YEAR] and p(deficit>3)<=P (stochastic: --draws, \
            --seed). Unknowns: target (default; in [the starting share, 10 % of GDP]), offset (in [0, 1]), \
            year (from the path's start to the end year). Status: solved, infeasible (not even the \
            lenient end holds), unconstrained (the demanding end holds), not_applicable. Every format; \
            json is {"solutions": [...]} inside the envelope (MODEL.md §14).
            """)

    @Argument(help: "The scenario file (JSON).")
    var file: String

    @Option(
        name: .customLong("constraint"), parsing: .unconditionalSingleValue,
        help: "A constraint, e.g. 'debt<=90@2035', 'deficit<=3+flex', 'p(debt>90)<=0.3' (repeat for several).")
    var constraints: [String] = []

    @Option(help: "What to solve for: target, offset or year.")
    var unknown: SolveUnknown = .target

    @OptionGroup var standIns: StandInOptions

    @OptionGroup var stochastic: StochasticOptions

    @OptionGroup var document: DocumentOptions

    /// Years accepted before the scenario is read (the run's own range is checked after).
    private static let syntaxYears = (base: 1900, end: 2100)

    func validate() throws {
        guard !constraints.isEmpty else {
            throw ValidationError(
                "give at least one --constraint, e.g. --constraint 'debt<=90@2035' (forms: \(SolveConstraint.forms.joined(separator: ", ")))"
            )
        }
        let parsed = try constraints.map { try Self.parse($0, baseYear: Self.syntaxYears.base, endYear: Self.syntaxYears.end) }
        if !parsed.contains(where: \.isStochastic), let given = stochastic.givenNames.first(where: { $0 != "--quiet" }) {
            throw ValidationError("\(given) applies to stochastic constraints (p(debt>X)<=P, p(deficit>3)<=P)")
        }
    }

    static func parse(_ text: String, baseYear: Int, endYear: Int) throws -> SolveConstraint {
        do {
            return try SolveConstraint(parsing: text, baseYear: baseYear, endYear: endYear)
        } catch {
            throw ValidationError("--constraint \(error)")
        }
    }

    func run() throws {
        let scenario = try loadScenario(file, standIns: standIns)
        let parsed = try constraints.map { try Self.parse($0, baseYear: scenario.baseYear, endYear: scenario.endYear) }
        let interactive = isatty(STDERR_FILENO) == 1 && !stochastic.quiet
        var settings: StochasticSolveSettings?
        if parsed.contains(where: \.isStochastic) {
            var specification = scenario.stochastic ?? StochasticSpecification()
            if let draws = stochastic.draws { specification.draws = draws }
            if let seed = stochastic.seed { specification.seed = seed }
            do {
                settings = StochasticSolveSettings(
                    covariance: try specification.covariance(for: scenario, dataset: .builtIn),
                    settings: StochasticSettings(
                        draws: specification.draws, seed: specification.seed, threads: stochastic.threads,
                        shockYears: specification.shockYears,
                        thresholds: StochasticThresholds(policy: scenario.request.policy)))
            } catch {
                printError("\(scenario.file): error: stochastic.shocks: \(error)")
                throw ExitStatus.invalidInput
            }
        }
        let progress = interactive ? SolveProgress() : nil
        let result: AffordabilityResult
        do {
            result = try AffordabilitySolver().solve(
                scenario.request, constraints: parsed, unknown: unknown, stochastic: settings, progress: progress?.update)
        } catch {
            printError("\(scenario.file): error: \(error)")
            throw ExitStatus.invalidInput
        }
        progress?.finish()
        let provenance = RunContext(scenario: scenario, result: result.projection).provenance
        try document.write(SolveDocument.build(scenario, result, provenance: provenance))
    }
}

/// Progress of a solve on standard error: shown once the solve has taken a second.
final class SolveProgress: @unchecked Sendable {
    private let start = DispatchTime.now().uptimeNanoseconds
    private var shown = false
    private let lock = NSLock()

    func update(_ evaluations: Int, _ open: Int) {
        lock.lock()
        defer { lock.unlock() }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        guard seconds >= 1 else { return }
        shown = true
        printProgress(
            String(format: "\rsolving: evaluation %d done, %d lanes were open, %.1f s\u{1B}[K", evaluations, open, seconds))
    }

    func finish() {
        lock.lock()
        defer { lock.unlock() }
        guard shown else { return }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        printError(String(format: "\rsolved in %.1f s\u{1B}[K", seconds))
    }
}
