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

extension FHIRPathExpression {
    /// This expression for resources of `type` only: branches of a top-level union rooted at another resource
    /// type are dropped (`Condition.code | Observation.code` → `Observation.code`), so shared definitions
    /// do not test every other type's branch on every write. Nil when no branch applies to `type`.
    public func specialized(for type: String) -> FHIRPathExpression? {
        func applies(_ node: Node) -> Bool {
            switch node {
            case .root(let name): return name == type || name == "Resource" || name == "DomainResource" || ResourceType(name) == nil
            case .member(let base?, _), .call(let base?, _, _), .index(let base, _), .typeOp(_, let base, _): return applies(base)
            case .binary("|", let l, let r): return applies(l) || applies(r)
            default: return true
            }
        }
        func prune(_ node: Node) -> Node? {
            if case .binary("|", let l, let r) = node {
                switch (prune(l), prune(r)) {
                case (let a?, let b?): return .binary("|", a, b)
                case (let a?, nil): return a
                case (nil, let b?): return b
                case (nil, nil): return nil
                }
            }
            return applies(node) ? node : nil
        }
        guard let pruned = prune(node) else { return nil }
        return FHIRPathExpression(node: pruned, description: description)
    }

    init(node: Node, description: String) {
        self.node = node
        self.description = description
    }
}
