import ClinicalText
import Evidence
import Foundation
import Terminology

extension Scribe {
    /// What the clinician does with a drug, as the note's order says it.
    struct OrderVerb {
        var written: String
        var pattern: CompiledPattern
        /// The dose said is the new dose ("Increase lisinopril to 20 mg").
        var changesDose = false
    }

    /// The verbs of a drug order, each as the note writes it. The verb said nearest before the drug decides.
    static let orderVerbs: [OrderVerb] = [
        OrderVerb(written: "Continue", pattern: CompiledPattern(#"\b(continue|keep (you|him|her) on|keep taking|stay on|stick with|remain on)\b"#)!),
        OrderVerb(written: "Increase", pattern: CompiledPattern(#"\b(increase|bump up|go up on)\b"#)!, changesDose: true),
        OrderVerb(written: "Decrease", pattern: CompiledPattern(#"\b(decrease|reduce|lower|cut back on|cut down on)\b"#)!, changesDose: true),
        OrderVerb(written: "Refill", pattern: CompiledPattern(#"\b(refill|refills)\b"#)!),
        OrderVerb(written: "Prescribe", pattern: CompiledPattern(#"\b(prescribe|send in|call in|write (you|him|her) a prescription for|write for)\b"#)!),
        OrderVerb(written: "Start", pattern: CompiledPattern(#"\b(start|put (you|him|her) on|add|begin|initiate)\b"#)!),
        // "It is going to be Mobic 15 mg once a day", "the medication I'm going to give you is going to be meloxicam".
        OrderVerb(written: "Prescribe", pattern: CompiledPattern(#"\b(is|are|'s) (going to|gon na) be\s*$"#)!),
    ]

    /// Words that make an order something else: negated, conditional, a choice, a switch between drugs, a stop, or a
    /// dose said twice ("from 10 mg to 20 mg").
    static let notAnOrderPattern = CompiledPattern(
        #"\b(not|n't|no|never|if|unless|when|whether|or|switch|instead|from|maybe|might|could|consider|considering|think about|stop|hold|off|until)\b"#)!
    /// A problem said before the order ("for your high blood pressure , …").
    static let problemLeadPattern = CompiledPattern(#"^((so|and|okay|now|alright|um|uh) (, )?)*(for|as for|as far as|in terms of) [^,.?]{1,40}, "#)!
    /// Words that may stand between the verb and the drug ("put him on the", "continue to take his", "prescribe you some").
    static let orderGapWords: Set<String> = ["the", "his", "her", "your", "him", "you", "them", "on", "with", "to", "take", "taking", "use", "using",
                                             "that", "this", "some", "a", "an", "of", "also", "again", "just", "dose", "prescription", "for", "go", "ahead",
                                             "and", ",", "uh", "um", "current"]

    /// A drug order said in the plan, written as a note writes it: "i'm going to prescribe you some meloxicam , fifteen
    /// milligrams once a day for your pain , okay ?" → "Prescribe meloxicam 15 mg once a day for his pain." The verb is
    /// read from what was said and the sig is the rewritten sentence's own words after the drug. Nil unless the
    /// sentence is one plain order of one drug and nothing else (no negation, condition, second clause or second dose),
    /// so nothing said is lost or turned around.
    func medicationOrder(_ u: Unit, patient: PatientContext, written: String?) -> String? {
        let drugs = Set(u.medications.map(\.concept.id))
        guard drugs.count == 1, let med = u.medications.first, !u.isQuestion, let written else { return nil }
        let lower = Self.problemLeadPattern.replacing(in: u.lower, with: "")
        guard let drugRange = lower.range(of: med.span.text.lowercased()) else { return nil }
        let before = String(lower[..<drugRange.lowerBound])
        guard !Self.notAnOrderPattern.matches(lower) else { return nil }
        // The verb nearest the drug, with only a short lead before it ("i'm going to go ahead and") and only articles,
        // pronouns and "to take" between it and the drug.
        var best: (verb: OrderVerb, range: Range<String.Index>)?
        for verb in Self.orderVerbs {
            guard let r = verb.pattern.lastRange(in: before) else { continue }
            if best == nil || r.lowerBound > best!.range.lowerBound { best = (verb, r) }
        }
        guard let (verb, verbRange) = best else { return nil }
        let lead = before[..<verbRange.lowerBound].split(separator: " ").filter { $0.first?.isLetter == true }
        let gap = before[verbRange.upperBound...].split(separator: " ").map(String.init)
        guard lead.count <= 8, gap.count <= 5, gap.allSatisfy(Self.orderGapWords.contains) else { return nil }
        let doses = Self.doseUnitPattern.count(in: lower)
        guard doses <= 1, !verb.changesDose || doses == 1 else { return nil }
        // After the drug and its sig only a reason may follow ("for your pain", "to help with the swelling").
        guard let sigRange = lower.range(of: med.fullSpan.text.lowercased(), range: drugRange.lowerBound..<lower.endIndex) else { return nil }
        var rest = String(lower[sigRange.upperBound...])
        if let duration = med.duration, let r = rest.range(of: duration.span.text.lowercased()) { rest.removeSubrange(r) }
        rest = Self.orderReasonPattern.replacing(in: Self.orderTailPattern.replacing(in: rest, with: ""), with: "")
        guard rest.trimmingCharacters(in: CharacterSet(charactersIn: " ,.!")).isEmpty else { return nil }
        // The sig as the rewriter wrote it (digits, units, the patient's pronouns), after the drug's name.
        guard let name = written.range(of: med.span.text, options: [.caseInsensitive, .backwards]) else { return nil }
        var tail = String(written[name.upperBound...])
        tail = Self.writtenTailPattern.replacing(in: tail, with: "")
        return verb.written + " " + Self.drugName(med) + tail + "."
    }

    /// The drugs of a sentence as the plan reader takes them: the name as written, where it was said in the sentence,
    /// and its sig as said right after it, written as notes write it ("two milligrams once daily" → "2 mg once daily").
    /// A drug said outside the sentence's own words is left out.
    static func drugs(of u: Unit) -> [PlanReader.Drug] {
        let scalars = Array(u.text.unicodeScalars)
        return u.medications.compactMap { m in
            let start = m.span.range.lowerBound - u.range.lowerBound, nameEnd = m.span.range.upperBound - u.range.lowerBound
            guard start >= 0, nameEnd <= scalars.count else { return nil }
            // The words of the sig: numbers, units and frequency words, as far as they go.
            let after = String(String.UnicodeScalarView(scalars[nameEnd...]))
            var sig: [String] = []
            var length = 0
            let said = Array(after.split(separator: " ", omittingEmptySubsequences: false).dropFirst())
            for (k, word) in said.enumerated() {
                let w = word.lowercased()
                // A comma or a filler said in the sig ("lasix , you know , 20 milligrams a day") is passed over.
                let youKnow = (w == "you" && k + 1 < said.count && said[k + 1] == "know") || (w == "know" && k > 0 && said[k - 1] == "you")
                if w == "," || w.isEmpty || Rewriter.fillers.contains(w) || youKnow { length += word.unicodeScalars.count + 1; continue }
                let number = Double(w) != nil || KeyFacts.spokenNumber([w], at: 0) != nil || w.hasSuffix("mg")
                guard number || sigWords.contains(w) || (w == "pain" && sig.last == "for" && sig.dropLast().last == "needed") else { break }
                if w == "for", sig.last != "needed" { break }
                sig.append(w)
                length += word.unicodeScalars.count + 1
            }
            // A sig does not end on a word that needs another.
            while let last = sig.last, ["a", "the", "to", "or", "with", "as", "in", "at", "by", "for", "every", "per", "and"].contains(last) {
                length -= last.unicodeScalars.count + 1
                sig.removeLast()
            }
            let written = Rewriter.spokenQuantities(sig).joined(separator: " ")
            return PlanReader.Drug(name: drugName(m), range: start..<nameEnd, end: nameEnd + length, sig: written.isEmpty ? nil : written)
        }
    }

    /// Words a spoken sig is made of, besides its numbers.
    static let sigWords: Set<String> = [
        "mg", "milligrams", "milligram", "mcg", "micrograms", "units", "unit", "ml", "milliliters", "tablet", "tablets", "pill", "pills", "puff", "puffs",
        "capsule", "capsules", "drops", "once", "twice", "times", "a", "per", "day", "daily", "every", "hours", "hour", "as", "needed", "at", "night",
        "nightly", "bedtime", "in", "the", "morning", "evening", "with", "meals", "food", "by", "mouth", "orally", "weekly", "week", "bid", "tid", "qid",
        "prn", "po", "to", "or", "for", "days", "weeks", "and", "half", "thousand", "hundred",
    ]

    /// The drug as said: a brand keeps its capitals as the lexicon writes it ("Mobic"), a generic stays in lower case.
    static func drugName(_ med: MedicationMention) -> String {
        let said = med.span.text.lowercased()
        return med.concept.terms.first { $0.lowercased() == said } ?? said
    }

    /// Units of a stated dose, to count the doses a sentence says (in digits or words).
    static let doseUnitPattern = CompiledPattern(#"\b(mg|mcg|milligrams?|micrograms?|units|puffs?|tablets?|ml|grams?)\b"#)!
    /// Words a spoken order ends on that add nothing: tags and fillers.
    static let orderTailPattern = CompiledPattern(#"(,? ?(okay|ok|alright|all right|right|as well|too|also|then|now|today|for now|for you|,|\.|\?|!) ?)+$"#)!
    static let orderReasonPattern = CompiledPattern(#"^ ?,? ?(for|to help with|to treat|to help) ((your|his|her|the|that|any|this) )?[a-z'-]+( [a-z'-]+)?$"#)!
    /// What ends the written sentence after the sig: its period and a spoken tag.
    static let writtenTailPattern = CompiledPattern(#"(,? (okay|as well|too|also|then|now|today|for now))*[.!]?$"#)!
}
