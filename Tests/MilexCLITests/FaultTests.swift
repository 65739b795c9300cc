import Foundation
import MilexTestSupport
import Testing

/// The faults of the reliability campaign, end to end: exit codes as documented (0, 1, 3, 64),
/// no trap, no replaced special file, no stale file, no non-finite number printed.
@Suite("Faults: full disks, closed pipes, special files, hostile inputs, signals")
struct FaultTests {
    static let corpus = CLI.root.appendingPathComponent("Tests/FaultCorpus")
    static let documented: Set<Int32> = [0, 1, 3, 64]

    static func milex(_ arguments: [String], input: Data? = nil, directory: URL? = nil, timeout: TimeInterval = 120) throws
        -> ProcessRunner.Outcome
    {
        try ProcessRunner.run(
            CLI.executable, arguments, environment: ["NO_COLOR": "1"], directory: directory ?? CLI.root, input: input,
            timeout: timeout)
    }

    /// No trap: not killed by a signal, no Swift runtime message.
    static func expectNoTrap(_ outcome: ProcessRunner.Outcome, _ what: String, sourceLocation: SourceLocation = #_sourceLocation)
    {
        #expect(
            !outcome.signalled && !outcome.timedOut, "\(what): ended by a signal or timed out", sourceLocation: sourceLocation)
        #expect(
            !outcome.stderr.contains("Fatal error") && !outcome.stderr.contains("NSCocoaErrorDomain"),
            "\(what): \(outcome.stderr.prefix(300))", sourceLocation: sourceLocation)
        #expect(
            documented.contains(outcome.status), "\(what): exit \(outcome.status) is not documented",
            sourceLocation: sourceLocation)
    }

    static let writers: [[String]] = [
        ["schema"], ["schema", "--reference"], ["run", "Scenarios/model-example.json"],
        ["run", "Scenarios/model-example.json", "--format", "json"], ["countries"], ["show", "PL"],
        ["compare", "Scenarios/germany-2029.json"], ["validate", "Scenarios/model-example.json"],
        ["fan", "Scenarios/model-example.json", "--draws", "200"], ["run", "--help-columns"], ["--help"], ["--version"],
    ]

    @Test("standard output on a full disk: exit 3 with a plain message", arguments: writers)
    func fullDisk(arguments: [String]) throws {
        guard FileManager.default.fileExists(atPath: "/dev/full") else { return }
        let shell = "exec \"$0\" \"$@\" > /dev/full"
        let outcome = try ProcessRunner.run(URL(fileURLWithPath: "/bin/sh"), ["-c", shell, CLI.executable.path] + arguments)
        Self.expectNoTrap(outcome, arguments.joined(separator: " "))
        #expect(outcome.status == 3, "\(arguments): \(outcome.stderr)")
        #expect(outcome.stderr.contains("no space left on the device"))
        // --output to the full device: the same.
        if arguments.first != "--help", arguments.first != "--version", arguments != ["run", "--help-columns"],
            arguments.first != "validate"
        {
            let direct = try Self.milex(arguments + ["--output", "/dev/full"])
            Self.expectNoTrap(direct, "--output /dev/full")
            #expect(direct.status == 3)
        }
    }

    @Test("a closed pipe with SIGPIPE ignored ends quietly", arguments: [["run", "Scenarios/hague-2035.json"], ["schema"]])
    func closedPipe(arguments: [String]) throws {
        let script = "trap '' PIPE; \"$0\" \"$@\" | head -c 20 > /dev/null; exit ${PIPESTATUS[0]}"
        let outcome = try ProcessRunner.run(
            URL(fileURLWithPath: "/bin/bash"), ["-c", script, CLI.executable.path] + arguments, directory: CLI.root)
        #expect(outcome.status == 0, "exit \(outcome.status): \(outcome.stderr)")
        #expect(!outcome.stderr.contains("Fatal error") && !outcome.stderr.contains("error:"), "\(outcome.stderr)")
    }

    @Test("--output never replaces a special file; a file keeps its permissions; a link writes its target")
    func specialOutputs() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        // /dev/null (as root this once became a regular file).
        let null = try Self.milex(["run", "Scenarios/model-example.json", "--output", "/dev/null"])
        #expect(null.status == 0)
        var info = stat()
        #expect(lstat("/dev/null", &info) == 0 && (info.st_mode & S_IFMT) == S_IFCHR)
        // A FIFO with a reader.
        let fifo = directory.appendingPathComponent("fifo").path
        #expect(mkfifo(fifo, 0o600) == 0)
        let reader = try ProcessRunner.run(
            URL(fileURLWithPath: "/bin/sh"),
            ["-c", "cat \"$1\" > \"$1.out\" & \"$0\" schema --output \"$1\"; wait", CLI.executable.path, fifo])
        #expect(reader.status == 0, "\(reader.stderr)")
        #expect(lstat(fifo, &info) == 0 && (info.st_mode & S_IFMT) == S_IFIFO, "the FIFO is still a FIFO")
        #expect((try? Data(contentsOf: URL(fileURLWithPath: fifo + ".out")))?.count ?? 0 > 1000)
        // `-` is standard output.
        let dash = try Self.milex(["schema", "--output", "-"])
        #expect(dash.status == 0 && dash.stdout.hasPrefix("{"))
        // A regular file keeps its mode.
        let file = directory.appendingPathComponent("out.json").path
        FileManager.default.createFile(atPath: file, contents: Data("old".utf8))
        chmod(file, 0o640)
        #expect(try Self.milex(["schema", "--output", file]).status == 0)
        #expect(stat(file, &info) == 0 && info.st_mode & 0o777 == 0o640)
        // A symbolic link writes its target.
        let link = directory.appendingPathComponent("link.json").path
        #expect(symlink(file, link) == 0)
        #expect(try Self.milex(["countries", "--format", "json", "--output", link]).status == 0)
        #expect(lstat(link, &info) == 0 && (info.st_mode & S_IFMT) == S_IFLNK)
        #expect(String(decoding: try Data(contentsOf: URL(fileURLWithPath: file)), as: UTF8.self).contains("dataset_vintage"))
        // An empty name is a usage error.
        #expect(try Self.milex(["schema", "--output", ""]).status == 64)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).allSatisfy { !$0.contains(".tmp-") })
    }

    @Test("scenarios from standard input, /dev/stdin and a FIFO")
    func inputs() throws {
        let text = try Data(contentsOf: CLI.root.appendingPathComponent("Scenarios/model-example.json"))
        for name in ["-", "/dev/stdin"] {
            let outcome = try Self.milex(["validate", name], input: text)
            #expect(outcome.status == 0, "\(name): \(outcome.stderr)")
            let run = try Self.milex(["run", name, "--format", "json"], input: text)
            #expect(run.status == 0 && run.stdout.contains("\"projections\""), "\(name): \(run.stderr)")
        }
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let fifo = directory.appendingPathComponent("scenario").path
        #expect(mkfifo(fifo, 0o600) == 0)
        let outcome = try ProcessRunner.run(
            URL(fileURLWithPath: "/bin/sh"),
            ["-c", "cat Scenarios/model-example.json > \"$1\" & \"$0\" validate \"$1\"; wait", CLI.executable.path, fifo],
            directory: CLI.root)
        #expect(outcome.status == 0, "\(outcome.stderr)")
    }

    @Test(
        "plain errors: a folder, a symbolic-link loop, a file over the size limit",
        arguments: [("folder", "is a folder"), ("loop", "symbolic links"), ("large", "inputs are limited to 8 MiB")])
    func plainErrors(kind: String, phrase: String) throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path: String
        switch kind {
        case "folder": path = directory.path
        case "loop":
            path = directory.appendingPathComponent("loop.json").path
            _ = symlink(path, path)
        default:
            path = directory.appendingPathComponent("large.json").path
            FileManager.default.createFile(atPath: path, contents: Data(repeating: 0x20, count: 9 << 20))
        }
        let outcome = try Self.milex(["validate", path])
        Self.expectNoTrap(outcome, kind)
        #expect(outcome.status == 1)
        #expect(outcome.stderr.contains(phrase), "\(outcome.stderr)")
    }

    @Test("extends stays inside the scenario's folder; a file outside is never read or echoed")
    func confinement() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let inner = directory.appendingPathComponent("inner")
        try FileManager.default.createDirectory(at: inner, withIntermediateDirectories: true)
        try "secret-\(UUID().uuidString)".write(
            to: directory.appendingPathComponent("secret.json"), atomically: true, encoding: .utf8)
        _ = symlink("/etc/passwd", inner.appendingPathComponent("passwd.json").path)
        let cases = ["../secret.json", "passwd.json", "/etc/passwd", directory.appendingPathComponent("secret.json").path]
        for parent in cases {
            let file = inner.appendingPathComponent("child.json")
            try "{\"extends\": \"\(parent)\", \"countries\": [\"DE\"]}".write(to: file, atomically: true, encoding: .utf8)
            let outcome = try Self.milex(["validate", file.path])
            #expect(outcome.status == 1, "\(parent)")
            #expect(outcome.stderr.contains("extends may name files in the scenario's folder"), "\(parent): \(outcome.stderr)")
            #expect(!outcome.stderr.contains("secret-") && !outcome.stderr.contains("root:"), "no bytes echoed")
        }
        // Inside the folder: fine.
        try "{\"countries\": [\"DE\"]}".write(to: inner.appendingPathComponent("parent.json"), atomically: true, encoding: .utf8)
        try "{\"extends\": \"parent.json\"}".write(to: inner.appendingPathComponent("ok.json"), atomically: true, encoding: .utf8)
        #expect(try Self.milex(["validate", inner.appendingPathComponent("ok.json").path]).status == 0)
    }

    @Test("every file of the fault corpus: a documented exit code, no trap, nothing non-finite printed")
    func corpus() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.corpus.path).filter { $0.hasSuffix(".json") }
            .sorted()
        #expect(files.count >= 15)
        for name in files {
            let path = Self.corpus.appendingPathComponent(name).path
            for arguments in [["validate", path], ["run", path, "--format", "json"], ["run", path, "--format", "csv"]] {
                let outcome = try Self.milex(arguments, timeout: 60)
                Self.expectNoTrap(outcome, "\(arguments.joined(separator: " "))")
                #expect(!outcome.timedOut, "\(name) did not finish in 60 s")
                #expect(outcome.stderr.count < 20_000, "\(name): \(outcome.stderr.count) characters on stderr")
                if name.hasPrefix("ok-") {
                    #expect(outcome.status == 0, "\(name): \(outcome.stderr)")
                } else {
                    #expect(outcome.status == 1, "\(name) \(arguments[0]): exit \(outcome.status)")
                }
                #expect(
                    outcome.stdout.firstMatch(of: /\b(nan|NaN|inf|Infinity)\b/) == nil, "\(name): a non-finite number printed")
                if name.hasPrefix("ok-"), arguments.contains("json") { try Self.expectFiniteContract(outcome.stdout, name) }
            }
        }
    }

    /// Every MODEL.md §9 field of every projected year is a number (not null).
    static func expectFiniteContract(_ json: String, _ name: String) throws {
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let base = try #require(object["base_year"] as? Int)
        for projection in try #require(object["projections"] as? [[String: Any]]) {
            for year in try #require(projection["years"] as? [[String: Any]]) where (year["year"] as? Int ?? 0) > base {
                for key in [
                    "gdp_bn", "defence_pct_gdp", "primary_balance_pct_gdp", "interest_pct_gdp", "balance_pct_gdp", "debt_pct_gdp",
                ] {
                    #expect(
                        year[key] is NSNumber, "\(name): \(key) in \(year["year"] ?? "?") is \(String(describing: year[key]))")
                }
            }
        }
    }

    @Test("the sweep of 10⁸ combinations is refused at once; a sweep's repeated error is reported once")
    func sweeps() throws {
        let explosion = try Self.milex(["validate", Self.corpus.appendingPathComponent("sweep-explosion.json").path])
        #expect(explosion.status == 1 && explosion.stderr.contains("at most 500"))
        #expect(!explosion.timedOut, "refused before the work, not after")
        let repeated = try Self.milex(["validate", Self.corpus.appendingPathComponent("sweep-repeated-error.json").path])
        #expect(repeated.status == 1)
        #expect(repeated.stderr.components(separatedBy: "unknown key \"shap\"").count == 2, "\(repeated.stderr)")
        #expect(repeated.stderr.contains("1 problem in 1 file"))
    }

    @Test(
        "interrupted writes leave nothing behind: the signal arrives while the temporary files exist",
        arguments: [SIGINT, SIGTERM])
    func signals(signal: Int32) throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        for arguments in [
            ["brief", "Scenarios/hague-2035.json", "--out", directory.appendingPathComponent("brief").path],
            [
                "run", "Scenarios/hague-2035.json", "--format", "xlsx", "--output",
                directory.appendingPathComponent("run.xlsx").path,
            ],
        ] {
            // Each write pauses with its temporary file complete (MilexIO.TestHooks); the child gets
            // the default dispositions of SIGINT and SIGTERM (a test runner may ignore them).
            let pid = try Self.spawn(arguments, environment: ["MILEX_TEST_PAUSE_BEFORE_COMMIT": "5"])
            // Wait until the write has begun (a temporary file or staging folder exists), then signal.
            var sawTemporary = false
            let deadline = Date().addingTimeInterval(60)
            while Date() < deadline {
                let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
                if names.contains(where: { $0.contains(".tmp-") || $0.contains(".milex-stage-") }) {
                    sawTemporary = true
                    break
                }
                usleep(500)
            }
            kill(pid, signal)
            var status: Int32 = 0
            waitpid(pid, &status, 0)
            let killedBy = status & 0x7f
            let left = try FileManager.default.contentsOfDirectory(atPath: directory.path)
            #expect(left.allSatisfy { !$0.contains(".tmp-") && !$0.contains(".milex-stage-") }, "\(arguments[0]): \(left)")
            #expect(sawTemporary, "\(arguments[0]): the temporary file never appeared")
            #expect(killedBy == signal, "\(arguments[0]) ended by the signal (status \(status))")
            if FileManager.default.fileExists(atPath: directory.appendingPathComponent("brief").path) {
                let inside = try FileManager.default.contentsOfDirectory(atPath: directory.appendingPathComponent("brief").path)
                #expect(inside.contains("summary.md"), "a brief folder is whole or absent: \(inside)")
            }
        }
    }

    /// Starts milex with `arguments` from the repository root, standard output and error to
    /// /dev/null, SIGINT and SIGTERM at their default dispositions and unblocked (the test runner's threads block
    /// them, and a child inherits the mask); returns its pid.
    static func spawn(_ arguments: [String], environment: [String: String]) throws -> pid_t {
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var defaults = sigset_t()
        sigemptyset(&defaults)
        sigaddset(&defaults, SIGINT)
        sigaddset(&defaults, SIGTERM)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        var unblocked = sigset_t()
        sigemptyset(&unblocked)
        posix_spawnattr_setsigmask(&attributes, &unblocked)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let script = "cd \"$0\" && exec \"$@\""
        let argv = ["/bin/sh", "-c", script, CLI.root.path, CLI.executable.path] + arguments
        var env = ProcessInfo.processInfo.environment
        for (key, value) in environment { env[key] = value }
        let cArguments = argv.map { strdup($0) } + [nil]
        let cEnvironment = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for pointer in cArguments + cEnvironment { free(pointer) }
        }
        var pid: pid_t = 0
        let code = posix_spawn(&pid, "/bin/sh", &actions, &attributes, cArguments, cEnvironment)
        guard code == 0 else { throw ProcessFailure(description: "posix_spawn failed: \(code)") }
        return pid
    }

    @Test("after a SIGKILL the next brief into the folder removes what the killed one left")
    func killed() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let out = directory.appendingPathComponent("brief")
        // What a killed milex leaves: a staging folder named for a process that no longer exists.
        let stale = directory.appendingPathComponent(".brief.milex-stage-4206649-1")
        try FileManager.default.createDirectory(at: stale, withIntermediateDirectories: true)
        try "half".write(to: stale.appendingPathComponent("projections.csv"), atomically: true, encoding: .utf8)
        let staleFile = directory.appendingPathComponent(".run.csv.tmp-4206649-1")
        FileManager.default.createFile(atPath: staleFile.path, contents: Data(count: 1000))
        #expect(try Self.milex(["brief", "Scenarios/germany-2029.json", "--out", out.path]).status == 0)
        #expect(
            try Self.milex(["run", "Scenarios/germany-2029.json", "--output", directory.appendingPathComponent("run.csv").path])
                .status == 0)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted() == ["brief", "run.csv"])
    }
}

struct ProcessFailure: Error, CustomStringConvertible {
    let description: String
}
