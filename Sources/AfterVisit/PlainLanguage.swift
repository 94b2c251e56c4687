import Evidence
import Foundation
import Terminology

/// Rewrites a note sentence for the patient: second person ("He will follow up" → "You will follow up"), the
/// clinician as "we", advice as a plain instruction ("We advised you to limit salt" → "Limit salt"), labels, list
/// marks and filler openers dropped, formal and medical words replaced by the curated plain words, and long
/// sentences cut at clause boundaries. Numbers, names and negations are kept as written: a rewrite whose numbers
/// or negation differ from its source is not used.
struct PlainLanguage: Sendable {
    let plainWords: PlainWordTable

    /// Openers that carry nothing for the patient ("Now, …", "At this time, …").
    static let fillers = ["now", "so", "okay", "ok", "also", "additionally", "in addition", "furthermore", "moreover", "finally", "lastly",
                          "otherwise", "overall", "at this time", "at this point", "again", "as such", "therefore", "thus", "however", "but",
                          "of note", "in summary", "to summarize", "today", "and"]

    /// Plain-language sentences for one note sentence (empty when nothing is left).
    /// `keepingLabels`: a short labelled value keeps its label ("Lyme titer: elevated"), for results.
    func rewrite(_ sentence: String, keepingLabels: Bool = false) -> [String] {
        var text = sentence.trimmingCharacters(in: .whitespaces)
        // List marks and labels ("• Medical Treatment: …"); a short labelled value ("Lyme titer: elevated") keeps its label.
        while let first = text.first, "•-*–".contains(first) { text = String(text.dropFirst()).trimmingCharacters(in: .whitespaces) }
        if let colon = text.firstIndex(of: ":"), text.distance(from: text.startIndex, to: colon) <= 40,
           text[..<colon].split(separator: " ").count <= 5, !text[..<colon].contains(where: \.isNumber) {
            let value = text[text.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            if !keepingLabels || value.split(separator: " ").count > 3 { text = value }
        }
        text = Self.withoutFiller(text)
        guard !text.isEmpty else { return [] }
        let source = KeyFacts(sentence)
        let whole = activeVoice(imperative(replacingFormalWords(secondPerson(text.split(separator: " ").map(String.init)).joined(separator: " "))))
        let pieces = split(whole).map { Self.capitalised(Self.withoutFiller($0)) }.filter { $0.contains(where: \.isLetter) }
        // Every piece keeps the source's negation and only its numbers; otherwise the sentence is said whole, or not at all.
        if pieces.allSatisfy({ Self.keepsFacts($0, of: source) }) { return pieces }
        let one = Self.sentence(Self.capitalised(whole))
        return Self.keepsFacts(one, of: source) ? [one] : []
    }

    /// True when `text` states no number its source does not and is negated exactly when its source is.
    static func keepsFacts(_ text: String, of source: KeyFacts) -> Bool {
        let facts = KeyFacts(text)
        return facts.negated == source.negated && facts.numbers.isSubset(of: source.numbers)
    }

    /// The text without filler openers ("Now, at this time, we will …" → "we will …").
    static func withoutFiller(_ text: String) -> String {
        var out = text.trimmingCharacters(in: .whitespaces)
        var changed = true
        while changed {
            changed = false
            for f in fillers {
                let lower = out.lowercased()
                guard lower.hasPrefix(f + ", ") || lower.hasPrefix(f + " , ") else { continue }
                out = String(out.dropFirst(f.count)).trimmingCharacters(in: CharacterSet(charactersIn: " ,"))
                changed = true
            }
        }
        return out
    }

    /// Advice said as an instruction: "We advised you to keep the leg up" → "Keep the leg up", "You were told not
    /// to drive" → "Do not drive", "We suggest you change the patch daily" → "Change the patch daily".
    func imperative(_ text: String) -> String {
        let lower = text.lowercased()
        guard lower.hasPrefix("we ") || lower.hasPrefix("you ") || lower.hasPrefix("it is ") || lower.hasPrefix("advised")
            || lower.hasPrefix("encouraged") || lower.hasPrefix("told") || lower.hasPrefix("urged") else { return text }
        let adverbs = #"(?:(?:have|had|also|strongly|would|again|further|once again) )*"#
        let advise = #"(?:advised|encouraged|told|asked|urged|reminded|want|wanted|like|suggested|suggest|advise)"#
        let patterns = [
            #"^we \#(adverbs)\#(advise) you (?:not )?to "#,
            #"^you (?:were|are|have been|was) (?:also |again )?(?:advised|encouraged|told|asked|urged|reminded) (?:not )?to "#,
            #"^we \#(adverbs)(?:suggest|suggested|advise|advised) (?:that )?you (?!(?:should|will|would|can|could|may|might|must|are|were|have|had|do|did|be|not|that)\b)"#,
            #"^(?:advised|encouraged|told|urged) (?:not )?to "#,
            #"^it is (?:important|best|suggested|advised) (?:that you |for you to |to )"#,
            // Not advice but a finding told to the patient: "We have explained to you that the results point to …" → "The results point to …".
            #"^we (?:have )?(?:also )?(?:explained|told|informed|advised) (?:to )?you that "#,
        ]
        for p in patterns {
            guard let r = lower.range(of: p, options: .regularExpression) else { continue }
            let rest = String(text[r.upperBound...])
            guard rest.split(separator: " ").count >= 2 else { return text }
            // "told not to drive" → "Do not drive".
            if lower[r].hasSuffix(" not to ") || rest.lowercased().hasPrefix("not ") {
                return "Do not " + (rest.lowercased().hasPrefix("not ") ? String(rest.dropFirst(4)) : rest)
            }
            return Self.capitalised(rest)
        }
        return text
    }

    /// Orders and referrals said by who does them: "Referral to nutrition provided" → "We referred you to nutrition",
    /// "You were provided with a referral to X" → "We referred you to X", "Heart ultrasound ordered" → "We ordered a
    /// heart ultrasound".
    func activeVoice(_ text: String) -> String {
        let body = text.trimmingCharacters(in: CharacterSet(charactersIn: ". "))
        let lower = body.lowercased()
        guard !KeyFacts(body).negated, lower.contains("refer") || lower.contains("ordered") || lower.contains("provided") || lower.contains("scheduled") else { return text }
        let done = #"(?:was |were |has been |have been |is |are )?(?:also )?(?:placed|provided|made|given|sent|ordered|put in|scheduled|requested)"#
        // "You will be referred to breast specialist", "Refer to eye doctors for …": we will refer you.
        if let to = Self.capture(#"^(?:you will be referred|refer(?: you)?) to (?:an? )?(.+)$"#, in: body)?.first ?? nil {
            return "We will refer you to \(Self.destination(to))."
        }
        let referral: [String] = [
            #"^(?:a )?referral (?:was |has been |is )?(?:also )?(?:placed |provided |made |given |sent |put in )?(?:for (?:a )?(?:consult |consultation )?with |for you to see |to see |to |for )(?:an? )?(.+?)(?: \#(done))?$"#,
            #"^you (?:were|have been|are) (?:also )?(?:provided with|given|sent) (?:a )?referral (?:to see |to |for )(?:an? )?(.+)$"#,
            #"^we (?:have |had |will )?(?:also )?(?:provided|placed|made|put in|sent|given) (?:you )?(?:with )?a referral (?:to see |to |for )(?:an? )?(.+)$"#,
            #"^(.+?) referral \#(done)$"#,
        ]
        if let to = referral.lazy.compactMap({ Self.capture($0, in: body)?.first ?? nil }).first {
            return "We referred you to \(Self.destination(to))."
        }
        let pattern = #"^(?!we |you |if |once )([a-z0-9 /,-]+?) (?:was |were |has been |have been |is |are |(will ))?(?:also )?(?:be )?(?:ordered|scheduled|requested)$"#
        if let groups = Self.capture(pattern, in: body), let to = groups[0], !to.lowercased().contains(" will ") {
            let lowerTo = to.lowercased()
            let plural = lowerTo.hasSuffix("s") && !lowerTo.hasSuffix("sis") && !lowerTo.hasSuffix("ss")
            return "We \(groups[1] != nil ? "will order" : "ordered") \(plural ? "" : Self.article(for: to))\(Self.lowerFirst(to))."
        }
        return text
    }

    /// Where a referral goes, as said after "to": a person takes an article ("a nutritionist"), a service
    /// ("physical therapy") or a group ("eye doctors") does not.
    static func destination(_ to: String) -> String {
        let words = to.lowercased().split(separator: " ").prefix { !["for", "to", "in", "at", "about", "and"].contains($0) }
        let person = words.contains { w in ["ist", "ian", "doctor", "surgeon", "specialist", "therapist"].contains { w.hasSuffix($0) } }
        return (person ? article(for: to) : "") + lowerFirst(to)
    }

    /// The capture groups of a case-insensitive pattern's first match in the text (a group that took no part is nil);
    /// nil when the pattern does not match.
    static func capture(_ pattern: String, in text: String) -> [String?]? {
        guard let regex = try? NSRegularExpression(pattern: pattern, options: [.caseInsensitive]),
              let m = regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) else { return nil }
        return (1..<max(1, m.numberOfRanges)).map { g in Range(m.range(at: g), in: text).map { String(text[$0]) } }
    }

    /// "a " or "an " for a noun phrase, empty when it already has one ("an MRI", "a heart ultrasound").
    static func article(for phrase: String) -> String {
        let lower = phrase.lowercased()
        guard !["a ", "an ", "the ", "your "].contains(where: lower.hasPrefix), let first = phrase.first else { return "" }
        let word = phrase.prefix { $0 != " " }
        // Letters said by name: "an MRI", "an EKG", "a CT".
        if word.count > 1, word.allSatisfy({ $0.isUppercase || $0.isNumber }) { return "AEFHILMNORSX".contains(first) ? "an " : "a " }
        // Said with a consonant sound ("a once-a-day pill", "a urine test") or a silent h ("an hour").
        if ["one", "once", "uni", "use", "usu", "uri", "eu"].contains(where: lower.hasPrefix) { return "a " }
        if ["hour", "honest"].contains(where: lower.hasPrefix) { return "an " }
        return "aeio".contains(first.lowercased()) ? "an " : "a "
    }

    /// The first letter lowercased unless the first word is an acronym or has capitals or digits inside ("MRI", "A1c").
    static func lowerFirst(_ s: String) -> String {
        guard let first = s.split(separator: " ").first, first.dropFirst().allSatisfy({ $0.isLowercase || !$0.isLetter && !$0.isNumber }) else { return s }
        return s.prefix(1).lowercased() + s.dropFirst()
    }

    /// "he/she/the patient" → "you", "his/her" → "your", "I" → "we", with the verb made to agree.
    func secondPerson(_ input: [String]) -> [String] {
        var w = input
        var i = 0
        func bare(_ s: String) -> String { s.lowercased().replacingOccurrences(of: "\u{2019}", with: "'").trimmingCharacters(in: .punctuationCharacters) }
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
                                  "endorses", "complains", "describes", "admits", "drinks", "eats", "sleeps", "smokes", "exercises", "goes", "wishes",
                                  "re-uses", "reuses", "checks", "wears", "does"]
        guard known.contains(verb) else { return nil }
        if verb == "does" { return "do" }
        if verb.hasSuffix("ies") { return String(verb.dropLast(3)) + "y" }
        if verb.hasSuffix("oes") || verb.hasSuffix("shes") || verb.hasSuffix("ches") { return String(verb.dropLast(2)) }
        return String(verb.dropLast())
    }

    /// Formal and medical words → the curated plain ones, whole words only, the first letter's case kept.
    func replacingFormalWords(_ text: String) -> String {
        var out = text
        var lower = out.lowercased()
        for entry in plainWords.entries {
            let key = entry.formal.lowercased()
            guard lower.contains(key) else { continue }
            var from = out.startIndex
            while from < out.endIndex, let r = out.range(of: key, options: .caseInsensitive, range: from..<out.endIndex) {
                let before = r.lowerBound == out.startIndex ? nil : out[out.index(before: r.lowerBound)]
                let after = r.upperBound == out.endIndex ? nil : out[r.upperBound]
                func joins(_ c: Character?) -> Bool { c.map { $0.isLetter || $0.isNumber || $0 == "-" } ?? false }
                // Whole words: a key starting or ending in a letter does not match inside a longer word.
                let wordStart = key.first.map { $0.isLetter || $0.isNumber } ?? false, wordEnd = key.last.map { $0.isLetter || $0.isNumber } ?? false
                guard !(wordStart && joins(before)), !(wordEnd && joins(after)) else {
                    from = r.upperBound
                    continue
                }
                let capital = out[r.lowerBound].isUppercase && entry.formal.first?.isUppercase != true
                let plain = capital ? Self.capitalised(entry.plain) : entry.plain
                out.replaceSubrange(r, with: plain)
                var end = out.index(r.lowerBound, offsetBy: plain.count)
                // "an echocardiogram" → "a heart ultrasound": the article before a replaced word agrees with it.
                let head = out[..<r.lowerBound]
                let article = Self.article(for: plain)
                for (old, new) in [("an ", article), ("a ", article), ("An ", Self.capitalised(article)), ("A ", Self.capitalised(article))]
                    where head.hasSuffix(old) && old != new && !new.isEmpty {
                    let start = out.index(r.lowerBound, offsetBy: -old.count)
                    if start > out.startIndex, out[out.index(before: start)].isLetter { continue }
                    out.replaceSubrange(start..<r.lowerBound, with: new)
                    end = out.index(end, offsetBy: new.count - old.count)
                    break
                }
                from = end
            }
            lower = out.lowercased()
        }
        return out
    }

    /// Long sentences cut at "; ", ", and ", ", but ", ", so ", ", which ", " and you ", … when every part has at
    /// least four words. A negated sentence stays whole: a piece cut from it could lose the negation.
    func split(_ text: String) -> [String] {
        if KeyFacts(text).negated { return [Self.sentence(text)] }
        var parts = [text]
        // A full stop missing in the note ("… for pain relief We are going to refer you …").
        for cut in [" We ", " You "] {
            parts = parts.flatMap { p -> [String] in
                let pieces = p.components(separatedBy: cut)
                guard pieces.count > 1, pieces.dropLast().allSatisfy({ $0.last?.isLetter == true }) else { return [p] }
                return pieces.enumerated().map { n, piece in (n > 0 ? cut.trimmingCharacters(in: .whitespaces) + " " : "") + piece + (n < pieces.count - 1 ? "." : "") }
            }
        }
        for cut in ["; ", ", and ", ", but, ", ", but ", ", so ", ", which ", ", as well as ", " and you ", " and we ", ", then ", ", while ", ", although "] {
            parts = parts.flatMap { p -> [String] in
                let pieces = p.components(separatedBy: cut)
                guard pieces.count > 1, pieces.allSatisfy({ $0.split(separator: " ").count >= 4 }) else { return [p] }
                // "After reviewing the x-ray, MRI, and exam findings, …": the last item of a list, not a new clause.
                if cut == ", and " || cut == ", as well as ", pieces.dropLast().contains(where: { $0.contains(",") }) { return [p] }
                // A cut before "you"/"we" keeps that word to start the next sentence; after "which", "this" stands for what came before.
                let keep = cut.hasSuffix(" you ") ? "you " : cut.hasSuffix(" we ") ? "we " : cut == ", which " ? "this " : ""
                return pieces.enumerated().map { n, piece in
                    var s = (n > 0 ? keep : "") + piece.trimmingCharacters(in: .whitespaces)
                    if n < pieces.count - 1 && !s.hasSuffix(".") { s += "." }
                    return s
                }
            }
        }
        return parts.map(Self.sentence)
    }

    /// The text ending in a full stop (or the question or exclamation mark it has).
    static func sentence(_ s: String) -> String { s.hasSuffix(".") || s.hasSuffix("?") || s.hasSuffix("!") ? s : s + "." }

    static func capitalised(_ s: String) -> String { s.prefix(1).uppercased() + s.dropFirst() }
}
