import Foundation

/// Reads an input file whole, with a size limit checked before the work: a regular file by its
/// size, standard input (`-`), a pipe, a FIFO or `/dev/stdin` while reading.
public enum InputFile {
    /// The largest input read (scenario files are a few kilobytes; 8 MiB leaves room for large
    /// custom-country tables while bounding memory and time).
    public static let defaultLimit = 8 << 20

    /// The bytes of `path` (`-`: standard input).
    /// - Throws: ``IOError`` `.input` with a plain reason (no such file, a folder, too large,
    ///   permission denied, a symbolic-link loop).
    public static func read(_ path: String, limit: Int = defaultLimit) throws(IOError) -> Data {
        let name = path == "-" ? "standard input" : path
        guard !path.isEmpty else { throw IOError(.input, target: "\"\"", reason: "the file name is empty") }
        let fd: Int32
        if path == "-" {
            fd = STDIN_FILENO
        } else {
            fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY)
            guard fd >= 0 else { throw IOError(.input, target: name, reason: IOError.reason(errno: errno)) }
        }
        defer { if fd != STDIN_FILENO { close(fd) } }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw IOError(.input, target: name, reason: IOError.reason(errno: errno)) }
        switch info.st_mode & S_IFMT {
        case S_IFDIR:
            throw IOError(.input, target: name, reason: "it is a folder, not a scenario file")
        case S_IFREG where Int(info.st_size) > limit:
            throw IOError(
                .input, target: name, reason: "it has \(sizeText(Int(info.st_size))); inputs are limited to \(sizeText(limit))")
        case S_IFBLK:
            throw IOError(.input, target: name, reason: "it is a block device, not a scenario file")
        default: break
        }
        switch Descriptor.readAll(fd, limit: limit) {
        case .success(let data): return data
        case .failure(.tooLarge):
            throw IOError(.input, target: name, reason: "it has more than \(sizeText(limit)), the limit for inputs")
        case .failure(.errno(let code)): throw IOError(.input, target: name, reason: IOError.reason(errno: code))
        }
    }

    /// `8 MiB`, `52.4 MB` style sizes.
    static func sizeText(_ bytes: Int) -> String {
        if bytes >= 1 << 20, bytes % (1 << 20) == 0 { return "\(bytes >> 20) MiB" }
        if bytes >= 1_000_000 { return String(format: "%.1f MB", Double(bytes) / 1e6) }
        if bytes >= 1000 { return String(format: "%.1f kB", Double(bytes) / 1e3) }
        return "\(bytes) bytes"
    }

    /// The canonical folder of `path` (symbolic links resolved): the folder `extends` may not
    /// leave. Standard input's is the current folder.
    public static func confiningFolder(of path: String) -> String? {
        if path == "-" { return Descriptor.realPath(".") }
        let resolved = Descriptor.realPath(path) ?? path
        return Descriptor.realPath(URL(fileURLWithPath: resolved).deletingLastPathComponent().path)
    }

    /// `path` with symbolic links resolved, or nil when it does not exist.
    public static func canonicalPath(_ path: String) -> String? { Descriptor.realPath(path) }

    /// Whether `path` (canonical) lies inside `folder` (canonical).
    public static func isInside(_ path: String, folder: String) -> Bool {
        folder == "/" ? path.hasPrefix("/") : path.hasPrefix(folder + "/")
    }
}
