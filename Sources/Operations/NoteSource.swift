import ClinicalText
import Evidence
import FHIRCore
import Foundation
import Scribe

/// A visit note as text, with where each part of the text came from so evidence can point back at it; loaded
/// from an operation's `note` (inline text, stored as a DocumentReference) or `noteReference` parameter, or the
/// encounter's newest note.
struct NoteSource {
    var text: String
    /// Section of each range of `text`, when the note is a Composition (else detected from headings).
    var sections: [(kind: SectionKind, range: Range<Int>)]?
    var source: SourceReference
    var json: JSON
    /// Resources to store with the output (an inline note).
    var supporting: [JSON] = []
    /// For a Composition: each sentence element's range in `text`.
    var elements: [(range: Range<Int>, id: String)]?
    /// For a DocumentReference or Binary: the path of its text.
    var path: String?
    let scalars: [Unicode.Scalar]

    /// The evidence item for a range of `text`: the sentence element it falls in (with the offset inside it),
    /// or the span of the stored text.
    func evidence(_ r: Range<Int>) -> EvidenceItem? {
        func slice(_ x: Range<Int>) -> String { String(String.UnicodeScalarView(scalars[x.clamped(to: 0..<scalars.count)])) }
        if let elements {
            guard let e = elements.first(where: { $0.range.overlaps(r) }) else { return nil }
            let local = r.clamped(to: e.range)
            return EvidenceItem(source: source, elementID: e.id, span: TextSpan(offset: local.lowerBound - e.range.lowerBound, length: local.count),
                                quote: slice(local))
        }
        return EvidenceItem(source: source, path: path, span: TextSpan(offset: r.lowerBound, length: r.count), quote: slice(r))
        }

    /// LOINC 75476-2: the stored conversation transcripts, which are not notes.
    static let transcriptType = "75476-2"
    static let notePath = "DocumentReference.content[0].attachment"

    /// The note: inline `note` text (stored as a DocumentReference), `noteReference`, or the encounter's newest
    /// Composition, else its newest DocumentReference that is not a conversation transcript.
    static func load(_ input: OperationInput, encounter: String, patient: String?, maxCharacters: Int, context: OperationContext) async throws -> NoteSource {
        func checked(_ text: String) throws(FHIRError) -> String { try TextInput.checked(text, what: "note", maxCharacters: maxCharacters) }
        if let inline = input.string("note") {
            if input.value("noteReference") != nil { throw FHIRError.invalid("Send either 'note' (text) or 'noteReference', not both") }
            let text = try checked(inline)
            var doc: JSON = [
                "resourceType": "DocumentReference", "id": .string(FHIRID.generate()), "status": "current",
                "type": ["coding": [["system": "http://loinc.org", "code": "11506-3", "display": "Progress note"]]],
                "date": .string(FHIRDateTime.instantString(epochSeconds: context.evidence.now())),
                "content": [["attachment": ["contentType": "text/plain; charset=utf-8", "data": .string(Data(text.utf8).base64EncodedString())]]],
                "context": ["encounter": [["reference": .string(encounter)]]],
            ]
            if let patient { doc["subject"] = ["reference": .string(patient)] }
            return NoteSource(text: text, source: SourceReference(type: "DocumentReference", id: doc["id"]!.stringValue!, version: 1), json: doc,
                              supporting: [doc], path: Self.notePath, scalars: Array(text.unicodeScalars))
        }
        let found: JSON
        if let ref = input.value("noteReference")?["reference"]?.stringValue {
            guard case .local(let t, let rid, _)? = ReferenceTarget(ref, baseURL: context.baseURL), ["Composition", "DocumentReference", "Binary"].contains(t) else {
                throw FHIRError.invalid("noteReference must point at a Composition or DocumentReference on this server, not '\(ref)'",
                                        expression: ["Parameters.parameter.where(name='noteReference')"])
            }
            found = try await context.read(t, rid)
        } else if let newest = try await context.searchAll("Composition", query: "encounter=\(encounter)&_sort=-_lastUpdated").first {
            found = newest
        } else if let doc = try await context.searchAll("DocumentReference", query: "encounter=\(encounter)&_sort=-_lastUpdated")
            .first(where: { $0["type"]?["coding"]?[0]?["code"]?.stringValue != transcriptType }) {
            found = doc
        } else {
            throw FHIRError.invalid("No note: send 'note' (text) or 'noteReference', or draft one with $ambient-note for \(encounter) first")
        }
        guard let source = AmbientNoteOperation.versioned(found) else { throw FHIRError.invalid("The note has no version") }
        if found["resourceType"] == "Composition" { return try compositionText(found, source: source) }
        let path = found["resourceType"] == "Binary" ? "Binary" : Self.notePath
        let raw: String
        do { raw = try SourceText.text(at: path, in: found) } catch { throw FHIRError.invalid("The note resource holds no text at \(path): \(error.description)") }
        let text = try checked(raw)
        return NoteSource(text: text, source: source, json: found, path: path, scalars: Array(text.unicodeScalars))
    }

    /// A Composition as text: each section's title, then one line per sentence element (problem headings bare,
    /// other sentences as list items), remembering each element's range.
    static func compositionText(_ c: JSON, source: SourceReference) throws(FHIRError) -> NoteSource {
        var text = ""
        var count = 0
        var sections: [(kind: SectionKind, range: Range<Int>)] = []
        var elements: [(range: Range<Int>, id: String)] = []
        func append(_ s: String) {
            text += s
            count += s.unicodeScalars.count
        }
        for section in c["section"]?.arrayValue ?? [] {
            let loinc = (section["code"]?["coding"]?.arrayValue ?? []).first { $0["system"] == "http://loinc.org" }?["code"]?.stringValue
            let kind = loinc.flatMap { NoteTemplate.kind(loinc: $0) } ?? SectionDetector.kind(ofHeading: section["title"]?.stringValue ?? "") ?? .other
            append((section["title"]?.stringValue ?? kind.rawValue).uppercased() + "\n\n")
            let start = count
            guard let div = section["text"]?["div"]?.stringValue else { continue }
            let narrative = NarrativeText(xhtml: div)
            for (id, _) in narrative.elements.sorted(by: { $0.value.lowerBound < $1.value.lowerBound }) {
                guard let sentence = narrative.text(ofElement: id) else { continue }
                append(div.contains("<h4><span id=\"\(id)\"") ? "" : "- ")
                let from = count
                append(sentence)
                elements.append((from..<count, id))
                append("\n")
            }
            append("\n")
            sections.append((kind, start..<count))
        }
        guard !elements.isEmpty else {
            throw FHIRError.invalid("\(source.unversioned) has no sentence elements (<span id>) in its section narratives to code from")
        }
        return NoteSource(text: text, sections: sections, source: source, json: c, elements: elements, scalars: Array(text.unicodeScalars))
    }


}
