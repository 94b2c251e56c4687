import ClinicalText
@testable import Coding
import Terminology
import Testing

/// "With"/"without" siblings, nonessential modifiers, the diabetes type and hedges about exclusion, on notes written for these tests.
@Suite("Coder: combination codes and siblings")
struct CombinationCodeTests {
    static func icd(_ problems: String, history: String = "") -> [String] {
        let note = (history.isEmpty ? "" : "HISTORY OF PRESENT ILLNESS\n\n\(history)\n\n") + "ASSESSMENT AND PLAN\n\n" + problems
        return CoderTests.codes(note).icd
    }

    @Test func aWithoutClauseIsTheDefaultAndAStatedWithClauseIsCoded() {
        let migraine = Self.icd("Migraine without aura, episodic, not intractable.\n• Medical Treatment: Start topiramate 25 mg nightly.\n")
        #expect(migraine.contains("G43.009"), "\(migraine)")
        let bph = Self.icd("Benign prostatic hyperplasia with lower urinary tract symptoms.\n• Medical Treatment: Start tamsulosin 0.4 mg daily.\n")
        #expect(bph.contains("N40.1") && !bph.contains("N40.0"), "\(bph)")
        let remission = Self.icd("Alcohol use disorder, severe, in sustained remission.\n• Patient Education and Counseling: Congratulated him on his sobriety.\n")
        #expect(remission.contains("F10.21"), "\(remission)")
    }

    @Test func parenthesisedWordsNeedNotBeSaidAndTheUnspecifiedSiblingIsDropped() {
        let hf = Self.icd("Chronic diastolic heart failure.\n• Medical Treatment: Continue furosemide 40 mg daily.\n")
        #expect(hf.contains("I50.32") && !hf.contains("I50.9") && !hf.contains("I50.30"), "\(hf)")
    }

    @Test func aShortSharedStemIsNotASibling() {
        // "Hyperchylomicronemia" (E78.3) shares only "hyper" with "hyperlipidemia".
        let lipids = Self.icd("Hyperlipidemia.\n• Medical Treatment: Continue atorvastatin 40 mg daily.\n")
        #expect(lipids.contains("E78.5") && !lipids.contains("E78.3"), "\(lipids)")
    }

    @Test func aSignNamedByTheCombinationCodeIsNotCodedBesideIt() {
        let c = Self.icd("Alcohol-related cirrhosis with ascites.\n• Medical Treatment: Continue spironolactone 100 mg daily.\n")
        #expect(c.contains("K70.31") && !c.contains("R18.8"), "\(c)")
    }

    @Test func type1DiabetesSetsTheTypeOfItsComplicationsAndTakesNoInsulinZCode() {
        let c = Self.icd("""
            1. Type 1 diabetes mellitus with hyperglycemia.
            • Medical Treatment: Insulin pump basal rate increased.

            2. Mild nonproliferative diabetic retinopathy, both eyes, without macular edema.
            • Patient Education and Counseling: Continue yearly eye exams.

            """)
        #expect(c.contains("E10.65") && c.contains("E10.3293"), "\(c)")
        #expect(!c.contains { $0.hasPrefix("E11") } && !c.contains("Z79.4"), "\(c)")
    }

    @Test func aCancerNotYetExcludedIsNotCodedAndADrugNotNeededIsNotTherapy() {
        let c = Self.icd("""
            Elevated PSA, rising.
            • Medical Reasoning: Free PSA is in an intermediate range, so prostate cancer has not been excluded.
            • Additional Testing: MRI of the prostate ordered.

            Prediabetes.
            • Medical Reasoning: Metformin is not needed at this time.

            """)
        #expect(c.contains("R97.20") && !c.contains("C61"), "\(c)")
        #expect(!c.contains("Z79.84"), "\(c)")
    }

    @Test func aFormerSmokerAndPortalHypertensionAreNamedByTheirOwnCodes() {
        let c = Self.icd("""
            Portal hypertension with thrombocytopenia.
            • Medical Treatment: Continue propranolol 20 mg twice daily.

            Former smoker.
            • Patient Education and Counseling: She remains tobacco-free.

            """)
        #expect(c.contains("K76.6") && !c.contains("I10"), "\(c)")
        #expect(c.contains("Z87.891") && !c.contains("F17.210"), "\(c)")
    }

    @Test func symptomsTheUseAdditionalNoteAsksForStayBesideTheDiagnosis() {
        let c = Self.icd("1. Benign prostatic hyperplasia with lower urinary tract symptoms, with nocturia 3 to 4 times per night and a weak stream.\n• Medical Treatment: Start tamsulosin 0.4 mg daily.\n")
        #expect(c.contains("N40.1") && c.contains("R35.1") && c.contains("R39.12"), "\(c)")
    }

    @Test func anUnspecifiedCodeGivesWayInAnExcludes1Pair() {
        // K74.6- (other and unspecified cirrhosis) excludes alcoholic cirrhosis (K70.3-).
        let c = Self.icd("""
            1. Alcohol-related cirrhosis with ascites.
            • Medical Treatment: Continue spironolactone 100 mg daily.

            2. Esophageal varices, small, secondary to cirrhosis, no bleeding history.
            • Medical Treatment: Continue carvedilol 6.25 mg twice daily.

            """)
        #expect(c.contains("K70.31") && !c.contains("K74.60"), "\(c)")
    }

    @Test func bmiIsCodedBesideObesityAndCovidExposureBesideItsSymptoms() {
        let obesity = Self.icd("Obesity, class 2, BMI 36.\n• Patient Education and Counseling: Keep going with the weight-loss plan.\n")
        #expect(obesity.contains("Z68.36"), "\(obesity)")
        #expect(Coder.bmiCode(44.2) == "Z68.41" && Coder.bmiCode(18.5) == "Z68.1" && Coder.bmiCode(27.9) == "Z68.27")
        let covid = Self.icd("Acute cough with fever.\n• Medical Reasoning: With a known workplace COVID-19 exposure, a single negative antigen test does not exclude infection.\n")
        #expect(covid.contains("Z20.822") && !covid.contains("U07.1"), "\(covid)")
        let noExposure = Self.icd("Acute cough with fever.\n• Medical Reasoning: No known COVID-19 exposure.\n")
        #expect(!noExposure.contains("Z20.822"), "\(noExposure)")
    }

    @Test func aDrugContinuedUntilALaterStopIsStillLongTermTherapy() {
        let c = Self.icd("CAD, native vessel, without angina.\n• Medical Treatment: Continue aspirin 81 mg daily indefinitely and clopidogrel 75 mg daily through 02/2026, then stop the clopidogrel.\n")
        #expect(c.contains("Z79.82") && c.contains("Z79.02"), "\(c)")
    }

    @Test func highCholesterolIsHypercholesterolemiaAndAnOralContraceptiveIsLongTermTherapy() {
        let c = Self.icd("High cholesterol.\n• Medical Treatment: Continue atorvastatin 20 mg daily.\n")
        #expect(c.contains("E78.00") && !c.contains("E78.5"), "\(c)")
        let pill = Self.icd("Migraine without aura, not intractable.\n• Medical Reasoning: Stable on Sprintec, which she will continue.\n• Medical Treatment: Continue sumatriptan 50 mg as needed.\n")
        #expect(pill.contains("Z79.3") && !pill.contains("Z79.890"), "\(pill)")
    }

    @Test func aScreeningHeadingNamesNoCondition() {
        let c = Self.icd("1. Tuberculosis screening for work.\n• Additional Testing: PPD placed today; read in 48 to 72 hours.\n\n2. Hypertension.\n• Medical Treatment: Continue lisinopril 10 mg daily.\n")
        #expect(!c.contains { $0.hasPrefix("A15") } && c.contains("I10"), "\(c)")
    }

    @Test func recurrentDepressionIsF33AndAcuteSinusitisIsNotChronic() {
        let c = Self.icd("1. Major depressive disorder, recurrent, moderate.\n• Medical Treatment: Continue sertraline 100 mg daily.\n\n2. Acute maxillary sinusitis.\n• Medical Treatment: Amoxicillin-clavulanate 875 mg twice daily for 7 days.\n")
        #expect(c.contains("F33.1") && !c.contains { $0.hasPrefix("F32") }, "\(c)")
        #expect(c.contains { $0.hasPrefix("J01") } && !c.contains { $0.hasPrefix("J32") }, "\(c)")
    }

    @Test func theCKDStageThatACombinationCodeAsksFor() {
        let c = CoderTests.codes("""
            ASSESSMENT AND PLAN

            1. Type 2 diabetes with diabetic kidney disease.
            • Medical Reasoning: Her kidney function has been stable in the stage 3a range.
            • Medical Treatment: Continue metformin 1000 mg twice a day.

            2. Hypertension.
            • Medical Treatment: Continue lisinopril 20 mg daily.
            """).icd
        // E11.22 asks for the stage (N18.31); with CKD coded, hypertension is hypertensive CKD (I12.9).
        #expect(Set(c).isSuperset(of: ["E11.22", "N18.31", "I12.9"]) && !c.contains("I10"), "\(c)")
        // No stage said, none coded.
        let plain = CoderTests.codes("ASSESSMENT AND PLAN\n\n1. Type 2 diabetes with diabetic kidney disease.\n• Medical Treatment: Continue metformin.\n").icd
        #expect(!plain.contains { $0.hasPrefix("N18") }, "\(plain)")
    }

    @Test func anIllnessToldAsWhatCameBeforeIsNotCodedFromTheReasoning() {
        let c = CoderTests.codes("""
            ASSESSMENT AND PLAN

            1. Right acute otitis media.
            • Medical Reasoning: He has a bulging, red right eardrum along with fever and ear pain, following a week of cold symptoms.
            • Medical Treatment: Amoxicillin for 10 days.
            """).icd
        #expect(c == ["H66.91"], "\(c)")
    }

    @Test func anUnspecifiedConditionTheCombinationNamesGoesUnlessItAsksForIt() {
        let dm = CoderTests.codes("ASSESSMENT AND PLAN\n\n1. Type 2 diabetes with peripheral neuropathy.\n• Medical Treatment: Continue metformin and gabapentin.\n").icd
        #expect(dm.contains("E11.42") && !dm.contains("G62.9"), "\(dm)")
        // I11.0 asks for the type of heart failure (I50.-) beside it.
        let hf = CoderTests.codes("ASSESSMENT AND PLAN\n\n1. Hypertensive heart disease with heart failure.\n2. Heart failure.\n• Medical Treatment: Continue furosemide.\n").icd
        #expect(hf.contains("I11.0") && hf.contains { $0.hasPrefix("I50") }, "\(hf)")
    }
}
