import FHIRCore
import FHIRSearch

extension SearchRequest {
    /// Largest page a client may ask for with `_count` unless configured otherwise.
    public static let maxCount = 1_000

    /// A type-level search from query parameters.
    public init(type: String, query: [SearchParameter], strict: Bool, defaultCount: Int = 50, maxCount: Int = Self.maxCount) throws(FHIRError) {
        try self.init(types: [type], path: type, query: query, strict: strict, defaultCount: defaultCount, maxCount: maxCount)
    }

    /// Builds a request from query parameters, taking out the result parameters (`_count`, `_offset`,
    /// `_cursor`, `_sort`, `_include`, `_revinclude`, `_total`, `_summary`, `_elements`) and ignoring
    /// `_format`/`_pretty`, which the HTTP layer handles. Everything else is a filter.
    public init(types: [String], path: String, compartment: (type: String, id: String)? = nil, query: [SearchParameter], strict: Bool,
                defaultCount: Int = 50, maxCount: Int = Self.maxCount) throws(FHIRError) {
        self.init(type: types.first ?? "", parameters: [], count: min(defaultCount, maxCount), strict: strict)
        self.types = types
        self.path = path
        self.compartment = compartment
        for p in query {
            switch p.name {
            case "_count":
                guard let n = Int(p.value), n >= 0 else { throw .invalid("_count must be a non-negative integer, got '\(p.value)'") }
                count = min(n, maxCount)
            case "_offset":
                guard let n = Int(p.value), n >= 0 else { throw .invalid("_offset must be a non-negative integer, got '\(p.value)'") }
                offset = n
            case "_cursor":
                cursor = try SearchCursor(token: p.value)
            case "_sort":
                for key in p.value.split(separator: ",", omittingEmptySubsequences: false) {
                    let descending = key.hasPrefix("-")
                    let name = String(descending ? key.dropFirst() : key)
                    guard !name.isEmpty else { throw .invalid("_sort '\(p.value)' has an empty key") }
                    sort.append((name, descending))
                }
            case "_include", "_revinclude":
                guard p.modifier == nil || p.modifier == "iterate" || p.modifier == "recurse" else {
                    throw .invalid("Modifier ':\(p.modifier!)' is not supported on \(p.name) (use :iterate)")
                }
                for value in p.value.split(separator: ",") {
                    includes.append(try Self.include(String(value), reverse: p.name == "_revinclude", iterate: p.modifier != nil))
                }
            case "_total":
                guard let t = Total(rawValue: p.value), t != .auto else { throw .invalid("_total must be none, estimate or accurate, got '\(p.value)'") }
                total = t
            case "_summary":
                guard let s = ResourceSubsetter.Summary(rawValue: p.value) else {
                    throw .invalid("_summary must be true, text, data, count or false, got '\(p.value)'")
                }
                if s == .count {
                    count = 0
                    total = .accurate
                }
                summary = s
            case "_elements":
                elements = (elements ?? []) + p.value.split(separator: ",").map { String($0.split(separator: ".").last ?? $0) }
            case "_format", "_pretty":
                continue
            default:
                parameters.append(p)
            }
        }
        if cursor != nil && offset > 0 { throw .invalid("_offset cannot be combined with _cursor") }
    }

    static func include(_ value: String, reverse: Bool, iterate: Bool) throws(FHIRError) -> Include {
        if value == "*" { return Include(reverse: reverse, iterate: iterate, source: nil, param: nil, target: nil) }
        let parts = value.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard (2...3).contains(parts.count), ResourceType(parts[0]) != nil, !parts[1].isEmpty else {
            throw .invalid("\(reverse ? "_revinclude" : "_include") '\(value)' must be Type:parameter[:TargetType], Type:* or *")
        }
        if parts.count == 3, ResourceType(parts[2]) == nil { throw .invalid("'\(parts[2])' in '\(value)' is not a resource type") }
        return Include(reverse: reverse, iterate: iterate, source: parts[0], param: parts[1] == "*" ? nil : parts[1],
                       target: parts.count == 3 ? parts[2] : nil)
    }

    /// The query string that reproduces this request at `cursor` (for `self`/`next`/`previous` links),
    /// without the parameters that were ignored.
    public func queryString(cursor: SearchCursor?, ignored: [SearchParameter] = []) -> String {
        func pair(_ key: String, _ value: String) -> String { QueryEncoding.encode(key) + "=" + QueryEncoding.encode(value) }
        var parts = parameters.filter { !ignored.contains($0) }.map { pair($0.key, $0.value) }
        if !sort.isEmpty { parts.append(pair("_sort", sort.map { ($0.descending ? "-" : "") + $0.name }.joined(separator: ","))) }
        for i in includes {
            parts.append(pair((i.reverse ? "_revinclude" : "_include") + (i.iterate ? ":iterate" : ""), i.text))
        }
        if total != .auto { parts.append(pair("_total", total.rawValue)) }
        if let summary, summary != .count { parts.append(pair("_summary", summary.rawValue)) }
        if let elements { parts.append(pair("_elements", elements.joined(separator: ","))) }
        parts.append(summary == .count ? "_summary=count" : "_count=\(count)")
        if offset > 0 { parts.append("_offset=\(offset)") }
        if let cursor { parts.append("_cursor=" + cursor.token) }
        return parts.joined(separator: "&")
    }
}

extension SearchResult {
    /// The `searchset` Bundle for this page, with `self`/`next`/`previous` links; matches and included
    /// resources are spliced in verbatim (or subsetted by `_summary`/`_elements`).
    public func searchsetBundle(baseURL: String, request: SearchRequest) -> [UInt8] {
        let url = baseURL + request.path
        func link(_ cursor: SearchCursor?) -> String { url + "?" + request.queryString(cursor: cursor, ignored: ignored) }
        var links: [(relation: String, url: String)] = [("self", link(request.cursor))]
        if let next { links.append(("next", link(next))) }
        if let previous { links.append(("previous", link(previous))) }
        var entries = resources.map { r in
            BundleWriter.Entry(fullUrl: baseURL + r.reference, resource: r.bodyBytes, search: ["mode": "match"])
        }
        entries += included.map { r in
            BundleWriter.Entry(fullUrl: baseURL + r.reference, resource: r.bodyBytes, search: ["mode": "include"])
        }
        var messages = warnings
        if !ignored.isEmpty {
            messages.append("Search parameters not supported and ignored: " + ignored.map(\.key).joined(separator: ", "))
        }
        if !messages.isEmpty {
            let outcome = OperationOutcome.make(messages.map { OperationOutcome.Issue(severity: "warning", code: "not-supported", diagnostics: $0) })
            entries.append(BundleWriter.Entry(resource: outcome.serialized(), search: ["mode": "outcome"]))
        }
        return BundleWriter(type: "searchset", id: FHIRID.generate(), total: total, links: links, entries: entries).serialized()
    }
}
