import ClinicalText

extension Scribe {
    /// Longest reply, in words, that interrupts a speaker without taking the turn ("mm-hmm", "okay", "yes, ma'am").
    static let backchannelWords = 4

    /// The transcript's sentences with each one the other speaker's backchannel cut off joined to its end in the
    /// speaker's next turn: "… refer you to physical therapy-" / "mm-hmm ." / ". and see how you do" is one sentence,
    /// quoting both spans. The dash of the interrupted word is dropped when the word is whole ("therapy-").
    static func joiningInterruptions(_ units: [Unit], turns: [Int?]) -> [Unit] {
        var out: [Unit] = []
        var k = 0
        while k < units.count {
            var u = units[k]
            k += 1
            var replies: [Unit] = []
            // A sentence can be cut off more than once.
            while u.text.hasSuffix("-"), k + 1 < units.count, let (joined, reply, end) = joined(u, at: k, in: units, turns: turns) {
                u = joined
                if let reply { replies.append(reply) }
                k = end
            }
            out.append(u)
            out += replies
        }
        return out
    }

    /// `u` with its end after the backchannel at `k`, the backchannel (nil when the interrupting turn is empty), and the
    /// index after the end; nil when the speaker does not resume the sentence.
    static func joined(_ unit: Unit, at k: Int, in units: [Unit], turns: [Int?]) -> (Unit, Unit?, Int)? {
        var u = unit
        // An empty interrupting turn leaves no sentence: the speaker's next turn follows at once.
        let interrupted = units[k].role != u.role
        let reply = units[k]
        // The recogniser often writes the resumed turn's opening as a sentence of its own: "." then "blood pressure go up .".
        var n = interrupted ? k + 1 : k
        let marked = isMark(units[n].text)
        if marked && n + 1 < units.count && turns[units[n + 1].index] == turns[units[n].index] { n += 1 }
        let next = units[n]
        let replyWords = reply.lower.split { !$0.isLetter && $0 != "'" && $0 != "-" }.count
        let continues = marked || next.text.first == "." || next.text.first == "-"
            || continuations.contains(String(next.lower.prefix { $0.isLetter }))
        guard !interrupted || (replyWords <= backchannelWords && turns[reply.index] != turns[u.index] && turns[next.index] != turns[reply.index]),
              next.role == u.role, turns[next.index] != turns[u.index], continues
        else { return nil }
        let rest = next.text.drop { $0 == "." || $0 == "-" || $0 == " " }
        guard !rest.isEmpty else { return nil }
        // "therapy-" is a whole word the reply cut in on; "s-" is a word broken off, which the rewriter drops.
        let lastWord = u.text.dropLast().split(separator: " ").last ?? ""
        let head = lastWord.count >= 3 || shortWords.contains(lastWord.lowercased()) ? String(u.text.dropLast()) : u.text
        u.text = head + " " + rest
        u.lower = u.text.lowercased()
        u.continuation = next.range
        u.concepts += next.concepts
        u.measurements += next.measurements
        u.medications += next.medications
        u.times += next.times
        // A check on the end ("…, okay ?") does not make the sentence a question (``Rewriter/questionTagPattern``).
        u.isQuestion = u.isQuestion || (next.isQuestion && !Rewriter.questionTagPattern.matches(next.lower))
        return (u, interrupted ? reply : nil, n + 1)
    }

    /// Whole words of one or two letters, which a dash after does not mark as broken off.
    static let shortWords: Set<String> = ["on", "to", "in", "of", "at", "by", "my", "me", "he", "we", "an", "it", "is", "or", "so", "up", "as", "do",
                                          "go", "no", "be", "if", "a", "i"]

    /// Words that cannot open a sentence of their own, so a turn opening with one resumes the cut-off sentence.
    static let continuations: Set<String> = ["to", "about", "of", "with", "for", "from", "at", "on", "in", "into", "and", "than", "as"]

    static func isMark(_ text: String) -> Bool { !text.isEmpty && text.allSatisfy { $0 == "." || $0 == "-" || $0 == " " } }
}
