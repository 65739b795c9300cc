import Foundation
import MilexData
import MilexModel
import MilexScenario

/// Where a briefing's figures come from: the scenario files and their SHA-256, the dataset
/// vintage, the milex version and the sources the inputs cite. Printed in every output file.
public struct ProvenanceRecord: Sendable {
    /// A scenario file (or a text standing in for one) and the SHA-256 of its bytes.
    public struct File: Sendable, Equatable {
        public var name: String
        public var sha256: String?
        /// How the file entered the run, when not read from disk (`embedded in milex`).
        public var remark: String?

        public init(name: String, sha256: String?, remark: String? = nil) {
            self.name = name
            self.sha256 = sha256
            self.remark = remark
        }
    }

    public var files: [File]
    /// Lines that say how the scenario was built, when not from a file alone.
    public var origin: [String]
    public var datasetVintage: String?
    public var baseYear: Int
    public var version: String
    /// The dataset sources the inputs and notes cite, by id.
    public var sources: [(id: String, record: SourceRecord)]

    /// Gathers the provenance of a run: `files` as given (see ``hashFiles(_:)``), the dataset
    /// source ids the countries' inputs use, and those cited as `[ID]` in `texts` (notes,
    /// descriptions).
    public static func collect(
        scenario: Scenario, result: ProjectionResult, files: [File], origin: [String] = [], texts: [String] = [],
        dataset: Dataset = .builtIn
    ) -> ProvenanceRecord {
        var ids: Set<String> = []
        var inputs = result.countries
        for variant in result.variants { inputs += variant.inputOverrides.values }
        let unused = result.reportsGDPFeedback ? [] : CountryParameter.gdpFeedbackInputs
        for country in inputs {
            for (parameter, provenance) in country.provenance where !unused.contains(parameter) {
                switch provenance {
                case .dataset(let source, _, _): ids.insert(source)
                case .derived(_, let sources): ids.formUnion(sources)
                default: break
                }
            }
            for rule in country.fiscalRules { ids.insert(rule.source) }
        }
        let cited = [scenario.description ?? ""] + scenario.notes + texts
        for text in cited {
            for match in text.matches(of: /\[([A-Z0-9_]+)\]/) { ids.insert(String(match.output.1)) }
        }
        let sources = ids.filter { dataset.sources[$0] != nil }.sorted().map { ($0, dataset.sources[$0]!) }
        return ProvenanceRecord(
            files: files, origin: origin, datasetVintage: scenario.datasetVintage, baseYear: result.baseYear,
            version: MilexVersion.string, sources: sources)
    }

    /// The files a scenario was read from, each with the SHA-256 of the bytes read.
    public static func files(of scenario: Scenario) -> [File] {
        guard scenario.fileContents.count == scenario.files.count else { return hashFiles(scenario.files) }
        return zip(scenario.files, scenario.fileContents).map { name, data in
            File(name: name == "-" ? "standard input" : normalised(name), sha256: SHA256.hex(data))
        }
    }

    /// The files at `paths` (relative to the current directory, as the user named them), each
    /// with the SHA-256 of its bytes (nil when it cannot be read).
    public static func hashFiles(_ paths: [String]) -> [File] {
        paths.map { path in
            File(name: normalised(path), sha256: FileManager.default.contents(atPath: path).map(SHA256.hex))
        }
    }

    /// `path` with `.` and `dir/..` taken out, as written (no symbolic links resolved):
    /// `Examples/x/../../Scenarios/a.json` → `Scenarios/a.json`.
    static func normalised(_ path: String) -> String {
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: false) {
            if part == "." { continue }
            if part == "..", let last = parts.last, last != "..", !last.isEmpty {
                parts.removeLast()
            } else {
                parts.append(part)
            }
        }
        let joined = parts.joined(separator: "/")
        return joined.isEmpty ? "." : joined
    }

    /// The provenance without the list of sources: files, dataset, version, and how many sources
    /// the inputs cite (terminal and CSV outputs; the other formats list them).
    public var summaryLines: [String] {
        let head = Array(lines.prefix(lines.count - sources.count))
        guard !sources.isEmpty else { return head }
        return head + [
            "\(sources.count) source\(sources.count == 1 ? "" : "s") cited: \(sources.map(\.id).joined(separator: ", ")) (the JSON, Markdown, HTML and XLSX outputs list them in full; milex show CODE shows each figure's)."
        ]
    }

    /// The provenance as JSON: files with their SHA-256, dataset, version, the sources cited.
    public func json() -> JSONOutput {
        func text(_ value: String?) -> JSONOutput { value.map(JSONOutput.string) ?? .null }
        return .object([
            ("origin", .array(origin.map(JSONOutput.string))),
            (
                "files",
                .array(
                    files.map { .object([("name", .string($0.name)), ("sha256", text($0.sha256)), ("remark", text($0.remark))]) })
            ),
            ("dataset_vintage", text(datasetVintage)), ("base_year", .number(Double(baseYear))),
            ("milex_version", .string(version)),
            (
                "sources",
                .array(
                    sources.map { id, source in
                        .object([
                            ("id", .string(id)), ("publisher", .string(source.publisher)), ("title", .string(source.title)),
                            ("date", .string(source.date)), ("url", text(source.url)), ("via", text(source.via)),
                        ])
                    })
            ),
        ])
    }

    /// The provenance as lines of plain text.
    public var lines: [String] {
        var lines = origin
        for file in files {
            var line = "Scenario file \(file.name)"
            if let remark = file.remark { line += " (\(remark))" }
            line += file.sha256.map { ": SHA-256 \($0)" } ?? ": not readable, no checksum"
            lines.append(line)
        }
        if let datasetVintage {
            lines.append("Dataset: the milex built-in dataset, vintage \(datasetVintage) (base year \(baseYear)).")
        } else {
            lines.append("Dataset: none (every country is defined in the scenario).")
        }
        lines.append("milex version \(version).")
        for (id, source) in sources {
            var line = "Source \(id): \(source.publisher), \(source.title), \(source.date)"
            if let url = source.url { line += ", \(url)" }
            lines.append(line + ".")
        }
        return lines
    }

    /// The provenance as a one-column table (the "Provenance" sheet of a workbook).
    public func table() -> Table {
        var table = Table(
            id: "Provenance", title: "Provenance",
            columns: [Table.Column(id: "provenance", header: "Scenario files, dataset, milex version and sources", format: .text)]
        )
        for line in lines { table.append([.text(line)]) }
        return table
    }

    /// The provenance as a Markdown section.
    public func markdown() -> String {
        "## Provenance\n\n" + lines.map { "- " + MarkdownRenderer.escape($0) }.joined(separator: "\n") + "\n"
    }
}
