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
    /// Phrase words → the lexicon key it came from.
    let frequencyKeys: [[String]: String]
    let routeKeys: [[String]: String]
    static let doseUnits: Set<String> = ["mg", "mcg", "g", "gram", "grams", "milligram", "milligrams", "microgram", "micrograms", "ml", "units", "unit", "iu",
                                         "puff", "puffs", "tablet", "tablets", "tab", "tabs", "capsule", "capsules", "cap", "caps", "drop", "drops", "spray",
                                         "sprays", "patch", "meq", "%", "teaspoon", "teaspoons", "tsp", "tablespoon", "pill", "pills", "mgs", "milliliters", "cc"]

    public init(lexicon: Lexicon) {
        self.lexicon = lexicon
        let tokenizer = Tokenizer()
        func phrases(_ keys: some Sequence<String>) -> [[String]: String] {
            var m: [[String]: String] = [:]
            for k in keys {
                let words = tokenizer.tokens(ScalarText(k)).map(\.normalized)
                if !words.isEmpty { m[words] = k }
            }
            return m
        }
        frequencyKeys = phrases(lexicon.frequencies.keys)
        routeKeys = phrases(lexicon.routes.keys)
        frequencies = frequencyKeys.keys.sorted { $0.count > $1.count }
        routes = routeKeys.keys.sorted { $0.count > $1.count }
    }

    public func medications(in text: ScalarText, tokens: [Token], mentions: [ConceptMention], sentenceEnd: (Int) -> Int) -> [MedicationMention] {
        let times = TimeExpressionParser()
        return mentions.filter { $0.concept.kind == .medication }.map { m in
            let end = min(sentenceEnd(m.tokens.upperBound), m.tokens.upperBound + 12)
            let words = Words(tokens, m.tokens.upperBound..<max(end, m.tokens.upperBound))
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
                if med.frequency == nil, let f = frequencies.first(where: { i + $0.count <= end && words.matches($0, at: i) }) {
                    med.frequency = text[tokens[i].range.lowerBound..<tokens[i + f.count - 1].range.upperBound]
                    med.perDay = frequencyKeys[f].flatMap { lexicon.frequencies[$0] } ?? nil
                    i += f.count
                    last = i
                    continue
                }
                if med.route == nil, let r = routes.first(where: { i + $0.count <= end && words.matches($0, at: i) }) {
                    med.route = routeKeys[r].flatMap { lexicon.routes[$0] }
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
