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

    public init(name: String? = nil, age: Int? = nil, sex: Sex = .unknown, conditions: [RecordFact] = [], medications: [RecordFact] = []) {
        self.name = name
        self.age = age
        self.sex = sex
        self.conditions = conditions
        self.medications = medications
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
}

/// A section of the draft note.
public struct NoteSection: Sendable, Hashable {
    public var kind: SectionKind
    public var title: String
    public var sentences: [NoteSentence]
}

/// The draft note: sections in template order, and the template sections left empty with the reason.
public struct DraftNote: Sendable {
    public var sections: [NoteSection]
    public var missing: [(kind: SectionKind, title: String, reason: String)]

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

/// A note template: which sections, in which order, with which titles.
public struct NoteTemplate: Sendable, Hashable {
    public var name: String
    public var sections: [(kind: SectionKind, title: String)]

    public init(name: String, sections: [(kind: SectionKind, title: String)]) {
        self.name = name
        self.sections = sections
    }

    public static func == (a: NoteTemplate, b: NoteTemplate) -> Bool { a.name == b.name && a.sections.map(\.title) == b.sections.map(\.title) }
    public func hash(into h: inout Hasher) { h.combine(name) }

    /// The full visit note in the house style of the ACI-Bench reference notes.
    public static let fullVisit = NoteTemplate(name: "full-visit", sections: [
        (.chiefComplaint, "CHIEF COMPLAINT"), (.historyOfPresentIllness, "HISTORY OF PRESENT ILLNESS"), (.reviewOfSystems, "REVIEW OF SYSTEMS"),
        (.physicalExam, "PHYSICAL EXAMINATION"), (.vitalSigns, "VITALS REVIEWED"), (.results, "RESULTS"), (.assessmentAndPlan, "ASSESSMENT AND PLAN"),
    ])

    /// SOAP: subjective, objective, assessment, plan.
    public static let soap = NoteTemplate(name: "soap", sections: [
        (.subjective, "SUBJECTIVE"), (.objective, "OBJECTIVE"), (.assessment, "ASSESSMENT"), (.plan, "PLAN"),
    ])

    /// Built-in templates by name.
    public static let builtIn: [String: NoteTemplate] = ["full-visit": fullVisit, "soap": soap]
}
