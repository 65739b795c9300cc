import Foundation
import MilexScenario

/// A format-neutral document: what `run`, `compare`, `fan`, `solve`, `brief`, `countries` and
/// `show` each build once, and every renderer (terminal, CSV, Markdown, LaTeX, JSON, HTML, XLSX)
/// writes in its own format.
///
/// The key assumptions come first in every format: the reader sees what drives the headline
/// figures before the figures. JSON writes the metadata envelope and the command's own
/// machine-readable body (`payload`, e.g. the MODEL.md §9 projections) around the same parts.
public struct Document: Sendable {
    /// The command that built it (`run`, `compare`, …), for the JSON envelope.
    public var command: String
    public var title: String
    public var subtitle: String?
    /// What drives the headline figures (base year and vintage, baseline, financing, …).
    public var assumptions: [Assumption]
    public var sections: [Section]
    /// Notes that apply to the whole document (units, approximations, provenance of inputs).
    public var notes: [String]
    /// The scenario files, dataset vintage, milex version and sources (nil for dataset listings).
    public var provenance: ProvenanceRecord?
    /// Metadata for the JSON envelope (`base_year`, `dataset_vintage`, …), in order.
    public var metadata: [(String, JSONOutput)]
    /// The command's machine-readable body for JSON (`projections`, `comparison`, …); when
    /// empty, JSON writes the sections' tables.
    public var payload: [(String, JSONOutput)]
    /// The table a single-table format (CSV) writes; default the first table.
    public var primaryTableID: String?

    public init(
        command: String, title: String, subtitle: String? = nil, assumptions: [Assumption] = [], sections: [Section] = [],
        notes: [String] = [], provenance: ProvenanceRecord? = nil, metadata: [(String, JSONOutput)] = [],
        payload: [(String, JSONOutput)] = [], primaryTableID: String? = nil
    ) {
        self.command = command
        self.title = title
        self.subtitle = subtitle
        self.assumptions = assumptions
        self.sections = sections
        self.notes = notes
        self.provenance = provenance
        self.metadata = metadata
        self.payload = payload
        self.primaryTableID = primaryTableID
    }

    /// One key assumption: a short label and what it says.
    public struct Assumption: Sendable, Equatable {
        public var label: String
        public var text: String

        public init(_ label: String, _ text: String) {
            self.label = label
            self.text = text
        }
    }

    /// A part of the document under one heading.
    public struct Section: Sendable {
        /// A stable id (`years`, `rules`, `safe`, `decomposition`…), the HTML anchor and XLSX sheet group.
        public var id: String
        public var heading: String
        public var blocks: [Block]
        /// The section's figures as one table for data formats (CSV, XLSX): e.g. the per-country
        /// year tables as one long table at full precision. Nil: the data formats take the
        /// section's tables as they are.
        public var data: Table?

        public init(id: String, heading: String, blocks: [Block], data: Table? = nil) {
            self.id = id
            self.heading = heading
            self.blocks = blocks
            self.data = data
        }

        /// What a data format writes of the section: its data table, else its tables.
        public var dataTables: [Table] { data.map { [$0] } ?? tables }

        /// The section's tables.
        public var tables: [Table] {
            blocks.compactMap {
                if case .table(let table) = $0 { return table }
                return nil
            }
        }
    }

    /// What a section holds.
    public enum Block: Sendable {
        case paragraph(String)
        case table(Table)
        case chart(Chart)
    }

    /// Every table of the document, in order.
    public var tables: [Table] { sections.flatMap(\.tables) }

    /// Every table a data format writes, section by section.
    public var dataTables: [Table] { sections.flatMap(\.dataTables) }

    /// The table single-table formats write: the one named by `primaryTableID`, else the first
    /// section's data.
    public var primaryTable: Table? {
        if let id = primaryTableID, let table = (dataTables + tables).first(where: { $0.id == id }) { return table }
        return dataTables.first
    }

    /// The key assumptions as plain lines (`Label: text`).
    public var assumptionLines: [String] { assumptions.map { "\($0.label): \($0.text)" } }
}

/// A chart in a document: the SVG, a caption, and the line that says where its figures come from.
public struct Chart: Sendable {
    public var id: String
    public var svg: String
    public var caption: String
    /// Where the figures come from (the dataset vintage, the scenario), printed under the chart.
    public var source: String?

    public init(id: String, svg: String, caption: String, source: String? = nil) {
        self.id = id
        self.svg = svg
        self.caption = caption
        self.source = source
    }
}
