import PostgresNIO

/// One statement that writes all versions: current rows (upsert), history rows, and replaces the
/// references and tokens of the current version. Values travel as arrays bound to `unnest`, so the
/// statement text is the same for 1 or 10,000 writes — and so it is prepared (parsed and planned) once
/// per connection.
struct FlushStatement: PostgresPreparedStatement {
    typealias Row = ()
    static let name = "evident_flush"
    let writes: [PendingWrite]

    init(_ writes: [PendingWrite]) { self.writes = writes }

    func decodeRow(_ row: PostgresRow) throws -> Row {}

    func makeBindings() throws -> PostgresBindings {
        var types: [String] = [], ids: [String] = [], versions: [Int32] = [], deleted: [Bool] = []
        var methods: [String] = [], updated: [Double] = [], comps: [String] = [], bodies: [String] = []
        var replacedTypes: [String] = [], replacedIds: [String] = []
        var refSrcType: [String] = [], refSrcId: [String] = [], refPath: [String] = [], refTType: [String] = []
        var refTId: [String] = [], refComp: [String] = []
        var tokType: [String] = [], tokId: [String] = [], tokParam: [String] = [], tokSystem: [String] = []
        var tokCode: [String] = [], tokComp: [String] = []
        types.reserveCapacity(writes.count); ids.reserveCapacity(writes.count); bodies.reserveCapacity(writes.count)
        for w in writes {
            types.append(w.type); ids.append(w.id); versions.append(Int32(w.version)); deleted.append(w.deleted)
            methods.append(w.method); updated.append(w.lastUpdated); comps.append(w.index.compartment)
            bodies.append(String(decoding: w.body, as: UTF8.self))
            if w.replacesExisting { replacedTypes.append(w.type); replacedIds.append(w.id) }
            for r in w.index.references {
                refSrcType.append(w.type); refSrcId.append(w.id); refPath.append(r.path)
                refTType.append(r.targetType); refTId.append(r.targetId); refComp.append(w.index.compartment)
            }
            for t in w.index.tokens {
                tokType.append(w.type); tokId.append(w.id); tokParam.append(t.param)
                tokSystem.append(t.system); tokCode.append(t.code); tokComp.append(w.index.compartment)
            }
        }
        var b = PostgresBindings()
        for a in [types, ids] { b.append(a) }
        b.append(versions); b.append(deleted); b.append(methods); b.append(updated); b.append(comps); b.append(bodies)
        for a in [replacedTypes, replacedIds, refSrcType, refSrcId, refPath, refTType, refTId, refComp,
                  tokType, tokId, tokParam, tokSystem, tokCode, tokComp] { b.append(a) }
        return b
    }

    static let sql = """
            WITH v AS (
                SELECT * FROM unnest($1::text[], $2::text[], $3::int4[], $4::bool[], $5::text[], $6::float8[], $7::text[], $8::text[])
                    AS v(res_type, id, version, deleted, method, ts, compartment, body)
            ), cur AS (
                INSERT INTO resource (res_type, id, version, deleted, last_updated, compartment, body)
                SELECT res_type, id, version, deleted, to_timestamp(ts), compartment, body FROM v
                ON CONFLICT (res_type, id) DO UPDATE SET version = excluded.version, deleted = excluded.deleted,
                    last_updated = excluded.last_updated, compartment = excluded.compartment, body = excluded.body
            ), hist AS (
                INSERT INTO resource_history (res_type, id, version, deleted, method, last_updated, compartment, body)
                SELECT res_type, id, version, deleted, method, to_timestamp(ts), compartment, body FROM v
            ), old_refs AS (
                DELETE FROM resource_ref WHERE (src_type, src_id) IN (SELECT * FROM unnest($9::text[], $10::text[]))
            ), old_tokens AS (
                DELETE FROM search_token WHERE (res_type, id) IN (SELECT * FROM unnest($9::text[], $10::text[]))
            ), refs AS (
                INSERT INTO resource_ref (src_type, src_id, path, target_type, target_id, compartment)
                SELECT * FROM unnest($11::text[], $12::text[], $13::text[], $14::text[], $15::text[], $16::text[])
            )
            INSERT INTO search_token (res_type, id, param, system, code, compartment)
            SELECT * FROM unnest($17::text[], $18::text[], $19::text[], $20::text[], $21::text[], $22::text[])
            """
}
