/// Builders for FHIR `OperationOutcome` resources.
public enum OperationOutcome {
    /// One issue of an OperationOutcome.
    public struct Issue: Sendable, Hashable {
        public var severity: String
        public var code: String
        public var diagnostics: String
        public var expression: [String]

        public init(severity: String, code: String, diagnostics: String, expression: [String] = []) {
            self.severity = severity
            self.code = code
            self.diagnostics = diagnostics
            self.expression = expression
        }

        var json: JSON {
            var issue: JSONObject = ["severity": .string(severity), "code": .string(code), "diagnostics": .string(diagnostics)]
            if !expression.isEmpty { issue["expression"] = .array(expression.map(JSON.string)) }
            return .object(issue)
        }
    }

    /// An OperationOutcome with the given issues.
    public static func make(_ issues: [Issue]) -> JSON {
        ["resourceType": "OperationOutcome", "issue": .array(issues.map(\.json))]
    }

    /// An OperationOutcome with one issue.
    public static func single(severity: String, code: String, diagnostics: String, expression: [String] = []) -> JSON {
        make([Issue(severity: severity, code: code, diagnostics: diagnostics, expression: expression)])
    }

    /// An informational outcome, e.g. for `Prefer: return=OperationOutcome` on success.
    public static func information(_ message: String) -> JSON {
        single(severity: "information", code: "informational", diagnostics: message)
    }
}
