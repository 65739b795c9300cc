import ArgumentParser
import Foundation
import MilexData
import MilexModel
import MilexReport
import MilexScenario

/// The options of a stochastic run, shared by `milex run --stochastic` and `milex fan`.
struct StochasticOptions: ParsableArguments {
    // `.unconditional`: a negative number is taken as the option's value (and refused by
    // validate() with a message), not as an unknown option.
    @Option(parsing: .unconditional, help: "Number of simulated paths (default: the scenario's stochastic.draws, else 10000).")
    var draws: Int?

    @Option(
        name: .customLong("seed"), parsing: .unconditional,
        help: "Random seed, 0 to 2⁵³ − 1 (default: the scenario's stochastic.seed, else 1).")
    var seedText: String?

    @Option(parsing: .unconditional, help: "Worker threads (default: the number of cores); the results do not depend on it.")
    var threads: Int?

    @Flag(name: .shortAndLong, help: "No progress on standard error (it is printed only to a terminal anyway).")
    var quiet = false

    /// The seed, once validate() has checked it.
    var seed: UInt64? { seedText.flatMap { UInt64($0) } }

    /// The options given on the command line.
    var givenNames: [String] {
        [("--draws", draws != nil), ("--seed", seedText != nil), ("--threads", threads != nil), ("--quiet", quiet)].filter(\.1)
            .map(\.0)
    }

    func validate() throws {
        if let draws, !(1...100_000_000).contains(draws) {
            throw ValidationError("--draws must be a whole number from 1 to 100,000,000, found \(draws)")
        }
        if let threads, !(1...256).contains(threads) {
            throw ValidationError("--threads must be a whole number from 1 to 256, found \(threads)")
        }
        if let seedText, UInt64(seedText).map({ $0 <= 9_007_199_254_740_991 }) != true {
            throw ValidationError("--seed must be a whole number from 0 to 9007199254740991, found \(seedText.prefix(40))")
        }
    }
}

/// Runs the stochastic engine on a loaded scenario and writes its outputs.
enum StochasticRun {
    static func run(scenario: Scenario, options: StochasticOptions, document: DocumentOptions, summaryOnly: Bool) throws {
        let dataset = Dataset.builtIn
        var specification = scenario.stochastic ?? StochasticSpecification()
        if let draws = options.draws { specification.draws = draws }
        if let seed = options.seed { specification.seed = seed }
        let covariance: ShockCovariance
        do {
            covariance = try specification.covariance(for: scenario, dataset: dataset)
        } catch {
            printError("\(scenario.file): error: stochastic.shocks: \(error)")
            throw ExitStatus.invalidInput
        }
        // Groups: those the scenario names and the standard ones with members in the run.
        var groups = scenario.groups
        for code in ["EU27", "NATO-EUROPE-CANADA", "NATO", "EURO-AREA", "SAFE"] where !groups.contains(where: { $0.code == code })
        {
            if let group = dataset.groups[code] { groups.append((code, group.members)) }
        }
        let interactive = isatty(STDERR_FILENO) == 1 && !options.quiet
        if interactive {
            printError(
                "simulating \(specification.draws) draws of \(scenario.countries.count) countries × \(scenario.variants.count + 1) variants…"
            )
        }
        let result: StochasticResult
        do {
            result = try StochasticEngine().run(
                scenario.request, covariance: covariance, groups: groups,
                settings: StochasticSettings(
                    draws: specification.draws, seed: specification.seed, threads: options.threads,
                    shockYears: specification.shockYears,
                    thresholds: StochasticThresholds(policy: scenario.request.policy)),
                progress: interactive ? ProgressLine(label: "simulating").update : nil)
        } catch {
            printError("\(scenario.file): error: \(error)")
            throw ExitStatus.invalidInput
        }
        if interactive { printError(String(format: "\rdone in %.2f s\u{1B}[K", result.timing.wall)) }
        let report = StochasticReport(scenario: scenario, result: result)
        try document.write(
            report.document(
                provenance: RunContext(scenario: scenario, result: result.deterministic).provenance, summaryOnly: summaryOnly))
    }
}

/// `milex fan FILE`: stochastic projections of a scenario (the same as `milex run --stochastic`).
struct FanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fan",
        abstract: "Stochastic debt projections: fan-chart percentiles and risk probabilities (the same as run --stochastic).",
        discussion: """
            Shocks to nominal growth, the market rate and the primary balance are drawn jointly for \
            every country (MODEL.md §8). The table format prints the probabilities and, per variant \
            and country or group, the percentiles of the debt ratio each year; csv and json hold the \
            debt ratio and the balance; html draws the fan charts.
            """)

    @Argument(help: "The scenario file (JSON).")
    var file: String

    @OptionGroup var standIns: StandInOptions

    @OptionGroup var stochastic: StochasticOptions

    @OptionGroup var document: DocumentOptions

    @Flag(help: "Only the probability tables (no per-country fans) in table, md, latex and html.")
    var summaryOnly = false

    func run() throws {
        let scenario = try loadScenario(file, standIns: standIns)
        try StochasticRun.run(scenario: scenario, options: stochastic, document: document, summaryOnly: summaryOnly)
    }
}

/// A progress line on standard error, redrawn in place (`\r`), shown only once the work has
/// taken a second: short runs stay silent. Callers show it only when stderr is a terminal and
/// `--quiet` is not given.
final class ProgressLine: @unchecked Sendable {
    private let label: String
    private let start = DispatchTime.now().uptimeNanoseconds
    private var lastShown: UInt64 = 0
    private let lock = NSLock()

    init(label: String) { self.label = label }

    /// Shows `done` of `total` (at most ten times a second).
    func update(_ done: Int, _ total: Int) {
        lock.lock()
        defer { lock.unlock() }
        let now = DispatchTime.now().uptimeNanoseconds
        guard now - start >= 1_000_000_000, now - lastShown >= 100_000_000 || done == total else { return }
        lastShown = now
        let seconds = Double(now - start) / 1e9
        // No newline: the line is redrawn in place; the caller's closing line ends it.
        printProgress(
            String(
                format: "\r%@: %d/%d (%.0f %%), %.1f s\u{1B}[K", label, done, total, 100 * Double(done) / Double(max(total, 1)),
                seconds))
    }
}

/// Writes a progress line to standard error without a newline (it is redrawn with `\r`).
func printProgress(_ text: String) {
    _ = text.withCString { write(STDERR_FILENO, $0, strlen($0)) }
}
