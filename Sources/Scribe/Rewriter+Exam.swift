import Foundation

extension Rewriter {
    /// Body systems for exam findings, by the words of the exam's lead ("On his heart exam, …") or of the finding.
    static let examSystems: [(label: String, words: [String])] = [
        ("Cardiovascular", ["heart", "cardiac", "cardiovascular", "murmur", "rhythm", "pulses", "jugular", "edema", "carotid"]),
        ("Respiratory", ["lung", "lungs", "pulmonary", "respiratory", "crackles", "wheez", "rales", "rhonchi", "breath sounds"]),
        ("Gastrointestinal", ["abdominal", "abdomen", "belly", "bowel sounds", "quadrant", "liver", "spleen", "rebound", "guarding",
                              "peritoneal"]),
        ("Neurological", ["neuro", "neurological", "reflexes", "sensation", "strength", "cranial nerves", "gait"]),
        ("Integumentary", ["skin", "rash", "lesion", "wound", "incision", "ulcer", "erythema", "bruis", "scar"]),
        ("Eyes", ["eye", "eyes", "pupils", "conjunctiva", "visual field"]),
        ("Ears, Nose, Mouth and Throat", ["ear", "ears", "nose", "nasal", "throat", "sinus", "sinuses", "tonsil", "pharynx", "tympanic", "mouth", "heent"]),
        ("Neck", ["neck", "thyroid", "lymph node", "lymphadenopathy"]),
        ("Musculoskeletal", ["back", "spine", "knee", "shoulder", "hip", "ankle", "wrist", "hand", "foot", "elbow", "finger", "toe", "joint", "extremity",
                             "extremities", "musculoskeletal", "tender", "palpation", "range of motion", "swelling", "effusion", "straight leg", "leg", "arm"]),
        ("Psychiatric", ["mood", "affect", "psych"]),
    ]
    /// What the clinician asks the patient to do during the exam ("Kick against my hands."): not a finding.
    static let examInstructions = ["kick", "push", "squeeze", "lie ", "lay ", "take a deep", "breathe", "look ", "follow my", "stand", "walk ", "bend",
                                   "turn ", "raise", "lift", "pull", "press", "tell me", "does this hurt", "does that hurt", "let me", "go ahead and",
                                   "i want to", "i'm going to", "i am going to", "i'd like to", "quick physical", "do a physical", "do an exam"]

    /// "I want her to push …", "I need him to lie back": a direction to the patient.
    static let directionPattern = CompiledPattern(#"^(i|we) (just |also )?(want|need|would like|am going to have|will have) (him|her|them|the patient) to "#)!
    /// "When I look at the knee, there is …": the part examined, before the finding.
    static let examinedPartPattern = CompiledPattern(
        #"^(so |and |now )?((listening to|looking at|feeling|palpating|examining|inspecting|pressing on|moving) |(when|as|if) (i|we) (look at|looked at|examine|examined|feel|felt|press on|pressed on|push on|pushed on|palpate|palpated|listen to|listened to|check|checked|move|moved|inspect|inspected) )(his|her|their|the) ([a-z' -]{2,40}?),? (?=(there|i|we|he|she|it|you) )"#)!
    static let verdictLeadPattern = CompiledPattern(#"^(the good news is|good news is|good news,|the good thing is|fortunately|thankfully),? (that )?"#)!
    static let partThenFindingPattern = CompiledPattern(#"^(his|her|their) ([a-z]+( [a-z]+)?), (?=(there|it|he|she) )"#)!
    static let leadOnlyPattern = CompiledPattern(#"^(listening to|looking at|examining|palpating|feeling|now) (his|her|their|the)( [a-z]+){0,3}[.]?$"#)!
    static let trailingLeadPattern = CompiledPattern(#",? (listening to|looking at|examining|palpating) (his|her|their|the)( [a-z]+)?(?=[.]?$)|,? (listening to|looking at) (him|her)(?=[.]?$)"#)!
    static let partAsSubjectPattern = CompiledPattern(
        #"^(listening to|looking at|examining|palpating|feeling) ((his|her|their|the) [a-z ]{2,30}? (is|are|was|were|sound|sounds|look|looks|feel|feels) .+)$"#)!
    static let partPattern = CompiledPattern(#"(his|her|their|the) [a-z' -]+?,? $"#)!
    /// "On his heart exam, …", "On physical examination, …", "On exam, …".
    static let examLeadPattern = CompiledPattern(#"^(on|in) (his |her |their |the |your )?([a-z ]*?)(exam|examination)( today)?,? "#)!
    /// "His lung exam, no rales": the lead without "on".
    static let bareExamLeadPattern = CompiledPattern(#"^(his|her|their) ([a-z]+ ){0,2}exam,? (?=(no|there|he|she|i|with|positive|negative|mild|normal|clear)\b)"#)!
    static let examLeadOnlyPattern = CompiledPattern(#"^(on|in) (his |her |their |the |your )?([a-z ]*?)(exam|examination)( today)?[.]?$"#)!
    /// "There is not any rebound": a finding absent.
    static let noneTherePattern = CompiledPattern(#"^there (is|are|was|were) not( any| an| a)? "#)!
    /// "I do not see any swelling": a finding denied.
    static let deniedFindingPattern = CompiledPattern(
        #"^(i|we) (also |even |really )*(do not|don't|did not|didn't|cannot|can't|can not) (really |even )?(appreciate|see|hear|feel|notice|note|find|detect|palpate)( any| an| a)? "#)!
    /// "I do appreciate some …", "He does have some …", "There is a …": the words before the finding itself.
    static let findingLeadPatterns = [
        #"^(his|her|their) [a-z]+,? (he|she|they) (does |do |also )*(has|have)( got)?( some| a| an)? "#,
        #"^(i|we) (do |also |did |can |definitely )*(appreciate|hear|see|feel|notice|note|find|detect)( that| like)?( there is| there's| there are)?( some| a| an)? "#,
        #"^(he|she|they) (does |do |also |definitely )*(has|have)( got)?( some| a| an)? "#,
        #"^there (is|are|'s)( also)?( some| a| an)? "#,
        #"^(it )?(looks|seems) like (he|she|they) (has|have)( some| a| an)? "#,
    ].map { CompiledPattern($0)! }
    /// True when `part` ("his lungs", "the left knee") is a body part of the exam, not a vital sign, test or record.
    static func isBodyPart(_ part: String) -> Bool {
        let lower = part.lowercased()
        guard !["pressure", "rate", "x-ray", "xray", "panel", "labs", "results", "vitals", "chart", "notes", "scan", "film", "images", "report"]
            .contains(where: lower.contains) else { return false }
        return examSystems.contains { $0.words.contains(where: lower.says) }
    }
    /// The clinician's own hands at the end of a finding ("… of his back when I palpate", "… right where I am pressing").
    static let palpatingPattern = CompiledPattern(
        #",? (right )?(when|where|as) (I|we) (am |are )?(palpate|palpating|press|pressing|pressed|push|pushing|pushed|touch|touching|touched)( on| over)?( it| that| there| here| that area)?( right there| there| here)?(?=[.]?$)"#)!
    /// The clinician pointing ("… enlarged here", "… tender right there").
    static let pointingPattern = CompiledPattern(#",? (right |over )?(here|there)(?=[.]?$)"#)!
    static let anyPattern = CompiledPattern(#"^(no|any) (evidence|signs?) of any "#)!
    static let possessivePattern = CompiledPattern(#"^(his|her|their) "#, caseInsensitive: false)!
    static let murmurGrades = [("one", "1"), ("two", "2"), ("three", "3"), ("four", "4"), ("five", "5"), ("six", "6")]

    /// A clinician's exam sentence as a finding with its body system ("On his heart exam, I do appreciate a three out
    /// of six systolic ejection murmur." → Cardiovascular: "3/6 systolic ejection murmur."; "When I look at the knee
    /// there is no redness" → "Examination of the knee reveals no redness."; "I don't see any swelling" → "No
    /// swelling."); nil for instructions and talk about the exam itself.
    static let rhythmLeadPattern = CompiledPattern(#"^(it is|we have|he has|she has|they have|there is|has) (a )?(nice )?(?=regular (rate|rhythm))"#)!

    func examFinding(_ text: String) -> (label: String?, text: String)? {
        guard var s = clinicianSentence(text) else { return nil }
        let lower = s.lowercased()
        // On the words as said too: the rewriting removes "go ahead and".
        for said in [lower, text.lowercased()] where Self.examInstructions.contains(where: { said.hasPrefix($0) || said.contains(" " + $0) && $0.count > 6 }) {
            return nil
        }
        if Self.directionPattern.matches(lower) { return nil }
        var label: String?
        var site: String?
        // "The good news is I do not appreciate any laxity": the verdict before the finding goes.
        if let r = Self.verdictLeadPattern.range(in: s), s[r.upperBound...].split(separator: " ").count >= 2 {
            s = s[r.upperBound...].prefix(1).uppercased() + s[r.upperBound...].dropFirst()
        }
        // "Her neck, there is no thyroid enlargement": the part, then the finding.
        if let m = Self.partThenFindingPattern.regex.firstMatch(in: s, range: NSRange(s.startIndex..., in: s)),
           let part = Range(m.range(at: 2), in: s), let all = Range(m.range, in: s), Self.isBodyPart(String(s[part])) {
            site = "the " + s[part].lowercased()
            s = String(s[all.upperBound...])
        }
        // "Listening to her heart." with the finding said after a cut, and "… no carotid bruit looking at her": the
        // lead alone says nothing.
        if Self.leadOnlyPattern.matches(s) { return nil }
        if let r = Self.trailingLeadPattern.range(in: s) { s.removeSubrange(r) }
        // "Listening to her lungs are clear": the part is the finding's subject ("Her lungs are clear").
        if let m = Self.partAsSubjectPattern.regex.firstMatch(in: s, range: NSRange(s.startIndex..., in: s)), let r = Range(m.range(at: 2), in: s) {
            s = s[r].prefix(1).uppercased() + s[r].dropFirst()
        }
        if site == nil, let r = Self.examinedPartPattern.range(in: s) {
            let lead = String(s[r])
            let part = Self.partPattern.range(in: lead).map { lead[$0].trimmingCharacters(in: CharacterSet(charactersIn: ", ")) }
            // "Looking at his lungs, …" names a part examined; "Looking at her blood pressure, …" or "… her labs" does not.
            let participle = !["so", "and", "now", "when", "as", "if"].contains(lead.split(separator: " ").first.map { $0.lowercased() } ?? "")
            if !participle || part.map(Self.isBodyPart) == true {
                site = part
                s = String(s[r.upperBound...])
            }
        }
        // The exam's lead names the system; a lead with no finding after it says nothing.
        if Self.examLeadOnlyPattern.matches(s) { return nil }
        if let r = Self.examLeadPattern.range(in: s) ?? Self.bareExamLeadPattern.range(in: s) {
            let lead = s[r].lowercased()
            label = Self.examSystems.first { $0.words.contains(where: lead.says) }?.label
            s = String(s[r.upperBound...])
        }
        if let r = Self.deniedFindingPattern.range(in: s) ?? Self.noneTherePattern.range(in: s) { s = "no " + s[r.upperBound...] }
        for p in Self.findingLeadPatterns {
            if let r = p.range(in: s) { s = String(s[r.upperBound...]) }
        }
        // "three out of six" → "3/6" (a murmur's grade).
        if s.contains(" out of ") {
            for (word, digit) in Self.murmurGrades {
                s = s.replacingOccurrences(of: "\(word) out of six", with: "\(digit)/6", options: .caseInsensitive)
                s = s.replacingOccurrences(of: "\(digit) out of 6", with: "\(digit)/6", options: .caseInsensitive)
            }
        }
        // "It is a nice regular rate and rhythm", "We have a regular rate and rhythm" → "Regular rate and rhythm".
        if let r = Self.rhythmLeadPattern.range(in: s) { s.removeSubrange(r) }
        if let r = Self.palpatingPattern.range(in: s) { s.removeSubrange(r) }
        if let r = Self.pointingPattern.range(in: s) { s.removeSubrange(r) }
        s = Self.anyPattern.replacing(in: s, with: "$1 $2 of ")
        if let site {
            let finding = s.prefix(1).lowercased() + s.dropFirst()
            let part = Self.possessivePattern.replacing(in: site.lowercased(), with: "the ")
            // A finding that is a clause of its own keeps its subject: "On examination of the knee, it is tender."
            let clause = ["it", "he", "she", "they", "his", "her", "there", "that", "i", "we", "this"].contains(finding.split(separator: " ").first.map(String.init) ?? "")
            s = clause ? "On examination of \(part), \(finding)" : "Examination of \(part) reveals \(finding)"
        }
        guard s.split(separator: " ").count >= 2 else { return nil }
        let finding = s.lowercased()
        label = label ?? Self.examSystems.first { $0.words.contains(where: finding.lowercased().says) }?.label
        return (label, s.prefix(1).uppercased() + s.dropFirst())
    }
}
