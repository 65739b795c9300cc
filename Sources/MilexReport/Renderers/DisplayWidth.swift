/// The number of terminal columns a string occupies: wide East Asian characters and most emoji
/// take two, combining marks none (so tables line up whatever the names contain).
public enum DisplayWidth {
    /// The display width of `text`.
    public static func of(_ text: String) -> Int {
        var width = 0
        for scalar in text.unicodeScalars {
            width += of(scalar)
        }
        return width
    }

    static func of(_ scalar: Unicode.Scalar) -> Int {
        let value = scalar.value
        if value == 0 || (value < 0x20) || (0x7F..<0xA0).contains(value) { return 0 }
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return 0
        default: break
        }
        if value == 0x200B { return 0 }
        let wide: [ClosedRange<UInt32>] = [
            0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
            0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60,
            0xFFE0...0xFFE6, 0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x2FFFD, 0x30000...0x3FFFD,
        ]
        return wide.contains { $0.contains(value) } ? 2 : 1
    }

    /// `text` padded with spaces to `width` columns, on the left (right-aligned) or right.
    public static func pad(_ text: String, to width: Int, rightAligned: Bool) -> String {
        let padding = String(repeating: " ", count: max(0, width - of(text)))
        return rightAligned ? padding + text : text + padding
    }
}

/// Word wrapping by display width, for notes and descriptions on a terminal.
public enum TextWrap {
    /// `text` broken into lines of at most `width` columns; continuation lines start with
    /// `indent`, the first with `firstIndent`.
    public static func wrap(_ text: String, width: Int = 100, firstIndent: String = "", indent: String = "") -> String {
        var lines: [String] = []
        var line = firstIndent
        var lineIsEmpty = true
        for word in text.split(separator: " ", omittingEmptySubsequences: true) {
            let candidate = lineIsEmpty ? line + word : line + " " + word
            if !lineIsEmpty && DisplayWidth.of(candidate) > width {
                lines.append(line)
                line = indent + word
            } else {
                line = candidate
            }
            lineIsEmpty = false
        }
        lines.append(line)
        return lines.joined(separator: "\n")
    }
}
