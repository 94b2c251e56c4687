/// A parsed `Reference.reference` string.
public enum ReferenceTarget: Sendable, Hashable {
    /// `Type/id` or `Type/id/_history/vid` on this server (or an absolute URL whose base is this server).
    case local(type: String, id: String, version: String?)
    /// `urn:uuid:…` / `urn:oid:…`: a placeholder resolved inside a transaction Bundle.
    case urn(String)
    /// `Type?criteria`: a conditional reference resolved by search inside a transaction.
    case conditional(type: String, query: String)
    /// `#id`: a contained resource.
    case contained(String)
    /// An absolute URL on another server.
    case external(String)

    /// Parses a reference; `baseURL` (e.g. `http://localhost:8080/`) lets absolute URLs to this server count as local.
    /// True when `s` contains `://` (a byte scan: this runs for every reference of every write).
    static func hasScheme(_ s: String) -> Bool {
        var colon = 0, slashes = 0
        for b in s.utf8 {
            if b == 58 { colon = 1; slashes = 0 } else if b == 47 && colon == 1 {
                slashes += 1
                if slashes == 2 { return true }
            } else { colon = 0; slashes = 0 }
        }
        return false
    }

    public init?(_ reference: String, baseURL: String? = nil) {
        guard !reference.isEmpty else { return nil }
        if reference.hasPrefix("#") { self = .contained(String(reference.dropFirst())); return }
        if reference.hasPrefix("urn:") { self = .urn(reference); return }
        var path = Substring(reference)
        if Self.hasScheme(reference) {
            if let base = baseURL, reference.hasPrefix(base) {
                path = reference.dropFirst(base.count)
                if path.hasPrefix("/") { path = path.dropFirst() }
            } else {
                // Absolute URL elsewhere: still recognise a trailing Type/id for the reference index.
                self = .external(reference)
                return
            }
        }
        if let q = path.firstIndex(of: "?") {
            let type = String(path[..<q])
            guard ResourceType(type) != nil else { return nil }
            self = .conditional(type: type, query: String(path[path.index(after: q)...]))
            return
        }
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        if parts.count == 2, ResourceType(String(parts[0])) != nil, FHIRID.isValid(String(parts[1])) {
            self = .local(type: String(parts[0]), id: String(parts[1]), version: nil)
        } else if parts.count == 4, parts[2] == "_history", ResourceType(String(parts[0])) != nil,
            FHIRID.isValid(String(parts[1])), FHIRID.isValid(String(parts[3]))
        {
            self = .local(type: String(parts[0]), id: String(parts[1]), version: String(parts[3]))
        } else {
            return nil
        }
    }
}

/// One `Reference.reference` found inside a resource, with the element path it sits at.
public struct ReferenceOccurrence: Sendable, Hashable {
    /// Dotted element path without array indices, e.g. `Observation.subject`, `Claim.item.encounter`.
    public var path: String
    /// The reference string as stored.
    public var reference: String
}

extension JSON {
    /// Every `reference` string element in this value, depth first, with its element path (prefixed by `root`).
    public func references(root: String) -> [ReferenceOccurrence] {
        var out: [ReferenceOccurrence] = []
        collectReferences(path: root, into: &out)
        return out
    }

    private func collectReferences(path: String, into out: inout [ReferenceOccurrence]) {
        switch self {
        case .object(let o):
            for m in o.members {
                if m.key == "reference", case .string(let s) = m.value {
                    out.append(ReferenceOccurrence(path: path, reference: s))
                } else if m.key != "contained" {
                    switch m.value {
                    case .object, .array: m.value.collectReferences(path: path + "." + m.key, into: &out)
                    default: continue
                    }
                }
            }
        case .array(let a):
            for v in a { v.collectReferences(path: path, into: &out) }
        default: return
        }
    }

    /// Rewrites every `reference` string element (including inside contained resources) with `transform`;
    /// `transform` returns nil to keep a value. Errors thrown by `transform` propagate.
    public mutating func rewriteReferences<E: Error>(_ transform: (String) throws(E) -> String?) throws(E) {
        _ = try rewriteReferencesInPlace(transform)
    }

    /// Returns whether anything changed. Payloads are moved out of `self` before mutation so that
    /// arrays and objects are modified in place rather than copied.
    private mutating func rewriteReferencesInPlace<E: Error>(_ transform: (String) throws(E) -> String?) throws(E) -> Bool {
        switch self {
        case .object(var o):
            self = .null
            var changed = false
            defer { self = .object(o) }
            for i in o.members.indices {
                if o.members[i].key == "reference", case .string(let s) = o.members[i].value {
                    if let n = try transform(s) { o.members[i].value = .string(n); changed = true }
                } else {
                    switch o.members[i].value {
                    case .object, .array:
                        if try o.members[i].value.rewriteReferencesInPlace(transform) { changed = true }
                    default: continue
                    }
                }
            }
            return changed
        case .array(var a):
            self = .null
            var changed = false
            defer { self = .array(a) }
            for i in a.indices {
                switch a[i] {
                case .object, .array:
                    if try a[i].rewriteReferencesInPlace(transform) { changed = true }
                default: continue
                }
            }
            return changed
        default: return false
        }
    }
}
