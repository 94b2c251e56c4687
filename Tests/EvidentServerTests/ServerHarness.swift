import Evidence
import EvidentServer
import EvidentTesting
import FHIRCore
import FHIRStore
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Operations
import ClinicalText
import Scribe
import Terminology
import PostgresNIO

/// Runs `body` against the real router on a fresh embedded-PostgreSQL database, with the standard
/// operations (or `services`); `seed` writes the conformance resources (OperationDefinitions, profiles, Device) first.
func withServer(
    configuration: ServerConfiguration = ServerConfiguration(publicBaseURL: "http://fhir.test/"),
    services: OperationServices = TestOperations.services(),
    seed: Bool = false,
    wrap: @escaping @Sendable (PostgresRepository) -> any FHIRRepository = { $0 },
    _ body: @escaping @Sendable (any TestClientProtocol, PostgresClient) async throws -> Void
) async throws {
    try await withTestRepository { repo, client async throws in
        let repository = wrap(repo)
        if seed { try await services.seed(into: repo) }
        let router = buildRouter(repository: repository, configuration: configuration, searchParameters: TestSearch.registry, operations: services,
                                 version: "test", now: 0)
        let app = Application(router: router)
        try await app.test(.router) { testClient in try await body(testClient, client) }
    }
}

/// Operation services for tests: the shipped catalog (plus test definitions), one signing key per process, a fixed clock.
enum TestOperations {
    static let signer = ProvenanceSigner.generate()
    static let shipped = try! OperationCatalog.shipped()
    /// The clinical operations over the shipped terminology, built once per test process.
    static let clinical = ClinicalOperations(terminology: try! Terminology.shipped())

    static func services(definitions: [OperationDefinition] = [], operations: [any FHIROperation] = []) -> OperationServices {
        let catalog = OperationCatalog(definitions: shipped.definitions + definitions, profiles: shipped.profiles)
        return OperationServices(registry: try! OperationRegistry.standard(catalog: catalog, extra: clinical.operations + operations),
                                 evidence: EvidenceServices(device: EngineDevice(version: "test"), signer: signer, now: { 1_780_000_000 }),
                                 validator: TestValidator.shared, terminologyResources: clinical.resources)
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
