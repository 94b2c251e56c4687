import FHIRCore
import FHIRSearch
import FHIRStore
import Hummingbird
import Logging

/// The FHIR router for `repository`: all FHIR routes plus error mapping and content negotiation.
public func buildRouter(repository: some FHIRRepository, configuration: ServerConfiguration, searchParameters: SearchParameterRegistry,
                        version: String, now: Double) -> Router<FHIRRequestContext> {
    let router = Router(context: FHIRRequestContext.self)
    router.add(middleware: FHIRMiddleware())
    let capabilities = CapabilityStatementBuilder(version: version, baseURL: configuration.publicBaseURL, searchParameters: searchParameters)
        .build(date: FHIRDateTime.instantString(epochSeconds: now))
    FHIRController(repository: repository, configuration: configuration, capabilityStatement: capabilities.serialized())
        .register(on: router)
    return router
}
