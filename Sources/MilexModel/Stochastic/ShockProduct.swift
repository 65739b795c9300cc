import MilexNumerics

/// The correlated shocks `E = Z·Lᵀ` of a block of standard normals `Z`, computed in place with
/// only the arithmetic the factor `L` needs.
///
/// `L` is lower triangular and usually sparse in a known way: a country without history (and
/// any variable estimated alone) is uncorrelated with everything, so its column of `L` holds
/// only the diagonal; a zero-variance variable holds nothing. Such *singleton* columns are a
/// scaling (`E_k = L_kk·Z_k`, the value a full product gives, one product and no sum) or zeros.
/// The other columns — the *dense* part, e.g. the 81 of the 27 EU members in a NATO ∪ EU run —
/// go through BLAS `dtrmm` on their lower-triangular submatrix, in panels of
/// ``panelRows`` rows gathered into a small scratch (the dense columns are rarely adjacent).
/// For the 108 variables of NATO ∪ EU this is 3,402 multiply-adds per draw instead of the
/// 11,664 of a full `dgemm`.
///
/// The panels depend on the number of rows only, so every consumer of a block (the fan engine,
/// the solver) gets the same bits; the thread count never enters.
struct ShockProduct: Sendable {
    /// Variables (`3C`).
    let order: Int
    /// The dense columns, ascending.
    let dense: [Int]
    /// `L` restricted to ``dense`` (still lower triangular).
    let denseFactor: Matrix
    /// Singleton columns and their factor `L_kk` (0 for a zero-variance variable).
    let singletons: [(column: Int, scale: Double)]
    /// Whether the dense columns are `0 ..< order`: then no gathering is needed.
    let denseIsWhole: Bool

    /// Rows per `dtrmm` panel: the scratch (`panelRows × dense.count` values) stays in cache.
    static let panelRows = 512

    init(lower: Matrix) {
        precondition(lower.rows == lower.columns, "ShockProduct: the factor must be square")
        let n = lower.rows
        order = n
        var dense: [Int] = []
        var singletons: [(column: Int, scale: Double)] = []
        for k in 0..<n {
            var alone = true
            for j in 0..<n where j != k && (lower[k, j] != 0 || lower[j, k] != 0) {
                alone = false
                break
            }
            if alone { singletons.append((k, lower[k, k])) } else { dense.append(k) }
        }
        self.dense = dense
        self.singletons = singletons
        denseIsWhole = dense.count == n
        var factor = Matrix(rows: dense.count, columns: dense.count)
        for (a, i) in dense.enumerated() {
            for (b, j) in dense.enumerated() where b <= a { factor[a, b] = lower[i, j] }
        }
        denseFactor = factor
    }

    /// Floating-point operations per row (2 per multiply-add, 1 per scaling).
    var flopsPerRow: Double { Double(dense.count * (dense.count + 1) + singletons.count) }

    /// Doubles of scratch ``apply(to:rows:scratch:)`` needs.
    var scratchCount: Int { denseIsWhole ? 0 : Self.panelRows * dense.count }

    /// Replaces the column-major block `block` (`rows × order`, leading dimension `rows`) of
    /// independent normals by the correlated shocks.
    func apply(to block: UnsafeMutablePointer<Double>, rows m: Int, scratch: UnsafeMutablePointer<Double>?) {
        guard m > 0 else { return }
        for (k, scale) in singletons {
            let column = block + k * m
            if scale == 0 {
                column.update(repeating: 0, count: m)
            } else {
                for r in 0..<m { column[r] *= scale }
            }
        }
        let width = dense.count
        guard width > 0 else { return }
        if denseIsWhole {
            denseFactor.multiplyLowerTransposed(
                inPlace: UnsafeMutableBufferPointer(start: block, count: m * width), rows: m, leadingDimension: m)
            return
        }
        guard let scratch else { preconditionFailure("ShockProduct: no scratch for the dense columns") }
        var start = 0
        while start < m {
            let rows = min(Self.panelRows, m - start)
            for (a, k) in dense.enumerated() { (scratch + a * rows).update(from: block + k * m + start, count: rows) }
            denseFactor.multiplyLowerTransposed(
                inPlace: UnsafeMutableBufferPointer(start: scratch, count: rows * width), rows: rows, leadingDimension: rows)
            for (a, k) in dense.enumerated() { (block + k * m + start).update(from: scratch + a * rows, count: rows) }
            start += rows
        }
    }
}
