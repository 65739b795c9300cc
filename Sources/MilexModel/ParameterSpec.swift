import Foundation

/// The description of one input: name, unit, valid range, default and meaning.
///
/// Each input is described once; that description drives scenario decoding and validation,
/// the JSON Schema (`milex schema`) and the reference documentation of the file format.
public struct ParameterSpec: Sendable {
    /// What kind of JSON value the input takes.
    public enum Kind: Sendable, Equatable {
        /// A number.
        case number
        /// A whole number (counts, years).
        case integer
        /// A calendar year.
        case year
        /// A number, or a `{"year": number}` map (MODEL.md §2).
        case yearSeries
        /// A list of calendar years.
        case yearList
        /// `true` or `false`.
        case boolean
        /// A string.
        case text
        /// One of the listed strings.
        case choice([String])
        /// A `{"year": share}` map (no plain number).
        case yearMap
    }

    /// The JSON key.
    public let key: String
    /// The symbol in MODEL.md, when there is one (`Y_B`, `g_t`).
    public let symbol: String?
    /// A short title.
    public let title: String
    /// The unit, in the field's conventions (`% of GDP`, `% a year`, `bn national currency`).
    public let unit: String
    /// The JSON value kind.
    public let kind: Kind
    /// The valid range of each number (also each value of a map).
    public let range: ValueRange?
    /// The default, in words (`nil` when the input is required).
    public let defaultDescription: String?
    /// What the input means.
    public let summary: String

    /// Creates a description.
    public init(
        key: String, symbol: String? = nil, title: String, unit: String, kind: Kind,
        range: ValueRange? = nil, default defaultDescription: String? = nil, summary: String
    ) {
        self.key = key
        self.symbol = symbol
        self.title = title
        self.unit = unit
        self.kind = kind
        self.range = range
        self.defaultDescription = defaultDescription
        self.summary = summary
    }

    /// Whether the input must be given (it has no default).
    public var isRequired: Bool { defaultDescription == nil }
}

/// A closed, open or half-open interval of valid numbers.
public struct ValueRange: Sendable, Equatable {
    /// The lower bound, if any.
    public let lower: Double?
    /// Whether the lower bound itself is valid.
    public let lowerInclusive: Bool
    /// The upper bound, if any.
    public let upper: Double?
    /// Whether the upper bound itself is valid.
    public let upperInclusive: Bool

    /// Creates a range.
    public init(lower: Double? = nil, lowerInclusive: Bool = true, upper: Double? = nil, upperInclusive: Bool = true) {
        self.lower = lower
        self.lowerInclusive = lowerInclusive
        self.upper = upper
        self.upperInclusive = upperInclusive
    }

    /// `[lower, upper]`.
    public static func closed(_ lower: Double, _ upper: Double) -> ValueRange {
        ValueRange(lower: lower, upper: upper)
    }
    /// `≥ lower`.
    public static func atLeast(_ lower: Double) -> ValueRange { ValueRange(lower: lower) }
    /// `> lower`.
    public static func above(_ lower: Double) -> ValueRange { ValueRange(lower: lower, lowerInclusive: false) }

    /// Whether `value` lies in the range (NaN and infinities never do).
    public func contains(_ value: Double) -> Bool {
        guard value.isFinite else { return false }
        if let lower, lowerInclusive ? value < lower : value <= lower { return false }
        if let upper, upperInclusive ? value > upper : value >= upper { return false }
        return true
    }

    /// The range in words: `a number ≥ 1`, `a number in [0, 1]`, `a number > −100`.
    public var phrase: String {
        switch (lower, upper) {
        case (let lower?, let upper?):
            return "a number in \(lowerInclusive ? "[" : "(")\(format(lower)), \(format(upper))\(upperInclusive ? "]" : ")")"
        case (let lower?, nil):
            return "a number \(lowerInclusive ? "≥" : ">") \(format(lower))"
        case (nil, let upper?):
            return "a number \(upperInclusive ? "≤" : "<") \(format(upper))"
        case (nil, nil):
            return "a finite number"
        }
    }

    private func format(_ value: Double) -> String {
        // Whole numbers up to 2⁵³ print as integers (the seed's bound is 2⁵³ − 1).
        let text = value == value.rounded() && abs(value) <= 9_007_199_254_740_992 ? String(Int(value)) : String(value)
        return text.replacingOccurrences(of: "-", with: "−")
    }
}
