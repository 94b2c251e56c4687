import FHIRSearch
import FHIRStore
import FHIRValidation
import Foundation
import Logging
import PostgresNIO

/// Runs `body` with a running client on a fresh, migrated database of the shared ``TestCluster``.
public func withTestDatabase<T: Sendable>(
    _ body: @Sendable (PostgresClient, Logger) async throws -> T
) async throws -> T {
    var logger = Logger(label: "evident.test")
    // PostgresNIO warns when the first query is queued before `run()` has started; that is expected here.
    logger.logLevel = .error
    let config = try await TestCluster.shared.makeDatabase(logger: logger)
    let client = PostgresClient(configuration: config, backgroundLogger: logger)
    return try await withThrowingTaskGroup(of: T?.self) { group in
        group.addTask {
            await client.run()
            return nil
        }
        defer { group.cancelAll() }
        try await Migrator(client: client, logger: logger).migrate()
        return try await body(client, logger)
    }
}

/// Runs `body` with a ``PostgresRepository`` on a fresh database.
public func withTestRepository<T: Sendable>(
    now: @escaping @Sendable () -> Double = { Date().timeIntervalSince1970 },
    _ body: @Sendable (PostgresRepository, PostgresClient) async throws -> T
) async throws -> T {
    try await withTestDatabase { client, logger in
        let search = try SearchComponents.r4(registry: TestSearch.registry, now: now)
        return try await body(PostgresRepository(client: client, logger: logger, validator: TestValidator.shared, search: search, now: now), client)
    }
}

/// The R4 search parameter definitions, loaded once per test process.
public enum TestSearch {
    public static let registry = try! SearchParameterRegistry.r4()
}

/// The R4 structural validator, loaded once per test process.
public enum TestValidator {
    public static let shared = StructureValidator(model: try! StructureModel.r4())
}

extension PostgresClient {
    /// Number of rows in `table` (test assertions on database state). `table` must be a trusted identifier.
    public func count(_ table: String, where condition: String = "true") async throws -> Int {
        let rows = try await query(PostgresQuery(unsafeSQL: "SELECT count(*) FROM \(table) WHERE \(condition)"))
        for try await n in rows.decode(Int.self) { return n }
        return 0
    }
}

/// Locates files shared beside the repository (`../shared/data`), as laid out for sessions and CI.
public enum SharedData {
    /// `<repo>/../shared/data`, found from this source file's location.
    public static var root: String {
        let here = URL(fileURLWithPath: #filePath)  // <repo>/Sources/EvidentTesting/TestDatabase.swift
        return here.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("shared/data").path
    }

    /// True when the shared data folder is present.
    public static var isAvailable: Bool { FileManager.default.fileExists(atPath: root) }
}
