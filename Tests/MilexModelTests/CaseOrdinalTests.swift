import Testing

@testable import MilexModel

@Suite("Case ordinals: the key enums hash their declaration index")
struct CaseOrdinalTests {
    @Test("every case's stored byte is its index in allCases, and distinct cases hash apart")
    func ordinals() {
        for (index, metric) in ProjectionMetric.allCases.enumerated() { #expect(metric.ordinal == index, "\(metric)") }
        for (index, parameter) in CountryParameter.allCases.enumerated() { #expect(parameter.ordinal == index, "\(parameter)") }
        for (index, parameter) in PolicyParameter.allCases.enumerated() { #expect(parameter.ordinal == index, "\(parameter)") }
        #expect(Set(ProjectionMetric.allCases.map(\.hashValue)).count == ProjectionMetric.allCases.count)
        #expect(Set(PolicyParameter.allCases.map(\.hashValue)).count == PolicyParameter.allCases.count)
        // Dictionaries keyed by them still find every key (hash and equality agree).
        let table = Dictionary(uniqueKeysWithValues: CountryParameter.allCases.map { ($0, $0.rawValue) })
        for parameter in CountryParameter.allCases { #expect(table[parameter] == parameter.rawValue) }
        #expect(CountryParameter.gdpBn < CountryParameter.debt && !(CountryParameter.debt < CountryParameter.gdpBn))
    }
}
