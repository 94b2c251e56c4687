import Evidence
import FHIRCore
import Foundation
import Scribe
import Terminology

extension AmbientNoteOperation {
    /// Most facts of each kind read from the record.
    static let recordLimit = 12
    /// Results older than this many days are not "recent".
    static let recentResultDays = 365.0

    /// What the note is grounded in from the patient's record: sex, name and age, active problems, active
    /// medications, active allergies, and the newest laboratory result per test from the last year. Returns the
    /// context and the resource versions it rests on (the Provenance sources).
    static func record(patient pid: String, context: OperationContext) async throws -> (PatientContext, [SourceReference: JSON]) {
        var patient = PatientContext()
        var records: [SourceReference: JSON] = [:]
        if let p = try await context.readIfPresent("Patient", pid) { patient = patientContext(p, now: context.evidence.now()) }
        let subject = "patient=Patient/\(pid)"
        func add(_ list: [JSON], to keyPath: WritableKeyPath<PatientContext, [RecordFact]>, text: (JSON) -> String?) {
            for r in list {
                guard patient[keyPath: keyPath].count < recordLimit, let t = text(r), let source = versioned(r) else { continue }
                patient[keyPath: keyPath].append(RecordFact(text: t, reference: source.description))
                records[source] = r
            }
        }
        add(try await context.searchAll("Condition", query: subject + "&clinical-status=active"), to: \.conditions) { conceptText($0["code"]) }
        add(try await context.searchAll("MedicationRequest", query: subject + "&status=active"), to: \.medications) { conceptText($0["medicationCodeableConcept"]) }
        add(try await context.searchAll("AllergyIntolerance", query: subject + "&clinical-status=active"), to: \.allergies) { conceptText($0["code"]) }
        let since = FHIRDateTime.instantString(epochSeconds: context.evidence.now() - recentResultDays * 86_400).prefix(10)
        let labs = try await context.searchAll("Observation", query: subject + "&category=laboratory&date=ge\(since)&_sort=-date")
        var seen: Set<String> = []
        // Newest first: keep the first result of each test.
        let newest = labs.filter { r in seen.insert(r["code"]?["coding"]?[0]?["code"]?.stringValue ?? conceptText(r["code"]) ?? "").inserted }
        add(newest, to: \.results, text: resultText)
        return (patient, records)
    }

    /// The display text of a CodeableConcept, without SNOMED's semantic tags.
    static func conceptText(_ concept: JSON?) -> String? {
        (concept?["text"]?.stringValue ?? concept?["coding"]?[0]?["display"]?.stringValue).map(SNOMEDMap.withoutSemanticTag)
    }

    /// `Hemoglobin A1c: 7.2 % (2026-10-01)`.
    static func resultText(_ r: JSON) -> String? {
        guard let name = conceptText(r["code"]) else { return nil }
        var value: String?
        if let q = r["valueQuantity"], let v = q["value"]?.doubleValue {
            let number = v == v.rounded() && abs(v) < 1e15 ? String(Int(v)) : String(v)
            value = [number, q["unit"]?.stringValue ?? q["code"]?.stringValue].compactMap { $0 }.joined(separator: " ")
        } else {
            value = conceptText(r["valueCodeableConcept"]) ?? r["valueString"]?.stringValue
        }
        guard let value else { return nil }
        let date = (r["effectiveDateTime"]?.stringValue ?? r["issued"]?.stringValue).map { " (\($0.prefix(10)))" } ?? ""
        return "\(name): \(value)\(date)"
    }

    /// The template: a stored Questionnaire (`templateReference`), else a built-in one by name (`template`).
    func template(_ input: OperationInput, context: OperationContext, records: inout [SourceReference: JSON]) async throws -> NoteTemplate {
        let name = input.string("template")
        guard let ref = input.value("templateReference")?["reference"]?.stringValue else {
            let templateName = name ?? "full-visit"
            guard let template = NoteTemplate.builtIn[templateName] else {
                throw FHIRError.invalid("template '\(templateName)' is not one of \(NoteTemplate.builtIn.keys.sorted().joined(separator: ", ")); "
                                        + "for a custom template send templateReference (a Questionnaire)",
                                        expression: ["Parameters.parameter.where(name='template')"])
            }
            return template
        }
        guard name == nil else { throw FHIRError.invalid("Send either 'template' (a built-in name) or 'templateReference', not both") }
        guard case .local(let t, let qid, _)? = ReferenceTarget(ref, baseURL: context.baseURL), t == "Questionnaire" else {
            throw FHIRError.invalid("templateReference must point at a Questionnaire on this server, not '\(ref)'",
                                    expression: ["Parameters.parameter.where(name='templateReference')"])
        }
        let q = try await context.read(t, qid)
        guard let source = Self.versioned(q) else { throw FHIRError.invalid("\(ref) has no version") }
        records[source] = q
        return try NoteTemplate(questionnaire: q, reference: source)
    }
}
