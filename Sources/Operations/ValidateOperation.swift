import FHIRCore
import FHIRStore
import FHIRValidation

/// `$validate` (type and instance level): structural validation against the R4 StructureDefinitions,
/// answered as an OperationOutcome with one issue per problem and its FHIRPath location.
public struct ValidateOperation: FHIROperation {
    public let definitionID = "Resource-validate"

    public init() {}

    public func invoke(_ invocation: OperationInvocation, context: OperationContext) async throws -> OperationOutput {
        let mode = invocation.input.string("mode")
        guard mode == nil || ["create", "update", "delete"].contains(mode!) else {
            throw FHIRError.invalid("mode '\(mode!)' is not one of create | update | delete", expression: ["Parameters.parameter.where(name='mode')"])
        }
        var resource = invocation.input.resource("resource")
        var issues: [OperationOutcome.Issue] = []
        switch invocation.level {
        case .type(let type):
            guard let r = resource else { throw FHIRError.invalid("$validate at type level needs the resource to validate (parameter 'resource' or the resource as the body)") }
            issues += typeMismatch(r, type)
        case .instance(let type, let id):
            if mode == "delete" || resource == nil {
                let stored = try await context.read(type, id)
                if mode == "delete" {
                    return .resource(OperationOutcome.information("\(type)/\(id) exists and may be deleted"))
                }
                resource = stored
            } else if let r = resource {
                issues += typeMismatch(r, type)
                if mode == "update" && r["id"]?.stringValue != id {
                    issues.append(.init(severity: "error", code: "invalid", diagnostics: "An update of \(type)/\(id) must carry id '\(id)'", expression: ["\(type).id"]))
                }
            }
        case .system:
            throw FHIRError.invalid("$validate is invoked on a type or an instance")
        }
        issues += context.validator.issues(in: resource!).map {
            OperationOutcome.Issue(severity: "error", code: $0.message.contains("unknown element") ? "structure" : $0.message.contains("required") ? "required" : "value",
                                   diagnostics: $0.message, expression: [$0.path])
        }
        if issues.isEmpty {
            return .resource(OperationOutcome.information("No issues: the \(resource!["resourceType"]?.stringValue ?? "resource") is valid FHIR R4"))
        }
        return .resource(OperationOutcome.make(issues))
    }

    /// An error issue when `resource` is not a `type`.
    func typeMismatch(_ resource: JSON, _ type: String) -> [OperationOutcome.Issue] {
        let actual = resource["resourceType"]?.stringValue ?? "?"
        guard actual != type else { return [] }
        return [.init(severity: "error", code: "invalid", diagnostics: "resourceType \(actual) does not match \(type)", expression: ["resourceType"])]
    }
}
