import NIOConcurrencyHelpers

/// Coalesces concurrent requests of one kind into batches executed together.
///
/// A request that finds a free slot (fewer than `maxInFlight` batches running) becomes the leader: it
/// takes every request waiting at that moment and executes them as one batch. Requests that arrive while
/// all slots are busy wait and go out together in the next batch. Under load this turns N round trips
/// (N pool leases, N statement executions, N commits) into one; a lone request is a batch of one and
/// waits for nobody.
final class RequestCoalescer<Request: Sendable, Response: Sendable>: Sendable {
    /// Executes a batch; returns one response per request, in order.
    typealias Execute = @Sendable ([Request]) async throws -> [Response]

    private struct Waiter {
        var request: Request
        var continuation: CheckedContinuation<Response, any Error>?
    }

    private struct State {
        var waiting: [Waiter] = []
        var inFlight = 0
    }

    private let state = NIOLockedValueBox(State())
    private let maxInFlight: Int
    private let maxBatch: Int
    private let execute: Execute

    init(maxInFlight: Int, maxBatch: Int, execute: @escaping Execute) {
        self.maxInFlight = maxInFlight
        self.maxBatch = maxBatch
        self.execute = execute
    }

    func submit(_ request: Request) async throws -> Response {
        let others: [Waiter]? = state.withLockedValue { s in
            guard s.inFlight < maxInFlight else { return nil }
            s.inFlight += 1
            let taken = Array(s.waiting.prefix(maxBatch - 1))
            s.waiting.removeFirst(taken.count)
            return taken
        }
        guard let others else {
            return try await withCheckedThrowingContinuation { continuation in
                let lead: [Waiter]? = state.withLockedValue { s in
                    // A slot may have freed up since the check above.
                    if s.inFlight < maxInFlight {
                        s.inFlight += 1
                        let taken = [Waiter(request: request, continuation: continuation)] + s.waiting.prefix(maxBatch - 1)
                        s.waiting.removeFirst(taken.count - 1)
                        return taken
                    }
                    s.waiting.append(Waiter(request: request, continuation: continuation))
                    return nil
                }
                if let lead { Task { await self.runDetached(lead) } }
            }
        }
        // Leader: my request first, then whoever was waiting.
        do {
            let responses = try await run([request] + others.map(\.request))
            for (n, w) in others.enumerated() { w.continuation?.resume(returning: responses[n + 1]) }
            release()
            return responses[0]
        } catch {
            for w in others { w.continuation?.resume(throwing: error) }
            release()
            throw error
        }
    }

    private func run(_ batch: [Request]) async throws -> [Response] {
        let responses = try await execute(batch)
        precondition(responses.count == batch.count, "a batch must answer every request")
        return responses
    }

    /// Runs a batch of waiters only (started when a slot frees while requests are waiting).
    private func runDetached(_ batch: [Waiter]) async {
        do {
            let responses = try await run(batch.map(\.request))
            for (n, w) in batch.enumerated() { w.continuation?.resume(returning: responses[n]) }
        } catch {
            for w in batch { w.continuation?.resume(throwing: error) }
        }
        release()
    }

    /// Frees the slot; if requests are waiting, starts the next batch with it.
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
}
