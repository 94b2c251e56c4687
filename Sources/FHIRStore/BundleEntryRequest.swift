import FHIRCore
import Foundation

/// One parsed `Bundle.entry.request` with its resource, ready to execute.
struct BundleEntryRequest: Sendable {
    enum Target: Sendable, Equatable {
        /// `Type` (create, search) or `Type?criteria`.
        case type(String)
        /// `Type/id`.
        case instance(String, String)
        /// `Type/id/_history/vid`.
        case version(String, String, Int)
    }

    var index: Int
    var method: String
    var url: String
    var target: Target
    /// Query string after `?`, if any.
    var query: String?
    var fullUrl: String?
    var resource: Resource?
    var patch: JSONPatch?
    var ifMatch: Int?
    var ifNoneExist: String?

    var type: String {
        switch target {
        case .type(let t), .instance(let t, _), .version(let t, _, _): return t
        }
    }

    /// Spec processing order: DELETE, POST, PUT/PATCH, GET/HEAD.
    var phase: Int {
        switch method {
        case "DELETE": return 0
        case "POST": return 1
        case "PUT", "PATCH": return 2
        default: return 3
        }
    }

    /// Parses entry `n`; every problem is a 400 naming the entry.
    init(entry: JSON, index n: Int, baseURL: String) throws(FHIRError) {
        index = n
        func bad(_ message: String) -> FHIRError { .invalid("Bundle.entry[\(n)]: \(message)", expression: ["Bundle.entry[\(n)]"]) }
        guard case .object(let e) = entry else { throw bad("is not an object") }
        guard let request = e["request"]?.objectValue else { throw bad("has no request") }
        guard let m = request["method"]?.stringValue, ["GET", "HEAD", "POST", "PUT", "DELETE", "PATCH"].contains(m) else {
            throw bad("request.method must be one of GET, HEAD, POST, PUT, DELETE, PATCH")
        }
        method = m
        guard var u = request["url"]?.stringValue, !u.isEmpty else { throw bad("has no request.url") }
        url = u
        if u.hasPrefix(baseURL) { u = String(u.dropFirst(baseURL.count)) }
        while u.hasPrefix("/") { u.removeFirst() }
        var path = u
        if let q = u.firstIndex(of: "?") {
            path = String(u[..<q])
            query = String(u[u.index(after: q)...])
        }
        let parts = path.split(separator: "/").map(String.init)
        guard let typeName = parts.first, ResourceType(typeName) != nil else {
            throw bad("request.url '\(url)' does not start with a known resource type")
        }
        switch parts.count {
        case 1: target = .type(typeName)
        case 2:
            guard FHIRID.isValid(parts[1]) else { throw bad("invalid id '\(parts[1])' in request.url") }
            target = .instance(typeName, parts[1])
        case 4 where parts[2] == "_history":
            guard FHIRID.isValid(parts[1]), let v = Int(parts[3]) else { throw bad("invalid version reference '\(url)'") }
            target = .version(typeName, parts[1], v)
        default: throw bad("unsupported request.url '\(url)'")
        }
        fullUrl = e["fullUrl"]?.stringValue
        if let im = request["ifMatch"]?.stringValue {
            guard let v = ETag.version(im) else { throw bad("ifMatch '\(im)' is not an ETag like W/\"1\"") }
            ifMatch = v
        }
        ifNoneExist = request["ifNoneExist"]?.stringValue

        switch (m, target) {
        case ("POST", .type): break
        case ("PUT", .instance), ("PUT", .type) where query != nil: break
        case ("DELETE", .instance), ("DELETE", .type) where query != nil: break
        case ("PATCH", .instance), ("PATCH", .type) where query != nil: break
        case ("GET", _), ("HEAD", _): break
        default: throw bad("\(m) \(url) is not a valid interaction")
        }
        if m == "POST" || m == "PUT" {
            guard let body = e["resource"] else { throw bad("\(m) needs a resource") }
            let r: Resource
            do { r = try Resource(json: body) } catch { throw bad(error.diagnostics) }
            guard r.type.name == typeName else {
                throw bad("resource type \(r.type.name) does not match request.url '\(url)'")
            }
            if case .instance(_, let id) = target {
                guard r.id == id else { throw bad("resource id '\(r.id ?? "")' does not match request.url '\(url)'") }
            }
            resource = r
        }
        if m == "PATCH" {
            guard let body = e["resource"], body["resourceType"]?.stringValue == "Binary",
                let data = body["data"]?.stringValue, let decoded = Data(base64Encoded: data)
            else { throw bad("PATCH needs a Binary resource holding a base64 JSON Patch document") }
            do {
                patch = try JSONPatch(json: try JSON(parsing: Array(decoded)))
            } catch let error as FHIRError {
                throw bad(error.diagnostics)
            } catch {
                throw bad("the Binary does not hold valid JSON")
            }
        }
    }
}
