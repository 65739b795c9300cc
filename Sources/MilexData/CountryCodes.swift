/// Other ways people write the codes of the dataset's countries, for suggestions.
public enum CountryCodes {
    /// ISO 3166 alpha-3 → alpha-2 for the countries milex covers, plus Eurostat's and common
    /// aliases (EL for Greece, UK for the United Kingdom).
    static let aliases: [String: String] = [
        "ALB": "AL", "AUT": "AT", "AUS": "AU", "BEL": "BE", "BGR": "BG", "CAN": "CA", "CYP": "CY",
        "CZE": "CZ", "DEU": "DE", "DNK": "DK", "EST": "EE", "ESP": "ES", "FIN": "FI", "FRA": "FR",
        "GBR": "GB", "GRC": "GR", "HRV": "HR", "HUN": "HU", "IRL": "IE", "ISL": "IS", "ITA": "IT",
        "JPN": "JP", "KOR": "KR", "LTU": "LT", "LUX": "LU", "LVA": "LV", "MNE": "ME", "MKD": "MK",
        "MLT": "MT", "NLD": "NL", "NOR": "NO", "POL": "PL", "PRT": "PT", "ROU": "RO", "SWE": "SE",
        "SVN": "SI", "SVK": "SK", "TUR": "TR", "UKR": "UA", "USA": "US",
        "EL": "GR", "UK": "GB", "GER": "DE", "ROM": "RO",
    ]

    /// The alpha-2 code meant by `code`, if it is a known alias.
    public static func alias(for code: String) -> String? { aliases[code.uppercased()] }
}
