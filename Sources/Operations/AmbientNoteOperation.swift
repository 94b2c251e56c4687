import ClinicalText
import Evidence
import FHIRCore
import FHIRStore
import Foundation
import Scribe

/// `Encounter/{id}/$ambient-note`: a doctor–patient transcript → a draft clinical note (`Composition`) with
/// one signed Provenance per sentence pointing at the transcript span it was derived from.
///
/// The transcript comes inline (`transcript`, then stored as a DocumentReference in the same transaction),
/// by reference (`transcriptReference`: a DocumentReference or Binary), or as the encounter's newest
/// DocumentReference. The patient's sex (for pronouns) is read from the Patient, else inferred from the transcript. Sentences whose evidence
/// does not verify are dropped and reported; empty template sections are reported too.
public struct AmbientNoteOperation: FHIROperation {
    public let definitionID = "Encounter-ambient-note"
    let scribe: Scribe
    /// Longest transcript accepted, in characters.
    public var maxTranscriptCharacters = 400_000

    public init(scribe: Scribe) { self.scribe = scribe }

    static let transcriptPath = "DocumentReference.content[0].attachment"

    public func invoke(_ invocation: OperationInvocation, context: OperationContext) async throws -> OperationOutput {
        let (type, id) = try invocation.instance()
        let encounter = try await context.read(type, id)
        let input = invocation.input
        var patient = PatientContext()
        var subject: JSON?
        var records: [SourceReference: JSON] = [:]
        if let ref = encounter["subject"]?["reference"]?.stringValue, case .local(let t, let pid, _)? = ReferenceTarget(ref), t == "Patient" {
            subject = ["reference": .string("Patient/\(pid)")]
            (patient, records) = try await Self.record(patient: pid, context: context)
        }
        var supporting: [JSON] = []
        var template = try await template(input, context: context, records: &records)
        // Inline smart phrases are stored as a Questionnaire in the same transaction, so their sentences can quote them.
        let phraseParameters = input.all("smartPhrase")
        if !phraseParameters.isEmpty {
            let q = try NoteTemplate.smartPhraseQuestionnaire(phraseParameters, id: FHIRID.generate(),
                                                              date: FHIRDateTime.instantString(epochSeconds: context.evidence.now()))
            let ref = SourceReference(type: "Questionnaire", id: q["id"]!.stringValue!, version: 1)
            template.phrases += try NoteTemplate(questionnaire: q, reference: ref).phrases
            supporting.append(q)
            records[ref] = q
        }
        for phrase in template.phrases where !template.covers(phrase.section) {
            throw FHIRError.invalid("Smart phrase \(phrase.name) belongs in section '\(phrase.section.rawValue)', which template \(template.name) does not have")
        }
        // The transcript and the source its evidence will point at.
        let source: SourceReference, sourceJSON: JSON, text: String, path: String
        let utterances = input.all("utterance")
        if input.string("transcript") != nil && !utterances.isEmpty {
            throw FHIRError.invalid("Send either 'transcript' or 'utterance' parts, not both")
        }
        let fromUtterances = utterances.isEmpty ? nil : try Self.joined(utterances)
        if let inline = input.string("transcript") ?? fromUtterances {
            text = try checked(inline, what: "transcript")
            let docID = FHIRID.generate()
            var doc: JSON = [
                "resourceType": "DocumentReference", "id": .string(docID), "status": "current",
                "type": ["coding": [["system": "http://loinc.org", "code": "75476-2", "display": "Physician Note"]], "text": "Visit conversation transcript"],
                "date": .string(FHIRDateTime.instantString(epochSeconds: context.evidence.now())),
                "content": [["attachment": ["contentType": "text/plain; charset=utf-8", "data": .string(Data(text.utf8).base64EncodedString())]]],
                "context": ["encounter": [["reference": .string("\(type)/\(id)")]]],
            ]
            if let subject { doc["subject"] = subject }
            supporting.append(doc)
            source = SourceReference(type: "DocumentReference", id: docID, version: 1)
            (sourceJSON, path) = (doc, Self.transcriptPath)
        } else {
            let found: JSON
            if let ref = input.value("transcriptReference")?["reference"]?.stringValue {
                guard case .local(let t, let rid, _)? = ReferenceTarget(ref, baseURL: context.baseURL), t == "DocumentReference" || t == "Binary" else {
                    throw FHIRError.invalid("transcriptReference must point at a DocumentReference or a Binary on this server, not '\(ref)'",
                                            expression: ["Parameters.parameter.where(name='transcriptReference')"])
                }
                found = try await context.read(t, rid)
            } else {
                let docs = try await context.searchAll("DocumentReference", query: "encounter=\(type)/\(id)&_sort=-_lastUpdated")
                guard let newest = docs.first else {
                    throw FHIRError.invalid("No transcript: send 'transcript' (text) or 'transcriptReference', or store a DocumentReference for \(type)/\(id)")
                }
                found = newest
            }
            path = found["resourceType"] == "Binary" ? "Binary" : Self.transcriptPath
            let raw: String
            do { raw = try SourceText.text(at: path, in: found) } catch {
                throw FHIRError.invalid("The transcript resource holds no text at \(path): \(error.description)")
            }
            text = try checked(raw, what: "transcript resource")
            source = SourceReference(type: found["resourceType"]!.stringValue!, id: found["id"]!.stringValue!,
                                     version: Int(found["meta"]?["versionId"]?.stringValue ?? "1") ?? 1)
            sourceJSON = found
        }
        let note = scribe.draft(transcript: text, patient: patient, template: template)
        let statements = note.statements(transcript: text, source: source, path: path)
        let sources = records.merging([source: sourceJSON]) { a, _ in a }
        let verified = EvidenceVerifier().verify(statements, sources: sources)
        let kept = note.keeping(Set(verified.kept.map(\.elementID)))
        var issues = verified.outcome?["issue"]?.arrayValue ?? []
        for m in kept.missing {
            issues.append(["severity": "information", "code": "incomplete", "diagnostics": .string("Section \(m.title) is empty: \(m.reason)")])
        }
        for r in note.rejected {
            let spans = r.evidence.map { "\($0.lowerBound)–\($0.upperBound)" }.joined(separator: ", ")
            issues.append(["severity": "information", "code": "informational",
                           "diagnostics": .string("Left out a drafted \(r.section.rawValue) sentence (transcript characters \(spans)) whose prose has a flaw "
                                                  + "(\(r.problems.map(\.description).joined(separator: "; "))): '\(r.text)'")])
        }
        for u in note.unanswered {
            issues.append(["severity": "information", "code": "incomplete",
                           "diagnostics": .string("Smart phrase \(u.phrase): nothing in the conversation answers '\(u.question)'")])
        }
        var composition: JSON = [
            "resourceType": "Composition", "status": "preliminary",
            "type": ["coding": [["system": "http://loinc.org", "code": "11506-3", "display": "Progress note"]]],
            "encounter": ["reference": .string("\(type)/\(id)")],
            "date": .string(FHIRDateTime.instantString(epochSeconds: context.evidence.now())),
            "author": [["reference": .string(context.evidence.device.reference)]],
            "title": "Visit note (draft)",
            "section": .array(Self.sections(kept)),
        ]
        if let subject { composition["subject"] = subject }
        if kept.sections.allSatisfy({ $0.sentences.isEmpty }) { composition["section"] = nil }
        let outcome: JSON? = issues.isEmpty ? nil : ["resourceType": "OperationOutcome", "issue": .array(issues)]
        return try await context.publish(GeneratedArtifact(resource: composition, statements: verified.kept, sources: sources,
                                                           profile: Vocabulary.compositionProfile, outcome: outcome, supporting: supporting),
                                         persist: try invocation.persist())
    }

    /// Utterance parts as one tagged transcript: `[00:12] [doctor] text`, one line per utterance.
    static func joined(_ utterances: [JSON]) throws(FHIRError) -> String {
        let tags = ["clinician": "doctor", "doctor": "doctor", "patient": "patient", "family": "patient_guest", "other": "other"]
        var lines: [String] = []
        for (n, u) in utterances.enumerated() {
            func part(_ name: String) -> JSON? {
                (u["part"]?.arrayValue ?? []).first { $0["name"]?.stringValue == name }?.objectValue?.members.first { $0.key.hasPrefix("value") }?.value
            }
            let speaker = part("speaker")?.stringValue ?? ""
            guard let tag = tags[speaker.lowercased()] else {
                throw .invalid("utterance \(n + 1): speaker '\(speaker)' is not one of clinician, patient, family, other",
                               expression: ["Parameters.parameter.where(name='utterance')[\(n)]"])
            }
            let said = (part("text")?.stringValue ?? "").split(whereSeparator: \.isNewline).joined(separator: " ")
            var line = "[\(tag)] " + said
            if let start = part("start")?.doubleValue {
                let s = Int(start)
                line = String(format: "[%02d:%02d] ", s / 60, s % 60) + line
            }
            lines.append(line)
        }
        return lines.joined(separator: "\n")
    }

    func checked(_ text: String, what: String) throws(FHIRError) -> String {
        try TextInput.checked(text, what: what, maxCharacters: maxTranscriptCharacters)
    }

    /// Composition sections: a `<div>` per section with one `<span id>` per sentence, labels in bold.
    static func sections(_ note: DraftNote) -> [JSON] {
        note.sections.filter { !$0.sentences.isEmpty }.map { section in
            var html = "<div xmlns=\"http://www.w3.org/1999/xhtml\">"
            // Sentences between headings form a block: a paragraph each (prose), one list, or one paragraph.
            var block: [String] = []
            func flush() {
                guard !block.isEmpty else { return }
                switch section.style {
                case .prose: html += block.map { "<p>\($0)</p>" }.joined()
                case .bullets: html += "<ul>" + block.map { "<li>\($0)</li>" }.joined() + "</ul>"
                case .paragraph: html += "<p>" + block.joined(separator: " ") + "</p>"
                }
                block = []
            }
            for s in section.sentences {
                if s.isHeading {
                    flush()
                    html += "<h4><span id=\"\(s.id)\">\(NarrativeText.escape(s.text))</span></h4>"
                    continue
                }
                block.append((s.label.map { "<b>\(NarrativeText.escape($0)):</b> " } ?? "") + "<span id=\"\(s.id)\">\(NarrativeText.escape(s.text))</span>")
            }
            flush()
            html += "</div>"
            var json: JSON = ["title": .string(section.title), "text": ["status": "generated", "div": .string(html)]]
            if let loinc = section.kind.loinc {
                json["code"] = ["coding": [["system": "http://loinc.org", "code": .string(loinc.code), "display": .string(loinc.display)]]]
            }
            return json
        }
    }

    /// `Type/id/_history/n` of a stored resource.
    static func versioned(_ r: JSON) -> SourceReference? {
        guard let t = r["resourceType"]?.stringValue, let id = r["id"]?.stringValue, let v = Int(r["meta"]?["versionId"]?.stringValue ?? "") else { return nil }
        return SourceReference(type: t, id: id, version: v)
    }

    static func patientContext(_ p: JSON, now: Double) -> PatientContext {
        let sex: PatientContext.Sex = p["gender"] == "female" ? .female : p["gender"] == "male" ? .male : .unknown
        var age: Int?
        if let b = p["birthDate"]?.stringValue, let birth = FHIRDateTime(b) {
            age = Int((now - birth.lowerBound) / (365.2425 * 86_400))
        }
        let name = p["name"]?[0].flatMap { n in [n["given"]?[0]?.stringValue, n["family"]?.stringValue].compactMap { $0 }.joined(separator: " ") }
        return PatientContext(name: name, age: age, sex: sex)
    }
}
