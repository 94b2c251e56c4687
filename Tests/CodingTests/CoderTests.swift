import ClinicalText
@testable import Coding
import Terminology
import Testing

/// Notes written for these tests, in the house style of visit notes (upper-case section headings).
@Suite("Coder: outpatient coding rules")
struct CoderTests {
    static let terminology = try! Terminology.shipped()
    static let coder = Coder(engine: ClinicalTextEngine(terminology: terminology), terminology: terminology)

    static func codes(_ note: String, visit: VisitContext = VisitContext()) -> (icd: [String], cpt: [String], result: CodingResult) {
        let r = coder.code(note, visit: visit)
        return (r.diagnoses.map(\.code), r.procedures.map { ([$0.code] + $0.modifiers).joined(separator: "-") }, r)
    }

    @Test func uncertainDiagnosisIsCodedAsItsSymptoms() {
        let note = """
            CHIEF COMPLAINT

            Cough.

            ASSESSMENT AND PLAN

            Cough.
            • Medical Reasoning: The cough is likely due to pneumonia, but this has not been confirmed.
            • Additional Testing: I will order a chest x-ray.
            """
        let c = Self.codes(note)
        #expect(c.icd.contains("R05.9"), "\(c.icd)")
        #expect(!c.icd.contains { $0.hasPrefix("J18") }, "\(c.icd)")
        // Ordered, not performed: no x-ray code.
        #expect(!c.cpt.contains("71046"), "\(c.cpt)")
    }

    @Test func anUnspecifiedConditionNamedInTheReasoningIsCodedOnlyWhenAddressed() {
        let mentioned = """
            ASSESSMENT AND PLAN

            Type 2 diabetes mellitus.
            • Medical Reasoning: Her cholesterol levels were slightly elevated on her lipid panel from last year, along with hyperlipidemia.
            • Medical Treatment: Continue metformin 500 mg twice a day.
            """
        #expect(!Self.codes(mentioned).icd.contains("E78.5"), "\(Self.codes(mentioned).icd)")
        let cause = """
            ASSESSMENT AND PLAN

            Painful swallowing.
            • Medical Reasoning: The patient is experiencing painful swallowing secondary to esophagitis from the radiation.
            • Medical Treatment: Start sucralfate 1 g four times a day.
            """
        #expect(Self.codes(cause).icd.contains("K20.90"), "\(Self.codes(cause).icd)")
        // Not coded, the condition named still counts among the problem's chronic conditions for decision making.
        let named = Self.codes("""
            ASSESSMENT AND PLAN

            Hypertension.
            • Medical Reasoning: Blood pressure is at goal. We reviewed his hyperlipidemia, which is stable on diet alone.
            • Medical Treatment: Continue lisinopril 10 mg daily.
            """)
        #expect(named.icd.contains("I10") && !named.icd.contains("E78.5"), "\(named.icd)")
        #expect(named.result.mdm.rationale.contains("E78.5"), "\(named.result.mdm.rationale)")
    }

    @Test func aSuspectedSignIsNotCoded() {
        let note = """
            ASSESSMENT AND PLAN

            • Medical Reasoning: Often when we initially see anemia and her host of symptoms, we suspect internal bleeding.

            Iron deficiency anemia.
            • Additional Testing: Schedule an upper endoscopy and a colonoscopy.
            """
        let c = Self.codes(note)
        #expect(c.icd.contains("D50.9"), "\(c.icd)")
        #expect(!c.icd.contains("R58"), "\(c.icd)")
    }

    @Test func aConditionRuledOutIsNotCoded() {
        let note = """
            ASSESSMENT AND PLAN

            • Medical Reasoning: With the chest discomfort, we worry about heart issues, but those were ruled out with all the testing.

            Gastroesophageal reflux disease.
            • Medical Treatment: Start omeprazole 20 mg daily.
            """
        let c = Self.codes(note)
        #expect(c.icd.contains("K21.9"), "\(c.icd)")
        #expect(!c.icd.contains { $0.hasPrefix("I51") }, "\(c.icd)")
    }

    @Test func negatedAndFamilyHistoryMentionsAreNotDiagnoses() {
        let note = """
            ASSESSMENT AND PLAN

            Hypertension.
            • Medical Reasoning: Her blood pressure is well controlled. She has no chest pain. Her mother had breast cancer.
            • Medical Treatment: Continue lisinopril 10 mg daily.
            """
        let c = Self.codes(note)
        #expect(c.icd == ["I10"], "\(c.icd)")
        // Prescription drug management of one stable chronic illness: low problems, moderate risk → 99213.
        #expect(c.cpt == ["99213"], "\(c.cpt) \(c.result.mdm.rationale)")
    }

    @Test func theConditionAPrescriptionIsForIsCoded() {
        let note = """
            ASSESSMENT AND PLAN

            Anemia.
            • Medical Reasoning: His hemoglobin was 8.2, which is low.
            • Medical Treatment: I prescribed Protonix 40 mg once a day for gastritis.
            """
        #expect(Self.codes(note).icd.contains("K29.70"), "\(Self.codes(note).icd)")
        // Prescribed to prevent a condition: the condition is not there.
        let prevent = note.replacingOccurrences(of: "for gastritis", with: "to prevent gastritis")
        #expect(!Self.codes(prevent).icd.contains("K29.70"), "\(Self.codes(prevent).icd)")
    }

    @Test func lateralityAndSeventhCharacterComeFromTheProblemsSentence() {
        let note = """
            ASSESSMENT AND PLAN

            Left knee pain.
            • Medical Reasoning: She has pain in the left knee after a fall.
            """
        #expect(Self.codes(note).icd == ["M25.562"])
        let sprain = """
            ASSESSMENT AND PLAN

            Right knee MCL sprain.
            • Medical Treatment: Ibuprofen 800 mg twice a day and a knee brace.
            """
        #expect(Self.codes(sprain).icd == ["S83.411A"], "\(Self.codes(sprain).icd)")
    }

    @Test func combinationCodes() {
        let note = """
            ASSESSMENT AND PLAN

            Type 2 diabetes.
            • Medical Reasoning: His diabetes is poorly controlled and he has diabetic neuropathy in his feet.
            • Medical Treatment: Increase metformin to 1000 mg twice a day.

            Congestive heart failure.
            • Medical Treatment: Continue Lasix 40 mg daily.

            Hypertension.
            • Medical Treatment: Continue lisinopril.
            """
        let c = Self.codes(note)
        #expect(Set(c.icd).isSuperset(of: ["E11.65", "E11.40", "Z79.84", "I11.0", "I50.9"]), "\(c.icd)")
        #expect(!c.icd.contains("I10") && !c.icd.contains("E11.9"))
        #expect(c.cpt == ["99214"], "\(c.cpt) \(c.result.mdm.rationale)")
    }

    @Test func theMostSpecificCodeTheProblemSupports() {
        let note = """
            ASSESSMENT AND PLAN

            Acne vulgaris.
            • Medical Treatment: Start topical tretinoin nightly.

            Hypertension.
            • Additional Testing: I ordered an echocardiogram to evaluate his murmur.
            """
        let c = Self.codes(note)
        // Acne vulgaris has its own code; the murmur the echocardiogram works up is coded beside the hypertension.
        #expect(c.icd.contains("L70.0") && !c.icd.contains("L70.9"), "\(c.icd)")
        #expect(c.icd.contains("I10") && c.icd.contains("R01.1"), "\(c.icd)")
    }

    @Test func redundantCodesGiveWayToTheSpecificOnes() {
        func candidate(_ code: String, _ confidence: Double = 0.8) -> Coder.Candidate {
            Coder.Candidate(code: code, evidence: [0..<1], confidence: confidence, rationale: "", problem: 0)
        }
        let found = ["R07.9", "R07.89", "I10", "R03.0", "E11.9", "E11.65", "N20.0", "Z87.442", "C80.1", "C34.90", "M25.50", "M25.562"].map { candidate($0) }
        let kept = Self.coder.withoutRedundant(found).map(\.code)
        #expect(kept == ["R07.89", "I10", "E11.65", "N20.0", "C34.90", "M25.562"], "\(kept)")
        #expect(Self.coder.excludes("R03.1", "I95.9"), "hypotension reading excludes hypotension")
    }

    @Test func preventiveVisitWithASeparateProblem() {
        let note = """
            CHIEF COMPLAINT

            Annual exam.

            ASSESSMENT AND PLAN

            Annual exam.
            • Additional Testing: Routine blood work ordered.

            Depression.
            • Medical Treatment: Continue Prozac 20 mg a day; a refill was provided.
            """
        let c = Self.codes(note, visit: VisitContext(age: 52))
        #expect(c.icd.first == "Z00.01" && c.icd.contains("F32.A"), "\(c.icd)")
        #expect(c.cpt.first == "99396" && c.cpt.contains { $0.hasPrefix("992") && $0.hasSuffix("-25") }, "\(c.cpt)")
        let plain = Self.codes("CHIEF COMPLAINT\n\nAnnual physical.\n\nASSESSMENT AND PLAN\n\nAnnual physical.\n• Routine labs ordered.\n", visit: VisitContext(age: 30))
        #expect(plain.icd == ["Z00.00"] && plain.cpt == ["99395"], "\(plain.icd) \(plain.cpt)")
    }

    @Test func proceduresPerformedTodayAreCodedWithSideAndTheirDiagnoses() {
        let note = """
            RESULTS

            X-rays of the right shoulder were obtained in the office today and show no fracture.

            ASSESSMENT AND PLAN

            Right shoulder pain.
            • Medical Treatment: Ibuprofen 600 mg three times a day.
            """
        let c = Self.codes(note)
        #expect(c.icd == ["M25.511"], "\(c.icd)")
        let xray = c.result.procedures.first { $0.code == "73030" }
        #expect(xray?.modifiers == ["RT"] && xray?.diagnoses == ["M25.511"], "\(c.cpt)")
        let ordered = Self.codes(note.replacingOccurrences(of: "X-rays of the right shoulder were obtained in the office today and show no fracture.",
                                                           with: "We will order x-rays of the right shoulder."))
        #expect(!ordered.cpt.contains { $0.hasPrefix("73030") })
    }

    @Test func nothingCodableGivesOnlyTheVisitAndNoInventedCodes() {
        let c = Self.codes("ASSESSMENT AND PLAN\n\nWe talked about the weather and his garden.\n")
        #expect(c.icd.isEmpty)
        #expect(c.cpt.count == 1 && c.cpt[0].hasPrefix("9921"), "\(c.cpt)")
    }

    @Test func targetCodesRestrictAndBlockedCodesAreReported() {
        let note = "ASSESSMENT AND PLAN\n\nHypertension.\n• Continue lisinopril 10 mg daily.\n\nLeft knee pain.\n• Ice and rest.\n"
        let c = Self.codes(note, visit: VisitContext(targetCodes: ["I10", "99213", "99214"]))
        #expect(c.icd == ["I10"], "\(c.icd)")
        #expect(c.result.blocked.contains { $0.code == "M25.562" && $0.reason.contains("target") })
    }

    @Test func aSignAFutureOrderWorksUpIsCoded() {
        let note = """
            ASSESSMENT AND PLAN

            Hypertension.
            • Medical Treatment: Continue lisinopril 10 mg daily.
            • Additional Testing: We will order an echocardiogram to follow up on his murmur.
            """
        #expect(Self.codes(note).icd.contains("R01.1"), "\(Self.codes(note).icd)")
        // An order only if the sign appears is no evidence that it is there.
        let conditional = Self.codes(note.replacingOccurrences(of: "We will order an echocardiogram to follow up on his murmur.",
                                                               with: "If a murmur develops, we will order an echocardiogram to evaluate it."))
        #expect(!conditional.icd.contains("R01.1"), "\(conditional.icd)")
    }

    @Test func aDiagnosisStillToBeConfirmedIsNotCoded() {
        let note = """
            ASSESSMENT

            Hepatitis C.

            PLAN

            After reviewing his laboratory findings today, I have had a lengthy discussion with him about his symptoms. I have recommended that we confirm the diagnosis with additional blood work including checking his hepatitis C RNA.
            """
        let c = Self.codes(note)
        #expect(!c.icd.contains { $0.hasPrefix("B1") }, "\(c.icd)")
        // Still an undiagnosed new problem being worked up for the E/M.
        #expect(c.result.mdm.problems == .moderate, "\(c.result.mdm.rationale)")
        let confirmed = Self.codes(note.replacingOccurrences(of: "I have recommended that we confirm the diagnosis with additional blood work including checking his hepatitis C RNA.",
                                                             with: "We will check his hepatitis C RNA and genotype before treatment."))
        #expect(confirmed.icd.contains { $0.hasPrefix("B1") }, "\(confirmed.icd)")
    }

    @Test func runningParagraphsWithoutHeadingsAreOneProblemEach() {
        let c = Self.codes("""
            ASSESSMENT AND PLAN

            Mr. Kowalski has community-acquired pneumonia with a right lower lobe infiltrate on his x-ray today. I am treating him with azithromycin.

            Regarding her generalized anxiety disorder, she is doing well on escitalopram 10 mg daily, and we will continue this without changes.
            """)
        #expect(c.icd.contains("J18.9") && c.icd.contains("F41.1"), "\(c.icd)")
        // A closing follow-up line is short, but it is no problem heading that would fold the paragraphs into one.
        let closed = Self.codes("""
            ASSESSMENT AND PLAN

            For her restless legs syndrome, her symptoms meet all of the diagnostic criteria. I recommended ferrous sulfate.

            Regarding her hypothyroidism, she has been stable on levothyroxine 75 mcg and will continue the current dose.

            Follow up in 3 months.
            """)
        #expect(closed.icd.contains("G25.81") && closed.icd.contains("E03.9"), "\(closed.icd)")
    }

    @Test func cellulitisBesideAnAbrasionStaysCellulitisAndHemorrhoidsTakeTheirGrade() {
        let c = Self.codes("""
            ASSESSMENT AND PLAN

            For her right knee, she has cellulitis around an abrasion from her bike fall. I started cephalexin 500 mg 4 times a day.

            For his rectal bleeding, these are grade II internal hemorrhoids. He will use fiber and sitz baths.
            """).icd
        #expect(c.contains("L03.115") && c.contains("S80.211A"), "\(c)")
        #expect(c.contains("K64.1") && !c.contains("K64.8"), "\(c)")
    }

    @Test func anotherVisitsAnnualExamToldInTheHistoryIsNoPreventiveVisit() {
        let c = Self.codes("""
            HISTORY OF PRESENT ILLNESS

            She has been on a combined pill for 8 years. When her gynecologist learned about the visual aura at her annual exam, she was
            advised to see neurology.

            ASSESSMENT:

            1. Migraine with aura, not intractable, without status migrainosus.
            2. Current combined hormonal contraceptive use in a patient with migraine with aura.
            """)
        #expect(!c.icd.contains("Z00.01") && !c.icd.contains("Z00.00"), "\(c.icd)")
        #expect(c.icd.contains("G43.109") && c.icd.contains("Z79.3"), "\(c.icd)")
    }

    @Test func hypothyroidismDueToHashimotosIsAutoimmuneThyroiditisAlone() {
        let c = Self.codes("""
            ASSESSMENT AND PLAN

            1. Hypothyroidism due to Hashimoto thyroiditis.
            • Medical Treatment: Increase levothyroxine to 88 mcg daily.
            """).icd
        #expect(c.contains("E06.3") && !c.contains("E03.9"), "\(c)")
    }

    @Test func aSiblingWhoseInclusionTermIsSaidIsTheCode() {
        let c = Self.codes("""
            ASSESSMENT AND PLAN

            1. Plaque psoriasis.
            • Medical Treatment: Continue clobetasol ointment twice daily to the elbows.
            """).icd
        #expect(c.contains("L40.0") && !c.contains("L40.9"), "\(c)")
        let nos = Self.codes("""
            ASSESSMENT AND PLAN

            1. Psoriasis.
            • Medical Treatment: Continue clobetasol ointment twice daily to the elbows.
            """).icd
        #expect(nos.contains("L40.9"), "\(nos)")
    }

    @Test func twoChronicConditionsManagedInOneProblemAreTwoChronicIllnesses() {
        let c = Self.codes("""
            ASSESSMENT AND PLAN

            Cerumen.
            Removed today. He can use ear wax drops once a week.

            Hypertension and hyperlipidemia stable, no changes, continue lisinopril and simvastatin.
            """)
        #expect(c.icd.contains("I10") && c.icd.contains("E78.5"), "\(c.icd)")
        #expect(c.result.mdm.problems == .moderate, "\(c.result.mdm.rationale)")
    }

    @Test func theKidneyStageSaidBeforeAGoalIsStillTheStage() {
        let c = Self.codes("""
            ASSESSMENT AND PLAN

            For her hypertensive chronic kidney disease, stage 3b, her eGFR is stable at 38 and her blood pressure is at goal. She will continue losartan 100 mg.
            """).icd
        #expect(c.contains("I12.9") && c.contains("N18.32"), "\(c)")
        let kept = Self.codes("""
            ASSESSMENT AND PLAN

            For his diabetic kidney disease, the goal is to prevent progression to stage 4. Continue losartan 50 mg.
            """).icd
        #expect(!kept.contains("N18.4"), "\(kept)")
    }

    @Test func bothHandsAreTwoCodesAndOsteopeniaTakesNoSiteFromThePlan() {
        let c = Self.codes("""
            ASSESSMENT:

            1. Polymyalgia rheumatica.
            2. Primary osteoarthritis of both hands.
            3. Osteopenia.

            PLAN:

            Her bilateral shoulder and hip girdle stiffness fit polymyalgia rheumatica. I started prednisone 15 mg daily.

            We will taper slowly over about a year, so she should expect to be on prednisone long term.
            """).icd
        #expect(c.contains("M19.041") && c.contains("M19.042"), "\(c)")
        #expect(c.contains("M85.80") && !c.contains("M85.811"), "\(c)")
        #expect(c.contains("Z79.52"), "\(c)")
    }
}
