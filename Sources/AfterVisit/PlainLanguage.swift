import Foundation
import Terminology

/// Rewrites a note sentence for the patient: second person ("He will follow up" → "You will follow up"), the
/// clinician as "we", labels and list marks dropped, medical terms replaced by the lexicon's lay terms, and long
/// sentences cut at "; " and ", and". Numbers, names and negations are kept as written.
struct PlainLanguage: Sendable {
    let lexicon: Lexicon

    static let negations: Set<String> = ["no", "not", "never", "none", "without", "cannot"]

    /// Plain-language sentences for one note sentence (empty when nothing is left).
    func rewrite(_ sentence: String) -> [String] {
        var text = sentence.trimmingCharacters(in: .whitespaces)
        // List marks and labels ("• Medical Treatment: …").
        while let first = text.first, "•-*–".contains(first) { text = String(text.dropFirst()).trimmingCharacters(in: .whitespaces) }
        if let colon = text.firstIndex(of: ":"), text.distance(from: text.startIndex, to: colon) <= 40,
           text[..<colon].split(separator: " ").count <= 5, !text[..<colon].contains(where: \.isNumber) {
            text = String(text[text.index(after: colon)...]).trimmingCharacters(in: .whitespaces)
        }
        guard !text.isEmpty else { return [] }
        var words = text.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        words = secondPerson(words)
        var out = words.joined(separator: " ")
        out = layTerms(out)
        return split(out).map(Self.capitalised)
    }

    /// "he/she/the patient" → "you", "his/her" → "your", "I" → "we", with the verb made to agree.
    func secondPerson(_ input: [String]) -> [String] {
        var w = input
        var i = 0
        func bare(_ s: String) -> String { s.lowercased().trimmingCharacters(in: .punctuationCharacters) }
        func tail(_ s: String) -> String { String(s.reversed().prefix { $0.isPunctuation }.reversed()) }
        while i < w.count {
            let b = bare(w[i]), t = tail(w[i])
            let next = i + 1 < w.count ? bare(w[i + 1]) : ""
            var subject = false
            switch b {
            case "he", "she":
                w[i] = "you" + t
                subject = true
            case "him", "himself", "herself":
                w[i] = (b == "him" ? "you" : "yourself") + t
            case "his":
                w[i] = "your" + t
            case "her":
                // Possessive before a noun ("her knee"), object otherwise ("told her").
                let object = t.isEmpty == false || ["to", "in", "on", "with", "about", "at", "for", "that", "and", "if", "", "as", "how", "the", "a"].contains(next)
                w[i] = (object ? "you" : "your") + t
            case "patient", "patient's":
                if i > 0, bare(w[i - 1]) == "the", next != "portal" {
                    w.remove(at: i - 1)
                    i -= 1
                    w[i] = (b == "patient's" ? "your" : "you") + t
                    subject = b == "patient"
                }
            case "mr", "mrs", "ms", "miss":
                // "Mr. Walker" → "you".
                if i + 1 < w.count, w[i + 1].first?.isUppercase == true {
                    let name = w.remove(at: i + 1)
                    let possessive = name.hasSuffix("'s")
                    w[i] = (possessive ? "your" : "you") + (possessive ? "" : tail(name))
                    subject = !possessive && tail(name).isEmpty
                }
            case "i":
                w[i] = "we" + t
                subject = true
            case "i'm":
                w[i] = "we're" + t
            case "i've":
                w[i] = "we've" + t
            case "i'll":
                w[i] = "we'll" + t
            case "me":
                w[i] = "us" + t
            case "my":
                w[i] = "our" + t
            default:
                break
            }
            // Verb agreement after a new subject ("you is" → "you are", "we has" → "we have", "you reports" → "you report").
            // "you have been taking it but admits …": a verb joined to a "you" subject agrees too.
            if (b == "and" || b == "but"), w.prefix(i).contains(where: { bare($0) == "you" }), i + 1 < w.count, let base = Self.plural(bare(w[i + 1])) {
                w[i + 1] = base + tail(w[i + 1])
            }
            if subject && t.isEmpty && i + 1 < w.count {
                let v = w[i + 1], vb = bare(v), vt = tail(v)
                let fixed: String? = switch vb {
                case "is": "are"
                case "was": "were"
                case "has": "have"
                case "does": "do"
                case "doesn't": "don't"
                case "hasn't": "haven't"
                case "isn't": "aren't"
                case "wasn't": "weren't"
                case "am": "are"
                default: Self.plural(vb)
                }
                if let fixed { w[i + 1] = fixed + vt }
            }
            i += 1
        }
        return w
    }

    /// The base form of a third-person verb ("reports" → "report", "denies" → "deny"), nil when it is not one.
    static func plural(_ verb: String) -> String? {
        guard verb.count > 3, verb.hasSuffix("s"), !verb.hasSuffix("ss"), !verb.hasSuffix("us"), !verb.hasSuffix("is") else { return nil }
        let known: Set<String> = ["reports", "denies", "states", "notes", "takes", "uses", "needs", "wants", "feels", "says", "continues", "understands",
                                  "agrees", "knows", "lives", "works", "walks", "tries", "plans", "gets", "keeps", "likes", "sees", "follows",
                                  "endorses", "complains", "describes", "admits", "drinks", "eats", "sleeps", "smokes", "exercises", "goes", "wishes"]
        guard known.contains(verb) else { return nil }
        if verb.hasSuffix("ies") { return String(verb.dropLast(3)) + "y" }
        if verb.hasSuffix("oes") || verb.hasSuffix("shes") || verb.hasSuffix("ches") { return String(verb.dropLast(2)) }
        return String(verb.dropLast())
    }

    /// Plain words for the note's formal ones (whole words, case kept for the first letter).
    static let plainWords: [(String, String)] = [
        ("demonstrates", "shows"), ("demonstrated", "showed"), ("demonstrate", "show"), ("revealed", "showed"), ("reveals", "shows"),
        ("approximately", "about"), ("utilize", "use"), ("discontinue", "stop"), ("initiate", "start"), ("initiated", "started"),
        ("obtain", "get"), ("obtained", "got"), ("medications", "medicines"), ("medication", "medicine"), ("physician", "doctor"),
        ("additional", "more"), ("prior to", "before"), ("in order to", "to"), ("regarding", "about"), ("indicated", "needed"),
        ("assist", "help"), ("sufficient", "enough"), ("currently", "now"), ("subsequently", "then"), ("evaluation", "check"),
        ("evaluate", "check"), ("compliant with", "taking"), ("at this time", "now"), ("at this point", "now"), ("experiencing", "having"),
        ("dyspnea", "shortness of breath"), ("edema", "swelling"), ("bilateral", "on both sides"),
        ("bilaterally", "on both sides"), ("chronic", "long-lasting"), ("fracture", "broken bone"), ("fractures", "broken bones"),
        ("hypertension", "high blood pressure"), ("hyperlipidemia", "high cholesterol"), ("tachycardia", "fast heartbeat"),
        ("echocardiogram", "heart ultrasound"), ("physical therapy", "exercise therapy"), ("analgesic", "pain medicine"),
        ("nonsteroidal anti-inflammatory", "anti-inflammatory"), ("recommend", "suggest"), ("recommended", "suggested"),
        ("respiratory", "breathing"), ("cardiac", "heart"), ("renal", "kidney"), ("hepatic", "liver"),
        ("abdominal", "belly"), ("lesion", "spot"), ("erythema", "redness"), ("pruritus", "itching"), ("syncope", "fainting"),
        ("ambulate", "walk"), ("ambulating", "walking"), ("administer", "give"), ("administered", "given"), ("inflammation", "swelling"),
    ]

    /// Formal and medical words → plain ones, whole words only; never a negation (the evidence check compares them).
    func layTerms(_ text: String) -> String {
        var out = text
        for (formal, plainWord) in Self.plainWords where out.range(of: formal, options: .caseInsensitive) != nil {
            out = out.replacingOccurrences(of: "\\b\(NSRegularExpression.escapedPattern(for: formal))\\b", with: plainWord,
                                           options: [.regularExpression, .caseInsensitive])
        }
        return out
    }

    /// Long sentences cut at "; ", ", and ", ", but ", ", so " and ", which " when both parts have at least four words.
    func split(_ text: String) -> [String] {
        // A negated sentence stays whole: a piece cut from it could lose the negation.
        let words = Set(text.lowercased().split { !($0.isLetter || $0 == "'") }.map(String.init))
        if !words.isDisjoint(with: Self.negations) || words.contains(where: { $0.hasSuffix("n't") }) {
            return [text.hasSuffix(".") || text.hasSuffix("?") || text.hasSuffix("!") ? text : text + "."]
        }
        var parts = [text]
        for cut in ["; ", ", and ", ", but ", ", so ", ", which ", ", as well as ", " and you ", " and we ", ", then "] {
            parts = parts.flatMap { p -> [String] in
                let pieces = p.components(separatedBy: cut)
                guard pieces.count > 1, pieces.allSatisfy({ $0.split(separator: " ").count >= 4 }) else { return [p] }
                // A cut before "you"/"we" keeps that word to start the next sentence.
                let keep = cut.hasSuffix(" you ") ? "you " : cut.hasSuffix(" we ") ? "we " : ""
                return pieces.enumerated().map { n, piece in
                    var s = (n > 0 ? keep : "") + piece.trimmingCharacters(in: .whitespaces)
                    if n < pieces.count - 1 && !s.hasSuffix(".") { s += "." }
                    return s
                }
            }
        }
        return parts.map { $0.hasSuffix(".") || $0.hasSuffix("?") || $0.hasSuffix("!") ? $0 : $0 + "." }
    }

    static func capitalised(_ s: String) -> String { s.prefix(1).uppercased() + s.dropFirst() }
}
