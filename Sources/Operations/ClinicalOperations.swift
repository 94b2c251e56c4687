import ClinicalText
import Coding
import FHIRCore
import Insights
import Scribe
import Terminology

/// The clinical operations, built over one terminology and one clinical text engine (loaded once per process),
/// and the terminology resources they cite, which the server stores at start-up.
public struct ClinicalOperations: Sendable {
    /// `$ambient-note`, `$code-encounter` and `$patient-insights`.
    public let operations: [any FHIROperation]
    /// The SNOMED CT → ICD-10-CM ConceptMap that `$patient-insights` cites for mapped codes.
    public let resources: [JSON]

    public init(terminology: Terminology) {
        let engine = ClinicalTextEngine(terminology: terminology)
        let insights = InsightsEngine(terminology: terminology)
        operations = [AmbientNoteOperation(scribe: Scribe(engine: engine)), CodeEncounterOperation(coder: Coder(engine: engine, terminology: terminology)),
                      PatientInsightsOperation(engine: insights)]
        resources = [insights.conceptMap()]
    }
}
