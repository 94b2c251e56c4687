import Evidence
import FHIRCore

/// A patient's record as values: the Patient and every resource about them (read by the operation, or from a
/// bundle by the evaluation).
public struct PatientRecord: Sendable {
    public let patient: JSON
    public let resources: [JSON]
    /// ``resources`` by type, grouped once.
    let byType: [String: [JSON]]

    public init(patient: JSON, resources: [JSON]) {
        self.patient = patient
        self.resources = resources
        byType = Dictionary(grouping: resources) { $0["resourceType"]?.stringValue ?? "" }
    }

    /// The resources of one type.
    public func all(_ type: String) -> [JSON] { byType[type] ?? [] }
}

/// What the summary is for.
public struct InsightsRequest: Sendable, Hashable {
    /// The visit the summary prepares; decides which sections and how much.
    public enum VisitType: String, Sendable, Hashable, CaseIterable {
        case annual
        case followUp = "follow-up"
        case newPatient = "new-patient"
        case chronicCare = "chronic-care"
    }

    public var visitType: VisitType
    /// The evaluation date (seconds since 1970): nothing recorded after it is used.
    public var asOf: Double
    /// Start of "since last visit" (seconds since 1970); nil for the start of the last encounter before `asOf`.
    public var since: Double?
    /// The stored version of the SNOMED CT → ICD-10-CM ConceptMap (``InsightsEngine/conceptMap()``), cited for
    /// the ICD-10-CM code of a SNOMED-coded problem; nil to state no mapped codes.
    public var conceptMap: SourceReference?

    public init(visitType: VisitType = .followUp, asOf: Double, since: Double? = nil, conceptMap: SourceReference? = nil) {
        self.visitType = visitType
        self.asOf = asOf
        self.since = since
        self.conceptMap = conceptMap
    }
}

/// A sentence of the summary and the record versions it rests on.
public struct InsightSentence: Sendable, Hashable {
    /// Element id (`conditions-3`), the narrative `<span id>`.
    public var id: String
    public var text: String
    public var sources: [SourceReference]
    /// A code the engine inferred (an HCC category, a suspected ICD-10-CM code), stated as a code rather than prose.
    public var code: (system: String, code: String)?
    /// A label printed before the sentence (`Hemoglobin A1c`).
    public var label: String?
    /// Elements of terminology resources the sentence also cites (the ConceptMap entry of a mapped code).
    public var elements: [CitedElement] = []

    public static func == (a: InsightSentence, b: InsightSentence) -> Bool { a.id == b.id && a.text == b.text }
    public func hash(into h: inout Hasher) { h.combine(id) }
}

/// An element of a stored resource that a sentence cites: the resource version and the element's id.
public struct CitedElement: Sendable, Hashable {
    public var source: SourceReference
    public var element: String

    public init(source: SourceReference, element: String) {
        self.source = source
        self.element = element
    }
}

/// A section of the summary.
public struct InsightSection: Sendable {
    public enum Kind: String, Sendable, CaseIterable {
        case overview, sinceLastVisit = "since-last-visit", activeConditions = "active-conditions", trends, conditionReview = "condition-review"

        /// LOINC section code, where one fits.
        public var loinc: (code: String, display: String)? {
            switch self {
            case .activeConditions: return ("11450-4", "Problem list - Reported")
            case .trends: return ("30954-2", "Relevant diagnostic tests/laboratory data Narrative")
            case .sinceLastVisit: return ("8648-8", "Hospital course Narrative")
            case .overview, .conditionReview: return nil
            }
        }
    }

    public var kind: Kind
    public var title: String
    public var sentences: [InsightSentence]
}

/// The pre-visit summary.
public struct InsightsDraft: Sendable {
    public var sections: [InsightSection]
    /// Start of "since last visit" as a date (`2024-03-02`), when there was one.
    public var since: String?

    /// One statement per sentence: a code statement for inferred codes, a text statement otherwise; evidence
    /// is the record versions cited.
    public func statements() -> [Statement] {
        sections.flatMap { section in
            section.sentences.map { s in
                let content: Statement.Content = s.code.map { .code(system: $0.system, code: $0.code, display: s.text) } ?? .text(s.text)
                return Statement(elementID: s.id, content: content,
                                 evidence: s.sources.map { EvidenceItem(source: $0) } + s.elements.map { EvidenceItem(source: $0.source, elementID: $0.element) },
                                 reason: section.title)
            }
        }
    }

    /// The summary without the sentences whose ids are not in `kept`.
    public func keeping(_ kept: Set<String>) -> InsightsDraft {
        var copy = self
        for i in copy.sections.indices { copy.sections[i].sentences.removeAll { !kept.contains($0.id) } }
        return copy
    }

    /// Plain text: titles, then one sentence per line.
    public var text: String {
        sections.filter { !$0.sentences.isEmpty }.map { s in
            ([s.title] + s.sentences.map { ($0.label.map { "\($0): " } ?? "") + $0.text }).joined(separator: "\n")
        }.joined(separator: "\n\n")
    }
}
