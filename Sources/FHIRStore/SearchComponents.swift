import FHIRCore
import FHIRSearch

/// What the store needs for search: the engine that compiles queries, the indexer that extracts index
/// rows on writes, and the subsetter for `_summary`/`_elements` — built from one set of definitions.
public struct SearchComponents: Sendable {
    public var engine: any SearchEngine
    public var indexer: any SearchIndexer
    public var subsetter: ResourceSubsetter
    /// Most resources `_include`/`_revinclude` add to one page.
    public var maxIncludes: Int

    public init(engine: any SearchEngine, indexer: any SearchIndexer, subsetter: ResourceSubsetter, maxIncludes: Int = 1_000) {
        self.engine = engine
        self.indexer = indexer
        self.subsetter = subsetter
        self.maxIncludes = maxIncludes
    }

    /// The official R4 SearchParameters over the PostgreSQL index tables.
    /// - Parameters:
    ///   - registry: The definitions (`SearchParameterRegistry.r4()`), shared with the CapabilityStatement.
    ///   - indexing: False writes no search index rows (bulk loads followed by `evident reindex`).
    ///   - now: Clock for `ap` date comparisons.
    public static func r4(registry: SearchParameterRegistry, indexing: Bool = true, now: @escaping @Sendable () -> Double) throws -> SearchComponents {
        SearchComponents(engine: PostgresSearchEngine(registry: registry, now: now),
                                indexer: SearchParameterIndexer(registry: registry, indexing: indexing),
                                subsetter: try ResourceSubsetter.r4())
    }
}
