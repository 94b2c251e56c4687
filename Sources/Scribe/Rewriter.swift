import ClinicalText
import Evidence
import Foundation

/// Turns spoken sentences into note prose without adding facts: removes fillers and repetitions, joins
/// split contractions, rewrites the patient's first person into the third person (`i have had` → `she has
/// had`, `my` → `her`) and the clinician's `you`/`your` into the patient (`your lungs are clear` → `his
/// lungs are clear`), writes `120 over 80` as `120/80`, and fixes spacing and capitals. Numbers, negations,
/// medications and sides are carried over word for word.
struct Rewriter: Sendable {
    let patient: PatientContext

    static let fillers: Set<String> = ["um", "uh", "uhm", "hmm", "mm", "mm-hmm", "uh-huh", "er", "ah", "oh", "eh", "kinda", "sorta", "yeah", "yep", "yup",
                                       "gosh", "wow", "oops"]
    static let leading: Set<String> = ["yeah", "yes", "okay", "ok", "alright", "so", "well", "and", "but", "now", "right", "sure", "oh", "yep", "um", "uh", "like", "then", "also",
                                       "wow", "honestly", "sorry", "hmm", "hmmm", "anyway", "gosh", "absolutely", "alrighty", "hey", "gotcha", "exactly"]
    /// Second words of a terse note line that opens with an auxiliary ("Has a history of …", "Does have pain …").
    static let statementSeconds: Set<String> = ["a", "an", "the", "no", "not", "been", "had", "some", "any", "always", "never", "also", "mild",
                                                "moderate", "severe", "have", "well", "good", "difficulty", "trouble", "pain", "history"]
    /// Function words a speaker stops on before restarting a phrase ("here is the here is …", "it was a it was …").
    static let restartWords: Set<String> = ["the", "a", "an", "my", "your", "his", "her", "this", "that", "to", "of", "in", "on", "uh", "um", "and"]
    /// Words of assent that open a reply before its content ("Good, so ice and rest …", "Perfect and …").
    static let assents: Set<String> = ["good", "great", "perfect", "excellent", "awesome", "cool", "fine", "wonderful", "fantastic"]
    static let adverbs: Set<String> = ["always", "usually", "sometimes", "never", "still", "also", "just", "really", "actually", "even", "often", "only",
                                       "generally", "occasionally", "normally", "definitely", "probably", "mostly", "typically", "already", "constantly", "regularly",
                                       "first", "kind", "sort"]
    init(patient: PatientContext) { self.patient = patient }

    /// Splits into words and punctuation, joining ASR's split contractions (`do n't` → `don't`).
    static func words(_ text: String) -> [String] {
        var out: [String] = []
        for raw in text.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" }) {
            var w = String(raw)
            if (w == "n't" || w.hasPrefix("'")) && !out.isEmpty && w.count <= 4 { out[out.count - 1] += w; continue }
            // Detach trailing punctuation so that words compare cleanly.
            var trailing: [String] = []
            while let last = w.last, ",.?!;:".contains(last), w.count > 1 { trailing.insert(String(last), at: 0); w.removeLast() }
            out.append(w)
            out += trailing
        }
        // The recogniser's "lem me" is "let me".
        for k in out.indices.dropLast() where out[k].lowercased() == "lem" && out[k + 1].lowercased() == "me" { out[k] = out[k] == "Lem" ? "Let" : "let" }
        return out
    }

    /// Fillers, stutters (`i i`, `a , a`) and leading discourse markers removed.
    static func clean(_ words: [String]) -> [String] {
        var out: [String] = []
        for w in words {
            let l = w.lowercased()
            // "the er" is the emergency room, not a hesitation.
            if fillers.contains(l), !(l == "er" && ["the", "an", "to", "in", "from"].contains(out.last?.lowercased() ?? "")) { continue }
            if let last = out.last, last.lowercased() == l, l.first?.isLetter == true { continue }
            // "it it's" → "it's"; "it's it stays" → "it stays"
            if let last = out.last?.lowercased(), last.first?.isLetter == true, l.hasPrefix(last + "'") || last.hasPrefix(l + "'") { out.removeLast() }
            // "a , a" → "a"
            if out.count >= 2, out[out.count - 1] == ",", out[out.count - 2].lowercased() == l, l.first?.isLetter == true || l.first?.isNumber == true {
                out.removeLast()
                continue
            }
            if l.hasSuffix("-"), l.count > 1 { continue }  // cut-off word ("s-")
            out.append(w)
        }
        // "you know", "i mean", "my gosh" as fillers
        var i = 0
        var result: [String] = []
        while i < out.count {
            let l = out[i].lowercased()
            let next = i + 1 < out.count ? out[i + 1].lowercased() : ""
            if (l == "you" && next == "know") || (l == "i" && next == "mean") || (l == "my" && ["gosh", "god", "goodness"].contains(next))
                || (l == "excuse" && next == "me") {
                i += 2
                if i < out.count && out[i] == "," { i += 1 }
                continue
            }
            // "like" before an amount ("for like four days") and "really" or "pretty" as intensifiers ("it really hurts",
            // "pretty sore"); "not really" keeps its meaning.
            if l == "like", Self.isAmount(next) { i += 1; continue }
            // "no like murmur": "like" after a determiner of a finding.
            if l == "like", ["no", "any", "some"].contains(result.last?.lowercased() ?? ""), next.first?.isLetter == true { i += 1; continue }
            // "like" as a filler: "to like stop", "and like breathe", "getting like shaky", "had like any tingling", "like a one".
            if l == "like", let previous = result.last?.lowercased(), next.first?.isLetter == true || next.first?.isNumber == true {
                let afterNext = i + 2 < out.count ? out[i + 2].lowercased() : ""
                let filler = (previous == "to" && English.isBaseVerb(next))
                    || (["and", "or", "just"].contains(previous) && English.isBaseVerb(next) && !["that", "this", "it"].contains(next))
                    || (["getting", "get", "gets", "got", "gotten"].contains(previous) && !["a", "an", "the", "that", "this", "it"].contains(next))
                    || (["had", "have", "has", "having"].contains(previous) && ["any", "a", "an", "some"].contains(next))
                    || (next == "a" && Self.isAmount(afterNext))
                if filler { i += 1; continue }
            }
            // Spoken stance adverbs: "it definitely helps", "basically, it is a sprain".
            if Self.stanceAdverbs.contains(l), i + 1 < out.count {
                i += 1
                if i < out.count && out[i] == "," { i += 1 }
                continue
            }
            if l == "really", !["not", "never", "no"].contains(result.last?.lowercased() ?? ""), !(result.last?.lowercased().hasSuffix("n't") ?? false),
               i + 1 < out.count, out[i + 1].first?.isLetter == true { i += 1; continue }
            if l == "pretty", i + 1 < out.count, !["much", "well", "good", "sure"].contains(next), next.first?.isLetter == true,
               !["a", "the", "very"].contains(result.last?.lowercased() ?? "") { i += 1; continue }
            // "just" as a filler ("it just really hurts"), not as time ("it just started").
            // After "no" it means "only" ("no, just a headache") and keeps the reply from reading as a denial.
            if l == "just" && !["started", "began", "got", "had", "finished", "came", "now", "recently", "moved"].contains(next)
                && !["no", "not", "nope", ","].contains(result.last?.lowercased() ?? "") { i += 1; continue }
            // "kind of" and "sort of" as hedges ("we've kind of battled"), not as nouns ("this kind of pain").
            if ["kind", "sort"].contains(l) && next == "of" && !English.kindDeterminers.contains(result.last?.lowercased() ?? "") {
                i += 2
                if i < out.count && out[i] == "," { i += 1 }
                continue
            }
            // "like" set off by commas ("it felt, like, numb", "was like, a tiny bit high").
            if l == "like" && next == "," {
                i += 2
                continue
            }
            // Vague tails: "and everything", "and stuff", "or something", "or whatever" before a comma or the end.
            if ["and", "or"].contains(l), ["everything", "stuff", "something", "whatever", "anything"].contains(next),
               i + 2 >= out.count || [",", ".", "?", "!"].contains(out[i + 2]) {
                i += 2
                continue
            }
            // "… or anything like that", "… and things like that".
            if ["and", "or"].contains(l), ["anything", "something", "things", "stuff", "everything"].contains(next), i + 3 < out.count,
               out[i + 2].lowercased() == "like", out[i + 3].lowercased() == "that", i + 4 >= out.count || [",", ".", "?", "!"].contains(out[i + 4]) {
                i += 4
                continue
            }
            result.append(out[i])
            i += 1
        }
        result = withoutRepeats(result)
        // A restart over one word: "here is the here is his x-ray" → "here is his x-ray".
        var m = 0
        while m + 4 < result.count {
            let a = result[m..<(m + 2)].map { $0.lowercased() }, b = result[(m + 3)..<(m + 5)].map { $0.lowercased() }
            if a == b, a.allSatisfy({ $0.first?.isLetter == true }), restartWords.contains(result[m + 2].lowercased()) {
                result.removeSubrange(m..<(m + 3))
                continue
            }
            m += 1
        }
        while let first = result.first?.lowercased() {
            if leading.contains(first) || first == "," { result.removeFirst(); continue }
            if first == "all" && result.count > 1 && result[1].lowercased() == "right" { result.removeFirst(2); continue }
            if first == "got" && result.count > 1 && result[1].lowercased() == "it" { result.removeFirst(2); continue }
            if assents.contains(first), result.count > 2, leading.contains(result[1].lowercased()) || result[1] == "," { result.removeFirst(); continue }
            // "No, he does not have any problems": the answer's "no" when the clause carries its own negation.
            if first == "no", result.count > 3, ["he", "she", "they", "it", "you"].contains(result[result[1] == "," ? 2 : 1].lowercased()),
               result.dropFirst(2).contains(where: { ["not", "never", "no", "n't"].contains($0.lowercased()) || $0.lowercased().hasSuffix("n't") }) {
                result.removeFirst(result[1] == "," ? 2 : 1)
                continue
            }
            break
        }
        // "I know he did …", "I remember he …": the clinician's musing is not part of the fact.
        if result.count > 3, result[0].lowercased() == "i", ["know", "remember", "guess", "see"].contains(result[1].lowercased()),
           !["that", "you", "your"].contains(result[2].lowercased()) || result[2].lowercased() == "that" {
            result.removeFirst(result[2].lowercased() == "that" ? 3 : 2)
        }
        return result
    }

    /// Adverbs of speech that add nothing to a note's sentence.
    static let stanceAdverbs: Set<String> = ["definitely", "actually", "basically", "honestly", "literally", "obviously", "certainly", "totally",
                                             "absolutely", "seriously", "super"]

    /// True for a word that begins an amount: digits or a number said in words.
    static func isAmount(_ word: String) -> Bool {
        word.first?.isNumber == true || English.numberWords.contains(word)
    }

    /// Repeated phrases of two to six words ("i feel , i feel bloated", "it was it was", "she is, she is"): said once.
    static func withoutRepeats(_ words: [String]) -> [String] {
        var result = words
        var n = 6
        while n >= 2 {
            var k = 0
            while k + 2 * n <= result.count {
                let first = result[k..<(k + n)].map { $0.lowercased() }
                var second = k + n
                if second < result.count, result[second] == "," { second += 1 }
                if second + n <= result.count, result[second..<(second + n)].map({ $0.lowercased() }) == first, first.allSatisfy({ $0.first?.isLetter == true }) {
                    result.removeSubrange(k..<second)
                    continue
                }
                k += 1
            }
            n -= 1
        }
        return result
    }

    /// Words an abandoned start may end on before the speaker begins again: function words and common verbs, never a
    /// noun, finding, number or list word (so "she has pain and she has swelling" keeps both).
    static func abandonable(_ word: String) -> Bool {
        let l = word.lowercased()
        if ["and", "or", "but", "so", "because", "then"].contains(l) || !l.allSatisfy({ $0.isLetter || $0 == "'" }) { return false }
        return English.auxiliaries.contains(l) || English.prepositions.contains(l) || English.subjects.contains(l) || English.kindDeterminers.contains(l)
            || ["to", "not", "just", "really", "also", "him", "her", "them", "me", "you", "my", "his", "their", "going", "gonna", "like"].contains(l)
            || restartVerbs.contains(l)
    }
    /// Body parts and areas a speaker points at ("that foot", "this area").
    static let pointedParts: Set<String> = ["foot", "feet", "ankle", "ankles", "knee", "knees", "leg", "legs", "hip", "hips", "hand", "hands", "finger",
                                            "fingers", "thumb", "wrist", "elbow", "arm", "arms", "shoulder", "shoulders", "neck", "toe", "toes", "heel",
                                            "area", "joint", "joints", "muscle", "muscles", "tendon", "tendons", "spot", "eye", "eyes", "ear", "ears", "calf",
                                            "thigh", "forearm", "scar", "wound", "incision", "lesion", "mole", "rash", "bone", "bones", "ligament", "ligaments"]

    /// Words before "here" or "there" that make it a place ("in here", "over there", "they are still there", "it starts there").
    static let placeBefore: Set<String> = ["in", "out", "over", "up", "down", "from", "to", "get", "go", "went", "been", "come", "came", "back", "stay",
                                           "right", "is", "are", "was", "were", "and", "but", "so", "that", "kept", "still", "not", "be", "being", "starts",
                                           "started", "the", "a", "an", "which", "what", "where", "it's", "all", "just", "put", "move", "moved"]

    /// Verbs a speaker breaks off after and says again ("I want to keep I want her to keep"); a verb that is also a
    /// finding ("cough", "swell") is never among them.
    static let restartVerbs: Set<String> = ["keep", "do", "go", "get", "take", "use", "put", "give", "see", "say", "think", "want", "like", "need",
                                            "make", "try", "start", "have", "be", "know", "feel", "tell", "let", "look"]

    /// A restart that repeats its opening: "I want to keep I want her to keep" → "I want her to keep"; "I think she is
    /// I think she likes" → "I think she likes"; "What I want her to do I want her to use" → "I want her to use". The
    /// repeated opening starts with a subject pronoun and is two or three words; at most three abandoned words sit between,
    /// all of them ``abandonable(_:)``.
    static func withoutRestarts(_ input: [String]) -> [String] {
        var w = input
        var f = 0
        search: while f + 4 < w.count {
            guard English.subjects.contains(w[f].lowercased()) else { f += 1; continue }
            for n in [3, 2] where f + 2 * n < w.count {
                let opening = w[f..<(f + n)].map { $0.lowercased() }
                for gap in 1...3 {
                    let again = f + n + gap
                    guard again + n <= w.count else { break }
                    guard w[(f + n)..<again].allSatisfy(abandonable) else { break }
                    if w[again..<(again + n)].map({ $0.lowercased() }) == opening {
                        // "What I want her to do I want her to use …": the cleft's "what" goes with it.
                        w.removeSubrange((f > 0 && w[f - 1].lowercased() == "what" ? f - 1 : f)..<again)
                        continue search
                    }
                }
            }
            f += 1
        }
        return w
    }

    /// Conjugates the verb after a third-person subject at `i` (skipping adverbs).
    static func conjugate(_ words: inout [String], after i: Int) {
        var j = i + 1
        while j < words.count && adverbs.contains(words[j].lowercased()) { j += 1 }
        guard j < words.count else { return }
        let w = words[j].lowercased()
        let contractions = ["don't": "does not", "didn't": "did not", "can't": "cannot", "haven't": "has not", "won't": "will not", "wasn't": "was not",
                            "'m": "is", "am": "is", "'ve": "has", "'re": "is", "were": "was", "are": "is", "couldn't": "could not", "wouldn't": "would not",
                            "shouldn't": "should not", "isn't": "is not", "aren't": "is not", "doesn't": "does not", "weren't": "was not"]
        if let c = contractions[w] { words[j] = c } else if w == "have" || w == "do" || English.isBaseVerb(w) { words[j] = English.thirdPerson(w) }
    }

    /// Conjugates the second verb of a predicate the subject at `i` shares ("i'm either constipated or have diarrhea"
    /// → "he is either constipated or has diarrhea"), up to the next subject or punctuation.
    static func conjugateCoordinated(_ words: inout [String], after i: Int) {
        let modals: Set<String> = ["can", "will", "would", "could", "should", "might", "may", "must", "to", "did", "do", "'ll", "'d"]
        // After a modal the shared verb stays in its base form ("I can sit down and get …").
        if i + 1 < words.count, modals.contains(words[i + 1].lowercased()) { return }
        var j = i + 2
        while j + 1 < min(words.count, i + 12) {
            let w = words[j].lowercased()
            if [",", ".", ";", "?", "!"].contains(w) || English.subjects.contains(w) || ["you", "that", "which", "who", "when", "if", "because", "to", "can", "will", "would", "could", "should", "might", "may"].contains(w) { return }
            if ["and", "or"].contains(w) {
                let v = words[j + 1].lowercased()
                if v == "have" || v == "do" || (English.isBaseVerb(v) && English.commonVerbs.contains(v) && v != "like") { words[j + 1] = English.thirdPerson(v) }
                return
            }
            j += 1
        }
    }

    /// Cleans `text`, applies `rule` to each word (it may rewrite the words array), and finishes the sentence.
    func rewrite(_ text: String, _ rule: (inout [String], Int, String) -> Void) -> String? {
        // Stutters ("i-i think", "th-the"): the word once, before the person is changed.
        // A check asked at the end ("…, okay ?") makes a statement no question; "…, right ?" stays one.
        let text = Self.questionTagPattern.replacing(in: text, with: " .")
        var w = Self.clean(Self.words(text)).map { word -> String in
            let parts = word.split(separator: "-")
            // "i-i'd" → "i'd": the second part restarts the first.
            return parts.count == 2 && parts[1].lowercased().hasPrefix(parts[0].lowercased()) && parts[0].count <= 3 ? String(parts[1]) : word
        }
        var i = 0
        while i < w.count {
            rule(&w, i, w[i].lowercased())
            i += 1
        }
        return finish(w)
    }

    /// The patient's own words, in the third person.
    func patientSentence(_ text: String) -> String? {
        let (subject, object, possessive, reflexive) = patient.pronouns
        // "No, I don't have any problems …": the patient's answer "no" when the clause carries its own negation.
        let answered = Self.answerNoPattern.matches(text) && KeyFacts.isNegated(String(text.drop { $0 != " " })) ? String(text.drop { $0 != " " }) : text
        return rewrite(answered) { w, i, l in
            switch l {
            case "i":
                w[i] = subject
                Self.conjugate(&w, after: i)
                Self.conjugateCoordinated(&w, after: i)
            case "i'm": w[i] = subject + " is"; Self.conjugateCoordinated(&w, after: i)
            case "i've": w[i] = subject + " has"; Self.conjugateCoordinated(&w, after: i)
            case "i'd": w[i] = subject + " would"
            case "i'll": w[i] = subject + " will"
            case "my": w[i] = possessive
            case "me": w[i] = object
            case "mine": w[i] = possessive == "her" ? "hers" : possessive
            case "myself": w[i] = reflexive
            case "we": w[i] = "they"
            case "we're": w[i] = "they are"
            case "we've": w[i] = "they have"
            case "our": w[i] = "their"
            case "us": w[i] = "them"
            default: break
            }
        }
    }

    /// "…, okay ?" checks that the listener follows; "…, right ?" asks to confirm a fact and stays a question.
    static let questionTagPattern = CompiledPattern(#"\s*,\s*(okay|ok|all right|alright)\s*\?\s*$"#)!

    static let answerNoPattern = CompiledPattern(#"^no ,? ?i ?(do n't|don't|do not|have n't|haven't|have not|did n't|didn't|did not|ca n't|can't|cannot|never|'ve never|'ve not|am not|'m not|have never|'ve had no)\b"#)!

    /// The clinician's words about the patient: `you`/`your` become the patient.
    func clinicianSentence(_ text: String) -> String? {
        let (subject, object, possessive, reflexive) = patient.pronouns
        return rewrite(text) { w, i, l in
            switch l {
            case "you":
                if Self.youIsObject(w, at: i) { w[i] = object } else { w[i] = subject; Self.conjugate(&w, after: i) }
            case "you're": w[i] = subject + " is"
            case "you've": w[i] = subject + " has"
            case "you'd": w[i] = subject + " would"
            case "you'll": w[i] = subject + " will"
            case "your": w[i] = possessive
            case "yours": w[i] = possessive
            case "yourself": w[i] = reflexive
            case "we're": w[i] = "we are"
            case "i'm": w[i] = "I am"
            case "i've": w[i] = "I have"
            case "i'll": w[i] = "I will"
            case "i'd": w[i] = "I would"
            case "i": w[i] = "I"
            case "wan": if i + 1 < w.count && w[i + 1].lowercased() == "na" { w[i] = "want"; w[i + 1] = "to" }
            default: break
            }
        }
    }

    /// Words after "you" that make it an object: an infinitive, a particle, an article or a preposition
    /// ("want you to", "see you back", "give you a", "for you").
    static let afterObject: Set<String> = ["to", "on", "off", "in", "back", "up", "out", "down", "over", "a", "an", "the", "some", "this", "these",
                                           "those", "something", "anything", "my", "his", "her", "through", "for", "with", "at", "from", "about",
                                           "into", "today", "again", "now", "both", "all", "guys", "know", "your", "you", "yourself", ",", ".", "?", "!", ";", ":"]
    /// Verbs after which "you" is the object even before a bare verb ("have you take", "let you know", "help you sleep").
    static let causatives: Set<String> = ["let", "have", "make", "help", "get", "having", "making", "helping", "letting", "getting", "watch", "hear",
                                          "made", "had", "helped", "got", "lets", "makes", "helps", "gets"]

    /// Verbs that give the listener something ("prescribe you oxycodone", "send you a referral"): "you" after one is the object.
    static let givingVerbs: Set<String> = ["prescribe", "give", "send", "bring", "offer", "write", "show", "tell", "ask", "order", "hand", "prescribed",
                                           "gave", "sent", "wrote", "showed", "told", "asked", "ordered"]

    /// Whether the clinician's "you" at `i` is an object (him/her) rather than a subject (he/she): after a
    /// preposition, before an infinitive, particle, article or the end, after a causative verb, or after a verb
    /// that takes an object when no verb follows ("continue you on", "I would like you to try").
    static func youIsObject(_ w: [String], at i: Int) -> Bool {
        let prev = i > 0 ? w[i - 1].lowercased() : ""
        let next = i + 1 < w.count ? w[i + 1].lowercased() : "."
        if English.prepositions.contains(prev) || causatives.contains(prev) || givingVerbs.contains(prev) || afterObject.contains(next) { return true }
        return English.objectVerbs.contains(prev) && !(English.isVerbForm(next) || adverbs.contains(next))
    }

    /// `120 over 80` → `120/80`, spacing, a capital and a full stop; nil when nothing is left.
    func finish(_ input: [String]) -> String? {
        var w = Self.spokenQuantities(Self.spokenDecimals(input))
        // A word the rewriting made twice ("I, I'm" → "he, he is"): once.
        var r = 1
        while r < w.count {
            let l = w[r].lowercased()
            if l.first?.isLetter == true, w[r - 1].lowercased() == l { w.remove(at: r); continue }
            if r >= 2, w[r - 1] == ",", w[r - 2].lowercased() == l, ["he", "she", "they", "i", "it", "we", "the"].contains(l) { w.removeSubrange((r - 1)...r); continue }
            r += 1
        }
        // A false start: "she is she has come in" → "she has come in"; "I am also I am going to" → "I am going to".
        let subjects = English.subjects
        var f = 0
        while f + 2 < w.count {
            let l = w[f].lowercased()
            // One subject cut off by another: "I it's funny", "she I guess".
            if subjects.contains(l), subjects.contains(w[f + 1].lowercased()) || ["it's", "he's", "she's", "they're", "i'm", "we're"].contains(w[f + 1].lowercased()) {
                w.remove(at: f)
                continue
            }
            if subjects.contains(l), English.auxiliaries.contains(w[f + 1].lowercased()) {
                let again = w[f + 2].lowercased() == l ? f + 2 : f + 3 < w.count && Self.adverbs.contains(w[f + 2].lowercased()) && w[f + 3].lowercased() == l ? f + 3 : nil
                if let again { w.removeSubrange(f..<again); continue }
            }
            f += 1
        }
        var i = 1
        while i + 1 < w.count {
            if w[i].lowercased() == "over", Double(w[i - 1]) != nil, Double(w[i + 1]) != nil {
                w[i - 1] = w[i - 1] + "/" + w[i + 1]
                w.removeSubrange(i...(i + 1))
            }
            i += 1
        }
        for k in w.indices {
            if w[k].lowercased() == "gon" && k + 1 < w.count && w[k + 1].lowercased() == "na" { w[k] = "going"; w[k + 1] = "to" }
            if w[k].lowercased() == "wan" && k + 1 < w.count && w[k + 1].lowercased() == "na" { w[k] = "want"; w[k + 1] = "to" }
        }
        w = Self.withoutRepeats(Self.withoutRestarts(Self.expandingContractions(w)))
        w = Self.withoutDoseCommas(Self.withoutStrayCommas(Self.plainDegree(Self.withoutEmphaticDo(Self.formal(Self.withoutStrayCommas(w))))))
        var text = ""
        for t in w {
            if t.count == 1, ",.?!;:".contains(t) { text += t } else { text += (text.isEmpty ? "" : " ") + t }
        }
        text = text.replacingOccurrences(of: " ,", with: ",")
        if text.contains(" -") { text = Self.hyphenPattern.replacing(in: text, with: "$1-$2") }
        while text.contains(",,") { text = text.replacingOccurrences(of: ",,", with: ",") }
        text = Self.withoutHedgingLead(Self.withoutNarration(Self.withoutMusing(Self.dropProblemLead(text))))
        text = Self.feelsLikePattern.replacing(in: Self.withoutComment(text), with: "$1 as if ")
        // "Here, his blood pressure is still high" and "… any other questions about those": the visit's own words.
        text = Self.questionsTailPattern.replacing(in: Self.hereLeadPattern.replacing(in: text, with: ""), with: "")
        if let first = text.first, first.isLowercase { text = first.uppercased() + text.dropFirst() }
        // Tags of speech: "…, okay." and the asked "…, okay?", which make a statement no question ("…, right?" asks to
        // confirm a fact and stays a question).
        for tag in [", okay", ", right", ", you know", ", all right", ", alright", ", yes", ", yeah", ", things"]
        where text.lowercased().hasSuffix(tag) || text.lowercased().hasSuffix(tag + ".")
            || (text.lowercased().hasSuffix(tag + "?") && [", okay", ", all right", ", alright"].contains(tag)) {
            text = String(text.dropLast(text.hasSuffix(".") || text.hasSuffix("?") ? tag.count + 1 : tag.count))
        }
        while let last = text.last, ",;:".contains(last) { text.removeLast() }
        while let first = text.first, ",;:. ".contains(first) { text.removeFirst() }
        // Spoken tags at the end without a comma: "… a little bit swollen yeah".
        for tag in [" yeah", " yes", " okay", " right", " alright", " you know"] where text.lowercased().hasSuffix(tag) && text.count > tag.count + 10
            && !Self.beforeOkay.contains(text.dropLast(tag.count).split(separator: " ").last.map { $0.lowercased() } ?? "") {
            text = String(text.dropLast(tag.count))
        }
        text = Self.withoutDanglingEnd(Self.commaAfterOpeningClause(text))
        guard text.split(separator: " ").count >= 3, !Self.isFragment(text) else { return nil }
        if let f = text.first { text = f.uppercased() + text.dropFirst() }
        if let last = text.last, !".?!".contains(last) { text += "." }
        if text.hasSuffix("?") { return nil }
        return text.replacingOccurrences(of: " i ", with: " I ")
    }
}

extension Rewriter {
    /// Spoken wording as a note puts it: `nice and soft` → `soft`, `pretty good` → `good`, `a bunch of` → `a lot of`.
    static let formalPhrases: [([String], [String])] = [
        (["nice", "and"], []), (["pretty", "good"], ["good"]), (["pretty", "well"], ["well"]), (["a", "bunch", "of"], ["a", "lot", "of"]), (["a", "ton", "of"], ["a", "lot", "of"]),
        (["this", "history", "of"], ["a", "history", "of"]), (["that", "left"], ["the", "left"]), (["that", "right"], ["the", "right"]),
        (["this", "left"], ["the", "left"]), (["this", "right"], ["the", "right"]),
        (["a", "little", "bit", "of", "a"], ["a"]), (["a", "little", "bit", "of", "an"], ["an"]),
        (["go", "ahead", "and"], []), (["going", "to", "go", "ahead", "and"], ["going", "to"]),
        (["went", "and", "got"], ["got"]), (["right", "now"], ["currently"]), (["go", "and", "get"], ["get"]), (["kind", "of", "like"], []), (["sort", "of", "like"], []),
    ]

    /// `words` with spoken wording replaced (``formalPhrases``); "nice and" goes only before an adjective of a finding.
    static func formal(_ words: [String]) -> [String] {
        var out: [String] = []
        var i = 0
        outer: while i < words.count {
            for (phrase, replacement) in formalPhrases where i + phrase.count <= words.count
                && zip(phrase, words[i..<(i + phrase.count)]).allSatisfy({ $0 == $1.lowercased() }) {
                if phrase == ["nice", "and"], !(i + 2 < words.count && ["soft", "clear", "regular", "warm", "dry", "strong", "smooth", "pink", "moist", "supple", "full", "controlled", "stable", "normal", "healed", "slow"].contains(words[i + 2].lowercased())) { continue }
                var r = replacement
                if words[i].first?.isUppercase == true, let f = r.first { r[0] = f.prefix(1).uppercased() + f.dropFirst() }
                out += r
                i += phrase.count
                continue outer
            }
            // "For his asthma, let's continue …": the order without "let's" inside a sentence (its opening is the plan's).
            if words[i].lowercased() == "let's", i > 0 {
                // Past "go ahead and", which goes too.
                let n = i + 3 < words.count && words[(i + 1)...(i + 3)].map({ $0.lowercased() }) == ["go", "ahead", "and"] ? i + 4 : i + 1
                if n < words.count, orderOpeners.contains(words[n].lowercased()) || ["put", "give", "keep", "place", "treat", "have"].contains(words[n].lowercased()) {
                    i += 1
                    continue
                }
            }
            // "he got ta shake it out", "she gotta": "has to" (after "I", "we", "they": "have to").
            let gotta = words[i].lowercased() == "gotta" ? 1 : words[i].lowercased() == "got" && i + 1 < words.count && words[i + 1].lowercased() == "ta" ? 2 : 0
            if gotta > 0 {
                out += [["i", "we", "they", "you"].contains(out.last?.lowercased() ?? "") ? "have" : "has", "to"]
                i += gotta
                continue
            }
            // "she does report like having": "like" before a verb in -ing.
            if words[i].lowercased() == "like", i > 0, i + 1 < words.count, words[i + 1].lowercased().hasSuffix("ing"), words[i + 1].count > 5,
               !["feel", "feels", "felt", "looks", "look", "seems", "sounds", "would", "'d"].contains(words[i - 1].lowercased()) { i += 1; continue }
            let lower = words[i].lowercased(), previous = i > 0 ? words[i - 1].lowercased() : "", next = i + 1 < words.count ? words[i + 1].lowercased() : ""
            // "like" as a filler after a word it cannot complete ("probably like a few times", "had to like stop"); "feel
            // like", "looks like", "would like" keep it.
            if lower == "like", i > 0 {
                if ["probably", "maybe", "just", "to", "and", "but", "had", "of", "is", "was", "he", "she", "they", "it", "really"].contains(previous), !next.isEmpty,
                   !["that", "this", "it", "him", "her", "them", "what", "how", "when"].contains(next), !(previous == "is" || previous == "was") || ["a", "an"].contains(next) {
                    i += 1
                    continue
                }
            }
            // "that foot", "those muscles": the body part the talk points at is "the" part in a note.
            if ["that", "this", "those", "these"].contains(lower), Self.pointedParts.contains(next), !["is", "was", "all"].contains(previous) {
                out.append(i == 0 || words[i].first?.isUppercase == true ? "The" : "the")
                i += 1
                continue
            }
            // "here" and "there" pointing in the room: "his EKG here is normal", "swelling there on the elbow". "There is",
            // "here for", "in here", "over there" keep theirs.
            let be = ["is", "are", "was", "were"].contains(next)
            if ["here", "there"].contains(lower), i > 0, !Self.placeBefore.contains(previous), previous.first?.isLetter == true,
               next.isEmpty || [",", ".", "on", "at", "with", "all", "shows", "showed", "look", "looks"].contains(next) || (lower == "here" && (be || next == "and")),
               !(lower == "here" && ["for", "in", "today", "to"].contains(next)) {
                i += 1
                continue
            }
            // "she has got tenderness" → "she has tenderness" (not "has got worse", "has got to").
            if lower == "got", ["has", "have", "had"].contains(previous), !next.isEmpty, next.first?.isLetter == true,
               !["to", "worse", "better", "bigger", "smaller", "sick", "used", "up", "out", "into", "off", "back", "over", "rid", "through", "ta"].contains(next),
               !English.isPast(next), !next.hasSuffix("er"), !next.hasSuffix("en") {
                i += 1
                continue
            }
            // "just" and "really" as emphasis go; "just started" (recently) and "not really sore" (hardly) keep theirs.
            if ["just", "really"].contains(lower), i > 0, !next.isEmpty, next.first?.isLetter == true, !["like", "a", "an", "the", "one", "once"].contains(next),
               !(lower == "just" && English.isPast(next)), !(lower == "really" && (previous == "not" || previous.hasSuffix("n't"))) {
                i += 1
                continue
            }
            // "a lot of pain" → "significant pain".
            if words[i].lowercased() == "a", i + 3 < words.count, words[i + 1].lowercased() == "lot", words[i + 2].lowercased() == "of",
               mildFindings.contains(words[i + 3].lowercased()) || ["stress", "trouble", "difficulty"].contains(words[i + 3].lowercased()) {
                out.append(words[i] == "A" ? "Significant" : "significant")
                i += 3
                continue
            }
            out.append(words[i])
            i += 1
        }
        return out
    }

    /// Words after which a recogniser's comma is never a writer's: articles, possessives, prepositions, conjunctions and
    /// auxiliaries ("his abdomen, is soft", "he also has, positive for strep", "and, his lower extremities").
    static let noCommaAfter: Set<String> = ["a", "an", "the", "his", "her", "their", "my", "your", "our", "its", "of", "to", "with", "for", "on", "in",
                                            "at", "from", "by", "into", "and", "or", "is", "are", "was", "were", "has", "have", "had", "be", "been",
                                            "do", "does", "did", "will", "would", "can", "could", "should", "also", "very", "that's", "it's", "some"]
    /// Verbs before which a comma splits a subject from its verb ("His abdomen, is soft.").
    static let noCommaBefore: Set<String> = ["is", "are", "was", "were", "has", "have", "had", "looks", "look", "seems", "seem", "shows", "showed"]

    /// `words` without the commas a recogniser put inside a phrase.
    static func withoutStrayCommas(_ words: [String]) -> [String] {
        var out: [String] = []
        for (k, word) in words.enumerated() {
            if word == ",", let previous = out.last?.lowercased(), noCommaAfter.contains(previous) { continue }
            if word == ",", k + 1 < words.count, noCommaBefore.contains(words[k + 1].lowercased()), let previous = out.last,
               previous.first?.isLetter == true, !["and", "but", "which", "who"].contains(previous.lowercased()), out.count <= 4 { continue }
            out.append(word)
        }
        return out
    }

    /// Contractions as a note writes them out (`don't` → `do not`, `there's` → `there is`).
    static let contractions: [String: String] = [
        "don't": "do not", "doesn't": "does not", "didn't": "did not", "isn't": "is not", "aren't": "are not", "wasn't": "was not",
        "weren't": "were not", "can't": "cannot", "won't": "will not", "couldn't": "could not", "wouldn't": "would not",
        "shouldn't": "should not", "haven't": "have not", "hasn't": "has not", "hadn't": "had not", "i'm": "I am", "i've": "I have",
        "i'll": "I will", "i'd": "I would", "we're": "we are", "we've": "we have", "we'll": "we will", "they're": "they are",
        "they've": "they have", "they'll": "they will", "you're": "you are", "you've": "you have", "you'll": "you will", "'cause": "because",
        "there's": "there is", "it's": "it is", "that's": "that is", "he's": "he is", "she's": "she is", "what's": "what is",
        "here's": "here is", "there're": "there are", "would've": "would have", "could've": "could have", "should've": "should have",
        "he'll": "he will", "she'll": "she will", "it'll": "it will", "that'll": "that will", "we'd": "we would", "he'd": "he would",
        "she'd": "she would", "they'd": "they would", "where's": "where is", "how's": "how is",
    ]

    /// `words` with their contractions written out; `'s` before a participle is `has` (`it's been` → `it has been`).
    static func expandingContractions(_ words: [String]) -> [String] {
        var out: [String] = []
        for (k, word) in words.enumerated() {
            guard word.contains("'") || word.contains("\u{2019}") else { out.append(word); continue }
            let l = word.lowercased().replacingOccurrences(of: "\u{2019}", with: "'")
            let next = k + 1 < words.count ? words[k + 1].lowercased() : ""
            // A noun's "'s" before a participle or a state is "has" or "is", not a possessive ("her heart's been",
            // "his thyroid's a bit enlarged").
            if contractions[l] == nil, l.hasSuffix("'s"), l.count > 3, l.dropLast(2).allSatisfy(\.isLetter) {
                let stem = String(word.dropLast(2))
                if ["been", "got", "gotten", "had"].contains(next) { out += [stem, "has"]; continue }
                if Self.stateAfterIs.contains(next) { out += [stem, "is"]; continue }
                // "the physical therapy's gone well", "the ligament's torn": a participle after the noun.
                if ["gone", "done", "helped", "worked", "changed", "improved", "healed", "torn", "swollen", "broken"].contains(next) {
                    out += [stem, ["torn", "swollen", "broken", "healed"].contains(next) ? "is" : "has"]
                    continue
                }
            }
            guard var full = contractions[l] else { out.append(word); continue }
            if l.hasSuffix("'s"), next == "been" || next == "got" || next == "had" || (English.isPast(next) && !["used", "supposed"].contains(next)) {
                full = full.replacingOccurrences(of: " is", with: " has")
            }
            // "he'd been", "we'd tried": "had", not "would".
            if l.hasSuffix("'d"), next == "been" || (English.isPast(next) && !["used", "supposed", "liked"].contains(next)) {
                full = full.replacingOccurrences(of: " would", with: " had")
            }
            if word.first?.isUppercase == true { full = full.prefix(1).uppercased() + full.dropFirst() }
            out += full.split(separator: " ").map(String.init)
        }
        return out
    }

    /// Words after a noun's "'s" that make it "is" ("his thyroid's a bit enlarged", "her pressure's still high").
    static let stateAfterIs: Set<String> = ["a", "doing", "going", "getting", "still", "not", "high", "low", "elevated", "stable", "better", "worse",
                                            "fine", "okay", "slightly", "normal", "nice", "good", "great", "improving", "healing"]

    /// Units after which a spoken number is written in digits, with the unit as notes abbreviate it.
    static let quantityUnits: [String: String] = [
        "milligrams": "mg", "milligram": "mg", "mg": "mg", "micrograms": "mcg", "mcg": "mcg", "units": "units", "percent": "%", "days": "days",
        "weeks": "weeks", "months": "months", "years": "years", "hours": "hours", "minutes": "minutes", "times": "times", "pounds": "pounds",
        "degrees": "degrees", "centimeters": "cm", "centimeter": "cm", "millimeters": "mm", "grams": "g", "milliliters": "mL", "tablets": "tablets",
        "pills": "pills", "puffs": "puffs", "over": "over", "out": "out", "year-old": "year-old", "year": "year", "beats": "beats", "breaths": "breaths",
    ]

    /// Quantities said in words written as notes write them: "fifteen milligrams" → "15 mg", "two weeks" → "2 weeks",
    /// "one twenty two over seventy" → "122 over 70" (joined to `122/70` later), "a six out of ten" → "a 6/10",
    /// "fifty eight year old" → "58-year-old".
    /// A lone "one" before a time unit is left ("one day I fell").
    static func spokenQuantities(_ input: [String]) -> [String] {
        var w = input
        var i = 0
        while i < w.count {
            // Digits already: only the unit is abbreviated ("20 milligrams" → "20 mg").
            if Double(w[i]) != nil, i + 1 < w.count, let unit = quantityUnits[w[i + 1].lowercased()], ["mg", "mcg", "cm", "mm", "g", "mL"].contains(unit) {
                w[i + 1] = unit
                i += 2
                continue
            }
            // A range said before the unit: "six to eight weeks" → "6 to 8 weeks".
            if let (low, used) = KeyFacts.spokenNumber(w, at: i), i + used + 1 < w.count, ["to", "or"].contains(w[i + used].lowercased()),
               let (high, used2) = KeyFacts.spokenNumber(w, at: i + used + 1), i + used + 1 + used2 < w.count,
               let unit = quantityUnits[w[i + used + 1 + used2].lowercased()], !["over", "out", "year", "year-old"].contains(unit) {
                w[i + used + 1 + used2] = unit
                w.replaceSubrange((i + used + 1)..<(i + used + 1 + used2), with: [String(high)])
                w.replaceSubrange(i..<(i + used), with: [String(low)])
                i += 3
                continue
            }
            guard let (value, used) = KeyFacts.spokenNumber(w, at: i), i + used < w.count, let unit = quantityUnits[w[i + used].lowercased()] else { i += 1; continue }
            if value == 1 && used == 1 && !["mg", "mcg", "units", "over"].contains(unit) { i += 1; continue }
            if unit == "over" {
                guard let (second, used2) = KeyFacts.spokenNumber(w, at: i + used + 1) else { i += 1; continue }
                w.replaceSubrange((i + used + 1)..<(i + used + 1 + used2), with: [String(second)])
            } else if unit == "out" {
                // "six out of ten" → "6/10"
                guard i + used + 2 < w.count, w[i + used + 1].lowercased() == "of", let (scale, used2) = KeyFacts.spokenNumber(w, at: i + used + 2) else { i += 1; continue }
                w.replaceSubrange(i..<(i + used + 2 + used2), with: ["\(value)/\(scale)"])
                i += 1
                continue
            } else if unit == "year", i + used + 1 < w.count, w[i + used + 1].lowercased() == "old" {
                w.replaceSubrange(i..<(i + used + 2), with: ["\(value)-year-old"])
                i += 1
                continue
            } else if unit != "year" {
                w[i + used] = unit
            }
            w.replaceSubrange(i..<(i + used), with: [String(value)])
            i += 1
        }
        return w
    }

    /// The clinician's lead before an order ("I am also going to", "let's", "I want him to").
    static let planLeadPatterns = [
        #"^(i|we) (really |also |do |just |definitely )*(want to|would like to|would(?! not\b| like\b)|'d like to|am (also )?going to|'m (also )?going to|are (also )?going to|'re going to|will|can|need to|have to|are gonna|'m gonna)( go ahead and| go ahead| just| also| probably)* "#,
        #"^let's( go ahead and| go ahead| just)? "#,
        #"^(i|we) (also |really )?(want|would like|'d like) (him|her|them|the patient) to "#,

    ].map { CompiledPattern($0)! }

    static let impressionLeadPattern = CompiledPattern(
        #"^my (impression|assessment|diagnosis)( of (him|her|them|the patient))?( at this time| today| here)?(,? (is|would be)( that)?)?,? (?=[a-z])(?!(have|has|had|of)\b)"#)!
    static let namingPattern = CompiledPattern(#"\b(what we call|what is called|something called|what's called) (?=[a-z])"#)!
    static let followUpWithPattern = CompiledPattern(#"^Follow up with (him|her|them|me|us)( here)?( in the (clinic|office))? (?=in )"#, caseInsensitive: false)!
    /// The clinician's "… and see if that helps" after an order.
    static let seeIfTailPattern = CompiledPattern(#",? and (then )?see (if|how|whether) [^.]*[.]?$"#)!
    static let hereLeadPattern = CompiledPattern(#"^here,? (?=(his|her|the|this|it|there|we|i|he|she) )"#)!
    static let questionsTailPattern = CompiledPattern(#",? (do you have )?any (other |more )?questions( or concerns)?( about (those|that|this|it))?[.?]?$"#)!
    static let noNeedPattern = CompiledPattern(#"^I do not think (we|I) need to (?=[a-z])"#)!

    static let someAfterOrderPattern = CompiledPattern(#"\b(on|try|prescribe|prescribed|order|ordered|give|gave|send|start)( him| her| them)? some (?=[a-z])"#)!

    static let putOnPattern = CompiledPattern(#"^put (him|her|them) on "#)!
    static let keepGoingPattern = CompiledPattern(#"^(keep going with|stick with|stay on|keep (him|her|them) on) "#)!
    static let orderOnPatientPattern = CompiledPattern(#"^((?:order|get|check|repeat|obtain|send) [a-z0-9' -]{2,40}?) on (?:him|her|them)\b(,? )?"#)!
    static let continueOnPattern = CompiledPattern(#"^(continue) (him|her|them) on "#)!
    static let secondOrderPattern = CompiledPattern(
        #",? and (also )?(I am|I will|we are|we will) (also )?(going to )?(?=(get|order|prescribe|refer|start|continue|check|send|schedule|increase|decrease|repeat|obtain)\b)"#)!
    /// "I will see her again in 3 months": the follow-up.
    static let seeAgainPattern = CompiledPattern(#"^(i|we) (will|would like to|want to|'d like to|'ll|am going to|do want to) see (him|her|them|the patient)( back| again| here)*( in| for)? "#)!

    /// A plan sentence in note style: "I'd like to go ahead and increase the lisinopril to 20 mg a day." →
    /// "Increase the lisinopril to 20 mg a day."; "I want him to continue to ice it." → "Continue to ice it.";
    /// "I will see her again in 3 months." → "Follow up in 3 months."; "start her on some Lasix" → "Start her on
    /// Lasix". A negated plan ("we will not …") is left as said.
    static func planStyle(_ spoken: String) -> String {
        // "Put him on carvedilol" → "Start carvedilol"; "Continue her on the allopurinol" → "Continue the allopurinol";
        // "Keep going with the gabapentin" → "Continue the gabapentin"; "Order a cardiac catheterization on him" → "Order
        // a cardiac catheterization".
        // "Going to repeat the EKG today" → "Repeat the EKG today".
        // "My impression of him at this time, from a diabetes standpoint, increase …" → "From a diabetes standpoint, increase
        // …"; "My impression is that he has …" → "He has …". "… on what we call Flomax" → "… on Flomax".
        var spoken = namingPattern.replacing(in: spoken, with: "")
        if let r = impressionLeadPattern.range(in: spoken), spoken[r.upperBound...].split(separator: " ").count >= 3 {
            spoken = spoken[r.upperBound...].prefix(1).uppercased() + spoken[r.upperBound...].dropFirst()
        }
        if let r = goingToPattern.range(in: spoken), spoken[r.upperBound...].split(separator: " ").count >= 2 {
            spoken = spoken[r.upperBound...].prefix(1).uppercased() + spoken[r.upperBound...].dropFirst()
        }
        var text = continueOnPattern.replacing(in: putOnPattern.replacing(in: withoutPlanLead(spoken), with: "Start "), with: "$1 ")
        // "Follow up with her in 2 weeks and see if we are getting better" → "Follow up in 2 weeks".
        text = followUpWithPattern.replacing(in: text, with: "Follow up ")
        if let r = seeIfTailPattern.range(in: text), text[..<r.lowerBound].split(separator: " ").count >= 3 { text = String(text[..<r.lowerBound]) + "." }
        text = orderCommaPattern.replacing(in: text, with: "$1 ")
        text = keepGoingPattern.replacing(in: text, with: "Continue ")
        return orderOnPatientPattern.replacing(in: text, with: "$1$2")
    }

    static let goingToPattern = CompiledPattern(#"^(going to|gonna|want to|would like to|need to|like to) (?=[a-z])"#)!
    /// "Order, prednisone taper pack": the pause after the order's verb.
    static let orderCommaPattern = CompiledPattern(#"^(Order|Start|Continue|Prescribe|Refill|Increase|Decrease|Get|Schedule|Refer), "#, caseInsensitive: false)!

    /// The order without the clinician's lead ("I would like to …", "let's …").
    static func withoutPlanLead(_ spoken: String) -> String {
        // "start her on some Lasix", "order some labs": the order without "some".
        var text = someAfterOrderPattern.replacing(in: spoken, with: "$1$2 ")
        // "Get another EKG and also I am going to get a chest x-ray" → "… and get a chest x-ray".
        text = secondOrderPattern.replacing(in: text, with: " and ")
        if let r = seeAgainPattern.range(in: text), text[r.upperBound...].split(separator: " ").count >= 2 {
            let asked = text[r].lowercased()
            text = "Follow up" + (asked.hasSuffix(" in ") ? " in " : asked.hasSuffix(" for ") ? " for " : " ") + text[r.upperBound...]
        }
        // "I do not think we need to adjust any of those medications" → "No need to adjust any of those medications".
        if let r = noNeedPattern.range(in: text), text[r.upperBound...].split(separator: " ").count >= 2 { return "No need to " + text[r.upperBound...] }
        for p in planLeadPatterns {
            guard let r = p.range(in: text) else { continue }
            let rest = text[r.upperBound...]
            let next = rest.split(separator: " ").first.map { $0.lowercased() } ?? ""
            let after = rest.split(separator: " ").dropFirst().first.map { $0.lowercased() } ?? ""
            // "Get a chest x-ray.", "Have him follow up." read as orders; "have to", "be", "see", "talk" do not.
            guard rest.split(separator: " ").count >= 2, !["not", "be", "see", "talk", "discuss", "do", "go", "wait"].contains(next),
                  !(next == "have" && ["to", "a"].contains(after)), !(next == "get" && ["to", "back", "into"].contains(after)),
                  next.first?.isLetter == true else { return text }
            return rest.prefix(1).uppercased() + rest.dropFirst()
        }
        return text
    }

    /// Words a cut-off sentence ends on ("… monitoring his knee and").
    static let dangling: Set<String> = ["and", "or", "but", "the", "a", "an", "to", "of", "with", "for", "that", "which", "so", "because", "in", "on", "at",
                                        "his", "their", "is", "are", "be", "if", "like", "um", "uh", "kinda", "sorta", "just", "as", "what",
                                        "every", "than", "into", "from", "very", "whether", "my", "your", "our", "until", "about", "through",
                                        "actually", "luckily", "unfortunately", "fortunately", "hopefully", "basically", "honestly", "obviously"]

    /// The sentence without the words it was cut off on ("… monitoring his knee and..." → "… monitoring his knee").
    static func withoutDanglingEnd(_ text: String) -> String {
        var words = text.split(separator: " ").map(String.init)
        func bare(_ w: String) -> String { w.lowercased().trimmingCharacters(in: .punctuationCharacters) }
        while words.count > 3, let last = words.last, dangling.contains(bare(last)) {
            words.removeLast()
        }
        var out = words.joined(separator: " ")
        while let l = out.last, ",;:.".contains(l) { out.removeLast() }
        // A topic begun and dropped: "… no changes there and then for her diabetes" → "… no changes there".
        if let r = droppedTopicPattern.range(in: out),
           out[..<r.lowerBound].split(separator: " ").count >= 4 {
            out = String(out[..<r.lowerBound])
        }
        // "… mild headaches but otherwise", "… tightness in those muscles as well and otherwise": the rest was not said.
        for tail in [" but otherwise", " and otherwise", ", otherwise", " otherwise"] where out.lowercased().hasSuffix(tail) && out.split(separator: " ").count >= 5 {
            out = String(out.dropLast(tail.count))
            break
        }
        // "… in 2 weeks and in that two week period": a time said and its clause cut off.
        if let r = openTimeTailPattern.range(in: out), out[..<r.lowerBound].split(separator: " ").count >= 5 { out = String(out[..<r.lowerBound]) }
        // "… in 2 weeks and see" (if …, cut off).
        if out.lowercased().hasSuffix(" and see"), out.split(separator: " ").count >= 6 { out = String(out.dropLast(" and see".count)) }
        // A clause cut off after its subject: "… and fatigued, and he feels" → "… and fatigued".
        let parts = out.components(separatedBy: ", ")
        if parts.count > 1, let last = parts.last, !last.isEmpty {
            let tail = last.lowercased().split(separator: " ").map(String.init)
            let subjects = English.subjects
            let head = parts.dropLast().joined(separator: ", ")
            let subject = tail.isEmpty ? nil : subjects.contains(tail[0]) ? 0 : tail.count > 1 && ["and", "but", "so"].contains(tail[0]) && subjects.contains(tail[1]) ? 1 : nil
            if let subject, tail.count - subject <= 2, head.split(separator: " ").count >= 4 {
                out = head
            }
        }
        return out
    }

    /// Speech that is not a sentence of a note: a question turned statement ("Did he strain his back, did.").
    /// True when a history sentence has a subject or a finite verb ("Just taking some ibuprofen." and "The left knee."
    /// have neither); a pertinent negative ("No numbness or tingling.") stands as notes write it.
    static func hasClause(_ text: String) -> Bool {
        let words = text.lowercased().split { !($0.isLetter || $0 == "'") }.map(String.init)
        guard let first = words.first, first != "no" else { return true }
        let clauseWords: Set<String> = ["he", "she", "it", "they", "i", "we", "you", "this", "that", "there", "patient", "is", "are", "was", "were",
                                        "has", "have", "had", "does", "did", "can", "will", "would", "should", "may", "might", "must", "could"]
        return words.contains { clauseWords.contains($0) || $0.hasSuffix("'s") || $0.hasSuffix("n't") || $0.hasSuffix("'ve") || $0.hasSuffix("'re")
            || $0.hasSuffix("'ll") || $0.hasSuffix("'d") }
    }

    static func isFragment(_ text: String) -> Bool {
        let words = text.lowercased().split { !($0.isLetter || $0.isNumber || $0 == "'" || $0 == "/") }.map(String.init)
        guard let first = words.first else { return true }
        let questionOpeners: Set<String> = ["did", "have", "has", "do", "does", "is", "are", "was", "were", "can", "could", "would", "any"]
        let subjects: Set<String> = ["he", "she", "they", "him", "her", "you", "it", "there"]
        if questionOpeners.contains(first) && words.count > 1 && subjects.contains(words[1]) { return true }
        // "Has Karen had any seizures …": a question with a name for its subject; "Has a history of …" is a note's terse line.
        if ["did", "does", "do", "has", "have", "were"].contains(first), words.count > 2, !statementSeconds.contains(words[1]), !English.isPast(words[1]) {
            return true
        }
        // A short subordinate clause on its own ("When he has that kind of pain."), a spoken question ("Anything he has
        // done to help?") or the clinician steering the talk ("Tell me a little more about that.").
        let subordinators: Set<String> = ["when", "if", "because", "while", "although", "though", "unless", "whether", "after", "before", "until", "since"]
        if subordinators.contains(first) && words.count <= 8 && !text.contains(",") { return true }
        if ["anything", "which", "where", "why", "how", "how's", "how're"].contains(first) { return true }
        // A bare reply: "No, not as of today."
        if first == "no", words.count > 1, ["not", "i", "it", "that", "no", "nothing", "just"].contains(words[1]) { return true }
        return words.count > 1 && [["tell", "me"], ["let's", "talk"], ["talk", "about"]].contains([first, words[1]])
    }
}

extension Rewriter {
    /// "For his first problem, his depression, it seems…" → "It seems…": the problem is the heading.
    /// "I know that she had a colonoscopy …" → "She had a colonoscopy …": the clinician's musing is not part of the fact.
    static func withoutMusing(_ text: String) -> String {
        guard let r = musingPattern.range(in: text) else { return text }
        let rest = text[r.upperBound...]
        guard rest.split(separator: " ").count >= 3 else { return text }
        return rest.prefix(1).uppercased() + rest.dropFirst()
    }

    /// The clinician narrating the visit before a finding: "What I am seeing here is on the tip of this finger, …",
    /// "As I said, the hepatomegaly means …", "I am listening to her heart and she does have …" → the finding.
    static func withoutNarration(_ text: String) -> String {
        guard let r = narrationPattern.range(in: text) else { return text }
        let rest = text[r.upperBound...].drop { $0 == " " || $0 == "," }
        guard rest.split(separator: " ").count >= 3 else { return text }
        return rest.prefix(1).uppercased() + rest.dropFirst()
    }

    static func dropProblemLead(_ text: String) -> String {
        // "For her second problem of her diabetes continue her on the metformin", "From an asthma standpoint, continue …":
        // the problem is the heading, the order stands alone.
        if let r = problemLeadPattern.range(in: text) ?? standpointPattern.range(in: text) {
            let rest = text[r.upperBound...].drop { $0 == " " || $0 == "," }
            if rest.split(separator: " ").count >= 3 { return rest.prefix(1).uppercased() + rest.dropFirst() }
        }
        let lower = text.lowercased()
        guard lower.hasPrefix("for ") || lower.hasPrefix("regarding ") || lower.hasPrefix("in terms of ") || lower.hasPrefix("as far as ") else { return text }
        let possessive = ["for his ", "for her ", "for the patient's ", "for their "].contains { lower.hasPrefix($0) }
        guard possessive || lower.contains("problem") || lower.contains("regarding") || lower.contains("in terms of") || lower.contains("as far as") else { return text }
        if possessive, let comma = parts(text).first, comma.split(separator: " ").count > 5 { return text }
        let parts = text.split(separator: ",", omittingEmptySubsequences: false)
        var skip = 1
        if parts.count > 2 && parts[0].lowercased().contains("problem") && parts[1].split(separator: " ").count <= 4 { skip = 2 }
        guard parts.count > skip else { return text }
        let rest = parts[skip...].joined(separator: ",").drop { $0 == " " }
        guard rest.split(separator: " ").count >= 3 else { return text }
        return rest.prefix(1).uppercased() + rest.dropFirst()
    }
}

extension Rewriter {
    static func parts(_ text: String) -> [Substring] { text.split(separator: ",", omittingEmptySubsequences: false) }

    /// An examination or result sentence without the plan the clinician tacked on: "His hemoglobin is 8.2, which is
    /// low, so we'll have to look into that." → "His hemoglobin is 8.2, which is low."
    static func withoutPlanTail(_ text: String) -> String {
        // The clinician's verdict on a finding: ", which is good", ", which is not surprising, based on the history".
        // A negated verdict stays when the finding is not negated itself: its quote would read as negated.
        if let r = verdictTailPattern.range(in: text), text[..<r.lowerBound].split(separator: " ").count >= 2,
           !KeyFacts.isNegated(String(text[r])) || KeyFacts.isNegated(String(text[..<r.lowerBound])) {
            return String(text[..<r.lowerBound]) + "."
        }
        guard let r = planTailPattern.range(in: text) else { return text }
        let kept = text[..<r.lowerBound].trimmingCharacters(in: CharacterSet(charactersIn: " ,;"))
        return kept.split(separator: " ").count >= 4 ? kept + "." : text
    }
}

extension Rewriter {
    /// "3 -year-old" as written by the recogniser.
    static let hyphenPattern = CompiledPattern(#"(\d) -(year|month|week|day)"#, caseInsensitive: false)!
    /// A time begun and dropped at the end: "… and in that two week period".
    static let openTimeTailPattern = CompiledPattern(#",? and (in|during|over) (that|the|this) [a-z0-9 -]{2,25}(period|time|meantime|interim)$"#)!
    /// A topic begun and dropped at the end: "… and then for her diabetes".
    static let droppedTopicPattern = CompiledPattern(#",? and then for( [a-z']+){1,3}$"#)!
    /// "For her second problem of her diabetes": a problem named before its order or clause.
    static let problemLeadPattern = CompiledPattern(
        #"^for (his|her|their|the patient's) ((first|second|third|fourth|fifth|next|last|other|final) )?(problem|issue|diagnosis|concern)( of| with)?( his| her| their| this| the)?( [a-z0-9'-]+){1,5}?,? (again,? )?(?=(continue|start|order|prescribe|increase|decrease|refer|get|check|stop|schedule|repeat|add|switch|keep|give|put|i|we|let's|he|she)\b)"#)!
    /// "From an asthma standpoint, …".
    static let standpointPattern = CompiledPattern(#"^from an? [a-z0-9' -]{2,40}? standpoint,? (?=[a-z])"#)!
    /// "I know that she had …": the clinician's musing before a fact.
    static let musingPattern = CompiledPattern(#"^(for (medications|allergies|her medications|his medications),? )?(I|i) ((know|remember|understand|see|saw|guess|believe that|recall|have|have here|have down)|(see|saw|read|noticed|note) (in|with|from|on) (his|her|their|the) (notes?|chart|records?|intake( form)?)( here)?)( that)?,? (?=(he|she|they|the patient|his|her|their|we|it)\b)"#,
                                               caseInsensitive: false)!
    /// The clinician narrating the visit before a finding or a plan.
    static let narrationPattern = CompiledPattern(
        #"^((from )?looking (at|through) (the|his|her|your|their|my) (notes?|chart|records?),?( it looks like)?|i am looking (at|through) (the|his|her|their|my) (notes?|chart|records?)( here)?,? and( it looks like)?|what (i|we) (did|do|will do|want to do|would like to do|are going to do|am going to do|'re going to do|'m going to do|did today) ((is|was),?( that)?|(?= (i|we) ))|what (i|we) (would recommend|recommend|would suggest|suggest)( is| would be)?,?|that said,?|what i am seeing( here)? is|what i'm seeing( here)? is|as i said,?|as i mentioned,?|here's what i am thinking( for [a-z ]+?)?|i digress,?|good,? and so,?|i am listening to (his|her|the patient's) [a-z]+ and|i'm listening to (his|her) [a-z]+ and) "#)!
    /// The clinician's verdict after a finding.
    static let verdictTailPattern = CompiledPattern(
        #",? which is (a )?(good|great|reassuring|encouraging|fine|not surprising|expected|normal for (him|her))( thing)?\b[^.]*\.?$"#)!
    /// The plan said after a finding: ", so we'll look into that".
    static let planTailPattern = CompiledPattern(
        #",? (so|and|and then|but) (we'll|we will|i'll|i will|we're going to|we are going to|i'm going to|i am going to|we need to|we have to|let's|let me)\b.*$"#)!
}
