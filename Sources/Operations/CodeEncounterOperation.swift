import ClinicalText
import Coding
import Evidence
import FHIRCore
import Foundation

/// `Encounter/{id}/$code-encounter`: a visit note → a draft `Claim` with ICD-10-CM diagnoses, CPT items with
/// modifiers and the diagnoses that justify them, and the E/M level by medical decision making; one signed
/// Provenance per diagnosis and per item quoting the note sentence it rests on.
///
/// The note is inline text (`note`, stored as a DocumentReference in the same transaction), a stored Composition
/// or DocumentReference (`noteReference`), or the encounter's newest note. A Composition's evidence points at
/// its sentence elements, so `$trace` walks code → note sentence → transcript span.
public struct CodeEncounterOperation: FHIROperation {
    public let definitionID = "Encounter-code-encounter"
    let coder: Coder
    /// Longest note accepted, in characters.
    public var maxNoteCharacters = 200_000

    public init(coder: Coder) { self.coder = coder }

    static let icdSystem = "http://hl7.org/fhir/sid/icd-10-cm"
    static let cptSystem = "http://www.ama-assn.org/go/cpt"
    /// Extension on the E/M item: the MDM levels and rationale.
    public static let mdmExtension = Vocabulary.base + "/StructureDefinition/medical-decision-making"

    public func invoke(_ invocation: OperationInvocation, context: OperationContext) async throws -> OperationOutput {
        let (type, id) = try invocation.instance()
        let encounter = try await context.read(type, id)
        let input = invocation.input
        var visit = VisitContext()
        if let v = input.string("visitType") {
            guard let t = VisitContext.VisitType(rawValue: v) else {
                throw FHIRError.invalid("visitType '\(v)' is not one of new, established, preventive", expression: ["Parameters.parameter.where(name='visitType')"])
            }
            visit.visitType = t
        }
        let targets = input.strings("targetCode")
        if !targets.isEmpty { visit.targetCodes = Set(targets) }
        let placeOfService = input.string("placeOfService") ?? "11"
        guard placeOfService.count == 2, placeOfService.allSatisfy(\.isNumber) else {
            throw FHIRError.invalid("placeOfService '\(placeOfService)' is not a two-digit CMS place-of-service code", expression: ["Parameters.parameter.where(name='placeOfService')"])
        }
        var patientRef: String?
        var coverage: JSON?
        if let ref = encounter["subject"]?["reference"]?.stringValue, case .local(let t, let pid, _)? = ReferenceTarget(ref), t == "Patient" {
            patientRef = "Patient/\(pid)"
            if let p = try await context.readIfPresent("Patient", pid), let b = p["birthDate"]?.stringValue, let birth = FHIRDateTime(b) {
                visit.age = Int((context.evidence.now() - birth.lowerBound) / (365.2425 * 86_400))
            }
            let earlier = try await context.searchAll("Encounter", query: "patient=Patient/\(pid)")
            visit.priorVisits = earlier.filter { $0["id"]?.stringValue != id }.count
            coverage = try await context.searchAll("Coverage", query: "beneficiary=Patient/\(pid)&status=active").first
        }
        let note = try await NoteSource.load(input, encounter: "\(type)/\(id)", patient: patientRef, maxCharacters: maxNoteCharacters, context: context)
        let result = coder.code(note.text, sections: note.sections, visit: visit)

        // Statements: one per diagnosis and per item, each quoting the note.
        var statements: [Statement] = []
        var diagnoses: [JSON] = []
        for (n, d) in result.diagnoses.enumerated() {
            let elementID = "dx-\(n + 1)"
            statements.append(Statement(elementID: elementID, content: .code(system: Self.icdSystem, code: d.code, display: d.display),
                                        evidence: d.evidence.compactMap(note.evidence), confidence: d.confidence, reason: d.rationale))
            diagnoses.append([
                "id": .string(elementID), "sequence": .number(JSONNumber(n + 1)),
                "extension": [Vocabulary.confidence(d.confidence)],
                "diagnosisCodeableConcept": ["coding": [["system": .string(Self.icdSystem), "code": .string(d.code), "display": .string(d.display)]]],
                "type": [["coding": [["system": "http://terminology.hl7.org/CodeSystem/ex-diagnosistype", "code": d.primary ? "principal" : "clinical"]]]],
            ])
        }
        let served = (encounter["period"]?["start"]?.stringValue).map { String($0.prefix(10)) }
            ?? String(FHIRDateTime.instantString(epochSeconds: context.evidence.now()).prefix(10))
        var items: [JSON] = []
        for (n, p) in result.procedures.enumerated() {
            let elementID = "item-\(n + 1)"
            statements.append(Statement(elementID: elementID, content: .code(system: Self.cptSystem, code: p.code, display: p.display),
                                        evidence: p.evidence.compactMap(note.evidence), confidence: p.confidence, reason: p.rationale))
            var extensions: [JSON] = [Vocabulary.confidence(p.confidence)]
            if p.code.hasPrefix("992") {
                let m = result.mdm
                extensions.append(["url": .string(Self.mdmExtension), "extension": [
                    ["url": "problems", "valueCode": .string(m.problems.description)], ["url": "data", "valueCode": .string(m.data.description)],
                    ["url": "risk", "valueCode": .string(m.risk.description)], ["url": "level", "valueCode": .string(m.level.description)],
                    ["url": "rationale", "valueString": .string(p.rationale)],
                ]])
            }
            var item: JSON = [
                "id": .string(elementID), "sequence": .number(JSONNumber(n + 1)), "extension": .array(extensions),
                "productOrService": ["coding": [["system": .string(Self.cptSystem), "code": .string(p.code), "display": .string(p.display)]]],
                "servicedDate": .string(served),
                "locationCodeableConcept": ["coding": [["system": "https://www.cms.gov/Medicare/Coding/place-of-service-codes/Place_of_Service_Code_Set",
                                                        "code": .string(placeOfService)]]],
                "encounter": [["reference": .string("\(type)/\(id)")]],
            ]
            let pointers = p.diagnoses.compactMap { code in result.diagnoses.firstIndex { $0.code == code }.map { JSON.number(JSONNumber($0 + 1)) } }
            if !pointers.isEmpty { item["diagnosisSequence"] = .array(pointers) }
            if !p.modifiers.isEmpty {
                item["modifier"] = .array(p.modifiers.map { ["coding": [["system": .string(Self.cptSystem), "code": .string($0)]]] })
            }
            items.append(item)
        }
        let provider = encounter["participant"]?[0]?["individual"] ?? encounter["serviceProvider"] ?? ["display": "No provider recorded on the encounter"]
        var claim: JSON = [
            "resourceType": "Claim", "status": "draft", "use": "claim",
            "type": ["coding": [["system": "http://terminology.hl7.org/CodeSystem/claim-type", "code": "professional"]]],
            "patient": patientRef.map { ["reference": .string($0)] } ?? ["display": "No patient recorded on the encounter"],
            "created": .string(FHIRDateTime.instantString(epochSeconds: context.evidence.now())),
            "provider": provider,
            "priority": ["coding": [["system": "http://terminology.hl7.org/CodeSystem/processpriority", "code": "normal"]]],
            "insurance": [["sequence": 1, "focal": true,
                           "coverage": coverage.flatMap { c in c["id"]?.stringValue.map { ["reference": .string("Coverage/\($0)")] } }
                               ?? ["display": "No active Coverage on record for the patient"]]],
        ]
        if let payor = coverage?["payor"]?[0] { claim["insurer"] = payor }
        if !diagnoses.isEmpty { claim["diagnosis"] = .array(diagnoses) }
        if !items.isEmpty { claim["item"] = .array(items) }
        let verified = EvidenceVerifier().verify(statements, sources: [note.source: note.json])
        // A code whose evidence does not verify is removed from the claim, with its pointers.
        let dropped = Set(verified.dropped.map(\.statement.elementID))
        if !dropped.isEmpty { claim = Self.removing(dropped, from: claim) }
        var issues = verified.outcome?["issue"]?.arrayValue ?? []
        for b in result.blocked {
            issues.append(["severity": "warning", "code": "code-invalid", "diagnostics": .string("Blocked \(b.code): \(b.reason)")])
        }
        if result.diagnoses.isEmpty {
            issues.append(["severity": "information", "code": "informational", "diagnostics": "Nothing in the note could be coded as a diagnosis"])
        }
        let outcome: JSON? = issues.isEmpty ? nil : ["resourceType": "OperationOutcome", "issue": .array(issues)]
        return try await context.publish(GeneratedArtifact(resource: claim, statements: verified.kept, sources: [note.source: note.json],
                                                           profile: Vocabulary.claimProfile, outcome: outcome, supporting: note.supporting),
                                         persist: try invocation.persist())
    }

    /// The claim without the diagnoses and items named in `ids`; items' diagnosis pointers are renumbered.
    static func removing(_ ids: Set<String>, from claim: JSON) -> JSON {
        var out = claim
        let diagnoses = claim["diagnosis"]?.arrayValue ?? []
        let keptDiagnoses = diagnoses.filter { !ids.contains($0["id"]?.stringValue ?? "") }
        var renumber: [Int: Int] = [:]
        for (n, d) in keptDiagnoses.enumerated() { if let s = d["sequence"]?.intValue { renumber[s] = n + 1 } }
        out["diagnosis"] = keptDiagnoses.isEmpty ? nil : .array(keptDiagnoses.enumerated().map { n, d in var d = d; d["sequence"] = .number(JSONNumber(n + 1)); return d })
        let items = (claim["item"]?.arrayValue ?? []).filter { !ids.contains($0["id"]?.stringValue ?? "") }
        out["item"] = items.isEmpty ? nil : .array(items.enumerated().map { n, item in
            var item = item
            item["sequence"] = .number(JSONNumber(n + 1))
            let pointers = (item["diagnosisSequence"]?.arrayValue ?? []).compactMap { $0.intValue.flatMap { renumber[$0] } }
            item["diagnosisSequence"] = pointers.isEmpty ? nil : .array(pointers.map { .number(JSONNumber($0)) })
            return item
        })
        return out
    }
}
