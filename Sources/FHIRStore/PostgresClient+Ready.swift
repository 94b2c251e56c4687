import Logging
import PostgresNIO

extension PostgresClient {
    /// Waits until the database answers `SELECT 1`, or fails after `timeout` with an error that says
    /// where it tried to connect. (The pool itself retries forever, which would leave a command hanging.)
    /// The client's `run()` must already be active.
    public func waitUntilReady(timeout: Duration = .seconds(15), target: String, logger: Logger) async throws {
        try await withThrowingTaskGroup(of: Bool.self) { group in
            group.addTask {
                try await self.query("SELECT 1", logger: logger)
                return true
            }
            group.addTask {
                try await Task.sleep(for: timeout)
                return false
            }
            defer { group.cancelAll() }
            guard try await group.next() == true else {
                throw DatabaseUnreachableError(
                    description: "Cannot connect to PostgreSQL at \(target) within \(timeout). Check that the server is running "
                        + "and the URL (user, password, host, port, database) is right, or omit --database-url to use the embedded cluster.")
            }
        }
    }
}

/// The database did not answer in time.
public struct DatabaseUnreachableError: Error, CustomStringConvertible, Sendable {
    public let description: String
}
