import FHIRCore

/// One FHIR operation. Operations plug in by conforming to this protocol and being passed to the
/// ``OperationRegistry``; the HTTP layer routes every `$name` to the registry and knows none of them.
public protocol FHIROperation: Sendable {
    /// The `id` of the OperationDefinition this operation implements.
    var definitionID: String { get }
    /// Runs the operation. `invocation.input` is already checked against the definition.
    func invoke(_ invocation: OperationInvocation, context: OperationContext) async throws -> OperationOutput
}

/// One call of an operation.
public struct OperationInvocation: Sendable {
    public var definition: OperationDefinition
    public var level: OperationLevel
    public var input: OperationInput
    /// The URL query of the call (for paging links), without `?`.
    public var query: String
    /// True when the call came by GET, which must not change anything: an operation that can write
    /// previews instead.
    public var isSafe: Bool

    public init(definition: OperationDefinition, level: OperationLevel, input: OperationInput, query: String = "", isSafe: Bool = false) {
        self.definition = definition
        self.level = level
        self.input = input
        self.query = query
        self.isSafe = isSafe
    }

    /// Whether to write the output: the `persist` parameter, by default true for POST and false for GET; a
    /// 405 when a GET asks to persist.
    public func persist() throws(FHIRError) -> Bool {
        let asked = input.bool("persist")
        if isSafe && asked == true { throw .notSupported("GET does not write: POST to $\(definition.code) to store the output", status: 405) }
        return asked ?? !isSafe
    }

    /// The instance the operation was invoked on; a 400 at other levels.
    public func instance() throws(FHIRError) -> (type: String, id: String) {
        guard case .instance(let t, let id) = level else { throw .invalid("$\(definition.code) must be invoked on an instance") }
        return (t, id)
    }
}

/// What an operation answers: a status and a resource body.
public struct OperationOutput: Sendable {
    public var status: Int
    public var body: [UInt8]

    public init(status: Int = 200, body: [UInt8]) {
        self.status = status
        self.body = body
    }

    /// A single resource.
    public static func resource(_ json: JSON, status: Int = 200) -> OperationOutput { OperationOutput(status: status, body: json.serialized()) }

    /// A `Parameters` resource with these entries.
    public static func parameters(_ entries: [JSON]) -> OperationOutput {
        resource(entries.isEmpty ? ["resourceType": "Parameters"] : ["resourceType": "Parameters", "parameter": .array(entries)])
    }
}
