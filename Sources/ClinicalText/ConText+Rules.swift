extension ConText {
    /// Evident's ConText rules for clinic notes and conversations, in the NegEx/ConText families (written
    /// for Evident; tuned on ACI-Bench train/valid only).
    public static let defaultRules: [Rule] = {
        var r: [Rule] = []
        func add(_ phrases: [String], _ c: Category, _ d: Direction = .forward, window: Int? = nil) {
            r += phrases.map { Rule($0, c, d, window: window) }
        }
        // Pseudo-triggers first in spirit: longer phrases win at the same position.
        add(["no increase", "no change", "no significant change", "not only", "not necessarily", "gram negative", "not certain if",
             "not sure if", "without difficulty", "no problem", "no problems with", "not just", "nothing else", "not been able",
             "no matter", "not too bad", "not bad", "no doubt", "not worse", "no worse", "not improved", "no improvement", "has not improved", "have not improved", "did not improve",
             "has n't improved", "hasn't improved", "not too concerned", "not concerned", "not worried", "not too worried", "not without",
             "not believe", "don't believe", "n't believe", "not think", "n't think", "don't think", "n't know", "not know", "no i", "no i've",
             "no i'm", "no just", "no mostly", "no it's", "no but", "no that", "no that's", "no we", "no she", "no he", "no actually", "no it",
             "no they", "no my", "no well", "no yeah", "no sir", "no ma'am", "no problem", "no worries", "not limited to",
             "but not limited to", "is not able to", "not able to", "not like", "it's not like", "not been taking",
             "not taking", "not take", "no idea", "not a big deal", "not that i know", "cannot rule out", "can't rule out", "not rule out", "not improve", "don't improve", "n't improve",
             "do not improve", "does not improve", "doesn't improve", "not get better", "not resolve", "not go away", "if i remember", "if i recall",
             "if i'm not mistaken", "not sure if", "not to mention",
             "no sooner", "never mind", "no wonder", "without fail", "no way", "if needed",
             // A receptor's or a stain's result, not a negation of the tumour it describes ("breast cancer, ER positive, HER2 negative").
             "er negative", "pr negative", "her2 negative", "her 2 negative", "her-2 negative", "her2/neu negative", "receptor negative",
             "triple negative", "hormone receptor negative", "er-negative", "pr-negative", "her2-negative"], .pseudo)
        add(["no", "not", "denies", "denied", "deny", "denying", "without", "negative for", "free of", "absence of", "never", "none", "nor",
             "no evidence of", "no signs of", "no sign of", "no history of", "no complaints of", "no new", "no recent", "non", "neither",
             "doesn't have", "does not have", "don't have", "do not have", "didn't have", "did not have", "hasn't had", "has not had",
             "haven't had", "have not had", "hasn't been", "haven't been", "wasn't", "weren't", "isn't", "aren't", "don't", "doesn't", "didn't",
             "not having", "not experiencing", "no further", "resolution of", "rules out", "ruled out for", "fails to reveal", "unremarkable for",
             "not appreciate", "can't feel", "no more", "nope", "nah", "n't", "n't have", "n't had", "n't get", "n't notice", "n't see", "n't feel", "no longer",
             "n't appreciate", "don't appreciate", "do not appreciate", "did not appreciate", "n't hear", "n't palpate", "n't detect", "n't find",
             "denies he has", "denies she has", "denies that he has",
             "denies that she has", "denies he had", "denies she had", "denies having", "denies ever", "denies he has ever", "denies she has ever",
             "denies he is", "denies she is", "has never", "have never", "never had", "never been", "did not", "does not", "do not", "is not",
             "was not", "are not", "were not", "has not", "have not", "had not", "no history", "not currently", "zero", "no further"], .negated, window: 12)
        add(["is negative", "was negative", "were negative", "are negative", "negative"], .negated, .both)
        add(["has been ruled out", "have been ruled out", "were ruled out", "was ruled out", "been ruled out"], .negated, .backward, window: 6)
        add(["ruled out", "is ruled out", "was ruled out", "absent", "not present",
             "is absent", "are absent", "was absent", "not seen", "not noted", "not found", "denied", "unlikely", "is unlikely", "free", "not an issue",
             "is normal", "was normal", "were normal", "not a problem", "not identified", "not detected", "none seen", "not appreciated",
             "not visualized", "declined"],
            .negated, .backward)
        add(["possible", "possibly", "probable", "probably", "likely", "suspect", "suspected", "suspicious for", "suspicion of", "concern for",
             "concerning for", "question of", "questionable", "rule out", "r/o", "to rule out", "differential", "differential diagnosis",
             "consider", "considering", "may have", "might have", "could have", "could be", "may be", "might be", "maybe", "perhaps",
             "not sure", "unsure", "not certain", "uncertain", "versus", "vs", "evaluate for", "evaluation for", "worried about",
             "concerned about", "sounds like", "looks like", "seems like", "it sounds like", "suggestive of", "most likely", "more likely",
             "likely due to", "possible causes", "causes are", "could also be", "either", "n't know if", "not sure whether",
             "not able to say", "make sure", "to make sure", "suggests", "compatible with",
             "consistent with possible", "cannot exclude", "can't exclude", "work up for", "workup for", "screen for", "screening for", "assess for"],
            .uncertain, window: 12)
        add(["is possible", "is likely", "is suspected", "cannot be excluded", "can't be excluded", "not excluded", "not ruled out",
             "is questionable", "or not", "is probable", "vs"], .uncertain, .backward)
        add(["history of", "h/o", "hx of", "past history of", "past medical history of", "previous", "previously", "prior", "status post", "s/p",
             "in the past", "used to", "had a history of", "remote history of", "childhood", "as a child", "years ago", "formerly", "former",
             "resolved", "had had", "back in", "since childhood", "last year", "a few years ago", "long history of", "past medical history",
             "medical history", "pmh", "no longer", "stopped", "stopped taking", "discontinued", "quit", "earlier", "in the past"],
            .historical, window: 12)
        add(["in the past", "years ago", "as a child", "previously", "earlier", "last year", "ago", "in the past year", "a while ago", "resolved",
             "that resolved", "has resolved", "which resolved", "in college", "in high school", "when i was younger", "at that time", "back then"],
            .historical, .backward)
        add(["will", "we'll", "i'll", "going to", "gon na", "plan to", "planning to", "plan on", "recommend", "recommended", "would like to",
             "want you to", "i want to", "we want to", "should", "may need", "might need", "need to", "consider", "prescribe", "prescribed", "order",
             "ordering", "schedule", "scheduled", "refer", "referral", "refer you", "initiate", "candidate for", "as needed", "could", "let's",
             "think about", "try", "if", "start", "started on", "put you on", "putting you on", "get you", "send you", "instructed", "advised",
             "would recommend", "will need", "may be needed", "to be", "repeat", "return", "follow up", "follow-up", "obtain", "check"],
            .hypothetical, window: 10)
        add(["may be needed", "is recommended", "was recommended", "will be", "to be scheduled", "as needed", "if needed", "prn", "was ordered",
             "were ordered", "is ordered", "ordered"], .hypothetical, .backward)
        add(["if", "in case", "call if", "return if", "come back if", "watch for", "look out for", "monitor for", "to prevent", "prevent", "in order to prevent", "precautions", "avoid", "whether", "if you",
             "if she", "if he", "risk of", "risk for", "at risk for", "chance of", "could develop", "can cause", "may cause", "might cause",
             "side effects", "side effect", "unless", "anytime", "as needed for", "prn"], .hypothetical, window: 6)
        add(["mother", "mom", "father", "dad", "brother", "sister", "sibling", "siblings", "son", "daughter", "aunt", "uncle", "grandmother",
             "grandfather", "grandma", "grandpa", "grandparent", "grandparents", "cousin", "parent", "parents", "family history of",
             "family history", "runs in the family", "in the family", "family member", "relatives", "relative", "maternal", "paternal",
             "niece", "nephew", "twin", "mother's", "father's", "mom's", "dad's", "brother's", "sister's", "run in my family",
             "runs in my family", "in my family", "run in the family", "family has", "both of her parents", "both of his parents", "her parents",
             "his parents"], .family, .both, window: 8)
        add(["husband", "wife", "partner", "boyfriend", "girlfriend", "roommate", "coworker", "co-worker", "friend", "friends", "neighbor",
             "kids", "children", "child", "baby", "everyone", "someone", "somebody", "people"], .other, .both, window: 4)
        add(["but", "however", "although", "though", "except", "aside from", "apart from", "other than", "yet", "otherwise", "whereas",
             "as well as", "and now", "then"], .terminate)
        add(["which", "who", "still", "has", "have", "reports", "reported", "endorses", "endorsed", "complains", "complained", "notes", "noted",
             "states", "stated", "presents", "presented", "is having", "feels", "felt", "does have", "did have", "admits", "positive for", "because",
             "since", "now", "okay", "ok", "so", "due to", "some", "feel", "do feel", "and i", "i get", "i do", "appreciate", "i can", "i see", "secondary to", "cause", "caused", "causing", "while", "when", "also", "plus"],
            .terminateAssertion)
        return r
    }()
}
