import Evidence
import FHIRCore
import FHIRStore
import FHIRValidation
import Logging

/// Everything an operation may use: the store, the validator, the evidence services and the request's
/// base URL. Built per request by the HTTP layer from long-lived parts.
public struct OperationContext: Sendable {
    public var repository: any FHIRRepository
    public var validator: StructureValidator
    public var evidence: EvidenceServices
    /// The server's base URL, e.g. `http://localhost:8080/`.
    public var baseURL: String
    /// Search page sizes.
    public var defaultCount: Int
    public var maxCount: Int
    public var logger: Logger

    public init(repository: any FHIRRepository, validator: StructureValidator, evidence: EvidenceServices, baseURL: String,
                defaultCount: Int = 50, maxCount: Int = 1_000, logger: Logger) {
        self.repository = repository
        self.validator = validator
        self.evidence = evidence
        self.baseURL = baseURL
        self.defaultCount = defaultCount
        self.maxCount = maxCount
        self.logger = logger
    }
}

/// The long-lived parts of Provenance: the engine Device, the signing key, keys accepted when auditing, a clock.
public struct EvidenceServices: Sendable {
    public var device: EngineDevice
    public var signer: ProvenanceSigner
    /// Public keys accepted by `$verify-provenance` (the signer's own, plus earlier keys after a rotation).
    public var trustedKeys: [ProvenancePublicKey]
    /// Seconds since 1970.
    public var now: @Sendable () -> Double

    public init(device: EngineDevice, signer: ProvenanceSigner, trustedKeys: [ProvenancePublicKey] = [], now: @escaping @Sendable () -> Double) {
        self.device = device
        self.signer = signer
        self.trustedKeys = [signer.publicKey] + trustedKeys
        self.now = now
    }
}
