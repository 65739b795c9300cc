/// Where an input came from: every printed figure traces back to one of these.
public enum Provenance: Sendable, Equatable, Hashable {
    /// A figure of the built-in dataset: its source id, vintage and the year it refers to.
    case dataset(source: String, vintage: String, year: Int?)
    /// Computed from dataset figures; `formula` says how, `sources` lists the source ids.
    case derived(formula: String, sources: [String])
    /// Set by a scenario file at a JSON path (a custom country, an override, a default).
    case scenario(file: String, path: String)
    /// A default of the model (MODEL.md or docs/model-notes.md).
    case modelDefault(String)

    /// A one-line account for tables and `milex show`.
    public var summary: String {
        switch self {
        case .dataset(let source, let vintage, let year):
            return "\(source) (\(vintage)\(year.map { ", \($0)" } ?? ""))"
        case .derived(let formula, let sources):
            return "derived: \(formula) [\(sources.joined(separator: ", "))]"
        case .scenario(let file, let path):
            return "scenario \(file) at \(path)"
        case .modelDefault(let text):
            return "default: \(text)"
        }
    }

    /// Whether the value was set by a scenario (an override or a custom country).
    public var isScenario: Bool {
        if case .scenario = self { return true }
        return false
    }
}
