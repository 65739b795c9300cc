/// Sample quantiles by linear interpolation between order statistics (Hyndman & Fan type 7,
/// numpy's default): for probability `p` and `n` values sorted as `x₀ ≤ … ≤ xₙ₋₁`, with
/// `h = (n − 1)·p`, the quantile is `x⌊h⌋ + (h − ⌊h⌋)·(x⌊h⌋₊₁ − x⌊h⌋)`.
///
/// Computed by selection (expected linear time), not a full sort.
public enum Quantiles {
    /// The quantiles of `values` at `probabilities` (each in [0, 1], any order).
    ///
    /// `values` is reordered in place. Traps when it is empty or a probability is outside
    /// [0, 1] (programmer errors); NaNs in `values` give unspecified results.
    public static func compute(
        _ values: UnsafeMutableBufferPointer<Double>, at probabilities: [Double]
    ) -> [Double] {
        precondition(!values.isEmpty, "Quantiles of an empty sample")
        precondition(probabilities.allSatisfy { $0 >= 0 && $0 <= 1 }, "Quantile probabilities must lie in [0, 1]")
        let n = values.count
        // The order statistics needed, ascending; selecting them in order lets each selection
        // work on the part of the buffer to the right of the previous one.
        var ranks = Set<Int>()
        for p in probabilities {
            let h = Double(n - 1) * p
            let low = Int(h.rounded(.down))
            ranks.insert(low)
            if low + 1 < n { ranks.insert(low + 1) }
        }
        var lowerBound = 0
        var orderStatistic: [Int: Double] = [:]
        for rank in ranks.sorted() {
            select(values, rank: rank, from: lowerBound)
            orderStatistic[rank] = values[rank]
            lowerBound = rank
        }
        return probabilities.map { p in
            let h = Double(n - 1) * p
            let low = Int(h.rounded(.down))
            let fraction = h - Double(low)
            let x0 = orderStatistic[low]!
            guard low + 1 < n, fraction > 0 else { return x0 }
            return x0 + fraction * (orderStatistic[low + 1]! - x0)
        }
    }

    /// The quantiles of an array (copied, so the argument is left as it is).
    public static func compute(_ values: [Double], at probabilities: [Double]) -> [Double] {
        var copy = values
        return copy.withUnsafeMutableBufferPointer { compute($0, at: probabilities) }
    }

    /// Moves the element of rank `rank` to index `rank`, smaller ones before it and larger
    /// ones after it, looking only at indices `≥ start` (Hoare selection, median of three).
    static func select(_ values: UnsafeMutableBufferPointer<Double>, rank: Int, from start: Int) {
        var low = start
        var high = values.count - 1
        while high > low {
            let middle = low + (high - low) / 2
            // Median of three as pivot, placed at `low`.
            if values[middle] < values[low] { values.swapAt(middle, low) }
            if values[high] < values[low] { values.swapAt(high, low) }
            if values[high] < values[middle] { values.swapAt(high, middle) }
            values.swapAt(low, middle)
            let pivot = values[low]
            var i = low + 1
            var j = high
            while true {
                while i <= j && values[i] < pivot { i += 1 }
                while j >= i && values[j] > pivot { j -= 1 }
                if i >= j { break }
                values.swapAt(i, j)
                i += 1
                j -= 1
            }
            values.swapAt(low, j)
            if j == rank { return }
            if j < rank { low = j + 1 } else { high = j - 1 }
        }
    }
}
