import ClinicalText

extension String {
    /// Whether this (lower-case) text says `cue` as words (``WordCue``): the cue starts a word ("ice" is not in "nice",
    /// "order" not in "disorder"), and a cue ending in a word of four letters or fewer also ends one ("see a" is not in
    /// "see about"), a plural allowed ("test" in "tests"). A longer cue may start a longer word ("refer" in "referred",
    /// "educat" in "education").
    func says(_ cue: String) -> Bool { WordCue.occurs(cue, in: self, endsWord: WordCue.lastWordLength(cue) <= 4) }
}

extension Array where Element == String {
    /// The items as a written list with a serial comma: "a", "a and b", "a, b, and c" (`conjunction` "and" or "or").
    func listed(with conjunction: String) -> String {
        count <= 2 ? joined(separator: " \(conjunction) ") : dropLast().joined(separator: ", ") + ", \(conjunction) " + last!
    }
}
