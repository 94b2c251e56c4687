import ArgumentParser
import Evidence
import FHIRValidation
import Foundation
import Logging
import Operations
import ClinicalText
import Scribe
import Terminology

/// The signing key and validation settings of commands that run operations.
struct EvidenceOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "Ed25519 key that signs Provenance (32 raw bytes, base64). Created on first use. Default: $EVIDENT_SIGNING_KEY or ./.evident/signing-key.",
        valueName: "path"))
    var signingKey: String?

    @Option(name: .long, parsing: .singleValue, help: ArgumentHelp(
        "An Ed25519 public key (32 bytes, base64) whose Provenance signatures $verify-provenance also accepts: an earlier key after a rotation, or another Evident's. Repeatable.",
        valueName: "base64"))
    var trustedKey: [String] = []

    @Option(name: .long, help: ArgumentHelp("Validation of created and updated resources: strict (invalid → 422) or lenient (stored as sent).",
                                            valueName: "mode"))
    var validation: StructureValidator.Mode = .strict

    var keyPath: String { signingKey ?? ProcessInfo.processInfo.environment["EVIDENT_SIGNING_KEY"] ?? ".evident/signing-key" }

    /// Loads the signing key, creating it (mode 0600) when the file does not exist.
    func signer(logger: Logger) throws -> ProvenanceSigner {
        let path = keyPath
        if let data = FileManager.default.contents(atPath: path) {
            let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            guard let raw = Data(base64Encoded: text), raw.count == 32 else {
                throw ValidationError("\(path) is not an Ed25519 signing key (32 bytes, base64). Move it away to have a new key created.")
            }
            return try ProvenanceSigner(rawPrivateKey: raw)
        }
        let signer = ProvenanceSigner.generate()
        let dir = (path as NSString).deletingLastPathComponent
        if !dir.isEmpty { try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true) }
        guard FileManager.default.createFile(atPath: path, contents: Data((signer.rawPrivateKey.base64EncodedString() + "\n").utf8),
                                             attributes: [.posixPermissions: 0o600]) else {
            throw ValidationError("Cannot write a new signing key to \(path); pass --signing-key with a writable path")
        }
        logger.notice("Created a Provenance signing key", metadata: ["path": "\(path)", "keyID": "\(signer.publicKey.keyID)"])
        return signer
    }

    /// Every operation this binary runs: the standard ones and the clinical ones implemented so far.
    static func registry(_ clinical: ClinicalOperations) throws -> OperationRegistry {
        try OperationRegistry.standard(catalog: try OperationCatalog.shipped(), extra: clinical.operations)
    }

    /// The operation services of a server run by this binary.
    func services(logger: Logger) throws -> OperationServices {
        let clinical = ClinicalOperations(terminology: try Terminology.shipped())
        let registry = try Self.registry(clinical)
        let trusted = try trustedKey.map { text -> ProvenancePublicKey in
            guard let raw = Data(base64Encoded: text), raw.count == 32 else {
                throw ValidationError("--trusted-key '\(text)' is not an Ed25519 public key (32 bytes, base64); `evident signing-key` prints one")
            }
            return try ProvenancePublicKey(raw: raw)
        }
        let evidence = EvidenceServices(device: EngineDevice(version: Evident.version), signer: try signer(logger: logger), trustedKeys: trusted,
                                        now: { Date().timeIntervalSince1970 })
        return OperationServices(registry: registry, evidence: evidence, validator: StructureValidator(model: try StructureModel.r4(), mode: validation),
                                 terminologyResources: clinical.resources)
    }
}

extension StructureValidator.Mode: ExpressibleByArgument {}

/// `evident signing-key`: show the public half of the Provenance signing key, for auditors.
struct SigningKey: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "signing-key",
        abstract: "Print the Provenance signing key's id and public key (creating the key if needed).",
        discussion: "Auditors verify Provenance.signature (a detached JWS, alg EdDSA) with this public key; the kid in each JWS header is the key id.")

    @OptionGroup var evidence: EvidenceOptions

    func run() throws {
        let signer = try evidence.signer(logger: Logger(label: "evident"))
        print("key id:     \(signer.publicKey.keyID)")
        print("public key: \(signer.publicKey.raw.base64EncodedString())  (Ed25519, raw 32 bytes, base64)")
        print("file:       \(evidence.keyPath)")
    }
}
