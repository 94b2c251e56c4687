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
        // CPT 20550 names the aponeurosis (plantar fascia) with the tendon sheath and ligament.
        (["trigger finger", "trigger thumb", "tendon sheath", "pulley", "de quervain", "flexor tendon", "plantar fascia", "plantar fasciitis"], "20550"),
        (["epicondyl", "tendon origin", "tennis elbow", "golfer's elbow"], "20551"),
        (["knee", "shoulder", "hip"], "20610"), (["elbow", "wrist", "ankle"], "20605"), (["finger", "thumb", "toe"], "20600"),
    ]
    /// Words that put a test in the past or the future rather than this visit.
    static let notToday = ["recent", "previous", "prior", "last ", "outside", "ago", "before", "from your", "will ", "we'll", "going to", "gon na", "order",
                           "schedule", "plan to", "would like to", "recommend", "if ", "consider", "next", "obtain"]
    static let performedCues = ["today", "in office", "in clinic", "in the office", "obtained", "taken", "performed", "was done", "were done", "we did",
                                "administered", "injected", "given"]

    /// Procedures performed at this visit (not ordered for later) with modifiers and the diagnoses that support
    /// them, then the E/M (with modifier 25 beside a procedure or a preventive visit).
    func procedures(lines: [Line], diagnoses: [CodedDiagnosis], visitType: VisitContext.VisitType, age: Int?, mdm: MedicalDecisionMaking,
                    services: [OfficeService]? = nil) -> [CodedProcedure] {
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
        var xraySites: Set<String> = []
        for line in lines {
            // "We will administer the injection today": done at this visit.
            let injectionToday = line.has(["inject"]) && line.has(["today"]) && line.has(["administer", "perform", "do the", "give"])
            let performedHere = line.section == .results || line.section == .physicalExam || line.section == .procedures || injectionToday
                || (line.has(Self.performedCues) && !line.has(["will ", "we'll", "schedule", "order"]))
            guard performedHere, !line.has(Self.notToday) || line.has(["today", "in office", "in clinic"]),
                  !line.says(["not needed", "not indicated", "no need", "not necessary", "declined", "deferred"]) else { continue }
            if line.has(["x-ray", "xray", "x-rays", "radiograph", "views of"]), line.has(["today", "in office", "in the office", "in clinic", "obtained"]),
               let x = Self.xrays.first(where: { $0.site.contains(where: line.lower.contains) }),
               xraySites.insert(x.code).inserted {
                let code = Self.xrayViews(x.code, line.lower)
                out.append(CodedProcedure(code: code, display: terminology.cpt?.lookup(code)?.short ?? "", modifiers: modifier(line),
                                          diagnoses: supporting(x.site, near: line), confidence: line.has(["today", "in office", "obtained", "taken"]) ? 0.8 : 0.6,
                                          evidence: [line.range], rationale: "X-ray documented with this visit's results"))
            }
            let site = line.section == .procedures ? procedureText : injectionToday ? injectionText : line.lower
            if line.has(["injected", "injection was", "administered", "we did an injection", "i injected", "gave him an injection", "gave her an injection"])
                || (line.section == .procedures && line.has(["inject"])) || injectionToday,
               let j = Self.injections.first(where: { $0.site.contains(where: site.contains) }), !out.contains(where: { $0.code == j.code }) {
                out.append(CodedProcedure(code: j.code, display: terminology.cpt?.lookup(j.code)?.short ?? "", modifiers: modifier(line),
                                          diagnoses: supporting(j.site, near: line), confidence: 0.8, evidence: [line.range], rationale: "Joint injection performed"))
                // The injected drug, when the shipped list has its HCPCS code.
                if let drug = Self.drugCode(site + " " + line.lower), !out.contains(where: { $0.code == drug }) {
                    out.append(CodedProcedure(code: drug, display: terminology.cpt?.lookup(drug)?.short ?? "", modifiers: [],
                                              diagnoses: supporting(j.site, near: line), confidence: 0.7, evidence: [line.range], rationale: "Drug injected"))
                }
            }
            if line.has(["ekg", "ecg", "electrocardiogram"]) && line.has(["today", "performed", "obtained", "in office"]) && !out.contains(where: { $0.code == "93000" }) {
                out.append(CodedProcedure(code: "93000", display: terminology.cpt?.lookup("93000")?.short ?? "", modifiers: [],
                                          diagnoses: Array(diagnoses.prefix(1).map(\.code)), confidence: 0.7, evidence: [line.range], rationale: "ECG performed in office"))
            }
        }
        // Other services done at this visit (vaccines, point-of-care tests, minor procedures, screening instruments).
        for service in services ?? officeServices(lines, age: age) where !out.contains(where: { $0.code == service.code }) {
            let vaccine = terminology.cpt?.lookup(service.code)?.category.hasPrefix("vaccine") == true || service.code.hasPrefix("904")
            let linked = vaccine ? diagnoses.filter { $0.code == "Z23" }.map(\.code)
                : service.code == "96127" ? diagnoses.filter { $0.code.hasPrefix("Z13") || $0.code.hasPrefix("F") }.map(\.code) : []
            out.append(CodedProcedure(code: service.code, display: terminology.cpt?.lookup(service.code)?.short ?? "", modifiers: service.modifiers,
                                      diagnoses: linked.isEmpty ? Array(problemCodes(diagnoses).prefix(1)) : linked, confidence: 0.7,
                                      evidence: [service.line.range], rationale: service.rationale))
        }
        // The E/M: a preventive visit by age, with a problem E/M and modifier 25 only for a significant separate problem.
        let problemDiagnoses = diagnoses.map(\.code).filter { !$0.hasPrefix("Z00") }
        let evidence = lines.first(where: { $0.section.map(Self.assessmentKinds.contains) == true })?.range ?? lines.first?.range
        // Modifier 25: a procedure with a global period, or a service bundled with the visit, is billed the same day.
        let minorProcedure = out.contains { Self.separateVisitProcedure($0.code) }
        if visitType == .preventive || diagnoses.first?.code.hasPrefix("Z00") == true {
            let code = Self.preventiveCode(age: age, new: false)
            out.insert(CodedProcedure(code: code, display: terminology.cpt?.lookup(code)?.short ?? "", modifiers: [],
                                      diagnoses: diagnoses.filter { $0.code.hasPrefix("Z00") }.map(\.code), confidence: 0.8,
                                      evidence: evidence.map { [$0] } ?? [], rationale: "Preventive visit, age \(age.map(String.init) ?? "unknown")"), at: 0)
            // A separate problem managed at the visit (a drug, even over the counter, or a procedure decided) with at least low MDM.
            if mdm.risk >= .low && mdm.level >= .low && !problemDiagnoses.filter({ $0 != "Z23" && !$0.hasPrefix("Z68") && !$0.hasPrefix("Z13") }).isEmpty {
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

    /// Procedures with a global period (injections, biopsies, destruction, cerumen removal, I&D, catheterization, IUD)
    /// and services NCCI bundles with the visit (nebulizer, IM injection, tobacco counselling): a same-day office E/M
    /// needs modifier 25. X-rays, ECGs, spirometry, lab tests, vaccines and screening instruments do not.
    static func separateVisitProcedure(_ code: String) -> Bool {
        ["205", "206", "100", "110", "111", "112", "113", "114", "116", "170", "171", "692", "517", "583", "119", "120"].contains { code.hasPrefix($0) }
            || ["94640", "96372", "99406", "99407"].contains(code)
    }

    /// Problem codes for a service's pointer (not the preventive or drug-therapy codes).
    func problemCodes(_ diagnoses: [CodedDiagnosis]) -> [String] {
        let problems = diagnoses.map(\.code).filter { !$0.hasPrefix("Z00") && !$0.hasPrefix("Z79") && $0 != "Z23" }
        return problems.isEmpty ? diagnoses.map(\.code) : problems
    }

    /// Plain films by the number of views said ("3 views", "PA and lateral"): the CPT code of the site for that count.
    static func xrayViews(_ code: String, _ lower: String) -> String {
        var views: Int?
        if let r = lower.range(of: #"\b(\d|one|two|three|four|five)[ -]views?\b"#, options: .regularExpression) {
            let n = String(lower[r].prefix { $0 != " " && $0 != "-" })
            views = Int(n) ?? ["one": 1, "two": 2, "three": 3, "four": 4, "five": 5][n]
        } else if Self.says("pa and lateral", in: lower) || Self.says("ap and lateral", in: lower) {
            views = 2
        }
        guard let views else { return code }
        // (1–2 views, 3 views, 4+ views) by site.
        let bands: [String: [String]] = [
            "73560": ["73560", "73562", "73564"], "73562": ["73560", "73562", "73564"], "73630": ["73620", "73630", "73630"],
            "73610": ["73600", "73610", "73610"], "73100": ["73100", "73110", "73110"], "73130": ["73120", "73130", "73130"],
            "73070": ["73070", "73080", "73080"], "71046": [views == 1 ? "71045" : "71046", "71047", "71048"], "72100": ["72100", "72100", "72110"],
        ]
        guard let band = bands[code] else { return code }
        return band[views <= 2 ? 0 : views == 3 ? 1 : 2]
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
