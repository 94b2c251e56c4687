import FHIRCore
import NIOCore
import PostgresNIO

/// A fully prepared resource version waiting to be written: body stamped, index extracted.
struct PendingWrite: Sendable {
    var type: String
    var id: String
    var version: Int
    var deleted: Bool
    var method: String
    var lastUpdated: Double
    var body: [UInt8]
    var index: ResourceIndex
    /// True when a current row exists (its references and tokens must be replaced).
    var replacesExisting: Bool

    var stored: StoredResource {
        StoredResource(type: type, id: id, version: version, lastUpdated: lastUpdated, deleted: deleted,
                       method: method, body: ByteBuffer(bytes: body))
    }
}
