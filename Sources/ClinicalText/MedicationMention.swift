import Terminology

/// A medication mention with the sig details written next to it.
public struct MedicationMention: Sendable, Hashable {
    public var concept: Lexicon.Concept
    public var span: Span
    /// The dose value and unit (`10` `mg`, `2` `puffs`, `500` `units`).
    public var doseValue: Double?
    public var doseUnit: String?
    public var route: String?
    public var form: String?
    /// Doses per day when stated (nil for as needed or unknown).
    public var perDay: Double?
    /// The frequency as written (`twice a day`, `prn`).
    public var frequency: String?
    public var duration: TimeExpression?
    /// The whole mention including its sig.
    public var fullSpan: Span

    public static func == (a: MedicationMention, b: MedicationMention) -> Bool { a.concept.id == b.concept.id && a.fullSpan == b.fullSpan }
    public func hash(into h: inout Hasher) { h.combine(concept.id); h.combine(fullSpan) }
}

/// Reads the sig after each medication concept: dose (`10 mg`, `two puffs`), route (`by mouth`), dose form,
/// frequency (`bid`, `twice a day`, `every 6 hours as needed`) and duration (`for 10 days`), within the next
/// few tokens of the same sentence.
public struct MedicationParser: Sendable {
    let lexicon: Lexicon
    let frequencies: [[String]]
    let routes: [[String]]
    static let doseUnits: Set<String> = ["mg", "mcg", "g", "gram", "grams", "milligram", "milligrams", "microgram", "micrograms", "ml", "units", "unit", "iu",
                                         "puff", "puffs", "tablet", "tablets", "tab", "tabs", "capsule", "capsules", "cap", "caps", "drop", "drops", "spray",
                                         "sprays", "patch", "meq", "%", "teaspoon", "teaspoons", "tsp", "tablespoon", "pill", "pills", "mgs", "milliliters", "cc"]

    public init(lexicon: Lexicon) {
        self.lexicon = lexicon
        let tokenizer = Tokenizer()
        func phrases(_ keys: some Sequence<String>) -> [[String]] {
            keys.map { tokenizer.tokens(ScalarText($0)).map(\.normalized) }.filter { !$0.isEmpty }.sorted { $0.count > $1.count }
        }
        frequencies = phrases(lexicon.frequencies.keys)
        routes = phrases(lexicon.routes.keys)
    }

    public func medications(in text: ScalarText, tokens: [Token], mentions: [ConceptMention], sentenceEnd: (Int) -> Int) -> [MedicationMention] {
        let words = tokens.map(\.normalized)
        let times = TimeExpressionParser()
        return mentions.filter { $0.concept.kind == .medication }.map { m in
            let end = min(sentenceEnd(m.tokens.upperBound), m.tokens.upperBound + 12)
            var med = MedicationMention(concept: m.concept, span: m.span, fullSpan: m.span)
            var last = m.tokens.upperBound
            var i = m.tokens.upperBound
            while i < end {
                if med.doseValue == nil, let (v, used) = NumberWords.value(tokens, at: i, end: end), i + used < end, Self.doseUnits.contains(words[i + used]) {
                    med.doseValue = v
                    med.doseUnit = words[i + used]
                    i += used + 1
                    last = i
                    continue
                }
                if med.frequency == nil, let f = frequencies.first(where: { i + $0.count <= end && Array(words[i..<(i + $0.count)]) == $0 }) {
                    let key = f.joined(separator: " ")
                    med.frequency = text[tokens[i].range.lowerBound..<tokens[i + f.count - 1].range.upperBound]
                    med.perDay = lexicon.frequencies[key] ?? lexicon.frequencies.first { Tokenizer().tokens(ScalarText($0.key)).map(\.normalized) == f }?.value ?? nil
                    i += f.count
                    last = i
                    continue
                }
                if med.route == nil, let r = routes.first(where: { i + $0.count <= end && Array(words[i..<(i + $0.count)]) == $0 }) {
                    med.route = lexicon.routes[r.joined(separator: " ")] ?? lexicon.routes.first { Tokenizer().tokens(ScalarText($0.key)).map(\.normalized) == r }?.value
                    i += r.count
                    last = i
                    continue
                }
                if med.form == nil, let form = lexicon.doseForms[words[i]] {
                    med.form = form
                    i += 1
                    last = i
                    continue
                }
                if med.duration == nil, let d = times.expressions(in: text, tokens: tokens, within: i..<end).first(where: { $0.kind == .duration && $0.span.start == tokens[i].range.lowerBound }) {
                    med.duration = d
                    while i < end && tokens[i].range.upperBound <= d.span.end { i += 1 }
                    last = i
                    continue
                }
                // Stop at the next medication.
                if mentions.contains(where: { $0.tokens.lowerBound == i && $0.concept.kind == .medication }) { break }
                i += 1
            }
            let r = m.span.start..<tokens[max(last, m.tokens.upperBound) - 1].range.upperBound
            med.fullSpan = Span(range: r, text: text[r])
            return med
        }
    }
}
