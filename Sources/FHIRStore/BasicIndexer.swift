import FHIRCore

/// Indexes references (for referential queries and later `_revinclude`), `identifier` tokens and the
/// Patient compartment used as partition key.
public struct BasicIndexer: SearchIndexer {
    public init() {}

    public func index(_ resource: Resource, id: String) -> ResourceIndex {
        var index = ResourceIndex()
        let value = resource.value
        for occurrence in value.references(root: resource.type.name) {
            if case .local(let t, let i, _) = ReferenceTarget(occurrence.reference) {
                index.references.append(.init(path: occurrence.path, targetType: t, targetId: i))
            }
        }
        let identifiers = value["identifier"].map { $0.arrayValue ?? [$0] } ?? []
        for ident in identifiers {
            if let code = ident["value"]?.stringValue {
                index.tokens.append(.init(param: "identifier", system: ident["system"]?.stringValue ?? "", code: code))
            }
        }
        if resource.type.name == "Patient" {
            index.compartment = id
        } else {
            let root = resource.type.name
            for path in ["subject", "patient", "beneficiary"] {
                if let ref = index.references.first(where: { $0.path == root + "." + path && $0.targetType == "Patient" }) {
                    index.compartment = ref.targetId
                    break
                }
            }
        }
        return index
    }
}
