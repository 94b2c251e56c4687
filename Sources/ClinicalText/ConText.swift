/// The assertion status of a concept mention, as ConText defines it.
public struct Assertion: Sendable, Hashable {
    public var negated = false
    public var uncertain = false
    public var historical = false
    public var hypothetical = false
    /// Whose condition it is.
    public var experiencer: Experiencer = .patient
    /// The sentence is a question (a clinician asking is not the patient affirming).
    public var question = false
    /// The trigger phrases that set each attribute, for explanations.
    public var triggers: [String] = []

    public enum Experiencer: String, Sendable, Hashable {
        case patient, family, other
    }

    public init() {}

    /// True when the patient is stated to have it now: not negated, uncertain, historical, hypothetical, nor someone else's.
    public var isAffirmedPresent: Bool { !negated && !uncertain && !historical && !hypothetical && experiencer == .patient && !question }
}

/// ConText (Harkema et al.) with Evident's own rule set: trigger phrases that negate, make uncertain,
/// historical or hypothetical, or move a concept to a family member or someone else; each acts forward
/// or backward over a window of tokens in the same sentence, stopped by terminators (`but`, `however`,
/// `except`, affirming verbs such as `has` or `reports`, and `;`). Pseudo-triggers (`no increase`,
/// `not only`, `gram negative`) are recognised first so that they trigger nothing.
public struct ConText: Sendable {
    public enum Category: String, Sendable, Hashable {
        case negated, uncertain, historical, hypothetical, family, other, pseudo, terminate
        /// Ends the scope of negated, uncertain and historical triggers only (affirming verbs: `has`, `reports`),
        /// not of family or hypothetical ones (`her sister has diabetes`, `if she has chest pain`).
        case terminateAssertion
    }

    public enum Direction: Sendable, Hashable {
        case forward, backward, both
    }

    public struct Rule: Sendable, Hashable {
        public var phrase: [String]
        public var category: Category
        public var direction: Direction
        /// Tokens the scope reaches.
        public var window: Int

        public init(_ phrase: String, _ category: Category, _ direction: Direction = .forward, window: Int? = nil) {
            self.phrase = phrase.split(separator: " ").map(String.init)
            self.category = category
            self.direction = direction
            self.window = window ?? (direction == .backward ? 4 : 8)
        }
    }

    public let rules: [Rule]
    let byFirst: [String: [Rule]]

    public init(rules: [Rule] = ConText.defaultRules) {
        self.rules = rules
        var m: [String: [Rule]] = [:]
        for r in rules { m[r.phrase[0], default: []].append(r) }
        for k in m.keys { m[k]!.sort { $0.phrase.count > $1.phrase.count } }
        byFirst = m
    }

    /// A trigger found in a sentence.
    struct Trigger {
        var rule: Rule
        var tokens: Range<Int>
    }

    /// Assertions for `mentions` (token ranges) inside the sentence `sentence` of `tokens`.
    public func assert(_ mentions: [Range<Int>], sentence: Range<Int>, tokens: [Token]) -> [Assertion] {
        let words = Words(tokens, sentence) { $0.replacingApostrophe }
        var triggers: [Trigger] = []
        var i = sentence.lowerBound
        while i < sentence.upperBound {
            // A bare answer at the end of a sentence ("diarrhea no", "drug use: never") negates backward.
            if ["no", "nope", "never", "none", "negative"].contains(words[i]), tokens[(i + 1)..<sentence.upperBound].allSatisfy({ $0.kind == .punctuation }) {
                triggers.append(Trigger(rule: Rule(words[i], .negated, .backward, window: 5), tokens: i..<(i + 1)))
                i += 1
                continue
            }
            var matched: Trigger?
            for r in byFirst[words[i]] ?? [] {
                let n = r.phrase.count
                if i + n <= sentence.upperBound && words.matches(r.phrase, at: i) {
                    matched = Trigger(rule: r, tokens: i..<(i + n))
                    break
                }
            }
            if let m = matched {
                triggers.append(m)
                i = m.tokens.upperBound
            } else {
                if tokens[i].text == ";" { triggers.append(Trigger(rule: Rule(";", .terminate), tokens: i..<(i + 1))) }
                if Self.isPastYear(tokens, i) { triggers.append(Trigger(rule: Rule("<year>", .historical, .both, window: 6), tokens: i..<(i + 1))) }
                i += 1
            }
        }
        let isQuestion = SentenceSplitter.isQuestion(tokens[sentence])
        return mentions.map { m in
            var a = Assertion()
            a.question = isQuestion
            for t in triggers where ![.pseudo, .terminate, .terminateAssertion].contains(t.rule.category) {
                guard !t.tokens.overlaps(m) else { continue }
                if inScope(t, m, triggers: triggers, tokens: tokens) {
                    switch t.rule.category {
                    case .negated: a.negated = true
                    case .uncertain: a.uncertain = true
                    case .historical: a.historical = true
                    case .hypothetical: a.hypothetical = true
                    case .family: a.experiencer = .family
                    case .other: if a.experiencer == .patient { a.experiencer = .other }
                    case .pseudo, .terminate, .terminateAssertion: break
                    }
                    a.triggers.append("\(t.rule.category.rawValue): \(t.rule.phrase.joined(separator: " "))")
                }
            }
            // A denied past event is negated, not historical ("never had a colonoscopy").
            if a.negated { a.historical = false }
            return a
        }
    }

    func terminates(_ terminator: Trigger, _ t: Trigger) -> Bool {
        switch terminator.rule.category {
        case .terminate: return true
        case .terminateAssertion: return [.negated, .uncertain, .historical].contains(t.rule.category)
        default: return false
        }
    }

    func inScope(_ t: Trigger, _ m: Range<Int>, triggers: [Trigger], tokens: [Token]) -> Bool {
        let forward = t.tokens.upperBound <= m.lowerBound
        if forward {
            guard t.rule.direction != .backward else { return false }
            let distance = wordsBetween(t.tokens.upperBound, m.lowerBound, tokens)
            // A comma-separated list ("denies fevers, chills, nausea, vomiting, or diarrhea") carries the scope further.
            let list = tokens[t.tokens.upperBound..<m.lowerBound].contains { $0.text == "," }
            guard distance <= (list ? max(t.rule.window, 20) : t.rule.window) else { return false }
            return !triggers.contains { terminates($0, t) && $0.tokens.lowerBound >= t.tokens.upperBound && $0.tokens.upperBound <= m.lowerBound }
        } else {
            guard t.rule.direction != .forward, m.upperBound <= t.tokens.lowerBound else { return false }
            let distance = wordsBetween(m.upperBound, t.tokens.lowerBound, tokens)
            guard distance <= t.rule.window else { return false }
            return !triggers.contains { terminates($0, t) && $0.tokens.lowerBound >= m.upperBound && $0.tokens.upperBound <= t.tokens.lowerBound }
        }
    }

    /// True when the sentence after a question answers it in the negative (`any chest pain ? no`, `nope , i do
    /// n't`): the question's concepts are then negated.
    public static func answersNo(_ tokens: ArraySlice<Token>) -> Bool {
        let words = tokens.filter { $0.kind != .punctuation }.prefix(3).map(\.normalized)
        guard let first = words.first else { return false }
        if ["no", "nope", "nah", "never", "none", "negative", "denies"].contains(first) { return words.count < 2 || !["i", "i've", "i'm", "just", "mostly", "but", "actually"].contains(words[1]) || words.count == 1 }
        return [["not", "really"], ["i", "do", "n't"], ["i", "don't"], ["i", "have", "not"], ["i", "have", "n't"], ["i", "haven't"], ["i", "did", "n't"],
                ["i", "didn't"]].contains { words.starts(with: $0) }
    }

    /// A year such as `2009` or a month/year such as `11/2021`, after `in`, `since` or `from`: a past date.
    static func isPastYear(_ tokens: [Token], _ i: Int) -> Bool {
        guard tokens[i].kind == .number, tokens[i].text.count == 4, let y = Int(tokens[i].text), (1940...2024).contains(y), i > 0 else { return false }
        var j = i - 1
        if tokens[j].text == "/", j > 0 { j -= 2 }
        guard j >= 0 else { return false }
        return ["in", "since", "from", "of", "around", "back"].contains(tokens[j].normalized)
    }

    /// Words between two token positions (punctuation such as list commas does not count).
    func wordsBetween(_ a: Int, _ b: Int, _ tokens: [Token]) -> Int {
        guard a < b else { return 0 }
        return tokens[a..<b].filter { $0.kind != .punctuation }.count
    }
}

extension String {
    var replacingApostrophe: String { String(map { $0 == "\u{2019}" ? "'" : $0 }) }
}
