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
    public private(set) var escapeClause: EscapeClauseRecord?
    /// The net expenditure paths (EU members), if any was recorded.
    public let netExpenditure: NetExpenditureRecord?
    public let nationalRules: [NationalRule]
    /// Facts worth showing, each ending with its source id in brackets.
    public let notes: [String]
    /// Every figure, every vintage.
    public private(set) var figures: [Figure]
    /// The dataset's default base year.
    let baseYear: Int
    /// The euro's USD rate (USD per EUR) as the euro-area countries carry it, every year and
    /// vintage, for cross rates.
    private(set) var euroDollar: [Figure]
    /// The dataset vintage this record shows (figures added later are left out).
    public private(set) var asOfVintage: String?

    init(code: String, file: DatasetFile.Country, baseYear: Int, euroDollar: [Figure]) {
        self.code = code
        name = file.name
        currency = file.currency
        memberships = file.memberships
        escapeClause = file.escapeClause
        netExpenditure = file.netExpenditure
        nationalRules = file.nationalRules
        notes = file.notes
        figures = file.figures
        self.baseYear = baseYear
        self.euroDollar = euroDollar
    }

    /// The record as the dataset vintage `vintage` held it: figures (and an escape-clause
    /// activation) added in a later vintage are left out.
    public func asOf(_ vintage: String) -> CountryRecord {
        var record = self
        func included(_ added: String?) -> Bool { (added ?? "") <= vintage }
        record.figures = figures.filter { included($0.added) }
        record.euroDollar = euroDollar.filter { included($0.added) }
        if let clause = escapeClause, !included(clause.added) { record.escapeClause = nil }
        record.asOfVintage = vintage
        return record
    }

    /// The euro's USD rate (USD per EUR) in `year`, or the latest before it.
    func usdPerEUR(upTo year: Int) -> Figure? {
        let years = euroDollar.filter { $0.year <= year }.map(\.year)
        guard let latest = years.max() else { return nil }
        return euroDollar.filter { $0.year == latest }.max { $0.published < $1.published }
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
