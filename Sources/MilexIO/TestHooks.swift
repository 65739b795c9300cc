import Foundation

/// Fault injection for the tests of interrupted writes: with `MILEX_TEST_PAUSE_BEFORE_COMMIT`
/// set to a number of seconds, each write pauses with its temporary file (or staging folder)
/// complete, before moving it into place, so a test can signal the process at that moment.
/// Unset (always, outside the tests), nothing changes.
enum TestHooks {
    static let pauseBeforeCommit: Double? = ProcessInfo.processInfo.environment["MILEX_TEST_PAUSE_BEFORE_COMMIT"].flatMap(
        Double.init)

    static func pause() {
        guard let seconds = pauseBeforeCommit, seconds > 0 else { return }
        usleep(useconds_t(min(seconds, 30) * 1_000_000))
    }
}
