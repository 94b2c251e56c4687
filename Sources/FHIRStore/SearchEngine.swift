import FHIRCore
import FHIRSearch

/// Compiles search parameters into SQL predicates over the current-resource table aliased `r`.
///
/// The store depends only on this protocol; ``PostgresSearchEngine`` implements it over the index tables
/// written by ``SearchIndexer``.
public protocol SearchEngine: Sendable {
    /// Appends ` AND …` predicates for `parameters` on resources of `types` to `query`. Parameters the
    /// engine does not know are returned (and ignored) when `strict` is false; with `strict` they are a 400.
    func compile(types: [String], parameters: [SearchParameter], strict: Bool, into query: inout SQLBuilder) throws(FHIRError) -> [SearchParameter]

    /// The sort key of `_sort` entry `name` on resources of `types`: a SQL expression over `r` and the
    /// SQL type its values are compared as (for keyset paging).
    func sortKey(types: [String], name: String, descending: Bool, into query: inout SQLBuilder) throws(FHIRError) -> SortKey

    /// Reference parameters of `type` (for `_include=Type:*`), and whether `code` is one.
    func referenceParameters(of type: String) -> [String]

    /// The parameters that put a resource of `type` in a Patient's compartment.
    func compartmentParameters(of type: String) -> [String]
}

/// One compiled `_sort` key.
public struct SortKey: Sendable {
    /// SQL expression (never NULL: missing values are mapped to a sentinel that sorts last).
    public var expression: String
    /// SQL type of the values (`float8`, `text`, `numeric`) used to cast cursor values.
    public var sqlType: String
    public var descending: Bool
}

/// Extracts what a write must index alongside the resource: search parameter values and compartment.
public protocol SearchIndexer: Sendable {
    func index(_ resource: Resource, id: String) -> ResourceIndex
}

/// Index rows for one resource version.
public struct ResourceIndex: Sendable {
    /// Values of every search parameter of the resource's type.
    public var entries: [IndexEntry]
    /// Patient compartment id used as the partition key ('' when none).
    public var compartment: String

    public init(entries: [IndexEntry] = [], compartment: String = "") {
        self.entries = entries
        self.compartment = compartment
    }
}
