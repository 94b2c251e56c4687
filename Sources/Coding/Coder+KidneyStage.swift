import Foundation
import Terminology

extension Coder {
    /// The CKD stage said with the kidney disease ("stable in the stage 3a range", "CKD 3b", "stage 4 chronic kidney disease").
    static let kidneyStagePattern = try? NSRegularExpression(pattern:
        #"\b(?:ckd|chronic kidney disease|kidney disease|kidney function|renal function|renal disease)\b[^.;]{0,40}?\bstage\s*(1|2|3a|3b|3|4|5)\b|\bstage\s*(1|2|3a|3b|3|4|5)\s+(?:ckd|chronic kidney|kidney)|\bckd\s*(?:stage\s*)?(1|2|3a|3b|3|4|5)\b"#)
    static let kidneyStages = ["1": "N18.1", "2": "N18.2", "3": "N18.30", "3a": "N18.31", "3b": "N18.32", "4": "N18.4", "5": "N18.5"]

    /// The stage of chronic kidney disease that a combination code asks for ("use additional code to identify the stage of
    /// chronic kidney disease": diabetes with CKD E1x.22, hypertensive CKD I12/I13), when the note states it and no stage
    /// is coded yet. The problem's own sentences are read first, then the rest of the note.
    func kidneyDiseaseStage(_ found: [Candidate], lines: [Line]) -> [Candidate] {
        guard !found.contains(where: { $0.code.hasPrefix("N18") }), let pattern = Self.kidneyStagePattern,
              let owner = found.first(where: { c in asksForKidneyStage(c.code) || terminology.icd10cm.parent(of: c.code).map { asksForKidneyStage($0.code) } == true })
        else { return [] }
        let own = lines.filter { owner.evidence.contains($0.range) }
        for line in own + lines where !line.has(["family history", "mother", "father"]) {
            let ns = line.lower as NSString
            guard let m = pattern.firstMatch(in: line.lower, range: NSRange(location: 0, length: ns.length)) else { continue }
            // A stage to be kept from ("the goal is to prevent progression to stage 4") is not the stage: read the words just
            // before the stage, not the whole sentence ("…, stage 3b, her eGFR is stable and her blood pressure is at goal").
            let lead = ns.substring(with: NSRange(location: max(0, m.range.location - 40), length: min(m.range.location, 40) + m.range.length))
            guard !["goal", "prevent", "risk of", "progress to", "progression to", "avoid"].contains(where: lead.contains) else { continue }
            let stage = (1...3).map { m.range(at: $0) }.first { $0.location != NSNotFound }.map(ns.substring(with:)) ?? ""
            guard let code = Self.kidneyStages[stage], terminology.icd10cm.isBillable(code) else { continue }
            return [Candidate(code: code, evidence: [line.range], confidence: 0.75,
                              rationale: "Stage of chronic kidney disease that \(owner.code) asks for → \(code)", problem: owner.problem)]
        }
        return []
    }

    /// True when the code's tabular notes say "use additional code to identify (the) stage of chronic kidney disease".
    func asksForKidneyStage(_ code: String) -> Bool {
        terminology.icd10cm.notes(at: code).contains { $0.kind == "use-additional" && $0.text.lowercased().contains("stage of chronic kidney disease") }
    }
}
