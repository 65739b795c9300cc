/// The projections of a run: every variant (the baseline first) × every country × every year.
public struct ProjectionResult: Sendable {
    /// `B`.
    public let baseYear: Int
    /// `E`.
    public let endYear: Int
    /// `B … E`.
    public let years: [Int]
    /// The variants, `baseline` first.
    public let variants: [PolicyVariant]
    /// The countries, in request order, with the scenario's inputs (a variant may override them:
    /// ``projection(variant:country:)`` carries the inputs each variant used).
    public let countries: [CountryInputs]
    /// Notes on the run a reader should see (left-out SAFE tranches, approximations).
    public let notes: [String]
    /// Whether the scenario has a GDP feedback block (MODEL.md §12): only then do the outputs
    /// carry its figures (``reportedMetrics``).
    public let reportsGDPFeedback: Bool
    /// The policy numbers the run used (the policy file's, with the scenario's overrides).
    public let policy: Policy
    private let values: [ProjectionMetric: [Double]]
    private let flags: [YearFlags]

    init(
        baseYear: Int, endYear: Int, years: [Int], variants: [PolicyVariant], countries: [CountryInputs],
        values: [ProjectionMetric: [Double]], flags: [YearFlags], notes: [String], reportsGDPFeedback: Bool = false,
        policy: Policy = .current
    ) {
        self.policy = policy
        self.reportsGDPFeedback = reportsGDPFeedback || variants.contains { $0.macro != nil }
        self.baseYear = baseYear
        self.endYear = endYear
        self.years = years
        self.variants = variants
        self.countries = countries
        self.values = values
        self.flags = flags
        self.notes = notes
    }

    private var laneCount: Int { variants.count * countries.count }

    /// The figures the outputs carry: every metric, the GDP feedback's only when the run has it.
    public var reportedMetrics: [ProjectionMetric] {
        ProjectionMetric.allCases.filter { reportsGDPFeedback || !$0.isGDPFeedback }
    }

    private func lane(variant: Int, country: Int) -> Int {
        precondition(variant >= 0 && variant < variants.count, "variant index \(variant) outside 0..<\(variants.count)")
        precondition(country >= 0 && country < countries.count, "country index \(country) outside 0..<\(countries.count)")
        return variant * countries.count + country
    }

    /// The value of `metric` for a variant and country in the year at `yearIndex`.
    public func value(_ metric: ProjectionMetric, variant: Int, country: Int, yearIndex: Int) -> Double {
        values[metric]![yearIndex * laneCount + lane(variant: variant, country: country)]
    }

    /// The projection of one country under one variant.
    public func projection(variant: Int, country: Int) -> CountryProjection {
        let lane = lane(variant: variant, country: country)
        var columns: [ProjectionMetric: [Double]] = [:]
        for (metric, data) in values {
            columns[metric] = years.indices.map { data[$0 * laneCount + lane] }
        }
        // The inputs this variant ran on: its own overrides (a stress variant's market rate, its
        // escape-clause years) win over the scenario's.
        let inputs = variants[variant].inputOverrides[countries[country].code] ?? countries[country]
        return CountryProjection(
            variant: variants[variant].label, country: inputs, years: years, columns: columns,
            flags: years.indices.map { flags[$0 * laneCount + lane] })
    }

    /// The projection of the country with `code` under the variant labelled `label`.
    public func projection(variant label: String, country code: String) -> CountryProjection? {
        guard let variant = variants.firstIndex(where: { $0.label == label }),
            let country = countries.firstIndex(where: { $0.code == code })
        else { return nil }
        return projection(variant: variant, country: country)
    }

    /// Every projection, variant by variant, countries in order within each.
    public var allProjections: [CountryProjection] {
        variants.indices.flatMap { v in countries.indices.map { c in projection(variant: v, country: c) } }
    }
}

/// One country under one variant, year by year.
public struct CountryProjection: Sendable {
    /// The variant's label.
    public let variant: String
    /// The country's inputs (with provenance).
    public let country: CountryInputs
    /// `B … E`.
    public let years: [Int]
    private let columns: [ProjectionMetric: [Double]]
    /// The flags per year.
    public let flags: [YearFlags]

    init(variant: String, country: CountryInputs, years: [Int], columns: [ProjectionMetric: [Double]], flags: [YearFlags]) {
        self.variant = variant
        self.country = country
        self.years = years
        self.columns = columns
        self.flags = flags
    }

    /// The values of `metric`, one per year.
    public subscript(metric: ProjectionMetric) -> [Double] { columns[metric]! }

    /// The value of `metric` in `year`, or `nil` outside the projection.
    public func value(_ metric: ProjectionMetric, in year: Int) -> Double? {
        guard let index = years.firstIndex(of: year) else { return nil }
        return columns[metric]![index]
    }

    /// The flags of `year`.
    public func flags(in year: Int) -> YearFlags? {
        years.firstIndex(of: year).map { flags[$0] }
    }

    /// The debt ratio in `year`, % of GDP.
    public func debtRatio(in year: Int) -> Double? { value(.debt, in: year) }
}
