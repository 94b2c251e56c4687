import Evidence
import FHIRCore
import FHIRStore

extension OperationContext {
    /// The current version of `type/id` as JSON (404/410 propagate).
    public func read(_ type: String, _ id: String) async throws -> JSON {
        try JSON(parsing: try await repository.read(type: type, id: id).bodyBytes)
    }

    /// The current version, or nil when it was deleted or never existed.
    public func readIfPresent(_ type: String, _ id: String) async throws -> JSON? {
        do { return try await read(type, id) } catch let e as FHIRError where e.status == 404 || e.status == 410 { return nil }
    }

    /// A specific version, or nil when it does not exist.
    public func read(_ source: SourceReference) async throws -> JSON? {
        do {
            return try JSON(parsing: try await repository.vread(type: source.type, id: source.id, version: source.version).bodyBytes)
        } catch let e as FHIRError where e.status == 404 || e.status == 410 {
            return nil
        }
    }

    /// The versions `references` name, fetched once each (absent versions are left out).
    public func sources(_ references: some Sequence<SourceReference>) async throws -> [SourceReference: JSON] {
        var out: [SourceReference: JSON] = [:]
        for r in Set(references) where out[r] == nil {
            if let json = try await read(r) { out[r] = json }
        }
        return out
    }

    /// Every current resource of `type` matching `query` (a search query string), following next pages.
    public func searchAll(_ type: String, query: String) async throws -> [JSON] {
        var params = SearchParameter.parse(query: query)
        var out: [JSON] = []
        while true {
            let request = try SearchRequest(type: type, query: params + [SearchParameter(name: "_count", value: String(maxCount))], strict: true,
                                            defaultCount: maxCount, maxCount: maxCount)
            let result = try await repository.search(request)
            out += try result.resources.map { try JSON(parsing: $0.bodyBytes) }
            guard let next = result.next else { return out }
            params.removeAll { $0.name == "_cursor" }
            params.append(SearchParameter(name: "_cursor", value: next.token))
        }
    }

    /// The Provenance resources whose target is `type/id` (any version), optionally only those of one element.
    public func provenance(targeting type: String, _ id: String, element: String? = nil) async throws -> [JSON] {
        let all = try await searchAll("Provenance", query: "target=\(QueryEncoding.encode("\(type)/\(id)"))")
        guard let element else { return all }
        return all.filter { ProvenanceRecord($0)?.element == element }
    }
}
