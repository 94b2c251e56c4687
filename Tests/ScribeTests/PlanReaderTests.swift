import Evidence
@testable import Scribe
import Testing

@Suite("PlanReader: orders said in the plan, written as the note writes them")
struct PlanReaderTests {
    static let reader = PlanReader()

    /// A drug named `name` said in `text`, with the words after it up to `sig` as its sig.
    static func drug(_ name: String, in text: String, sig: String? = nil) -> PlanReader.Drug {
        let lower = text.lowercased()
        let r = lower.range(of: name.lowercased())!
        let start = lower.utf16.distance(from: lower.startIndex, to: r.lowerBound), end = start + name.utf16.count
        return PlanReader.Drug(name: name, range: start..<end, end: end + (sig.map { $0.utf16.count + 1 } ?? 0), sig: sig)
    }

    static func lines(_ said: String, _ drugs: [PlanReader.Drug] = []) -> [String] {
        reader.orders(in: said, drugs: drugs).map { "\($0.label): \($0.text)" }
    }

    @Test func drugOrdersWithTheirSig() {
        let said = "so what i want you to do is continue your bumex two milligrams once daily definitely stay on top of that"
        #expect(Self.lines(said, [Self.drug("Bumex", in: said, sig: "2 mg once daily")]) == ["Medical Treatment: Continue Bumex 2 mg once daily."])
        let two = "i want you to continue the cozaar one hundred milligrams daily continue the norvasc five milligrams once daily"
        #expect(Self.lines(two, [Self.drug("Cozaar", in: two, sig: "100 mg daily"), Self.drug("Norvasc", in: two, sig: "5 mg once daily")]) ==
                ["Medical Treatment: Continue Cozaar 100 mg daily.", "Medical Treatment: Continue Norvasc 5 mg once daily."])
    }

    @Test func anInstructionJoinedToAnOrderIsItsOwnLine() {
        let said = "i want you to continue ibuprofen 400 mg as needed and drink more water ."
        #expect(Self.lines(said, [Self.drug("ibuprofen", in: said, sig: "400 mg as needed")]) ==
                ["Medical Treatment: Continue ibuprofen 400 mg as needed.", "Patient Education and Counseling: Drink more water."])
        let addressed = "continue the ibuprofen and ice your knee"
        #expect(Self.lines(addressed, [Self.drug("ibuprofen", in: addressed)]) == ["Medical Treatment: Continue ibuprofen."])
    }

    @Test func ordersThatAreNotOrdersAreNotRead() {
        let negated = "i do n't want you to continue the ibuprofen"
        #expect(Self.lines(negated, [Self.drug("ibuprofen", in: negated)]).isEmpty)
        let conditional = "if the pain gets worse we could start gabapentin"
        #expect(Self.lines(conditional, [Self.drug("gabapentin", in: conditional)]).isEmpty)
        let past = "she was started on lisinopril last year"
        #expect(Self.lines(past, [Self.drug("lisinopril", in: past)]).isEmpty)
        #expect(Self.lines("if it does n't get better we may order an mri").isEmpty)
    }

    @Test func testsReferralsAndFollowUp() {
        #expect(Self.lines("i'm gon na order a test i'm gon na order a renal artery ultrasound just to make sure") ==
                ["Additional Testing: Order a renal artery ultrasound."])
        #expect(Self.lines("i'm gon na write you a consult to nutrition since it sounds like") == ["Specialist Referrals: Refer to nutrition."])
        #expect(Self.lines("we'll get an x-ray of your right wrist and i'll refer you to physical therapy") ==
                ["Additional Testing: Order an x-ray of the right wrist.", "Specialist Referrals: Refer to physical therapy."])
        #expect(Self.lines("i want to order a hemoglobin a1c and also a cbc and a chem-12 to check her blood chemistries") ==
                ["Additional Testing: Order a hemoglobin A1c, CBC, and chem-12."])
        #expect(Self.lines("we will get a repeat hemoglobin a1c in three months") == ["Additional Testing: Order a repeat hemoglobin A1c in 3 months."])
        #expect(Self.lines("we are going to refer him to the urologist") == ["Specialist Referrals: Refer to a urologist."])
        #expect(Self.lines("i'd like to see you back in about three months") == ["Follow-up: Follow up in 3 months."])
        #expect(Self.lines("come back in two to three weeks") == ["Follow-up: Follow up in 2 to 3 weeks."])
    }

    @Test func rangesQuoteTheOrder() {
        let said = "i'm gon na order a hemoglobin a1c today"
        let order = Self.reader.orders(in: said, drugs: []).first!
        let scalars = Array(said.unicodeScalars)
        #expect(order.ranges.map { String(String.UnicodeScalarView(scalars[$0])) } == ["order a hemoglobin a1c today"])
        #expect(order.text == "Order a hemoglobin A1c today.")
    }

    @Test func thousandsAreSpokenNumbers() {
        #expect(KeyFacts.spokenNumber(["one", "thousand", "milligrams"], at: 0)! == (1000, 2))
        #expect(KeyFacts.spokenNumber(["one", "thousand", "five", "hundred"], at: 0)! == (1500, 4))
    }
}
