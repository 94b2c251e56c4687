import ClinicalText

/// What the scribe knows about the patient from the record (read by the operation, passed in as values).
public struct PatientContext: Sendable, Hashable {
    public enum Sex: String, Sendable, Hashable {
        case female, male, unknown
    }

    public var name: String?
    public var age: Int?
    public var sex: Sex
    /// Active problems on record, each with the versioned reference of its resource.
    public var conditions: [RecordFact]
    /// Active medications on record.
    public var medications: [RecordFact]
    /// Active allergies and intolerances on record.
    public var allergies: [RecordFact]
    /// Recent results on record (`Hemoglobin A1c 7.2 % (2026-10-01)`), newest first.
    public var results: [RecordFact]

    public init(name: String? = nil, age: Int? = nil, sex: Sex = .unknown, conditions: [RecordFact] = [], medications: [RecordFact] = [],
                allergies: [RecordFact] = [], results: [RecordFact] = []) {
        self.name = name
        self.age = age
        self.sex = sex
        self.conditions = conditions
        self.medications = medications
        self.allergies = allergies
        self.results = results
    }

    /// Subject, object and possessive pronouns for the patient.
    var pronouns: (subject: String, object: String, possessive: String, reflexive: String) {
        switch sex {
        case .female: return ("she", "her", "her", "herself")
        case .male: return ("he", "him", "his", "himself")
        case .unknown: return ("the patient", "the patient", "the patient's", "themselves")
        }
    }
}

/// A fact from the patient's record: its display text and the versioned reference of the resource.
public struct RecordFact: Sendable, Hashable {
    public var text: String
    /// `Condition/1/_history/2`.
    public var reference: String

    public init(text: String, reference: String) {
        self.text = text
        self.reference = reference
    }
}

/// A sentence of the draft note with the transcript spans it was derived from.
public struct NoteSentence: Sendable, Hashable {
    /// Stable element id (`hpi-3`), used as the narrative `<span id>`.
    public var id: String
    public var text: String
    /// Code-point ranges in the transcript that support the sentence.
    public var evidence: [Range<Int>]
    /// A label printed before the sentence in its section (`Medical Treatment`, `Respiratory`), if any.
    public var label: String?
    /// For the assessment and plan: the problem the sentence belongs to.
    public var problem: String?
    /// Clinical content per word, used to keep the most informative sentences within the length budget.
    var weight: Double = 1
    /// True for a problem heading of the assessment and plan (`Hypertension.`), itself quoted from the transcript.
    public var isHeading = false
    /// Record resources (versioned references) the sentence also rests on.
    public var records: [String] = []
    /// Stored definitions the sentence quotes (a smart phrase's text or question).
    public var definitions: [DefinitionQuote] = []
}

/// Text quoted from a stored definition (a template or smart-phrase resource): its versioned reference, the
/// FHIRPath of the text, and the text.
public struct DefinitionQuote: Sendable, Hashable {
    /// `Questionnaire/q1/_history/1`.
    public var reference: String
    /// `Questionnaire.item[0].item[1].text`.
    public var path: String
    public var text: String

    public init(reference: String, path: String, text: String) {
        self.reference = reference
        self.path = path
        self.text = text
    }
}

/// A section of the draft note.
public struct NoteSection: Sendable, Hashable {
    public var kind: SectionKind
    public var title: String
    public var sentences: [NoteSentence]
    public var style: NoteTemplate.Style = .prose
}

/// The draft note: sections in template order, and the template sections left empty with the reason.
public struct DraftNote: Sendable {
    public var sections: [NoteSection]
    public var missing: [(kind: SectionKind, title: String, reason: String)]
    /// Smart-phrase questions nothing in the transcript answered: `(phrase name, question)`.
    public var unanswered: [(phrase: String, question: String)] = []
    /// Sentences left out because their prose did not pass ``ProseCheck``, in the order they were drafted.
    public var rejected: [RejectedSentence] = []

    /// The note as plain text: headings, then one sentence per line (problem headings in the assessment and plan).
    public var text: String {
        var lines: [String] = []
        for s in sections where !s.sentences.isEmpty {
            if !lines.isEmpty { lines.append("") }
            lines.append(s.title)
            lines.append("")
            for sentence in s.sentences {
                if sentence.isHeading {
                    if lines.last != "" { lines.append("") }
                    lines.append(sentence.text)
                    continue
                }
                lines.append((sentence.label.map { "• \($0): " } ?? "") + sentence.text)
            }
        }
        return lines.joined(separator: "\n")
    }
}

/// A sentence the scribe drafted and left out because it does not read as note prose.
public struct RejectedSentence: Sendable, Hashable {
    public var section: SectionKind
    public var text: String
    /// Transcript ranges it was drafted from.
    public var evidence: [Range<Int>]
    public var problems: [ProseProblem]
}

/// A note template: which sections, in which order, with which titles and style, and the smart phrases the
/// clinician may invoke.
public struct NoteTemplate: Sendable, Hashable {
    /// How a section's sentences are laid out.
    public enum Style: String, Sendable, Hashable, CaseIterable {
        /// A paragraph per sentence, labels in bold (the default).
        case prose
        /// A bulleted list.
        case bullets
        /// All sentences in one paragraph.
        case paragraph
    }

    /// One section of the template.
    public struct Section: Sendable, Hashable {
        public var kind: SectionKind
        public var title: String
        public var style: Style

        public init(kind: SectionKind, title: String, style: Style = .prose) {
            self.kind = kind
            self.title = title
            self.style = style
        }
    }

    public var name: String
    public var sections: [Section]
    /// Smart phrases available with this template.
    public var phrases: [SmartPhrase]

    public init(name: String, sections: [Section], phrases: [SmartPhrase] = []) {
        self.name = name
        self.sections = sections
        self.phrases = phrases
    }

    /// The full visit note in the house style of the ACI-Bench reference notes.
    public static let fullVisit = NoteTemplate(name: "full-visit", sections: [
        .init(kind: .chiefComplaint, title: "CHIEF COMPLAINT"), .init(kind: .historyOfPresentIllness, title: "HISTORY OF PRESENT ILLNESS"),
        .init(kind: .reviewOfSystems, title: "REVIEW OF SYSTEMS"), .init(kind: .physicalExam, title: "PHYSICAL EXAMINATION"),
        .init(kind: .vitalSigns, title: "VITALS REVIEWED"), .init(kind: .results, title: "RESULTS"),
        .init(kind: .assessmentAndPlan, title: "ASSESSMENT AND PLAN"),
    ])

    /// SOAP: subjective, objective, assessment, plan.
    public static let soap = NoteTemplate(name: "soap", sections: [
        .init(kind: .subjective, title: "SUBJECTIVE"), .init(kind: .objective, title: "OBJECTIVE"), .init(kind: .assessment, title: "ASSESSMENT"),
        .init(kind: .plan, title: "PLAN"),
    ])

    /// Built-in templates by name.
    public static let builtIn: [String: NoteTemplate] = ["full-visit": fullVisit, "soap": soap]

    /// What a composite section gathers when the template has no section of its own for a part.
    static let parts: [SectionKind: [SectionKind]] = [
        .subjective: [.chiefComplaint, .historyOfPresentIllness, .pastMedicalHistory, .problemList, .medications, .allergies, .socialHistory,
                      .familyHistory, .reviewOfSystems],
        .objective: [.vitalSigns, .physicalExam, .results],
    ]

    /// True when the template shows sentences of `kind`: it has that section, or a composite one that gathers it
    /// (the assessment and plan shows in separate assessment and plan sections).
    public func covers(_ kind: SectionKind) -> Bool {
        sections.contains { s in
            s.kind == kind || Self.parts[s.kind]?.contains(kind) == true || (kind == .assessmentAndPlan && (s.kind == .assessment || s.kind == .plan))
        }
    }

    /// The first of `preferred` the template covers, else the last of them.
    func home(_ preferred: [SectionKind]) -> SectionKind { preferred.first(where: covers) ?? preferred.last! }
}

/// A clinician-defined smart phrase (`.ROSNEG`). When the clinician says its name (or a trigger) in the visit,
/// its fixed text goes into its section; a phrase with questions instead gets each question answered from the
/// transcript. Either way the sentence quotes both the transcript and the stored definition.
public struct SmartPhrase: Sendable, Hashable {
    /// A question of the phrase and where its text is stored.
    public struct Question: Sendable, Hashable {
        public var text: String
        public var definition: DefinitionQuote

        public init(text: String, definition: DefinitionQuote) {
            self.text = text
            self.definition = definition
        }
    }

    /// `.ROSNEG`.
    public var name: String
    public var section: SectionKind
    /// The fixed text and where it is stored, for a text phrase.
    public var text: DefinitionQuote?
    /// The questions, for a question phrase (answered whether or not the phrase is said).
    public var questions: [Question]
    /// Extra spoken forms that invoke the phrase (`normal review of systems`); the name itself always does.
    public var triggers: [String]

    public init(name: String, section: SectionKind, text: DefinitionQuote? = nil, questions: [Question] = [], triggers: [String] = []) {
        self.name = name
        self.section = section
        self.text = text
        self.questions = questions
        self.triggers = triggers
    }

    /// True when `said` (a transcript sentence) invokes the phrase: its name's letters in order (`dot ros neg`
    /// for `.ROSNEG`), or one of the triggers.
    public func isInvoked(by said: String) -> Bool {
        let key = String(name.lowercased().filter { $0.isLetter || $0.isNumber })
        let words = said.lowercased().split { !($0.isLetter || $0.isNumber) }.map(String.init)
        // Whole words from a word start, the name ending inside the last one (`ros negative` says `.ROSNEG`).
        if key.count >= 3 {
            for start in words.indices {
                var joined = ""
                for w in words[start...] {
                    joined += w
                    if joined.hasPrefix(key) { return true }
                    if !key.hasPrefix(joined) { break }
                }
            }
        }
        let lower = said.lowercased()
        return triggers.contains { !$0.isEmpty && lower.contains($0.lowercased()) }
    }
}
