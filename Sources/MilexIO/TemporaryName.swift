import Foundation

/// Names of temporary files and folders: `PREFIX` + the process id + `-` + a counter, so two
/// writes of one process never collide and a name tells which process made it.
enum TemporaryName {
    private static let counter = Counter()

    /// `prefix` followed by `PID-N`.
    static func make(_ prefix: String) -> String { "\(prefix)\(getpid())-\(counter.next())" }

    /// Whether `entry` (`prefix` + `PID-N`) was left by a process that no longer exists.
    static func isStale(_ entry: String, prefix: String) -> Bool {
        guard entry.hasPrefix(prefix) else { return false }
        let rest = entry.dropFirst(prefix.count)
        guard let pid = Int32(rest.prefix { $0 != "-" }) else { return false }
        return pid != getpid() && !Descriptor.processExists(pid)
    }

    private final class Counter: @unchecked Sendable {
        private var value = 0
        private let lock = NSLock()

        func next() -> Int {
            lock.lock()
            defer { lock.unlock() }
            value += 1
            return value
        }
    }
}
