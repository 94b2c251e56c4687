import FHIRCore

/// The `Device` that authors generated content: Evident's engine, described as the AI Transparency IG's
/// AI-Device (type Artificial-Intelligence, kind rule-based and deterministic, name and version).
public struct EngineDevice: Sendable, Hashable {
    /// The Device's id in the store.
    public var id: String
    public var name: String
    public var version: String
    /// AIdeviceTypeCS codes of its kind, e.g. `Rule-Based-Systems`, `Deterministic-AI`.
    public var kinds: [(code: String, display: String)]

    public init(id: String = "evident-engine", name: String = "Evident clinical engine", version: String,
                kinds: [(code: String, display: String)] = [("Rule-Based-Systems", "Rule-Based Systems"), ("Deterministic-AI", "Deterministic AI")]) {
        self.id = id
        self.name = name
        self.version = version
        self.kinds = kinds
    }

    public static func == (a: EngineDevice, b: EngineDevice) -> Bool {
        a.id == b.id && a.name == b.name && a.version == b.version && a.kinds.map(\.code) == b.kinds.map(\.code)
    }

    public func hash(into h: inout Hasher) {
        h.combine(id)
        h.combine(version)
    }

    /// `Device/{id}`.
    public var reference: String { "Device/\(id)" }

    /// The Device resource.
    public var resource: JSON {
        [
            "resourceType": "Device", "id": .string(id),
            "meta": ["profile": [.string(Vocabulary.aiDeviceProfile), .string(Vocabulary.deviceProfile)]],
            "extension": .array(kinds.map { k in ["url": .string(Vocabulary.aiKind), "valueCodeableConcept": Vocabulary.aiDeviceType(k.code, k.display)] }),
            "status": "active",
            "manufacturer": "Evident",
            "deviceName": [["name": .string(name), "type": "model-name"]],
            "type": Vocabulary.aiDeviceType("Artificial-Intelligence", "Artificial Intelligence"),
            "version": [["value": .string(version)]],
        ]
    }
}
