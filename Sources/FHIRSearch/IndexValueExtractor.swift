import FHIRCore
import FHIRPath

/// Extracts the index values of every search parameter of a resource's type (pure; no I/O).
public struct IndexValueExtractor: Sendable {
    public let registry: SearchParameterRegistry

    public init(registry: SearchParameterRegistry) { self.registry = registry }

    /// All index entries of `resource`. Expressions that fail on this resource are skipped and reported
    /// in `failures` (a definition/data mismatch should never block a write). `_id` and `_lastUpdated`
    /// are not extracted: they are columns of the resource table. `only` limits extraction to some codes.
    public func extract(_ resource: JSON, parameters only: Set<String>? = nil) -> (entries: [IndexEntry], failures: [String]) {
        guard let type = resource["resourceType"]?.stringValue else { return ([], []) }
        var entries: [IndexEntry] = []
        var failures: [String] = []
        var seen = Set<IndexEntry>()
        func add(_ e: IndexEntry) { if seen.insert(e).inserted { entries.append(e) } }
        for p in registry.byType[type] ?? [] {
            guard let expression = p.expression, p.code != "_id", p.code != "_lastUpdated" else { continue }
            if let only, !only.contains(p.code) { continue }
            do {
                let items = try expression.evaluate(resource)
                if p.kind == .composite {
                    for (n, item) in items.enumerated() {
                        // A value matches only with every component, so a group missing one is not stored.
                        var parts: [[IndexValue]] = []
                        for component in p.components {
                            let values = try component.expression.evaluate(on: item).flatMap { Self.values($0, kind: component.kind) }
                            if values.isEmpty { break }
                            parts.append(values)
                        }
                        guard parts.count == p.components.count else { continue }
                        for (i, values) in parts.enumerated() {
                            for v in values { add(IndexEntry(param: "\(p.code)$\(i)", value: v, group: Int16(clamping: n + 1))) }
                        }
                    }
                    continue
                }
                for item in items {
                    for v in Self.values(item, kind: p.kind) { add(IndexEntry(param: p.code, value: v)) }
                    for (suffix, v) in Self.derived(item, kind: p.kind) { add(IndexEntry(param: p.code + suffix, value: v)) }
                }
            } catch {
                failures.append("\(p.code): \(error)")
            }
        }
        return (entries, failures)
    }

    /// Tokens for `:of-type` (an Identifier's type coding and value) and `:identifier` (a Reference's identifier).
    static func derived(_ item: FHIRPathItem, kind: SearchParameterDefinition.Kind) -> [(String, IndexValue)] {
        let v = item.value
        switch kind {
        case .token:
            guard let value = v["value"]?.stringValue, let codings = v["type"]?["coding"]?.arrayValue else { return [] }
            return codings.compactMap { c in
                c["code"]?.stringValue.map { (":of-type", .token(system: c["system"]?.stringValue ?? "", code: $0 + "|" + value, text: nil)) }
            }
        case .reference:
            guard let ident = v["identifier"], let value = ident["value"]?.stringValue else { return [] }
            return [(":identifier", .token(system: ident["system"]?.stringValue ?? "", code: value, text: nil))]
        default:
            return []
        }
    }

    /// Normalises one FHIRPath result for a parameter type, by the shape of the value.
    static func values(_ item: FHIRPathItem, kind: SearchParameterDefinition.Kind) -> [IndexValue] {
        let v = item.value
        switch kind {
        case .token:
            if v["coding"] != nil || (v["text"] != nil && v["code"] == nil && v["value"] == nil) {  // CodeableConcept
                let text = v["text"]?.stringValue
                var out = (v["coding"]?.arrayValue ?? []).compactMap { c -> IndexValue? in
                    c["code"]?.stringValue.map { .token(system: c["system"]?.stringValue ?? "", code: $0, text: c["display"]?.stringValue ?? text) }
                }
                if out.isEmpty, let text { out.append(.token(system: "", code: "", text: text)) }
                return out
            }
            if case .object = v {
                // Coding {system, code}, Identifier {system, value}, ContactPoint {system, value}
                if let code = v["code"]?.stringValue { return [.token(system: v["system"]?.stringValue ?? "", code: code, text: v["display"]?.stringValue)] }
                if let value = v["value"]?.stringValue {
                    return [.token(system: v["system"]?.stringValue ?? "", code: value, text: v["type"]?["text"]?.stringValue)]
                }
                return []
            }
            if let s = v.stringValue { return [.token(system: "", code: s, text: nil)] }
            if let b = v.boolValue { return [.token(system: "", code: b ? "true" : "false", text: nil)] }
            return []
        case .string:
            if let s = v.stringValue { return [.string(s)] }
            guard case .object(let o) = v else { return [] }
            // HumanName, Address and similar: every string part.
            var out: [IndexValue] = []
            for m in o.members where m.key != "use" && m.key != "type" && m.key != "period" {
                if let s = m.value.stringValue { out.append(.string(s)) }
                for s in m.value.arrayValue ?? [] { if let t = s.stringValue { out.append(.string(t)) } }
            }
            return out
        case .date:
            if let s = v.stringValue, let d = FHIRDateTime(s) { return [.date(lower: d.lowerBound, upper: d.upperBound)] }
            if case .object = v {
                let start = v["start"]?.stringValue.flatMap(FHIRDateTime.init)
                let end = v["end"]?.stringValue.flatMap(FHIRDateTime.init)
                if start != nil || end != nil {  // Period
                    return [.date(lower: start?.lowerBound ?? -.infinity, upper: end?.upperBound ?? .infinity)]
                }
                if let events = v["event"]?.arrayValue {  // Timing
                    return events.compactMap { $0.stringValue.flatMap(FHIRDateTime.init) }.map { .date(lower: $0.lowerBound, upper: $0.upperBound) }
                }
            }
            return []
        case .reference:
            if let ref = v["reference"]?.stringValue {
                switch ReferenceTarget(ref) {
                case .local(let t, let i, _): return [.reference(type: t, id: i, url: nil)]
                case .external(let url): return [.reference(type: nil, id: nil, url: url)]
                default: return []
                }
            }
            if let s = v.stringValue { return [.reference(type: nil, id: nil, url: s)] }  // canonical / uri
            return []
        case .number:
            if let n = v.numberValue { return [.number(n.text)] }
            return []
        case .quantity:
            if let n = v["value"]?.numberValue {
                let code = v["code"]?.stringValue ?? v["currency"]?.stringValue ?? v["unit"]?.stringValue ?? ""
                return [.quantity(value: n.text, system: v["system"]?.stringValue ?? "", code: code)]
            }
            return []
        case .uri:
            if let s = v.stringValue { return [.uri(s)] }
            return []
        case .composite, .special:
            return []
        }
    }
}
