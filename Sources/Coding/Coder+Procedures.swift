import ClinicalText
import Foundation
import Terminology

extension Coder {
    /// Plain films by body site (the views most often taken in an office).
    static let xrays: [(site: [String], code: String)] = [
        (["knee"], "73560"), (["shoulder"], "73030"), (["wrist"], "73100"), (["elbow"], "73070"), (["foot", "heel"], "73630"), (["ankle"], "73610"),
        (["hand"], "73130"), (["finger", "thumb"], "73140"), (["toe"], "73660"), (["hip"], "73502"), (["lumbar", "low back", "lower back"], "72100"),
        (["cervical", "neck"], "72040"), (["thoracic"], "72070"), (["chest"], "71046"), (["tibia", "fibula", "shin", "lower leg"], "73590"),
        (["pelvis"], "72170"), (["forearm", "radius", "ulna"], "73090"), (["humerus", "upper arm"], "73060"), (["femur", "thigh"], "73552"),
    ]
    /// Joint injections by joint size.
    static let injections: [(site: [String], code: String)] = [
        // Tendon sheath (trigger finger, de Quervain) and tendon origin (epicondylitis) before the joints they sit near.
        (["trigger finger", "trigger thumb", "tendon sheath", "pulley", "de quervain", "flexor tendon"], "20550"),
        (["epicondyl", "tendon origin", "tennis elbow", "golfer's elbow", "plantar fascia"], "20551"),
        (["knee", "shoulder", "hip"], "20610"), (["elbow", "wrist", "ankle"], "20605"), (["finger", "thumb", "toe"], "20600"),
    ]
    /// Words that put a test in the past or the future rather than this visit.
    static let notToday = ["recent", "previous", "prior", "last ", "outside", "ago", "before", "from your", "will ", "we'll", "going to", "gon na", "order",
                           "schedule", "plan to", "would like to", "recommend", "if ", "consider", "next", "obtain"]
    static let performedCues = ["today", "in office", "in clinic", "in the office", "obtained", "taken", "performed", "was done", "were done", "we did",
                                "administered", "injected", "given"]

    /// Procedures performed at this visit (not ordered for later) with modifiers and the diagnoses that support
    /// them, then the E/M (with modifier 25 beside a procedure or a preventive visit).
    func procedures(lines: [Line], diagnoses: [CodedDiagnosis], visitType: VisitContext.VisitType, age: Int?, mdm: MedicalDecisionMaking) -> [CodedProcedure] {
        var out: [CodedProcedure] = []
        func supporting(_ site: [String], near line: Line) -> [String] {
            let local = diagnoses.filter { d in
                lines.contains { l in d.evidence.contains(l.range) && site.contains(where: l.lower.contains) }
                    || site.contains(where: d.display.lowercased().contains)
            }.map(\.code)
            return local.isEmpty ? Array(diagnoses.prefix(1).map(\.code)) : local
        }
        func modifier(_ line: Line) -> [String] {
            switch Self.laterality(line.lower) {
            case .right?: return ["RT"]
            case .left?: return ["LT"]
            case .bilateral?: return ["50"]
            case nil: return []
            }
        }
        // The site may be named in the procedure's heading ("Right index trigger finger injection") rather than its steps,
        // or in another sentence about the injection given today.
        let procedureText = lines.filter { $0.section == .procedures }.map(\.lower).joined(separator: " ")
        let injectionText = lines.filter { $0.has(["inject"]) }.map(\.lower).joined(separator: " ")
        for line in lines {
            // "We will administer the injection today": done at this visit.
            let injectionToday = line.has(["inject"]) && line.has(["today"]) && line.has(["administer", "perform", "do the", "give"])
            let performedHere = line.section == .results || line.section == .physicalExam || line.section == .procedures || injectionToday
                || (line.has(Self.performedCues) && !line.has(["will ", "we'll", "schedule", "order"]))
            guard performedHere, !line.has(Self.notToday) || line.has(["today", "in office", "in clinic"]) else { continue }
            if line.has(["x-ray", "xray", "x-rays", "radiograph", "views of"]), line.has(["today", "in office", "in the office", "in clinic", "obtained"]),
               let x = Self.xrays.first(where: { $0.site.contains(where: line.lower.contains) }),
               !out.contains(where: { $0.code == x.code }) {
                out.append(CodedProcedure(code: x.code, display: terminology.cpt?.lookup(x.code)?.short ?? "", modifiers: modifier(line),
                                          diagnoses: supporting(x.site, near: line), confidence: line.has(["today", "in office", "obtained", "taken"]) ? 0.8 : 0.6,
                                          evidence: [line.range], rationale: "X-ray documented with this visit's results"))
            }
            let site = line.section == .procedures ? procedureText : injectionToday ? injectionText : line.lower
            if line.has(["injected", "injection was", "administered", "we did an injection", "i injected", "gave him an injection", "gave her an injection"])
                || (line.section == .procedures && line.has(["inject"])) || injectionToday,
               let j = Self.injections.first(where: { $0.site.contains(where: site.contains) }), !out.contains(where: { $0.code == j.code }) {
                out.append(CodedProcedure(code: j.code, display: terminology.cpt?.lookup(j.code)?.short ?? "", modifiers: modifier(line),
                                          diagnoses: supporting(j.site, near: line), confidence: 0.8, evidence: [line.range], rationale: "Joint injection performed"))
            }
            if line.has(["ekg", "ecg", "electrocardiogram"]) && line.has(["today", "performed", "obtained", "in office"]) && !out.contains(where: { $0.code == "93000" }) {
                out.append(CodedProcedure(code: "93000", display: terminology.cpt?.lookup("93000")?.short ?? "", modifiers: [],
                                          diagnoses: Array(diagnoses.prefix(1).map(\.code)), confidence: 0.7, evidence: [line.range], rationale: "ECG performed in office"))
            }
        }
        // The E/M: a preventive visit by age, with a problem E/M and modifier 25 only for a significant separate problem.
        let problemDiagnoses = diagnoses.map(\.code).filter { !$0.hasPrefix("Z00") }
        let evidence = lines.first(where: { $0.section.map(Self.assessmentKinds.contains) == true })?.range ?? lines.first?.range
        let minorProcedure = out.contains { $0.code.hasPrefix("206") }
        if visitType == .preventive || diagnoses.first?.code.hasPrefix("Z00") == true {
            let code = Self.preventiveCode(age: age, new: false)
            out.insert(CodedProcedure(code: code, display: terminology.cpt?.lookup(code)?.short ?? "", modifiers: [],
                                      diagnoses: diagnoses.filter { $0.code.hasPrefix("Z00") }.map(\.code), confidence: 0.8,
                                      evidence: evidence.map { [$0] } ?? [], rationale: "Preventive visit, age \(age.map(String.init) ?? "unknown")"), at: 0)
            if mdm.risk >= .moderate && !problemDiagnoses.isEmpty {
                let em = Self.officeCode(new: false, level: mdm.level)
                out.insert(CodedProcedure(code: em, display: terminology.cpt?.lookup(em)?.short ?? "", modifiers: ["25"], diagnoses: problemDiagnoses,
                                          confidence: 0.65, evidence: evidence.map { [$0] } ?? [],
                                          rationale: "Significant separate problem managed: " + mdm.rationale), at: 1)
            }
        } else {
            let em = Self.officeCode(new: visitType == .new, level: mdm.level)
            out.insert(CodedProcedure(code: em, display: terminology.cpt?.lookup(em)?.short ?? "", modifiers: minorProcedure ? ["25"] : [],
                                      diagnoses: problemDiagnoses.filter { !$0.hasPrefix("Z79") }, confidence: 0.7, evidence: evidence.map { [$0] } ?? [],
                                      rationale: (visitType == .new ? "New patient. " : "Established patient. ") + mdm.rationale), at: 0)
        }
        return out
    }

    static func officeCode(new: Bool, level: MedicalDecisionMaking.Level) -> String {
        new ? "9920\(level.rawValue + 1)" : "9921\(level.rawValue + 1)"
    }

    /// 99381–99387 (new) or 99391–99397 (established) by age band.
    static func preventiveCode(age: Int?, new: Bool) -> String {
        let band: Int
        switch age ?? 40 {
        case ..<1: band = 1
        case 1...4: band = 2
        case 5...11: band = 3
        case 12...17: band = 4
        case 18...39: band = 5
        case 40...64: band = 6
        default: band = 7
        }
        return (new ? "9938" : "9939") + String(band)
    }
}
