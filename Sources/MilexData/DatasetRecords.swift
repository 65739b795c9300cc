import Foundation

/// A source a figure cites: who published what, when, and where it was read.
public struct SourceRecord: Codable, Sendable, Equatable {
    public let publisher: String
    public let title: String
    public let date: String
    public let url: String?
    /// Where the figures were read (a repository copy, a press reproduction), if not the URL.
    public let via: String?
    /// `primary`, `secondary` or `low`.
    public let reliability: String
    public let note: String?
}

/// One published figure of one country, with its source and vintage.
public struct Figure: Codable, Sendable, Equatable {
    /// The figure's key (`defence_pct_gdp`, `gdp_nc_bn`; see Data/README.md).
    public let key: String
    /// The calendar year the figure refers to.
    public let year: Int
    /// The value in `unit`.
    public let value: Double
    public let unit: String
    /// `outturn`, `estimate`, `forecast`, `budget`, `plan` or `allocation`.
    public let status: String
    /// What the statistic is (definition, table, series code).
    public let measure: String
    /// The source id (a key of ``Dataset/sources``).
    public let source: String
    /// The publication date (ISO); the latest published figure is the default.
    public let published: String
    /// The named vintage or edition (`NATO 2025 edition`).
    public let vintage: String
    public let note: String?
    /// The dataset vintage that first carried the figure (`2026.06`): a run pinned to an earlier
    /// vintage leaves it out.
    public let added: String?
}

/// Membership of an organisation as of the dataset's base year.
public struct Membership: Codable, Sendable, Equatable {
    public let member: Bool
    public let since: String?
    public let source: String
}

/// The country's national escape clause for defence, if activated.
public struct EscapeClauseRecord: Codable, Sendable, Equatable {
    public let requested: String?
    public let activated: String?
    public let years: [Int]
    public let source: String
    public let note: String?
    /// The dataset vintage that first carried the activation.
    public let added: String?
}

/// A member state's net expenditure paths (Regulation (EU) 2024/1263): the ceilings on the
/// growth of nominal net expenditure the Council endorsed (plan) or set (excessive deficit
/// procedure), each with its Council document.
public struct NetExpenditureRecord: Codable, Sendable, Equatable {
    public struct Path: Codable, Sendable, Equatable {
        /// `plan` (medium-term fiscal-structural plan) or `edp` (corrective path; it replaces
        /// the plan's while in force).
        public let kind: String
        /// The year the path's cumulative growth is measured from (as the Council document states
        /// it; `nil` when not given).
        public let baseYear: Int?
        public let adjustmentYears: Int?
        /// Ceilings on nominal net expenditure growth, % a year, by year (`"2025": 0.8`).
        public let ceilingsPct: [String: Double]
        public let source: String
        public let adopted: String?
        public let note: String?
        /// Whether the base year is published or inferred, in words.
        public let baseYearBasis: String?

        enum CodingKeys: String, CodingKey {
            case kind, source, adopted, note
            case baseYear = "base_year"
            case adjustmentYears = "adjustment_years"
            case ceilingsPct = "ceilings_pct"
            case baseYearBasis = "base_year_basis"
        }

        /// The ceilings by year.
        public var ceilings: [Int: Double] {
            Dictionary(uniqueKeysWithValues: ceilingsPct.compactMap { key, value in Int(key).map { ($0, value) } })
        }
    }

    /// `endorsed` or `none`.
    public let status: String
    public let paths: [Path]

    /// The path in force: the corrective (EDP) path when there is one with ceilings, else the plan's.
    public var pathInForce: Path? {
        paths.first { $0.kind == "edp" && !$0.ceilingsPct.isEmpty }
            ?? paths.first { $0.kind == "plan" && !$0.ceilingsPct.isEmpty }
    }
}

/// A national fiscal rule stated as data (e.g. Germany's debt brake): a floor on the balance,
/// with spending categories exempt above a threshold.
public struct NationalRule: Codable, Sendable, Equatable {
    /// An exemption: spending measured by `measure` above `abovePctGDP` % of GDP does not count.
    public struct Exemption: Codable, Sendable, Equatable {
        public let measure: String
        public let abovePctGDP: Double

        enum CodingKeys: String, CodingKey {
            case measure
            case abovePctGDP = "above_pct_gdp"
        }
    }

    public let id: String
    public let name: String
    /// `structural_balance_floor`: the balance (after exemptions) must not fall below the limit.
    public let kind: String
    /// The limit, % of GDP (negative: a deficit limit).
    public let limitPctGDP: Double
    public let exemptions: [Exemption]
    /// Whether the rule applies to a cyclically adjusted balance (milex uses the headline one).
    public let cyclicalAdjustment: Bool
    public let source: String
    public let note: String?

    enum CodingKeys: String, CodingKey {
        case id, name, kind, exemptions, source, note
        case limitPctGDP = "limit_pct_gdp"
        case cyclicalAdjustment = "cyclical_adjustment"
    }
}

/// A group of countries usable wherever a country code is.
public struct CountryGroup: Codable, Sendable, Equatable {
    public let name: String
    public let members: [String]
    public let asOf: String
    public let source: String
    public let note: String?

    enum CodingKeys: String, CodingKey {
        case name, members, source, note
        case asOf = "as_of"
    }
}

/// Annual historical shocks per country (first differences), the basis of the stochastic
/// covariance.
public struct HistoricalShocks: Codable, Sendable, Equatable {
    public let source: String
    public let note: String
    public let variables: [String: String]
    /// Per country: rows of `[year, nominal growth, long-term rate, primary balance]`, `nil`
    /// where the source has no value.
    public let series: [String: [[Double?]]]
}

/// Stand-ins for figures no source gives (Scenarios/common/missing-figures.json, built into
/// the dataset): the proxies to switch on and the stated defaults, with the notes that justify
/// them. Every command applies them to a built-in country that lacks a required input, and
/// says so; `--no-assume-missing` refuses them.
public struct StandIns: Codable, Sendable, Equatable {
    /// The file they come from.
    public let file: String
    public let description: String?
    public let notes: [String]
    /// Proxy names (``InputProxy`` raw values).
    public let proxies: [String]
    /// Default values by country-input key.
    public let defaults: [String: Double]
}
