import ClinicalText
import Coding
import Evidence
import Foundation
import Terminology

/// The after-visit summary engine: a visit note in, a plain-language summary for the patient out — why they
/// came, what was found, their medicines (new, changed, stopped, continued, with dose and when), tests and
/// referrals, next steps, and when to get help — every sentence restating note sentences (their ranges kept
/// for Provenance) or quoting the curated warning-sign table for a condition the note addressed. Deterministic
/// and pure.
public struct AfterVisitSummarizer: Sendable {
    public let coder: Coder
    let plain: PlainLanguage
    /// Plain names of conditions by ICD-10-CM code, and by category where the category has one.
    let layNames: (byCode: [String: String], byCategory: [String: String])

    public init(coder: Coder) {
        self.coder = coder
        plain = PlainLanguage(plainWords: coder.terminology.plainWords)
        layNames = Self.layNames(coder.terminology.lexicon)
    }

    static let planKinds: Set<SectionKind> = [.assessmentAndPlan, .assessment, .plan, .instructions]
    static let orderCues = ["order", "obtain", "proceed with", "go ahead with", "schedule", "repeat", "refer", "referral", "get a ", "get an ", "will check", "send you", "arrange",
                            "physical therapy"]
    /// A follow-up visit, even when a test is named with it ("follow up in 2 weeks for a repeat x-ray").
    static let visitCues = ["follow up", "follow-up", "followup", "return to clinic", "return to the clinic", "come back", "see you back",
                            "see him back", "see her back", "see you in", "see him in", "see her in"]
    static let followUpCues = ["return to", "return in", "return for", "return if", "see you", "see me", "in 1 week", "weeks", "months", "call", "portal", "appointment"]
    /// Advice to the patient: an advising verb, or an instruction opening the sentence.
    static let educationCues = ["advised", "encouraged", "instructed", "recommend", "educated", "counseled", "he should", "she should",
                                "patient should", "you should", "avoid ", "continue to", "make sure", "try to", "need to", "needs to", "please"]
    static let instructionVerbs: Set<String> = ["ice", "rest", "elevate", "stretch", "avoid", "continue", "apply", "use", "drink", "eat", "walk",
                                                "limit", "wear", "keep", "try", "monitor", "check", "practice", "do", "reduce", "increase",
                                                "stay", "remain", "take", "cut", "lose", "quit", "wash", "perform", "maintain"]
    /// The patient's own account ("she admits to …"): history, not a next step.
    static let historyCues = ["admit", "reports", "report ", "states", "stated", "has been", "have been", "complains", "denies"]
    /// A hedged diagnosis ("most likely a sprain"), not a hedged plan ("may be needed").
    static let diagnosticHedges = ["likely", "probable", "probably", "suspect", "concern for", "i believe", "i think", "consistent with", "suggestive of"]
    /// Words that say what a result means.
    static let interpretations = ["normal", "high", "elevated", "low", "decreased", "increased", "show", "reveal", "demonstrat", "positive",
                                  "negative", "unremarkable", "within", "mild", "moderate", "severe", "no ", "consistent", "stable", "improved",
                                  "worse", "better"]
    /// Studies a result sentence can refer back to ("These show …").
    static let studies = ["x-rays", "x-ray", "mri", "ct scan", "ultrasound", "echocardiogram", "ekg", "ecg", "labs", "blood work", "images"]
    static let hedges = ["likely", "possible", "possibly", "probable", "suspect", "concern for", "may be", "might", "rule out", "i believe", "i think"]

    public func summarize(_ text: String, sections: [(kind: SectionKind, range: Range<Int>)]? = nil) -> AfterVisitDraft {
        let doc = coder.engine.annotate(text, kind: .note)
        struct Line { var range: Range<Int>; var text: String; var lower: String; var section: SectionKind?; var meds: [MedicationMention] }
        var lines: [Line] = []
        for s in doc.sentences {
            let body = doc.text(of: s)
            // Headings ("RESULTS", "Plan:") and the clinician's one-line recap ("… is a 58-year-old male …") say nothing new.
            guard body.contains(where: \.isLetter), body.uppercased() != body, !body.hasSuffix(":"), !body.lowercased().contains("year-old") else { continue }
            let section = sections.map { $0.first { $0.range.contains(s.range.lowerBound) }?.kind }
                ?? doc.sections.last { $0.heading.start <= s.range.lowerBound }?.kind
            lines.append(Line(range: s.range, text: body, lower: body.lowercased(), section: section,
                              meds: doc.medications.filter { s.range.contains($0.span.range.lowerBound) }))
        }
        var out: [SummarySection.Kind: [SummarySentence]] = [:]
        var counters: [SummarySection.Kind: Int] = [:]
        func add(_ kind: SummarySection.Kind, _ text: String, _ evidence: [Range<Int>], warningSign: String? = nil, merging: Bool = true) {
            guard !text.isEmpty else { return }
            // Said twice in the note ("continue lisinopril" in two problems): one sentence restating both.
            if merging, let i = out[kind]?.firstIndex(where: { $0.text == text }) {
                out[kind]![i].evidence += evidence.filter { !out[kind]![i].evidence.contains($0) }
                return
            }
            counters[kind, default: 0] += 1
            out[kind, default: []].append(SummarySentence(id: "\(kind.rawValue)-\(counters[kind]!)", text: text, evidence: evidence, warningSign: warningSign))
        }
        func has(_ l: Line, _ cues: [String]) -> Bool { cues.contains { l.lower.contains($0) } }
        let plan = lines.filter { $0.section.map(Self.planKinds.contains) == true && !$0.lower.hasPrefix("patient agreements") }
        var actionable: [Range<Int>] = []

        // Why you came in: the chief complaint, else the first problem of the plan.
        if let cc = lines.first(where: { $0.section == .chiefComplaint && !$0.text.hasSuffix(":") }) {
            var reason = plain.replacingFormalWords(cc.text.trimmingCharacters(in: CharacterSet(charactersIn: ". ")))
            // "Follow-up bilateral breast cysts" → "a follow-up of cysts in both breasts".
            for lead in ["Follow-up ", "Follow up "] where reason.hasPrefix(lead) && !reason.lowercased().hasPrefix(lead.lowercased() + "of") {
                reason = "follow-up of " + reason.dropFirst(lead.count)
            }
            add(.reason, "You came in for \(Self.withArticle(PlainLanguage.lowerFirst(reason))).", [cc.range])
        }
        // What we found: each problem heading of the plan (hedged ones said as possible), and the results.
        let coding = coder.code(doc, sections: sections)
        for d in coding.diagnoses where !d.code.hasPrefix("Z") {
            guard let range = d.evidence.first, let line = lines.first(where: { $0.range == range }), let sentence = finding(d, line: line.text) else { continue }
            add(.findings, sentence, [range])
        }
        // What the clinician thinks it may be ("this is likely …"), said as a possibility.
        for l in plan where has(l, Self.diagnosticHedges) && l.text.split(separator: " ").count <= 25 && !has(l, Self.orderCues) {
            for s in plain.rewrite(l.text) { add(.findings, s, [l.range]) }
        }
        // Results: the short sentences that say what a result means (a report's raw fields are for the clinician).
        var results = 0
        var study: String?
        for l in lines where l.section == .results {
            // "X-rays of the left shoulder were obtained. These show …": "these" is the study named before.
            let named = Self.studies.first { l.lower.contains($0) }
            defer { study = named ?? study }
            guard l.text.split(separator: " ").count <= 18, has(l, Self.interpretations), results < 5 else { continue }
            var text = l.text
            if let study, named == nil, let first = text.split(separator: " ").first, ["These", "This", "It"].contains(first) {
                text = "The \(study) " + text.dropFirst(first.count + 1)
            }
            results += 1
            for s in plain.rewrite(text, keepingLabels: true) { add(.findings, s, [l.range]) }
        }
        // Medicines: one sentence per medication the plan starts, changes, stops or continues, then what it is for.
        var named: [String: String] = [:]
        for l in plan {
            // A negated medication sentence ("do not increase …") is restated whole, negation and all.
            if !l.meds.isEmpty, KeyFacts(l.text).negated {
                actionable.append(l.range)
                for s in plain.rewrite(l.text) { add(.medicines, s, [l.range]) }
                continue
            }
            for m in l.meds {
                let name = PlainLanguage.lowerFirst(m.concept.preferred)
                let dose = Self.dose(in: l.text, mention: m)
                let when = m.frequency.map { " \(plain.replacingFormalWords($0))" } ?? ""
                let sentence: String
                if has(l, ["stop", "discontinue", "hold off", "come off"]) { sentence = "Stop taking \(name)." }
                else if has(l, ["increase", "higher dose", "go up"]) { sentence = "Take a higher dose of \(name)\(dose.map { ": \($0)" } ?? "")\(when)." }
                else if has(l, ["decrease", "lower dose", "reduce", "cut back"]) { sentence = "Take a lower dose of \(name)\(dose.map { ": \($0)" } ?? "")\(when)." }
                else if has(l, ["start", "initiate", "prescribe", "begin", "new prescription", "put you on", "put him on", "put her on", "trial of", "add "]) {
                    sentence = "Start taking \(name)\(dose.map { " \($0)" } ?? "")\(when)."
                } else if has(l, ["continue", "keep taking", "remain on", "stay on", "refill"]) {
                    sentence = "Keep taking \(name)\(dose.map { " \($0)" } ?? "")\(when)."
                } else {
                    continue
                }
                actionable.append(l.range)
                // The same medicine kept again later in the note ("start oxycodone …", "continue oxycodone"): the first sentence restates both.
                if sentence.hasPrefix("Keep taking"), let id = named[name], let i = out[.medicines]?.firstIndex(where: { $0.id == id }) {
                    out[.medicines]![i].evidence += [l.range].filter { !out[.medicines]![i].evidence.contains($0) }
                    continue
                }
                add(.medicines, sentence, [l.range])
                guard named[name] == nil, let id = out[.medicines]?.last?.id else { continue }
                named[name] = id
                // What the medicine is for, in the lexicon's plain words ("It is a blood pressure medicine").
                if let lay = m.concept.lay.map(plain.replacingFormalWords), !lay.isEmpty, !KeyFacts(lay).negated, KeyFacts(lay).numbers.isEmpty {
                    add(.medicines, "It is \(Self.withArticle(lay)).", [l.range], merging: false)
                }
            }
        }
        // Tests and referrals, then next steps: the plan's sentences that order, refer, follow up or advise.
        for l in plan where l.meds.isEmpty {
            // "Her follow-up blood work showed …" reports a result; it is not a next step. A problem's name on its own
            // line ("Follow-up bilateral breast cysts") is not one either.
            if has(l, ["showed", "revealed", "demonstrated", "was normal", "were normal"]) { continue }
            if l.text.split(separator: " ").count <= 5, !l.lower.contains(" in "), !l.lower.contains("call"), !l.lower.contains("return"),
               l.lower.rangeOfCharacter(from: .decimalDigits) == nil, coding.diagnoses.contains(where: { $0.evidence.contains(l.range) }) { continue }
            if has(l, Self.visitCues) || (!has(l, Self.orderCues) && has(l, Self.followUpCues)) {
                actionable.append(l.range)
                for s in plain.rewrite(l.text) { add(.nextSteps, s, [l.range]) }
            } else if has(l, Self.orderCues), !has(l, ["referred to us", "referred to me", "referred by", "referred here", "referred to our"]) {
                actionable.append(l.range)
                for s in plain.rewrite(l.text) { add(.orders, s, [l.range]) }
            } else if isAdvice(l.text), !has(l, Self.hedges), !has(l, Self.historyCues) {
                // Advice is not something to act on by a date: a long explanation is left to the note.
                for s in plain.rewrite(l.text) where s.split(separator: " ").count <= 20 { add(.nextSteps, s, [l.range]) }
            }
        }
        // When to get help: the curated warning signs of each condition addressed.
        var warned: Set<String> = []
        for d in coding.diagnoses {
            guard let entry = coder.terminology.warningSigns.entry(for: d.code), warned.insert(entry.id).inserted, let range = d.evidence.first else { continue }
            add(.warnings, entry.text, [range], warningSign: entry.id)
        }
        let ordered = SummarySection.Kind.allCases.map { SummarySection(kind: $0, sentences: out[$0] ?? []) }
        var seen: Set<Range<Int>> = []
        return AfterVisitDraft(sections: ordered, actionable: actionable.filter { seen.insert($0).inserted })
    }

    /// Advice to the patient: an advising verb ("we encouraged her to …"), or an instruction ("Ice the knee …").
    func isAdvice(_ sentence: String) -> Bool {
        let lower = sentence.lowercased()
        if Self.educationCues.contains(where: lower.contains) { return true }
        let body = PlainLanguage.withoutFiller(lower.trimmingCharacters(in: CharacterSet(charactersIn: "•-*– ")))
        return body.split(separator: " ").first.map { Self.instructionVerbs.contains(String($0)) } ?? false
    }

    /// "You have …" for a diagnosis: its plain name when the lexicon has one for the code (or its category), else the
    /// note's own short name for the problem; nil when neither states the same facts as the note sentence.
    func finding(_ d: CodedDiagnosis, line: String) -> String? {
        let source = KeyFacts(line)
        func faithful(_ s: String) -> Bool { PlainLanguage.keepsFacts(s, of: source) }
        if let lay = layNames.byCode[d.code] ?? layNames.byCategory[String(d.code.prefix(3))] {
            let description = d.display.lowercased(), lower = lay.lowercased()
            let sided = ["right", "left", "both", "bilateral"].contains { lower.contains($0) }
            let side = sided ? "" : description.contains("bilateral") ? " on both sides" : description.contains("right") ? " on the right side"
                : description.contains("left") ? " on the left side" : ""
            let sentence = "You have \(Self.withArticle(lay))\(side)."
            if faithful(sentence) { return sentence }
        }
        var name = line.trimmingCharacters(in: CharacterSet(charactersIn: ".•-* "))
        if let colon = name.firstIndex(of: ":") { name = name[name.index(after: colon)...].trimmingCharacters(in: .whitespaces) }
        // "Follow-up bilateral breast cysts" names the condition after the visit type.
        for lead in ["follow-up of ", "follow up of ", "follow-up ", "follow up "] where name.lowercased().hasPrefix(lead) { name = String(name.dropFirst(lead.count)) }
        name = plain.replacingFormalWords(name)
        let words = name.lowercased().split(separator: " ")
        // A problem's name, not a sentence about it.
        guard !words.isEmpty, words.count <= 8, words.first != "the", words.first != "your",
              words.allSatisfy({ !["is", "are", "was", "were", "seem", "seems", "has", "have", "appears"].contains($0) }) else { return nil }
        let sentence = "You have \(Self.withArticle(PlainLanguage.lowerFirst(name)))."
        return faithful(sentence) ? sentence : nil
    }

    /// Nouns that take an article ("a broken wrist", "an irregular heartbeat").
    static let countable: Set<String> = ["sprain", "strain", "tear", "bruise", "muscle", "growth", "condition", "sore", "stone", "infection", "cut",
                                         "bite", "burn", "ulcer", "cyst", "lump", "wound", "blockage", "clot", "hernia", "stroke", "seizure", "rash",
                                         "tumor", "attack", "injury", "wrist", "knee", "ankle", "bone", "finger", "toe", "hand", "leg", "arm", "elbow",
                                         "shoulder", "hip", "foot", "kneecap", "ligament", "tendon", "cold", "reaction", "problem", "disorder", "spot",
                                         "mass", "nodule", "polyp", "murmur", "sound", "cough", "headache", "fever", "deformity", "thumb", "joint",
                                         "nerve", "valve", "heartbeat", "rhythm", "gland", "break", "medicine", "pill", "supplement", "shake",
                                         "laxative", "antidepressant", "reliever", "inhaler", "cream", "drug", "antibiotic", "shot", "patch", "steroid",
                                         "vitamin", "spray", "thinner", "blocker", "inhibitor", "antacid", "antihistamine", "tablet", "ointment", "vaccine",
                                         "anti-swelling", "level", "exam", "visit", "checkup", "check-up", "physical", "follow-up", "twitch", "check"]

    /// The plain name with "a"/"an" when its head noun is countable.
    static func withArticle(_ lay: String) -> String {
        let lower = lay.lowercased()
        let stops: Set<Substring> = ["in", "of", "from", "on", "that", "with", "between", "caused", "to", "at", "after", "during", "due", "for",
                                    "around", "near", "behind", "under", "over", "inside", "outside", "below", "above"]
        let phrase = lower.prefix { $0 != "(" && $0 != "," }
        guard let head = phrase.split(separator: " ").prefix(while: { !stops.contains($0) }).last, countable.contains(String(head)) else { return lay }
        return PlainLanguage.article(for: lay) + lay
    }

    /// Plain names by ICD-10-CM code and by category, from the lexicon's problems, symptoms and findings; a code or
    /// category named differently by several concepts has none.
    static func layNames(_ lexicon: Lexicon) -> (byCode: [String: String], byCategory: [String: String]) {
        var byCode: [String: Set<String>] = [:], byCategory: [String: Set<String>] = [:]
        for c in lexicon.concepts where [.problem, .symptom, .finding].contains(c.kind) {
            guard let lay = c.lay, !lay.isEmpty, let codes = c.icd10cm else { continue }
            for code in codes.split(separator: "|").map(String.init) {
                byCode[code, default: []].insert(lay)
                byCategory[String(code.prefix(3)), default: []].insert(lay)
            }
        }
        return (byCode.compactMapValues { $0.count == 1 ? $0.first : nil }, byCategory.compactMapValues { $0.count == 1 ? $0.first : nil })
    }

    /// The dose as written: the target of "from X to Y", else the mention's own dose.
    static func dose(in sentence: String, mention m: MedicationMention) -> String? {
        let lower = sentence.lowercased()
        if let r = lower.range(of: #"to (\d+(\.\d+)?) ?(mg|mcg|g|units|ml|milligrams)"#, options: .regularExpression) {
            return String(sentence[r]).dropFirst(3).trimmingCharacters(in: .whitespaces)
        }
        guard let v = m.doseValue else { return nil }
        let number = v == v.rounded() ? String(Int(v)) : String(v)
        return [number, m.doseUnit].compactMap { $0 }.joined(separator: " ")
    }
}
