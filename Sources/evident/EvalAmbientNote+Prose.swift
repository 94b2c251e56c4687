import ClinicalText
import Scribe

/// The prose of the drafts: flaws ``ProseCheck`` finds in the sentences kept (the scribe's guardrail should leave
/// none), the sentences the scribe drafted and left out for a flaw, by kind, and signs of speech the check does
/// not treat as flaws: very long sentences (run-ons a recogniser did not punctuate), history sentences still in
/// the first person, and a word said twice in a row.
struct ProseCounts {
    let check = ProseCheck()
    var sentences = 0
    var long = 0
    var firstPerson = 0
    var repeated = 0
    /// Kept sentences with a flaw.
    var flawed = 0
    var flawedByKind: [ProseProblem.Kind: Int] = [:]
    /// Sentences drafted, then left out for a flaw.
    var rejected = 0
    var rejectedByKind: [ProseProblem.Kind: Int] = [:]

    mutating func add(_ note: DraftNote) {
        for section in note.sections {
            for s in section.sentences where !s.isHeading {
                sentences += 1
                let words = s.text.lowercased().split { !($0.isLetter || $0.isNumber || $0 == "'") }.map(String.init)
                if words.count > 40 { long += 1 }
                if section.kind == .historyOfPresentIllness && !Set(words).isDisjoint(with: ["i", "my", "me", "i'm", "i've"]) { firstPerson += 1 }
                if zip(words, words.dropFirst()).contains(where: { $0 == $1 && $0.count > 1 }) { repeated += 1 }
                if !s.definitions.isEmpty { continue }
                let flaws = Set(check.problems(in: s.text, section: section.kind).map(\.kind))
                if !flaws.isEmpty { flawed += 1 }
                for k in flaws { flawedByKind[k, default: 0] += 1 }
            }
        }
        rejected += note.rejected.count
        for r in note.rejected { for k in Set(r.problems.map(\.kind)) { rejectedByKind[k, default: 0] += 1 } }
    }

    static func byKind(_ counts: [ProseProblem.Kind: Int]) -> String {
        counts.isEmpty ? "" : " (" + counts.sorted { $0.key < $1.key }.map { "\($0.key.name) \($0.value)" }.joined(separator: ", ") + ")"
    }

    var report: String {
        "prose: of \(sentences) sentences kept, \(flawed) with a flaw\(Self.byKind(flawedByKind)); \(rejected) drafted sentences left out for a flaw\(Self.byKind(rejectedByKind))\n"
            + "prose: \(long) sentences over 40 words, \(firstPerson) in the history still in the first person, \(repeated) with a word said twice"
    }
}
