import Foundation

/// A JSON value with the line and column where it starts, for error messages that point into
/// the file. Object members keep their order and duplicates (which the decoder reports).
public struct JSONValue: Sendable, Equatable {
    /// The kinds of JSON value.
    public indirect enum Kind: Sendable, Equatable {
        case null
        case bool(Bool)
        /// A number and its literal text as written.
        case number(Double, literal: String)
        case string(String)
        case array([JSONValue])
        case object([Member])
    }

    /// One `"key": value` member of an object.
    public struct Member: Sendable, Equatable {
        public let key: String
        public let keyLine: Int
        public let keyColumn: Int
        public let value: JSONValue
    }

    /// The value.
    public let kind: Kind
    /// 1-based line of the value's first character.
    public let line: Int
    /// 1-based column of the value's first character.
    public let column: Int

    /// A short description of the value for "found …" in error messages.
    public var summary: String {
        switch kind {
        case .null: return "null"
        case .bool(let value): return "\(value)"
        case .number(_, let literal): return literal
        case .string(let text): return "\"\(text.count > 40 ? String(text.prefix(37)) + "…" : text)\""
        case .array(let items): return "a list of \(items.count) item\(items.count == 1 ? "" : "s")"
        case .object(let members): return "an object with \(members.count) key\(members.count == 1 ? "" : "s")"
        }
    }

    /// The members, if this is an object.
    public var members: [Member]? {
        if case .object(let members) = kind { return members }
        return nil
    }
    /// The number, if this is a number.
    public var number: Double? {
        if case .number(let value, _) = kind { return value }
        return nil
    }
    /// The string, if this is a string.
    public var string: String? {
        if case .string(let value) = kind { return value }
        return nil
    }
    /// The items, if this is an array.
    public var items: [JSONValue]? {
        if case .array(let items) = kind { return items }
        return nil
    }
    /// The member value for `key` (the first, if duplicated).
    public subscript(key: String) -> JSONValue? { members?.first { $0.key == key }?.value }
}

/// A syntax error in a JSON document.
public struct JSONSyntaxError: Error, Equatable, Sendable {
    public let line: Int
    public let column: Int
    public let message: String
}

/// A strict JSON parser (RFC 8259) that records positions.
///
/// Foundation's parser loses member order, duplicate keys and positions, all of which the
/// scenario diagnostics need. `NaN` and `Infinity` get a specific message because they are the
/// usual way a non-finite number reaches a JSON file.
public struct JSONParser {
    private let bytes: [UInt8]
    private var index = 0
    private var line = 1
    private var lineStart = 0
    private var depth = 0
    private var requireObject = false
    /// The last string parsed and where it started, for the hint on a missing closing quote.
    private var lastString: (text: String, line: Int, column: Int, end: Int)?

    /// Parses `text`.
    public static func parse(_ text: String) throws(JSONSyntaxError) -> JSONValue {
        var parser = JSONParser(bytes: Array(text.utf8))
        return try parser.parseDocument()
    }

    /// Parses UTF-8 `data`; invalid UTF-8 is a syntax error at its line and column.
    /// - Parameter requireObject: the document must be a JSON object: anything else is reported
    ///   without echoing the file's bytes (a file that is not a scenario is never quoted).
    public static func parse(_ data: Data, requireObject: Bool = false) throws(JSONSyntaxError) -> JSONValue {
        var parser = JSONParser(bytes: Array(data))
        parser.requireObject = requireObject
        return try parser.parseDocument()
    }

    private init(bytes: [UInt8]) { self.bytes = bytes }

    private var column: Int { index - lineStart + 1 }

    private func error(_ message: String) -> JSONSyntaxError {
        JSONSyntaxError(line: line, column: column, message: message)
    }

    private mutating func parseDocument() throws(JSONSyntaxError) -> JSONValue {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            index = 3
            lineStart = 3
        }
        skipWhitespace()
        guard index < bytes.count else { throw error("the file is empty; expected a JSON object") }
        if requireObject, bytes[index] != UInt8(ascii: "{") {
            throw error("this is not a JSON scenario: a scenario file is a JSON object, starting with '{'")
        }
        let value = try parseValue()
        skipWhitespace()
        if index < bytes.count {
            throw errorAfterString("unexpected \(describe(bytes[index])) after the end of the JSON value")
        }
        return value
    }

    private mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0D: index += 1
            case 0x0A:
                index += 1
                line += 1
                lineStart = index
            case UInt8(ascii: "/")
            where index + 1 < bytes.count && (bytes[index + 1] == UInt8(ascii: "/") || bytes[index + 1] == UInt8(ascii: "*")):
                return  // reported by parseValue as a comment
            default: return
            }
        }
    }

    private func describe(_ byte: UInt8) -> String {
        if byte >= 0x20 && byte < 0x7F { return "'\(Character(UnicodeScalar(byte)))'" }
        return String(format: "byte 0x%02X", byte)
    }

    private mutating func parseValue() throws(JSONSyntaxError) -> JSONValue {
        guard index < bytes.count else { throw error("unexpected end of file; expected a value") }
        let startLine = line
        let startColumn = column
        let byte = bytes[index]
        let kind: JSONValue.Kind
        switch byte {
        case UInt8(ascii: "{"): kind = try parseObject()
        case UInt8(ascii: "["): kind = try parseArray()
        case UInt8(ascii: "\""): kind = .string(try parseString())
        case UInt8(ascii: "t"):
            try expectWord("true")
            kind = .bool(true)
        case UInt8(ascii: "f"):
            try expectWord("false")
            kind = .bool(false)
        case UInt8(ascii: "n"):
            try expectWord("null")
            kind = .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): kind = try parseNumber()
        case UInt8(ascii: "N") where startsWord("NaN"), UInt8(ascii: "I") where startsWord("Infinity"):
            throw error("NaN and Infinity are not numbers in JSON; give a finite number")
        case UInt8(ascii: "/"):
            throw error("JSON has no comments; put remarks in a \"description\" or \"notes\" field")
        case UInt8(ascii: "'"):
            throw error("strings in JSON use double quotes (\"), not single quotes")
        default:
            throw error("unexpected \(describe(byte)); expected a value (object, list, string, number, true, false or null)")
        }
        return JSONValue(kind: kind, line: startLine, column: startColumn)
    }

    private func startsWord(_ word: String) -> Bool {
        let utf8 = Array(word.utf8)
        return index + utf8.count <= bytes.count && Array(bytes[index..<(index + utf8.count)]) == utf8
    }

    /// The error for an unexpected byte right after a string that swallowed a closing bracket
    /// or a comma (`["DE], "FR"]`): reported where that string starts, where the quote is missing.
    private func errorAfterString(_ message: String) -> JSONSyntaxError {
        if let last = lastString,
            last.end == index || bytes[last.end..<index].allSatisfy({ [0x20, 0x09, 0x0A, 0x0D].contains($0) }),
            let cut = last.text.firstIndex(where: { $0 == "]" || $0 == "}" || $0 == "," || $0 == ":" })
        {
            let before = String(last.text[..<cut])
            return JSONSyntaxError(
                line: last.line, column: last.column,
                message:
                    "\(message); the string that starts here runs on past '\(last.text[cut])' — is the closing '\"' after \"\(before.prefix(40))\" missing?"
            )
        }
        return error(message)
    }

    private mutating func expectWord(_ word: String) throws(JSONSyntaxError) {
        let utf8 = Array(word.utf8)
        guard index + utf8.count <= bytes.count, Array(bytes[index..<(index + utf8.count)]) == utf8 else {
            throw error("unexpected text; expected \(word)")
        }
        index += utf8.count
    }

    private mutating func enter() throws(JSONSyntaxError) {
        depth += 1
        if depth > 256 { throw error("nesting deeper than 256 levels") }
    }

    private mutating func parseObject() throws(JSONSyntaxError) -> JSONValue.Kind {
        try enter()
        defer { depth -= 1 }
        index += 1
        var members: [JSONValue.Member] = []
        skipWhitespace()
        if index < bytes.count && bytes[index] == UInt8(ascii: "}") {
            index += 1
            return .object(members)
        }
        while true {
            skipWhitespace()
            guard index < bytes.count else { throw error("unexpected end of file inside an object; expected a key or '}'") }
            guard bytes[index] == UInt8(ascii: "\"") else {
                if bytes[index] == UInt8(ascii: "}") { throw error("trailing comma before '}' is not allowed in JSON") }
                if bytes[index] == UInt8(ascii: "/") {
                    throw error("JSON has no comments; put remarks in a \"description\" or \"notes\" field")
                }
                throw error("unexpected \(describe(bytes[index])); expected a key in double quotes")
            }
            let keyLine = line
            let keyColumn = column
            let key = try parseString()
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else {
                throw error("expected ':' after the key \"\(key)\"")
            }
            index += 1
            skipWhitespace()
            let value = try parseValue()
            members.append(JSONValue.Member(key: key, keyLine: keyLine, keyColumn: keyColumn, value: value))
            skipWhitespace()
            guard index < bytes.count else { throw error("unexpected end of file inside an object; expected ',' or '}'") }
            if bytes[index] == UInt8(ascii: ",") {
                index += 1
                continue
            }
            if bytes[index] == UInt8(ascii: "}") {
                index += 1
                return .object(members)
            }
            throw errorAfterString("unexpected \(describe(bytes[index])) after the value of \"\(key)\"; expected ',' or '}'")
        }
    }

    private mutating func parseArray() throws(JSONSyntaxError) -> JSONValue.Kind {
        try enter()
        defer { depth -= 1 }
        index += 1
        var items: [JSONValue] = []
        skipWhitespace()
        if index < bytes.count && bytes[index] == UInt8(ascii: "]") {
            index += 1
            return .array(items)
        }
        while true {
            skipWhitespace()
            if index < bytes.count && bytes[index] == UInt8(ascii: "]") {
                throw error("trailing comma before ']' is not allowed in JSON")
            }
            items.append(try parseValue())
            skipWhitespace()
            guard index < bytes.count else { throw error("unexpected end of file inside a list; expected ',' or ']'") }
            if bytes[index] == UInt8(ascii: ",") {
                index += 1
                continue
            }
            if bytes[index] == UInt8(ascii: "]") {
                index += 1
                return .array(items)
            }
            throw errorAfterString("unexpected \(describe(bytes[index])) in a list; expected ',' or ']'")
        }
    }

    private mutating func parseString() throws(JSONSyntaxError) -> String {
        let startLine = line
        let startColumn = column
        index += 1
        var scalars: [UInt8] = []
        while true {
            guard index < bytes.count else { throw error("unterminated string; expected a closing '\"'") }
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""):
                index += 1
                let text = String(decoding: scalars, as: UTF8.self)
                lastString = (text, startLine, startColumn, index)
                return text
            case UInt8(ascii: "\\"):
                index += 1
                guard index < bytes.count else { throw error("unterminated escape in a string") }
                let escape = bytes[index]
                index += 1
                switch escape {
                case UInt8(ascii: "\""): scalars.append(0x22)
                case UInt8(ascii: "\\"): scalars.append(0x5C)
                case UInt8(ascii: "/"): scalars.append(0x2F)
                case UInt8(ascii: "b"): scalars.append(0x08)
                case UInt8(ascii: "f"): scalars.append(0x0C)
                case UInt8(ascii: "n"): scalars.append(0x0A)
                case UInt8(ascii: "r"): scalars.append(0x0D)
                case UInt8(ascii: "t"): scalars.append(0x09)
                case UInt8(ascii: "u"):
                    var code = try parseHex4()
                    if (0xD800...0xDBFF).contains(code) {
                        guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u")
                        else {
                            throw error("unpaired surrogate in a \\u escape")
                        }
                        index += 2
                        let low = try parseHex4()
                        guard (0xDC00...0xDFFF).contains(low) else { throw error("unpaired surrogate in a \\u escape") }
                        code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                    }
                    guard let scalar = Unicode.Scalar(code) else { throw error("invalid \\u escape") }
                    scalars.append(contentsOf: Array(String(Character(scalar)).utf8))
                default:
                    throw error("invalid escape '\\\(Character(UnicodeScalar(escape)))' in a string")
                }
            case 0x00..<0x20:
                throw error("control character in a string (a line break inside quotes?); use \\n")
            case 0x20..<0x80:
                scalars.append(byte)
                index += 1
            default:
                let length = utf8SequenceLength(at: index)
                guard length > 0 else { throw error("invalid UTF-8 in a string (the file must be UTF-8 text)") }
                scalars.append(contentsOf: bytes[index..<(index + length)])
                index += length
            }
        }
    }

    /// The length of the valid UTF-8 sequence at `start` (a non-ASCII lead byte), or 0.
    private func utf8SequenceLength(at start: Int) -> Int {
        let lead = bytes[start]
        let (length, low, high): (Int, UInt8, UInt8)
        switch lead {
        case 0xC2...0xDF: (length, low, high) = (2, 0x80, 0xBF)
        case 0xE0: (length, low, high) = (3, 0xA0, 0xBF)
        case 0xE1...0xEC, 0xEE...0xEF: (length, low, high) = (3, 0x80, 0xBF)
        case 0xED: (length, low, high) = (3, 0x80, 0x9F)
        case 0xF0: (length, low, high) = (4, 0x90, 0xBF)
        case 0xF1...0xF3: (length, low, high) = (4, 0x80, 0xBF)
        case 0xF4: (length, low, high) = (4, 0x80, 0x8F)
        default: return 0
        }
        guard start + length <= bytes.count, (low...high).contains(bytes[start + 1]) else { return 0 }
        for offset in 2..<max(2, length) where !(0x80...0xBF).contains(bytes[start + offset]) { return 0 }
        return length
    }

    private mutating func parseHex4() throws(JSONSyntaxError) -> UInt32 {
        guard index + 4 <= bytes.count else { throw error("incomplete \\u escape") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            let digit: UInt32
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - UInt8(ascii: "A") + 10)
            default: throw error("invalid hex digit in a \\u escape")
            }
            value = value * 16 + digit
            index += 1
        }
        return value
    }

    private mutating func parseNumber() throws(JSONSyntaxError) -> JSONValue.Kind {
        let start = index
        if bytes[index] == UInt8(ascii: "-") {
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "I") {
                throw error("NaN and Infinity are not numbers in JSON; give a finite number")
            }
        }
        func digits() -> Int {
            let begin = index
            while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) { index += 1 }
            return index - begin
        }
        guard index < bytes.count else { throw error("incomplete number") }
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
            if index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) {
                throw error("numbers in JSON cannot have leading zeros")
            }
        } else if digits() == 0 {
            throw error("invalid number; expected a digit after '-'")
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            if digits() == 0 { throw error("invalid number; expected a digit after '.'") }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            if digits() == 0 { throw error("invalid number; expected a digit in the exponent") }
        }
        let literal = String(decoding: bytes[start..<index], as: UTF8.self)
        guard let value = Double(literal) else { throw error("invalid number \(literal)") }
        // A literal beyond the range of doubles (1e999) parses as infinite: the reader reports it
        // with the key it belongs to.
        return .number(value, literal: literal)
    }
}
