/// A dense matrix of `Double` values stored column by column (LAPACK's layout).
///
/// Shapes are checked with `precondition`: a mismatch is a programmer error and traps with a
/// message, whereas numerical failures (a matrix that is not positive definite) are thrown.
public struct Matrix: Equatable, Sendable {
    /// Number of rows.
    public let rows: Int
    /// Number of columns.
    public let columns: Int
    /// The elements in column-major order: element `(i, j)` is at `i + j·rows`.
    public internal(set) var storage: [Double]

    /// Creates a `rows × columns` matrix filled with `value`.
    public init(rows: Int, columns: Int, repeating value: Double = 0) {
        precondition(rows >= 0 && columns >= 0, "Matrix shape must be non-negative, got \(rows)×\(columns)")
        self.rows = rows
        self.columns = columns
        storage = Array(repeating: value, count: rows * columns)
    }

    /// Creates a matrix from column-major `storage`.
    public init(rows: Int, columns: Int, columnMajor storage: [Double]) {
        precondition(
            storage.count == rows * columns,
            "Matrix storage holds \(storage.count) values, shape \(rows)×\(columns) needs \(rows * columns)")
        self.rows = rows
        self.columns = columns
        self.storage = storage
    }

    /// Creates a matrix from a list of rows (all the same length).
    public init(_ rowList: [[Double]]) {
        let rowCount = rowList.count
        let columnCount = rowList.first?.count ?? 0
        precondition(rowList.allSatisfy { $0.count == columnCount }, "Matrix rows have different lengths")
        self.init(rows: rowCount, columns: columnCount)
        for (i, row) in rowList.enumerated() {
            for (j, value) in row.enumerated() { self[i, j] = value }
        }
    }

    /// The `n × n` identity matrix.
    public static func identity(_ n: Int) -> Matrix {
        var matrix = Matrix(rows: n, columns: n)
        for i in 0..<n { matrix[i, i] = 1 }
        return matrix
    }

    /// A diagonal matrix with `diagonal` on its diagonal.
    public static func diagonal(_ diagonal: [Double]) -> Matrix {
        var matrix = Matrix(rows: diagonal.count, columns: diagonal.count)
        for (i, value) in diagonal.enumerated() { matrix[i, i] = value }
        return matrix
    }

    /// The element in `row`, `column`.
    public subscript(row: Int, column: Int) -> Double {
        get {
            precondition(
                row >= 0 && row < rows && column >= 0 && column < columns,
                "Matrix index (\(row), \(column)) outside \(rows)×\(columns)")
            return storage[row + column * rows]
        }
        set {
            precondition(
                row >= 0 && row < rows && column >= 0 && column < columns,
                "Matrix index (\(row), \(column)) outside \(rows)×\(columns)")
            storage[row + column * rows] = newValue
        }
    }

    /// The rows as arrays (for printing and tests).
    public var rowArrays: [[Double]] {
        (0..<rows).map { i in (0..<columns).map { j in self[i, j] } }
    }

    /// The column `j` as a vector.
    public func column(_ j: Int) -> Vector {
        precondition(j >= 0 && j < columns, "Column \(j) outside 0..<\(columns)")
        return Vector(Array(storage[(j * rows)..<((j + 1) * rows)]))
    }

    /// The transpose.
    public var transposed: Matrix {
        var result = Matrix(rows: columns, columns: rows)
        for j in 0..<columns {
            for i in 0..<rows { result.storage[j + i * columns] = storage[i + j * rows] }
        }
        return result
    }

    /// Whether every element is finite.
    public var isFinite: Bool { storage.allSatisfy(\.isFinite) }

    /// The largest absolute element-wise difference to `other` (same shape).
    public func maxAbsoluteDifference(to other: Matrix) -> Double {
        precondition(
            rows == other.rows && columns == other.columns, "Shapes differ: \(rows)×\(columns) vs \(other.rows)×\(other.columns)")
        return zip(storage, other.storage).reduce(0) { max($0, abs($1.0 - $1.1)) }
    }
}
