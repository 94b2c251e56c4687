/// Scores ConText against labelled mentions: for each item, the gold concept span is given, ConText assigns
/// the attributes, and precision / recall / F1 are counted per attribute.
public struct ContextEvaluation: Sendable {
    /// One labelled mention (see `Tests/ClinicalTextTests/Resources/context-labelled.README.md`).
    public struct Item: Sendable, Hashable {
        public var id: String
        public var kind: String
        public var text: String
        public var start: Int
        public var end: Int
        public var negated: Bool
        public var uncertain: Bool
        public var historical: Bool
        public var hypothetical: Bool
        public var experiencer: String

        public init(id: String, kind: String, text: String, start: Int, end: Int, negated: Bool, uncertain: Bool, historical: Bool,
                    hypothetical: Bool, experiencer: String) {
            self.id = id
            self.kind = kind
            self.text = text
            self.start = start
            self.end = end
            self.negated = negated
            self.uncertain = uncertain
            self.historical = historical
            self.hypothetical = hypothetical
            self.experiencer = experiencer
        }
    }

    /// Counts for one attribute.
    public struct Score: Sendable, Hashable {
        public var truePositives = 0
        public var falsePositives = 0
        public var falseNegatives = 0
        public var trueNegatives = 0

        public var precision: Double { truePositives + falsePositives == 0 ? 1 : Double(truePositives) / Double(truePositives + falsePositives) }
        public var recall: Double { truePositives + falseNegatives == 0 ? 1 : Double(truePositives) / Double(truePositives + falseNegatives) }
        public var f1: Double { precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall) }

        mutating func add(predicted: Bool, gold: Bool) {
            switch (predicted, gold) {
            case (true, true): truePositives += 1
            case (true, false): falsePositives += 1
            case (false, true): falseNegatives += 1
            case (false, false): trueNegatives += 1
            }
        }
    }

    /// Scores by attribute (`negated`, `uncertain`, `historical`, `hypothetical`, `family`), and the items
    /// whose prediction differs from the gold label, with what was predicted.
    public struct Report: Sendable {
        public var scores: [String: Score]
        public var errors: [(item: Item, predicted: Assertion)]
        public var count: Int

        /// A fixed-width table of precision, recall and F1.
        public var table: String {
            var lines = ["attribute      gold  pred    TP    FP    FN  precision  recall     F1"]
            for name in ["negated", "uncertain", "historical", "hypothetical", "family"] {
                let s = scores[name]!
                lines.append(name.padding(13) + String(s.truePositives + s.falseNegatives).leftPad(6) + String(s.truePositives + s.falsePositives).leftPad(6)
                             + String(s.truePositives).leftPad(6) + String(s.falsePositives).leftPad(6) + String(s.falseNegatives).leftPad(6)
                             + format(s.precision).leftPad(11) + format(s.recall).leftPad(8) + format(s.f1).leftPad(7))
            }
            return lines.joined(separator: "\n")
        }

        func format(_ x: Double) -> String {
            let r = (x * 1000).rounded() / 1000
            var s = String(r)
            while s.count < 5 { s += "0" }
            return s
        }
    }

    public let context: ConText

    public init(context: ConText = ConText()) { self.context = context }

    /// The assertion ConText gives the gold span of `item`.
    public func predict(_ item: Item) -> Assertion {
        let text = ScalarText(item.text)
        let tokens = Tokenizer().tokens(text)
        let sentences = SentenceSplitter().sentences(text, tokens)
        guard let first = tokens.firstIndex(where: { $0.range.upperBound > item.start }),
              let last = tokens.lastIndex(where: { $0.range.lowerBound < item.end }), first <= last,
              let sentence = sentences.first(where: { $0.tokens.contains(first) }) else { return Assertion() }
        let mention = first..<(last + 1)
        var a = context.assert([mention], sentence: sentence.tokens.lowerBound..<max(sentence.tokens.upperBound, mention.upperBound), tokens: tokens)[0]
        if a.question, let next = sentences.first(where: { $0.tokens.lowerBound >= sentence.tokens.upperBound }), ConText.answersNo(tokens[next.tokens]) {
            a.negated = true
            a.uncertain = false
        }
        return a
    }

    public func evaluate(_ items: [Item]) -> Report {
        var scores = Dictionary(uniqueKeysWithValues: ["negated", "uncertain", "historical", "hypothetical", "family"].map { ($0, Score()) })
        var errors: [(item: Item, predicted: Assertion)] = []
        for item in items {
            let p = predict(item)
            scores["negated"]!.add(predicted: p.negated, gold: item.negated)
            scores["uncertain"]!.add(predicted: p.uncertain, gold: item.uncertain)
            scores["historical"]!.add(predicted: p.historical, gold: item.historical)
            scores["hypothetical"]!.add(predicted: p.hypothetical, gold: item.hypothetical)
            scores["family"]!.add(predicted: p.experiencer == .family, gold: item.experiencer == "family")
            if p.negated != item.negated || p.uncertain != item.uncertain || p.historical != item.historical || p.hypothetical != item.hypothetical
                || (p.experiencer == .family) != (item.experiencer == "family") {
                errors.append((item, p))
            }
        }
        return Report(scores: scores, errors: errors, count: items.count)
    }
}

extension String {
    func padding(_ n: Int) -> String { count >= n ? self : self + String(repeating: " ", count: n - count) }
    func leftPad(_ n: Int) -> String { count >= n ? self : String(repeating: " ", count: n - count) + self }
}
