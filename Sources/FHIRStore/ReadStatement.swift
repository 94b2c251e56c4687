import NIOCore
import PostgresNIO

/// The read-by-id statement, prepared once per connection.
struct ReadStatement: PostgresPreparedStatement {
    /// A constant name (the default derives it with `String(reflecting:)` on every execution).
    static let name = "evident_read"
    static let sql = "SELECT version, extract(epoch FROM last_updated)::float8, deleted, body FROM resource WHERE res_type = $1 AND id = $2"
    typealias Row = (Int32, Double, Bool, ByteBuffer)
    var type: String
    var id: String

    func makeBindings() throws -> PostgresBindings {
        var b = PostgresBindings(capacity: 2)
        b.append(type)
        b.append(id)
        return b
    }

    func decodeRow(_ row: PostgresRow) throws -> Row { try row.decode(Row.self) }
}
