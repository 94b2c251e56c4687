import FHIRCore

/// The operations this server runs, by OperationDefinition. The HTTP layer hands every `$name` call to
/// ``invoke(code:level:method:body:query:rawQuery:context:)``; adding an operation means adding a type
/// that conforms to ``FHIROperation`` (and its definition), never a route.
public struct OperationRegistry: Sendable {
    public let catalog: OperationCatalog
    let handlers: [String: any FHIROperation]

    /// - Throws: when an operation names a definition the catalog lacks.
    public init(catalog: OperationCatalog, operations: [any FHIROperation]) throws(FHIRError) {
        var handlers: [String: any FHIROperation] = [:]
        for op in operations {
            guard catalog.definitions.contains(where: { $0.id == op.definitionID }) else {
                throw .internal("Operation \(type(of: op)) implements OperationDefinition '\(op.definitionID)', which is not in the catalog")
            }
            handlers[op.definitionID] = op
        }
        self.catalog = catalog
        self.handlers = handlers
    }

    /// Definitions that have an implementation (listed in the CapabilityStatement).
    public var implemented: [OperationDefinition] { catalog.definitions.filter { handlers[$0.id] != nil } }

    /// The HTTP method of an invocation.
    public enum Method: Sendable {
        case get, post
    }

    /// The definition for `$code` at `level`: 404 when no operation has that name, 400 when it exists
    /// but not at this level.
    public func definition(code: String, level: OperationLevel) throws(FHIRError) -> OperationDefinition {
        let named = catalog.definitions.filter { $0.code == code }
        guard !named.isEmpty else {
            let known = catalog.definitions.map { "$" + $0.code }.sorted().joined(separator: ", ")
            throw .notSupported("Unknown operation $\(code); this server has \(known)", status: 404)
        }
        guard let d = named.first(where: { $0.allows(level) }) else {
            throw .notSupported("$\(code) cannot be invoked at \(level) level; invoke it as " +
                                named.flatMap(\.invocationPaths).joined(separator: " or "))
        }
        return d
    }

    /// Checks the call against the definition, then runs the operation.
    /// - Parameters:
    ///   - body: the parsed POST body: a `Parameters`, or a single resource for an operation whose only
    ///     resource input is that resource (as `$validate` allows); nil for GET or an empty POST.
    ///   - query: the URL's parameters (GET input; ignored for POST with a body).
    public func invoke(code: String, level: OperationLevel, method: Method, body: JSON?, query: [(name: String, value: String)],
                       rawQuery: String, context: OperationContext) async throws -> OperationOutput {
        let definition = try definition(code: code, level: level)
        guard let handler = handlers[definition.id] else {
            throw FHIRError.notSupported("$\(code) is defined (OperationDefinition/\(definition.id)) but not implemented by this release", status: 501)
        }
        let input: OperationInput
        switch (method, body) {
        case (.get, _):
            guard !definition.affectsState else {
                throw FHIRError.notSupported("$\(code) changes data: invoke it with POST and a Parameters body", status: 405)
            }
            input = try OperationInput(query: query, definition: definition)
        case (.post, nil):
            input = try OperationInput(query: query, definition: definition)
        case (.post, let body?):
            if body["resourceType"] != "Parameters", let only = definition.inputs.filter(\.isResource).first,
               definition.inputs.filter(\.isResource).count == 1 {
                input = try OperationInput(parameters: ["resourceType": "Parameters", "parameter": [["name": .string(only.name), "resource": body]]],
                                           definition: definition)
            } else {
                input = try OperationInput(parameters: body, definition: definition)
            }
        }
        return try await handler.invoke(OperationInvocation(definition: definition, level: level, input: input, query: rawQuery, isSafe: method == .get),
                                        context: context)
    }
}

extension OperationRegistry {
    /// The operations every Evident server runs: `$validate`, `$everything`, `$trace`, `$verify-provenance`, `$reindex`.
    public static func standard(catalog: OperationCatalog, extra: [any FHIROperation] = []) throws(FHIRError) -> OperationRegistry {
        try OperationRegistry(catalog: catalog, operations: [
            ValidateOperation(), EverythingOperation(), TraceOperation(), VerifyProvenanceOperation(), ReindexOperation(),
        ] + extra)
    }
}
