import Foundation
import MilexData
import MilexModel

/// A country code or group as written in a file.
struct CountryReference: Sendable {
    let code: String
    let location: FileLocation
}

/// Inputs a file sets for a selector (a custom country, the defaults, an override).
struct InputBlock: Sendable {
    var values: [CountryParameter: Located<ParameterValue>] = [:]

    /// `other`'s values win.
    func merged(with other: InputBlock) -> InputBlock {
        InputBlock(values: values.merging(other.values) { _, new in new })
    }
}

/// A `defence`, `related` or `financing` block: its keys with values and places.
struct KeyedBlock<Key: Hashable & Sendable>: Sendable {
    var values: [Key: Located<ParameterValue>] = [:]
    var location: FileLocation
}

/// A variant as written.
struct VariantDocument: Sendable {
    var label: Located<String>
    var description: String?
    var defence: KeyedBlock<PathParameter>?
    var related: KeyedBlock<PathParameter>?
    var financing: KeyedBlock<FinancingParameter>?
    var macro: MacroDocument?
    var overrides: [(selector: CountryReference, block: InputBlock)] = []
    var shifts: [CountryParameter: Located<Double>] = [:]
    var byCountry: [(selector: CountryReference, defence: KeyedBlock<PathParameter>?, related: KeyedBlock<PathParameter>?)] = []
    var location: FileLocation
}

/// One scenario file as written, before `extends` is resolved and countries are looked up.
struct ScenarioDocument: Sendable {
    var file: String
    var name: Located<String>?
    var description: String?
    var notes: [String] = []
    var extends: Located<String>?
    var baseYear: Located<Int>?
    var endYear: Located<Int>?
    var datasetVintage: Located<String>?
    var baseline: Located<BaselineMode>?
    var policy: [PolicyParameter: Located<Policy.Value>] = [:]
    var publishedPlans: Located<Bool>?
    var countries: [CountryReference]?
    var countriesLocation: FileLocation?
    var customCountries: [(code: String, block: InputBlock, location: FileLocation)] = []
    var defaults = InputBlock()
    var overrides: [(selector: CountryReference, block: InputBlock)] = []
    var shifts: [CountryParameter: Located<Double>] = [:]
    var proxies: [InputProxy] = []
    var proxiesLocation: FileLocation?
    var columns: Located<[String]>?
    var stochastic: Located<StochasticSpecification>?
    var macro: MacroDocument?
    var variants: [VariantDocument]?

    /// This document with `child` written on top (the `extends` rule): the child's keys win,
    /// variants are replaced by label or added, country inputs merge key by key.
    func overlaid(by child: ScenarioDocument) -> ScenarioDocument {
        var result = self
        result.file = child.file
        if let name = child.name { result.name = name }
        if let description = child.description { result.description = description }
        result.notes += child.notes
        result.extends = child.extends
        if let baseYear = child.baseYear { result.baseYear = baseYear }
        if let endYear = child.endYear { result.endYear = endYear }
        if let vintage = child.datasetVintage { result.datasetVintage = vintage }
        if let baseline = child.baseline { result.baseline = baseline }
        result.policy.merge(child.policy) { _, new in new }
        if let plans = child.publishedPlans { result.publishedPlans = plans }
        if let countries = child.countries {
            result.countries = countries
            result.countriesLocation = child.countriesLocation
        }
        for custom in child.customCountries {
            if let index = result.customCountries.firstIndex(where: { $0.code == custom.code }) {
                result.customCountries[index].block = result.customCountries[index].block.merged(with: custom.block)
                result.customCountries[index].location = custom.location
            } else {
                result.customCountries.append(custom)
            }
        }
        result.defaults = defaults.merged(with: child.defaults)
        result.overrides += child.overrides
        result.shifts.merge(child.shifts) { _, new in new }
        result.proxies += child.proxies.filter { !result.proxies.contains($0) }
        if let location = child.proxiesLocation { result.proxiesLocation = location }
        if let columns = child.columns { result.columns = columns }
        if let stochastic = child.stochastic { result.stochastic = stochastic }
        if let macro = child.macro { result.macro = macro }
        if let childVariants = child.variants {
            var variants = self.variants ?? []
            for variant in childVariants {
                if let index = variants.firstIndex(where: { $0.label.value == variant.label.value }) {
                    variants[index] = variant
                } else {
                    variants.append(variant)
                }
            }
            result.variants = variants
        }
        return result
    }
}

extension DocumentReader {
    /// Decodes one file's JSON into a document, reporting every problem.
    mutating func document(_ root: JSONValue) -> ScenarioDocument {
        var document = ScenarioDocument(file: file)
        let path = JSONPath.root
        guard
            let members = object(root, path, allowed: ScenarioParameter.allCases.map(\.key), what: "a JSON object (the scenario)")
        else {
            return document
        }
        for member in members {
            let memberPath = path.key(member.key)
            let value = member.value
            switch ScenarioParameter(rawValue: member.key)! {
            case .schema:
                _ = string(value, memberPath)
            case .name:
                if let text = string(value, memberPath) {
                    document.name = Located(value: text, location: location(value, memberPath))
                }
            case .description:
                document.description = string(value, memberPath)
            case .notes:
                if let text = value.string {
                    document.notes = [text]
                } else if let items = value.items {
                    document.notes = items.enumerated().compactMap { string($1, memberPath.index($0)) }
                } else {
                    report(value, memberPath, expected: "a string or a list of strings")
                }
            case .extends:
                if let text = string(value, memberPath, what: "a path to another scenario file, relative to this one") {
                    document.extends = Located(value: text, location: location(value, memberPath))
                }
            case .baseYear:
                if let year = year(value, memberPath) {
                    document.baseYear = Located(value: year, location: location(value, memberPath))
                }
            case .endYear:
                if let year = year(value, memberPath) {
                    document.endYear = Located(value: year, location: location(value, memberPath))
                }
            case .datasetVintage:
                if let text = string(value, memberPath, what: "a dataset vintage such as \"2026.06\"") {
                    document.datasetVintage = Located(value: text, location: location(value, memberPath))
                }
            case .policy:
                document.policy = policyBlock(value, memberPath)
            case .baseline:
                if case .text(let text)? = self.value(value, memberPath, spec: ScenarioParameter.baseline.spec),
                    let mode = BaselineMode(rawValue: text)
                {
                    document.baseline = Located(value: mode, location: location(value, memberPath))
                }
            case .publishedPlans:
                if let flag = bool(value, memberPath) {
                    document.publishedPlans = Located(value: flag, location: location(value, memberPath))
                }
            case .countries:
                document.countriesLocation = location(value, memberPath)
                guard let items = value.items else {
                    report(value, memberPath, expected: "a list of country or group codes, e.g. [\"DE\", \"PL\", \"EU27\"]")
                    continue
                }
                if items.isEmpty { report(value, memberPath, expected: "at least one country or group code") }
                guard items.count <= ScenarioLimits.maximumCountryEntries else {
                    report(
                        value, memberPath,
                        message:
                            "the list has \(items.count) entries; at most \(ScenarioLimits.maximumCountryEntries) are allowed (a group such as \"NATO\" counts once)"
                    )
                    continue
                }
                document.countries = items.enumerated().compactMap { index, item in
                    let itemPath = memberPath.index(index)
                    guard let code = string(item, itemPath, what: "a country or group code in quotes (\"DE\")") else {
                        return nil
                    }
                    return CountryReference(code: code, location: location(item, itemPath))
                }
            case .customCountries:
                guard
                    let countries = object(value, memberPath, allowed: nil, what: "an object of custom countries, {\"XA\": {…}}")
                else { continue }
                for country in countries {
                    let countryPath = memberPath.key(country.key)
                    if !isValidCustomCode(country.key) {
                        report(
                            country.value, countryPath,
                            message:
                                "a custom country code must be 2 to 8 capital letters or digits, starting with a letter (e.g. \"XA\")"
                        )
                        continue
                    }
                    let block = inputBlock(country.value, countryPath)
                    document.customCountries.append((country.key, block, location(country.value, countryPath)))
                }
            case .defaults:
                document.defaults = inputBlock(value, memberPath)
            case .overrides:
                document.overrides = overrideBlocks(value, memberPath)
            case .shifts:
                document.shifts = shifts(value, memberPath)
            case .proxies:
                document.proxiesLocation = location(value, memberPath)
                guard let items = value.items else {
                    report(value, memberPath, expected: "a list of proxy names, e.g. [\"primary_balance_from_balance\"]")
                    continue
                }
                let names = InputProxy.allCases.map(\.rawValue)
                for (index, item) in items.enumerated() {
                    let itemPath = memberPath.index(index)
                    guard let name = string(item, itemPath, what: "a proxy name in quotes") else { continue }
                    if let proxy = InputProxy(rawValue: name) {
                        document.proxies.append(proxy)
                    } else {
                        report(
                            item, itemPath, expected: "one of " + names.map { "\"\($0)\"" }.joined(separator: ", "),
                            suggestion: Suggestion.nearest(to: name, in: names).map { "did you mean \"\($0)\"?" })
                    }
                }
            case .columns:
                guard let items = value.items, !items.isEmpty else {
                    report(
                        value, memberPath,
                        expected: "a non-empty list of figure keys, e.g. [\"defence_pct_gdp\", \"debt_pct_gdp\"]")
                    continue
                }
                let allowed = ProjectionMetric.allCases.map(\.key) + ["flags"]
                var keys: [String] = []
                for (index, item) in items.enumerated() {
                    let itemPath = memberPath.index(index)
                    guard let key = string(item, itemPath, what: "a figure key in quotes") else { continue }
                    if allowed.contains(key) {
                        keys.append(key)
                    } else {
                        report(
                            item, itemPath, message: "\"\(key)\" is not a figure key",
                            suggestion: Suggestion.nearest(to: key, in: allowed).map { "did you mean \"\($0)\"?" }
                                ?? "milex run --help-columns lists them")
                    }
                }
                if keys.count == items.count { document.columns = Located(value: keys, location: location(value, memberPath)) }
            case .stochastic:
                document.stochastic = stochastic(value, memberPath)
            case .macro:
                document.macro = macroBlock(value, memberPath)
            case .variants:
                guard let items = value.items else {
                    report(value, memberPath, expected: "a list of variant objects")
                    continue
                }
                guard items.count <= ScenarioLimits.maximumVariants else {
                    report(
                        value, memberPath,
                        message: "the scenario has \(items.count) variants; at most \(ScenarioLimits.maximumVariants) are allowed"
                    )
                    continue
                }
                let expanded = items.enumerated().flatMap { variants($1, memberPath.index($0)) }
                if expanded.count > ScenarioLimits.maximumVariants {
                    report(
                        value, memberPath,
                        message:
                            "the variants and sweeps give \(expanded.count) variants; at most \(ScenarioLimits.maximumVariants) are allowed"
                    )
                    continue
                }
                document.variants = expanded
            }
        }
        return document
    }

    private func isValidCustomCode(_ code: String) -> Bool {
        guard let first = code.first, first.isUppercase, first.isASCII, (2...8).contains(code.count) else { return false }
        return code.allSatisfy { ($0.isUppercase || $0.isNumber) && $0.isASCII }
    }

    /// `{"escape_clause_cap_pct_gdp": 2.5, …}`: policy numbers replaced for the run, each checked
    /// against its entry in the policy file (kind, range).
    mutating func policyBlock(_ value: JSONValue, _ path: JSONPath) -> [PolicyParameter: Located<Policy.Value>] {
        var result: [PolicyParameter: Located<Policy.Value>] = [:]
        guard
            let members = object(
                value, path, allowed: PolicyParameter.allCases.map(\.rawValue),
                what: "an object of policy numbers, {\"escape_clause_cap_pct_gdp\": 2.5}")
        else { return result }
        for member in members {
            let parameter = PolicyParameter(rawValue: member.key)!
            let entry = Policy.entries[parameter]!
            let memberPath = path.key(member.key)
            let parsed: Policy.Value?
            switch entry.kind {
            case .number, .integer, .year:
                parsed = member.value.number.map(Policy.Value.number)
            case .years:
                parsed = yearList(member.value, memberPath).map(Policy.Value.years)
            case .yearMap:
                parsed = yearMap(member.value, memberPath, range: nil, unit: entry.unit).map(Policy.Value.yearMap)
            }
            guard let parsed else {
                if entry.kind == .number || entry.kind == .integer || entry.kind == .year {
                    report(member.value, memberPath, expected: Policy.problem(parameter, .number(.nan)) ?? "a number")
                }
                continue
            }
            if let problem = Policy.problem(parameter, parsed) {
                report(member.value, memberPath, expected: problem)
                continue
            }
            if parameter == .safeSchedule, case .yearMap(let map) = parsed, abs(map.values.reduce(0, +) - 1) > 1e-9 {
                report(member.value, memberPath, expected: "shares that sum to 1")
                continue
            }
            result[parameter] = Located(value: parsed, location: location(member.value, memberPath))
        }
        return result
    }

    /// `{input: value}` for one country or for every country.
    mutating func inputBlock(_ value: JSONValue, _ path: JSONPath) -> InputBlock {
        var block = InputBlock()
        guard
            let members = object(
                value, path, allowed: CountryParameter.topLevelKeys,
                what: "an object of country inputs, {\"gdp_bn\": 500, …}")
        else {
            return block
        }
        // Nested objects (`forecast`) hold parameters of their own, `forecast.nominal_growth_pct`.
        var flattened: [(parameter: CountryParameter, value: JSONValue, path: JSONPath)] = []
        for member in members {
            let memberPath = path.key(member.key)
            if let parameter = CountryParameter(key: member.key) {
                flattened.append((parameter, member.value, memberPath))
                continue
            }
            let nested = CountryParameter.members(of: member.key)
            guard
                let inner = object(
                    member.value, memberPath, allowed: nested.map(\.memberKey),
                    what: "an object of \(member.key) paths, {\"\(nested[0].memberKey)\": {\"2026\": 3.1}}")
            else { continue }
            for item in inner {
                flattened.append((CountryParameter(key: member.key + "." + item.key)!, item.value, memberPath.key(item.key)))
            }
        }
        for (parameter, memberValue, memberPath) in flattened {
            let member = (key: parameter.key, value: memberValue)
            if parameter == .currency, let code = member.value.string,
                !(code.count == 3 && code.allSatisfy { $0.isUppercase && $0.isASCII })
            {
                report(
                    member.value, memberPath, expected: "an ISO 4217 currency code of three capital letters (\"EUR\", \"PLN\")")
                continue
            }
            if let parsed = self.value(member.value, memberPath, spec: parameter.spec) {
                block.values[parameter] = Located(value: parsed, location: location(member.value, memberPath))
            }
        }
        return block
    }

    /// `{code | group | "*": {input: value}}`.
    mutating func overrideBlocks(_ value: JSONValue, _ path: JSONPath) -> [(selector: CountryReference, block: InputBlock)] {
        guard let members = object(value, path, allowed: nil, what: "an object {\"DE\": {\"market_rate_pct\": 3.0}}") else {
            return []
        }
        return members.map { member in
            let memberPath = path.key(member.key)
            return (
                CountryReference(code: member.key, location: location(member.value, memberPath)),
                inputBlock(member.value, memberPath)
            )
        }
    }

    /// One variant, or the variants a sweep generates.
    mutating func variants(_ value: JSONValue, _ path: JSONPath) -> [VariantDocument] {
        guard
            let members = object(
                value, path, allowed: VariantParameter.allCases.map(\.key), what: "a variant object with a \"label\"")
        else {
            return []
        }
        guard let sweepMember = members.first(where: { $0.key == VariantParameter.sweep.key }) else {
            return variant(members, value, path).map { [$0] } ?? []
        }
        return sweep(sweepMember, members: members, value, path)
    }

    private mutating func variant(_ members: [JSONValue.Member], _ value: JSONValue, _ path: JSONPath) -> VariantDocument? {
        var label: Located<String>?
        var document = VariantDocument(
            label: Located(value: "", location: location(value, path)), location: location(value, path))
        for member in members {
            let memberPath = path.key(member.key)
            let item = member.value
            switch VariantParameter(rawValue: member.key)! {
            case .label:
                if let text = string(item, memberPath, what: "a label in quotes") {
                    if text.trimmingCharacters(in: .whitespaces).isEmpty {
                        report(item, memberPath, expected: "a non-empty label")
                    } else {
                        label = Located(value: text, location: location(item, memberPath))
                    }
                }
            case .description:
                document.description = string(item, memberPath)
            case .defence:
                document.defence = pathBlock(item, memberPath)
            case .related:
                document.related = pathBlock(item, memberPath)
            case .financing:
                document.financing = keyedBlock(
                    item, memberPath, keys: FinancingParameter.allCases, spec: \.spec,
                    what: "a financing object, {\"offset_share\": 0.25, …}")
            case .macro:
                document.macro = macroBlock(item, memberPath)
            case .overrides:
                document.overrides = overrideBlocks(item, memberPath)
            case .shifts:
                document.shifts = shifts(item, memberPath)
            case .byCountry:
                guard let selectors = object(item, memberPath, allowed: nil, what: "an object {\"LT\": {\"defence\": {…}}}")
                else { continue }
                for selector in selectors {
                    let selectorPath = memberPath.key(selector.key)
                    guard
                        let blocks = object(
                            selector.value, selectorPath, allowed: ["defence", "related"],
                            what: "an object with \"defence\" and/or \"related\" paths")
                    else { continue }
                    var entry:
                        (selector: CountryReference, defence: KeyedBlock<PathParameter>?, related: KeyedBlock<PathParameter>?) = (
                            CountryReference(code: selector.key, location: location(selector.value, selectorPath)), nil, nil
                        )
                    for block in blocks {
                        let path = pathBlock(block.value, selectorPath.key(block.key))
                        if block.key == "defence" { entry.defence = path } else { entry.related = path }
                    }
                    document.byCountry.append(entry)
                }
            case .sweep:
                break
            }
        }
        guard let label else {
            report(value, path, message: "a variant needs a \"label\"", suggestion: "add \"label\": \"3.5% by 2035\"")
            return nil
        }
        document.label = label
        return document
    }

    /// `{input: percentage points}` for the inputs a shift may move.
    mutating func shifts(_ value: JSONValue, _ path: JSONPath) -> [CountryParameter: Located<Double>] {
        var result: [CountryParameter: Located<Double>] = [:]
        let allowed = VariantParameter.shiftable.map(\.key)
        guard
            let members = object(
                value, path, allowed: allowed, what: "an object of shifts in percentage points, {\"market_rate_pct\": 2.0}")
        else { return result }
        for member in members {
            let memberPath = path.key(member.key)
            if let amount = number(member.value, memberPath, range: .closed(-100, 100), unit: "percentage points") {
                result[CountryParameter(key: member.key)!] = Located(value: amount, location: location(member.value, memberPath))
            }
        }
        return result
    }

    private mutating func pathBlock(_ value: JSONValue, _ path: JSONPath) -> KeyedBlock<PathParameter>? {
        keyedBlock(
            value, path, keys: PathParameter.allCases, spec: \.spec,
            what: "a path object, {\"target_pct_gdp\": 3.5, \"by\": 2035}")
    }

    mutating func keyedBlock<Key: RawRepresentable & CaseIterable & Hashable & Sendable>(
        _ value: JSONValue, _ path: JSONPath, keys: Key.AllCases, spec: KeyPath<Key, ParameterSpec>, what: String
    ) -> KeyedBlock<Key>? where Key.RawValue == String {
        guard let members = object(value, path, allowed: keys.map(\.rawValue), what: what) else { return nil }
        var block = KeyedBlock<Key>(location: location(value, path))
        for member in members {
            let key = Key(rawValue: member.key)!
            let memberPath = path.key(member.key)
            if let parsed = self.value(member.value, memberPath, spec: key[keyPath: spec]) {
                block.values[key] = Located(value: parsed, location: location(member.value, memberPath))
            }
        }
        return block
    }

    /// Expands a sweep into one variant per combination of values, by writing each value into
    /// the variant's JSON (so it is checked exactly like a hand-written one).
    private mutating func sweep(
        _ sweepMember: JSONValue.Member, members: [JSONValue.Member], _ value: JSONValue, _ path: JSONPath
    ) -> [VariantDocument] {
        let sweepPath = path.key(sweepMember.key)
        let allowed =
            PathParameter.allCases.map(\.key) + PathParameter.allCases.map { "defence.\($0.key)" }
            + PathParameter.allCases.map { "related.\($0.key)" } + FinancingParameter.allCases.map { "financing.\($0.key)" }
            + MacroParameter.sweepKeys
        guard
            let axes = object(
                sweepMember.value, sweepPath, allowed: allowed, what: "an object of lists, {\"target_pct_gdp\": [2, 3.5, 5]}"),
            !axes.isEmpty
        else {
            if sweepMember.value.members?.isEmpty == true {
                report(sweepMember.value, sweepPath, expected: "at least one key with a list of values")
            }
            return []
        }
        var dimensions: [(block: String, key: String, values: [JSONValue], path: JSONPath)] = []
        for axis in axes {
            let axisPath = sweepPath.key(axis.key)
            guard let items = axis.value.items, !items.isEmpty else {
                report(axis.value, axisPath, expected: "a non-empty list of values")
                continue
            }
            let parts = axis.key.split(separator: ".", maxSplits: 1).map(String.init)
            let (block, key) = parts.count == 2 ? (parts[0], parts[1]) : ("defence", parts[0])
            dimensions.append((block, key, items, axisPath))
        }
        guard dimensions.count == axes.count else { return [] }
        // Counted before any combination is built: eight keys of ten values would be 10⁸.
        var count = 1
        for dimension in dimensions {
            let (product, overflow) = count.multipliedReportingOverflow(by: dimension.values.count)
            count = overflow ? Int.max : product
        }
        guard count <= ScenarioLimits.maximumVariants else {
            report(
                sweepMember.value, sweepPath,
                message:
                    "the sweep generates \(count == Int.max ? "more than \(Int.max)" : "\(count)") variants; at most \(ScenarioLimits.maximumVariants) are allowed"
            )
            return []
        }
        let combinations = dimensions.reduce([[Int]]([[]])) { partial, dimension in
            partial.flatMap { prefix in dimension.values.indices.map { prefix + [$0] } }
        }
        let base = members.filter { $0.key != VariantParameter.sweep.key }
        var generated: [VariantDocument] = []
        for combination in combinations {
            var variantMembers = base
            var labelParts: [String] = []
            var substitutions: [String: String] = [:]
            for (dimension, choice) in zip(dimensions, combination) {
                let item = dimension.values[choice]
                let itemPath = dimension.path.index(choice)
                variantMembers = Self.setting(dimension.key, to: item, in: dimension.block, of: variantMembers, at: item)
                let text = item.number.map(Self.format) ?? item.string ?? item.summary
                substitutions[dimension.block == "defence" ? dimension.key : "\(dimension.block).\(dimension.key)"] = text
                substitutions["\(dimension.block).\(dimension.key)"] = text
                labelParts.append(Self.labelPart(block: dimension.block, key: dimension.key, value: text))
                _ = itemPath
            }
            var variantValue = JSONValue(kind: .object(variantMembers), line: value.line, column: value.column)
            guard var document = variant(variantMembers, variantValue, path) else { continue }
            var label = document.label.value
            if label.contains("{") {
                for (key, text) in substitutions { label = label.replacingOccurrences(of: "{\(key)}", with: text) }
            } else {
                label += " · " + labelParts.joined(separator: " ")
            }
            document.label.value = label
            variantValue = JSONValue(kind: .null, line: 0, column: 0)
            generated.append(document)
        }
        return generated
    }

    /// `members` with `block.key` set to `item` (creating the block when absent).
    private static func setting(
        _ key: String, to item: JSONValue, in block: String, of members: [JSONValue.Member], at position: JSONValue
    ) -> [JSONValue.Member] {
        var members = members
        let index = members.firstIndex { $0.key == block }
        var blockMembers = index.flatMap { members[$0].value.members } ?? []
        blockMembers.removeAll { $0.key == key }
        blockMembers.append(JSONValue.Member(key: key, keyLine: position.line, keyColumn: position.column, value: item))
        let blockValue = JSONValue(kind: .object(blockMembers), line: position.line, column: position.column)
        let member = JSONValue.Member(key: block, keyLine: position.line, keyColumn: position.column, value: blockValue)
        if let index { members[index] = member } else { members.append(member) }
        return members
    }

    static func format(_ number: Double) -> String {
        number == number.rounded() && abs(number) < 1e9 ? String(Int(number)) : String(number)
    }

    private static func labelPart(block: String, key: String, value: String) -> String {
        switch (block, key) {
        case ("defence", "target_pct_gdp"): return "\(value)%"
        case ("defence", "by"): return "by \(value)"
        case ("defence", "start"): return "from \(value)"
        case ("related", "target_pct_gdp"): return "+ related \(value)%"
        case ("macro", "multiplier"): return "μ \(value)"
        case ("macro", "import_share"): return "m \(value)"
        default: return "\(block == "defence" ? "" : block + ".")\(key) \(value)"
        }
    }
}
