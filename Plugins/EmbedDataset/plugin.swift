import Foundation
import PackagePlugin

/// Compiles the data files in a target's `Dataset/` folder into the target as Swift string
/// constants, so every build of milex — `swift run`, the tests, an installed binary copied
/// anywhere — carries its dataset and needs no resource lookup at run time.
@main
struct EmbedDataset: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) async throws -> [Command] {
        let folder = target.directoryURL.appending(path: "Dataset")
        let files = try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
            .filter { ["json", "csv"].contains($0.pathExtension) }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
        let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedDataset.swift")
        return [
            .buildCommand(
                displayName: "Embedding \(files.map(\.lastPathComponent).joined(separator: ", ")) into \(target.name)",
                executable: try context.tool(named: "EmbedResource").url,
                arguments: [output.path] + files.map(\.path),
                inputFiles: files,
                outputFiles: [output])
        ]
    }
}
