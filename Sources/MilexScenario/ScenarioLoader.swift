import Foundation
import MilexData
import MilexIO
import MilexModel

/// Reads scenario files: syntax, keys, types, ranges, years, labels, `extends` chains, country
/// codes and missing inputs are all checked, and every problem is reported at once.
public struct ScenarioLoader: Sendable {
    /// The dataset built-in country codes and groups resolve against.
    public let dataset: Dataset
    /// The end year when a scenario gives none.
    /// The default horizon: the Hague commitment's target year (the policy file's).
    public static var defaultEndYear: Int { Policy.current.hagueTargetYear }

    /// Whether a built-in country that lacks a required figure gets the dataset's stand-in
    /// (``StandIns``; every use is noted in the outputs) instead of an error.
    public var assumeMissing: Bool

    /// Creates a loader over `dataset`.
    public init(dataset: Dataset = .builtIn, assumeMissing: Bool = true) {
        self.dataset = dataset
        self.assumeMissing = assumeMissing
    }

    /// Reads, checks and resolves the scenario in `path` (`-`: standard input).
    ///
    /// `extends` may name files in the folder of `path` and its subfolders only (symbolic links
    /// resolved; standard input's folder is the current one), so a scenario cannot read files
    /// elsewhere on the machine.
    public func load(file path: String) throws(ScenarioError) -> Scenario {
        var stack: [String] = []
        var files: [ReadFile] = []
        let root = InputFile.confiningFolder(of: path)
        let document = try readChain(path: path, displayName: path, root: root, stack: &stack, files: &files)
        return try resolve(document, files: files)
    }

    /// Reads, checks and resolves a scenario given as text (`file` names it in messages;
    /// `extends` is resolved relative to `directory` and may not leave it).
    public func load(text: String, file: String, directory: URL? = nil) throws(ScenarioError) -> Scenario {
        var reader = DocumentReader(file: file)
        let root: JSONValue
        do {
            root = try JSONParser.parse(Data(text.utf8), requireObject: true)
        } catch {
            throw ScenarioError([Diagnostic(file: file, path: "", line: error.line, column: error.column, message: error.message)]
            )
        }
        var document = reader.document(root)
        if !reader.diagnostics.isEmpty { throw ScenarioError(inFileOrder(reader.diagnostics + unknownCodes(in: document))) }
        var files = [ReadFile(name: file, data: Data(text.utf8))]
        if let parent = document.extends {
            guard let directory else {
                throw ScenarioError([
                    diagnostic(at: parent.location, message: "extends needs the scenario to be read from a file")
                ])
            }
            var stack = [file]
            let folder = InputFile.canonicalPath(directory.path)
            let base = try readParent(
                parent, from: directory.path, displayFolder: nil, root: folder, stack: &stack, files: &files)
            document = base.overlaid(by: document)
        }
        return try resolve(document, files: files)
    }

    /// The problems in the scenario at `path` (errors, then warnings), or none.
    public func validate(file path: String) -> [Diagnostic] {
        do {
            return try load(file: path).warnings
        } catch {
            return error.diagnostics
        }
    }

    private func inFileOrder(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
        diagnostics.enumerated().sorted {
            ($0.element.line ?? Int.max, $0.element.column ?? 0, $0.offset)
                < ($1.element.line ?? Int.max, $1.element.column ?? 0, $1.offset)
        }.map(\.element)
    }

    /// Unknown country codes, checked even when the file has other problems so that one pass
    /// reports them all (only for a file without `extends`: a parent may define custom codes).
    private func unknownCodes(in document: ScenarioDocument) -> [Diagnostic] {
        guard document.extends == nil, let references = document.countries else { return [] }
        let customCodes = document.customCountries.map(\.code)
        return references.filter {
            !customCodes.contains($0.code) && dataset.groups[$0.code] == nil && dataset.countries[$0.code] == nil
        }.map {
            diagnostic(
                at: $0.location, message: "\"\($0.code)\" is not a country code, a group or a custom country",
                suggestion: codeSuggestion($0.code, custom: customCodes))
        }
    }

    // MARK: - Files and `extends`

    private func diagnostic(at location: FileLocation, message: String, suggestion: String? = nil) -> Diagnostic {
        Diagnostic(
            file: location.file, path: location.path, line: location.line, column: location.column, message: message,
            suggestion: suggestion)
    }

    /// The deepest `extends` chain read.
    static let maximumChainDepth = 16

    private func readChain(
        path: String, displayName: String, root: String?, stack: inout [String], files: inout [ReadFile],
        from origin: Located<String>? = nil
    ) throws(ScenarioError) -> ScenarioDocument {
        let canonical = path == "-" ? "-" : (InputFile.canonicalPath(path) ?? URL(fileURLWithPath: path).standardizedFileURL.path)
        if stack.contains(canonical) {
            let chain = (stack + [canonical]).map { URL(fileURLWithPath: $0).lastPathComponent }.joined(separator: " → ")
            throw ScenarioError([
                origin.map { diagnostic(at: $0.location, message: "extends makes a cycle: \(chain)") }
                    ?? Diagnostic(file: displayName, path: "extends", message: "extends makes a cycle: \(chain)")
            ])
        }
        guard stack.count < Self.maximumChainDepth else {
            let message = "extends chains deeper than \(Self.maximumChainDepth) files are not supported"
            throw ScenarioError([
                origin.map { diagnostic(at: $0.location, message: message) }
                    ?? Diagnostic(file: displayName, path: "extends", message: message)
            ])
        }
        let data: Data
        do {
            data = try InputFile.read(path)
        } catch {
            if let origin {
                throw ScenarioError([
                    diagnostic(at: origin.location, message: "cannot extend \"\(Self.clipped(origin.value))\": \(error.reason)")
                ])
            }
            throw ScenarioError([Diagnostic(file: displayName, path: "", message: error.reason)])
        }
        var reader = DocumentReader(file: displayName)
        let value: JSONValue
        do {
            value = try JSONParser.parse(data, requireObject: true)
        } catch {
            throw ScenarioError([
                Diagnostic(file: displayName, path: "", line: error.line, column: error.column, message: error.message)
            ])
        }
        var document = reader.document(value)
        if !reader.diagnostics.isEmpty { throw ScenarioError(inFileOrder(reader.diagnostics + unknownCodes(in: document))) }
        files.append(ReadFile(name: displayName, data: data))
        guard let parent = document.extends else { return document }
        stack.append(canonical)
        let folder = path == "-" ? "." : URL(fileURLWithPath: path).deletingLastPathComponent().path
        let displayFolder = (displayName as NSString).deletingLastPathComponent
        let base = try readParent(parent, from: folder, displayFolder: displayFolder, root: root, stack: &stack, files: &files)
        stack.removeLast()
        document = base.overlaid(by: document)
        return document
    }

    /// Reads the file `extends` names, relative to `folder` (or absolute), refusing any that
    /// resolves outside `root`, the folder of the file given on the command line.
    private func readParent(
        _ parent: Located<String>, from folder: String, displayFolder: String?, root: String?, stack: inout [String],
        files: inout [ReadFile]
    ) throws(ScenarioError) -> ScenarioDocument {
        let named = parent.value
        let candidate = named.hasPrefix("/") ? named : (folder as NSString).appendingPathComponent(named)
        guard let resolved = InputFile.canonicalPath(candidate) else {
            let reason = errno == ELOOP ? "too many levels of symbolic links" : "no such file (looked for \(candidate))"
            throw ScenarioError([diagnostic(at: parent.location, message: "cannot extend \"\(Self.clipped(named))\": \(reason)")])
        }
        guard let root, InputFile.isInside(resolved, folder: root) else {
            throw ScenarioError([
                diagnostic(
                    at: parent.location,
                    message:
                        "extends may name files in the scenario's folder\(root.map { " (\($0))" } ?? "") and its subfolders only; \"\(Self.clipped(named))\" resolves to \(resolved)",
                    suggestion: "copy the parent scenario next to this one")
            ])
        }
        let displayName =
            named.hasPrefix("/") || (displayFolder ?? "").isEmpty
            ? named : ((displayFolder ?? "") as NSString).appendingPathComponent(named)
        return try readChain(path: resolved, displayName: displayName, root: root, stack: &stack, files: &files, from: parent)
    }

    /// `text` cut to 60 characters for messages (a 10 MB string is not echoed whole).
    static func clipped(_ text: String) -> String { text.count > 60 ? String(text.prefix(57)) + "…" : text }

    // MARK: - Resolution against the dataset

    /// A file read for a scenario: its name as shown and its bytes (hashed for provenance).
    struct ReadFile {
        var name: String
        var data: Data
    }

    private func resolve(_ document: ScenarioDocument, files: [ReadFile]) throws(ScenarioError) -> Scenario {
        var problems: [Diagnostic] = []
        var warnings: [Diagnostic] = []
        func report(
            _ location: FileLocation, expected: String? = nil, found: String? = nil, message: String? = nil,
            suggestion: String? = nil
        ) {
            problems.append(
                Diagnostic(
                    file: location.file, path: location.path, line: location.line, column: location.column,
                    expected: expected, found: found, message: message, suggestion: suggestion))
        }
        func warn(_ location: FileLocation, message: String, suggestion: String? = nil) {
            warnings.append(
                Diagnostic(
                    severity: .warning, file: location.file, path: location.path, line: location.line, column: location.column,
                    message: message, suggestion: suggestion))
        }

        // Years and the dataset vintage.
        let baseYear = document.baseYear?.value ?? dataset.baseYear
        let vintage = document.datasetVintage?.value ?? dataset.defaultVintage(forBaseYear: baseYear)
        if let pinned = document.datasetVintage, !dataset.vintages.contains(pinned.value) {
            report(
                pinned.location, expected: "one of " + dataset.vintages.map { "\"\($0)\"" }.joined(separator: ", "),
                found: "\"\(Self.clipped(pinned.value))\"")
        }
        let endYear = document.endYear?.value ?? Self.defaultEndYear
        if let end = document.endYear, end.value <= baseYear {
            report(end.location, expected: "an end year after the base year \(baseYear)", found: "\(end.value)")
        } else if document.endYear == nil && endYear <= baseYear, let base = document.baseYear {
            report(
                base.location,
                message: "base_year \(baseYear) leaves no years before the default end year \(endYear); set end_year")
        }

        // Policy numbers: the file's, with the scenario's overrides (each checked when read).
        let policy = Policy.current.overriding(document.policy.mapValues(\.value))

        // Countries.
        let customCodes = document.customCountries.map(\.code)
        var selected: [(code: String, location: FileLocation)] = []
        var groups: [(code: String, members: [String])] = []
        if let references = document.countries {
            for reference in references {
                if customCodes.contains(reference.code) {
                    selected.append((reference.code, reference.location))
                } else if let group = dataset.groups[reference.code] {
                    groups.append((reference.code, group.members))
                    selected += group.members.map { ($0, reference.location) }
                } else if dataset.countries[reference.code] != nil {
                    selected.append((reference.code, reference.location))
                } else {
                    report(
                        reference.location, message: "\"\(reference.code)\" is not a country code, a group or a custom country",
                        suggestion: codeSuggestion(reference.code, custom: customCodes))
                }
            }
        } else {
            problems.append(
                Diagnostic(
                    file: document.file, path: "countries", message: "the scenario lists no countries",
                    suggestion: "add \"countries\": [\"DE\", \"FR\"] (codes, groups such as \"EU27\", or custom_countries codes)")
            )
        }
        var seen: Set<String> = []
        selected = selected.filter { seen.insert($0.code).inserted }
        for custom in document.customCountries where !seen.contains(custom.code) {
            report(
                custom.location, message: "custom country \"\(custom.code)\" is defined but not listed in countries",
                suggestion: "add \"\(custom.code)\" to countries or remove it")
        }
        for custom in document.customCountries where dataset.countries[custom.code] != nil {
            report(
                custom.location, message: "\"\(custom.code)\" is a built-in country",
                suggestion:
                    "use \"overrides\": {\"\(custom.code)\": {…}} to change its figures, or pick another code for a custom country"
            )
        }

        // Overrides must name countries of the run.
        let runCodes = Set(selected.map(\.code))
        func checkSelector(_ reference: CountryReference) {
            if reference.code == "*" { return }
            // A parent file (extends) may carry overrides for countries a child does not run.
            if reference.location.file != document.file { return }
            if let group = dataset.groups[reference.code] {
                if runCodes.isDisjoint(with: group.members) {
                    report(reference.location, message: "the group \"\(reference.code)\" has no member in this run's countries")
                }
            } else if !runCodes.contains(reference.code) {
                let known = dataset.countries[reference.code] != nil || customCodes.contains(reference.code)
                report(
                    reference.location,
                    message: known
                        ? "\"\(reference.code)\" is not in this run's countries"
                        : "\"\(reference.code)\" is not a country code, a group or \"*\"",
                    suggestion: known
                        ? "add it to countries or remove the override" : codeSuggestion(reference.code, custom: customCodes))
            }
        }
        for override in document.overrides { checkSelector(override.selector) }
        for variant in document.variants ?? [] {
            for override in variant.overrides { checkSelector(override.selector) }
            for entry in variant.macro?.byCountry ?? [] { checkSelector(entry.selector) }
        }
        for entry in document.macro?.byCountry ?? [] { checkSelector(entry.selector) }

        // Inputs per country: dataset (or the custom block) < defaults (gaps only) < overrides.
        var countries: [CountryInputs] = []
        var scenarioInputs: [ScenarioInput] = []
        var usesDataset = false
        for (code, location) in selected {
            var inputs: CountryInputs
            let builtIn = dataset.countries[code]
            if let custom = document.customCountries.first(where: { $0.code == code }) {
                inputs = CountryInputs(code: code)
                for (parameter, setting) in custom.block.values {
                    inputs.set(parameter, setting.value, from: setting.location.provenance)
                }
            } else if let record = builtIn {
                usesDataset = true
                let asOf = record.asOf(vintage)
                let dataInputs = asOf.modelInputs(baseYear: baseYear, policy: policy)
                inputs = asOf.applying(document.proxies, to: dataInputs, baseYear: baseYear)
                for parameter in inputs.values.keys.sorted() where dataInputs.values[parameter] == nil {
                    scenarioInputs.append(
                        ScenarioInput(
                            country: code, parameter: parameter, value: inputs.values[parameter]!, kind: .proxy,
                            location: document.proxiesLocation ?? location, variant: nil, replaced: nil))
                }
                if !dataset.supportedBaseYears.contains(baseYear) {
                    report(
                        document.baseYear?.location ?? location,
                        message:
                            "built-in country \(code) has starting points for the base years \(dataset.supportedBaseYears.map(String.init).joined(separator: " and ")), not \(baseYear)",
                        suggestion: "use base_year \(dataset.baseYear), or define the country in custom_countries")
                }
            } else {
                continue
            }
            for (parameter, setting) in document.defaults.values where inputs.values[parameter] == nil {
                inputs.set(parameter, setting.value, from: setting.location.provenance)
                if builtIn != nil {
                    scenarioInputs.append(
                        ScenarioInput(
                            country: code, parameter: parameter, value: setting.value, kind: .fillIn, location: setting.location,
                            variant: nil, replaced: nil))
                }
            }
            inputs = applyOverrides(document.overrides, to: inputs, variant: nil, builtIn: builtIn != nil, log: &scenarioInputs)
            // Stand-ins fill what is still missing; shifts then move them like every other input.
            if let record = builtIn, assumeMissing, !inputs.missingRequired.isEmpty {
                inputs = applyStandIns(
                    to: inputs, record: record.asOf(vintage), baseYear: baseYear, log: &scenarioInputs)
            }
            applyShifts(document.shifts, to: &inputs, report: report)
            for (parameter, shift) in document.shifts where inputs.values[parameter] != nil {
                scenarioInputs.append(
                    ScenarioInput(
                        country: code, parameter: parameter, value: .number(shift.value), kind: .shift, location: shift.location,
                        variant: nil, replaced: nil))
            }
            let missing = inputs.missingRequired
            if !missing.isEmpty {
                let where_ =
                    builtIn == nil
                    ? "the custom country does not give it"
                    : assumeMissing || dataset.standIns == nil
                        ? "the built-in dataset (vintage \(dataset.vintage)) has no figure"
                        : "the built-in dataset (vintage \(dataset.vintage)) has no figure and --no-assume-missing refuses the stand-in"
                for parameter in missing {
                    report(
                        location,
                        message: "\(code) lacks \(parameter.key) (\(parameter.spec.title), \(parameter.spec.unit)): \(where_)",
                        suggestion:
                            "supply it with \"overrides\": {\"\(code)\": {\"\(parameter.key)\": …}} or for every country lacking it with \"defaults\": {\"\(parameter.key)\": …}"
                    )
                }
            }
            // MODEL.md §10–§11 defaults: built-in countries from base year 2025 on the forecast
            // baseline with published plans; custom countries frozen with their plans; earlier
            // base years as earlier versions ran them (frozen, no plans).
            let current = builtIn != nil && baseYear >= Self.firstForecastBaseYear
            inputs.baselineMode = document.baseline?.value ?? (current ? .forecast : .frozen)
            inputs.publishedPlans = document.publishedPlans?.value ?? (builtIn == nil || current)
            // A scenario that changes the clause's active years changes them for every activated country.
            if document.policy[.escapeClauseYears] != nil, !inputs.escapeClauseYears.isEmpty {
                inputs.set(
                    .escapeClauseYears, .years(policy.escapeClauseYears),
                    from: document.policy[.escapeClauseYears]!.location.provenance)
            }
            countries.append(inputs)
        }

        // Variants.
        var variants: [PolicyVariant] = []
        var labels: [String: FileLocation] = [:]
        let scenarioPolicy = policy
        for variant in document.variants ?? [] {
            let label = variant.label.value
            if label.lowercased() == PolicyVariant.baselineLabel {
                report(
                    variant.label.location,
                    message: "\"baseline\" is reserved for the no-policy-change run that milex always adds",
                    suggestion: "choose another label")
            } else if let first = labels[label] {
                report(
                    variant.label.location,
                    message: "the label \"\(label)\" is used twice (first at \(first.path), line \(first.line))",
                    suggestion: "give each variant its own label")
            } else {
                labels[label] = variant.label.location
            }
            var policy = PolicyVariant(label: label)
            policy.defence = spendingPath(variant.defence, baseYear: baseYear, report: report, warn: warn)
            policy.related = spendingPath(variant.related, baseYear: baseYear, report: report, warn: warn)
            policy.financing = financing(
                variant.financing, baseYear: baseYear, safeRate: scenarioPolicy.safeRate, report: report, warn: warn)
            policy.macro = macroFeedback(scenario: document.macro, variant: variant.macro, countries: countries.map(\.code))
            // Paths by country: groups first, then codes, so a code wins.
            let ranked = variant.byCountry.enumerated().sorted { a, b in
                let groupA = dataset.groups[a.element.selector.code] != nil
                let groupB = dataset.groups[b.element.selector.code] != nil
                return groupA != groupB ? groupA : a.offset < b.offset
            }.map(\.element)
            for entry in ranked {
                checkSelector(entry.selector)
                let members = dataset.groups[entry.selector.code].map { Set($0.members) } ?? [entry.selector.code]
                let defence = spendingPath(entry.defence, baseYear: baseYear, report: report, warn: warn)
                let related = spendingPath(entry.related, baseYear: baseYear, report: report, warn: warn)
                for country in countries where members.contains(country.code) {
                    var paths = policy.countryPaths[country.code] ?? PolicyVariant.CountryPaths()
                    if let defence { paths.defence = defence }
                    if let related { paths.related = related }
                    policy.countryPaths[country.code] = paths
                }
            }
            if !variant.overrides.isEmpty || !variant.shifts.isEmpty {
                for country in countries {
                    var inputs = applyOverrides(
                        variant.overrides, to: country, variant: label, builtIn: dataset.countries[country.code] != nil,
                        log: &scenarioInputs)
                    applyShifts(variant.shifts, to: &inputs, report: report)
                    if inputs != country { policy.inputOverrides[country.code] = inputs }
                }
            }
            variants.append(policy)
        }

        // Given shocks must fit the run's countries and give a positive definite covariance:
        // checked here so that validate reports it, not only run --stochastic.
        if let stochastic = document.stochastic, case .given = stochastic.value.shocks {
            do {
                _ = try stochastic.value.covariance(countries: countries.map(\.code), dataset: dataset)
            } catch {
                let block = stochastic.location
                report(
                    FileLocation(file: block.file, path: block.path + ".shocks", line: block.line, column: block.column),
                    message: "\(error)")
            }
        }

        // The run's size, checked before any projection is built.
        let laneYears = countries.count * (variants.count + 1) * max(0, endYear - baseYear + 1)
        if problems.isEmpty, laneYears > ScenarioLimits.maximumLaneYears {
            problems.append(
                Diagnostic(
                    file: document.file, path: "",
                    message:
                        "the run has \(countries.count) countries × \(variants.count + 1) variants × \(endYear - baseYear + 1) years = \(laneYears) country-years; at most \(ScenarioLimits.maximumLaneYears) are allowed",
                    suggestion: "split it into several scenarios, or use fewer variants or an earlier end_year"))
        }
        if !problems.isEmpty {
            throw ScenarioError(
                problems.sorted { ($0.file, $0.line ?? 0, $0.column ?? 0) < ($1.file, $1.line ?? 0, $1.column ?? 0) })
        }
        let name = document.name?.value ?? URL(fileURLWithPath: document.file).deletingPathExtension().lastPathComponent
        var scenario = Scenario(
            name: name, description: document.description, notes: document.notes, file: document.file, files: files.map(\.name),
            fileContents: files.map(\.data),
            baseYear: baseYear, endYear: endYear, countries: countries, groups: groups, variants: variants,
            scenarioInputs: scenarioInputs, datasetVintage: usesDataset ? vintage : nil, columns: document.columns?.value,
            stochastic: document.stochastic?.value,
            warnings: warnings.sorted { ($0.file, $0.line ?? 0, $0.column ?? 0) < ($1.file, $1.line ?? 0, $1.column ?? 0) })
        if scenarioInputs.contains(where: { $0.kind == .standIn }) { scenario.standInNotes = dataset.standIns?.notes ?? [] }
        scenario.policy = policy
        scenario.reportsGDPFeedback = document.macro != nil || (document.variants ?? []).contains { $0.macro != nil }
        return scenario
    }

    /// The first base year whose built-in countries default to the forecast baseline and published
    /// plans (earlier base years reproduce the outputs of earlier milex versions).
    public static let firstForecastBaseYear = 2025

    /// `inputs` with the dataset's stand-ins where a required input is still missing: the
    /// stand-in proxies first (computed from related sourced figures), then the stated defaults;
    /// each use is logged so that the outputs say so.
    private func applyStandIns(
        to inputs: CountryInputs, record: CountryRecord, baseYear: Int, log: inout [ScenarioInput]
    ) -> CountryInputs {
        guard let standIns = dataset.standIns else { return inputs }
        var filled = inputs
        let missing = Set(inputs.missingRequired)
        let proxies = standIns.proxies.compactMap(InputProxy.init(rawValue:))
        let proxied = record.applying(proxies, to: filled, baseYear: baseYear)
        for parameter in missing where filled.values[parameter] == nil {
            guard let value = proxied.values[parameter], let provenance = proxied.provenance[parameter] else { continue }
            filled.set(parameter, value, from: provenance)
            log.append(
                ScenarioInput(
                    country: inputs.code, parameter: parameter, value: value, kind: .standIn,
                    location: FileLocation(file: standIns.file, path: "proxies", line: 0, column: 0), variant: nil,
                    replaced: nil))
        }
        for parameter in missing where filled.values[parameter] == nil {
            guard let number = standIns.defaults[parameter.key] else { continue }
            let value: ParameterValue =
                parameter.spec.kind == .yearSeries ? .series(YearSeries(constant: number)) : .number(number)
            filled.set(
                parameter, value, from: .modelDefault("stand-in of \(standIns.file) (built in): no source gives this figure"))
            log.append(
                ScenarioInput(
                    country: inputs.code, parameter: parameter, value: value, kind: .standIn,
                    location: FileLocation(file: standIns.file, path: "defaults.\(parameter.key)", line: 0, column: 0),
                    variant: nil, replaced: nil))
        }
        return filled
    }

    /// Adds each shift (percentage points) to the country's input, reporting values pushed out
    /// of their valid range.
    private func applyShifts(
        _ shifts: [CountryParameter: Located<Double>], to inputs: inout CountryInputs,
        report: (FileLocation, String?, String?, String?, String?) -> Void
    ) {
        for parameter in shifts.keys.sorted() {
            let shift = shifts[parameter]!
            guard let value = inputs.values[parameter], let series = value.series else { continue }
            let shifted = series.shifted(by: shift.value)
            let newValue: ParameterValue = shifted.isConstant ? .number(shifted.points[0].value) : .series(shifted)
            inputs.set(parameter, newValue, from: shift.location.provenance)
            if let range = parameter.spec.range, let bad = shifted.allValues.first(where: { !range.contains($0) }) {
                report(
                    shift.location, nil, nil,
                    "shifting \(inputs.code)'s \(parameter.key) by \(shift.value) gives \(bad), outside \(range.phrase)", nil)
            }
        }
    }

    /// Applies `overrides` in order of precedence: `"*"`, then groups, then the country's code.
    private func applyOverrides(
        _ overrides: [(selector: CountryReference, block: InputBlock)], to country: CountryInputs, variant: String?,
        builtIn: Bool, log: inout [ScenarioInput]
    ) -> CountryInputs {
        var inputs = country
        func rank(_ selector: String) -> Int? {
            if selector == "*" { return 0 }
            if let group = dataset.groups[selector] { return group.members.contains(country.code) ? 1 : nil }
            return selector == country.code ? 2 : nil
        }
        let applicable = overrides.compactMap { override in rank(override.selector.code).map { ($0, override.block) } }
            .enumerated().sorted { ($0.element.0, $0.offset) < ($1.element.0, $1.offset) }.map(\.element.1)
        for block in applicable {
            for parameter in block.values.keys.sorted() {
                let setting = block.values[parameter]!
                let previous = inputs.values[parameter]
                inputs.set(parameter, setting.value, from: setting.location.provenance)
                if builtIn {
                    log.append(
                        ScenarioInput(
                            country: country.code, parameter: parameter, value: setting.value, kind: .override,
                            location: setting.location, variant: variant, replaced: previous))
                }
            }
        }
        return inputs
    }

    private func spendingPath(
        _ block: KeyedBlock<PathParameter>?, baseYear: Int,
        report: (FileLocation, String?, String?, String?, String?) -> Void,
        warn: (FileLocation, String, String?) -> Void
    ) -> SpendingPath? {
        guard let block else { return nil }
        func number(_ key: PathParameter) -> Double? {
            if case .number(let value) = block.values[key]?.value { return value }
            return nil
        }
        func text(_ key: PathParameter) -> String? {
            if case .text(let value) = block.values[key]?.value { return value }
            return nil
        }
        let shape = text(.shape).flatMap(SpendingPath.Shape.init) ?? .linear
        let usable = PathParameter.keys(for: shape)
        for (key, setting) in block.values where !usable.contains(key) {
            warn(
                setting.location, "\(key.key) has no effect with shape \"\(shape.rawValue)\" and is ignored",
                "shape \"\(shape.rawValue)\" uses \(PathParameter.allCases.filter { usable.contains($0) }.map(\.key).joined(separator: ", "))"
            )
        }
        for key in PathParameter.requiredKeys(for: shape) where block.values[key] == nil {
            report(
                block.location, nil, nil, "shape \"\(shape.rawValue)\" needs \(key.key) (\(key.spec.title), \(key.spec.unit))",
                nil)
        }
        if usable.contains(.target) {
            switch (block.values[.target], block.values[.increasePP]) {
            case (nil, nil):
                report(
                    block.location, nil, nil,
                    "shape \"\(shape.rawValue)\" needs target_pct_gdp (or increase_pp, a target relative to today)",
                    nil)
            case (.some, .some(let increase)):
                report(increase.location, nil, nil, "give target_pct_gdp or increase_pp, not both", nil)
            default: break
            }
        }
        var path = SpendingPath(shape: shape)
        path.target = number(.target)
        path.by = number(.by).map { Int($0) }
        path.start = number(.start).map { Int($0) }
        path.growthPct = number(.growthPct)
        path.increasePP = number(.increasePP)
        path.startBn = number(.startBn)
        path.aboveTarget = text(.aboveTarget).flatMap(SpendingPath.AboveTarget.init) ?? .keep
        if case .series(let points) = block.values[.points]?.value {
            path.points = points
            if let early = points.points.first(where: { $0.year <= baseYear }), let location = block.values[.points]?.location {
                report(location, "points after the base year \(baseYear)", "\(early.year)", nil, nil)
            }
        }
        if let start = path.start, start <= baseYear, let location = block.values[.start]?.location {
            report(location, "a start year after the base year \(baseYear)", "\(start)", nil, nil)
        }
        if let by = path.by, usable.contains(.by) {
            let start = path.start ?? baseYear + 1
            if by < start, let location = block.values[.by]?.location {
                report(location, "a year ≥ start (\(start))", "\(by)", nil, nil)
            }
        }
        return path
    }

    private func financing(
        _ block: KeyedBlock<FinancingParameter>?, baseYear: Int, safeRate: Double,
        report: (FileLocation, String?, String?, String?, String?) -> Void,
        warn: (FileLocation, String, String?) -> Void
    ) -> FinancingPlan {
        var plan = FinancingPlan(safeRatePct: safeRate)
        guard let block else { return plan }
        for (key, setting) in block.values {
            switch (key, setting.value) {
            case (.offsetShare, .number(let value)): plan.offsetShare = value
            case (.mode, .text(let value)): plan.mode = FinancingPlan.Mode(rawValue: value) ?? .offsetShare
            case (.safe, .number(let value)): plan.safe = value != 0
            case (.safeRatePct, .number(let value)): plan.safeRatePct = value
            case (.safeTakeUp, .number(let value)): plan.safeTakeUp = value
            case (.escapeClause, .number(let value)): plan.escapeClause = value != 0
            case (.escapeClauseYears, .years(let years)): plan.escapeClauseYears = years
            case (.safeSchedule, .series(let series)):
                var schedule: [Int: Double] = [:]
                for point in series.points { schedule[point.year] = point.value }
                plan.safeSchedule = schedule  // its sum is checked where it is read (DocumentReader)
                let early = schedule.filter { $0.key <= baseYear && $0.value > 0 }.keys.sorted()
                if !early.isEmpty {
                    warn(
                        setting.location,
                        "tranches in \(early.map(String.init).joined(separator: ", ")) fall in or before the base year \(baseYear) and are left out (the base-year debt is observed)",
                        nil)
                }
            default: break
            }
        }
        if plan.mode == .withinEscapeClause, let location = block.values[.offsetShare]?.location {
            warn(
                location,
                "offset_share has no effect with mode \"within_escape_clause\" (the mode decides what is offset) and is ignored",
                nil)
        }
        return plan
    }

    /// A suggestion for a code that is not known: ISO alpha-3, Eurostat's and common aliases,
    /// names, or the nearest code.
    public func codeSuggestion(_ code: String, custom: [String]) -> String? {
        let upper = code.uppercased()
        if let alias = CountryCodes.alias(for: upper), dataset.countries[alias] != nil {
            return "did you mean \"\(alias)\"? (\(dataset.countries[alias]!.name))"
        }
        if upper != code, dataset.countries[upper] != nil || dataset.groups[upper] != nil {
            return "codes are written in capitals: did you mean \"\(upper)\"?"
        }
        if let match = dataset.countries.values.first(where: { $0.name.lowercased() == code.lowercased() }) {
            return "did you mean \"\(match.code)\"? (\(match.name))"
        }
        let candidates = dataset.countryCodes + dataset.groups.keys.sorted() + custom
        if let nearest = Suggestion.nearest(to: upper, in: candidates) {
            return "did you mean \"\(nearest)\"?"
        }
        return "see milex countries for codes and groups"
    }
}
