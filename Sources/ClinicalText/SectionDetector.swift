/// A section of a clinical note: its kind (with the C-CDA on FHIR LOINC section code), the heading as
/// written, and the code-point ranges of the heading and of the body (up to the next heading).
public struct Section: Sendable, Hashable {
    public var kind: SectionKind
    public var heading: Span
    public var body: Range<Int>
}

/// The note sections Evident recognises, with their LOINC section codes.
public enum SectionKind: String, Sendable, Hashable, CaseIterable {
    case chiefComplaint = "chief-complaint"
    case historyOfPresentIllness = "hpi"
    case reviewOfSystems = "ros"
    case pastMedicalHistory = "past-medical-history"
    case pastSurgicalHistory = "past-surgical-history"
    case medications
    case allergies
    case socialHistory = "social-history"
    case familyHistory = "family-history"
    case immunizations
    case problemList = "problem-list"
    case vitalSigns = "vital-signs"
    case physicalExam = "physical-exam"
    case results
    case assessment
    case plan
    case assessmentAndPlan = "assessment-and-plan"
    case instructions
    case subjective
    case objective
    case procedures
    case other

    /// LOINC section code (C-CDA on FHIR), nil for `other`.
    public var loinc: (code: String, display: String)? {
        switch self {
        case .chiefComplaint: return ("10154-3", "Chief complaint Narrative - Reported")
        case .historyOfPresentIllness: return ("10164-2", "History of Present illness Narrative")
        case .reviewOfSystems: return ("10187-3", "Review of systems Narrative - Reported")
        case .pastMedicalHistory: return ("11348-0", "History of Past illness Narrative")
        case .pastSurgicalHistory: return ("47519-4", "History of Procedures Document")
        case .medications: return ("10160-0", "History of Medication use Narrative")
        case .allergies: return ("48765-2", "Allergies and adverse reactions Document")
        case .socialHistory: return ("29762-2", "Social history Narrative")
        case .familyHistory: return ("10157-6", "History of family member diseases Narrative")
        case .immunizations: return ("11369-6", "History of Immunization Narrative")
        case .problemList: return ("11450-4", "Problem list - Reported")
        case .vitalSigns: return ("8716-3", "Vital signs")
        case .physicalExam: return ("29545-1", "Physical findings Narrative")
        case .results: return ("30954-2", "Relevant diagnostic tests/laboratory data Narrative")
        case .assessment: return ("51848-0", "Evaluation note")
        case .plan: return ("18776-5", "Plan of care note")
        case .assessmentAndPlan: return ("51847-2", "Evaluation + Plan note")
        case .instructions: return ("69730-0", "Instructions")
        case .subjective: return ("61150-9", "Subjective Narrative")
        case .objective: return ("61149-1", "Objective Narrative")
        case .procedures: return ("47519-4", "History of Procedures Document")
        case .other: return nil
        }
    }

    /// Heading texts (normalised: lowercase, `&` as `and`, no trailing colon) for each kind.
    static let headings: [String: SectionKind] = {
        let table: [(SectionKind, [String])] = [
            (.chiefComplaint, ["chief complaint", "cc", "reason for visit", "reason for consultation", "presenting complaint", "chief complaints", "reason for referral"]),
            (.historyOfPresentIllness, ["history of present illness", "hpi", "history of the present illness", "interval history", "present illness", "history"]),
            (.reviewOfSystems, ["review of systems", "ros", "systems review"]),
            (.pastMedicalHistory, ["past medical history", "pmh", "medical history", "past history", "pmhx"]),
            (.pastSurgicalHistory, ["past surgical history", "psh", "surgical history"]),
            (.medications, ["medications", "current medications", "meds", "medication list", "medication", "current meds", "home medications"]),
            (.allergies, ["allergies", "allergy", "drug allergies"]),
            (.socialHistory, ["social history", "sh", "social hx"]),
            (.familyHistory, ["family history", "fh", "family hx"]),
            (.immunizations, ["immunizations", "vaccinations", "immunization history"]),
            (.problemList, ["problem list", "active problems", "problems"]),
            (.vitalSigns, ["vital signs", "vitals", "vital sign"]),
            (.physicalExam, ["physical exam", "physical examination", "exam", "examination", "pe"]),
            (.results, ["results", "labs", "laboratory", "lab results", "imaging", "data", "diagnostic studies", "studies", "laboratory data", "radiology"]),
            (.assessment, ["assessment", "impression", "diagnosis", "diagnoses", "clinical impression"]),
            (.plan, ["plan", "recommendations", "treatment plan", "plan of care"]),
            (.assessmentAndPlan, ["assessment and plan", "a/p", "a and p", "impression and plan", "assessment/plan", "impression/plan"]),
            (.instructions, ["instructions", "patient instructions", "follow-up", "follow up", "disposition", "discharge instructions"]),
            (.subjective, ["subjective"]),
            (.objective, ["objective"]),
            (.procedures, ["procedures", "procedure", "procedure note"]),
        ]
        var m: [String: SectionKind] = [:]
        for (kind, names) in table { for n in names { m[n] = kind } }
        return m
    }()
}

/// Finds section headings in a clinical note: a line that is a known heading (any case, optional colon),
/// an upper-case line of at most eight words (`OTHER` when unknown), or `Heading:` followed by text on the
/// same line.
public struct SectionDetector: Sendable {
    public init() {}

    public func sections(_ text: ScalarText) -> [Section] {
        let s = text.scalars
        var found: [(kind: SectionKind, heading: Range<Int>, bodyStart: Int)] = []
        var lineStart = 0
        while lineStart < s.count {
            var lineEnd = lineStart
            while lineEnd < s.count && s[lineEnd] != "\n" { lineEnd += 1 }
            if let h = heading(text, lineStart..<lineEnd) { found.append(h) }
            lineStart = lineEnd + 1
        }
        return found.enumerated().map { n, h in
            let end = n + 1 < found.count ? found[n + 1].heading.lowerBound : s.count
            return Section(kind: h.kind, heading: Span(range: h.heading, text: text[h.heading]), body: h.bodyStart..<max(h.bodyStart, end))
        }
    }

    func heading(_ text: ScalarText, _ line: Range<Int>) -> (kind: SectionKind, heading: Range<Int>, bodyStart: Int)? {
        let s = text.scalars
        var a = line.lowerBound, b = line.upperBound
        while a < b && (s[a].properties.isWhitespace || s[a] == "#" || s[a] == "*") { a += 1 }
        while b > a && (s[b - 1].properties.isWhitespace || s[b - 1] == "*") { b -= 1 }
        guard b > a else { return nil }
        let whole = text[a..<b]
        // "Heading: text" on one line.
        if let colon = whole.firstIndex(of: ":") {
            let name = String(whole[..<colon])
            let rest = String(whole[whole.index(after: colon)...]).trimmingSpaces
            if let kind = Self.kind(of: name) {
                let headingEnd = a + name.unicodeScalars.count + 1
                var bodyStart = headingEnd
                while bodyStart < b && s[bodyStart] == " " { bodyStart += 1 }
                return (kind, a..<headingEnd, rest.isEmpty ? line.upperBound : bodyStart)
            }
            if rest.isEmpty, Self.looksLikeHeading(name) { return (.other, a..<b, line.upperBound) }
            return nil
        }
        if let kind = Self.kind(of: whole), whole.count <= 40 { return (kind, a..<b, line.upperBound) }
        if Self.looksLikeHeading(whole) { return (.other, a..<b, line.upperBound) }
        return nil
    }

    static func normalize(_ name: String) -> String {
        Tokenizer.normalize(name).replacingAmpersand.split(separator: " ").joined(separator: " ").trimmingCharactersColon
    }

    static func kind(of name: String) -> SectionKind? { SectionKind.headings[normalize(name)] }

    /// The section a heading names (`Assessment and Plan`, `IMPRESSION:`), or nil when it is not a known heading.
    public static func kind(ofHeading heading: String) -> SectionKind? { kind(of: heading) }

    /// Upper case, 1-8 words, letters only (plus `&`, `/`, `-`, spaces), not a sentence.
    static func looksLikeHeading(_ s: String) -> Bool {
        let words = s.split(separator: " ")
        guard (1...8).contains(words.count), s.contains(where: { $0.isLetter }) else { return false }
        return s.allSatisfy { $0.isUppercase || $0 == " " || $0 == "&" || $0 == "/" || $0 == "-" } && s.count >= 3
    }
}

extension String {
    var replacingAmpersand: String { split(separator: "&", omittingEmptySubsequences: false).joined(separator: " and ") }
    var trimmingCharactersColon: String { hasSuffix(":") ? String(dropLast()).trimmingSpaces : trimmingSpaces }
}
