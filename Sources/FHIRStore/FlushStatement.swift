import FHIRSearch
import PostgresNIO

/// One statement that writes all versions: current rows (upsert), history rows, and replaces the search
/// index rows of the current version. Values travel as arrays bound to `unnest`, so the statement text is
/// the same for 1 or 10,000 writes — and so it is prepared (parsed and planned) once per connection.
///
/// Index rows point at `resource.sid`, which the upsert returns; rows of a write are tied to it by the
/// write's ordinal `n` in the batch.
struct FlushStatement: PostgresPreparedStatement {
    typealias Row = ()
    static let name = "evident_flush_2"
    let writes: [PendingWrite]

    init(_ writes: [PendingWrite]) { self.writes = writes }

    func decodeRow(_ row: PostgresRow) throws -> Row {}

    func makeBindings() throws -> PostgresBindings {
        var types: [String] = [], ids: [String] = [], versions: [Int32] = [], deleted: [Bool] = []
        var methods: [String] = [], updated: [Double] = [], comps: [String] = [], bodies: [String] = [], replaces: [Bool] = []
        types.reserveCapacity(writes.count); ids.reserveCapacity(writes.count); bodies.reserveCapacity(writes.count)
        var rows = IndexRows()
        for (n, w) in writes.enumerated() {
            types.append(w.type); ids.append(w.id); versions.append(Int32(w.version)); deleted.append(w.deleted)
            methods.append(w.method); updated.append(w.lastUpdated); comps.append(w.index.compartment)
            bodies.append(String(decoding: w.body, as: UTF8.self)); replaces.append(w.replacesExisting)
            rows.append(w.index.entries, write: Int64(n + 1))
        }
        var b = PostgresBindings()
        for a in [types, ids] { b.append(a) }
        b.append(versions); b.append(deleted); b.append(methods); b.append(updated); b.append(comps); b.append(bodies); b.append(replaces)
        rows.bind(into: &b)
        return b
    }

    static let sql = """
        WITH v AS (
            SELECT * FROM unnest($1::text[], $2::text[], $3::int4[], $4::bool[], $5::text[], $6::float8[], $7::text[], $8::text[], $9::bool[])
                WITH ORDINALITY AS v(res_type, id, version, deleted, method, ts, compartment, body, replaces, n)
        ), cur AS (
            INSERT INTO resource (res_type, id, version, deleted, last_updated, compartment, body)
            SELECT res_type, id, version, deleted, to_timestamp(ts), compartment, body FROM v
            ON CONFLICT (res_type, id) DO UPDATE SET version = excluded.version, deleted = excluded.deleted,
                last_updated = excluded.last_updated, compartment = excluded.compartment, body = excluded.body
            RETURNING sid, res_type, id
        ), hist AS (
            INSERT INTO resource_history (res_type, id, version, deleted, method, last_updated, compartment, body)
            SELECT res_type, id, version, deleted, method, to_timestamp(ts), compartment, body FROM v
        ), w AS (
            SELECT cur.sid, cur.res_type, v.n, v.replaces FROM cur JOIN v USING (res_type, id)
        ), \(IndexRows.replaceSQL(first: 10, writes: "w"))
        """
}

/// Index entries of many resources as parallel arrays, one group per index table, bound to `unnest`.
/// `n` ties each row to its resource (a write's ordinal, or a position in a reindex batch).
struct IndexRows {
    var tokN: [Int64] = [], tokParam: [String] = [], tokGrp: [Int16] = [], tokSystem: [String] = [], tokCode: [String] = [], tokText: [String] = []
    var strN: [Int64] = [], strParam: [String] = [], strGrp: [Int16] = [], strValue: [String] = [], strExact: [String] = []
    var dateN: [Int64] = [], dateParam: [String] = [], dateGrp: [Int16] = [], dateLo: [Double] = [], dateHi: [Double] = [], dateLong: [Bool] = []
    var numN: [Int64] = [], numParam: [String] = [], numGrp: [Int16] = [], numValue: [String] = []
    var qtyN: [Int64] = [], qtyParam: [String] = [], qtyGrp: [Int16] = [], qtyValue: [String] = [], qtySystem: [String] = [], qtyCode: [String] = []
    var uriN: [Int64] = [], uriParam: [String] = [], uriGrp: [Int16] = [], uriValue: [String] = []
    var refN: [Int64] = [], refParam: [String] = [], refGrp: [Int16] = [], refType: [String] = [], refId: [String] = [], refURL: [String] = []

    /// Dates longer than this (seconds) are `long` rows: see migration 2 and ``PostgresSearchEngine``.
    static let shortSpan = 86_400.0

    mutating func append(_ entries: [IndexEntry], write n: Int64) {
        // Date parameters with several values in this resource: their rows get grp = -1.
        var dateCounts: [String: Int] = [:]
        for e in entries where e.group == 0 {
            if case .date = e.value { dateCounts[e.param, default: 0] += 1 }
        }
        for e in entries {
            switch e.value {
            case .token(let system, let code, let text):
                tokN.append(n); tokParam.append(e.param); tokGrp.append(e.group); tokSystem.append(system); tokCode.append(code)
                tokText.append(text.map(SearchText.normalize) ?? "")
            case .string(let s):
                strN.append(n); strParam.append(e.param); strGrp.append(e.group); strValue.append(SearchText.normalize(s)); strExact.append(s)
            case .date(let lo, let hi):
                dateN.append(n); dateParam.append(e.param); dateLo.append(lo); dateHi.append(hi); dateLong.append(hi - lo > Self.shortSpan)
                dateGrp.append(e.group == 0 && dateCounts[e.param, default: 0] > 1 ? -1 : e.group)
            case .number(let v):
                numN.append(n); numParam.append(e.param); numGrp.append(e.group); numValue.append(v)
            case .quantity(let v, let system, let code):
                qtyN.append(n); qtyParam.append(e.param); qtyGrp.append(e.group); qtyValue.append(v); qtySystem.append(system); qtyCode.append(code)
            case .uri(let u):
                uriN.append(n); uriParam.append(e.param); uriGrp.append(e.group); uriValue.append(u)
            case .reference(let type, let id, let url):
                refN.append(n); refParam.append(e.param); refGrp.append(e.group)
                refType.append(type ?? ""); refId.append(id ?? ""); refURL.append(url ?? "")
            }
        }
    }

    /// Appends the 37 arrays in the order ``replaceSQL(first:writes:)`` numbers them.
    func bind(into b: inout PostgresBindings) {
        b.append(tokN); b.append(tokParam); b.append(tokGrp); b.append(tokSystem); b.append(tokCode); b.append(tokText)
        b.append(strN); b.append(strParam); b.append(strGrp); b.append(strValue); b.append(strExact)
        b.append(dateN); b.append(dateParam); b.append(dateGrp); b.append(dateLo); b.append(dateHi); b.append(dateLong)
        b.append(numN); b.append(numParam); b.append(numGrp); b.append(numValue)
        b.append(qtyN); b.append(qtyParam); b.append(qtyGrp); b.append(qtyValue); b.append(qtySystem); b.append(qtyCode)
        b.append(uriN); b.append(uriParam); b.append(uriGrp); b.append(uriValue)
        b.append(refN); b.append(refParam); b.append(refGrp); b.append(refType); b.append(refId); b.append(refURL)
    }

    /// The index tables.
    static let tables = ["search_token", "search_string", "search_date", "search_number", "search_quantity", "search_uri", "search_reference"]

    /// CTE members (no leading `WITH`, ending in a final INSERT) that delete the index rows of the resources
    /// in `writes` (columns `sid, res_type, n, replaces`) where `replaces`, and insert the bound rows, whose
    /// arrays start at placeholder `$first`.
    static func replaceSQL(first: Int, writes w: String) -> String {
        var p = first
        func arrays(_ types: [String]) -> String {
            defer { p += types.count }
            return types.enumerated().map { "$\(p + $0.offset)::\($0.element)[]" }.joined(separator: ", ")
        }
        let deletes = tables.enumerated().map { i, t in
            "del_\(i) AS (DELETE FROM \(t) WHERE sid IN (SELECT sid FROM \(w) WHERE replaces))"
        }.joined(separator: ",\n")
        let inserts = [
            ("search_token (sid, res_type, param, grp, system, code, display)", "u.param, u.grp, u.system, u.code, NULLIF(u.display, '')",
             arrays(["int8", "text", "int2", "text", "text", "text"]), "n, param, grp, system, code, display"),
            ("search_string (sid, res_type, param, grp, value, exact)", "u.param, u.grp, u.value, u.exact",
             arrays(["int8", "text", "int2", "text", "text"]), "n, param, grp, value, exact"),
            ("search_date (sid, res_type, param, grp, lo, hi, long)", "u.param, u.grp, u.lo, u.hi, u.long",
             arrays(["int8", "text", "int2", "float8", "float8", "bool"]), "n, param, grp, lo, hi, long"),
            ("search_number (sid, res_type, param, grp, value)", "u.param, u.grp, u.value::numeric",
             arrays(["int8", "text", "int2", "text"]), "n, param, grp, value"),
            ("search_quantity (sid, res_type, param, grp, value, system, code)", "u.param, u.grp, u.value::numeric, u.system, u.code",
             arrays(["int8", "text", "int2", "text", "text", "text"]), "n, param, grp, value, system, code"),
            ("search_uri (sid, res_type, param, grp, value)", "u.param, u.grp, u.value",
             arrays(["int8", "text", "int2", "text"]), "n, param, grp, value"),
            ("search_reference (sid, res_type, param, grp, target_type, target_id, url)", "u.param, u.grp, u.ttype, u.tid, NULLIF(u.url, '')",
             arrays(["int8", "text", "int2", "text", "text", "text"]), "n, param, grp, ttype, tid, url"),
        ].map { table, select, args, columns in
            "INSERT INTO \(table) SELECT \(w).sid, \(w).res_type, \(select) FROM unnest(\(args)) AS u(\(columns)) JOIN \(w) ON \(w).n = u.n"
        }
        let ctes = inserts.dropLast().enumerated().map { "ins_\($0.offset) AS (\($0.element))" }
        return (deletes + ",\n" + ctes.joined(separator: ",\n")) + "\n" + inserts.last!
    }
}
