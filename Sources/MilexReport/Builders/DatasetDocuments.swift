import Foundation
import MilexData
import MilexModel
import MilexScenario

extension DatasetReport {
    /// What the dataset listings assume: the vintage, the base year, the definitions.
    var assumptions: [Document.Assumption] {
        [
            Document.Assumption(
                "Dataset",
                "milex built-in dataset, vintage \(dataset.vintage) (previous \(dataset.previousVintage ?? "none")); base year \(dataset.baseYear) by default, supported base years \(dataset.supportedBaseYears.map(String.init).joined(separator: ", "))."
            ),
            Document.Assumption(
                "Definitions",
                "Defence spending on the NATO definition (SIPRI outside NATO); debt and balances general government (Eurostat EDP, IMF WEO outside the EU); current prices, calendar years."
            ),
        ]
    }

    /// The provenance of a listing: the dataset and the sources its figures cite.
    func provenance(sources ids: Set<String>) -> ProvenanceRecord {
        ProvenanceRecord(
            files: [], origin: ["The milex built-in dataset (no scenario)."], datasetVintage: dataset.vintage,
            baseYear: dataset.baseYear, version: MilexVersion.string,
            sources: ids.filter { dataset.sources[$0] != nil }.sorted().map { ($0, dataset.sources[$0]!) })
    }

    /// The sources one country's figures, memberships, clause and rules cite.
    func sourceIDs(_ record: CountryRecord) -> Set<String> {
        Set(
            record.figures.map(\.source) + (record.escapeClause.map { [$0.source] } ?? [])
                + record.memberships.values.map(\.source) + record.nationalRules.map(\.source))
    }

    /// `milex countries [--group G]` as a document.
    public func countriesDocument(group: String?) -> Document {
        let codes = group.flatMap { dataset.groups[$0]?.members } ?? dataset.countryCodes
        let title =
            group.map { "\(dataset.groups[$0]?.name ?? $0) (\($0)), \(codes.count) countries" }
            ?? "Built-in countries (\(codes.count))"
        let table = countriesTable(codes: codes, title: title)
        let payload: [(String, JSONOutput)] = [
            ("group", group.map(JSONOutput.string) ?? .null),
            (
                "countries",
                .array(codes.compactMap { dataset.countries[$0] }.map { countryJSON($0, includeSources: false) })
            ),
            ("sources", .array(dataset.sources.keys.sorted().map { sourceJSON($0) })),
            (
                "groups",
                .object(
                    dataset.groups.keys.sorted().map { key in
                        let group = dataset.groups[key]!
                        return (
                            key,
                            .object([
                                ("name", .string(group.name)), ("members", .array(group.members.map(JSONOutput.string))),
                                ("source", .string(group.source)),
                            ])
                        )
                    })
            ),
        ]
        var ids: Set<String> = []
        for code in codes { if let record = dataset.countries[code] { ids.formUnion(sourceIDs(record)) } }
        return Document(
            command: "countries", title: title, assumptions: assumptions,
            sections: [Document.Section(id: "countries", heading: "Countries", blocks: [.table(table)])],
            provenance: provenance(sources: ids),
            metadata: [
                ("dataset_vintage", .string(dataset.vintage)), ("base_year", .number(Double(dataset.baseYear))),
                ("milex_version", .string(MilexVersion.string)),
            ], payload: payload)
    }

    /// `milex show CODE` as a document: identity, every figure with its source, the model inputs,
    /// the published plans.
    public func showDocument(_ record: CountryRecord) -> Document {
        let tables = showTables(record)
        var payload: [(String, JSONOutput)] = []
        if case .object(let members) = countryJSON(record) { payload = members }
        var document = Document(
            command: "show", title: "\(record.name) (\(record.code))", assumptions: assumptions,
            sections: tables.map { table in
                Document.Section(id: table.id, heading: table.title, blocks: [.table(table)])
            }, provenance: provenance(sources: sourceIDs(record)),
            metadata: [
                ("dataset_vintage", .string(dataset.vintage)), ("base_year", .number(Double(dataset.baseYear))),
                ("milex_version", .string(MilexVersion.string)),
            ], payload: payload)
        // CSV writes every figure with its source (the second table), the one a user wants in a sheet.
        document.primaryTableID = tables.first { $0.id.hasSuffix("-figures") }?.id
        return document
    }
}
