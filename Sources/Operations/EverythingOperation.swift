import FHIRCore
import FHIRStore

/// `Patient/{id}/$everything`: the Patient and every resource in its compartment, paged as a searchset.
/// `_since` keeps resources updated at or after an instant, `_type` keeps some types, `_count` sets the
/// page size; `next` links carry a cursor.
public struct EverythingOperation: FHIROperation {
    public let definitionID = "Patient-everything"

    public init() {}

    public func invoke(_ invocation: OperationInvocation, context: OperationContext) async throws -> OperationOutput {
        let (type, id) = try invocation.instance()
        _ = try await context.read(type, id)
        let input = invocation.input
        var types = ResourceType.all.map(\.name)
        let wanted = input.strings("_type")
        if !wanted.isEmpty {
            for t in wanted where ResourceType(t) == nil {
                throw FHIRError.invalid("_type: '\(t)' is not a resource type", expression: ["Parameters.parameter.where(name='_type')"])
            }
            types = wanted
        }
        var params: [SearchParameter] = []
        if let since = input.string("_since") { params.append(SearchParameter(name: "_lastUpdated", value: "ge" + since)) }
        if let n = input.integer("_count") { params.append(SearchParameter(name: "_count", value: String(n))) }
        if let c = input.string("_cursor") { params.append(SearchParameter(name: "_cursor", value: c)) }
        let path = "\(type)/\(id)/$everything"
        let request = try SearchRequest(types: types, path: path, compartment: (type, id), query: params, strict: true,
                                        defaultCount: context.defaultCount, maxCount: context.maxCount)
        let result = try await context.repository.search(request)
        var bundle = try JSON(parsing: result.searchsetBundle(baseURL: context.baseURL, request: request))
        // Links repeat the operation's own parameters (the search ran on _lastUpdated), with the page's cursor.
        let own = SearchParameter.parse(query: invocation.query).filter { $0.name != "_cursor" }
            .map { QueryEncoding.encode($0.name) + "=" + QueryEncoding.encode($0.value) }
        func link(_ relation: String, _ cursor: SearchCursor?) -> JSON {
            let q = own + (cursor.map { ["_cursor=" + $0.token] } ?? [])
            return ["relation": .string(relation), "url": .string(context.baseURL + path + (q.isEmpty ? "" : "?" + q.joined(separator: "&")))]
        }
        var links = [link("self", request.cursor)]
        if let next = result.next { links.append(link("next", next)) }
        if let previous = result.previous { links.append(link("previous", previous)) }
        bundle["link"] = .array(links)
        return .resource(bundle)
    }
}
