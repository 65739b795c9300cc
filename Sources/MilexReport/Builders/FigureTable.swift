import Foundation
import MilexModel
import MilexScenario

extension CompareReport {
    /// What `--figure` asks: one field of the comparison, optionally with the year its column
    /// shows (`debt-2035`).
    public struct FigureKey: Sendable, Equatable {
        public var field: Field
        public var year: Int?

        /// Parses `FIELD[-YEAR]` (the fields of `--sort`, without `@TARGET`).
        public static func parse(_ text: String) throws(CompareError) -> FigureKey {
            let fields = Field.allCases.map(\.rawValue)
            let key: SortKey
            do {
                key = try SortKey.parse(text)
            } catch {
                let body = text.split(separator: "-").prefix { Int($0) == nil }.joined(separator: "-")
                let hint = Suggestion.nearest(to: body, in: fields).map { "did you mean \($0)? " } ?? ""
                throw CompareError(
                    "--figure \(text): unknown figure \"\(body)\"; \(hint)expected one of \(fields.joined(separator: ", ")), optionally with its year (debt-2035)"
                )
            }
            guard case .field(let field) = key.criterion, key.target == nil else {
                throw CompareError(
                    "--figure \(text): expected one figure of the comparison (\(fields.joined(separator: ", "))), optionally with its year (debt-2035); found \"\(text)\""
                )
            }
            return FigureKey(field: field, year: key.year)
        }
    }

    /// The year a field's column shows for a group: its target year or the horizon.
    func shownYear(_ field: Field, _ group: ColumnGroup) -> Int { field.isTargetYear ? group.targetYear : result.endYear }

    /// Checks the key's year against the run: every group must show that year.
    func check(_ key: FigureKey) throws(CompareError) {
        guard let year = key.year else { return }
        let shown = Set(groups.map { shownYear(key.field, $0) })
        guard shown == [year] else {
            let years = shown.sorted().map(String.init).joined(separator: ", ")
            throw CompareError(
                "--figure \(key.field.rawValue)-\(year): the \(key.field.rawValue) column shows \(years) (\(key.field.isTargetYear ? "the target year" : "the horizon")); use \(key.field.rawValue)-\(shown.sorted().first!) or \(key.field.rawValue)"
            )
        }
    }

    /// One figure as a country × target table: a row per country and group, a column per
    /// variant (for `compare --targets 2:6:0.5`, a column per target).
    public func figureTable(_ key: FigureKey) throws(CompareError) -> Table {
        try check(key)
        let field = key.field
        let sample = column(field, groups[groups.count - 1], prefixed: true)
        // "2 % by 2035", "2.5 % by 2035", …: the common " by YEAR" goes to the subtitle.
        let suffixes = Set(
            groups.map { group in group.label.range(of: " by ", options: .backwards).map { group.label[$0.lowerBound...] } })
        let commonSuffix = suffixes.count == 1 ? suffixes.first! : nil
        func header(_ group: ColumnGroup) -> String {
            guard let commonSuffix else { return group.label }
            return String(group.label.dropLast(commonSuffix.count))
        }
        let name = String(sample.header.split(separator: ":").last ?? "").trimmingCharacters(in: .whitespaces)
        let years = Set(groups.map { shownYear(field, $0) }).sorted().map(String.init).joined(separator: ", ")
        var table = Table(
            id: "figure-\(field.rawValue)", title: "\(name) by country and variant — \(scenario.name)",
            subtitle:
                "\(name)\(sample.unit.map { " (\($0))" } ?? ""), year \(years); one column per variant\(commonSuffix.map { ", each\($0)" } ?? "") (the no-policy-change baseline is the reference).",
            columns: [
                Table.Column(id: "code", header: "Code", format: .text),
                Table.Column(id: "country", header: "Country", format: .text),
            ]
                + groups.map { group in
                    let shown = column(field, group, prefixed: false)
                    return Table.Column(id: shown.id, header: header(group), unit: shown.unit, format: shown.format)
                },
            notes: notes)
        for row in rows {
            let cells = groups.map { group -> Table.Cell in
                guard
                    let value = Self.figures(
                        row, group: group, baseYear: result.baseYear, endYear: result.endYear, policy: result.policy)[field]
                        ?? nil,
                    value.isFinite
                else { return .empty }
                return .number(value)
            }
            table.append([.text(row.code), .text(row.name)] + cells, kind: row.kind)
        }
        return table
    }

    /// `milex compare --figure`: the country × target table as a document.
    public func figureDocument(_ key: FigureKey, provenance: ProvenanceRecord) throws(CompareError) -> Document {
        var table = try figureTable(key)
        let notes = table.notes
        table.notes = []
        let context = RunContext(scenario: scenario, result: result, provenance: provenance)
        var document = context.document(
            command: "compare",
            sections: [Document.Section(id: "figure", heading: table.title, blocks: [.table(table)], data: table)],
            payload: [
                ("figure", .string(key.field.rawValue)), ("currency", .string(String(moneyUnit.dropFirst(3)))),
                ("table", TableJSONRenderer().value(table)),
            ])
        document.notes = notes
        return document
    }
}
