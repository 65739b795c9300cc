import Foundation

/// Writes one output: to standard output (`-`), through to a pipe or character device, or
/// atomically into a regular file.
///
/// - A **regular file** (new or existing) is written in full to a sibling temporary file
///   `.NAME.tmp-PID-N`, flushed and renamed over the target, so a reader never sees it half
///   written; an existing file keeps its permissions (and, as root, its owner).
/// - A **FIFO or character device** (`/dev/null`, `/dev/stdout`, `<(…)`) is written through:
///   it is never replaced by a regular file. Block devices, sockets and folders are refused.
/// - A **symbolic link** writes its target (resolved; the link itself stays); a link to
///   nothing is refused.
/// - Temporary files are removed on SIGINT/SIGTERM (``CleanupRegistry``); those a killed
///   process left (its PID no longer exists) are removed by the next write into that folder.
public struct OutputFile: Sendable {
    /// The path as the user gave it (`-`: standard output).
    public let path: String

    public init(path: String) { self.path = path }

    /// Whether the output goes to standard output.
    public var isStandardOutput: Bool { path == "-" }

    /// Writes `data`.
    /// - Throws: ``IOError`` (`.output`, or `.closedPipe` for a pipe whose reader left).
    public func write(_ data: Data) throws(IOError) {
        if isStandardOutput { return try StandardStreams.writeOutput(data) }
        guard !path.isEmpty else { throw IOError(.output, target: "\"\"", reason: "the file name is empty") }
        var target = path
        if let link = Descriptor.linkStatus(path), Descriptor.isKind(link, S_IFLNK) {
            guard let resolved = Descriptor.realPath(path) else {
                throw IOError(
                    .output, target: path,
                    reason: errno == ENOENT
                        ? "it is a symbolic link to a file that does not exist" : IOError.reason(errno: errno))
            }
            target = resolved
        }
        if let info = Descriptor.status(target) {
            switch info.st_mode & S_IFMT {
            case S_IFREG: return try Self.replaceAtomically(target, with: data, mode: info.st_mode & 0o7777, owner: info)
            case S_IFDIR: throw IOError(.output, target: path, reason: "it is a folder; give a file name")
            case S_IFIFO, S_IFCHR: return try Self.writeThrough(target, data, displayName: path)
            case S_IFBLK:
                throw IOError(.output, target: path, reason: "it is a block device; milex writes files, pipes and terminals only")
            default: throw IOError(.output, target: path, reason: "it is a socket or another special file")
            }
        }
        guard errno == ENOENT else { throw IOError(.output, target: path, reason: IOError.reason(errno: errno)) }
        try Self.replaceAtomically(target, with: data, mode: nil, owner: nil)
    }

    /// Writes `text` (UTF-8).
    public func write(_ text: String) throws(IOError) { try write(Data(text.utf8)) }

    private static func writeThrough(_ path: String, _ data: Data, displayName: String) throws(IOError) {
        let fd = open(path, O_WRONLY | O_NOCTTY | O_CLOEXEC)
        guard fd >= 0 else { throw IOError(.output, target: displayName, reason: IOError.reason(errno: errno)) }
        defer { close(fd) }
        let code = Descriptor.writeAll(fd, data)
        if code == EPIPE { throw IOError(.closedPipe, target: displayName, reason: IOError.reason(errno: code)) }
        if code != 0 { throw IOError(.output, target: displayName, reason: IOError.reason(errno: code)) }
    }

    /// The prefix of the temporary siblings of `name`: `.NAME.tmp-`, then `PID-N`.
    static func temporaryPrefix(for name: String) -> String { ".\(name).tmp-" }

    /// Removes `.NAME.tmp-PID…` files in `directory` whose process no longer exists.
    static func removeStaleTemporaries(in directory: String, name: String) {
        let prefix = temporaryPrefix(for: name)
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return }
        for entry in entries where TemporaryName.isStale(entry, prefix: prefix) { unlink(directory + "/" + entry) }
    }

    private static func replaceAtomically(_ path: String, with data: Data, mode: mode_t?, owner: stat?) throws(IOError) {
        let url = URL(fileURLWithPath: path)
        let directory = url.deletingLastPathComponent().path
        let name = url.lastPathComponent
        guard let folder = Descriptor.status(directory), Descriptor.isKind(folder, S_IFDIR) else {
            throw IOError(.output, target: path, reason: "the folder \(directory) does not exist")
        }
        removeStaleTemporaries(in: directory, name: name)
        let temporary = directory + "/" + TemporaryName.make(temporaryPrefix(for: name))
        // Registered before it exists, so a signal at any moment finds it.
        let token = CleanupRegistry.register(temporary)
        defer { token.release() }
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode ?? 0o666)
        guard fd >= 0 else { throw IOError(.output, target: path, reason: IOError.reason(errno: errno)) }
        func abandon(_ code: Int32) -> IOError {
            close(fd)
            unlink(temporary)
            return IOError(.output, target: path, reason: IOError.reason(errno: code) + "; the previous file is untouched")
        }
        let code = Descriptor.writeAll(fd, data)
        if code != 0 { throw abandon(code) }
        if let mode, fchmod(fd, mode) != 0 { throw abandon(errno) }
        if let owner, getuid() == 0 { _ = fchown(fd, owner.st_uid, owner.st_gid) }
        if fsync(fd) != 0, errno != EINVAL { throw abandon(errno) }
        guard close(fd) == 0 else {
            unlink(temporary)
            throw IOError(.output, target: path, reason: IOError.reason(errno: errno) + "; the previous file is untouched")
        }
        TestHooks.pause()
        try CleanupRegistry.committing { () throws(IOError) in
            guard rename(temporary, path) == 0 else {
                let code = errno
                unlink(temporary)
                throw IOError(
                    .output, target: path,
                    reason: "cannot move the new file into place (\(IOError.reason(errno: code))); the previous file is untouched"
                )
            }
        }
    }
}
