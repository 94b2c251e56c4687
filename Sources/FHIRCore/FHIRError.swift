/// An error that a FHIR interaction reports to its client as an `OperationOutcome`.
///
/// Client mistakes carry a 4xx status; `internal` is the only 5xx and is reserved for unexpected failures.
/// Construct them through the static members, e.g. `FHIRError.notFound("Patient/1")`.
public struct FHIRError: Error, Sendable, CustomStringConvertible {
    /// HTTP status the error maps to.
    public var status: Int
    /// The OperationOutcome `issue.code` (FHIR IssueType), e.g. `invalid`, `not-found`.
    public var code: String
    /// Human-readable explanation placed in `issue.diagnostics`.
    public var diagnostics: String
    /// FHIRPath expression(s) locating the problem in the submitted resource, if known.
    public var expression: [String]
    /// Issue severity; `error` unless stated otherwise.
    public var severity: String

    public init(status: Int, code: String, diagnostics: String, expression: [String] = [], severity: String = "error") {
        self.status = status
        self.code = code
        self.diagnostics = diagnostics
        self.expression = expression
        self.severity = severity
    }

    public var description: String { "\(status) \(code): \(diagnostics)" }

    /// The error as an `OperationOutcome` resource.
    public var operationOutcome: JSON {
        OperationOutcome.single(severity: severity, code: code, diagnostics: diagnostics, expression: expression)
    }
}

extension FHIRError {
    /// 400: the request or resource is not valid.
    public static func invalid(_ message: String, expression: [String] = []) -> FHIRError {
        FHIRError(status: 400, code: "invalid", diagnostics: message, expression: expression)
    }
    /// 400: the request body is not parseable JSON.
    public static func structure(_ message: String) -> FHIRError {
        FHIRError(status: 400, code: "structure", diagnostics: message)
    }
    /// 404: nothing lives at this address.
    public static func notFound(_ message: String) -> FHIRError {
        FHIRError(status: 404, code: "not-found", diagnostics: message)
    }
    /// 410: the resource was deleted.
    public static func gone(_ message: String) -> FHIRError {
        FHIRError(status: 410, code: "deleted", diagnostics: message)
    }
    /// 409: the request conflicts with the current state (e.g. duplicate identity in a transaction).
    public static func conflict(_ message: String) -> FHIRError {
        FHIRError(status: 409, code: "conflict", diagnostics: message)
    }
    /// 412: a precondition (`If-Match`, conditional criteria) failed.
    public static func preconditionFailed(_ message: String) -> FHIRError {
        FHIRError(status: 412, code: "conflict", diagnostics: message)
    }
    /// 412: conditional interaction matched more than one resource.
    public static func multipleMatches(_ message: String) -> FHIRError {
        FHIRError(status: 412, code: "multiple-matches", diagnostics: message)
    }
    /// 405 / 400: the interaction or feature is not supported by this server.
    public static func notSupported(_ message: String, status: Int = 400) -> FHIRError {
        FHIRError(status: status, code: "not-supported", diagnostics: message)
    }
    /// 406: the client asked for a format the server cannot produce.
    public static func notAcceptable(_ message: String) -> FHIRError {
        FHIRError(status: 406, code: "not-supported", diagnostics: message)
    }
    /// 415: the request body has a media type the server does not read.
    public static func unsupportedMediaType(_ message: String) -> FHIRError {
        FHIRError(status: 415, code: "not-supported", diagnostics: message)
    }
    /// 413: the request body or bundle exceeds a configured limit.
    public static func tooLarge(_ message: String) -> FHIRError {
        FHIRError(status: 413, code: "too-costly", diagnostics: message)
    }
    /// 422: the resource is well-formed but violates a business rule.
    public static func unprocessable(_ message: String, expression: [String] = []) -> FHIRError {
        FHIRError(status: 422, code: "processing", diagnostics: message, expression: expression)
    }
    /// 500: an unexpected internal failure (the details belong in the server log, not the response).
    public static func `internal`(_ message: String) -> FHIRError {
        FHIRError(status: 500, code: "exception", diagnostics: message)
    }
}
