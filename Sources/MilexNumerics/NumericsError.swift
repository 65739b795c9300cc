/// A numerical failure in the numeric core: thrown, never trapped, because it comes from data.
public enum NumericsError: Error, Equatable, CustomStringConvertible {
    /// The matrix is not positive definite: the leading minor ending at `column` (0-based) is
    /// not positive, so the Cholesky factorisation stopped there.
    case notPositiveDefinite(column: Int)
    /// The matrix holds a NaN or an infinity at (`row`, `column`).
    case nonFinite(row: Int, column: Int)
    /// The matrix is not square.
    case notSquare(rows: Int, columns: Int)
    /// The matrix is not symmetric at (`row`, `column`) within the tolerance.
    case notSymmetric(row: Int, column: Int)
    /// LAPACK reported an illegal argument (a bug in the wrapper, reported rather than trapped).
    case lapackArgument(routine: String, position: Int)

    public var description: String {
        switch self {
        case .notPositiveDefinite(let column):
            return
                "matrix is not positive definite: the leading minor of order \(column + 1) is not positive (column \(column), counting from 0)"
        case .nonFinite(let row, let column):
            return "matrix holds a non-finite value at row \(row), column \(column)"
        case .notSquare(let rows, let columns):
            return "matrix must be square, got \(rows)×\(columns)"
        case .notSymmetric(let row, let column):
            return "matrix is not symmetric at row \(row), column \(column)"
        case .lapackArgument(let routine, let position):
            return "LAPACK \(routine) rejected argument \(position)"
        }
    }
}
