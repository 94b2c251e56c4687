import Evidence
import FHIRCore
import FHIRStore

/// What a generating operation produced: the output resource built from the verified statements (each
/// statement's element id present in it), the statements, and the source versions they quote.
public struct GeneratedArtifact: Sendable {
    /// The output resource (`Composition`, `Claim`, …); an `id` is assigned when it has none.
    public var resource: JSON
    /// The verified statements; each gets one Provenance.
    public var statements: [Statement]
    /// The source versions the evidence names.
    public var sources: [SourceReference: JSON]
    /// Evident profile the resource claims in `meta.profile`.
    public var profile: String?
    /// Warnings to return (the statements the verifier dropped).
    public var outcome: JSON?
    /// Resources the evidence points at that are not stored yet (an inline transcript), each with its `id`:
    /// written first, in the same transaction, as version 1.
    public var supporting: [JSON]

    public init(resource: JSON, statements: [Statement], sources: [SourceReference: JSON], profile: String? = nil, outcome: JSON? = nil,
                supporting: [JSON] = []) {
        self.resource = resource
        self.statements = statements
        self.sources = sources
        self.profile = profile
        self.outcome = outcome
        self.supporting = supporting
    }
}

extension OperationContext {
    /// Labels the artifact (AIAST, profile), builds one signed Provenance per statement and, unless
    /// `persist` is false, writes the resource and all its Provenance in **one** transaction: either all of
    /// them are stored or none. Answers `Parameters` with `return`, each `provenance`, and `outcome`.
    ///
    /// Ids are assigned before signing, so the signed references are the stored ones (`Type/id/_history/1`).
    public func publish(_ artifact: GeneratedArtifact, persist: Bool, requester: String? = nil) async throws -> OperationOutput {
        var resource = artifact.resource
        let type = resource["resourceType"]?.stringValue ?? ""
        guard ResourceType(type) != nil else { throw FHIRError.internal("A generated artifact has no valid resourceType") }
        let id = resource["id"]?.stringValue ?? FHIRID.generate()
        resource["id"] = .string(id)
        Vocabulary.label(&resource, profile: artifact.profile)
        let target = SourceReference(type: type, id: id, version: 1)
        let recorded = FHIRDateTime.instantString(epochSeconds: evidence.now())
        let builder = ProvenanceBuilder(device: evidence.device, signer: evidence.signer, requester: requester)
        var provenances: [JSON] = []
        for statement in artifact.statements {
            provenances.append(try builder.provenance(id: FHIRID.generate(), for: statement, in: resource, target: target,
                                                      sources: artifact.sources, recorded: recorded))
        }
        var output = [resource] + provenances
        if persist { output = Array(try await write(artifact.supporting + output).dropFirst(artifact.supporting.count)) }
        var entries: [JSON] = [["name": "return", "resource": output[0]]]
        entries += output.dropFirst().map { ["name": "provenance", "resource": $0] }
        if let outcome = artifact.outcome { entries.append(["name": "outcome", "resource": outcome]) }
        return .parameters(entries)
    }

    /// Creates `resources` (each with its id) in one transaction Bundle; returns them as stored.
    func write(_ resources: [JSON]) async throws -> [JSON] {
        let entries: [JSON] = resources.map { r in
            let ref = "\(r["resourceType"]!.stringValue!)/\(r["id"]!.stringValue!)"
            return ["fullUrl": .string(baseURL + ref), "resource": r, "request": ["method": "PUT", "url": .string(ref)]]
        }
        let bundle = try Resource(json: ["resourceType": "Bundle", "type": "transaction", "entry": .array(entries)])
        let response = try JSON(parsing: try await repository.process(bundle: bundle, options: BundleOptions(baseURL: baseURL, returnRepresentation: true)))
        let stored = (response["entry"]?.arrayValue ?? []).compactMap { $0["resource"] }
        let statuses = (response["entry"]?.arrayValue ?? []).map { $0["response"]?["status"]?.stringValue ?? "" }
        guard stored.count == resources.count, statuses.allSatisfy({ $0.hasPrefix("201") }) else {
            throw FHIRError.conflict("Generated resources collided with existing ids (\(statuses.joined(separator: ", "))); run the operation again")
        }
        return stored
    }
}
