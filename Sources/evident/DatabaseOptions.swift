import ArgumentParser
import FHIRSearch
import FHIRStore
import FHIRValidation
import Foundation
import Logging
import NIOSSL
import PostgresNIO

/// Where the database is: an external server (`--database-url`) or the embedded cluster (`--data-dir`).
struct DatabaseOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "PostgreSQL URL, e.g. postgres://user:pass@host:5432/evident?sslmode=require. Default: $DATABASE_URL; if neither is set, the embedded cluster is used.",
        valueName: "url"))
    var databaseURL: String?

    @Option(name: .long, help: ArgumentHelp("Data directory of the embedded PostgreSQL cluster (default: $EVIDENT_DATA_DIR or ./.evident/postgres).", valueName: "path"))
    var dataDir: String?

    @Option(name: .long, help: "Most pooled database connections.")
    var maxConnections: Int = 16

    @Option(name: .long, help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel: String = "info"

    func makeLogger(_ label: String) -> Logger {
        var logger = Logger(label: label)
        logger.logLevel = Logger.Level(rawValue: logLevel) ?? .info
        return logger
    }

    /// A database to connect to: the client configuration plus, for the embedded cluster, the launcher to stop later.
    struct Target {
        var configuration: PostgresClient.Configuration
        var embedded: EmbeddedPostgres?
        var endpoint: EmbeddedPostgres.Endpoint?
        /// Where it connects, for messages (no password).
        var description: String

        func shutdown() {
            if let embedded, endpoint?.startedHere == true { try? embedded.stop() }
        }
    }

    func resolve(logger: Logger) throws -> Target {
        let env = ProcessInfo.processInfo.environment
        if let url = databaseURL ?? env["DATABASE_URL"], !url.isEmpty {
            var config = try Self.parse(url: url)
            config.applyEvidentDefaults(maxConnections: maxConnections, localSocket: false)
            let redacted = URLComponents(string: url).map { c -> String in
                var c = c
                if c.password != nil { c.password = "***" }
                return c.string ?? "the --database-url server"
            } ?? "the --database-url server"
            return Target(configuration: config, embedded: nil, endpoint: nil, description: redacted)
        }
        let dir = dataDir ?? env["EVIDENT_DATA_DIR"] ?? ".evident/postgres"
        let embedded = EmbeddedPostgres(configuration: .init(dataDirectory: dir), logger: logger)
        let endpoint = try embedded.start()
        var config = PostgresClient.Configuration(unixSocketPath: endpoint.socketPath, username: endpoint.user, password: nil, database: endpoint.database)
        config.applyEvidentDefaults(maxConnections: maxConnections, localSocket: true)
        return Target(configuration: config, embedded: embedded, endpoint: endpoint, description: endpoint.socketPath)
    }

    static func parse(url: String) throws -> PostgresClient.Configuration {
        guard let c = URLComponents(string: url), c.scheme == "postgres" || c.scheme == "postgresql" else {
            throw ValidationError("--database-url must look like postgres://user:password@host:5432/database")
        }
        let database = c.path.hasPrefix("/") ? String(c.path.dropFirst()) : c.path
        let user = c.user ?? "postgres"
        let query = Dictionary((c.queryItems ?? []).map { ($0.name, $0.value ?? "") }, uniquingKeysWith: { a, _ in a })
        if let socketDir = query["host"], socketDir.hasPrefix("/") {
            return .init(unixSocketPath: "\(socketDir)/.s.PGSQL.\(c.port ?? 5432)", username: user, password: c.password,
                         database: database.isEmpty ? nil : database)
        }
        let tls: PostgresClient.Configuration.TLS
        switch query["sslmode"] ?? "prefer" {
        case "disable": tls = .disable
        case "require", "verify-ca", "verify-full": tls = .require(.makeClientConfiguration())
        default: tls = .prefer(.makeClientConfiguration())
        }
        return .init(host: c.host ?? "localhost", port: c.port ?? 5432, username: user, password: c.password,
                     database: database.isEmpty ? nil : database, tls: tls)
    }
}

extension PostgresRepository {
    /// The repository every command uses: R4 structural validation and the R4 search parameters.
    /// - Parameter indexing: False writes no search index rows (`load --no-index`).
    /// - Parameter validator: checks writes (default: strict R4 structural validation).
    static func r4(client: PostgresClient, logger: Logger, registry: SearchParameterRegistry, indexing: Bool = true,
                   validator: StructureValidator? = nil) throws -> PostgresRepository {
        let clock: @Sendable () -> Double = { Date().timeIntervalSince1970 }
        return PostgresRepository(client: client, logger: logger, validator: try validator ?? StructureValidator(model: try StructureModel.r4()),
                                  search: try SearchComponents.r4(registry: registry, indexing: indexing, now: clock), now: clock)
    }
}
