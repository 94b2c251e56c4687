import FHIRCore
import FHIRSearch

/// The search engine over the index tables of migration 2: every R4 SearchParameter of every type, with
/// modifiers and prefixes, chains, `_has` and composites. See docs/search.md for the query shapes.
///
/// Each parameter becomes `r.sid IN (SELECT x.sid FROM search_<kind> x WHERE x.res_type = … AND x.param = …
/// AND (<alternative> OR …))`, so PostgreSQL can drive a query from the most selective index.
public struct PostgresSearchEngine: SearchEngine {
    let registry: SearchParameterRegistry
    /// Clock for `ap` on dates (seconds since the epoch).
    let now: @Sendable () -> Double

    public init(registry: SearchParameterRegistry, now: @escaping @Sendable () -> Double) {
        self.registry = registry
        self.now = now
    }

    public func conditions(types: [String], parameters: [SearchParameter], strict: Bool, into q: inout SQLBuilder) throws(FHIRError) -> (conditions: [SQLCondition], ignored: [SearchParameter]) {
        var ignored: [SearchParameter] = []
        var conditions: [SQLCondition] = []
        var dateRanges = try dateRanges(types: types, parameters: parameters, into: &q)
        for p in parameters {
            if let range = dateRanges[p.name] {
                // A grouped date parameter: its condition takes the place of the group's first occurrence.
                if SearchValue.splitKeepingEscapes(p.value, on: ",").count == 1 && p.modifier == nil {
                    if let c = range { conditions.append(c); dateRanges[p.name] = .some(nil) }
                    continue
                }
            }
            if let condition = try condition(key: p.key, value: p.value, types: types, alias: "r", into: &q) {
                conditions.append(condition)
            } else if strict {
                throw .invalid("Search parameter '\(p.key)' is not supported for \(types.count == 1 ? types[0] : "these resource types"); see the CapabilityStatement (GET /metadata) for the supported parameters")
            } else {
                ignored.append(p)
            }
        }
        return (conditions, ignored)
    }

    /// Repeated single-valued date parameters (`date=ge2020-01&date=lt2020-02`), each group compiled into one
    /// condition: a resource matches when one of its values meets them all (a range on one index row), or,
    /// when it has several values (`grp < 0`), when each is met by some value. Keyed by parameter name.
    func dateRanges(types: [String], parameters: [SearchParameter], into q: inout SQLBuilder) throws(FHIRError) -> [String: SQLCondition?] {
        var groups: [String: [SearchParameter]] = [:]
        var order: [String] = []
        for p in parameters where p.modifier == nil && !p.name.hasPrefix("_") && !p.name.contains(".")
            && SearchValue.splitKeepingEscapes(p.value, on: ",").count == 1 && definition(p.name, types: types)?.kind == .date {
            if groups[p.name] == nil { order.append(p.name) }
            groups[p.name, default: []].append(p)
        }
        var conditions: [String: SQLCondition?] = [:]
        for name in order {
            guard let group = groups[name], group.count > 1 else { continue }
            let values = try group.map { (p: SearchParameter) throws(FHIRError) in try SearchValue.date(SearchValue.unescape(p.value)) }
            let x = q.alias()
            let typeMatch = Self.typeMatch("\(x).res_type", types, into: &q)
            let param = q.bind(name)
            let sameRow = "SELECT \(x).sid FROM search_date \(x) WHERE \(typeMatch) AND \(x).param = \(param) AND \(dateRowCondition(values, x: x, into: &q))"
            let perValue = values.map { v -> String in
                let y = q.alias()
                return "SELECT \(y).sid FROM search_date \(y) WHERE \(y).grp < 0 AND \(y).res_type = ANY(\(q.bind(types))) AND \(y).param = \(param) AND "
                    + Self.rangeDateCondition(lo: "\(y).lo", hi: "\(y).hi", prefix: v.0, date: v.1, now: now(), into: &q)
            }
            conditions[name] = SQLCondition(alias: "r", sids: "\(sameRow) UNION (\(perValue.joined(separator: " INTERSECT ")))")
        }
        return conditions
    }

    public func compartmentParameters(of type: String) -> [String] {
        registry.patientCompartment[type] ?? []
    }

    /// The definition of `code` shared by all `types` (system-level search uses the common parameters).
    func definition(_ code: String, types: [String]) -> SearchParameterDefinition? {
        guard let first = types.first, let def = registry.parameter(code, for: first) else { return nil }
        for t in types.dropFirst() where registry.parameter(code, for: t)?.kind != def.kind { return nil }
        return def
    }

    /// The SQL condition (over the resource alias `r`) for one query parameter, nil when the parameter is unknown.
    func condition(key: String, value: String, types: [String], alias r: String, into q: inout SQLBuilder) throws(FHIRError) -> SQLCondition? {
        if key.hasPrefix("_has:") { return try has(key: key, value: value, types: types, alias: r, into: &q) }
        if let dot = key.firstIndex(of: "."), !key.hasPrefix("_") {
            return try chain(head: String(key[..<dot]), tail: String(key[key.index(after: dot)...]), value: value, types: types, alias: r, into: &q)
        }
        let (name, modifier) = Self.split(key)
        guard !value.isEmpty || modifier == "missing" else { throw .invalid("Search parameter '\(key)' has an empty value") }
        switch name {
        case "_id":
            try Self.only(modifier, [nil, "not", "missing"], key)
            if modifier == "missing" { return SQLCondition(try Self.bool(value, key) ? "false" : "true") }
            let ids = SearchValue.split(value, on: ",")
            return SQLCondition("\(modifier == "not" ? "NOT " : "")\(r).id = ANY(\(q.bind(ids)))")
        case "_lastUpdated":
            try Self.only(modifier, [nil, "missing"], key)
            if modifier == "missing" { return SQLCondition(try Self.bool(value, key) ? "false" : "true") }
            let column = "\(r).last_updated"
            let alternatives = try SearchValue.split(value, on: ",").map { (v: String) throws(FHIRError) -> String in
                let (prefix, date) = try SearchValue.date(v)
                return Self.pointDateCondition(column: column, prefix: prefix, date: date, now: now(), into: &q)
            }
            return SQLCondition("(" + alternatives.joined(separator: " OR ") + ")")
        default:
            guard let def = definition(name, types: types) else { return nil }
            return try parameter(def, modifier: modifier, value: value, types: types, alias: r, into: &q)
        }
    }

    /// `name:modifier` → parts.
    static func split(_ key: String) -> (String, String?) {
        guard let colon = key.firstIndex(of: ":") else { return (key, nil) }
        return (String(key[..<colon]), String(key[key.index(after: colon)...]))
    }

    static func only(_ modifier: String?, _ allowed: [String?], _ key: String) throws(FHIRError) {
        guard allowed.contains(modifier) else {
            throw .invalid("Modifier ':\(modifier ?? "")' is not supported on '\(split(key).0)'")
        }
    }

    static func bool(_ value: String, _ key: String) throws(FHIRError) -> Bool {
        switch value {
        case "true": return true
        case "false": return false
        default: throw .invalid("'\(key)' takes true or false, got '\(value)'")
        }
    }

    /// SQL for `x.res_type` matching the searched types.
    static func typeMatch(_ column: String, _ types: [String], into q: inout SQLBuilder) -> String {
        types.count == 1 ? "\(column) = \(q.bind(types[0]))" : "\(column) = ANY(\(q.bind(types)))"
    }

    /// One parameter of a known definition (not chained).
    func parameter(_ def: SearchParameterDefinition, modifier: String?, value: String, types: [String], alias r: String, into q: inout SQLBuilder) throws(FHIRError) -> SQLCondition {
        let table = Self.table(def.kind)
        if modifier == "missing" {
            let missing = try Self.bool(value, "\(def.code):missing")
            let param = def.kind == .composite ? "\(def.code)$0" : def.code
            let x = q.alias()
            return SQLCondition("\(missing ? "NOT " : "")EXISTS (SELECT 1 FROM \(table) \(x) WHERE \(x).sid = \(r).sid AND \(x).param = \(q.bind(param)))")
        }
        if def.kind == .composite { return try composite(def, modifier: modifier, value: value, types: types, alias: r, into: &q) }
        var param = def.code
        var modifier = modifier
        var negate = false
        switch (def.kind, modifier) {
        case (.token, "not"):
            negate = true
            modifier = nil
        case (.token, "of-type"):
            param += ":of-type"
        case (.reference, "identifier"):
            param += ":identifier"
        default:
            break
        }
        let x = q.alias()
        let alternatives = try SearchValue.splitKeepingEscapes(value, on: ",").map { (v: String) throws(FHIRError) -> String in
            try valueCondition(def, modifier: modifier, value: v, x: x, into: &q)
        }
        let match = "\(x).param = \(q.bind(param)) AND (\(alternatives.joined(separator: " OR ")))"
        if negate {
            return SQLCondition("NOT EXISTS (SELECT 1 FROM \(table) \(x) WHERE \(x).sid = \(r).sid AND \(match))")
        }
        return SQLCondition(alias: r, sids: "SELECT \(x).sid FROM \(table) \(x) WHERE \(Self.typeMatch("\(x).res_type", types, into: &q)) AND \(match)")
    }

    /// The index table of a parameter kind.
    static func table(_ kind: SearchParameterDefinition.Kind) -> String {
        switch kind {
        case .token: "search_token"
        case .string: "search_string"
        case .date: "search_date"
        case .number: "search_number"
        case .quantity: "search_quantity"
        case .uri: "search_uri"
        case .reference: "search_reference"
        case .composite, .special: "search_token"
        }
    }

    /// `code-value-quantity=http://loinc.org|8480-6$gt100`: every component matches in one composite value.
    func composite(_ def: SearchParameterDefinition, modifier: String?, value: String, types: [String], alias r: String, into q: inout SQLBuilder) throws(FHIRError) -> SQLCondition {
        try Self.only(modifier, [nil], def.code)
        let alternatives = try SearchValue.splitKeepingEscapes(value, on: ",").map { (alt: String) throws(FHIRError) -> SQLCondition in
            let parts = SearchValue.splitKeepingEscapes(alt, on: "$")
            guard parts.count == def.components.count else {
                throw .invalid("'\(def.code)' takes \(def.components.count) values separated by '$', got '\(alt)'")
            }
            var from: [String] = [], conditions: [String] = []
            var first = ""
            for (i, component) in def.components.enumerated() {
                guard component.kind != .composite, component.kind != .special else {
                    throw .invalid("'\(def.code)' has a component that cannot be searched")
                }
                let componentDef = SearchParameterDefinition(code: "\(def.code)$\(i)", url: component.definition, kind: component.kind,
                                                             base: def.base, expression: nil, target: [], components: [])
                let x = q.alias()
                if i == 0 {
                    first = x
                    from.append("\(Self.table(component.kind)) \(x)")
                    conditions.append(Self.typeMatch("\(x).res_type", types, into: &q))
                } else {
                    from.append("JOIN \(Self.table(component.kind)) \(x) ON \(x).sid = \(first).sid AND \(x).grp = \(first).grp")
                }
                conditions.append("\(x).param = \(q.bind(componentDef.code))")
                conditions.append("(" + (try valueCondition(componentDef, modifier: nil, value: parts[i], x: x, into: &q)) + ")")
            }
            return SQLCondition(alias: r, sids: "SELECT \(first).sid FROM \(from.joined(separator: " ")) WHERE \(conditions.joined(separator: " AND "))")
        }
        return SQLCondition.any(alternatives)
    }

    /// `subject:Patient.name=x`, `subject.name=x`, `encounter.subject:Patient.family=x`.
    func chain(head: String, tail: String, value: String, types: [String], alias r: String, into q: inout SQLBuilder) throws(FHIRError) -> SQLCondition? {
        let (name, typeModifier) = Self.split(head)
        guard let def = definition(name, types: types) else { return nil }
        guard def.kind == .reference else { throw .invalid("'\(name)' is not a reference parameter and cannot be chained") }
        let chained = Self.split(String(tail.prefix { $0 != "." })).0
        var targets = typeModifier.map { [$0] } ?? def.target
        if let t = typeModifier, ResourceType(t) == nil { throw .invalid("'\(t)' in '\(head).\(tail)' is not a resource type") }
        if !chained.hasPrefix("_has") {
            targets = targets.filter { chained == "_id" || chained == "_lastUpdated" || registry.parameter(chained, for: $0) != nil }
        }
        guard !targets.isEmpty else {
            throw .invalid("No target type of '\(head)' has a search parameter '\(chained)'")
        }
        var alternatives: [SQLCondition] = []
        for target in targets {
            let r2 = q.alias("r")
            guard let inner = try condition(key: tail, value: value, types: [target], alias: r2, into: &q) else {
                throw .invalid("Search parameter '\(chained)' is not supported for \(target)")
            }
            let x = q.alias()
            alternatives.append(SQLCondition(alias: r, sids: """
                SELECT \(x).sid FROM search_reference \(x) WHERE \(Self.typeMatch("\(x).res_type", types, into: &q)) \
                AND \(x).param = \(q.bind(name)) AND \(x).target_type = \(q.bind(target)) AND \(x).target_id IN \
                (SELECT \(r2).id FROM resource \(r2) WHERE \(r2).res_type = \(q.bind(target)) AND NOT \(r2).deleted AND \(inner.sql))
                """))
        }
        return SQLCondition.any(alternatives)
    }

    /// `_has:Observation:patient:code=1234`: resources referenced by a matching Observation through `patient`.
    func has(key: String, value: String, types: [String], alias r: String, into q: inout SQLBuilder) throws(FHIRError) -> SQLCondition {
        let parts = key.split(separator: ":", maxSplits: 3, omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 4, !parts[3].isEmpty else {
            throw .invalid("'\(key)' must be _has:Type:reference:parameter")
        }
        let (source, refParam, rest) = (parts[1], parts[2], parts[3])
        guard ResourceType(source) != nil else { throw .invalid("'\(source)' in '\(key)' is not a resource type") }
        guard let def = registry.parameter(refParam, for: source), def.kind == .reference else {
            throw .invalid("'\(refParam)' is not a reference parameter of \(source)")
        }
        let r2 = q.alias("r")
        guard let inner = try condition(key: rest, value: value, types: [source], alias: r2, into: &q) else {
            throw .invalid("Search parameter '\(rest)' is not supported for \(source)")
        }
        let x = q.alias()
        return SQLCondition("""
            (\(r).res_type, \(r).id) IN (SELECT \(x).target_type, \(x).target_id FROM search_reference \(x) \
            WHERE \(x).res_type = \(q.bind(source)) AND \(x).param = \(q.bind(refParam)) AND \(Self.typeMatch("\(x).target_type", types, into: &q)) \
            AND \(x).sid IN (SELECT \(r2).sid FROM resource \(r2) WHERE \(r2).res_type = \(q.bind(source)) AND NOT \(r2).deleted AND \(inner.sql)))
            """)
    }
}

extension SearchParameter {
    /// `name` or `name:modifier`, as written in the query.
    public var key: String { modifier.map { "\(name):\($0)" } ?? name }
}
