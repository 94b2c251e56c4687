/// Cue matching as words, shared by the engines that read sentences for cues (the scribe's sections and labels, the
/// coder's rules): "ice" is not found in "twice", "order" not in "disorder".
public enum WordCue {
    /// True when `cue` occurs in `text` starting a word (when the cue itself starts with a letter or digit) and, when
    /// `endsWord` and the cue ends with a letter or digit, also ending one, a plural "s" allowed ("test" in "tests").
    /// A cue that need not end a word is a stem and may run on ("refer" in "referred"). Searched on UTF-8 bytes; a
    /// byte over 0x7F counts as part of a word.
    public static func occurs(_ cue: String, in text: String, endsWord: Bool) -> Bool {
        var text = text, cue = cue
        return text.withUTF8 { t in cue.withUTF8 { c in occurs(c, in: t, endsWord: endsWord) } }
    }

    /// The number of letters and digits at the end of `cue` (its last word's length: "see a" → 1, " test" → 4).
    public static func lastWordLength(_ cue: String) -> Int {
        var n = 0
        for b in cue.utf8.reversed() {
            guard isWord(b) else { break }
            n += 1
        }
        return n
    }

    static func isWord(_ b: UInt8) -> Bool { b >= 0x80 || (b >= 0x30 && b <= 0x39) || (b >= 0x61 && b <= 0x7A) || (b >= 0x41 && b <= 0x5A) }

    private static func occurs(_ c: UnsafeBufferPointer<UInt8>, in t: UnsafeBufferPointer<UInt8>, endsWord: Bool) -> Bool {
        guard let first = c.first, c.count <= t.count else { return false }
        let checkStart = isWord(first)
        let checkEnd = endsWord && isWord(c[c.count - 1])
        var i = 0
        while i <= t.count - c.count {
            if t[i] == first {
                var k = 1
                while k < c.count && t[i + k] == c[k] { k += 1 }
                if k == c.count && !(checkStart && i > 0 && isWord(t[i - 1])) {
                    var end = i + c.count
                    if checkEnd && end < t.count {
                        if t[end] == 0x73 { end += 1 }  // a plural "s"
                        if end < t.count && isWord(t[end]) { i += 1; continue }
                    }
                    return true
                }
            }
            i += 1
        }
        return false
    }
}
