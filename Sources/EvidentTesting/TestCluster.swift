import FHIRStore
import Foundation
import Logging
import PostgresNIO

#if canImport(Glibc)
import Glibc
#endif

/// A throw-away PostgreSQL cluster for one test process, started on first use with the same
/// ``EmbeddedPostgres`` launcher the server uses, and stopped when the process exits.
///
/// Each test asks for its own fresh database (``makeDatabase(logger:)``), so tests run in parallel
/// without seeing each other's data.
public actor TestCluster {
    /// The cluster shared by every test in this process.
    public static let shared = TestCluster()

    private var endpoint: EmbeddedPostgres.Endpoint?
    private var launcher: EmbeddedPostgres?
    private var counter = 0

    private init() {}

    /// Starts the cluster if needed and returns how to reach it.
    public func start() throws -> EmbeddedPostgres.Endpoint {
        if let endpoint { return endpoint }
        let dir = NSTemporaryDirectory() + "evident-test-\(getpid())"
        try? FileManager.default.removeItem(atPath: dir)
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        chmod(dir, 0o755)
        var logger = Logger(label: "evident.test.cluster")
        logger.logLevel = .warning
        let launcher = EmbeddedPostgres(
            configuration: .init(
                dataDirectory: dir + "/pg",
                settings: ["fsync": "off", "synchronous_commit": "off", "full_page_writes": "off", "max_connections": "500"]),
            logger: logger)
        let endpoint = try launcher.start()
        self.launcher = launcher
        self.endpoint = endpoint
        TestClusterExit.register(dataDirectory: dir, launcher: launcher)
        return endpoint
    }

    /// Creates an empty, migrated database and returns a client configuration for it.
    public func makeDatabase(logger: Logger) async throws -> PostgresClient.Configuration {
        let endpoint = try start()
        counter += 1
        let name = "test_\(counter)"
        try launcher!.createDatabase(name, endpoint: endpoint)
        var config = PostgresClient.Configuration(unixSocketPath: endpoint.socketPath, username: endpoint.user, password: nil, database: name)
        config.applyEvidentDefaults(maxConnections: 4, localSocket: true)
        return config
    }
}

/// Stops the test cluster and removes its files at process exit.
enum TestClusterExit {
    nonisolated(unsafe) private static var state: (String, EmbeddedPostgres)?

    static func register(dataDirectory: String, launcher: EmbeddedPostgres) {
        state = (dataDirectory, launcher)
        atexit {
            guard let (dir, launcher) = TestClusterExit.state else { return }
            try? launcher.stop()
            try? FileManager.default.removeItem(atPath: dir)
        }
    }
}
