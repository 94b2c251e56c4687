/// Closed word classes of English and the verb forms the scribe needs to put speech into the third person and to
/// check the result: which word after a subject is a verb in its base form (`she wish` → `she wishes`), which is
/// already a past tense or an auxiliary, and which words are never verbs. Open-class verbs are recognised by form
/// (a lower-case word that is none of these), so a verb no list names is still conjugated.
public enum English {
    /// Auxiliaries and modals: a finite verb that takes no ending after he/she.
    public static let auxiliaries: Set<String> = ["is", "was", "has", "had", "does", "did", "can", "could", "will", "would", "shall", "should", "may",
                                           "might", "must", "ought", "cannot", "am", "are", "were", "have", "do", "be", "been", "being"]

    /// Irregular past tenses and participles (a past tense after he/she is already finite).
    public static let irregularPast: Set<String> = [
        "arose", "awoke", "awoken", "bore", "born", "beat", "beaten", "became", "began", "begun", "bent", "bitten", "bled", "blew", "blown",
        "broke", "broken", "brought", "built", "burnt", "bought", "caught", "chose", "chosen", "came", "crept", "dealt", "dug", "drew", "drawn",
        "dreamt", "drank", "drunk", "drove", "driven", "ate", "eaten", "fell", "fallen", "fed", "felt", "fought", "found", "fled", "flew", "flown",
        "forgot", "forgotten", "forgave", "froze", "frozen", "got", "gotten", "gave", "given", "went", "gone", "grew", "grown", "hung",
        "heard", "hid", "hidden", "held", "kept", "knelt", "knew", "known", "laid", "led", "leant", "leapt", "learnt", "lent", "lay", "lain",
        "lit", "lost", "made", "meant", "met", "paid", "rode", "ridden", "rang", "rung", "rose", "risen", "ran", "said", "saw", "seen", "sought",
        "sold", "sent", "shook", "shaken", "shot", "shown", "sang", "sung", "sank", "sunk", "sat", "slept", "slid", "spoke", "spoken", "sped",
        "spent", "spilt", "spun", "spat", "sprang", "stood", "stole", "stolen", "stuck", "stung", "stank", "struck", "swore", "sworn", "swept",
        "swam", "swum", "swung", "took", "taken", "taught", "tore", "torn", "told", "thought", "threw", "thrown", "understood", "woke", "wore",
        "worn", "wove", "wept", "won", "wrote", "written", "withdrew", "underwent", "undertook", "overdid", "done", "mistook",
    ]

    /// Verbs whose past tense is their base form: after he/she they read as a past tense and are left as said.
    public static let sameInPast: Set<String> = ["hurt", "put", "cut", "hit", "let", "set", "quit", "read", "bet", "shut", "spread", "cost", "burst", "split",
                                          "cast", "fit", "slit", "thrust", "upset"]

    /// Words that follow a subject without being its verb: adverbs, negation, pronouns, determiners, conjunctions,
    /// prepositions, interjections.
    public static let nonVerbs: Set<String> = [
        "also", "still", "never", "even", "always", "just", "really", "actually", "usually", "first", "then", "only", "almost", "ever", "very",
        "barely", "rarely", "sometimes", "often", "already", "kind", "sort", "not", "too", "and", "or", "but", "so", "the", "a", "an", "my", "his",
        "her", "their", "its", "it", "that", "this", "these", "those", "what", "when", "where", "who", "whom", "which", "why", "how", "i", "you",
        "he", "she", "they", "we", "him", "them", "us", "me", "yeah", "yes", "no", "well", "now", "here", "there", "again", "once", "twice", "both",
        "all", "each", "either", "neither", "pretty", "quite", "much", "more", "less", "lot", "alone", "himself", "herself", "themselves", "myself",
        "yourself", "as", "at", "in", "on", "of", "to", "for", "with", "from", "by", "about", "into", "if", "because", "since", "until",
        "while", "though", "although", "than", "um", "uh", "oh", "okay", "ok", "right", "maybe", "perhaps", "probably", "definitely",
        "certainly", "initially", "finally", "later", "recently", "currently", "today", "yesterday", "tonight", "immediately", "nearly",
        "hardly", "seldom", "occasionally", "mainly", "mostly", "constantly", "regularly", "typically", "generally", "normally", "originally",
        "eventually", "suddenly", "gradually", "accidentally", "basically", "personally", "honestly", "obviously", "apparently", "unfortunately",
        "fortunately", "luckily", "hopefully", "else", "otherwise", "anyway", "somewhat", "somehow", "together", "back", "out", "up", "down",
        "off", "over", "away", "around", "doctor", "mom", "dad", "wife", "husband", "guys", "one", "two", "gon", "wan", "ca", "wo", "don",
    ]

    /// Prepositions, after which a personal pronoun is an object (`for him`, never `for he`).
    public static let prepositions: Set<String> = ["of", "for", "with", "at", "on", "about", "from", "by", "into", "onto", "without", "toward", "towards",
                                            "within", "upon", "against", "between", "among", "to", "near", "beside", "behind", "around", "through"]

    /// Verbs that take the patient as their object before an infinitive or a particle (`continue her on`, `want him to`,
    /// `see him back`), after which a subject pronoun is wrong.
    public static let objectVerbs: Set<String> = ["continue", "want", "like", "put", "give", "tell", "ask", "help", "let", "see", "send", "get", "keep",
                                           "start", "refer", "switch", "take", "bring", "examine", "check", "make", "need", "prescribe", "place",
                                           "schedule", "order", "encourage", "advise", "instruct", "counsel", "treat", "remind", "call", "contact",
                                           "move", "have", "show", "allow", "expect", "sending", "giving", "putting", "getting", "seeing", "starting",
                                           "referring", "scheduling", "placing", "prescribing", "keeping", "continuing", "taking", "bringing", "having",
                                           "wanted", "asked", "told", "started", "continued", "gave", "sent", "referred", "advised", "encouraged"]

    /// Words before "kind of" / "sort of" that make it a noun ("this kind of pain") rather than a hedge.
    public static let kindDeterminers: Set<String> = ["this", "that", "what", "any", "some", "the", "a", "every", "which", "same", "another", "different", "no",
                                               "these", "those", "all"]

    /// True when `word`, straight after a third-person singular subject, is a verb still in its base form (`wish`,
    /// `press`, `go`): a lower-case word that is no auxiliary, past tense, adverb, function word or third-person form.
    public static func isBaseVerb(_ word: String) -> Bool {
        guard let first = word.first, first.isLowercase, word.count >= 2, word.allSatisfy({ $0.isLetter }) else { return false }
        if auxiliaries.contains(word) || irregularPast.contains(word) || sameInPast.contains(word) || nonVerbs.contains(word) { return false }
        if isPast(word) || word.hasSuffix("ly") || word.hasSuffix("ing") { return false }
        // Already conjugated (`takes`), unless the base itself ends in -ss (`miss`, `press`).
        if word.hasSuffix("s") && !word.hasSuffix("ss") { return false }
        return true
    }

    /// True for a past tense or participle: irregular (`took`) or in -ed, but not a base form in -eed (`need`, `bleed`).
    public static func isPast(_ word: String) -> Bool {
        if irregularPast.contains(word) { return true }
        guard word.hasSuffix("ed"), word.count > 3 else { return false }
        return !word.hasSuffix("eed") || ["agreed", "freed", "decreed", "guaranteed", "refereed"].contains(word)
    }

    /// Verbs common in a patient's account, by base form: with -s (`hurts`, `includes`) they are a finite verb
    /// and make a sentence of a history line.
    public static let commonVerbs: Set<String> = ["hurt", "include", "show", "feel", "seem", "appear", "look", "remain", "continue", "come", "go", "get",
                                           "radiate", "help", "worsen", "improve", "occur", "happen", "start", "stop", "bother", "ache", "swell",
                                           "burn", "itch", "take", "use", "need", "want", "like", "work", "wake", "keep", "make", "throb", "tingle",
                                           "sting", "last", "spread", "travel", "flare", "increase", "decrease", "become", "say", "think",
                                           "know", "notice", "report", "deny", "describe", "state", "note", "complain", "endorse", "live", "smoke",
                                           "drink", "exercise", "walk", "run", "sleep", "eat", "do", "see", "try", "wear", "play"]

    /// True for a finite verb form: a past tense (`-ed` or irregular) or the -s form of a common verb (`hurts`).
    public static func isFiniteVerb(_ word: String) -> Bool {
        if isPast(word) { return true }
        guard word.hasSuffix("s"), word.count > 3 else { return false }
        let stem = word.hasSuffix("ies") ? String(word.dropLast(3)) + "y" : String(word.dropLast())
        return commonVerbs.contains(stem) || (word.hasSuffix("es") && commonVerbs.contains(String(word.dropLast(2))))
    }

    /// Numbers said in words, as a recogniser writes a dose or a reading ("forty", "a hundred . four", "like half").
    public static let numberWords: Set<String> = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
                                                  "twelve", "fifteen", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
                                                  "hundred", "half"]

    /// Subject pronouns, which a sentence's false start or cut-off clause begins with.
    public static let subjects: Set<String> = ["he", "she", "they", "it", "i", "we"]

    /// True for a word that can be the verb after a subject: an auxiliary, a past form, a base verb or a negated
    /// contraction.
    public static func isVerbForm(_ word: String) -> Bool {
        auxiliaries.contains(word) || irregularPast.contains(word) || sameInPast.contains(word) || isBaseVerb(word) || isPast(word) || word.hasSuffix("n't")
    }

    /// The third-person singular present of a base-form verb: `have` → `has`, `try` → `tries`, `press` → `presses`.
    public static func thirdPerson(_ verb: String) -> String {
        switch verb {
        case "have": return "has"
        case "do": return "does"
        case "go": return "goes"
        case "be": return "is"
        default:
            if verb.hasSuffix("y") && !["ay", "ey", "oy", "uy"].contains(String(verb.suffix(2))) { return String(verb.dropLast()) + "ies" }
            if verb.hasSuffix("s") || verb.hasSuffix("sh") || verb.hasSuffix("ch") || verb.hasSuffix("x") || verb.hasSuffix("z") || verb.hasSuffix("o") {
                return verb + "es"
            }
            return verb + "s"
        }
    }
}
