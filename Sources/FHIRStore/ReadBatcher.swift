import NIOConcurrencyHelpers
import NIOCore
import PostgresNIO

/// Coalesces concurrent read-by-id requests into one query.
///
/// A read that finds a free slot (fewer than `maxInFlight` queries running) becomes the leader: it takes
/// every read waiting at that moment, runs them as one statement and hands each its row. Reads that
/// arrive while all slots are busy wait and go out together in the next batch. Under load this turns N
/// round trips (and N pool leases, N prepared-statement executions) into one; a lone read still costs a
/// single execution of the one-row statement.
final class ReadBatcher: Sendable {
    typealias Row = (version: Int32, lastUpdated: Double, deleted: Bool, body: ByteBuffer)

    private struct Waiter {
        var type: String
        var id: String
        var continuation: CheckedContinuation<Row?, any Error>?
    }

    private struct State {
        var waiting: [Waiter] = []
        var inFlight = 0
    }

    private let state = NIOLockedValueBox(State())
    private let client: PostgresClient
    private let logger: Logger
    private let maxInFlight: Int
    private let maxBatch: Int

    init(client: PostgresClient, logger: Logger, maxInFlight: Int = 2, maxBatch: Int = 256) {
        self.client = client
        self.logger = logger
        self.maxInFlight = maxInFlight
        self.maxBatch = maxBatch
    }

    /// The current row of `type/id`, or nil when there is none.
    func read(type: String, id: String) async throws -> Row? {
        let batch: [Waiter]? = state.withLockedValue { s in
            guard s.inFlight < maxInFlight else { return nil }
            s.inFlight += 1
            let taken = Array(s.waiting.prefix(maxBatch - 1))
            s.waiting.removeFirst(taken.count)
            return taken
        }
        guard let batch else {
            return try await withCheckedThrowingContinuation { continuation in
                let lead: [Waiter]? = state.withLockedValue { s in
                    // A slot may have freed up between the check above and now.
                    if s.inFlight < maxInFlight {
                        s.inFlight += 1
                        let taken = [Waiter(type: type, id: id, continuation: continuation)] + s.waiting.prefix(maxBatch - 1)
                        s.waiting.removeFirst(taken.count - 1)
                        return taken
                    }
                    s.waiting.append(Waiter(type: type, id: id, continuation: continuation))
                    return nil
                }
                if let lead { Task { await self.runDetached(lead) } }
            }
        }
        // Leader: my read first, then whoever was waiting.
        let mine = Waiter(type: type, id: id, continuation: nil)
        do {
            let rows = try await execute([mine] + batch)
            for (n, w) in batch.enumerated() { w.continuation?.resume(returning: rows[n + 1]) }
            release()
            return rows[0]
        } catch {
            for w in batch { w.continuation?.resume(throwing: error) }
            release()
            throw error
        }
    }

    /// Runs a batch of waiters only (started when a slot frees while reads are waiting).
    private func runDetached(_ batch: [Waiter]) async {
        do {
            let rows = try await execute(batch)
            for (n, w) in batch.enumerated() { w.continuation?.resume(returning: rows[n]) }
        } catch {
            for w in batch { w.continuation?.resume(throwing: error) }
        }
        release()
    }

    /// Frees the slot; if reads are waiting, starts the next batch with it.
    private func release() {
        let next: [Waiter]? = state.withLockedValue { s in
            guard !s.waiting.isEmpty else {
                s.inFlight -= 1
                return nil
            }
            let taken = Array(s.waiting.prefix(maxBatch))
            s.waiting.removeFirst(taken.count)
            return taken
        }
        if let next { Task { await self.runDetached(next) } }
    }

    private func execute(_ batch: [Waiter]) async throws -> [Row?] {
        if batch.count == 1 {
            for try await (v, ts, d, body) in try await client.execute(ReadStatement(type: batch[0].type, id: batch[0].id), logger: logger) {
                return [(v, ts, d, body)]
            }
            return [nil]
        }
        var rows = [Row?](repeating: nil, count: batch.count)
        let statement = BatchReadStatement(types: batch.map(\.type), ids: batch.map(\.id))
        for try await (ord, v, ts, d, body) in try await client.execute(statement, logger: logger) {
            rows[Int(ord) - 1] = (v, ts, d, body)
        }
        return rows
    }
}

/// Several read-by-id lookups in one statement; `ord` maps rows back to requests.
struct BatchReadStatement: PostgresPreparedStatement {
    static let name = "evident_read_batch"
    static let sql = """
        SELECT u.ord, r.version, extract(epoch FROM r.last_updated)::float8, r.deleted, r.body
        FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS u(res_type, id, ord)
        JOIN resource r ON r.res_type = u.res_type AND r.id = u.id
        """
    typealias Row = (Int64, Int32, Double, Bool, ByteBuffer)
    var types: [String]
    var ids: [String]

    func makeBindings() throws -> PostgresBindings {
        var b = PostgresBindings(capacity: 2)
        b.append(types)
        b.append(ids)
        return b
    }

    func decodeRow(_ row: PostgresRow) throws -> Row { try row.decode(Row.self) }
}
