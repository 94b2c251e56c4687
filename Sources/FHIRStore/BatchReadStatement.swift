import NIOCore
import PostgresNIO

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
