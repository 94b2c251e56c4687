import AfterVisit
import ClinicalText
import Evidence
import FHIRCore
import Foundation
import Terminology

/// `Encounter/{id}/$after-visit-summary`: the visit note → a plain-language summary for the patient
/// (`Composition`), each sentence with a signed Provenance pointing at the note sentences it restates — so
/// `$trace` reaches the transcript when the note came from `$ambient-note` — and, for warning signs, at the
/// entry of the curated warning-sign table (a PlanDefinition stored at start-up) it quotes.
public struct AfterVisitSummaryOperation: FHIROperation {
    public let definitionID = "Encounter-after-visit-summary"
    let summarizer: AfterVisitSummarizer
    public var maxNoteCharacters = 200_000

    public init(summarizer: AfterVisitSummarizer) { self.summarizer = summarizer }

    /// Id of the PlanDefinition holding the warning-sign table.
    public static let warningSignsID = "evident-warning-signs"

    /// The curated warning-sign table as a PlanDefinition: one action per condition, its id the table's id.
    public static func warningSignPlan(_ table: WarningSignTable) -> JSON {
        [
            "resourceType": "PlanDefinition", "id": .string(warningSignsID), "status": "active",
            "url": .string(Vocabulary.base + "/PlanDefinition/" + warningSignsID), "name": "EvidentWarningSigns",
            "title": "When to get help: warning signs by condition, in plain language (curated for Evident)",
            "type": ["coding": [["system": "http://terminology.hl7.org/CodeSystem/plan-definition-type", "code": "eca-rule"]]],
            "action": .array(table.entries.map { e in
                ["id": .string(e.id), "title": .string(e.condition), "description": .string(e.text),
                 "code": [["text": .string("ICD-10-CM " + e.prefixes.joined(separator: ", "))]]]
            }),
        ]
    }

    public func invoke(_ invocation: OperationInvocation, context: OperationContext) async throws -> OperationOutput {
        let (type, id) = try invocation.instance()
        let encounter = try await context.read(type, id)
        let input = invocation.input
        let language = input.string("language") ?? "en"
        guard language.lowercased() == "en" || language.lowercased().hasPrefix("en-") else {
            throw FHIRError.invalid("language '\(language)' is not supported yet: summaries are written in English (en)",
                                    expression: ["Parameters.parameter.where(name='language')"])
        }
        let level = input.integer("readingLevel") ?? 6
        guard (1...16).contains(level) else {
            throw FHIRError.invalid("readingLevel \(level) is not a school grade from 1 to 16", expression: ["Parameters.parameter.where(name='readingLevel')"])
        }
        let persist = try invocation.persist()
        var patient: String?
        if let ref = encounter["subject"]?["reference"]?.stringValue, case .local(let t, let pid, _)? = ReferenceTarget(ref), t == "Patient" { patient = "Patient/\(pid)" }
        let note = try await NoteSource.load(input, encounter: "\(type)/\(id)", patient: patient, maxCharacters: maxNoteCharacters, context: context)
        let draft = summarizer.summarize(note.text, sections: note.sections)
        // The warning-sign table as stored (seeded at start-up), cited by entry.
        let plan = try await context.readIfPresent("PlanDefinition", Self.warningSignsID)
        let planSource = plan.flatMap(AmbientNoteOperation.versioned)
        var sources: [SourceReference: JSON] = [note.source: note.json]
        if let plan, let planSource { sources[planSource] = plan }
        let statements = draft.sections.flatMap { section in
            section.sentences.map { s in
                Statement(elementID: s.id, content: .text(s.text),
                          evidence: s.evidence.compactMap(note.evidence) + (s.warningSign.flatMap { w in planSource.map { EvidenceItem(source: $0, elementID: w) } }.map { [$0] } ?? []),
                          reason: section.title)
            }
        }
        let verified = EvidenceVerifier().verify(statements, sources: sources)
        let kept = draft.keeping(Set(verified.kept.map(\.elementID)))
        var issues = verified.outcome?["issue"]?.arrayValue ?? []
        let grades = kept.sections.filter { !$0.sentences.isEmpty }.map { ($0.title, Readability.fleschKincaidGrade($0.sentences.map(\.text).joined(separator: " "))) }
        let overall = Readability.fleschKincaidGrade(kept.sections.flatMap(\.sentences).map(\.text).joined(separator: " "))
        issues.append(["severity": "information", "code": "informational", "diagnostics": .string(
            "Flesch–Kincaid grade \(overall) overall (target \(level)); " + grades.map { "\($0.0): \($0.1)" }.joined(separator: "; "))])
        for (title, grade) in grades where grade > Double(level) {
            issues.append(["severity": "warning", "code": "business-rule", "diagnostics": .string("Section '\(title)' reads at grade \(grade), above the target \(level)")])
        }
        for r in kept.uncovered {
            let quote = String(String.UnicodeScalarView(note.scalars[r.clamped(to: 0..<note.scalars.count)]))
            issues.append(["severity": "warning", "code": "incomplete", "diagnostics": .string("The summary does not restate this part of the plan: \"\(quote)\"")])
        }
        if kept.sections.allSatisfy({ $0.sentences.isEmpty }) {
            issues.append(["severity": "information", "code": "informational", "diagnostics": "The note has no plan, medicines or findings to summarise for the patient"])
        }
        var composition: JSON = [
            "resourceType": "Composition", "status": "preliminary",
            "type": ["coding": [["system": "http://loinc.org", "code": "69730-0", "display": "Instructions"]], "text": "After-visit summary"],
            "encounter": ["reference": .string("\(type)/\(id)")],
            "date": .string(FHIRDateTime.instantString(epochSeconds: context.evidence.now())),
            "author": [["reference": .string(context.evidence.device.reference)]],
            "title": "After-visit summary",
            "language": "en",
        ]
        if let patient { composition["subject"] = ["reference": .string(patient)] }
        let sections: [JSON] = kept.sections.filter { !$0.sentences.isEmpty }.map { section in
            let html = "<div xmlns=\"http://www.w3.org/1999/xhtml\">" + section.sentences.map { "<p><span id=\"\($0.id)\">\(NarrativeText.escape($0.text))</span></p>" }.joined() + "</div>"
            return ["title": .string(section.title), "code": ["coding": [["system": .string(Vocabulary.base + "/CodeSystem/after-visit-section"), "code": .string(section.kind.rawValue)]]],
                    "text": ["status": "generated", "div": .string(html)]]
        }
        if !sections.isEmpty { composition["section"] = .array(sections) }
        return try await context.publish(GeneratedArtifact(resource: composition, statements: verified.kept, sources: sources, profile: Vocabulary.compositionProfile,
                                                           outcome: ["resourceType": "OperationOutcome", "issue": .array(issues)], supporting: note.supporting),
                                         persist: persist)
    }
}
