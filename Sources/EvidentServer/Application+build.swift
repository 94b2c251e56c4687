import FHIRCore
import FHIRSearch
import FHIRStore
import Hummingbird
import Logging
import Operations

/// The FHIR router for `repository`: all FHIR routes plus error mapping and content negotiation.
/// `$operations` are routed to `operations.registry`; the router knows none of them by name.
public func buildRouter(repository: some FHIRRepository, configuration: ServerConfiguration, searchParameters: SearchParameterRegistry,
                        operations: OperationServices, version: String, now: Double) -> Router<FHIRRequestContext> {
    let router = Router(context: FHIRRequestContext.self)
    router.add(middleware: FHIRMiddleware())
    let capabilities = CapabilityStatementBuilder(version: version, baseURL: configuration.publicBaseURL, searchParameters: searchParameters,
                                                  operations: operations.registry.implemented)
        .build(date: FHIRDateTime.instantString(epochSeconds: now))
    FHIRController(repository: repository, configuration: configuration, capabilityStatement: capabilities.serialized(), operations: operations)
        .register(on: router)
    return router
}
