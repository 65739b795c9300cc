import Foundation
import MilexModel

/// The built-in dataset: countries, their sourced figures, groups and sources (immutable; a
/// class, so the large table is shared rather than copied into every loader and report).
///
/// It is built by `Scripts/build-dataset.py` from the reference files in `Data/` into
/// `Sources/MilexData/Dataset/milex-dataset.json`, which is compiled into the binary (see
/// Data/README.md for the format and the refresh procedure).
public final class Dataset: Sendable {
    /// The format tag of the file this code reads.
    public static let format = "milex-dataset/1"

    /// The named vintage (e.g. `2026.05`).
    public let vintage: String
    /// The default base year (`B`), the latest the figures describe.
    public let baseYear: Int
    /// Every base year the dataset carries a starting point for.
    public let supportedBaseYears: [Int]
    /// The vintage before this one (`2026.06`, the last with base year 2024): a scenario may pin
    /// it with `dataset_vintage`, and base-year-2024 runs use it by default.
    public let previousVintage: String?
    /// Every source, by id.
    public let sources: [String: SourceRecord]
    /// Every country, by code.
    public let countries: [String: CountryRecord]
    /// Every group, by code (`NATO`, `EU27`, …).
    public let groups: [String: CountryGroup]
    /// Historical shocks for the stochastic engine.
    public let historicalShocks: HistoricalShocks?
    /// Stand-ins for figures no source gives.
    public let standIns: StandIns?

    /// Country codes, sorted.
    public var countryCodes: [String] { countries.keys.sorted() }

    /// The built-in dataset compiled into this binary.
    public static let builtIn: Dataset = {
        guard let text = EmbeddedFiles.contents["milex-dataset.json"] else {
            preconditionFailure("milex was built without Sources/MilexData/Dataset/milex-dataset.json")
        }
        do {
            return try Dataset(json: Data(text.utf8))
        } catch {
            // The file is generated and tested with the code: failing here is a build defect.
            preconditionFailure("the built-in dataset does not load: \(error)")
        }
    }()

    /// Loads a dataset file.
    public init(json: Data) throws {
        let file = try JSONDecoder().decode(DatasetFile.self, from: json)
        guard file.format == Self.format else {
            throw DatasetError.unsupportedFormat(file.format)
        }
        vintage = file.vintage
        baseYear = file.baseYear
        supportedBaseYears = file.supportedBaseYears ?? [file.baseYear]
        previousVintage = file.previousVintage
        sources = file.sources
        groups = file.groups
        historicalShocks = file.historicalShocks
        standIns = file.standIns
        // The euro's USD rate, as carried by the euro-area countries' figures (the same for all):
        // the first euro country's, every year and vintage.
        let euroDollar =
            file.countries.keys.sorted().lazy.compactMap { code -> [Figure]? in
                let record = file.countries[code]!
                guard record.currency == "EUR" else { return nil }
                let rates = record.figures.filter { $0.key == "usd_per_nc" }
                return rates.isEmpty ? nil : rates
            }.first ?? []
        var countries: [String: CountryRecord] = [:]
        for (code, record) in file.countries {
            countries[code] = CountryRecord(code: code, file: record, baseYear: file.baseYear, euroDollar: euroDollar)
        }
        self.countries = countries
    }

    /// The vintages a scenario may pin, oldest first.
    public var vintages: [String] { (previousVintage.map { [$0] } ?? []) + [vintage] }

    /// The vintage a run with base year `year` uses when the scenario pins none: the previous
    /// vintage for a base year before the default (its data as it then stood), else the current.
    public func defaultVintage(forBaseYear year: Int) -> String {
        year < baseYear ? (previousVintage ?? vintage) : vintage
    }

    /// The members of a group or the country itself, if `code` names either.
    public func expand(_ code: String) -> [String]? {
        if let group = groups[code] { return group.members }
        if countries[code] != nil { return [code] }
        return nil
    }
}

/// A dataset that cannot be read.
public enum DatasetError: Error, CustomStringConvertible {
    case unsupportedFormat(String)

    public var description: String {
        switch self {
        case .unsupportedFormat(let format):
            return "dataset format \(format) is not \(Dataset.format)"
        }
    }
}

struct DatasetFile: Decodable {
    struct Country: Decodable {
        let name: String
        let currency: String
        let memberships: [String: Membership]
        let escapeClause: EscapeClauseRecord?
        let netExpenditure: NetExpenditureRecord?
        let nationalRules: [NationalRule]
        let notes: [String]
        let figures: [Figure]

        enum CodingKeys: String, CodingKey {
            case name, currency, memberships, notes, figures
            case escapeClause = "escape_clause"
            case netExpenditure = "net_expenditure"
            case nationalRules = "national_rules"
        }
    }

    let format: String
    let vintage: String
    let previousVintage: String?
    let baseYear: Int
    let supportedBaseYears: [Int]?
    let sources: [String: SourceRecord]
    let countries: [String: Country]
    let groups: [String: CountryGroup]
    let historicalShocks: HistoricalShocks?
    let standIns: StandIns?

    enum CodingKeys: String, CodingKey {
        case format, vintage, sources, countries, groups
        case previousVintage = "previous_vintage"
        case baseYear = "base_year"
        case supportedBaseYears = "supported_base_years"
        case historicalShocks = "historical_shocks"
        case standIns = "stand_ins"
    }
}
