import FHIRCore
import FHIRSearch

extension PostgresSearchEngine {
    /// The condition one alternative of a value puts on an index row `x` of the parameter's table.
    func valueCondition(_ def: SearchParameterDefinition, modifier: String?, value raw: String, x: String, into q: inout SQLBuilder) throws(FHIRError) -> String {
        // Token, quantity and reference parsers split on `|` and unescape; other kinds take the value unescaped.
        let value = [.token, .quantity, .reference].contains(def.kind) ? raw : SearchValue.unescape(raw)
        switch def.kind {
        case .token:
            return try token(modifier: modifier, value: value, x: x, into: &q)
        case .string:
            try Self.only(modifier, [nil, "exact", "contains"], def.code)
            let folded = SearchText.normalize(value)
            switch modifier {
            case "exact": return "\(x).exact = \(q.bind(value))"
            case "contains": return "\(x).value LIKE \(q.bind("%" + Self.escapeLike(folded) + "%"))"
            default: return Self.prefixMatch("\(x).value", folded, into: &q)
            }
        case .date:
            try Self.only(modifier, [nil], def.code)
            let (prefix, date) = try SearchValue.date(value)
            return dateRowCondition([(prefix, date)], x: x, into: &q)
        case .number:
            try Self.only(modifier, [nil], def.code)
            let (prefix, rest) = try SearchPrefix.split(value)
            return Self.numberCondition("\(x).value", prefix: prefix, number: try SearchValue.number(rest), into: &q)
        case .quantity:
            try Self.only(modifier, [nil], def.code)
            let quantity = try SearchValue.quantity(value)
            var parts = [Self.numberCondition("\(x).value", prefix: quantity.prefix, number: quantity.number, into: &q)]
            if let s = quantity.system { parts.append("\(x).system = \(q.bind(s))") }
            if let c = quantity.code { parts.append("\(x).code = \(q.bind(c))") }
            return parts.joined(separator: " AND ")
        case .uri:
            try Self.only(modifier, [nil, "above", "below"], def.code)
            switch modifier {
            case "below": return Self.prefixMatch("\(x).value", value, into: &q)
            case "above": return "starts_with(\(q.bind(value)), \(x).value)"
            default: return "\(x).value = \(q.bind(value))"
            }
        case .reference:
            return try reference(def, modifier: modifier, value: value, x: x, into: &q)
        case .composite, .special:
            throw .invalid("'\(def.code)' cannot be searched this way")
        }
    }

    func token(modifier: String?, value: String, x: String, into q: inout SQLBuilder) throws(FHIRError) -> String {
        switch modifier {
        case nil, "of-type":
            if modifier == "of-type" {
                let parts = SearchValue.split(value, on: "|")
                guard parts.count == 3, !parts[1].isEmpty, !parts[2].isEmpty else {
                    throw .invalid("':of-type' takes system|code|value (the identifier type and value), got '\(value)'")
                }
                return "\(x).system = \(q.bind(parts[0])) AND \(x).code = \(q.bind(parts[1] + "|" + parts[2]))"
            }
            let t = try SearchValue.token(value)
            var parts: [String] = []
            if let c = t.code { parts.append("\(x).code = \(q.bind(c))") }
            if let s = t.system { parts.append("\(x).system = \(q.bind(s))") }
            return parts.joined(separator: " AND ")
        case "text":
            return Self.prefixMatch("\(x).display", SearchText.normalize(value), into: &q)
        case "in", "not-in":
            // Codes of a ValueSet stored on this server (compose.include concepts or whole systems, or an expansion).
            let match = """
                EXISTS (SELECT 1 FROM search_uri vu JOIN resource vs ON vs.sid = vu.sid AND NOT vs.deleted \
                CROSS JOIN LATERAL (SELECT inc->>'system' AS system, con->>'code' AS code \
                FROM jsonb_array_elements(vs.body::jsonb->'compose'->'include') inc \
                LEFT JOIN LATERAL jsonb_array_elements(inc->'concept') con ON true \
                UNION ALL SELECT c->>'system', c->>'code' FROM jsonb_array_elements(vs.body::jsonb->'expansion'->'contains') c) m \
                WHERE vu.res_type = 'ValueSet' AND vu.param = 'url' AND vu.value = \(q.bind(value)) \
                AND m.system = \(x).system AND (m.code IS NULL OR m.code = \(x).code))
                """
            return modifier == "in" ? match : "NOT " + match
        default:
            throw .invalid("Modifier ':\(modifier!)' is not supported on token parameters (supported: :not, :text, :missing, :of-type, :in, :not-in)")
        }
    }

    func reference(_ def: SearchParameterDefinition, modifier: String?, value: String, x: String, into q: inout SQLBuilder) throws(FHIRError) -> String {
        if modifier == "identifier" {
            return try token(modifier: nil, value: value, x: x, into: &q)
        }
        var typeModifier: String? = nil
        if let m = modifier {
            guard ResourceType(m) != nil else {
                throw .invalid("Modifier ':\(m)' is not supported on reference parameters (use :Type, :identifier or :missing)")
            }
            typeModifier = m
        }
        func local(_ type: String?, _ id: String, into q: inout SQLBuilder) throws(FHIRError) -> String {
            if let t = typeModifier, let type, t != type {
                throw .invalid("'\(value)' does not refer to a \(t)")
            }
            if let type = type ?? typeModifier { return "\(x).target_id = \(q.bind(id)) AND \(x).target_type = \(q.bind(type))" }
            if !def.target.isEmpty { return "\(x).target_id = \(q.bind(id)) AND \(x).target_type = ANY(\(q.bind(def.target)))" }
            return "\(x).target_id = \(q.bind(id))"
        }
        switch try SearchValue.reference(value) {
        case .local(let type, let id):
            return try local(type, id, into: &q)
        case .url(let url, let l):
            let byURL = "\(x).url = \(q.bind(url))"
            guard let l else { return byURL }
            return "((\(try local(l.type, l.id, into: &q))) OR \(byURL))"
        }
    }

    /// `column` starts with `prefix` (byte order of the C collation), as an index range.
    static func prefixMatch(_ column: String, _ prefix: String, into q: inout SQLBuilder) -> String {
        guard !prefix.isEmpty else { return "true" }
        return "\(column) >= \(q.bind(prefix)) AND \(column) < \(q.bind(prefix + "\u{10FFFF}"))"
    }

    static func escapeLike(_ s: String) -> String {
        var out = ""
        for c in s {
            if c == "%" || c == "_" || c == "\\" { out.append("\\") }
            out.append(c)
        }
        return out
    }

    /// A stored number (a point) against a search number whose precision makes it a range.
    static func numberCondition(_ column: String, prefix: SearchPrefix, number n: SearchValue.Number, into q: inout SQLBuilder) -> String {
        let v = "\(q.bind(n.text))::numeric"
        switch prefix {
        case .eq, .ne:
            let half = "\(q.bind(n.half))::numeric"
            let inside = "\(column) >= \(v) - \(half) AND \(column) < \(v) + \(half)"
            return prefix == .eq ? inside : "NOT (\(inside))"
        case .gt, .sa: return "\(column) > \(v)"
        case .lt, .eb: return "\(column) < \(v)"
        case .ge: return "\(column) >= \(v)"
        case .le: return "\(column) <= \(v)"
        case .ap:
            // Within 10 % of the value (FHIR leaves "approximately" to the server).
            let gap = "\(q.bind(String(abs(n.double) * 0.1)))::numeric"
            return "\(column) >= \(v) - \(gap) AND \(column) <= \(v) + \(gap)"
        }
    }

    /// Half-width of `ap` around a date: 10 % of its distance from now, at least one day.
    static func approximateGap(_ date: FHIRDateTime, now: Double) -> Double {
        max(86_400, abs(now - date.lowerBound) * 0.1)
    }

    /// Date conditions that one `search_date` row `x` must all meet. Rows of at most a day are matched through
    /// a range on `lo` (each prefix bounds the start of a short value), longer ones through their partial index.
    func dateRowCondition(_ values: [(SearchPrefix, FHIRDateTime)], x: String, into q: inout SQLBuilder) -> String {
        let now = now()
        let exact = values.map { Self.rangeDateCondition(lo: "\(x).lo", hi: "\(x).hi", prefix: $0.0, date: $0.1, now: now, into: &q) }.joined(separator: " AND ")
        var lower = -Double.infinity, upper = Double.infinity
        for (prefix, date) in values {
            let b = Self.shortBounds(prefix, date, now: now)
            lower = max(lower, b.lower)
            upper = min(upper, b.upper)
        }
        var short = ["NOT \(x).long"]
        if lower > -.infinity { short.append("\(x).lo >= \(q.bind(lower))::float8") }
        if upper < .infinity { short.append("\(x).lo < \(q.bind(upper))::float8") }
        return "((\(short.joined(separator: " AND ")) AND \(exact)) OR (\(x).long AND \(exact)))"
    }

    /// Bounds on `lo` implied by a prefix for rows with `hi - lo` ≤ ``IndexRows/shortSpan`` (a superset: the
    /// exact condition is still applied).
    static func shortBounds(_ prefix: SearchPrefix, _ date: FHIRDateTime, now: Double) -> (lower: Double, upper: Double) {
        let slo = date.lowerBound, shi = date.upperBound, span = IndexRows.shortSpan
        switch prefix {
        case .eq: return (slo, shi)
        case .ne: return (-.infinity, .infinity)
        case .gt: return (shi - span, .infinity)
        case .ge: return (min(shi - span, slo), .infinity)
        case .lt, .eb: return (-.infinity, slo)
        case .le: return (-.infinity, shi)
        case .sa: return (shi, .infinity)
        case .ap:
            let gap = approximateGap(date, now: now)
            return (slo - gap - span, shi + gap)
        }
    }

    /// A stored range [lo, hi) against the range of the search value (precision), per the R4 prefix rules.
    static func rangeDateCondition(lo: String, hi: String, prefix: SearchPrefix, date: FHIRDateTime, now: Double, into q: inout SQLBuilder) -> String {
        let slo = "\(q.bind(date.lowerBound))::float8", shi = "\(q.bind(date.upperBound))::float8"
        let contained = "\(lo) >= \(slo) AND \(hi) <= \(shi)"
        switch prefix {
        case .eq: return contained
        case .ne: return "NOT (\(contained))"
        case .gt: return "\(hi) > \(shi)"
        case .lt: return "\(lo) < \(slo)"
        // ge: above the search range, or inside it — equivalently (lo ≤ hi) hi > shi or lo ≥ slo; le likewise.
        case .ge: return "(\(hi) > \(shi) OR \(lo) >= \(slo))"
        case .le: return "(\(lo) < \(slo) OR \(hi) <= \(shi))"
        case .sa: return "\(lo) >= \(shi)"
        case .eb: return "\(hi) <= \(slo)"
        case .ap:
            let gap = approximateGap(date, now: now)
            return "\(lo) < \(q.bind(date.upperBound + gap))::float8 AND \(hi) > \(q.bind(date.lowerBound - gap))::float8"
        }
    }

    /// A stored instant (`_lastUpdated`) against the range of the search value.
    static func pointDateCondition(column: String, prefix: SearchPrefix, date: FHIRDateTime, now: Double, into q: inout SQLBuilder) -> String {
        let lower = "to_timestamp(\(q.bind(date.lowerBound))::float8)", upper = "to_timestamp(\(q.bind(date.upperBound))::float8)"
        switch prefix {
        case .eq: return "(\(column) >= \(lower) AND \(column) < \(upper))"
        case .ne: return "(\(column) < \(lower) OR \(column) >= \(upper))"
        case .gt, .sa: return "\(column) >= \(upper)"
        case .lt, .eb: return "\(column) < \(lower)"
        case .ge: return "\(column) >= \(lower)"
        case .le: return "\(column) < \(upper)"
        case .ap:
            let gap = approximateGap(date, now: now)
            return "(\(column) >= to_timestamp(\(q.bind(date.lowerBound - gap))::float8) AND \(column) < to_timestamp(\(q.bind(date.upperBound + gap))::float8))"
        }
    }
}
