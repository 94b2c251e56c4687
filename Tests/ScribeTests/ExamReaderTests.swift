@testable import Scribe
import Testing

@Suite("ExamReader: findings said on examination, written as note lines")
struct ExamReaderTests {
    static let reader = ExamReader()

    static func lines(_ said: String) -> [String] { reader.findings(in: said).map { "\($0.system): \($0.text)" } }

    @Test func heartAndLungs() {
        #expect(Self.lines("on your heart exam it's a nice regular rate and rhythm but i appreciate a slight two over six systolic ejection murmur at the left base") ==
                ["Cardiovascular: Regular rate and rhythm.", "Cardiovascular: Grade 2/6 systolic ejection murmur at the left base."])
        #expect(Self.lines("so ... on physical examination , you know , i-i do hear a slight 2 out of 6 s- s- systolic heart murmur .") ==
                ["Cardiovascular: Grade 2/6 systolic murmur."])
        #expect(Self.lines("no murmur no rub no gallop .") == ["Cardiovascular: No murmur, rub, or gallop."])
        #expect(Self.lines("your lungs are clear to auscultation bilaterally") == ["Respiratory: Lungs are clear to auscultation bilaterally."])
        #expect(Self.lines("i do notice some crackles in your lungs bilaterally") == ["Respiratory: Crackles in the lungs bilaterally."])
        #expect(Self.lines("his lower extremities have 1+ pitting edema .") == ["Cardiovascular: 1+ pitting edema of the lower extremities."])
    }

    @Test func negationStaysInItsClause() {
        #expect(Self.lines("there is no evidence of any rebound or guarding there is no peritoneal signs there is positive cva tenderness on the right flank") ==
                ["Gastrointestinal: No rebound, guarding, or peritoneal signs.", "Gastrointestinal: CVA tenderness on the right flank."])
        #expect(Self.lines("i do n't appreciate any cervical lymphadenopathy and also no supraclavicular adenopathy") ==
                ["Neck: No cervical lymphadenopathy or supraclavicular adenopathy."])
        #expect(Self.lines("so no decreased range of motion negative varus and valgus test") ==
                ["Musculoskeletal: No decreased range of motion.", "Musculoskeletal: Negative varus and valgus test."])
    }

    @Test func sitesAreReadAndCarried() {
        #expect(Self.lines("on your right knee exam no ecchymosis or edema no effusion no pain to palpation of the of the left medial knee") ==
                ["Musculoskeletal: No ecchymosis or edema of the right knee.", "Musculoskeletal: No effusion of the right knee.",
                 "Musculoskeletal: No pain to palpation of the left medial knee."])
        #expect(Self.lines("your right knee does show a little bit of , uh , an effusion there and there's , uh , some slight pain to palpation") ==
                ["Musculoskeletal: Effusion of the right knee.", "Musculoskeletal: Slight pain to palpation of the right knee."])
        #expect(Self.lines("i do n't feel any tenderness over your proximal joint or your metacarpophalangeal joint , which is right above your knuckle .") ==
                ["Musculoskeletal: No tenderness over the proximal joint or the metacarpophalangeal joint."])
        #expect(Self.lines("there is full range of motion of the right knee and on skin examination there is evidence of a bull's-eye rash over the right knee") ==
                ["Musculoskeletal: Full range of motion of the right knee.", "Integumentary: Bull's-eye rash over the right knee."])
        #expect(Self.lines("your neck is supple and there is no tenderness over the sinuses") ==
                ["Neck: Neck is supple.", "Ears, Nose, Mouth and Throat: No tenderness over the sinuses."])
        #expect(Self.lines("you do have some pain to your right upper quadrant when i press on it") == ["Gastrointestinal: Pain to palpation of the right upper quadrant."])
    }

    @Test func qualifiersAreKept() {
        #expect(Self.lines("your heart i hear a three out of six , systolic ejection murmur , uh , that's stable") ==
                ["Cardiovascular: Grade 3/6 systolic ejection murmur."])
        #expect(Self.lines("i appreciate a slight 2/6 systolic ejection murmur heard at the left base") ==
                ["Cardiovascular: Grade 2/6 systolic ejection murmur at the left base."])
        #expect(Self.lines("no other suspicious moles , no axillary , cervical , or supraclavicular lymphadenopathy") ==
                ["Integumentary: No suspicious moles.", "Neck: No axillary, cervical, or supraclavicular lymphadenopathy."])
        #expect(Self.lines("she has got these mild wheezes in all her lung fields") == ["Respiratory: Mild wheezes in all the lung fields."])
        #expect(Self.lines("there is a two by 3 cm ulcerated lesion on the right lateral foot") ==
                ["Integumentary: Two by 3 cm ulcerated lesion on the right lateral foot."])
        #expect(Self.lines("lower extremity edema on the right hand side") == ["Cardiovascular: Lower extremity edema on the right side."])
        #expect(Self.lines("on the right foot there is bruising of the plantar and dorsal aspects of the foot there is associated swelling") ==
                ["Musculoskeletal: Bruising of the plantar and dorsal aspects of the foot.", "Musculoskeletal: Swelling of the plantar and dorsal aspects of the foot."])
        #expect(Self.lines("so neck exam you do have a little bit of swelling in your neck little bit of jvd no bruits your lung exam you have some crackles in both bases") ==
                ["Neck: Slight swelling in the neck.", "Cardiovascular: Slight JVD.", "Cardiovascular: No bruits.", "Respiratory: Crackles in both bases."])
        #expect(Self.lines("your lungs are clear and there is no rash or bruising") == ["Respiratory: Lungs are clear to auscultation.", "Integumentary: No rash or bruising."])
        #expect(Self.lines("i can appreciate a a small amount of effusion") == ["Musculoskeletal: Small amount of effusion."])
        #expect(Self.lines("decreased range of motion with flexion and extension , and he has a positive straight leg raise") ==
                ["Musculoskeletal: Decreased range of motion with flexion and extension.", "Musculoskeletal: Positive straight leg raise."])
        #expect(Self.lines("mild pain on flexion and extension little bit of limited range of motion on extension of the arm") ==
                ["Musculoskeletal: Mild pain with flexion and extension.", "Musculoskeletal: Limited range of motion with extension of the arm."])
        #expect(Self.lines("her left foot exam is normal capillary refill is appropriate pedal pulses are strong and sensation is intact") ==
                ["Musculoskeletal: Foot exam is normal.", "Cardiovascular: Pedal pulses are strong.", "Neurological: Sensation is intact in the left foot."])
    }

    @Test func testsPulsesAndSensation() {
        #expect(Self.lines("positive straight leg raise on the right") == ["Musculoskeletal: Positive straight leg raise on the right."])
        #expect(Self.lines("of his left arm his capillary refill is less than three seconds") == ["Cardiovascular: Capillary refill is less than 3 seconds."])
        #expect(Self.lines("his dorsalis pedis pulse is intact and strong") == ["Cardiovascular: Dorsalis pedis pulse is intact."])
        #expect(Self.lines("his sensation is intact to light touch") == ["Neurological: Sensation is intact to light touch."])
    }

    @Test func explanationsAndTalkYieldNothing() {
        #expect(Self.lines("so that means that you might have some swelling of your kidney").isEmpty)
        #expect(Self.lines("i'm going to take a listen to your heart and lungs").isEmpty)
        #expect(Self.lines("okay can you bend your knee for me").isEmpty)
        // A bare place finding says too little; a pertinent negative does not.
        #expect(Self.lines("there is some swelling and it's going to rub a little bit") .isEmpty)
        #expect(Self.lines("there is no swelling") == ["Musculoskeletal: No swelling."])
    }

    @Test func rangesQuoteTheWordsSaid() {
        let said = "on your right knee exam no ecchymosis or edema , uh , and there's some tenderness to palpation"
        let found = Self.reader.findings(in: said)
        let scalars = Array(said.unicodeScalars)
        let quotes = found.map { f in f.ranges.map { String(String.UnicodeScalarView(scalars[$0])) } }
        #expect(quotes == [["no ecchymosis or edema", "your right knee"], ["tenderness to palpation", "your right knee"]])
    }
}
