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

    @Test func injuriesReadTheirCategoryTitlesAndInclusionTerms() {
        func injury(_ heading: String, plan: String = "• Medical Treatment: Brace and ibuprofen.") -> [String] {
            CoderTests.codes("ASSESSMENT AND PLAN\n\n1. \(heading)\n\(plan)\n").icd
        }
        // S93.49 includes "Sprain of talofibular ligament"; the ATFL is that ligament.
        #expect(injury("Right ankle sprain, anterior talofibular ligament.") == ["S93.491A"])
        #expect(injury("Left ankle sprain of the ATFL.") == ["S93.492A"])
        // A buckle fracture is a torus fracture; a Colles' fracture is one of the lower end of the radius (S52.5).
        #expect(injury("Left distal radius buckle fracture.") == ["S52.522A"])
        #expect(injury("Colles fracture of the right distal radius.") == ["S52.531A"])
        // A ligament is sprained, even when said to be strained.
        #expect(injury("Right knee MCL strain.") == ["S83.411A"])
        // Healing after its treatment: the subsequent encounter (7th character D).
        #expect(injury("Colles fracture of the right distal radius, status post open reduction and internal fixation, healing as expected.",
                       plan: "• Medical Reasoning: He is 5 weeks out from surgery and the fracture is healing in good alignment.") == ["S52.531D"])
    }

    @Test func specificityDefaultsAndTheSitesOfTheCodeItself() {
        // Osteoarthritis is primary unless said otherwise; a palm laceration is of the hand, not of its palmar arch.
        #expect(CoderTests.codes("ASSESSMENT AND PLAN\n\n1. Bilateral knee osteoarthritis.\n• Medical Treatment: Tylenol.\n").icd == ["M17.0"])
        #expect(CoderTests.codes("ASSESSMENT AND PLAN\n\n1. Laceration of the left palm, simple repair.\n• Medical Treatment: Wound care.\n").icd == ["S61.412A"])
        // No hypoglycemia said as absent; an unspecified symptom beside a named one of its category goes.
        let dm = CoderTests.codes("ASSESSMENT AND PLAN\n\n1. Type 2 diabetes.\n• Medical Reasoning: No hypoglycemia.\n• Medical Treatment: Continue metformin.\n").icd
        #expect(!dm.contains("E11.649"), "\(dm)")
        let bph = CoderTests.codes("ASSESSMENT AND PLAN\n\n• Benign prostatic hyperplasia with lower urinary tract symptoms, worsening nocturia and incomplete emptying.\n").icd
        #expect(bph.contains("N40.1") && bph.contains("R39.14") && !bph.contains("R39.9"), "\(bph)")
    }

    @Test func aFullThicknessTearIsComplete() {
        let c = CoderTests.codes("ASSESSMENT AND PLAN\n\n1. Left shoulder full-thickness rotator cuff tear.\n• Medical Treatment: Referral to orthopedics.\n").icd
        #expect(c == ["M75.122"], "\(c)")
    }

    @Test func theSpecificFormOfAComplicationSaid() {
        // Diabetic peripheral neuropathy is a polyneuropathy (E11.42), plain "neuropathy" is unspecified (E11.40).
        let poly = CoderTests.codes("ASSESSMENT AND PLAN\n\n1. Type 2 diabetes with diabetic peripheral neuropathy.\n• Medical Treatment: Continue gabapentin.\n").icd
        #expect(poly.contains("E11.42") && !poly.contains("E11.40"), "\(poly)")
        let plain = CoderTests.codes("ASSESSMENT AND PLAN\n\n1. Type 2 diabetes with neuropathy.\n• Medical Treatment: Continue gabapentin.\n").icd
        #expect(plain.contains("E11.40"), "\(plain)")
        // "Acute on chronic" of a chronic condition.
        let hf = CoderTests.codes("ASSESSMENT AND PLAN\n\n1. Acute on chronic diastolic heart failure.\n• Medical Treatment: Increase furosemide to 40 mg daily.\n").icd
        #expect(hf.contains("I50.33"), "\(hf)")
    }

    @Test func anAnalgesicsAspirinIsNoAntiplateletTherapy() {
        let excedrin = CoderTests.codes("ASSESSMENT AND PLAN\n\n1. Migraine.\n• Medical Treatment: Continue Excedrin as needed for headaches.\n").icd
        #expect(!excedrin.contains("Z79.82"), "\(excedrin)")
        let aspirin = CoderTests.codes("ASSESSMENT AND PLAN\n\n1. Coronary artery disease.\n• Medical Treatment: Continue aspirin 81 mg daily.\n").icd
        #expect(aspirin.contains("Z79.82"), "\(aspirin)")
    }

    @Test func aDiscDisorderWithItsRadiculopathyIsOneCodeOfTheLevelsRegion() {
        #expect(Coder.spinalRegion("l5-s1") == "lumbosacral")
        #expect(Coder.spinalRegion("c5-c6") == "cervical")
        let c = CoderTests.codes("""
            ASSESSMENT AND PLAN

            1. Lumbosacral radiculopathy due to L5-S1 disc herniation, left.
            • Medical Treatment: Methylprednisolone dose pack and physical therapy.
            """).icd
        // M51.17 "with radiculopathy, lumbosacral region"; the radiculopathy (Excludes1 beside it) goes.
        #expect(c == ["M51.17"], "\(c)")
        // A junction level beside levels within one region does not make the region ambiguous.
        #expect(CoderTests.coder.spinalCodes(for: "M47.819", text: "spondylosis at c5-6 and c7-t1") == ["M47.812"])
    }

    @Test func aBariatricStatusAffectsADeficiencyAndAGastricBypassIsNoCABG() {
        let c = CoderTests.codes("""
            PAST SURGICAL HISTORY

            Gastric bypass surgery in 2015.

            ASSESSMENT AND PLAN

            1. Vitamin B12 deficiency.
            • Medical Reasoning: Due to malabsorption after her bypass.
            • Medical Treatment: Cyanocobalamin 1000 mcg monthly.
            """).icd
        #expect(c.contains("Z98.84") && !c.contains("Z95.1"), "\(c)")
    }

    @Test func theSideSearchNeverAddsAConditionNotSaid() {
        // "Calculus of kidney" has no sided code: it never becomes "… with calculus of ureter".
        #expect(CoderTests.coder.refine("N20.0", side: .right, words: ["kidney", "stone", "right"]) == "N20.0")
        // A side is found among relatives that say only what the note says.
        #expect(CoderTests.coder.refine("M25.50", side: .left, words: ["pain", "left", "knee"]) == "M25.562")
        // Gout of the great toe is idiopathic gout of the ankle and foot, the default the code set does not ask to be said;
        // "his second flare" is no secondary gout.
        #expect(CoderTests.coder.refine("M10.9", side: .right, words: ["gout", "flare", "right", "great", "toe", "first", "mtp", "joint", "second"]) == "M10.071")
    }

    @Test func theTypeStatedElsewhereInTheNoteForTheSameCondition() {
        let note = """
            HISTORY OF PRESENT ILLNESS

            She is followed for chronic congestive heart failure with diastolic dysfunction. Her right knee has been sore.

            ASSESSMENT AND PLAN

            Congestive heart failure.
            • Medical Treatment: Continue Lasix 40 mg daily.
            """
        let c = CoderTests.codes(note)
        #expect(c.icd.contains("I50.32") && !c.icd.contains("I50.9"), "\(c.icd)")
        // Words far from the mention ("right" in the next sentence) or not said give nothing more specific.
        let plain = CoderTests.codes(note.replacingOccurrences(of: " with diastolic dysfunction", with: ""))
        #expect(plain.icd.contains("I50.9"), "\(plain.icd)")
        // A negated mention elsewhere is no evidence.
        let negated = CoderTests.codes(note.replacingOccurrences(of: "She is followed for chronic congestive heart failure with diastolic dysfunction.",
                                                                 with: "There is no diastolic heart failure."))
        #expect(negated.icd.contains("I50.9"), "\(negated.icd)")
    }

    @Test func theFootUlcersSiteFromTheExam() {
        let note = """
            PHYSICAL EXAM

            Examination of the right foot: the necrotic wound on his heel is present.

            ASSESSMENT AND PLAN

            Right diabetic foot ulcer.
            • Medical Treatment: Debridement today.
            """
        let c = CoderTests.codes(note)
        #expect(c.icd.contains("E11.621") && c.icd.contains("L97.419"), "\(c.icd)")
        let noSite = CoderTests.codes(note.replacingOccurrences(of: " on his heel", with: ""))
        #expect(noSite.icd.contains("L97.519"), "\(noSite.icd)")
    }

    @Test func anInjuryCodeNamingTheBoneAndPatternSaidBeatsTheUnspecifiedOne() {
        let note = """
            IMPRESSION

            Closed nondisplaced fracture at the base of the right fifth metatarsal.

            PLAN

            We will transition her to a CAM walking boot.
            """
        let c = CoderTests.codes(note)
        #expect(c.icd.contains("S92.354A"), "\(c.icd)")
    }

    @Test func lowBackPainWithSciaticaIsLumbagoWithSciaticaAndToeGoutIsOfTheFoot() {
        let c = CoderTests.codes("""
            ASSESSMENT AND PLAN

            1. Low back pain with left-sided sciatica.
            • Medical Treatment: Physical therapy and naproxen 500 mg twice a day.

            2. Acute gout flare, right great toe.
            • Medical Treatment: Prednisone 40 mg daily for 5 days.
            """).icd
        #expect(c.contains("M54.42") && !c.contains("M54.32") && !c.contains("M54.59") && !c.contains("M54.50"), "\(c)")
        #expect(c.contains("M10.071"), "\(c)")
        // A steroid burst is no long-term therapy.
        #expect(!c.contains("Z79.52"), "\(c)")
    }

    @Test func bilateralEarCodesDoNotRepeatTheOrgan() {
        let note = """
            ASSESSMENT AND PLAN

            1. Bilateral sensorineural hearing loss, symmetric.
            • Specialist Referrals: Refer to audiology for hearing aid evaluation.

            2. Bilateral tinnitus.
            • Patient Education and Counseling: Hearing aids often reduce tinnitus.
            """
        let c = CoderTests.codes(note)
        #expect(c.icd.contains("H90.3") && c.icd.contains("H93.13"), "\(c.icd)")
        #expect(!c.icd.contains("H93.11") && !c.icd.contains("H93.12"), "\(c.icd)")
    }
}
