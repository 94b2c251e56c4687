import FHIRCore

/// Small resources used across store tests.
enum Fixtures {
    static func patient(id: String? = nil, family: String = "Doe", identifier: String? = nil) -> Resource {
        var json: JSONObject = ["resourceType": "Patient", "name": [["family": .string(family)]]]
        if let id { json["id"] = .string(id) }
        if let identifier { json["identifier"] = [["system": "urn:test", "value": .string(identifier)]] }
        return try! Resource(json: .object(json))
    }

    static func bundle(_ type: String, _ entries: [JSON]) -> Resource {
        try! Resource(json: ["resourceType": "Bundle", "type": .string(type), "entry": .array(entries)])
    }

    static func entry(_ method: String, _ url: String, fullUrl: String? = nil, resource: JSON? = nil, ifNoneExist: String? = nil, ifMatch: String? = nil) -> JSON {
        var request: JSONObject = ["method": .string(method), "url": .string(url)]
        if let ifNoneExist { request["ifNoneExist"] = .string(ifNoneExist) }
        if let ifMatch { request["ifMatch"] = .string(ifMatch) }
        var e: JSONObject = ["request": .object(request)]
        if let fullUrl { e["fullUrl"] = .string(fullUrl) }
        if let resource { e["resource"] = resource }
        return .object(e)
    }

    static func json(_ stored: [UInt8]) -> JSON { try! JSON(parsing: stored) }
}
