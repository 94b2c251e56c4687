import ArgumentParser
import FHIRStore
import Logging
import PostgresNIO

/// `evident migrate`: apply pending schema migrations and exit.
struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Apply pending database schema migrations and exit.")

    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        let logger = database.makeLogger("evident.migrate")
        let target = try database.resolve(logger: logger)
        defer { target.shutdown() }
        let client = PostgresClient(configuration: target.configuration, backgroundLogger: logger)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            defer { group.cancelAll() }
            try await client.waitUntilReady(target: target.description, logger: logger)
            let applied = try await Migrator(client: client, logger: logger).migrate()
            if applied.isEmpty {
                print("Schema is up to date (\(Migration.all.count) migration(s) recorded).")
            } else {
                for m in applied { print("Applied migration \(m.version) \(m.name)") }
            }
        }
    }
}
