import FHIRCore
import NIOCore

/// One version of a resource as stored: identity, version metadata and the exact JSON bytes.
public struct StoredResource: Sendable {
    public var type: String
    public var id: String
    public var version: Int
    /// `meta.lastUpdated` as seconds since the epoch.
    public var lastUpdated: Double
    public var deleted: Bool
    /// The HTTP method of the interaction that produced this version (`POST`, `PUT`, `PATCH`, `DELETE`).
    public var method: String
    /// The resource JSON exactly as stored (empty for delete tombstones).
    public var body: ByteBuffer

    public init(type: String, id: String, version: Int, lastUpdated: Double, deleted: Bool, method: String, body: ByteBuffer) {
        self.type = type
        self.id = id
        self.version = version
        self.lastUpdated = lastUpdated
        self.deleted = deleted
        self.method = method
        self.body = body
    }

    /// `Type/id`.
    public var reference: String { "\(type)/\(id)" }
    /// `Type/id/_history/version`, the versioned location.
    public var versionedReference: String { "\(type)/\(id)/_history/\(version)" }
    /// The weak ETag for this version, `W/"n"`.
    public var etag: String { ETag.make(version) }
    /// `meta.lastUpdated` as a FHIR instant.
    public var lastUpdatedInstant: String { FHIRDateTime.instantString(epochSeconds: lastUpdated) }
    /// The body as a byte array.
    public var bodyBytes: [UInt8] { Array(body.readableBytesView) }
}

/// The result of a write interaction.
public struct WriteResult: Sendable {
    /// The version now current (for a delete: the tombstone, or nil if there was nothing to delete).
    public var resource: StoredResource?
    /// True when the interaction created the resource (HTTP 201); false for updates and no-op conditional creates.
    public var created: Bool
    /// True when nothing was written because a conditional create matched an existing resource.
    public var matchedExisting: Bool

    public init(resource: StoredResource?, created: Bool, matchedExisting: Bool = false) {
        self.resource = resource
        self.created = created
        self.matchedExisting = matchedExisting
    }
}
