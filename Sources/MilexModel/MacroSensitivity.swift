/// The debt ratio at the horizon over a grid of multipliers and import shares (MODEL.md §12):
/// how much the GDP feedback can move a run's headline figure, for a briefing to show the range.
///
/// Each grid point reruns the request with every variant's `macro` block set to the point's
/// multiplier `μ` and import share `m` for every country (its `by_country` multipliers and import
/// shares give way; persistence and budget semi-elasticity stay as the run has them). The
/// SAFE content cap still applies to the SAFE-financed part.
public struct MacroSensitivity: Sendable {
    /// The multipliers of the default grid: none, and the literature's range around the
    /// Commission's 0.75 (docs/macro.md).
    public static let defaultMultipliers: [Double] = [0, 0.5, 0.75, 1.0, 1.25]
    /// The import shares of the default grid, 0.2 to 0.8.
    public static let defaultImportShares: [Double] = [0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8]

    /// `μ` of the grid's rows.
    public let multipliers: [Double]
    /// `m` of the grid's columns.
    public let importShares: [Double]
    /// The variants (the baseline first, as in the run).
    public let variants: [String]
    /// The countries' codes, in the run's order.
    public let countries: [String]
    /// `E`.
    public let endYear: Int
    /// `debt[variant][country][multiplier][importShare]`: the debt ratio in `E`, % of GDP.
    public let debt: [[[[Double]]]]

    /// Runs the grid.
    /// - Throws: ``ProjectionError`` when a grid point cannot be projected (e.g. the feedback
    ///   takes GDP to zero).
    public static func run(
        _ request: ProjectionRequest, multipliers: [Double] = defaultMultipliers,
        importShares: [Double] = defaultImportShares
    ) throws -> MacroSensitivity {
        let variantCount = request.variants.count + 1
        let countryCount = request.countries.count
        var debt = [[[[Double]]]](
            repeating: [[[Double]]](
                repeating: [[Double]](
                    repeating: [Double](repeating: .nan, count: importShares.count), count: multipliers.count),
                count: countryCount),
            count: variantCount)
        var labels: [String] = []
        for (row, mu) in multipliers.enumerated() {
            for (column, share) in importShares.enumerated() {
                var point = request
                point.reportsGDPFeedback = true
                point.variants = request.variants.map { variant in
                    var variant = variant
                    var macro = variant.macro ?? MacroFeedback()
                    macro.settings.multiplier = mu
                    macro.settings.importShare = share
                    for code in macro.byCountry.keys {
                        macro.byCountry[code]?.multiplier = nil
                        macro.byCountry[code]?.importShare = nil
                    }
                    variant.macro = macro
                    return variant
                }
                let result = try ProjectionEngine().run(point)
                labels = result.variants.map(\.label)
                for variant in 0..<variantCount {
                    for country in 0..<countryCount {
                        debt[variant][country][row][column] = result.value(
                            .debt, variant: variant, country: country, yearIndex: result.years.count - 1)
                    }
                }
            }
        }
        return MacroSensitivity(
            multipliers: multipliers, importShares: importShares,
            variants: labels.isEmpty ? [PolicyVariant.baselineLabel] + request.variants.map(\.label) : labels,
            countries: request.countries.map(\.code), endYear: request.endYear, debt: debt)
    }
}
