import FHIRCore
import FHIRValidation

/// The input parameters of one invocation, checked against the operation's definition.
///
/// Built from a `Parameters` body (POST) or the query string (GET); any mismatch with the definition
/// is a 400 that names the parameter.
public struct OperationInput: Sendable {
    /// The `Parameters.parameter` entries, in order.
    public let entries: [JSON]

    public init(entries: [JSON]) { self.entries = entries }

    /// Entries named `name`.
    public func all(_ name: String) -> [JSON] { entries.filter { $0["name"]?.stringValue == name } }

    /// The `value[x]` of the first entry named `name`.
    public func value(_ name: String) -> JSON? {
        guard let e = all(name).first?.objectValue else { return nil }
        return e.members.first { $0.key.hasPrefix("value") }?.value
    }

    public func string(_ name: String) -> String? { value(name)?.stringValue }
    public func bool(_ name: String) -> Bool? { value(name)?.boolValue }
    public func integer(_ name: String) -> Int? { value(name)?.intValue }
    /// The `resource` of the first entry named `name`.
    public func resource(_ name: String) -> JSON? { all(name).first?["resource"] }
    /// Every string value of entries named `name`, with comma-separated lists split (as GET sends them).
    public func strings(_ name: String) -> [String] {
        all(name).compactMap { $0.objectValue?.members.first { $0.key.hasPrefix("value") }?.value.stringValue }
            .flatMap { $0.split(separator: ",").map(String.init) }
    }
}

extension OperationInput {
    /// Validates a `Parameters` resource (POST) against `definition`.
    public init(parameters: JSON, definition: OperationDefinition) throws(FHIRError) {
        guard parameters["resourceType"] == "Parameters" else {
            throw .invalid("$\(definition.code) takes a Parameters resource as its body (got \(parameters["resourceType"]?.stringValue ?? "no resourceType"))")
        }
        let entries = parameters["parameter"]?.arrayValue ?? []
        try Self.check(entries, against: definition.inputs, path: "Parameters", operation: definition.code)
        self.init(entries: entries)
    }

    /// Converts and validates query parameters (GET). Only primitive-typed inputs can be sent this way.
    public init(query: [(name: String, value: String)], definition: OperationDefinition) throws(FHIRError) {
        var entries: [JSON] = []
        for (name, raw) in query where !["_format", "_pretty"].contains(name) {
            guard let p = definition.inputs.first(where: { $0.name == name }) else {
                throw Self.unknown(name, definition.inputs, operation: definition.code)
            }
            guard let type = p.type, !p.isResource, p.parts.isEmpty else {
                throw .invalid("Parameter '\(name)' of $\(definition.code) is a \(p.type ?? "tuple") and cannot be sent in a URL; POST a Parameters resource",
                               expression: ["Parameters.parameter.where(name='\(name)')"])
            }
            entries.append(["name": .string(name), "value" + Self.suffix(type): Self.convert(raw, type: type)])
        }
        try Self.check(entries, against: definition.inputs, path: "Parameters", operation: definition.code)
        self.init(entries: entries)
    }

    static func convert(_ raw: String, type: String) -> JSON {
        switch type {
        case "boolean": return raw == "true" ? .bool(true) : raw == "false" ? .bool(false) : .string(raw)
        case "integer", "positiveInt", "unsignedInt", "decimal": return JSONNumber(raw).map(JSON.number) ?? .string(raw)
        case "Reference": return ["reference": .string(raw)]
        default: return .string(raw)
        }
    }

    static func suffix(_ type: String) -> String { type.prefix(1).uppercased() + type.dropFirst() }

    static func unknown(_ name: String, _ params: [OperationDefinition.Parameter], operation: String) -> FHIRError {
        .invalid("Unknown parameter '\(name)' for $\(operation); it accepts: \(params.map(\.name).joined(separator: ", "))",
                 expression: ["Parameters.parameter.where(name='\(name)')"])
    }

    static func check(_ entries: [JSON], against params: [OperationDefinition.Parameter], path: String, operation: String) throws(FHIRError) {
        for (i, e) in entries.enumerated() {
            let at = "\(path).parameter[\(i)]"
            guard let name = e["name"]?.stringValue else { throw .invalid("\(at) has no name", expression: [at]) }
            guard let p = params.first(where: { $0.name == name }) else { throw unknown(name, params, operation: operation) }
            try checkValue(e, parameter: p, at: at, operation: operation)
        }
        for p in params {
            let n = entries.filter { $0["name"]?.stringValue == p.name }.count
            let at = "\(path).parameter.where(name='\(p.name)')"
            if n < p.min {
                throw .invalid("$\(operation) requires parameter '\(p.name)'" + (p.type.map { " (\($0))" } ?? "") + (p.min > 1 ? " at least \(p.min) times" : ""),
                               expression: [at])
            }
            if let max = p.max, n > max {
                throw .invalid("Parameter '\(p.name)' of $\(operation) may appear at most \(max) time\(max == 1 ? "" : "s"); got \(n)", expression: [at])
            }
        }
    }

    static func checkValue(_ e: JSON, parameter p: OperationDefinition.Parameter, at: String, operation: String) throws(FHIRError) {
        let name = p.name
        if !p.parts.isEmpty {
            guard let parts = e["part"]?.arrayValue else { throw .invalid("Parameter '\(name)' of $\(operation) needs its parts", expression: [at]) }
            try check(parts, against: p.parts, path: at, operation: operation)
            return
        }
        guard let type = p.type else { return }
        if p.isResource {
            guard let r = e["resource"] else { throw .invalid("Parameter '\(name)' of $\(operation) must carry a \(type) in 'resource'", expression: [at]) }
            let actual = r["resourceType"]?.stringValue ?? ""
            guard ResourceType(actual) != nil else { throw .invalid("Parameter '\(name)': 'resource' is not a FHIR resource", expression: ["\(at).resource"]) }
            if type != "Resource" && type != "DomainResource" && actual != type {
                throw .invalid("Parameter '\(name)' of $\(operation) must be a \(type), not a \(actual)", expression: ["\(at).resource"])
            }
            return
        }
        let key = "value" + suffix(type)
        guard let value = e[key] else {
            let given = e.objectValue?.members.first { $0.key.hasPrefix("value") }?.key ?? "no value"
            throw .invalid("Parameter '\(name)' of $\(operation) must be \(key) (\(type)); got \(given)", expression: [at])
        }
        if type.first?.isLowercase == true, let problem = PrimitiveRules.check(value, type: type) {
            throw .invalid("Parameter '\(name)' of $\(operation): \(problem)", expression: ["\(at).\(key)"])
        }
        if type.first?.isUppercase == true, value.objectValue == nil {
            throw .invalid("Parameter '\(name)' of $\(operation) must be a \(type) object", expression: ["\(at).\(key)"])
        }
    }
}
