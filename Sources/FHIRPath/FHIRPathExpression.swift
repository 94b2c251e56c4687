import FHIRCore

/// A parsed FHIRPath expression (the subset FHIR search parameters, `_elements` and invariants use).
///
/// Supported: member navigation with choice types (`Observation.value` finds `valueQuantity`), a leading
/// type name as the root (`Patient.name`, `Resource.id`), indexers, `|`, `=`, `!=`, `and`, `or`, `xor`,
/// `implies`, `not()`, `is`/`as` (operators and functions), `ofType`, `where`, `select`, `exists`, `empty`,
/// `first`, `last`, `tail`, `count`, `hasValue`, `extension(url)`, `resolve()`, string, number, boolean
/// and `{}` literals, `$this`. Anything else is a parse error naming the construct.
public struct FHIRPathExpression: Sendable, CustomStringConvertible {
    indirect enum Node: Sendable {
        case root(String)                      // a type name at the start: Patient, Resource
        case member(Node?, String)             // input.name (nil input = $this)
        case this
        case literal(FHIRPathItem)
        case empty
        case index(Node, Node)
        case call(Node?, String, [Node])       // input.fn(args)
        case binary(String, Node, Node)
        case typeOp(String, Node, String)      // is / as
    }

    let node: Node
    /// The source text.
    public let description: String

    /// Parses `text`; throws ``FHIRPathError`` with the position of the problem.
    public init(_ text: String) throws(FHIRPathError) {
        var parser = FHIRPathParser(text)
        node = try parser.parseExpression()
        description = text
    }
}

/// A FHIRPath parse or evaluation error.
public struct FHIRPathError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
    public init(_ message: String) { self.message = message }
}

/// One item of a FHIRPath collection: a JSON value and, when known, its FHIR type.
public struct FHIRPathItem: Sendable, Hashable {
    public var value: JSON
    /// FHIR type name when known: from a choice element's suffix (`valueQuantity` → `Quantity`),
    /// a resource's `resourceType`, a literal, or `resolve()`.
    public var type: String?
    /// For items produced by `resolve()`: the referenced resource type (the resource itself is not loaded).
    public var resolvedReference: String?

    public init(value: JSON, type: String? = nil, resolvedReference: String? = nil) {
        self.value = value
        self.type = type
        self.resolvedReference = resolvedReference
    }
}
