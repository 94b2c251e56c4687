import Crypto
import FHIRCore
import Foundation

/// Signs Provenance resources with Ed25519 as a detached JWS (`Signature.sigFormat` `application/jose`).
///
/// The payload is the ``CanonicalJSON`` of the Provenance without `meta` and `signature` (the store rewrites
/// `meta`; a resource cannot sign its own signature), so anyone with the public key can check it with a
/// standard JOSE library: rebuild the payload, put it between the two dots, verify with `alg` EdDSA.
public struct ProvenanceSigner: Sendable {
    let key: Curve25519.Signing.PrivateKey

    /// Loads a key from its 32-byte raw representation.
    public init(rawPrivateKey: some ContiguousBytes) throws {
        key = try Curve25519.Signing.PrivateKey(rawRepresentation: rawPrivateKey)
    }

    /// A new random key.
    public static func generate() -> ProvenanceSigner { ProvenanceSigner(key: Curve25519.Signing.PrivateKey()) }

    init(key: Curve25519.Signing.PrivateKey) { self.key = key }

    /// The raw private key (32 bytes), to store.
    public var rawPrivateKey: Data { key.rawRepresentation }

    /// The matching public key.
    public var publicKey: ProvenancePublicKey { ProvenancePublicKey(key: key.publicKey) }

    /// `Signature.type` for a signature made by the generating system (ASTM E1762 "Source Signature": the
    /// signature of an automated data source).
    public static let signatureType: JSON = [
        "system": "urn:iso-astm:E1762-95:2013", "code": "1.2.840.10065.1.12.1.14", "display": "Source Signature",
    ]

    /// `provenance` with its `signature` replaced by one made now by `who` (a Reference string, e.g. `Device/x`).
    public func sign(_ provenance: JSON, when: String, who: String) throws -> JSON {
        let header: JSON = ["alg": "EdDSA", "kid": .string(publicKey.keyID)]
        let h = Base64URL.encode(CanonicalJSON.bytes(header))
        let p = Base64URL.encode(Self.payload(of: provenance))
        let signature = try key.signature(for: Array((h + "." + p).utf8))
        let jws = h + ".." + Base64URL.encode(Array(signature))
        var out = provenance
        out["signature"] = [[
            "type": [Self.signatureType], "when": .string(when), "who": ["reference": .string(who)],
            "targetFormat": "application/fhir+json", "sigFormat": "application/jose",
            "data": .string(Data(jws.utf8).base64EncodedString()),
        ]]
        return out
    }

    /// The signed bytes: the canonical Provenance without `meta` and `signature`.
    public static func payload(of provenance: JSON) -> [UInt8] {
        var p = provenance
        p["meta"] = nil
        p["signature"] = nil
        return CanonicalJSON.bytes(p)
    }
}

/// A public key that checks Provenance signatures.
public struct ProvenancePublicKey: Sendable {
    let key: Curve25519.Signing.PublicKey

    public init(raw: some ContiguousBytes) throws { key = try Curve25519.Signing.PublicKey(rawRepresentation: raw) }

    init(key: Curve25519.Signing.PublicKey) { self.key = key }

    public var raw: Data { key.rawRepresentation }

    /// The key id written in each JWS header: the first 16 hex digits of the SHA-256 of the raw public key.
    public var keyID: String { String(ContentHash.hex(SHA256.hash(data: key.rawRepresentation)).prefix(16)) }

    /// The result of checking one Provenance's signature.
    public enum Check: Sendable, Hashable {
        case valid
        case invalid(String)
    }

    /// Checks the first JOSE signature of `provenance` against this key.
    public func check(_ provenance: JSON) -> Check {
        guard let sig = provenance["signature"]?[0], let data = sig["data"]?.stringValue else { return .invalid("the Provenance is not signed") }
        guard sig["sigFormat"]?.stringValue == "application/jose", let raw = Data(base64Encoded: data) else {
            return .invalid("the signature is not a base64 JWS")
        }
        let parts = String(decoding: raw, as: UTF8.self).split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[1].isEmpty, let header = Base64URL.decode(String(parts[0])), let signature = Base64URL.decode(String(parts[2])) else {
            return .invalid("the signature is not a detached JWS (header..signature)")
        }
        guard let h = try? JSON(parsing: header), h["alg"]?.stringValue == "EdDSA" else { return .invalid("the JWS algorithm is not EdDSA") }
        guard h["kid"]?.stringValue == keyID else { return .invalid("signed with key \(h["kid"]?.stringValue ?? "?"), not this server's key \(keyID)") }
        let input = String(parts[0]) + "." + Base64URL.encode(ProvenanceSigner.payload(of: provenance))
        return key.isValidSignature(signature, for: Array(input.utf8)) ? .valid : .invalid("the signature does not match the Provenance's content")
    }
}

/// Base64url without padding (RFC 7515).
enum Base64URL {
    static func encode(_ bytes: some Sequence<UInt8>) -> String {
        Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static func decode(_ text: String) -> [UInt8]? {
        var s = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while s.count % 4 != 0 { s += "=" }
        return Data(base64Encoded: s).map(Array.init)
    }
}
