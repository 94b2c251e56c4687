import Foundation

/// A finding the clinician voices on examination, written as a note writes it: "you do have some pain to your right
/// upper quadrant when i press on it" → Gastrointestinal: "Pain to palpation of the right upper quadrant.".
struct ExamFinding: Sendable, Hashable {
    /// The body system the finding is filed under ("Cardiovascular", "Musculoskeletal").
    var system: String
    /// The finding as note wording, one sentence.
    var text: String
    /// The words it rests on, as unicode-scalar offsets in the sentence read: the finding, its negation and its site.
    var ranges: [Range<Int>]
}

/// Reads the findings a clinician says aloud during the exam from a closed vocabulary of exam findings (heart rhythm
/// and murmurs, breath sounds, the abdomen, the neck, pulses and sensation, tenderness, swelling and the like with
/// their site, range of motion, the named tests), and writes each as a terse note line. Nothing outside the vocabulary
/// is written: what the clinician says around a finding ("which I have heard before", "when I press on it") is left
/// out, and a sentence with no finding in it yields none. Negation is read within the finding's clause; a site said
/// before the finding in the same sentence ("your right knee does show an effusion") is carried to the findings
/// after it that name none. Pure: text in, findings out.
struct ExamReader: Sendable {
    /// One pattern of the vocabulary and how a match is written.
    struct Rule: Sendable {
        let pattern: CompiledPattern
        /// The system when neither the site nor the exam's lead names one.
        let system: String
        /// True when the finding is about a place and takes a site said elsewhere in the sentence.
        let takesSite: Bool
        /// True when a "no" before it in its clause negates it; a stated quality ("lungs are clear", "negative
        /// straight leg raise") is not negated that way.
        var negatable = false
        /// Words one of which the sentence must say for the pattern to be tried (none: always tried).
        var cues: [String] = []
        /// Writes the match (its named groups by name) as note words, without the negation or the site.
        let write: @Sendable (_ group: (String) -> String?) -> String?
    }

    static let modifier = #"(?:left|right|bilateral|medial|lateral|anterior|posterior|distal|proximal|upper|lower|inferior|superior|dorsal|plantar|palmar|volar|inner|outer|middle|index|ring|little|pinky|great|big|first|second|third|fourth|fifth|1st|2nd|3rd|4th|5th|mid|central|paraspinal|lumbar|cervical|thoracic|sacral|bottom|top|metacarpophalangeal|metatarsophalangeal|interphalangeal|sternoclavicular|mcp|pip|dip|mtp|greater|lesser|frontal|maxillary|epigastric|suprapubic|periumbilical|peritonsillar|nasal|soft|bony|ac|acromioclavicular|sacroiliac|si|achilles|patellar|calf|lower extremity|joint)"#
    static let anatomy = #"(?:knees?|ankles?|foot|feet|toes?|hips?|shoulders?|elbows?|wrists?|hands?(?! side)|fingers?|thumbs?|arms?|forearms?|legs?|calf|calves|thighs?|back|spine|neck|chest wall|chest|abdomen|belly|quadrant|epigastrium|flanks?|groin|pelvis|buttocks?|scalp|face|forehead|sinuses|sinus|jaw|throat|midfoot|forefoot|hindfoot|heel|metatarsals?|phalanx|phalanges|joint line|joints?|patella|kneecap|tendons?|muscles?|trapezius|rotator cuff|ribs?|sternum|breasts?|axilla|shin|tibia|fibula|malleolus|epicondyle|biceps|triceps|spinous processes|bursa|olecranon|sides?|aspects?|areas?|region|tissue|space|portion|part|surface|meniscus|ligaments?|tuberosity|condyle|turbinates|tonsils|pharynx|wound|incision|extremity|extremities|digits?|knuckles?|scapula|clavicle|humerus|snuffbox|arch|lung fields|bases|lungs|eyes?|ears?|nose|tongue|lips?|cervix|bottom|top|vaginal vault|prostate|testicles?|scrotum|uvula|toenail|nail)"#
    static let possessive = #"(?:(?:all |all of )?(?:the |his |her |their |your |my |both |that |this |these |those )|all )"#
    /// A body site: "the distal phalanx of her right middle finger", "epigastric area", "the medial aspect of the knee".
    static let modifiers = #"(?:\#(modifier)(?: (?:or|and) \#(modifier))?[ ,]+){0,4}"#
    static let site = #"(?:(?<![\w'-])\#(possessive)?\#(modifiers)\#(anatomy)(?:[ ,]+(?:of|on) \#(possessive)?\#(modifiers)\#(anatomy))?(?: (?:or|and) \#(possessive)?\#(modifiers)\#(anatomy))?\b)"#
    static let sitePattern = CompiledPattern(site)!
    /// Where on the body, after the finding: "of the right knee", "over her lateral malleolus", "bilaterally".
    static let place = #"(?:[ ,]+(?<prep>of|over|on|in|at|along|around|to|for|involving|throughout) (?<site>\#(site)))?(?<side>[ ,]+(?:bilaterally|on both sides|on the (?:right|left)(?: hand)?(?: side)?))?"#
    static let severity = #"(?:(?<sev>(?:a )?(?:small|large|moderate|mild|slight) amount of|(?:a )?little bit of|trace|mild|moderate|severe|significant|slight|minimal|marked|diffuse|exquisite|focal|1\+|2\+|3\+|one plus|two plus)[ ,]+)?"#

    /// Findings named by a noun, listed as said: "no murmurs , rubs , or gallops", "swelling and redness".
    static let nouns = #"(?:swelling|edema|erythema|ecchymosis|bruising|effusion|warmth|redness|induration|deformity|crepitus|laxity|fluctuance|drainage|discharge|exudates?|lymphadenopathy|adenopathy|palpable masses|masses|mass|nodules?|lesions?|moles?|rash|murmurs?|rubs?|gallops?|wheezes|wheezing|wheeze|crackles|rales|rhonchi|rebound|guarding|rigidity|hepatosplenomegaly|organomegaly|jugular venous distension|jugular venous distention|jvd|carotid bruits?|bruits?|thyromegaly|thyroid enlargement|clubbing|cyanosis|peritoneal signs|cva tenderness|skin thickening|granulation tissue|spasm|muscle spasms?|step-off|atrophy|hernia|hematoma|tenderness)"#
    /// Stems of ``nouns``: a sentence with none of them has no finding named by a noun.
    static let nounStems = ["swell", "edema", "erythema", "ecchymosis", "bruis", "effusion", "warmth", "redness", "induration", "deformit", "crepitus",
                            "laxity", "fluctuance", "drainage", "discharge", "exudate", "adenopathy", "mass", "nodule", "lesion", "mole", "rash", "murmur",
                            "rub", "gallop", "wheez", "crackles", "rales", "rhonchi", "rebound", "guarding", "rigidity", "megaly", "jugular", "jvd", "bruit",
                            "thyro", "clubbing", "cyanosis", "peritoneal", "cva", "thickening", "granulation", "spasm", "step-off", "atrophy", "hernia",
                            "hematoma", "tender"]
    static let nounModifier = #"(?:(?:\#(size)[ ,]+)?(?:\#(nounModifierWord)[ ,]+(?:(?:or|and) )?)+)?"#
    /// A lesion's size: "two by 3 cm", "0.7 mm".
    static let size = #"(?:(?:\d+(?:\.\d+)?|one|two|three|four|five|six|seven|eight|nine|ten)(?: (?:by|x) (?:\d+(?:\.\d+)?|one|two|three|four|five|six|seven|eight|nine|ten))? (?:cm|centimeters?|mm|millimeters?))"#
    static let nounModifierWord = #"(?:\#(size)|expiratory|inspiratory|fine|coarse|faint|palpable|cervical|supraclavicular|inguinal|axillary|submandibular|paraspinal|purulent|systolic|diastolic|bony|point|lower extremity|pedal|pitting|non-pitting|nonpitting|soft tissue|joint line|medial joint line|lateral joint line|obvious|bull's-eye|bull's eye|bullseye|target|cva|left|right|heart|adnexal|ovarian|breast|pelvic|ulcerated|intrinsic|satellite|suspicious|tender|nontender|enlarged|small|large|mild|moderate)"#

    /// Movements of a joint, as a list: "flexion and extension", "internal and external rotation".
    static let movements = #"(?:(?:(?:active|passive|internal|external|lateral) )?(?:flexion|extension|rotation|abduction|adduction|dorsiflexion|plantar flexion|inversion|eversion|internal|external)(?:[ ,]+(?:(?:and|or) )?(?=(?:active|passive|internal|external|lateral|flexion|extension|rotation|abduction|adduction|dorsiflexion|plantar|inversion|eversion)\b)|(?=[ ,.]|$))){1,4}"#

    static let rules: [Rule] = [
        Rule(pattern: CompiledPattern(#"\b(?<part>neurological|neuro|heart|cardiac|lung|pulmonary|abdominal|skin|breast|eye|ear|throat|pelvic|rectal|foot|knee|shoulder|back) exam (?:is |was )?(?:otherwise |also )?(?<q>normal|unremarkable|benign|within normal limits)\b"#)!,
             system: "", takesSite: false, cues: ["exam"]) { g in "\(["neuro": "neurological"][g("part")!] ?? g("part")!) exam is \(g("q")!)" },
        Rule(pattern: CompiledPattern(#"\bregular rate and rhythm\b"#)!, system: "Cardiovascular", takesSite: false, cues: ["regular rate"]) { _ in "regular rate and rhythm" },
        Rule(pattern: CompiledPattern(#"\birregularly irregular( rhythm)?\b"#)!, system: "Cardiovascular", takesSite: false, cues: ["irregular"]) { _ in "irregularly irregular rhythm" },
        Rule(pattern: CompiledPattern(#"\b(heart|rhythm) (is|was|sounds) (nice and )?regular\b"#)!, system: "Cardiovascular", takesSite: false, cues: ["regular"]) { _ in "regular rhythm" },
        Rule(pattern: CompiledPattern(#"\b(?:grade )?(?<g>one|two|three|four|five|six|[1-6])(?: out of | over |/)(?:six|6)(?:[ ,]+(?<t>systolic|diastolic|holosystolic))?(?: (?<e>ejection))?(?: heart)? murmur\b(?:,? (?:that is |which is )?(?:best )?(?:heard )?(?:at|in) the (?<at>(?:left |right )?(?:upper |lower )?(?:sternal border|base|apex)))?"#)!,
             system: "Cardiovascular", takesSite: false, cues: ["murmur"]) { g in
            let grade = ["one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6"][g("g") ?? ""] ?? g("g") ?? ""
            return (["grade \(grade)/6", g("t"), g("e"), "murmur"] as [String?]).compactMap { $0 }.joined(separator: " ") + (g("at").map { " at the \($0)" } ?? "")
        },
        Rule(pattern: CompiledPattern(#"\blungs? (?:(?:are|is|sound|sounds|were|was|seem|seems) )?(?:(?:otherwise|nice and|all|pretty|completely) )?clear(?<a> to auscultation)?(?<b>[ ,]+bilaterally| on both sides)?\b"#)!,
             system: "Respiratory", takesSite: false, cues: ["clear"]) { g in "lungs are clear to auscultation" + (g("b") != nil ? " bilaterally" : "") },
        Rule(pattern: CompiledPattern(#"\bclear to auscultation(?<b> bilaterally)?\b"#)!, system: "Respiratory", takesSite: false, cues: ["auscultation"]) { g in
            "lungs are clear to auscultation" + (g("b") != nil ? " bilaterally" : "")
        },
        Rule(pattern: CompiledPattern(#"\b(?<q>decreased|diminished|reduced) breath sounds\b"#)!, system: "Respiratory", takesSite: true, negatable: true, cues: ["breath sounds"]) { g in "\(g("q")!) breath sounds" },
        Rule(pattern: CompiledPattern(#"\b(?<part>heart|lungs|belly|abdomen) (?:also )?(?:sounds?|looks?|is|are|feels?) (?:really |very )?(?:good|fine|great|normal|okay)\b"#)!,
             system: "", takesSite: false, cues: ["good", "fine", "great", "normal", "okay"]) { g in
            ["heart": "normal heart sounds", "lungs": "normal lung sounds", "belly": "normal abdominal exam", "abdomen": "normal abdominal exam"][g("part") ?? ""]
        },
        Rule(pattern: CompiledPattern(#"\b(?:abdomen|belly) (?:is |was |feels )?(?:nice and )?soft(?<nt>,? (?:and )?non-?tender)?(?<nd>,? (?:and )?non-?distended)?\b"#)!,
             system: "Gastrointestinal", takesSite: false, cues: ["soft"]) { g in
            "abdomen is soft" + (g("nt") != nil ? ", nontender" : "") + (g("nd") != nil ? (g("nt") != nil ? ", and nondistended" : " and nondistended") : "")
        },
        Rule(pattern: CompiledPattern(#"\bbowel sounds (?:are |were )?(?<q>present|normal|normoactive|hypoactive|hyperactive)\b"#)!, system: "Gastrointestinal", takesSite: false, cues: ["bowel"]) { g in
            "bowel sounds are \(g("q")!)"
        },
        Rule(pattern: CompiledPattern(#"\bneck (?:is |was )?supple\b"#)!, system: "Neck", takesSite: false, cues: ["supple"]) { _ in "neck is supple" },
        Rule(pattern: CompiledPattern(#"\b(?:no|not in any|not in) (?:acute|apparent) distress\b"#)!, system: "Constitutional", takesSite: false, cues: ["distress"]) { _ in "no acute distress" },
        Rule(pattern: CompiledPattern(#"\balert and oriented\b"#)!, system: "Neurological", takesSite: false, cues: ["oriented"]) { _ in "alert and oriented" },
        Rule(pattern: CompiledPattern(#"\bextraocular (?:movements|motions|muscles) (?:are )?intact\b"#)!, system: "Eyes", takesSite: false, cues: ["extraocular"]) { _ in "extraocular movements are intact" },
        Rule(pattern: CompiledPattern(#"\bcapillary refill (?:is |was )?(?:brisk |normal |good )?,? ?(?:at |of )?(?:less than|under|<) (?<n>two|three|2|3) seconds\b"#)!,
             system: "Cardiovascular", takesSite: false, cues: ["capillary"]) { g in "capillary refill is less than \(["two": "2", "three": "3"][g("n")!] ?? g("n")!) seconds" },
        Rule(pattern: CompiledPattern(#"\b(?:brisk|normal|good) capillary refill\b|\bcapillary refill (?:is |was )?(?:brisk|normal|good)\b"#)!, system: "Cardiovascular", takesSite: false, cues: ["capillary"]) { _ in
            "brisk capillary refill"
        },
        Rule(pattern: CompiledPattern(#"\b(?<p>dorsalis pedis|radial|pedal|posterior tibial|distal|femoral|popliteal) pulse(?<pl>s)? (?:is |are |was |were )?(?:also )?(?<q>intact|strong|palpable|normal|present|good|2\+|diminished|decreased|weak)\b"#)!,
             system: "Cardiovascular", takesSite: false, cues: ["pulse"]) { g in g("pl") == nil ? "\(g("p")!) pulse is \(g("q")!)" : "\(g("p")!) pulses are \(g("q")!)" },
        Rule(pattern: CompiledPattern(#"\b(?<q>strong|good|palpable|intact|normal|diminished|decreased|weak|2\+) (?<p>dorsalis pedis|radial|pedal|posterior tibial|distal|femoral|popliteal) pulses?\b"#)!,
             system: "Cardiovascular", takesSite: false, cues: ["pulse"]) { g in "\(g("q")!) \(g("p")!) pulses" },
        Rule(pattern: CompiledPattern(#"\bneurovascularly intact\b|\bneurovascular(?:ly)? (?:status )?(?:is )?intact\b"#)!, system: "Neurological", takesSite: true, cues: ["neurovascular"]) { _ in "neurovascularly intact" },
        Rule(pattern: CompiledPattern(#"\bsensation (?:is |was )?(?:grossly )?(?<q>intact|normal|decreased|diminished|reduced)(?<t> to (?:light )?touch)?\b|\b(?<q2>intact|normal|decreased|diminished) sensation\b"#)!,
             system: "Neurological", takesSite: true, cues: ["sensation"]) { g in "sensation is \(g("q") ?? g("q2")!)" + (g("t") != nil ? " to light touch" : "") },
        Rule(pattern: CompiledPattern(#"\b(?<w>strength|motor strength|grip strength|motor) (?:is |was )?(?<q>5/5|five out of five|intact|normal|decreased|reduced|weak|less|weaker)\b"#)!,
             system: "Neurological", takesSite: true, cues: ["strength", "motor"]) { g in
            let q = g("q")! == "five out of five" ? "5/5" : g("q")! == "less" || g("q")! == "weaker" ? "decreased" : g("q")!
            return "\(g("w")!) is \(q)"
        },
        Rule(pattern: CompiledPattern(#"\breflexes (?:are |were )?(?:also )?(?<q>normal|symmetric|intact|2\+|two plus|brisk|diminished|decreased)(?<s> and symmetric(?:al)?)?\b"#)!,
             system: "Neurological", takesSite: false, cues: ["reflex"]) { g in
            "reflexes are \(g("q")! == "two plus" ? "2+" : g("q")!)" + (g("s") != nil ? " and symmetric" : "")
        },
        Rule(pattern: CompiledPattern(#"\bcranial nerves (?:ii through xii |2 through 12 )?(?:are )?(?:grossly )?intact\b"#)!, system: "Neurological", takesSite: false, cues: ["cranial"]) { _ in "cranial nerves are intact" },
        Rule(pattern: CompiledPattern(#"\b(?:tympanic membranes?|tms) (?:are |is )?(?<q>clear|normal|intact|pearly gray|erythematous|bulging|dull)\b"#)!, system: "Ears, Nose, Mouth and Throat", takesSite: false, cues: ["tympanic", "tms"]) { g in
            "tympanic membranes are \(g("q")!)"
        },
        // Pain or tenderness on palpation, with its site.
        Rule(pattern: CompiledPattern(#"\b\#(severity)(?:bony |point )?(?<w>pain|tenderness|tender) (?:to|on|with|upon) (?:palpation|touch)\#(place)"#)!, system: "Musculoskeletal", takesSite: true, negatable: true, cues: ["palpation", "touch"]) { g in
            (g("w") == "pain" ? "pain" : "tenderness") + " to palpation"
        },
        // "pain to your right upper quadrant when i press on it": a place with pain said while palpating.
        Rule(pattern: CompiledPattern(#"\b\#(severity)(?<w>pain|tenderness) (?<prep>to|over|of|in|at|along) (?<site>\#(site))(?<side>[ ,]+(?:bilaterally|on the (?:right|left)(?: hand)?(?: side)?))?"#)!,
             system: "Musculoskeletal", takesSite: true, negatable: true, cues: ["pain", "tender"]) { g in g("w")! },
        Rule(pattern: CompiledPattern(#"\b(?<site>\#(site)) (?:is|was|are|were) (?:also )?\#(severity)(?:very |a little |a bit )?(?:tender|painful)(?: to (?:palpation|touch))?\b"#)!,
             system: "Musculoskeletal", takesSite: true, cues: ["tender", "painful"]) { _ in "tenderness to palpation" },
        Rule(pattern: CompiledPattern(#"\b\#(severity)pain (?:with|on) (?<m>\#(movements)|range of motion|movement|weight bearing|ambulation)\#(place)"#)!,
             system: "Musculoskeletal", takesSite: true, negatable: true, cues: ["pain"]) { g in "pain with \(g("m")!.trimmingCharacters(in: CharacterSet(charactersIn: ", ")))" },
        Rule(pattern: CompiledPattern(#"\b(?<q>full|decreased|limited|reduced|normal|good|painful|restricted) (?:active |passive )?range of motion(?: (?:with|on|in) (?<mv>\#(movements)))?\#(place)"#)!,
             system: "Musculoskeletal", takesSite: true, negatable: true, cues: ["range of motion"]) { g in
            "\(g("q") == "good" ? "full" : g("q")!) range of motion" + (g("mv").map { " with \($0)" } ?? "")
        },
        Rule(pattern: CompiledPattern(#"\brange of motion (?:is |was )?(?:also )?(?<q>full|decreased|limited|reduced|normal|good|restricted)\#(place)"#)!, system: "Musculoskeletal", takesSite: true, cues: ["range of motion"]) { g in
            "\(g("q") == "good" ? "full" : g("q")!) range of motion"
        },
        // The named tests: "positive straight leg raise on the right", "the drawer test is negative".
        Rule(pattern: CompiledPattern(#"\b(?<r>positive|negative) (?:for (?:a |the )?)?(?<t>straight leg raise|straight leg|anterior drawer|posterior drawer|drawer|lachman|mcmurray|varus and valgus stress|varus and valgus|varus|valgus|piano key|phalen|tinel|finkelstein|hawkins|neer|empty can|spurling|murphy|homans|faber|fabere|apprehension|thompson|squeeze)(?:'s| 's)?(?: sign| test| maneuver)?(?<side>[ ,]+on the (?:right|left)(?: side)?)?"#)!,
             system: "Musculoskeletal", takesSite: false, cues: ["positive", "negative"]) { g in "\(g("r")!) \(ExamReader.testName(g("t")!))" },
        Rule(pattern: CompiledPattern(#"\b(?<t>straight leg raise|straight leg|anterior drawer|drawer|lachman|mcmurray|varus and valgus stress|varus and valgus|piano key|phalen|tinel|finkelstein|hawkins|neer|empty can|spurling|murphy|homans|thompson|squeeze)(?:'s| 's)?(?: sign| test| maneuver)? (?:is |was )?(?:also )?(?<r>positive|negative)(?<side>[ ,]+on the (?:right|left)(?: side)?)?"#)!,
             system: "Musculoskeletal", takesSite: false, cues: ["positive", "negative"]) { g in "\(g("r")!) \(ExamReader.testName(g("t")!))" },
        // Findings named by a noun, as a list.
        Rule(pattern: CompiledPattern(#"\b\#(severity)(?<list>\#(nounModifier)\#(nouns)(?:[ ,]+(?:or |and |nor )?(?:any )?\#(nounModifier)\#(nouns)){0,4})\b\#(place)"#)!,
             system: "", takesSite: true, negatable: true, cues: nounStems) { g in ExamReader.list(g("list")!) },
    ]

    /// "straight leg" → "straight leg raise"; "murphy" → "Murphy's sign".
    static func testName(_ said: String) -> String {
        switch said {
        case "straight leg", "straight leg raise": "straight leg raise"
        case "murphy": "Murphy's sign"
        case "homans": "Homans' sign"
        case "lachman", "mcmurray", "phalen", "tinel", "finkelstein", "hawkins", "neer", "spurling", "thompson":
            said.prefix(1).uppercased() + said.dropFirst().replacingOccurrences(of: "mcm", with: "cM") + " test"
        default: said + " test"
        }
    }

    static let nounItem = CompiledPattern(#"\#(nounModifier)\#(nouns)"#)!

    /// "murmurs , rubs , or gallops" → "murmurs, rubs, or gallops"; "swelling ecchymosis" → "swelling and ecchymosis".
    static func list(_ said: String) -> String {
        var items: [String] = []
        for m in nounItem.regex.matches(in: said, range: NSRange(location: 0, length: (said as NSString).length)) {
            var item = (said as NSString).substring(with: m.range).replacingOccurrences(of: " ,", with: ",").trimmingCharacters(in: .whitespaces)
            item = item.replacingOccurrences(of: "jvd", with: "JVD")
            item = item.replacingOccurrences(of: "obvious ", with: "").replacingOccurrences(of: "cva ", with: "CVA ")
            if !items.contains(item) { items.append(item) }
        }
        return items.listed(with: said.contains(" or ") || said.contains(" nor ") ? "or" : "and")
    }

    /// The system of findings named by a noun, when no site says it.
    static let nounSystems: [(label: String, words: [String])] = [
        ("Cardiovascular", ["murmur", "rub", "gallop", "bruit", "jugular", "jvd", "edema", "pulse", "capillary refill", "cyanosis"]),
        ("Respiratory", ["wheez", "crackles", "rales", "rhonchi", "breath sounds"]),
        ("Gastrointestinal", ["rebound", "guarding", "rigidity", "hepatosplenomegaly", "organomegaly", "peritoneal", "cva", "hernia", "bowel"]),
        ("Neck", ["adenopathy", "lymphadenopathy", "thyromegaly", "thyroid"]),
        ("Integumentary", ["rash", "lesion", "mole", "ulcer"]),
        ("Skin", ["erythema", "induration", "fluctuance", "drainage", "granulation", "skin"]),
    ]

    /// Where a clause ends within a spoken sentence: a stop, "but", "however", "other than", or a new subject after
    /// "and" or a comma ("… no rebound or guarding and there is tenderness …").
    static let clauseBreak = CompiledPattern(
        #"[.;?!]|\b(?:but|however|although|though|other than|except|otherwise)\b|(?:\band\b|,)\s+(?=(?:there|i|he|she|you|your|his|her|they|we|it|the)\b)|(?=\bthere (?:is|are|'s|was|were)\b)|(?=\bpositive\b)|(?=\b(?:on )?(?:your|his|her|the) (?:\w+ )?exam(?:ination)?\b)|(?=\b(?:you|he|she|they|i|we) (?:do |does |also |definitely )*(?:have|has|appreciate|hear|see|feel|notice)\b)"#)!
    /// A negation before a finding in its clause: "no", "not", "n't", "without", "negative for", "denies".
    static let negation = CompiledPattern(#"\b(?:no|not|without|none|negative for|denies)\b|n't\b"#)!
    /// The exam's lead naming a system: "on his heart exam", "looking at your lungs", "abdominal exam".
    static let systemLead = CompiledPattern(#"\b(heart|cardiac|cardiovascular|lung|lungs|pulmonary|respiratory|abdominal|abdomen|belly|neuro|neurological|skin|neck|heent|ear|ears|throat|eye|eyes|musculoskeletal|msk|back|knee|shoulder|foot|ankle|hip|wrist|hand|elbow)( exam| examination)?\b"#)!

    /// The findings said in `sentence` (a clinician's sentence of the exam, as transcribed), in the order said.
    func findings(in sentence: String) -> [ExamFinding] {
        let lowered = sentence.lowercased()
        // Offsets are read in UTF-16 and reported as unicode scalars: the two agree only without astral characters.
        guard lowered.unicodeScalars.count == sentence.unicodeScalars.count, lowered.utf16.count == lowered.unicodeScalars.count else { return [] }
        let (cleaned, offsets) = Self.withoutDisfluencies(lowered)
        var text = cleaned
        // What the clinician makes of the findings ("so that means you might have …") is not a finding.
        if let r = Self.explanation.range(in: text) { text = String(text[..<r.lowerBound]) }
        let ns = text as NSString
        let whole = NSRange(location: 0, length: ns.length)
        // Every rule's matches, the earlier rules first; a later match overlapping a kept one is not another finding.
        var taken: [(NSRange, Rule, NSTextCheckingResult)] = []
        for rule in Self.rules where rule.cues.isEmpty || rule.cues.contains(where: text.contains) {
            for m in rule.pattern.regex.matches(in: text, range: whole)
            where m.range.length > 0 && !taken.contains(where: { NSIntersectionRange($0.0, m.range).length > 0 }) {
                taken.append((m.range, rule, m))
            }
        }
        taken.sort { $0.0.location < $1.0.location }
        let breaks = Self.clauseBreak.regex.matches(in: text, range: whole).map(\.range)
        var out: [ExamFinding] = []
        var lastSite: (text: String, range: NSRange)?
        var negatives: [(index: Int, items: [String])] = []
        for (range, rule, m) in taken {
            func group(_ name: String) -> String? {
                let r = m.range(withName: name)
                return r.location == NSNotFound || r.length == 0 ? nil : ns.substring(with: r)
            }
            guard var words = rule.write(group), !words.isEmpty else { continue }
            if let sev = group("sev").map({ $0.hasSuffix("little bit of") ? "slight" : $0.hasPrefix("a ") ? String($0.dropFirst(2)) : $0 }) { words = sev.replacingOccurrences(of: "one plus", with: "1+").replacingOccurrences(of: "two plus", with: "2+") + " " + words }
            // The clause the finding is in starts after the last break before it.
            let clauseStart = breaks.last { $0.location + $0.length <= range.location }.map { $0.location + $0.length } ?? 0
            let before = NSRange(location: clauseStart, length: range.location - clauseStart)
            // Negated by a cue among the last words before it in its clause ("i do n't appreciate any swelling").
            let window = NSRange(location: max(before.location, range.location - 100), length: range.location - max(before.location, range.location - 100))
            let cue = rule.negatable ? Self.negation.regex.matches(in: text, range: window).last?.range : nil
            let negated = cue.map { ns.substring(with: NSRange(location: $0.location, length: range.location - $0.location)).split(separator: " ").count <= 8 } ?? false
            var ranges = [negated ? NSUnionRange(cue!, range) : range]
            // The site: said with the finding, said before it in its clause, or carried from an earlier finding.
            var site = group("site")
            var siteRange: NSRange?
            if site == nil, rule.takesSite {
                // The lungs or the heart are no place of a swelling or a rash said after them.
                // (Looked for among the last words before it only: a long spoken turn is not searched from its start for each finding.)
                let near = NSRange(location: max(before.location, range.location - 160), length: range.location - max(before.location, range.location - 160))
                let candidates = Self.sitePattern.regex.matches(in: text, range: near).filter { !Self.viscera.matches(ns.substring(with: $0.range)) }
                if let c = candidates.last, Self.isPlace(ns.substring(with: c.range)), Self.isAboutPlace(words) {
                    site = ns.substring(with: c.range)
                    siteRange = c.range
                } else if let carried = lastSite, Self.isAboutPlace(words) {
                    site = carried.text
                    siteRange = carried.range
                } else if Self.isAboutPlace(words), !negated,
                          let c = Self.sitePattern.regex.matches(in: text, range: NSRange(location: max(0, range.location - 240), length: min(range.location, 240))).last(where: { Self.isPlace(ns.substring(with: $0.range)) && !Self.viscera.matches(ns.substring(with: $0.range)) }) {
                    // "on the right foot there is bruising": the place the sentence opened on.
                    site = ns.substring(with: c.range)
                    siteRange = c.range
                }
            }
            if let s = site, Self.isPlace(s) {
                var prep = group("prep").map { $0 == "for" ? "of" : $0 } ?? "of"
                // "pain to your right upper quadrant when i press on it": pain on palpation, in the place said.
                if prep == "to" && !words.contains("palpation") {
                    let after = ns.substring(from: range.location + range.length).split(separator: " ").prefix(8).joined(separator: " ")
                    if Self.palpating.matches(after) { words += " to palpation" }
                    prep = words.contains("palpation") ? "of" : words == "pain" ? "in" : "of"
                }
                // A finding stated as a clause is stated in the place: "Sensation is intact in the left foot".
                if group("prep") == nil && words.contains(" is ") { prep = "in" }
                words += " \(prep) \(Self.writtenSite(s))"
                if let r = siteRange { ranges.append(r) }
                lastSite = (s, siteRange ?? m.range(withName: "site"))
            }
            if let side = group("side") {
                words += " " + side.trimmingCharacters(in: CharacterSet(charactersIn: ", ")).replacingOccurrences(of: " hand", with: "")
            }
            if negated { words = "no " + words }
            let system = Self.system(site: site, own: group("site") != nil, words: words, lead: ns.substring(with: NSRange(location: max(0, range.location - 200), length: min(range.location, 200))), rule: rule)
            // A bare place finding ("Swelling.", "Tenderness.") or a bare "Rub." says too little to stand as a line.
            if !negated, !words.contains(" "), Self.placeWords.contains(where: words.hasPrefix) || ["rub", "rubs", "lesion", "lesions", "mass", "masses"].contains(words) {
                continue
            }
            words = words.replacingOccurrences(of: " ,", with: ",")
            let sentenceText = words.prefix(1).uppercased() + words.dropFirst() + "."
            let scalarRanges = ranges.map { r in offsets[r.location]..<(offsets[r.location + r.length - 1] + 1) }
            // "no murmur no rub no gallop": pertinent negatives said one by one are one line.
            let named = Self.nounItem.regex.matches(in: words, range: NSRange(location: 0, length: (words as NSString).length))
                .map { (words as NSString).substring(with: $0.range) }
            if negated, site == nil, !named.isEmpty, let last = out.last, last.system == system, let previous = negatives.last, previous.index == out.count - 1 {
                let items = previous.items + named
                out[out.count - 1] = ExamFinding(system: system, text: "No " + items.listed(with: "or") + ".", ranges: last.ranges + scalarRanges)
                negatives[negatives.count - 1].items = items
                continue
            }
            if negated, site == nil, !named.isEmpty { negatives.append((out.count, named)) }
            out.append(ExamFinding(system: system, text: sentenceText, ranges: scalarRanges))
        }
        return out
    }

    /// Where the clinician turns from the findings to what they mean.
    static let explanation = CompiledPattern(#"\b(?:means|might|may|could|possibly|probably|concern(?:ed|s|ing)?|worried|suspect|likely)\b"#)!
    /// Organs said as the subject of their own finding ("your lungs are clear"), not as a place.
    static let viscera = CompiledPattern(#"\b(?:lungs?|lung fields|bases|heart)$"#)!

    /// The clinician's hands on the place ("when i press on it").
    static let palpating = CompiledPattern(#"\b(?:press|pressing|pressed|palpat\w*|push|pushing|touch|touching)\b"#)!

    /// `text` without fillers, "you know" and cut-off words ("s- s- systolic" → "systolic", "i-i" → "i"), and where each
    /// of its UTF-16 units was in `text`.
    static func withoutDisfluencies(_ text: String) -> (String, [Int]) {
        let units = Array(text.utf16)
        var words: [Range<Int>] = []
        var i = 0
        while i < units.count {
            while i < units.count, units[i] == 32 { i += 1 }
            var j = i
            while j < units.count, units[j] != 32 { j += 1 }
            if j > i { words.append(i..<j) }
            i = j
        }
        func word(_ r: Range<Int>) -> String { String(decoding: units[r], as: UTF16.self) }
        var out: [UInt16] = [], offsets: [Int] = []
        var k = 0
        while k < words.count {
            var r = words[k]
            let w = word(r)
            defer { k += 1 }
            if Rewriter.fillers.contains(w) || (w.count > 1 && w.hasSuffix("-")) { continue }
            if w == "you", k + 1 < words.count, word(words[k + 1]) == "know" { k += 1; continue }
            // "i-i", "l-let": the word restarted after its first letters.
            let parts = w.split(separator: "-", omittingEmptySubsequences: false)
            if parts.count == 2, parts[0].count <= 2, !parts[0].isEmpty, parts[1].hasPrefix(parts[0]) { r = (r.lowerBound + parts[0].utf16.count + 1)..<r.upperBound }
            // A word or a pair of words said twice ("of the of the", "over your over your") is said once.
            if k + 1 < words.count, word(words[k + 1]) == w, w.first?.isLetter == true { continue }
            if k + 3 < words.count, word(words[k + 2]) == w, word(words[k + 1]) == word(words[k + 3]), w.first?.isLetter == true { k += 1; continue }
            if !out.isEmpty { out.append(32); offsets.append(r.lowerBound - 1) }
            out += units[r]
            offsets += Array(r)
        }
        return (String(decoding: out, as: UTF16.self), offsets)
    }

    /// True when a site names a place on the body rather than only "side" or "area".
    static func isPlace(_ site: String) -> Bool {
        let vague: Set<String> = ["side", "aspect", "area", "region", "tissue", "space"]
        let words = site.split(separator: " ").filter { !["the", "his", "her", "their", "your", "my", "that", "this", "these", "those"].contains($0) }
        return !words.isEmpty && !vague.contains(words.joined(separator: " "))
    }

    /// Findings that are about a place on the body and so take a site said before them in the sentence.
    static let placeWords = ["swelling", "edema", "erythema", "ecchymosis", "bruising", "effusion", "warmth", "redness", "induration", "deformity",
                             "crepitus", "laxity", "tenderness", "pain", "spasm", "atrophy", "hematoma", "range of motion", "sensation", "strength",
                             "neurovascularly", "fluctuance", "drainage", "discharge", "lesion", "mass", "rash"]

    /// True when every finding written in `words` is about a place ("swelling and redness", "decreased range of motion").
    static func isAboutPlace(_ words: String) -> Bool {
        let items = words.replacingOccurrences(of: " or ", with: ",").replacingOccurrences(of: " and ", with: ",").split(separator: ",")
        return items.allSatisfy { item in placeWords.contains { item.contains($0) } }
    }

    /// "her right middle finger" → "the right middle finger"; "epigastric area" → "the epigastric area".
    static func writtenSite(_ said: String) -> String {
        var words = said.replacingOccurrences(of: " ,", with: "").split(separator: " ").map(String.init)
        words = words.map { ["his", "her", "their", "your", "my", "that", "this"].contains($0) ? "the" : ["these", "those"].contains($0) ? "the" : $0 }
        if let first = words.first, !["the", "both", "all"].contains(first) { words.insert("the", at: 0) }
        return words.joined(separator: " ")
    }

    /// The body system: by the site, by the finding's own words, by the exam's lead said before it, or the rule's.
    /// `own`: the site was said with the finding ("no tenderness over the sinuses"), so it names the system before the
    /// exam's lead does.
    static func system(site: String?, own: Bool, words: String, lead: String, rule: Rule) -> String {
        func named(_ text: String) -> String? { Rewriter.examSystems.first { $0.words.contains(where: text.says) }?.label }
        // A finding of one system wherever it is ("sensation is intact in the left foot").
        if !rule.system.isEmpty && rule.system != "Musculoskeletal" { return rule.system }
        let byNoun = nounSystems.first { $0.words.contains(where: words.lowercased().contains) }?.label
        // Edema of the legs is the heart's sign; of a joint, the joint's.
        let limbs = site.map { s in ["extremit", "leg", "ankle", "feet", "foot", "calf", "calves"].contains(where: s.contains) } ?? true
        if let byNoun, byNoun != "Skin", site == nil || byNoun != "Cardiovascular" || limbs { return byNoun }
        if own, let s = site, let label = named(s) { return label }
        if let r = systemLead.lastRange(in: lead), let label = named(String(lead[r])) { return label }
        if let s = site, let label = named(s) { return label }
        if !rule.system.isEmpty { return rule.system }
        return byNoun.map { $0 == "Skin" ? "Integumentary" : $0 } ?? named(words) ?? "Musculoskeletal"
    }
}
