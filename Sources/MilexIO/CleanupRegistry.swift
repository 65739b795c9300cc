import CMilexCleanup
import Foundation

/// Temporary files and folders removed when milex is interrupted (SIGINT, SIGTERM, SIGHUP,
/// SIGQUIT), so an interrupted write leaves nothing behind. A SIGKILL cannot be caught: the
/// next write into the same folder removes what a process that no longer exists left
/// (``OutputFile``, ``FolderWriter``).
public enum CleanupRegistry {
    /// A registered path; `release()` when it has been moved into place or removed.
    public struct Token: Sendable {
        let slot: Int32

        public func release() { milex_cleanup_unregister(slot) }

        /// Removes the path now, as the signal handler would (tests of the registry).
        func removeNow() { milex_cleanup_remove_now(slot) }
    }

    /// Installs the signal handlers (once).
    public static func install() { _ = milex_cleanup_install() }

    /// Registers a temporary file or folder for removal on a signal.
    public static func register(_ path: String, isDirectory: Bool = false) -> Token {
        install()
        return Token(slot: milex_cleanup_register(path, isDirectory ? 1 : 0))
    }

    /// Runs `body` with the handlers deferred: a signal during a commit (renames into place)
    /// waits until it is done, then cleans up and ends the process.
    public static func committing<T, E: Error>(_ body: () throws(E) -> T) throws(E) -> T {
        milex_cleanup_defer()
        defer { milex_cleanup_resume() }
        return try body()
    }
}
