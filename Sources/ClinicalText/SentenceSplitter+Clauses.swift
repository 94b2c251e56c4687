extension SentenceSplitter {
    /// Subjects that are a clause of their own with the verb joined on (`there's no swelling`, `it's sore`).
    static let contractedSubjects: Set<String> = ["there's", "it's", "that's", "i've", "i'm", "he's", "she's", "we've", "we're", "they're",
                                                  "they've", "there're", "i'll", "we'll", "i'd", "you're", "you've", "you'll", "let's"]
    /// Units of a dose ("it's forty milligrams", "that's gon na be six hundred milligrams").
    static let doseUnits: Set<String> = ["milligrams", "milligram", "mg", "micrograms", "mcg", "units", "grams", "milliliters", "ml", "puffs", "tablets", "pills"]
    /// Possessives and articles that open a noun-phrase subject (`your heart rate was 58`).
    static let phraseOpeners: Set<String> = ["my", "your", "his", "her", "their", "the"]
    /// Verbs that follow a noun-phrase subject of a finding or a vital sign.
    static let linkingVerbs: Set<String> = ["is", "was", "are", "were", "'s", "looks", "look", "looked", "feels", "feel", "felt", "sounds", "sound",
                                            "sounded", "seems", "seem", "seemed", "has", "have", "had", "does", "did"]
    /// Words after which a subject belongs to the same sentence: conjunctions and complementizers, verbs that take a
    /// clause (`i think it's`, `i noticed there was`), and nouns that head a clause without `that` (`the last time i
    /// saw`, `the medicine i take`).
    static let clauseTakers: Set<String> = [
        "and", "or", "but", "so", "because", "cause", "'cause", "if", "when", "whenever", "that", "which", "who", "whom", "whose", "what", "how",
        "why", "where", "than", "as", "since", "until", "till", "while", "once", "before", "after", "though", "although", "whether", "then", "like",
        "not", "no", "um", "uh", "well", "now", "also", "just", "even", "said", "say", "says", "saying", "told",
        "tell", "think", "thinks", "thought", "know", "knew", "guess", "mean", "believe", "hope", "see", "saw", "seen", "notice", "noticed",
        "realize", "realized", "remember", "figure", "figured", "wish", "wonder", "heard", "hear", "sure", "worried", "afraid", "glad", "happy",
        "feel", "felt", "feels", "seems", "seemed", "make", "makes", "made", "let", "help", "time", "times", "thing", "things", "way", "one", "ones",
        "stuff", "everything", "anything", "something", "nothing", "all", "reason", "much", "many", "kind", "sort", "day", "point", "place",
        "medicine", "medication", "medications", "amount", "last", "first", "next", "every", "each", "any", "some", "this", "these", "those",
        "the", "a", "an", "my", "your", "his", "our", "their", "its", "i", "we", "he", "she", "they", "exam", "examination",
    ]
    /// Words that open a subordinate clause: the sentence's main clause follows it, so the first boundary in such a
    /// sentence is not one (`when i look at the knee there is no redness`).
    static let subordinators: Set<String> = ["when", "if", "because", "once", "as", "since", "after", "before", "while", "although", "though",
                                             "whenever", "until", "whether"]
    static let leadingFillers: Set<String> = ["okay", "ok", "and", "then", "so", "alright", "now", "well", "um", "uh", "also", "but", "yeah", "yes"]

    /// True when the tokens at `i` open a new clause of their own in an unpunctuated run: a subject and its verb
    /// (`there's`, `i can`, `your heart rate was`) after a word that can end a clause (`no redness | there's no
    /// swelling | i can appreciate a small effusion`).
    static func opensStatement(_ tokens: [Token], at i: Int) -> Bool {
        guard i > 0, i + 2 < tokens.count, tokens[i].kind == .word else { return false }
        let previous = tokens[i - 1]
        if opensExamLead(tokens, at: i) || opensTopic(tokens, at: i) {
            return previous.kind == .word && !English.prepositions.contains(previous.normalized) && !English.auxiliaries.contains(previous.normalized)
        }
        guard previous.kind == .word || previous.kind == .number, !clauseTakers.contains(previous.normalized) || endsClauseAnyway(tokens, at: i - 1),
              !English.prepositions.contains(previous.normalized), !English.auxiliaries.contains(previous.normalized),
              !previous.normalized.hasSuffix("n't"), !English.objectVerbs.contains(previous.normalized) else { return false }
        // A restart (`it's it's just`) is one clause said twice.
        guard previous.normalized != tokens[i].normalized else { return false }
        return opensSubjectAndVerb(tokens, at: i)
    }

    /// True when the tokens at `i` are a subject and its verb (`there's`, `i can`, `your heart rate was`, `it hurts`),
    /// wherever they stand.
    static func opensSubjectAndVerb(_ tokens: [Token], at i: Int) -> Bool {
        guard i + 2 < tokens.count, tokens[i].kind == .word else { return false }
        let word = tokens[i].normalized
        // The verb after the subject, past adverbs (`it just hurts`, `i do appreciate`).
        var v = i + 1
        while v < tokens.count, ["just", "also", "really", "still", "never", "always", "actually", "definitely", "do", "does", "did"].contains(tokens[v].normalized),
              v + 1 < tokens.count, tokens[v + 1].kind == .word {
            v += 1
        }
        guard v < tokens.count, tokens[v].kind == .word else { return false }
        // An auxiliary straight after the subject is its verb (`i do jogs`, `it does hurt`).
        let verb = English.auxiliaries.contains(tokens[i + 1].normalized) ? tokens[i + 1].normalized : tokens[v].normalized
        // "… prescribe protonix it's forty milligrams": the dose stays with its drug.
        if ["it's", "that's"].contains(word), tokens[(i + 1)..<min(i + 7, tokens.count)].contains(where: { doseUnits.contains($0.normalized) }) { return false }
        if contractedSubjects.contains(word) { return true }
        switch word {
        // Existential `there is no …`, not the place (`the cath site there is clean`).
        case "there":
            return ["is", "are", "was", "were"].contains(verb) && v + 1 < tokens.count
                && ["no", "a", "an", "some", "any", "not", "n't", "nothing", "several", "mild", "little", "also", "still", "definitely", "one", "two"].contains(tokens[v + 1].normalized)
        // "… the next 4 days | what I would like to do is …".
        case "what":
            return ["i", "we"].contains(tokens[i + 1].normalized) && i + 2 < tokens.count
                && ["would", "want", "am", "'m", "will", "think", "recommend", "'d"].contains(tokens[i + 2].normalized)
        case "this":
            return English.auxiliaries.contains(tokens[i + 1].normalized) && tokens[i + 1].normalized != "be"
        case "it", "he", "she":
            return English.auxiliaries.contains(verb) || English.isFiniteVerb(verb) || (verb.hasSuffix("s") && !English.nonVerbs.contains(verb) && verb.count > 3)
                || verb.hasSuffix("n't")
        // The clinician's "you" is a subject only before an auxiliary or a past form ("… look good | you do have a fever").
        case "you":
            return English.auxiliaries.contains(verb) || English.isPast(verb) || verb.hasSuffix("n't")
        case "i", "we", "they":
            // A stutter into the contraction: "… surgery | i i'm recommending this".
            if contractedSubjects.contains(tokens[i + 1].normalized) && tokens[i + 1].normalized.hasPrefix(word + "'") { return true }
            return English.auxiliaries.contains(verb) || English.isVerbForm(verb) || verb.hasSuffix("n't") || verb == "can"
        default:
            guard phraseOpeners.contains(word) else { return false }
            // A short noun phrase, then its verb: `your heart rate was`, `the x-ray shows`, `her first problem is`.
            for k in (i + 1)..<min(i + 5, tokens.count) {
                let t = tokens[k]
                guard t.kind == .word else { return false }
                if linkingVerbs.contains(t.normalized) || (k > i + 1 && ["shows", "showed", "revealed", "reveals"].contains(t.normalized)) { return k > i + 1 }
                // "the surgery will help", not the question "your exercise would you say".
                if k > i + 1, ["will", "would", "can", "could", "should"].contains(t.normalized) {
                    return k + 1 < tokens.count && !["you", "i", "he", "she", "we", "they", "it"].contains(tokens[k + 1].normalized)
                }
                if English.prepositions.contains(t.normalized) || ["and", "or", "but", "that", "which", "who", "i", "we", "he", "she", "they", "it", "you"].contains(t.normalized) {
                    return false
                }
            }
            return false
        }
    }

    /// True when the word at `k`, though it can head a clause, ends one here: a frequency (`twice a day | he should`) or
    /// `right now | i am going to`.
    static func endsClauseAnyway(_ tokens: [Token], at k: Int) -> Bool {
        guard k > 0 else { return false }
        let word = tokens[k].normalized, before = tokens[k - 1].normalized
        return (["day", "week", "month", "night", "morning"].contains(word) && ["a", "per", "every", "each"].contains(before))
            || (word == "now" && before == "right")
    }

    /// True when the tokens at `i` turn to the next problem: `for her third problem`, `for your next issue`.
    static func opensTopic(_ tokens: [Token], at i: Int) -> Bool {
        guard tokens[i].normalized == "for", i + 2 < tokens.count, ["your", "his", "her", "the", "this", "their"].contains(tokens[i + 1].normalized) else { return false }
        for k in (i + 2)..<min(i + 5, tokens.count) {
            guard tokens[k].kind == .word else { return false }
            if ["problem", "issue", "concern", "diagnosis"].contains(tokens[k].normalized) { return true }
        }
        return false
    }

    /// True when the tokens at `i` are the lead of an exam finding: `on your lung exam`, `on physical examination`,
    /// `her lung exam`.
    /// Participles that lead a dictated exam finding ("listening to her heart", "examining his abdomen").
    static let examParticiples: Set<String> = ["listening", "looking", "examining", "palpating", "inspecting", "auscultating"]

    /// Parts of the body an exam moves between.
    static let examinedParts: Set<String> = ["heart", "lungs", "lung", "abdomen", "belly", "chest", "back", "neck", "skin", "extremities", "knee",
                                             "knees", "shoulder", "ankle", "wrist", "hand", "hands", "foot", "feet", "hip", "elbow", "eyes", "ears",
                                             "throat", "head", "spine", "legs", "leg", "arm", "arms", "finger", "toes", "thyroid"]

    static func opensExamLead(_ tokens: [Token], at i: Int) -> Bool {
        // A dictated exam moving to the next part: "… no supraclavicular adenopathy | listening to her heart …", not a
        // speaker's own doing ("i'm looking at", "we were listening to").
        if examParticiples.contains(tokens[i].normalized), i > 0, !tokens[i - 1].normalized.contains("'"),
           !English.subjects.contains(tokens[i - 1].normalized), !English.auxiliaries.contains(tokens[i - 1].normalized) {
            let k = i + 1 < tokens.count && ["to", "at"].contains(tokens[i + 1].normalized) ? i + 2 : i + 1
            guard !["and", "or"].contains(tokens[i - 1].normalized), k + 1 < tokens.count,
                  ["your", "his", "her", "the", "their"].contains(tokens[k].normalized) else { return false }
            return tokens[(k + 1)..<min(k + 3, tokens.count)].contains { examinedParts.contains($0.normalized) }
        }
        if ["your", "his", "her", "the"].contains(tokens[i].normalized) {
            for k in (i + 1)..<min(i + 4, tokens.count) {
                guard tokens[k].kind == .word else { return false }
                if ["exam", "examination"].contains(tokens[k].normalized) { return k + 1 < tokens.count && k > i + 1 }
            }
            return false
        }
        guard ["on", "in"].contains(tokens[i].normalized) else { return false }
        for k in (i + 1)..<min(i + 6, tokens.count) {
            guard tokens[k].kind == .word else { return false }
            if ["exam", "examination"].contains(tokens[k].normalized) { return k + 1 < tokens.count }
        }
        return false
    }

    /// True when `tokens` have a verb: an auxiliary, a contraction, a past or -s form, or a common verb
    /// (`there is no redness`, `i look at the knee`), so that they make a clause of their own.
    static func hasVerb(_ tokens: ArraySlice<Token>) -> Bool {
        tokens.contains { t in
            let w = t.normalized
            return English.auxiliaries.contains(w) || w.contains("'") || English.isPast(w) || English.isFiniteVerb(w) || English.commonVerbs.contains(w)
                || w.hasSuffix("ing")
        }
    }

    /// A number a recogniser writes around a spoken decimal point ("a hundred . four", "seven . three").
    static func isSpokenDigit(_ t: Token) -> Bool {
        t.kind == .number || English.numberWords.contains(t.normalized)
    }

    /// Words after which "so" is an adverb of degree, not a marker ("so much pain", "so bad").
    static let degreeWords: Set<String> = ["much", "many", "bad", "badly", "far", "long", "little", "severe", "painful", "sore", "tired", "swollen",
                                           "hard", "quickly", "often", "happy", "glad", "sorry", "good", "great", "excited", "worried", "nervous",
                                           "scared", "busy", "high", "low", "fast", "slow", "weak", "stiff", "itchy", "red"]

    /// True when a discourse marker at `i` is an adverb or adjective inside the clause instead (`is well controlled`,
    /// `as well`, `pretty well`, `right now`, `not so bad`, `everything is okay`).
    static func modifiesNext(_ tokens: [Token], at i: Int) -> Bool {
        guard i > 0, ["well", "so", "now", "okay", "ok", "alright"].contains(tokens[i].normalized) else { return false }
        if tokens[i].normalized == "so", i + 1 < tokens.count, degreeWords.contains(tokens[i + 1].normalized) { return true }
        let previous = tokens[i - 1].normalized
        return English.auxiliaries.contains(previous) || ["as", "very", "pretty", "not", "right", "just", "quite", "really", "fairly", "doing", "do", "feel",
                                                          "feeling", "even", "until", "by", "from", "for", "up"].contains(previous)
    }

    /// Words before "and" that make what follows part of the same subject or clause: "her and I have", "the knee and it".
    static let compoundBefore: Set<String> = ["her", "him", "me", "them", "us", "you", "my", "his", "the", "a", "an", "that", "this", "your", "their"]

    /// True when "and" at `i` goes on with the clause before it rather than starting a sentence: after a pronoun or
    /// determiner ("her and I have battled"), or inside a subordinate clause not yet closed by a comma ("because she is
    /// young and she has arthritis", "I know that he smokes and he drinks").
    static func continuesClause(_ tokens: [Token], before i: Int, from start: Int) -> Bool {
        guard i > start else { return true }
        if compoundBefore.contains(tokens[i - 1].normalized) { return true }
        // A noun phrase after "and" starts a clause only when the words just before have a verb of their own: not "his
        // blood pressure and his heart rate | look good".
        if i + 1 < tokens.count, phraseOpeners.contains(tokens[i + 1].normalized), tokens[i - 1].text != ",", !hasVerb(tokens[max(start, i - 6)..<i]) {
            return true
        }
        var k = i - 1
        while k >= max(start, i - 8) {
            let t = tokens[k]
            if t.kind == .punctuation { return false }
            if subordinators.contains(t.normalized) || t.normalized == "that" { return true }
            k -= 1
        }
        return false
    }

    /// True when the sentence from `start` opens with a subordinate clause (`when i look at …`), past fillers.
    static func opensSubordinate(_ tokens: [Token], from start: Int, to end: Int) -> Bool {
        var k = start
        while k < end, leadingFillers.contains(tokens[k].normalized) || tokens[k].kind == .punctuation { k += 1 }
        return k < end && subordinators.contains(tokens[k].normalized)
    }
}
