import MilexData
import MilexModel

/// The JSON Schema (draft-07) of scenario files, generated from the same parameter
/// descriptions that drive decoding and validation, so editors complete and check exactly
/// what `milex validate` accepts.
public enum ScenarioSchema {
    /// A country's inputs: top-level parameters, and nested objects (`forecast`) with theirs.
    static var countryProperties: [(String, JSONOutput)] {
        CountryParameter.topLevelKeys.map { key in
            if let parameter = CountryParameter(key: key) { return (key, schema(for: parameter.spec)) }
            let members = CountryParameter.members(of: key)
            var nested = object(properties: members.map { ($0.memberKey, schema(for: $0.spec)) }, required: [])
            if case .object(var fields) = nested {
                fields.insert(
                    (
                        "description",
                        .string(
                            "MODEL.md §10: the official forecast's paths, by year (the last year of nominal_growth_pct is F).")
                    ), at: 0)
                nested = .object(fields)
            }
            return (key, nested)
        }
    }

    /// The `policy` object: one property per entry of the policy file, described from that entry.
    static var policySchema: JSONOutput {
        let properties = PolicyParameter.allCases.map { parameter -> (String, JSONOutput) in
            let entry = Policy.entries[parameter]!
            let description = "\(entry.title) (\(entry.unit)). \(entry.description) Source: \(entry.source)."
            let range: [(String, JSONOutput)] = [
                ("minimum", .number(entry.range.lowerBound)), ("maximum", .number(entry.range.upperBound)),
            ]
            let body: JSONOutput
            switch entry.kind {
            case .number: body = .object([("description", .string(description)), ("type", .string("number"))] + range)
            case .integer, .year: body = .object([("description", .string(description)), ("type", .string("integer"))] + range)
            case .years:
                body = .object([
                    ("description", .string(description)), ("type", .string("array")), ("minItems", .number(1)),
                    ("items", .object([("type", .string("integer"))] + range)),
                ])
            case .yearMap:
                body = .object([
                    ("description", .string(description)), ("type", .string("object")),
                    ("propertyNames", .object([("pattern", .string("^[0-9]{4}$"))])),
                    ("additionalProperties", .object([("type", .string("number"))] + range)),
                ])
            }
            return (parameter.rawValue, body)
        }
        return object(properties: properties, required: [])
    }

    /// The schema document.
    public static func document(countryCodes: [String], groupCodes: [String]) -> JSONOutput {
        let countryInputs = object(properties: countryProperties, required: [])
        let customCountry = object(properties: countryProperties, required: CountryParameter.required.map(\.key))
        let path = object(properties: PathParameter.allCases.map { ($0.key, schema(for: $0.spec)) }, required: [])
        let financing = object(properties: FinancingParameter.allCases.map { ($0.key, schema(for: $0.spec)) }, required: [])
        let macroKeys = MacroParameter.allCases.map { ($0.key, schema(for: $0.spec)) }
        let macro = object(
            properties: macroKeys + [
                (
                    "by_country",
                    .object([
                        ("type", .string("object")),
                        ("description", .string("Macro keys for a country or a group (a code wins over a group).")),
                        ("additionalProperties", object(properties: macroKeys, required: [])),
                    ])
                )
            ], required: [])
        let selectorDescription = "A country code, a group code or \"*\" (every country)."
        let overrides: JSONOutput = .object([
            ("type", .string("object")),
            ("description", .string(selectorDescription)),
            ("propertyNames", .object([("type", .string("string"))])),
            ("additionalProperties", .object([("$ref", .string("#/definitions/countryInputs"))])),
        ])
        let shifts = object(
            properties: VariantParameter.shiftable.map {
                (
                    $0.key,
                    JSONOutput.object([
                        ("type", .string("number")), ("description", .string("percentage points added to \($0.key)")),
                    ])
                )
            },
            required: [])
        let sweepKeys =
            PathParameter.allCases.map(\.key) + PathParameter.allCases.map { "defence.\($0.key)" }
            + PathParameter.allCases.map { "related.\($0.key)" } + FinancingParameter.allCases.map { "financing.\($0.key)" }
            + MacroParameter.sweepKeys
        let sweep = object(
            properties: sweepKeys.map { ($0, JSONOutput.object([("type", .string("array")), ("minItems", .number(1))])) },
            required: [])
        let variantProperties: [(String, JSONOutput)] = VariantParameter.allCases.map { parameter in
            let body: JSONOutput
            switch parameter {
            case .label, .description: body = schema(for: parameter.spec)
            case .defence, .related: body = .object([("$ref", .string("#/definitions/path"))])
            case .financing: body = .object([("$ref", .string("#/definitions/financing"))])
            case .macro: body = .object([("$ref", .string("#/definitions/macro"))])
            case .overrides: body = .object([("$ref", .string("#/definitions/overrides"))])
            case .shifts: body = .object([("$ref", .string("#/definitions/shifts"))])
            case .byCountry:
                body = .object([
                    ("type", .string("object")),
                    (
                        "additionalProperties",
                        object(
                            properties: [
                                ("defence", .object([("$ref", .string("#/definitions/path"))])),
                                ("related", .object([("$ref", .string("#/definitions/path"))])),
                            ], required: [])
                    ),
                ])
            case .sweep: body = .object([("$ref", .string("#/definitions/sweep"))])
            }
            return (parameter.key, withDescription(body, parameter.spec))
        }
        let variant = object(properties: variantProperties, required: ["label"])
        let codes = countryCodes + groupCodes
        let topProperties: [(String, JSONOutput)] = ScenarioParameter.allCases.map { parameter in
            let body: JSONOutput
            switch parameter {
            case .countries:
                body = .object([
                    ("type", .string("array")), ("minItems", .number(1)),
                    (
                        "items",
                        .object([
                            ("type", .string("string")),
                            (
                                "anyOf",
                                .array([
                                    .object([("enum", .array(codes.map(JSONOutput.string)))]),
                                    .object([
                                        ("pattern", .string("^[A-Z][A-Z0-9]{1,7}$")),
                                        ("description", .string("a custom_countries code")),
                                    ]),
                                ])
                            ),
                        ])
                    ),
                ])
            case .customCountries:
                body = .object([
                    ("type", .string("object")),
                    ("propertyNames", .object([("pattern", .string("^[A-Z][A-Z0-9]{1,7}$"))])),
                    ("additionalProperties", .object([("$ref", .string("#/definitions/customCountry"))])),
                ])
            case .policy: body = policySchema
            case .defaults: body = .object([("$ref", .string("#/definitions/countryInputs"))])
            case .overrides: body = .object([("$ref", .string("#/definitions/overrides"))])
            case .shifts: body = .object([("$ref", .string("#/definitions/shifts"))])
            case .proxies:
                body = .object([
                    ("type", .string("array")), ("uniqueItems", .bool(true)),
                    ("items", .object([("enum", .array(InputProxy.allCases.map { .string($0.rawValue) }))])),
                ])
            case .columns:
                body = .object([
                    ("type", .string("array")), ("minItems", .number(1)),
                    (
                        "items",
                        .object([("enum", .array((ProjectionMetric.allCases.map(\.key) + ["flags"]).map(JSONOutput.string)))])
                    ),
                ])
            case .stochastic:
                let deviations = object(
                    properties: ShockVariable.allCases.map {
                        (
                            $0.key,
                            JSONOutput.object([("type", .string("number")), ("minimum", .number(0)), ("maximum", .number(20))])
                        )
                    },
                    required: [])
                body = object(
                    properties: [
                        ("draws", schema(for: StochasticParameter.draws.spec)),
                        ("seed", schema(for: StochasticParameter.seed.spec)),
                        ("shock_years", schema(for: StochasticParameter.shockYears.spec)),
                        (
                            "shocks",
                            .object([
                                ("description", .string(describe(StochasticParameter.shocks.spec))),
                                (
                                    "anyOf",
                                    .array([
                                        .object([("enum", .array([.string("historical")]))]),
                                        object(
                                            properties: [
                                                (
                                                    "std_dev",
                                                    .object([
                                                        (
                                                            "anyOf",
                                                            .array([
                                                                deviations,
                                                                .object([
                                                                    ("type", .string("object")),
                                                                    ("additionalProperties", deviations),
                                                                ]),
                                                            ])
                                                        )
                                                    ])
                                                ),
                                                (
                                                    "correlation_within",
                                                    .object([
                                                        ("type", .string("array")), ("minItems", .number(3)),
                                                        ("maxItems", .number(3)),
                                                        (
                                                            "items",
                                                            .object([
                                                                ("type", .string("array")), ("minItems", .number(3)),
                                                                ("maxItems", .number(3)),
                                                                (
                                                                    "items",
                                                                    .object([
                                                                        ("type", .string("number")), ("minimum", .number(-1)),
                                                                        ("maximum", .number(1)),
                                                                    ])
                                                                ),
                                                            ])
                                                        ),
                                                    ])
                                                ),
                                                (
                                                    "correlation_across",
                                                    .object([
                                                        ("type", .string("number")), ("minimum", .number(-1)),
                                                        ("maximum", .number(1)),
                                                    ])
                                                ),
                                            ], required: ["std_dev"]),
                                    ])
                                ),
                            ])
                        ),
                    ], required: [])
            case .macro: body = .object([("$ref", .string("#/definitions/macro"))])
            case .variants:
                body = .object([("type", .string("array")), ("items", .object([("$ref", .string("#/definitions/variant"))]))])
            case .notes:
                body = .object([
                    (
                        "anyOf",
                        .array([
                            .object([("type", .string("string"))]),
                            .object([("type", .string("array")), ("items", .object([("type", .string("string"))]))]),
                        ])
                    )
                ])
            default: body = schema(for: parameter.spec)
            }
            return (parameter.key, withDescription(body, parameter.spec))
        }
        return .object([
            ("$schema", .string("http://json-schema.org/draft-07/schema#")),
            ("$id", .string("https://milex.example/schema/scenario.json")),
            ("title", .string("milex scenario")),
            (
                "description",
                .string("A defence-budget scenario for milex (superset of MODEL.md §9). Generated by milex schema; do not edit.")
            ),
            ("type", .string("object")),
            ("properties", .object(topProperties)),
            ("additionalProperties", .bool(false)),
            (
                "definitions",
                .object([
                    ("countryInputs", countryInputs), ("customCountry", customCountry), ("path", path),
                    ("financing", financing), ("macro", macro), ("overrides", overrides), ("shifts", shifts), ("sweep", sweep),
                    ("variant", variant),
                ])
            ),
        ])
    }

    private static func object(properties: [(String, JSONOutput)], required: [String]) -> JSONOutput {
        var members: [(String, JSONOutput)] = [("type", .string("object")), ("properties", .object(properties))]
        if !required.isEmpty { members.append(("required", .array(required.map(JSONOutput.string)))) }
        members.append(("additionalProperties", .bool(false)))
        return .object(members)
    }

    private static func withDescription(_ body: JSONOutput, _ spec: ParameterSpec) -> JSONOutput {
        guard case .object(var members) = body else { return body }
        if !members.contains(where: { $0.0 == "description" }) {
            members.insert(("description", .string(describe(spec))), at: 0)
        }
        return .object(members)
    }

    /// The text an editor shows: title, unit, range, default, meaning.
    static func describe(_ spec: ParameterSpec) -> String {
        var text = spec.title
        if spec.unit != "text" { text += " (\(spec.unit))" }
        text += ". " + spec.summary
        if let range = spec.range { text += " Valid: \(range.phrase)." }
        text += spec.defaultDescription.map { " Default: \($0)." } ?? " Required."
        return text
    }

    private static func numberSchema(_ range: ValueRange?) -> [(String, JSONOutput)] {
        var members: [(String, JSONOutput)] = [("type", .string("number"))]
        if let range {
            if let lower = range.lower { members.append((range.lowerInclusive ? "minimum" : "exclusiveMinimum", .number(lower))) }
            if let upper = range.upper { members.append((range.upperInclusive ? "maximum" : "exclusiveMaximum", .number(upper))) }
        }
        return members
    }

    private static let yearSchema: [(String, JSONOutput)] = [
        ("type", .string("integer")), ("minimum", .number(1900)), ("maximum", .number(2100)),
    ]

    private static func yearMapSchema(_ range: ValueRange?) -> JSONOutput {
        .object([
            ("type", .string("object")), ("minProperties", .number(1)),
            ("propertyNames", .object([("pattern", .string("^(19|20)[0-9]{2}|2100$"))])),
            ("additionalProperties", .object(numberSchema(range))),
        ])
    }

    /// The schema of one parameter's value.
    static func schema(for spec: ParameterSpec) -> JSONOutput {
        let description: (String, JSONOutput) = ("description", .string(describe(spec)))
        switch spec.kind {
        case .number: return .object([description] + numberSchema(spec.range))
        case .integer:
            return .object([description, ("type", .string("integer"))] + numberSchema(spec.range).filter { $0.0 != "type" })
        case .year: return .object([description] + yearSchema)
        case .yearSeries:
            return .object([description, ("anyOf", .array([.object(numberSchema(spec.range)), yearMapSchema(spec.range)]))])
        case .yearMap:
            guard case .object(let members) = yearMapSchema(spec.range) else { return .null }
            return .object([description] + members)
        case .yearList:
            return .object([
                description, ("type", .string("array")), ("uniqueItems", .bool(true)), ("items", .object(yearSchema)),
            ])
        case .boolean: return .object([description, ("type", .string("boolean"))])
        case .text: return .object([description, ("type", .string("string"))])
        case .choice(let options): return .object([description, ("enum", .array(options.map(JSONOutput.string)))])
        }
    }
}
