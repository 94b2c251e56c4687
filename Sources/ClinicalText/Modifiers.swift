/// Laterality and severity stated next to a concept.
public struct ConceptModifiers: Sendable, Hashable {
    public enum Laterality: String, Sendable, Hashable {
        case left, right, bilateral
    }

    public enum Severity: String, Sendable, Hashable {
        case mild, moderate, severe
    }

    public var laterality: Laterality?
    public var severity: Severity?
    /// A 0-10 pain score stated with it (`7/10`, `seven out of ten`).
    public var score: Double?
}

/// Reads laterality (`left`, `right`, `bilateral`, `both`) and severity (`mild`, `moderate`, `severe`,
/// `N/10`) within a few tokens before or after a concept mention.
public struct ModifierParser: Sendable {
    public var window = 4

    public init() {}

    static let laterality: [String: ConceptModifiers.Laterality] = [
        "left": .left, "lt": .left, "l": .left, "right": .right, "rt": .right, "r": .right, "bilateral": .bilateral, "bilaterally": .bilateral, "both": .bilateral,
    ]
    static let severity: [String: ConceptModifiers.Severity] = [
        "mild": .mild, "slight": .mild, "minor": .mild, "little": .mild, "mildly": .mild, "moderate": .moderate, "moderately": .moderate,
        "severe": .severe, "severely": .severe, "bad": .severe, "terrible": .severe, "excruciating": .severe, "significant": .moderate, "worst": .severe,
    ]

    public func modifiers(for mention: Range<Int>, tokens: [Token], sentence: Range<Int>) -> ConceptModifiers {
        var m = ConceptModifiers()
        let before = max(sentence.lowerBound, mention.lowerBound - window)..<mention.lowerBound
        let after = mention.upperBound..<min(sentence.upperBound, mention.upperBound + window)
        for i in Array(before.reversed()) + Array(after) {
            let w = tokens[i].normalized
            if m.laterality == nil, let l = Self.laterality[w], w.count > 1 || tokens[i].text == tokens[i].text.uppercased() {
                // "both" means bilateral only with sides, legs, knees...: next token is the site.
                if w != "both" || i + 1 < tokens.count && (mention.contains(i + 1) || tokens[i + 1].normalized == "sides") { m.laterality = l }
            }
            if m.severity == nil, let s = Self.severity[w] { m.severity = s }
            if m.score == nil, tokens[i].kind == .number, i + 2 < tokens.count, tokens[i + 1].text == "/", ["10"].contains(tokens[i + 2].text),
               let v = Double(tokens[i].text), v <= 10 {
                m.score = v
            }
        }
        return m
    }
}
