/// The position of a case in its enum's declaration, read from the enum's own storage, for the
/// model's string-valued key enums (``ProjectionMetric``, ``CountryParameter``,
/// ``PolicyParameter``) that index dictionaries and tables on the engine's hot paths.
///
/// Why: an enum with a `String` raw value inherits `RawRepresentable`'s `hash(into:)`, which
/// hashes the raw string — measured as more than half of a deterministic solve's time (every
/// `LaneTable` access and policy lookup hashed a key such as `"escape_clause_cap_pct_gdp"`).
/// A case without a payload is stored as its declaration index (one byte up to 256 cases), so
/// hashing that byte is exact and cheap. `CaseOrdinalTests` checks, for every case of every
/// enum that uses it, that the byte is the case's index in `allCases`.
enum CaseOrdinal {
    @inline(__always)
    static func of<T: CaseIterable>(_ value: T) -> Int {
        precondition(MemoryLayout<T>.size == 1, "\(T.self) is not a one-byte enum")
        return withUnsafeBytes(of: value) { Int($0[0]) }
    }
}

extension ProjectionMetric {
    /// The case's index in ``allCases`` (``CaseOrdinal``).
    @inline(__always) var ordinal: Int { CaseOrdinal.of(self) }
    public func hash(into hasher: inout Hasher) { hasher.combine(ordinal) }
}

extension CountryParameter {
    /// The case's index in ``allCases`` (``CaseOrdinal``).
    @inline(__always) var ordinal: Int { CaseOrdinal.of(self) }
    public func hash(into hasher: inout Hasher) { hasher.combine(ordinal) }
}

extension PolicyParameter {
    /// The case's index in ``allCases`` (``CaseOrdinal``).
    @inline(__always) var ordinal: Int { CaseOrdinal.of(self) }
    public func hash(into hasher: inout Hasher) { hasher.combine(ordinal) }
}
