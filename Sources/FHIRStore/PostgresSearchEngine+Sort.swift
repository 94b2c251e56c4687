import FHIRCore
import FHIRSearch

extension PostgresSearchEngine {
    /// `_sort` keys: the smallest value ascending, the largest descending; resources without a value sort
    /// last either way (the key is never NULL, so keyset comparisons stay simple).
    public func sortKey(types: [String], name: String, descending: Bool, into q: inout SQLBuilder) throws(FHIRError) -> SortKey {
        switch name {
        case "_id": return SortKey(expression: "r.id", sqlType: "text", descending: descending)
        case "_lastUpdated": return SortKey(expression: "extract(epoch FROM r.last_updated)::float8", sqlType: "float8", descending: descending)
        default: break
        }
        guard let def = definition(name, types: types) else {
            throw .invalid("Cannot sort by '\(name)': it is not a search parameter of \(types.joined(separator: ", "))")
        }
        let agg = descending ? "max" : "min"
        let column: String, sqlType: String, missing: String
        switch def.kind {
        case .date:
            column = descending ? "x.hi" : "x.lo"
            sqlType = "float8"
            missing = descending ? "'-Infinity'::float8" : "'Infinity'::float8"
        case .number, .quantity:
            column = "x.value"
            sqlType = "numeric"
            missing = descending ? "'-Infinity'::numeric" : "'Infinity'::numeric"
        case .string, .uri:
            column = "x.value"
            sqlType = "text"
            missing = descending ? "''" : "chr(1114111)"
        case .token:
            column = "x.code"
            sqlType = "text"
            missing = descending ? "''" : "chr(1114111)"
        case .reference:
            column = "(x.target_type || '/' || x.target_id) COLLATE \"C\""
            sqlType = "text"
            missing = descending ? "''" : "chr(1114111)"
        case .composite, .special:
            throw .invalid("Cannot sort by composite parameter '\(name)'")
        }
        let expression = "coalesce((SELECT \(agg)(\(column)) FROM \(Self.table(def.kind)) x WHERE x.sid = r.sid AND x.param = \(q.bind(def.code))), \(missing))"
        return SortKey(expression: sqlType == "text" ? "(\(expression) COLLATE \"C\")" : expression, sqlType: sqlType, descending: descending)
    }
}
