import Foundation
import MilexData
import MilexModel
import MilexScenario

/// Why a comparison cannot be made as asked (a bad sort key or currency).
public struct CompareError: Error, Sendable, CustomStringConvertible, Equatable {
    public let description: String
    /// Whether the command line is at fault (exit code 64) rather than the scenario (1).
    public let isUsage: Bool

    public init(_ description: String, isUsage: Bool = true) {
        self.description = description
        self.isUsage = isUsage
    }
}

/// `milex compare`: every variant of a run against its baseline, one row per country and one
/// per group, one column group per variant.
public struct CompareReport: Sendable {
    /// One variant's columns.
    public struct ColumnGroup: Sendable, Equatable {
        /// The variant's index in the result (1…; 0 is the baseline).
        public var variant: Int
        /// The prefix of the column ids (`t3.5`), stable for CSV and JSON.
        public var id: String
        /// The variant's label.
        public var label: String
        /// The year the variant reaches its target (spending, extra and deficit are shown for it).
        public var targetYear: Int

        public init(variant: Int, id: String, label: String, targetYear: Int) {
            self.variant = variant
            self.id = id
            self.label = label
            self.targetYear = targetYear
        }
    }

    /// The figures of one column group, in column order.
    public enum Field: String, CaseIterable, Sendable {
        case spending
        case spendingPct = "spending-pct"
        case extra
        case extraCumulative = "extra-cum"
        case debt
        case debtChange = "debt-change"
        case deficit
        case deficitYears = "deficit-years"
        case escape
        case safe
        /// The GDP effect of the extra spending (MODEL.md §12), shown only for runs with a macro block.
        case gdpEffect = "gdp-effect"

        /// Whether the field is shown for the target year (else for the horizon or cumulated to it).
        var isTargetYear: Bool {
            self == .spending || self == .spendingPct || self == .extra || self == .deficit || self == .gdpEffect
        }

        /// The id stem between the group and the year, with the unit (`debt` → `t3.5_debt_pct_gdp_2035`).
        var idStem: String {
            switch self {
            case .spending: return "spending_bn"
            case .spendingPct: return "spending_pct_gdp"
            case .extra: return "extra_bn"
            case .extraCumulative: return "extra_cum_bn"
            case .debt: return "debt_pct_gdp"
            case .debtChange: return "debt_change_pp_gdp"
            case .deficit: return "deficit_pct_gdp"
            case .deficitYears: return "deficit_years"
            case .escape: return "escape_bn"
            case .safe: return "safe_saving_bn"
            case .gdpEffect: return "gdp_effect_pct"
            }
        }
    }

    /// What `--sort` asks: a field or the country code or name, optionally the year the column
    /// shows and the variant whose column decides.
    public struct SortKey: Sendable, Equatable {
        public enum Criterion: Sendable, Equatable {
            case field(Field)
            case code
            case name
        }

        public var criterion: Criterion
        /// The column's year as written (`debt-2035`), checked against the run.
        public var year: Int?
        /// The variant (`@3.5`, `@t3.5`, `@2`, a label), nil: the last one.
        public var target: String?

        /// Every key `--sort` accepts (without year or target).
        public static var names: [String] { Field.allCases.map(\.rawValue) + ["code", "name"] }

        /// Parses `KEY[-YEAR][@TARGET]`.
        public static func parse(_ text: String) throws(CompareError) -> SortKey {
            var body = text.trimmingCharacters(in: .whitespaces)
            var target: String?
            if let at = body.firstIndex(of: "@") {
                target = String(body[body.index(after: at)...])
                body = String(body[..<at])
                if target!.isEmpty { throw CompareError("--sort \(text): name a target after @, e.g. debt@3.5") }
            }
            var year: Int?
            if let dash = body.lastIndex(of: "-"), let value = Int(body[body.index(after: dash)...]),
                body.distance(from: dash, to: body.endIndex) == 5
            {
                year = value
                body = String(body[..<dash])
            }
            let criterion: Criterion
            switch body.lowercased() {
            case "code", "country": criterion = .code
            case "name": criterion = .name
            default:
                guard let field = Field(rawValue: body.lowercased()) else {
                    let hint = Suggestion.nearest(to: body, in: names).map { "did you mean \($0)? " } ?? ""
                    throw CompareError(
                        "--sort \(text): unknown key \"\(body)\"; \(hint)keys: \(names.joined(separator: ", ")), optionally with the column's year (debt-2035) and @TARGET"
                    )
                }
                criterion = .field(field)
            }
            if year != nil, criterion == .code || criterion == .name {
                throw CompareError("--sort \(text): \(body) takes no year")
            }
            return SortKey(criterion: criterion, year: year, target: target)
        }
    }

    /// One row: a country or an aggregate, with its path under every variant.
    struct Row {
        var code: String
        var name: String
        var kind: Table.RowKind
        /// Index 0: the baseline; then one per result variant.
        var paths: [RowPath]
    }

    public let scenario: Scenario
    public let result: ProjectionResult
    public let currency: MoneyCurrency
    public let groups: [ColumnGroup]
    public let aggregates: [AggregateGroup]
    public let sort: SortKey?
    /// The money unit in headers (`bn EUR`, `bn PLN`).
    public let moneyUnit: String
    let rows: [Row]

    /// Prepares the comparison; fails when a country has no rate to `currency`, when
    /// `national` mixes currencies, or when the sort key does not fit the run.
    public init(
        scenario: Scenario, result: ProjectionResult, currency: MoneyCurrency = .eur, sort: SortKey? = nil,
        groups: [ColumnGroup]? = nil, extraAggregates: [AggregateGroup] = [], dataset: Dataset = .builtIn
    ) throws(CompareError) {
        self.scenario = scenario
        self.result = result
        self.currency = currency
        self.groups = groups ?? Self.columnGroups(for: result)
        if self.groups.isEmpty {
            throw CompareError(
                "\(scenario.name): the scenario has no variants to compare with its baseline (add variants)", isUsage: false)
        }
        let countries = result.countries
        switch currency {
        case .national:
            let currencies = Set(countries.map { $0.currency ?? "?" })
            guard currencies.count == 1 else {
                throw CompareError(
                    "--currency national needs one currency for every country; this run has \(currencies.sorted().joined(separator: ", ")): use EUR or USD"
                )
            }
            moneyUnit = "bn \(currencies.first!)"
        case .eur, .usd:
            let lacking = countries.filter { Aggregates.rate($0, to: currency) == nil }.map(\.code)
            guard lacking.isEmpty else {
                throw CompareError(
                    "--currency \(currency.rawValue): no exchange rate to \(currency.rawValue) for \(lacking.joined(separator: ", ")) (give per_\(currency.rawValue.lowercased()) in the scenario, or use EUR)",
                    isUsage: false)
            }
            moneyUnit = "bn \(currency.rawValue)"
        }
        let paths: [[RowPath]] = countries.indices.map { country in
            let rate = Aggregates.rate(countries[country], to: currency) ?? 1
            return result.variants.indices.map { variant in
                Aggregates.path(
                    result.projection(variant: variant, country: country), variant: result.variants[variant], rate: rate)
            }
        }
        var countryRows = countries.indices.map { index in
            Row(code: countries[index].code, name: countries[index].name, kind: .body, paths: paths[index])
        }
        aggregates = Aggregates.groups(
            countries: countries.map(\.code), named: scenario.groups, extra: extraAggregates, dataset: dataset)
        let position = Dictionary(uniqueKeysWithValues: countries.enumerated().map { ($1.code, $0) })
        let aggregateRows = aggregates.map { group in
            let members = group.members.compactMap { position[$0] }
            return Row(
                code: group.code, name: group.label, kind: .aggregate,
                paths: result.variants.indices.map { variant in Aggregates.combine(members.map { paths[$0][variant] }) })
        }
        self.sort = sort
        if let sort {
            let group = try Self.sortGroup(sort, groups: self.groups)
            if case .field(let field) = sort.criterion, let year = sort.year {
                let shown = field.isTargetYear ? group.targetYear : result.endYear
                guard year == shown else {
                    throw CompareError(
                        "--sort \(field.rawValue)-\(year): the \(field.rawValue) column shows \(shown) (\(field.isTargetYear ? "the target year" : "the horizon")); use \(field.rawValue)-\(shown) or \(field.rawValue)"
                    )
                }
            }
            countryRows = Self.ordered(
                countryRows, by: sort.criterion,
                value: {
                    Self.figures($0, group: group, baseYear: result.baseYear, endYear: result.endYear, policy: result.policy)
                })
        }
        rows = countryRows + aggregateRows
    }

    /// `rows` in the order `criterion` asks: codes and names ascending, figures largest first
    /// with rows lacking the figure last; ties keep their order.
    static func ordered(_ rows: [Row], by criterion: SortKey.Criterion, value: (Row) -> [Field: Double?]) -> [Row] {
        let keyed: [(offset: Int, row: Row, figures: [Field: Double?])] = rows.enumerated().map {
            ($0.offset, $0.element, value($0.element))
        }
        func before(
            _ a: (offset: Int, row: Row, figures: [Field: Double?]), _ b: (offset: Int, row: Row, figures: [Field: Double?])
        ) -> Bool {
            var order: Bool?
            switch criterion {
            case .code: order = a.row.code == b.row.code ? nil : a.row.code < b.row.code
            case .name:
                let comparison = a.row.name.localizedStandardCompare(b.row.name)
                order = comparison == .orderedSame ? nil : comparison == .orderedAscending
            case .field(let field):
                switch (a.figures[field] ?? nil, b.figures[field] ?? nil) {
                case (nil, nil): order = nil
                case (nil, _): order = false
                case (_, nil): order = true
                case (let x?, let y?): order = x == y ? nil : x > y
                }
            }
            return order ?? (a.offset < b.offset)
        }
        return keyed.sorted(by: before).map(\.row)
    }

    /// The column group a sort key refers to (the last one without `@`).
    static func sortGroup(_ key: SortKey, groups: [ColumnGroup]) throws(CompareError) -> ColumnGroup {
        guard let target = key.target else { return groups[groups.count - 1] }
        let bare = target.hasSuffix("%") ? String(target.dropLast()).trimmingCharacters(in: .whitespaces) : target
        if let group = groups.first(where: { $0.id == target || $0.id == "t" + bare || $0.label == target }) {
            return group
        }
        if let number = Double(bare), let group = groups.first(where: { $0.id == "t" + NumberText.shortest(number) }) {
            return group
        }
        if let index = Int(target), index >= 1, index <= groups.count {
            return groups[index - 1]
        }
        throw CompareError(
            "--sort …@\(target): no such target; the column groups are \(groups.map { "\($0.id) (\($0.label))" }.joined(separator: ", "))"
        )
    }

    // MARK: - Column groups

    /// One group per variant (the baseline is the reference, not a group): ids are the labels
    /// made safe for field names (`3.5% core by 2035` → `3.5-core-by-2035`).
    public static func columnGroups(for result: ProjectionResult) -> [ColumnGroup] {
        var used: Set<String> = []
        return result.variants.indices.dropFirst().map { index in
            let variant = result.variants[index]
            var id = slug(variant.label)
            if id.isEmpty { id = "v\(index)" }
            var candidate = id
            var counter = 2
            while !used.insert(candidate).inserted {
                candidate = "\(id)-\(counter)"
                counter += 1
            }
            return ColumnGroup(variant: index, id: candidate, label: variant.label, targetYear: targetYear(variant, result))
        }
    }

    /// The year a variant reaches its target (``PolicyVariant/targetYear(baseYear:countries:)``),
    /// else the horizon; never after the horizon.
    public static func targetYear(_ variant: PolicyVariant, _ result: ProjectionResult) -> Int {
        let chosen = variant.targetYear(baseYear: result.baseYear, countries: []) ?? result.endYear
        return min(result.endYear, max(result.baseYear + 1, chosen))
    }

    /// Lowercase letters, digits and dots; every other run of characters becomes one dash.
    static func slug(_ text: String) -> String {
        var output = ""
        var pendingDash = false
        for character in text.lowercased() {
            if character.isASCII && (character.isLetter || character.isNumber || character == ".") {
                if pendingDash && !output.isEmpty { output.append("-") }
                pendingDash = false
                output.append(character)
            } else {
                pendingDash = true
            }
        }
        return output
    }

    // MARK: - Figures

    /// The figures of a row in one column group (nil: not applicable).
    static func figures(_ row: Row, group: ColumnGroup, baseYear: Int, endYear: Int, policy: Policy) -> [Field: Double?] {
        let path = row.paths[group.variant]
        let baseline = row.paths[0]
        let y = path.index(of: group.targetYear)!
        let e = path.index(of: endYear)!
        return [
            .spending: path.spendingBn[y], .spendingPct: path.spendingPct[y], .extra: path.extraBn[y],
            .extraCumulative: path.cumulativeExtraBn, .debt: path.debtPct[e],
            .debtChange: path.netDebtPct[e] - baseline.netDebtPct[e],
            .deficit: path.deficitPct[y], .deficitYears: Double(path.yearsDeficitAbove(policy.deficitReference)),
            .escape: path.cumulativeEscapeUsedBn, .safe: path.safeSavingCumulativeBn.map { $0[e] },
            .gdpEffect: path.gdpEffectPct.map { $0[y] },
        ]
    }

    /// Whether any variant draws SAFE loans (the SAFE column is shown only then).
    var showsSAFE: Bool { result.variants.contains { $0.financing.safe } }

    /// The fields shown, in order.
    var fields: [Field] {
        Field.allCases.filter { ($0 != .safe || showsSAFE) && ($0 != .gdpEffect || result.reportsGDPFeedback) }
    }

    /// A column of a group: in the wide table the header names the variant and the year
    /// ("2 % by 2035: Debt 2035"); in a table of its own the years are in the subtitle.
    func column(_ field: Field, _ group: ColumnGroup, prefixed: Bool) -> Table.Column {
        let year = field.isTargetYear ? group.targetYear : result.endYear
        let header: String
        let unit: String
        let format: Table.Column.Format
        switch field {
        case .spending: (header, unit, format) = ("Spending", moneyUnit, .number(decimals: 1))
        case .spendingPct: (header, unit, format) = ("Spending", "%GDP", .number(decimals: 2))
        case .extra: (header, unit, format) = ("Extra", moneyUnit, .number(decimals: 1))
        case .extraCumulative: (header, unit, format) = ("Extra cum.", moneyUnit, .number(decimals: 1))
        case .debt: (header, unit, format) = ("Debt", "%GDP", .number(decimals: 1))
        case .debtChange: (header, unit, format) = ("vs base", "pp", .number(decimals: 1))
        case .deficit: (header, unit, format) = ("Deficit", "%GDP", .number(decimals: 2))
        case .deficitYears: (header, unit, format) = (">\(PolicyText(result.policy).deficit)", "years", .integer)
        case .escape: (header, unit, format) = ("Escape", moneyUnit, .number(decimals: 1))
        case .safe: (header, unit, format) = ("SAFE saving", moneyUnit, .number(decimals: 2))
        case .gdpEffect: (header, unit, format) = ("GDP eff.", "%", .number(decimals: 2))
        }
        let dated: String
        // A variant's own table names each column's year in short (2026–35); the wide table,
        // whose headers also name the variant, in full.
        let span = "\(result.baseYear + 1)–\(prefixed ? String(result.endYear) : String(String(result.endYear).suffix(2)))"
        switch field {
        case .extraCumulative, .deficitYears, .escape, .safe: dated = "\(header) \(span)"
        case .debtChange: dated = prefixed ? "Debt \(year) vs baseline" : "vs base \(year)"
        default: dated = "\(header) \(year)"
        }
        return Table.Column(
            id: "\(group.id)_\(field.idStem)_\(year)", header: prefixed ? "\(group.label): \(dated)" : dated, unit: unit,
            format: format)
    }

    /// The subtitle of a variant's own table: the years its columns show.
    func groupSubtitle(_ group: ColumnGroup) -> String {
        let b = result.baseYear
        let e = result.endYear
        return
            "Target year \(group.targetYear): Spending, Extra, Deficit\(result.reportsGDPFeedback ? ", GDP effect" : ""). \(e): Debt, vs base. \(b + 1)–\(e): Extra cum., >3 %, Escape\(showsSAFE ? ", SAFE saving" : "")."
    }

    func cells(_ row: Row, _ group: ColumnGroup) -> [Table.Cell] {
        let figures = Self.figures(row, group: group, baseYear: result.baseYear, endYear: result.endYear, policy: result.policy)
        return fields.map { field in
            guard let value = figures[field] ?? nil, value.isFinite else { return .empty }
            return .number(value)
        }
    }

    // MARK: - Tables

    /// The notes under the comparison.
    public var notes: [String] {
        let b = result.baseYear
        let e = result.endYear
        let years = Set(groups.map(\.targetYear)).sorted().map(String.init).joined(separator: ", ")
        var notes = [
            "Spending: core defence plus defence-related spending in the target year (the year the variant reaches its target: \(years)). Extra: the extra effort against the \(b) shares, (s_Y − s_B) + (q_Y − q_B) of GDP, in money in the target year; Extra cum.: the extra effort summed over \(b + 1)–\(e).",
            "Debt: gross debt at the horizon (\(e)); vs base: against the no-policy-change baseline, in percentage points of GDP (where a surplus takes gross debt to zero, the change in net debt: gross debt less the assets the surplus accumulates). Deficit: −headline balance in the target year; >\(PolicyText(result.policy).deficit): projected years \(b + 1)–\(e) with a deficit above \(PolicyText(result.policy).deficit) of GDP.",
            "Escape: escape-clause flexibility used (the part of the deficit above \(PolicyText(result.policy).deficit) it covers), summed over \(b + 1)–\(e) in money; a dash where the country has no active clause years."
                + (showsSAFE
                    ? " SAFE saving: interest saved by SAFE loans against the same run without them, cumulative to \(e) (negative: the loan costs more than market borrowing); a dash where the country draws none."
                    : ""),
            "Money in \(moneyUnit.dropFirst(3)) bn at current prices"
                + (currency == .national
                    ? "." : ", converted at fixed base-year exchange rates (the inputs per_eur and per_usd)."),
        ]
        if result.reportsGDPFeedback {
            notes.append(
                "GDP eff.: the GDP effect of the extra spending in the target year, % of GDP without the feedback (MODEL.md §12; aggregates weight it by that GDP); debt and deficit include it."
            )
        }
        if let sort {
            let group = (try? Self.sortGroup(sort, groups: groups)) ?? groups[groups.count - 1]
            let what: String
            switch sort.criterion {
            case .code: what = "country code"
            case .name: what = "country name"
            case .field(let field): what = "\(column(field, group, prefixed: true).header), largest first"
            }
            notes.append("Rows sorted by \(what); aggregates stay at the bottom.")
        }
        if !aggregates.isEmpty { notes.append(Aggregates.note(currency: String(moneyUnit.dropFirst(3)))) }
        notes.append(
            "Deficit and balance are headline general-government figures (no cyclical adjustment); core defence on NATO's definition, the escape clause's flexibility measured from s_2021 set on Eurostat COFOG 02 where the dataset has it."
        )
        // Documents with their own notes section (the HTML report, the briefing pack) carry
        // the run's provenance there once.
        return includesRunNotes ? notes + ProjectionReport(scenario: scenario, result: result).provenanceNotes : notes
    }

    /// Whether ``notes`` ends with the run's provenance notes (on by default: a comparison
    /// printed alone must say where its figures come from).
    public var includesRunNotes = true

    /// The subtitle: years and what is compared.
    public var subtitle: String {
        let count = result.countries.count
        return
            "\(count) countr\(count == 1 ? "y" : "ies") × \(groups.count) variant\(groups.count == 1 ? "" : "s") against the baseline; base year \(result.baseYear), horizon \(result.endYear); money in \(moneyUnit)"
    }

    /// Everything in one wide table: a column group per variant (for CSV, JSON and Excel).
    public func table() -> Table {
        var columns = [
            Table.Column(id: "code", header: "Code", format: .text),
            Table.Column(id: "country", header: "Country", format: .text),
        ]
        for group in groups { columns += fields.map { column($0, group, prefixed: true) } }
        var table = Table(
            id: "compare", title: "Comparison — \(scenario.name)", subtitle: subtitle, columns: columns, notes: notes)
        for row in rows {
            table.append([.text(row.code), .text(row.name)] + groups.flatMap { cells(row, $0) }, kind: row.kind)
        }
        return table
    }

    /// One table per variant, the rows in the same order (for reading: terminal, Markdown,
    /// LaTeX, HTML); the notes go under the last.
    public func tablesByVariant() -> [Table] {
        groups.enumerated().map { index, group in
            // Names only: the codes are in the wide table (CSV, JSON, Excel).
            let columns =
                [Table.Column(id: "country", header: "Country", format: .text)]
                + fields.map { column($0, group, prefixed: false) }
            var table = Table(
                id: "compare-\(group.id)", title: "\(group.label) — against the baseline", subtitle: groupSubtitle(group),
                columns: columns, notes: index == groups.count - 1 ? notes : [])
            for row in rows { table.append([.text(row.name)] + cells(row, group), kind: row.kind) }
            return table
        }
    }
}

// MARK: - Ad hoc comparisons

extension AdHocComparison {
    /// The column groups, with the ids `t2`, `t3.5` and the target year `by`.
    public func columnGroups(endYear: Int) -> [CompareReport.ColumnGroup] {
        targets.enumerated().map { index, target in
            CompareReport.ColumnGroup(variant: index + 1, id: Self.id(target), label: label(target), targetYear: min(by, endYear))
        }
    }
}
