import FHIRCore

/// Canonical URLs and codes of the standards Evident's Provenance follows: FHIR core extensions, the HL7
/// AI Transparency on FHIR IG (http://hl7.org/fhir/uv/aitransparency) and Evident's own extensions.
public enum Vocabulary {
    /// Evident's canonical base for its profiles and extensions.
    public static let base = "https://evident.dev/fhir"

    /// Extension on a Reference: the id of the element of interest in the referenced resource.
    public static let targetElement = "http://hl7.org/fhir/StructureDefinition/targetElement"
    /// Complex extension: where in a source a derived element came from (`reference`, `path`, `offset`, `length`).
    public static let derivationReference = "http://hl7.org/fhir/StructureDefinition/derivation-reference"
    /// AI Transparency IG: the AI's confidence in an element or resource (valueDecimal 0...1).
    public static let aiConfidence = "http://hl7.org/fhir/uv/aitransparency/StructureDefinition/AIconfidence"
    /// AI Transparency IG: the kind of AI a Device is.
    public static let aiKind = "http://hl7.org/fhir/uv/aitransparency/StructureDefinition/aitransparency.AIKind"
    /// AI Transparency IG code system for AI device types.
    public static let aiDeviceTypeSystem = "http://hl7.org/fhir/uv/aitransparency/CodeSystem/AIdeviceTypeCS"
    /// AI Transparency IG profiles.
    public static let aiDeviceProfile = "http://hl7.org/fhir/uv/aitransparency/StructureDefinition/AI-Device"

    /// Evident extension: SHA-256 (hex) of the content a Provenance vouches for (on `target` and each `entity`).
    public static let contentSHA256 = base + "/StructureDefinition/content-sha256"
    /// Evident extension: the exact quoted source text of a `quotation` entity.
    public static let quotation = base + "/StructureDefinition/quotation"

    /// Evident profiles.
    public static let provenanceProfile = base + "/StructureDefinition/evident-provenance"
    public static let compositionProfile = base + "/StructureDefinition/evident-composition"
    public static let claimProfile = base + "/StructureDefinition/evident-claim"
    public static let deviceProfile = base + "/StructureDefinition/evident-device"

    /// `meta.security` label of AI-asserted content.
    public static let aiast: JSON = [
        "system": "http://terminology.hl7.org/CodeSystem/v3-ObservationValue", "code": "AIAST", "display": "Artificial Intelligence asserted",
    ]

    /// `Provenance.activity` for generated content.
    public static let createActivity: JSON = [
        "coding": [["system": "http://terminology.hl7.org/CodeSystem/v3-DataOperation", "code": "CREATE", "display": "create"]],
    ]

    /// A `provenance-participant-type` CodeableConcept.
    public static func participant(_ code: String) -> JSON {
        ["coding": [["system": "http://terminology.hl7.org/CodeSystem/provenance-participant-type", "code": .string(code)]]]
    }

    /// An AI Transparency AIdeviceTypeCS CodeableConcept.
    public static func aiDeviceType(_ code: String, _ display: String) -> JSON {
        ["coding": [["system": .string(aiDeviceTypeSystem), "code": .string(code), "display": .string(display)]]]
    }

    /// The AIconfidence extension with a decimal 0...1 (rounded to 3 places).
    public static func confidence(_ value: Double) -> JSON {
        let clamped = Swift.min(1, Swift.max(0, value))
        return ["url": .string(aiConfidence), "valueDecimal": .number(JSONNumber((clamped * 1000).rounded() / 1000))]
    }

    /// Adds AIAST to `meta.security` (once) and, when given, a profile to `meta.profile`.
    public static func label(_ resource: inout JSON, profile: String?) {
        var meta = resource["meta"] ?? JSON.object(JSONObject())
        var security = meta["security"]?.arrayValue ?? []
        if !security.contains(where: { $0["code"] == "AIAST" }) { security.append(aiast) }
        meta["security"] = .array(security)
        if let profile {
            var profiles = meta["profile"]?.arrayValue ?? []
            if !profiles.contains(.string(profile)) { profiles.append(.string(profile)) }
            meta["profile"] = .array(profiles)
        }
        resource["meta"] = meta
    }
}
