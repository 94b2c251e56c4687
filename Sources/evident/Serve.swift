import ArgumentParser
import Evidence
import EvidentServer
import FHIRSearch
import FHIRStore
import FHIRValidation
import Foundation
import Hummingbird
import Logging
import Operations
import PostgresNIO

/// `evident serve`: run the FHIR server.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the FHIR R4 server (applies pending migrations first).",
        discussion: "Stops gracefully on SIGINT/SIGTERM, then stops the embedded PostgreSQL if it started it.")

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var evidence: EvidenceOptions

    @Option(name: .long, help: "Interface to listen on.")
    var host: String = "127.0.0.1"

    @Option(name: .long, help: "TCP port to listen on.")
    var port: Int = 8080

    @Option(name: .long, help: ArgumentHelp("Public base URL used in Location headers and Bundle links (default: from the request's Host).", valueName: "url"))
    var baseURL: String?

    @Option(name: .long, help: "Largest request body in bytes (413 above).")
    var maxBodyBytes: Int = 256 << 20

    @Option(name: .long, help: "Most entries in one batch/transaction Bundle (413 above).")
    var maxBundleEntries: Int = 50_000

    @Option(name: .long, help: "Search page size when the client sends no _count.")
    var defaultCount: Int = 50

    @Option(name: .long, help: "Largest search page size (_count above it is lowered to it).")
    var maxCount: Int = 1_000

    func run() async throws {
        let logger = database.makeLogger("evident")
        let target = try database.resolve(logger: logger)
        defer { target.shutdown() }
        let client = PostgresClient(configuration: target.configuration, backgroundLogger: logger)
        let registry = try SearchParameterRegistry.r4()
        let operations = try evidence.services(logger: logger)
        let repository = try PostgresRepository.r4(client: client, logger: logger, registry: registry, validator: operations.validator)
        let config = ServerConfiguration(host: host, port: port, maxBodyBytes: maxBodyBytes, maxBundleEntries: maxBundleEntries,
                                         publicBaseURL: baseURL, defaultCount: defaultCount, maxCount: maxCount)
        let router = buildRouter(repository: repository, configuration: config, searchParameters: registry, operations: operations, version: Evident.version,
                                 now: Date().timeIntervalSince1970)
        var app = Application(
            router: router,
            configuration: .init(address: .hostname(host, port: port), serverName: "Evident/\(Evident.version)"),
            services: [client],
            logger: logger)
        app.beforeServerStarts {
            try await client.waitUntilReady(target: target.description, logger: logger)
            let applied = try await Migrator(client: client, logger: logger).migrate()
            let seeded = try await operations.seed(into: repository)
            logger.info("Database ready", metadata: ["migrationsApplied": "\(applied.count)", "conformanceResourcesWritten": "\(seeded)",
                                                     "signingKeyID": "\(operations.evidence.signer.publicKey.keyID)"])
        }
        try await app.runService()
    }
}
