/// The Cholesky factorisation `A = L·Lᵀ` of a symmetric positive-definite matrix.
///
/// Computed by LAPACK `dpotrf` on the lower triangle. A matrix that is not positive definite
/// is a thrown ``NumericsError/notPositiveDefinite(column:)`` naming the failing column,
/// never a trap.
public struct CholeskyFactorization: Sendable, Equatable {
    /// The lower-triangular factor `L` (zeros above the diagonal).
    public let lower: Matrix

    /// Factorises `matrix`.
    /// - Parameters:
    ///   - matrix: a square, symmetric, positive-definite matrix with finite entries.
    ///   - symmetryTolerance: the largest `|aᵢⱼ − aⱼᵢ|` accepted, relative to the largest
    ///     absolute entry (default `1e-12`).
    /// - Throws: ``NumericsError`` when the matrix is not square, not finite, not symmetric or
    ///   not positive definite.
    public init(_ matrix: Matrix, symmetryTolerance: Double = 1e-12) throws {
        guard matrix.rows == matrix.columns else {
            throw NumericsError.notSquare(rows: matrix.rows, columns: matrix.columns)
        }
        let n = matrix.rows
        let scale = matrix.storage.reduce(0) { max($0, abs($1)) }
        for j in 0..<n {
            for i in 0..<n {
                let value = matrix[i, j]
                guard value.isFinite else { throw NumericsError.nonFinite(row: i, column: j) }
                if i > j, abs(value - matrix[j, i]) > symmetryTolerance * max(scale, 1) {
                    throw NumericsError.notSymmetric(row: i, column: j)
                }
            }
        }
        var factor = matrix
        if n > 0 {
            let info = factor.storage.withUnsafeMutableBufferPointer { buffer in
                BLASKernel.potrfLower(buffer.baseAddress!, n: n)
            }
            if info > 0 { throw NumericsError.notPositiveDefinite(column: info - 1) }
            if info < 0 { throw NumericsError.lapackArgument(routine: "dpotrf", position: -info) }
        }
        // dpotrf leaves the strict upper triangle untouched; clear it so `lower` is L itself.
        for j in 0..<n {
            for i in 0..<j { factor[i, j] = 0 }
        }
        lower = factor
    }

    /// The dimension `n` of the factorised `n × n` matrix.
    public var dimension: Int { lower.rows }
}
