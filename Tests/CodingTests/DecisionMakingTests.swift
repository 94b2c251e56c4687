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

    @Test func everyCodeOfAProblemIsTyped() {
        let note = """
            ASSESSMENT AND PLAN

            Chest pain and hypertension.
            • Medical Reasoning: His chest pain has resolved. His blood pressure is elevated at 170/95 today.
            • Medical Treatment: Increase lisinopril to 20 mg daily.
            """
        let c = Self.codes(note)
        // The hypertension not at goal counts, although the chest pain is the problem's first code.
        #expect(c.result.mdm.problems == .moderate, "\(c.result.mdm.rationale)")
    }

    @Test func anUndiagnosedNewProblemBeingWorkedUp() {
        let note = """
            ASSESSMENT AND PLAN

            Right knee pain.
            • Medical Reasoning: I am concerned about a torn meniscus given the pop she heard.
            • Additional Testing: I will order an MRI of the right knee.
            """
        let c = Self.codes(note)
        #expect(c.result.mdm.problems == .moderate, "\(c.result.mdm.rationale)")
        // Pain with a plain cause and no work-up is an acute uncomplicated problem.
        let plain = Self.codes("""
            ASSESSMENT AND PLAN

            Right knee pain.
            • Medical Reasoning: She has mild tenderness after gardening.
            • Medical Treatment: Rest and ice.
            """)
        #expect(plain.result.mdm.problems == .low, "\(plain.result.mdm.rationale)")
    }

    @Test func aNewMalignancyWithSurgeryDecidedIsAThreatToLife() {
        let note = """
            ASSESSMENT AND PLAN

            Ovarian cancer.
            • Medical Reasoning: The CT shows a left ovarian mass with lymph node involvement.
            • Medical Treatment: I recommend we perform a hysterectomy and oophorectomy with a lymph node dissection.
            """
        let c = Self.codes(note)
        #expect(c.result.mdm.problems == .high && c.result.mdm.risk == .high, "\(c.result.mdm.rationale)")
        // A malignancy under chemotherapy now: chronic illness with side effects of treatment, not a threat to life.
        let treated = Self.codes("""
            ASSESSMENT AND PLAN

            Lung cancer.
            • Medical Treatment: We will continue her current chemotherapy with cisplatin and etoposide.
            """)
        #expect(treated.result.mdm.problems == .moderate, "\(treated.result.mdm.rationale)")
    }

    @Test func dataCountsUniqueTestsFromTheTerminologyAndAnIndependentInterpretation() {
        let note = """
            RESULTS

            Labs reviewed: CBC and coagulation studies are normal. TSH is low.

            Independent review and interpretation of MRI brain: a pituitary lesion.

            ASSESSMENT AND PLAN

            Pituitary adenoma.
            • Additional Testing: I will order a visual field test.
            """
        let c = Self.codes(note)
        // Three tests reviewed (category 1) and an independent interpretation (category 2): extensive.
        #expect(c.result.mdm.data == .high, "\(c.result.mdm.rationale)")
        let ordered = Self.codes("""
            ASSESSMENT AND PLAN

            Type 2 diabetes.
            • Medical Treatment: Continue metformin. Order for hemoglobin A1c, CBC, and CMP provided today.
            """)
        #expect(ordered.result.mdm.data == .moderate, "\(ordered.result.mdm.rationale)")
        // "We will monitor" is not a test.
        let monitor = Self.codes("ASSESSMENT AND PLAN\n\nHypertension.\n• We will monitor her blood pressure at home and recheck in 3 months.\n")
        #expect(monitor.result.mdm.data == .straightforward, "\(monitor.result.mdm.rationale)")
    }

    @Test func aYoungChildsParentIsAnIndependentHistorian() {
        let note = """
            HISTORY OF PRESENT ILLNESS

            Katie is a 22-month-old female. Her mother notes that she is drinking well.

            ASSESSMENT AND PLAN

            Otitis media.
            • Medical Treatment: Amoxicillin.
            """
        let c = Self.codes(note)
        #expect(c.result.mdm.dataWhy.contains("independent historian"), "\(c.result.mdm.rationale)")
        let adult = Self.codes(note.replacingOccurrences(of: "22-month-old", with: "42-year-old"))
        #expect(!adult.result.mdm.dataWhy.contains("independent historian"), "\(adult.result.mdm.rationale)")
    }

    @Test func aJointInjectionIsAMinorProcedureAndItsDrugsAreNotPrescriptionManagement() {
        let note = """
            HISTORY OF PRESENT ILLNESS

            Dana is a 52-year-old female seen today as a new patient for right knee pain.

            ASSESSMENT AND PLAN

            1. Primary osteoarthritis, right knee.
            • Procedure: We discussed the risks of a corticosteroid injection, and she gave verbal consent. The right knee was prepped with chlorhexidine and injected with 40 mg triamcinolone acetonide and 4 mL of 1% lidocaine.
            • Medical Treatment: She can continue naproxen over the counter as needed.
            """
        let c = Self.codes(note)
        #expect(c.result.mdm.risk == .low, "\(c.result.mdm.rationale)")
        #expect(c.cpt.contains("99203-25") && c.cpt.contains("20610-RT"), "\(c.cpt)")
    }

    @Test func surgerySaidNotToBeNeededAndAHypotheticalDrugCarryNoRisk() {
        let note = """
            ASSESSMENT AND PLAN

            Acute cough with fever.
            • Medical Reasoning: If her repeat test is positive, she would not be a candidate for Paxlovid because of her age.
            • Medical Treatment: Supportive care with acetaminophen, fluids, and rest. Zone 1 fractures usually heal well without surgery.
            """
        let r = Self.codes(note).result
        #expect(r.mdm.risk == .low, "\(r.mdm.rationale)")
    }

    @Test func aControlledSentenceDoesNotMakeAChronicIllnessWorse() {
        let note = """
            ASSESSMENT AND PLAN

            Mild intermittent asthma.
            • Medical Reasoning: The cold has slightly increased her albuterol use, but she remains well controlled.
            • Medical Treatment: Continue albuterol HFA 2 puffs every 4 hours as needed.
            """
        #expect(Self.codes(note).result.mdm.problems == .low, "\(Self.codes(note).result.mdm.rationale)")
        let worse = note.replacingOccurrences(of: ", but she remains well controlled", with: " and her symptoms are worse")
        #expect(Self.codes(worse).result.mdm.problems == .moderate, "\(Self.codes(worse).result.mdm.rationale)")
    }

    @Test func aHealingFractureAfterItsSurgeryIsNoComplicatedInjuryOrSurgicalDecision() {
        let c = Self.codes("""
            ASSESSMENT AND PLAN

            1. Colles fracture of the right distal radius, status post open reduction and internal fixation, healing as expected.
            • Medical Reasoning: He is 5 weeks out from surgery and the fracture is healing in good alignment.
            • Medical Treatment: He can wean out of the splint. Tylenol as needed.
            • Specialist Referrals: I am referring him to occupational therapy.
            """)
        #expect(c.icd == ["S52.531D"], "\(c.icd)")
        #expect(c.result.mdm.problems == .low && c.result.mdm.risk < .moderate, "\(c.result.mdm)")
    }

    @Test func screeningLabsOfTheAnnualExamAreNotTheProblemVisitsData() {
        let c = Self.codes("""
            ASSESSMENT AND PLAN

            Annual physical exam. He is in good health. We ordered a CBC, CMP, and lipid panel.

            Benign prostatic hyperplasia. His urinary symptoms are well controlled on tamsulosin. Continue tamsulosin 0.4 mg nightly.
            """, visit: VisitContext(age: 67))
        #expect(c.result.mdm.data < .moderate, "\(c.result.mdm)")
    }

    @Test func aConditionThatFailedItsTreatmentHasProgressed() {
        let c = Self.codes("""
            ASSESSMENT AND PLAN

            1. Left shoulder full-thickness rotator cuff tear.
            • Medical Reasoning: The tear has failed 3 months of conservative treatment, including an injection and physical therapy.
            • Medical Treatment: He would like to proceed with surgery, an arthroscopic rotator cuff repair. We will get this scheduled.
            """)
        #expect(c.result.mdm.problems == .moderate, "\(c.result.mdm)")
        #expect(c.cpt.contains("99214"), "\(c.cpt)")
    }

    @Test func anImpressionLineIsTypedWithThePlanThatNamesIt() {
        let c = Self.codes("""
            IMPRESSION

            1. Migraine without aura.
            2. Elevated blood pressure reading.

            PLAN

            The frequency of her migraine has increased to the point where preventive treatment is appropriate. I am starting topiramate 25 mg at bedtime.

            Her blood pressure was elevated today. She will have it rechecked by her primary care physician.
            """)
        #expect(c.result.mdm.problems == .moderate, "\(c.result.mdm)")
    }
}
