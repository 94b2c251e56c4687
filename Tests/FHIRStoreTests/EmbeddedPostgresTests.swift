import EvidentTesting
import FHIRStore
import Foundation
import Logging
import PostgresNIO
import Testing

@Suite("Embedded PostgreSQL launcher and migrations")
struct EmbeddedPostgresTests {
    @Test func initStartStopAndStalePidFile() async throws {
        let dir = NSTemporaryDirectory() + "evident-launcher-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        chmod(dir, 0o755)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let pg = EmbeddedPostgres(configuration: .init(dataDirectory: dir + "/pg", settings: ["fsync": "off"]), logger: Logger(label: "test"))
        let first = try pg.start()
        #expect(first.startedHere)
        #expect(FileManager.default.fileExists(atPath: first.socketPath))
        // A second start finds it running and does not take ownership.
        #expect(try pg.start().startedHere == false)
        try pg.stop()
        #expect(!FileManager.default.fileExists(atPath: dir + "/pg/postmaster.pid"))

        // Simulate a crash: a postmaster.pid naming a process that no longer exists.
        try "999999\n\(dir)/pg\n".write(toFile: dir + "/pg/postmaster.pid", atomically: true, encoding: .utf8)
        let again = try pg.start()
        #expect(again.startedHere)
        try pg.stop()
    }

    @Test func migrationsAreRecordedAndIdempotent() async throws {
        try await withTestDatabase { client, logger in
            // withTestDatabase already migrated once.
            let applied = try await Migrator(client: client, logger: logger).migrate()
            #expect(applied.isEmpty)
            #expect(try await client.count("schema_migration") == Migration.all.count)
        }
    }
}
