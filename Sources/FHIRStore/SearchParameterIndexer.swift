import FHIRCore
import FHIRSearch

/// Indexes every search parameter of the resource's type (official R4 definitions) and derives the
/// Patient compartment used as partition key.
public struct SearchParameterIndexer: SearchIndexer {
    let registry: SearchParameterRegistry
    let extractor: IndexValueExtractor
    /// False: write no search index rows (bulk loads followed by `evident reindex`); the compartment is
    /// still derived.
    let indexing: Bool

    public init(registry: SearchParameterRegistry, indexing: Bool = true) {
        self.registry = registry
        self.extractor = IndexValueExtractor(registry: registry)
        self.indexing = indexing
    }

    public func index(_ resource: Resource, id: String) -> ResourceIndex {
        let type = resource.type.name
        var index = ResourceIndex()
        if indexing { index.entries = extractor.extract(resource.value).entries }
        if type == "Patient" {
            index.compartment = id
            return index
        }
        // The first compartment parameter (definition order: subject before performer) naming a Patient.
        for param in registry.patientCompartment[type] ?? [] {
            let values: [IndexValue]
            if indexing {
                values = index.entries.lazy.filter { $0.param == param }.map(\.value)
            } else {
                values = extractor.extract(resource.value, parameters: [param]).entries.map(\.value)
            }
            for case .reference("Patient", let target?, _) in values {
                index.compartment = target
                return index
            }
        }
        return index
    }
}
