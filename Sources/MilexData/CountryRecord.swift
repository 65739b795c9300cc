import MilexModel

/// One country of the dataset: identity, memberships, instruments and every sourced figure.
public struct CountryRecord: Sendable {
    /// ISO 3166 alpha-2 code.
    public let code: String
    public let name: String
    /// ISO 4217 code of the national currency in the base year.
    public let currency: String
    /// `nato`, `eu`, `euro_area` membership as of the base year.
    public let memberships: [String: Membership]
    public let escapeClause: EscapeClauseRecord?
    public let nationalRules: [NationalRule]
    /// Facts worth showing, each ending with its source id in brackets.
    public let notes: [String]
    /// Every figure, every vintage.
    public let figures: [Figure]
    let baseYear: Int
    /// The euro's USD rate in the base year (USD per EUR), for cross rates.
    let usdPerEUR: Figure?

    init(code: String, file: DatasetFile.Country, baseYear: Int, usdPerEUR: Figure?) {
        self.code = code
        name = file.name
        currency = file.currency
        memberships = file.memberships
        escapeClause = file.escapeClause
        nationalRules = file.nationalRules
        notes = file.notes
        figures = file.figures
        self.baseYear = baseYear
        self.usdPerEUR = usdPerEUR
    }

    /// Whether the country is a member of `organisation` (`nato`, `eu`, `euro_area`).
    public func isMember(of organisation: String) -> Bool { memberships[organisation]?.member ?? false }

    /// Every figure for `key` in `year`, the default vintage first.
    ///
    /// The default is the figure published last (the latest official vintage); on equal
    /// publication dates, the one listed first in the dataset file.
    public func figures(_ key: String, year: Int) -> [Figure] {
        let matching = figures.enumerated().filter { $0.element.key == key && $0.element.year == year }
        return matching.sorted { a, b in
            a.element.published != b.element.published ? a.element.published > b.element.published : a.offset < b.offset
        }.map(\.element)
    }

    /// The default figure for `key` in `year`.
    public func figure(_ key: String, year: Int) -> Figure? { figures(key, year: year).first }

    /// The default figure for `key` in the latest year up to `year`.
    public func latestFigure(_ key: String, upTo year: Int) -> Figure? {
        let years = Set(figures.filter { $0.key == key && $0.year <= year }.map(\.year))
        return years.max().flatMap { figure(key, year: $0) }
    }

    /// The years for which `key` has figures.
    public func years(of key: String) -> [Int] { Set(figures.filter { $0.key == key }.map(\.year)).sorted() }
}
