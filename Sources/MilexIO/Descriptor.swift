import Foundation

/// The POSIX calls MilexIO is built on, each retried on `EINTR` and returning `errno` on failure.
enum Descriptor {
    /// Writes all of `data` to `fd`; returns 0 or the `errno` of the failed write.
    static func writeAll(_ fd: Int32, _ data: Data) -> Int32 {
        data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) -> Int32 in
            guard var pointer = raw.baseAddress else { return 0 }
            var remaining = raw.count
            while remaining > 0 {
                let written = write(fd, pointer, min(remaining, 1 << 30))
                if written < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                if written == 0 { return EIO }
                pointer += written
                remaining -= written
            }
            return 0
        }
    }

    /// Reads `fd` to its end, at most `limit` bytes: `.tooLarge` when there is more.
    static func readAll(_ fd: Int32, limit: Int) -> Result<Data, ReadFailure> {
        var data = Data()
        let chunk = 1 << 16
        var buffer = [UInt8](repeating: 0, count: chunk)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, chunk) }
            if count < 0 {
                if errno == EINTR { continue }
                return .failure(.errno(errno))
            }
            if count == 0 { return .success(data) }
            if data.count + count > limit { return .failure(.tooLarge) }
            data.append(contentsOf: buffer[0..<count])
        }
    }

    enum ReadFailure: Error {
        case errno(Int32)
        case tooLarge
    }

    /// `lstat` of `path`, or nil with `errno` set.
    static func linkStatus(_ path: String) -> stat? {
        var info = stat()
        return lstat(path, &info) == 0 ? info : nil
    }

    /// `stat` of `path` (following links), or nil with `errno` set.
    static func status(_ path: String) -> stat? {
        var info = stat()
        return stat(path, &info) == 0 ? info : nil
    }

    static func isKind(_ info: stat, _ kind: mode_t) -> Bool { (info.st_mode & S_IFMT) == kind }

    /// The canonical path (symbolic links resolved), or nil with `errno` set.
    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// Whether the process `pid` still exists (a temporary file it left is not stale).
    static func processExists(_ pid: Int32) -> Bool {
        if pid <= 0 { return false }
        return kill(pid, 0) == 0 || errno == EPERM
    }
}
