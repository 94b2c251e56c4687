import ClinicalText
import Foundation
import Terminology

extension Coder {
    static let worsening = ["worse", "worsening", "uncontrolled", "not controlled", "not well controlled", "poorly controlled", "elevated", "flare", "exacerbation",
                            "progress", "not at goal", "above goal", "increase", "increasing", "symptomatic", "fluid overload", "decompensat",
                            "non-healing", "nonhealing", "not healing", "spreading"]
    /// A treatment that did not work.
    static let failedTreatment = ["failed conservative", "failed physical therapy", "failed 3 months", "failed three months", "failed 6 weeks",
                                  "failed six weeks", "has failed", "despite conservative", "despite physical therapy", "despite injection",
                                  "not responded to", "has not responded", "no relief from", "refractory to"]
    /// A sentence saying the condition is controlled: a worsening word beside it is about something else.
    static let controlled = ["well controlled", "well-controlled", "remains controlled", "under control", "remains stable", "at goal"]
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
                               "K51", "M05", "M06", "M16", "M17", "M19", "M81", "C", "D50", "B20", "Z21", "L40", "G89", "D35",
                               "L20", "L70", "L71", "K58", "H90", "K70", "K73", "K74", "K76.6", "I85"]
        return chronicPrefixes.contains { code.hasPrefix($0) }
    }

    /// How a problem counts for the 2021 office E/M (AMA table of the number and complexity of problems addressed),
    /// least to most complex.
    enum ProblemType: Int, Comparable {
        case acute, chronicStable, chronicWorse, acuteComplicated, undiagnosed, threatToLife

        static func < (a: ProblemType, b: ProblemType) -> Bool { a.rawValue < b.rawValue }
        var label: String {
            switch self {
            case .acute: return "acute"
            case .chronicStable: return "chronic, stable"
            case .chronicWorse: return "chronic, not at goal"
            case .acuteComplicated: return "acute complicated injury"
            case .undiagnosed: return "undiagnosed, being worked up"
            case .threatToLife: return "malignancy needing a decision about surgery or staging (threat to life)"
            }
        }
    }

    /// Hedges about what the problem is, for E/M: a problem still being worked out ("concerned about a torn MCL"). A working
    /// diagnosis ("most likely rotator cuff tendinopathy", "consistent with") is not uncertain enough.
    static let uncertainCause = ["concerned about", "concern for", "concerning for", "suspect", "suspicious for", "rule out", "possible", "could be",
                                 "differential", "versus", "unclear", "uncertain", "pending"]
    /// A malignancy under treatment now (chronic illness with side effects of treatment).
    static let cancerTreatment = ["chemotherapy", "chemo", "radiation", "immunotherapy", "cisplatin", "carboplatin", "etoposide", "taxol", "paclitaxel",
                                  "tamoxifen", "letrozole", "anastrozole", "side effect"]
    static let currentTreatment = ["continue", "current", "currently", "ongoing", "undergoing", "receiving", "cycle"]
    /// A decision about major surgery for a malignancy, or its staging.
    static let majorSurgery = ["hysterectomy", "oophorectomy", "mastectomy", "lumpectomy", "colectomy", "lobectomy", "prostatectomy", "nephrectomy",
                               "thyroidectomy", "gastrectomy", "resection", "wide local excision", "lymph node dissection", "sentinel", "surgical removal",
                               "surgical intervention"]
    static let staging = ["staging", "metastatic", "metastasis", "metastases"]
    /// A decision still to carry out, not a past treatment ("status post lumpectomy").
    static let decision = ["recommend", "will ", "plan", "candidate", "schedule", "proceed", "would like", "going to", "refer", "want"]
    static let pastTreatment = ["status post", "s/p", "underwent", "completed", "had a", "had her", "had his", "previous", "prior", "history of"]
    /// A surgery already done ("5 weeks out from surgery"): no decision about one.
    static let pastSurgery = pastTreatment + ["after surgery", "from surgery", "since surgery", "after his surgery", "after her surgery", "post-op",
                                              "postoperative", "weeks out"]

    /// A sentence deciding major surgery (not one done before).
    static func decidesCancerSurgery(_ l: Line) -> Bool { l.says(majorSurgery) && l.says(decision) && !l.says(pastTreatment) }

    /// Primary or secondary malignancy (C00–C96), not skin other than melanoma (C44, minor excisions).
    static func isMalignancy(_ code: String) -> Bool { code.hasPrefix("C") && !code.hasPrefix("C44") && !code.hasPrefix("C4A") }

    /// The type of one code of a problem; `text` is the problem's sentences.
    func problemType(_ code: String, problem: Problem, text: String) -> ProblemType {
        let description = terminology.icd10cm.lookup(code)?.description.lowercased() ?? ""
        func says(_ cues: [String]) -> Bool { cues.contains { Self.says($0, in: text) } }
        if Self.isMalignancy(code) {
            // On chemotherapy or radiation now: chronic illness with side effects of treatment.
            if problem.all.contains(where: { $0.says(Self.cancerTreatment) && $0.says(Self.currentTreatment) && !$0.says(["start", "after", "consider", "may "]) }) {
                return .chronicWorse
            }
            // Not yet treated, with surgery or staging decided: a threat to life.
            if problem.all.contains(where: { Self.decidesCancerSurgery($0) || ($0.says(Self.staging) && $0.says(Self.decision)) }) { return .threatToLife }
        }
        if isChronic(code) {
            let worse = problem.all.contains { l in
                l.says(Self.worsening) && !(l.says(Self.controlled) && !l.says(["not well controlled", "not controlled", "not at goal", "poorly", "uncontrolled"]))
            }
            return worse ? .chronicWorse : .chronicStable
        }
        // A condition that has not responded to its treatment ("failed 3 months of conservative treatment") has progressed.
        if !Self.isSymptom(code), problem.all.contains(where: { $0.says(Self.failedTreatment) }) { return .chronicWorse }
        // A fracture or dislocation coded for the problem, not a "no fracture" in its x-ray reading.
        // Healing after its treatment (7th character D): routine follow-up, not a new complicated injury.
        if code.hasPrefix("S") && (description.contains("fracture") || description.contains("dislocation")) { return code.hasSuffix("D") ? .acute : .acuteComplicated }
        // An undiagnosed new problem: a sign, symptom or pain whose cause is hedged or worked up, or a condition of unknown
        // cause the heading calls new ("New found anemia.") that is worked up.
        let orders = problem.all.contains { $0.says(Self.dataOrderCues) && !tests(in: $0).isEmpty }
        let symptom = Self.isSymptom(code) || description.contains("pain") || description.contains("algia") || description.contains("lumbago")
            || description.contains("sciatica")
        if symptom && (orders || says(Self.uncertainCause)) { return .undiagnosed }
        let newProblem = problem.heading.map { h in h.says(["new", "newly", "new-onset", "new onset"]) } ?? false
        if description.contains("unspecified") && newProblem && orders { return .undiagnosed }
        return .acute
    }

    /// Diagnostic procedures (not treatments) of the procedure lexicon that count as tests for E/M data.
    static let diagnosticProcedures: Set<String> = ["ekg", "holter-monitor", "pulmonary-function-test", "sleep-study", "emg", "eeg", "ankle-brachial-index"]
    /// Order words for E/M data (a test ordered).
    static let dataOrderCues = orderCues + ["recheck", "arrange", "set him up", "set her up", "send him", "send her", "will get", "we'll get", "draw", "request"]

    /// The unique tests a sentence names: imaging and lab concepts of the procedure lexicon (a panel is one test), the
    /// diagnostic procedures, and a lab value the sentence reports without naming its panel.
    func tests(in l: Line) -> Set<String> {
        var ids = Set(l.concepts.filter { c in
            let concept = c.mention.concept
            return concept.kind == .procedure && !c.assertion.negated
                && (["imaging", "lab"].contains(concept.group ?? "") || Self.diagnosticProcedures.contains(concept.id))
        }.map(\.mention.concept.id))
        if ids.isEmpty, let lab = l.labs.first { ids.insert("loinc:" + lab) }
        if ids.isEmpty && l.says(["blood work", "bloodwork", "labs", "lab work"]) { ids.insert("labs") }
        return ids
    }

    /// 2021 office E/M medical decision making from the problems addressed, the data reviewed and ordered, and the
    /// risk of the management.
    func decisionMaking(problems: [Problem], lines: [Line], diagnoses: [CodedDiagnosis], age: Int? = nil) -> MedicalDecisionMaking {
        // Problems: each coded problem once, as the most complex type of its codes.
        var counts: [ProblemType: Int] = [:]
        var notes: [String] = []
        var cancerSurgery = false
        for problem in problems {
            let ranges = Set(problem.all.map(\.range))
            let codes = diagnoses.filter { d in d.evidence.contains(where: ranges.contains) }.map(\.code).filter { !$0.hasPrefix("Z") }
            let text = Self.spelledOrdinals(problem.all.map(\.lower).joined(separator: " "))
            // A diagnosis still to be confirmed, with the tests that will confirm it ordered, codes nothing but is an
            // undiagnosed new problem.
            if codes.isEmpty, problem.all.contains(where: { $0.says(Self.diagnosisPending) }),
               problem.all.contains(where: { $0.says(Self.dataOrderCues) && !tests(in: $0).isEmpty }) {
                counts[.undiagnosed, default: 0] += 1
                notes.append("diagnosis to be confirmed, \(ProblemType.undiagnosed.label)")
                continue
            }
            guard !codes.isEmpty else { continue }
            // An impression line with no sentences of its own is typed with the plan's sentences that name it ("IMPRESSION
            // 1. Migraine without aura." … "PLAN … the frequency has increased").
            var typing = problem
            if problem.lines.isEmpty, let h = problem.heading {
                let ids = Set(h.concepts.map(\.mention.concept.id))
                typing.lines = lines.filter { l in l.section == .plan && !ids.isDisjoint(with: l.concepts.map(\.mention.concept.id)) }
            }
            let typed = codes.map { (code: $0, type: problemType($0, problem: typing, text: text)) }
            let top = typed.max { $0.type < $1.type }!
            counts[top.type, default: 0] += 1
            notes.append("\(top.code) \(top.type.label)")
            // Other chronic conditions managed in the same problem ("Hypertension and hyperlipidemia stable, continue
            // lisinopril and simvastatin") are chronic illnesses addressed too (AMA: two stable chronic illnesses).
            var categories: Set<String> = [String(top.code.prefix(3))]
            for t in typed where [.chronicStable, .chronicWorse].contains(t.type) && !Self.isSymptom(t.code) && !categories.contains(String(t.code.prefix(3))) {
                categories.insert(String(t.code.prefix(3)))
                counts[.chronicStable, default: 0] += 1
                notes.append("\(t.code) \(ProblemType.chronicStable.label)")
            }
            if top.type == .threatToLife && problem.all.contains(where: Self.decidesCancerSurgery) { cancerSurgery = true }
        }
        // An assessment that names nothing codable still addresses a problem.
        if notes.isEmpty && !problems.isEmpty { counts[.acute] = 1; notes.append("one problem addressed") }
        let problemLevel: MedicalDecisionMaking.Level
        if counts[.threatToLife, default: 0] > 0 { problemLevel = .high }
        else if counts[.chronicWorse, default: 0] > 0 || counts[.chronicStable, default: 0] >= 2 || counts[.acuteComplicated, default: 0] > 0
                    || counts[.undiagnosed, default: 0] > 0 { problemLevel = .moderate }
        else if counts[.chronicStable, default: 0] == 1 || counts[.acute, default: 0] >= 1 { problemLevel = .low }
        else { problemLevel = .straightforward }

        // Data (AMA categories): 1, unique tests reviewed (results) and ordered (plan) and an independent historian;
        // 2, an independent interpretation of a test; moderate needs three of category 1 or category 2, extensive both.
        var reviewed = Set<String>(), ordered = Set<String>()
        var interpreted = false
        var previous = Set<String>()
        // Screening tests ordered under the preventive visit's own heading belong to the preventive service, not the problem visit.
        let preventive = Set(problems.filter { $0.heading?.says(Self.preventiveCues) == true }.flatMap { $0.all.map(\.range) })
        for l in lines where !preventive.contains(l.range) {
            let tests = tests(in: l)
            let inPlan = l.section.map(Self.assessmentKinds.contains) == true
            // The test interpreted may be named in the sentence before ("MRI of the right index finger … Independent review of the images …").
            if l.says(["independent review", "independent interpretation", "independently review", "independently interpret", "personally reviewed the image",
                       "personally reviewed the film", "i reviewed the images", "i reviewed the films"]) && !(tests.isEmpty && previous.isEmpty) { interpreted = true }
            previous = tests
            if l.section == .results || (inPlan && l.says(["showed", "shows", "revealed", "was normal", "came back", "reviewed", "results"])) {
                reviewed.formUnion(tests)
            } else if inPlan && l.says(Self.dataOrderCues) {
                // Unnamed labs ordered are another test than unnamed labs reviewed.
                ordered.formUnion(tests.map { $0 == "labs" ? "labs ordered" : $0 })
            }
        }
        ordered.subtract(reviewed)
        // A young child's history comes from a parent.
        let parent = lines.contains { $0.says(["mother", "father", "mom", "dad", "parent", "parents", "guardian", "grandmother"]) }
        let historian = lines.contains { $0.says(["accompanied by", "history is obtained from", "provided by her mother", "provided by his mother", "mother reports",
                                                  "father reports", "wife reports", "husband reports"]) } || ((age ?? 99) < 12 && parent)
        let items = reviewed.count + ordered.count + (historian ? 1 : 0)
        let categories = (items >= 3 ? 1 : 0) + (interpreted ? 1 : 0)
        let dataLevel: MedicalDecisionMaking.Level = categories >= 2 ? .high : categories == 1 ? .moderate
            : (reviewed.count + ordered.count >= 2 || historian) ? .low : .straightforward
        let dataWhy = "\(reviewed.count) reviewed, \(ordered.count) ordered\(historian ? ", independent historian" : "")\(interpreted ? ", independent interpretation" : "")"

        // Risk: prescription drug management is moderate; over-the-counter drugs and therapy are low.
        var risk = MedicalDecisionMaking.Level.straightforward
        var riskWhy = "no management with risk"
        if cancerSurgery { risk = .high; riskWhy = "decision about major surgery for a malignancy" }
        for l in lines where l.section.map(Self.assessmentKinds.contains) == true && risk < .high {
            if l.says(["admit", "hospitaliz", "intensive monitoring"]) && !l.says(["if ", "should ", "avoid", "return", "not need"]) {
                risk = .high
                riskWhy = "decision about hospitalization"
                break
            }
            // Drugs used to do a procedure (the skin prep, the anesthetic, the injected steroid) are not prescription drug management.
            let procedureDrugs = l.says(["prepped", "injected", "anesthetized", "infiltrated", "cleaned with", "cleansed with", "sterile"])
            for m in l.medications where !procedureDrugs && !l.says(["not be a candidate", "not a candidate", "would not", "would be a candidate"]) {
                let cls = m.concept.group?.lowercased() ?? "", generic = m.concept.preferred.lowercased()
                let otc = Self.overTheCounter.contains(where: cls.contains) || (Self.isOverTheCounter(generic) && (m.doseValue ?? 0) < 600)
                if !otc && risk < .moderate { risk = .moderate; riskWhy = "prescription drug management (\(m.concept.preferred))" }
                else if otc && risk < .low { risk = .low; riskWhy = "over-the-counter drugs (\(m.concept.preferred))" }
            }
            // A decision, not a procedure to consider if the symptoms persist.
            // A minor procedure (a joint injection) without stated risk factors is low risk (AMA 2021); surgery is moderate.
            // A surgery done before ("status post open reduction", "5 weeks out from surgery") is no decision either.
            if risk < .moderate && l.says(["surgery", "surgical", "excision", "injection", "procedure"]) && !l.says(["no surgery", "not need surgery", "without surgery", "not something", "not a candidate", "no need", "not needed", "not indicated"])
                && !l.says(Self.pastSurgery)
                && !l.says(["if ", "consider", "may ", "might", "in the future", "down the road", "eventually"]) {
                if l.says(["surgery", "surgical", "excision"]) || (l.says(["procedure"]) && !l.says(["injection", "injected"])) {
                    risk = .moderate
                    riskWhy = "decision about a procedure or surgery"
                } else if risk < .low {
                    risk = .low
                    riskWhy = "decision about a minor procedure (injection)"
                }
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
                && !l.says(["follow-up", "followup", "follow up", "chronic", "as part of", "during his", "during her", "at his last", "at her last", "last seen", "since his", "since her", "last visit",
                             // Another visit told in the history ("when her gynecologist learned of it at her annual exam").
                             "at his annual", "at her annual", "at an annual", "at the annual", "at a recent", "at his recent", "at her recent"])
        }
    }

    /// Z00.0x for an adult's general examination, Z00.12x for a child's, with or without abnormal findings.
    static func preventiveDiagnosis(age: Int?, abnormal: Bool) -> String {
        if let age, age < 18 { return abnormal ? "Z00.121" : "Z00.129" }
        return abnormal ? "Z00.01" : "Z00.00"
    }
}
