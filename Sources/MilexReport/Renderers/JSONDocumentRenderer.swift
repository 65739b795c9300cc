import Foundation
import MilexScenario

/// A document as JSON, one envelope for every command: `command` and `title`, the metadata
/// (`scenario`, `base_year`, `end_year`, `dataset_vintage`, `milex_version`, `files`, …), the
/// key assumptions, the command's own body (e.g. MODEL.md §9's `projections`) — or, for a
/// document without one, its sections' tables — then the notes and the provenance.
public struct JSONDocumentRenderer: DocumentRenderer {
    public init() {}

    public func render(_ document: Document) throws -> Data { utf8(value(document).rendered() + "\n") }

    public func value(_ document: Document) -> JSONOutput {
        var members: [(String, JSONOutput)] = [("command", .string(document.command)), ("title", .string(document.title))]
        if let subtitle = document.subtitle { members.append(("subtitle", .string(subtitle))) }
        members += document.metadata
        members.append(
            (
                "key_assumptions",
                .array(document.assumptions.map { .object([("label", .string($0.label)), ("text", .string($0.text))]) })
            ))
        if document.payload.isEmpty {
            members.append(
                (
                    "sections",
                    .array(
                        document.sections.map { section in
                            .object([
                                ("id", .string(section.id)), ("heading", .string(section.heading)),
                                ("tables", .array(section.tables.map(TableJSONRenderer().value))),
                            ])
                        })
                ))
        } else {
            members += document.payload
        }
        members.append(("notes", .array(document.notes.map(JSONOutput.string))))
        if let provenance = document.provenance { members.append(("provenance", provenance.json())) }
        return .object(members)
    }
}
