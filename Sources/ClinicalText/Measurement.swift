/// A measured value found in text: a vital sign or a lab result, with its LOINC code when known.
public struct Measurement: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable {
        case bloodPressure = "blood-pressure", heartRate = "heart-rate", respiratoryRate = "respiratory-rate", temperature
        case oxygenSaturation = "oxygen-saturation", weight, height, bmi, pain, lab
    }

    public var kind: Kind
    /// LOINC code (`8480-6` for systolic BP is reported with `value`, `8462-4` diastolic with `value2`).
    public var loinc: String?
    /// The name as written (`BP`, `A1c`).
    public var name: String
    public var value: Double
    /// Diastolic pressure for blood pressure.
    public var value2: Double?
    /// UCUM unit.
    public var unit: String
    public var span: Span
}

/// Finds vital signs (`BP 140/90`, `blood pressure is 120 over 80`, `heart rate 72`, `temp 98.6`, `O2 sat
/// 97%`, `BMI 31`, `weighs 180 pounds`, `pain 7/10`) and lab values (a lab name from the LOINC table's
/// synonyms followed by a number: `A1c 7.2`, `LDL was 130`).
public struct MeasurementParser: Sendable {
    /// Lab names (lowercased word sequences) → (LOINC code, unit).
    let labs: [[String]: (code: String, unit: String)]
    let labsByFirst: [String: [[String]]]

    public init(labNames: [(names: [String], code: String, unit: String)] = []) {
        var m: [[String]: (code: String, unit: String)] = [:]
        var byFirst: [String: [[String]]] = [:]
        let tokenizer = Tokenizer()
        for lab in labNames {
            for name in lab.names where name.count >= 3 {
                let words = tokenizer.tokens(ScalarText(name)).map(\.normalized)
                guard !words.isEmpty, m[words] == nil else { continue }
                m[words] = (lab.code, lab.unit)
                byFirst[words[0], default: []].append(words)
            }
        }
        for k in byFirst.keys { byFirst[k]!.sort { $0.count > $1.count } }
        labs = m
        labsByFirst = byFirst
    }

    struct Vital {
        var kind: Measurement.Kind
        var loinc: String
        var names: [[String]]
        var range: ClosedRange<Double>
        var unit: String
    }

    static let vitals: [Vital] = [
        Vital(kind: .heartRate, loinc: "8867-4", names: [["heart", "rate"], ["pulse"], ["hr"], ["pulse", "rate"]], range: 25...250, unit: "/min"),
        Vital(kind: .respiratoryRate, loinc: "9279-1", names: [["respiratory", "rate"], ["respirations"], ["rr"], ["resp"], ["respiration", "rate"]], range: 4...70, unit: "/min"),
        Vital(kind: .temperature, loinc: "8310-5", names: [["temperature"], ["temp"]], range: 30...110, unit: "[degF]"),
        Vital(kind: .oxygenSaturation, loinc: "59408-5", names: [["oxygen", "saturation"], ["o2", "sat"], ["o2", "sats"], ["spo2"], ["sat"], ["sats"], ["pulse", "ox"],
                                                                   ["pulse", "oximetry"], ["saturation"], ["saturating"], ["o2", "saturation"]], range: 50...100, unit: "%"),
        Vital(kind: .weight, loinc: "29463-7", names: [["weight"], ["weighs"], ["weighing"], ["wt"]], range: 1...700, unit: "[lb_av]"),
        Vital(kind: .height, loinc: "8302-2", names: [["height"], ["ht"]], range: 20...250, unit: "cm"),
        Vital(kind: .bmi, loinc: "39156-5", names: [["bmi"], ["body", "mass", "index"]], range: 10...90, unit: "kg/m2"),
        Vital(kind: .pain, loinc: "72514-3", names: [["pain"], ["pain", "score"], ["pain", "level"]], range: 0...10, unit: "{score}"),
    ]
    static let bpNames: [[String]] = [["blood", "pressure"], ["bp"], ["blood", "pressures"]]
    static let skippable: Set<String> = ["is", "was", "of", "at", "were", "are", "been", "has", "today", "today's", "about", "around", "a", "the", "reading", "level",
                                         "measured", "came", "back", "it's", "its", ":", "=", "-", "to", "showed", "shows", "approximately", "currently", "now", "on", "room", "air"]

    public func measurements(in text: ScalarText, tokens: [Token], within: Range<Int>? = nil) -> [Measurement] {
        let range = within ?? tokens.indices
        let words = Words(tokens, range)
        var out: [Measurement] = []
        func span(_ a: Int, _ b: Int) -> Span {
            let r = tokens[a].range.lowerBound..<tokens[b - 1].range.upperBound
            return Span(range: r, text: text[r])
        }
        func matches(_ name: [String], at i: Int) -> Bool {
            i + name.count <= range.upperBound && words.matches(name, at: i)
        }
        /// The first number after `j`, skipping linking words; returns (value, index after it).
        func number(after j: Int) -> (Double, Int)? {
            var k = j
            var skipped = 0
            while k < range.upperBound && skipped <= 4 {
                if let (v, used) = NumberWords.value(tokens, at: k, end: range.upperBound),
                   tokens[k].kind == .number || !["a", "an", "once", "twice", "single", "half", "couple", "few"].contains(words[k]) {
                    return (v, k + used)
                }
                guard Self.skippable.contains(words[k]) else { return nil }
                k += 1
                skipped += 1
            }
            return nil
        }
        var i = range.lowerBound
        while i < range.upperBound {
            // Blood pressure: "BP 140/90", "blood pressure was 120 over 80", or a bare 140/90 with a plausible range.
            if let name = Self.bpNames.first(where: { matches($0, at: i) }), let (sys, k) = number(after: i + name.count),
               k + 1 < range.upperBound, tokens[k].text == "/" || words[k] == "over", let (dia, used) = NumberWords.value(tokens, at: k + 1, end: range.upperBound) {
                out.append(Measurement(kind: .bloodPressure, loinc: "85354-9", name: text[tokens[i].range.lowerBound..<tokens[i + name.count - 1].range.upperBound],
                                       value: sys, value2: dia, unit: "mm[Hg]", span: span(i, k + 1 + used)))
                i = k + 1 + used
                continue
            }
            if tokens[i].kind == .number, i + 2 < range.upperBound, tokens[i + 1].text == "/", tokens[i + 2].kind == .number,
               tokens[i + 1].range.lowerBound == tokens[i].range.upperBound, let s = Double(tokens[i].text), let d = Double(tokens[i + 2].text),
               (70...260).contains(s), (30...160).contains(d), s > d {
                out.append(Measurement(kind: .bloodPressure, loinc: "85354-9", name: "", value: s, value2: d, unit: "mm[Hg]", span: span(i, i + 3)))
                i += 3
                continue
            }
            var found = false
            for v in Self.vitals {
                guard let name = v.names.first(where: { matches($0, at: i) }), let (value, k) = number(after: i + name.count), v.range.contains(value) else { continue }
                var end = k
                var unit = v.unit
                let stored = value
                if v.kind == .pain {
                    guard end + 1 < range.upperBound, tokens[end].text == "/" || (words[end] == "out" && end + 2 < range.upperBound && words[end + 1] == "of") else { continue }
                    end += tokens[end].text == "/" ? 2 : 3
                }
                if end < range.upperBound {
                    let u = words[end]
                    switch (v.kind, u) {
                    case (.temperature, "c"), (.temperature, "celsius"): unit = "Cel"; end += 1
                    case (.temperature, "f"), (.temperature, "fahrenheit"), (.temperature, "degrees"): end += 1
                    case (.weight, "kg"), (.weight, "kilograms"), (.weight, "kilos"): unit = "kg"; end += 1
                    case (.weight, "lbs"), (.weight, "pounds"), (.weight, "lb"): end += 1
                    case (.height, "in"), (.height, "inches"): unit = "[in_i]"; end += 1
                    case (.height, "cm"), (.height, "centimeters"): end += 1
                    case (.oxygenSaturation, "%"), (.oxygenSaturation, "percent"): end += 1
                    case (.heartRate, "bpm"): end += 1
                    default: break
                    }
                }
                if v.kind == .temperature && stored < 45 { unit = "Cel" }
                if v.kind == .height && unit == "cm" && stored < 90 { unit = "[in_i]" }
                out.append(Measurement(kind: v.kind, loinc: v.loinc, name: text[tokens[i].range.lowerBound..<tokens[i + name.count - 1].range.upperBound],
                                       value: stored, value2: nil, unit: unit, span: span(i, end)))
                i = end
                found = true
                break
            }
            if found { continue }
            if let name = labsByFirst[words[i]]?.first(where: { matches($0, at: i) }), let lab = labs[name], let (value, k) = number(after: i + name.count) {
                var end = k
                if end < range.upperBound, ["%", "percent", "mg/dl", "mg", "mmol/l", "ng/ml", "ml/min"].contains(words[end]) { end += 1 }
                out.append(Measurement(kind: .lab, loinc: lab.code, name: text[tokens[i].range.lowerBound..<tokens[i + name.count - 1].range.upperBound],
                                       value: value, value2: nil, unit: lab.unit, span: span(i, end)))
                i = end
                continue
            }
            i += 1
        }
        return out
    }
}
