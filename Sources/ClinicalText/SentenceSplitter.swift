/// A sentence: its code-point range and the indexes of its tokens.
public struct Sentence: Sendable, Hashable {
    public var range: Range<Int>
    public var tokens: Range<Int>
}

/// Splits tokens into sentences, for notes and for spoken transcripts alike.
///
/// - `.` `?` `!` end a sentence unless the `.` ends an abbreviation (`Dr.`, `e.g.`, `mg.`, `vs.`) or a
///   lowercase word follows it without a line break;
/// - a line break ends a sentence unless the line ended with `,` `-` `(` or a conjunction and the next
///   line starts in lowercase (wrapped prose); headings and bullet lines are sentences of their own;
/// - unpunctuated speech (ASR) is cut before a discourse marker (`okay`, `so`, `alright`, `now`, `and
///   then`) once a run passes ``maxUnpunctuatedTokens`` tokens.
public struct SentenceSplitter: Sendable {
    public var maxUnpunctuatedTokens = 24

    public init() {}

    static let abbreviations: Set<String> = [
        "dr", "mr", "mrs", "ms", "st", "vs", "etc", "e.g", "i.e", "approx", "mg", "mcg", "ml", "pt", "pts", "hx", "dx", "tx", "rx",
        "b.i.d", "t.i.d", "q.i.d", "p.o", "q.d", "a.m", "p.m", "fig", "jr", "sr", "inc", "dept", "sig", "cc", "wk", "wks", "yr", "yrs", "min",
    ]
    static let markers: Set<String> = ["okay", "ok", "so", "alright", "now", "um", "well"]
    static let joiners: Set<String> = ["and", "or", "but", "with", "of", "to", "the", "a", "in", "for"]

    /// Sentences of `tokens` (from ``Tokenizer``) over `text`.
    public func sentences(_ text: ScalarText, _ tokens: [Token]) -> [Sentence] {
        guard !tokens.isEmpty else { return [] }
        var out: [Sentence] = []
        var start = 0
        func close(_ end: Int) {
            guard end > start else { return }
            out.append(Sentence(range: tokens[start].range.lowerBound..<tokens[end - 1].range.upperBound, tokens: start..<end))
            start = end
        }
        var sincePunct = 0
        for i in tokens.indices {
            let t = tokens[i]
            if i > start && t.startsLine {
                let prev = tokens[i - 1]
                let wrapped = [",", "-", "("].contains(prev.text) || Self.joiners.contains(prev.normalized)
                let lowerNext = t.text.first.map { $0.isLowercase } ?? false
                if !(wrapped && lowerNext) || Self.isBullet(t) { close(i) }
                sincePunct = 0
            }
            if i > start, sincePunct >= maxUnpunctuatedTokens, t.kind == .word, Self.markers.contains(t.normalized) {
                close(i)
                sincePunct = 0
            }
            if t.kind == .punctuation && [".", "?", "!"].contains(t.text) {
                let prev = i > 0 ? tokens[i - 1] : nil
                let next = i + 1 < tokens.count ? tokens[i + 1] : nil
                // An abbreviation (`Dr.`, `mg.`) or a single letter (`e.g.`, `J. Smith`) right before the period.
                let abbreviation = t.text == "." && prev.map { p in
                    p.range.upperBound == t.range.lowerBound && (Self.abbreviations.contains(p.normalized) || (p.kind == .word && p.text.count == 1))
                } == true
                let continues = next.map { n in !n.startsLine && n.kind == .word && (n.text.first?.isLowercase ?? false) && t.text == "." && abbreviation } ?? false
                let decimalLike = next.map { $0.kind == .punctuation && [".", "?", "!", "\"", ")"].contains($0.text) } ?? false
                if !abbreviation && !continues && !decimalLike {
                    close(i + 1)
                    sincePunct = 0
                    continue
                }
            }
            sincePunct = t.text == "," ? 0 : sincePunct + 1
        }
        close(tokens.count)
        return out
    }

    static func isBullet(_ t: Token) -> Bool { ["•", "-", "*", "·"].contains(t.text) }
}
