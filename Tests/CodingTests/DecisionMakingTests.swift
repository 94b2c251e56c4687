import ClinicalText
@testable import Coding
import Terminology
import Testing

/// E/M and visit-type rules: cue matching, problem typing, data and risk.
@Suite("Coder: E/M decision making")
struct DecisionMakingTests {
    static func codes(_ note: String, visit: VisitContext = VisitContext()) -> (icd: [String], cpt: [String], result: CodingResult) {
        CoderTests.codes(note, visit: visit)
    }

    @Test func cuesMatchWholeWordsAndOrdinals() {
        #expect(Coder.says("ice", in: "apply ice twice a day"))
        #expect(!Coder.says("ice", in: "take it twice a day in the office"))
        #expect(!Coder.says("referred", in: "she preferred to avoid medications"))
        #expect(Coder.says("referral", in: "a referral from her pcp"))
        #expect(Coder.says("decompensat", in: "decompensated heart failure"))
        #expect(Coder.says("second opinion", in: Coder.spelledOrdinals("here for a 2nd opinion")))
    }

    @Test func visitTypeCuesAreWords() {
        let note = """
            HISTORY OF PRESENT ILLNESS

            Ms. Smith is a 45-year-old female. She preferred to avoid medications for her back pain.

            ASSESSMENT AND PLAN

            Low back pain.
            • Medical Treatment: Physical therapy.
            """
        #expect(Self.codes(note).result.visitType == .established)
        let second = note.replacingOccurrences(of: "She preferred to avoid medications", with: "She is here for a 2nd opinion")
        #expect(Self.codes(second).result.visitType == .new)
    }

    @Test func aCombinationWithAPrescriptionIngredientIsNotOverTheCounter() {
        #expect(Coder.isOverTheCounter("acetaminophen"))
        #expect(!Coder.isOverTheCounter("hydrocodone/acetaminophen"))
        let note = """
            ASSESSMENT AND PLAN

            Right ankle sprain.
            • Medical Treatment: I prescribed Lortab 5 mg every 6 hours as needed for pain.
            """
        let c = Self.codes(note)
        #expect(c.result.mdm.risk == .moderate, "\(c.result.mdm.rationale)")
        let tylenol = Self.codes(note.replacingOccurrences(of: "I prescribed Lortab 5 mg", with: "Take Tylenol 500 mg"))
        #expect(tylenol.result.mdm.risk == .low, "\(tylenol.result.mdm.rationale)")
    }
}
