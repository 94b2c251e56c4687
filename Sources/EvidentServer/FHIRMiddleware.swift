import Foundation
import FHIRCore
import Hummingbird
import Logging
import NIOCore

/// Content negotiation and error mapping for every route.
///
/// - Requests that ask only for XML (`_format` or `Accept`) get 406; XML bodies get 415.
/// - ``FHIRError``s become OperationOutcome responses with their status; Hummingbird's own errors
///   (unknown route, body too large) likewise; anything else is logged and becomes a 500 OperationOutcome.
struct FHIRMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            try Self.negotiate(request)
            return try await next(request, context)
        } catch let error as FHIRError {
            if error.status == 500 {
                context.logger.error("Internal error", metadata: ["error": "\(error.diagnostics)"])
            }
            return FHIRResponse.error(error)
        } catch let error as HTTPError {
            let code = Int(error.status.code)
            let message: String
            switch code {
            case 404: message = "Unknown route \(request.method.rawValue) \(request.uri.path): not a FHIR interaction this server supports"
            case 405: message = "Method \(request.method.rawValue) is not allowed on \(request.uri.path)"
            case 413: message = "Request body too large"
            default: message = error.body ?? "HTTP error \(code)"
            }
            let issue = code == 404 ? "not-found" : (code == 413 ? "too-costly" : "processing")
            return FHIRResponse.error(FHIRError(status: code, code: issue, diagnostics: message))
        } catch is NIOTooManyBytesError {
            return FHIRResponse.error(.tooLarge("Request body too large; raise --max-body-bytes if this is intended"))
        } catch {
            context.logger.error("Unexpected error", metadata: ["error": "\(String(reflecting: error))", "path": "\(request.uri.path)"])
            return FHIRResponse.error(.internal("Unexpected internal error; see the server log"))
        }
    }

    static func negotiate(_ request: Request) throws(FHIRError) {
        let query = request.uri.query ?? ""
        for p in query.split(separator: "&") where p.hasPrefix("_format=") {
            let f = QueryEncoding.decode(String(p.dropFirst("_format=".count))).lowercased()
            if f.contains("xml") || f == "ttl" || f.contains("turtle") {
                throw .notAcceptable("Only JSON is supported (_format=\(f)); use _format=json or application/fhir+json")
            }
            if !(f == "json" || f.contains("json")) {
                throw .notAcceptable("Unknown _format '\(f)'; this server produces application/fhir+json")
            }
        }
        if let accept = request.headers[.accept]?.lowercased(), !accept.isEmpty {
            let types = accept.split(separator: ",").map { $0.split(separator: ";")[0].trimmingCharacters(in: .whitespaces) }
            let ok = types.contains { $0.contains("json") || $0 == "*/*" || $0 == "application/*" || $0.isEmpty }
            if !ok {
                throw .notAcceptable("Cannot produce \(accept); this server produces application/fhir+json (XML is not supported)")
            }
        }
        if let ct = request.headers[.contentType]?.lowercased(), ct.contains("xml") {
            throw .unsupportedMediaType("XML request bodies are not supported; send application/fhir+json")
        }
    }
}
