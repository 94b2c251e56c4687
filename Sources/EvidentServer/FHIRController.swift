import Foundation
import FHIRCore
import FHIRStore
import Hummingbird
import Logging
import NIOCore
import Operations

/// Maps the FHIR RESTful API onto a ``FHIRRepository``. HTTP details only; no persistence logic.
struct FHIRController<Repository: FHIRRepository>: Sendable {
    let repository: Repository
    let configuration: ServerConfiguration
    let capabilityStatement: [UInt8]
    let operations: OperationServices

    func register(on router: Router<FHIRRequestContext>) {
        router.get("metadata") { _, _ in FHIRResponse.json(.ok, capabilityStatement) }
        router.post("/") { req, ctx in try await bundle(req, ctx) }
        router.get("_history") { req, ctx in try await history(req, ctx, type: nil, id: nil) }
        router.get("/") { req, ctx in try await systemSearch(req, ctx, body: nil) }
        router.post("_search") { req, ctx in try await systemSearch(req, ctx, body: try await collect(req)) }
        // `$operation` segments share the routes of the interactions at the same depth.
        router.get(":type") { req, ctx in
            if let op = operation(ctx, "type") { return try await invoke(req, op, .system, .get) }
            return try await search(req, ctx, body: nil)
        }
        router.post(":type/_search") { req, ctx in try await search(req, ctx, body: try await collect(req)) }
        router.post(":type") { req, ctx in
            if let op = operation(ctx, "type") { return try await invoke(req, op, .system, .post) }
            return try await create(req, ctx)
        }
        router.post(":type/:id") { req, ctx in
            guard let op = operation(ctx, "id") else {
                throw FHIRError.notSupported("POST is not defined on an instance; use PUT to update or POST [type] to create", status: 405)
            }
            return try await invoke(req, op, .type(try type(ctx)), .post)
        }
        router.post(":type/:id/:compartmentType") { req, ctx in
            guard let op = operation(ctx, "compartmentType") else { throw FHIRError.notFound("Unknown path: \(req.uri.path)") }
            return try await invoke(req, op, .instance(type: try type(ctx), id: try id(ctx)), .post)
        }
        router.put(":type") { req, ctx in try await conditionalUpdate(req, ctx) }
        router.patch(":type") { req, ctx in try await conditionalPatch(req, ctx) }
        router.delete(":type") { req, ctx in try await conditionalDelete(req, ctx) }
        router.get(":type/_history") { req, ctx in try await history(req, ctx, type: try type(ctx), id: nil) }
        router.get(":type/:id") { req, ctx in
            if let op = operation(ctx, "id") { return try await invoke(req, op, .type(try type(ctx)), .get) }
            return try await read(req, ctx)
        }
        router.put(":type/:id") { req, ctx in try await update(req, ctx) }
        router.patch(":type/:id") { req, ctx in try await patch(req, ctx) }
        router.delete(":type/:id") { req, ctx in try await delete(req, ctx) }
        router.get(":type/:id/_history") { req, ctx in try await history(req, ctx, type: try type(ctx), id: try id(ctx)) }
        router.get(":type/:id/_history/:vid") { req, ctx in try await vread(req, ctx) }
        router.get(":type/:id/:compartmentType") { req, ctx in
            if let op = operation(ctx, "compartmentType") { return try await invoke(req, op, .instance(type: try type(ctx), id: try id(ctx)), .get) }
            return try await compartmentSearch(req, ctx)
        }
    }

    // MARK: - Request helpers

    func baseURL(_ request: Request) -> String {
        if let b = configuration.publicBaseURL { return b }
        let host = request.head.authority ?? "\(configuration.host):\(configuration.port)"
        return "http://\(host)/"
    }

    func type(_ ctx: FHIRRequestContext) throws(FHIRError) -> String {
        let t = ctx.parameters.get("type") ?? ""
        guard ResourceType(t) != nil else {
            throw .notFound("Unknown resource type '\(t)': not a FHIR R4 resource type")
        }
        return t
    }

    func id(_ ctx: FHIRRequestContext) throws(FHIRError) -> String {
        let i = ctx.parameters.get("id") ?? ""
        guard FHIRID.isValid(i) else {
            throw .invalid("Invalid resource id '\(i)': ids are 1-64 characters of A-Z a-z 0-9 - .")
        }
        return i
    }

    func collect(_ request: Request) async throws -> ByteBuffer {
        do {
            return try await request.body.collect(upTo: configuration.maxBodyBytes)
        } catch is NIOTooManyBytesError {
            throw FHIRError.tooLarge("Request body exceeds the limit of \(configuration.maxBodyBytes) bytes (--max-body-bytes)")
        }
    }

    func parseResource(_ request: Request) async throws -> Resource {
        let buffer = try await collect(request)
        guard buffer.readableBytes > 0 else { throw FHIRError.invalid("The request has no body; send a FHIR resource as JSON") }
        try checkJSONContentType(request)
        return try Resource(parsing: Array(buffer.readableBytesView), parser: parser)
    }

    /// The request-body parser, with the configured depth and size limits.
    var parser: JSONParser {
        JSONParser(limits: .init(maxDepth: configuration.maxJSONDepth, maxBytes: configuration.maxBodyBytes))
    }

    func checkJSONContentType(_ request: Request) throws(FHIRError) {
        if let ct = request.headers[.contentType]?.lowercased(), !ct.contains("json") {
            throw .unsupportedMediaType("Content-Type '\(ct)' is not supported; send application/fhir+json")
        }
    }

    func query(_ request: Request) -> [SearchParameter] {
        SearchParameter.parse(query: request.uri.query ?? "")
    }

    /// `If-Match: W/"3"` → 3; a malformed value is a 400.
    func ifMatch(_ request: Request) throws(FHIRError) -> Int? {
        guard let value = request.headers[.ifMatch] else { return nil }
        guard let v = ETag.version(value) else { throw .invalid("If-Match '\(value)' is not a version ETag like W/\"1\"") }
        return v
    }

    func criteria(_ request: Request, interaction: String) throws(FHIRError) -> String {
        guard let q = request.uri.query, !q.isEmpty else {
            throw .invalid("Conditional \(interaction) needs search criteria in the query string, e.g. ?identifier=system|value")
        }
        return q
    }

    func parsePatch(_ request: Request) async throws -> JSONPatch {
        let ct = request.headers[.contentType]?.lowercased() ?? ""
        guard ct.contains("json-patch") else {
            throw FHIRError.unsupportedMediaType("PATCH supports JSON Patch only: send Content-Type application/json-patch+json (got '\(ct)')")
        }
        let buffer = try await collect(request)
        let json: JSON
        do { json = try parser.parse(Array(buffer.readableBytesView)) } catch {
            throw FHIRError(jsonError: error)
        }
        return try JSONPatch(json: json)
    }

    // MARK: - Interactions

    func read(_ req: Request, _ ctx: FHIRRequestContext) async throws -> Response {
        let r = try await repository.read(type: try type(ctx), id: try id(ctx))
        let headers = FHIRResponse.versionHeaders(r, baseURL: baseURL(req), location: false)
        if let inm = req.headers[.ifNoneMatch], inm.split(separator: ",").contains(where: { ETag.version(String($0)) == r.version }) {
            return Response(status: .notModified, headers: headers)
        }
        return FHIRResponse.json(.ok, r.body, headers: headers)
    }

    func vread(_ req: Request, _ ctx: FHIRRequestContext) async throws -> Response {
        let v = ctx.parameters.get("vid") ?? ""
        guard let version = Int(v), version > 0 else { throw FHIRError.notFound("Version '\(v)' does not exist: versions are positive integers") }
        let r = try await repository.vread(type: try type(ctx), id: try id(ctx), version: version)
        return FHIRResponse.json(.ok, r.body, headers: FHIRResponse.versionHeaders(r, baseURL: baseURL(req), location: false))
    }

    func create(_ req: Request, _ ctx: FHIRRequestContext) async throws -> Response {
        let t = try type(ctx)
        let resource = try await parseResource(req)
        guard resource.type.name == t else {
            throw FHIRError.invalid("Resource type \(resource.type.name) does not match the URL's type \(t)", expression: ["resourceType"])
        }
        let result = try await repository.create(resource, ifNoneExist: req.headers[.ifNoneExist])
        let r = result.resource!
        return FHIRResponse.write(result.created ? .created : .ok, r, request: req, baseURL: baseURL(req),
                                  message: result.created ? "Created \(r.versionedReference)" : "Matched existing \(r.reference); nothing created")
    }

    func update(_ req: Request, _ ctx: FHIRRequestContext) async throws -> Response {
        let t = try type(ctx), i = try id(ctx)
        let resource = try await parseResource(req)
        let result = try await repository.update(type: t, id: i, resource: resource, ifMatch: try ifMatch(req))
        let r = result.resource!
        return FHIRResponse.write(result.created ? .created : .ok, r, request: req, baseURL: baseURL(req),
                                  message: "\(result.created ? "Created" : "Updated") \(r.versionedReference)")
    }

    func conditionalUpdate(_ req: Request, _ ctx: FHIRRequestContext) async throws -> Response {
        let t = try type(ctx)
        let c = try criteria(req, interaction: "update")
        let resource = try await parseResource(req)
        let result = try await repository.conditionalUpdate(type: t, criteria: c, resource: resource, ifMatch: try ifMatch(req))
        let r = result.resource!
        return FHIRResponse.write(result.created ? .created : .ok, r, request: req, baseURL: baseURL(req),
                                  message: "\(result.created ? "Created" : "Updated") \(r.versionedReference)")
    }

    func patch(_ req: Request, _ ctx: FHIRRequestContext) async throws -> Response {
        let t = try type(ctx), i = try id(ctx)
        let p = try await parsePatch(req)
        let r = try await repository.patch(type: t, id: i, patch: p, ifMatch: try ifMatch(req)).resource!
        return FHIRResponse.write(.ok, r, request: req, baseURL: baseURL(req), message: "Patched \(r.versionedReference)")
    }

    func conditionalPatch(_ req: Request, _ ctx: FHIRRequestContext) async throws -> Response {
        let t = try type(ctx)
        let c = try criteria(req, interaction: "patch")
        let p = try await parsePatch(req)
        let r = try await repository.conditionalPatch(type: t, criteria: c, patch: p, ifMatch: try ifMatch(req)).resource!
        return FHIRResponse.write(.ok, r, request: req, baseURL: baseURL(req), message: "Patched \(r.versionedReference)")
    }

    func delete(_ req: Request, _ ctx: FHIRRequestContext) async throws -> Response {
        let result = try await repository.delete(type: try type(ctx), id: try id(ctx), ifMatch: try ifMatch(req))
        return deleted(result)
    }

    func conditionalDelete(_ req: Request, _ ctx: FHIRRequestContext) async throws -> Response {
        let t = try type(ctx)
        let result = try await repository.conditionalDelete(type: t, criteria: try criteria(req, interaction: "delete"))
        return deleted(result)
    }

    func deleted(_ result: WriteResult) -> Response {
        var h: HTTPFields = [:]
        if let r = result.resource { h[.eTag] = r.etag }
        return Response(status: .noContent, headers: h)
    }

    func search(_ req: Request, _ ctx: FHIRRequestContext, body: ByteBuffer?) async throws -> Response {
        let t = try type(ctx)
        return try await runSearch(req, types: [t], path: t, compartment: nil, params: try searchParameters(req, body: body))
    }

    /// `GET /?_type=Patient,Observation&…`: every type (or those of `_type`), common parameters only.
    func systemSearch(_ req: Request, _ ctx: FHIRRequestContext, body: ByteBuffer?) async throws -> Response {
        var params = try searchParameters(req, body: body)
        var types = ResourceType.all.map(\.name)
        if let i = params.firstIndex(where: { $0.name == "_type" }) {
            types = try params[i].value.split(separator: ",").map { name throws(FHIRError) -> String in
                guard let t = ResourceType(String(name)) else { throw .invalid("_type: '\(name)' is not a resource type") }
                return t.name
            }
            params.removeAll { $0.name == "_type" }
        }
        return try await runSearch(req, types: types, path: "", compartment: nil, params: params)
    }

    /// `GET /Patient/1/Observation`: a search within a Patient's compartment.
    func compartmentSearch(_ req: Request, _ ctx: FHIRRequestContext) async throws -> Response {
        let owner = try type(ctx), ownerID = try id(ctx)
        guard let target = ctx.parameters.get("compartmentType"), let t = ResourceType(target) else {
            throw FHIRError.notFound("Unknown path: \(req.uri.path)")
        }
        return try await runSearch(req, types: [t.name], path: "\(owner)/\(ownerID)/\(t.name)", compartment: (owner, ownerID),
                                   params: try searchParameters(req, body: nil))
    }

    /// The operation name when the path segment `parameter` is `$name`.
    func operation(_ ctx: FHIRRequestContext, _ parameter: String) -> String? {
        guard let segment = ctx.parameters.get(parameter), segment.hasPrefix("$"), segment.count > 1 else { return nil }
        return String(segment.dropFirst())
    }

    /// Runs `$name` through the operation registry: a `Parameters` (or single resource) body for POST,
    /// the query string for GET.
    func invoke(_ req: Request, _ name: String, _ level: OperationLevel, _ method: OperationRegistry.Method) async throws -> Response {
        var body: JSON?
        if method == .post {
            let buffer = try await collect(req)
            if buffer.readableBytes > 0 {
                try checkJSONContentType(req)
                do { body = try parser.parse(Array(buffer.readableBytesView)) } catch { throw FHIRError(jsonError: error) }
            }
        }
        let context = operations.context(repository: repository, baseURL: baseURL(req), defaultCount: configuration.defaultCount,
                                         maxCount: configuration.maxCount, logger: Logger(label: "evident.operation.\(name)"))
        let output = try await operations.registry.invoke(
            code: name, level: level, method: method, body: body, query: query(req).map { p in (p.modifier.map { "\(p.name):\($0)" } ?? p.name, p.value) },
            rawQuery: req.uri.query ?? "", context: context)
        return FHIRResponse.json(HTTPResponse.Status(code: output.status), output.body)
    }

    /// Query parameters, plus the form body of `POST …/_search`.
    func searchParameters(_ req: Request, body: ByteBuffer?) throws -> [SearchParameter] {
        var params = query(req)
        if let body, body.readableBytes > 0 {
            let ct = req.headers[.contentType] ?? ""
            guard ct.hasPrefix("application/x-www-form-urlencoded") else {
                throw FHIRError.unsupportedMediaType("POST _search takes a form body: send Content-Type application/x-www-form-urlencoded")
            }
            params += SearchParameter.parse(query: String(buffer: body).replacingOccurrences(of: "+", with: "%20"))
        }
        return params
    }

    func runSearch(_ req: Request, types: [String], path: String, compartment: (type: String, id: String)?, params: [SearchParameter]) async throws -> Response {
        let strict = (req.headers[.prefer] ?? "").contains("handling=strict")
        let request = try SearchRequest(types: types, path: path, compartment: compartment, query: params, strict: strict,
                                        defaultCount: configuration.defaultCount, maxCount: configuration.maxCount)
        let result = try await repository.search(request)
        return FHIRResponse.json(.ok, result.searchsetBundle(baseURL: baseURL(req), request: request))
    }

    func history(_ req: Request, _ ctx: FHIRRequestContext, type: String?, id: String?) async throws -> Response {
        var h = HistoryRequest(type: type, id: id)
        for p in query(req) {
            switch p.name {
            case "_count":
                guard let n = Int(p.value), n > 0 else { throw FHIRError.invalid("_count must be a positive integer") }
                h.count = min(n, configuration.maxCount)
            case "_since":
                guard let d = FHIRDateTime(p.value) else { throw FHIRError.invalid("_since '\(p.value)' is not a valid instant") }
                h.since = d
            case "_at":
                guard let d = FHIRDateTime(p.value) else { throw FHIRError.invalid("_at '\(p.value)' is not a valid date/dateTime") }
                h.at = d
            case "_cursor":
                guard let c = Int64(p.value) else { throw FHIRError.invalid("_cursor must come from a next link") }
                h.before = c
            case "_format", "_pretty", "_list", "_sort": continue
            default: throw FHIRError.invalid("Unknown history parameter '\(p.name)' (supported: _count, _since, _at)")
            }
        }
        let result = try await repository.history(h)
        let base = baseURL(req)
        let path = [type, id, "_history"].compactMap { $0 }.joined(separator: "/")
        var links: [(relation: String, url: String)] = [("self", base + path + (req.uri.query.map { "?" + $0 } ?? ""))]
        if let next = result.nextBefore {
            var q = query(req).filter { $0.name != "_cursor" }.map { "\($0.name)=\(QueryEncoding.encode($0.value))" }
            q.append("_cursor=\(next)")
            links.append(("next", base + path + "?" + q.joined(separator: "&")))
        }
        let entries = result.entries.map { r -> BundleWriter.Entry in
            let status = r.deleted ? "204 No Content" : (r.version == 1 ? "201 Created" : "200 OK")
            return BundleWriter.Entry(
                fullUrl: base + r.reference, resource: r.deleted ? nil : r.bodyBytes,
                request: ["method": .string(r.method), "url": .string(r.method == "POST" ? r.type : r.reference)],
                response: ["status": .string(status), "etag": .string(r.etag), "lastModified": .string(r.lastUpdatedInstant)])
        }
        return FHIRResponse.json(.ok, BundleWriter(type: "history", id: FHIRID.generate(), total: result.total, links: links, entries: entries).serialized())
    }

    func bundle(_ req: Request, _ ctx: FHIRRequestContext) async throws -> Response {
        let resource = try await parseResource(req)
        let options = BundleOptions(baseURL: baseURL(req), returnRepresentation: FHIRResponse.preferReturn(req) == "representation",
                                    maxEntries: configuration.maxBundleEntries)
        return FHIRResponse.json(.ok, try await repository.process(bundle: resource, options: options))
    }
}

