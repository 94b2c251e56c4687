import Evidence
import FHIRCore
import Foundation
import Terminology

/// The pre-visit summary engine: a patient's record in, a structured summary out — overview, events since the
/// last visit, active conditions (one per problem, however often the record repeats it), trends of key series,
/// and a CMS-HCC condition review with recapture gaps and suspects — every sentence citing the record versions
/// its facts come from. Deterministic and pure.
public struct InsightsEngine: Sendable {
    public let terminology: Terminology

    public init(terminology: Terminology) { self.terminology = terminology }

    /// A dated resource of the record.
    struct Dated {
        var resource: JSON
        var source: SourceReference
        var time: Double
        /// `2024-03-02`.
        var day: String
    }

    public func summarize(_ record: PatientRecord, request: InsightsRequest) -> InsightsDraft {
        let patientSource = Self.source(record.patient)
        func dated(_ type: String) -> [Dated] {
            record.all(type).compactMap { r -> Dated? in
                guard let source = Self.source(r), let (time, day) = Self.date(of: r), time <= request.asOf + 86_399 else { return nil }
                return Dated(resource: r, source: source, time: time, day: day)
            }.sorted { $0.time < $1.time }
        }
        let encounters = dated("Encounter")
        let observations = dated("Observation")
        let since = request.since ?? encounters.last?.time
        var sections: [InsightSection] = []
        var counter: [InsightSection.Kind: Int] = [:]
        func sentence(_ kind: InsightSection.Kind, _ text: String, _ sources: [SourceReference], label: String? = nil,
                      code: (system: String, code: String)? = nil, elements: [CitedElement] = []) -> InsightSentence {
            counter[kind, default: 0] += 1
            var unique: [SourceReference] = []
            for s in sources where !unique.contains(s) { unique.append(s) }
            return InsightSentence(id: "\(kind.rawValue)-\(counter[kind]!)", text: text, sources: unique, code: code, label: label, elements: elements)
        }

        // 1. Overview.
        var overview: [InsightSentence] = []
        if let patientSource {
            let p = record.patient
            let name = p["name"]?[0].map { n in ((n["given"]?.arrayValue ?? []).compactMap(\.stringValue) + [n["family"]?.stringValue].compactMap { $0 }).joined(separator: " ") }
            var parts = [name, p["gender"]?.stringValue].compactMap { $0 }.filter { !$0.isEmpty }
            if let birth = p["birthDate"]?.stringValue { parts.append("born \(birth)") }
            var text = parts.joined(separator: ", ")
            if let died = p["deceasedDateTime"]?.stringValue { text += "; died \(died.prefix(10))" } else if p["deceasedBoolean"]?.boolValue == true { text += "; deceased" }
            if !text.isEmpty { overview.append(sentence(.overview, text + ".", [patientSource])) }
        }
        if let last = encounters.last {
            var text = "Last encounter on \(last.day): \(Self.concept(last.resource["type"]?[0]) ?? "visit")"
            if let cls = last.resource["class"]?["code"]?.stringValue { text += " (\(Self.encounterClass[cls] ?? cls))" }
            if let who = last.resource["participant"]?[0]?["individual"]?["display"]?.stringValue { text += " with \(who)" }
            if let org = last.resource["serviceProvider"]?["display"]?.stringValue { text += " at \(org)" }
            overview.append(sentence(.overview, text + ".", [last.source]))
        }
        // The upcoming visit, when an appointment after asOf is booked.
        let upcoming = record.all("Appointment").compactMap { a -> (JSON, Double, String)? in
            guard ["booked", "proposed", "pending", "arrived"].contains(a["status"]?.stringValue ?? ""), let s = a["start"]?.stringValue,
                  let d = FHIRDateTime(s), d.lowerBound >= request.asOf - 86_400 else { return nil }
            return (a, d.lowerBound, String(s.prefix(10)))
        }.min { $0.1 < $1.1 }
        if let (a, _, day) = upcoming, let source = Self.source(a) {
            let reason = Self.concept(a["reasonCode"]?[0]) ?? Self.concept(a["serviceType"]?[0]) ?? a["description"]?.stringValue
            overview.append(sentence(.overview, "Upcoming visit on \(day)\(reason.map { ": \($0)" } ?? "").", [source]))
        }
        let recent = encounters.suffix(5)
        let team = recent.reversed().compactMap { $0.resource["participant"]?[0]?["individual"]?["display"]?.stringValue }
        var seen: Set<String> = []
        let clinicians = team.filter { seen.insert($0).inserted }
        if clinicians.count > 1 {
            overview.append(sentence(.overview, "Recently seen by \(Self.list(clinicians)).",
                                     recent.filter { e in clinicians.contains(e.resource["participant"]?[0]?["individual"]?["display"]?.stringValue ?? "") }.map(\.source)))
        }
        let allergies = record.all("AllergyIntolerance").filter { a in
            a["clinicalStatus"]?["coding"]?[0]?["code"]?.stringValue.map { $0 == "active" } ?? true
        }
        let allergyNames = allergies.compactMap { Self.concept($0["code"]) }
        if !allergyNames.isEmpty { overview.append(sentence(.overview, "Allergies: \(Self.list(allergyNames)).", allergies.compactMap(Self.source))) }
        sections.append(InsightSection(kind: .overview, title: "Patient and Encounter Overview", sentences: overview))

        // 2. Since the last visit.
        var events: [InsightSentence] = []
        if let since {
            // By day: a result dated 2024-06-03 belongs to the visit at 10:00 that day.
            let firstDay = String(FHIRDateTime.instantString(epochSeconds: since).prefix(10))
            let window = { (d: Dated) in d.day >= firstDay }
            for e in encounters.filter(window).reversed().prefix(10) {
                var text = "\(e.day): \(Self.concept(e.resource["type"]?[0]) ?? "encounter")"
                if let cls = e.resource["class"]?["code"]?.stringValue, let name = Self.encounterClass[cls] { text += " (\(name))" }
                events.append(sentence(.sinceLastVisit, text + ".", [e.source], label: "Encounter"))
            }
            for c in dated("Condition").filter(window) {
                events.append(sentence(.sinceLastVisit, "\(Self.concept(c.resource["code"]) ?? "condition"), first recorded \(c.day).", [c.source], label: "New diagnosis"))
            }
            for m in dated("MedicationRequest").filter(window) {
                let status = m.resource["status"]?.stringValue ?? ""
                let verb = status == "stopped" || status == "completed" ? "ended (\(status))" : "prescribed \(m.day)"
                events.append(sentence(.sinceLastVisit, "\(Self.concept(m.resource["medicationCodeableConcept"]) ?? "medication"), \(verb).", [m.source],
                                       label: "Medication"))
            }
            let labs = observations.filter(window).filter(Self.isLab)
            for (day, group) in Dictionary(grouping: labs, by: \.day).sorted(by: { $0.key > $1.key }).prefix(3) {
                let values = group.prefix(8).compactMap { o in self.result(o.resource).map { $0 } }
                guard !values.isEmpty else { continue }
                events.append(sentence(.sinceLastVisit, "\(day): \(values.joined(separator: "; ")).", group.prefix(8).map(\.source), label: "Results"))
            }
            for m in dated("MedicationStatement").filter(window) {
                events.append(sentence(.sinceLastVisit, "\(Self.concept(m.resource["medicationCodeableConcept"]) ?? "medication") (\(m.resource["status"]?.stringValue ?? "reported")), reported \(m.day).",
                                       [m.source], label: "Medication"))
            }
            for d in dated("DiagnosticReport").filter(window).suffix(6) {
                var text = "\(Self.concept(d.resource["code"]) ?? "report") on \(d.day)"
                if let conclusion = d.resource["conclusion"]?.stringValue, conclusion.count <= 200 { text += ": \(conclusion)" }
                events.append(sentence(.sinceLastVisit, text + ".", [d.source], label: "Report"))
            }
            for n in dated("DocumentReference").filter(window).suffix(5) {
                events.append(sentence(.sinceLastVisit, "\(Self.concept(n.resource["type"]) ?? "note") on \(n.day).", [n.source], label: "Note"))
            }
            for p in dated("Procedure").filter(window).suffix(8) {
                events.append(sentence(.sinceLastVisit, "\(Self.concept(p.resource["code"]) ?? "procedure") on \(p.day).", [p.source], label: "Procedure"))
            }
            for i in dated("Immunization").filter(window).suffix(8) {
                events.append(sentence(.sinceLastVisit, "\(Self.concept(i.resource["vaccineCode"]) ?? "vaccine") on \(i.day).", [i.source], label: "Immunization"))
            }
        }
        // The record repeats itself (two entries for one procedure on one day): one sentence, all its sources.
        var merged: [InsightSentence] = []
        for e in events {
            if let i = merged.firstIndex(where: { $0.text == e.text && $0.label == e.label }) {
                merged[i].sources += e.sources.filter { !merged[i].sources.contains($0) }
            } else {
                merged.append(e)
            }
        }
        events = merged
        let sinceDay = since.map { String(FHIRDateTime.instantString(epochSeconds: $0).prefix(10)) }
        // A new patient has no last visit here.
        if request.visitType != .newPatient {
            sections.append(InsightSection(kind: .sinceLastVisit, title: "Since Last Visit" + (sinceDay.map { " (\($0))" } ?? ""), sentences: events))
        }

        // 3. Active conditions, one per problem.
        let problems = activeProblems(record, asOf: request.asOf)
        let limit = request.visitType == .followUp ? 15 : 40
        var conditionSentences: [InsightSentence] = []
        for p in problems.prefix(limit) {
            var text = p.name
            // The ICD-10-CM code: the entry's own, or the curated map's, citing the map's entry.
            var elements: [CitedElement] = []
            var icd: String?
            if let code = p.icd10cm, !p.mapped || request.conceptMap != nil {
                icd = "; ICD-10-CM \(code)"
                if p.mapped, let map = request.conceptMap, let snomed = p.code { elements.append(CitedElement(source: map, element: Self.mapElementID(snomed))) }
            }
            if let code = p.code { text += " (\(p.systemName) \(code)\(icd ?? "")\(p.verification.map { "; \($0)" } ?? ""))" }
            text += ", since \(p.firstDay)"
            if let last = p.lastAddressed, last.day != p.firstDay { text += "; last addressed \(last.day)" }
            if !p.treatments.isEmpty { text += "; treated with \(Self.list(p.treatments.map(\.name)))" }
            // The record's own notes on the problem, short ones only.
            let notes = p.notes.filter { $0.count <= 160 }.prefix(2)
            if !notes.isEmpty { text += "; noted: \(notes.map { $0.trimmingCharacters(in: CharacterSet(charactersIn: ". ")) }.joined(separator: "; "))" }
            conditionSentences.append(sentence(.activeConditions, text + ".", p.sources + (p.lastAddressed.map { [$0.source] } ?? []) + p.treatments.map(\.source),
                                               elements: elements))
        }
        let goals = record.all("Goal").filter { ["active", "accepted", "planned", "in-progress"].contains($0["lifecycleStatus"]?.stringValue ?? "") }
        let goalNames = goals.compactMap { Self.concept($0["description"]) }
        if !goalNames.isEmpty {
            conditionSentences.append(sentence(.activeConditions, "\(Self.list(goalNames)).", goals.compactMap(Self.source), label: "Active goals"))
        }
        sections.append(InsightSection(kind: .activeConditions, title: "Active Conditions", sentences: conditionSentences))

        // 4. Trends.
        // A follow-up visit gets the five series most often followed; the others get them all.
        let series = trends(observations)
        sections.append(InsightSection(kind: .trends, title: "Trends over Time", sentences: series.prefix(request.visitType == .followUp ? 5 : series.count).map { t in
            sentence(.trends, t.text, t.sources, label: t.label)
        }))

        // 5. Condition review for HCC.
        let review = conditionReview(problems: problems, observations: observations, record: record, asOf: request.asOf)
        sections.append(InsightSection(kind: .conditionReview, title: "Condition Review (CMS-HCC V28)", sentences: review.map { r in
            sentence(.conditionReview, r.text, r.sources, label: r.label, code: r.code)
        }))
        return InsightsDraft(sections: sections, since: sinceDay)
    }

    static let encounterClass = ["AMB": "ambulatory", "EMER": "emergency", "IMP": "inpatient", "ACUTE": "inpatient acute", "NONAC": "inpatient non-acute",
                                 "OBSENC": "observation", "HH": "home health", "VR": "virtual", "SS": "short stay", "PRENC": "pre-admission"]

    /// `Type/id/_history/n` of a resource (version 1 when it carries none, as in a bundle not yet stored).
    static func source(_ r: JSON) -> SourceReference? {
        guard let type = r["resourceType"]?.stringValue, let id = r["id"]?.stringValue else { return nil }
        return SourceReference(type: type, id: id, version: Int(r["meta"]?["versionId"]?.stringValue ?? "1") ?? 1)
    }

    /// The clinically relevant date of a resource and its day.
    static func date(of r: JSON) -> (Double, String)? {
        let candidates: [JSON?] = [r["period"]?["start"], r["effectiveDateTime"], r["effectivePeriod"]?["start"], r["onsetDateTime"], r["recordedDate"],
                                   r["authoredOn"], r["dateAsserted"], r["performedDateTime"], r["performedPeriod"]?["start"], r["occurrenceDateTime"], r["issued"],
                                   r["billablePeriod"]?["start"], r["created"], r["date"]]
        for c in candidates {
            if let s = c?.stringValue, let d = FHIRDateTime(s) { return (d.lowerBound, String(s.prefix(10))) }
        }
        return nil
    }

    /// The text of a CodeableConcept without SNOMED's semantic tags.
    static func concept(_ cc: JSON?) -> String? {
        (cc?["text"]?.stringValue ?? cc?["coding"]?[0]?["display"]?.stringValue).map(SNOMEDMap.withoutSemanticTag)
    }

    static func isLab(_ o: Dated) -> Bool {
        (o.resource["category"]?.arrayValue ?? []).contains { $0["coding"]?[0]?["code"] == "laboratory" }
    }

    /// `Glucose 95 mg/dL (high)`, flagged against the catalog's usual range.
    func result(_ o: JSON) -> String? {
        guard let name = Self.concept(o["code"]) else { return nil }
        guard let q = o["valueQuantity"], let v = q["value"]?.doubleValue, let number = Self.numberText(q["value"]) else {
            return Self.concept(o["valueCodeableConcept"]).map { "\(name) \($0)" }
        }
        var text = "\(Self.short(name)) \(number)\(q["unit"]?.stringValue.map { " \($0)" } ?? "")"
        if let code = o["code"]?["coding"]?[0]?["code"]?.stringValue, let entry = terminology.loinc?.lookup(code) {
            if let high = entry.high, v > high { text += " (high)" } else if let low = entry.low, v < low { text += " (low)" }
        }
        return text
    }

    /// A lab name without LOINC's qualifiers (`Hemoglobin A1c/Hemoglobin.total in Blood` → `Hemoglobin A1c`).
    static func short(_ name: String) -> String {
        var n = name
        for cut in ["/", " [", " in Blood", " in Serum", " by Automated"] { if let r = n.range(of: cut) { n = String(n[..<r.lowerBound]) } }
        return n
    }

    /// A JSON number for display: as written when short, else rounded (3 significant digits below 100, whole
    /// numbers above), as a clinician would read it.
    static func numberText(_ j: JSON?, places fixed: Int? = nil) -> String? {
        guard case .number(let n)? = j else { return nil }
        let written = n.description
        guard written.count > 5, let v = j?.doubleValue else { return written }
        let places = fixed ?? (abs(v) >= 100 ? 0 : abs(v) >= 10 ? 1 : 2)
        var text = String(format: "%.\(places)f", v)
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return text
    }

    /// "a, b and c".
    static func list(_ items: [String]) -> String {
        items.count <= 2 ? items.joined(separator: " and ") : items.dropLast().joined(separator: ", ") + " and " + items.last!
    }
}
