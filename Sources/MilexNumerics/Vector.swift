/// A dense vector of `Double` values.
///
/// A thin value type over `[Double]`: element-wise arithmetic is written as plain loops,
/// which measured as fast as BLAS level 1 on these machines (see docs/numerics.md).
public struct Vector: Equatable, Sendable, Hashable {
    /// The elements, in order.
    public var elements: [Double]

    /// Creates a vector holding `elements`.
    public init(_ elements: [Double]) { self.elements = elements }

    /// Creates a vector of `count` copies of `value`.
    public init(repeating value: Double, count: Int) {
        precondition(count >= 0, "Vector count must be non-negative, got \(count)")
        elements = Array(repeating: value, count: count)
    }

    /// The number of elements.
    public var count: Int { elements.count }

    /// The element at `index`.
    public subscript(index: Int) -> Double {
        get { elements[index] }
        set { elements[index] = newValue }
    }

    /// The inner product `Σ xᵢ·yᵢ`. Traps when the lengths differ.
    public func dot(_ other: Vector) -> Double {
        precondition(count == other.count, "dot: lengths differ (\(count) vs \(other.count))")
        var sum = 0.0
        for index in elements.indices { sum += elements[index] * other.elements[index] }
        return sum
    }

    /// The sum of the elements.
    public var sum: Double { elements.reduce(0, +) }

    /// The Euclidean norm `√(Σ xᵢ²)`.
    public var norm: Double { dot(self).squareRoot() }

    /// Element-wise sum. Traps when the lengths differ.
    public static func + (lhs: Vector, rhs: Vector) -> Vector {
        precondition(lhs.count == rhs.count, "+: lengths differ (\(lhs.count) vs \(rhs.count))")
        return Vector(zip(lhs.elements, rhs.elements).map { $0 + $1 })
    }

    /// Element-wise difference. Traps when the lengths differ.
    public static func - (lhs: Vector, rhs: Vector) -> Vector {
        precondition(lhs.count == rhs.count, "-: lengths differ (\(lhs.count) vs \(rhs.count))")
        return Vector(zip(lhs.elements, rhs.elements).map { $0 - $1 })
    }

    /// Scales every element by `scalar`.
    public static func * (scalar: Double, vector: Vector) -> Vector {
        Vector(vector.elements.map { scalar * $0 })
    }
}

extension Vector: ExpressibleByArrayLiteral {
    public init(arrayLiteral elements: Double...) { self.elements = elements }
}

extension Vector: RandomAccessCollection, MutableCollection {
    public var startIndex: Int { 0 }
    public var endIndex: Int { elements.count }
}
