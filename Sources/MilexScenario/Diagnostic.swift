import Foundation

/// One problem in a scenario file: where it is, what was expected, what came, and how to fix it.
public struct Diagnostic: Sendable, Equatable, CustomStringConvertible {
    /// How serious the problem is.
    public enum Severity: String, Sendable {
        /// The scenario cannot be used.
        case error
        /// The scenario runs, but something in it has no effect or was left out.
        case warning
    }

    /// Error or warning.
    public var severity: Severity = .error
    /// The file (as the user named it).
    public var file: String
    /// The JSON path, e.g. `variants[0].defence.by` (empty for the whole document).
    public var path: String
    /// 1-based line and column, when known.
    public var line: Int?
    public var column: Int?
    /// What the value should be.
    public var expected: String?
    /// What came instead.
    public var found: String?
    /// A free-form message when expected/found do not fit.
    public var message: String?
    /// A fix, when one can be suggested (`did you mean "DE"?`).
    public var suggestion: String?

    /// Creates a diagnostic.
    public init(
        severity: Severity = .error, file: String, path: String, line: Int? = nil, column: Int? = nil, expected: String? = nil,
        found: String? = nil, message: String? = nil, suggestion: String? = nil
    ) {
        self.severity = severity
        self.file = file
        self.path = path
        self.line = line
        self.column = column
        self.expected = expected
        // Text echoed from the file is cut: a 10 MB string is never printed whole.
        self.found = found.map { Self.clip($0, to: 80) }
        self.message = message.map { Self.clip($0, to: 600) }
        self.suggestion = suggestion.map { Self.clip($0, to: 300) }
    }

    static func clip(_ text: String, to limit: Int) -> String {
        text.count > limit ? String(text.prefix(limit - 1)) + "…" : text
    }

    /// `FILE:LINE:COLUMN: error: PATH: expected …, found …; did you mean …?`
    public var description: String {
        var location = file
        if let line { location += ":\(line)" + (column.map { ":\($0)" } ?? "") }
        var text = "\(location): \(severity.rawValue): "
        if !path.isEmpty { text += "\(path): " }
        var parts: [String] = []
        if let message { parts.append(message) }
        if let expected { parts.append("expected \(expected)" + (found.map { ", found \($0)" } ?? "")) }
        text += parts.joined(separator: "; ")
        if let suggestion { text += "; \(suggestion)" }
        return text
    }
}

/// A scenario that cannot be used, with every problem found.
public struct ScenarioError: Error, Sendable, CustomStringConvertible {
    /// The problems, in file order.
    public let diagnostics: [Diagnostic]

    /// Creates an error from its diagnostics; a problem repeated word for word (a sweep expands
    /// one variant into many, each with the same mistake) is kept once.
    public init(_ diagnostics: [Diagnostic]) {
        var seen: Set<String> = []
        self.diagnostics = diagnostics.filter { seen.insert($0.description).inserted }
    }

    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}

/// Builds a JSON path as the decoder descends.
public struct JSONPath: Sendable, Equatable, CustomStringConvertible {
    private var text: String

    /// The document root.
    public static let root = JSONPath(text: "")

    /// The path to member `key`.
    public func key(_ key: String) -> JSONPath {
        let simple = key.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "$" } && !key.isEmpty
        if simple { return JSONPath(text: text.isEmpty ? key : text + "." + key) }
        return JSONPath(text: text + "[\"\(key)\"]")
    }

    /// The path to item `index`.
    public func index(_ index: Int) -> JSONPath { JSONPath(text: text + "[\(index)]") }

    public var description: String { text }
}

/// Suggestions for misspelt keys and codes.
public enum Suggestion {
    /// The Levenshtein distance between two strings (case-insensitive).
    public static func distance(_ a: String, _ b: String) -> Int {
        let x = Array(a.lowercased())
        let y = Array(b.lowercased())
        if x.isEmpty { return y.count }
        if y.isEmpty { return x.count }
        var previous = Array(0...y.count)
        var current = [Int](repeating: 0, count: y.count + 1)
        for i in 1...x.count {
            current[0] = i
            for j in 1...y.count {
                let substitution: Int = previous[j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1)
                let insertionOrDeletion: Int = min(previous[j] + 1, current[j - 1] + 1)
                current[j] = min(insertionOrDeletion, substitution)
            }
            swap(&previous, &current)
        }
        return previous[y.count]
    }

    /// The candidate nearest to `word`, if it is near enough to be a plausible typo.
    public static func nearest(to word: String, in candidates: [String]) -> String? {
        // A long word is no typo of a short key or code (and distances over it are costly).
        guard word.count <= 64 else { return nil }
        var best: String?
        var score = Int.max
        for candidate in candidates {
            let d = distance(word, candidate)
            if d < score || (d == score && candidate < (best ?? candidate)) {
                best = candidate
                score = d
            }
        }
        guard let best else { return nil }
        // A key written without its unit ("escape_clause_cap" for "escape_clause_cap_pct_gdp").
        let extended = candidates.filter { $0.lowercased().hasPrefix(word.lowercased() + "_") }
        if extended.count == 1 { return extended[0] }
        let limit = max(2, word.count / 3)
        if score <= limit { return best }
        // A key that starts like a candidate ("gdp_eur" for "gdp_bn"): the nearest of those
        // sharing its first word, when one is nearer than the others.
        if let head = word.lowercased().split(separator: "_").first, head.count >= 3 {
            let sharing = candidates.filter { $0.lowercased().hasPrefix(head + "_") || $0.lowercased() == head }
            let ranked = sharing.map { (candidate: $0, distance: distance(word, $0)) }.sorted { $0.distance < $1.distance }
            if let first = ranked.first, ranked.count == 1 || ranked[1].distance > first.distance { return first.candidate }
        }
        // A key written with spaces, dashes or another case is still the same key.
        let normalised = word.lowercased().replacingOccurrences(of: "-", with: "_").replacingOccurrences(of: " ", with: "_")
        return candidates.first { $0.lowercased() == normalised }
    }
}
