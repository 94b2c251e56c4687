import FHIRCore
import NIOCore
import PostgresNIO

extension PostgresRepository {
    public func create(_ resource: Resource, ifNoneExist: String?) async throws -> WriteResult {
        if let criteria = ifNoneExist {
            return try await transaction { conn in
                if let existing = try await singleMatch(type: resource.type.name, criteria: criteria, on: conn) {
                    return WriteResult(resource: try await readCurrent(type: resource.type.name, id: existing, on: conn),
                                       created: false, matchedExisting: true)
                }
                let w = try prepare(resource, id: FHIRID.generate(), version: 1, method: "POST", replacesExisting: false)
                try await flush([w], on: conn)
                return WriteResult(resource: w.stored, created: true)
            }
        }
        // A single statement is atomic on its own: no BEGIN/COMMIT. Concurrent plain creates share one
        // statement and commit (new server ids cannot conflict; validation already happened).
        let w = try prepare(resource, id: FHIRID.generate(), version: 1, method: "POST", replacesExisting: false)
        try await run { try await creates.submit(w) }
        return WriteResult(resource: w.stored, created: true)
    }

    public func update(type: String, id: String, resource: Resource, ifMatch: Int?) async throws -> WriteResult {
        try checkBody(resource, type: type, id: id)
        return try await transaction { conn in
            try await updateLocked(type: type, id: id, resource: resource, ifMatch: ifMatch, on: conn)
        }
    }

    public func conditionalUpdate(type: String, criteria: String, resource: Resource, ifMatch: Int?) async throws -> WriteResult {
        guard resource.type.name == type else {
            throw FHIRError.invalid("Resource type \(resource.type.name) does not match the URL's type \(type)")
        }
        return try await transaction { conn in
            let match = try await singleMatch(type: type, criteria: criteria, on: conn)
            if let match {
                if let bodyId = resource.id, bodyId != match {
                    throw FHIRError.invalid("The resource id '\(bodyId)' differs from the id '\(match)' of the resource matching the criteria")
                }
                return try await updateLocked(type: type, id: match, resource: resource, ifMatch: ifMatch, on: conn)
            }
            if let bodyId = resource.id {
                return try await updateLocked(type: type, id: bodyId, resource: resource, ifMatch: ifMatch, on: conn)
            }
            let w = try prepare(resource, id: FHIRID.generate(), version: 1, method: "PUT", replacesExisting: false)
            try await flush([w], on: conn)
            return WriteResult(resource: w.stored, created: true)
        }
    }

    public func patch(type: String, id: String, patch: JSONPatch, ifMatch: Int?) async throws -> WriteResult {
        try await transaction { conn in
            try await patchLocked(type: type, id: id, patch: patch, ifMatch: ifMatch, on: conn)
        }
    }

    public func conditionalPatch(type: String, criteria: String, patch: JSONPatch, ifMatch: Int?) async throws -> WriteResult {
        try await transaction { conn in
            guard let id = try await singleMatch(type: type, criteria: criteria, on: conn) else {
                throw FHIRError.notFound("No \(type) matches '\(criteria)'")
            }
            return try await patchLocked(type: type, id: id, patch: patch, ifMatch: ifMatch, on: conn)
        }
    }

    public func delete(type: String, id: String, ifMatch: Int?) async throws -> WriteResult {
        try await transaction { conn in
            try await deleteLocked(type: type, id: id, ifMatch: ifMatch, on: conn)
        }
    }

    public func conditionalDelete(type: String, criteria: String) async throws -> WriteResult {
        try await transaction { conn in
            guard let id = try await singleMatch(type: type, criteria: criteria, on: conn) else {
                return WriteResult(resource: nil, created: false)
            }
            return try await deleteLocked(type: type, id: id, ifMatch: nil, on: conn)
        }
    }

    // MARK: - Building blocks (inside a transaction)

    /// Validates the resource, stamps id/version/lastUpdated into it and extracts its index rows.
    func prepare(_ resource: Resource, id: String, version: Int, method: String, replacesExisting: Bool, at time: Double? = nil) throws(FHIRError) -> PendingWrite {
        try validator.validate(resource)
        var r = resource
        let ts = time ?? now()
        let rounded = (ts * 1000).rounded(.down) / 1000
        r.stamp(id: id, versionId: version, lastUpdated: FHIRDateTime.instantString(epochSeconds: rounded))
        return PendingWrite(type: r.type.name, id: id, version: version, deleted: false, method: method,
                            lastUpdated: rounded, body: r.serialized(), index: indexer.index(r, id: id),
                            replacesExisting: replacesExisting)
    }

    func tombstone(type: String, id: String, version: Int) -> PendingWrite {
        let ts = (now() * 1000).rounded(.down) / 1000
        return PendingWrite(type: type, id: id, version: version, deleted: true, method: "DELETE", lastUpdated: ts,
                            body: [], index: ResourceIndex(), replacesExisting: true)
    }

    func checkBody(_ resource: Resource, type: String, id: String) throws {
        guard resource.type.name == type else {
            throw FHIRError.invalid("Resource type \(resource.type.name) does not match the URL's type \(type)")
        }
        guard let bodyId = resource.id else {
            throw FHIRError.invalid("An update must carry the resource id in the body (expected '\(id)')", expression: ["\(type).id"])
        }
        guard bodyId == id else {
            throw FHIRError.invalid("The id in the body ('\(bodyId)') does not match the id in the URL ('\(id)')", expression: ["\(type).id"])
        }
    }

    /// Version check and next version under the resource's lock.
    func nextVersion(type: String, id: String, ifMatch: Int?, on conn: PostgresConnection) async throws -> (version: Int, current: (version: Int, deleted: Bool, body: ByteBuffer)?) {
        try await lock("\(type)/\(id)", on: conn)
        let cur = try await current(type: type, id: id, on: conn)
        try Self.check(ifMatch: ifMatch, type: type, id: id, current: cur.map { ($0.version, $0.deleted) })
        return ((cur?.version ?? 0) + 1, cur)
    }

    /// `If-Match` against the current version: 412 unless it exists, is not deleted and has that version.
    static func check(ifMatch: Int?, type: String, id: String, current: (version: Int, deleted: Bool)?) throws(FHIRError) {
        guard let ifMatch else { return }
        guard let current, !current.deleted else {
            throw .preconditionFailed("If-Match W/\"\(ifMatch)\" given but \(type)/\(id) does not exist")
        }
        guard current.version == ifMatch else {
            throw .preconditionFailed("Version conflict: If-Match W/\"\(ifMatch)\" but \(type)/\(id) is at version \(current.version)")
        }
    }

    /// Locks many identities (in a fixed order, so concurrent transactions cannot deadlock) and returns
    /// their current versions in two statements, for transactions with many updates.
    func lockCurrentVersions(_ keys: [(type: String, id: String)], on conn: PostgresConnection) async throws -> [String: (version: Int, deleted: Bool)] {
        let sorted = keys.map { "\($0.type)/\($0.id)" }.sorted()
        try await conn.query("SELECT pg_advisory_xact_lock(hashtextextended(k, 0)) FROM unnest(\(sorted)::text[]) WITH ORDINALITY AS u(k, n) ORDER BY n",
                             logger: logger)
        var out: [String: (version: Int, deleted: Bool)] = [:]
        let rows = try await conn.query("""
            SELECT r.res_type, r.id, r.version, r.deleted FROM resource r
            JOIN unnest(\(keys.map(\.type))::text[], \(keys.map(\.id))::text[]) AS u(t, i) ON r.res_type = u.t AND r.id = u.i
            FOR UPDATE OF r
            """, logger: logger)
        for try await (t, i, v, d) in rows.decode((String, String, Int32, Bool).self) { out["\(t)/\(i)"] = (Int(v), d) }
        return out
    }

    func updateLocked(type: String, id: String, resource: Resource, ifMatch: Int?, on conn: PostgresConnection) async throws -> WriteResult {
        let (version, cur) = try await nextVersion(type: type, id: id, ifMatch: ifMatch, on: conn)
        let w = try prepare(resource, id: id, version: version, method: "PUT", replacesExisting: cur != nil)
        try await flush([w], on: conn)
        return WriteResult(resource: w.stored, created: cur == nil || cur!.deleted)
    }

    func patchLocked(type: String, id: String, patch: JSONPatch, ifMatch: Int?, on conn: PostgresConnection) async throws -> WriteResult {
        let (version, cur) = try await nextVersion(type: type, id: id, ifMatch: ifMatch, on: conn)
        guard let cur else { throw FHIRError.notFound("\(type)/\(id) does not exist") }
        guard !cur.deleted else { throw FHIRError.gone("\(type)/\(id) was deleted") }
        var resource = try Resource(parsing: Array(cur.body.readableBytesView))
        try resource.replace(with: try patch.apply(to: resource.value))
        guard resource.id == id else { throw FHIRError.unprocessable("A patch may not change the resource id") }
        let w = try prepare(resource, id: id, version: version, method: "PATCH", replacesExisting: true)
        try await flush([w], on: conn)
        return WriteResult(resource: w.stored, created: false)
    }

    func deleteLocked(type: String, id: String, ifMatch: Int?, on conn: PostgresConnection) async throws -> WriteResult {
        let (version, cur) = try await nextVersion(type: type, id: id, ifMatch: ifMatch, on: conn)
        guard let cur, !cur.deleted else { return WriteResult(resource: nil, created: false) }
        let w = tombstone(type: type, id: id, version: version)
        try await flush([w], on: conn)
        return WriteResult(resource: w.stored, created: false)
    }
}
