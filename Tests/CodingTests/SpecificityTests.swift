import ClinicalText
@testable import Coding
import Terminology
import Testing

/// Specificity rules: spinal region and level, the side search.
@Suite("Coder: specificity")
struct SpecificityTests {
    @Test func spinalLevelsAreReadInTheCodeSetsForm() {
        #expect(Coder.spinalLevels("disc degeneration at c5-6 and to a lesser extent c4-5 and l4/l5") == ["c5-c6", "c4-c5", "l4-l5"])
    }

    @Test func discDegenerationTakesTheRegionAndLevelsSaid() {
        let note = """
            ASSESSMENT

            • Neck pain with cervical disc degeneration.
            Impression: Significant disc degeneration at C5-6 and to a lesser extent C4-5 and C3-4. Significant facet arthropathy.
            """
        let c = CoderTests.codes(note)
        // Cervical levels: the cervical disc codes by level (C3-C4 is "high cervical"), not the lumbar default.
        #expect(Set(c.icd).isSuperset(of: ["M50.322", "M50.321", "M50.31"]), "\(c.icd)")
        #expect(!c.icd.contains { $0.hasPrefix("M51") }, "\(c.icd)")
        // Cervicalgia is excluded beside a cervical disc disorder (Excludes1 M50.-): the sign gives way.
        #expect(!c.icd.contains("M54.2") && c.icd.contains("M47.812"), "\(c.icd)")
        // No level or region said: the code stays as the lexicon gives it.
        let plain = CoderTests.codes("ASSESSMENT AND PLAN\n\nDegenerative disc disease.\n• Medical Treatment: Physical therapy.\n")
        #expect(!plain.icd.contains { $0.hasPrefix("M50") }, "\(plain.icd)")
    }

    @Test func theSideSearchNeverAddsAConditionNotSaid() {
        // "Calculus of kidney" has no sided code: it never becomes "… with calculus of ureter".
        #expect(CoderTests.coder.refine("N20.0", side: .right, words: ["kidney", "stone", "right"]) == "N20.0")
        // A side is found among relatives that say only what the note says.
        #expect(CoderTests.coder.refine("M25.50", side: .left, words: ["pain", "left", "knee"]) == "M25.562")
    }
}
