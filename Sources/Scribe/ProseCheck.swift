import ClinicalText
import Foundation

/// A flaw in a sentence of note prose found by ``ProseCheck``: what kind, and the words that show it.
public struct ProseProblem: Sendable, Hashable, CustomStringConvertible {
    /// The kind of flaw.
    public struct Kind: Sendable, Hashable, Comparable, CustomStringConvertible {
        public let name: String
        /// A history sentence with neither subject nor finite verb ("A bit of joint pain.").
        public static let fragment = Kind(name: "fragment")
        /// Words of speech that notes do not use: fillers, hedges, tags ("like,", "kind of", "yeah").
        public static let speech = Kind(name: "speech residue")
        /// The clinician's "you" or "your" left in a note about the patient.
        public static let secondPerson = Kind(name: "second person")
        /// A subject pronoun where an object is needed ("continue she on", "for he").
        public static let pronounCase = Kind(name: "pronoun case")
        /// A verb that does not agree with its subject ("he wish", "she have").
        public static let agreement = Kind(name: "agreement")
        /// A word said twice in a row ("the the").
        public static let repetition = Kind(name: "repeated word")
        /// Punctuation left by the recogniser (", ,", a space before a comma, no capital or full stop).
        public static let punctuation = Kind(name: "punctuation")
        /// The plan spoken inside the examination or results ("… so we'll look into that").
        public static let misplaced = Kind(name: "misplaced")
        /// Clauses run together without a pause: a long sentence with no comma, as a recogniser writes unbroken speech.
        public static let runOn = Kind(name: "run-on")

        /// Every kind, in report order.
        public static let all: [Kind] = [.fragment, .speech, .secondPerson, .pronounCase, .agreement, .repetition, .punctuation, .misplaced, .runOn]
        public var description: String { name }
        public static func < (a: Kind, b: Kind) -> Bool { (all.firstIndex(of: a) ?? 0) < (all.firstIndex(of: b) ?? 0) }
    }

    public var kind: Kind
    /// The words that show the flaw, as they appear in the sentence.
    public var evidence: String

    public var description: String { "\(kind.name): \"\(evidence)\"" }
}

/// Checks that a sentence of a draft note reads as written clinical prose: a full sentence in the history, no
/// speech residue, the patient in the third person with pronouns in the right case, verbs that agree, no word
/// said twice, clean punctuation, and no plan talk inside the examination. Pure and lexicon-based: a sentence in,
/// its flaws out. The scribe leaves out a sentence with any flaw; the evaluation counts them.
public struct ProseCheck: Sendable {
    let compiled: [String: CompiledPattern]

    public init() {
        let all = [Self.punctuationPattern, Self.secondPersonPattern, Self.repetitionPattern, Self.vagueEndPattern, Self.cutSubjectPattern, Self.openEndPattern,
                   Self.misplacedPattern, Self.examReasoningPattern, Self.fragmentPattern, Self.clinicianVoicePattern, Self.looseTalkPattern] + Self.speechPatterns
        compiled = Dictionary(all.compactMap { p in CompiledPattern(p).map { (p, $0) } }) { a, _ in a }
    }

    /// The flaws of `sentence`, a sentence of the section `section` (labels and problem headings are not passed).
    /// `statesFacts`: the sentence carries a drug or a diagnosis said only there, so a run-on is kept for it.
    public func problems(in sentence: String, section: SectionKind, statesFacts: Bool = false) -> [ProseProblem] {
        var found: [ProseProblem] = []
        func flag(_ kind: ProseProblem.Kind, _ evidence: String) { found.append(ProseProblem(kind: kind, evidence: evidence)) }
        func first(_ pattern: String) -> String? {
            if let c = compiled[pattern] { return c.firstMatch(in: sentence) }
            return sentence.range(of: pattern, options: [.regularExpression, .caseInsensitive]).map { String(sentence[$0]) }
        }
        let words = Self.words(sentence)
        let lower = words.map { $0.lowercased() }

        // Punctuation.
        if let p = first(Self.punctuationPattern) { flag(.punctuation, p) }
        if let c = sentence.first, c.isLetter ? !c.isUppercase : !(c.isNumber || c == "•") { flag(.punctuation, String(sentence.prefix(12))) }
        if let c = sentence.last, !".!?".contains(c) { flag(.punctuation, String(sentence.suffix(12))) }

        // Speech residue.
        for pattern in Self.speechPatterns { if let p = first(pattern) { flag(.speech, p); break } }
        // "kind of" / "sort of" as a hedge, not as a noun ("this kind of pain").
        for k in lower.indices.dropFirst().dropLast() where ["kind", "sort"].contains(lower[k]) && lower[k + 1] == "of"
            && !English.kindDeterminers.contains(lower[k - 1]) {
            flag(.speech, "\(words[k]) of")
        }

        // Second person.
        if let p = first(Self.secondPersonPattern) { flag(.secondPerson, p) }

        // Pronoun case and agreement around he/she/they.
        for k in lower.indices {
            let w = lower[k]
            let prev = k > 0 ? lower[k - 1] : ""
            let next = k + 1 < lower.count ? lower[k + 1] : ""
            if ["he", "she", "they"].contains(w) {
                // The first word after the pronoun that is not an adverb.
                var v = k + 1
                while v < lower.count, Rewriter.adverbs.contains(lower[v]) || lower[v].hasSuffix("ly") { v += 1 }
                let verb = v < lower.count ? lower[v] : ""
                let verbNext = English.isVerbForm(verb) || (verb.hasSuffix("s") && verb.count > 2) || verb.hasSuffix("'s")
                if English.prepositions.contains(prev) || Rewriter.causatives.contains(prev) || (English.objectVerbs.contains(prev) && !verbNext) || next == "to" {
                    flag(.pronounCase, [words[max(0, k - 1)], words[k], k + 1 < words.count ? words[k + 1] : ""].joined(separator: " "))
                }
            }
            if ["him", "them"].contains(w), !English.prepositions.contains(prev), ["is", "was", "has", "have", "are", "were", "will", "would", "does", "did"].contains(next) {
                flag(.pronounCase, "\(words[k]) \(words[k + 1])")
            }
            if ["he", "she"].contains(w) || (w == "patient" && prev == "the") {
                // Skip adverbs to the verb ("she also wish").
                var j = k + 1
                while j < lower.count, Rewriter.adverbs.contains(lower[j]) || lower[j].hasSuffix("ly") || lower[j] == "not" { j += 1 }
                guard j < lower.count else { continue }
                let v = lower[j]
                // A base-form verb straight after the subject, or a plural form; after "the patient" only directly.
                let plural = ["have", "do", "are", "were", "am", "don't", "haven't", "aren't", "weren't"].contains(v)
                if (plural || English.isBaseVerb(v)) && (w != "patient" || j == k + 1) && !Self.modalBefore(lower, w == "patient" ? k - 1 : k) {
                    flag(.agreement, words[k...j].joined(separator: " "))
                }
            }
        }

        // A word said twice.
        if let p = first(Self.repetitionPattern), !["had had", "that that"].contains(p.lowercased()) { flag(.repetition, p) }

        // A fragment: a history sentence without subject or finite verb; "No …" and "Denies …" stand as notes write them.
        if section == .historyOfPresentIllness, let opener = lower.first, !["no", "denies", "endorses", "positive", "negative"].contains(opener),
           !Rewriter.hasClause(sentence), !lower.contains(where: English.isFiniteVerb) {
            flag(.fragment, String(sentence.prefix(40)))
        }

        // A plan sentence that only names its topic ("For the diabetes, the second problem that we talked about today.").
        if section == .assessmentAndPlan, let opener = lower.first,
           ["for", "regarding", "as", "from"].contains(opener) || (opener == "my" && lower.count > 1 && ["assessment", "impression", "diagnosis"].contains(lower[1])),
           !lower.contains(where: { English.auxiliaries.contains($0) || English.isFiniteVerb($0) || $0.hasSuffix("n't") || $0.hasSuffix("'s")
               || Self.orderVerbs.contains($0) }),
           !Rewriter.hasClause(sentence) || !lower.dropFirst().contains(where: { ["i", "he", "she", "we", "they", "it"].contains($0) }) {
            flag(.fragment, String(sentence.prefix(40)))
        }
        // An exam line that opens on a preposition's object or a pointing word and says no finding ("Of his left ankle.",
        // "That slight heart murmur.").
        if section == .physicalExam, let opener = lower.first, ["of", "that", "this", "those", "these"].contains(opener),
           !lower.contains(where: { English.auxiliaries.contains($0) || English.isFiniteVerb($0) || $0.hasSuffix("'s") }) {
            flag(.fragment, String(sentence.prefix(40)))
        }
        // A topic whose only verb is in its relative clause ("For the shortness of breath that he had in the emergency department.").
        if section == .assessmentAndPlan, let opener = lower.first, ["for", "from", "regarding"].contains(opener), !sentence.contains(","),
           let relative = lower.firstIndex(where: { ["that", "which", "who", "when"].contains($0) }),
           !lower[..<relative].contains(where: { English.auxiliaries.contains($0) || English.isFiniteVerb($0) || Self.orderVerbs.contains($0) }) {
            flag(.fragment, String(sentence.prefix(40)))
        }
        if let p = first(Self.fragmentPattern) { flag(.fragment, p) }
        // Blind graders found none of the drafted sentences of over 30 words without a comma ready to sign. One that
        // states a number (a dose, a reading), a drug or a diagnosis is kept for its fact.
        if words.count > Self.longestUnbroken, !statesFacts, !sentence.contains(","), !sentence.contains(";"), !sentence.contains(where: \.isNumber) {
            flag(.runOn, "\(words.count) words without a pause")
        }
        // A sentence cut off on a function word ("Some tightness in those muscles as.").
        if let last = lower.last, Self.cutOffEnds.contains(last), lower.count > 1 { flag(.fragment, "… \(words.last!)") }
        // "Her creatinine was." — a verb with its complement cut off (not "… than it was.").
        if lower.count > 2, let last = lower.last, ["was", "were", "is", "are"].contains(last),
           !["it", "he", "she", "they", "there", "that", "this", "i", "we", "what", "where", "who", "how"].contains(lower[lower.count - 2]) {
            flag(.fragment, "… \(words[words.count - 2]) \(words.last!)")
        }
        // An order cut off before its object ("I think I want to increase.").
        if lower.count > 2, Self.cutOrderVerbs.contains(lower[lower.count - 1]), ["to", "will", "i", "we", "can", "would", "should", "and"].contains(lower[lower.count - 2]) {
            flag(.fragment, "… \(words[words.count - 2]) \(words.last!)")
        }
        // A reason without the clause it gives the reason for ("Because I might need to give her more diuretic.").
        if lower.first == "because", !sentence.contains(",") { flag(.fragment, String(sentence.prefix(40))) }
        // An opening clause with no main clause after it ("When he had it radiated almost down to his groin."), a
        // complement clause on its own ("That he has had his procedure …"), an ending with a condition left open
        // ("… and if she is still having symptoms.").
        if let opener = lower.first, Rewriter.openingSubordinators.contains(opener), !sentence.contains(",") { flag(.fragment, String(sentence.prefix(40))) }
        if lower.first == "that", lower.count > 2, ["he", "she", "they", "it", "i", "we"].contains(lower[1]) { flag(.fragment, String(sentence.prefix(40))) }
        if let p = first(Self.openEndPattern) { flag(.fragment, p) }
        // A verb with no subject ("Had decreased flexion of her back.", "Injured or broken a bone.").
        if let opener = lower.first, [.historyOfPresentIllness, .physicalExam].contains(section), ["had", "was", "were"].contains(opener)
            || (section == .historyOfPresentIllness && English.isPast(opener) && lower.count > 1
                && ["a", "an", "the", "his", "her", "their", "some", "it", "or", "and", "to", "him", "them"].contains(lower[1])) {
            flag(.fragment, String(sentence.prefix(40)))
        }
        // A purpose on its own ("To see if it is part of that.").
        if lower.first == "to", lower.count > 1, English.isBaseVerb(lower[1]), !sentence.contains(",") { flag(.fragment, String(sentence.prefix(40))) }
        // A vague or dropped ending ("… in that knee's joint space and there.", "… and then for her diabetes.").
        if let p = first(Self.vagueEndPattern) { flag(.fragment, p) }
        // A clause cut off after its subject ("…, and he feels.").
        if let p = first(Self.cutSubjectPattern) { flag(.fragment, p) }

        // The history in someone's first person ("I am having difficulty breathing", "I think she is more aware …"),
        // except the clinician's review of the record ("I reviewed …"), and the visit's own future ("We will …").
        if section == .historyOfPresentIllness {
            let review = ["i reviewed", "i have reviewed", "i did review", "i had gone through", "i saw a report", "i saw that", "i also see that", "i see that"]
            if !Set(lower).isDisjoint(with: ["i", "my", "mine", "myself"]), !review.contains(where: sentence.lowercased().hasPrefix) {
                flag(.speech, "first person")
            }
            if lower.count > 1, lower[0] == "we", ["will", "can", "could", "are", "need", "want", "would"].contains(lower[1]) { flag(.speech, "\(words[0]) \(words[1])") }
        }
        // The visit's own talk outside the plan ("Let's review her blood work.").
        if section == .historyOfPresentIllness, lower.first == "let's" { flag(.speech, "\(words[0])") }
        // The plan or the visit's own talk inside the examination or the results.
        if [.physicalExam, .results].contains(section),
           let p = first(Self.misplacedPattern) {
            flag(.misplaced, p)
        }
        // The clinician's spoken voice outside the history ("I think we have reasons …", "Let me order those.", "We can see
        // where …"): blind graders signed under one in ten such sentences. A sentence that states a drug or a diagnosis is
        // kept for its fact; the note's own first person ("I recommend", "We will order", "We discussed") is not speech.
        if section != .historyOfPresentIllness, !statesFacts, let p = first(Self.clinicianVoicePattern) { flag(.speech, p) }
        if !statesFacts, let p = first(Self.looseTalkPattern) { flag(.speech, p) }
        // The clinician's reasoning inside the examination: what it could be, what worries or reassures, what comes next.
        if section == .physicalExam, let p = first(Self.examReasoningPattern) { flag(.misplaced, p) }
        return found
    }

    /// True when `sentence` is the clinician's reasoning (what it could be, what worries or reassures), which belongs to
    /// the assessment rather than the examination.
    public func isReasoning(_ sentence: String) -> Bool { compiled[Self.examReasoningPattern]?.matches(sentence) ?? false }

    /// Words, with contractions and slashes kept inside the word.
    static func words(_ text: String) -> [String] {
        text.split { !($0.isLetter || $0.isNumber || $0 == "'" || $0 == "/" || $0 == "-") }.map(String.init)
    }

    /// True when a modal or "to" comes right before the subject's verb is expected ("can she", "let her").
    static func modalBefore(_ lower: [String], _ k: Int) -> Bool {
        k > 0 && ["can", "could", "will", "would", "should", "does", "did", "do", "may", "might", "must", "let", "make", "help", "have", "having", "had", "get",
                  "see", "watch"].contains(lower[k - 1])
    }

    /// Words no finished sentence ends on: the words a recogniser cuts a sentence off on, less those that also end
    /// one ("look into that", "as it is", "he came in").
    /// Verbs of an order, which make a plan sentence of a topic ("For her diabetes, continue the metformin.").
    static let orderVerbs: Set<String> = ["continue", "start", "order", "prescribe", "increase", "decrease", "refer", "recommend", "take", "get",
                                          "check", "stop", "schedule", "follow", "keep", "add", "switch", "hold", "repeat", "return", "avoid"]
    /// Verbs of an order that need an object, so that a sentence cannot end on them.
    static let cutOrderVerbs: Set<String> = ["increase", "decrease", "order", "prescribe", "refer", "give", "get", "check", "make", "put", "send",
                                             "start", "take", "recommend", "add", "switch", "adjust", "change", "schedule"]
    static let cutOffEnds = Rewriter.dangling.subtracting(["that", "is", "are", "be", "like", "just", "so", "on", "in", "at", "for", "with", "to"])
        .union(["he", "she", "they", "we", "i", "let", "based"])

    /// Most words a sentence may run without a comma.
    static let longestUnbroken = 30

    /// Patterns of the checks, compiled once by ``init()``.
    static let punctuationPattern = #"\s[,.;:]|[,;:]\s*[,.;:]|\.\.|  "#
    static let secondPersonPattern = #"\b(you|your|yours|yourself|you're|you've|you'll|you'd)\b"#
    static let repetitionPattern = #"\b([a-z]+) \1\b|\b(he|she|i|it|they|we|the|a|an|to|and|\d+), \2\b"#
    static let openEndPattern = #"\b(and|but) if( [a-z']+){1,6}[.]?$|\bor else[.]?$"#
    static let vagueEndPattern = #"\b(and|or) (there|this|here|things)[.!?]?$|\band then for( \w+){1,3}[.!?]?$"#
    static let cutSubjectPattern = #", (and|but|so) (he|she|they|it|i|we)( \w+)?[.!?]?$"#
    /// The clinician talking rather than documenting: thinking, wanting, musing, or narrating the visit.
    static let clinicianVoicePattern = #"\b(i|we) (think|thought|want|wanted|would|need|can|could|should|am|are|was|were|might|guess|feel|know|see|saw|just|really|also (think|want|wanted|need)|do not think|do not know|do not see|do not need|do not want|do not feel|do not believe)\b|\blet me\b|\blet's\b|\bmy (impression|thoughts?)\b|\bwhat (i|we) (am|are|was|were|do|did|have|think|would)\b"#
    static let examReasoningPattern = #"\b(worry|worried|worries|reassured|reassuring|ruled out|rule out|possible causes?|can cause|cause of|could be|would be|would allow|might be|possible that|possibly|typically|usually|call (me|us|the office)|weigh (himself|herself)|likely|suspect|i think|we think|diagnos[a-z]*|etiolog[a-z]*|the plan|treatment|prescribe|if (he|she|they) (has|have|gets|notices|develops))\b"#
    static let misplacedPattern = #"\b(we'll|we will|i'll|i will|let's|let me|we're going to|i'm going to|we are going to|i am going to|we need to|look into|means|mean that|can cause|could cause|what we call|is called|we all|please|i am (concerned|worried|feeling|thinking|looking)|i would have|is telling me|is interesting|that is what|people|back in the day|has to do with|we can|we could)\b"#

    /// Words blind graders almost never signed (0–7 % of 2,487 graded sentences): a sentence opening on "that" (its
    /// referent was said before), "that is", "like", "things", "everything", "looks good", "hopefully", "unfortunately",
    /// "though", "know", "again", "stuff". Left out unless the sentence carries a drug or a diagnosis.
    static let looseTalkPattern = #"^that\b|\bthat is\b|(?<!would )\blike\b|\bthings?\b|\beverything\b|\b(looks?|sounds?|seems?|feels?) (good|fine|great|okay|ok)\b|\b(okay|ok)\b|\bhopefully\b|\bunfortunately\b|\bthough\b|\bknow\b|\bagain\b|\bstuff\b"#

    /// Fillers, tags and informal words of speech.
    static let speechPatterns = [
        #"\b(um+|uh+|uhm|hmm+|mm-hmm|uh-huh|gosh|wow|oops|yep|yup|nope|gonna|wanna|gotta|kinda|sorta|yeah)\b"#,
        #"(^|[,;] )(okay|ok|alright|all right)\b"#,
        #"\b(you know|i mean)\b"#,
        #"\b(hi|hello|hey|good morning|good afternoon|thank you|thanks|bye|goodbye|nice to meet)\b|^take care\b"#,
        #"\blike,|, like\b"#,
        #"^(many |most |some |a lot of )?(patients|people|everybody|everyone) (are|is|love|do|have|get|tend|can|will|find)\b"#,
        #"\b(real quick|you guys|no worries|for sure|fixed up|hang in there|awesome)\b|\b(is|are|was|looks?|looked|sounds?) (great|perfect|fantastic)\b"#,
        #"\b(what|how) (is|are|was|were|does|did) (his|her|their|the) [a-z]+( [a-z]+)? (like|level|doing)\b"#,
        #"\band (everything|stuff)(?=[,.]|$)|\b(or something|or whatever|stuff like that|things like that)\b"#,
        #"^(good|glad|nice) to (hear|see|know)\b|^(that|this) (sounds|is) (stressful|tough|rough|hard|good|nice|fun|exciting)[.!]?$"#,
        // A reply's "no" before a clause of its own ("No, her neck surgery.", "No she can still feel her foot."), and the
        // chart read aloud ("It says here that …").
        #"^no,? (she|he|they|it|this|that|her|his|their|because|i|we|the patient)\b|^it says\b"#,
    ]
    /// Sentences that cannot stand alone: an order with no one to give it ("Going to take a listen."), a relative opening
    /// ("Whatever he can get his hands on."), a report whose content was cut off ("He thinks today.").
    static let fragmentPattern = #"^(going to|gonna|whatever|wherever|whichever|here or there|slightly here)\b|^(the patient (states|reports|notes) )?(he|she|they|i) (thinks|thought|says|said|guesses|believes|knows)( today| now| so| too)?[.!]?$|\b(he|she|they|it|i|we) (is|are|was|were|has|have) (and|but|or)\b"#
}
