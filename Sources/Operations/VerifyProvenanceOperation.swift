import Evidence
import FHIRCore
import FHIRStore

/// `$verify-provenance` (instance level): re-checks every Provenance whose target is this resource: its
/// signature, the hash of the generated element in the resource's current version, and the hash of each
/// quoted source span in the recorded and in the current source version. Reports per statement
/// `intact`, `target-changed`, `source-changed` or `signature-invalid`.
public struct VerifyProvenanceOperation: FHIROperation {
    public let definitionID = "Resource-verify-provenance"

    public init() {}

    public func invoke(_ invocation: OperationInvocation, context: OperationContext) async throws -> OperationOutput {
        let (type, id) = try invocation.instance()
        let current = try await context.readIfPresent(type, id)
        let provenances = try await context.provenance(targeting: type, id, element: invocation.input.string("element"))
        if current == nil && provenances.isEmpty { _ = try await context.read(type, id) }
        let records = provenances.compactMap(ProvenanceRecord.init)
        let sources = try await context.sources(records.flatMap { $0.entities.map(\.item.source) })
        var currentSources: [String: JSON] = [:]
        for s in Set(records.flatMap { $0.entities.map { $0.item.source.unversioned } }) {
            let parts = s.split(separator: "/")
            if let c = try await context.readIfPresent(String(parts[0]), String(parts[1])) { currentSources[s] = c }
        }
        let auditor = ProvenanceAuditor(keys: context.evidence.trustedKeys)
        let findings = provenances.map { auditor.audit($0, currentTarget: current, sources: sources, currentSources: currentSources) }
            .sorted { ($0.element ?? "", $0.provenanceID ?? "") < ($1.element ?? "", $1.provenanceID ?? "") }
        var entries: [JSON] = [["name": "intact", "valueBoolean": .bool(findings.allSatisfy { $0.status == .intact })]]
        for f in findings {
            var parts: [JSON] = [["name": "provenance", "valueReference": ["reference": .string("Provenance/" + (f.provenanceID ?? "?"))]]]
            if let e = f.element { parts.append(["name": "element", "valueString": .string(e)]) }
            parts.append(["name": "status", "valueCode": .string(f.status.rawValue)])
            parts += f.details.map { ["name": "detail", "valueString": .string($0)] }
            entries.append(["name": "statement", "part": .array(parts)])
        }
        return .parameters(entries)
    }
}
