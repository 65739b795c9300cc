/// The questions reports ask of a run, answered here once: which escape-clause years are
/// active, whether a variant draws SAFE, the year a path reaches its target, and aggregates of
/// a group of countries.
extension PolicyVariant {
    /// The years the national escape clause is active for a country in this variant: the
    /// variant's own list, else the country's; none when the variant switches the clause off
    /// (MODEL.md §6, docs/model-notes.md E7).
    public func activeEscapeClauseYears(for inputs: CountryInputs) -> Set<Int> {
        guard financing.escapeClause else { return [] }
        return Set(financing.escapeClauseYears ?? Array(inputs.escapeClauseYears))
    }

    /// Whether the country draws SAFE loans in this variant: SAFE on, a take-up above zero (the
    /// country's own, else the variant's) and an allocation (MODEL.md §5).
    public func drawsSAFE(_ inputs: CountryInputs) -> Bool {
        financing.safe && (inputs.safeTakeUp ?? financing.safeTakeUp) > 0 && inputs.safeAllocationEURBn > 0
    }

    /// The year the variant's core path reaches its target (the latest over its countries'
    /// own paths and the related path), or nil for paths without one (growth).
    public func targetYear(baseYear: Int, countries: [String]) -> Int? {
        let paths = [defence, related] + countries.flatMap { [countryPaths[$0]?.defence, countryPaths[$0]?.related] }
        return paths.compactMap { $0?.targetYear(baseYear: baseYear) }.max()
    }
}

extension SpendingPath {
    /// The year the path reaches its target: `by` for linear, front and back; the start year
    /// for a step; the last point of a custom path; nil for growth.
    public func targetYear(baseYear: Int) -> Int? {
        switch shape {
        case .linear, .front, .back: return by
        case .step: return start ?? baseYear + 1
        case .custom: return points?.points.last?.year
        case .growth: return nil
        }
    }
}

extension ProjectionResult {
    /// A group's ratio of sums, `100·Σ num / Σ den` over `members` (e.g. debt `ΣD/ΣY`, every
    /// money figure converted to euros at the base-year rate so that currencies add up), per
    /// year; nil when no member is in the run.
    public func aggregateRatio(
        _ numerator: ProjectionMetric, over denominator: ProjectionMetric = .gdp, variant: Int, members: [String]
    ) -> [Double]? {
        let indices = countries.indices.filter { members.contains(countries[$0].code) }
        guard !indices.isEmpty else { return nil }
        return years.indices.map { t in
            var top = 0.0
            var bottom = 0.0
            for c in indices {
                let projection = projection(variant: variant, country: c)
                let toEUR = 1 / (projection.country.perEUR ?? .nan)
                top += projection[numerator][t] * toEUR
                bottom += projection[denominator][t] * toEUR
            }
            return 100 * top / bottom
        }
    }
}
