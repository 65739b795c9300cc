import MilexNumerics

/// The variables shocked in stochastic projections (MODEL.md §8).
public enum ShockVariable: Int, CaseIterable, Sendable {
    /// Nominal GDP growth, percentage points; acts in the year drawn.
    case growth = 0
    /// The market rate on new debt, percentage points; persistent (shocks accumulate).
    case marketRate = 1
    /// The primary balance, percentage points of GDP; acts in the year drawn.
    case primaryBalance = 2

    /// The name used in scenario files and outputs.
    public var key: String {
        switch self {
        case .growth: return "nominal_growth_pct"
        case .marketRate: return "market_rate_pct"
        case .primaryBalance: return "primary_balance_pct_gdp"
        }
    }
}

/// The joint covariance of annual shocks for every country of a run: a `3C × 3C` matrix
/// ordered country by country, variable by variable (index `3·c + v`).
///
/// Estimated from historical annual shocks (first differences) with pairwise-complete
/// observations, shrunk towards its diagonal until positive definite (docs/stochastic.md), or
/// built from given standard deviations and correlations.
public struct ShockCovariance: Sendable {
    /// The countries, in run order.
    public let countries: [String]
    /// The covariance, `3C × 3C`, in (percentage points)².
    public let matrix: Matrix
    /// The shrinkage applied: `Σ = (1 − λ)·S + λ·diag(S)`.
    public let shrinkage: Double
    /// How the matrix was obtained, in words.
    public let method: String
    /// Countries given a default instead of their own history, with the reason.
    public let defaults: [String: String]

    /// The number of variables per country.
    public static let variableCount = ShockVariable.allCases.count

    /// The minimum number of years two series must share for their covariance to be estimated;
    /// pairs with fewer are taken as uncorrelated.
    public static let minimumOverlap = 8

    /// The grid of shrinkage intensities tried, smallest first.
    static let shrinkageGrid = (0...100).map { Double($0) / 100 }

    /// A matrix of zeros: the stochastic run then equals the deterministic one.
    public static func zero(countries: [String]) -> ShockCovariance {
        let n = countries.count * variableCount
        return ShockCovariance(
            countries: countries, matrix: Matrix(rows: n, columns: n), shrinkage: 0, method: "zero variance", defaults: [:])
    }

    /// Creates a covariance directly (tests and library users).
    public init(countries: [String], matrix: Matrix, shrinkage: Double = 0, method: String, defaults: [String: String] = [:]) {
        precondition(
            matrix.rows == countries.count * Self.variableCount && matrix.columns == matrix.rows, "covariance must be 3C × 3C")
        self.countries = countries
        self.matrix = matrix
        self.shrinkage = shrinkage
        self.method = method
        self.defaults = defaults
    }

    /// One year of history: the shocks to growth, the long-term rate and the primary balance
    /// (`nil` where the source has none).
    public struct Observation: Sendable {
        public let year: Int
        public let values: [Double?]

        public init(year: Int, values: [Double?]) {
            precondition(values.count == ShockCovariance.variableCount, "an observation holds one value per shock variable")
            self.year = year
            self.values = values
        }
    }

    /// Estimates the covariance from historical shocks.
    ///
    /// 1. Sample covariances over the years both series have (pairwise complete, demeaned on
    ///    those years, divisor n − 1); pairs sharing fewer than ``minimumOverlap`` years count as
    ///    uncorrelated.
    /// 2. Countries without history get, for each variable, the median standard deviation of
    ///    every country in `history`, uncorrelated with everything else (flagged).
    /// 3. `Σ(λ) = (1 − λ)·S + λ·diag(S)` with the smallest λ on a grid of 0.01 steps for which
    ///    the Cholesky factorisation succeeds with every pivot at least 1e-6 of its diagonal.
    /// - Parameter history: annual shocks per country code.
    public static func estimate(history: [String: [Observation]], countries: [String]) -> ShockCovariance {
        let v = variableCount
        let n = countries.count * v
        // Series keyed by (country index, variable) → year → value.
        var series: [[Int: Double]] = Array(repeating: [:], count: n)
        var defaults: [String: String] = [:]
        for (c, code) in countries.enumerated() {
            guard let observations = history[code], !observations.isEmpty else {
                defaults[code] =
                    "no historical shocks in the dataset: the median standard deviations of the countries with history (EU-27), uncorrelated"
                continue
            }
            for observation in observations {
                for variable in 0..<v {
                    if let value = observation.values[variable], value.isFinite {
                        series[c * v + variable][observation.year] = value
                    }
                }
            }
            if (0..<v).contains(where: { series[c * v + $0].count < minimumOverlap }) {
                defaults[code] =
                    "fewer than \(minimumOverlap) years of history for a shock: median standard deviations, uncorrelated"
                for variable in 0..<v { series[c * v + variable] = [:] }
            }
        }
        var sample = Matrix(rows: n, columns: n)
        for i in 0..<n {
            for j in 0...i where !series[i].isEmpty && !series[j].isEmpty {
                // Sorted: sums in a fixed order give the same bits on every run (a Set's order
                // changes from process to process).
                let years = Set(series[i].keys).intersection(series[j].keys).sorted()
                guard years.count >= minimumOverlap else { continue }
                let x = years.map { series[i][$0]! }
                let y = years.map { series[j][$0]! }
                let meanX = x.reduce(0, +) / Double(x.count)
                let meanY = y.reduce(0, +) / Double(y.count)
                let covariance = zip(x, y).reduce(0) { $0 + ($1.0 - meanX) * ($1.1 - meanY) } / Double(x.count - 1)
                sample[i, j] = covariance
                sample[j, i] = covariance
            }
        }
        // Defaults: per variable, the median standard deviation over every country of the
        // history (not only those in the run, so a run of countries without history still
        // gets shocks), squared.
        let medians = Self.medianStandardDeviations(history: history)
        for variable in 0..<v {
            guard let median = medians[variable] else { continue }
            for (c, code) in countries.enumerated() where defaults[code] != nil {
                sample[c * v + variable, c * v + variable] = median * median
            }
        }
        let (shrunk, lambda) = shrinkToPositiveDefinite(sample)
        return ShockCovariance(
            countries: countries, matrix: shrunk, shrinkage: lambda,
            method:
                "estimated from historical annual shocks (pairwise complete, ≥ \(minimumOverlap) common years), shrunk towards the diagonal with λ = \(lambda)",
            defaults: defaults)
    }

    /// Per variable, the median of the sample standard deviations of every country in
    /// `history` with at least ``minimumOverlap`` years of that shock (nil when none has).
    public static func medianStandardDeviations(history: [String: [Observation]]) -> [Double?] {
        (0..<variableCount).map { variable in
            let deviations = history.keys.sorted().compactMap { code -> Double? in
                let values = history[code]!.sorted { $0.year < $1.year }.compactMap { $0.values[variable] }.filter(\.isFinite)
                guard values.count >= minimumOverlap else { return nil }
                let mean = values.reduce(0, +) / Double(values.count)
                let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count - 1)
                return variance.squareRoot()
            }.sorted()
            guard !deviations.isEmpty else { return nil }
            let middle = deviations.count / 2
            return deviations.count % 2 == 1 ? deviations[middle] : (deviations[middle - 1] + deviations[middle]) / 2
        }
    }

    /// `(1 − λ)·S + λ·diag(S)` for the smallest λ on the grid that is safely positive definite.
    static func shrinkToPositiveDefinite(_ sample: Matrix) -> (Matrix, Double) {
        singleThreadedBLAS { shrinkSearch(sample) }
    }

    private static func shrinkSearch(_ sample: Matrix) -> (Matrix, Double) {
        let n = sample.rows
        for lambda in shrinkageGrid {
            var candidate = sample
            for j in 0..<n {
                for i in 0..<n where i != j { candidate[i, j] = (1 - lambda) * sample[i, j] }
            }
            if isSafelyPositiveDefinite(candidate) { return (candidate, lambda) }
        }
        return (Matrix.diagonal((0..<n).map { sample[$0, $0] }), 1)
    }

    /// Whether the Cholesky factorisation of the non-zero-variance part succeeds with every
    /// squared pivot at least 1e-6 of its diagonal entry.
    static func isSafelyPositiveDefinite(_ matrix: Matrix) -> Bool {
        let active = (0..<matrix.rows).filter { matrix[$0, $0] > 0 }
        guard !active.isEmpty else { return true }
        var sub = Matrix(rows: active.count, columns: active.count)
        for (a, i) in active.enumerated() {
            for (b, j) in active.enumerated() { sub[a, b] = matrix[i, j] }
        }
        guard let factor = try? CholeskyFactorization(sub) else { return false }
        return active.indices.allSatisfy { factor.lower[$0, $0] * factor.lower[$0, $0] >= 1e-6 * sub[$0, $0] }
    }

    /// Builds the covariance from standard deviations and correlations.
    /// - Parameters:
    ///   - standardDeviations: per country, one standard deviation per ``ShockVariable`` (pp).
    ///   - withinCountry: the 3 × 3 correlation of a country's own shocks (identity if `nil`).
    ///   - acrossCountries: the correlation of the same variable between two countries.
    /// - Throws: ``NumericsError`` when the result is not positive definite on its non-zero
    ///   part (a singular matrix, e.g. a correlation of 1 across countries, is refused).
    public static func given(
        countries: [String], standardDeviations: [String: [Double]], withinCountry: Matrix?, acrossCountries: Double
    ) throws -> ShockCovariance {
        let v = variableCount
        let n = countries.count * v
        let within = withinCountry ?? Matrix.identity(v)
        precondition(within.rows == v && within.columns == v, "the within-country correlation is 3 × 3")
        var matrix = Matrix(rows: n, columns: n)
        for (c, code) in countries.enumerated() {
            for (d, other) in countries.enumerated() {
                let sc = standardDeviations[code] ?? [0, 0, 0]
                let sd = standardDeviations[other] ?? [0, 0, 0]
                for a in 0..<v {
                    for b in 0..<v {
                        let correlation = c == d ? within[a, b] : (a == b ? acrossCountries : acrossCountries * within[a, b])
                        matrix[c * v + a, d * v + b] = correlation * sc[a] * sd[b]
                    }
                }
            }
        }
        let active = (0..<n).filter { matrix[$0, $0] > 0 }
        if !active.isEmpty {
            var sub = Matrix(rows: active.count, columns: active.count)
            for (a, i) in active.enumerated() {
                for (b, j) in active.enumerated() { sub[a, b] = matrix[i, j] }
            }
            _ = try singleThreadedBLAS { try CholeskyFactorization(sub) }
        }
        return ShockCovariance(countries: countries, matrix: matrix, method: "given standard deviations and correlations")
    }

    /// The lower-triangular factor `L` with `L·Lᵀ = Σ`; variables with zero variance get zero
    /// rows and columns (so zero variance gives zero shocks exactly).
    public func factor() throws -> Matrix {
        let n = matrix.rows
        let active = (0..<n).filter { matrix[$0, $0] > 0 }
        var lower = Matrix(rows: n, columns: n)
        guard !active.isEmpty else { return lower }
        var sub = Matrix(rows: active.count, columns: active.count)
        for (a, i) in active.enumerated() {
            for (b, j) in active.enumerated() { sub[a, b] = matrix[i, j] }
        }
        let factor = try Self.singleThreadedBLAS { try CholeskyFactorization(sub) }.lower
        for (a, i) in active.enumerated() {
            for (b, j) in active.enumerated() { lower[i, j] = factor[a, b] }
        }
        return lower
    }

    /// Runs `body` with OpenBLAS on one thread. These factorisations are small; on more threads
    /// OpenBLAS wakes its pool for each, and the pool then spins for a while beside the
    /// stochastic engine's own workers (measured: 0.27 s of CPU in a 1 s run on 2 cores).
    static func singleThreadedBLAS<T>(_ body: () throws -> T) rethrows -> T {
        let before = BLASThreads.current
        guard before != 1 else { return try body() }
        BLASThreads.set(1)
        defer { BLASThreads.set(before) }
        return try body()
    }
}
