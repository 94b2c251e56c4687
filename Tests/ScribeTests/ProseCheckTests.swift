import ClinicalText
@testable import Scribe
import Terminology
import Testing

@Suite("ProseCheck: note prose, not speech")
struct ProseCheckTests {
    static let check = ProseCheck()

    static func kinds(_ sentence: String, _ section: SectionKind = .historyOfPresentIllness) -> Set<ProseProblem.Kind> {
        Set(check.problems(in: sentence, section: section).map(\.kind))
    }

    @Test func whatThePatientThinksIsWhatThePatientBelieves() {
        #expect(Scribe.believesPattern.matches("He thinks he has a very sensitive stomach."))
        #expect(!Scribe.believesPattern.matches("She thinks that was her left knee."))
        #expect(!Scribe.believesPattern.matches("He thinks probably over the last 6 months."))
    }

    @Test func aRestartedSentenceKeepsItsSecondStart() {
        #expect(Rewriter.withoutRestart("She measures it at home she measures her blood pressure at home.") == "She measures her blood pressure at home.")
        #expect(Rewriter.withoutRestart("He said it hurts and he said it was worse at night.") == "He said it hurts and he said it was worse at night.")
        #expect(Rewriter.withoutRestart("She has a cough.") == "She has a cough.")
    }

    @Test func writtenNoteSentencesPass() {
        let good = [
            "The patient reports she has had right knee pain for 3 days.",
            "He denies fever or chills.",
            "No numbness or tingling.",
            "The pain radiates down his left leg.",
            "Past medical history includes gerd, anxiety and depression.",
            "She has tried this kind of brace before.",
            "One of them was back to normal.",
            "It feels as if he hurt his ankle.",
            "The patient understands and agrees with the recommended medical treatment plan.",
            "She needs a refill of her metformin 500 mg.",
            "Lately she has been relatively well.",
        ]
        for s in good { #expect(Self.check.problems(in: s, section: .historyOfPresentIllness).isEmpty, "\(s): \(Self.check.problems(in: s, section: .historyOfPresentIllness))") }
        #expect(Self.check.problems(in: "Continue the lisinopril 20 mg a day.", section: .assessmentAndPlan).isEmpty)
        #expect(Self.check.problems(in: "We will continue her current medications.", section: .assessmentAndPlan).isEmpty)
        #expect(Self.check.problems(in: "Tenderness to palpation over the medial joint line.", section: .physicalExam).isEmpty)
    }

    @Test func eachKindOfFlawIsFound() {
        #expect(Self.kinds("A bit of joint pain.") == [.fragment])
        #expect(Self.kinds("I think I want to increase.", .assessmentAndPlan).contains(.fragment))
        #expect(Self.kinds("When he takes ibuprofen what is his pain level then.").contains(.speech))
        #expect(Self.kinds("Patients love the cardiac rehab program.", .assessmentAndPlan) == [.speech])
        #expect(Self.kinds("His blood pressure is great.", .physicalExam) == [.speech])
        #expect(Self.kinds("Please have a seat on this table.", .physicalExam) == [.misplaced])
        #expect(Self.kinds("That he has had his procedure that he will feel better.").contains(.fragment))
        #expect(Self.kinds("Follow up in 2 weeks and if she is still having symptoms.", .assessmentAndPlan) == [.fragment])
        #expect(Self.kinds("Injured or broken a bone.") == [.fragment])
        #expect(Self.kinds("Had decreased flexion of her back.", .physicalExam) == [.fragment])
        #expect(Self.kinds("Decreased range of motion with flexion.", .physicalExam).isEmpty)
        #expect(Self.kinds("I am feeling his neck.", .physicalExam).contains(.misplaced))
        #expect(Self.kinds("Let's review her blood work.") == [.speech])
        #expect(Self.kinds("I am having difficulty breathing sometimes.") == [.speech])
        #expect(Self.kinds("We will keep a close eye on her.") == [.speech])
        #expect(Self.kinds("I reviewed the report from the emergency room.").isEmpty)
        #expect(Self.kinds("We started him on Imitrex a couple of months ago.").isEmpty)
        #expect(Self.kinds("He has excellent range of motion.", .physicalExam).isEmpty)
        #expect(Self.kinds("Because I might need to give her more diuretic.", .assessmentAndPlan).contains(.fragment))
        #expect(Self.kinds("To see if the dry cough is part of that.", .assessmentAndPlan) == [.fragment])
        #expect(Self.kinds(", she has a slightly reduced heart function.") == [.punctuation])
        #expect(Self.kinds("Knee to be more exact.") == [.fragment])
        #expect(Self.kinds("He is so tired and fatigued, and he feels.") == [.fragment])
        #expect(Self.kinds("There is a little fluid in that knee's joint space and there.", .physicalExam) == [.fragment])
        #expect(Self.kinds("She can take them as long as, yeah, they're on one scale.").contains(.speech))
        #expect(Self.kinds("We have kind of battled with his arthritis.") == [.speech])
        #expect(Self.kinds("Her cholesterol was like, a tiny bit high.") == [.speech])
        #expect(Self.kinds("Continue exercising with the braces and everything.", .assessmentAndPlan) == [.speech])
        #expect(Self.kinds("The pain started when you push on the left side.") == [.secondPerson])
        #expect(Self.kinds("I want to continue she on her current medications.", .assessmentAndPlan).contains(.pronounCase))
        #expect(Self.kinds("I would like he to try physical therapy.", .assessmentAndPlan).contains(.pronounCase))
        #expect(Self.kinds("We will get she set up for the ultrasound.", .assessmentAndPlan).contains(.pronounCase))
        #expect(Self.kinds("My impression of him is that him has anemia.", .assessmentAndPlan).contains(.pronounCase))
        #expect(Self.kinds("He wish he had come in sooner.") == [.agreement])
        #expect(Self.kinds("She also have gallstones.") == [.agreement])
        #expect(Self.kinds("The patient have eczema.") == [.agreement])
        #expect(Self.kinds("She said she she found a lump.") == [.repetition])
        #expect(Self.kinds("He has pain , in his back.") == [.punctuation])
        #expect(Self.kinds("he has pain in his back.") == [.punctuation])
        #expect(Self.kinds("His hemoglobin is 8.2, so we'll have to look into that.", .results) == [.misplaced])
        #expect(Self.kinds("Let's look at her x-ray.", .results).contains(.misplaced))
        // The clinician explaining to the patient is not an exam finding.
        #expect(Self.kinds("The hepatomegaly means his liver is enlarged.", .physicalExam) == [.misplaced])
        #expect(Self.kinds("His liver is enlarged.", .physicalExam).isEmpty)
        // A complement cut off after the verb, or a sentence ending on its next subject.
        #expect(Self.kinds("Her creatinine was.", .results) == [.fragment])
        #expect(Self.kinds("It is not as bad as it was.").isEmpty)
        #expect(Self.kinds("No fever some chills and she.").contains(.fragment))
        // A plan sentence that only names its topic; the same lead with a clause is a sentence.
        #expect(Self.kinds("For his next problem, his diabetes.", .assessmentAndPlan) == [.fragment])
        #expect(Self.kinds("For his diabetes, he will continue metformin.", .assessmentAndPlan).isEmpty)
        // A drug order keeps its "let's" when nothing else says the drug.
        #expect(Self.check.problems(in: "For her second problem of her diabetes mellitus let's continue her on the metformin 500 mg.", section: .assessmentAndPlan,
                                    statesFacts: true).isEmpty)
        #expect(Self.kinds("For her diabetes continue the metformin 500 mg.", .assessmentAndPlan).isEmpty)
    }

    @Test func everyPatternCompiles() {
        #expect(Self.check.compiled.count == ProseCheck.speechPatterns.count + 11)
    }

    @Test func eachProblemNamesTheWordsThatShowIt() {
        let problems = Self.check.problems(in: "He wish he had come in sooner.", section: .historyOfPresentIllness)
        #expect(problems.map(\.description) == ["agreement: \"He wish\""])
    }
}

@Suite("Rewriter: grammar of the third person")
struct RewriterGrammarTests {
    static let her = Rewriter(patient: PatientContext(sex: .female))
    static let him = Rewriter(patient: PatientContext(sex: .male))

    @Test func anyVerbAfterTheSubjectAgreesNotOnlyListedOnes() {
        #expect(Self.her.patientSentence("i wish i had come in sooner") == "She wishes she had come in sooner.")
        #expect(Self.him.patientSentence("i-i think i need to go clean for a couple of weeks") == "He thinks he needs to go clean for a couple of weeks.")
        #expect(Self.her.patientSentence("i really appreciate the help with my knee") == "She appreciates the help with her knee.")
        #expect(Self.him.patientSentence("i have had this cough and i do take a blood pressure pill") == "He has had this cough and he takes a blood pressure pill.")
        // A verb whose past is its base form is read as the past ("she hurt her knee"), never "hurts".
        #expect(Self.her.patientSentence("i hurt my knee playing soccer") == "She hurt her knee playing soccer.")
        #expect(Self.her.patientSentence("i pressed on it and i felt a pop") == "She pressed on it and she felt a pop.")
        // The second verb of a shared predicate agrees too.
        #expect(Self.him.patientSentence("i'm either constipated or have explosive diarrhea") == "He is either constipated or has explosive diarrhea.")
        #expect(Self.her.patientSentence("i do my breast exams now and have not felt anything") == "She does her breast exams now and has not felt anything.")
        #expect(Self.her.patientSentence("i want to walk and run more") == "She wants to walk and run more.")
    }

    @Test func theCliniciansYouIsAnObjectWhereAnObjectBelongs() {
        #expect(Self.her.clinicianSentence("i want to continue you on your current medications") == "I want to continue her on her current medications.")
        #expect(Self.him.clinicianSentence("i would like you to try physical therapy") == "I would like him to try physical therapy.")
        #expect(Self.him.clinicianSentence("my impression of you is that you have anemia") == "My impression of him is that he has anemia.")
        #expect(Self.her.clinicianSentence("we'll get you set up for the ultrasound") == "We will get her set up for the ultrasound.")
        #expect(Self.her.clinicianSentence("the headache has made you feel uncomfortable") == "The headache has made her feel uncomfortable.")
        #expect(Self.him.clinicianSentence("we'll get you your mri this afternoon") == "We will get him his mri this afternoon.")
        #expect(Self.him.clinicianSentence("i'll have you take the ibuprofen with food") == "I will have him take the ibuprofen with food.")
        #expect(Self.her.clinicianSentence("if you wish you can call the office and we will move the appointment")
                == "If she wishes, she can call the office and we will move the appointment.")
        #expect(Self.him.clinicianSentence("i think you have a rash on your arm") == "He likely has a rash on his arm.")
    }

    @Test func aRestartThatRepeatsItsOpeningIsSaidOnce() {
        #expect(Self.her.clinicianSentence("for that ankle sprain i want to keep i want you to keep your leg elevated")
                == "For the ankle sprain I want her to keep her leg elevated.")
        #expect(Self.her.clinicianSentence("what i want you to do i want you to use that solution twice daily") == "I want her to use that solution twice daily.")
        #expect(Self.her.clinicianSentence("i think she is i think she likes the brace a little bit") == "I think she likes the brace slightly.")
        // A list of findings is not a restart: nouns are never abandoned words.
        #expect(Self.her.patientSentence("i have pain and i have swelling") == "She has pain and she has swelling.")
        #expect(Self.him.patientSentence("i have a cough i have a fever") == "He has a cough he has a fever.")
        #expect(Self.her.patientSentence("i swell up i swell up at night") == "She swells up at night.")
    }

    @Test func theSpeakersCommentAroundAClauseIsLeftOut() {
        #expect(Self.him.clinicianSentence("your ekg is completely normal , so that's good") == "His ekg is completely normal.")
        #expect(Self.him.clinicianSentence("i'll give you a wrist splint to wear and that should help") == "I will give him a wrist splint to wear.")
        #expect(Self.her.clinicianSentence("based on all of that , we can continue to observe you") == "We can continue to observe her.")
        #expect(Self.her.clinicianSentence("the good news is your lungs are clear today") == "Her lungs are clear today.")
        #expect(Self.him.clinicianSentence("we'll start physical therapy and see if that helps") == "We will start physical therapy.")
        #expect(Self.him.clinicianSentence("looking at you , your neck is very supple") == "His neck is very supple.")
        // A negated comment stays when the clause is not negated: its quote would read as negated.
        #expect(Self.her.clinicianSentence("it showed your ejection fraction at 45 % , which is not terrible")
                == "It showed her ejection fraction at 45 %, which is not terrible.")
        // Too little would be left.
        #expect(Self.her.clinicianSentence("your pressure , which is good") == "Her pressure, which is good.")
    }

    @Test func fillerLikeJustAndReallyGo() {
        #expect(Self.her.patientSentence("i check my blood pressure probably like a few times a week") == "She checks her blood pressure probably a few times a week.")
        #expect(Self.him.patientSentence("i have had to like stop playing") == "He has had to stop playing.")
        #expect(Self.her.patientSentence("i really want to remember the bottom number") == "She wants to remember the bottom number.")
        // "feel like", "looks like" and "like that" keep their meaning.
        #expect(Self.her.patientSentence("it feels like a dull pain") == "It feels like a dull pain.")
        #expect(Self.him.patientSentence("it is like that every morning") == "It is like that every morning.")
        #expect(Self.him.clinicianSentence("your scar did widen a little bit") == "His scar did widen slightly.")
    }

    @Test func pointingWordsBecomeTheNotesWords() {
        #expect(Self.him.clinicianSentence("your hemoglobin a1c here is 8") == "His hemoglobin a1c is 8.")
        #expect(Self.her.clinicianSentence("she has got tenderness over the distal phalanx") == "She has tenderness over the distal phalanx.")
        #expect(Self.her.patientSentence("i have got tenderness over the distal phalanx") == "She has tenderness over the distal phalanx.")
        #expect(Self.her.patientSentence("it has got worse since monday") == "It has got worse since monday.")
        #expect(Self.him.clinicianSentence("the pain will encourage you to move that finger") == "The pain will encourage him to move the finger.")
        #expect(Self.her.clinicianSentence("there is mild swelling there on the lateral elbow") == "There is mild swelling on the lateral elbow.")
        // "There is", "here for", "still there" and a place after a verb keep theirs.
        #expect(Self.her.patientSentence("the lumps feel smaller but they are still there") == "The lumps feel smaller but they are still there.")
        #expect(Self.her.patientSentence("it starts there and goes all the way down my arm") == "It starts there and goes all the way down her arm.")
        #expect(Self.her.clinicianSentence("looking at your x-ray , there is no fracture") == "Looking at her x-ray, there is no fracture.")
    }

    @Test func theERIsNotAHesitation() {
        #expect(Self.him.patientSentence("my wife took me to the er and everything checked out") == "His wife took him to the er and everything checked out.")
        #expect(Self.him.patientSentence("it was , er , about a week ago") == "It was about a week ago.")
    }

    @Test func hedgesTagsAndFalseStartsAreRemoved() {
        #expect(Self.her.clinicianSentence("we've kind of battled with your blood pressure in the past") == "We have battled with her blood pressure in the past.")
        #expect(Self.her.patientSentence("it felt , like , numb in my fingers") == "It felt, numb in her fingers.")
        #expect(Self.him.clinicianSentence("all right , so your lungs are clear") == "His lungs are clear.")
        #expect(Self.her.patientSentence("i'm i have come in with some right knee pain") == "She has come in with some right knee pain.")
        #expect(Self.him.patientSentence("i'm so tired and fatigued , and i feel") == "He is so tired and fatigued.")
        #expect(Self.him.patientSentence("i exercise with the braces and everything") == "He exercises with the braces.")
        #expect(Rewriter.withoutDanglingEnd("his knee hurts, , ") == "his knee hurts, ")
        // "kind of" as a noun stays.
        #expect(Self.him.patientSentence("i get this kind of pain in my back") == "He gets this kind of pain in his back.")
    }

    @Test func theClinicianSpeakingIsWrittenAsDocumentationOrLeftOut() {
        // Leads that carry nothing go; what follows is the note's.
        #expect(Rewriter.planStyle("My impression is that the patient probably has a contusion.") == "The patient probably has a contusion.")
        #expect(Rewriter.planStyle("My impression of him at this time, from a diabetes standpoint, increase the metformin to 1,000 mg twice a day.")
                == "From a diabetes standpoint, increase the metformin to 1,000 mg twice a day.")
        #expect(Rewriter.planStyle("My impression of him have this hyperglycemia.") == "My impression of him have this hyperglycemia.")
        #expect(Rewriter.planStyle("Try to start him on what we call Flomax 0.4 mg once a day.") == "Try to start him on Flomax 0.4 mg once a day.")
        #expect(Rewriter.planStyle("I want the patient to use ice for the pain.") == "Use ice for the pain.")
        #expect(Rewriter.planStyle("I also want her to continue the exercises.") == "Continue the exercises.")
        #expect(Rewriter.planStyle("I would continue with the exercises.") == "Continue with the exercises.")
        #expect(Rewriter.planStyle("I would like him to take ibuprofen 600 mg every 6 hours.") == "Take ibuprofen 600 mg every 6 hours.")
        #expect(Rewriter.planStyle("Follow up with her in 2 weeks and see if we are getting better.") == "Follow up in 2 weeks.")
        #expect(Rewriter.planStyle("Start physical therapy and see if that helps.") == "Start physical therapy.")
        #expect(Rewriter.planStyle("I would not do any revisions for scar tissue.") == "I would not do any revisions for scar tissue.")
        // The negation stays: "I do not think we need to …" is "No need to …".
        #expect(Rewriter.planStyle("I do not think we need to adjust any of those medications.") == "No need to adjust any of those medications.")

        // What is left of the clinician talking is speech outside the history, unless it carries a drug or a diagnosis.
        let check = ProseCheck()
        let speech = { (s: String, facts: Bool) in check.problems(in: s, section: .assessmentAndPlan, statesFacts: facts).contains { $0.kind == .speech } }
        #expect(speech("I think we have reasons as to why his blood sugar is so high.", false))
        #expect(speech("Let me order those.", false))
        #expect(speech("We can see where the nerve roots may be compressed.", false))
        #expect(!speech("I think he will tolerate the Aldactone.", true))
        // The note's own first person is documentation.
        for documented in ["I recommend physical therapy.", "We will order an MRI of the neck.", "We discussed the risks of the procedure.",
                           "I advised her to keep the leg elevated.", "I reviewed the results of the chest x-ray."] {
            #expect(!speech(documented, false), "\(documented)")
        }
        #expect(check.problems(in: "I think we have reasons to worry.", section: .physicalExam).contains { $0.kind == .speech })
        // A reply's "no" before a clause of its own, and the chart read aloud, are speech; "No fever." is a finding.
        #expect(check.problems(in: "No, her neck surgery.", section: .historyOfPresentIllness).contains { $0.kind == .speech })
        #expect(check.problems(in: "It says here that it is in both knees.", section: .historyOfPresentIllness).contains { $0.kind == .speech })
        #expect(check.problems(in: "No fever or chills.", section: .historyOfPresentIllness).isEmpty)
        #expect(Self.him.clinicianSentence("here , your blood pressure is still high") == "His blood pressure is still high.")
        #expect(Rewriter.planStyle(Self.him.clinicianSentence("i will order a lipid panel any questions") ?? "") == "Order a lipid panel.")
    }

    @Test func aHistorysSpokenHabitsAreWordedAsANotesAre() {
        #expect(Rewriter.historyStyle("He was endorsing the back pain.") == "He reported the back pain.")
        #expect(Rewriter.historyStyle("He had the sharp pain going down his right leg, he said.") == "He had the sharp pain going down his right leg.")
        #expect(Rewriter.historyStyle("To note, the patient is not currently on potassium.") == "The patient is not currently on potassium.")
        #expect(Rewriter.historyStyle("Of note, the patient underwent a valve replacement.") == "Of note, the patient underwent a valve replacement.")
        #expect(Rewriter.historyStyle("The past 6 months she has lost weight.") == "Over the past 6 months, she has lost weight.")
        #expect(Rewriter.historyStyle("They did a rapid COVID test when she came in here.") == "They did a rapid COVID test when she came in.")
        #expect(Self.her.clinicianSentence("dr. ward did put her on singulair") == "Dr. ward put her on singulair.")
    }

    @Test func aSentenceKeptForItsFactsIsCutToItsCleanClauses() {
        let check = ProseCheck()
        #expect(Scribe.cleanClauses(of: "Continue his lisinopril 10 mg a day and I want to see how his blood pressure does on that.",
                                    section: .assessmentAndPlan, prose: check, keeping: ["lisinopril"]) == ["Continue his lisinopril 10 mg a day."])
        // Not when a drug or a number would be lost, nor when the clauses are no cleaner.
        #expect(Scribe.cleanClauses(of: "Continue the lisinopril and I think we could add amlodipine 5 mg.", section: .assessmentAndPlan, prose: check,
                                    keeping: ["lisinopril", "amlodipine"]) == nil)
        #expect(Scribe.cleanClauses(of: "Continue the lisinopril 10 mg a day.", section: .assessmentAndPlan, prose: check, keeping: ["lisinopril"]) == nil)
        // A clause of a negated sentence keeps a negation of its own, or its quote could not support it.
        #expect(Scribe.cleanClauses(of: "She does not need the inhaler anymore and I think we can stop the albuterol.", section: .assessmentAndPlan,
                                    prose: check, keeping: ["albuterol"]) == nil)
    }

    @Test func topicsWithoutAClauseAndCopulasCutOffAreFragments() {
        let check = ProseCheck()
        let fragment = { (s: String, section: SectionKind) in check.problems(in: s, section: section).contains { $0.kind == .fragment } }
        #expect(fragment("For the shortness of breath that he had in the emergency department.", .assessmentAndPlan))
        #expect(fragment("From a rapid strep standpoint.", .assessmentAndPlan))
        #expect(fragment("The patient notes she is and this morning.", .historyOfPresentIllness))
        #expect(fragment("Of his left ankle.", .physicalExam))
        #expect(fragment("That slight heart murmur.", .physicalExam))
        #expect(!fragment("That murmur is stable.", .physicalExam))
        #expect(!fragment("For the shortness of breath, continue the albuterol that he uses.", .assessmentAndPlan))
        #expect(!fragment("For her diabetes, which is well controlled, continue metformin.", .assessmentAndPlan))
    }

    @Test func theCliniciansNarrationAndDroppedTopicsAreCut() {
        #expect(Self.her.clinicianSentence("what i am seeing here is on the tip of this middle finger , you actually have a fracture")
                == "On the tip of this middle finger, she has a fracture.")
        // Commas a recogniser put inside a phrase, "some" after an order, and stance adverbs.
        #expect(Self.him.clinicianSentence("your abdomen , is nice and soft and , your lower extremities have no edema")
                == "His abdomen is soft and his lower extremities have no edema.")
        #expect(Rewriter.planStyle("I am going to start her on some lasix 40 mg once a day.") == "Start her on lasix 40 mg once a day.")
        #expect(Rewriter.planStyle("I am also going to order physical therapy for her right knee.") == "Order physical therapy for her right knee.")
        #expect(Rewriter.planStyle("I do want to increase the lisinopril to 40 mg once a day.") == "Increase the lisinopril to 40 mg once a day.")
        #expect(Rewriter.planStyle("I will see her again in 3 months.") == "Follow up in 3 months.")
        #expect(Rewriter.planStyle("I am going to get a chest x-ray.") == "Get a chest x-ray.")
        #expect(Rewriter.planStyle("I am going to have to see him back.") == "I am going to have to see him back.")
        #expect(Rewriter.planStyle("We will not change her medications.") == "We will not change her medications.")
        #expect(Self.her.patientSentence("it definitely helps with the pain") == "It helps with the pain.")
        #expect(Self.him.clinicianSentence("as i said , the hepatomegaly means your liver is enlarged") == "The hepatomegaly means his liver is enlarged.")
        #expect(Self.her.clinicianSentence("i am not going to make any changes there and then for your diabetes")
                == "I am not going to make any changes there.")
    }

    @Test func aFindingKeepsItsFactsWithoutThePlanSaidAfterIt() {
        #expect(Rewriter.withoutPlanTail("His hemoglobin is 8.2, which is low, so we'll have to look into that.") == "His hemoglobin is 8.2, which is low.")
        #expect(Rewriter.withoutPlanTail("Her lungs are clear.") == "Her lungs are clear.")
        #expect(Rewriter.withoutPlanTail("So we'll look at it.") == "So we'll look at it.")
    }
}

@Suite("Scribe: prose guardrail")
struct ProseGuardrailTests {
    static let scribe = Scribe(engine: ClinicalTextEngine(terminology: try! Terminology.shipped()))

    @Test func aDraftedSentenceWithAFlawIsLeftOutAndReported() {
        let talk = """
        [doctor] what brings you in today ?
        [patient] i have had pain in my right knee for three days .
        [patient] knee pain , to be more exact .
        [patient] and it hurts when you push right there on the side .
        [doctor] okay let me take a look . on exam you have tenderness over the medial joint line .
        [doctor] my impression is a right knee sprain . i want you to ice it and take ibuprofen 600 mg three times a day .
        """
        let note = Self.scribe.draft(transcript: talk, patient: PatientContext(sex: .female))
        let check = ProseCheck()
        for section in note.sections {
            for s in section.sentences where !s.isHeading { #expect(check.problems(in: s.text, section: section.kind).isEmpty, "\(s.text)") }
        }
        let hpi = note.sections.first { $0.kind == .historyOfPresentIllness }?.sentences.map(\.text) ?? []
        #expect(hpi.contains { $0.contains("pain in her right knee for 3 days") }, "\(hpi)")
        #expect(note.rejected.contains { $0.text.contains("when you push") && $0.problems.map(\.kind) == [.secondPerson] }, "\(note.rejected)")
        #expect(note.rejected.allSatisfy { !$0.evidence.isEmpty })
        #expect(!note.text.contains("you push"))
    }
}

@Suite("ProseCheck: reasoning in the examination")
struct ExamReasoningTests {
    @Test func reasoningIsNotAFindingAndGoesToThePlan() {
        let check = ProseCheck()
        #expect(check.isReasoning("Possible causes are certain medications, alcohol abuse and fatty liver disease."))
        #expect(check.isReasoning("With the chest discomfort, we worry about heart issues."))
        #expect(!check.isReasoning("Resisted right hip flexion causes pain in the right groin region."))
        #expect(!check.isReasoning("2/6 systolic ejection murmur."))
        #expect(check.problems(in: "It is also possible that she had intense heartburn.", section: .physicalExam).map(\.kind) == [.misplaced])
        let talk = """
        [patient] my stomach hurts .
        [doctor] let me do a quick physical exam .
        [doctor] there is tenderness in the right upper quadrant .
        [doctor] possible causes are gallstones or a fatty liver .
        """
        let note = ScribeTests.scribe.draft(transcript: talk, patient: PatientContext(sex: .female))
        let exam = note.sections.first { $0.kind == .physicalExam }?.sentences.map(\.text) ?? []
        let plan = note.sections.first { $0.kind == .assessmentAndPlan }?.sentences ?? []
        #expect(exam.contains { $0.contains("right upper quadrant") })
        #expect(!exam.contains { $0.contains("causes") })
        #expect(plan.contains { $0.text == "Possible causes are gallstones or a fatty liver." && $0.label == "Medical Reasoning" })
    }
}

@Suite("Scribe: a dictated exam's leads")
struct ExamLeadTests {
    @Test func aLeadAloneSaysNothingAndAPartCanBeTheSubject() {
        let rewriter = Rewriter(patient: PatientContext(sex: .female))
        #expect(rewriter.examFinding("listening to your heart .") == nil)
        #expect(rewriter.examFinding("listening to your lungs are clear and equal bilaterally .")?.text == "Her lungs are clear and equal bilaterally.")
        #expect(rewriter.examFinding("no adenopathy no thyromegaly no carotid bruit looking at you .")?.text == "No adenopathy no thyromegaly no carotid bruit.")
    }
}

@Suite("ProseCheck: sentences that cannot stand alone")
struct StandAloneTests {
    @Test func fragmentsAndChatAreFlagged() {
        let check = ProseCheck()
        #expect(check.problems(in: "Going to take a listen.", section: .physicalExam).map(\.kind).contains(.fragment))
        #expect(check.problems(in: "Whatever he can get his hands on really.", section: .historyOfPresentIllness).map(\.kind).contains(.fragment))
        #expect(check.problems(in: "The patient states he thinks today.", section: .historyOfPresentIllness).map(\.kind).contains(.fragment))
        #expect(check.problems(in: "That sounds stressful.", section: .historyOfPresentIllness).map(\.kind).contains(.speech))
        #expect(check.problems(in: "He had a sharp pain going down his right leg, he said.", section: .historyOfPresentIllness).isEmpty)
        #expect(Rewriter.planStyle("Going to repeat the ekg today.") == "Repeat the ekg today.")
    }
}

@Suite("Scribe: exam verdicts and parts")
struct ExamVerdictTests {
    @Test func theVerdictGoesAndThePartLeads() {
        let rewriter = Rewriter(patient: PatientContext(sex: .female))
        #expect(rewriter.examFinding("the good news is i do n't appreciate any laxity in the joint .")?.text == "No laxity in the joint.")
        #expect(rewriter.examFinding("your neck , there is no thyroid enlargement .")?.text == "Examination of the neck reveals no thyroid enlargement.")
        #expect(Rewriter.planStyle("Order, prednisone taper pack.") == "Order prednisone taper pack.")
        #expect(Rewriter.planStyle("Want to follow up with him to make sure he is doing okay.") == "Follow up with him to make sure he is doing okay.")
    }
}

@Suite("ProseCheck: run-on sentences")
struct RunOnTests {
    @Test func aLongSentenceWithoutAPauseIsARunOnUnlessItStatesANumber() {
        let check = ProseCheck()
        let runOn = "She says she runs about five miles a day but with this knee pain that she has been having she barely can even do half a mile and she is worried about it getting worse over time"
        #expect(check.problems(in: runOn + ".", section: .historyOfPresentIllness).map(\.kind).contains(.runOn))
        #expect(!check.problems(in: runOn.replacingOccurrences(of: "five", with: "5") + ".", section: .historyOfPresentIllness).map(\.kind).contains(.runOn))
        // A drug or a diagnosis said only there keeps the sentence.
        #expect(!check.problems(in: runOn + ".", section: .historyOfPresentIllness, statesFacts: true).map(\.kind).contains(.runOn))
        #expect(!check.problems(in: "She runs about five miles a day, but with this knee pain she barely can even do half a mile and she is worried about it getting worse over time and more.", section: .historyOfPresentIllness).map(\.kind).contains(.runOn))
    }
}

@Suite("ProseCheck: a plan sentence that only names its topic")
struct TopicOnlyTests {
    @Test func myAssessmentWithoutAVerbIsAFragment() {
        let check = ProseCheck()
        #expect(check.problems(in: "My assessment for his first problem, his back pain.", section: .assessmentAndPlan).map(\.kind).contains(.fragment))
        #expect(!check.problems(in: "My impression is that he has a lumbar strain.", section: .assessmentAndPlan).map(\.kind).contains(.fragment))
    }
}
