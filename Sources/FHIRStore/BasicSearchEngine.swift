import FHIRCore

/// The search the foundation needs for conditional interactions: `_id`, `identifier`, `_lastUpdated`.
public struct BasicSearchEngine: SearchEngine {
    public init() {}

    public func compile(type: String, parameters: [SearchParameter], strict: Bool, into q: inout SQLBuilder) throws(FHIRError) -> [SearchParameter] {
        var ignored: [SearchParameter] = []
        for p in parameters {
            switch p.name {
            case "_id":
                guard p.modifier == nil else { throw .invalid("Modifier ':\(p.modifier!)' is not supported on _id") }
                let ids = p.value.split(separator: ",").map(String.init)
                q.append(" AND r.id = ANY(\(q.bind(ids)))")
            case "identifier":
                guard p.modifier == nil else { throw .invalid("Modifier ':\(p.modifier!)' is not supported on identifier") }
                var alternatives: [String] = []
                for alt in p.value.split(separator: ",", omittingEmptySubsequences: false) {
                    let a = String(alt)
                    var cond = "t.res_type = r.res_type AND t.id = r.id AND t.param = 'identifier'"
                    if let bar = a.firstIndex(of: "|") {
                        let system = String(a[..<bar]), code = String(a[a.index(after: bar)...])
                        if !code.isEmpty { cond += " AND t.code = \(q.bind(code))" }
                        cond += " AND t.system = \(q.bind(system))"
                        if system.isEmpty && code.isEmpty { throw .invalid("identifier=| needs a system or a value") }
                    } else {
                        guard !a.isEmpty else { throw .invalid("Empty value for identifier") }
                        cond += " AND t.code = \(q.bind(a))"
                    }
                    alternatives.append("EXISTS (SELECT 1 FROM search_token t WHERE \(cond))")
                }
                q.append(" AND (" + alternatives.joined(separator: " OR ") + ")")
            case "_lastUpdated":
                guard p.modifier == nil else { throw .invalid("Modifier ':\(p.modifier!)' is not supported on _lastUpdated") }
                try Self.dateCondition(column: "r.last_updated", value: p.value, into: &q)
            default:
                if strict {
                    throw .invalid("Search parameter '\(p.name)' is not supported for \(type) (supported: _id, identifier, _lastUpdated)")
                }
                ignored.append(p)
            }
        }
        return ignored
    }

    /// Appends a date comparison with a FHIR prefix (`eq ne gt lt ge le sa eb ap`), honouring the value's precision.
    static func dateCondition(column: String, value: String, into q: inout SQLBuilder) throws(FHIRError) {
        var prefix = "eq"
        var text = Substring(value)
        if let first = text.first, first.isLetter, text.count > 2 {
            prefix = String(text.prefix(2))
            text = text.dropFirst(2)
        }
        guard let date = FHIRDateTime(String(text)) else {
            throw .invalid("'\(value)' is not a valid FHIR date/dateTime for a date search")
        }
        let lo = q.bind(date.lowerBound), hi = q.bind(date.upperBound)
        let lower = "to_timestamp(\(lo))", upper = "to_timestamp(\(hi))"
        switch prefix {
        case "eq": q.append(" AND \(column) >= \(lower) AND \(column) < \(upper)")
        case "ne": q.append(" AND (\(column) < \(lower) OR \(column) >= \(upper))")
        case "gt", "sa": q.append(" AND \(column) >= \(upper)")
        case "lt", "eb": q.append(" AND \(column) < \(lower)")
        case "ge": q.append(" AND \(column) >= \(lower)")
        case "le": q.append(" AND \(column) < \(upper)")
        case "ap":
            // Approximately: within 10% of the distance to now is impractical without a clock; use ±1 day.
            q.append(" AND \(column) >= \(lower) - interval '1 day' AND \(column) < \(upper) + interval '1 day'")
        default: throw .invalid("Unknown search prefix '\(prefix)' in '\(value)'")
        }
    }
}
