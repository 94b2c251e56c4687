import AfterVisit
import ClinicalText
import Coding
import FHIRCore
import Insights
import Scribe
import Terminology

/// The clinical operations, built over one terminology and one clinical text engine (loaded once per process),
/// and the terminology resources they cite, which the server stores at start-up.
public struct ClinicalOperations: Sendable {
    /// `$ambient-note`, `$code-encounter`, `$patient-insights` and `$after-visit-summary`.
    public let operations: [any FHIROperation]
    /// The SNOMED CT → ICD-10-CM ConceptMap that `$patient-insights` cites for mapped codes, and the warning-sign
    /// PlanDefinition that `$after-visit-summary` quotes.
    public let resources: [JSON]

    public init(terminology: Terminology) {
        let engine = ClinicalTextEngine(terminology: terminology)
        let insights = InsightsEngine(terminology: terminology)
        let coder = Coder(engine: engine, terminology: terminology)
        operations = [AmbientNoteOperation(scribe: Scribe(engine: engine, names: terminology.firstNames)), CodeEncounterOperation(coder: coder),
                      PatientInsightsOperation(engine: insights), AfterVisitSummaryOperation(summarizer: AfterVisitSummarizer(coder: coder))]
        resources = [insights.conceptMap(), AfterVisitSummaryOperation.warningSignPlan(terminology.warningSigns)]
    }
}
