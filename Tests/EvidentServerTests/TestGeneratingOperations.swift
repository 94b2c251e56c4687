import Evidence
import FHIRCore
import FHIRStore
import Foundation
import Operations

/// Two small generating operations, for tests only, that exercise the framework end to end the way the
/// clinical operations will: `$test-summarize` turns a transcript DocumentReference into a Composition
/// (one sentence per patient utterance, each quoting its span), and `$test-code` codes that Composition
/// into a Claim (a diagnosis and an item per sentence that mentions a headache, quoting the word).
enum TestGenerating {
    static func definition(id: String, code: String, resource: String, output: String, inputs: [JSON] = []) -> OperationDefinition {
        try! OperationDefinition(json: [
            "resourceType": "OperationDefinition", "id": .string(id), "url": .string("https://evident.dev/fhir/OperationDefinition/\(id)"),
            "name": .string(code), "status": "draft", "kind": "operation", "code": .string(code), "resource": [.string(resource)],
            "system": false, "type": false, "instance": true, "affectsState": true,
            "parameter": .array(inputs + [
                ["name": "persist", "use": "in", "min": 0, "max": "1", "type": "boolean"],
                ["name": "return", "use": "out", "min": 1, "max": "1", "type": .string(output)],
                ["name": "provenance", "use": "out", "min": 0, "max": "*", "type": "Provenance"],
                ["name": "outcome", "use": "out", "min": 0, "max": "1", "type": "OperationOutcome"],
            ]),
        ])
    }

    static let definitions = [
        definition(id: "DocumentReference-test-summarize", code: "test-summarize", resource: "DocumentReference", output: "Composition",
                   inputs: [["name": "inject", "use": "in", "min": 0, "max": "1", "type": "boolean"]]),
        definition(id: "Composition-test-code", code: "test-code", resource: "Composition", output: "Claim"),
    ]

    static func services() -> OperationServices {
        TestOperations.services(definitions: definitions, operations: [SummarizeOperation(), CodeOperation()])
    }

    static func versioned(_ json: JSON) -> SourceReference {
        SourceReference(type: json["resourceType"]!.stringValue!, id: json["id"]!.stringValue!, version: Int(json["meta"]?["versionId"]?.stringValue ?? "1")!)
    }
}

struct SummarizeOperation: FHIROperation {
    let definitionID = "DocumentReference-test-summarize"
    static let path = "DocumentReference.content[0].attachment"

    func invoke(_ invocation: OperationInvocation, context: OperationContext) async throws -> OperationOutput {
        let (type, id) = try invocation.instance()
        let doc = try await context.read(type, id)
        let source = TestGenerating.versioned(doc)
        let text = try SourceText.text(at: Self.path, in: doc)
        var statements: [Statement] = []
        var offset = 0
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            defer { offset += line.unicodeScalars.count + 1 }
            guard line.hasPrefix("Patient: ") else { continue }
            let said = String(line.dropFirst(9))
            let item = EvidenceItem(source: source, path: Self.path, span: TextSpan(offset: offset + 9, length: said.unicodeScalars.count), quote: said)
            statements.append(Statement(elementID: "s\(statements.count + 1)", content: .text("Patient said: " + said), evidence: [item],
                                        confidence: 0.9, reason: "History of present illness"))
        }
        if invocation.input.bool("inject") == true, let first = statements.first {
            statements.append(Statement(elementID: "s99", content: .text("Symptoms for 10 days."), evidence: first.evidence))
        }
        let verified = EvidenceVerifier().verify(statements, sources: [source: doc])
        let spans = verified.kept.map { s -> String in
            guard case .text(let t) = s.content else { return "" }
            return "<span id=\"\(s.elementID)\">\(NarrativeText.escape(t))</span>"
        }
        let composition: JSON = [
            "resourceType": "Composition", "status": "preliminary",
            "type": ["coding": [["system": "http://loinc.org", "code": "11506-3", "display": "Progress note"]]],
            "subject": doc["subject"] ?? ["display": "unknown"], "date": "2026-06-01T10:00:00Z",
            "author": [["reference": .string(context.evidence.device.reference)]], "title": "Visit summary",
            "section": [["title": "History of present illness",
                         "text": ["status": "generated", "div": .string("<div xmlns=\"http://www.w3.org/1999/xhtml\">\(spans.joined(separator: " "))</div>")]]],
        ]
        return try await context.publish(GeneratedArtifact(resource: composition, statements: verified.kept, sources: [source: doc],
                                                           profile: Vocabulary.compositionProfile, outcome: verified.outcome),
                                         persist: invocation.input.bool("persist") ?? true)
    }
}

struct CodeOperation: FHIROperation {
    let definitionID = "Composition-test-code"

    func invoke(_ invocation: OperationInvocation, context: OperationContext) async throws -> OperationOutput {
        let (type, id) = try invocation.instance()
        let note = try await context.read(type, id)
        let source = TestGenerating.versioned(note)
        var statements: [Statement] = []
        for section in note["section"]?.arrayValue ?? [] {
            guard let div = section["text"]?["div"]?.stringValue else { continue }
            let narrative = NarrativeText(xhtml: div)
            for elementID in narrative.elements.keys.sorted() {
                let sentence = narrative.text(ofElement: elementID)!
                guard let r = sentence.range(of: "headache", options: .caseInsensitive) else { continue }
                let offset = sentence.unicodeScalars.distance(from: sentence.unicodeScalars.startIndex, to: r.lowerBound.samePosition(in: sentence.unicodeScalars)!)
                let item = EvidenceItem(source: source, elementID: elementID, span: TextSpan(offset: offset, length: 8), quote: String(sentence[r]))
                let n = statements.count / 2 + 1
                statements.append(Statement(elementID: "dx-\(n)", content: .code(system: "http://hl7.org/fhir/sid/icd-10-cm", code: "R51.9", display: "Headache, unspecified"),
                                            evidence: [item], confidence: 0.8, reason: "Diagnosis"))
                statements.append(Statement(elementID: "item-\(n)", content: .code(system: "http://www.ama-assn.org/go/cpt", code: "99213", display: "Office visit"),
                                            evidence: [item], confidence: 0.6, reason: "Procedure"))
            }
        }
        let verified = EvidenceVerifier().verify(statements, sources: [source: note])
        let kept = verified.kept
        let diagnoses: [JSON] = kept.filter { $0.elementID.hasPrefix("dx-") }.enumerated().map { i, s in
            ["id": .string(s.elementID), "extension": [Vocabulary.confidence(s.confidence!)], "sequence": .number(JSONNumber(i + 1)),
             "diagnosisCodeableConcept": ["coding": [["system": "http://hl7.org/fhir/sid/icd-10-cm", "code": "R51.9", "display": "Headache, unspecified"]]]]
        }
        let items: [JSON] = kept.filter { $0.elementID.hasPrefix("item-") }.enumerated().map { i, s in
            ["id": .string(s.elementID), "extension": [Vocabulary.confidence(s.confidence!)], "sequence": .number(JSONNumber(i + 1)),
             "diagnosisSequence": [.number(JSONNumber(i + 1))], "productOrService": ["coding": [["system": "http://www.ama-assn.org/go/cpt", "code": "99213"]]]]
        }
        var claim: JSON = [
            "resourceType": "Claim", "status": "draft",
            "type": ["coding": [["system": "http://terminology.hl7.org/CodeSystem/claim-type", "code": "professional"]]],
            "use": "claim", "patient": note["subject"] ?? ["display": "unknown"], "created": "2026-06-01",
            "provider": ["display": "Evident test practice"],
            "priority": ["coding": [["system": "http://terminology.hl7.org/CodeSystem/processpriority", "code": "normal"]]],
            "insurance": [["sequence": 1, "focal": true, "coverage": ["display": "Self-pay"]]],
        ]
        if !diagnoses.isEmpty { claim["diagnosis"] = .array(diagnoses) }
        if !items.isEmpty { claim["item"] = .array(items) }
        return try await context.publish(GeneratedArtifact(resource: claim, statements: kept, sources: [source: note],
                                                           profile: Vocabulary.claimProfile, outcome: verified.outcome),
                                         persist: invocation.input.bool("persist") ?? true)
    }
}

/// A repository that damages the last resource of every transaction Bundle (an unknown element), so the
/// store rejects it inside the transaction: used to prove that a failure while writing Provenance leaves nothing.
struct FailingLastEntryRepository: FHIRRepository {
    let base: PostgresRepository

    func process(bundle: Resource, options: BundleOptions) async throws -> [UInt8] {
        var json = bundle.value
        var entries = json["entry"]?.arrayValue ?? []
        if var last = entries.popLast() {
            last["resource"]?["notAnElement"] = true
            entries.append(last)
        }
        json["entry"] = .array(entries)
        return try await base.process(bundle: try Resource(json: json), options: options)
    }

    func read(type: String, id: String) async throws -> StoredResource { try await base.read(type: type, id: id) }
    func vread(type: String, id: String, version: Int) async throws -> StoredResource { try await base.vread(type: type, id: id, version: version) }
    func create(_ resource: Resource, ifNoneExist: String?) async throws -> WriteResult { try await base.create(resource, ifNoneExist: ifNoneExist) }
    func update(type: String, id: String, resource: Resource, ifMatch: Int?) async throws -> WriteResult {
        try await base.update(type: type, id: id, resource: resource, ifMatch: ifMatch)
    }
    func conditionalUpdate(type: String, criteria: String, resource: Resource, ifMatch: Int?) async throws -> WriteResult {
        try await base.conditionalUpdate(type: type, criteria: criteria, resource: resource, ifMatch: ifMatch)
    }
    func patch(type: String, id: String, patch: JSONPatch, ifMatch: Int?) async throws -> WriteResult {
        try await base.patch(type: type, id: id, patch: patch, ifMatch: ifMatch)
    }
    func conditionalPatch(type: String, criteria: String, patch: JSONPatch, ifMatch: Int?) async throws -> WriteResult {
        try await base.conditionalPatch(type: type, criteria: criteria, patch: patch, ifMatch: ifMatch)
    }
    func delete(type: String, id: String, ifMatch: Int?) async throws -> WriteResult { try await base.delete(type: type, id: id, ifMatch: ifMatch) }
    func conditionalDelete(type: String, criteria: String) async throws -> WriteResult { try await base.conditionalDelete(type: type, criteria: criteria) }
    func search(_ request: SearchRequest) async throws -> SearchResult { try await base.search(request) }
    func history(_ request: HistoryRequest) async throws -> HistoryResult { try await base.history(request) }
    func reindex(types: [String]?, batchSize: Int, progress: @Sendable (Int, Int) -> Void) async throws -> Int {
        try await base.reindex(types: types, batchSize: batchSize, progress: progress)
    }
}
