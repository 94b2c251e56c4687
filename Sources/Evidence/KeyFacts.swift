import Foundation

/// The facts of a sentence that must not change between evidence and statement: the numbers in it
/// (values, doses, dates' digits), the months and weekdays it names, and whether it is negated.
public struct KeyFacts: Sendable, Hashable {
    /// Numbers as written, normalised (`7.50` → `7.5`, `07` → `7`).
    public var numbers: Set<String>
    /// Months and weekdays named, as their first three letters (`march` → `mar`).
    public var dateWords: Set<String>
    /// True when the text carries a negation cue (no, not, denies, without, negative for, never…).
    public var negated: Bool

    public init(_ text: String) {
        // The names of code systems carry digits that are not facts ("ICD-10-CM").
        var text = text
        for name in ["ICD-10-CM", "ICD-10-PCS", "ICD-10", "ICD-9-CM", "CMS-HCC V28", "CMS-HCC V24"] {
            text = text.replacingOccurrences(of: name, with: "", options: .caseInsensitive)
        }
        numbers = Self.numbers(in: text).union(Self.spokenNumbers(in: text)).union(Self.spokenDecimals(in: text))
        negated = Self.isNegated(text)
        dateWords = Set(Self.words(text).compactMap { Self.dateWord[$0] })
    }

    static let dateWord: [String: String] = {
        var out: [String: String] = [:]
        let names = ["january", "february", "march", "april", "june", "july", "august", "september", "october", "november", "december",
                     "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
        for n in names {
            out[n] = String(n.prefix(3))
            if !["mar", "may", "jun", "jul"].contains(String(n.prefix(3))) { out[String(n.prefix(3))] = String(n.prefix(3)) }
        }
        out["may"] = "may"
        out["sept"] = "sep"
        return out
    }()

    static let negationCues: Set<String> = [
        "no", "not", "denies", "denied", "deny", "denying", "without", "never", "none", "negative", "nor", "neither",
        "absent", "free", "unremarkable", "isn't", "doesn't", "didn't", "don't", "hasn't", "haven't", "wasn't", "can't", "cannot", "n't", "won't",
        "wouldn't", "couldn't", "shouldn't", "aren't", "weren't", "nope",
    ]

    static func words(_ text: String) -> [String] {
        text.lowercased().split { !($0.isLetter || $0 == "'" || $0 == "\u{2019}") }.map { $0.contains("\u{2019}") ? $0.replacingOccurrences(of: "\u{2019}", with: "'") : String($0) }
    }

    /// True when `text` has a negation cue (`no`, `not`, `denies`, `n't` …): what ``negated`` reports, without the other facts.
    public static func isNegated(_ text: String) -> Bool { words(text).contains { negationCues.contains($0) } }

    static let unitWords: [String: Int] = ["one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9]
    static let teenWords: [String: Int] = ["ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
                                           "seventeen": 17, "eighteen": 18, "nineteen": 19]
    static let tensWords: [String: Int] = ["twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90]

    /// Numbers said in words: `ninety eight` → 98, `one twenty two` → 122, `a hundred and ten` → 110, `seven` → 7.
    static func spokenNumbers(in text: String) -> Set<String> {
        let w = words(text)
        var out = Set<String>()
        var i = 0
        while i < w.count {
            if let (value, used) = spokenNumber(w, at: i) { out.insert(String(value)); i += used } else { i += 1 }
        }
        return out
    }

    /// Decimals a recogniser splits: "twelve . five" (12.5), "a hundred . four" (100.4), "zero point four" (0.4),
    /// "point five" (0.5), "four . 4" (4.4).
    static func spokenDecimals(in text: String) -> Set<String> {
        guard text.contains(".") || text.lowercased().contains("point") else { return [] }
        // Words, digits and periods as tokens.
        var tokens: [String] = []
        var current = ""
        for ch in text.lowercased() {
            if ch.isLetter || ch.isNumber || ch == "'" { current.append(ch); continue }
            if !current.isEmpty { tokens.append(current); current = "" }
            if ch == "." { tokens.append(".") }
        }
        if !current.isEmpty { tokens.append(current) }
        return Set(tokens.indices.compactMap { spokenDecimal(tokens, at: $0)?.value })
    }

    /// The decimal said from `tokens[i]` (lower-case words, digits and "." tokens) and the index of its last token:
    /// "twelve . five" → 12.5, "zero point four" → 0.4, "point five" → 0.5, "zero . zero five" → 0.05. The scribe
    /// writes these in digits and the verifier reads them, by this one rule.
    public static func spokenDecimal(_ tokens: [String], at i: Int) -> (value: String, end: Int)? {
        let whole = integer(tokens, at: i) ?? (tokens[i] == "point" && (i == 0 || integer(tokens, at: i - 1) == nil) ? (0, 0) : nil)
        guard let (value, used) = whole else { return nil }
        let mark = i + used
        guard mark + 1 < tokens.count, [".", "point"].contains(tokens[mark]), let digit = digit(tokens[mark + 1]) else { return nil }
        // "zero . zero five": digits after a leading zero belong to the fraction (0.05).
        var fraction = "\(digit)", end = mark + 1
        while fraction.allSatisfy({ $0 == "0" }), end + 1 < tokens.count, let next = Self.digit(tokens[end + 1]) { fraction += "\(next)"; end += 1 }
        return ("\(value).\(fraction)", end)
    }

    /// A whole number at `i`, in digits or words, and how many tokens it took.
    public static func integer(_ tokens: [String], at i: Int) -> (value: Int, words: Int)? {
        if let v = Int(tokens[i]), tokens[i].count <= 4 { return (v, 1) }
        if tokens[i] == "zero" { return (0, 1) }
        return spokenNumber(tokens, at: i)
    }

    /// A single digit, in digits or as a word ("five", "5", "zero").
    public static func digit(_ token: String) -> Int? {
        if token.count == 1, let d = Int(token) { return d }
        return token == "zero" ? 0 : unitWords[token]
    }

    /// The value of a number said in words starting at `w[i]` (lowercased words) and how many words it took:
    /// `fifteen`, `six hundred and five`, `a hundred`, `one twenty two` (a reading of 122), `ninety eight`, `one thousand`.
    public static func spokenNumber(_ w: [String], at i: Int) -> (value: Int, words: Int)? {
        func word(_ k: Int) -> String { k < w.count ? w[k].lowercased() : "" }
        // "one thousand", "a thousand five hundred" (a dose of 1000 or 1500 mg).
        if let u = word(i) == "a" ? 1 : unitWords[word(i)], word(i + 1) == "thousand" {
            if let (rest, used) = spokenNumber(w, at: i + 2), rest < 1000 { return (u * 1000 + rest, used + 2) }
            return (u * 1000, 2)
        }
        var j = i
        var value: Int
        if let u = word(j) == "a" && word(j + 1) == "hundred" ? 1 : unitWords[word(j)] {
            value = u
            j += 1
            if word(j) == "hundred" {
                value = u * 100
                j += 1
                // A unit right after "hundred" only with "and" ("a hundred and five"): "five hundred five hundred" is said twice.
                let and = word(j) == "and" && (tensWords[word(j + 1)] != nil || teenWords[word(j + 1)] != nil || unitWords[word(j + 1)] != nil)
                if and { j += 1 }
                if let t = tensWords[word(j)] {
                    value += t
                    j += 1
                    if let u2 = unitWords[word(j)] { value += u2; j += 1 }
                } else if let t = teenWords[word(j)] {
                    value += t
                    j += 1
                } else if and, let u2 = unitWords[word(j)] {
                    value += u2
                    j += 1
                }
            } else if u <= 2, let t = tensWords[word(j)] {
                value = u * 100 + t
                j += 1
                if let u2 = unitWords[word(j)] { value += u2; j += 1 }
            } else if u <= 2, let t = teenWords[word(j)] {
                value = u * 100 + t
                j += 1
            }
        } else if let t = teenWords[word(j)] {
            value = t
            j += 1
        } else if let t = tensWords[word(j)] {
            value = t
            j += 1
            if let u2 = unitWords[word(j)] { value += u2; j += 1 }
        } else {
            return nil
        }
        return (value, j - i)
    }

    static func numbers(in text: String) -> Set<String> {
        var out = Set<String>()
        var current = ""
        func flush() {
            var n = current
            current = ""
            while n.hasSuffix(".") { n.removeLast() }
            guard !n.isEmpty else { return }
            if n.contains(".") {
                while n.hasSuffix("0") { n.removeLast() }
                if n.hasSuffix(".") { n.removeLast() }
            }
            while n.count > 1 && n.hasPrefix("0") && !n.hasPrefix("0.") { n.removeFirst() }
            out.insert(n)
        }
        for ch in text {
            if ch.isASCII && ch.isNumber { current.append(ch) } else if ch == "." && !current.isEmpty && !current.contains(".") { current.append(ch) } else { flush() }
        }
        flush()
        return out
    }
}

/// Decides whether a statement's key facts are supported by the text it quotes. Each operation may bring
/// its own (a coding operation also checks that the code's concept is named in the quote).
public protocol FactCheck: Sendable {
    /// Why `statement` is not supported by `quotes` (empty when it is).
    func problems(with statement: Statement, quotes: [String]) -> [String]
    /// Why `statement` is not supported by `quotes` and the `records` it cites (each record's values as text).
    func problems(with statement: Statement, quotes: [String], records: [String]) -> [String]
}

extension FactCheck {
    public func problems(with statement: Statement, quotes: [String], records: [String]) -> [String] { problems(with: statement, quotes: quotes) }
}

/// The default check: every number of a text statement appears in the quotes, and negation agrees
/// (a negated statement needs a negated quote; a code taken only from negated quotes is unsupported).
public struct KeyFactCheck: FactCheck {
    public init() {}

    /// With cited records too: every number and date word of a text statement must be in a quote or in a
    /// cited record's values; negation is judged on the quotes alone.
    public func problems(with statement: Statement, quotes: [String], records: [String]) -> [String] {
        guard !records.isEmpty else { return problems(with: statement, quotes: quotes) }
        guard case .text = statement.content else { return quotes.isEmpty ? [] : problems(with: statement, quotes: quotes) }
        let stated = KeyFacts(statement.factText)
        let recordFacts = records.map(KeyFacts.init)
        let cited = quotes.map(KeyFacts.init) + recordFacts
        var out: [String] = []
        let available = cited.reduce(into: Set<String>()) { $0.formUnion($1.numbers) }
        let unmatched = stated.numbers.subtracting(available)
        // A record's value may be shown rounded (81.22422 → 81.2): a stated number is supported when a cited
        // record number rounds to it at the stated precision.
        let recordValues = unmatched.isEmpty ? [] : recordFacts.reduce(into: Set<String>()) { $0.formUnion($1.numbers) }.compactMap(Double.init)
        let missing = unmatched.filter { n in
            guard let v = Double(n) else { return true }
            let places = n.split(separator: ".").dropFirst().first?.count ?? 0
            let scale = pow(10.0, Double(places))
            return !recordValues.contains { ($0 * scale).rounded() == (v * scale).rounded() && abs($0 - v) < 1 }
        }
        if !missing.isEmpty { out.append("number(s) \(missing.sorted().joined(separator: ", ")) not found in the quoted evidence or the cited records") }
        let dates = stated.dateWords.subtracting(cited.reduce(into: Set<String>()) { $0.formUnion($1.dateWords) })
        if !dates.isEmpty { out.append("date word(s) \(dates.sorted().joined(separator: ", ")) not found in the quoted evidence or the cited records") }
        if !quotes.isEmpty {
            let quoted = quotes.map(KeyFacts.init)
            if stated.negated && !quoted.contains(where: \.negated) { out.append("the statement is negated but no quoted evidence is") }
        }
        return out
    }

    public func problems(with statement: Statement, quotes: [String]) -> [String] {
        guard !quotes.isEmpty else { return [] }
        let stated = KeyFacts(statement.factText)
        let quoted = quotes.map(KeyFacts.init)
        var out: [String] = []
        if case .text = statement.content {
            let available = quoted.reduce(into: Set<String>()) { $0.formUnion($1.numbers) }
            let missing = stated.numbers.subtracting(available)
            if !missing.isEmpty { out.append("number(s) \(missing.sorted().joined(separator: ", ")) not found in the quoted evidence") }
            let dates = stated.dateWords.subtracting(quoted.reduce(into: Set<String>()) { $0.formUnion($1.dateWords) })
            if !dates.isEmpty { out.append("date word(s) \(dates.sorted().joined(separator: ", ")) not found in the quoted evidence") }
            if stated.negated && !quoted.contains(where: \.negated) { out.append("the statement is negated but no quoted evidence is") }
            if !stated.negated && quoted.allSatisfy(\.negated) { out.append("the quoted evidence is negated but the statement is not") }
        } else if quoted.allSatisfy(\.negated) {
            out.append("the code rests only on negated evidence")
        }
        return out
    }
}
