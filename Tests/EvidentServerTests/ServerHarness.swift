import EvidentServer
import EvidentTesting
import FHIRCore
import FHIRStore
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import PostgresNIO

/// Runs `body` against the real router on a fresh embedded-PostgreSQL database.
func withServer(
    configuration: ServerConfiguration = ServerConfiguration(publicBaseURL: "http://fhir.test/"),
    _ body: @escaping @Sendable (any TestClientProtocol, PostgresClient) async throws -> Void
) async throws {
    try await withTestRepository { repo, client async throws in
        let router = buildRouter(repository: repo, configuration: configuration, searchParameters: TestSearch.registry, version: "test", now: 0)
        let app = Application(router: router)
        try await app.test(.router) { testClient in try await body(testClient, client) }
    }
}

extension TestClientProtocol {
    /// Sends `body` as FHIR JSON.
    func send(_ method: HTTPRequest.Method, _ uri: String, json body: String? = nil, headers: HTTPFields = [:]) async throws -> TestResponse {
        var h = headers
        if body != nil && h[.contentType] == nil { h[.contentType] = "application/fhir+json" }
        return try await execute(uri: uri, method: method, headers: h, body: body.map { ByteBuffer(string: $0) })
    }
}

extension TestResponse {
    var json: JSON { (try? JSON(parsing: Array(body.readableBytesView))) ?? .null }

    /// The diagnostics of an OperationOutcome body ("" if the body is not one).
    var diagnostics: String {
        guard json["resourceType"] == "OperationOutcome" else { return "" }
        return json["issue"]?[0]?["diagnostics"]?.stringValue ?? ""
    }
}
