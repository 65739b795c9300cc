import Foundation

/// Standard output and standard error written with `write(2)`, so a full disk or a closed pipe
/// is an error the caller handles, never a trap (Foundation's `FileHandle.write` traps, and
/// `print` drops the failure silently).
public enum StandardStreams {
    /// Writes `data` to standard output.
    /// - Throws: ``IOError`` `.closedPipe` when the reader has gone (with SIGPIPE ignored), else
    ///   `.output` with the reason (`no space left on the device`).
    public static func writeOutput(_ data: Data) throws(IOError) {
        let code = Descriptor.writeAll(STDOUT_FILENO, data)
        switch code {
        case 0: return
        case EPIPE: throw IOError(.closedPipe, target: "standard output", reason: IOError.reason(errno: code))
        default: throw IOError(.output, target: "standard output", reason: IOError.reason(errno: code))
        }
    }

    /// Writes `text` to standard output.
    public static func writeOutput(_ text: String) throws(IOError) { try writeOutput(Data(text.utf8)) }

    /// Writes `text` to standard error, a line end added when missing. Failures are ignored:
    /// there is nowhere left to report them.
    public static func writeError(_ text: String) {
        _ = Descriptor.writeAll(STDERR_FILENO, Data((text.hasSuffix("\n") ? text : text + "\n").utf8))
    }

    /// Whether standard output (or error) is a terminal.
    public static var outputIsTerminal: Bool { isatty(STDOUT_FILENO) == 1 }
    public static var errorIsTerminal: Bool { isatty(STDERR_FILENO) == 1 }
}
