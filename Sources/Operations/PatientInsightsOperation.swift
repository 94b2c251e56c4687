import Evidence
import FHIRCore
import Foundation
import Insights

/// `Patient/{id}/$patient-insights`: the patient's record → a pre-visit summary (`Composition`) in five
/// sections — overview, since last visit, active conditions, trends, CMS-HCC condition review — with one signed
/// Provenance per sentence citing the record versions it rests on. Sentences whose numbers or dates are not in
/// the cited versions are dropped and reported.
public struct PatientInsightsOperation: FHIROperation {
    public let definitionID = "Patient-patient-insights"
    let engine: InsightsEngine

    public init(engine: InsightsEngine) { self.engine = engine }

    /// The resource types the summary reads, by the search parameter that names the patient.
    static let gathered: [(type: String, parameter: String)] = [
        ("Encounter", "patient"), ("Condition", "patient"), ("Observation", "patient"), ("MedicationRequest", "patient"),
        ("AllergyIntolerance", "patient"), ("Immunization", "patient"), ("Procedure", "patient"), ("MedicationStatement", "patient"),
        ("DiagnosticReport", "patient"), ("CarePlan", "patient"), ("Goal", "patient"), ("Claim", "patient"), ("ExplanationOfBenefit", "patient"),
        ("DocumentReference", "patient"), ("Appointment", "patient"),
    ]

    public func invoke(_ invocation: OperationInvocation, context: OperationContext) async throws -> OperationOutput {
        let (type, id) = try invocation.instance()
        let patient = try await context.read(type, id)
        let input = invocation.input
        let visitCode = input.string("visitType") ?? InsightsRequest.VisitType.followUp.rawValue
        guard let visitType = InsightsRequest.VisitType(rawValue: visitCode) else {
            throw FHIRError.invalid("visitType '\(visitCode)' is not one of \(InsightsRequest.VisitType.allCases.map(\.rawValue).joined(separator: ", "))",
                                    expression: ["Parameters.parameter.where(name='visitType')"])
        }
        func date(_ name: String) throws(FHIRError) -> Double? {
            guard let text = input.string(name) else { return nil }
            guard let d = FHIRDateTime(text) else { throw .invalid("\(name) '\(text)' is not a date (YYYY-MM-DD)", expression: ["Parameters.parameter.where(name='\(name)')"]) }
            return d.lowerBound
        }
        let persist = try invocation.persist()
        let asOf = try date("asOf") ?? context.evidence.now()
        let since = try date("since")
        if let since, since > asOf { throw FHIRError.invalid("since is after asOf") }
        var resources: [JSON] = []
        for g in Self.gathered { resources += try await context.searchAll(g.type, query: "\(g.parameter)=\(type)/\(id)") }
        let record = PatientRecord(patient: patient, resources: resources)
        // The stored SNOMED CT → ICD-10-CM ConceptMap, cited for mapped codes (seeded at start-up).
        let map = try await context.readIfPresent("ConceptMap", InsightsEngine.conceptMapID)
        let mapSource = map.flatMap(AmbientNoteOperation.versioned)
        let draft = engine.summarize(record, request: InsightsRequest(visitType: visitType, asOf: asOf, since: since, conceptMap: mapSource))
        var sources: [SourceReference: JSON] = [:]
        for r in [patient] + resources + (map.map { [$0] } ?? []) { if let s = AmbientNoteOperation.versioned(r) { sources[s] = r } }
        let verified = EvidenceVerifier().verify(draft.statements(), sources: sources)
        let kept = draft.keeping(Set(verified.kept.map(\.elementID)))
        var composition: JSON = [
            "resourceType": "Composition", "status": "preliminary",
            "type": ["coding": [["system": "http://loinc.org", "code": "60591-5", "display": "Patient summary Document"]]],
            "subject": ["reference": .string("\(type)/\(id)")],
            "date": .string(FHIRDateTime.instantString(epochSeconds: context.evidence.now())),
            "author": [["reference": .string(context.evidence.device.reference)]],
            "title": .string("Pre-visit summary (\(visitType.rawValue))"),
        ]
        let sections = Self.sections(kept)
        if !sections.isEmpty { composition["section"] = .array(sections) }
        var issues = verified.outcome?["issue"]?.arrayValue ?? []
        if resources.isEmpty {
            issues.append(["severity": "information", "code": "informational", "diagnostics": .string("\(type)/\(id) has nothing on record but the Patient: no encounters, conditions, results, medications, allergies, immunizations, procedures, reports, care plans, goals, claims, notes or appointments")])
        }
        let outcome: JSON? = issues.isEmpty ? nil : ["resourceType": "OperationOutcome", "issue": .array(issues)]
        return try await context.publish(GeneratedArtifact(resource: composition, statements: verified.kept, sources: sources,
                                                           profile: Vocabulary.compositionProfile, outcome: outcome),
                                         persist: persist)
    }

    /// Composition sections: a `<div>` with one `<p>` per sentence, its label in bold and the sentence in a `<span id>`.
    static func sections(_ draft: InsightsDraft) -> [JSON] {
        draft.sections.filter { !$0.sentences.isEmpty }.map { section in
            var html = "<div xmlns=\"http://www.w3.org/1999/xhtml\">"
            for s in section.sentences {
                html += "<p>" + (s.label.map { "<b>\(NarrativeText.escape($0)):</b> " } ?? "") + "<span id=\"\(s.id)\">\(NarrativeText.escape(s.text))</span></p>"
            }
            html += "</div>"
            var json: JSON = ["title": .string(section.title), "text": ["status": "generated", "div": .string(html)]]
            if let loinc = section.kind.loinc {
                json["code"] = ["coding": [["system": "http://loinc.org", "code": .string(loinc.code), "display": .string(loinc.display)]]]
            } else {
                json["code"] = ["coding": [["system": .string(Vocabulary.base + "/CodeSystem/insights-section"), "code": .string(section.kind.rawValue)]]]
            }
            return json
        }
    }
}
