import ClinicalText
import Evidence
import Foundation

/// Spoken wording as written note prose: doses without pause commas, the emphatic "do", degree words, spoken
/// decimals, an opening clause set off by its comma, and the clinician's "I think" as a hedge. Each rule keeps
/// the sentence's facts: numbers, negations, medications and sides are carried over word for word.
extension Rewriter {
    /// Units of a dose, around which a recogniser's pause commas fall ("allopurinol, 100 mg, once a day").
    static let doseUnits: Set<String> = ["mg", "mcg", "units", "puffs", "tablets", "pills", "g", "mL", "capsules", "drops"]
    /// Words that open a dose's frequency ("… 100 mg once a day", "… 2 puffs every 4 hours").
    static let frequencyOpeners: Set<String> = ["once", "twice", "daily", "every", "a", "per", "at", "as", "three", "four", "3", "4", "nightly", "in", "before", "with", "by"]

    /// A dose written as a note writes it: "the allopurinol, 100 mg, once a day" → "the allopurinol 100 mg once a day";
    /// and "there is no fractures" → "there are no fractures".
    static func withoutDoseCommas(_ words: [String]) -> [String] {
        var out: [String] = []
        for (k, word) in words.enumerated() {
            if word == ",", k + 2 < words.count, Double(words[k + 1]) != nil, doseUnits.contains(words[k + 2]), out.last?.first?.isLetter == true { continue }
            if word == ",", k + 1 < words.count, let previous = out.last, doseUnits.contains(previous), frequencyOpeners.contains(words[k + 1].lowercased()) { continue }
            out.append(word)
        }
        // "there is no fractures": a plural after "no".
        for k in out.indices.dropLast(3) where out[k].lowercased() == "there" && out[k + 1].lowercased() == "is" && out[k + 2].lowercased() == "no" {
            let noun = out[k + 3].lowercased()
            if noun.count > 4, noun.hasSuffix("s"), !noun.hasSuffix("ss"), !noun.hasSuffix("us"), !noun.hasSuffix("is"),
               !["ascites", "diabetes", "herpes", "news", "lymphadenopathy"].contains(noun) {
                out[k + 1] = "are"
            }
        }
        return out
    }

    /// Words after which "okay" or "right" at the end is part of the clause ("has been relatively okay", "feels okay").
    static let beforeOkay: Set<String> = ["relatively", "pretty", "fairly", "been", "is", "was", "are", "were", "feels", "feel", "felt", "looks",
                                          "look", "seems", "seem", "doing", "be", "not", "all", "the", "to", "his", "her", "your", "my", "on", "left", "turn"]

    /// Verbs said after an emphatic "do" ("he does have", "I do appreciate"), with their past tense for "did".
    static let emphasizedVerbs: [String: String] = [
        "have": "had", "show": "showed", "appreciate": "appreciated", "hear": "heard", "see": "saw", "feel": "felt", "notice": "noticed",
        "note": "noted", "get": "got", "take": "took", "smoke": "smoked", "drink": "drank", "need": "needed", "want": "wanted", "use": "used",
        "exercise": "exercised", "hurt": "hurt", "experience": "experienced", "recommend": "recommended", "like": "liked", "know": "knew",
        "think": "thought", "believe": "believed", "agree": "agreed", "remember": "remembered", "wear": "wore", "work": "worked",
        "put": "put", "give": "gave", "start": "started", "tell": "told", "say": "said", "send": "sent", "order": "ordered", "prescribe": "prescribed", "mention": "mentioned", "check": "checked", "review": "reviewed", "examine": "examined", "try": "tried", "help": "helped", "seem": "seemed", "look": "looked", "sound": "sounded", "appear": "appeared",
    ]

    /// The emphatic "do" of speech written as the plain verb: "he does have some swelling" → "he has some swelling",
    /// "her knee does show an effusion" → "her knee shows an effusion", "I do appreciate" → "I appreciate", "she did
    /// have" → "she had". Questions and negations ("does he have", "does not have") are left as said.
    static func withoutEmphaticDo(_ words: [String]) -> [String] {
        var out: [String] = []
        var k = 0
        while k < words.count {
            let l = words[k].lowercased()
            if ["do", "does", "did"].contains(l), let previous = out.last?.lowercased(), k + 1 < words.count,
               let past = emphasizedVerbs[words[k + 1].lowercased()], previous.first?.isLetter == true,
               English.subjects.contains(previous) || previous == "you" || !(English.nonVerbs.contains(previous) || English.auxiliaries.contains(previous)
                   || English.prepositions.contains(previous) || ["to", "what", "how", "why", "where", "when", "who", "which", "if", "and", "or", "but"].contains(previous)) {
                let verb = words[k + 1].lowercased()
                out.append(l == "did" ? past : l == "does" ? English.thirdPerson(verb) : verb)
                k += 2
                continue
            }
            out.append(words[k])
            k += 1
        }
        return out
    }

    /// Findings and symptoms that "a little bit of" makes mild ("a little bit of swelling" → "mild swelling").
    static let mildFindings: Set<String> = ["swelling", "pain", "tenderness", "edema", "redness", "erythema", "wheezing", "crackles", "rales",
                                            "discomfort", "nausea", "bruising", "effusion", "numbness", "tingling", "weakness", "stiffness",
                                            "drainage", "bleeding", "cough", "congestion", "fatigue", "jvd", "ecchymosis", "inflammation", "tightness",
                                            "pressure", "anxiety", "depression", "dizziness", "headache", "headaches", "shortness", "warmth",
                                            "diarrhea", "constipation", "heartburn", "reflux", "soreness", "spasm", "spasms", "atrophy", "laxity"]
    /// States that "a little (bit)" qualifies as slight ("a little elevated" → "slightly elevated").
    static let slightStates: Set<String> = ["elevated", "high", "low", "swollen", "tender", "red", "stiff", "sore", "better", "worse", "tight",
                                            "weak", "short", "dizzy", "tired", "nauseous", "anxious", "irritated", "warm", "enlarged", "decreased",
                                            "increased", "bigger", "smaller", "more", "less", "lower", "higher", "painful", "limited", "reduced",
                                            "diminished", "faster", "slower", "off", "abnormal", "uncomfortable", "itchy", "numb", "bruised", "inflamed", "nauseated", "lightheaded"]
    /// Spoken measures of degree as a note writes them: "a little bit of swelling" → "mild swelling", "a little
    /// (bit) elevated" → "slightly elevated", and "some" before a finding or a drug left out ("there is some
    /// swelling" → "there is swelling", "she took some ibuprofen" → "she took ibuprofen").
    static func plainDegree(_ words: [String]) -> [String] {
        var out: [String] = []
        var k = 0
        func lower(_ i: Int) -> String { i < words.count ? words[i].lowercased() : "" }
        while k < words.count {
            let l = lower(k)
            // "little bit of jvd" without its article, as a recogniser may drop it.
            if l == "little", lower(k + 1) == "bit", lower(k + 2) == "of", mildFindings.contains(lower(k + 3)), out.last?.lowercased() != "a" {
                out.append(words[k] == "Little" ? "Mild" : "mild")
                k += 3
                continue
            }
            if l == "a", lower(k + 1) == "little" {
                let bit = lower(k + 2) == "bit" ? 1 : 0
                let of = lower(k + 2 + bit) == "of" ? 1 : 0
                let next = lower(k + 2 + bit + of)
                let capital = words[k] == "A"
                if of == 0, slightStates.contains(next) { out.append(capital ? "Slightly" : "slightly"); k += 2 + bit; continue }
                // Before the finding itself, not a noun it modifies ("a little bit of pain medicine").
                let after = lower(k + 3 + bit + of)
                if mildFindings.contains(next), after.isEmpty || after.first?.isLetter != true || Self.afterMildFinding.contains(after) {
                    out.append(capital ? "Mild" : "mild")
                    k += 2 + bit + of
                    continue
                }
                // "the scar did widen a little bit.": slightly.
                if bit == 1, of == 0, next.isEmpty || next.first?.isLetter != true, k > 0 { out.append("slightly"); k += 3; continue }
                // "a little bit of time": some time.
                if bit == 1 && of == 1 && !["a", "an"].contains(next) { out.append(capital ? "Some" : "some"); k += 4; continue }
            }
            if l == "some", k + 1 < words.count, words[k + 1].first?.isLetter == true, !keptAfterSome.contains(lower(k + 1)), !lower(k + 1).hasSuffix("ing") || mildFindings.contains(lower(k + 1)),
               !["to", "at", "in", "for", "with"].contains(out.last?.lowercased() ?? "") {
                if k == 0 { out.append(words[k + 1].prefix(1).uppercased() + words[k + 1].dropFirst()); k += 2; continue }
                k += 1
                continue
            }
            out.append(words[k])
            k += 1
        }
        return out
    }
    /// Words after a finding that end its phrase ("mild swelling in her legs", "mild shortness of breath").
    static let afterMildFinding: Set<String> = ["of", "in", "on", "at", "with", "and", "or", "to", "that", "which", "when", "there", "here", "around",
                                                "over", "along", "from", "but", "since", "after", "today", "now", "as", "too"]
    /// Words after which "some" keeps its meaning ("some of", "some time", "at some point", "some days").
    static let keptAfterSome: Set<String> = ["of", "time", "times", "point", "days", "weeks", "months", "years", "nights", "mornings", "people",
                                             "other", "others", "more", "kind", "sort", "way", "extent", "degree", "cases", "while", "type", "form",
                                             "patients", "studies", "questions", "concerns", "reason", "things", "relief", "improvement", "help"]

    /// Decimals a recogniser split, in digits: "twelve . five" → "12.5", "zero point four" → "0.4", "point five" →
    /// "0.5". The verifier reads the same forms in the quote (``KeyFacts``).
    static func spokenDecimals(_ input: [String]) -> [String] {
        var w = input
        var lower = w.map { $0.lowercased() }
        var i = 0
        while i < w.count {
            if let (value, end) = KeyFacts.spokenDecimal(lower, at: i) {
                w.replaceSubrange(i...end, with: [value])
                lower.replaceSubrange(i...end, with: [value])
            }
            i += 1
        }
        return w
    }

    static let openingSubordinators: Set<String> = ["when", "if", "while", "although", "though", "unless", "once", "whenever"]
    /// Words after which a subject is inside the opening clause, not the start of the main one.
    static let insideClause: Set<String> = ["that", "where", "which", "who", "when", "if", "and", "or", "but", "because", "to", "of", "for", "with",
                                            "on", "in", "at", "think", "know", "said", "says", "the", "a", "an", "than", "as"]

    /// An opening subordinate clause set off by its comma, as a writer would: "When she was a kid she had strep
    /// throat" → "When she was a kid, she had strep throat"; the main clause starts at the next subject and verb.
    static func commaAfterOpeningClause(_ text: String) -> String {
        var w = text.split(separator: " ").map(String.init)
        guard let first = w.first?.lowercased(), openingSubordinators.contains(first), !text.contains(","), w.count >= 6 else { return text }
        for k in 2..<(w.count - 1) {
            let subject = w[k].lowercased(), previous = w[k - 1].lowercased(), verb = w[k + 1].lowercased()
            // Not the object of the opening clause's verb ("when he had it radiated").
            guard ["he", "she", "they", "it", "i", "we", "there"].contains(subject), !insideClause.contains(previous),
                  !(English.auxiliaries.contains(previous) || English.isPast(previous) || English.objectVerbs.contains(previous)),
                  English.auxiliaries.contains(verb) || English.isFiniteVerb(verb) || English.isPast(verb) || verb.hasSuffix("s") && verb.count > 3
                      || ["can", "will", "would", "should", "could", "may", "might", "also", "still"].contains(verb) else { continue }
            w[k - 1] += ","
            return w.joined(separator: " ")
        }
        return text
    }

    /// The clinician's "I think" as a note hedges it: "I think he has a lumbar strain" → "He likely has a lumbar
    /// strain"; "I think we should increase the lisinopril" → "Increase the lisinopril". The uncertainty is kept.
    static func withoutHedgingLead(_ text: String) -> String {
        // "I think it was an exacerbation …" → "This was likely an exacerbation …" ("most likely …" keeps its own).
        if let r = hedgedThisPattern.range(in: text) {
            let verb = text[r].lowercased().split(separator: " ").last.map(String.init) ?? "is"
            let rest = text[r.upperBound...]
            let hedged = ["likely", "most", "probably", "possibly", "maybe", "not"].contains(rest.split(separator: " ").first.map { $0.lowercased() } ?? "")
            if rest.split(separator: " ").count >= 2 { return "This " + verb + (hedged ? " " : " likely ") + rest }
        }
        // "I think that heart muscle is stunned" → "That heart muscle is likely stunned".
        if hedgedSubjectPattern.matches(text) {
            let out = hedgedSubjectPattern.replacing(in: text, with: "$1 $3 likely ")
            return out.prefix(1).uppercased() + out.dropFirst()
        }
        // "I think he is doing well" → "He is doing well": a status, not a diagnosis.
        if let r = thinkStatusPattern.range(in: text) {
            let rest = text[r.upperBound...]
            if rest.split(separator: " ").count >= 3 { return rest.prefix(1).uppercased() + rest.dropFirst() }
        }
        // "I think she is retaining some fluid" → "She is likely retaining some fluid".
        if let m = hedgedStatePattern.regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)),
           let who = Range(m.range(at: 3), in: text), let verb = Range(m.range(at: 4), in: text), let all = Range(m.range, in: text),
           text[all.upperBound...].split(separator: " ").count >= 2 {
            return text[who].prefix(1).uppercased() + text[who].dropFirst() + " " + text[verb] + " likely " + text[all.upperBound...]
        }
        // "It sounds like she is managing that well" → "She is managing that well".
        if let r = soundsLikePattern.range(in: text) {
            let rest = text[r.upperBound...]
            if rest.split(separator: " ").count >= 3 { return rest.prefix(1).uppercased() + rest.dropFirst() }
        }
        // "It looks like she had an ultrasound …" (read from the record) → "It appears that she had an ultrasound …", the
        // hedge kept ("it looks like he had gastritis" is no diagnosis).
        if let r = looksLikePattern.range(in: text), text[r.upperBound...].split(separator: " ").count >= 3 {
            return "It appears that " + text[r.upperBound...]
        }
        if let r = hedgedDiagnosisPattern.range(in: text) {
            let lead = text[r].lowercased().split(separator: " ").map(String.init)
            // "I think what he has is …": the verb after the subject ("has"), not the "is" after it.
            guard let at = lead.firstIndex(where: { ["he", "she", "they"].contains($0) }), at + 1 < lead.count else { return text }
            let subject = lead[at], verb = lead[at + 1]
            let rest = text[r.upperBound...]
            guard rest.split(separator: " ").count >= 2 else { return text }
            return subject.prefix(1).uppercased() + subject.dropFirst() + " likely " + verb + " " + rest
        }
        if let r = hedgedOrderPattern.range(in: text) {
            let rest = text[r.upperBound...]
            guard let next = rest.split(separator: " ").first?.lowercased(), Self.orderOpeners.contains(next), rest.split(separator: " ").count >= 2 else { return text }
            return rest.prefix(1).uppercased() + rest.dropFirst()
        }
        return text
    }
    static let hedgedDiagnosisPattern = CompiledPattern(#"^I (think|believe|suspect|feel like)( that)? (what )?(he|she|they) (has|have|had)( is)? "#)!
    static let looksLikePattern = CompiledPattern(#"^(it )?(looks|looked|seems|seemed) like (?=(he|she|they|there|his|her|their|the|this|we) )"#)!
    /// "She feels like she is bloated" → "She feels as if she is bloated".
    static let feelsLikePattern = CompiledPattern(#"\b(feels|felt) like (?=(he|she|it|there|they|his|her|something|someone) )"#)!
    static let hedgedThisPattern = CompiledPattern(#"^I (think|believe|suspect)( that)? (it|this) (is|was) "#)!
    static let soundsLikePattern = CompiledPattern(
        #"^it (sounds|seems|looks) like (?=((his|her|their|the patient's) |(he|she|they) (is|are) (doing|managing|tolerating|feeling|endorsing)\b))"#)!
    static let hedgedSubjectPattern = CompiledPattern(
        #"^I (?:think|believe|suspect)(?: that)? ((?:his|her|the|that|this|their) (?!(what|which|who)\b)[a-z' -]{2,30}?) (is|are|was|were) (?!(likely|probably|possibly|most|not|going|doing)\b)"#)!
    static let thinkStatusPattern = CompiledPattern(#"^I think( that)? (?=(he|she|they) (is|are) (doing|tolerating|managing|improving|feeling|stable)\b)"#)!
    static let hedgedOrderPattern = CompiledPattern(
        #"^I (think|believe)( that)? (we (should|need to|will|can|could)|I (am going to|will|would|should|want to|need to)|I am going to) "#)!
    static let hedgedStatePattern = CompiledPattern(
        #"^I (think|believe|suspect)( that)? (he|she|they) (is|are|was|were) (?!(likely|probably|possibly|most|not|going|doing|tolerating|managing|improving|feeling|stable|i|he|she)\b)"#)!
    /// Verbs that open an order ("Increase the lisinopril …").
    static let orderOpeners: Set<String> = ["continue", "start", "order", "prescribe", "increase", "decrease", "refer", "get", "check", "stop",
                                            "schedule", "add", "switch", "repeat", "hold", "obtain", "send", "try", "change", "adjust", "monitor",
                                            "recommend"]

    /// Subjects a speaker restarts a sentence on.
    static let restartSubjects: Set<String> = ["he", "she", "they", "it", "his", "her"]

    /// A sentence the speaker started over keeps its second start: "She measures it at home she measures her blood
    /// pressure at home." → "She measures her blood pressure at home." Only when the subject and verb said first are
    /// said again, with no conjunction before the second start.
    static func withoutRestart(_ text: String) -> String {
        let words = text.split(separator: " ").map(String.init)
        guard words.count >= 6 else { return text }
        let bare = words.map { $0.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: ",.;")) }
        guard restartSubjects.contains(bare[0]) else { return text }
        for j in 3..<(words.count - 2) where bare[j] == bare[0] && bare[j + 1] == bare[1] {
            let joined = ["and", "but", "because", "so", "when", "if", "that", "then", "or", "where", "while", "since", "until", "as"]
            guard !joined.contains(bare[j - 1]) else { continue }
            let rest = words[j...].joined(separator: " ")
            return rest.prefix(1).uppercased() + rest.dropFirst()
        }
        return text
    }

    /// What the clinic did, told in the history as a note tells it, without the clinician's "we" and "I see that":
    /// "We started him on the Imitrex …" → "He was started on the Imitrex …"; "We have had her on Prozac" → "She has
    /// been on Prozac"; "I also see that he is diabetic" → "He is diabetic"; "I saw that Dr. Brown put her on Buspar" →
    /// "Dr. Brown put her on Buspar".
    static func historyStyle(_ spoken: String) -> String {
        let text = historyWording(withoutRestart(spoken))
        if let m = clinicDidPattern.regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)),
           let verb = Range(m.range(at: 3), in: text), let who = Range(m.range(at: 4), in: text), let all = Range(m.range, in: text) {
            let subject = text[who].lowercased() == "him" ? "He" : "She"
            let done = text[verb].lowercased()
            return "\(subject) was \(participles[done] ?? done) " + text[all.upperBound...]
        }
        if let m = clinicHasPattern.regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)),
           let who = Range(m.range(at: 4), in: text), let all = Range(m.range, in: text) {
            let subject = text[who].lowercased() == "him" ? "He" : "She"
            return "\(subject) has been on " + text[all.upperBound...]
        }
        if let r = seeThatPattern.range(in: text) {
            // "… and that he takes …": the second fact seen, without its "that".
            let rest = String(text[r.upperBound...]).replacingOccurrences(of: " and that he ", with: " and he ")
                .replacingOccurrences(of: " and that she ", with: " and she ")
            return rest.prefix(1).uppercased() + rest.dropFirst()
        }
        return text
    }

    /// Spoken habits of a history as a note words them: "she was endorsing" → "she reported", "…, he said." → "….",
    /// "To note, …" → "…" ("Of note, …" stays), "when she came in here" → "when she came in", "The past 6 months she has …" → "Over the past 6
    /// months, she has …".
    static func historyWording(_ text: String) -> String {
        var out = endorsingPattern.replacing(in: text, with: "$1 reported")
        out = endorsesPattern.replacing(in: out, with: "$1 reports")
        out = saidTailPattern.replacing(in: out, with: ".")
        out = cameInHerePattern.replacing(in: out, with: "came in")
        if let r = toNotePattern.range(in: out), out[r.upperBound...].split(separator: " ").count >= 3 {
            out = out[r.upperBound...].prefix(1).uppercased() + out[r.upperBound...].dropFirst()
        }
        return pastSpanPattern.replacing(in: out, with: "Over the past $1, $2 ")
    }
    static let endorsingPattern = CompiledPattern(#"\b(he|she|they) (was|were) endorsing\b"#)!
    static let endorsesPattern = CompiledPattern(#"\b(he|she|they) (is|are) endorsing\b"#)!
    static let saidTailPattern = CompiledPattern(#",? (he|she|they) (said|says)[.]?$"#)!
    static let cameInHerePattern = CompiledPattern(#"\bcame in here\b"#)!
    static let toNotePattern = CompiledPattern(#"^(to note|note that),? "#)!
    static let pastSpanPattern = CompiledPattern(#"^The past ((?:\d+|a few|several|couple of|two|three) (?:days|weeks|months|years)) (he|she|they) "#, caseInsensitive: false)!

    static let participles = ["gave": "given", "saw": "seen", "put": "put", "sent": "sent", "had": "had"]
    static let clinicDidPattern = CompiledPattern(
        #"^(we|i) (have |had )?(started|sent|placed|put|switched|referred|tried|gave|given|changed|transitioned|admitted|treated|saw|seen) (him|her) (?=(on|to|for|from|with|into|off|a|an|some|last|in|at|back)\b)"#)!
    static let clinicHasPattern = CompiledPattern(#"^(we|i) (have |had )(had )?(him|her) on "#)!
    static let seeThatPattern = CompiledPattern(#"^(I|we) (also )?(see|saw|noticed|notice|noted) that (?=(he|she|his|her|dr\.?|the) )"#)!
}

extension Rewriter {
    /// The speaker's comment on what was said, which a note leaves out: "The good news is …", "I am glad to see that …",
    /// "Based on all of that, …" before a clause, and ", so that is good" or ", and that should help" after one.
    static let commentLeadPattern = CompiledPattern(
        #"^(the good news is( that)?|i am glad (to see|to hear|that)( that)?|i'm glad (to see|to hear|that)( that)?|based on all (of )?that,|in other words,?|like i said,?|i am sorry,?|sorry,|looking at (him|her|them),|other than that,) (?=[a-z])"#)!
    static let commentTailPattern = CompiledPattern(
        #",? (so |and |but )?(that|which|this) (is|was|will be|would be|should be|'s) (really |very |all )?(good|great|fine|nice|helpful|reassuring|encouraging|not terrible|good news|a good thing)\.?$|,? and (that|this|it) (should|will|would|can|is going to) (really |also )?help( (him|her|them|a lot|with that))?\.?$|,? but still\.?$|,? as we go\.?$|,? and see (if|whether) (that|it|this) (helps|works)\.?$|,? and see how (he|she|they|it) (does|goes)\.?$|,? i apologize\.?$"#)!

    /// `text` without the speaker's comment around its clause (``commentLeadPattern``, ``commentTailPattern``); unchanged
    /// when fewer than four words would be left.
    static func withoutComment(_ text: String) -> String {
        var out = text
        if let r = commentLeadPattern.range(in: out), out[r.upperBound...].split(separator: " ").count >= 4 {
            let rest = out[r.upperBound...]
            out = rest.prefix(1).uppercased() + rest.dropFirst()
        }
        if let r = commentTailPattern.range(in: out), out[..<r.lowerBound].split(separator: " ").count >= 4, hasClause(String(out[..<r.lowerBound])),
           // A negated comment ("which is not terrible") stays: the quote would read as negated and the sentence not.
           !KeyFacts.isNegated(String(out[r])) || KeyFacts.isNegated(String(out[..<r.lowerBound])) {
            out = String(out[..<r.lowerBound])
        }
        return out
    }
}
