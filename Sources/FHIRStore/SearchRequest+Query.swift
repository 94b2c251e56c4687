import FHIRCore

extension SearchRequest {
    /// Largest page a client may ask for with `_count`.
    public static let maxCount = 1_000

    /// Builds a request from query parameters, taking out the result parameters (`_count`, `_offset`,
    /// `_total`, `_summary=count`) and ignoring `_format`/`_pretty`, which the HTTP layer handles.
    public init(type: String, query: [SearchParameter], strict: Bool) throws(FHIRError) {
        var filters: [SearchParameter] = []
        var count = 50, offset = 0, total = true
        for p in query {
            switch p.name {
            case "_count":
                guard let n = Int(p.value), n >= 0 else { throw .invalid("_count must be a non-negative integer, got '\(p.value)'") }
                count = min(n, Self.maxCount)
            case "_offset":
                guard let n = Int(p.value), n >= 0 else { throw .invalid("_offset must be a non-negative integer, got '\(p.value)'") }
                offset = n
            case "_total":
                guard ["none", "estimate", "accurate"].contains(p.value) else { throw .invalid("_total must be none, estimate or accurate") }
                total = p.value != "none"
            case "_summary" where p.value == "count":
                count = 0
            case "_format", "_pretty":
                continue
            default:
                filters.append(p)
            }
        }
        self.init(type: type, parameters: filters, count: count, offset: offset, includeTotal: total, strict: strict)
    }

    /// The query string that reproduces this request at another offset (for paging links).
    public func queryString(offset: Int) -> String {
        var parts = parameters.map { p in
            QueryEncoding.encode(p.modifier.map { "\(p.name):\($0)" } ?? p.name) + "=" + QueryEncoding.encode(p.value)
        }
        parts.append("_count=\(count)")
        if offset > 0 { parts.append("_offset=\(offset)") }
        return parts.joined(separator: "&")
    }
}

extension SearchResult {
    /// The `searchset` Bundle for this page, with `self`/`next`/`previous` links and entries spliced in verbatim.
    public func searchsetBundle(baseURL: String, request: SearchRequest) -> [UInt8] {
        let typeURL = baseURL + request.type
        var links: [(relation: String, url: String)] = [("self", typeURL + "?" + request.queryString(offset: request.offset))]
        let hasNext = total.map { request.offset + request.count < $0 } ?? (resources.count == request.count && request.count > 0)
        if hasNext && request.count > 0 {
            links.append(("next", typeURL + "?" + request.queryString(offset: request.offset + request.count)))
        }
        if request.offset > 0 && request.count > 0 {
            links.append(("previous", typeURL + "?" + request.queryString(offset: max(0, request.offset - request.count))))
        }
        var entries = resources.map { r in
            BundleWriter.Entry(fullUrl: baseURL + r.reference, resource: r.bodyBytes, search: ["mode": "match"])
        }
        if !ignored.isEmpty {
            let names = ignored.map { p in p.modifier.map { "\(p.name):\($0)" } ?? p.name }.joined(separator: ", ")
            let outcome = OperationOutcome.single(severity: "warning", code: "not-supported",
                                                  diagnostics: "Search parameters not supported and ignored: \(names)")
            entries.append(BundleWriter.Entry(resource: outcome.serialized(), search: ["mode": "outcome"]))
        }
        return BundleWriter(type: "searchset", id: FHIRID.generate(), total: total, links: links, entries: entries).serialized()
    }
}
