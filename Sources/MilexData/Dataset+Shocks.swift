import MilexModel

extension Dataset {
    /// The historical annual shocks per country (growth, long-term rate, primary balance), for
    /// ``ShockCovariance/estimate(history:countries:)``.
    public func shockHistory() -> [String: [ShockCovariance.Observation]] {
        guard let shocks = historicalShocks else { return [:] }
        var history: [String: [ShockCovariance.Observation]] = [:]
        for (code, rows) in shocks.series {
            history[code] = rows.compactMap { row in
                guard row.count == 4, let year = row[0] else { return nil }
                return ShockCovariance.Observation(year: Int(year), values: [row[1], row[2], row[3]])
            }
        }
        return history
    }
}
