// crud-client-bench: the read-by-id statement through PostgresNIO's PostgresClient alone (no HTTP), to
// split the server's cost between the HTTP layer and the database client. Used by bench/crud/run.sh.
//
// usage: crud-client-bench <socket-dir> <concurrency> <seconds>
import FHIRStore
import Foundation
import Logging
import NIOCore
import NIOPosix
import PostgresNIO

struct Read: PostgresPreparedStatement {
    static let name = "bench_read"
    static let sql = "SELECT version, extract(epoch FROM last_updated)::float8, deleted, body FROM resource WHERE res_type = $1 AND id = $2"
    typealias Row = (Int32, Double, Bool, ByteBuffer)
    var id: String
    func makeBindings() throws -> PostgresBindings {
        var b = PostgresBindings(capacity: 2)
        b.append("Observation")
        b.append(id)
        return b
    }
    func decodeRow(_ row: PostgresRow) throws -> Row { try row.decode(Row.self) }
}

NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
let args = CommandLine.arguments
guard args.count == 4, let concurrency = Int(args[2]), let seconds = Double(args[3]) else {
    FileHandle.standardError.write(Data("usage: crud-client-bench <socket-dir> <concurrency> <seconds>\n".utf8))
    exit(2)
}
var config = PostgresClient.Configuration(unixSocketPath: args[1] + "/.s.PGSQL.5432", username: "evident", password: nil, database: "evident")
config.applyEvidentDefaults(maxConnections: 16, localSocket: true)
var logger = Logger(label: "bench")
logger.logLevel = .error
let client = PostgresClient(configuration: config, backgroundLogger: logger)
let total = try await withThrowingTaskGroup(of: Int.self) { group in
    group.addTask { await client.run(); return 0 }
    let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
    var workers = 0
    var sum = 0
    try await withThrowingTaskGroup(of: Int.self) { inner in
        for _ in 0..<concurrency {
            inner.addTask {
                var n = 0
                while ContinuousClock.now < deadline {
                    for try await _ in try await client.execute(Read(id: "bench-\(Int.random(in: 1...1000))")) {}
                    n += 1
                }
                return n
            }
        }
        for try await n in inner { sum += n; workers += 1 }
    }
    group.cancelAll()
    return sum
}
print(String(format: "RESULT rps=%.1f", Double(total) / seconds))
