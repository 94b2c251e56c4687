import FHIRCore
import NIOCore
import FHIRSearch
import PostgresNIO

extension PostgresRepository {
    /// Re-extracts the index rows (and compartment) of every current resource, `batchSize` resources per
    /// statement, in `sid` order. Safe while the server takes writes: a resource whose version changed
    /// since it was read is skipped (its writer already indexed it with the current definitions).
    public func reindex(types: [String]?, batchSize: Int = 1_000, progress: @Sendable (Int, Int) -> Void = { _, _ in }) async throws -> Int {
        if let types {
            for t in types where ResourceType(t) == nil { throw FHIRError.invalid("'\(t)' is not a resource type") }
        }
        let filter = types.map { _ in " AND res_type = ANY($1)" } ?? ""
        var total = 0
        var countBinds = PostgresBindings()
        if let types { countBinds.append(types) }
        for try await n in try await client.query(PostgresQuery(unsafeSQL: "SELECT count(*) FROM resource WHERE NOT deleted" + filter, binds: countBinds), logger: logger).decode(Int.self) {
            total = n
        }
        var last: Int64 = 0
        var done = 0
        progress(0, total)
        while true {
            var binds = PostgresBindings()
            if let types { binds.append(types) }
            binds.append(last)
            let p = types == nil ? 1 : 2
            let sql = "SELECT sid, res_type, id, version, body FROM resource WHERE NOT deleted\(filter) AND sid > $\(p) ORDER BY sid LIMIT \(max(1, batchSize))"
            var batch: [(sid: Int64, version: Int32, index: ResourceIndex, type: String)] = []
            for try await (sid, type, id, version, body) in try await client.query(PostgresQuery(unsafeSQL: sql, binds: binds), logger: logger)
                .decode((Int64, String, String, Int32, ByteBuffer).self) {
                last = sid
                guard let resource = try? Resource(parsing: Array(buffer: body)) else {
                    logger.warning("Stored resource does not parse; not reindexed", metadata: ["resource": "\(type)/\(id)"])
                    continue
                }
                batch.append((sid, version, indexer.index(resource, id: id), type))
            }
            if batch.isEmpty && done >= total { break }
            if batch.isEmpty { break }
            let statement = ReindexStatement(sids: batch.map(\.sid), versions: batch.map(\.version), compartments: batch.map(\.index.compartment),
                                             entries: batch.map(\.index.entries))
            try await run { for try await _ in try await client.execute(statement, logger: logger) {} }
            done += batch.count
            progress(done, total)
        }
        return done
    }
}

/// Replaces the index rows and compartment of a batch of current resources, skipping any whose version
/// changed since they were read (rows locked while replaced).
struct ReindexStatement: PostgresPreparedStatement {
    typealias Row = ()
    static let name = "evident_reindex_2"
    let sids: [Int64]
    let versions: [Int32]
    let compartments: [String]
    let entries: [[IndexEntry]]

    func decodeRow(_ row: PostgresRow) throws -> Row {}

    func makeBindings() throws -> PostgresBindings {
        var b = PostgresBindings()
        b.append(sids); b.append(versions); b.append(compartments)
        var rows = IndexRows()
        for (n, e) in entries.enumerated() { rows.append(e, write: Int64(n + 1)) }
        rows.bind(into: &b)
        return b
    }

    static let sql = """
        WITH v AS (
            SELECT * FROM unnest($1::int8[], $2::int4[], $3::text[]) WITH ORDINALITY AS v(sid, version, compartment, n)
        ), w AS (
            SELECT r.sid, r.res_type, v.n, true AS replaces, v.compartment FROM v JOIN resource r ON r.sid = v.sid AND r.version = v.version
            FOR UPDATE OF r
        ), comp AS (
            UPDATE resource r SET compartment = w.compartment FROM w WHERE r.sid = w.sid AND r.compartment <> w.compartment
        ), \(IndexRows.replaceSQL(first: 4, writes: "w"))
        """
}
