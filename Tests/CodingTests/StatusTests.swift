import ClinicalText
@testable import Coding
import Terminology
import Testing

/// Status and personal-history Z codes (Sections I.C.2.d and I.C.21).
@Suite("Coder: status and history")
struct StatusTests {
    @Test func aMalignancyWhoseTreatmentIsOverIsHistory() {
        let note = """
            ASSESSMENT

            Stage 0 ER/PR-positive invasive ductal carcinoma of the right breast.
            The patient is status post lumpectomy with removal of 5 lymph nodes which were all benign. She also underwent adjuvant radiation therapy. Today's examination shows no evidence of recurrent disease.

            PLAN

            We will continue to observe the patient.
            """
        let c = CoderTests.codes(note)
        #expect(Set(c.icd) == ["Z09", "Z86.000", "Z92.3"], "\(c.icd)")
        // Still under treatment: the malignancy stays active.
        let active = CoderTests.codes(note.replacingOccurrences(of: "We will continue to observe the patient.",
                                                                with: "She will continue radiation therapy for 2 more weeks."))
        #expect(active.icd.contains { $0.hasPrefix("C50") } && !active.icd.contains("Z09"), "\(active.icd)")
    }

    @Test func aStateAfterAProcedureWithoutAStatusCode() {
        let note = """
            ASSESSMENT AND PLAN

            8 months status post rotator cuff repair.
            • Medical Reasoning: He is doing well postoperatively.
            • Medical Treatment: Continue with home exercise.
            """
        #expect(CoderTests.codes(note).icd == ["Z98.890"], "\(CoderTests.codes(note).icd)")
        // "Status post" an event that is no procedure gives nothing.
        let fall = CoderTests.codes(note.replacingOccurrences(of: "8 months status post rotator cuff repair.", with: "Status post fall last week."))
        #expect(!fall.icd.contains("Z98.890"), "\(fall.icd)")
    }

    @Test func aHistoryOfHeadingStillTreatedIsTheCondition() {
        let note = """
            ASSESSMENT AND PLAN

            History of gout.
            • Medical Reasoning: Stable with medication.
            • Medical Treatment: Continue allopurinol 300 mg daily.
            """
        #expect(CoderTests.codes(note).icd.contains("M10.9"), "\(CoderTests.codes(note).icd)")
        let past = CoderTests.codes("ASSESSMENT AND PLAN\n\nHistory of gout.\n• Medical Reasoning: No flares in years.\n")
        #expect(!past.icd.contains("M10.9"), "\(past.icd)")
    }

    @Test func longTermDrugTherapyByClassAndAcrossAProcedureHold() {
        let transplant = """
            ASSESSMENT AND PLAN

            Status post renal transplant.
            • Medical Reasoning: He is doing well and has been compliant with his immunosuppressive medications.
            """
        let c = CoderTests.codes(transplant)
        #expect(c.icd.contains("Z94.0") && c.icd.contains("Z79.60"), "\(c.icd)")
        let preop = """
            ASSESSMENT AND PLAN

            Preop examination.
            • She will discontinue clopidogrel for one week prior to knee replacement surgery.
            """
        #expect(CoderTests.codes(preop).icd.contains("Z79.02"), "\(CoderTests.codes(preop).icd)")
        // Stopped for good: no long-term therapy.
        let stopped = CoderTests.codes(preop.replacingOccurrences(of: "She will discontinue clopidogrel for one week prior to knee replacement surgery.",
                                                                  with: "She will discontinue clopidogrel because of bleeding."))
        #expect(!stopped.icd.contains("Z79.02"), "\(stopped.icd)")
    }

    @Test func aStatusInTheHistoryWhenItAffectsACodedCondition() {
        let note = """
            SURGICAL HISTORY

            Patient reports undergoing right coronary artery stent placement in 2018.

            ASSESSMENT AND PLAN

            Coronary artery disease.
            • Medical Treatment: Continue atorvastatin 40 mg daily.
            """
        #expect(CoderTests.codes(note).icd.contains("Z95.5"), "\(CoderTests.codes(note).icd)")
        // A stent has nothing to do with a sprained ankle.
        let unrelated = CoderTests.codes(note.replacingOccurrences(of: "Coronary artery disease.", with: "Right ankle sprain."))
        #expect(!unrelated.icd.contains("Z95.5"), "\(unrelated.icd)")
    }

    @Test func receptorStatusOfABreastCancerOneCodePerReceptor() {
        let c = CoderTests.codes("""
            ASSESSMENT AND PLAN

            1. Left breast cancer, ER positive, PR positive, HER2 negative, on adjuvant anastrozole.
            • Medical Treatment: Continue anastrozole 1 mg daily.

            2. Left arm lymphedema after mastectomy.
            • Specialist Referrals: Lymphedema therapy.
            """).icd
        // A long numbered line is still the problem's heading; "HER2 negative" negates the receptor, not the cancer.
        #expect(c.contains("C50.912") && c.contains("Z79.811") && c.contains("I97.2"), "\(c)")
        #expect(Set(c).isSuperset(of: ["Z17.0", "Z17.21", "Z17.32"]) && !c.contains("Z17.31"), "\(c)")
        let triple = CoderTests.codes("ASSESSMENT AND PLAN\n\n1. Triple negative breast cancer of the right breast.\n• Medical Treatment: Continue chemotherapy.\n").icd
        #expect(Set(triple).isSuperset(of: ["Z17.1", "Z17.22", "Z17.32"]), "\(triple)")
        // No malignancy coded, no receptor status.
        let none = CoderTests.codes("ASSESSMENT AND PLAN\n\n1. Hypertension.\n• Medical Treatment: Continue lisinopril. Her sister's tumor was ER positive.\n").icd
        #expect(!none.contains { $0.hasPrefix("Z17") }, "\(none)")
    }

    @Test func aJointReplacementFollowUpIsAftercareAndAFutureOneIsNoStatus() {
        let c = CoderTests.codes("""
            ASSESSMENT AND PLAN

            1. Left knee primary osteoarthritis.
            • Medical Treatment: Continue acetaminophen as needed.
            • Patient Education and Counseling: He will likely be a candidate for a left knee replacement in the future.

            2. Status post right total knee arthroplasty, 4 months.
            • Medical Reasoning: He is doing very well, with excellent range of motion.
            """).icd
        #expect(Set(c).isSuperset(of: ["M17.12", "Z47.1", "Z96.651"]) && !c.contains("Z96.652"), "\(c)")
        // Years after the replacement, the status alone.
        let old = CoderTests.codes("ASSESSMENT AND PLAN\n\n1. Status post right total hip arthroplasty.\n• Medical Reasoning: Done 6 years ago, doing well.\n").icd
        #expect(old.contains("Z96.641") && !old.contains("Z47.1"), "\(old)")
    }

    @Test func someoneElsesStentAndAnAllergyAndADrugNotNeededAreNoCodes() {
        let c = CoderTests.codes("""
            HISTORY OF PRESENT ILLNESS

            He mentioned that his brother recently had a stent placed.

            ASSESSMENT AND PLAN

            1. Hypertension.
            • Medical Treatment: Continue lisinopril 20 mg daily. I do not think he needs metformin at this time.

            2. Community-acquired pneumonia.
            • Medical Treatment: Because of her penicillin allergy, I am prescribing levofloxacin 750 mg daily.
            """).icd
        #expect(!c.contains("Z95.5") && !c.contains("Z79.84") && !c.contains("Z88.0"), "\(c)")
    }
}
