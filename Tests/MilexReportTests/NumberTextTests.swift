import Foundation
import MilexTestSupport
import Testing

@testable import MilexReport

@Suite("Numbers in text: CSV's 12 significant digits, golden comparison")
struct NumberTextTests {
    @Test(
        "12 significant digits, plain notation, trailing zeros dropped",
        arguments: [
            (3.4999999999999996, "3.5"), (0.14228571428571427, "0.142285714286"), (0.1422857142857143, "0.142285714286"),
            (-2.7519802389837733, "-2.75198023898"), (1.5e-7, "0.00000015"), (123456789012345.6, "123456789012000"),
            (2_549_100, "2549100"), (0, "0"), (-0.0, "0"), (1e-20, "0.00000000000000000001"), (99.99999999999999, "100"),
            (-1e-13, "-0.0000000000001"), (4305.3, "4305.3"),
        ])
    func significant(value: Double, expected: String) {
        #expect(NumberText.significant(value) == expected)
    }

    @Test("a value and its 12-digit text agree to 5e-12 relative, for any magnitude")
    func roundTrip() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2000 {
            let value =
                Double.random(in: -1...1, using: &generator) * pow(10, Double(Int.random(in: -12...15, using: &generator)))
            let text = NumberText.significant(value)
            #expect(!text.contains("e"), "\(text)")
            let back = Double(text)!
            #expect(abs(back - value) <= 5e-12 * abs(value), "\(value) → \(text)")
        }
    }

    @Test("CSV never carries more than 12 significant digits")
    func csvDigits() {
        var table = Table(id: "t", title: "t", columns: [Table.Column(id: "x", header: "x", format: .number(decimals: 2))])
        for value in [3.4999999999999996, 0.1 + 0.2, 1.0 / 3.0, 2.0 / 3.0 * 1e6] { table.append([.number(value)]) }
        let lines = CSVRenderer().render(table).split(separator: "\r\n").dropFirst()
        #expect(lines == ["3.5", "0.3", "0.333333333333", "666666.666667"])
    }

    @Test("golden comparison: numbers to 1e-12, text exactly, digests and identifiers as text")
    func golden() {
        #expect(Golden.difference(expected: "a 0.14228571428571427 b", actual: "a 0.1422857142857143 b") == nil)
        #expect(Golden.difference(expected: "a 0.1422 b", actual: "a 0.1423 b") != nil)
        #expect(Golden.difference(expected: "x 1 y", actual: "x 1 z") != nil)
        #expect(Golden.difference(expected: "sha 3f5a9", actual: "sha 3f5a8") != nil)
        #expect(Golden.difference(expected: "id t3.5", actual: "id t3.6") != nil)
        #expect(Golden.difference(expected: "[-1.5e-3, 2]", actual: "[-0.0015, 2]") == nil)
        #expect(Golden.difference(expected: "1, 2", actual: "1, 2, 3") != nil)
        #expect(Golden.difference(expected: "0", actual: "1e-13") == nil, "an absolute floor near zero")
        #expect(Golden.difference(expected: "0", actual: "1e-11") != nil)
    }
}
