import FHIRCore

/// One `name[:modifier]=value` pair of a search or conditional-interaction query string.
public struct SearchParameter: Sendable, Hashable {
    public var name: String
    public var modifier: String?
    /// The raw (percent-decoded) value; commas separate OR alternatives.
    public var value: String

    public init(name: String, modifier: String? = nil, value: String) {
        self.name = name
        self.modifier = modifier
        self.value = value
    }

    /// Parses a `key=value&…` query string (as in `If-None-Exist` or `Patient?identifier=…`), percent-decoding.
    public static func parse(query: String) -> [SearchParameter] {
        query.split(separator: "&").compactMap { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let rawKey = parts.first, !rawKey.isEmpty else { return nil }
            let key = QueryEncoding.decode(String(rawKey))
            let value = parts.count > 1 ? QueryEncoding.decode(String(parts[1])) : ""
            return make(key: key, value: value)
        }
    }

    /// Splits `name:modifier` into its parts.
    public static func make(key: String, value: String) -> SearchParameter {
        if let colon = key.firstIndex(of: ":") {
            return SearchParameter(name: String(key[..<colon]), modifier: String(key[key.index(after: colon)...]), value: value)
        }
        return SearchParameter(name: key, value: value)
    }
}

/// A query over one resource type: filters plus paging.
public struct SearchRequest: Sendable {
    public var type: String
    public var parameters: [SearchParameter]
    /// Page size (`_count`).
    public var count: Int
    /// Number of matches to skip (`_offset`).
    public var offset: Int
    /// `_summary=count` / `_total`: whether to compute the total number of matches.
    public var includeTotal: Bool
    /// Reject unknown parameters (conditional interactions; `Prefer: handling=strict`) instead of ignoring them.
    public var strict: Bool

    public init(type: String, parameters: [SearchParameter], count: Int = 50, offset: Int = 0, includeTotal: Bool = true, strict: Bool = true) {
        self.type = type
        self.parameters = parameters
        self.count = count
        self.offset = offset
        self.includeTotal = includeTotal
        self.strict = strict
    }
}

/// Search results: one page of current resources, the total and the parameters that were ignored.
public struct SearchResult: Sendable {
    public var resources: [StoredResource]
    public var total: Int?
    public var ignored: [SearchParameter]
}
