import Hummingbird

/// Request context for FHIR routes. Bodies are collected by the handlers with the configured
/// ``ServerConfiguration/maxBodyBytes``; `maxUploadSize` mirrors a generous default for Hummingbird's own decoding.
public struct FHIRRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
    }

    public var maxUploadSize: Int { 256 << 20 }
}
