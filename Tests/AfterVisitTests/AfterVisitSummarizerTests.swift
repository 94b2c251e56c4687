import AfterVisit
import ClinicalText
import Coding
import Evidence
import Terminology
import Testing

/// The summary engine on notes written for these tests.
@Suite("AfterVisitSummarizer: what the patient is told")
struct AfterVisitSummarizerTests {
    static let terminology = try! Terminology.shipped()
    static let summarizer = AfterVisitSummarizer(coder: Coder(engine: ClinicalTextEngine(terminology: terminology), terminology: terminology))

    static func sections(_ note: String) -> [SummarySection.Kind: [SummarySentence]] {
        Dictionary(uniqueKeysWithValues: summarizer.summarize(note).sections.map { ($0.kind, $0.sentences) })
    }

    static let note = """
        CHIEF COMPLAINT

        Left knee pain.

        RESULTS

        X-rays of the left knee were obtained in the office today. These show no fracture.
        Pathology Report.

        ASSESSMENT AND PLAN

        Hypertension.
        • Medical Treatment: Start amlodipine 5 mg daily. Continue lisinopril 20 mg daily.

        Left knee pain.
        • Medical Reasoning: Her follow-up labs in 01/2020 showed a normal uric acid.
        • Medical Treatment: Start oxycodone 5 mg every 6 hours as needed. Continue oxycodone for now.
        • Patient Education and Counseling: I advised her to ice the knee. We discussed the natural history of knee pain in great detail, including the role of weight, footwear, activity, prior injuries, and the long-term outlook for her joint.
        • Additional Testing: Echocardiogram ordered.

        Follow up in 2 weeks.
        """

    @Test func conditionsAreNamedInPlainWords() {
        let found = Self.sections(Self.note)[.findings]?.map(\.text) ?? []
        #expect(found.contains("You have high blood pressure."), "\(found)")
        // "These show …" is the study named before it; a report heading with nothing in it is not repeated.
        #expect(found.contains("The x-rays show no broken bone."), "\(found)")
        #expect(!found.contains { $0.contains("Pathology") }, "\(found)")
    }

    @Test func eachMedicineOnceWithWhatItIsFor() {
        let medicines = Self.sections(Self.note)[.medicines] ?? []
        let texts = medicines.map(\.text)
        let start = try! #require(texts.firstIndex(of: "Start taking amlodipine 5 mg daily."), "\(texts)")
        #expect(texts[start + 1] == "It is a blood pressure medicine.", "\(texts)")
        // "Start oxycodone …" and "Continue oxycodone" are one sentence citing both note sentences.
        let oxycodone = medicines.filter { $0.text.contains("oxycodone") }
        #expect(oxycodone.count == 1 && oxycodone[0].text.hasPrefix("Start taking oxycodone 5 mg"), "\(texts)")
        #expect(oxycodone.first?.evidence.count == 2, "\(oxycodone)")
    }

    @Test func nextStepsAreActionsNotHistoryOrLongExplanations() {
        let s = Self.sections(Self.note)
        let next = s[.nextSteps]?.map(\.text) ?? []
        #expect(next.contains("Ice the knee.") && next.contains("Follow up in 2 weeks."), "\(next)")
        #expect(!next.contains { $0.contains("uric acid") || $0.contains("natural history") }, "\(next)")
        #expect(s[.orders]?.map(\.text) == ["We ordered a heart ultrasound."], "\(s[.orders] ?? [])")
    }

    @Test func summariesOfTheNotesAreReadableAndComplete() {
        let draft = Self.summarizer.summarize(Self.note)
        #expect(draft.uncovered.isEmpty)
        let text = draft.sections.flatMap(\.sentences).map(\.text).joined(separator: " ")
        #expect(Readability.fleschKincaidGrade(text) <= 6, "\(text)")
    }
}
