import ClinicalText
import Foundation
import Terminology

extension Coder {
    static let worsening = ["worse", "worsening", "uncontrolled", "not controlled", "not well controlled", "poorly controlled", "elevated", "flare", "exacerbation",
                            "progress", "not at goal", "above goal", "increase", "increasing", "symptomatic", "fluid overload", "decompensat"]
    static let newPatientCues = ["new patient", "referred", "referral from", "nice to meet you", "establish care", "first visit", "initial visit",
                                 "consultation", "second opinion", "first time"]
    static let preventiveCues = ["annual exam", "annual physical", "annual visit", "annual examination", "annual wellness", "wellness visit", "wellness exam",
                                 "well visit", "well-child", "well child", "preventive visit", "yearly physical", "routine physical"]
    static let testWords = ["x-ray", "xray", "x-rays", "mri", "ct ", "cat scan", "ultrasound", "echo", "echocardiogram", "ekg", "ecg", "a1c", "lipid", "cbc",
                            "metabolic panel", "blood work", "labs", "lab work", "urinalysis", "culture", "biopsy", "stress test", "colonoscopy", "mammogram",
                            "pft", "pulmonary function", "sleep study", "nerve conduction", "emg", "dexa", "bone density", "tsh", "thyroid", "panel", "titer",
                            "vitamin d", "b12", "psa", "ferritin", "iron", "kidney function", "liver function", "holter", "monitor", "scan"]
    static let orderCues = ["order", "obtain", "get a", "get an", "schedule", "repeat", "check", "will send", "we'll send", "refer", "referral"]
    static let overTheCounter = ["vitamin", "dietary supplement", "antihistamine", "mineral supplement", "laxative", "topical analgesic", "antacid", "stool softener",
                                 "decongestant", "iron supplement", "probiotic"]
    static let otcGenerics = ["acetaminophen", "tylenol", "aspirin", "naproxen", "loratadine", "cetirizine", "fexofenadine", "famotidine", "omeprazole",
                              "calcium", "melatonin", "ibuprofen", "diphenhydramine"]

    /// An over-the-counter drug only when every ingredient is one: "hydrocodone/acetaminophen" is a prescription opioid.
    static func isOverTheCounter(_ generic: String) -> Bool {
        let ingredients = generic.replacingOccurrences(of: " and ", with: "/").split { "/+,".contains($0) }
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        return !ingredients.isEmpty && ingredients.allSatisfy { i in otcGenerics.contains { Self.says($0, in: i) } }
    }

    func isChronic(_ code: String) -> Bool {
        let chronicPrefixes = ["E0", "E1", "E2", "E3", "E66", "E78", "I1", "I2", "I4", "I5", "I7", "J44", "J45", "N18", "F", "G2", "G3", "G4", "K21", "K50",
                               "K51", "M05", "M06", "M16", "M17", "M19", "M81", "C", "D50", "B20", "Z21", "L40", "G89", "D35"]
        return chronicPrefixes.contains { code.hasPrefix($0) }
    }

    /// 2021 office E/M medical decision making from the problems addressed, the data reviewed and ordered, and the
    /// risk of the management.
    func decisionMaking(problems: [Problem], lines: [Line], diagnoses: [CodedDiagnosis]) -> MedicalDecisionMaking {
        // Problems: each coded problem, chronic or acute, stable or not.
        var chronicStable = 0, chronicWorse = 0, acuteSimple = 0, acuteComplex = 0, undiagnosed = 0
        var notes: [String] = []
        for problem in problems {
            let ranges = Set(problem.all.map(\.range))
            let codes = diagnoses.filter { d in d.evidence.contains(where: ranges.contains) }.map(\.code).filter { !$0.hasPrefix("Z") }
            guard let first = codes.first else { continue }
            let text = Self.spelledOrdinals(problem.all.map(\.lower).joined(separator: " "))
            if isChronic(first) {
                if Self.worsening.contains(where: { Self.says($0, in: text) }) { chronicWorse += 1; notes.append("\(first) chronic, not at goal") } else { chronicStable += 1; notes.append("\(first) chronic, stable") }
            } else if codes.contains(where: { c in
                // A fracture or dislocation coded for the problem, not a "no fracture" in its x-ray reading.
                let d = terminology.icd10cm.lookup(c)?.description.lowercased() ?? ""
                return c.hasPrefix("S") && (d.contains("fracture") || d.contains("dislocation"))
            }) {
                acuteComplex += 1
                notes.append("\(first) acute complicated injury")
            } else if codes.allSatisfy(Self.isSymptom) && problem.all.contains(where: { $0.says(Self.orderCues) && $0.says(Self.testWords) }) {
                undiagnosed += 1
                notes.append("\(first) undiagnosed, being worked up")
            } else {
                acuteSimple += 1
                notes.append("\(first) acute")
            }
        }
        // An assessment that names nothing codable still addresses a problem.
        if notes.isEmpty && !problems.isEmpty { acuteSimple = 1; notes.append("one problem addressed") }
        let problemLevel: MedicalDecisionMaking.Level
        if chronicWorse > 0 || chronicStable >= 2 || acuteComplex > 0 || undiagnosed > 0 { problemLevel = .moderate }
        else if chronicStable == 1 || acuteSimple >= 1 { problemLevel = .low }
        else { problemLevel = .straightforward }

        // Data: unique tests reviewed (results) and ordered (plan), and an independent historian.
        var reviewed = Set<String>(), ordered = Set<String>()
        for l in lines {
            let found = Self.testWords.filter { Self.says($0, in: l.lower) }
            // Each test once: "panel" inside "metabolic panel" is the same test.
            let tests = found.filter { t in !found.contains { $0 != t && $0.contains(t) } }
            if l.section == .results || (l.section.map(Self.assessmentKinds.contains) == true && l.says(["showed", "shows", "revealed", "was normal", "came back", "reviewed", "results"])) {
                reviewed.formUnion(tests)
            } else if l.section.map(Self.assessmentKinds.contains) == true && l.says(Self.orderCues) {
                ordered.formUnion(tests)
            }
        }
        ordered.subtract(reviewed)
        let historian = lines.contains { $0.says(["accompanied by", "history is obtained from", "provided by her mother", "provided by his mother", "mother reports", "father reports", "wife reports", "husband reports"]) }
        let items = reviewed.count + ordered.count + (historian ? 1 : 0)
        let dataLevel: MedicalDecisionMaking.Level = items >= 3 ? .moderate : items == 2 ? .low : .straightforward
        let dataWhy = "\(reviewed.count) reviewed, \(ordered.count) ordered\(historian ? ", independent historian" : "")"

        // Risk: prescription drug management is moderate; over-the-counter drugs and therapy are low.
        var risk = MedicalDecisionMaking.Level.straightforward
        var riskWhy = "no management with risk"
        for l in lines where l.section.map(Self.assessmentKinds.contains) == true {
            if l.says(["admit", "hospitaliz", "intensive monitoring"]) && !l.says(["if ", "should ", "avoid", "return", "not need"]) {
                risk = .high
                riskWhy = "decision about hospitalization"
                break
            }
            for m in l.medications {
                let cls = m.concept.group?.lowercased() ?? "", generic = m.concept.preferred.lowercased()
                let otc = Self.overTheCounter.contains(where: cls.contains) || (Self.isOverTheCounter(generic) && (m.doseValue ?? 0) < 600)
                if !otc && risk < .moderate { risk = .moderate; riskWhy = "prescription drug management (\(m.concept.preferred))" }
                else if otc && risk < .low { risk = .low; riskWhy = "over-the-counter drugs (\(m.concept.preferred))" }
            }
            if risk < .moderate && l.says(["surgery", "surgical", "excision", "injection", "procedure"]) && !l.says(["no surgery", "not need surgery"]) {
                risk = .moderate
                riskWhy = "decision about a procedure or surgery"
            }
            if risk < .low && l.says(["physical therapy", "brace", "splint", "ice", "rest", "compression", "referral", "refer"]) {
                risk = .low
                riskWhy = "minor treatment (therapy, splinting, referral)"
            }
        }
        return MedicalDecisionMaking(problems: problemLevel, data: dataLevel, risk: risk,
                                     problemsWhy: notes.isEmpty ? "no coded problem" : notes.joined(separator: ", "), dataWhy: dataWhy, riskWhy: riskWhy)
    }

    /// New, established or preventive: the caller's word, else the note's cues, else the record's earlier visits
    /// (none on record and no cue: established, the common case).
    func visitType(_ lines: [Line], visit: VisitContext) -> VisitContext.VisitType {
        if let t = visit.visitType { return t }
        if Self.isPreventive(lines) { return .preventive }
        if lines.contains(where: { [.chiefComplaint, .historyOfPresentIllness].contains($0.section) && $0.says(Self.newPatientCues) }) { return .new }
        return .established
    }

    static func isPreventive(_ lines: [Line]) -> Bool {
        // "Annual follow-up of chronic conditions" is a problem visit.
        if lines.contains(where: { $0.says(["chronic conditions", "chronic medical problems", "chronic problems"]) && $0.says(["annual", "yearly"]) }) { return false }
        return lines.contains { l in
            [.chiefComplaint, .historyOfPresentIllness, .assessmentAndPlan, .plan, .assessment].contains(l.section) && l.says(preventiveCues)
                && !l.says(["follow-up", "followup", "follow up", "chronic", "as part of", "during his", "during her", "at his last", "at her last"])
        }
    }

    /// Z00.0x for an adult's general examination, Z00.12x for a child's, with or without abnormal findings.
    static func preventiveDiagnosis(age: Int?, abnormal: Bool) -> String {
        if let age, age < 18 { return abnormal ? "Z00.121" : "Z00.129" }
        return abnormal ? "Z00.01" : "Z00.00"
    }
}
