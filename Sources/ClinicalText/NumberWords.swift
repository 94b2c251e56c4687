/// Numbers written as words in speech: `three`, `twenty five`, `a couple`, `half`.
enum NumberWords {
    static let units: [String: Double] = [
        "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
        "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
        "nineteen": 19, "a": 1, "an": 1, "single": 1, "couple": 2, "few": 3, "half": 0.5, "once": 1, "twice": 2,
    ]
    static let tens: [String: Double] = ["twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90]

    /// The value of tokens starting at `i` and how many tokens it used: digits (`3`, `7.5`, `1,200`) or words.
    static func value(_ tokens: [Token], at i: Int, end: Int) -> (Double, Int)? {
        guard i < end else { return nil }
        let t = tokens[i]
        if t.kind == .number {
            let digits = t.text.filter { $0.isNumber || $0 == "." }
            return Double(digits).map { ($0, 1) }
        }
        let w = t.normalized
        if let tv = tens[w] {
            if i + 1 < end, let u = units[tokens[i + 1].normalized], u >= 1, u <= 9, tokens[i + 1].normalized != "a" { return (tv + u, 2) }
            return (tv, 1)
        }
        if w == "a" || w == "an" {
            if i + 1 < end, ["couple", "few"].contains(tokens[i + 1].normalized) {
                let skip = i + 2 < end && tokens[i + 2].normalized == "of" ? 3 : 2
                return (units[tokens[i + 1].normalized]!, skip)
            }
            return (1, 1)
        }
        // Spoken readings: "one twenty" = 120, "one forty five" = 145.
        if let u = units[w], (1...2).contains(u), w != "a", w != "an", i + 1 < end, let tv = tens[tokens[i + 1].normalized] {
            if i + 2 < end, let u2 = units[tokens[i + 2].normalized], u2 >= 1, u2 <= 9, !["a", "an"].contains(tokens[i + 2].normalized) {
                return (u * 100 + tv + u2, 3)
            }
            return (u * 100 + tv, 2)
        }
        if let u = units[w] { return (u, 1) }
        return nil
    }
}
