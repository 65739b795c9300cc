/// The groups of a stochastic run summed through *atoms*: the sets of countries that belong to
/// exactly the same groups. Each country's draws are added once, to its atom, and each group is
/// the sum of its atoms — instead of once per group the country belongs to (a NATO ∪ EU run
/// has each country in about four groups). The order is fixed: members ascending within an
/// atom, atoms by their first member, so the engine, the base-year values and the deterministic
/// group path (``StochasticResult/deterministicPath(_:variant:entity:)``) add the same numbers
/// in the same order, and zero variance reproduces the deterministic path to the last bit.
struct GroupAtoms: Sendable {
    /// The countries of each atom, ascending; atoms ordered by their first country.
    let members: [[Int]]
    /// For each country, its atom (`nil`: in no group).
    let atomOfCountry: [Int?]
    /// For each group (the entities that are groups, in entity order), its atoms, ascending.
    let atomsOfGroup: [[Int]]

    init(entities: [StochasticEngine.Entity], countryCount: Int) {
        let groups = entities.filter(\.isGroup)
        var atoms: [[Int]] = []
        var signatures: [[Int]: Int] = [:]
        var atomOfCountry = [Int?](repeating: nil, count: countryCount)
        for c in 0..<countryCount {
            let signature = groups.indices.filter { groups[$0].members.contains(c) }
            guard !signature.isEmpty else { continue }
            if let atom = signatures[signature] {
                atoms[atom].append(c)
                atomOfCountry[c] = atom
            } else {
                signatures[signature] = atoms.count
                atomOfCountry[c] = atoms.count
                atoms.append([c])
            }
        }
        members = atoms
        self.atomOfCountry = atomOfCountry
        atomsOfGroup = groups.indices.map { g in
            atoms.indices.filter { groups[g].members.contains(atoms[$0][0]) }
        }
    }

    /// `Σ_atoms (Σ_members value(c))` for group `g`, each sum starting from 0, in the order above.
    func sum(group g: Int, _ value: (Int) -> Double) -> Double {
        var total = 0.0
        for atom in atomsOfGroup[g] {
            var part = 0.0
            for c in members[atom] { part += value(c) }
            total += part
        }
        return total
    }
}
