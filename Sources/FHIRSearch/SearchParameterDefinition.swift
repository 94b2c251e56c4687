import FHIRCore
import FHIRPath

/// One search parameter: its code, type, the resource types it applies to and its compiled expression.
public struct SearchParameterDefinition: Sendable {
    /// The search parameter types of FHIR R4.
    public enum Kind: String, Sendable {
        case number, date, string, token, reference, composite, quantity, uri, special
    }

    /// One part of a composite parameter: the parameter it borrows its type from and an expression
    /// evaluated relative to each value of the composite's expression.
    public struct Component: Sendable {
        public let definition: String
        public let kind: Kind
        public let expression: FHIRPathExpression

        public init(definition: String, kind: Kind, expression: FHIRPathExpression) {
            self.definition = definition
            self.kind = kind
            self.expression = expression
        }
    }

    public let code: String
    public let url: String
    public let kind: Kind
    public let base: [String]
    /// Nil for parameters without an expression (and so not indexable: `_text`, `_content`, ...).
    public let expression: FHIRPathExpression?
    /// Resource types a reference parameter may point at.
    public let target: [String]
    /// The parts of a composite parameter, in order (empty for other kinds).
    public let components: [Component]

    public init(code: String, url: String, kind: Kind, base: [String], expression: FHIRPathExpression?, target: [String] = [], components: [Component] = []) {
        self.code = code
        self.url = url
        self.kind = kind
        self.base = base
        self.expression = expression
        self.target = target
        self.components = components
    }

    /// This definition with its expression reduced to the branches that apply to `type`.
    func specialized(for type: String) -> SearchParameterDefinition {
        guard let expression, base.count > 1 else { return self }
        return SearchParameterDefinition(code: code, url: url, kind: kind, base: base, expression: expression.specialized(for: type),
                                         target: target, components: components)
    }
}
