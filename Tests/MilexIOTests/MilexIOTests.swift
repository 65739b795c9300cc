import Foundation
import Testing

@testable import MilexIO

/// A fresh folder for one test.
func scratchFolder() throws -> String {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("milex-io-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url.path
}

func entries(_ folder: String) -> [String] {
    ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).sorted()
}

func text(_ path: String) -> String? { FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) } }

@Suite("Output files: atomic for regular files, written through for pipes and devices")
struct OutputFileTests {
    @Test("a new file is written; an existing one is replaced whole and keeps its permissions")
    func regular() throws {
        let folder = try scratchFolder()
        let path = folder + "/out.txt"
        try OutputFile(path: path).write("one")
        #expect(text(path) == "one")
        chmod(path, 0o640)
        try OutputFile(path: path).write("two")
        #expect(text(path) == "two")
        let info = try #require(Descriptor.status(path))
        #expect(info.st_mode & 0o777 == 0o640)
        #expect(entries(folder) == ["out.txt"], "no temporary file left")
    }

    @Test("a FIFO is written through, not replaced by a regular file")
    func fifo() throws {
        let folder = try scratchFolder()
        let path = folder + "/pipe"
        #expect(mkfifo(path, 0o600) == 0)
        let reader = Thread {
            let fd = open(path, O_RDONLY)
            var buffer = [UInt8](repeating: 0, count: 64)
            _ = read(fd, &buffer, 64)
            close(fd)
        }
        reader.start()
        try OutputFile(path: path).write("through the pipe")
        let info = try #require(Descriptor.linkStatus(path))
        #expect(Descriptor.isKind(info, S_IFIFO), "the FIFO is still a FIFO")
    }

    @Test("/dev/null stays a character device")
    func deviceNull() throws {
        try OutputFile(path: "/dev/null").write("discarded")
        let info = try #require(Descriptor.linkStatus("/dev/null"))
        #expect(Descriptor.isKind(info, S_IFCHR))
    }

    @Test("a full device is an output error with a plain reason")
    func full() throws {
        guard FileManager.default.fileExists(atPath: "/dev/full") else { return }
        #expect {
            try OutputFile(path: "/dev/full").write(Data(count: 10_000))
        } throws: { error in
            (error as? IOError)?.kind == .output && "\(error)".contains("no space left")
        }
    }

    @Test("a symbolic link writes its target; a link to nothing and a folder are refused")
    func links() throws {
        let folder = try scratchFolder()
        try OutputFile(path: folder + "/real.txt").write("old")
        #expect(symlink(folder + "/real.txt", folder + "/link.txt") == 0)
        try OutputFile(path: folder + "/link.txt").write("new")
        #expect(text(folder + "/real.txt") == "new")
        #expect(Descriptor.isKind(try #require(Descriptor.linkStatus(folder + "/link.txt")), S_IFLNK), "the link stays a link")
        #expect(symlink(folder + "/missing.txt", folder + "/dangling") == 0)
        #expect(throws: IOError.self) { try OutputFile(path: folder + "/dangling").write("x") }
        #expect(throws: IOError.self) { try OutputFile(path: folder).write("x") }
        #expect(throws: IOError.self) { try OutputFile(path: "").write("x") }
        #expect(throws: IOError.self) { try OutputFile(path: folder + "/no/such/folder/x.txt").write("x") }
    }

    @Test("a temporary file left by a process that no longer exists is removed by the next write")
    func stale() throws {
        let folder = try scratchFolder()
        // PID 2^22 + 12345 is above Linux's pid_max default range used here: no such process.
        let stalePath = folder + "/" + OutputFile.temporaryPrefix(for: "out.txt") + "4206649-1"
        #expect(FileManager.default.createFile(atPath: stalePath, contents: Data("half".utf8)))
        let livePath = folder + "/" + OutputFile.temporaryPrefix(for: "out.txt") + "1-1"
        #expect(FileManager.default.createFile(atPath: livePath, contents: Data("init's".utf8)))
        try OutputFile(path: folder + "/out.txt").write("whole")
        #expect(entries(folder) == [".out.txt.tmp-1-1", "out.txt"], "the live process's file is left alone")
    }
}

@Suite("Folders replaced whole")
struct FolderWriterTests {
    static let first = [FolderWriter.File(name: "a.csv", data: Data("a".utf8)), .init(name: "safe.csv", data: Data("s".utf8))]
    static let second = [FolderWriter.File(name: "a.csv", data: Data("A".utf8)), .init(name: "b.md", data: Data("B".utf8))]

    @Test("a second write leaves exactly its own files (an earlier file the new set lacks is gone)")
    func replace() throws {
        let folder = try scratchFolder() + "/brief"
        try FolderWriter().write(Self.first, to: folder)
        #expect(entries(folder) == [FolderWriter.manifestName, "a.csv", "safe.csv"])
        try FolderWriter().write(Self.second, to: folder)
        #expect(entries(folder) == [FolderWriter.manifestName, "a.csv", "b.md"])
        #expect(text(folder + "/a.csv") == "A")
        #expect(entries(URL(fileURLWithPath: folder).deletingLastPathComponent().path) == ["brief"], "no staging left")
    }

    @Test("a non-empty folder milex did not write is refused unless forced")
    func foreign() throws {
        let folder = try scratchFolder()
        try "mine".write(toFile: folder + "/notes.txt", atomically: true, encoding: .utf8)
        #expect {
            try FolderWriter().write(Self.first, to: folder)
        } throws: { error in
            "\(error)".contains("notes.txt") && "\(error)".contains("--force")
        }
        #expect(text(folder + "/notes.txt") == "mine")
        try FolderWriter().write(Self.first, to: folder, force: true)
        #expect(entries(folder) == [FolderWriter.manifestName, "a.csv", "safe.csv"])
        // A file added to a milex folder afterwards makes it foreign too.
        try "later".write(toFile: folder + "/extra.txt", atomically: true, encoding: .utf8)
        #expect(throws: IOError.self) { try FolderWriter().write(Self.second, to: folder) }
    }

    @Test("a folder without a manifest holding only names milex writes is milex's (an earlier version's brief)")
    func legacy() throws {
        let folder = try scratchFolder()
        try "old".write(toFile: folder + "/a.csv", atomically: true, encoding: .utf8)
        try FolderWriter().write(Self.second, to: folder, knownNames: ["a.csv", "safe.csv"])
        #expect(entries(folder) == [FolderWriter.manifestName, "a.csv", "b.md"])
        try "mine".write(toFile: folder + "/../notes.txt", atomically: true, encoding: .utf8)
        let other = try scratchFolder()
        try "x".write(toFile: other + "/notes.txt", atomically: true, encoding: .utf8)
        #expect(throws: IOError.self) { try FolderWriter().write(Self.second, to: other, knownNames: ["a.csv"]) }
    }

    @Test("without an atomic exchange, a failed second rename is undone: the folder is as it was")
    func rollback() throws {
        let folder = try scratchFolder() + "/brief"
        try FolderWriter().write(Self.first, to: folder)
        let renames = Counter()
        let calls = FolderWriter.Calls(
            rename: { from, to in
                // The first rename (old folder aside) works, the second (new one in) fails.
                renames.increment() == 2 ? EIO : (Foundation.rename(from, to) == 0 ? 0 : errno)
            },
            exchange: { _, _ in EINVAL })
        #expect {
            try FolderWriter(calls: calls).write(Self.second, to: folder)
        } throws: { error in
            "\(error)".contains("nothing was changed")
        }
        #expect(entries(folder) == [FolderWriter.manifestName, "a.csv", "safe.csv"])
        #expect(text(folder + "/a.csv") == "a")
        #expect(entries(URL(fileURLWithPath: folder).deletingLastPathComponent().path) == ["brief"], "no staging or aside left")
    }

    @Test("a failed exchange changes nothing")
    func failedExchange() throws {
        let folder = try scratchFolder() + "/brief"
        try FolderWriter().write(Self.first, to: folder)
        let calls = FolderWriter.Calls(rename: { _, _ in EIO }, exchange: { _, _ in ENOSPC })
        #expect(throws: IOError.self) { try FolderWriter(calls: calls).write(Self.second, to: folder) }
        #expect(entries(folder) == [FolderWriter.manifestName, "a.csv", "safe.csv"])
    }

    @Test("two writers into one folder: one wins whole", arguments: 0..<8)
    func concurrent(round: Int) async throws {
        let folder = try scratchFolder() + "/brief"
        try FolderWriter().write(Self.first, to: folder)
        async let a: Void = Task.detached { try FolderWriter().write(Self.first, to: folder) }.value
        async let b: Void = Task.detached { try FolderWriter().write(Self.second, to: folder) }.value
        _ = try await (a, b)
        let names = entries(folder)
        #expect(
            names == [FolderWriter.manifestName, "a.csv", "safe.csv"] || names == [FolderWriter.manifestName, "a.csv", "b.md"],
            "\(names)")
    }

    @Test("a staging folder left by a killed process is removed by the next write")
    func stale() throws {
        let parent = try scratchFolder()
        let stale = parent + "/" + FolderWriter.stagingPrefix(for: "brief") + "4206649-3"
        try FileManager.default.createDirectory(atPath: stale, withIntermediateDirectories: true)
        try "x".write(toFile: stale + "/half.csv", atomically: true, encoding: .utf8)
        try FolderWriter().write(Self.first, to: parent + "/brief")
        #expect(entries(parent) == ["brief"])
    }
}

final class Counter: @unchecked Sendable {
    private var value = 0
    private let lock = NSLock()

    func increment() -> Int {
        lock.lock()
        defer { lock.unlock() }
        value += 1
        return value
    }
}

@Suite("Input files: bounded, plain errors")
struct InputFileTests {
    @Test("a regular file, a FIFO and a too-large file")
    func kinds() throws {
        let folder = try scratchFolder()
        try "{}".write(toFile: folder + "/a.json", atomically: true, encoding: .utf8)
        #expect(try InputFile.read(folder + "/a.json") == Data("{}".utf8))
        #expect(mkfifo(folder + "/fifo", 0o600) == 0)
        let writer = Thread {
            let fd = open(folder + "/fifo", O_WRONLY)
            _ = "{\"x\": 1}".withCString { write(fd, $0, 8) }
            close(fd)
        }
        writer.start()
        #expect(try InputFile.read(folder + "/fifo") == Data("{\"x\": 1}".utf8))
        #expect {
            try InputFile.read(folder + "/a.json", limit: 1)
        } throws: { error in
            "\(error)".contains("limited to")
        }
    }

    @Test(
        "plain reasons: a folder, a missing file, a symbolic-link loop",
        arguments: [("folder", "is a folder"), ("missing", "no such file"), ("loop", "symbolic links")])
    func reasons(kind: String, phrase: String) throws {
        let folder = try scratchFolder()
        let path: String
        switch kind {
        case "folder": path = folder
        case "loop":
            path = folder + "/loop"
            #expect(symlink(path, path) == 0)
        default: path = folder + "/missing.json"
        }
        #expect {
            try InputFile.read(path)
        } throws: { error in
            (error as? IOError)?.kind == .input && "\(error)".contains(phrase)
        }
    }

    @Test("the confining folder and containment")
    func confinement() throws {
        let folder = try scratchFolder()
        try FileManager.default.createDirectory(atPath: folder + "/sub", withIntermediateDirectories: true)
        try "{}".write(toFile: folder + "/sub/a.json", atomically: true, encoding: .utf8)
        let root = try #require(InputFile.confiningFolder(of: folder + "/sub/a.json"))
        #expect(root.hasSuffix("/sub"))
        #expect(InputFile.isInside(root + "/x.json", folder: root))
        #expect(!InputFile.isInside(root + "x.json", folder: root))
        #expect(!InputFile.isInside(URL(fileURLWithPath: root).deletingLastPathComponent().path + "/x.json", folder: root))
    }
}

@Suite("Cleanup registry")
struct CleanupRegistryTests {
    @Test("a registered file and folder are removed")
    func removes() throws {
        let folder = try scratchFolder() + "/stage"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try "x".write(toFile: folder + "/f", atomically: true, encoding: .utf8)
        let folderToken = CleanupRegistry.register(folder, isDirectory: true)
        let fileToken = CleanupRegistry.register(folder + "/f")
        #expect(folderToken.slot >= 0 && fileToken.slot >= 0)
        fileToken.removeNow()
        folderToken.removeNow()
        #expect(!FileManager.default.fileExists(atPath: folder))
    }
}
