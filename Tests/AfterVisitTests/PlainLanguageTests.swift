@testable import AfterVisit
import Evidence
import Terminology
import Testing

/// Rewriting note sentences for the patient: person, plain words, instructions, active voice, and the facts kept.
@Suite("PlainLanguage: note sentences rewritten for the patient")
struct PlainLanguageTests {
    static let plain = PlainLanguage(plainWords: try! Terminology.shipped().plainWords)

    @Test func adviceBecomesAnInstructionAndKeepsItsNegation() {
        #expect(Self.plain.rewrite("I encouraged him to continue icing the knee.") == ["Continue icing the knee."])
        #expect(Self.plain.rewrite("She was advised not to drive until her follow-up.") == ["Do not drive until your follow-up."])
        #expect(Self.plain.rewrite("We suggest that the patient change the patch location each day.") == ["Change the patch location each day."])
        // Not advice but a finding told to the patient: the finding itself.
        #expect(Self.plain.rewrite("I advised the patient that the ulcer is healing.") == ["The ulcer is healing."])
        #expect(Self.plain.rewrite("I advised the patient that the ulcer is not healing.") == ["The ulcer is not healing."])
    }

    @Test func ordersAndReferralsAreSaidByWhoDoesThem() {
        #expect(Self.plain.rewrite("Referral to nutritionist provided.") == ["We referred you to a nutritionist."])
        #expect(Self.plain.rewrite("A referral was sent for her to see a hematologist.") == ["We referred you to a blood doctor."])
        #expect(Self.plain.rewrite("Physical therapy referral ordered.") == ["We referred you to physical therapy."])
        #expect(Self.plain.rewrite("The patient will be referred to breast specialist for additional review.") == ["We will refer you to a breast specialist for more review."])
        #expect(Self.plain.rewrite("Refer to ophthalmology for baseline visual field testing.") == ["We will refer you to eye doctors for baseline visual field testing."])
        #expect(Self.plain.rewrite("Echocardiogram ordered.") == ["We ordered a heart ultrasound."])
        #expect(Self.plain.rewrite("A basic metabolic panel, urinalysis, and urine culture will also be ordered.")
            == ["We will order a blood chemistry test, urine test, and urine culture."])
        // A negated order is left as written.
        #expect(Self.plain.rewrite("No referral was placed.") == ["No referral was placed."])
    }

    @Test func plainWordsReplaceWholeWordsAndArticlesAgree() {
        #expect(Self.plain.rewrite("He will get an echocardiogram.") == ["You will get a heart ultrasound."])
        #expect(Self.plain.rewrite("His hypertension is controlled.") == ["Your high blood pressure is controlled."])
        // "renal" inside "adrenal" is not a word of its own.
        #expect(Self.plain.replacingFormalWords("adrenal gland") == "adrenal gland")
        #expect(Self.plain.replacingFormalWords("Discontinue the NSAIDs") == "Stop the pain and swelling medicines")
        #expect(PlainLanguage.article(for: "MRI") == "an " && PlainLanguage.article(for: "once-a-day pill") == "a " && PlainLanguage.article(for: "urine test") == "a ")
    }

    @Test func fillerOpenersAndLabelsAreDropped() {
        #expect(Self.plain.rewrite("Now, at this point, I will see him back in 2 weeks.") == ["We will see you back in 2 weeks."])
        #expect(Self.plain.rewrite("• Medical Treatment: Continue to monitor the knee.") == ["Keep checking the knee."])
        // A short labelled value keeps its label where asked (results).
        #expect(Self.plain.rewrite("Lyme titer: Elevated.", keepingLabels: true) == ["Lyme titer: High."])
    }

    @Test func longSentencesAreCutAtClausesButNeverANegationOrAList() {
        #expect(Self.plain.rewrite("She will start physical therapy twice a week, and she will follow up with me in 6 weeks.")
            == ["You will start physical therapy twice a week.", "You will follow up with us in 6 weeks."])
        #expect(Self.plain.rewrite("He will keep a diet log, which should help us adjust his insulin.")
            == ["You will keep a diet log.", "This should help us adjust your insulin."])
        let negated = "He denies chest pain, and he has no shortness of breath at rest or with exertion."
        #expect(Self.plain.rewrite(negated).count == 1 && KeyFacts(Self.plain.rewrite(negated)[0]).negated)
        #expect(Self.plain.rewrite("After reviewing his x-ray, previous MRI, and exam findings, his symptoms are consistent with a sprain.")
            == ["After reviewing your x-ray, previous MRI, and exam findings, your symptoms point to a sprain."])
    }

    @Test func everyRewriteKeepsTheNumbersAndNegationOfItsSource() {
        let sentences = [
            "Increase metformin to 1000 mg twice daily, and recheck the hemoglobin A1c in 3 months.",
            "She was instructed not to lift more than 10 pounds for 2 weeks.",
            "X-rays of the right knee are unremarkable.",
            "We will see him back in 4 to 6 weeks, and he will call if his symptoms persist.",
        ]
        for s in sentences {
            let source = KeyFacts(s)
            for piece in Self.plain.rewrite(s) {
                let facts = KeyFacts(piece)
                #expect(facts.negated == source.negated && facts.numbers.isSubset(of: source.numbers), "\(s) → \(piece)")
            }
        }
        #expect(Self.plain.rewrite("X-rays of the right knee were unremarkable.") == ["X-rays of the right knee showed no problems."])
    }
}
