import Foundation

/// Flesch–Kincaid grade level, computed as `textstat` 0.7.3 computes it: words are whitespace-separated after
/// punctuation is removed; sentences are runs ending in `.`, `!` or `?`, not counting those of two words or
/// fewer; the average sentence length and syllables per word are rounded to one decimal before
/// `0.39 × words/sentence + 11.8 × syllables/word − 15.59`, and the grade to one decimal. Syllables are counted
/// by vowel groups. textstat counts them from a hyphenation dictionary, which finds fewer (`medicine` has one
/// hyphenation point less than its syllables), so this grade is the same or a little higher: it never claims
/// a summary is easier to read than the reference would.
public enum Readability {
    /// Words, sentences and syllables of a text, counted as the grade counts them.
    public struct Counts: Sendable, Hashable {
        public var words: Int
        public var sentences: Int
        public var syllables: Int
    }

    public static func counts(_ text: String) -> Counts {
        let words = lexicon(text)
        let runs = sentenceRuns(text)
        return Counts(words: words.count, sentences: max(1, runs.count - runs.filter { lexicon($0).count <= 2 }.count),
                      syllables: words.reduce(0) { $0 + syllables($1) })
    }

    public static func fleschKincaidGrade(_ text: String) -> Double {
        let c = counts(text)
        guard c.words > 0 else { return 0 }
        let asl = round1(Double(c.words) / Double(c.sentences))
        let spw = round1(Double(c.syllables) / Double(c.words))
        return round1(0.39 * asl + 11.8 * spw - 15.59)
    }

    static func round1(_ x: Double) -> Double { (x * 10).rounded(.toNearestOrAwayFromZero) / 10 }

    /// Words: the text with everything but letters, digits, `_`, whitespace and apostrophes removed (as textstat's
    /// `[^\w\s']`), split on whitespace.
    static func lexicon(_ text: String) -> [String] {
        String(text.unicodeScalars.filter { CharacterSet.alphanumerics.contains($0) || CharacterSet.whitespacesAndNewlines.contains($0) || $0 == "_" || $0 == "'" }
            .map(Character.init))
            .split(whereSeparator: \.isWhitespace).map { $0.lowercased() }
    }

    /// Runs of text from a word character up to and including the sentence's final `.`, `!` or `?`.
    static func sentenceRuns(_ text: String) -> [String] {
        var out: [String] = []
        var current = ""
        var started = false
        for ch in text {
            if !started {
                if ch.isLetter || ch.isNumber { started = true; current.append(ch) }
                continue
            }
            if ".!?".contains(ch) {
                current.append(ch)
                continue
            }
            if let last = current.last, ".!?".contains(last) {
                out.append(current)
                current = ""
                started = ch.isLetter || ch.isNumber
                if started { current.append(ch) }
                continue
            }
            current.append(ch)
        }
        if started && !current.isEmpty { out.append(current) }
        return out
    }

    /// Syllables of a word, as a hyphenation dictionary would split it: vowel groups (two for `ia`, `io`, `eo`,
    /// `ua` outside -tion, -sion, -cial), a silent final `e` or `-ed`/`-es` not counted, and no split that would
    /// leave fewer than two letters before it or three after it (the English hyphenation minimums).
    static func syllables(_ word: String) -> Int {
        let letters = Array(word.lowercased().filter(\.isLetter))
        guard letters.count > 3 else { return 1 }
        let vowels: Set<Character> = ["a", "e", "i", "o", "u", "y"]
        var starts: [Int] = []
        var previousVowel = false
        for (i, ch) in letters.enumerated() {
            let v = vowels.contains(ch) && !(ch == "y" && i == 0)
            if v && !previousVowel { starts.append(i) }
            if v && previousVowel, ["ia", "io", "eo", "ua", "uo", "iu"].contains(String([letters[i - 1], ch])), !(i >= 2 && "tscgx".contains(letters[i - 2])) {
                starts.append(i)
            }
            previousVowel = v
        }
        // A final silent e ("take"), and -ed/-es that add no syllable ("used", "takes").
        let n = letters.count
        if let last = starts.last, last == n - 1, letters[n - 1] == "e", !(n >= 2 && letters[n - 2] == "l"), starts.count > 1 { starts.removeLast() }
        if let last = starts.last, last == n - 2, letters[n - 2] == "e", "ds".contains(letters[n - 1]), starts.count > 1,
           !"td".contains(letters[n - 3]) || letters[n - 1] == "s" && !"szxc".contains(letters[n - 3]) {
            starts.removeLast()
        }
        // Each later vowel group starts a syllable at the consonant before it; keep those the minimums allow.
        let splits = starts.dropFirst().map { s in s > 0 && !vowels.contains(letters[s - 1]) ? s - 1 : s }.filter { $0 >= 2 && n - $0 >= 3 }
        return 1 + Set(splits).count
    }
}
