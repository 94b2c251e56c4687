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
///   then`) once a run passes ``maxUnpunctuatedTokens`` tokens; a line with no sentence punctuation at all
///   (a speech recogniser's turn, at most one mark in 30 tokens) is also cut before a discourse marker or a question opener (`do you`,
///   `how long`) once ``minSpokenTokens`` tokens have run, before the speaker's next statement (`i'm also`, `we will`) once
///   twice that have run, and before "but" or "and then/he/it …" once three times that have run; it is also cut where a new
///   subject and its verb follow a word that can end a clause (`no redness | there's no swelling | i can appreciate`,
///   ``minClauseTokens`` apart), except for the main clause after an opening `when …`/`if …`.
public struct SentenceSplitter: Sendable {
    public var maxUnpunctuatedTokens = 24
    /// The shortest sentence cut from an unpunctuated line.
    public var minSpokenTokens = 6
    /// Tokens a sentence of speech runs before "and" with a new subject and verb starts a sentence of its own.
    public var longClauseTokens = 10
    /// The shortest clause cut from an unpunctuated line at a new subject and verb (`there's no swelling`).
    public var minClauseTokens = 3

    public init() {}

    static let abbreviations: Set<String> = [
        "dr", "mr", "mrs", "ms", "st", "vs", "etc", "e.g", "i.e", "approx", "mg", "mcg", "ml", "pt", "pts", "hx", "dx", "tx", "rx",
        "b.i.d", "t.i.d", "q.i.d", "p.o", "q.d", "a.m", "p.m", "fig", "jr", "sr", "inc", "dept", "sig", "cc", "wk", "wks", "yr", "yrs", "min",
    ]
    static let markers: Set<String> = ["okay", "ok", "so", "alright", "now", "um", "well"]
    static let joiners: Set<String> = ["and", "or", "but", "with", "of", "to", "the", "a", "in", "for"]

    /// Sentences of `tokens` (from ``Tokenizer``) over `text`.
    ///
    /// `speech` (a transcript's turn): run-on clauses are cut at a new subject and verb even where the line is
    /// punctuated ("Her vital signs look good | she does have a low-grade fever.").
    public func sentences(_ text: ScalarText, _ tokens: [Token], speech: Bool = false) -> [Sentence] {
        guard !tokens.isEmpty else { return [] }
        var out: [Sentence] = []
        var start = 0
        func close(_ end: Int) {
            guard end > start else { return }
            out.append(Sentence(range: tokens[start].range.lowerBound..<tokens[end - 1].range.upperBound, tokens: start..<end))
            start = end
        }
        // Lines without sentence punctuation: the recogniser's turns.
        var spoken = [Bool](repeating: false, count: tokens.count)
        var lineStart = 0
        for i in 0...tokens.count where i == tokens.count || (i > lineStart && tokens[i].startsLine) {
            // A stray period (`q.6 h.`) does not make a long turn punctuated.
            let marks = tokens[lineStart..<i].filter { $0.kind == .punctuation && [".", "?", "!"].contains($0.text) }.count
            for j in lineStart..<i { spoken[j] = marks * 30 < i - lineStart }
            lineStart = i
        }
        var sincePunct = 0
        // The sentence whose opening subordinate clause has had its main clause (its first boundary is not one).
        var mainClauseOf: Int?
        for i in tokens.indices {
            let t = tokens[i]
            if spoken[i] || speech, i - start >= minClauseTokens, !t.startsLine, Self.opensStatement(tokens, at: i), Self.hasVerb(tokens[start..<i]) {
                if mainClauseOf != start && Self.opensSubordinate(tokens, from: start, to: i) {
                    mainClauseOf = start
                } else {
                    // "… with cough | and on your heart exam …": the conjunction goes with the exam.
                    close(Self.opensExamLead(tokens, at: i) && tokens[i - 1].normalized == "and" && i - 1 - start >= minClauseTokens ? i - 1 : i)
                    sincePunct = 0
                    continue
                }
            }
            // A long sentence of coordinate clauses, punctuated or not: "… when I press on it, | and there is no rebound
            // or guarding | and her right knee shows an effusion".
            if spoken[i] || speech, i - start >= longClauseTokens, i + 6 < tokens.count, t.normalized == "and",
               Self.opensSubjectAndVerb(tokens, at: i + 1), Self.hasVerb(tokens[start..<i]), !Self.opensSubordinate(tokens, from: start, to: i),
               !Self.continuesClause(tokens, before: i, from: start),
               !tokens[(i + 1)..<(i + 6)].contains(where: { $0.kind == .punctuation && [".", "?", "!"].contains($0.text) }) {
                close(i)
                sincePunct = 0
                continue
            }
            if spoken[i], i - start >= minSpokenTokens, !t.startsLine, t.kind == .word {
                if (Self.markers.contains(t.normalized) && !Self.modifiesNext(tokens, at: i))
                    || (t.normalized != "any" && Self.opensQuestion(tokens, at: i) && !Self.isCausativeHave(tokens, at: i)
                        && !Self.isComplement(tokens, at: i)) {
                    close(i)
                    sincePunct = 0
                } else if i - start >= 3 * minSpokenTokens, i + 1 < tokens.count, t.normalized == "but" || (t.normalized == "and"
                            && ["then", "i", "he", "she", "it", "we", "they", "you", "that"].contains(tokens[i + 1].normalized)) {
                    // A long run: the next coordinate clause ("… and then it started swelling", "… but it didn't help").
                    close(i)
                    sincePunct = 0
                } else if i - start > 2 * minSpokenTokens, Self.opensClause(tokens, at: i),
                          ["and", "but", "then", "or"].contains(tokens[i - 1].normalized) || !Self.clauseTakers.contains(tokens[i - 1].normalized) {
                    // The conjunction before the statement goes with it: "... a sling | and i want you to wear it".
                    close(["and", "but", "then"].contains(tokens[i - 1].normalized) ? i - 1 : i)
                    sincePunct = 0
                }
            }
            if i > start && t.startsLine {
                let prev = tokens[i - 1]
                let wrapped = [",", "-", "("].contains(prev.text) || Self.joiners.contains(prev.normalized)
                let lowerNext = t.text.first.map { $0.isLowercase } ?? false
                if !(wrapped && lowerNext) || Self.isBullet(t) { close(i) }
                sincePunct = 0
            }
            if i > start, sincePunct >= maxUnpunctuatedTokens, t.kind == .word, Self.markers.contains(t.normalized), !Self.modifiesNext(tokens, at: i) {
                close(i)
                sincePunct = 0
            }
            if t.kind == .punctuation && [".", "?", "!"].contains(t.text) {
                let prev = i > 0 ? tokens[i - 1] : nil
                let next = i + 1 < tokens.count ? tokens[i + 1] : nil
                // An abbreviation (`Dr.`, `mg.`) or a single letter (`e.g.`, `J. Smith`) right before the period.
                // A letter joined to a number before it ("stage 3a.", "grade 2b.") is no initial.
                let afterNumber = i >= 2 && tokens[i - 2].kind == .number && prev.map { tokens[i - 2].range.upperBound == $0.range.lowerBound } == true
                let abbreviation = t.text == "." && prev.map { p in
                    p.range.upperBound == t.range.lowerBound && (Self.abbreviations.contains(p.normalized) || (p.kind == .word && p.text.count == 1 && !afterNumber))
                } == true
                let continues = next.map { n in !n.startsLine && n.kind == .word && (n.text.first?.isLowercase ?? false) && t.text == "." && abbreviation } ?? false
                let decimalLike = next.map { $0.kind == .punctuation && [".", "?", "!", "\"", ")"].contains($0.text) } ?? false
                    || (t.text == "." && (spoken[i] || speech) && prev.map(Self.isSpokenDigit) == true && next.map(Self.isSpokenDigit) == true)
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

    /// Two words that open a spoken question: `do you`, `how long`, `is there` (an empty set: any word); `any fever`
    /// only at the start of a sentence (mid-sentence it is usually negated: "I haven't had any nausea").
    static let questionOpeners: [String: Set<String>] = [
        "do": ["you", "they", "your"], "does": ["it", "that", "the", "this", "your", "anything", "he", "she"], "did": ["you", "it", "that", "the", "anything", "your"],
        "how're": [], "how's": [],
        "have": ["you"], "has": ["it", "that", "anyone", "anybody"], "are": ["you"], "is": ["it", "that", "there", "this", "the", "your"],
        "can": ["you"], "could": ["you"], "would": ["you"], "how": ["long", "much", "many", "often", "bad", "are", "is", "have", "has", "did", "do", "does", "about"],
        "what": ["do", "did", "does", "is", "are", "kind", "about", "medications", "brings", "would", "part", "else"], "where": ["does", "is", "do", "did", "are"],
        "when": ["did", "does", "do", "was", "is"], "any": [], "were": ["you", "there", "they"], "had": ["you"], "will": ["you"],
    ]

    /// True when the tokens at `i` open a spoken question (`do you`, `how long`).
    public static func opensQuestion(_ tokens: [Token], at i: Int) -> Bool {
        guard i + 1 < tokens.count, let next = questionOpeners[tokens[i].normalized] else { return false }
        return next.isEmpty ? tokens[i + 1].kind == .word : next.contains(tokens[i + 1].normalized)
    }

    /// Words that open the speaker's next statement in a long spoken run: `i'm`, `i want`, `we'll`.
    static let clauseOpeners: [String: Set<String>] = [
        "i'm": [], "i'll": [], "i'd": [], "we're": [], "we'll": [], "i": ["want", "will", "think", "also", "am", "would", "recommend"],
        "we": ["are", "will", "can", "also", "should", "need"],
    ]

    /// True when the tokens at `i` open a new statement (`i'm also gon na`, `we will`).
    static func opensClause(_ tokens: [Token], at i: Int) -> Bool {
        guard let next = clauseOpeners[tokens[i].normalized] else { return false }
        return next.isEmpty || (i + 1 < tokens.count && next.contains(tokens[i + 1].normalized))
    }

    /// Leading words a speaker puts before a question (`okay and then do you ...`).
    static let fillers: Set<String> = ["okay", "ok", "and", "then", "so", "alright", "now", "well", "um", "uh", "also", "just", "but", "yeah"]

    /// True when the sentence is a question: it ends with `?`, or, spoken without punctuation, opens with a
    /// question (`okay and how long has this been going on`).
    public static func isQuestion(_ tokens: ArraySlice<Token>) -> Bool {
        guard let last = tokens.last else { return false }
        if last.text == "?" { return true }
        if last.kind == .punctuation && [".", "!"].contains(last.text) { return false }
        let words = Array(tokens.drop { $0.kind == .word && fillers.contains($0.normalized) })
        return !words.isEmpty && opensQuestion(words, at: 0)
    }

    /// True when an unpunctuated sentence is or contains a spoken question ("that's it what would you say your pain
    /// is"), not counting `any` mid-sentence or an instruction (`i'm gon na have you turn`, `let me have you`).
    public static func asks(_ tokens: ArraySlice<Token>) -> Bool {
        if isQuestion(tokens) { return true }
        let t = Array(tokens)
        guard !t.contains(where: { $0.kind == .punctuation && [".", "!"].contains($0.text) }) else { return false }
        return t.indices.contains { i in t[i].normalized != "any" && opensQuestion(t, at: i) && !isCausativeHave(t, at: i) && !isComplement(t, at: i) }
    }

    /// True for "is that" opening a clause of its own ("what i want to tell you is that i think you have a sprain"),
    /// not a question ("is that the left one").
    static func isComplement(_ tokens: [Token], at i: Int) -> Bool {
        i > 0 && tokens[i].normalized == "is" && i + 2 < tokens.count && tokens[i + 1].normalized == "that"
            && ["i", "we", "you", "he", "she", "they", "i'm", "we're", "you're", "it's"].contains(tokens[i + 2].normalized)
    }

    /// True for "have you" that is an instruction, not a question ("we are gon na have you continue", "let me have you").
    static func isCausativeHave(_ tokens: [Token], at i: Int) -> Bool {
        tokens[i].normalized == "have" && i > 0 && ["na", "to", "me", "will", "i'll", "we'll", "gonna", "can"].contains(tokens[i - 1].normalized)
    }
}
