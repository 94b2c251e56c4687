import Foundation

extension String {
    /// Whether this (lower-case) text says `cue` as words: the cue starts a word ("ice" is not in "nice", "order" not in "disorder"),
    /// and a cue ending in a short word also ends one ("see a" is not in "see about"), a plural allowed ("test" in
    /// "tests"). A longer cue may start a longer word ("refer" in "referred", "educat" in "education").
    func says(_ cue: String) -> Bool {
        let lower = self
        guard let first = cue.first, let last = cue.last, lower.contains(cue) else { return false }
        let lastWord = cue.split { !$0.isLetter && !$0.isNumber }.last ?? ""
        let wholeWord = lastWord.count <= 4 && Self.isWord(last)
        var from = lower.startIndex
        while let r = lower.range(of: cue, range: from..<lower.endIndex) {
            let before = r.lowerBound == lower.startIndex || !Self.isWord(first) || !Self.isWord(lower[lower.index(before: r.lowerBound)])
            var after = true
            if wholeWord, r.upperBound < lower.endIndex, Self.isWord(lower[r.upperBound]) {
                let next = lower.index(after: r.upperBound)
                after = lower[r.upperBound] == "s" && (next == lower.endIndex || !Self.isWord(lower[next]))
            }
            if before && after { return true }
            from = lower.index(after: r.lowerBound)
        }
        return false
    }

    private static func isWord(_ c: Character) -> Bool { c.isLetter || c.isNumber }
}
