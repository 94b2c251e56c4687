import ArgumentParser
import FHIRSearch
import FHIRStore
import FHIRValidation
import Foundation
import Logging
import NIOConcurrencyHelpers
import PostgresNIO

/// `evident reindex`: rebuild the search indexes from the stored resources.
struct Reindex: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Rebuild the search indexes of the stored resources.",
        discussion: """
            Re-extracts every search parameter value of the current resources with the search parameter \
            definitions of this release: after an upgrade that changed them, after `evident load --no-index`, \
            or after migrating a database created before search indexing. Runs in batches while the server \
            keeps serving; resources written meanwhile are already indexed and are skipped. Prints progress \
            and a summary.
            """)

    @OptionGroup var database: DatabaseOptions

    @Option(name: .customLong("type"), help: "Only resources of this type (repeatable). Default: all types.")
    var types: [String] = []

    @Option(name: .long, help: "Resources per batch (one statement each).")
    var batchSize: Int = 1_000

    func run() async throws {
        let logger = database.makeLogger("evident.reindex")
        let target = try database.resolve(logger: logger)
        defer { target.shutdown() }
        let client = PostgresClient(configuration: target.configuration, backgroundLogger: logger)
        let registry = try SearchParameterRegistry.r4()
        let repository = try PostgresRepository.r4(client: client, logger: logger, registry: registry)
        let start = Date()
        let lastPrint = NIOLockedValueBox(0.0)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            defer { group.cancelAll() }
            try await client.waitUntilReady(target: target.description, logger: logger)
            try await Migrator(client: client, logger: logger).migrate()
            let done = try await repository.reindex(types: types.isEmpty ? nil : types, batchSize: max(1, batchSize)) { done, total in
                let elapsed = Date().timeIntervalSince(start)
                let due = lastPrint.withLockedValue { last in
                    guard elapsed - last >= 1 || done == total else { return false }
                    last = elapsed
                    return true
                }
                guard due else { return }
                let pct = total > 0 ? 100 * done / total : 100
                let rate = elapsed > 0 ? Int(Double(done) / elapsed) : 0
                FileHandle.standardError.write(Data("reindex: \(done)/\(total) resources (\(pct)%), \(rate) resources/s\n".utf8))
            }
            let elapsed = Date().timeIntervalSince(start)
            print(String(format: "Reindexed %d resources in %.1f s (%.0f resources/s)", done, elapsed, elapsed > 0 ? Double(done) / elapsed : 0))
        }
    }
}
