import Foundation

/// A document as an Excel workbook: an "About" sheet first (title, subtitle, key assumptions,
/// notes), one sheet per section's data (the long tables, not one sheet per country), and a
/// "Provenance" sheet.
public struct XLSXDocumentRenderer: DocumentRenderer {
    public init() {}

    public func render(_ document: Document) throws -> Data {
        var tables: [Table] = [about(document)]
        tables += document.dataTables
        if let provenance = document.provenance { tables.append(provenance.table()) }
        return try XLSXWriter().data(tables, title: document.title)
    }

    /// The "About" sheet: what the workbook is and what drives its figures.
    func about(_ document: Document) -> Table {
        var table = Table(
            id: "About", title: document.title,
            columns: [
                Table.Column(id: "item", header: "Item", format: .text), Table.Column(id: "text", header: "Text", format: .text),
            ])
        if let subtitle = document.subtitle { table.append([.text("About"), .text(subtitle)]) }
        for assumption in document.assumptions { table.append([.text(assumption.label), .text(assumption.text)]) }
        for note in document.notes { table.append([.text("Note"), .text(note)]) }
        return table
    }
}
