import Foundation

/// Standard normal draws by the ziggurat method (Marsaglia & Tsang, 2000) with 256 layers and
/// 52-bit mantissas, the variant numpy uses.
///
/// About 99 % of draws cost one 64-bit random number, a table look-up and a multiply; the rest
/// fall back to an exact rejection test, so the draws are exactly N(0, 1) up to the generator.
public enum StandardNormal {
    /// One standard normal draw.
    @inline(__always)
    public static func next(using generator: inout SeededGenerator) -> Double {
        ZigguratTables.shared.draw(using: &generator)
    }

    /// Fills `buffer` with independent standard normal draws.
    ///
    /// Block filling takes two draws from each 64-bit random number (23-bit magnitudes, the
    /// layer and the sign from each 32-bit half), which halves the generator's work; the
    /// rejection steps are the same as for single draws.
    public static func fill(_ buffer: UnsafeMutableBufferPointer<Double>, using generator: inout SeededGenerator) {
        let tables = ZigguratTables.shared
        // A local copy keeps the generator's state in registers across the loop.
        var local = generator
        defer { generator = local }
        var index = 0
        let count = buffer.count
        while index + 1 < count {
            let r = local.next()
            buffer[index] = tables.draw32(UInt32(truncatingIfNeeded: r), using: &local)
            buffer[index + 1] = tables.draw32(UInt32(truncatingIfNeeded: r >> 32), using: &local)
            index += 2
        }
        if index < count { buffer[index] = tables.draw(using: &local) }
    }

    /// `count` independent standard normal draws.
    public static func draws(_ count: Int, using generator: inout SeededGenerator) -> [Double] {
        var values = [Double](repeating: 0, count: count)
        values.withUnsafeMutableBufferPointer { fill($0, using: &generator) }
        return values
    }

    /// The standard normal cumulative distribution function Φ(x).
    public static func cdf(_ x: Double) -> Double { 0.5 * erfc(-x / 2.0.squareRoot()) }
}

/// The ziggurat's layer tables, built once from the two defining constants.
struct ZigguratTables: @unchecked Sendable {
    /// The start of the tail.
    static let r = 3.6541528853610088
    static let inverseR = 1 / r
    /// The area of each layer.
    static let area = 0.00492867323399

    /// `threshold[i]`: a draw whose 52-bit magnitude is below it lies inside layer i's core.
    let threshold: UnsafeMutablePointer<UInt64>
    /// `width[i]`: layer i's right edge divided by 2^52.
    let width: UnsafeMutablePointer<Double>
    /// `height[i]`: the density exp(−x²/2) at layer i's right edge.
    let height: UnsafeMutablePointer<Double>
    /// The same thresholds and widths for 23-bit magnitudes (two draws per 64-bit number).
    let threshold23: UnsafeMutablePointer<UInt32>
    let width23: UnsafeMutablePointer<Double>

    /// Built once and kept for the life of the process (plain pointers: no reference counting
    /// on the per-draw path).
    static let shared = ZigguratTables()

    private init() {
        let scale = 4_503_599_627_370_496.0  // 2^52
        threshold23 = .allocate(capacity: 256)
        width23 = .allocate(capacity: 256)
        threshold = .allocate(capacity: 256)
        width = .allocate(capacity: 256)
        height = .allocate(capacity: 256)
        threshold.initialize(repeating: 0, count: 256)
        width.initialize(repeating: 0, count: 256)
        height.initialize(repeating: 0, count: 256)
        var edge = Self.r
        var previousEdge = edge
        let baseWidth = Self.area / exp(-0.5 * edge * edge)
        threshold[0] = UInt64((edge / baseWidth) * scale)
        threshold[1] = 0
        width[0] = baseWidth / scale
        width[255] = edge / scale
        height[0] = 1
        height[255] = exp(-0.5 * edge * edge)
        for i in stride(from: 254, through: 1, by: -1) {
            edge = (-2 * log(Self.area / edge + exp(-0.5 * edge * edge))).squareRoot()
            threshold[i + 1] = UInt64((edge / previousEdge) * scale)
            previousEdge = edge
            height[i] = exp(-0.5 * edge * edge)
            width[i] = edge / scale
        }
        for i in 0..<256 {
            threshold23[i] = UInt32(threshold[i] >> 29)
            width23[i] = width[i] * 536_870_912  // 2^29: 2^52-scaled widths to 2^23
        }
    }

    /// One draw from 32 random bits (layer: 8 bits, sign: 1, magnitude: 23), falling back to
    /// the exact rejection steps with fresh uniforms when outside a layer's core.
    @inline(__always)
    func draw32(_ bits: UInt32, using generator: inout SeededGenerator) -> Double {
        let layer = Int(bits & 0xFF)
        let magnitude = bits >> 9
        let x = Double(magnitude) * width23[layer]
        // The sign goes in by flipping the sign bit, not by a branch: it is random, so a branch
        // would be mispredicted half the time.
        let sign = UInt64((bits >> 8) & 1) << 63
        if magnitude < threshold23[layer] { return Double(bitPattern: x.bitPattern ^ sign) }
        return slowPath(layer: layer, x: x, negative: sign != 0, using: &generator)
    }

    /// The wedge and tail tests for a draw outside its layer's core.
    @inline(never)
    func slowPath(layer: Int, x: Double, negative: Bool, using generator: inout SeededGenerator) -> Double {
        if layer == 0 {
            while true {
                let xx = -Self.inverseR * log1p(-generator.nextUniform())
                let yy = -log1p(-generator.nextUniform())
                if yy + yy > xx * xx { return negative ? -(Self.r + xx) : Self.r + xx }
            }
        }
        let y = (height[layer - 1] - height[layer]) * generator.nextUniform() + height[layer]
        if y < exp(-0.5 * x * x) { return negative ? -x : x }
        return draw(using: &generator)
    }

    /// One draw: about 99 % of the time a random number, a table look-up and a multiply.
    @inline(__always)
    func draw(using generator: inout SeededGenerator) -> Double {
        while true {
            var r = generator.next()
            let layer = Int(r & 0xFF)
            r >>= 8
            let negative = (r & 1) == 1
            let magnitude = (r >> 1) & 0x000F_FFFF_FFFF_FFFF
            let x = Double(magnitude) * width[layer]
            if magnitude < threshold[layer] { return Double(bitPattern: x.bitPattern ^ ((r & 1) << 63)) }
            if layer == 0 {
                // The tail beyond r: Marsaglia's exponential rejection.
                while true {
                    let xx = -Self.inverseR * log1p(-generator.nextUniform())
                    let yy = -log1p(-generator.nextUniform())
                    if yy + yy > xx * xx {
                        return negative ? -(Self.r + xx) : Self.r + xx
                    }
                }
            }
            let y = (height[layer - 1] - height[layer]) * generator.nextUniform() + height[layer]
            if y < exp(-0.5 * x * x) { return negative ? -x : x }
        }
    }
}
