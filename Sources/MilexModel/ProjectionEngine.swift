/// A request the engine cannot run: a programmer or data error reported, never trapped.
public enum ProjectionError: Error, Equatable, CustomStringConvertible {
    /// The end year is before the base year, or the horizon is beyond 2100.
    case invalidYears(base: Int, end: Int)
    /// A country lacks required inputs.
    case missingInputs(country: String, parameters: [CountryParameter])
    /// An input is outside its valid range.
    case invalidInput(country: String, parameter: CountryParameter, value: Double)
    /// Two variants share a label, or a variant uses the reserved label `baseline`.
    case duplicateLabel(String)
    /// Inputs inside their ranges combined into a figure that is not a finite number (debt
    /// growing past 10³⁰⁸, a ratio over a GDP that underflowed): reported, never printed.
    case nonFinite(country: String, variant: String, year: Int, metric: ProjectionMetric)
    /// The GDP feedback (MODEL.md §12) takes GDP to zero or below: `γ_t ≤ −100`.
    case gdpFeedbackCollapse(country: String, variant: String, year: Int, effect: Double)

    public var description: String {
        switch self {
        case .invalidYears(let base, let end):
            return "end year \(end) must be at least the base year \(base) and at most 2100"
        case .missingInputs(let country, let parameters):
            return "\(country) lacks \(parameters.map(\.key).joined(separator: ", "))"
        case .invalidInput(let country, let parameter, let value):
            return "\(country): \(parameter.key) = \(value) is outside its valid range (\(parameter.spec.range?.phrase ?? "any"))"
        case .duplicateLabel(let label):
            return "variant label \"\(label)\" is used twice or is reserved"
        case .nonFinite(let country, let variant, let year, let metric):
            return
                "\(country), variant \"\(variant)\": \(metric.key) in \(year) is not a finite number; the inputs (growth, rates, balances over the horizon) take the projection beyond what can be computed"
        case .gdpFeedbackCollapse(let country, let variant, let year, let effect):
            return
                "\(country), variant \"\(variant)\": the GDP feedback in \(year) is \(effect) % of GDP, which takes GDP to zero or below; lower macro.multiplier"
        }
    }
}

/// The deterministic projection engine: MODEL.md §1–§6, the one place the equations live.
///
/// Every country × variant (and, for variants drawing SAFE loans, the same run without SAFE,
/// to measure the interest saving) is a *lane*; the state is held as vectors across lanes and
/// advanced one year at a time, so a scenario of 36 countries × 4 variants is one batched pass.
///
/// For each year `t = B+1 … E` and lane (MODEL.md §4):
/// ```
/// Y_t  = Y_{t−1}·(1 + g_t/100)
/// pb_t = pbBL_t − borrowed_t          borrowed_t = (1 − o)·Δ_t by default
/// INT_t = i_t/100·Dm_{t−1} + rEU/100·L_{t−1}
/// b_t  = pb_t − 100·INT_t/Y_t
/// F_t  = INT_t − pb_t·Y_t/100 + SFA_t
/// L_t  = L_{t−1} + disb_t − rep_t
/// R_t  = Dm_{t−1}/M,   N_t = R_t + F_t − (disb_t − rep_t),   Dm_t = Dm_{t−1} − R_t + N_t
/// D_t  = Dm_t + L_t,   d_t = 100·D_t/Y_t
/// i_{t+1} = ((Dm_{t−1} − R_t)·i_t + max(N_t, 0)·rm_t) / ((Dm_{t−1} − R_t) + max(N_t, 0))
/// ```
public struct ProjectionEngine: Sendable {
    /// Creates an engine.
    public init() {}

    /// Projects every country under the baseline and every variant of `request`.
    /// - Throws: ``ProjectionError`` when the request is incomplete or inconsistent.
    public func run(_ request: ProjectionRequest) throws -> ProjectionResult {
        try validate(request)
        let variants = [PolicyVariant.baseline] + request.variants
        let years = Array(request.baseYear...request.endYear)
        let yearCount = years.count

        // Lanes: every visible (variant, country), then the no-SAFE twins.
        var lanes: [Lane] = []
        for (variantIndex, variant) in variants.enumerated() {
            for (countryIndex, country) in request.countries.enumerated() {
                let inputs = variant.inputOverrides[country.code] ?? country
                lanes.append(
                    Lane(variant: variant, variantIndex: variantIndex, countryIndex: countryIndex, inputs: inputs, isTwin: false))
            }
        }
        let visibleCount = lanes.count
        var twinOf = [Int?](repeating: nil, count: visibleCount)
        for lane in 0..<visibleCount where lanes[lane].drawsSAFE {
            var twin = lanes[lane]
            twin.variant.financing.safe = false
            twin.isTwin = true
            twinOf[lane] = lanes.count
            lanes.append(twin)
        }

        let table = LaneTable(laneCount: lanes.count, yearCount: yearCount)
        var plan = LanePlan(table: table, policy: request.policy)
        var notes: [String] = []
        for (index, lane) in lanes.enumerated() {
            plan.prepare(lane: index, lane, years: years, baseYear: request.baseYear, notes: &notes)
        }
        // MODEL.md §12 (MacroFeedback.swift); a no-SAFE twin takes the effect of its lane.
        var twinSource = [Int?](repeating: nil, count: lanes.count)
        for (lane, twin) in twinOf.enumerated() { if let twin { twinSource[twin] = lane } }
        try plan.applyGDPFeedback(lanes: lanes, years: years, source: twinSource)
        plan.rescaleStockFlows()
        plan.computeRepayments(years: years)
        var state = RecursionState(laneCount: lanes.count)
        plan.fillBaseYear(lanes: lanes, state: &state)
        plan.advance(state: &state)
        plan.applyRules(lanes: lanes)
        for (index, lane) in lanes.enumerated() {
            NetExpenditureAccount.apply(
                lane: index, inputs: lane.inputs, years: years, table: table, flags: &plan.flags, laneCount: lanes.count,
                policy: request.policy)
        }

        // SAFE interest saving: interest of the twin without SAFE minus interest with SAFE.
        var saving = [Double](repeating: 0, count: visibleCount * yearCount)
        var cumulativeSaving = saving
        for lane in 0..<visibleCount {
            saving[lane] = .nan
            cumulativeSaving[lane] = .nan
            var total = 0.0
            for t in 1..<yearCount {
                let value = twinOf[lane].map { table[.interestBn, $0, t] - table[.interestBn, lane, t] } ?? 0
                saving[t * visibleCount + lane] = value
                total += value
                cumulativeSaving[t * visibleCount + lane] = total
            }
        }

        var values: [ProjectionMetric: [Double]] = [:]
        for metric in ProjectionMetric.allCases where metric != .safeInterestSavingBn && metric != .safeInterestSavingCumulativeBn
        {
            values[metric] = table.visible(metric, laneCount: visibleCount)
        }
        values[.safeInterestSavingBn] = saving
        values[.safeInterestSavingCumulativeBn] = cumulativeSaving
        try Self.checkFinite(values, variants: variants, countries: request.countries, years: years)
        let flags = (0..<yearCount).flatMap { t in
            (0..<visibleCount).map { plan.flags[t * lanes.count + $0] }
        }
        return ProjectionResult(
            baseYear: request.baseYear, endYear: request.endYear, years: years, variants: variants,
            countries: request.countries, values: values, flags: flags,
            notes: Array(Set(notes)).sorted(), reportsGDPFeedback: request.reportsGDPFeedback, policy: request.policy)
    }

    /// Every reported figure must be a finite number in every year (the base year's not-applicable
    /// figures and the optional ones excepted, see ``ProjectionMetric/isAlwaysDefined``).
    static func checkFinite(
        _ values: [ProjectionMetric: [Double]], variants: [PolicyVariant], countries: [CountryInputs], years: [Int]
    ) throws(ProjectionError) {
        let laneCount = variants.count * countries.count
        for metric in ProjectionMetric.allCases where metric.isAlwaysDefined {
            guard let data = values[metric] else { continue }
            for t in 1..<max(1, years.count) {
                for lane in 0..<laneCount where !data[t * laneCount + lane].isFinite {
                    throw .nonFinite(
                        country: countries[lane % countries.count].code, variant: variants[lane / countries.count].label,
                        year: years[t], metric: metric)
                }
            }
        }
    }

    private func validate(_ request: ProjectionRequest) throws {
        guard request.endYear >= request.baseYear, request.endYear <= 2100 else {
            throw ProjectionError.invalidYears(base: request.baseYear, end: request.endYear)
        }
        var labels: Set<String> = [PolicyVariant.baselineLabel]
        for variant in request.variants {
            guard labels.insert(variant.label).inserted else { throw ProjectionError.duplicateLabel(variant.label) }
        }
        let allInputs = request.countries + request.variants.flatMap { $0.inputOverrides.values }
        for country in allInputs {
            var missing = country.missingRequired
            // MODEL.md §13: a path needs the revenue ratio, and its level when it starts before B.
            if country.values[.netExpenditureCeilings] != nil {
                if country.values[.revenue] == nil { missing.append(.revenue) }
                let a = country.number(.netExpenditureBaseYear).map { Int($0) } ?? request.baseYear
                if a < request.baseYear, country.values[.netExpenditureBaseBn] == nil { missing.append(.netExpenditureBaseBn) }
            }
            guard missing.isEmpty else { throw ProjectionError.missingInputs(country: country.code, parameters: missing) }
            for (parameter, value) in country.values {
                guard let range = parameter.spec.range else { continue }
                let numbers: [Double]
                switch value {
                case .number(let number): numbers = [number]
                case .series(let series): numbers = series.allValues
                default: numbers = []
                }
                if let bad = numbers.first(where: { !range.contains($0) }) {
                    throw ProjectionError.invalidInput(country: country.code, parameter: parameter, value: bad)
                }
            }
        }
    }
}

/// One country under one variant.
struct Lane {
    var variant: PolicyVariant
    let variantIndex: Int
    let countryIndex: Int
    let inputs: CountryInputs
    var isTwin: Bool

    /// `u`: the country's own take-up when set, else the variant's.
    var safeTakeUp: Double { inputs.safeTakeUp ?? variant.financing.safeTakeUp }

    var drawsSAFE: Bool { variant.drawsSAFE(inputs) }
}

/// The engine's working arrays, one block per metric, year-major: element `(year t, lane l)`
/// is at `t·laneCount + l`, so one year of all lanes is contiguous for ``DebtRecursion``.
final class LaneTable {
    let laneCount: Int
    let yearCount: Int
    private let storage: UnsafeMutablePointer<Double>
    private let blockSize: Int

    init(laneCount: Int, yearCount: Int) {
        self.laneCount = laneCount
        self.yearCount = yearCount
        blockSize = laneCount * yearCount
        let total = blockSize * ProjectionMetric.allCases.count
        storage = UnsafeMutablePointer<Double>.allocate(capacity: max(total, 1))
        storage.initialize(repeating: 0, count: max(total, 1))
    }

    deinit { storage.deallocate() }

    /// The first lane of `year` in `metric`'s block.
    func pointer(_ metric: ProjectionMetric, year: Int) -> UnsafeMutablePointer<Double> {
        storage + metric.ordinal * blockSize + year * laneCount
    }

    subscript(metric: ProjectionMetric, lane: Int, year: Int) -> Double {
        get { pointer(metric, year: year)[lane] }
        set { pointer(metric, year: year)[lane] = newValue }
    }

    /// The first `count` lanes of `metric`, year-major.
    func visible(_ metric: ProjectionMetric, laneCount count: Int) -> [Double] {
        var result = [Double](repeating: 0, count: count * yearCount)
        for t in 0..<yearCount {
            let source = pointer(metric, year: t)
            for lane in 0..<count { result[t * count + lane] = source[lane] }
        }
        return result
    }
}

/// Inputs per lane that the engine evaluates before running the recursion.
struct LanePlan {
    let table: LaneTable
    /// The policy numbers (reference values, escape-clause cap, SAFE terms, baseline conventions).
    let policy: Policy
    var primaryBalance: [Double]  // pb_t = pbBL_t − borrowed_t, year-major
    var stockFlow: [Double]
    var flags: [YearFlags]
    /// `1/M` per lane.
    var inverseMaturity: [Double]
    var safeRate: [Double]
    var reference: [Double]
    /// `ε·gap_t` per lane, year-major, where the forecast baseline knows the output gap (NaN elsewhere).
    var cyclical: [Double]
    /// The stock-flow adjustment in % of GDP where the forecast gives it so (NaN where it is in bn),
    /// year-major: it follows GDP once the GDP feedback has moved it.
    var stockFlowPct: [Double]

    init(table: LaneTable, policy: Policy = .current) {
        self.table = table
        self.policy = policy
        let size = table.laneCount * table.yearCount
        primaryBalance = [Double](repeating: 0, count: size)
        stockFlow = [Double](repeating: 0, count: size)
        flags = [YearFlags](repeating: [], count: size)
        inverseMaturity = [Double](repeating: 1, count: table.laneCount)
        safeRate = [Double](repeating: 0, count: table.laneCount)
        reference = [Double](repeating: 0, count: table.laneCount)
        cyclical = [Double](repeating: .nan, count: size)
        stockFlowPct = [Double](repeating: .nan, count: size)
    }

    /// Evaluates one lane's inputs for every year: GDP, rates, spending paths, the part of the
    /// extra effort that is borrowed, SAFE disbursements and the escape clause (MODEL.md §2–§6).
    mutating func prepare(lane: Int, _ spec: Lane, years: [Int], baseYear: Int, notes: inout [String]) {
        let n = table.laneCount
        let inputs = spec.inputs
        let financing = spec.variant.financing
        inverseMaturity[lane] = 1 / inputs.averageMaturity
        safeRate[lane] = financing.safeRatePct

        // The no-policy-change inputs of every year (MODEL.md §10–§11: frozen or forecast, plans).
        let baselinePaths = BaselinePaths(inputs: inputs, years: years, policy: policy)
        var gdp = [Double](repeating: inputs.gdpBn, count: years.count)
        for t in years.indices {
            let growth = baselinePaths.growth[t]
            // Y_t = Y_{t−1}·(1 + g_t/100), written as the stochastic engine writes it so that zero
            // variance reproduces this path bit for bit.
            if t > 0 { gdp[t] = gdp[t - 1] * (1 + growth * 0.01) }
            table[.gdp, lane, t] = gdp[t]
            table[.nominalGrowth, lane, t] = growth
            table[.marketRate, lane, t] = baselinePaths.marketRate[t]
            stockFlow[t * n + lane] = baselinePaths.stockFlow(t, gdp: gdp[t])
            if t > 0, let pct = baselinePaths.stockFlowPctGDP[t] { stockFlowPct[t * n + lane] = pct }
        }

        if let epsilon = baselinePaths.semiElasticity {
            for t in years.indices { cyclical[t * n + lane] = baselinePaths.outputGap[t].map { epsilon * $0 } ?? .nan }
        }
        let sBL = baselinePaths.defence
        let qB = inputs.relatedPctGDP
        let defence =
            spec.variant.defencePath(for: inputs.code)?.shares(
                baseline: sBL, anchorIndex: baselinePaths.anchorIndex, years: years, gdp: gdp) ?? sBL
        let related =
            spec.variant.relatedPath(for: inputs.code)?.shares(baseShare: qB, baseYear: baseYear, years: years, gdp: gdp)
            ?? years.map { _ in qB }
        let activeYears = spec.variant.activeEscapeClauseYears(for: inputs)
        let reference = inputs.defence2021PctGDP
        self.reference[lane] = reference
        for (t, year) in years.enumerated() {
            // Δ_t against the baseline, which includes the published plans (MODEL.md §11).
            let extra = t == 0 ? 0 : (defence[t] - sBL[t]) + (related[t] - qB)
            table[.defence, lane, t] = defence[t]
            table[.related, lane, t] = related[t]
            table[.extra, lane, t] = extra
            table[.defenceBn, lane, t] = defence[t] * gdp[t] / 100
            table[.relatedBn, lane, t] = related[t] * gdp[t] / 100
            table[.extraBn, lane, t] = extra * gdp[t] / 100
            // MODEL.md §6: h_t = min(1.5, max(0, s_t − s_2021)) in active years.
            let active = activeYears.contains(year)
            let flexibility = active ? policy.escapeFlexibility(increase: defence[t] - reference) : 0
            table[.escapeFlexibility, lane, t] = flexibility
            let baseline = baselinePaths.primaryBalance[t]
            guard t > 0 else {
                primaryBalance[lane] = baseline
                continue
            }
            let borrowed: Double
            switch financing.mode {
            case .offsetShare:
                borrowed = (1 - spec.variant.offsetShare(for: inputs.code)) * extra
            case .withinEscapeClause:
                // Borrow extra core spending up to the flexibility it adds to the baseline's;
                // offset the rest (docs/instruments.md).
                let baselineFlexibility = active ? policy.escapeFlexibility(increase: sBL[t] - reference) : 0
                let allowance = max(0, flexibility - baselineFlexibility)
                borrowed = min(extra, min(max(defence[t] - sBL[t], 0), allowance))
            }
            table[.borrowedExtra, lane, t] = borrowed
            table[.offsetExtra, lane, t] = extra - borrowed
            primaryBalance[t * n + lane] = baseline - borrowed
        }

        // SAFE: the draw u·A·e on the disbursement schedule (MODEL.md §5).
        guard spec.drawsSAFE, let perEUR = inputs.perEUR else { return }
        let draw = spec.safeTakeUp * inputs.safeAllocationEURBn * perEUR
        let schedule = inputs.safeSchedule ?? financing.safeSchedule ?? policy.safeSchedule
        for (year, share) in schedule.sorted(by: { $0.key < $1.key }) {
            if year <= baseYear, share > 0 {
                notes.append(
                    "SAFE tranche scheduled in \(year) falls in or before the base year \(baseYear) and is left out (docs/model-notes.md I10)."
                )
                continue
            }
            guard let t = years.firstIndex(of: year) else {
                if share > 0 {
                    notes.append(
                        "SAFE tranche scheduled in \(year) falls after the end year \(years.last!) and is outside the projection."
                    )
                }
                continue
            }
            table[.safeDisbursementBn, lane, t] = draw * share
        }
    }

    /// A stock-flow adjustment given in % of GDP is money on the GDP path with the feedback.
    mutating func rescaleStockFlows() {
        let n = table.laneCount
        for t in 1..<table.yearCount {
            for lane in 0..<n where stockFlowPct[t * n + lane].isFinite {
                stockFlow[t * n + lane] = stockFlowPct[t * n + lane] * table[.gdp, lane, t] / 100
            }
        }
    }

    /// Repayments of every tranche (MODEL.md §5): `rep_t = Σ_τ disb_τ · P(τ, t)` with `P(τ, t)`
    /// the share of the tranche of year τ repaid in year t.
    ///
    /// A plain sum in year order, not a BLAS product: the product is tiny, and OpenBLAS picks a
    /// different kernel (and last bit) on each CPU, which would make the deterministic engine's
    /// outputs differ between machines (docs/model-notes.md, reproducibility).
    func computeRepayments(years: [Int]) {
        let n = table.laneCount
        for (t, year) in years.enumerated() {
            let target = table.pointer(.safeRepaymentBn, year: t)
            for (tau, trancheYear) in years.enumerated() where tau < t {
                let share = SAFELoan.repaymentShare(trancheYear: trancheYear, year: year, policy: policy)
                guard share > 0 else { continue }
                let disbursed = table.pointer(.safeDisbursementBn, year: tau)
                for lane in 0..<n { target[lane] += disbursed[lane] * share }
            }
        }
    }

    /// The base-year row: observed values (docs/model-notes.md I3).
    mutating func fillBaseYear(lanes: [Lane], state: inout RecursionState) {
        for (lane, spec) in lanes.enumerated() {
            let inputs = spec.inputs
            let gdp = inputs.gdpBn
            let ratio = inputs.debtPctGDP
            let debt = ratio * gdp / 100
            state.marketDebt[lane] = debt
            state.rate[lane] = inputs.implicitRate
            state.previousRatio[lane] = ratio
            let primary = primaryBalance[lane]
            let interest = inputs.observedBalance.map { primary - $0 } ?? inputs.implicitRate * ratio / 100
            let balance = inputs.observedBalance ?? primary - interest
            table[.primaryBalance, lane, 0] = primary
            table[.interest, lane, 0] = interest
            table[.interestBn, lane, 0] = interest * gdp / 100
            table[.balance, lane, 0] = balance
            table[.debt, lane, 0] = ratio
            table[.netDebt, lane, 0] = ratio
            table[.fundAssetsBn, lane, 0] = 0
            table[.debtBn, lane, 0] = debt
            table[.marketDebtBn, lane, 0] = debt
            table[.implicitRate, lane, 0] = inputs.implicitRate
            for metric in [
                ProjectionMetric.financingNeedBn, .maturingDebtBn, .newIssuanceBn, .safeInterestBn, .borrowedExtra, .offsetExtra,
            ] {
                table[metric, lane, 0] = .nan
            }
            table[.deficitBeyondFlexibility, lane, 0] =
                max(0, -balance - policy.deficitReference - table[.escapeFlexibility, lane, 0])
            var flag: YearFlags = []
            if balance < -policy.deficitReference { flag.insert(.deficitAbove3) }
            if ratio > policy.debtReference { flag.insert(.debtAbove60) }
            flags[lane] = flag
        }
    }

    /// The escape-clause breakdown, cumulative SAFE figures, equipment spending, national rules
    /// and the rule checks of every year (MODEL.md §5–§6; docs/instruments.md).
    mutating func applyRules(lanes: [Lane]) {
        let n = table.laneCount
        for (lane, spec) in lanes.enumerated() {
            let inputs = spec.inputs
            var cumulativeInterest = 0.0
            for t in 0..<table.yearCount {
                let balance = table[.balance, lane, t]
                // The cyclically adjusted balance where the output gap is known; the rules that
                // are structural (the resilience margin, a structural national rule) use it, else
                // the headline balance stands in (the rules table says which).
                let adjusted = balance - cyclical[t * n + lane]
                table[.cyclicallyAdjustedBalance, lane, t] = adjusted
                let structural = adjusted.isFinite ? adjusted : balance
                let flexibility = table[.escapeFlexibility, lane, t]
                let defence = table[.defence, lane, t]
                // Flexibility used: the part of the deficit above 3 % it covers.
                let used = min(flexibility, max(0, -balance - policy.deficitReference))
                table[.escapeFlexibilityUsed, lane, t] = used
                table[.escapeFlexibilityUnused, lane, t] = flexibility - used
                table[.defenceIncreaseBeyondFlexibility, lane, t] = max(0, (defence - reference[lane]) - flexibility)
                table[.equipmentBn, lane, t] = inputs.equipmentSharePct.map { $0 / 100 * table[.defenceBn, lane, t] } ?? .nan
                if t > 0 { cumulativeInterest += table[.safeInterestBn, lane, t] }
                table[.safeInterestCumulativeBn, lane, t] = t == 0 ? .nan : cumulativeInterest
                // Every national rule is checked; the reported balance is the first rule's.
                let margins = inputs.fiscalRules.map { rule in
                    (balance: rule.countedBalance(balance: structural) { self.table[$0, lane, t] }, limit: rule.limitPctGDP)
                }
                table[.nationalRuleBalance, lane, t] = margins.first?.balance ?? .nan
                let breached = margins.first { $0.balance < $0.limit }
                flags[t * n + lane].formUnion(
                    FiscalRuleChecks.flags(
                        balance: balance, structuralBalance: structural, ratio: table[.debt, lane, t],
                        baseRatio: table[.debt, lane, 0], sinceBase: t,
                        flexibility: flexibility, ruleBalance: breached?.balance, ruleLimit: breached?.limit, policy: policy))
            }
        }
    }

    /// Runs the recursion year by year across all lanes, then derives the reported ratios.
    mutating func advance(state: inout RecursionState) {
        let n = table.laneCount
        for t in 1..<table.yearCount {
            let row = t * n
            primaryBalance.withUnsafeBufferPointer { primary in
                stockFlow.withUnsafeBufferPointer { sfa in
                    inverseMaturity.withUnsafeBufferPointer { inverseMaturity in
                        safeRate.withUnsafeBufferPointer { safeRate in
                            flags.withUnsafeMutableBufferPointer { flags in
                                state.withPointers { recursion in
                                    DebtRecursion.advance(
                                        count: n,
                                        inputs: .init(
                                            gdp: .init(table.pointer(.gdp, year: t)),
                                            primaryBalance: .init(primary.baseAddress! + row),
                                            marketRate: .init(table.pointer(.marketRate, year: t)),
                                            stockFlow: .init(sfa.baseAddress! + row),
                                            disbursement: .init(table.pointer(.safeDisbursementBn, year: t)),
                                            repayment: .init(table.pointer(.safeRepaymentBn, year: t))),
                                        constants: .init(
                                            inverseMaturity: .init(inverseMaturity.baseAddress!),
                                            safeRate: .init(safeRate.baseAddress!)),
                                        state: recursion,
                                        outputs: DebtRecursion.Outputs(
                                            debtRatio: table.pointer(.debt, year: t), balance: table.pointer(.balance, year: t),
                                            interest: table.pointer(.interestBn, year: t),
                                            safeInterest: table.pointer(.safeInterestBn, year: t),
                                            financingNeed: table.pointer(.financingNeedBn, year: t),
                                            maturing: table.pointer(.maturingDebtBn, year: t),
                                            issuance: table.pointer(.newIssuanceBn, year: t),
                                            marketDebt: table.pointer(.marketDebtBn, year: t),
                                            safeDebt: table.pointer(.safeDebt, year: t), debt: table.pointer(.debtBn, year: t),
                                            rateApplied: table.pointer(.implicitRate, year: t),
                                            flags: flags.baseAddress! + row, deficitReference: policy.deficitReference,
                                            debtReference: policy.debtReference))
                                }
                            }
                        }
                    }
                }
            }
            for lane in 0..<n {
                // The debt floor: a surplus beyond the debt is asset accumulation (a fund); it is
                // kept here so that net debt shows what a variant costs even where gross debt is 0.
                let unfloored =
                    table[.marketDebtBn, lane, t - 1] - table[.maturingDebtBn, lane, t] + table[.newIssuanceBn, lane, t]
                let assets = table[.fundAssetsBn, lane, t - 1] + max(0, -unfloored)
                table[.fundAssetsBn, lane, t] = assets
                table[.netDebt, lane, t] =
                    assets > 0 ? 100 * (table[.debtBn, lane, t] - assets) / table[.gdp, lane, t] : table[.debt, lane, t]
                table[.primaryBalance, lane, t] = primaryBalance[row + lane]
                table[.interest, lane, t] = 100 * table[.interestBn, lane, t] / table[.gdp, lane, t]
                table[.deficitBeyondFlexibility, lane, t] =
                    max(0, -table[.balance, lane, t] - policy.deficitReference - table[.escapeFlexibility, lane, t])
            }
        }
    }
}

/// The recursion's state vectors across lanes.
struct RecursionState {
    var marketDebt: [Double]
    var safeDebt: [Double]
    var rate: [Double]
    var previousRatio: [Double]

    init(laneCount: Int) {
        marketDebt = [Double](repeating: 0, count: laneCount)
        safeDebt = marketDebt
        rate = marketDebt
        previousRatio = marketDebt
    }

    mutating func withPointers(_ body: (DebtRecursion.State) -> Void) {
        marketDebt.withUnsafeMutableBufferPointer { marketDebt in
            safeDebt.withUnsafeMutableBufferPointer { safeDebt in
                rate.withUnsafeMutableBufferPointer { rate in
                    previousRatio.withUnsafeMutableBufferPointer { previousRatio in
                        body(
                            DebtRecursion.State(
                                marketDebt: marketDebt.baseAddress!, safeDebt: safeDebt.baseAddress!,
                                rate: rate.baseAddress!, previousRatio: previousRatio.baseAddress!))
                    }
                }
            }
        }
    }
}
