internal import COpenBLAS

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

// The only file that calls BLAS. Every public operation below names the corresponding C
// routine; no C signature leaves this module.

extension Matrix {
    /// The product `self · other`, computed by BLAS `dgemm`.
    ///
    /// Traps when the inner dimensions differ (a programmer error).
    public func multiplied(by other: Matrix) -> Matrix {
        precondition(
            columns == other.rows,
            "multiplied(by:): inner dimensions differ (\(rows)×\(columns) · \(other.rows)×\(other.columns))")
        var result = Matrix(rows: rows, columns: other.columns)
        guard rows > 0, other.columns > 0 else { return result }
        if columns == 0 { return result }
        storage.withUnsafeBufferPointer { a in
            other.storage.withUnsafeBufferPointer { b in
                result.storage.withUnsafeMutableBufferPointer { c in
                    BLASKernel.gemm(
                        m: rows, n: other.columns, k: columns, alpha: 1,
                        a: a.baseAddress!, lda: rows, b: b.baseAddress!, ldb: other.rows,
                        beta: 0, c: c.baseAddress!, ldc: rows)
                }
            }
        }
        return result
    }

    /// `lhs · rhs` (BLAS `dgemm`).
    public static func * (lhs: Matrix, rhs: Matrix) -> Matrix { lhs.multiplied(by: rhs) }

    /// Writes `self · B` into `C`, where `B` and `C` are column-major blocks with `columns`
    /// columns held in caller-owned buffers (BLAS `dgemm`, no allocation).
    ///
    /// This is the kernel of the stochastic engine: one call turns a block of independent
    /// standard normal draws into correlated shocks.
    /// - Parameters:
    ///   - b: `self.columns × columns` values, column-major.
    ///   - c: `self.rows × columns` values, column-major; overwritten.
    ///   - columns: number of columns of `B` and `C` (≥ 0).
    public func multiply(
        _ b: UnsafeBufferPointer<Double>, columns blockColumns: Int,
        into c: UnsafeMutableBufferPointer<Double>
    ) {
        precondition(blockColumns >= 0, "multiply: negative column count")
        precondition(
            b.count >= self.columns * blockColumns, "multiply: B holds \(b.count) values, needs \(self.columns * blockColumns)")
        precondition(c.count >= rows * blockColumns, "multiply: C holds \(c.count) values, needs \(rows * blockColumns)")
        guard rows > 0, blockColumns > 0, self.columns > 0 else { return }
        storage.withUnsafeBufferPointer { a in
            BLASKernel.gemm(
                m: rows, n: blockColumns, k: self.columns, alpha: 1,
                a: a.baseAddress!, lda: rows, b: b.baseAddress!, ldb: self.columns,
                beta: 0, c: c.baseAddress!, ldc: rows)
        }
    }
}

extension Matrix {
    /// Writes `A · selfᵀ` into `C`, where `A` is a column-major block of `rows × self.columns`
    /// values and `C` receives `rows × self.rows` values (BLAS `dgemm`, B transposed).
    ///
    /// With `A` a block of independent standard normals (draws × variables) and `self` the
    /// Cholesky factor `L` of a covariance, each row of `C` is one correlated draw, and each
    /// column — one variable over all draws — is contiguous.
    public func multiplyTransposed(
        left a: UnsafeBufferPointer<Double>, rows: Int, into c: UnsafeMutableBufferPointer<Double>
    ) {
        precondition(rows >= 0, "multiplyTransposed: negative row count")
        precondition(
            a.count >= rows * self.columns, "multiplyTransposed: A holds \(a.count) values, needs \(rows * self.columns)")
        precondition(c.count >= rows * self.rows, "multiplyTransposed: C holds \(c.count) values, needs \(rows * self.rows)")
        guard rows > 0, self.rows > 0, self.columns > 0 else { return }
        precondition(rows <= Int(Int32.max), "multiplyTransposed: dimension exceeds BLAS's 32-bit integers")
        storage.withUnsafeBufferPointer { b in
            cblas_dgemm(
                CblasColMajor, CblasNoTrans, CblasTrans, Int32(rows), Int32(self.rows), Int32(self.columns), 1,
                a.baseAddress!, Int32(rows), b.baseAddress!, Int32(self.rows), 0, c.baseAddress!, Int32(rows))
        }
    }
}

extension Matrix {
    /// Overwrites the column-major block `B` (`rows × self.rows`, leading dimension
    /// `leadingDimension`) with `B · selfᵀ`, reading only the lower triangle of `self`
    /// (BLAS `dtrmm`: right side, lower, transposed, non-unit diagonal).
    ///
    /// With `B` a block of independent standard normals and `self` a Cholesky factor `L`, each
    /// row of the result is one correlated draw: the product of ``multiplyTransposed(left:rows:into:)``
    /// in place, with half the arithmetic (the zeros above the diagonal are skipped).
    /// - Parameters:
    ///   - b: at least `leadingDimension · (self.rows − 1) + rows` values; overwritten.
    ///   - rows: rows of `B` (≥ 0).
    ///   - leadingDimension: the distance between columns of `B` (≥ `rows`, ≥ 1).
    public func multiplyLowerTransposed(
        inPlace b: UnsafeMutableBufferPointer<Double>, rows: Int, leadingDimension: Int
    ) {
        precondition(self.rows == self.columns, "multiplyLowerTransposed: the factor must be square")
        precondition(rows >= 0 && leadingDimension >= max(rows, 1), "multiplyLowerTransposed: bad block shape")
        guard rows > 0, self.rows > 0 else { return }
        precondition(
            b.count >= leadingDimension * (self.rows - 1) + rows,
            "multiplyLowerTransposed: B holds \(b.count) values, needs \(leadingDimension * (self.rows - 1) + rows)")
        precondition(leadingDimension <= Int(Int32.max), "multiplyLowerTransposed: dimension exceeds BLAS's 32-bit integers")
        storage.withUnsafeBufferPointer { l in
            cblas_dtrmm(
                CblasColMajor, CblasRight, CblasLower, CblasTrans, CblasNonUnit, Int32(rows), Int32(self.rows), 1,
                l.baseAddress!, Int32(self.rows), b.baseAddress!, Int32(leadingDimension))
        }
    }
}

/// Thread control for OpenBLAS.
public enum BLASThreads {
    /// Sets the number of threads OpenBLAS uses (`openblas_set_num_threads`). Use 1 when the
    /// caller parallelises across blocks itself.
    public static func set(_ count: Int) {
        precondition(count >= 1, "BLAS thread count must be at least 1")
        openblas_set_num_threads(Int32(count))
    }

    /// Stops OpenBLAS's pool threads (the pthread build's `blas_thread_shutdown_`, looked up at
    /// run time; nothing happens where the symbol is absent). OpenBLAS starts them when it loads
    /// and they spin for about 0.1 s, then after each threaded call: beside a caller that runs
    /// its own workers on every core they take CPU from them. They are started again by the
    /// next call that needs them, so this only ever costs that start.
    public static func stopIdlePool() {
        guard let process = dlopen(nil, RTLD_LAZY) else { return }
        defer { dlclose(process) }
        guard let symbol = dlsym(process, "blas_thread_shutdown_") else { return }
        typealias Shutdown = @convention(c) () -> Int32
        _ = unsafeBitCast(symbol, to: Shutdown.self)()
    }

    /// The number of threads OpenBLAS currently uses (`openblas_get_num_threads`).
    public static var current: Int { Int(openblas_get_num_threads()) }
}

/// What OpenBLAS chose on this machine, for benchmarks and bug reports.
public enum BLASInfo {
    /// The kernel family OpenBLAS picked for this CPU (`openblas_get_corename`, e.g. "Haswell",
    /// "SkylakeX", "Zen"; "Prescott" is its generic SSE3 fallback, also taken on CPUs newer than
    /// the installed OpenBLAS knows). `OPENBLAS_CORETYPE` overrides the choice at start-up.
    public static var coreName: String { openblas_get_corename().map { String(cString: $0) } ?? "unknown" }

    /// The build configuration (`openblas_get_config`: version, threading, core).
    public static var configuration: String { openblas_get_config().map { String(cString: $0) } ?? "unknown" }
}

/// Direct `dgemm` on raw memory for benchmarks that measure BLAS's own peak.
public enum BLASBenchmark {
    /// Computes `C = A·B` for column-major `m×k` `A` and `k×n` `B` (BLAS `dgemm`).
    public static func gemm(
        m: Int, n: Int, k: Int,
        a: UnsafeBufferPointer<Double>, b: UnsafeBufferPointer<Double>,
        c: UnsafeMutableBufferPointer<Double>
    ) {
        precondition(a.count >= m * k && b.count >= k * n && c.count >= m * n, "gemm: buffers too small")
        guard m > 0, n > 0, k > 0 else { return }
        BLASKernel.gemm(
            m: m, n: n, k: k, alpha: 1, a: a.baseAddress!, lda: m, b: b.baseAddress!, ldb: k,
            beta: 0, c: c.baseAddress!, ldc: m)
    }
}

enum BLASKernel {
    /// Column-major `C = α·A·B + β·C` (CBLAS `cblas_dgemm`).
    static func gemm(
        m: Int, n: Int, k: Int, alpha: Double,
        a: UnsafePointer<Double>, lda: Int, b: UnsafePointer<Double>, ldb: Int,
        beta: Double, c: UnsafeMutablePointer<Double>, ldc: Int
    ) {
        precondition(
            m <= Int(Int32.max) && n <= Int(Int32.max) && k <= Int(Int32.max), "gemm: dimension exceeds BLAS's 32-bit integers")
        cblas_dgemm(
            CblasColMajor, CblasNoTrans, CblasNoTrans, Int32(m), Int32(n), Int32(k), alpha,
            a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
    }

    /// Cholesky factorisation in place (LAPACK `dpotrf`, lower triangle). Returns LAPACK's
    /// `info`: 0 on success, `k > 0` when the leading minor of order `k` is not positive.
    static func potrfLower(_ a: UnsafeMutablePointer<Double>, n: Int) -> Int {
        var uplo = CChar(UInt8(ascii: "L"))
        var order = Int32(n)
        var lda = Int32(max(1, n))
        var info: Int32 = 0
        dpotrf_(&uplo, &order, a, &lda, &info, 1)
        return Int(info)
    }
}
