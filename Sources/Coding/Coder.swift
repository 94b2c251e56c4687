import ClinicalText
import Foundation
import Terminology

/// Drafts billing codes for a visit note: ICD-10-CM diagnoses by the outpatient guidelines (ICD-10-CM Official
/// Guidelines, Section IV), CPT procedures performed at the visit with their modifiers and the diagnoses that
/// justify them, and the office E/M level by 2021 medical decision making. Deterministic and pure: a note and a
/// visit context in, codes with their evidence (ranges of the note text) out.
///
/// How: the clinical text engine annotates the note; the assessment and plan is split into problems (a short
/// line of its own starts one); each problem is coded from its heading, with certainty (ConText), laterality,
/// acuity, complications and 7th characters read from the problem's own sentences; long-term drug therapy and
/// combination codes are added by rule; codes that do not exist or are not billable in FY2026 are blocked.
public struct Coder: Sendable {
    public let engine: ClinicalTextEngine
    public let terminology: Terminology
    /// Initial-encounter injury codes (S00–S99, 7th character A) with the words of their descriptions.
    /// `words` include the ancestors' titles and inclusion terms (for matching); `own` are the code's own description's
    /// words (other sites named there count against it).
    let injuries: [(code: String, words: Set<String>, own: Set<String>)]

    public init(engine: ClinicalTextEngine, terminology: Terminology) {
        self.engine = engine
        self.terminology = terminology
        let icd = terminology.icd10cm
        // Each code with the words of its ancestors' titles and inclusion terms: a Colles' fracture (S52.53-) is one "of lower
        // end of radius" (S52.5), and a sprain of the talofibular ligament is included in S93.49-.
        injuries = icd.allCodes().filter { $0.billable && $0.code.hasPrefix("S") && $0.code.count == 8 && $0.code.hasSuffix("A") }.map { c in
            var words = Set(Self.words(c.description))
            var level = c.code
            while let parent = icd.parent(of: level), parent.code.count >= 4 {
                words.formUnion(Self.words(parent.description).filter { !["other", "unspecified"].contains($0) })
                for n in icd.notes(at: parent.code) where n.kind == "inclusion" { words.formUnion(Self.words(n.text)) }
                level = parent.code
            }
            return (c.code, words, Set(Self.words(c.description)))
        }
    }

    /// A sentence of the note with what the engine found in it.
    struct Line {
        var index: Int
        var range: Range<Int>
        var text: String
        var lower: String
        var section: SectionKind?
        var concepts: [AnnotatedConcept]
        var medications: [MedicationMention]
        /// True when the sentence starts a line of the note.
        var startsLine: Bool
        /// LOINC codes of the lab values the sentence reports.
        var labs: [String] = []
        /// `lower` with ordinals as words, for cue matching (computed once).
        var spoken: String = ""

        /// True when a cue occurs anywhere in the sentence (a plain substring, searched byte by byte).
        func has(_ cues: [String]) -> Bool { cues.contains { Coder.occurs($0, in: lower) } }
        /// True when a cue is said as words (``Coder/says(_:in:)``): "ice" is not in "twice", "referred" not in "preferred",
        /// and "2nd opinion" is "second opinion".
        func says(_ cues: [String]) -> Bool {
            let text = spoken.isEmpty ? Coder.spelledOrdinals(lower) : spoken
            return cues.contains { Coder.says($0, in: text) }
        }
        var words: Set<String> { Set(Coder.words(lower)) }
    }

    /// A problem of the assessment and plan: its heading (when it has one) and its sentences.
    struct Problem {
        var heading: Line?
        var lines: [Line]
        /// Sentences elsewhere in the note that describe a wound or ulcer (its site when the problem names none).
        var woundContext: String = ""
        var all: [Line] { (heading.map { [$0] } ?? []) + lines }
    }

    static let assessmentKinds: Set<SectionKind> = [.assessmentAndPlan, .assessment, .plan]

    /// Codes `text`. `sections` gives the section of each range of the text when the caller knows it (a
    /// Composition's sections); otherwise sections are detected from the headings.
    public func code(_ text: String, sections: [(kind: SectionKind, range: Range<Int>)]? = nil, visit: VisitContext = VisitContext()) -> CodingResult {
        code(engine.annotate(text, kind: .note), sections: sections, visit: visit)
    }

    /// Codes a note the caller has already annotated with ``engine`` (as a note).
    public func code(_ doc: AnnotatedDocument, sections: [(kind: SectionKind, range: Range<Int>)]? = nil, visit: VisitContext = VisitContext()) -> CodingResult {
        let scalars = doc.text.scalars
        let concepts = Dictionary(grouping: doc.concepts, by: \.sentence)
        var meds: [Int: [MedicationMention]] = [:]
        for m in doc.medications {
            if let n = doc.sentences.firstIndex(where: { $0.range.contains(m.span.start) }) { meds[n, default: []].append(m) }
        }
        var labs: [Int: [String]] = [:]
        for m in doc.measurements where m.kind == .lab {
            if let code = m.loinc, let n = doc.sentences.firstIndex(where: { $0.range.contains(m.span.start) }) { labs[n, default: []].append(code) }
        }
        var lines: [Line] = []
        for (n, s) in doc.sentences.enumerated() {
            let section: SectionKind?
            if let sections {
                section = sections.first { $0.range.contains(s.range.lowerBound) }?.kind
            } else {
                section = doc.sections.last { $0.heading.start <= s.range.lowerBound }?.kind
            }
            let body = doc.text(of: s)
            // A list number alone ("1.") is not a sentence of the note.
            if body.allSatisfy({ $0.isNumber || $0 == "." || $0 == "#" || $0 == ")" || $0 == " " }) { continue }
            // Back over spaces and a list number to see whether the sentence starts a line.
            var k = s.range.lowerBound - 1
            func skipSpaces() { while k >= 0 && (scalars[k] == " " || scalars[k] == "\t") { k -= 1 } }
            skipSpaces()
            if k >= 0, scalars[k] == "." || scalars[k] == ")" {
                var j = k - 1
                while j >= 0 && scalars[j].properties.numericType != nil { j -= 1 }
                if j < k - 1 { k = j; if k >= 0 && scalars[k] == "#" { k -= 1 }; skipSpaces() }
            }
            lines.append(Line(index: n, range: s.range, text: body, lower: body.lowercased(), section: section, concepts: concepts[n] ?? [],
                              medications: meds[n] ?? [], startsLine: k < 0 || scalars[k] == "\n" || scalars[k] == "\r", labs: labs[n] ?? [],
                              spoken: Self.spelledOrdinals(body.lowercased())))
        }
        var problems = Self.problems(lines)
        let wounds = lines.filter { $0.section.map(Self.assessmentKinds.contains) != true && $0.says(["ulcer", "wound", "blister"]) && !$0.says(["no ", "denies"]) }
        for i in problems.indices { problems[i].woundContext = wounds.map(\.lower).joined(separator: " ") }
        var blocked: [BlockedCode] = []
        var named: [CodedDiagnosis] = []
        var diagnoses = diagnoses(problems: problems, lines: lines, blocked: &blocked, named: &named)
        let type = visitType(lines, visit: visit)
        let age = visit.age ?? Self.age(in: lines)
        if type == .preventive || Self.isPreventive(lines) {
            let code = Self.preventiveDiagnosis(age: age, abnormal: !diagnoses.isEmpty)
            if let cc = lines.first(where: { $0.says(Self.preventiveCues) }), let d = terminology.icd10cm.lookup(code) {
                diagnoses.insert(CodedDiagnosis(code: code, display: d.description, primary: true, confidence: 0.85, evidence: [cc.range],
                                                rationale: "Preventive visit (\(diagnoses.isEmpty ? "no" : "with") abnormal findings)"), at: 0)
            }
        }
        // Services done at this visit; a vaccine given adds Z23, a depression screening instrument with no depression found adds Z13.31.
        let services = officeServices(lines, age: age)
        if let v = services.first(where: { terminology.cpt?.lookup($0.code)?.category == "vaccine" }), !diagnoses.contains(where: { $0.code == "Z23" }),
           let d = terminology.icd10cm.lookup("Z23") {
            diagnoses.append(CodedDiagnosis(code: "Z23", display: d.description, primary: false, confidence: 0.8, evidence: [v.line.range],
                                            rationale: "Vaccine given at this visit → Z23"))
        }
        if let s = services.first(where: { $0.code == "96127" && $0.line.says(["phq", "depression", "edinburgh", "epds"]) }),
           !diagnoses.contains(where: { $0.code.hasPrefix("F32") || $0.code.hasPrefix("F33") || $0.code.hasPrefix("Z13.3") }),
           let d = terminology.icd10cm.lookup("Z13.31") {
            diagnoses.append(CodedDiagnosis(code: "Z13.31", display: d.description, primary: false, confidence: 0.7, evidence: [s.line.range],
                                            rationale: "Depression screening instrument scored, no depression found → Z13.31"))
        }
        diagnoses += encounterFactors(lines: lines, diagnoses: diagnoses, age: age)
        if let targets = visit.targetCodes {
            for d in diagnoses where !targets.contains(d.code) { blocked.append(BlockedCode(code: d.code, reason: "not in the target code list")) }
            diagnoses.removeAll { !targets.contains($0.code) }
        }
        for i in diagnoses.indices { diagnoses[i].primary = i == 0 }
        // Conditions the reasoning names without addressing them are not coded, but they are among the problem's conditions.
        let mdm = decisionMaking(problems: problems, lines: lines, diagnoses: diagnoses + named.filter { n in !diagnoses.contains { $0.code == n.code } }, age: age)
        var procedures = procedures(lines: lines, diagnoses: diagnoses, visitType: type, age: age, mdm: mdm, services: services)
        if let targets = visit.targetCodes {
            for p in procedures where !targets.contains(p.code) { blocked.append(BlockedCode(code: p.code, reason: "not in the target code list")) }
            procedures.removeAll { !targets.contains($0.code) }
        }
        // Guardrail: only codes that exist (ICD-10-CM billable in FY2026, CPT in the shipped list).
        for d in diagnoses where !terminology.icd10cm.isBillable(d.code) {
            blocked.append(BlockedCode(code: d.code, reason: "not a billable FY2026 ICD-10-CM code"))
        }
        diagnoses.removeAll { !terminology.icd10cm.isBillable($0.code) }
        for p in procedures where terminology.cpt?.lookup(p.code) == nil { blocked.append(BlockedCode(code: p.code, reason: "not in the shipped CPT list")) }
        procedures.removeAll { terminology.cpt?.lookup($0.code) == nil }
        let kept = Set(diagnoses.map(\.code))
        for i in procedures.indices { procedures[i].diagnoses.removeAll { !kept.contains($0) } }
        return CodingResult(diagnoses: diagnoses, procedures: procedures, mdm: mdm, visitType: type, blocked: blocked)
    }

    /// Splits the assessment and plan into problems. A problem starts at a short sentence on a line of its own
    /// (`Lumbar strain.`, `2. Diabetes type 2.`); labelled sentences (`Medical Treatment: …`) belong to it. A note
    /// without an assessment and plan is coded from its chief complaint and history as one problem.
    static func problems(_ lines: [Line]) -> [Problem] {
        let plan = lines.filter { $0.section.map(assessmentKinds.contains) == true }
        guard !plan.isEmpty else {
            let fallback = lines.filter { [.chiefComplaint, .historyOfPresentIllness, .results].contains($0.section) }
            return fallback.isEmpty ? [] : [Problem(heading: nil, lines: fallback)]
        }
        var out: [Problem] = []
        // The clinician's recap ("He presents today with an abnormal lab finding.") restates the visit; when problems
        // follow it, it is not one of them.
        let recap = ["presents today", "presents for", "presents with", "is here for", "is here today", "comes in for", "coming in for", "is seen today"]
        // The section's own title ("ASSESSMENT AND PLAN") is no problem heading.
        func title(_ l: Line) -> Bool {
            let bare = l.text.trimmingCharacters(in: CharacterSet(charactersIn: ".: "))
            return bare == bare.uppercased() && SectionDetector.kind(ofHeading: bare) != nil
        }
        // A closing follow-up line ("She will follow up in 3 months.") is short but names no problem.
        let followUp = ["follow up", "follow-up", "return in", "return to clinic", "come back", "see me back", "see her back", "see him back", "rtc"]
        let hasHeadings = plan.contains { isHeading($0) && !$0.has(recap) && !title($0) && !$0.has(followUp) }
        let paragraphs = plan.filter { $0.startsLine && !$0.has(recap) && !$0.text.contains(":") && !isHeading($0) && !$0.has(followUp) }.count >= 2
        for line in plan {
            if line.lower.hasPrefix("patient agreements") || line.has(["year-old", "year old"]) { continue }
            // The section's own heading ("ASSESSMENT AND PLAN") is not a problem.
            if title(line) { continue }
            if hasHeadings, out.isEmpty, line.has(recap) { continue }
            // Running paragraphs with no problem headings ("Regarding his smoking, …"): each paragraph is a problem, opened by
            // its first sentence.
            if isHeading(line) || (!hasHeadings && paragraphs && line.startsLine && !line.text.contains(":")) {
                out.append(Problem(heading: line, lines: []))
            } else if out.isEmpty {
                out.append(Problem(heading: nil, lines: [line]))
            } else {
                out[out.count - 1].lines.append(line)
            }
        }
        return out
    }

    static func isHeading(_ line: Line) -> Bool {
        guard line.startsLine else { return false }
        var t = line.text.trimmingCharacters(in: .whitespaces)
        // In an assessment of its own (an impression), each short line or bullet is a diagnosis.
        let assessment = line.section == .assessment
        if let first = t.first, "•-*–".contains(first) {
            guard assessment else { return false }
            t = String(t.dropFirst()).trimmingCharacters(in: .whitespaces)
        }
        // "1. Diabetes." / "#2 Hypertension": a numbered line is a heading up to the length of an impression line
        // ("1. Left breast cancer, ER positive, PR positive, HER2 negative, on adjuvant anastrozole.").
        let numbered = t.first.map { $0.isNumber || $0 == "#" } ?? false
        t = String(t.drop { $0.isNumber || $0 == "." || $0 == "#" || $0 == ")" || $0 == " " })
        guard !t.isEmpty, !t.contains(":") else { return false }
        let words = t.split(separator: " ")
        return words.count <= (assessment || numbered ? 14 : 9) && !t.hasSuffix("?")
    }

    /// True when `cue` occurs in `text` starting a word; a short cue (under five characters: "ice", "rest", "echo") must also
    /// end one, a plural "s" allowed. Longer cues are stems ("decompensat", "hospitaliz") and may run on.
    static func says(_ cue: String, in text: String) -> Bool { WordCue.occurs(cue, in: text, endsWord: cue.utf8.count < 5) }

    /// True when `cue` is a substring of `text` (UTF-8 bytes; the same answer as `String.contains`, without Foundation).
    static func occurs(_ cue: String, in text: String) -> Bool {
        var text = text, cue = cue
        return text.withUTF8 { t in
            cue.withUTF8 { c in
                guard let first = c.first else { return true }
                guard c.count <= t.count else { return false }
                var i = 0
                while i <= t.count - c.count {
                    if t[i] == first {
                        var k = 1
                        while k < c.count && t[i + k] == c[k] { k += 1 }
                        if k == c.count { return true }
                    }
                    i += 1
                }
                return false
            }
        }
    }

    /// Ordinals as words ("2nd opinion" → "second opinion", "3rd" → "third").
    static func spelledOrdinals(_ text: String) -> String {
        // Only when a digit is followed by an ordinal suffix.
        let scalars = Array(text.unicodeScalars)
        guard scalars.indices.dropLast(2).contains(where: { i in
            scalars[i].properties.numericType != nil && ["st", "nd", "rd", "th"].contains(String(String.UnicodeScalarView(scalars[(i + 1)...(i + 2)])))
        }) else { return text }
        var out = text
        for (digits, word) in [("1st", "first"), ("2nd", "second"), ("3rd", "third"), ("4th", "fourth"), ("5th", "fifth")] {
            out = out.replacingOccurrences(of: "\\b\(digits)\\b", with: word, options: .regularExpression)
        }
        return out
    }

    static func words(_ text: String) -> [String] { text.lowercased().split { !($0.isLetter || $0.isNumber) }.map(String.init) }

    /// "58-year-old" in the note.
    static func age(in lines: [Line]) -> Int? {
        for l in lines {
            // "22-month-old", "6-week-old": under a year or two.
            for unit in ["-month-old", " month old", "-week-old", " week old"] {
                guard let r = l.lower.range(of: unit) else { continue }
                let digits = l.lower[..<r.lowerBound].reversed().prefix { $0.isNumber }
                if let n = Int(String(digits.reversed())) { return unit.contains("month") ? n / 12 : 0 }
            }
            guard let r = l.lower.range(of: "-year-old") ?? l.lower.range(of: " year old") else { continue }
            let digits = l.lower[..<r.lowerBound].reversed().prefix { $0.isNumber }
            if let n = Int(String(digits.reversed())) { return n }
        }
        return nil
    }
}
