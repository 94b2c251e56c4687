import ClinicalText
import Foundation
import Terminology

extension Coder {
    /// An injury past its active treatment and healing (Guideline I.C.19.a: 7th character D, subsequent encounter): "healing as
    /// expected", "5 weeks out from surgery", "status post open reduction".
    static let healingCues = ["is healing", "healing well", "healing as expected", "healing nicely", "healing in good", "healing appropriately",
                              "weeks out from", "weeks post-op", "weeks postop", "status post open reduction", "status post orif", "s/p orif",
                              "status post closed reduction", "routine healing"]

    /// `code` with the subsequent-encounter 7th character when the problem says the injury is healing after its treatment.
    func encounterStage(_ code: String, problem: Problem) -> String {
        guard code.hasPrefix("S"), code.count == 8, code.hasSuffix("A"), problem.all.contains(where: { $0.says(Self.healingCues) }) else { return code }
        let subsequent = String(code.dropLast()) + "D"
        return terminology.icd10cm.isBillable(subsequent) ? subsequent : code
    }

    /// Diabetes complications stated in the problem's own sentences → the combination code's suffix
    /// (E11.<suffix>); several may apply. Lab values alone do not make diabetes "with hyperglycemia".
    static let diabetesComplications: [(cues: [String], suffix: String)] = [
        (["foot ulcer", "ulcer of the foot", "ulcer on", "diabetic ulcer", "heel ulcer", "wound on", "ulceration"], "621"),
        // Peripheral neuropathy is a polyneuropathy (Index: Diabetes, with, polyneuropathy); "neuropathy" alone is unspecified.
        (["polyneuropathy", "peripheral neuropathy"], "42"),
        (["diabetic neuropathy", "neuropathy"], "40"),
        (["nephropathy", "chronic kidney disease", "ckd", "diabetic kidney"], "22"),
        (["retinopathy"], "319"),
        (["gastroparesis"], "43"),
        (["hyperglycemia", "uncontrolled", "poorly controlled", "not well controlled", "not controlled", "out of control", "inadequately controlled",
          "not at goal", "above goal", "glucose levels have been elevated", "glucose levels have been slightly elevated", "glucose has been elevated",
          "glucose levels are elevated", "blood sugars have been elevated", "blood sugars are elevated", "blood sugars have been high",
          "blood sugars are high", "blood sugar has been high", "elevated blood sugars", "elevated blood glucose", "high blood sugars"], "65"),
        (["hypoglycemia", "hypoglycemic episode", "low blood sugars"], "649"),
    ]

    /// The diabetic retinopathy code for the severity, macular edema and side said; nil when no severity is said.
    func diabeticRetinopathy(_ category: String, text: String, side: ConceptModifiers.Laterality?) -> String? {
        let severity: String
        if Self.says("nonproliferative", in: text) || Self.says("non-proliferative", in: text) || Self.says("npdr", in: text) {
            severity = Self.says("severe", in: text) ? "34" : Self.says("moderate", in: text) ? "33" : Self.says("mild", in: text) ? "32" : ""
        } else if Self.says("proliferative", in: text) || Self.says("pdr", in: text) {
            severity = "35"
        } else { return nil }
        guard !severity.isEmpty else { return nil }
        let absent = Self.clauses(text).absent
        let edema = Self.says("macular edema", in: text) && !absent.contains("macular") ? "1" : "9"
        let eye: String
        switch side {
        case .right?: eye = "1"
        case .left?: eye = "2"
        case .bilateral?: eye = "3"
        case nil: eye = "9"
        }
        let code = "\(category).\(severity)\(edema)\(eye)"
        return terminology.icd10cm.isBillable(code) ? code : nil
    }

    /// Joint → osteoarthritis category with its (bilateral, right, left, unspecified) codes.
    /// Shoulders and hands have no bilateral code: both sides are coded (Guideline I.B.13).
    static let osteoarthritisSites: [(site: String, codes: (bilateral: String?, right: String, left: String, unspecified: String))] = [
        ("knee", ("M17.0", "M17.11", "M17.12", "M17.10")),
        ("hip", ("M16.0", "M16.11", "M16.12", "M16.10")),
        ("shoulder", (nil, "M19.011", "M19.012", "M19.019")),
        ("hand", (nil, "M19.041", "M19.042", "M19.049")),
    ]

    /// Injury words → the word ICD-10-CM uses.
    static let injuryWords: [String: String] = [
        "contusion": "contusion", "bruise": "contusion", "bruised": "contusion", "sprain": "sprain", "sprained": "sprain", "strain": "strain",
        "fracture": "fracture", "fractured": "fracture", "laceration": "laceration", "abrasion": "abrasion", "bite": "bite", "dislocation": "dislocation",
    ]
    /// Words naming where an injury is, with clinicians' shorthand expanded to the code set's words.
    static let injurySites: [String: [String]] = {
        var out: [String: [String]] = [:]
        for w in ["finger", "index", "middle", "ring", "little", "thumb", "hand", "wrist", "forearm", "elbow", "arm", "upper", "shoulder", "hip", "thigh",
                  "knee", "leg", "lower", "ankle", "foot", "toe", "great", "head", "neck", "back", "chest", "thorax", "abdomen", "face", "nose", "lip",
                  "ear", "eyelid", "scalp", "meniscus", "medial", "lateral", "collateral", "cruciate", "ligament", "radius", "ulna", "humerus", "femur",
                  "tibia", "fibula", "clavicle", "rib", "phalanx", "metacarpal", "metatarsal", "shaft", "end", "styloid", "calcaneus",
                  "patella", "scaphoid", "muscle", "tendon", "achilles", "rotator", "cuff", "hamstring", "calf", "buttock", "pelvis", "sacrum", "coccyx",
                  "talofibular", "calcaneofibular", "deltoid", "tibiofibular", "malleolus", "lisfranc", "boxer", "olecranon"] {
            out[w] = [w]
        }
        out["mcl"] = ["medial", "collateral", "ligament"]
        out["acl"] = ["anterior", "cruciate", "ligament"]
        out["lcl"] = ["lateral", "collateral", "ligament"]
        out["lumbar"] = ["lower", "back"]
        out["colles"] = ["colles", "radius"]
        out["tick"] = ["insect"]
        out["insect"] = ["insect"]
        out["mosquito"] = ["insect"]
        // The code set says "upper end" and "lower end" of long bones.
        out["proximal"] = ["proximal", "upper", "end"]
        out["distal"] = ["distal", "lower", "end"]
        out["fingertip"] = ["finger", "distal"]
        out["tip"] = ["distal"]
        out["atfl"] = ["talofibular", "ligament"]
        out["palm"] = ["hand"]
        out["forehead"] = ["head"]
        out["shin"] = ["lower", "leg"]
        out["sole"] = ["foot"]
        return out
    }()

    /// Body parts → the region words neoplasm, skin and limb codes use.
    static let regionWords: [String: [String]] = {
        var out: [String: [String]] = [:]
        for w in ["back", "chest", "abdomen", "abdominal", "flank", "buttock", "shoulder blade", "torso"] { out[w] = ["trunk"] }
        for w in ["leg", "thigh", "knee", "calf", "shin", "ankle", "foot", "hip"] { out[w] = ["lower", "limb"] }
        for w in ["arm", "forearm", "elbow", "wrist", "hand", "shoulder"] { out[w] = ["upper", "limb"] }
        // A toe is part of the foot, a finger of the hand ("gout of the first MTP joint" → "… ankle and foot").
        for w in ["toe", "toes", "mtp", "metatarsophalangeal"] { out[w] = ["foot", "lower", "limb"] }
        for w in ["finger", "fingers", "thumb"] { out[w] = ["hand", "upper", "limb"] }
        return out
    }()

    /// Fracture patterns the code set distinguishes.
    static let fractureTypes: Set<String> = ["torus", "greenstick", "displaced", "nondisplaced", "comminuted", "transverse", "oblique", "spiral",
                                             "segmental", "avulsion", "stress", "pathological", "buckle", "salter", "harris", "physeal", "bicondylar",
                                             "transcondylar", "supracondylar", "intraarticular", "extraarticular", "bent", "barton", "smith"]

    /// Body regions (as opposed to the structures in them) in injury descriptions.
    static let regions: Set<String> = ["finger", "hand", "wrist", "forearm", "elbow", "arm", "upper", "shoulder", "hip", "thigh", "knee", "leg", "lower",
                                       "ankle", "foot", "toe", "head", "neck", "back", "chest", "thorax", "abdomen", "face", "nose", "lip", "ear", "eyelid",
                                       "scalp", "calf", "buttock", "pelvis", "great", "index", "middle", "ring", "little", "thumb", "insect"]

    /// The initial-encounter injury code for an injury named in `text` (`Right knee MCL sprain.`): the code whose
    /// description has the injury word, the most of the sites said and the side.
    func injury(in text: String, side: ConceptModifiers.Laterality?) -> String? {
        // A buckle fracture is what the code set calls a torus fracture.
        let words = Self.words(text).map { $0 == "buckle" ? "torus" : $0 }
        guard var kind = words.lazy.compactMap({ Self.injuryWords[$0] }).first else { return nil }
        let sites = Set(words.flatMap { Self.injurySites[$0] ?? [] })
        guard !sites.isEmpty else { return nil }
        // A ligament is sprained, a muscle or tendon strained: an "MCL strain" is a sprain of the ligament.
        if kind == "strain", sites.contains("ligament"), sites.isDisjoint(with: ["muscle", "tendon"]) { kind = "sprain" }
        let allSites = Set(Self.injurySites.values.joined())
        let sideWord = side.map { $0 == .bilateral ? "bilateral" : $0.rawValue }
        var best: (code: String, score: Double)?
        for entry in injuries where entry.words.contains(kind) {
            guard entry.words.intersection(sites).subtracting(["insect"]).count > 0 else { continue }
            let matched = entry.words.intersection(sites).count
            var score = 2.0 * Double(matched) - Double(entry.own.intersection(allSites).subtracting(sites).count)
            // A fracture type not said ("torus", "displaced"): a code for it claims more than the note does.
            score -= 1.5 * Double(entry.words.intersection(Self.fractureTypes).subtracting(words).count)
            // A structure named that no code of the region lists (a meniscus "sprain"): "other specified parts", not "unspecified site".
            if !sites.subtracting(entry.words).subtracting(Self.regions).isEmpty {
                if entry.words.contains("other") && entry.words.contains("specified") { score += 1 } else if entry.words.contains("unspecified") { score -= 1 }
            }
            if let sideWord {
                if entry.words.contains(sideWord) { score += 3 } else if entry.words.contains("right") || entry.words.contains("left") { score -= 5 }
            } else if entry.words.contains("unspecified") {
                score += 0.5
            }
            // Other words of the description said ("fifth", "nondisplaced", "closed"): the code says what the note says.
            let said = Set(words)
            score += 0.5 * Double(entry.words.subtracting(allSites).subtracting(Self.genericWords)
                .subtracting(["right", "left", "bilateral", "initial", "encounter", "fracture", "sprain", "strain", "contusion"])
                .intersection(said).count)
            score -= Double(entry.own.count) / 100
            if best == nil || score > best!.score { best = (entry.code, score) }
        }
        return best.flatMap { $0.score > 0 ? $0.code : nil }
    }

    /// The specific billable codes for a mentioned condition: laterality, 7th character, combination and site,
    /// from the mention's sentence and its problem.
    func specific(_ c: AnnotatedConcept, line: Line, problem: Problem, blockText: String) -> [String] {
        guard let base = c.mention.concept.icd10cm else { return [] }
        let side = c.modifiers.laterality ?? Self.laterality(line.lower) ?? Self.laterality(blockText)
        let code = ICD10CM.dotted(base)
        // Injuries: the type and site said, initial encounter; never the unspecified-region T14 codes.
        if code.hasPrefix("S") && terminology.icd10cm.lookup(code)?.description.lowercased().contains("unspecified") == false {
            // The lexicon named the injury itself: only side and encounter remain.
            return [encounterStage(refine(code, side: side, words: Set(Self.words(blockText))), problem: problem)]
        }
        // An injury word beside a symptom makes it an injury only when said plainly ("pain, consistent with a Lisfranc fracture" stays pain).
        // Only a symptom or a joint or limb pain is the injury said beside it: "cellulitis around an abrasion" stays cellulitis.
        let injurySign = Self.isSymptom(code) || code.hasPrefix("M25") || code.hasPrefix("M79")
        if code.hasPrefix("S") || code.hasPrefix("T14")
            || (injurySign && Self.words(line.lower).contains(where: { Self.injuryWords[$0] != nil }) && !line.has(Self.hedges)) {
            let context = problem.all.prefix(3).map(\.lower).joined(separator: " ")
            if let found = injury(in: line.lower, side: side) ?? injury(in: context, side: side) { return [encounterStage(found, problem: problem)] }
            if code.hasPrefix("T14") { return [] }
        }
        // Major depressive disorder said to be recurrent is F33 with the same severity (F32.1 → F33.1; F32.A/F32.9 → F33.9).
        if code.hasPrefix("F32"), Self.says("recurrent", in: line.lower) || Self.says("recurrent", in: problem.heading?.lower ?? "") {
            let recurrent = code == "F32.A" || code == "F32.9" ? "F33.9" : code == "F32.4" ? "F33.41" : code == "F32.5" ? "F33.42" : "F33" + code.dropFirst(3)
            let said = line.lower + " " + (problem.heading?.lower ?? "")
            if terminology.icd10cm.isBillable(recurrent) { return [moreSpecific(than: recurrent, said: Set(Self.words(said)), text: said)] }
        }
        // Diabetes mellitus: combination codes for each complication stated, else "without complications".
        if ["E08", "E09", "E10", "E11", "E13"].contains(String(code.prefix(3))) {
            let category = String(code.prefix(3))
            var out: [String] = []
            // Hypoglycemia said as absent ("no hypoglycemia", "denies low blood sugars") is none.
            lazy var absent = Self.clauses(blockText).absent
            for (cues, suffix) in Self.diabetesComplications where cues.contains(where: { cue in
                blockText.contains(cue) && !(suffix == "649" && Self.words(cue).contains(where: { w in w.count > 3 && absent.contains(w) }))
            }) {
                let candidate = "\(category).\(suffix)"
                // One neuropathy code: the polyneuropathy said is the neuropathy.
                if suffix == "40", out.contains("\(category).42") { continue }
                if terminology.icd10cm.isBillable(candidate) { out.append(candidate) }
            }
            // The ulcer's site from the problem, else from the note's description of the wound ("the necrotic wound on his heel").
            let ulcerText = Self.footSites.contains(where: blockText.contains) ? blockText : blockText + " " + problem.woundContext
            if out.contains("\(category).621"), let ulcer = footUlcer(ulcerText, side: side) { out.insert(ulcer, at: out.firstIndex(of: "\(category).621")! + 1) }
            // Retinopathy: its severity, macular edema and eye(s) when said (E11.3293: mild nonproliferative, no edema, both eyes).
            if let r = out.firstIndex(of: "\(category).319"), let eye = diabeticRetinopathy(category, text: blockText, side: side) { out[r] = eye }
            return out.isEmpty ? ["\(category).9"] : out
        }
        // Osteoarthritis (and "arthritis" of an adult's knee or hip): the joint's category and side.
        if code.hasPrefix("M19.9") || code.hasPrefix("M13.") || code == "M19.90" {
            let text = line.lower + " " + (problem.heading?.lower ?? "")
            if let site = Self.osteoarthritisSites.first(where: { text.contains($0.site) }) ?? Self.osteoarthritisSites.first(where: { blockText.contains($0.site) }) {
                switch side {
                case .bilateral?: return site.codes.bilateral.map { [$0] } ?? [site.codes.right, site.codes.left]
                case .right?: return [site.codes.right]
                case .left?: return [site.codes.left]
                case nil: return [site.codes.unspecified]
                }
            }
        }
        // Bone density has a site only when its own line says one: "Osteopenia." under an IMPRESSION list takes no shoulder
        // from the plan paragraph.
        if code.hasPrefix("M85.8") || code.hasPrefix("M81.") {
            return [refine(code, side: c.modifiers.laterality ?? Self.laterality(line.lower), words: Set(Self.words(line.lower)))]
        }
        // Both sides where the code set has no bilateral code: one code per side.
        if side == .bilateral {
            let words = Set(Self.words(blockText))
            let both = refine(code, side: .bilateral, words: words)
            if !Self.words(terminology.icd10cm.lookup(both)?.description ?? "").contains("bilateral") {
                let sides = [refine(code, side: .right, words: words), refine(code, side: .left, words: words)]
                if sides[0] != sides[1] { return sides }
            }
            return [both]
        }
        let refined = refine(code, side: side, words: Set(Self.words(blockText)))
        let said = line.lower + " " + (problem.heading?.lower ?? "")
        return [moreSpecific(than: refined, said: Set(Self.words(said)), text: said)]
    }

    /// The most specific billable code supported (Section I.B): for an unspecified code, or one that says what is absent
    /// ("without …", "uncomplicated"), a sibling in its category whose every distinctive word the problem says ("Acne vulgaris"
    /// → L70.0; "COPD with acute exacerbation" → J44.1; "Migraine without aura, not intractable" → G43.009; "in sustained
    /// remission" → F10.21). A sibling for "other" forms, one needing a word the problem does not say, or one that says present
    /// what the problem says absent is never chosen. `text`, when given, tells words said as absent from words said.
    func moreSpecific(than code: String, said: Set<String>, text: String? = nil) -> String {
        let icd = terminology.icd10cm
        guard let base = icd.lookup(code) else { return code }
        let baseLower = base.description.lowercased()
        // An unspecified code, or one that says what is absent ("without lower urinary tract symptoms", "uncomplicated").
        // Or a chronic condition said to be "acute on chronic" (I50.32 → I50.33, J96.10 → J96.20).
        let acuteOnChronic = baseLower.hasPrefix("chronic ") && (text ?? said.joined(separator: " ")).contains("acute on chronic")
        guard baseLower.contains("unspecified") || baseLower.contains("without") || baseLower.contains("uncomplicated") || acuteOnChronic else { return code }
        // The category's codes, read once for both searches below.
        let family = icd.descendants(of: String(code.prefix(3)))
        // A sibling whose inclusion term is said ("Plaque psoriasis" is included in L40.0, "chronic constipation" in K59.09).
        if let text, let included = includedSibling(of: code, in: text.lowercased(), family: family) { return included }
        // "Full-thickness" tear is what the code set calls "complete", "partial-thickness" "incomplete".
        var said = said
        if said.contains("full") && said.contains("thickness") { said.insert("complete") }
        if said.contains("partial") && said.contains("thickness") { said.insert("incomplete") }
        let baseClauses = Self.clauses(Self.withoutNonessential(baseLower))
        let baseWords = baseClauses.present
        // Stems of six letters: "hyperchylomicronemia" is not "hyperlipidemia". The base code's own words count as said
        // ("COPD" is "chronic obstructive pulmonary disease").
        let stems = Set(said.union(baseWords).map { String($0.prefix(6)) })
        let spoken = text.map(Self.clauses)
        func negated(_ w: String) -> Bool { spoken?.absent.contains { $0.prefix(6) == w.prefix(6) } ?? false }
        func affirmed(_ w: String) -> Bool { spoken.map { $0.present.contains { $0.prefix(6) == w.prefix(6) } } ?? stems.contains(String(w.prefix(6))) }
        var best: (code: String, extra: Int)?
        for c in family where c.billable && c.code != code {
            let d = c.description.lowercased()
            guard !d.contains("unspecified"), !d.contains("other"), !d.contains("elsewhere") else { continue }
            // Words in parentheses are nonessential modifiers (ICD-10-CM conventions, I.A.7): "(congestive)" need not be said.
            // What a "without"/"not" clause names is the default: it need not be said, but must not be said as present.
            let (present, absent) = Self.clauses(Self.withoutNonessential(d))
            // A word the base does not have must be said nearly whole: "esophagitis" is not "esophageal".
            guard present.allSatisfy({ w in baseWords.contains(w) || (said.contains { Self.sameWord($0, w) } && (!negated(w) || affirmed(w))) }),
                  !absent.contains(where: { !baseClauses.absent.contains($0) && affirmed($0) && !negated($0) && !baseWords.contains($0) }) else { continue }
            let extra = present.subtracting(baseWords).count + absent.subtracting(baseClauses.absent).filter(negated).count
            guard extra > 0, best == nil || extra > best!.extra else { continue }
            best = (c.code, extra)
        }
        return best?.code ?? code
    }

    /// The billable code of `code`'s category (`family`) whose inclusion term `text` says, the longest term first; not for
    /// the injury chapters, whose categories are large and whose sites are read elsewhere, nor for "NOS" terms.
    func includedSibling(of code: String, in text: String, family: [ICD10CM.Code]) -> String? {
        guard !code.hasPrefix("S"), !code.hasPrefix("T") else { return nil }
        let icd = terminology.icd10cm
        var best: (code: String, length: Int)?
        for c in family where c.billable && c.code != code {
            for note in icd.notes(at: c.code) where note.kind == "inclusion" {
                let term = note.text.lowercased()
                guard !term.contains(" nos"), term.contains(" "), term.count > (best?.length ?? 0), WordCue.occurs(term, in: text, endsWord: true) else { continue }
                best = (c.code, term.count)
            }
        }
        return best?.code
    }

    /// Two forms of one word: a shared beginning of at least five letters that leaves at most two letters of the shorter one
    /// ("alcohol"/"alcoholic", "keratosis"/"keratoses"; not "esophageal"/"esophagitis" or "hyperlipidemia"/"hyperchylomicronemia").
    static func sameWord(_ a: String, _ b: String) -> Bool {
        if a == b { return true }
        let common = zip(a, b).prefix { $0 == $1 }.count
        return common >= max(5, min(a.count, b.count) - 2)
    }

    /// The content words a description (or a sentence) states as present, and those it states as absent: the words after
    /// "without", "not" or "no" up to the next "with", "but" or comma ("Migraine without aura, not intractable").
    static func clauses(_ text: String) -> (present: Set<String>, absent: Set<String>) {
        var present = Set<String>(), absent = Set<String>()
        for clause in text.lowercased().split(whereSeparator: { ",;.:".contains($0) }) {
            var negating = false
            for w in words(String(clause)) {
                if ["without", "not", "no", "denies", "non"].contains(w) { negating = true; continue }
                if w == "with" || w == "but" { negating = false }
                guard !genericWords.contains(w) else { continue }
                if negating { absent.insert(w) } else { present.insert(w) }
            }
        }
        return (present, absent)
    }

    /// A description without its parenthesised nonessential modifiers ("Chronic diastolic (congestive) heart failure").
    static func withoutNonessential(_ description: String) -> String {
        guard description.contains("(") else { return description }
        var out = ""
        var depth = 0
        for ch in description {
            if ch == "(" { depth += 1 } else if ch == ")" { depth = max(0, depth - 1) } else if depth == 0 { out.append(ch) }
        }
        return out
    }

    /// Spinal region words of the code set, and the clinicians' words for them.
    static let spinalRegions: [String: String] = ["cervical": "cervical", "neck": "cervical", "thoracic": "thoracic", "lumbar": "lumbar",
                                                  "low back": "lumbar", "lower back": "lumbar", "sacral": "sacral", "lumbosacral": "lumbosacral",
                                                  "thoracolumbar": "thoracolumbar", "cervicothoracic": "cervicothoracic"]
    static let spinalLetters: [Character: String] = ["c": "cervical", "t": "thoracic", "l": "lumbar", "s": "sacral"]
    /// The region of a level ("c5-c6" cervical); a level across two regions is their junction ("l5-s1" lumbosacral).
    static func spinalRegion(_ level: String) -> String? {
        guard let a = level.first, let dash = level.firstIndex(of: "-"), let b = level[level.index(after: dash)...].first else { return nil }
        if a == b { return spinalLetters[a] }
        return ["ct": "cervicothoracic", "tl": "thoracolumbar", "ls": "lumbosacral"][String([a, b])]
    }
    /// Words of spinal descriptions that name a region, a level or the pain beside the condition, not the condition itself.
    static let spinalQualifiers: Set<String> = ["intervertebral", "region", "level", "site", "cervical", "thoracic", "lumbar", "sacral", "thoracolumbar",
                                                "lumbosacral", "cervicothoracic", "sacrococcygeal", "occipito", "atlanto", "axial", "high", "mid", "mention",
                                                "back", "pain", "lower", "extremity", "discogenic", "only", "at"]

    /// Vertebral levels said ("C5-6", "C4-C5", "L4/5") in the code set's form ("c5-c6").
    static func spinalLevels(_ lower: String) -> [String] {
        guard let re = try? NSRegularExpression(pattern: #"\b([ctls])(\d{1,2})\s*[-/]\s*([ctls]?)(\d{1,2})\b"#) else { return [] }
        let ns = lower as NSString
        var out: [String] = []
        for m in re.matches(in: lower, range: NSRange(location: 0, length: ns.length)) {
            let a = ns.substring(with: m.range(at: 1)), b = ns.substring(with: m.range(at: 3))
            let level = "\(a)\(ns.substring(with: m.range(at: 2)))-\(b.isEmpty ? a : b)\(ns.substring(with: m.range(at: 4)))"
            if !out.contains(level) { out.append(level) }
        }
        return out
    }

    /// A spinal code (M40–M54) of the region and levels the problem says: one code per level where the code set has
    /// level codes (the description or an inclusion term names "C5-C6"), else the code of the region ("disc degeneration
    /// at C5-6" is cervical, M50.3-, not the lumbar default M51.36-). Nil when the problem says no single region.
    func spinalCodes(for code: String, text: String) -> [String]? {
        let icd = terminology.icd10cm
        guard code.hasPrefix("M4") || code.hasPrefix("M5"), let base = icd.lookup(code) else { return nil }
        let baseWords = Set(Self.words(base.description))
        guard baseWords.contains("region") || baseWords.contains("level") || base.description.lowercased().contains("site unspecified") else { return nil }
        let levels = Self.spinalLevels(text)
        // A junction ("C7-T1") decides only when no level lies within one region ("C5-6 … C7-T1" is cervical).
        let levelRegions = Set(levels.compactMap(Self.spinalRegion))
        let pure = levelRegions.intersection(Self.spinalLetters.values)
        var regions = pure.isEmpty ? levelRegions : pure
        for (word, region) in Self.spinalRegions where Self.says(word, in: text) { regions.insert(region) }
        guard regions.count == 1, let region = regions.first else { return nil }
        func singular(_ w: String) -> String { w.count > 3 && w.hasSuffix("s") ? String(w.dropLast()) : w }
        // Level names ("C4-C5") are not condition words.
        func named(_ d: String) -> [String] { Self.words(d).filter { !$0.contains(where: \.isNumber) }.map(singular) }
        let condition = Set(baseWords.subtracting(Self.genericWords).subtracting(Self.spinalQualifiers).map(singular))
        // The category and its neighbours (cervical discs are M50, the others M51).
        guard let n = Int(code.dropFirst().prefix(2)) else { return nil }
        let categories = [n - 1, n, n + 1].map { String(format: "M%02d", $0) }
        let family = categories.flatMap { icd.descendants(of: $0) }.filter { c in
            c.billable && condition.isSubset(of: Set(named(c.description)))
                && Set(named(c.description)).subtracting(Self.genericWords).subtracting(Self.spinalQualifiers).subtracting(["unspecified"])
                    .isSubset(of: condition)
        }
        func terms(_ c: ICD10CM.Code) -> String {
            ([c.description] + icd.notes(at: c.code).filter { $0.kind == "inclusion" }.map(\.text)).joined(separator: " ").lowercased()
        }
        var out: [String] = []
        for level in levels where Self.spinalRegion(level) == region {
            if let c = family.first(where: { terms($0).contains(level) }), !out.contains(c.code) { out.append(c.code) }
        }
        if !out.isEmpty { return out }
        let inRegion = family.filter { Set(Self.words($0.description)).contains(region) }
        let pick = inRegion.first { $0.description.lowercased().contains("unspecified") } ?? inRegion.min { $0.description.count < $1.description.count }
        return pick.map { [$0.code] }
    }

    static let footSites = ["heel", "midfoot", "ankle", "calf"]

    /// L97 non-pressure chronic ulcer of the foot, by site and side, severity unspecified.
    func footUlcer(_ text: String, side: ConceptModifiers.Laterality?) -> String? {
        let s = side == .left ? "2" : side == .right ? "1" : "9"
        let site = text.contains("heel") || text.contains("midfoot") ? "4" : text.contains("ankle") ? "3" : text.contains("calf") ? "2" : "5"
        let code = "L97.\(site)\(s)9"
        return terminology.icd10cm.isBillable(code) ? code : nil
    }

    static func laterality(_ lower: String) -> ConceptModifiers.Laterality? {
        let w = Set(words(lower))
        if w.contains("bilateral") || w.contains("both") || w.contains("bilaterally") { return .bilateral }
        let right = w.contains("right"), left = w.contains("left")
        if right && left { return .bilateral }
        return right ? .right : left ? .left : nil
    }

    static let genericWords: Set<String> = ["of", "in", "and", "the", "with", "without", "to", "or", "due", "other", "specified", "unspecified", "site",
                                            "part", "region", "initial", "encounter", "not", "elsewhere", "classified", "a", "an", "for", "by", "type"]

    /// The best billable code at or below `code` (or beside it, when only the side differs): matching the side,
    /// initial encounter for injuries, and most of the description's words said in the problem.
    func refine(_ code: String, side: ConceptModifiers.Laterality?, words: Set<String>) -> String {
        let icd = terminology.icd10cm
        guard let base = icd.lookup(code) else { return code }
        let sideWord = side.map { $0 == .bilateral ? "bilateral" : $0.rawValue }
        let baseWords = Set(Self.words(base.description))
        let injury = code.hasPrefix("S") || code.hasPrefix("T")
        let needsSide = sideWord.map { !baseWords.contains($0) } ?? false
        if base.billable && !needsSide { return code }
        var family = icd.descendants(of: code).filter(\.billable)
        // A billable code of the wrong (or no) side: look beside it, up to three levels, for the side said.
        var level = code
        // Beside it means the same condition: the relatives must name what the code names ("Cervicalgia" never becomes "Sciatica, left side").
        let condition = baseWords.subtracting(Self.genericWords).subtracting(["joint", "limb", "sites", "multiple", "ear", "eye"])
        // The code set's region words for the body parts said ("back" is part of the trunk, "thigh" of the lower limb).
        let saidStems = Set(words.flatMap { [$0] + (Self.regionWords[$0] ?? []) }.map { String($0.prefix(5)) })
        // A relative says nothing the note does not: beyond the base's words and the side, only words said ("Calculus of kidney"
        // never becomes "… with calculus of ureter", an unspecified site never "Primary osteoarthritis, left hand").
        // "Primary" is the default osteoarthritis (Index: Osteoarthritis, knee → primary) and "idiopathic" the default gout
        // (Gout, ankle → idiopathic): neither need be said.
        let sideWords: Set<String> = code.hasPrefix("M1") ? ["right", "left", "bilateral", "unspecified", "side", "primary", "idiopathic"]
            : ["right", "left", "bilateral", "unspecified", "side"]
        // "Secondary" is said as itself: "his second flare" is no secondary gout.
        var stems = words.contains("secondary") ? saidStems : saidStems.subtracting(["secon"])
        // Gout's foot codes are "ankle and foot" (Index: Gout, toe → M10.07-): the foot said is the site.
        if code.hasPrefix("M10") || code.hasPrefix("M1A"), stems.contains("foot") { stems.insert("ankle") }
        func singular(_ w: String) -> String { w.count > 3 && w.hasSuffix("s") ? String(w.dropLast()) : w }
        let baseStems = Set(baseWords.map(singular))
        func saysNoMore(_ c: ICD10CM.Code) -> Bool {
            Set(Self.words(c.description).map(singular)).subtracting(baseStems).subtracting(sideWords).subtracting(Self.genericWords)
                .allSatisfy { stems.contains(String($0.prefix(5))) }
        }
        while family.isEmpty || (needsSide && !family.contains(where: { Self.words($0.description).contains(sideWord!) })),
              level.count > 3, let parent = icd.parent(of: level) {
            level = parent.code
            family = icd.descendants(of: level).filter { $0.billable && condition.isSubset(of: Set(Self.words($0.description))) && saysNoMore($0) }
            if !needsSide || level.count <= 4 { break }
        }
        if injury {
            let initial = family.filter { $0.code.count == 8 && $0.code.hasSuffix("A") }
            if !initial.isEmpty { family = initial }
        }
        guard !family.isEmpty else { return code }
        func score(_ c: ICD10CM.Code) -> Double {
            let w = Self.words(c.description)
            var s = 0.0
            for word in Set(w) where !Self.genericWords.contains(word) {
                s += stems.contains(String(word.prefix(5))) || baseWords.contains(word) ? 1 : -0.6
            }
            let has = Set(w)
            if let sideWord {
                if has.contains(sideWord) { s += 3 } else if has.contains("right") || has.contains("left") || has.contains("bilateral") { s -= 5 }
            } else if has.contains("right") || has.contains("left") || has.contains("bilateral") {
                s -= 2
            }
            if has.contains("unspecified") { s += sideWord == nil ? 0.5 : -0.2 }
            return s - Double(c.description.count) / 1_000
        }
        return family.max { score($0) < score($1) }?.code ?? code
    }

    /// Combination codes (Section I.C.9.a): hypertension with heart failure is I11.0, with chronic kidney disease
    /// I12.9, with both I13.0, the heart failure and CKD codes kept beside it.
    func combined(_ found: [Candidate]) -> [Candidate] {
        var out = Self.lumbagoWithSciatica(found)
        let heart = out.contains { $0.code.hasPrefix("I50") }, kidney = out.contains { $0.code.hasPrefix("N18") }
        guard heart || kidney else { return out }
        // Every mention of hypertension ("Hypertension." and "uncontrolled hypertension" in another problem) becomes the one combination code.
        for h in out.indices where out[h].code == "I10" {
            out[h].code = heart && kidney ? "I13.0" : heart ? "I11.0" : "I12.9"
            out[h].rationale += "; with \(heart ? "heart failure" : "")\(heart && kidney ? " and " : "")\(kidney ? "chronic kidney disease" : "") → \(out[h].code)"
        }
        return out
    }

    /// Low back pain with sciatica in one problem is "Lumbago with sciatica" (M54.4-), of the sciatica's side: "Low back pain
    /// with left-sided sciatica" is M54.42, not M54.59 beside M54.32.
    static func lumbagoWithSciatica(_ found: [Candidate]) -> [Candidate] {
        var out = found
        for s in out.indices where out[s].code.hasPrefix("M54.3") {
            guard let b = out.indices.first(where: { out[$0].code.hasPrefix("M54.5") && out[$0].problem == out[s].problem }) else { continue }
            let combined = "M54.4" + out[s].code.dropFirst(5)
            out[s].code = combined
            out[s].rationale += "; with low back pain in the same problem → lumbago with sciatica \(combined)"
            out[s].evidence += out[b].evidence.filter { !out[s].evidence.contains($0) }
            out.remove(at: b)
            return out
        }
        return out
    }

    /// Long-term (current) drug therapy (Z79) for medications the plan continues, by drug class.
    static let drugTherapy: [(classes: [String], generics: [String], code: String)] = [
        (["insulin"], [], "Z79.4"),
        // Before the hormone row: an ethinyl estradiol pill is a contraceptive (Z79.3), not estrogen therapy (Z79.890).
        (["combined oral contraceptive", "combined hormonal contraceptive"], [], "Z79.3"),
        (["biguanide", "sulfonylurea", "dpp-4 inhibitor", "sglt2 inhibitor", "thiazolidinedione", "meglitinide"], ["metformin"], "Z79.84"),
        (["glp-1 receptor agonist"], [], "Z79.85"),
        (["anticoagulant"], [], "Z79.01"),
        ([], ["aspirin"], "Z79.82"),
        (["antiplatelet"], ["clopidogrel"], "Z79.02"),
        (["opioid analgesic"], [], "Z79.891"),
        (["androgen", "testosterone", "estrogen"], ["testosterone", "estradiol"], "Z79.890"),
        // Immunosuppressants and estrogen-receptor agents by the Z79.6- and Z79.81- descriptions.
        (["calcineurin inhibitor"], ["tacrolimus", "cyclosporine"], "Z79.621"),
        (["jak inhibitor", "janus kinase inhibitor"], [], "Z79.622"),
        (["mtor inhibitor"], ["sirolimus", "everolimus"], "Z79.623"),
        (["antimetabolite immunosuppressant"], ["mycophenolate"], "Z79.624"),
        (["tnf inhibitor"], [], "Z79.620"),
        (["aromatase inhibitor"], [], "Z79.811"),
        (["selective estrogen receptor modulator"], ["tamoxifen", "raloxifene"], "Z79.810"),
        (["bisphosphonate"], [], "Z79.83"),
        // Methotrexate is an antimetabolite agent (Z79.631, inclusion term); mycophenolate's row comes first.
        ([], ["methotrexate"], "Z79.631"),
        // No Z79.51 for inhaled steroids: neither the gold file nor the silver files code a controller inhaler.
        // Systemic steroids taken over time, not a taper or a burst (see ``steroidCourse``).
        ([], ["prednisone", "prednisolone"], "Z79.52"),
    ]
    /// A short steroid course, which is no long-term therapy.
    static let steroidCourse = ["taper", "burst", "dose pack", "dosepak", "for 5 days", "for five days", "for 7 days", "for seven days", "for 10 days",
                                "for ten days", "for a week", "course"]
    /// A drug class named without a drug ("compliant with his immunosuppressive medications") → its Z79 code.
    static let drugClassMentions: [(cues: [String], code: String)] = [
        (["immunosuppressive medication", "immunosuppressant medication", "immunosuppressants", "immunosuppressive drug", "anti-rejection medication",
          "antirejection medication"], "Z79.60"),
        // A problem of its own ("3. Current combined hormonal contraceptive use in a patient with migraine with aura.").
        (["hormonal contraceptive use", "oral contraceptive use", "birth control pill use", "contraceptive pill use"], "Z79.3"),
    ]
    /// A drug held for a few days before a procedure is still long-term therapy ("discontinue clopidogrel for one week prior to
    /// knee replacement surgery").
    static func heldForProcedure(_ l: Line) -> Bool {
        l.says(["prior to", "before"]) && l.says(["surgery", "procedure", "replacement", "colonoscopy", "operation", "endoscopy", "biopsy"])
    }
    static let newDrug = ["start", "initiat", "will prescribe", "to prescribe", "i prescribed", "prescribing", "prescribed today", "begin", "trial of", "put him on", "put her on", "we will try", "will try", "new prescription", "add "]

    func drugTherapy(problems: [Problem], coded: [Candidate]) -> [Candidate] {
        var out: [Candidate] = []
        for (p, problem) in problems.enumerated() {
            let addressed = coded.contains(where: { $0.problem == p })
            for line in problem.all where (!line.has(Self.newDrug) || line.says(["long term", "long-term"]))
                && (!line.has(["stop", "discontinue", "hold"]) || Self.heldForProcedure(line) || line.says(["then stop", "then discontinue", "then hold"]))
                && !line.says(["not needed", "no need", "not indicated", "not necessary", "not required", "does not need", "doesn't need",
                               "do not think he needs", "do not think she needs", "don't think he needs", "don't think she needs", "hold off on"]) {
                // A class named in the problem's own heading is the problem; elsewhere it counts for a coded problem.
                if addressed || line.range == problem.heading?.range {
                    for rule in Self.drugClassMentions where line.says(rule.cues) && !out.contains(where: { $0.code == rule.code || ($0.code.hasPrefix("Z79.6") && rule.code.hasPrefix("Z79.6")) }) {
                        out.append(Candidate(code: rule.code, evidence: [line.range], confidence: 0.6,
                                             rationale: "Continued drug class named → long-term drug therapy \(rule.code)", problem: p))
                    }
                }
                for m in line.medications {
                    let cls = m.concept.group?.lowercased() ?? "", generic = m.concept.preferred.lowercased()
                    guard let rule = Self.drugTherapy.first(where: { r in r.classes.contains { cls.contains($0) } || r.generics.contains { g in
                        // A drug of a combination product counts, except an analgesic's (Excedrin's aspirin is no antiplatelet therapy).
                        generic.split(separator: "/").contains { $0 == g } && (generic == g || !cls.contains("analgesic")) } }),
                          !out.contains(where: { $0.code == rule.code }) else { continue }
                    // Antithrombotics matter for any problem, a preoperative one too; the others only for a coded problem.
                    guard addressed || rule.code.hasPrefix("Z79.0") else { continue }
                    // Insulin is inherent in type 1 diabetes: Z79.4 is not assigned with E10 (Guideline I.C.4.a.3).
                    if rule.code == "Z79.4", coded.contains(where: { $0.code.hasPrefix("E10") }) { continue }
                    // A steroid course anywhere in the note ("a short prednisone course") is no long-term therapy, unless the
                    // line says it is ("she should expect to be on prednisone long term").
                    if rule.code == "Z79.52", !line.says(["long term", "long-term"]),
                       problems.contains(where: { $0.all.contains(where: { $0.has(Self.steroidCourse) && $0.says(["prednisone", "prednisolone", "steroid"]) }) }) {
                        continue
                    }
                    // An opioid continued for a few days of acute pain is not long-term therapy.
                    if rule.code == "Z79.891", !problem.all.contains(where: { $0.has(["chronic", "long-term", "long term", "pain management", "pain contract",
                                                                                     "for years", "maintenance"]) }) { continue }
                    out.append(Candidate(code: rule.code, evidence: [line.range], confidence: 0.7,
                                         rationale: "Continued \(m.concept.preferred) (\(cls.isEmpty ? generic : cls)) → long-term drug therapy \(rule.code)", problem: p))
                }
            }
        }
        return out
    }
}
