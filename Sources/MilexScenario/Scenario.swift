import Foundation
import MilexModel

/// A scenario read from a file, checked, and resolved against the dataset: ready to run.
public struct Scenario: Sendable {
    /// The title.
    public var name: String
    /// What the scenario asks, with its policy sources.
    public var description: String?
    /// Remarks printed with the outputs.
    public var notes: [String]
    /// The file, as the user named it (the last of an `extends` chain).
    public var file: String
    /// Every file read, the scenario itself first, then the files it extends.
    public var files: [String]
    /// The bytes of each of `files` as read (standard input cannot be read twice; provenance
    /// hashes these).
    public var fileContents: [Data] = []
    /// `B`.
    public var baseYear: Int
    /// `E`.
    public var endYear: Int
    /// The countries, groups expanded, with their inputs and provenance.
    public var countries: [CountryInputs]
    /// Groups named in `countries`, with their members in this run (for aggregate rows).
    public var groups: [(code: String, members: [String])]
    /// The variants, without the baseline.
    public var variants: [PolicyVariant]
    /// Every input a scenario set for a built-in country (override or default), for outputs
    /// to say so.
    public var scenarioInputs: [ScenarioInput]
    /// Why the stand-ins used are what they are (their file's notes), when any was used.
    public var standInNotes: [String] = []
    /// The dataset vintage used, if any built-in country is in the run.
    public var datasetVintage: String?
    /// The year-table columns the scenario asks for (`nil`: milex run's default).
    public var columns: [String]?
    /// Stochastic settings (`nil`: the defaults of ``StochasticSpecification``).
    public var stochastic: StochasticSpecification?
    /// Things in the file that have no effect or were left out (the run goes ahead).
    public var warnings: [Diagnostic]
    /// Whether the scenario has a `macro` block (MODEL.md §12), at its top or in a variant: its
    /// outputs then carry the GDP feedback's figures, even with μ = 0.
    public var reportsGDPFeedback = false
    /// The policy numbers of the run: the policy file's, with the scenario's `policy` overrides.
    public var policy: Policy = .current

    /// The engine request.
    public var request: ProjectionRequest {
        var request = ProjectionRequest(baseYear: baseYear, endYear: endYear, countries: countries, variants: variants)
        request.reportsGDPFeedback = reportsGDPFeedback
        request.policy = policy
        return request
    }
}

/// An input a scenario set for a built-in country, and what the dataset had.
public struct ScenarioInput: Sendable, Equatable {
    public enum Kind: String, Sendable {
        /// Replaced a dataset figure (or set one the dataset lacks) via `overrides`.
        case override
        /// Filled a gap via `defaults`.
        case fillIn = "default"
        /// Filled a gap with a proxy computed from a related sourced figure (`proxies`).
        case proxy
        /// Moved by a number of percentage points (`shifts`).
        case shift
        /// Filled with the dataset's stand-in (Scenarios/common/missing-figures.json, built in)
        /// because no source gives the figure.
        case standIn = "stand_in"
    }

    public let country: String
    public let parameter: CountryParameter
    public let value: ParameterValue
    public let kind: Kind
    /// Where the scenario set it.
    public let location: FileLocation
    /// The variant it applies to (`nil`: every variant and the baseline).
    public let variant: String?
    /// The dataset's value it replaced, if any.
    public let replaced: ParameterValue?
}
