import Testing

@testable import MilexNumerics

/// Naive reference products, the yardstick for BLAS.
func naiveProduct(_ a: Matrix, _ b: Matrix) -> Matrix {
    var c = Matrix(rows: a.rows, columns: b.columns)
    for i in 0..<a.rows {
        for j in 0..<b.columns {
            var sum = 0.0
            for k in 0..<a.columns { sum += a[i, k] * b[k, j] }
            c[i, j] = sum
        }
    }
    return c
}

func randomMatrix(_ rows: Int, _ columns: Int, seed: UInt64) -> Matrix {
    var generator = SeededGenerator(seed: seed)
    var matrix = Matrix(rows: rows, columns: columns)
    for j in 0..<columns {
        for i in 0..<rows { matrix[i, j] = generator.nextUniform() * 2 - 1 }
    }
    return matrix
}

@Suite("Matrix and vector operations against naive loops")
struct MatrixTests {
    @Test(
        "dgemm equals the naive triple loop",
        arguments: [(1, 1, 1), (2, 3, 4), (5, 1, 7), (32, 32, 32), (17, 40, 3), (0, 3, 2), (3, 0, 2)])
    func gemmMatchesNaive(shape: (Int, Int, Int)) {
        let (m, k, n) = shape
        let a = randomMatrix(m, k, seed: 1)
        let b = randomMatrix(k, n, seed: 2)
        let blas = a * b
        let naive = naiveProduct(a, b)
        #expect(blas.rows == m && blas.columns == n)
        if m > 0 && n > 0 {
            // Sums of k products of values in [-1, 1]: rounding differs by at most ~k·ε.
            #expect(blas.maxAbsoluteDifference(to: naive) <= Double(max(k, 1)) * 1e-15)
        }
    }

    @Test("the buffer-based product matches the value product")
    func blockMultiply() {
        let l = randomMatrix(6, 6, seed: 4)
        let z = randomMatrix(6, 50, seed: 5)
        var out = [Double](repeating: .nan, count: 6 * 50)
        z.storage.withUnsafeBufferPointer { b in
            out.withUnsafeMutableBufferPointer { c in l.multiply(b, columns: 50, into: c) }
        }
        let expected = l * z
        #expect(Matrix(rows: 6, columns: 50, columnMajor: out).maxAbsoluteDifference(to: expected) <= 1e-14)
    }

    @Test("row lists, transpose, identity")
    func construction() {
        let m = Matrix([[1, 2, 3], [4, 5, 6]])
        #expect(m.rows == 2 && m.columns == 3)
        #expect(m[1, 2] == 6)
        #expect(m.transposed.rowArrays == [[1, 4], [2, 5], [3, 6]])
        #expect((Matrix.identity(3) * m.transposed) == m.transposed)
        #expect(Vector([3, 4]).norm == 5)
        #expect(Vector([1, 2]).dot(Vector([3, 4])) == 11)
    }
}

@Suite("Cholesky through LAPACK dpotrf")
struct CholeskyTests {
    @Test("L·Lᵀ reproduces A", arguments: [1, 2, 5, 20, 64])
    func reproduces(n: Int) throws {
        let b = randomMatrix(n, n, seed: UInt64(n))
        // A = B·Bᵀ + n·I is symmetric positive definite.
        var a = b * b.transposed
        for i in 0..<n { a[i, i] += Double(n) }
        let factor = try CholeskyFactorization(a)
        let l = factor.lower
        for j in 0..<n {
            for i in 0..<j { #expect(l[i, j] == 0) }
            #expect(l[j, j] > 0)
        }
        let scale = a.storage.reduce(0) { max($0, abs($1)) }
        #expect((l * l.transposed).maxAbsoluteDifference(to: a) <= 1e-13 * scale)
    }

    @Test("a matrix that is not positive definite names the failing column")
    func notPositiveDefinite() {
        // The leading 2×2 minor is 1·1 − 2·2 < 0: dpotrf stops at the second column.
        let a = Matrix([[1, 2, 0], [2, 1, 0], [0, 0, 1]])
        #expect(throws: NumericsError.notPositiveDefinite(column: 1)) { try CholeskyFactorization(a) }
        let message = NumericsError.notPositiveDefinite(column: 1).description
        #expect(message.contains("column 1"))
    }

    @Test("a singular matrix, a zero, a non-square and a NaN are thrown, not trapped")
    func otherFailures() {
        #expect(throws: NumericsError.notPositiveDefinite(column: 2)) {
            try CholeskyFactorization(Matrix([[1, 1, 1], [1, 2, 2], [1, 2, 2]]))
        }
        #expect(throws: NumericsError.notPositiveDefinite(column: 0)) { try CholeskyFactorization(Matrix([[0]])) }
        #expect(throws: NumericsError.notSquare(rows: 1, columns: 2)) { try CholeskyFactorization(Matrix([[1, 2]])) }
        #expect(throws: NumericsError.nonFinite(row: 0, column: 0)) { try CholeskyFactorization(Matrix([[Double.nan]])) }
        #expect(throws: NumericsError.notSymmetric(row: 1, column: 0)) { try CholeskyFactorization(Matrix([[2, 0], [1, 2]])) }
    }
}
