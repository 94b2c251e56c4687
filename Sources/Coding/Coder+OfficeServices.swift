import ClinicalText
import Foundation
import Terminology

extension Coder {
    /// A service the note documents as done at this visit, before its diagnoses are linked.
    struct OfficeService {
        var code: String
        var modifiers: [String] = []
        var line: Line
        var rationale: String
    }

    /// Cues that put a service in this visit.
    static let doneHere = ["today", "in the office", "in office", "in-office", "in clinic", "point-of-care", "point of care", "at this visit", "bedside"]
    /// Verbs that report a service as done (not ordered).
    static let doneVerbs = ["administered", "was given", "were given", "was performed", "were performed", "performed", "was placed", "was inserted",
                            "was removed", "were removed", "was treated", "were treated", "was taken", "was done", "were done", "was obtained",
                            "was drained", "were drained", "scored", "completed"]
    /// Cues that put a service in the future, the past or nowhere: it is not billed.
    static let notDoneHere = ["will ", "we'll", "would ", "schedule", "ordered", "order ", "plan to", "planned", "next visit", "follow-up visit", "repeat",
                              "if ", "consider", "not needed", "not indicated", "declined", "deferred", "defer", "due ", "is due", "are due", "last year", "last visit", "last week", "last month", "at her last", "at his last", "previously",
                              "previous", "prior", "recent", "outside", "urgent care", "emergency department", "at home", "home ", "recommend", "should ", "need "]

    /// Vaccines by product words (CPT vaccine product codes; the first match of a row wins, rows in order).
    static let vaccines: [(cues: [String], code: String, components: Int)] = [
        (["tdap", "boostrix", "adacel"], "90715", 3), (["dtap", "daptacel", "infanrix"], "90700", 3), (["td vaccine", "tenivac", "td booster", "tetanus-diphtheria", "tetanus and diphtheria"], "90714", 2),
        (["mmrv", "proquad"], "90710", 4), (["mmr"], "90707", 3), (["varicella", "varivax", "chickenpox vaccine"], "90716", 1),
        (["shingrix", "zoster", "shingles vaccine"], "90750", 1), (["gardasil", "hpv vaccine", "hpv"], "90651", 1),
        (["prevnar 20", "pcv20"], "90677", 1), (["vaxneuvance", "pcv15"], "90671", 1), (["capvaxive", "pcv21"], "90684", 1),
        (["pneumovax", "ppsv23"], "90732", 1), (["twinrix"], "90636", 2), (["menquadfi", "menveo", "menactra", "meningococcal acwy", "menacwy"], "90734", 1),
        (["bexsero", "menb"], "90620", 1), (["arexvy"], "90679", 1), (["abrysvo"], "90678", 1),
    ]

    /// Services the note documents as done at this visit beyond x-rays, joint injections and ECGs: vaccines and their
    /// administration, point-of-care tests, venipuncture, skin biopsy and destruction, cerumen removal, incision and
    /// drainage, nebulizer treatments, spirometry, IM injections with their drug, catheterization, IUD placement,
    /// screening instruments and tobacco counselling. A service is billed only when its sentence says it was done here
    /// (today, in the office, administered, performed) and nothing puts it in the future or the past.
    func officeServices(_ lines: [Line], age: Int?) -> [OfficeService] {
        var out: [OfficeService] = []
        func add(_ code: String, _ line: Line, _ why: String, modifiers: [String] = []) {
            guard !out.contains(where: { $0.code == code }) else { return }
            out.append(OfficeService(code: code, modifiers: modifiers, line: line, rationale: why))
        }
        let noteText = lines.map(\.lower).joined(separator: " ")
        var vaccineLines: [(line: Line, code: String, components: Int)] = []
        for line in lines {
            let l = line.lower
            let procedureSection = line.section == .procedures
            let here = line.says(Self.doneHere) || procedureSection
            let done = here || line.says(Self.doneVerbs)
            // A year ("completed in 2024") or a negation puts it elsewhere.
            // (The pattern runs only on sentences that name a year's first digits.)
            let dated = (Self.occurs(" 20", in: l) || Self.occurs(" 19", in: l)) && l.range(of: #"\b(in|since|on) (19|20)\d\d\b"#, options: .regularExpression) != nil
            let future = line.has(Self.notDoneHere) && !(procedureSection && !line.has(["will ", "if "]))
            // Screening instruments report a result (a score, "20/30", "passed"): that is the service done.
            if !future, !dated {
                if line.says(["phq-9", "phq9", "phq-a", "gad-7", "gad7", "vanderbilt", "m-chat", "mchat", "edinburgh", "epds", "asq-3", "audit-c", "psc-17"]),
                   line.says(["score", "scored", "completed"]) || l.range(of: #"\d"#, options: .regularExpression) != nil {
                    add("96127", line, "Standardized screening instrument scored at this visit")
                }
                if line.says(["visual acuity", "vision screen", "snellen", "hotv", "lea symbols", "allen chart"]),
                   line.says(["passed"]) || l.range(of: #"20/\d+"#, options: .regularExpression) != nil {
                    add("99173", line, "Quantitative visual acuity screening at this visit")
                }
                if line.says(["hearing screen", "audiometry screen", "screening audiometry", "pure tone screen", "pure-tone screen"]),
                   line.says(["passed", "failed", "normal", "refer"]) || l.range(of: #"\d+ ?db"#, options: .regularExpression) != nil {
                    add("92551", line, "Pure-tone hearing screening at this visit")
                }
            }
            guard done, !dated, !future, !line.says(["no ", "not ", "denies", "never"]) || line.has(["negative", "not detected"]) else { continue }

            // Vaccines (each product once) and, below, their administration.
            // A titer measures immunity; it gives no vaccine.
            if line.says(["vaccin", "immuniz", "shot", "deltoid", "dose", "im "]) || Self.vaccines.contains(where: { line.says($0.cues) }),
               !line.says(["titer", "antibod", "immunity", "serolog"]) {
                for v in Self.vaccines where line.says(v.cues) && !vaccineLines.contains(where: { $0.code == v.code }) {
                    // "MMRV" is not also MMR and varicella.
                    if v.code == "90707" || v.code == "90716", vaccineLines.contains(where: { $0.code == "90710" }) { continue }
                    vaccineLines.append((line, v.code, v.components))
                }
                if line.says(["influenza", "flu vaccine", "flu shot", "fluzone", "flublok", "flucelvax", "fluad", "afluria", "fluarix", "flulaval"]) {
                    let code: String
                    if line.says(["high-dose", "high dose", "fluzone high"]) { code = "90662" }
                    else if line.says(["adjuvanted", "fluad"]) { code = "90653" }
                    else if line.says(["recombinant", "flublok"]) { code = "90673" }
                    else if line.says(["cell-based", "cell culture", "flucelvax"]) { code = "90661" }
                    else if line.says(["nasal", "flumist", "laiv"]) { code = "90660" }
                    else if line.says(["quadrivalent"]) { code = line.says(["multi-dose", "multidose"]) ? "90688" : "90686" }
                    else { code = line.says(["multi-dose", "multidose"]) ? "90658" : "90656" }
                    if !vaccineLines.contains(where: { $0.code == code }) { vaccineLines.append((line, code, code == "90660" ? 1 : 1)) }
                }
            }
            // Point-of-care tests: only with a cue that the test was run here.
            if here {
                if line.says(["a1c", "hemoglobin a1c", "hba1c", "glycated hemoglobin"]) { add("83036", line, "Point-of-care hemoglobin A1c done at this visit") }
                if line.says(["urinalysis", "dipstick", "urine dip"]) {
                    add(line.says(["microscop"]) ? "81000" : line.says(["automated"]) ? "81003" : "81002", line, "Office urinalysis done at this visit")
                }
                if line.says(["pregnancy test", "urine hcg", "urine pregnancy"]) { add("81025", line, "Urine pregnancy test done at this visit") }
                if line.says(["antigen", "rapid", "swab"]) {
                    let covid = line.says(["covid", "sars-cov-2"]), flu = line.says(["influenza", "flu "])
                    if covid && flu { add("87428", line, "COVID-19 and influenza antigen test done at this visit") }
                    else if covid { add("87811", line, "COVID-19 antigen test done at this visit") }
                    else if flu { add("87804", line, "Influenza antigen test done at this visit") }
                    if line.says(["strep"]) && line.says(["rapid", "antigen"]) { add("87880", line, "Rapid strep test done at this visit") }
                }
                if line.says(["inr", "pt/inr", "protime"]) && line.says(["point-of-care", "point of care", "fingerstick", "finger stick", "coaguchek"]) {
                    add("85610", line, "Point-of-care INR done at this visit")
                }
                if line.says(["fingerstick glucose", "finger stick glucose", "capillary glucose", "point-of-care glucose", "point of care glucose", "glucometer"]) {
                    add("82962", line, "Fingerstick glucose done at this visit")
                }
                if line.says(["venipuncture"]) || (line.says(["blood was drawn", "blood drawn", "labs were drawn", "labs drawn"]) && !line.says(["last week"])) {
                    add("36415", line, "Venipuncture at this visit")
                }
            }
            if line.says(["ppd", "tuberculin skin test", "tb skin test"]) && line.says(["placed", "planted", "administered"]) {
                add("86580", line, "Tuberculin skin test placed at this visit")
            }
            // Procedures.
            if line.says(["nebulizer", "nebulized", "neb treatment", "duoneb", "nebulizer treatment"]) && line.says(["given", "administered", "in clinic", "in the office", "received"]) {
                add("94640", line, "Nebulizer treatment given in the office")
            }
            if line.says(["spirometry", "pulmonary function", "pfts", "pft"]) {
                add(line.says(["bronchodilator", "post-albuterol", "after albuterol", "reversib"]) ? "94060" : "94010", line, "Spirometry done at this visit")
            }
            if line.says(["shave biopsy", "tangential biopsy", "(shave) biopsy", "shave excision biopsy"]) { add("11102", line, "Tangential (shave) skin biopsy") }
            if line.says(["punch biopsy"]) { add("11104", line, "Punch skin biopsy") }
            if line.says(["cryotherapy", "liquid nitrogen", "cryosurgery", "cryodestruction"]) {
                // The kind of lesion and how many, from the note.
                let count = Self.lesionCount(lines)
                if Self.says("actinic keratos", in: noteText) || Self.says("keratoses", in: noteText) && Self.says("actinic", in: noteText) {
                    if count >= 15 { add("17004", line, "Destruction of 15 or more premalignant lesions") }
                    else {
                        add("17000", line, "Destruction of a premalignant lesion (actinic keratosis)")
                        if count >= 2 { add("17003", line, "Destruction of premalignant lesions 2 to 14 (\(count - 1) units)") }
                    }
                } else if ["wart", "verruca", "molluscum", "seborrheic keratos"].contains(where: { Self.says($0, in: noteText) }) {
                    add(count >= 15 ? "17111" : "17110", line, "Destruction of benign lesions")
                }
            }
            if line.says(["cerumen", "earwax", "ear wax"]) && line.says(["removed", "removal", "disimpact", "extracted"]) {
                let instruments = line.says(["curette", "suction", "forceps", "instrument", "loop", "microscop"])
                let side = Self.laterality(l).map { $0 == .bilateral ? ["50"] : $0 == .right ? ["RT"] : ["LT"] } ?? []
                if instruments { add("69210", line, "Impacted cerumen removed with instruments", modifiers: side) }
                else if line.says(["irrigat", "lavage", "flush"]) { add("69209", line, "Cerumen removed by irrigation", modifiers: side) }
            }
            if let repair = woundRepair(line, noteText: noteText) { add(repair, line, "Laceration repaired (length and site from the note)") }
            if line.says(["incision and drainage", "i&d", "incised and drained", "was incised"]) {
                add(line.says(["complicated", "multiple", "packing"]) ? "10061" : "10060", line, "Incision and drainage of an abscess")
            }
            if line.says(["straight cath", "in-and-out cath", "in and out cath", "catheterized", "straight catheter"]) && !line.says(["cardiac", "heart", "coronary"]) {
                add("51701", line, "Straight (non-indwelling) bladder catheterization")
            } else if line.says(["foley"]) && line.says(["placed", "inserted"]) {
                add("51702", line, "Indwelling bladder catheter placed")
            }
            if line.says(["iud", "intrauterine device", "mirena", "kyleena", "paragard", "liletta"]) {
                if line.says(["inserted", "insertion", "placed", "placement"]) { add("58300", line, "IUD inserted") }
                else if line.says(["removed", "removal"]) { add("58301", line, "IUD removed") }
            }
            if line.says(["nexplanon", "etonogestrel implant", "contraceptive implant"]) && line.says(["inserted", "insertion", "placed"]) {
                add("11981", line, "Contraceptive implant inserted")
            }
            // An injection of a drug into a muscle (not a vaccine, not a joint).
            if line.says(["intramuscular", "im injection", "injection of", "shot of", " im "]) || line.says(["im"]) && line.says(["injection", "given", "administered"]) {
                let joint = Self.injections.contains { $0.site.contains(where: l.contains) } && !line.says(["gluteal", "deltoid", "thigh", "buttock"])
                if !joint && !line.says(["vaccin"]) && !Self.vaccines.contains(where: { line.says($0.cues) }) && !line.says(["influenza"]) {
                    add("96372", line, "Therapeutic intramuscular injection")
                    if let j = Self.drugCode(l) { add(j, line, "Drug given by injection") }
                }
            }
        }
        // Administration of the vaccines given: with counselling for a patient under 19 (90460 for the first component of
        // each vaccine, 90461 for each further component), else by injection (90471, then 90472 for each further vaccine).
        if !vaccineLines.isEmpty {
            for v in vaccineLines { add(v.code, v.line, "Vaccine given at this visit") }
            let first = vaccineLines[0].line
            let nasal = vaccineLines.allSatisfy { $0.code == "90660" }
            if let age, age < 19, lines.contains(where: { $0.says(["counsel", "vaccine information", "questions", "risks and benefits", "discussed"]) && $0.says(["vaccin", "immuniz"]) }) {
                add("90460", first, "Vaccine administration with counselling, under 19 (\(vaccineLines.count) vaccines)")
                if vaccineLines.contains(where: { $0.components > 1 }) {
                    add("90461", first, "Additional vaccine components with counselling (\(vaccineLines.map { $0.components - 1 }.reduce(0, +)) units)")
                }
            } else {
                add(nasal ? "90473" : "90471", first, "Vaccine administration, first")
                if vaccineLines.count > 1 { add(nasal ? "90474" : "90472", first, "Vaccine administration, each additional (\(vaccineLines.count - 1) units)") }
            }
        }
        // Tobacco cessation counselling with its minutes (3–10: 99406; over 10: 99407).
        for line in lines where line.says(["counsel", "advised", "discussed", "spent"]) && line.says(["smoking", "tobacco", "vaping", "cessation", "quit"]) {
            guard let m = line.lower.range(of: #"(\d+)[ -]minutes?"#, options: .regularExpression),
                  let minutes = Int(line.lower[m].prefix { $0.isNumber }), minutes >= 3 else { continue }
            add(minutes > 10 ? "99407" : "99406", line, "Tobacco cessation counselling, \(minutes) minutes")
        }
        return out
    }

    /// Drug HCPCS codes for the injected drugs the shipped list has.
    static func drugCode(_ lower: String) -> String? {
        if says("triamcinolone", in: lower) || says("kenalog", in: lower) { return "J3301" }
        if says("methylprednisolone", in: lower) || says("depo-medrol", in: lower) { return "J1030" }
        if says("ketorolac", in: lower) || says("toradol", in: lower) { return "J1885" }
        if says("cyanocobalamin", in: lower) || says("vitamin b12", in: lower) || says("b12 injection", in: lower) { return "J3420" }
        return nil
    }

    /// The number of lesions treated, from "4 actinic keratoses" or "(4)" after the lesions; 1 when not said.
    static func lesionCount(_ lines: [Line]) -> Int {
        let words = ["one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10]
        for line in lines where line.says(["keratos", "lesions", "warts", "verruca"]) {
            let l = line.lower
            if let r = l.range(of: #"(\d+|one|two|three|four|five|six|seven|eight|nine|ten) (actinic keratos|keratos|lesion|wart|ak)"#, options: .regularExpression) {
                let n = String(l[r].prefix { $0 != " " })
                if let v = Int(n) ?? words[n] { return v }
            }
            if let r = l.range(of: #"\((\d+)\)"#, options: .regularExpression), let v = Int(l[r].dropFirst().dropLast()) { return v }
        }
        return 1
    }

    /// Face, ears, lips and nose: the repair codes of those sites.
    static let faceSites = ["face", "forehead", "cheek", "lip", "nose", "ear", "eyebrow", "eyelid", "chin"]

    /// The repair code of a laceration closed at this visit (CPT 12001–12007 simple, trunk, limbs, scalp, hands and feet;
    /// 12011 face; 12031/12051 layered), by the length in centimetres the note gives. Nil without a closure done here, a
    /// length, or a code for that size and site in the shipped list.
    func woundRepair(_ line: Line, noteText: String) -> String? {
        guard line.says(["sutured", "sutures were placed", "repaired", "closed with", "approximated", "simple interrupted", "staples were placed"]),
              !line.has(["will ", "if ", "suture removal", "remove the sutures", "to be removed"]),
              Self.says("laceration", in: noteText) || line.says(["laceration", "wound"]) else { return nil }
        let text = line.lower + " " + noteText
        guard let r = text.range(of: #"(\d+(\.\d+)?)\s*(cm|centimeter)"#, options: .regularExpression),
              let length = Double(text[r].prefix { $0.isNumber || $0 == "." }) else { return nil }
        let face = Self.faceSites.contains { Self.says($0, in: noteText) } && !["hand", "palm", "arm", "leg", "foot", "finger", "knee", "scalp"].contains { Self.says($0, in: noteText) }
        let layered = Self.says("layered", in: text) || Self.says("intermediate repair", in: text)
        let code: String
        if layered { code = length <= 2.5 ? (face ? "12051" : "12031") : "" }
        else if face { code = length <= 2.5 ? "12011" : "" }
        else {
            code = length <= 2.5 ? "12001" : length <= 7.5 ? "12002" : length <= 12.5 ? "12004" : length <= 20 ? "12005" : length <= 30 ? "12006" : "12007"
        }
        return terminology.cpt?.lookup(code) == nil ? nil : code
    }
}
