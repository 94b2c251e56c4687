import FHIRCore

/// Builds the server's CapabilityStatement from what is actually implemented.
public struct CapabilityStatementBuilder: Sendable {
    /// Software version reported in `software.version`.
    public var version: String
    /// Base URL reported in `implementation.url`, if known.
    public var baseURL: String?

    public init(version: String, baseURL: String? = nil) {
        self.version = version
        self.baseURL = baseURL
    }

    /// Search parameters every type supports in this release (the full R4 set arrives with the search engine).
    static let searchParams: [(String, String, String)] = [
        ("_id", "token", "Logical id of the resource"),
        ("_lastUpdated", "date", "When the resource version last changed"),
        ("identifier", "token", "Business identifier (system|value)"),
    ]

    public func build(date: String) -> JSON {
        let interactions: [JSON] = ["read", "vread", "update", "patch", "delete", "history-instance", "history-type", "create", "search-type"]
            .map { ["code": .string($0)] }
        let params: [JSON] = Self.searchParams.map {
            ["name": .string($0.0), "type": .string($0.1), "documentation": .string($0.2)]
        }
        let resources: [JSON] = ResourceType.all.map { t in
            [
                "type": .string(t.name),
                "interaction": .array(interactions),
                "versioning": "versioned-update",
                "readHistory": true,
                "updateCreate": true,
                "conditionalCreate": true,
                "conditionalRead": "not-supported",
                "conditionalUpdate": true,
                "conditionalDelete": "single",
                "searchParam": .array(params),
            ]
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
                    "documentation": "FHIR R4 RESTful API over PostgreSQL. JSON only (XML requests get 406). Search supports _id, identifier and _lastUpdated in this release; unknown parameters are ignored (reported in an OperationOutcome entry) unless Prefer: handling=strict.",
                    "resource": .array(resources),
                    "interaction": [["code": "transaction"], ["code": "batch"], ["code": "history-system"]],
                ]
            ],
        ]
    }
}
