import ClinicalText
import Coding
import Scribe
import Terminology

/// The clinical operations, built over one terminology and one clinical text engine (loaded once per process).
public enum ClinicalOperations {
    /// `$ambient-note` and `$code-encounter`.
    public static func all(terminology: Terminology) -> [any FHIROperation] {
        let engine = ClinicalTextEngine(terminology: terminology)
        return [AmbientNoteOperation(scribe: Scribe(engine: engine)), CodeEncounterOperation(coder: Coder(engine: engine, terminology: terminology))]
    }
}
