/// A FHIR resource held as lossless JSON, with its envelope (type, id, meta) validated.
public struct Resource: Sendable, Hashable {
    /// The resource's JSON object, members in document order.
    public private(set) var json: JSONObject
    /// The resource type from `resourceType`.
    public let type: ResourceType

    /// Validates that `json` is an object with a known `resourceType` and, if present, a valid `id`.
    public init(json: JSON) throws(FHIRError) {
        guard case .object(let object) = json else {
            throw .invalid("The request body must be a JSON object holding a FHIR resource")
        }
        guard let rt = object["resourceType"] else {
            throw .invalid("The resource has no 'resourceType' property", expression: ["resourceType"])
        }
        guard case .string(let name) = rt else {
            throw .invalid("'resourceType' must be a string", expression: ["resourceType"])
        }
        guard let type = ResourceType(name) else {
            throw .invalid("Unknown resourceType '\(name)': not a FHIR R4 resource type", expression: ["resourceType"])
        }
        if let id = object["id"] {
            guard case .string(let s) = id, FHIRID.isValid(s) else {
                throw .invalid("Invalid id \(id.jsonString): ids are 1-64 characters of A-Z a-z 0-9 - .", expression: ["\(name).id"])
            }
        }
        self.json = object
        self.type = type
    }

    /// Parses and validates a request body. JSON syntax errors become 400 `structure`, depth/size limits 400/413.
    public init(parsing bytes: [UInt8], parser: JSONParser = JSONParser()) throws(FHIRError) {
        let value: JSON
        do { value = try parser.parse(bytes) } catch { throw FHIRError(jsonError: error) }
        try self.init(json: value)
    }

    /// The logical id, if the resource has one.
    public var id: String? { json["id"]?.stringValue }

    /// `meta.versionId`, if present.
    public var versionId: String? { json["meta"]?["versionId"]?.stringValue }

    /// The resource as a JSON value.
    public var value: JSON { .object(json) }

    /// Serialized compact bytes.
    public func serialized() -> [UInt8] { JSON.object(json).serialized() }

    /// Sets `id`, `meta.versionId` and `meta.lastUpdated` as the server does on every write, placing
    /// `resourceType`, `id`, `meta` first as FHIR's JSON format recommends. Other `meta` members are kept.
    public mutating func stamp(id: String, versionId: Int, lastUpdated: String) {
        var meta = json["meta"]?.objectValue ?? JSONObject()
        meta["versionId"] = .string(String(versionId))
        meta["lastUpdated"] = .string(lastUpdated)
        var out = JSONObject()
        out.members.reserveCapacity(json.count + 2)
        out.members.append(.init(key: "resourceType", value: .string(type.name)))
        out.members.append(.init(key: "id", value: .string(id)))
        out.members.append(.init(key: "meta", value: .object(meta)))
        for m in json.members where m.key != "resourceType" && m.key != "id" && m.key != "meta" {
            out.members.append(m)
        }
        json = out
    }

    /// Replaces the whole JSON body (used by JSON Patch); the result is re-validated.
    public mutating func replace(with value: JSON) throws(FHIRError) {
        let r = try Resource(json: value)
        guard r.type == type else {
            throw .invalid("A patch may not change resourceType from \(type.name) to \(r.type.name)")
        }
        self = r
    }
}

extension FHIRError {
    /// Maps a JSON parse failure onto the FHIR error a client should see.
    public init(jsonError error: JSONError) {
        if error.code == .sizeLimit {
            self = .tooLarge("Request body too large: \(error.message)")
        } else if error.code == .depthLimit {
            self = .invalid("JSON nesting too deep: \(error.message)")
        } else {
            self = .structure("Body is not valid JSON: \(error.message)")
        }
    }
}
