import Terminology

/// A concept found in text: which concept, the term that matched and where.
public struct ConceptMention: Sendable, Hashable {
    public var concept: Lexicon.Concept
    public var span: Span
    /// Token indexes of the mention.
    public var tokens: Range<Int>
}

/// Finds lexicon concepts in tokens: normalised (lowercase, accents folded, simple plurals reduced),
/// longest match first, non-overlapping. Multi-word terms also match with their words reordered and short
/// function words between them (`pain in my chest` finds `chest pain`). Upper-case abbreviations of up to
/// three letters in the lexicon (`MS`, `PT`) match only upper-case text, so that `ms` and `pt` in speech
/// are not read as diseases.
public struct ConceptMatcher: Sendable {
    struct Entry: Sendable {
        var concept: Int
        var words: [String]
        var caseSensitive: String?
    }

    let concepts: [Lexicon.Concept]
    /// First word → entries starting with it, longest first.
    let byFirst: [String: [Entry]]
    /// Sorted content words (2-4 of them) → entries, for reordered matches.
    let byBag: [String: [Entry]]
    let maxWords: Int

    static let functionWords: Set<String> = ["of", "the", "in", "my", "a", "an", "on", "at", "to", "your", "his", "her", "their", "our", "with", "and", "for", "from", "this", "that", "some", "any"]

    public init(lexicon: Lexicon, kinds: Set<Lexicon.Kind> = Set(Lexicon.Kind.allCases)) {
        var first: [String: [Entry]] = [:], bag: [String: [Entry]] = [:]
        var maxWords = 1
        let tokenizer = Tokenizer()
        let concepts = lexicon.concepts.filter { kinds.contains($0.kind) }
        for (n, c) in concepts.enumerated() {
            var seen = Set<[String]>()
            for term in c.terms {
                let toks = tokenizer.tokens(ScalarText(term)).filter { $0.kind != .punctuation || $0.text == "/" }
                let words = toks.map { Self.stem($0.normalized) }
                guard !words.isEmpty, seen.insert(words).inserted else { continue }
                let abbreviation = term.count <= 3 && term == term.uppercased() && term.contains(where: \.isLetter)
                let e = Entry(concept: n, words: words, caseSensitive: abbreviation ? term : nil)
                first[words[0], default: []].append(e)
                maxWords = max(maxWords, words.count)
                let content = words.filter { !Self.functionWords.contains($0) }
                if (2...4).contains(content.count) && content.count == words.count {
                    bag[content.sorted().joined(separator: " "), default: []].append(e)
                }
            }
        }
        for k in first.keys { first[k]!.sort { $0.words.count > $1.words.count } }
        self.concepts = concepts
        byFirst = first
        byBag = bag
        self.maxWords = maxWords
    }

    /// Plural and possessive endings removed: `pains` → `pain`, `knees` → `knee`, `patient's` → `patient`.
    static func stem(_ w: String) -> String {
        var w = w
        if w.hasSuffix("'s") { w.removeLast(2) }
        guard w.count > 3, w.hasSuffix("s"), !w.hasSuffix("ss"), !w.hasSuffix("us"), !w.hasSuffix("is"), !w.hasSuffix("ys") || w.count > 5 else { return w }
        if w.hasSuffix("ies") && w.count > 4 { return String(w.dropLast(3)) + "y" }
        if w.hasSuffix("ches") || w.hasSuffix("shes") || w.hasSuffix("xes") || w.hasSuffix("sses") { return String(w.dropLast(2)) }
        return String(w.dropLast())
    }

    /// Mentions in `tokens[within]` (default: all), sorted by position.
    public func mentions(in text: ScalarText, tokens: [Token], within: Range<Int>? = nil) -> [ConceptMention] {
        let range = within ?? tokens.indices
        let words = Words(tokens, range, Self.stem)
        var out: [ConceptMention] = []
        var i = range.lowerBound
        while i < range.upperBound {
            if let m = match(at: i, tokens: tokens, words: words, end: range.upperBound) {
                out.append(ConceptMention(concept: concepts[m.entry.concept], span: Span(range: tokens[i].range.lowerBound..<tokens[m.end - 1].range.upperBound,
                                                                                            text: text[tokens[i].range.lowerBound..<tokens[m.end - 1].range.upperBound]),
                                          tokens: i..<m.end))
                i = m.end
            } else {
                i += 1
            }
        }
        return out
    }

    func match(at i: Int, tokens: [Token], words: Words, end: Int) -> (entry: Entry, end: Int)? {
        var best: (entry: Entry, end: Int)?
        for e in byFirst[words[i]] ?? [] {
            let n = e.words.count
            guard i + n <= end, words.matches(e.words, at: i) else { continue }
            if let cs = e.caseSensitive, tokens[i].text != cs { continue }
            if best == nil || i + n > best!.end { best = (e, i + n) }
            break
        }
        // Reordered: a window that starts and ends with content words, at most two function words inside.
        if !Self.functionWords.contains(words[i]) && tokens[i].kind == .word {
            var content: [String] = [words[i]]
            var j = i + 1
            var skipped = 0
            while j < end && content.count < 4 {
                let w = words[j]
                guard tokens[j].kind == .word else { break }
                if Self.functionWords.contains(w) {
                    skipped += 1
                    if skipped > 2 { break }
                } else {
                    content.append(w)
                    if content.count >= 2, let e = byBag[content.sorted().joined(separator: " ")]?.first, e.caseSensitive == nil,
                       best == nil || j + 1 > best!.end {
                        best = (e, j + 1)
                    }
                }
                j += 1
            }
        }
        return best
    }
}
