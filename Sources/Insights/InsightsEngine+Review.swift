import Evidence
import FHIRCore
import Foundation
import Terminology

extension InsightsEngine {
    /// Code system of the CMS-HCC V28 categories in code statements.
    public static let hccSystem = Vocabulary.base + "/CodeSystem/cms-hcc-v28"
    static let icdSystem = "http://hl7.org/fhir/sid/icd-10-cm"

    typealias ReviewItem = (label: String, text: String, sources: [SourceReference], code: (system: String, code: String)?)

    /// The CMS-HCC V28 categories the active problems map to (hierarchies applied), recapture gaps (HCC problems
    /// not addressed this calendar year), suspected conditions from results and prescriptions without a coded
    /// diagnosis, and an overdue influenza immunization.
    func conditionReview(problems: [Problem], observations: [Dated], record: PatientRecord, asOf: Double) -> [ReviewItem] {
        var out: [ReviewItem] = []
        let coded = problems.compactMap { p in p.icd10cm.map { (p, ICD10CM.dotted($0)) } }
        let evaluation = terminology.hccV28.evaluate(coded.map(\.1))
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let yearStart = calendar.dateInterval(of: .year, for: Date(timeIntervalSince1970: asOf))?.start.timeIntervalSince1970 ?? asOf
        for (category, codes) in evaluation.kept {
            let members = coded.filter { codes.contains($0.1) }
            let names = members.map { "\($0.0.name) (\($0.1))" }
            out.append(("HCC", "\(category.name) \(category.label): \(InsightsEngine.list(names)).", members.flatMap(\.0.sources), (Self.hccSystem, category.name)))
            for (p, _) in members {
                guard let last = p.lastAddressed, last.time < yearStart else { continue }
                out.append(("Recapture", "\(p.name) has not been addressed this calendar year; last addressed \(last.day).", [last.source], nil))
            }
        }
        // Categories a higher one in the same hierarchy outranks are listed as such.
        for (category, by) in evaluation.dropped {
            let members = coded.filter { terminology.hccV28.categories(for: $0.1).contains(category) }
            guard !members.isEmpty else { continue }
            out.append(("HCC", "\(category.name) \(category.label): \(InsightsEngine.list(members.map { "\($0.0.name) (\($0.1))" })); outranked by \(by.name).",
                        members.flatMap(\.0.sources), (Self.hccSystem, category.name)))
        }
        func has(_ prefixes: [String]) -> Bool { coded.contains { c in prefixes.contains { c.1.hasPrefix($0) } } }
        func points(_ codes: [String]) -> [(Dated, Double, String)] {
            observations.filter { o in (o.resource["code"]?["coding"]?.arrayValue ?? []).contains { codes.contains($0["code"]?.stringValue ?? "") } }
                .compactMap { o in value(o.resource).map { (o, $0.value, $0.text) } }
        }
        func suspect(_ code: String, _ evidence: String, _ sources: [SourceReference]) {
            let display = terminology.icd10cm.lookup(code)?.description ?? code
            out.append(("Suspected", "\(display) (\(code)), suspected; no such diagnosis is coded.", sources, (Self.icdSystem, code)))
            out.append(("Evidence", evidence, sources, nil))
        }
        // Two eGFR values below 60 at least 90 days apart.
        let low = points(["33914-3", "62238-1", "48642-3"]).filter { $0.1 < 60 }
        if !has(["N18", "E11.22", "E10.22", "I12", "I13"]), let first = low.first, let later = low.last(where: { $0.0.time - first.0.time >= 90 * 86_400 }) {
            suspect("N18.30", "eGFR \(first.2) on \(first.0.day) and \(later.2) on \(later.0.day).", [first.0.source, later.0.source])
        }
        if !has(["E66.01", "E66.2", "Z68.4"]), let bmi = points(["39156-5"]).last, bmi.1 >= 40 {
            suspect("E66.01", "BMI \(bmi.2) on \(bmi.0.day).", [bmi.0.source])
        }
        let diabetes = has(["E08", "E09", "E10", "E11", "E13"])
        if !diabetes, let a1c = points(["4548-4", "17856-6"]).last, a1c.1 >= 6.5 {
            suspect("E11.9", "Hemoglobin A1c \(a1c.2) on \(a1c.0.day).", [a1c.0.source])
        } else if !diabetes, let med = record.all("MedicationRequest").first(where: { m in
            m["status"] == "active" && ["insulin", "metformin", "glipizide", "glyburide", "sitagliptin", "empagliflozin", "liraglutide"]
                .contains { (Self.concept(m["medicationCodeableConcept"]) ?? "").lowercased().contains($0) }
        }), let source = Self.source(med), let name = Self.concept(med["medicationCodeableConcept"]) {
            suspect("E11.9", "Active prescription: \(name).", [source])
        }
        // Influenza immunization not recorded in the last year.
        let flu = record.all("Immunization").compactMap { i -> (Double, String, SourceReference)? in
            guard (Self.concept(i["vaccineCode"]) ?? "").lowercased().contains("influenza"), let (t, d) = Self.date(of: i), t <= asOf, let s = Self.source(i) else { return nil }
            return (t, d, s)
        }.max { $0.0 < $1.0 }
        if let flu, asOf - flu.0 > 365 * 86_400 {
            out.append(("Care gap", "Influenza immunization is overdue; last recorded on \(flu.1).", [flu.2], nil))
        }
        out += screeningGaps(record, asOf: asOf)
        return out
    }

    /// Cancer screenings due by age and sex (USPSTF intervals): colorectal 45–75 (colonoscopy within 10 years or
    /// a stool test within 1), breast for women 50–74 (mammogram within 2 years). Each cites the last screening
    /// when there was one, else the Patient whose age and sex make it due.
    func screeningGaps(_ record: PatientRecord, asOf: Double) -> [ReviewItem] {
        guard let birth = record.patient["birthDate"]?.stringValue.flatMap(FHIRDateTime.init), let patient = Self.source(record.patient),
              record.patient["deceasedDateTime"] == nil, record.patient["deceasedBoolean"]?.boolValue != true else { return [] }
        let age = (asOf - birth.lowerBound) / (365.2425 * 86_400)
        let year = 365.2425 * 86_400
        func last(_ words: [String]) -> (time: Double, day: String, source: SourceReference)? {
            record.resources.compactMap { r -> (Double, String, SourceReference)? in
                guard ["Procedure", "DiagnosticReport", "Observation", "ImagingStudy"].contains(r["resourceType"]?.stringValue ?? ""),
                      let name = Self.concept(r["code"])?.lowercased(), words.contains(where: name.contains),
                      let (t, d) = Self.date(of: r), t <= asOf, let s = Self.source(r) else { return nil }
                return (t, d, s)
            }.max { $0.0 < $1.0 }
        }
        var out: [ReviewItem] = []
        func due(_ what: String, _ test: String, last: (time: Double, day: String, source: SourceReference)?) {
            if let last {
                out.append(("Care gap", "\(what) is due; the last \(test) recorded was on \(last.day).", [last.source], nil))
            } else {
                out.append(("Care gap", "\(what) is due; no \(test) is recorded.", [patient], nil))
            }
        }
        if age >= 45 && age < 76 {
            let colonoscopy = last(["colonoscopy"]), stool = last(["occult blood", "fecal immunochemical", "fit test", "cologuard"])
            let covered = (colonoscopy.map { asOf - $0.time < 10 * year } ?? false) || (stool.map { asOf - $0.time < year } ?? false)
            if !covered { due("Colorectal cancer screening", "colonoscopy", last: colonoscopy) }
        }
        if record.patient["gender"] == "female" && age >= 50 && age < 75 {
            let mammogram = last(["mammogra"])
            if !(mammogram.map { asOf - $0.time < 2 * year } ?? false) { due("Breast cancer screening", "mammogram", last: mammogram) }
        }
        return out
    }
}
