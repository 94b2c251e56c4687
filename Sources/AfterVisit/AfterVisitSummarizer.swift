import ClinicalText
import Coding
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

    public init(coder: Coder) {
        self.coder = coder
        plain = PlainLanguage(lexicon: coder.terminology.lexicon)
    }

    static let planKinds: Set<SectionKind> = [.assessmentAndPlan, .assessment, .plan, .instructions]
    static let orderCues = ["order", "obtain", "schedule", "repeat", "refer", "referral", "get a ", "get an ", "will check", "send you", "arrange",
                            "physical therapy"]
    static let followUpCues = ["follow up", "follow-up", "followup", "return", "come back", "see you", "see me", "in 1 week", "weeks", "months",
                               "call", "portal", "appointment"]
    static let educationCues = ["advised", "encouraged", "instructed", "recommend", "educated", "counseled", "discussed", "should", "avoid",
                                "continue to", "make sure", "diet", "exercise", "ice", "rest", "elevate", "stretch"]
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
        func add(_ kind: SummarySection.Kind, _ text: String, _ evidence: [Range<Int>], warningSign: String? = nil) {
            guard !text.isEmpty else { return }
            // Said twice in the note ("continue lisinopril" in two problems): one sentence restating both.
            if let i = out[kind]?.firstIndex(where: { $0.text == text }) {
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
            let reason = plain.layTerms(cc.text.trimmingCharacters(in: CharacterSet(charactersIn: ". ")))
            add(.reason, "You came in for \(Self.lowerFirst(reason)).", [cc.range])
        }
        // What we found: each problem heading of the plan (hedged ones said as possible), and the results.
        let coding = coder.code(doc, sections: sections)
        for d in coding.diagnoses where !d.code.hasPrefix("Z") {
            guard let range = d.evidence.first, let line = lines.first(where: { $0.range == range }) else { continue }
            let name = plain.layTerms(line.text.trimmingCharacters(in: CharacterSet(charactersIn: ".•-* ")))
            guard name.split(separator: " ").count <= 10 else { continue }
            add(.findings, "You have \(Self.lowerFirst(name)).", [range])
        }
        for l in plan where has(l, Self.hedges) && l.lower.count < 220 {
            for s in plain.rewrite(l.text) { add(.findings, s, [l.range]) }
        }
        // Results, the short sentences only (the reading of a study is for the clinician).
        for l in lines where l.section == .results && l.text.split(separator: " ").count <= 18 {
            for s in plain.rewrite(l.text) { add(.findings, s, [l.range]) }
        }
        // Medicines: one sentence per medication the plan starts, changes, stops or continues.
        for l in plan {
            // A negated medication sentence ("do not increase …") is restated whole, negation and all.
            let words = Set(l.lower.split { !($0.isLetter || $0 == "'") }.map(String.init))
            if !l.meds.isEmpty, !words.isDisjoint(with: PlainLanguage.negations) || words.contains(where: { $0.hasSuffix("n't") }) {
                actionable.append(l.range)
                for s in plain.rewrite(l.text) { add(.medicines, s, [l.range]) }
                continue
            }
            for m in l.meds {
                let name = m.concept.preferred.lowercased()
                let dose = Self.dose(in: l.text, mention: m)
                let when = m.frequency.map { " \($0)" } ?? ""
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
                add(.medicines, sentence, [l.range])
            }
        }
        // Tests and referrals, then next steps: the plan's sentences that order, refer, follow up or advise.
        for l in plan where l.meds.isEmpty {
            if has(l, Self.orderCues) {
                actionable.append(l.range)
                for s in plain.rewrite(l.text) { add(.orders, s, [l.range]) }
            } else if has(l, Self.followUpCues) {
                actionable.append(l.range)
                for s in plain.rewrite(l.text) { add(.nextSteps, s, [l.range]) }
            } else if has(l, Self.educationCues) && !has(l, Self.hedges) {
                for s in plain.rewrite(l.text) { add(.nextSteps, s, [l.range]) }
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

    static func lowerFirst(_ s: String) -> String {
        guard let first = s.split(separator: " ").first, first.count > 1, first == first.uppercased() else { return s.prefix(1).lowercased() + s.dropFirst() }
        return s
    }
}
