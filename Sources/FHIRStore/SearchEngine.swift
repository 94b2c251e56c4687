import FHIRCore
import FHIRSearch

/// Compiles search parameters into SQL predicates over the current-resource table aliased `r`.
///
/// The store depends only on this protocol; ``PostgresSearchEngine`` implements it over the index tables
/// written by ``SearchIndexer``.
public protocol SearchEngine: Sendable {
    /// The conditions for `parameters` on resources of `types` (values bound into `query`). Parameters the
    /// engine does not know are returned (and ignored) when `strict` is false; with `strict` they are a 400.
    func conditions(types: [String], parameters: [SearchParameter], strict: Bool, into query: inout SQLBuilder) throws(FHIRError) -> (conditions: [SQLCondition], ignored: [SearchParameter])

    /// The sort key of `_sort` entry `name` on resources of `types`: a SQL expression over `r` and the
    /// SQL type its values are compared as (for keyset paging).
    func sortKey(types: [String], name: String, descending: Bool, into query: inout SQLBuilder) throws(FHIRError) -> SortKey

    /// The parameters that put a resource of `type` in a Patient's compartment.
    func compartmentParameters(of type: String) -> [String]
}

extension SearchEngine {
    /// Appends ` AND …` for each condition of `parameters` to `query`; returns the ignored parameters.
    public func compile(types: [String], parameters: [SearchParameter], strict: Bool, into query: inout SQLBuilder) throws(FHIRError) -> [SearchParameter] {
        let (conditions, ignored) = try self.conditions(types: types, parameters: parameters, strict: strict, into: &query)
        for c in conditions { query.append(" AND " + c.sql) }
        return ignored
    }
}

/// One compiled search condition over the resource alias `r`.
public struct SQLCondition: Sendable {
    /// The predicate.
    public var sql: String
    /// When the predicate is `r.sid IN (subquery)`, the subquery: its rows come from an index table (only
    /// current, non-deleted resources of the searched type have rows), ordered by `sid` when its index has
    /// equality on every column before `sid` — so a page can be read from it and stop early.
    public var sids: String?

    public init(_ sql: String) {
        self.sql = sql
        self.sids = nil
    }

    /// `alias.sid IN (subquery)`.
    public init(alias: String, sids subquery: String) {
        self.sql = "\(alias).sid IN (\(subquery))"
        self.sids = subquery
    }

    /// The alternatives joined by OR (the single one unchanged).
    public static func any(_ alternatives: [SQLCondition]) -> SQLCondition {
        alternatives.count == 1 ? alternatives[0] : SQLCondition("(" + alternatives.map(\.sql).joined(separator: " OR ") + ")")
    }
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
