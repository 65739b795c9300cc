import Foundation

/// Golden files compared the way floating-point output must be compared: text exactly, numbers
/// to a stated tolerance.
///
/// OpenBLAS picks its kernels by CPU, so a figure that went through BLAS can differ in its last
/// bit between machines (`0.14228571428571427` here, `0.1422857142857143` there). A golden file
/// therefore holds on any machine when every number in it agrees to a relative `1e-12` and all
/// other text is byte for byte the same.
public enum Golden {
    /// The default tolerance: `|a − b| ≤ 1e-12 · max(1, |a|, |b|)`.
    public static let relativeTolerance = 1e-12

    /// Set `MILEX_RECORD_GOLDEN=1` to rewrite golden files after a reviewed change.
    public static var recording: Bool { ProcessInfo.processInfo.environment["MILEX_RECORD_GOLDEN"] == "1" }

    /// The first difference between `expected` and `actual`, or nil when they agree: text outside
    /// numbers must be identical, numbers must agree within `tolerance` (relative, with an absolute
    /// floor of `tolerance` for values below 1).
    public static func difference(expected: String, actual: String, tolerance: Double = relativeTolerance) -> String? {
        if expected == actual { return nil }
        let a = tokens(expected)
        let b = tokens(actual)
        for (index, (x, y)) in zip(a, b).enumerated() {
            switch (x, y) {
            case (.text(let s), .text(let t)) where s == t: continue
            case (.number(let u, _), .number(let v, _)) where close(u, v, tolerance: tolerance): continue
            default:
                return
                    "at \(location(of: index, in: a)): expected \(x.literal.debugDescription), found \(y.literal.debugDescription)"
            }
        }
        if a.count != b.count {
            return
                "the texts have different lengths (\(a.count) and \(b.count) tokens); first extra: \((a.count > b.count ? a[b.count] : b[a.count]).literal.debugDescription)"
        }
        return nil
    }

    /// Whether two numbers agree within `tolerance` (relative, absolute below 1).
    public static func close(_ a: Double, _ b: Double, tolerance: Double = relativeTolerance) -> Bool {
        if a == b { return true }
        guard a.isFinite, b.isFinite else { return false }
        return abs(a - b) <= tolerance * max(1, abs(a), abs(b))
    }

    /// Compares `actual` with the golden file at `url` (or records it); returns the problem.
    public static func check(_ actual: String, against url: URL, tolerance: Double = relativeTolerance) throws -> String? {
        if recording {
            try actual.write(to: url, atomically: true, encoding: .utf8)
            return nil
        }
        let expected = try String(contentsOf: url, encoding: .utf8)
        return difference(expected: expected, actual: actual, tolerance: tolerance).map {
            "\(url.lastPathComponent) differs from the golden file \($0); if the change is intended, rerun with MILEX_RECORD_GOLDEN=1 and review the diff"
        }
    }

    enum Token {
        case text(String)
        case number(Double, String)

        var literal: String {
            switch self {
            case .text(let text): return text
            case .number(_, let text): return text
            }
        }
    }

    /// Splits text into numbers and the text between them. A number is a decimal literal that is
    /// not part of a word (so hex digests and identifiers such as `t3.5` stay text).
    static func tokens(_ text: String) -> [Token] {
        var result: [Token] = []
        var pending = ""
        let characters = Array(text.unicodeScalars)
        var index = 0
        func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
            CharacterSet.alphanumerics.contains(scalar) || scalar == "_"
        }
        while index < characters.count {
            let scalar = characters[index]
            let previous = index > 0 ? characters[index - 1] : nil
            let startsNumber =
                (CharacterSet.decimalDigits.contains(scalar)
                    || (scalar == "-" && index + 1 < characters.count
                        && CharacterSet.decimalDigits.contains(characters[index + 1])))
                && !(previous.map { isWordScalar($0) || $0 == "." } ?? false)
            guard startsNumber else {
                pending.unicodeScalars.append(scalar)
                index += 1
                continue
            }
            var end = index + (scalar == "-" ? 1 : 0)
            func digits() { while end < characters.count, CharacterSet.decimalDigits.contains(characters[end]) { end += 1 } }
            digits()
            if end + 1 < characters.count, characters[end] == ".", CharacterSet.decimalDigits.contains(characters[end + 1]) {
                end += 1
                digits()
            }
            if end < characters.count, characters[end] == "e" || characters[end] == "E" {
                var exponentEnd = end + 1
                if exponentEnd < characters.count, characters[exponentEnd] == "-" || characters[exponentEnd] == "+" {
                    exponentEnd += 1
                }
                if exponentEnd < characters.count, CharacterSet.decimalDigits.contains(characters[exponentEnd]) {
                    end = exponentEnd
                    digits()
                }
            }
            // A number glued to a word (`2024a`) is text.
            if end < characters.count, isWordScalar(characters[end]) {
                while end < characters.count, isWordScalar(characters[end]) || characters[end] == "." { end += 1 }
                pending += String(String.UnicodeScalarView(characters[index..<end]))
                index = end
                continue
            }
            let literal = String(String.UnicodeScalarView(characters[index..<end]))
            if !pending.isEmpty {
                result.append(.text(pending))
                pending = ""
            }
            result.append(.number(Double(literal) ?? .nan, literal))
            index = end
        }
        if !pending.isEmpty { result.append(.text(pending)) }
        return result
    }

    /// "line L" of the token at `index`.
    static func location(of index: Int, in tokens: [Token]) -> String {
        let before = tokens[..<index].map(\.literal).joined()
        let line = before.reduce(1) { $1 == "\n" ? $0 + 1 : $0 }
        let lastLine = before.split(separator: "\n", omittingEmptySubsequences: false).last.map(String.init) ?? ""
        return "line \(line), after \(String(lastLine.suffix(60)).debugDescription)"
    }
}
