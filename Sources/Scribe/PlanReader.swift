import Foundation

/// An order of the plan written as a note line: "Continue Bumex 2 mg once daily.", "Order a renal artery
/// ultrasound.", "Refer to nutrition.", "Follow up in 3 months.".
struct PlanOrder: Sendable, Hashable {
    /// The plan's label: "Medical Treatment", "Additional Testing", "Specialist Referrals" or "Follow-up".
    var label: String
    var text: String
    /// The words it rests on, as unicode-scalar offsets in the sentence read.
    var ranges: [Range<Int>]
}

/// Reads the orders a clinician says in the plan (drug orders with their sig, tests, referrals, follow-up) and
/// writes each as the note writes it, so that "what i want you to do is continue your bumex two milligrams once daily
/// definitely stay on top of that" becomes "Continue Bumex 2 mg once daily." An order is read only when its verb is
/// said right before what is ordered, with nothing that turns it into something else (a negation, a condition, a
/// choice) before it in its clause. Pure: text in, orders out.
struct PlanReader: Sendable {
    /// The patient's possessive as the note writes it ("his", "her", "their"), for "your" said to the patient.
    var possessive = "the"

    /// A drug said in the sentence, as the engine read it.
    struct Drug: Sendable {
        /// The drug's name as the note writes it ("Bumex", "metformin").
        var name: String
        /// Where the name was said, in UTF-16 offsets of the sentence.
        var range: Range<Int>
        /// Where its sig ends.
        var end: Int
        /// The sig as written: "2 mg once daily", "1000 mg twice a day".
        var sig: String?
    }

    /// A drug order's verb as said, and as written. Narrower than ``Scribe/orderVerbs``, which reads a whole sentence
    /// that is one order: within a longer sentence "add" and "is going to be" are too often something else, and a dose
    /// change says two doses.
    static let drugVerbs: [(written: String, pattern: CompiledPattern)] = [
        ("Continue", CompiledPattern(#"\b(?:continue|keep (?:you|him|her) on|keep taking|stay on|stick with|remain on)\b"#)!),
        ("Refill", CompiledPattern(#"\b(?:refill)\b"#)!),
        ("Prescribe", CompiledPattern(#"\b(?:prescribe|send in|call in|write (?:you|him|her) (?:a prescription|a script) for)\b"#)!),
        ("Start", CompiledPattern(#"\b(?:start|put (?:you|him|her) on|begin|initiate)\b"#)!),
    ]
    /// Words before the verb in its clause that make the order something else.
    static let notAnOrder = CompiledPattern(#"\b(?:not|n't|no|never|if|unless|whether|or|instead|maybe|might|could|consider|considering|think about|was|were|had|been|did|used to|when)\b"#)!
    /// Where a clause ends.
    static let clauseBreak = CompiledPattern(#"[.;?!]|\b(?:but|so|because|however|and then|then)\b|,\s+and\b"#)!

    /// A drug order's reason, when it ends the sentence: "for the pain", "for your blood pressure".
    static let reason = CompiledPattern(#"^ ((?:for|to help with) (?:(?:the|your|that|this|any) )?[a-z'-]+(?: [a-z'-]+)?)[ ,]*(?:(?:okay|ok|alright|as well|too)[ ,]*)*[.?!]?\s*$"#)!
    /// An instruction joined to an order: "and drink more water", "and also ice it" (nothing addressed to "you").
    static let instruction = CompiledPattern(
        #"^\s*,?\s*and (?:also )?(?<i>(?:drink|rest|ice|elevate|avoid|wear|walk|exercise|stretch|limit|apply|hydrate)\b(?:(?! (?:you|your|yourself)\b)[a-z0-9' -]){2,50}?)\s*(?=[,.?!]|\band\b|\bbut\b|\bso\b|\bokay\b|$)"#)!
    /// How long a referral runs: "for six to eight weeks".
    static let duration = #"(?: for (?:about |approximately |another )?(?<dn>\d+|one|two|three|four|five|six|seven|eight|nine|ten|twelve)(?<dto> (?:to|or) (?:\d+|two|three|four|five|six|seven|eight|nine|ten|twelve))? (?<du>days?|weeks?|months?))?"#
    static let tests = #"(?:hemoglobin a1c|a1c|lipid panel|cholesterol panel|cbc|complete blood count|cmp|bmp|basic metabolic panel|comprehensive metabolic panel|metabolic panel|tsh|thyroid panel|thyroid function tests?|urinalysis|urine culture|urine test|(?:chest )?x-rays?|xray|mri|ct scan|cat scan|ct|ultrasound|echocardiogram|echo|ekg|ecg|electrocardiogram|stress test|holter monitor|event monitor|colonoscopy|endoscopy|egd|biopsy|blood work|labs|lab work|psa|chem-12|chem 12|chem-7|chem 7|vitamin d level|iron studies|ferritin|b12 level|strep test|covid test|pulmonary function tests?|sleep study|nerve conduction studies|emg|bone density scan|dexa scan|mammogram|pap smear|hepatitis panel|kidney function|liver function tests?|microalbumin|urine microalbumin|arthrogram|angiogram|cardiac cath(?:eterization)?)"#
    static let testSite = #"(?: of (?:the |your |his |her )?(?:(?:left|right|lower|upper|lumbar|cervical|thoracic) )*(?:knee|ankle|foot|hip|shoulder|elbow|wrist|hand|finger|back|spine|lumbar spine|cervical spine|neck|chest|abdomen|pelvis|head|brain|kidneys?|heart|thyroid|leg|arm|lower extremities|legs)(?: and (?:the )?(?:pelvis|abdomen|chest))?)?"#
    static let testItem = #"(?:(?:renal artery|renal|carotid|abdominal|pelvic|transvaginal|doppler|venous|arterial|fasting|repeat|baseline|diagnostic|screening|left|right|chest|lumbar|cervical|knee|hip|shoulder|wrist|ankle|foot|hand) )*\#(tests)(?: with(?:out)? contrast)?\#(testSite)"#
    static let testOrder = CompiledPattern(
        #"\b(?:order|get|check|schedule|obtain|repeat|recheck|do|send (?:you|him|her) for|set (?:you|him|her) up for)\b (?:(?:you|him|her|up) )?(?<art>a |an |another |some |the |a repeat |a new )?(?<test>\#(testItem)(?:(?:,| and| also| as well as| plus)+ (?:a |an |the |some |another )?\#(testItem))*)\b(?<when> (?:in|after) (?:about |another )?(?:\d+|one|two|three|four|five|six|eight|twelve|a) (?:days?|weeks?|months?)| today| next (?:week|month|time)| at (?:that time|the next visit|your next visit))?"#)!
    static let testItemPattern = CompiledPattern(testItem)!
    static let specialties = #"(?:physical therapy|occupational therapy|speech therapy|cardiac rehab(?:ilitation)?|pulmonary rehab(?:ilitation)?|cardiology|cardiologist|nutrition|nutritionist|dietitian|dietician|orthopedics|orthopedic surgery|orthopedic surgeon|orthopedist|neurology|neurologist|neurosurgery|neurosurgeon|dermatology|dermatologist|gastroenterology|gastroenterologist|gi|endocrinology|endocrinologist|ent|urology|urologist|oncology|oncologist|rheumatology|rheumatologist|pulmonology|pulmonologist|nephrology|nephrologist|psychiatry|psychiatrist|psychologist|therapist|counseling|podiatry|podiatrist|general surgery|surgeon|ophthalmology|ophthalmologist|allergist|pain management|sleep medicine|hand surgeon|wound care|hematology|hematologist|infectious disease)"#
    static let referral = CompiledPattern(
        #"\b(?:refer (?:you|him|her) (?:to|for)|referral (?:to|for)|consult to|consult with|send (?:you|him|her) to|get (?:you|him|her) (?:into|in with|to see|set up with)|set (?:you|him|her) up with)\b (?:a |an |the |our |my )?(?<to>\#(specialties))\b\#(duration)"#)!
    static let followUp = CompiledPattern(
        #"\b(?:follow up|follow-up|come back|see (?:you|him|her) back|see (?:you|him|her) again|see (?:you|him|her)|return|check back)\b(?: with (?:me|us))?(?: (?:here|again))? (?:in|after) (?:about |another |a )?(?<n>\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|a|a couple(?: of)?|a few)(?<to> (?:to|or) (?:\d+|two|three|four|five|six|eight))? (?<u>days?|weeks?|months?|years?)\b"#)!
    static let numbers = ["one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7", "eight": "8", "nine": "9", "ten": "10",
                          "eleven": "11", "twelve": "12"]

    /// The orders said in `sentence` (a clinician's plan sentence, as transcribed), in the order said.
    func orders(in sentence: String, drugs: [Drug]) -> [PlanOrder] {
        let text = sentence.lowercased()
        guard text.utf16.count == text.unicodeScalars.count, text.utf16.count == sentence.utf16.count else { return [] }
        let ns = text as NSString
        let breaks = Self.clauseBreak.regex.matches(in: text, range: NSRange(location: 0, length: ns.length)).map { $0.range.location + $0.range.length }
        var out: [(at: Int, order: PlanOrder)] = []
        /// The clause before `location`: from the last break up to it.
        func lead(_ location: Int) -> String {
            let start = breaks.last { $0 <= location } ?? 0
            return ns.substring(with: NSRange(location: start, length: location - start))
        }
        func cleared(_ location: Int) -> Bool { !Self.notAnOrder.matches(lead(location)) }
        for drug in drugs {
            let before = lead(drug.range.lowerBound)
            var best: (written: String, range: Range<String.Index>)?
            for verb in Self.drugVerbs {
                if let r = verb.pattern.lastRange(in: before), best == nil || r.lowerBound > best!.range.lowerBound { best = (verb.written, r) }
            }
            guard let (verb, r) = best else { continue }
            let gap = before[r.upperBound...].split(separator: " ").map(String.init)
            let verbAt = drug.range.lowerBound - before.utf16.count + before.utf16.distance(from: before.startIndex, to: r.lowerBound)
            guard gap.count <= 5, gap.allSatisfy(Scribe.orderGapWords.contains), cleared(verbAt) else { continue }
            // The reason said right after the sig, when nothing else follows: "… for the pain , okay ."
            let rest = ns.substring(from: min(drug.end, ns.length))
            let reason = Self.reason.regex.firstMatch(in: rest, range: NSRange(location: 0, length: (rest as NSString).length)).map {
                (rest as NSString).substring(with: $0.range(at: 1))
            }
            let why = reason.map { " " + $0.split(separator: " ").map { $0 == "your" ? possessive : String($0) }.joined(separator: " ") } ?? ""
            let end = max(drug.end, drug.range.upperBound) + (reason.map { ($0 as NSString).length + 1 } ?? 0)
            out.append((verbAt, PlanOrder(label: "Medical Treatment", text: "\(verb) \(drug.name)\(drug.sig.map { " " + $0 } ?? "")\(why).",
                                          ranges: [verbAt..<min(end, ns.length)])))
            // An instruction said right after the order ("… as needed and drink more water") is its own line.
            let after = ns.substring(from: min(end, ns.length)) as NSString
            if let m = Self.instruction.regex.firstMatch(in: after as String, range: NSRange(location: 0, length: after.length)) {
                let said = after.substring(with: m.range(withName: "i")).trimmingCharacters(in: .whitespaces)
                let at = min(end, ns.length) + m.range(withName: "i").location
                out.append((at, PlanOrder(label: "Patient Education and Counseling", text: said.prefix(1).uppercased() + said.dropFirst() + ".",
                                          ranges: [at..<(at + m.range(withName: "i").length)])))
            }
        }
        let whole = NSRange(location: 0, length: ns.length)
        for m in Self.testOrder.regex.matches(in: text, range: whole) where cleared(m.range.location) {
            let list = ns.substring(with: m.range(withName: "test")) as NSString
            let tests = Self.testItemPattern.regex.matches(in: list as String, range: NSRange(location: 0, length: list.length)).map {
                Self.writtenTest(list.substring(with: $0.range).replacingOccurrences(of: " your ", with: " the ").replacingOccurrences(of: " his ", with: " the ")
                    .replacingOccurrences(of: " her ", with: " the "))
            }
            guard let first = tests.first else { continue }
            let said = m.range(withName: "art").location == NSNotFound ? "" : ns.substring(with: m.range(withName: "art"))
            let article = ["a ", "an ", "another ", "a repeat "].contains(said) ? said : ""
            let when = m.range(withName: "when").location == NSNotFound ? "" : Self.writtenCount(ns.substring(with: m.range(withName: "when")))
            let written = Self.article(article, before: first) + tests.listed(with: "and")
            out.append((m.range.location, PlanOrder(label: "Additional Testing", text: "Order \(written)\(when).",
                                                    ranges: [m.range.location..<(m.range.location + m.range.length)])))
        }
        for m in Self.referral.regex.matches(in: text, range: whole) where cleared(m.range.location) {
            let to = ns.substring(with: m.range(withName: "to"))
            func group(_ name: String) -> String? {
                let r = m.range(withName: name)
                return r.location == NSNotFound ? nil : ns.substring(with: r)
            }
            let runs = group("dn").map { n in " for " + Self.count(n, to: group("dto")) + " " + group("du")! } ?? ""
            // A person is referred to as "a urologist"; a service as "physical therapy".
            let person = ["ist", "surgeon", "therapist", "ian", "doctor"].contains { to.hasSuffix($0) }
            let whom = to == "gi" || to == "ent" ? to.uppercased() : person ? Self.article("a ", before: to) + to : to
            out.append((m.range.location, PlanOrder(label: "Specialist Referrals", text: "Refer to \(whom)\(runs).",
                                                    ranges: [m.range.location..<(m.range.location + m.range.length)])))
        }
        for m in Self.followUp.regex.matches(in: text, range: whole) where cleared(m.range.location) {
            func group(_ name: String) -> String? {
                let r = m.range(withName: name)
                return r.location == NSNotFound ? nil : ns.substring(with: r)
            }
            out.append((m.range.location, PlanOrder(label: "Follow-up", text: "Follow up in \(Self.count(group("n")!, to: group("to"))) \(group("u")!).",
                                                    ranges: [m.range.location..<(m.range.location + m.range.length)])))
        }
        for k in out.indices { out[k].order.text = out[k].order.text.replacingOccurrences(of: " ,", with: ",") }
        var seen = Set<String>()
        // The same order said twice ("a ct scan … the cat scan", "in a year … in one year") is written once.
        let key = { (o: PlanOrder) in
            o.text.replacingOccurrences(of: " in a ", with: " in 1 ").split(separator: " ").filter { !["a", "an", "the", "another"].contains($0) }.joined(separator: " ")
        }
        return out.sorted { $0.at < $1.at }.map(\.order).filter { seen.insert(key($0)).inserted }
    }

    /// Number words of a phrase in digits: " in three months" → " in 3 months".
    static func writtenCount(_ said: String) -> String {
        said.split(separator: " ", omittingEmptySubsequences: false).map { numbers[String($0)] ?? String($0) }.joined(separator: " ")
    }

    /// A count as notes write it: "three" → "3", "six" and " to eight" → "6 to 8".
    static func count(_ n: String, to: String?) -> String {
        let first = numbers[n] ?? n
        guard let to else { return first }
        return first + " " + to.replacingOccurrences(of: " or ", with: " to ").split(separator: " ").map { numbers[String($0)] ?? String($0) }.joined(separator: " ")
    }

    /// A test as the note writes it: its acronyms in capitals ("mri of the lumbar spine" → "MRI of the lumbar spine").
    static func writtenTest(_ said: String) -> String {
        let acronyms: Set<String> = ["mri", "ct", "cbc", "cmp", "bmp", "tsh", "ekg", "ecg", "egd", "psa", "emg", "dexa", "b12"]
        return said.split(separator: " ").map { w in
            acronyms.contains(String(w)) ? w.uppercased() : w == "a1c" ? "A1c" : w == "x-ray" || w == "xray" ? "x-ray" : String(w)
        }.joined(separator: " ").replacingOccurrences(of: "cat scan", with: "CT scan")
    }

    /// The article said, fitted to the written test ("a MRI" → "an MRI").
    static func article(_ said: String, before test: String) -> String {
        guard said == "a " || said == "an " else { return said }
        let vowelSound = (test.first.map { "aeiouAEIOU".contains($0) } == true && !["uro", "uni", "use"].contains { test.hasPrefix($0) })
            || ["MRI", "EKG", "ECG", "EGD", "x-ray", "MR"].contains { test.hasPrefix($0) }
        return vowelSound ? "an " : "a "
    }
}
