import Foundation

/// Flesch–Kincaid grade level, computed as `textstat` 0.7.3 computes it: words are whitespace-separated after
/// punctuation is removed; sentences are runs ending in `.`, `!` or `?`, not counting those of two words or
/// fewer; the average sentence length and syllables per word are rounded to one decimal before
/// `0.39 × words/sentence + 11.8 × syllables/word − 15.59`, and the grade to one decimal. Syllables are counted
/// by vowel groups (textstat uses a hyphenation dictionary, so the two can differ by a few tenths).
public enum Readability {
    public static func fleschKincaidGrade(_ text: String) -> Double {
        let words = lexicon(text)
        guard !words.isEmpty else { return 0 }
        let sentences = max(1, sentenceRuns(text).filter { lexicon($0).count > 2 }.count)
        let asl = round1(Double(words.count) / Double(sentences))
        let spw = round1(Double(words.reduce(0) { $0 + syllables($1) }) / Double(words.count))
        return round1(0.39 * asl + 11.8 * spw - 15.59)
    }

    static func round1(_ x: Double) -> Double { (x * 10).rounded(.toNearestOrAwayFromZero) / 10 }

    /// Words: the text without ASCII punctuation, split on whitespace.
    static func lexicon(_ text: String) -> [String] {
        String(text.unicodeScalars.filter { !($0.isASCII && CharacterSet.punctuationCharacters.union(.symbols).contains($0)) }.map(Character.init))
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

    /// Syllables of a word: vowel groups, less a silent final `e`, at least one.
    static func syllables(_ word: String) -> Int {
        let w = word.lowercased().filter(\.isLetter)
        guard !w.isEmpty else { return 1 }
        let vowels: Set<Character> = ["a", "e", "i", "o", "u", "y"]
        var count = 0
        var previousVowel = false
        for ch in w {
            let v = vowels.contains(ch)
            if v && !previousVowel { count += 1 }
            previousVowel = v
        }
        if w.hasSuffix("e") && !w.hasSuffix("le") && !w.hasSuffix("ee") && count > 1 { count -= 1 }
        if (w.hasSuffix("ed") || w.hasSuffix("es")) && w.count > 3 && count > 1,
           let before = w.dropLast(2).last, !"tdszxg".contains(before) || w.hasSuffix("es") && !"szxgc".contains(before) {
            count -= 1
        }
        return max(1, count)
    }
}
