import ClinicalText
import Foundation
import Terminology

extension Coder {
    /// Factors influencing health status that the guidelines ask for beside the diagnoses: the adult BMI beside
    /// obesity or overweight (Guideline I.B.14, Z68), and a COVID-19 exposure when the infection is not confirmed
    /// (Guideline I.C.1.g.1, Z20.822).
    func encounterFactors(lines: [Line], diagnoses: [CodedDiagnosis], age: Int?) -> [CodedDiagnosis] {
        var out: [CodedDiagnosis] = []
        func add(_ code: String, _ line: Line, _ why: String) {
            guard !diagnoses.contains(where: { $0.code == code }), !out.contains(where: { $0.code == code }),
                  let d = terminology.icd10cm.lookup(code), d.billable else { return }
            out.append(CodedDiagnosis(code: code, display: d.description, primary: false, confidence: 0.7, evidence: [line.range], rationale: why))
        }
        // BMI: an adult's value, only with a weight diagnosis the clinician made.
        if diagnoses.contains(where: { $0.code.hasPrefix("E66") }), (age ?? 20) >= 20 {
            for line in lines {
                guard let r = line.lower.range(of: #"\bbmi(:| is| of| was)? *\d{2}(\.\d+)?"#, options: .regularExpression),
                      let value = Double(line.lower[r].drop { !$0.isNumber }) else { continue }
                add(Self.bmiCode(value), line, "BMI \(value) beside a weight diagnosis → \(Self.bmiCode(value))")
                break
            }
        }
        // Exposure to COVID-19 with the infection not confirmed.
        if !diagnoses.contains(where: { $0.code == "U07.1" }),
           let line = lines.first(where: { $0.says(["covid", "sars-cov-2", "coronavirus"]) && $0.says(["exposure", "exposed"])
               && !$0.says(["no known exposure", "no exposure", "no known covid", "denies", "not been exposed", "no sick contacts"]) }) {
            add("Z20.822", line, "Exposure to COVID-19, infection not confirmed → Z20.822")
        }
        return out
    }

    /// The adult BMI code (Z68.1–Z68.45) for a value.
    static func bmiCode(_ value: Double) -> String {
        switch value {
        case ..<20: return "Z68.1"
        case ..<40: return "Z68.\(Int(value))"
        case ..<45: return "Z68.41"
        case ..<50: return "Z68.42"
        case ..<60: return "Z68.43"
        case ..<70: return "Z68.44"
        default: return "Z68.45"
        }
    }
}
