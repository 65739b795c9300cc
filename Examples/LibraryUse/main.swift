// Projects one built-in country with the milex libraries, without a scenario file:
// Poland reaching 5 % of GDP of core defence spending by 2030, half of the extra effort offset,
// against the no-policy-change baseline. Run: swift run milex-example-library
import MilexData
import MilexModel

let dataset = Dataset.builtIn
guard var poland = dataset.countries["PL"]?.modelInputs() else {
    fatalError("the built-in dataset has no PL record")
}
// Every input carries its provenance; a missing one must be supplied explicitly, with a reason.
for missing in poland.missingRequired {
    print("PL lacks \(missing.key); supplying it here would need a source")
}
if poland.values[.averageMaturity] == nil {
    poland.set(.averageMaturity, .number(5), from: .scenario(file: "Examples/LibraryUse/main.swift", path: "averageMaturity"))
}

let variant = PolicyVariant(
    label: "5% by 2030, half offset",
    defence: .linear(to: 5, by: 2030),
    financing: FinancingPlan(offsetShare: 0.5))
let request = ProjectionRequest(baseYear: dataset.baseYear, endYear: 2035, countries: [poland], variants: [variant])

do {
    let result = try ProjectionEngine().run(request)
    let baseline = result.projection(variant: 0, country: 0)
    let plan = result.projection(variant: 1, country: 0)
    print("Poland (dataset vintage \(dataset.vintage)); defence on NATO's definition, % of GDP")
    print("year  defence  balance  debt (baseline debt)")
    for (index, year) in plan.years.enumerated() {
        let line = [plan[.defence][index], plan[.balance][index], plan[.debt][index], baseline[.debt][index]]
            .map { String(format: "%7.2f", $0) }
        print("\(year)  \(line[0])  \(line[1])  \(line[2]) (\(line[3]))")
    }
    let source = poland.provenance[.defence]?.summary ?? "?"
    print("s_B = \(poland.defencePctGDP) % of GDP from \(source)")
} catch {
    print("error: \(error)")
}
