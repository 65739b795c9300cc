// swift-tools-version: 6.1
//
// milex: a defence-budget scenario modeller.
// The targets follow the architecture, arrows pointing one way:
//   COpenBLAS (C binding) → MilexNumerics (numeric core) → MilexModel (equations)
//   → MilexData (built-in dataset) → MilexScenario (scenario files) → MilexReport (tables,
//   exports) → milex (thin CLI).
import PackageDescription

let package = Package(
    name: "milex",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "milex", targets: ["milex"]),
        .library(name: "MilexModel", targets: ["MilexModel"]),
        .library(name: "MilexData", targets: ["MilexData"]),
        .library(name: "MilexScenario", targets: ["MilexScenario"]),
        .library(name: "MilexReport", targets: ["MilexReport"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
    ],
    targets: [
        // MARK: - C binding (no stable Swift API)
        .systemLibrary(
            name: "COpenBLAS",
            pkgConfig: "openblas",
            providers: [.apt(["libopenblas-dev"])]
        ),

        // Signal-safe removal of temporary files (async-signal-safe C; no stable Swift API).
        .target(name: "CMilexCleanup"),

        // MARK: - Public API
        .target(name: "MilexNumerics", dependencies: ["COpenBLAS"]),
        // Files and streams: atomic outputs, folders replaced whole, bounded inputs (no model).
        .target(name: "MilexIO", dependencies: ["CMilexCleanup"]),
        // Policy/policy.json: the EU and NATO numbers, checked and embedded at build time.
        .target(name: "MilexModel", dependencies: ["MilexNumerics"], exclude: ["Policy"], plugins: ["EmbedDataset"]),
        .target(
            name: "MilexData",
            dependencies: ["MilexModel"],
            exclude: ["Dataset"],
            plugins: ["EmbedDataset"]
        ),
        .target(name: "MilexScenario", dependencies: ["MilexNumerics", "MilexModel", "MilexData", "MilexIO"]),
        .target(
            name: "MilexReport",
            dependencies: ["MilexModel", "MilexData", "MilexScenario", .product(name: "ZIPFoundation", package: "ZIPFoundation")]
        ),
        .executableTarget(
            name: "milex",
            dependencies: [
                "MilexModel", "MilexData", "MilexScenario", "MilexReport", "MilexIO",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        // MARK: - Examples (run by the tests)
        .executableTarget(
            name: "milex-example-library",
            dependencies: ["MilexData", "MilexModel"],
            path: "Examples/LibraryUse"
        ),

        // MARK: - Benchmarks (Benchmarks/run.sh)
        .executableTarget(
            name: "milex-bench",
            dependencies: ["MilexModel", "MilexData", "MilexScenario", "MilexNumerics"],
            path: "Benchmarks/StochasticBenchmark"
        ),

        // MARK: - Build tools (embed the dataset in the binary)
        .executableTarget(name: "EmbedResource"),
        .plugin(name: "EmbedDataset", capability: .buildTool(), dependencies: ["EmbedResource"]),

        // MARK: - Tests
        // Shared by the test targets: golden files with numeric tolerance, one process runner.
        .target(name: "MilexTestSupport", path: "Tests/MilexTestSupport"),
        .testTarget(name: "MilexNumericsTests", dependencies: ["MilexNumerics", "MilexTestSupport"]),
        .testTarget(name: "MilexModelTests", dependencies: ["MilexModel", "MilexTestSupport"]),
        .testTarget(name: "MilexDataTests", dependencies: ["MilexData", "MilexTestSupport"]),
        .testTarget(name: "MilexIOTests", dependencies: ["MilexIO", "MilexTestSupport"]),
        .testTarget(
            name: "MilexScenarioTests",
            dependencies: ["MilexScenario", "MilexReport", "MilexTestSupport"],
            exclude: ["Fixtures"]
        ),
        // Fixtures of the report tests (tables and charts with awkward contents, an XML reader).
        .target(name: "MilexReportTestSupport", dependencies: ["MilexReport"], path: "Tests/MilexReportTestSupport"),
        .testTarget(
            name: "MilexReportTests", dependencies: ["MilexReport", "MilexTestSupport", "MilexReportTestSupport"],
            resources: [.copy("Golden")]),
        // The outputs in the real tools: headless Chromium, pdflatex, openpyxl. A missing tool
        // fails with the command that installs it (Scripts/ensure-dependencies.sh --test).
        .testTarget(
            name: "MilexToolTests",
            dependencies: ["MilexReport", "MilexScenario", "MilexTestSupport", "MilexReportTestSupport"]),
        // Runs the built `milex` binary end to end.
        .testTarget(name: "MilexCLITests", dependencies: ["milex", "milex-example-library", "EmbedResource", "MilexTestSupport"]),
    ]
)
