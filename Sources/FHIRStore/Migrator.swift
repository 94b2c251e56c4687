import Foundation
import Logging
import PostgresNIO

/// Applies ``Migration``s that have not run yet, each in its own transaction, recording them in
/// `schema_migration`. Safe to run concurrently from several processes (an advisory lock serialises them).
public struct Migrator: Sendable {
    let client: PostgresClient
    let logger: Logger
    let migrations: [Migration]

    public init(client: PostgresClient, logger: Logger, migrations: [Migration] = Migration.all) {
        self.client = client
        self.logger = logger
        self.migrations = migrations
    }

    /// Applies pending migrations and returns the ones applied by this call.
    @discardableResult
    public func migrate() async throws -> [Migration] {
        let logger = self.logger
        let migrations = self.migrations
        do {
            return try await client.withTransaction(logger: logger) { conn in
                try await conn.query("SELECT pg_advisory_xact_lock(7311993)", logger: logger)
                try await conn.query("""
                    CREATE TABLE IF NOT EXISTS schema_migration (
                        version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())
                    """, logger: logger)
                var done = Set<Int>()
                for try await v in try await conn.query("SELECT version FROM schema_migration", logger: logger).decode(Int32.self) {
                    done.insert(Int(v))
                }
                var applied: [Migration] = []
                for m in migrations.sorted(by: { $0.version < $1.version }) where !done.contains(m.version) {
                    logger.info("Applying migration", metadata: ["version": "\(m.version)", "name": "\(m.name)"])
                    for statement in Self.statements(m.sql) {
                        try await conn.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                    }
                    try await conn.query("INSERT INTO schema_migration (version, name) VALUES (\(Int32(m.version)), \(m.name))", logger: logger)
                    applied.append(m)
                }
                return applied
            }
        } catch let error as PostgresTransactionError {
            throw error.closureError ?? error.commitError ?? error.beginError ?? error
        }
    }

    /// Splits a script into statements at semicolons that end a line; `--` comment lines are dropped.
    static func statements(_ sql: String) -> [String] {
        var out: [String] = []
        var current = ""
        for line in sql.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("--") || trimmed.isEmpty { continue }
            current += line + "\n"
            if trimmed.hasSuffix(";") {
                out.append(current)
                current = ""
            }
        }
        if !current.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { out.append(current) }
        return out
    }
}
