import FHIRCore

/// Compiles search parameters into SQL predicates over the current-resource table aliased `r`.
///
/// The store depends only on this protocol; the full search engine (all R4 SearchParameters) replaces
/// ``BasicSearchEngine`` without touching the store.
public protocol SearchEngine: Sendable {
    /// Appends ` AND …` predicates for `parameters` to `query`. Parameters the engine does not know are
    /// returned (and ignored) when `strict` is false; with `strict` they are a 400 error.
    func compile(type: String, parameters: [SearchParameter], strict: Bool, into query: inout SQLBuilder) throws(FHIRError) -> [SearchParameter]
}

/// Extracts what a write must index alongside the resource: references, search tokens, compartment.
public protocol SearchIndexer: Sendable {
    func index(_ resource: Resource, id: String) -> ResourceIndex
}

/// Index rows for one resource version.
public struct ResourceIndex: Sendable {
    public struct Ref: Sendable, Hashable {
        public var path: String
        public var targetType: String
        public var targetId: String
    }
    public struct Token: Sendable, Hashable {
        public var param: String
        public var system: String
        public var code: String
    }
    public var references: [Ref] = []
    public var tokens: [Token] = []
    /// Patient compartment id used as the partition key ('' when none).
    public var compartment: String = ""

    public init(references: [Ref] = [], tokens: [Token] = [], compartment: String = "") {
        self.references = references
        self.tokens = tokens
        self.compartment = compartment
    }
}
