import Evidence
import FHIRCore
import FHIRStore
import FHIRValidation
import Logging

/// The long-lived parts the HTTP layer needs to run operations: the registry, the evidence services
/// (engine Device, signing key, clock) and the validator.
public struct OperationServices: Sendable {
    public var registry: OperationRegistry
    public var evidence: EvidenceServices
    public var validator: StructureValidator
    /// Terminology resources the operations cite (a ConceptMap), stored by ``seed(into:)``.
    public var terminologyResources: [JSON]

    public init(registry: OperationRegistry, evidence: EvidenceServices, validator: StructureValidator, terminologyResources: [JSON] = []) {
        self.registry = registry
        self.evidence = evidence
        self.validator = validator
        self.terminologyResources = terminologyResources
    }

    /// The context of one request.
    public func context(repository: any FHIRRepository, baseURL: String, defaultCount: Int, maxCount: Int, logger: Logger) -> OperationContext {
        OperationContext(repository: repository, validator: validator, evidence: evidence, baseURL: baseURL,
                         defaultCount: defaultCount, maxCount: maxCount, logger: logger)
    }

    /// The resources the server serves about itself: every OperationDefinition, Evident's
    /// StructureDefinitions, the engine Device and the terminology resources its operations cite.
    public var conformanceResources: [JSON] { registry.catalog.resources + [evidence.device.resource] + terminologyResources }

    /// Writes ``conformanceResources`` into the store where they are missing or differ (so they are
    /// readable at `GET /OperationDefinition/{id}` and searchable); unchanged ones are left alone.
    /// - Returns: how many were written.
    @discardableResult
    public func seed(into repository: any FHIRRepository) async throws -> Int {
        var written = 0
        for json in conformanceResources {
            let resource = try Resource(json: json)
            let type = resource.type.name, id = resource.id!
            if let stored = try? await repository.read(type: type, id: id), var current = try? JSON(parsing: stored.bodyBytes) {
                current["meta"] = json["meta"]
                if CanonicalJSON.string(current) == CanonicalJSON.string(json) { continue }
            }
            _ = try await repository.update(type: type, id: id, resource: resource, ifMatch: nil)
            written += 1
        }
        return written
    }
}
