import FHIRCore

/// `_summary` and `_elements`: returns a resource with only some top-level elements, marked with the
/// `SUBSETTED` tag (FHIR R4 search §3.1.1.5.8). Pure.
public struct ResourceSubsetter: Sendable {
    /// The `_summary` modes.
    public enum Summary: String, Sendable {
        case `true`, text, data, count, `false`
    }

    /// Top-level elements marked isSummary, by resource type (choice elements end in `[x]`).
    let summary: [String: [String]]
    /// Top-level elements with min ≥ 1, by resource type.
    let mandatory: [String: [String]]

    /// The official R4 summary flags (`scripts/gen-search-support.py`).
    public static func r4() throws -> ResourceSubsetter {
        try ResourceSubsetter(support: try SearchParameterRegistry.resource("search-support"))
    }

    public init(support: JSON) {
        func lists(_ key: String) -> [String: [String]] {
            guard case .object(let o)? = support[key] else { return [:] }
            return Dictionary(o.members.map { ($0.key, ($0.value.arrayValue ?? []).compactMap(\.stringValue)) }, uniquingKeysWith: { a, _ in a })
        }
        summary = lists("summary")
        mandatory = lists("mandatory")
    }

    /// `resource` reduced per `summary` (nil/false: unchanged) and `elements` (nil: unchanged).
    public func subset(_ resource: JSON, summary mode: Summary?, elements: [String]?) -> JSON {
        guard case .object(let o) = resource, let type = resource["resourceType"]?.stringValue else { return resource }
        var keep: (String) -> Bool
        switch mode {
        case .true?:
            let names = summary[type] ?? []
            keep = { key in Self.matches(key, names) }
        case .text?:
            let names = (mandatory[type] ?? []) + ["text", "id", "meta"]
            keep = { key in Self.matches(key, names) }
        case .data?:
            keep = { $0 != "text" }
        case .count?, .false?, nil:
            guard let elements else { return resource }
            keep = { key in Self.matches(key, elements) || (self.mandatory[type] ?? []).contains(key) }
        }
        if mode != nil && mode != .false, let elements {
            let previous = keep
            keep = { key in previous(key) && (Self.matches(key, elements) || (self.mandatory[type] ?? []).contains(key)) }
        }
        var out = JSONObject()
        var removed = false
        for m in o.members {
            if m.key == "resourceType" || m.key == "id" || m.key == "meta" || keep(m.key) {
                out.members.append(m)
            } else {
                removed = true
            }
        }
        guard removed else { return resource }
        return Self.tagSubsetted(.object(out))
    }

    /// `key` is one of `names`, or a choice element `name[x]` written as `nameType`.
    static func matches(_ key: String, _ names: [String]) -> Bool {
        for n in names {
            if n == key { return true }
            if n.hasSuffix("[x]") {
                let stem = n.dropLast(3)
                if key.hasPrefix(stem), key.count > stem.count, key[key.index(key.startIndex, offsetBy: stem.count)].isUppercase { return true }
            }
        }
        return false
    }

    static func tagSubsetted(_ resource: JSON) -> JSON {
        guard case .object(var o) = resource else { return resource }
        var meta = o["meta"]?.objectValue ?? JSONObject()
        var tags = meta["tag"]?.arrayValue ?? []
        tags.append(.object(["system": "http://terminology.hl7.org/CodeSystem/v3-ObservationValue", "code": "SUBSETTED", "display": "Resource encoded in summary mode"]))
        meta["tag"] = .array(tags)
        o["meta"] = .object(meta)
        return .object(o)
    }
}
