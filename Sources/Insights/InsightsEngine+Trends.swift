import Evidence
import FHIRCore
import Foundation
import Terminology

extension InsightsEngine {
    /// Key series: LOINC codes (first found wins) and the label.
    static let series: [(codes: [String], label: String)] = [
        (["4548-4", "17856-6"], "Hemoglobin A1c"), (["85354-9", "55284-4"], "Blood pressure"), (["29463-7"], "Body weight"), (["39156-5"], "BMI"),
        (["33914-3", "62238-1", "48642-3"], "eGFR"), (["38483-4", "2160-0"], "Creatinine"), (["18262-6", "13457-7"], "LDL cholesterol"),
        (["2093-3"], "Total cholesterol"), (["2339-0", "2345-7"], "Glucose"),
    ]

    /// One sentence per key series: the latest value and date, the previous one and the direction, the first
    /// one recorded, and a flag when the latest is outside the usual range. Values and dates only, as recorded.
    func trends(_ observations: [Dated]) -> [(label: String, text: String, sources: [SourceReference])] {
        var out: [(label: String, text: String, sources: [SourceReference])] = []
        for s in Self.series {
            let points = observations.filter { o in (o.resource["code"]?["coding"]?.arrayValue ?? []).contains { c in s.codes.contains(c["code"]?.stringValue ?? "") } }
                .compactMap { o -> (Dated, Double, String)? in value(o.resource).map { (o, $0.value, $0.text) } }
            guard let latest = points.last else { continue }
            var text = "\(latest.2) on \(latest.0.day)"
            var sources = [latest.0.source]
            if points.count >= 2 {
                let previous = points[points.count - 2]
                let direction = latest.1 > previous.1 * 1.02 ? "rising" : latest.1 < previous.1 * 0.98 ? "falling" : "stable"
                text += ", \(direction) from \(previous.2) on \(previous.0.day)"
                sources.append(previous.0.source)
                if points.count >= 3, let first = points.first {
                    text += "; first recorded \(first.2) on \(first.0.day)"
                    sources.append(first.0.source)
                }
            }
            if let flag = flag(latest.0.resource) { text += " (\(flag))" }
            out.append((s.label, text + ".", sources))
        }
        return out
    }

    /// The value of an Observation as a number (systolic for blood pressure) and as text (`128/82 mm[Hg]`).
    func value(_ o: JSON) -> (value: Double, text: String)? {
        if let q = o["valueQuantity"], let v = q["value"]?.doubleValue, let n = Self.numberText(q["value"]) {
            return (v, n + (q["unit"]?.stringValue.map { " \($0)" } ?? ""))
        }
        let components = o["component"]?.arrayValue ?? []
        func component(_ code: String) -> JSON? { components.first { $0["code"]?["coding"]?[0]?["code"]?.stringValue == code }?["valueQuantity"] }
        if let sys = component("8480-6"), let dia = component("8462-4"), let s = sys["value"]?.doubleValue,
           let st = Self.numberText(sys["value"], places: 0), let dt = Self.numberText(dia["value"], places: 0) {
            return (s, "\(st)/\(dt)" + (sys["unit"]?.stringValue.map { " \($0)" } ?? ""))
        }
        return nil
    }

    /// "high" or "low" against the catalog's usual range for the code, when it has one.
    func flag(_ o: JSON) -> String? {
        guard let code = o["code"]?["coding"]?[0]?["code"]?.stringValue, let entry = terminology.loinc?.lookup(code), let v = o["valueQuantity"]?["value"]?.doubleValue else {
            return nil
        }
        if let high = entry.high, v > high { return "above the usual range" }
        if let low = entry.low, v < low { return "below the usual range" }
        return nil
    }
}
