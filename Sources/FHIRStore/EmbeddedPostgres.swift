import Foundation
import Logging

#if canImport(Glibc)
import Glibc
#endif

/// Runs a private PostgreSQL cluster from the Debian binaries (`initdb`, `pg_ctl`) in a data directory.
///
/// Used by `evident serve` when no database URL is given, and by the test suite for throw-away clusters.
/// PostgreSQL refuses to run as root, so when the current user is root the cluster is created, owned and
/// run by an unprivileged system user (default `postgres`) via `runuser`. The server listens only on a Unix
/// socket in a private directory. A stale `postmaster.pid` left by a crash is removed before starting.
public struct EmbeddedPostgres: Sendable {
    /// Where and how to run the cluster.
    public struct Configuration: Sendable {
        /// The cluster's data directory (created by `initdb` on first start).
        public var dataDirectory: String
        /// Port number; with a private socket directory it only names the socket file.
        public var port: Int
        /// Database superuser created by `initdb`; connections use trust authentication over the socket.
        public var user: String
        /// Database to create (if missing) and connect to.
        public var database: String
        /// Directory holding `initdb`/`pg_ctl`; nil searches `/usr/lib/postgresql/*/bin` then `PATH`.
        public var binDirectory: String?
        /// Account that owns and runs the cluster when the current user is root.
        public var systemUser: String
        /// Extra server settings (`-c name=value`), e.g. `fsync=off` for throw-away test clusters.
        public var settings: [String: String]

        public init(
            dataDirectory: String, port: Int = 5432, user: String = "evident", database: String = "evident",
            binDirectory: String? = nil, systemUser: String = "postgres", settings: [String: String] = [:]
        ) {
            self.dataDirectory = dataDirectory
            self.port = port
            self.user = user
            self.database = database
            self.binDirectory = binDirectory
            self.systemUser = systemUser
            self.settings = settings
        }
    }

    /// How to reach a started cluster.
    public struct Endpoint: Sendable {
        /// Directory holding the Unix socket (what `psql -h` / `pgbench -h` take).
        public var socketDirectory: String
        /// Full path of the socket file.
        public var socketPath: String
        public var port: Int
        public var user: String
        public var database: String
        /// True when this call started the server (and so ``EmbeddedPostgres/stop()`` should stop it).
        public var startedHere: Bool
    }

    public let configuration: Configuration
    let logger: Logger

    public init(configuration: Configuration, logger: Logger) {
        var configuration = configuration
        configuration.dataDirectory = URL(fileURLWithPath: configuration.dataDirectory).standardizedFileURL.path
        self.configuration = configuration
        self.logger = logger
    }

    /// Initialises the cluster if needed, starts it (unless it is already running) and creates the database.
    public func start() throws -> Endpoint {
        let bin = try binDirectory()
        let dataDir = configuration.dataDirectory
        let fm = FileManager.default
        let owner = try runAsUser()
        if let owner { try checkReachable(dataDir, by: owner) }
        if !fm.fileExists(atPath: dataDir + "/PG_VERSION") {
            logger.info("Creating PostgreSQL cluster", metadata: ["dataDirectory": "\(dataDir)"])
            try makeDirectory(dataDir, owner: owner, mode: 0o700)
            try run(bin + "/initdb", ["-D", dataDir, "-U", configuration.user, "-A", "trust", "-E", "UTF8",
                                      "--locale=C", "--no-instructions"], as: owner, what: "initdb")
        }
        let socketDir = socketDirectory()
        try makeDirectory(socketDir, owner: owner, mode: 0o700)
        var startedHere = false
        if isRunning(bin: bin, owner: owner) {
            logger.info("PostgreSQL already running in data directory; reusing it", metadata: ["dataDirectory": "\(dataDir)"])
        } else {
            removeStalePidFile()
            var options = "-c listen_addresses='' -k '\(socketDir)' -p \(configuration.port)"
            for (k, v) in configuration.settings.sorted(by: { $0.key < $1.key }) { options += " -c \(k)=\(v)" }
            logger.info("Starting PostgreSQL", metadata: ["dataDirectory": "\(dataDir)", "socket": "\(socketDir)"])
            try run(bin + "/pg_ctl", ["-D", dataDir, "-l", dataDir + "/server.log", "-w", "-t", "60", "-o", options, "start"],
                    as: owner, what: "pg_ctl start")
            startedHere = true
        }
        let endpoint = Endpoint(
            socketDirectory: socketDir, socketPath: socketDir + "/.s.PGSQL.\(configuration.port)",
            port: configuration.port, user: configuration.user, database: configuration.database,
            startedHere: startedHere)
        try createDatabase(configuration.database, endpoint: endpoint)
        return endpoint
    }

    /// Stops the cluster (fast shutdown: rolls back open transactions, then exits cleanly).
    public func stop() throws {
        let bin = try binDirectory()
        let owner = try runAsUser()
        guard isRunning(bin: bin, owner: owner) else { return }
        logger.info("Stopping PostgreSQL", metadata: ["dataDirectory": "\(configuration.dataDirectory)"])
        try run(bin + "/pg_ctl", ["-D", configuration.dataDirectory, "-m", "fast", "-w", "-t", "60", "stop"], as: owner, what: "pg_ctl stop")
    }

    /// Creates `name` unless it exists (uses the cluster's `createdb`).
    public func createDatabase(_ name: String, endpoint: Endpoint) throws {
        let bin = try binDirectory()
        let result = try execute(bin + "/createdb", ["-h", endpoint.socketDirectory, "-p", String(endpoint.port),
                                                      "-U", endpoint.user, name], as: nil)
        if result.status != 0 && !result.output.contains("already exists") {
            throw EmbeddedPostgresError("createdb \(name) failed: \(result.output)")
        }
    }

    // MARK: - Helpers

    /// The Unix socket directory: inside the data directory when the path is short enough for a socket
    /// address (108 bytes), otherwise a per-cluster directory under /tmp.
    func socketDirectory() -> String {
        let inData = configuration.dataDirectory + "/socket"
        if (inData + "/.s.PGSQL.\(configuration.port).lock").utf8.count < 100 { return inData }
        var hash: UInt64 = 14_695_981_039_346_656_037
        for b in configuration.dataDirectory.utf8 { hash = (hash ^ UInt64(b)) &* 1_099_511_628_211 }
        return "/tmp/evident-pg-" + String(hash, radix: 36)
    }

    func binDirectory() throws -> String {
        if let b = configuration.binDirectory { return b }
        let fm = FileManager.default
        let root = "/usr/lib/postgresql"
        let versions = ((try? fm.contentsOfDirectory(atPath: root)) ?? [])
            .compactMap { Int($0) }.sorted(by: >)
        for v in versions where fm.isExecutableFile(atPath: "\(root)/\(v)/bin/pg_ctl") { return "\(root)/\(v)/bin" }
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") {
            if fm.isExecutableFile(atPath: "\(dir)/pg_ctl") && fm.isExecutableFile(atPath: "\(dir)/initdb") {
                return String(dir)
            }
        }
        throw EmbeddedPostgresError(
            "PostgreSQL server binaries (initdb, pg_ctl) not found in /usr/lib/postgresql/*/bin or PATH. "
                + "Install them with: apt-get install postgresql  (or pass --database-url to use an existing server)")
    }

    /// The (uid, gid, name) to run PostgreSQL as when we are root; nil when not root.
    func runAsUser() throws -> (uid: uid_t, gid: gid_t, name: String)? {
        guard geteuid() == 0 else { return nil }
        guard let pw = getpwnam(configuration.systemUser) else {
            throw EmbeddedPostgresError(
                "Running as root, but the system user '\(configuration.systemUser)' that should own the PostgreSQL cluster "
                    + "does not exist. Install the postgresql package (it creates the user) or run as an unprivileged user.")
        }
        return (pw.pointee.pw_uid, pw.pointee.pw_gid, configuration.systemUser)
    }

    func makeDirectory(_ path: String, owner: (uid: uid_t, gid: gid_t, name: String)?, mode: Int) throws {
        let fm = FileManager.default
        if !fm.fileExists(atPath: path) {
            try fm.createDirectory(atPath: path, withIntermediateDirectories: true)
        }
        if let owner {
            guard chown(path, owner.uid, owner.gid) == 0 else {
                throw EmbeddedPostgresError("Cannot give \(path) to user \(owner.name): \(String(cString: strerror(errno)))")
            }
        }
        chmod(path, mode_t(mode))
    }

    /// The unprivileged server account must be able to traverse every parent of the data directory.
    func checkReachable(_ path: String, by owner: (uid: uid_t, gid: gid_t, name: String)) throws {
        var url = URL(fileURLWithPath: path).deletingLastPathComponent()
        while url.path != "/" {
            var st = stat()
            if stat(url.path, &st) == 0 {
                let traversable = st.st_uid == owner.uid ? (st.st_mode & S_IXUSR) != 0
                    : (st.st_gid == owner.gid ? (st.st_mode & S_IXGRP) != 0 : (st.st_mode & S_IXOTH) != 0)
                guard traversable else {
                    throw EmbeddedPostgresError(
                        "PostgreSQL runs as user '\(owner.name)', which cannot enter \(url.path) (mode \(String(st.st_mode & 0o777, radix: 8))). "
                            + "Choose a --data-dir under a directory it can reach, or run: chmod o+x \(url.path)")
                }
            }
            url = url.deletingLastPathComponent()
        }
    }

    func isRunning(bin: String, owner: (uid: uid_t, gid: gid_t, name: String)?) -> Bool {
        guard FileManager.default.fileExists(atPath: configuration.dataDirectory + "/postmaster.pid") else { return false }
        let r = try? execute(bin + "/pg_ctl", ["-D", configuration.dataDirectory, "status"], as: owner)
        return r?.status == 0
    }

    /// Removes `postmaster.pid` when the process it names is gone (crash, reboot, killed container).
    func removeStalePidFile() {
        let pidFile = configuration.dataDirectory + "/postmaster.pid"
        guard let text = try? String(contentsOfFile: pidFile, encoding: .utf8) else { return }
        let pid = Int32(text.split(separator: "\n").first.map(String.init)?.trimmingCharacters(in: .whitespaces) ?? "") ?? 0
        if pid <= 0 || (kill(pid, 0) != 0 && errno == ESRCH) || !isPostgresProcess(pid) {
            logger.warning("Removing stale postmaster.pid", metadata: ["pid": "\(pid)"])
            try? FileManager.default.removeItem(atPath: pidFile)
        }
    }

    func isPostgresProcess(_ pid: Int32) -> Bool {
        guard let comm = try? String(contentsOfFile: "/proc/\(pid)/comm", encoding: .utf8) else { return false }
        return comm.hasPrefix("postgres")
    }

    func run(_ tool: String, _ args: [String], as owner: (uid: uid_t, gid: gid_t, name: String)?, what: String) throws {
        let r = try execute(tool, args, as: owner)
        guard r.status == 0 else {
            var message = "\(what) failed (exit \(r.status)): \(r.output.trimmingCharacters(in: .whitespacesAndNewlines))"
            if let log = try? String(contentsOfFile: configuration.dataDirectory + "/server.log", encoding: .utf8) {
                message += "\nLast lines of \(configuration.dataDirectory)/server.log:\n"
                    + log.split(separator: "\n").suffix(10).joined(separator: "\n")
            }
            throw EmbeddedPostgresError(message)
        }
    }

    /// Runs a tool to completion with posix_spawn + waitpid and returns its exit status and combined output.
    /// (Foundation's `Process` can miss the child's exit when called from a busy cooperative thread pool.)
    /// Output goes to a temporary file, not a pipe: the postmaster started by `pg_ctl start` outlives
    /// pg_ctl and may inherit the descriptor, so waiting for a pipe's EOF would never end.
    func execute(_ tool: String, _ args: [String], as owner: (uid: uid_t, gid: gid_t, name: String)?) throws -> (status: Int32, output: String) {
        // `env -C /tmp` gives the tool a working directory the unprivileged user can read.
        let inTmp = ["/usr/bin/env", "-C", "/tmp", tool] + args
        let argv = owner == nil ? inTmp : ["/usr/sbin/runuser", "-u", owner!.name, "--"] + inTmp
        let argv0 = argv[0]
        let outputPath = NSTemporaryDirectory() + "evident-pg-\(getpid())-\(UInt64.random(in: 0...UInt64.max)).out"
        defer { unlink(outputPath) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        var cArgs: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) } + [nil]
        defer { for p in cArgs { free(p) } }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, argv0, &actions, nil, &cArgs, environ)
        guard rc == 0 else {
            throw EmbeddedPostgresError("Cannot run \(argv0): \(String(cString: strerror(rc)))")
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 {
            guard errno == EINTR else { throw EmbeddedPostgresError("waitpid failed for \(argv0): \(String(cString: strerror(errno)))") }
        }
        let exitCode: Int32 = (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
        let data = FileManager.default.contents(atPath: outputPath) ?? Data()
        return (exitCode, String(decoding: data, as: UTF8.self))
    }
}

/// A failure to set up or run the embedded PostgreSQL cluster, with advice on what to do.
public struct EmbeddedPostgresError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
