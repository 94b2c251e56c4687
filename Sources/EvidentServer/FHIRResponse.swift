import Foundation
import FHIRCore
import FHIRStore
import Hummingbird
import NIOCore

/// Builds FHIR responses: `application/fhir+json` bodies and the version headers.
enum FHIRResponse {
    static let contentType = "application/fhir+json; charset=utf-8"

    /// A response with a JSON body.
    static func json(_ status: HTTPResponse.Status, _ bytes: [UInt8], headers: HTTPFields = [:]) -> Response {
        json(status, ByteBuffer(bytes: bytes), headers: headers)
    }

    static func json(_ status: HTTPResponse.Status, _ buffer: ByteBuffer, headers: HTTPFields = [:]) -> Response {
        var h = headers
        h[.contentType] = contentType
        return Response(status: status, headers: h, body: .init(byteBuffer: buffer))
    }

    /// `ETag`, `Last-Modified` and (optionally) `Location` for a stored version.
    static func versionHeaders(_ r: StoredResource, baseURL: String, location: Bool) -> HTTPFields {
        var h: HTTPFields = [:]
        h[.eTag] = r.etag
        h[.lastModified] = FHIRDateTime.httpDate(epochSeconds: r.lastUpdated)
        if location { h[.location] = baseURL + r.versionedReference }
        return h
    }

    /// The error as an OperationOutcome response.
    static func error(_ e: FHIRError) -> Response {
        json(HTTPResponse.Status(code: e.status), e.operationOutcome.serialized())
    }

    /// Response to a write, honouring `Prefer: return=minimal | representation | OperationOutcome`.
    static func write(_ status: HTTPResponse.Status, _ r: StoredResource, request: Request, baseURL: String, message: String) -> Response {
        let headers = versionHeaders(r, baseURL: baseURL, location: true)
        switch preferReturn(request) {
        case "minimal":
            return Response(status: status, headers: headers)
        case "OperationOutcome":
            return json(status, OperationOutcome.information(message).serialized(), headers: headers)
        default:
            return json(status, r.body, headers: headers)
        }
    }

    /// The `return=` preference of the request, if any.
    static func preferReturn(_ request: Request) -> String? {
        guard let prefer = request.headers[.prefer] else { return nil }
        for part in prefer.split(separator: ";").flatMap({ $0.split(separator: ",") }) {
            let kv = part.trimmingCharacters(in: .whitespaces).split(separator: "=", maxSplits: 1)
            if kv.count == 2, kv[0] == "return" { return String(kv[1]).trimmingCharacters(in: CharacterSet(charactersIn: "\"")) }
        }
        return nil
    }
}
