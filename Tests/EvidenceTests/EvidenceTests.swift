import Evidence
import FHIRCore
import Foundation
import Testing

/// A transcript DocumentReference (version 1) and a Composition whose sentence quotes it.
enum Fixture {
    static let transcriptText = "Doctor: What brings you in?\nPatient: I have had a headache for 3 days. I don't have any fever."

    static var transcript: JSON {
        [
            "resourceType": "DocumentReference", "id": "t1", "meta": ["versionId": "1"], "status": "current",
            "content": [["attachment": ["contentType": "text/plain", "data": .string(Data(transcriptText.utf8).base64EncodedString())]]],
        ]
    }

    static let source = SourceReference(type: "DocumentReference", id: "t1", version: 1)
    static let path = "DocumentReference.content[0].attachment"

    /// Evidence quoting `quote` where it occurs in the transcript.
    static func quoting(_ quote: String) -> EvidenceItem {
        let scalars = Array(transcriptText.unicodeScalars), q = Array(quote.unicodeScalars)
        let offset = (0...(scalars.count - q.count)).first { Array(scalars[$0..<($0 + q.count)]) == q }!
        return EvidenceItem(source: source, path: path, span: TextSpan(offset: offset, length: q.count), quote: quote)
    }

    static func composition(_ sentences: [(id: String, text: String)]) -> JSON {
        let spans = sentences.map { "<span id=\"\($0.id)\">\(NarrativeText.escape($0.text))</span>" }.joined(separator: " ")
        return [
            "resourceType": "Composition", "id": "c1", "status": "preliminary",
            "type": ["text": "Progress note"], "date": "2026-01-01", "title": "Note", "author": [["reference": "Device/evident-engine"]],
            "section": [["title": "HPI", "text": ["status": "generated", "div": .string("<div xmlns=\"http://www.w3.org/1999/xhtml\">\(spans)</div>")]]],
        ]
    }
}

@Suite struct NarrativeTextTests {
    @Test func spansAndEntities() {
        let n = NarrativeText(xhtml: #"<div xmlns="http://www.w3.org/1999/xhtml"><p><span id="a">Pain &amp; fever</span> <span id='b'>x &lt; 3</span></p><br/></div>"#)
        #expect(n.text == "Pain & fever x < 3")
        #expect(n.text(ofElement: "a") == "Pain & fever")
        #expect(n.text(ofElement: "b") == "x < 3")
        #expect(n.text(ofElement: "c") == nil)
    }

    @Test func codePointOffsets() {
        let text = "Café 😀 ok"
        #expect(TextSpan(offset: 7, length: 2).slice(of: text) == "ok")
        #expect(TextSpan(offset: 8, length: 5).slice(of: text) == nil)
    }
}

@Suite struct VerifierTests {
    let sources = [Fixture.source: Fixture.transcript]

    @Test func keepsStatementsWhoseQuotesHold() {
        let s = Statement(elementID: "hpi-1", content: .text("Headache for 3 days."), evidence: [Fixture.quoting("I have had a headache for 3 days.")])
        let r = EvidenceVerifier().verify([s], sources: sources)
        #expect(r.kept.map(\.elementID) == ["hpi-1"])
        #expect(r.dropped.isEmpty)
        #expect(r.outcome == nil)
    }

    @Test func keyFactsNumbersDatesAndNegation() {
        let f = KeyFacts("BP 120/80 on March 3rd, dose 7.50 mg, 07 days; denies chest pain")
        #expect(f.numbers == ["120", "80", "3", "7.5", "7"])
        #expect(f.dateWords == ["mar"])
        #expect(f.negated)
        #expect(!KeyFacts("Chest pain since Monday.").negated)
        #expect(KeyFacts("Seen on Mon and in May.").dateWords == ["mon", "may"])
        // Numbers said in words count as their values.
        #expect(KeyFacts("his sat is at a hundred percent").numbers == ["100"])
        #expect(KeyFacts("a hundred and ten over seventy").numbers == ["110", "70"])
        #expect(KeyFacts("six hundred milligrams, one twenty two").numbers == ["600", "122"])
        let check = KeyFactCheck()
        let s = Statement(elementID: "a", content: .text("Pain since Tuesday."), evidence: [])
        #expect(check.problems(with: s, quotes: ["the pain started Monday"]).first?.contains("date word(s) tue") == true)
        #expect(check.problems(with: s, quotes: ["the pain started on tuesday"]).isEmpty)
    }

    @Test func numbersAndDatesTakenFromACitedRecordMustBeInIt() {
        let obs = SourceReference(type: "Observation", id: "a1c", version: 1)
        let record: JSON = ["resourceType": "Observation", "id": "a1c", "meta": ["versionId": "1"], "effectiveDateTime": "2024-03-02",
                            "code": ["coding": [["system": "http://loinc.org", "code": "4548-4", "display": "Hemoglobin A1c/Hemoglobin.total in Blood"]]],
                            "valueQuantity": ["value": 7.2, "unit": "%"], "subject": ["reference": "Patient/p99"]]
        let statements = [
            Statement(elementID: "ok", content: .text("Hemoglobin A1c 7.2 % on 2024-03-02."), evidence: [EvidenceItem(source: obs)]),
            Statement(elementID: "value", content: .text("Hemoglobin A1c 9.1 % on 2024-03-02."), evidence: [EvidenceItem(source: obs)]),
            Statement(elementID: "date", content: .text("Hemoglobin A1c 7.2 % on 2023-03-02."), evidence: [EvidenceItem(source: obs)]),
            // A reference's digits (p99) support nothing.
            Statement(elementID: "id", content: .text("Seen 99 times."), evidence: [EvidenceItem(source: obs)]),
        ]
        let r = EvidenceVerifier().verify(statements, sources: [obs: record])
        #expect(r.kept.map(\.elementID) == ["ok"])
        #expect(r.dropped.first { $0.statement.elementID == "value" }?.reasons.joined().contains("9.1") == true)
        #expect(r.dropped.first { $0.statement.elementID == "date" }?.reasons.joined().contains("2023") == true)
    }

    @Test func dropsWrongOffsetMissingSourceChangedNumbersAndNegation() {
        var moved = Fixture.quoting("I have had a headache for 3 days.")
        moved.span!.offset += 1
        let missing = EvidenceItem(source: SourceReference(type: "DocumentReference", id: "t1", version: 2), path: Fixture.path,
                                   span: TextSpan(offset: 0, length: 6), quote: "Doctor")
        let statements = [
            Statement(elementID: "a", content: .text("Headache for 3 days."), evidence: [moved]),
            Statement(elementID: "b", content: .text("Headache."), evidence: [missing]),
            Statement(elementID: "c", content: .text("Headache for 5 days."), evidence: [Fixture.quoting("I have had a headache for 3 days.")]),
            Statement(elementID: "d", content: .text("Reports fever."), evidence: [Fixture.quoting("I don't have any fever.")]),
            Statement(elementID: "e", content: .code(system: "http://hl7.org/fhir/sid/icd-10-cm", code: "R50.9", display: "Fever"),
                      evidence: [Fixture.quoting("I don't have any fever.")]),
            Statement(elementID: "f", content: .text("No fever."), evidence: [Fixture.quoting("I don't have any fever.")]),
            Statement(elementID: "g", content: .text("Unsupported."), evidence: []),
        ]
        let r = EvidenceVerifier().verify(statements, sources: sources)
        #expect(r.kept.map(\.elementID) == ["f"])
        let reasons = Dictionary(uniqueKeysWithValues: r.dropped.map { ($0.statement.elementID, $0.reasons.joined()) })
        #expect(reasons["a"]?.contains("not \"I have had") == true)
        #expect(reasons["b"]?.contains("not available") == true)
        #expect(reasons["c"]?.contains("number(s) 5") == true)
        #expect(reasons["d"]?.contains("negated") == true)
        #expect(reasons["e"]?.contains("negated evidence") == true)
        #expect(reasons["g"]?.contains("no evidence") == true)
        let outcome = r.outcome!
        #expect(outcome["issue"]?.arrayValue?.count == 6)
        #expect(outcome["issue"]?[0]?["severity"] == "warning")
    }
}

@Suite struct ProvenanceTests {
    let signer = ProvenanceSigner.generate()
    let device = EngineDevice(version: "0.4.0")
    let target = SourceReference(type: "Composition", id: "c1", version: 1)
    let statement = Statement(elementID: "hpi-1", content: .text("Headache for 3 days."),
                              evidence: [Fixture.quoting("I have had a headache for 3 days.")], confidence: 0.9, reason: "History of present illness")

    func build() throws -> (JSON, JSON) {
        let composition = Fixture.composition([("hpi-1", "Headache for 3 days.")])
        let p = try ProvenanceBuilder(device: device, signer: signer).provenance(
            id: "p1", for: statement, in: composition, target: target, sources: [Fixture.source: Fixture.transcript], recorded: "2026-01-01T00:00:00Z")
        return (p, composition)
    }

    @Test func provenanceCarriesTargetElementEvidenceHashesAndSignature() throws {
        let (p, _) = try build()
        let record = try #require(ProvenanceRecord(p))
        #expect(record.target == target)
        #expect(record.element == "hpi-1")
        #expect(record.targetSHA256 == ContentHash.sha256("Headache for 3 days."))
        #expect(record.entities.count == 1)
        #expect(record.entities[0].item == Fixture.quoting("I have had a headache for 3 days."))
        #expect(record.entities[0].sha256 == ContentHash.sha256("I have had a headache for 3 days."))
        #expect(p["entity"]?[0]?["role"] == "quotation")
        #expect(p["agent"]?[0]?["who"]?["reference"] == "Device/evident-engine")
        #expect(p["signature"]?[0]?["sigFormat"] == "application/jose")
        #expect(signer.publicKey.check(p) == .valid)
    }

    @Test func auditorDetectsEditedTargetEditedSourceAndForgery() throws {
        let (p, composition) = try build()
        let auditor = ProvenanceAuditor(keys: [signer.publicKey])
        let sources = [Fixture.source: Fixture.transcript]
        #expect(auditor.audit(p, currentTarget: composition, sources: sources, currentSources: [:]).status == .intact)

        let edited = Fixture.composition([("hpi-1", "Headache for 4 days.")])
        #expect(auditor.audit(p, currentTarget: edited, sources: sources, currentSources: [:]).status == .targetChanged)

        var newer = Fixture.transcript
        newer["meta"] = ["versionId": "2"]
        newer["content"] = [["attachment": ["data": .string(Data("Patient: I feel fine.".utf8).base64EncodedString())]]]
        let changed = auditor.audit(p, currentTarget: composition, sources: sources, currentSources: ["DocumentReference/t1": newer])
        #expect(changed.status == .sourceChanged)
        #expect(changed.details.joined().contains("version 2"))

        var forged = p
        var entity = p["entity"]![0]!
        entity["extension"] = .array(entity["extension"]!.arrayValue!.map { e in
            var e = e
            if e["url"]?.stringValue == Vocabulary.quotation { e["valueString"] = "I have had a headache for 30 days." }
            return e
        })
        forged["entity"] = [entity]
        #expect(auditor.audit(forged, currentTarget: composition, sources: sources, currentSources: [:]).status == .signatureInvalid)
        let otherKey = ProvenanceAuditor(keys: [ProvenanceSigner.generate().publicKey])
        #expect(otherKey.audit(p, currentTarget: composition, sources: sources, currentSources: [:]).status == .signatureInvalid)
    }

    @Test func canonicalJSONIgnoresMemberOrder() throws {
        let a = try JSON(parsing: #"{"b":[{"y":1,"x":"2"}],"a":1.50}"#), b = try JSON(parsing: #"{"a":1.50,"b":[{"x":"2","y":1}]}"#)
        #expect(CanonicalJSON.string(a) == CanonicalJSON.string(b))
        #expect(CanonicalJSON.string(a) == #"{"a":1.50,"b":[{"x":"2","y":1}]}"#)
    }

    @Test func deviceIsAnAIDevice() {
        let d = device.resource
        #expect(d["type"]?["coding"]?[0]?["code"] == "Artificial-Intelligence")
        #expect(d["version"]?[0]?["value"] == "0.4.0")
    }
}
