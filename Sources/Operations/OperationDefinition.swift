import FHIRCore

/// An OperationDefinition, read from its JSON: where the operation may be invoked and its parameters.
public struct OperationDefinition: Sendable {
    /// One `OperationDefinition.parameter` (or a part of a tuple parameter).
    public struct Parameter: Sendable {
        public var name: String
        /// `in` or `out`.
        public var use: String
        public var min: Int
        /// Most occurrences; nil for `*`.
        public var max: Int?
        /// A FHIR type (`string`, `boolean`, `Reference`, `Resource`, `Composition`, …); nil for a tuple with parts.
        public var type: String?
        public var parts: [Parameter]
        public var documentation: String?

        init(json: JSON, path: String) throws(FHIRError) {
            guard let name = json["name"]?.stringValue, let use = json["use"]?.stringValue, let min = json["min"]?.intValue,
                  let max = json["max"]?.stringValue else {
                throw .internal("\(path): a parameter needs name, use, min and max")
            }
            self.name = name
            self.use = use
            self.min = min
            self.max = max == "*" ? nil : Int(max)
            type = json["type"]?.stringValue
            documentation = json["documentation"]?.stringValue
            parts = try (json["part"]?.arrayValue ?? []).enumerated().map { (i, p) throws(FHIRError) in try Parameter(json: p, path: "\(path).part[\(i)]") }
        }

        /// True for resource-typed parameters (carried in `Parameters.parameter.resource`).
        public var isResource: Bool {
            guard let type else { return false }
            return type == "Resource" || type == "DomainResource" || ResourceType(type) != nil
        }
    }

    public let id: String
    public let url: String
    /// The operation's name without `$`.
    public let code: String
    /// Types it applies to (`Resource` for all).
    public let resourceTypes: [String]
    public let system: Bool
    public let type: Bool
    public let instance: Bool
    /// False allows invocation by GET.
    public let affectsState: Bool
    public let parameters: [Parameter]
    /// The definition as served at `GET /OperationDefinition/{id}`.
    public let json: JSON

    public init(json: JSON) throws(FHIRError) {
        guard json["resourceType"] == "OperationDefinition", let id = json["id"]?.stringValue, let url = json["url"]?.stringValue,
              let code = json["code"]?.stringValue else {
            throw .internal("An OperationDefinition needs resourceType, id, url and code")
        }
        self.id = id
        self.url = url
        self.code = code
        resourceTypes = (json["resource"]?.arrayValue ?? []).compactMap(\.stringValue)
        system = json["system"]?.boolValue ?? false
        type = json["type"]?.boolValue ?? false
        instance = json["instance"]?.boolValue ?? false
        affectsState = json["affectsState"]?.boolValue ?? true
        parameters = try (json["parameter"]?.arrayValue ?? []).enumerated().map { (i, p) throws(FHIRError) in
            try Parameter(json: p, path: "OperationDefinition/\(id).parameter[\(i)]")
        }
        self.json = json
    }

    public var inputs: [Parameter] { parameters.filter { $0.use == "in" } }
    public var outputs: [Parameter] { parameters.filter { $0.use == "out" } }

    /// True when the only output is `return` with a resource type: the operation answers that resource itself.
    public var returnsResource: Bool {
        let out = outputs
        return out.count == 1 && out[0].name == "return" && out[0].isResource && out[0].max == 1
    }

    /// Whether the operation may be invoked at `level`.
    public func allows(_ level: OperationLevel) -> Bool {
        switch level {
        case .system: return system
        case .type(let t): return type && applies(to: t)
        case .instance(let t, _): return instance && applies(to: t)
        }
    }

    /// True when the definition lists `resourceType` (or Resource / DomainResource).
    public func applies(to resourceType: String) -> Bool {
        resourceTypes.contains(resourceType) || resourceTypes.contains("Resource") || resourceTypes.contains("DomainResource")
    }

    /// Where it may be invoked, for error messages: e.g. `[base]/Patient/[id]/$everything`.
    public var invocationPaths: [String] {
        var out: [String] = []
        if system { out.append("[base]/$\(code)") }
        let types = resourceTypes.contains("Resource") ? ["[type]"] : resourceTypes
        if type { out += types.map { "[base]/\($0)/$\(code)" } }
        if instance { out += types.map { "[base]/\($0)/[id]/$\(code)" } }
        return out
    }
}

/// Where an operation is invoked.
public enum OperationLevel: Sendable, Hashable, CustomStringConvertible {
    case system
    case type(String)
    case instance(type: String, id: String)

    public var description: String {
        switch self {
        case .system: return "system"
        case .type(let t): return "type (\(t))"
        case .instance(let t, let id): return "instance (\(t)/\(id))"
        }
    }

    /// The URL path of the invocation without the operation, e.g. `Patient/1/`.
    public var pathPrefix: String {
        switch self {
        case .system: return ""
        case .type(let t): return t + "/"
        case .instance(let t, let id): return "\(t)/\(id)/"
        }
    }
}
