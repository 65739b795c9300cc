import Foundation
import PackagePlugin

/// Compiles a target's data into the target at build time, so every build of milex — `swift
/// run`, the tests, an installed binary copied anywhere — carries it and needs no resource lookup
/// at run time:
/// - the files of a `Dataset/` folder (MilexData's built-in dataset) as Swift string constants;
/// - a `Policy/policy.json` (MilexModel's policy numbers), checked (every entry complete, every
///   value in its range) and turned into the `PolicyParameter` cases, so that an entry the code
///   uses cannot be removed without the build failing.
@main
struct EmbedDataset: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) async throws -> [Command] {
        let tool = try context.tool(named: "EmbedResource").url
        var commands: [Command] = []
        let dataset = target.directoryURL.appending(path: "Dataset")
        if FileManager.default.fileExists(atPath: dataset.path) {
            let files = try FileManager.default.contentsOfDirectory(at: dataset, includingPropertiesForKeys: nil)
                .filter { ["json", "csv"].contains($0.pathExtension) }
                .sorted { $0.lastPathComponent < $1.lastPathComponent }
            let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedDataset.swift")
            commands.append(
                .buildCommand(
                    displayName: "Embedding \(files.map(\.lastPathComponent).joined(separator: ", ")) into \(target.name)",
                    executable: tool, arguments: [output.path] + files.map(\.path), inputFiles: files,
                    outputFiles: [output]))
        }
        let policy = target.directoryURL.appending(path: "Policy/policy.json")
        if FileManager.default.fileExists(atPath: policy.path) {
            let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedPolicy.swift")
            commands.append(
                .buildCommand(
                    displayName: "Checking and embedding policy.json into \(target.name)", executable: tool,
                    arguments: ["--policy", output.path, policy.path], inputFiles: [policy], outputFiles: [output]))
        }
        return commands
    }
}
