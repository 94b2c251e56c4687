/// One token: a word, a number, or a punctuation mark, with its code-point range.
public struct Token: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        case word, number, punctuation
    }

    public var range: Range<Int>
    /// The text as written.
    public var text: String
    /// Lowercased, accents folded, `’` as `'`: what matching compares.
    public var normalized: String
    public var kind: Kind
    /// True when a line break precedes the token (before it, after the previous token).
    public var startsLine: Bool
}

/// Splits text into tokens, keeping offsets. Words keep inner apostrophes and hyphens (`don't`, `x-ray`);
/// numbers keep decimals and thousands separators (`7.5`, `1,200`); `120/80` is three tokens; anything
/// else that is not a letter, digit or space is a punctuation token of its own.
public struct Tokenizer: Sendable {
    public init() {}

    public func tokens(_ text: ScalarText) -> [Token] {
        let s = text.scalars
        var out: [Token] = []
        var i = 0
        var newline = true
        while i < s.count {
            let c = s[i]
            if c.properties.isWhitespace {
                if c == "\n" || c == "\r" { newline = true }
                i += 1
                continue
            }
            let start = i
            let kind: Token.Kind
            if Self.isDigit(c) {
                i += 1
                while i < s.count {
                    if Self.isDigit(s[i]) { i += 1; continue }
                    if (s[i] == "." || s[i] == ",") && i + 1 < s.count && Self.isDigit(s[i + 1]) && !(s[i] == "," && Self.digitsBack(s, i) > 3) { i += 2; continue }
                    break
                }
                // 3rd, 2nd, 10th: ordinal suffixes stay with the number.
                if i + 1 < s.count, let suffix = Optional(String(String.UnicodeScalarView(s[i..<min(i + 2, s.count)])).lowercased()),
                   ["st", "nd", "rd", "th"].contains(suffix), i + 2 >= s.count || !Self.isLetter(s[i + 2]) {
                    i += 2
                }
                kind = .number
            } else if Self.isLetter(c) {
                i += 1
                while i < s.count {
                    if Self.isLetter(s[i]) || Self.isDigit(s[i]) { i += 1; continue }
                    if (s[i] == "'" || s[i] == "\u{2019}" || s[i] == "-") && i + 1 < s.count && Self.isLetter(s[i + 1]) { i += 2; continue }
                    break
                }
                kind = .word
            } else {
                i += 1
                kind = .punctuation
            }
            let t = text[start..<i]
            out.append(Token(range: start..<i, text: t, normalized: Self.normalize(t), kind: kind, startsLine: newline))
            newline = false
        }
        return out
    }

    static func digitsBack(_ s: [Unicode.Scalar], _ i: Int) -> Int {
        var n = 0, j = i - 1
        while j >= 0 && isDigit(s[j]) { n += 1; j -= 1 }
        return n
    }

    static func isDigit(_ c: Unicode.Scalar) -> Bool { c >= "0" && c <= "9" }
    static func isLetter(_ c: Unicode.Scalar) -> Bool { c.properties.isAlphabetic }

    /// Lowercase, accents removed, typographic apostrophes straightened.
    public static func normalize(_ s: String) -> String {
        var out = String.UnicodeScalarView()
        for c in s.lowercased().decomposedStringWithCanonicalMappingCompat.unicodeScalars {
            if c.properties.generalCategory == .nonspacingMark { continue }
            out.append(c == "\u{2019}" ? "'" : c)
        }
        return String(out)
    }
}

extension String {
    /// NFD without Foundation: Swift's `String` exposes canonical decomposition through its scalars only via
    /// Foundation, so fold the common Latin accents by table instead.
    var decomposedStringWithCanonicalMappingCompat: String {
        guard unicodeScalars.contains(where: { $0.value > 0x7F }) else { return self }
        var out = ""
        for ch in self {
            if let plain = Self.latinFold[ch] { out.append(plain) } else { out.append(ch) }
        }
        return out
    }

    static let latinFold: [Character: Character] = {
        var m: [Character: Character] = [:]
        let groups: [(String, Character)] = [("àáâãäå", "a"), ("èéêë", "e"), ("ìíîï", "i"), ("òóôõöø", "o"), ("ùúûü", "u"), ("ýÿ", "y"), ("ç", "c"), ("ñ", "n")]
        for (chars, base) in groups { for c in chars { m[c] = base } }
        return m
    }()
}
