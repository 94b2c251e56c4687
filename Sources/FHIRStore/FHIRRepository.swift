import FHIRCore

/// The persistence interactions of a FHIR server. Errors meant for the client are thrown as ``FHIRError``.
///
/// ``PostgresRepository`` implements it on PostgreSQL; the HTTP layer depends only on this protocol.
public protocol FHIRRepository: Sendable {
    /// The current version of `type/id`; 404 if it never existed, 410 if deleted.
    func read(type: String, id: String) async throws -> StoredResource
    /// A specific version; 404 if missing, 410 if that version is a delete.
    func vread(type: String, id: String, version: Int) async throws -> StoredResource
    /// Creates with a server-assigned id. With `ifNoneExist` (a query string) an existing match is returned instead.
    func create(_ resource: Resource, ifNoneExist: String?) async throws -> WriteResult
    /// Updates (or creates, with the client's id) `type/id`. `ifMatch` is the version the client expects.
    func update(type: String, id: String, resource: Resource, ifMatch: Int?) async throws -> WriteResult
    /// Conditional update: the resource matching `criteria` is updated; none → create; several → 412.
    func conditionalUpdate(type: String, criteria: String, resource: Resource, ifMatch: Int?) async throws -> WriteResult
    /// Applies a JSON Patch to the current version.
    func patch(type: String, id: String, patch: JSONPatch, ifMatch: Int?) async throws -> WriteResult
    /// JSON Patch on the single resource matching `criteria`.
    func conditionalPatch(type: String, criteria: String, patch: JSONPatch, ifMatch: Int?) async throws -> WriteResult
    /// Deletes (writes a tombstone version). Deleting something absent or already deleted is not an error.
    func delete(type: String, id: String, ifMatch: Int?) async throws -> WriteResult
    /// Deletes the single resource matching `criteria` (several → 412).
    func conditionalDelete(type: String, criteria: String) async throws -> WriteResult
    /// Searches current resources of one type.
    func search(_ request: SearchRequest) async throws -> SearchResult
    /// Versions at instance, type or system level, newest first.
    func history(_ request: HistoryRequest) async throws -> HistoryResult
    /// Processes a `batch` or `transaction` Bundle and returns the response Bundle's bytes.
    func process(bundle: Resource, options: BundleOptions) async throws -> [UInt8]
    /// Rebuilds the search indexes of the current resources of `types` (nil: all), batch by batch;
    /// `progress` is called after each batch with the resources done and the total.
    func reindex(types: [String]?, batchSize: Int, progress: @Sendable (Int, Int) -> Void) async throws -> Int
}

/// Parameters of a history interaction.
public struct HistoryRequest: Sendable {
    public var type: String?
    public var id: String?
    /// Only versions changed at or after this instant (`_since`).
    public var since: FHIRDateTime?
    /// Only versions current at some point during this period (`_at`).
    public var at: FHIRDateTime?
    public var count: Int
    /// Keyset cursor: only changes older than this change sequence number (from a `next` link).
    public var before: Int64?

    public init(type: String? = nil, id: String? = nil, since: FHIRDateTime? = nil, at: FHIRDateTime? = nil, count: Int = 50, before: Int64? = nil) {
        self.type = type
        self.id = id
        self.since = since
        self.at = at
        self.count = count
        self.before = before
    }
}

/// One page of history, newest first.
public struct HistoryResult: Sendable {
    public var entries: [StoredResource]
    /// Cursor for the next (older) page, when there may be one.
    public var nextBefore: Int64?
    public var total: Int?
}

/// How to process a Bundle.
public struct BundleOptions: Sendable {
    /// Base URL used for `fullUrl`s in nested search results, e.g. `http://localhost:8080/`.
    public var baseURL: String
    /// Include each entry's resource in the response (`Prefer: return=representation`).
    public var returnRepresentation: Bool
    /// Most entries accepted in one Bundle; more is a 413.
    public var maxEntries: Int

    public init(baseURL: String, returnRepresentation: Bool = false, maxEntries: Int = 50_000) {
        self.baseURL = baseURL
        self.returnRepresentation = returnRepresentation
        self.maxEntries = maxEntries
    }
}
