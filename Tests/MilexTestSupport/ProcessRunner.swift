import Foundation

/// Runs a program and captures what it printed: the one process runner of the test suites.
///
/// Output goes through files, not pipes, so a child that prints a lot never stalls on a full
/// pipe; a child still running after `timeout` seconds is killed and reported as timed out.
public enum ProcessRunner {
    public struct Outcome: Sendable {
        /// The exit status, or the signal number when `signalled`.
        public var status: Int32
        public var signalled: Bool
        public var stdout: String
        public var stderr: String
        public var stdoutData: Data
        public var timedOut: Bool
        public var seconds: Double
    }

    /// The first of `names` on `PATH`.
    public static func find(_ names: [String]) -> URL? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for name in names {
            for directory in path.split(separator: ":") {
                let candidate = URL(fileURLWithPath: String(directory)).appendingPathComponent(name)
                if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            }
        }
        return nil
    }

    /// Runs `executable` with `arguments` in `directory`, with `environment` added to this
    /// process's, `input` on its standard input (none: /dev/null).
    @discardableResult
    public static func run(
        _ executable: URL, _ arguments: [String], environment: [String: String] = [:], directory: URL? = nil,
        input: Data? = nil, timeout: TimeInterval = 300
    ) throws -> Outcome {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("milex-process-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let outURL = scratch.appendingPathComponent("stdout")
        let errURL = scratch.appendingPathComponent("stderr")
        let inURL = scratch.appendingPathComponent("stdin")
        FileManager.default.createFile(atPath: outURL.path, contents: nil)
        FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let out = try FileHandle(forWritingTo: outURL)
        let err = try FileHandle(forWritingTo: errURL)
        defer {
            try? out.close()
            try? err.close()
        }
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        var env = ProcessInfo.processInfo.environment
        for (key, value) in environment { env[key] = value }
        process.environment = env
        process.standardOutput = out
        process.standardError = err
        if let input {
            try input.write(to: inURL)
            process.standardInput = try FileHandle(forReadingFrom: inURL)
        } else {
            process.standardInput = FileHandle.nullDevice
        }
        let start = Date()
        try process.run()
        let deadline = start.addingTimeInterval(timeout)
        var timedOut = false
        while process.isRunning {
            if Date() > deadline {
                timedOut = true
                kill(process.processIdentifier, SIGKILL)
                break
            }
            usleep(2_000)
        }
        process.waitUntilExit()
        let stdoutData = (try? Data(contentsOf: outURL)) ?? Data()
        let stderrData = (try? Data(contentsOf: errURL)) ?? Data()
        return Outcome(
            status: process.terminationStatus, signalled: process.terminationReason == .uncaughtSignal,
            stdout: String(decoding: stdoutData, as: UTF8.self), stderr: String(decoding: stderrData, as: UTF8.self),
            stdoutData: stdoutData, timedOut: timedOut, seconds: Date().timeIntervalSince(start))
    }
}

/// Approximate equality for test expectations: `|a − b| ≤ relative·max(|a|, |b|) + absolute`.
public func approximatelyEqual(_ a: Double, _ b: Double, relative: Double = 1e-12, absolute: Double = 1e-12) -> Bool {
    if a == b { return true }
    guard a.isFinite, b.isFinite else { return false }
    return abs(a - b) <= relative * max(abs(a), abs(b)) + absolute
}

/// A fresh directory under the system's temporary directory, `milex-LABEL-UUID` (the caller removes it).
public func temporaryDirectory(_ label: String) throws -> URL {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("milex-\(label)-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    return directory
}

/// A CSV output without its leading comment lines (`# title`, `# key assumption: …`), as
/// `pandas.read_csv(comment="#")` reads it.
public func csvBody(_ text: String) -> String {
    var rest = Substring(text)
    while rest.hasPrefix("#") {
        guard let end = rest.range(of: "\r\n") ?? rest.range(of: "\n") else { return "" }
        rest = rest[end.upperBound...]
    }
    return String(rest)
}
