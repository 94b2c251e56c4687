import ClinicalText
import Foundation
import Terminology

extension Coder {
    /// Hedges that make a diagnosis uncertain in outpatient coding (Section IV.H): code the signs instead.
    static let hedges = ["probable", "probably", "suspect", "suspected", "suspicious for", "likely", "rule out", "r/o", "possible", "possibly",
                         "concern for", "concerning for", "i believe", "i think", "may be", "might be", "could be", "questionable", "versus", " vs ",
                         "differential", "presumed", "consistent with a possible", "cannot rule out", "can't rule out", "worried about", "concerned about",
                         "my concern", "might have", "may have", "suggest", " or ", "similar to", "resembl", "compatible with", "consistent with",
                         "working diagnosis", "not been excluded", "not excluded", "cannot be excluded", "can't be excluded", "not been ruled out",
                         "not ruled out", "worry about", "worries about",
                         // Ruled out: the condition is excluded, so its signs are coded, not it.
                         "were ruled out", "was ruled out", "been ruled out", "is ruled out"]
    /// The diagnosis itself is not yet established (Section IV.H): a plain heading is still uncertain.
    static let diagnosisPending = ["confirm the diagnosis", "confirm this diagnosis", "confirm that diagnosis", "confirm a diagnosis", "diagnosis is pending",
                                   "pending confirmation", "once confirmed", "not yet confirmed", "has not been confirmed", "not been confirmed",
                                   "to be confirmed", "not yet diagnosed"]
    /// Teaching and explanation ("Lyme disease can cause problems …"): a condition named in general, not the patient's.
    static let explaining = ["explain", "discuss", "educat", "counsel", "can cause", "can be", "can affect", "can lead", "could lead", "risk",
                             "in general", "typically", "usually", "commonly", "vaccinated", "vaccine", "immunized", "booster"]
    /// An illness told as what came before the one assessed.
    static let preceding = ["following", "preceded by", "after a", "after an", "after his", "after her", "on the heels of", "recently had", "a recent",
                            "began as", "started as", "started with", "began with"]
    /// An order's purpose: the sign it works up ("an echocardiogram to evaluate his murmur").
    static let workUp = ["to evaluate", "evaluation of", "to assess", "assessment of", "work up", "workup", "to investigate", "to look at", "to check his",
                         "to check her", "to follow up on", "to further evaluate"]
    /// Sentences that mention a condition without asserting it (screening, referral, prevention).
    static let notAsserting = ["screen", "refer", "rule out", "evaluate for", "check for", "monitor for", "prevent", "risk of", "risk for", "risks", "signs of",
                               "symptoms of", "to see if", "make sure", "in case", "if it", "if he", "if she", "if you", "if the", "family history",
                               "mother", "father", "sister", "brother"]

    /// A diagnosis candidate before ordering and combination rules.
    struct Candidate {
        var code: String
        var evidence: [Range<Int>]
        var confidence: Double
        var rationale: String
        var problem: Int
        /// False for a condition the reasoning names without addressing it: not coded, but it still counts among the
        /// problem's conditions for medical decision making.
        var billed = true
    }

    /// The diagnoses to code; `named` receives the conditions a problem's reasoning names without addressing them, which
    /// are not coded but count for medical decision making.
    func diagnoses(problems: [Problem], lines: [Line], blocked: inout [BlockedCode], named: inout [CodedDiagnosis]) -> [CodedDiagnosis] {
        var found: [Candidate] = []
        for (p, problem) in problems.enumerated() {
            found += completedTreatment(code(problem, index: p, blocked: &blocked), problem: problem, plan: problems.flatMap(\.all))
        }
        named = found.filter { !$0.billed }.compactMap { c in
            terminology.icd10cm.lookup(c.code).map { CodedDiagnosis(code: $0.code, display: $0.description, primary: false, confidence: c.confidence,
                                                                    evidence: c.evidence, rationale: c.rationale) }
        }
        found.removeAll { !$0.billed }
        found = specifiedElsewhere(found, lines: lines)
        found += statusAndHistory(problems: problems, coded: found)
        found += statusFromHistory(lines: lines, coded: found)
        found += drugTherapy(problems: problems, coded: found)
        found += receptorStatus(lines: lines, coded: found)
        found = diabetesType(found, lines: lines)
        found += kidneyDiseaseStage(found, lines: lines)
        found = withoutRedundant(combined(found))
        // One entry per code, the first (most prominent) evidence first.
        var out: [CodedDiagnosis] = []
        for c in found {
            if let i = out.firstIndex(where: { $0.code == c.code }) {
                out[i].evidence += c.evidence.filter { !out[i].evidence.contains($0) }
                continue
            }
            guard let d = terminology.icd10cm.lookup(c.code) else {
                blocked.append(BlockedCode(code: c.code, reason: "not an ICD-10-CM code"))
                continue
            }
            let specificity = d.description.lowercased().contains("unspecified") ? -0.1 : 0
            out.append(CodedDiagnosis(code: d.code, display: d.description, primary: false, confidence: min(1, max(0, c.confidence + specificity)),
                                      evidence: c.evidence, rationale: c.rationale))
        }
        return out
    }

    /// The codes of one problem: its heading's affirmed conditions made specific by the problem's own sentences;
    /// when the heading is uncertain or names no condition, the affirmed signs and symptoms instead.
    func code(_ problem: Problem, index: Int, blocked: inout [BlockedCode]) -> [Candidate] {
        let all = problem.all
        let blockText = all.filter { !$0.has(Self.notAsserting) }.map(\.lower).joined(separator: " ")
        func codable(_ c: AnnotatedConcept) -> Bool {
            [.problem, .symptom, .finding].contains(c.mention.concept.kind) && c.mention.concept.icd10cm != nil
        }
        func asserted(_ c: AnnotatedConcept, in line: Line) -> Bool {
            // "ED follow-up and congestive heart failure.": a heading's "follow-up" names the visit, it does not make the condition hypothetical.
            let followUpOnly = line.index == problem.heading?.index && c.assertion.triggers.allSatisfy { $0.contains("follow") }
            guard c.assertion.experiencer == .patient, !c.assertion.negated, !c.assertion.hypothetical || followUpOnly, !c.assertion.question else { return false }
            // Historical mentions count only in a problem heading ("History of …" headings are skipped below).
            return !c.assertion.historical || line.index == problem.heading?.index
        }
        func hedged(_ c: AnnotatedConcept, in line: Line? = nil) -> Bool {
            if c.assertion.uncertain { return true }
            // A condition the problem heading states plainly ("COPD.") is not made uncertain by a hedge about something
            // else in the reasoning ("tests suggest asthma or COPD", "I believe his symptoms were due to an exacerbation").
            // Unless the reasoning says the diagnosis itself is still to be confirmed ("we confirm the diagnosis with an HCV RNA").
            if let line, line.index == problem.heading?.index { return line.has(Self.hedges) || all.contains { $0.says(Self.diagnosisPending) } }
            // The hedge may sit in the problem's reasoning rather than next to the mention.
            return all.prefix(3).contains { l in
                l.concepts.contains { $0.mention.concept.id == c.mention.concept.id } && l.has(Self.hedges)
            }
        }
        var out: [Candidate] = []
        var primarySource: [Line] = problem.heading.map { [$0] } ?? Array(problem.lines.prefix(2))
        if let h = problem.heading {
            let lower = h.lower.trimmingCharacters(in: CharacterSet(charactersIn: "•-*–0123456789.) "))
            // "History of gout." still treated ("Stable with medication. Continue allopurinol.") is active gout; otherwise history.
            let treatedNow = lower.hasPrefix("history of") && problem.lines.contains { l in
                !l.medications.isEmpty && l.says(["continue", "stable on", "stable with", "controlled on", "refill"]) && !l.says(["stop", "discontinue"])
            }
            if (lower.hasPrefix("history of") && !treatedNow) || lower.hasPrefix("status post") || lower.hasPrefix("s/p ") { primarySource = [] }
            // "Tuberculosis screening for work." / "Screening for colon cancer.": an encounter for screening names no condition.
            let bare = lower.trimmingCharacters(in: CharacterSet(charactersIn: ". "))
            if bare.hasPrefix("screening") || bare.hasPrefix("screen for") || bare.hasSuffix("screening") || bare.contains(" screening for ") { primarySource = [] }
            // "Tetanus immunization.", "Flu vaccine.": an encounter for a vaccination names no disease.
            if ["immunization", "vaccin", "booster", "prophylaxis"].contains(where: { Self.says($0, in: bare) }) { primarySource = [] }
        }
        var signsOnly = false
        for line in primarySource {
            for c in line.concepts where codable(c) && asserted(c, in: line) {
                if hedged(c, in: line) && c.mention.concept.kind == .problem {
                    signsOnly = true
                    continue
                }
                // A sign itself suspected ("we suspect internal bleeding") is not affirmed either (Section IV.H).
                if c.mention.concept.kind != .problem && c.assertion.uncertain { continue }
                let fromHeading = line.index == problem.heading?.index
                for code in specific(c, line: line, problem: problem, blockText: blockText) where !out.contains(where: { $0.code == code }) {
                    out.append(Candidate(code: code, evidence: [line.range], confidence: fromHeading ? 0.9 : 0.75,
                                         rationale: "\(c.mention.concept.preferred) (\(fromHeading ? "problem heading" : "assessment")) → \(code)", problem: index))
                }
            }
        }
        // Other conditions the problem's sentences assert as present ("as well as some mitral regurgitation"), and the
        // condition a prescription is for.
        if problem.heading != nil && !signsOnly {
            // The first sentences of the reasoning, and any sentence treating a condition ("Protonix 40 mg once a day for gastritis").
            let stating = problem.lines.enumerated().filter { n, l in n < 3 || (!l.medications.isEmpty && l.lower.contains(" for ")) }.map(\.element)
            // Not an illness the reasoning places before this one ("a bulging eardrum … following a week of cold symptoms").
            for line in stating where !line.has(Self.notAsserting) && !line.has(Self.hedges) && !line.has(Self.explaining) && !line.says(Self.preceding) {
                // Status and history (Z) codes have their own rules; an allergy named as the reason for a drug choice is not coded here.
                // Nor an unspecified condition ("in the setting of acute infection"): the reasoning adds a second condition only by name.
                for c in line.concepts where codable(c) && c.mention.concept.kind == .problem && c.mention.concept.icd10cm?.hasPrefix("Z") == false
                    && terminology.icd10cm.lookup(c.mention.concept.icd10cm ?? "")?.description.lowercased().hasPrefix("unspecified") != true
                    && (c.assertion.isAffirmedPresent || Self.treated(c, in: line)) {
                    // A condition the reasoning names is more often one it mentions than one this visit addressed: it is
                    // coded only when the line addresses it (below); otherwise it is kept for MDM only (`billed: false`).
                    let managed = !line.medications.isEmpty && line.says(["continue", "start", "increase", "decrease", "prescribe", "refill"])
                    // Current smoking said with how much ("1.5 packs per day") is tobacco dependence affecting the care.
                    let smokes = c.mention.concept.icd10cm?.hasPrefix("F17") == true && line.says(["packs per day", "pack per day", "pack a day", "packs a day", "cigarettes a day", "cigarettes per day", "pack-year"])
                    // A condition a study read in the reasoning showed ("the echocardiogram demonstrated … mitral regurgitation",
                    // a study's "Impression: …") is confirmed.
                    let shown = c.assertion.isAffirmedPresent && line.says(["demonstrated", "showed", "revealed", "confirmed", "impression"])
                    // A line that is the condition alone ("Significant facet arthropathy.") states it, as a list does.
                    let alone = line.lower.split { !$0.isLetter }.count <= c.mention.span.text.split { !$0.isLetter }.count + 2
                    let addressed = Self.treated(c, in: line) || managed || smokes || shown || alone || Self.statedAsHers(c, in: line)
                        || line.says(["secondary to", "due to", "caused by"])
                    for code in specific(c, line: line, problem: problem, blockText: blockText) where !out.contains(where: { $0.code == code }) {
                        out.append(Candidate(code: code, evidence: [line.range], confidence: 0.6,
                                             rationale: "\(c.mention.concept.preferred) (\(addressed ? "stated" : "named, not addressed,") in the problem's reasoning) → \(code)",
                                             problem: index, billed: addressed))
                    }
                }
            }
        }
        // Uncertain diagnosis or a heading without a codable condition: the affirmed signs and symptoms of the problem.
        // (A condition the reasoning names, even one not coded, explains the problem: its signs are not coded either.)
        if out.isEmpty || signsOnly {
            for line in all.prefix(4) where !line.has(Self.notAsserting) {
                for c in line.concepts where codable(c) && asserted(c, in: line) && c.mention.concept.kind != .problem && !hedged(c) {
                    for code in specific(c, line: line, problem: problem, blockText: blockText) where !out.contains(where: { $0.code == code }) {
                        out.append(Candidate(code: code, evidence: [line.range], confidence: 0.7,
                                             rationale: "\(c.mention.concept.preferred) (sign or symptom of an unconfirmed diagnosis) → \(code)", problem: index))
                    }
                }
            }
        }
        // The spinal region and levels the problem says (Section I.B: the most specific code documented).
        let problemText = all.map(\.lower).joined(separator: " ")
        var spinal: [Candidate] = []
        for c in out {
            // The mention's own sentence first ("disc degeneration at C5-6 and C4-5"), else the whole problem.
            let own = all.filter { c.evidence.contains($0.range) }.map(\.lower).joined(separator: " ")
            guard let codes = spinalCodes(for: c.code, text: own) ?? spinalCodes(for: c.code, text: problemText), codes != [c.code] else {
                spinal.append(c)
                continue
            }
            for code in codes where !out.contains(where: { $0.code == code }) && !spinal.contains(where: { $0.code == code }) {
                var d = c
                d.code = code
                d.rationale += "; spinal region and level said in the problem → \(code)"
                spinal.append(d)
            }
        }
        out = withRadiculopathy(spinal)
        // No symptom code that is integral to a confirmed diagnosis of the same problem — unless the heading names the symptom
        // beside it ("Acid reflux with nausea and vomiting.").
        if out.contains(where: { !Self.isSymptom($0.code) }) {
            let headingSymptoms = problem.heading.map { h in h.concepts.filter { codable($0) && $0.mention.concept.kind != .problem && asserted($0, in: h) } } ?? []
            let diagnoses = out.filter { !Self.isSymptom($0.code) }.map(\.code)
            let kept = Set(headingSymptoms.flatMap { c in specific(c, line: problem.heading!, problem: problem, blockText: blockText) })
                .filter { symptom in !diagnoses.contains { Self.isIntegral(symptom, to: $0) } }
            // A symptom the diagnosis's "use additional code" note asks for (N40.1: nocturia R35.1, weak urinary stream R39.12) stays.
            out.removeAll { c in Self.isSymptom(c.code) && !kept.contains(c.code) && !diagnoses.contains(where: { asksForAdditional($0, c.code) }) }
        }
        // Pain the heading calls chronic: the chronic pain code beside the site's.
        if let h = problem.heading, h.lower.contains("chronic"), h.lower.contains("pain"), !out.isEmpty, !out.contains(where: { $0.code.hasPrefix("G89") }) {
            out.append(Candidate(code: "G89.29", evidence: [h.range], confidence: 0.6, rationale: "Pain documented as chronic → G89.29", problem: index))
        }
        // A sign the plan orders a work-up for is a reason of its own ("an echocardiogram to evaluate his murmur").
        // The order's own verb ("I'm going to order", "we will order") makes the sign read as hypothetical; the sign is still present.
        for line in problem.lines where line.has(Self.orderCues) && line.has(Self.workUp) && !line.has(Self.hedges) && !line.says(["if", "in case", "should"]) {
            for c in line.concepts where codable(c) && c.mention.concept.kind != .problem {
                let a = c.assertion
                guard !a.negated, !a.uncertain, !a.historical, !a.question, a.experiencer == .patient else { continue }
                for code in specific(c, line: line, problem: problem, blockText: blockText) where !out.contains(where: { $0.code == code }) {
                    out.append(Candidate(code: code, evidence: [line.range], confidence: 0.65,
                                         rationale: "\(c.mention.concept.preferred) (the reason for a work-up ordered) → \(code)", problem: index))
                }
            }
        }
        return out
    }

    /// The type, site or side the rest of the note states for a condition the assessment codes as unspecified (Section I.B:
    /// the most specific code documented): the history, results or exam name the same condition (a concept of the same
    /// ICD-10-CM category) with the words around it ("chronic congestive heart failure with diastolic dysfunction" → I50.32).
    /// Only the words next to that mention count, the new code may say nothing else, and a side is taken only when the
    /// assessment's code has none.
    func specifiedElsewhere(_ found: [Candidate], lines: [Line]) -> [Candidate] {
        let others = lines.filter { $0.section.map(Self.assessmentKinds.contains) != true }
        var out = found
        for i in out.indices {
            let code = out[i].code
            guard !code.hasPrefix("S"), !code.hasPrefix("Z"), let d = terminology.icd10cm.lookup(code) else { continue }
            let words = Set(Self.words(d.description))
            guard words.contains("unspecified") else { continue }
            var said = Set<String>(), sides = Set<ConceptModifiers.Laterality>(), evidence: [Range<Int>] = []
            for l in others {
                for c in l.concepts where c.mention.concept.icd10cm.map({ ICD10CM.dotted($0).prefix(3) == code.prefix(3) }) == true && !l.has(Self.notAsserting) {
                    let a = c.assertion
                    guard !a.negated, !a.uncertain, !a.question, a.experiencer == .patient, !a.hypothetical || a.triggers.allSatisfy({ $0.contains("follow") })
                    else { continue }
                    // The words next to the mention: about six on each side.
                    let scalars = Array(l.lower.unicodeScalars)
                    let start = c.mention.span.range.lowerBound - l.range.lowerBound, end = c.mention.span.range.upperBound - l.range.lowerBound
                    guard start >= 0, end <= scalars.count, start < end else { continue }
                    let window = String(String.UnicodeScalarView(scalars[max(0, start - 40)..<min(scalars.count, end + 40)]))
                    said.formUnion(Self.words(window))
                    if let side = c.modifiers.laterality ?? Self.laterality(window) { sides.insert(side) }
                    evidence.append(l.range)
                }
            }
            guard !evidence.isEmpty else { continue }
            let sided = words.contains("right") || words.contains("left") || words.contains("bilateral")
            let side = sided || sides.count != 1 ? nil : sides.first
            let better = moreSpecific(than: refine(code, side: side, words: said.union(words)), said: said.union(words))
            guard better != code, terminology.icd10cm.isBillable(better), let b = terminology.icd10cm.lookup(better) else { continue }
            // Nothing the note does not say next to the mention (stems long enough that "hyperchylomicronemia" is not "hyperlipidemia").
            let stems = Set(said.union(words).map { String($0.prefix(8)) })
            guard Set(Self.words(b.description)).subtracting(Self.genericWords).allSatisfy({ stems.contains(String($0.prefix(8))) }) else { continue }
            out[i].code = better
            out[i].evidence += evidence.filter { !out[i].evidence.contains($0) }
            out[i].rationale += "; specified elsewhere in the note → \(better)"
        }
        return out
    }

    /// Personal history of in-situ neoplasm (Z86.00-) by the primary's category.
    static let inSituHistory: [(categories: [String], code: String)] = [
        (["C50"], "Z86.000"), (["C53"], "Z86.001"), (["C43"], "Z86.006"), (["C44"], "Z86.007"),
        (["C51", "C52", "C54", "C55", "C56", "C57", "C58", "C60", "C61", "C62", "C63"], "Z86.002"), (["C00", "C01", "C02", "C03", "C04", "C05", "C06", "C15", "C16"], "Z86.003"),
        (["C17", "C18", "C19", "C20", "C21", "C22", "C23", "C24", "C25", "C26"], "Z86.004"), (["C30", "C31", "C32", "C33", "C34", "C37", "C38", "C39"], "Z86.005"),
    ]
    static let cancerTreatmentWords = ["lumpectomy", "mastectomy", "radiation", "chemotherapy", "resection", "resected", "excision", "excised", "removed", "removal",
                                       "surgery", "prostatectomy", "hysterectomy", "colectomy", "lobectomy", "thyroidectomy", "orchiectomy", "nephrectomy"]
    static let noDiseaseNow = ["no evidence of recurren", "no evidence of residual", "no evidence of disease", "no evidence of malignancy", "no recurrence",
                               "in remission", "cancer-free", "cancer free", "disease-free", "disease free"]

    /// A malignancy whose treatment is over (Section I.C.2.d): excised or treated ("status post lumpectomy", "underwent
    /// radiation"), no disease now ("no evidence of recurrent disease"), and no cancer treatment planned. It is coded as
    /// its personal history (Z85 by the primary, Z86.00- when it was in situ or stage 0) with the follow-up encounter
    /// after completed treatment (Z08 malignant, Z09 in situ) and the history of irradiation (Z92.3) or chemotherapy
    /// (Z92.21) said. `plan` is every sentence of the assessment and plan.
    func completedTreatment(_ found: [Candidate], problem: Problem, plan: [Line]) -> [Candidate] {
        guard found.contains(where: { $0.code.hasPrefix("C") }) else { return found }
        let all = problem.all
        let past = all.filter { $0.says(["status post", "s/p", "underwent", "completed", "was treated", "previously", "history of"]) && $0.says(Self.cancerTreatmentWords) }
        guard !past.isEmpty, all.contains(where: { $0.says(Self.noDiseaseNow) }) else { return found }
        // A cancer treatment still going on or planned anywhere in the plan keeps the malignancy active.
        let planned = plan.contains { l in
            l.says(Self.cancerTreatmentWords + ["endocrine therapy", "hormone therapy", "tamoxifen", "anastrozole", "letrozole", "immunotherapy"])
                && l.says(["continue", "start", "will ", "schedule", "plan", "recommend", "currently", "ongoing"]) && !l.says(["declined", "completed", "underwent"])
        }
        guard !planned else { return found }
        let text = all.map(\.lower).joined(separator: " ")
        let inSitu = Self.says("in situ", in: text) || Self.says("in-situ", in: text) || Self.says("dcis", in: text) || Self.says("stage 0", in: text)
        var out: [Candidate] = []
        var followUp: Candidate?
        for var c in found {
            guard c.code.hasPrefix("C") else { out.append(c); continue }
            let category = String(c.code.prefix(3))
            let table = inSitu ? Self.inSituHistory : Self.cancerHistory
            let history = table.first { $0.categories.contains(category) }?.code ?? (inSitu ? "Z86.008" : nil)
            guard let history, !out.contains(where: { $0.code == history }) else { continue }
            let was = c.code
            c.code = history
            c.rationale += "; treatment completed, no disease now → personal history \(history) (was \(was))"
            out.append(c)
            followUp = followUp ?? Candidate(code: inSitu ? "Z09" : "Z08", evidence: c.evidence, confidence: 0.6,
                                             rationale: "Follow-up after completed treatment of \(inSitu ? "an in-situ neoplasm" : "a malignancy")", problem: c.problem)
        }
        guard let followUp else { return found }
        out.insert(followUp, at: 0)
        let pastText = past.map(\.lower).joined(separator: " ")
        if Self.says("radiation", in: pastText) {
            out.append(Candidate(code: "Z92.3", evidence: past.map(\.range), confidence: 0.6, rationale: "Radiation given before → history of irradiation", problem: followUp.problem))
        }
        if Self.says("chemotherapy", in: pastText) {
            out.append(Candidate(code: "Z92.21", evidence: past.map(\.range), confidence: 0.6, rationale: "Chemotherapy given before → history of chemotherapy",
                                 problem: followUp.problem))
        }
        return out
    }

    /// Status codes and the conditions they affect the care of: a status in the history is coded only when the assessment
    /// codes a condition of this kind (a coronary stent beside coronary artery disease, a transplant beside kidney disease).
    static let statusAffects: [(status: String, conditions: [String])] = [
        ("Z95", ["I"]), ("Z94.1", ["I"]), ("Z94.0", ["N18", "N19", "E10.2", "E11.2", "I12", "I13"]), ("Z99.2", ["N18", "N19", "I12", "I13"]),
        ("Z96.6", ["M"]), ("Z99.81", ["J"]), ("Z94.2", ["J"]), ("Z94.4", ["K7"]),
        // After bariatric surgery: malabsorption (vitamin deficiencies, anemias), weight and digestive problems.
        ("Z98.84", ["E5", "E6", "D50", "D51", "D52", "D53", "K"]),
    ]

    /// Status codes from the history (Section I.C.21.c.3: status codes when the status affects care): a device, graft or
    /// transplant the history or past medical or surgical history states, when the assessment codes a condition it
    /// affects (D2N047: 'coronary artery stent placement' in the surgical history with coronary artery disease addressed).
    func statusFromHistory(lines: [Line], coded: [Candidate]) -> [Candidate] {
        let history: Set<SectionKind> = [.historyOfPresentIllness, .pastMedicalHistory, .pastSurgicalHistory]
        var out: [Candidate] = []
        for line in lines where line.section.map(history.contains) == true
            && !line.has(["no history", "denies", "never had", "no prior", "not have", "family history", "mother", "father", "going to", "will have",
                          "brother", "sister", "son ", "daughter", "wife", "husband", "friend", "neighbor",
                          "scheduled", "planning", "plan to", "consider", "recommend", "would like to", "prior to"]) {
            for entry in terminology.statusCodes.stated(in: line.lower) where entry.kind == "status" {
                guard let rule = Self.statusAffects.first(where: { entry.code.hasPrefix($0.status) }),
                      let affected = coded.first(where: { c in !c.code.hasPrefix("Z") && rule.conditions.contains(where: c.code.hasPrefix) }) else { continue }
                let code = refine(entry.code, side: Self.laterality(line.lower), words: line.words)
                guard !coded.contains(where: { $0.code == code }), !out.contains(where: { $0.code == code }) else { continue }
                out.append(Candidate(code: code, evidence: [line.range], confidence: 0.6,
                                     rationale: "Status in the history that affects the care of \(affected.code) → \(code)", problem: affected.problem))
            }
        }
        return out
    }

    /// A disc disorder and a radiculopathy of one problem are the combination code "disc disorder with radiculopathy" of
    /// the disc's region (M51.26 + M54.16 → M51.16; the radiculopathy is Excludes1 beside it).
    func withRadiculopathy(_ found: [Candidate]) -> [Candidate] {
        guard let r = found.firstIndex(where: { $0.code.hasPrefix("M54.1") }) else { return found }
        var out = found
        var combined = false
        for i in out.indices {
            let c = out[i].code
            guard ["M51.2", "M51.3", "M50.2", "M50.3"].contains(where: c.hasPrefix) else { continue }
            let with = c.hasPrefix("M51") ? "M51.1" + c.dropFirst(5).prefix(1) : "M50.1" + c.dropFirst(5)
            guard terminology.icd10cm.isBillable(with), !out.contains(where: { $0.code == with }) else { continue }
            out[i].code = with
            out[i].rationale += "; with the radiculopathy of the same problem → \(with)"
            out[i].evidence += out[r].evidence.filter { !out[i].evidence.contains($0) }
            combined = true
        }
        if combined { out.remove(at: r) }
        return out
    }

    /// Unspecified codes and the codes the Index names the same condition by, more specifically: hypothyroidism due to
    /// Hashimoto's is autoimmune thyroiditis (Index: Hypothyroidism, autoimmune → E06.3).
    static let namedMoreSpecifically: [String: [String]] = ["E03.9": ["E06.3"]]

    /// Personal-history codes and the active conditions they give way to.
    static let historyOf: [String: [String]] = [
        "Z87.442": ["N20"], "Z86.73": ["I63"], "Z86.718": ["I82"], "Z86.711": ["I26"], "Z87.891": ["F17"], "Z86.010": ["D12"], "Z86.0100": ["D12"],
    ]

    /// Personal history of malignant neoplasm (Z85) by the primary's ICD-10-CM category.
    static let cancerHistory: [(categories: [String], code: String)] = [
        (["C15"], "Z85.01"), (["C16"], "Z85.028"), (["C18"], "Z85.038"), (["C19", "C20", "C21"], "Z85.048"), (["C22"], "Z85.05"), (["C25"], "Z85.07"),
        (["C32"], "Z85.21"), (["C34"], "Z85.118"), (["C43"], "Z85.820"), (["C44", "C4A"], "Z85.828"), (["C50"], "Z85.3"), (["C53"], "Z85.41"),
        (["C54", "C55"], "Z85.42"), (["C56"], "Z85.43"), (["C61"], "Z85.46"), (["C62"], "Z85.47"), (["C64"], "Z85.528"), (["C67"], "Z85.51"),
        (["C71"], "Z85.841"), (["C73"], "Z85.850"), (["C81"], "Z85.71"), (["C82", "C83", "C84", "C85", "C86", "C88"], "Z85.72"),
        (["C91", "C92", "C93", "C94", "C95"], "Z85.6"), (["C00", "C01", "C02", "C03", "C04", "C05", "C06", "C07", "C08", "C09", "C10", "C11", "C12", "C13", "C14"], "Z85.819"),
    ]
    /// A malignancy named as past: removed, treated, in remission.
    static let pastCancer = ["history of", "status post", "s/p", "removal", "removed", "excision", "excised", "resection", "resected", "in remission",
                             "treated for", "survivor", "prior", "previous"]

    /// Drops a code that a more specific one of the same condition makes redundant: an unspecified code beside
    /// a specified one of its category (R07.9 beside R07.89), diabetes "without complications" beside a
    /// complication, a malignancy of unspecified site beside a known primary, and unspecified pain beside a
    /// named pain.
    func withoutRedundant(_ found: [Candidate]) -> [Candidate] {
        let codes = Set(found.map(\.code))
        func description(_ code: String) -> String { terminology.icd10cm.lookup(code)?.description.lowercased() ?? "" }
        func redundant(_ code: String) -> Bool {
            let category = code.prefix(3)
            let siblings = codes.filter { $0 != code && $0.prefix(3) == category }
            // "Chest pain, unspecified" beside "Other chest pain": the sibling names the same condition, more specifically.
            if description(code).contains("unspecified") {
                let words = Set(Self.words(description(code))).subtracting(["unspecified", "other", "of", "in", "the", "and"])
                if siblings.contains(where: { s in
                    let sw = Set(Self.words(description(s))).subtracting(["unspecified", "other", "of", "in", "the", "and"])
                    // "Heart failure, unspecified" beside "Unspecified diastolic (congestive) heart failure": the sibling says more.
                    return words.isSubset(of: sw) && (!description(s).contains("unspecified") || sw.count > words.count)
                }) { return true }
            }
            // "Unspecified symptoms … genitourinary system" (R39.9) beside a named symptom of the same category (R39.14).
            if Self.isSymptom(code), description(code).hasPrefix("unspecified"), siblings.contains(where: { Self.isSymptom($0) }) { return true }
            // "Hypertensive heart disease without heart failure" beside "… with heart failure": the combination says it.
            if let r = description(code).range(of: "without ") {
                let rest = String(description(code)[r.upperBound...])
                if siblings.contains(where: { description($0).contains("with " + rest) && !description($0).contains("without " + rest) }) { return true }
            }
            if description(code).contains("without complications"), !siblings.isEmpty { return true }
            // A sign that a combination code names ("Alcoholic cirrhosis of liver with ascites" beside "Other ascites"), or an
            // unspecified condition it names ("Polyneuropathy, unspecified" beside "… diabetes mellitus with diabetic polyneuropathy").
            if Self.isSymptom(code) || description(code).contains("unspecified") {
                let sign = Set(Self.words(Self.withoutNonessential(description(code)))).subtracting(Self.genericWords).subtracting(["other", "unspecified"])
                if !sign.isEmpty, codes.contains(where: { c in
                    // Not a code the combination asks for beside it (I11.0 "use additional code to identify type of heart failure").
                    guard c != code, !Self.isSymptom(c), !asksForAdditional(c, code), let r = description(c).range(of: "with ") else { return false }
                    return sign.isSubset(of: Self.clauses(String(description(c)[r.upperBound...])).present)
                }) { return true }
            }
            if category == "C80", codes.contains(where: { $0.hasPrefix("C") && !$0.hasPrefix("C80") && !$0.hasPrefix("C77") && !$0.hasPrefix("C78") && !$0.hasPrefix("C79") }) {
                return true
            }
            if code == "R52", codes.contains(where: { $0 != code && description($0).contains("pain") }) { return true }
            // "Pain in unspecified joint" beside "Pain in left knee": the same subcategory, a site said.
            if description(code).contains("unspecified"), code.count >= 5,
               siblings.contains(where: { $0.prefix(5) == code.prefix(5) && !description($0).contains("unspecified") }) { return true }
            if let specific = Self.namedMoreSpecifically[code], codes.contains(where: specific.contains) { return true }
            // A personal history of what is active today ("history of kidney stones" with a kidney stone now).
            if let active = Self.historyOf[code], codes.contains(where: { c in active.contains(where: c.hasPrefix) }) { return true }
            // "Elevated blood-pressure reading, without diagnosis of hypertension" beside hypertension.
            if let r = description(code).range(of: "without diagnosis of ") {
                let stem = String(description(code)[r.upperBound...].prefix(8))
                if codes.contains(where: { $0 != code && description($0).contains(stem) }) { return true }
            }
            return false
        }
        var out = found.filter { !redundant($0.code) }
        // Excludes1: two codes that cannot be reported together — the sign gives way to the diagnosis, else the
        // less certain code to the more certain one.
        var i = 0
        while i < out.count {
            let a = out[i]
            if let j = out.indices.first(where: { $0 != i && excludes(a.code, out[$0].code) }) {
                let b = out[j]
                // A pain code outside chapter 18 ("Cervicalgia" beside cervical disc degeneration) is a sign too.
                func sign(_ code: String) -> Bool {
                    let d = description(code)
                    return Self.isSymptom(code) || d.hasPrefix("pain") || d.hasSuffix("algia") || d.contains("algia,")
                }
                let vague = { (c: String) in description(c).contains("unspecified") }
                let dropA = sign(a.code) != sign(b.code) ? sign(a.code) : vague(a.code) != vague(b.code) ? vague(a.code) : a.confidence < b.confidence
                out.remove(at: dropA ? i : j)
                if !dropA && j < i { i -= 1 }
                if dropA { continue }
            }
            i += 1
        }
        return out
    }

    /// One diabetes type per patient: a complication named without the type ("diabetic retinopathy", E11 by default) takes
    /// the type the note states (type 1 → E10) when the note never says type 2.
    func diabetesType(_ found: [Candidate], lines: [Line]) -> [Candidate] {
        guard found.contains(where: { $0.code.hasPrefix("E10") }), found.contains(where: { $0.code.hasPrefix("E11") }),
              !lines.contains(where: { $0.says(["type 2", "type ii", "type two", "t2dm", "dm2", "dm 2"]) }) else { return found }
        var out = found
        for i in out.indices where out[i].code.hasPrefix("E11") {
            let type1 = "E10" + out[i].code.dropFirst(3)
            guard terminology.icd10cm.isBillable(type1) else { continue }
            out[i].code = type1
            out[i].rationale += "; type 1 diabetes stated in the note → \(type1)"
        }
        return out
    }

    /// True when an Excludes1 note of `a` (or of its ancestors) names `b`'s code or range ("hypotension (I95.-)").
    func excludes(_ a: String, _ b: String) -> Bool {
        let target = b.replacingOccurrences(of: ".", with: "")
        for note in terminology.icd10cm.notes(for: a, kind: "excludes1") {
            guard let open = note.text.lastIndex(of: "("), let close = note.text.lastIndex(of: ")"), open < close else { continue }
            for item in note.text[note.text.index(after: open)..<close].split(separator: ",") {
                let bounds = item.split(separator: "-", omittingEmptySubsequences: true).map {
                    $0.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: ".", with: "")
                }.filter { !$0.isEmpty }
                guard let lo = bounds.first, lo.first?.isLetter == true else { continue }
                let hi = bounds.count > 1 ? bounds[1] : lo
                let a = String(target.prefix(lo.count)), z = String(target.prefix(hi.count))
                if a >= lo && z <= hi { return true }
            }
        }
        return false
    }

    /// Status and personal-history codes the assessment and plan states (`History of lobectomy.`, `status post
    /// CABG`), with the side from the sentence where the code has one; not when negated.
    func statusAndHistory(problems: [Problem], coded: [Candidate]) -> [Candidate] {
        var out: [Candidate] = []
        var seen: Set<String> = []
        for (p, problem) in problems.enumerated() {
            // Not a future procedure ("she is going to be having a knee replacement").
            for line in problem.all where !line.has(["no history", "denies", "never had", "no prior", "not have", "family history", "mother", "father",
                                                     "going to", "will have", "will be having", "scheduled for", "planning", "plan to", "consider",
                                                     "recommend", "we will", "would like to", "proceed with", "prior to", "options", "depending on",
                                                     "alternatives", "could ", "may need", "might need", "candidate", "in the future", "hold off",
                                                     "eventually", "down the road", "at some point"]) {
                for entry in terminology.statusCodes.stated(in: line.lower) where !seen.contains(entry.code) {
                    seen.insert(entry.code)
                    let code = refine(entry.code, side: Self.laterality(line.lower), words: line.words)
                    guard !coded.contains(where: { $0.code == code }), !out.contains(where: { $0.code == code }) else { continue }
                    // Follow-up of a joint replacement ("Status post right total knee arthroplasty, 4 months."): aftercare
                    // (Z47.1) with the joint's status code, unless the replacement is years old.
                    if code.hasPrefix("Z96.6"), line.index == problem.heading?.index, line.says(["status post", "s/p"]),
                       !problem.all.contains(where: { $0.says(["years ago", "year ago", "years out", "years since", "remote"]) }),
                       !out.contains(where: { $0.code == "Z47.1" }) {
                        out.append(Candidate(code: "Z47.1", evidence: [line.range], confidence: 0.6,
                                             rationale: "Follow-up after a joint replacement → aftercare Z47.1", problem: p))
                    }
                    out.append(Candidate(code: code, evidence: [line.range], confidence: 0.7, rationale: "\(entry.kind.capitalized) stated in the assessment → \(code)",
                                         problem: p))
                }
            }
        }
        // A heading that is a state after a procedure ("8 months status post rotator cuff repair.") with no status code of its
        // own and nothing else coded from it: other specified postprocedural states (Z98.890).
        for (p, problem) in problems.enumerated() {
            guard let h = problem.heading, h.says(["status post", "s/p", "post-op", "postoperative"]), Self.namesProcedure(h.lower),
                  terminology.statusCodes.stated(in: h.lower).isEmpty,
                  // A malignancy removed gets its own codes (Z85 below, or its completed-treatment codes).
                  !h.concepts.contains(where: { $0.mention.concept.icd10cm?.hasPrefix("C") == true }),
                  !(h.says(Self.cancerTreatmentWords) && coded.contains { ["C", "Z85", "Z86.00", "Z08", "Z09"].contains(where: $0.code.hasPrefix) }),
                  !coded.contains(where: { $0.evidence.contains(h.range) && !$0.code.hasPrefix("Z") && !Self.isSymptom($0.code) }),
                  seen.insert("Z98.890").inserted else { continue }
            out.append(Candidate(code: "Z98.890", evidence: [h.range], confidence: 0.6, rationale: "State after a procedure (no specific status code) → Z98.890", problem: p))
        }
        // A malignancy that is history ("Status post basal cell carcinoma removal."): its Z85 personal-history code.
        for (p, problem) in problems.enumerated() {
            for line in problem.all where line.has(Self.pastCancer) && !line.has(["family history", "mother", "father", "sister", "brother"]) {
                for c in line.concepts where !c.assertion.negated && c.assertion.experiencer == .patient {
                    guard let icd = c.mention.concept.icd10cm, icd.hasPrefix("C"),
                          let rule = Self.cancerHistory.first(where: { $0.categories.contains(String(icd.prefix(3))) }),
                          terminology.icd10cm.isBillable(rule.code), !coded.contains(where: { $0.code.prefix(3) == icd.prefix(3) }),
                          seen.insert(rule.code).inserted else { continue }
                    out.append(Candidate(code: rule.code, evidence: [line.range], confidence: 0.65,
                                         rationale: "\(c.mention.concept.preferred) named as past → personal history \(rule.code)", problem: p))
                }
            }
        }
        return out
    }

    /// True when the text names a surgical procedure: a word of the code set's procedure suffixes (-ectomy, -plasty, -otomy,
    /// -ostomy, -pexy, -scopy) or a repair, replacement, reconstruction, fusion, transplant, fixation, release, graft or surgery.
    static func namesProcedure(_ lower: String) -> Bool {
        words(lower).contains { w in
            ["ectomy", "plasty", "otomy", "ostomy", "pexy", "scopy", "oplasty"].contains(where: w.hasSuffix)
                || ["repair", "replacement", "reconstruction", "fusion", "transplant", "fixation", "release", "graft", "surgery", "ablation", "bypass"].contains(w)
        }
    }

    /// Symptoms routinely part of a diagnosis (Section I.B.5), by code prefix: never coded beside it.
    static let integralSymptoms: [(diagnosis: [String], symptoms: [String])] = [
        (["K20", "K21", "K22"], ["R13", "R12", "R07"]),
        (["I50", "I11.0", "I13"], ["R06", "R60", "R05"]),
        (["J44", "J45", "J18", "J20", "J40", "J06", "J02", "J01", "U07"], ["R06", "R05", "R09", "R50", "R07.0"]),
        (["I20", "I21", "I25"], ["R07"]),
        (["G43", "G44"], ["R51"]),
        (["K35", "K80", "K81", "K57", "K58", "K59", "N20", "N39.0"], ["R10", "R19", "R31", "R30"]),
        (["M17", "M16", "M19", "M23", "S83"], ["M25.5"]),
        (["M51", "M47", "M48", "S33", "S39"], ["M54"]),
        (["E11", "E10", "R73"], ["R73", "R63.1", "R35"]),
    ]

    /// True when a "use additional code" note of `diagnosis` (or its ancestors) names `code` or its category ("nocturia (R35.1)").
    func asksForAdditional(_ diagnosis: String, _ code: String) -> Bool {
        terminology.icd10cm.notes(for: diagnosis, kind: "use-additional").contains { note in
            guard let open = note.text.lastIndex(of: "("), let close = note.text.lastIndex(of: ")"), open < close else { return false }
            return note.text[note.text.index(after: open)..<close].split(separator: ",").contains { item in
                let named = item.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "-", with: "").replacingOccurrences(of: ".", with: "")
                return named.count >= 3 && code.replacingOccurrences(of: ".", with: "").hasPrefix(named)
            }
        }
    }

    static func isIntegral(_ symptom: String, to diagnosis: String) -> Bool {
        integralSymptoms.contains { rule in rule.diagnosis.contains(where: diagnosis.hasPrefix) && rule.symptoms.contains(where: symptom.hasPrefix) }
    }

    /// Signs, symptoms and abnormal findings (chapter 18, R00–R99).
    static func isSymptom(_ code: String) -> Bool { code.hasPrefix("R") }

    /// True when the line says the patient has the condition now, right before naming it ("She has atrophic vaginitis",
    /// "He also has functional constipation").
    static func statedAsHers(_ c: AnnotatedConcept, in line: Line) -> Bool {
        guard c.assertion.isAffirmedPresent, !c.assertion.historical else { return false }
        let scalars = Array(line.lower.unicodeScalars)
        let start = c.mention.span.range.lowerBound - line.range.lowerBound
        guard start > 0, start <= scalars.count else { return false }
        let before = String(String.UnicodeScalarView(scalars[max(0, start - 24)..<start]))
        return before.range(of: #"\b(he|she|they|the patient) (also |still )?(has|have) (a |an )?(mild |moderate |severe |chronic )?$"#, options: .regularExpression) != nil
    }

    /// True when `c` is what a prescription in `line` is for ("I prescribed Protonix 40 mg once a day for gastritis."):
    /// ConText reads the prescribing verb as making it hypothetical, but the indication is present.
    static func treated(_ c: AnnotatedConcept, in line: Line) -> Bool {
        guard !line.medications.isEmpty, !c.assertion.negated, !c.assertion.uncertain, !c.assertion.historical, c.assertion.experiencer == .patient else { return false }
        let scalars = Array(line.lower.unicodeScalars)
        let start = c.mention.span.range.lowerBound - line.range.lowerBound
        guard start > 0, start <= scalars.count else { return false }
        let before = String(String.UnicodeScalarView(scalars[max(0, start - 16)..<start]))
        return before.range(of: #"\bfor (his |her |their |the |your |my )?$"#, options: .regularExpression) != nil
    }
}
