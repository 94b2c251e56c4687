import ClinicalText
import Coding
import Insights
import Scribe
import Terminology

/// The clinical operations, built over one terminology and one clinical text engine (loaded once per process).
public enum ClinicalOperations {
    /// `$ambient-note`, `$code-encounter` and `$patient-insights`.
    public static func all(terminology: Terminology) -> [any FHIROperation] {
        let engine = ClinicalTextEngine(terminology: terminology)
        return [AmbientNoteOperation(scribe: Scribe(engine: engine)), CodeEncounterOperation(coder: Coder(engine: engine, terminology: terminology)),
                PatientInsightsOperation(engine: InsightsEngine(terminology: terminology))]
    }
}
