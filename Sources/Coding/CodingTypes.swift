import ClinicalText
import Foundation

/// What is known about the visit besides the note.
public struct VisitContext: Sendable, Hashable {
    /// New, established or preventive; nil to infer from the note (and ``priorVisits``).
    public enum VisitType: String, Sendable, Hashable, CaseIterable {
        case new, established, preventive
    }

    public var visitType: VisitType?
    /// The patient's age in years, when the record has it (else read from the note).
    public var age: Int?
    /// Earlier encounters of the patient on record; nil when unknown. More than zero makes the visit established
    /// unless the note or ``visitType`` says otherwise.
    public var priorVisits: Int?
    /// A customer's code list: when given, only these ICD-10-CM and CPT codes are emitted.
    public var targetCodes: Set<String>?

    public init(visitType: VisitType? = nil, age: Int? = nil, priorVisits: Int? = nil, targetCodes: Set<String>? = nil) {
        self.visitType = visitType
        self.age = age
        self.priorVisits = priorVisits
        self.targetCodes = targetCodes
    }
}

/// A diagnosis code with the note text it rests on.
public struct CodedDiagnosis: Sendable, Hashable {
    /// Dotted ICD-10-CM code (`E11.65`).
    public var code: String
    public var display: String
    /// Principal (first-listed) diagnosis.
    public var primary: Bool
    /// 0...1: specificity, certainty, evidence strength and where the evidence sits.
    public var confidence: Double
    /// Code-point ranges in the note text.
    public var evidence: [Range<Int>]
    /// Why this code: the rule that chose it.
    public var rationale: String
}

/// A procedure (CPT) code with modifiers and the diagnoses that justify it.
public struct CodedProcedure: Sendable, Hashable {
    public var code: String
    public var display: String
    public var modifiers: [String]
    /// Codes of the diagnoses that support it (medical necessity), in claim order.
    public var diagnoses: [String]
    public var confidence: Double
    public var evidence: [Range<Int>]
    public var rationale: String
}

/// Medical decision making by the 2021 AMA office-visit rules: the level of each element, and the result
/// (two of three).
public struct MedicalDecisionMaking: Sendable, Hashable {
    public enum Level: Int, Sendable, Hashable, Comparable, CustomStringConvertible {
        case straightforward = 1, low, moderate, high

        public static func < (a: Level, b: Level) -> Bool { a.rawValue < b.rawValue }
        public var description: String {
            switch self {
            case .straightforward: return "straightforward"
            case .low: return "low"
            case .moderate: return "moderate"
            case .high: return "high"
            }
        }
    }

    public var problems: Level
    public var data: Level
    public var risk: Level
    public var problemsWhy: String
    public var dataWhy: String
    public var riskWhy: String

    /// The MDM level: the middle of the three (two of three elements must meet it).
    public var level: Level { [problems, data, risk].sorted()[1] }

    public var rationale: String {
        "Problems \(problems) (\(problemsWhy)); data \(data) (\(dataWhy)); risk \(risk) (\(riskWhy)) -> MDM \(level)"
    }
}

/// A code that was found but not emitted, and why.
public struct BlockedCode: Sendable, Hashable {
    public var code: String
    public var reason: String
}

/// The coder's answer for one note.
public struct CodingResult: Sendable {
    public var diagnoses: [CodedDiagnosis]
    public var procedures: [CodedProcedure]
    public var mdm: MedicalDecisionMaking
    public var visitType: VisitContext.VisitType
    public var blocked: [BlockedCode]
}
