import FHIRCore
import NIOCore
import PostgresNIO

extension PostgresRepository {
    public func read(type: String, id: String) async throws -> StoredResource {
        guard let row = try await run({ try await reads.submit(ReadKey(type: type, id: id)) }) else {
            throw FHIRError.notFound("\(type)/\(id) is not known")
        }
        guard !row.deleted else { throw FHIRError.gone("\(type)/\(id) was deleted") }
        return StoredResource(type: type, id: id, version: Int(row.version), lastUpdated: row.lastUpdated, deleted: false, method: "", body: row.body)
    }

    /// The current version inside a transaction (after conditional matching).
    func readCurrent(type: String, id: String, on conn: PostgresConnection) async throws -> StoredResource {
        let rows = try await conn.execute(ReadStatement(type: type, id: id), logger: logger)
        for try await (v, ts, deleted, body) in rows {
            guard !deleted else { throw FHIRError.gone("\(type)/\(id) was deleted") }
            return StoredResource(type: type, id: id, version: Int(v), lastUpdated: ts, deleted: false, method: "", body: body)
        }
        throw FHIRError.notFound("\(type)/\(id) is not known")
    }

    public func vread(type: String, id: String, version: Int) async throws -> StoredResource {
        try await run { try await vread(type: type, id: id, version: version, on: nil) }
    }

    func vread(type: String, id: String, version: Int, on conn: PostgresConnection?) async throws -> StoredResource {
        let rows = try await query("""
            SELECT extract(epoch FROM last_updated)::float8, deleted, method, body FROM resource_history
            WHERE res_type = \(type) AND id = \(id) AND version = \(Int32(clamping: version))
            """, on: conn)
        for try await (ts, deleted, method, body) in rows.decode((Double, Bool, String, ByteBuffer).self) {
            guard !deleted else { throw FHIRError.gone("Version \(version) of \(type)/\(id) is a deletion") }
            return StoredResource(type: type, id: id, version: version, lastUpdated: ts, deleted: false, method: method, body: body)
        }
        throw FHIRError.notFound("\(type)/\(id) has no version \(version)")
    }

    /// Runs `q` on `conn` when inside a transaction, else on a pooled connection.
    func query(_ q: PostgresQuery, on conn: PostgresConnection?) async throws -> PostgresRowSequence {
        if let conn { return try await conn.query(q, logger: logger) }
        return try await client.query(q, logger: logger)
    }

    public func history(_ request: HistoryRequest) async throws -> HistoryResult {
        var q = SQLBuilder()
        var conds: [String] = []
        if let t = request.type { conds.append("h.res_type = \(q.bind(t))") }
        if let i = request.id { conds.append("h.id = \(q.bind(i))") }
        if let s = request.since { conds.append("h.last_updated >= to_timestamp(\(q.bind(s.lowerBound)))") }
        if let at = request.at {
            // Current at some point during the period: written before its end, and not replaced before its start.
            conds.append("h.last_updated < to_timestamp(\(q.bind(at.upperBound)))")
            conds.append("""
                NOT EXISTS (SELECT 1 FROM resource_history n WHERE n.res_type = h.res_type AND n.id = h.id
                AND n.version > h.version AND n.last_updated < to_timestamp(\(q.bind(at.lowerBound))))
                """)
        }
        let filter = conds.isEmpty ? "" : " WHERE " + conds.joined(separator: " AND ")
        var countQuery = q
        var page = conds
        if let before = request.before { page.append("h.seq < \(q.bind(before))") }
        let limit = max(1, request.count)
        q.append("""
            SELECT h.seq, h.res_type, h.id, h.version, extract(epoch FROM h.last_updated)::float8, h.deleted, h.method, h.body
            FROM resource_history h\(page.isEmpty ? "" : " WHERE " + page.joined(separator: " AND "))
            ORDER BY h.seq DESC LIMIT \(limit + 1)
            """)
        countQuery.append("SELECT count(*) FROM resource_history h" + filter)
        return try await run {
            var entries: [StoredResource] = []
            var lastSeq: Int64? = nil
            var more = false
            let rows = try await client.query(q.query, logger: logger)
            for try await (seq, t, i, v, ts, d, m, body) in rows.decode((Int64, String, String, Int32, Double, Bool, String, ByteBuffer).self) {
                if entries.count == limit { more = true; continue }
                entries.append(StoredResource(type: t, id: i, version: Int(v), lastUpdated: ts, deleted: d, method: m, body: body))
                lastSeq = seq
            }
            var total: Int? = nil
            if request.before == nil && !more {
                total = entries.count
            } else {
                for try await n in try await client.query(countQuery.query, logger: logger).decode(Int.self) { total = n }
            }
            return HistoryResult(entries: entries, nextBefore: more ? lastSeq : nil, total: total)
        }
    }
}
