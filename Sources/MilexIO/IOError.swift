import Foundation

/// A file or stream that could not be read or written, said plainly: what, where, why.
public struct IOError: Error, Equatable, CustomStringConvertible, Sendable {
    /// What went wrong, for the exit code.
    public enum Kind: Sendable, Equatable {
        /// The reader of standard output (or of a pipe) went away: end quietly.
        case closedPipe
        /// An output could not be written (disk full, permissions, a folder in the way…).
        case output
        /// An input could not be read (no such file, a folder, too large…).
        case input
    }

    public let kind: Kind
    /// The path or stream named in the message.
    public let target: String
    /// Why, in words (`no space left on device`).
    public let reason: String

    public init(_ kind: Kind, target: String, reason: String) {
        self.kind = kind
        self.target = target
        self.reason = reason
    }

    public var description: String {
        switch kind {
        case .closedPipe: return "\(target): the reader closed the pipe"
        case .output: return "cannot write \(target): \(reason)"
        case .input: return "\(target): \(reason)"
        }
    }

    /// `strerror`'s text for `code`, lower-cased as it reads inside a sentence, with the cases
    /// a user meets most said in plain words.
    public static func reason(errno code: Int32) -> String {
        switch code {
        case ENOSPC: return "no space left on the device"
        case EDQUOT: return "the disk quota is exhausted"
        case EFBIG: return "the file is larger than this file system or limit allows"
        case EACCES, EPERM: return "permission denied"
        case EROFS: return "the file system is read-only"
        case ENOENT: return "no such file or folder"
        case ENOTDIR: return "a part of the path is not a folder"
        case EISDIR: return "it is a folder"
        case ELOOP: return "too many levels of symbolic links (a link that points to itself?)"
        case ENAMETOOLONG: return "the name is too long"
        case EIO: return "an input/output error on the device"
        case EXDEV: return "the staging location is on another file system"
        default:
            let text = String(cString: strerror(code))
            return text.prefix(1).lowercased() + text.dropFirst()
        }
    }
}
