import ClinicalText
import Terminology
import Testing

/// A small lexicon written here, so component tests do not depend on the curated tables.
enum TestLexicon {
    static let lexicon = Lexicon(
        concepts: [
            .init(id: "chest-pain", kind: .symptom, preferred: "chest pain", terms: ["chest pain", "pain in the chest"], icd10cm: "R07.9", lay: nil, group: nil, lateral: false),
            .init(id: "fever", kind: .symptom, preferred: "fever", terms: ["fever", "fevers"], icd10cm: "R50.9", lay: nil, group: nil, lateral: false),
            .init(id: "cough", kind: .symptom, preferred: "cough", terms: ["cough"], icd10cm: "R05.9", lay: nil, group: nil, lateral: false),
            .init(id: "hypertension", kind: .problem, preferred: "hypertension", terms: ["hypertension", "HTN", "high blood pressure"], icd10cm: "I10",
                  lay: "high blood pressure", group: nil, lateral: false),
            .init(id: "type-2-diabetes", kind: .problem, preferred: "type 2 diabetes", terms: ["type 2 diabetes", "DM2", "diabetes"], icd10cm: "E11.9",
                  lay: nil, group: nil, lateral: false),
            .init(id: "multiple-sclerosis", kind: .problem, preferred: "multiple sclerosis", terms: ["multiple sclerosis", "MS"], icd10cm: "G35", lay: nil,
                  group: nil, lateral: false),
            .init(id: "knee-pain", kind: .symptom, preferred: "knee pain", terms: ["knee pain"], icd10cm: "M25.569", lay: nil, group: nil, lateral: false),
            .init(id: "lisinopril", kind: .medication, preferred: "lisinopril", terms: ["lisinopril", "Zestril"], icd10cm: nil, lay: nil, group: "ace inhibitor", lateral: false),
            .init(id: "metformin", kind: .medication, preferred: "metformin", terms: ["metformin"], icd10cm: nil, lay: nil, group: "biguanide", lateral: false),
        ],
        frequencies: ["daily": 1, "once a day": 1, "twice a day": 2, "bid": 2, "prn": nil],
        routes: ["by mouth": "oral", "po": "oral"],
        doseForms: ["tablet": "tablet", "tab": "tablet"])
    static let engine = ClinicalTextEngine(lexicon: lexicon, labNames: [(names: ["a1c", "hemoglobin a1c"], code: "4548-4", unit: "%")])
}

@Suite("Clinical text components")
struct ComponentTests {
    let tokenizer = Tokenizer()

    func tokens(_ s: String) -> [Token] { tokenizer.tokens(ScalarText(s)) }

    @Test func tokensKeepCodePointOffsets() {
        let text = "Café: BP 120/80, can't x-ray 7.5mg 1,200 3rd 😀 ok"
        let t = tokens(text)
        #expect(t.map(\.text) == ["Café", ":", "BP", "120", "/", "80", ",", "can't", "x-ray", "7.5", "mg", "1,200", "3rd", "😀", "ok"])
        let s = ScalarText(text)
        for tok in t { #expect(s[tok.range] == tok.text) }
        #expect(t[0].normalized == "cafe")
        #expect(t.last!.range == 47..<49)
    }

    @Test func sentencesInNotesAndSpeech() {
        let note = "CHIEF COMPLAINT\n\nKnee pain.\n\nHISTORY OF PRESENT ILLNESS\nDr. Smith saw the pt. today. She has pain, e.g. when walking. Temp 98.6 F.\n• Denies fever\n• Endorses cough"
        let s = ScalarText(note)
        let sentences = SentenceSplitter().sentences(s, tokenizer.tokens(s)).map { s[$0.range] }
        #expect(sentences == ["CHIEF COMPLAINT", "Knee pain.", "HISTORY OF PRESENT ILLNESS", "Dr. Smith saw the pt. today.", "She has pain, e.g. when walking.",
                              "Temp 98.6 F.", "• Denies fever", "• Endorses cough"])
        // A letter joined to a number ends a sentence like any word: "stage 3a." is no initial.
        let staged = ScalarText("Chronic kidney disease stage 3a. Her eGFR is stable at 47, similar to 49.")
        #expect(SentenceSplitter().sentences(staged, tokenizer.tokens(staged)).map { staged[$0.range] }
                == ["Chronic kidney disease stage 3a.", "Her eGFR is stable at 47, similar to 49."])
        let asr = "so how are you doing today i've been having this knee pain for about three weeks now and it gets worse when i climb stairs okay so have you tried anything for it i took some ibuprofen"
        let a = ScalarText(asr)
        let parts = SentenceSplitter().sentences(a, tokenizer.tokens(a))
        #expect(parts.count >= 2)
        #expect(parts.allSatisfy { $0.tokens.count <= 30 })
    }

    @Test func unpunctuatedTurnsAreCutAtMarkersAndQuestionsButNotThroughANegation() {
        func split(_ text: String) -> [String] {
            let s = ScalarText(text)
            return SentenceSplitter().sentences(s, tokenizer.tokens(s)).map { s[$0.range] }
        }
        #expect(split("okay so the inside of your right elbow okay and then does the pain radiate down your arm")
                == ["okay so the inside of your right elbow", "okay and then does the pain radiate down your arm"])
        // A dictated exam moving to the next part is cut there; a speaker's own "looking at" and a test looked at are not.
        #expect(split("i do n't appreciate any cervical lymphadenopathy and also no supraclavicular adenopathy listening to your heart you have a nice regular rate")
                .contains { $0.hasPrefix("listening to your heart") })
        #expect(split("i was looking at your knee and it is swollen").count == 1)
        #expect(!split("based on his exam and looking at the x-ray it is a sprain").contains { $0.hasPrefix("looking") })
        // "any" opens a question only at the start: mid-sentence it is usually under a negation.
        #expect(split("yes i have n't had any nausea but you know just slight fatigue").count == 1)
        // A punctuated turn keeps its own sentences, and a stray period (`q.6 h.`) does not make a long turn punctuated.
        #expect(split("okay . so how long has it been going on ?") == ["okay .", "so how long has it been going on ?"])
        let turn = "that bend the wrist towards the palm now i want you to rest it i'm gon na order a sling and i want you to wear the sling while "
            + "you're awake now we're also gon na have you apply ice to the elbow for twenty minutes three times a day and i want you to take "
            + "ibuprofen that's gon na be six hundred milligrams q.6 h. with food and i want you to take that for a full week"
        #expect(split(turn) == ["that bend the wrist towards the palm", "now i want you to rest it",
                                "i'm gon na order a sling and i want you to wear the sling while you're awake",
                                "now we're also gon na have you apply ice to the elbow for twenty minutes three times a day",
                                "and i want you to take ibuprofen that's gon na be six hundred milligrams q.6 h. with food",
                                "and i want you to take that for a full week"], "\(split(turn))")
        // A run of findings is cut where a new subject and its verb follow a word that can end a clause; the main
        // clause after an opening "when …" stays with it, and a restart ("it's it's") or a place ("the site there is
        // clean") is not a new clause.
        #expect(split("so when i look at the knee there is no redness there's no swelling i can appreciate a small amount of effusion")
                == ["so when i look at the knee there is no redness", "there's no swelling", "i can appreciate a small amount of effusion"])
        #expect(split("and it's it's just to the point where i need your opinion").count == 1)
        // "gon na have you continue" is an instruction, not a question to cut at; a new problem opens its own sentence,
        // which keeps the order said with it.
        #expect(split("for your first diagnosis of coronary artery disease we are gon na have you continue your aspirin eighty one milligrams daily").count == 1)
        #expect(split("we will see how she does on the forty milligrams for her third problem of her diabetes let's go ahead and order a hemoglobin a1c")
                == ["we will see how she does on the forty milligrams", "for her third problem of her diabetes let's go ahead and order a hemoglobin a1c"])
        // A dose said after its drug stays with it.
        #expect(split("so i want to go ahead and prescribe protonix it's forty milligrams once a day").count == 1)
        #expect(split("your right radial artery the cath site there is clean and dry and intact").count == 1)
        // An exam's lead opens the next finding, its conjunction with it; a topic said before its clause is not cut off.
        #expect(split("the uvula is midline on your neck exam i do appreciate some lymphadenopathy on your lung exam your lungs you have some rhonchi and on your heart exam your heart is regular")
                == ["the uvula is midline", "on your neck exam i do appreciate some lymphadenopathy", "on your lung exam your lungs you have some rhonchi",
                    "and on your heart exam your heart is regular"])
        // "is well maintained", "as well": adverbs, not the marker "well".
        #expect(split("and the joint spaces of that right knee are are well maintained i do n't see any evidence of any fracture").first
                == "and the joint spaces of that right knee are are well maintained")
        // A transcript's punctuated turn is cut at a run-on too.
        let s = ScalarText("your vital signs look pretty good you do have a low-grade fever .")
        #expect(SentenceSplitter().sentences(s, tokenizer.tokens(s), speech: true).map { s[$0.range] }
                == ["your vital signs look pretty good", "you do have a low-grade fever ."])
        #expect(SentenceSplitter().sentences(s, tokenizer.tokens(s)).count == 1)
        // A long run is cut before its next coordinate clause.
        #expect(split("i was walking up and down the stairs doing my laundry with a big basket in both of my arms and then i slipped on the last step")
                == ["i was walking up and down the stairs doing my laundry with a big basket in both of my arms", "and then i slipped on the last step"])
        // A long punctuated sentence of coordinate clauses is cut before "and" with a new subject and verb …
        let speech = { (t: String) in let s = ScalarText(t); return SentenceSplitter().sentences(s, tokenizer.tokens(s), speech: true).map { String(s[$0.range]) } }
        #expect(speech("there is tenderness to palpation of your right upper quadrant , and there's no rebound or guarding and there's no peritoneal signs and your right knee does show an effusion .")
                == ["there is tenderness to palpation of your right upper quadrant ,", "and there's no rebound or guarding and there's no peritoneal signs",
                    "and your right knee does show an effusion ."])
        // … but not inside a compound subject, a subordinate clause, or between two nouns of one subject.
        #expect(speech("she and i have battled in the past with her remembering her medicine and her and i have talked about it a lot .").count == 1)
        #expect(speech("we sent that autoimmune panel because she is young and she has arthritis and gout .").count == 1)
        #expect(speech("your blood pressure is up today and your heart rate and your oxygenation all look good .").count == 1)
        let q2 = { (t: String) in let s = ScalarText(t); return SentenceSplitter.asks(tokenizer.tokens(s)[...]) }
        #expect(q2("that's it what would you say your pain score is out of ten"))
        #expect(!q2("i'm gon na have you turn your wrist as if you're turning a door knob"))
        // "is that" opening a clause is no question; "is that the left one" is.
        #expect(!q2("what i want to tell you is that i think you have a knee sprain from overuse"))
        #expect(q2("okay is that the left one"))
        let q = { (t: String) in let s = ScalarText(t); return SentenceSplitter.isQuestion(tokenizer.tokens(s)[...]) }
        #expect(q("okay and then how long has this pain been going on"))
        #expect(q("any fevers or chills"))
        #expect(!q("so the inside of your right elbow"))
        #expect(!q("do you know . it hurts ."))
    }

    @Test func transcriptTurnsInTheFormsThatOccur() {
        let aci = ScalarText("[doctor] hi , martha . how are you ?\n[patient] i'm doing okay .\n[patient_guest] she's been tired")
        let t = TranscriptParser().turns(aci)
        #expect(t.map(\.role) == [.clinician, .patient, .family])
        #expect(aci[t[1].range] == "i'm doing okay .")
        let prefixed = ScalarText("00:00:01 Dr.: Any chest pain?\n[00:00:04] Patient: No.\nMother: He coughs at night.\nSpeaker 2: okay")
        let p = TranscriptParser().turns(prefixed)
        #expect(p.map(\.role) == [.clinician, .patient, .family, .other])
        #expect(prefixed[p[0].range] == "Any chest pain?")
        #expect(TranscriptParser().turns(ScalarText("so how are you today i'm fine")).map(\.role) == [.unknown])
    }

    @Test func sectionsWithLoincCodes() {
        let note = ScalarText("CHIEF COMPLAINT\n\nCough.\n\nHPI: Three days of cough.\n\nREVIEW OF SYSTEMS\n\nNegative.\n\nPhysical Exam:\nLungs clear.\n\nASSESSMENT AND PLAN\n\n1. Bronchitis.\n\nSOMETHING ELSE\nx")
        let sections = SectionDetector().sections(note)
        #expect(sections.map(\.kind) == [.chiefComplaint, .historyOfPresentIllness, .reviewOfSystems, .physicalExam, .assessmentAndPlan, .other])
        #expect(sections[1].kind.loinc?.code == "10164-2")
        #expect(note[sections[1].body] .hasPrefix("Three days of cough."))
        #expect(sections[4].kind.loinc?.code == "51847-2")
        #expect(note[sections[0].heading.range] == "CHIEF COMPLAINT")
    }

    @Test func conceptsAreMatchedLongestFirstReorderedAndCaseAware() {
        let doc = TestLexicon.engine.annotate("He has HTN and DM2, pain in the chest, fevers, and MS. The ms of the pt was fine. Type 2 diabetes.", kind: .note)
        let found = doc.concepts.map { "\($0.mention.concept.id)=\($0.mention.span.text)" }
        #expect(found == ["hypertension=HTN", "type-2-diabetes=DM2", "chest-pain=pain in the chest", "fever=fevers", "multiple-sclerosis=MS",
                          "type-2-diabetes=Type 2 diabetes"])
    }

    @Test func contextScopesAndPseudoTriggers() {
        func status(_ s: String) -> [String] {
            TestLexicon.engine.annotate(s, kind: .note).concepts.map { c in
                let a = c.assertion
                return c.mention.concept.id + (a.negated ? "-" : "") + (a.uncertain ? "?" : "") + (a.historical ? "h" : "") + (a.hypothetical ? "y" : "")
                    + (a.experiencer == .family ? "f" : "")
            }
        }
        #expect(status("Denies fever, chest pain or cough.") == ["fever-", "chest-pain-", "cough-"])
        #expect(status("No fever but has a cough.") == ["fever-", "cough"])
        #expect(status("Fever was ruled out.") == ["fever-"])
        #expect(status("Possible hypertension.") == ["hypertension?"])
        #expect(status("History of hypertension.") == ["hypertension h"].map { $0.replacingOccurrences(of: " ", with: "") })
        #expect(status("Her mother has type 2 diabetes.") == ["type-2-diabetes f"].map { $0.replacingOccurrences(of: " ", with: "") })
        #expect(status("Call if you develop chest pain.") == ["chest-pain y"].map { $0.replacingOccurrences(of: " ", with: "") })
        #expect(status("No increase in cough.") == ["cough"])
        #expect(status("Cough: negative.") == ["cough-"])
        let dialogue = TestLexicon.engine.annotate("[doctor] any chest pain ?\n[patient] no .\n[doctor] fever ?\n[patient] yes a little", kind: .transcript)
        #expect(dialogue.concepts.map { "\($0.mention.concept.id):\($0.assertion.negated):\($0.speaker!.rawValue)" } == ["chest-pain:true:clinician", "fever:false:clinician"])
        // Spoken, without punctuation: the question is recognised by its opening, and "i have not" answers no.
        let spoken = TestLexicon.engine.annotate("[doctor] okay and have you had any fever\n[patient] i have not at this point\n[doctor] and any cough\n[patient] yeah",
                                                 kind: .transcript)
        #expect(spoken.concepts.map { "\($0.mention.concept.id):\($0.assertion.negated):\($0.assertion.question)" } == ["fever:true:true", "cough:false:true"])
    }

    @Test func measurementsAndSigs() {
        let doc = TestLexicon.engine.annotate("BP 142/91, heart rate 72, temp 98.6 F, O2 sat 97% on room air, BMI 31.2. Her A1c was 7.2 %. Pain 7/10. "
            + "Blood pressure is one twenty over eighty. Take lisinopril 20 mg by mouth once a day and metformin 500 mg tablet bid for 30 days.", kind: .note)
        let m = doc.measurements.map { "\($0.kind.rawValue):\($0.value)\($0.value2.map { "/\($0)" } ?? "") \($0.unit)" }
        #expect(m == ["blood-pressure:142.0/91.0 mm[Hg]", "heart-rate:72.0 /min", "temperature:98.6 [degF]", "oxygen-saturation:97.0 %", "bmi:31.2 kg/m2",
                      "lab:7.2 %", "pain:7.0 {score}", "blood-pressure:120.0/80.0 mm[Hg]"])
        #expect(doc.measurements[5].loinc == "4548-4")
        let meds = doc.medications.map { "\($0.concept.id) \($0.doseValue ?? 0)\($0.doseUnit ?? "") \($0.route ?? "-") \($0.perDay.map { String($0) } ?? "-") \($0.form ?? "-") \($0.duration?.days ?? 0)" }
        #expect(meds == ["lisinopril 20.0mg oral 1.0 - 0.0", "metformin 500.0mg - 2.0 tablet 30.0"])
        #expect(doc.medications[0].fullSpan.text == "lisinopril 20 mg by mouth once a day")
    }

    @Test func timeExpressionsAndModifiers() {
        let doc = TestLexicon.engine.annotate("Severe left knee pain for three days, since my last visit, started two weeks ago. Mild cough x 2 wks.", kind: .note)
        #expect(doc.times.map { "\($0.kind.rawValue):\($0.value.map { String($0) } ?? "-") \($0.unit)" } == ["duration:3.0 day", "anchor:- last-visit", "ago:2.0 week", "duration:2.0 week"])
        #expect(doc.times[2].days == 14)
        let knee = doc.concepts.first { $0.mention.concept.id == "knee-pain" }!
        #expect(knee.modifiers.laterality == .left && knee.modifiers.severity == .severe)
        #expect(doc.concepts.first { $0.mention.concept.id == "cough" }!.modifiers.severity == .mild)
    }
}
