import FHIRCore

/// Turns a verified ``Statement`` of a generated resource into its own signed `Provenance`.
///
/// `target` is the generated resource (versioned) with `targetElement` naming the statement's element and
/// the element's SHA-256; each evidence item becomes an `entity` (`quotation` for a span, `source`
/// otherwise) whose `what` is the versioned source (with `targetElement` when it is a generated element),
/// carrying `derivation-reference` (reference, path, offset, length), the quote and its SHA-256. The
/// author agent is the engine ``EngineDevice``; the requesting user, when known, is a second agent.
public struct ProvenanceBuilder: Sendable {
    public var device: EngineDevice
    public var signer: ProvenanceSigner
    /// A Reference string to the user who asked for the generation, when known.
    public var requester: String?

    public init(device: EngineDevice, signer: ProvenanceSigner, requester: String? = nil) {
        self.device = device
        self.signer = signer
        self.requester = requester
    }

    /// Why a Provenance could not be built (an engine bug: the statement's element is not in the resource).
    public struct Failure: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    /// The signed Provenance `id` for `statement`, whose element lives in `resource` (stored as `target`).
    public func provenance(id: String, for statement: Statement, in resource: JSON, target: SourceReference,
                           sources: [SourceReference: JSON], recorded: String) throws -> JSON {
        guard let targetHash = EvidenceHash.element(statement.elementID, in: resource) else {
            throw Failure(description: "\(target.unversioned) has no element '\(statement.elementID)' for a generated statement")
        }
        var agents: [JSON] = [[
            "type": Vocabulary.participant("author"),
            "role": [Vocabulary.aiDeviceType("Artificial-Intelligence", "Artificial Intelligence")],
            "who": ["reference": .string(device.reference), "display": .string("\(device.name) \(device.version)")],
        ]]
        if let requester { agents.append(["type": Vocabulary.participant("enterer"), "who": ["reference": .string(requester)]]) }
        var reason: JSON = ["coding": [Vocabulary.aiast]]
        if let r = statement.reason { reason["text"] = .string(r) }
        var provenance: JSON = [
            "resourceType": "Provenance", "id": .string(id),
            "meta": ["profile": [.string(Vocabulary.provenanceProfile)]],
        ]
        if let c = statement.confidence { provenance["extension"] = [Vocabulary.confidence(c)] }
        let body: JSON = [
            "target": [[
                "extension": [
                    ["url": .string(Vocabulary.targetElement), "valueUri": .string(statement.elementID)],
                    ["url": .string(Vocabulary.contentSHA256), "valueString": .string(targetHash)],
                ],
                "reference": .string(target.description),
            ]],
            "recorded": .string(recorded),
            "reason": [reason],
            "activity": Vocabulary.createActivity,
            "agent": .array(agents),
            "entity": .array(statement.evidence.map { entity($0, source: sources[$0.source]) }),
        ]
        for m in body.objectValue! { provenance[m.key] = m.value }
        return try signer.sign(provenance, when: recorded, who: device.reference)
    }

    func entity(_ item: EvidenceItem, source: JSON?) -> JSON {
        var derivation: [JSON] = [["url": "reference", "valueReference": ["reference": .string(item.source.description)]]]
        if item.elementID == nil, let path = item.path { derivation.append(["url": "path", "valueString": .string(path)]) }
        if let span = item.span {
            derivation.append(["url": "offset", "valueInteger": .number(JSONNumber(span.offset))])
            derivation.append(["url": "length", "valueInteger": .number(JSONNumber(span.length))])
        }
        var extensions: [JSON] = [["url": .string(Vocabulary.derivationReference), "extension": .array(derivation)]]
        if let q = item.quote { extensions.append(["url": .string(Vocabulary.quotation), "valueString": .string(q)]) }
        if let source, let hash = EvidenceHash.evidence(item, in: source) {
            extensions.append(["url": .string(Vocabulary.contentSHA256), "valueString": .string(hash)])
        }
        var what: JSON = ["reference": .string(item.source.description)]
        if let id = item.elementID { what = ["extension": [["url": .string(Vocabulary.targetElement), "valueUri": .string(id)]], "reference": .string(item.source.description)] }
        return ["extension": .array(extensions), "role": .string(item.role.rawValue), "what": what]
    }
}
