import FHIRCore
import FHIRSearch

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

/// A search: which resources (types, compartment), the filters, and the result parameters.
public struct SearchRequest: Sendable {
    /// Resource types searched: one for a type-level search; `_type` (or every type) at system level.
    public var types: [String]
    /// The path of the search relative to the base (`Observation`, `` for system, `Patient/1/Observation`).
    public var path: String
    /// `Patient/1/Observation`: only resources in this Patient's compartment.
    public var compartment: (type: String, id: String)?
    public var parameters: [SearchParameter]
    /// Page size (`_count`).
    public var count: Int
    /// Number of matches to skip (`_offset`; paging links use `_cursor` instead).
    public var offset: Int
    /// Where this page starts (from a `next`/`previous` link).
    public var cursor: SearchCursor?
    /// `_sort` keys in order.
    public var sort: [(name: String, descending: Bool)]
    /// `_include` / `_revinclude` (with `:iterate`).
    public var includes: [Include]
    public var total: Total
    public var summary: ResourceSubsetter.Summary?
    public var elements: [String]?
    /// Reject unknown parameters (conditional interactions; `Prefer: handling=strict`) instead of ignoring them.
    public var strict: Bool

    /// `_total`: `auto` (the default) reports a total when it is known without counting, or on the first page.
    public enum Total: String, Sendable {
        case none, estimate, accurate, auto
    }

    /// One `_include` or `_revinclude` value: `Source:param[:Target]`, `Source:*`, or `*`.
    public struct Include: Sendable, Hashable {
        public var reverse: Bool
        public var iterate: Bool
        /// Nil for `*` (any source type).
        public var source: String?
        /// Nil for `*` (every reference parameter).
        public var param: String?
        public var target: String?

        /// The value as written, for links.
        public var text: String {
            guard let source else { return "*" }
            return [source, param ?? "*", target].compactMap { $0 }.joined(separator: ":")
        }
    }

    /// The resource type of a type-level search (the first type searched).
    public var type: String { types.first ?? "" }

    public init(type: String, parameters: [SearchParameter], count: Int = 50, offset: Int = 0, strict: Bool = true) {
        self.types = [type]
        self.path = type
        self.compartment = nil
        self.parameters = parameters
        self.count = count
        self.offset = offset
        self.cursor = nil
        self.sort = []
        self.includes = []
        self.total = .auto
        self.summary = nil
        self.elements = nil
        self.strict = strict
    }
}

/// Search results: one page of matches, included resources, the total, ignored parameters and the
/// positions of the neighbouring pages.
public struct SearchResult: Sendable {
    public var resources: [StoredResource]
    /// `_include` / `_revinclude` results (`search.mode = include`).
    public var included: [StoredResource] = []
    public var total: Int?
    public var ignored: [SearchParameter]
    public var next: SearchCursor? = nil
    public var previous: SearchCursor? = nil
    /// Problems worth telling the client that did not stop the search (e.g. includes cut at the limit).
    public var warnings: [String] = []

    public init(resources: [StoredResource], total: Int?, ignored: [SearchParameter]) {
        self.resources = resources
        self.total = total
        self.ignored = ignored
    }
}
