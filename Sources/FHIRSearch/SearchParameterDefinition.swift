import FHIRCore
import FHIRPath

/// One search parameter: its code, type, the resource types it applies to and its compiled expression.
public struct SearchParameterDefinition: Sendable {
    /// The search parameter types of FHIR R4.
    public enum Kind: String, Sendable {
        case number, date, string, token, reference, composite, quantity, uri, special
    }

    public let code: String
    public let url: String
    public let kind: Kind
    public let base: [String]
    /// Nil for parameters without an expression (and so not indexable: `_text`, `_content`, ...).
    public let expression: FHIRPathExpression?
    /// Resource types a reference parameter may point at.
    public let target: [String]
}
