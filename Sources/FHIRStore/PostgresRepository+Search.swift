import FHIRCore
import FHIRSearch
import NIOCore
import PostgresNIO

extension PostgresRepository {
    /// Runs in a read transaction planned with the actual values (the session default is generic plans,
    /// right for Evident's prepared key lookups and bulk writes but blind to how selective a search value is).
    public func search(_ request: SearchRequest) async throws -> SearchResult {
        try await transaction { conn in try await search(request, on: conn) }
    }

    /// A matching row: surrogate key, sort-key values (text) and the resource.
    typealias MatchRow = (sid: Int64, keys: [String], resource: StoredResource)

    func search(_ request: SearchRequest, on conn: PostgresConnection) async throws -> SearchResult {
        guard !request.types.isEmpty else { throw FHIRError.invalid("No resource type to search") }
        try await conn.query("SET LOCAL plan_cache_mode = force_custom_plan", logger: logger)
        var q = SQLBuilder()
        var base = [request.types.count == 1 ? "r.res_type = \(q.bind(request.types[0]))" : "r.res_type = ANY(\(q.bind(request.types)))", "NOT r.deleted"]
        if let c = request.compartment { base.append(try compartmentCondition(c, types: request.types, into: &q)) }
        let (conditions, ignored) = try searchEngine.conditions(types: request.types, parameters: request.parameters, strict: request.strict, into: &q)
        let countQuery = PostgresQuery(unsafeSQL: "SELECT count(*) FROM resource r WHERE " + (base + conditions.map(\.sql)).joined(separator: " AND "),
                                       binds: q.bindings)

        var result = SearchResult(resources: [], total: nil, ignored: ignored)
        var rows: [MatchRow] = []
        var more = false
        if request.count > 0 {
            (rows, more) = try await page(request, base: base, conditions: conditions, bindings: &q, on: conn)
            result.resources = rows.map(\.resource)
            let backward = request.cursor?.backward ?? false
            func cursor(_ row: MatchRow?, backward: Bool) -> SearchCursor? {
                row.map { SearchCursor(backward: backward, keys: $0.keys, sid: $0.sid) }
            }
            if backward {
                result.previous = more ? cursor(rows.first, backward: true) : nil
                result.next = cursor(rows.last, backward: false)
            } else {
                result.next = more ? cursor(rows.last, backward: false) : nil
                result.previous = request.cursor != nil || request.offset > 0 ? cursor(rows.first, backward: true) : nil
            }
        }
        switch request.total {
        case .none: break
        case .auto where request.count > 0:
            // Without _total, a total only when it is known without counting: every match is on the first page.
            if !more && request.cursor == nil && request.offset == 0 { result.total = rows.count }
        default:
            for try await n in try await query(countQuery, on: conn).decode(Int.self) { result.total = n }
        }
        if !request.includes.isEmpty && !rows.isEmpty {
            try await include(request.includes, matches: rows, into: &result, on: conn)
        }
        if request.summary != nil || request.elements != nil {
            result.resources = try result.resources.map { r in
                var r = r
                let subset = search.subsetter.subset(try JSON(parsing: Array(buffer: r.body)), summary: request.summary, elements: request.elements)
                r.body = ByteBuffer(bytes: subset.serialized())
                return r
            }
        }
        return result
    }

    /// One page of matches in sort order (keyset after/before the cursor), and whether more rows follow
    /// in the direction of travel. Without `_sort`, the first condition whose rows come from an index table
    /// drives the page in `sid` order, so PostgreSQL can stop after `count + 1` matches instead of
    /// collecting and sorting all of them.
    func page(_ request: SearchRequest, base: [String], conditions: [SQLCondition], bindings q: inout SQLBuilder, on conn: PostgresConnection?) async throws -> ([MatchRow], Bool) {
        let driver = request.sort.isEmpty ? conditions.firstIndex { $0.sids != nil } : nil
        let from = driver.map { "FROM (SELECT DISTINCT s.sid FROM (\(conditions[$0].sids!)) s) d JOIN resource r ON r.sid = d.sid" } ?? "FROM resource r"
        let sid = driver == nil ? "r.sid" : "d.sid"
        let filter = (base + conditions.indices.filter { $0 != driver }.map { conditions[$0].sql }).joined(separator: " AND ")
        var keys: [SortKey] = []
        for s in request.sort {
            keys.append(try searchEngine.sortKey(types: request.types, name: s.name, descending: s.descending, into: &q))
        }
        let backward = request.cursor?.backward ?? false
        var keyset = ""
        if let c = request.cursor {
            guard c.keys.count == keys.count else { throw FHIRError.invalid("_cursor does not belong to this _sort; use the links of the search result") }
            // Lexicographic (k1, k2, …, sid) after (or before) the cursor, each key in its own direction.
            var alternatives: [String] = []
            var equal: [String] = []
            for (i, k) in keys.enumerated() {
                let v = "\(q.bind(c.keys[i]))::\(k.sqlType)\(k.sqlType == "text" ? " COLLATE \"C\"" : "")"
                let op = (k.descending != backward) ? "<" : ">"
                alternatives.append("(" + (equal + ["\(k.expression) \(op) \(v)"]).joined(separator: " AND ") + ")")
                equal.append("\(k.expression) = \(v)")
            }
            alternatives.append("(" + (equal + ["\(sid) \(backward ? "<" : ">") \(q.bind(c.sid))"]).joined(separator: " AND ") + ")")
            keyset = " AND (" + alternatives.joined(separator: " OR ") + ")"
        }
        func order(_ p: String) -> String {
            (keys.enumerated().map { i, k in "\(p)k\(i)\((k.descending != backward) ? " DESC" : "")" } + ["\(p)sid\(backward ? " DESC" : "")"]).joined(separator: ", ")
        }
        let keyColumns = keys.enumerated().map { i, k in ", \(k.expression) AS k\(i)" }.joined()
        let keyText = keys.indices.map { ", p.k\($0)::text" }.joined()
        let offset = request.offset > 0 ? " OFFSET \(request.offset)" : ""
        let sql = """
            WITH p AS (SELECT \(sid) AS sid\(keyColumns) \(from) WHERE \(filter)\(keyset) ORDER BY \(order("")) LIMIT \(request.count + 1)\(offset))
            SELECT p.sid, r.res_type, r.id, r.version, extract(epoch FROM r.last_updated)::float8, r.body\(keyText)
            FROM p JOIN resource r ON r.sid = p.sid ORDER BY \(order("p."))
            """
        var rows: [MatchRow] = []
        for try await row in try await query(PostgresQuery(unsafeSQL: sql, binds: q.bindings), on: conn) {
            var cells = row.makeRandomAccess()
            let sid = try cells[0].decode(Int64.self)
            let resource = StoredResource(
                type: try cells[1].decode(String.self), id: try cells[2].decode(String.self), version: Int(try cells[3].decode(Int32.self)),
                lastUpdated: try cells[4].decode(Double.self), deleted: false, method: "", body: try cells[5].decode(ByteBuffer.self))
            let values = try (0..<keys.count).map { try cells[6 + $0].decode(String.self) }
            rows.append((sid, values, resource))
        }
        let more = rows.count > request.count
        if more { rows.removeLast() }
        if backward { rows.reverse() }
        return (rows, more)
    }

    /// Resources in the Patient compartment of `c` (`Patient/1/Observation`): referencing the patient through
    /// one of the type's compartment parameters, or the Patient itself.
    func compartmentCondition(_ c: (type: String, id: String), types: [String], into q: inout SQLBuilder) throws -> String {
        guard c.type == "Patient" else {
            throw FHIRError.notSupported("Compartment searches are supported for Patient only, not \(c.type)")
        }
        var alternatives: [String] = []
        let params = Array(Set(types.flatMap { searchEngine.compartmentParameters(of: $0) })).sorted()
        if !params.isEmpty {
            alternatives.append("""
                r.sid IN (SELECT x.sid FROM search_reference x WHERE x.target_id = \(q.bind(c.id)) AND x.target_type = 'Patient' \
                AND x.res_type = ANY(\(q.bind(types))) AND x.param = ANY(\(q.bind(params))))
                """)
        }
        if types.contains("Patient") { alternatives.append("(r.res_type = 'Patient' AND r.id = \(q.bind(c.id)))") }
        return alternatives.isEmpty ? "false" : "(" + alternatives.joined(separator: " OR ") + ")"
    }

    /// Adds `_include`/`_revinclude` results: all of them on the matches, then `:iterate` ones on what was
    /// added, until nothing new is found or ``SearchComponents/maxIncludes`` is reached.
    func include(_ includes: [SearchRequest.Include], matches: [MatchRow], into result: inout SearchResult, on conn: PostgresConnection?) async throws {
        var seen = Set(matches.map { $0.resource.reference })
        var frontier = matches.map { ($0.sid, $0.resource) }
        var active = includes
        var round = 0
        while !frontier.isEmpty && !active.isEmpty && round < 5 {
            var found: [(Int64, StoredResource)] = []
            for inc in active {
                let limit = search.maxIncludes - result.included.count - found.count
                guard limit > 0 else { break }
                for (sid, r) in try await includeQuery(inc, from: frontier, limit: limit + 1, on: conn) where seen.insert(r.reference).inserted {
                    found.append((sid, r))
                }
            }
            if result.included.count + found.count > search.maxIncludes {
                found.removeLast(result.included.count + found.count - search.maxIncludes)
                result.warnings.append("_include/_revinclude results were cut at \(search.maxIncludes) resources; narrow the search or page with a smaller _count")
                result.included += found.map(\.1)
                return
            }
            result.included += found.map(\.1)
            frontier = found
            active = includes.filter(\.iterate)
            round += 1
        }
    }

    func includeQuery(_ inc: SearchRequest.Include, from sources: [(Int64, StoredResource)], limit: Int, on conn: PostgresConnection?) async throws -> [(Int64, StoredResource)] {
        var q = SQLBuilder()
        var conditions: [String] = []
        if inc.reverse {
            conditions.append("(x.target_type, x.target_id) IN (SELECT * FROM unnest(\(q.bind(sources.map(\.1.type))), \(q.bind(sources.map(\.1.id)))))")
            if let s = inc.source { conditions.append("x.res_type = \(q.bind(s))") }
        } else {
            conditions.append("x.sid = ANY(\(q.bind(sources.map(\.0))))")
            if let s = inc.source { conditions.append("x.res_type = \(q.bind(s))") }
            conditions.append("x.target_type <> ''")
        }
        if let p = inc.param { conditions.append("x.param = \(q.bind(p))") }
        if let t = inc.target { conditions.append("x.target_type = \(q.bind(t))") }
        let pick = inc.reverse ? "r.sid IN (SELECT x.sid" : "(r.res_type, r.id) IN (SELECT x.target_type, x.target_id"
        q.append("""
            SELECT r.sid, r.res_type, r.id, r.version, extract(epoch FROM r.last_updated)::float8, r.body FROM resource r
            WHERE NOT r.deleted AND \(pick) FROM search_reference x WHERE \(conditions.joined(separator: " AND "))) ORDER BY r.sid LIMIT \(limit)
            """)
        var out: [(Int64, StoredResource)] = []
        for try await (sid, t, i, v, ts, body) in try await query(q.query, on: conn).decode((Int64, String, String, Int32, Double, ByteBuffer).self) {
            out.append((sid, StoredResource(type: t, id: i, version: Int(v), lastUpdated: ts, deleted: false, method: "", body: body)))
        }
        return out
    }
}
