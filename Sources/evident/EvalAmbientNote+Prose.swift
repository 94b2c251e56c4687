import ClinicalText
import Scribe

/// Signs of speech left in a draft's prose, counted over the sentences kept: very long sentences (run-ons a
/// recogniser did not punctuate), history sentences still in the first person, and a word said twice in a row.
struct ProseCounts {
    var sentences = 0
    var long = 0
    var firstPerson = 0
    var repeated = 0

    mutating func add(_ note: DraftNote) {
        for section in note.sections {
            for s in section.sentences where !s.isHeading {
                sentences += 1
                let words = s.text.lowercased().split { !($0.isLetter || $0.isNumber || $0 == "'") }.map(String.init)
                if words.count > 40 { long += 1 }
                if section.kind == .historyOfPresentIllness && !Set(words).isDisjoint(with: ["i", "my", "me", "i'm", "i've"]) { firstPerson += 1 }
                if zip(words, words.dropFirst()).contains(where: { $0 == $1 && $0.count > 1 }) { repeated += 1 }
            }
        }
    }

    var report: String {
        "prose: of \(sentences) sentences, \(long) over 40 words, \(firstPerson) in the history still in the first person, \(repeated) with a word said twice"
    }
}
