import ClinicalText
import Evidence
import Foundation

extension Scribe {
    /// Words that may stand between the conjunction and the clinician's new clause ("and then I will", "but also we").
    static let clauseBridges: Set<String> = ["then", "also", "now", "so", "just"]
    /// The clinician's voice opening a clause of its own: "i'm", "we'll", "let's", or "i"/"we" and a verb.
    static let voicedSubjects: Set<String> = ["i'm", "i'll", "i'd", "we'll", "we're", "we'd", "let's"]
    static let voicedVerbs: Set<String> = ["will", "'ll", "am", "'m", "want", "would", "'d", "need", "think", "can", "could", "should", "are", "'re",
                                           "do", "don't", "also", "might", "may", "have", "'ve", "recommend", "suggest", "plan", "wanted"]

    /// The clauses of a drafted sentence that read as a note, when the sentence as a whole reads as speech and they keep
    /// every number and every drug it names; nil otherwise (the sentence is then kept whole for its facts).
    static func cleanClauses(of text: String, section: SectionKind, prose: ProseCheck, keeping drugs: [String]) -> [String]? {
        guard prose.problems(in: text, section: section).contains(where: { $0.kind == .speech }) else { return nil }
        let body = String(text.dropLast(text.hasSuffix(".") ? 1 : 0))
        let pieces = clauseBoundaryPattern.split(body).map { piece -> String in
            let p = piece.trimmingCharacters(in: CharacterSet(charactersIn: " ,;"))
            return p.prefix(1).uppercased() + p.dropFirst() + "."
        }
        guard pieces.count > 1 else { return nil }
        // A piece of a negated sentence must keep a negation of its own, or its quote would no longer support it.
        let negated = KeyFacts.isNegated(text)
        let clean = pieces.filter { $0.split(separator: " ").count >= 3 && prose.problems(in: $0, section: section).isEmpty
            && (!negated || KeyFacts.isNegated($0)) }
        guard !clean.isEmpty else { return nil }
        let kept = clean.joined(separator: " ").lowercased()
        let numbers = body.split { !$0.isNumber && $0 != "." && $0 != "/" }.map { $0.trimmingCharacters(in: CharacterSet(charactersIn: ".")) }.filter { !$0.isEmpty }
        guard numbers.allSatisfy({ kept.contains($0) }), drugs.allSatisfy({ kept.contains($0.lowercased()) }) else { return nil }
        return clean
    }

    /// Where a drafted sentence's clauses meet: "…, and I want …", "… but I think …", "…, so that …", "; ".
    static let clauseBoundaryPattern = CompiledPattern(#"(,? (and|but|so) (then )?(?=(i|we|that|this|it|they|he|she|there)\b)|; )"#)!

    /// Verbs that show a new clause after its subject ("that physical therapy will help").
    static let clauseVerbs: Set<String> = ["will", "'ll", "is", "'s", "can", "should", "would", "may", "might", "helps", "help", "has", "does", "needs"]

    /// A plan sentence cut where the clinician starts a clause of their own, after "and", "but" or "so" or right after a
    /// word that can end a clause, where a new subject and its verb follow "and", and before "and if": "continue the
    /// lisinopril 10 mg a day and i want to see how his blood pressure does" is two sentences, each quoting its own
    /// span. Each part is then drafted (and checked) alone, so an order is written as an order and the talk beside it
    /// stands or falls on its own. A sentence the other speaker cut in on is left whole.
    static func planClauses(_ u: Unit, doc: AnnotatedDocument) -> [Unit] {
        guard u.continuation == nil, u.tokens.count >= 8 else { return [u] }
        let tokens = doc.tokens
        var cuts: [(end: Int, start: Int)] = []
        var i = u.tokens.lowerBound + 3
        while i < u.tokens.upperBound - 4 {
            defer { i += 1 }
            // After "and", "but", "so", or right after a word that can end a clause ("… acute esophagitis | i want to
            // prescribe protonix").
            let joined = ["and", "but", "so"].contains(tokens[i].normalized)
            // "what i am going to do | i am going to refer him" ends on its "do".
            let narrated = tokens[i - 1].normalized == "do" && tokens[i - 2].normalized == "to"
            guard joined || narrated || (tokens[i - 1].kind != .punctuation && endsClause(tokens[i - 1].normalized)) else { continue }
            var s = joined ? i + 1 : i
            while s < u.tokens.upperBound, clauseBridges.contains(tokens[s].normalized) { s += 1 }
            guard s + 3 < u.tokens.upperBound else { continue }
            let subject = tokens[s].normalized, verb = tokens[s + 1].normalized
            let voiced = voicedSubjects.contains(subject) || (subject == "let" && verb == "me")
                || (["i", "we"].contains(subject) && voicedVerbs.contains(verb))
            // After a conjunction, also a new subject of its own with its verb ("… for her right knee | and that physical
            // therapy will help …").
            let restarted = joined && ["that", "this", "it", "they", "he", "she"].contains(subject)
                && tokens[(s + 1)..<min(s + 4, u.tokens.upperBound)].contains { Self.clauseVerbs.contains($0.normalized) }
            // … or a condition of its own ("… and see how he is doing | and if it is not better, …").
            let conditional = joined && subject == "if"
            guard voiced || restarted || conditional else { continue }
            // The part before ends on the word before the conjunction (and its comma).
            var end = joined ? i : s
            while end > u.tokens.lowerBound, tokens[end - 1].kind == .punctuation { end -= 1 }
            let lastStart = cuts.last?.start ?? u.tokens.lowerBound
            guard end - lastStart >= 3 else { continue }
            cuts.append((end, s))
            i = s
        }
        guard !cuts.isEmpty else { return [u] }
        var parts: [Unit] = []
        var start = u.tokens.lowerBound
        for (end, next) in cuts + [(u.tokens.upperBound, u.tokens.upperBound)] {
            parts.append(part(of: u, tokens: start..<end, doc: doc))
            start = next
        }
        return parts
    }

    /// Words a clause cannot end on: function words and the verbs that take a clause ("i think i want …").
    static let clauseContinuers: Set<String> = English.prepositions.union(English.auxiliaries).union(English.objectVerbs).union([
        "a", "an", "the", "and", "or", "but", "so", "because", "if", "when", "that", "which", "who", "what", "how", "why", "where", "then", "also",
        "just", "now", "think", "thought", "know", "mean", "hope", "guess", "believe", "feel", "sure", "said", "say", "i", "we", "you", "he", "she",
        "they", "it", "my", "your", "his", "her", "our", "their", "not", "to", "as", "than", "um", "uh", "like", "let", "me",
        "since", "once", "until", "while", "before", "after", "although", "though", "unless", "whether", "whenever",
    ])

    static func endsClause(_ word: String) -> Bool { !clauseContinuers.contains(word) && !word.hasSuffix("n't") && !word.hasPrefix("'") }

    /// The unit restricted to its tokens `range`, with what the engine found inside them.
    static func part(of u: Unit, tokens range: Range<Int>, doc: AnnotatedDocument) -> Unit {
        let span = doc.tokens[range.lowerBound].range.lowerBound..<doc.tokens[range.upperBound - 1].range.upperBound
        let text = doc.text[span]
        var p = u
        p.range = span
        p.tokens = range
        p.text = text
        p.lower = text.lowercased()
        p.concepts = u.concepts.filter { span.contains($0.mention.span.range.lowerBound) }
        p.measurements = u.measurements.filter { span.contains($0.span.start) }
        p.medications = u.medications.filter { span.contains($0.fullSpan.start) }
        p.times = u.times.filter { span.contains($0.span.start) }
        return p
    }
}
