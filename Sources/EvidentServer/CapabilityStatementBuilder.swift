import FHIRCore
import FHIRSearch
import Operations

/// Builds the server's CapabilityStatement from what is actually implemented.
public struct CapabilityStatementBuilder: Sendable {
    /// Software version reported in `software.version`.
    public var version: String
    /// Base URL reported in `implementation.url`, if known.
    public var baseURL: String?
    /// The search parameters the server indexes (each type lists all of its own).
    public var searchParameters: SearchParameterRegistry
    /// The operations implemented: system-level ones go in `rest.operation`, the others on each resource they apply to.
    public var operations: [OperationDefinition]

    public init(version: String, baseURL: String? = nil, searchParameters: SearchParameterRegistry, operations: [OperationDefinition] = []) {
        self.version = version
        self.baseURL = baseURL
        self.searchParameters = searchParameters
        self.operations = operations
    }

    /// `{name, definition}` entries for the operations invocable on `type` (nil: at system level).
    func operationEntries(_ type: String?) -> [JSON] {
        operations.filter { d in type.map { (d.type || d.instance) && d.applies(to: $0) } ?? d.system }
            .map { ["name": .string($0.code), "definition": .string($0.url)] }
    }

    /// Result parameters and the modifiers in use, for `rest.documentation`.
    static let searchDocumentation = """
        FHIR R4 RESTful API over PostgreSQL. JSON only (XML requests get 406). Search: every official R4 SearchParameter \
        listed per resource, with prefixes eq ne gt lt ge le sa eb ap; string :exact :contains; token :not :text :missing \
        :of-type :in :not-in (ValueSets stored on this server); reference :Type :identifier and chains \
        (subject:Patient.name=…) to any depth; uri :above :below; composite $ pairs; _has (nested); _sort (several keys, \
        - for descending); _count; _total=none|estimate|accurate (estimate is counted exactly); _summary=true|text|data|count|false; \
        _elements; _include and _revinclude with :iterate and *; paging by keyset cursors in next/previous links. \
        Not supported: _contained, _containedType, _text, _content, _query, _filter, _list and Location near. \
        Unknown or unsupported parameters are ignored and reported in an OperationOutcome entry (search.mode = outcome) \
        unless the request has Prefer: handling=strict, which makes them a 400.
        """

    public func build(date: String) -> JSON {
        let interactions: [JSON] = ["read", "vread", "update", "patch", "delete", "history-instance", "history-type", "create", "search-type"]
            .map { ["code": .string($0)] }
        let unsupported = searchParameters.unsupported
        let resources: [JSON] = ResourceType.all.map { t in
            let defs = searchParameters.byType[t.name] ?? []
            var params: [JSON] = [
                ["name": "_id", "definition": "http://hl7.org/fhir/SearchParameter/Resource-id", "type": "token"],
                ["name": "_lastUpdated", "definition": "http://hl7.org/fhir/SearchParameter/Resource-lastUpdated", "type": "date"],
            ]
            for d in defs where d.code != "_id" && d.code != "_lastUpdated" {
                params.append(["name": .string(d.code), "definition": .string(d.url), "type": .string(d.kind.rawValue)])
            }
            let references = defs.filter { $0.kind == .reference }.map { JSON.string("\(t.name):\($0.code)") }
            let notSupported = unsupported.filter { u in u.base.contains(t.name) || u.base.contains("Resource") || u.base.contains("DomainResource") }
                .map { "\($0.code) (\($0.reason))" }
            var resource: JSONObject = [
                "type": .string(t.name),
                "interaction": .array(interactions),
                "versioning": "versioned-update",
                "readHistory": true,
                "updateCreate": true,
                "conditionalCreate": true,
                "conditionalRead": "not-supported",
                "conditionalUpdate": true,
                "conditionalDelete": "single",
                "searchInclude": .array(["*"] + references),
                "searchRevInclude": .array(["*"] + revincludes(of: t.name)),
                "searchParam": .array(params),
            ]
            let ops = operationEntries(t.name)
            if !ops.isEmpty { resource["operation"] = .array(ops) }
            if !notSupported.isEmpty {
                resource["documentation"] = .string("Search parameters not supported: " + notSupported.joined(separator: "; "))
            }
            return .object(resource)
        }
        var implementation: JSONObject = ["description": "Evident FHIR R4 server"]
        if let baseURL { implementation["url"] = .string(baseURL) }
        return [
            "resourceType": "CapabilityStatement",
            "id": "evident",
            "url": "urn:evident:capabilitystatement",
            "name": "EvidentCapabilityStatement",
            "title": "Evident FHIR R4 server",
            "status": "active",
            "date": .string(date),
            "publisher": "Evident",
            "kind": "instance",
            "software": ["name": "Evident", "version": .string(version)],
            "implementation": .object(implementation),
            "fhirVersion": "4.0.1",
            "format": ["json", "application/fhir+json", "application/json"],
            "patchFormat": ["application/json-patch+json"],
            "rest": [
                [
                    "mode": "server",
                    "documentation": .string(Self.searchDocumentation),
                    "resource": .array(resources),
                    "interaction": [["code": "transaction"], ["code": "batch"], ["code": "history-system"], ["code": "search-system"]],
                    "operation": .array(operationEntries(nil)),
                    "searchParam": .array(["_id", "_lastUpdated", "_tag", "_profile", "_security", "_source", "_type"].map { name in
                        let type = name == "_lastUpdated" ? "date" : name == "_profile" || name == "_source" ? "uri" : name == "_type" ? "special" : "token"
                        return ["name": .string(name), "type": .string(type)]
                    }),
                ]
            ],
        ]
    }

    /// `Source:param` for every reference parameter (of any type) that may point at `type`.
    func revincludes(of type: String) -> [JSON] {
        var out: [JSON] = []
        for source in ResourceType.all {
            for d in searchParameters.byType[source.name] ?? [] where d.kind == .reference && (d.target.isEmpty || d.target.contains(type)) {
                out.append(.string("\(source.name):\(d.code)"))
            }
        }
        return out
    }
}
