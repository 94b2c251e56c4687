import FHIRCore
import Logging
import NIOCore
import PostgresNIO

/// ``FHIRRepository`` on PostgreSQL (schema in ``Migration/all``).
///
/// Every interaction is one database transaction; a `transaction` Bundle is one transaction for all its
/// entries. Version numbers are assigned under a per-resource advisory lock, so concurrent updates get
/// consecutive versions without gaps.
public struct PostgresRepository: FHIRRepository {
    let client: PostgresClient
    let logger: Logger
    let search: SearchComponents
    var searchEngine: any SearchEngine { search.engine }
    var indexer: any SearchIndexer { search.indexer }
    /// Checks every resource before it is written.
    let validator: any ResourceValidator
    /// Current time in seconds since the epoch (injected so tests can fix it).
    let now: @Sendable () -> Double
    /// Coalesces concurrent reads by id into one query each batch.
    let reads: RequestCoalescer<ReadKey, CurrentRow?>
    /// Coalesces concurrent plain creates into one write statement (and one commit) each batch.
    let creates: RequestCoalescer<PendingWrite, Void>

    /// - Parameters:
    ///   - client: A running connection pool.
    ///   - search: Compiles search parameters to SQL and extracts the index rows written with each version.
    ///   - validator: Rejects (400) resources that are not valid before anything is written.
    ///   - now: Clock for `meta.lastUpdated`.
    public init(
        client: PostgresClient, logger: Logger, validator: any ResourceValidator, search: SearchComponents, now: @escaping @Sendable () -> Double
    ) {
        self.client = client
        self.logger = logger
        self.validator = validator
        self.search = search
        self.now = now
        self.reads = RequestCoalescer(maxInFlight: 2, maxBatch: 256) { [client, logger] keys in
            try await Self.readBatch(keys, client: client, logger: logger)
        }
        self.creates = RequestCoalescer(maxInFlight: 2, maxBatch: 256) { [client, logger] writes in
            for try await _ in try await client.execute(FlushStatement(writes), logger: logger) {}
            return writes.map { _ in () }
        }
    }

    /// Runs `body` in one database transaction, surfacing the closure's own error (not the
    /// `PostgresTransactionError` wrapper) and mapping database conflicts to HTTP-meaningful errors.
    func transaction<T: Sendable>(_ body: (PostgresConnection) async throws -> T) async throws -> T {
        do {
            return try await client.withTransaction(logger: logger) { conn in try await body(conn) }
        } catch let error as PostgresTransactionError {
            if let inner = error.closureError ?? error.commitError ?? error.beginError {
                throw Self.map(inner, logger: logger)
            }
            throw Self.map(error, logger: logger)
        } catch {
            throw Self.map(error, logger: logger)
        }
    }

    /// Runs a single statement outside an explicit transaction with the same error mapping.
    func run<T>(_ body: () async throws -> T) async throws -> T {
        do { return try await body() } catch { throw Self.map(error, logger: logger) }
    }

    static func map(_ error: any Error, logger: Logger) -> any Error {
        if error is FHIRError { return error }
        if let psql = error as? PSQLError, let state = psql.serverInfo?[.sqlState] {
            switch state {
            case "23505":
                return FHIRError.conflict("A concurrent request wrote the same resource version; retry the request")
            case "40001", "40P01":
                return FHIRError.conflict("The request conflicted with a concurrent transaction; retry the request")
            case "54000", "54001":
                return FHIRError.tooLarge("The request exceeds a database limit")
            default:
                logger.error("Database error", metadata: ["error": "\(String(reflecting: psql))"])
            }
        }
        return error
    }

    /// Identifies a resource for a read.
    struct ReadKey: Sendable {
        var type: String
        var id: String
    }

    /// The current-table row of a resource.
    typealias CurrentRow = (version: Int32, lastUpdated: Double, deleted: Bool, body: ByteBuffer)

    /// Reads many resources: the one-row prepared statement for a batch of one, else one `unnest` query.
    static func readBatch(_ keys: [ReadKey], client: PostgresClient, logger: Logger) async throws -> [CurrentRow?] {
        if keys.count == 1 {
            for try await (v, ts, d, body) in try await client.execute(ReadStatement(type: keys[0].type, id: keys[0].id), logger: logger) {
                return [(v, ts, d, body)]
            }
            return [nil]
        }
        var rows = [CurrentRow?](repeating: nil, count: keys.count)
        let statement = BatchReadStatement(types: keys.map(\.type), ids: keys.map(\.id))
        for try await (ord, v, ts, d, body) in try await client.execute(statement, logger: logger) {
            rows[Int(ord) - 1] = (v, ts, d, body)
        }
        return rows
    }

    /// Writes prepared versions with the prepared ``FlushStatement`` inside a transaction.
    func flush(_ writes: [PendingWrite], on conn: PostgresConnection) async throws {
        for try await _ in try await conn.execute(FlushStatement(writes), logger: logger) as AsyncThrowingMapSequence<PostgresRowSequence, ()> {}
    }

    /// Serialises writers of one identity (resource or conditional criteria) until the transaction ends.
    func lock(_ key: String, on conn: PostgresConnection) async throws {
        try await conn.query("SELECT pg_advisory_xact_lock(hashtextextended(\(key), 0))", logger: logger)
    }

    /// The current version row of `type/id` (locked), or nil.
    func current(type: String, id: String, on conn: PostgresConnection) async throws -> (version: Int, deleted: Bool, body: ByteBuffer)? {
        let rows = try await conn.query(
            "SELECT version, deleted, body FROM resource WHERE res_type = \(type) AND id = \(id) FOR UPDATE", logger: logger)
        for try await (v, d, b) in rows.decode((Int32, Bool, ByteBuffer).self) { return (Int(v), d, b) }
        return nil
    }

    /// Ids of current resources of `type` matching a query string (at most `limit`).
    func matches(type: String, criteria: String, limit: Int = 2, on conn: PostgresConnection) async throws -> [String] {
        let params = SearchParameter.parse(query: criteria)
        guard !params.isEmpty else { throw FHIRError.invalid("Conditional criteria for \(type) are empty") }
        var q = SQLBuilder("SELECT r.id FROM resource r WHERE r.res_type = ")
        q.append(q.bind(type))
        q.append(" AND NOT r.deleted")
        _ = try searchEngine.compile(types: [type], parameters: params, strict: true, into: &q)
        q.append(" LIMIT \(limit)")
        var ids: [String] = []
        for try await id in try await conn.query(q.query, logger: logger).decode(String.self) { ids.append(id) }
        return ids
    }

    /// The single match of conditional criteria, nil for none, 412 for several.
    func singleMatch(type: String, criteria: String, on conn: PostgresConnection) async throws -> String? {
        try await lock("\(type)?\(criteria)", on: conn)
        let ids = try await matches(type: type, criteria: criteria, on: conn)
        if ids.count > 1 {
            throw FHIRError.multipleMatches("Criteria '\(type)?\(criteria)' match more than one resource")
        }
        return ids.first
    }
}
