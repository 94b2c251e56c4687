import Evidence
import FHIRCore
import Foundation
import Terminology

extension InsightsEngine {
    /// One active clinical problem, merged from every Condition entry that names it.
    struct Problem {
        var key: String
        var name: String
        var code: String?
        var systemName: String
        /// `confirmed`, `provisional`… when recorded.
        var verification: String?
        /// The entries' notes (`Condition.note.text`), in order, without repeats.
        var notes: [String] = []
        /// ICD-10-CM code: the entry's own, else the curated SNOMED CT map's.
        var icd10cm: String?
        /// True when ``icd10cm`` comes from the curated map (cited as its ConceptMap element).
        var mapped: Bool
        var sources: [SourceReference]
        var first: Double
        var firstDay: String
        var lastAddressed: (source: SourceReference, time: Double, day: String)?
        var treatments: [(name: String, source: SourceReference)]
    }

    /// Active conditions, deduplicated by code (or name), with when each was last addressed (the latest
    /// encounter or prescription that names it as its reason, or its latest entry) and its active treatments.
    func activeProblems(_ record: PatientRecord, asOf: Double) -> [Problem] {
        var byKey: [String: Problem] = [:]
        var keyOfCondition: [String: String] = [:]
        for c in record.all("Condition") {
            guard let source = Self.source(c), let (time, day) = Self.date(of: c), time <= asOf + 86_399 else { continue }
            let status = c["clinicalStatus"]?["coding"]?[0]?["code"]?.stringValue
            let active = status.map { ["active", "recurrence", "relapse"].contains($0) } ?? (c["abatementDateTime"] == nil)
            if let abated = c["abatementDateTime"]?.stringValue, let end = FHIRDateTime(abated), end.lowerBound <= asOf { continue }
            guard active, let name = Self.concept(c["code"]) else { continue }
            let coding = c["code"]?["coding"]?[0]
            let code = coding?["code"]?.stringValue
            let system = coding?["system"]?.stringValue ?? ""
            let key = code.map { system + "|" + $0 } ?? name.lowercased()
            keyOfCondition[source.unversioned] = key
            let own = (c["code"]?["coding"]?.arrayValue ?? []).first { $0["system"] == "http://hl7.org/fhir/sid/icd-10-cm" }?["code"]?.stringValue
            let icd = own ?? (system == "http://snomed.info/sct" ? code.flatMap { terminology.snomed?.lookup($0)?.icd10cm } : nil)
            let notes = (c["note"]?.arrayValue ?? []).compactMap { $0["text"]?.stringValue }.filter { !$0.isEmpty }
            if var p = byKey[key] {
                p.sources.append(source)
                for n in notes where !p.notes.contains(n) { p.notes.append(n) }
                if time < p.first { (p.first, p.firstDay) = (time, day) }
                if time > (p.lastAddressed?.time ?? 0) { p.lastAddressed = (source, time, day) }
                byKey[key] = p
            } else {
                let systemName = system == "http://snomed.info/sct" ? "SNOMED CT" : system == "http://hl7.org/fhir/sid/icd-10-cm" ? "ICD-10-CM" : "code"
                byKey[key] = Problem(key: key, name: name, code: code, systemName: systemName,
                                     verification: c["verificationStatus"]?["coding"]?[0]?["code"]?.stringValue, icd10cm: icd, mapped: own == nil && icd != nil,
                                     sources: [source],
                                     first: time, firstDay: day, lastAddressed: (source, time, day), treatments: [])
                byKey[key]?.notes = notes
            }
        }
        // Encounters, prescriptions, procedures, care plans and claims that name one of the entries (as their
        // reason, what they address, or a billed diagnosis) address the problem; active prescriptions and
        // medication statements, and active care plans, are its treatment.
        for type in ["Encounter", "MedicationRequest", "MedicationStatement", "Procedure", "CarePlan", "Claim", "ExplanationOfBenefit"] {
            for r in record.all(type) {
                guard let source = Self.source(r), let (time, day) = Self.date(of: r), time <= asOf + 86_399 else { continue }
                let refs = (r["reasonReference"]?.arrayValue ?? []) + (r["addresses"]?.arrayValue ?? [])
                    + (r["diagnosis"]?.arrayValue ?? []).compactMap { $0["diagnosisReference"] ?? $0["condition"] }
                for reason in refs {
                    guard let ref = reason["reference"]?.stringValue, let key = keyOfCondition[Self.unversioned(ref)], var p = byKey[key] else { continue }
                    if time > (p.lastAddressed?.time ?? 0) { p.lastAddressed = (source, time, day) }
                    let active = r["status"] == "active"
                    let treatment: String? = switch type {
                    case "MedicationRequest", "MedicationStatement": active ? Self.concept(r["medicationCodeableConcept"]) : nil
                    case "CarePlan": active ? Self.concept(r["category"]?.arrayValue?.last).map { "the care plan \($0)" } : nil
                    default: nil
                    }
                    if let treatment, !p.treatments.contains(where: { $0.name == treatment }) { p.treatments.append((treatment, source)) }
                    byKey[key] = p
                }
            }
        }
        return byKey.values.sorted { ($0.lastAddressed?.time ?? $0.first, $0.name) > ($1.lastAddressed?.time ?? $1.first, $1.name) }
    }

    /// `Condition/abc` from `Condition/abc`, `Condition/abc/_history/2` or `urn:uuid:abc` (a reason in a bundle).
    static func unversioned(_ ref: String) -> String {
        if ref.hasPrefix("urn:uuid:") { return "Condition/" + ref.dropFirst("urn:uuid:".count) }
        var parts = ref.split(separator: "/").map(String.init)
        if parts.count >= 4, parts[parts.count - 2] == "_history" { parts.removeLast(2) }
        return parts.suffix(2).joined(separator: "/")
    }
}

extension InsightsEngine {
    /// For evaluation: each active problem's Condition entries (`Condition/id`).
    public func activeProblemKeys(_ record: PatientRecord, asOf: Double) -> [ProblemEntries] {
        activeProblems(record, asOf: asOf).map { ProblemEntries(key: $0.key, conditions: Set($0.sources.map(\.unversioned))) }
    }

    /// For evaluation: the Condition entries of each active problem that maps to a CMS-HCC V28 category.
    public func hccProblemConditions(_ record: PatientRecord, asOf: Double) -> [Set<String>] {
        activeProblems(record, asOf: asOf).filter { p in p.icd10cm.map { !terminology.hccV28.categories(for: $0).isEmpty } ?? false }
            .map { Set($0.sources.map(\.unversioned)) }
    }
}

/// An active problem's key and the Condition entries merged into it.
public struct ProblemEntries: Sendable, Hashable {
    public var key: String
    public var conditions: Set<String>
}
