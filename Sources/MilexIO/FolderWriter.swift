import CMilexCleanup
import Foundation

/// Writes a set of files as one folder that is replaced whole: the folder ends exactly as a
/// fresh write would leave it, or as it was.
///
/// The files are written in full into a staging folder next to the target
/// (`.NAME.milex-stage-PID-N`), with a manifest (`.milex-folder`) naming them; the staging folder
/// then takes the target's place in one `renameat2(RENAME_EXCHANGE)` (or, where the file system
/// lacks it, two renames that are undone if the second fails), and the old folder is removed.
/// So files of an earlier write that the new one lacks are gone, and of two concurrent writes
/// one wins whole. A non-empty folder that milex did not write (no manifest, or files the
/// manifest does not list) is refused unless `force` is set. Staging folders are removed on
/// SIGINT/SIGTERM; those a killed process left are removed by the next write next to them.
public struct FolderWriter {
    /// One file of the folder.
    public struct File: Sendable {
        public var name: String
        public var data: Data

        public init(name: String, data: Data) {
            self.name = name
            self.data = data
        }
    }

    /// The name of the manifest milex writes into every folder it writes.
    public static let manifestName = ".milex-folder"

    /// The renames, replaceable so that tests can make one fail.
    public struct Calls: Sendable {
        /// `rename(2)`: 0 or an errno.
        public var rename: @Sendable (_ from: String, _ to: String) -> Int32
        /// `renameat2(RENAME_EXCHANGE)`: 0 or an errno (`EINVAL`/`ENOSYS` where unsupported).
        public var exchange: @Sendable (_ a: String, _ b: String) -> Int32

        public init(
            rename: @escaping @Sendable (String, String) -> Int32, exchange: @escaping @Sendable (String, String) -> Int32
        ) {
            self.rename = rename
            self.exchange = exchange
        }

        /// The system's calls.
        public static let system = Calls(
            rename: { from, to in Foundation.rename(from, to) == 0 ? 0 : errno },
            exchange: { a, b in milex_rename_exchange(a, b) })
    }

    public var calls: Calls
    /// Called before each file is written (progress on a terminal).
    public var progress: (String) -> Void

    public init(calls: Calls = .system, progress: @escaping (String) -> Void = { _ in }) {
        self.calls = calls
        self.progress = progress
    }

    /// Writes `files` as the folder at `path` (created with its parents when missing).
    /// - Parameters:
    ///   - force: replace a non-empty folder that milex did not write.
    ///   - knownNames: names that mark a folder without a manifest as milex's own (written by
    ///     an earlier version): a folder holding only these is replaced without `force`.
    /// - Throws: ``IOError`` `.output`; the folder is then as it was.
    public func write(_ files: [File], to path: String, force: Bool = false, knownNames: Set<String> = []) throws(IOError) {
        guard !path.isEmpty else { throw IOError(.output, target: "\"\"", reason: "the folder name is empty") }
        var names = Set<String>()
        for file in files {
            precondition(
                !file.name.isEmpty && !file.name.contains("/") && !file.name.hasPrefix(".") && names.insert(file.name).inserted,
                "FolderWriter: bad or repeated file name \(file.name)")
        }
        // The folder itself, not a link to it, is replaced; a link stays and points to the new one.
        var target = URL(fileURLWithPath: path).standardizedFileURL.path
        if let link = Descriptor.linkStatus(target), Descriptor.isKind(link, S_IFLNK) {
            guard let resolved = Descriptor.realPath(target) else {
                throw IOError(.output, target: path, reason: "it is a symbolic link to a folder that does not exist")
            }
            target = resolved
        }
        let existing = Descriptor.status(target)
        if existing == nil && errno != ENOENT { throw IOError(.output, target: path, reason: IOError.reason(errno: errno)) }
        if let existing {
            guard Descriptor.isKind(existing, S_IFDIR) else {
                throw IOError(.output, target: path, reason: "it exists and is not a folder")
            }
            if !force, let foreign = Self.foreignEntries(in: target, knownNames: knownNames), !foreign.isEmpty {
                let shown = foreign.prefix(5).joined(separator: ", ") + (foreign.count > 5 ? ", …" : "")
                throw IOError(
                    .output, target: path,
                    reason:
                        "the folder holds files milex did not write (\(shown)); choose an empty or new folder, or add --force to replace it"
                )
            }
        }
        let url = URL(fileURLWithPath: target)
        let parent = url.deletingLastPathComponent().path
        let name = url.lastPathComponent
        guard !name.isEmpty, name != "/", target != "/" else {
            throw IOError(.output, target: path, reason: "the root folder cannot be replaced; choose a folder inside it")
        }
        do {
            try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
        } catch {
            throw IOError(.output, target: path, reason: "cannot create the folder \(parent) (\(Self.reason(error)))")
        }
        Self.removeStale(in: parent, name: name)

        let staging = parent + "/" + TemporaryName.make(Self.stagingPrefix(for: name))
        let mode = existing.map { $0.st_mode & 0o7777 } ?? 0o777
        // Registered before they exist, so a signal at any moment finds them.
        var tokens = [CleanupRegistry.register(staging, isDirectory: true)]
        defer { for token in tokens { token.release() } }
        guard mkdir(staging, mode) == 0 else {
            throw IOError(
                .output, target: path, reason: "cannot create a staging folder in \(parent) (\(IOError.reason(errno: errno)))")
        }
        if let existing { chmod(staging, existing.st_mode & 0o7777) }
        func abandon(_ reason: String) -> IOError {
            Self.removeTree(staging)
            return IOError(.output, target: path, reason: reason + "; nothing was changed")
        }
        let manifest = Self.manifest(files.map(\.name))
        for file in files + [File(name: Self.manifestName, data: manifest)] {
            if file.name != Self.manifestName { progress("writing \(file.name)…") }
            let filePath = staging + "/" + file.name
            tokens.append(CleanupRegistry.register(filePath))
            let fd = open(filePath, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
            guard fd >= 0 else { throw abandon("cannot create \(file.name) (\(IOError.reason(errno: errno)))") }
            let code = Descriptor.writeAll(fd, file.data)
            let synced = code == 0 ? (fsync(fd) == 0 || errno == EINVAL ? 0 : errno) : code
            let closed = close(fd) == 0 ? 0 : errno
            if synced != 0 || closed != 0 {
                throw abandon("cannot write \(file.name) (\(IOError.reason(errno: synced != 0 ? synced : closed)))")
            }
        }

        TestHooks.pause()
        try CleanupRegistry.committing { () throws(IOError) in
            // A new folder: a rename; if another writer made it meanwhile, exchange with theirs.
            if existing == nil {
                let code = calls.rename(staging, target)
                if code == 0 { return }
                guard code == EEXIST || code == ENOTEMPTY else {
                    throw abandon("cannot move the new folder into place (\(IOError.reason(errno: code)))")
                }
            }
            let exchanged = calls.exchange(staging, target)
            if exchanged == 0 {
                // The staging name now holds the old folder.
                Self.removeTree(staging)
                return
            }
            guard exchanged == EINVAL || exchanged == ENOSYS || exchanged == EOPNOTSUPP else {
                throw abandon("cannot replace the folder (\(IOError.reason(errno: exchanged)))")
            }
            // No atomic exchange here: move the old folder aside, the new one in, and back on failure.
            let aside = parent + "/" + TemporaryName.make(Self.asidePrefix(for: name))
            let movedAside = calls.rename(target, aside)
            guard movedAside == 0 else {
                throw abandon("cannot move the old folder aside (\(IOError.reason(errno: movedAside)))")
            }
            let movedIn = calls.rename(staging, target)
            guard movedIn == 0 else {
                _ = calls.rename(aside, target)
                throw abandon("cannot move the new folder into place (\(IOError.reason(errno: movedIn)))")
            }
            Self.removeTree(aside)
        }
    }

    /// Entries of `folder` milex did not write there, or nil when the folder is unreadable.
    static func foreignEntries(in folder: String, knownNames: Set<String> = []) -> [String]? {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return nil }
        let visible = entries.filter { $0 != manifestName && !isLegacyStaging($0) }.sorted()
        if visible.isEmpty { return [] }
        if !entries.contains(manifestName), !knownNames.isEmpty, visible.allSatisfy(knownNames.contains) { return [] }
        guard let data = FileManager.default.contents(atPath: folder + "/" + manifestName),
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            let listed = object["files"] as? [String]
        else { return visible }
        return visible.filter { !listed.contains($0) }
    }

    /// Staging folders milex 0.x left inside the target (`.milex-brief-PID`).
    static func isLegacyStaging(_ name: String) -> Bool { name.hasPrefix(".milex-brief-") }

    static func manifest(_ names: [String]) -> Data {
        let list = names.map {
            "\"\($0.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\""))\""
        }
        return Data(("{\"written_by\": \"milex\", \"files\": [" + list.joined(separator: ", ") + "]}\n").utf8)
    }

    static func stagingPrefix(for name: String) -> String { ".\(name).milex-stage-" }
    static func asidePrefix(for name: String) -> String { ".\(name).milex-old-" }

    /// Removes staging and aside folders next to `name` whose process no longer exists.
    static func removeStale(in parent: String, name: String) {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: parent) else { return }
        for prefix in [stagingPrefix(for: name), asidePrefix(for: name)] {
            for entry in entries where TemporaryName.isStale(entry, prefix: prefix) { removeTree(parent + "/" + entry) }
        }
        // Inside the target: staging folders of earlier milex versions.
        if let inner = try? FileManager.default.contentsOfDirectory(atPath: parent + "/" + name) {
            for entry in inner where isLegacyStaging(entry) {
                if let pid = Int32(entry.dropFirst(".milex-brief-".count)), !Descriptor.processExists(pid) {
                    removeTree(parent + "/" + name + "/" + entry)
                }
            }
        }
    }

    static func removeTree(_ path: String) {
        guard Descriptor.linkStatus(path) != nil else { return }
        try? FileManager.default.removeItem(atPath: path)
    }

    static func reason(_ error: Error) -> String {
        let nsError = error as NSError
        if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return IOError.reason(errno: Int32(underlying.code))
        }
        if nsError.domain == NSPOSIXErrorDomain { return IOError.reason(errno: Int32(nsError.code)) }
        return nsError.localizedDescription
    }
}
