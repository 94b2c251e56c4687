import Foundation
import ClinicalText
import Evidence
import Terminology

/// The ambient scribe: a doctor–patient transcript in, a draft note out, every sentence carrying the
/// transcript spans it was derived from. Deterministic and pure: the same transcript, patient and template
/// give the same note.
///
/// How: the transcript is annotated by the clinical text engine; the conversation is cut into phases at
/// the clinician's cues (history, then examination, then assessment and plan); each sentence with clinical
/// content is assigned to a section (history of present illness, review of systems from answered questions,
/// examination findings, vitals, results, assessment and plan grouped by problem) and rewritten as note
/// prose (third person for the patient). Chit-chat, questions, wake phrases and sentences without clinical
/// content are left out.
public struct Scribe: Sendable {
    public let engine: ClinicalTextEngine
    /// Most words in a draft: past it, the least informative history, exam and plan sentences are left out
    /// (the reference notes of ACI-Bench average about 430 words).
    public var wordBudget: Int
    /// Given names by sex: the patient's pronouns when neither the record nor the conversation states the sex.
    public let names: FirstNameTable
    /// The check every drafted sentence must pass; one that fails is left out and reported in ``DraftNote/rejected``.
    public let prose: ProseCheck

    public init(engine: ClinicalTextEngine, wordBudget: Int = 540, names: FirstNameTable = FirstNameTable(sexes: [:]), prose: ProseCheck = ProseCheck()) {
        self.engine = engine
        self.wordBudget = wordBudget
        self.names = names
        self.prose = prose
    }

    /// One transcript sentence with what the engine found in it.
    struct Unit {
        var index: Int
        var range: Range<Int>
        /// Token indexes of the sentence in the annotated transcript.
        var tokens: Range<Int>
        var text: String
        var role: SpeakerRole
        var concepts: [AnnotatedConcept]
        var measurements: [ClinicalText.Measurement]
        var medications: [MedicationMention]
        var times: [TimeExpression]
        var isQuestion: Bool
        var lower: String
        /// The end of the sentence in the speaker's next turn, after the other speaker's backchannel cut in.
        var continuation: Range<Int>? = nil

        /// The transcript spans the sentence quotes.
        var spans: [Range<Int>] { continuation.map { [range, $0] } ?? [range] }

        var clinical: Bool { !concepts.isEmpty || !measurements.isEmpty || !medications.isEmpty }
        func has(_ cues: [String]) -> Bool { cues.contains(where: lower.says) }
    }

    /// "He thinks (that)", "She feels like": what the patient believes.
    static let believesPattern = CompiledPattern(#"^(he|she|they) (thinks|think|believes|feels like|feels that|is thinking) (that )?(?=(he|she|they|it|his|her|the|there|most|some)\b)"#)!
    static let wake = ["hey dragon", "dragon", "hey dax", "dax", "show me the", "finalize the note", "i'd like to tell", "the nurse told you about"]
    static let examCues = ["physical exam", "examine you", "exam on you", "take a look", "let me listen", "listen to your", "vital signs", "your vitals",
                           "on exam", "physical examination", "quick exam", "look at your", "i'm gon na press", "i'm going to press", "push on", "when i press",
                           "lungs are clear", "heart sounds", "on physical"]
    static let planCues = ["assessment", "my impression", "impression is", "diagnosis", "for your first problem", "first problem", "second problem",
                           "third problem", "so for your", "let's talk about your plan", "talk about the plan", "in terms of your", "as far as your",
                           "so my plan", "the plan", "my plan", "recommend", "i'm going to prescribe", "i'm gon na prescribe",
                           "i'm gon na order", "i'm going to order", "i'm gon na refer", "i'm going to refer", "going forward",
                           "i think you have", "i think that you have", "i believe you have", "what i want to tell you"]
    static let examDirectionCues = ["i want you to", "so let's"]
    /// True when a sentence labelled as the clinician's speaks as the patient: first person about their own body or
    /// history ("my shoulder", "i've been having"), not addressing anyone ("you", "your") nor about the clinic ("my nurse").
    static func soundsLikePatient(_ said: String) -> Bool {
        // "you know" is a filler, not the clinician addressing the patient.
        let lower = said.replacingOccurrences(of: "you know", with: "")
        let words = Set(lower.split { !($0.isLetter || $0 == "'") }.map(String.init))
        guard words.isDisjoint(with: ["you", "your", "you're", "you've", "we", "let's", "patient", "he", "she", "his", "her"]) else { return false }
        if ["my nurse", "my notes", "my exam", "my assessment", "my plan", "my office", "my colleague", "my note", "my impression"].contains(where: lower.contains) { return false }
        if words.contains("my") || ["i've been", "i have been", "i used to", "i had a", "i do smoke", "i feel"].contains(where: lower.contains) { return true }
        // "I have high blood pressure …", "I am having difficulty breathing", "I smoke about one to two cigarettes": the
        // patient's own account, not the clinician reviewing ("I have reviewed …").
        return patientFirstPersonPattern.matches(lower)
    }
    static let patientFirstPersonPattern = CompiledPattern(
        #"^(so |and |well |yeah |um |but |okay |oh |uh )*i ?('m having|am having|have (?!(reviewed|looked|seen|gone|talked|checked|asked|read|noticed|gotten|got|a look))|smoke|take|drink|get|was having|had been|'ve had|have had)"#,
        caseInsensitive: false)!

    /// Words too general to head a problem of their own once the plan has one.
    static let genericHeadings: Set<String> = ["pain", "injury", "injured", "infection", "infections", "problem", "problems", "fracture", "bruising",
                                               "sprain", "strain", "swelling", "inflammation", "disease", "condition"]
    /// How the history attributes the patient's account, in turn.
    static let reportingLeads = ["The patient reports", "The patient states", "The patient notes"]
    /// The clinician turning to a problem in the plan.
    static let topicCues = ["for your", "regarding your", "as far as your", "in terms of your", "as for your", "next problem", "first problem",
                            "second problem", "third problem", "with regards to", "moving on"]
    static let resultCues = ["x-ray", "xray", "mri", "ct scan", "cat scan", "ultrasound", "ekg", "echocardiogram", "echo", "results", "labs", "lab work",
                             "blood work", "a1c", "showed", "shows", "revealed", "came back", "biopsy", "culture", "urinalysis", "cbc", "metabolic panel"]
    /// Tests whose result a sentence can read out.
    static let resultTests = ["cbc", "tsh", "lipid panel", "metabolic panel", "a1c", "urinalysis", "x-ray", "mri", "ct scan", "cat scan",
                              "ultrasound", "ekg", "echocardiogram", "psa", "creatinine", "cholesterol", "hemoglobin", "biopsy", "culture"]
    /// Words that state a result ("showed", "was unremarkable", "came back").
    static let resultVerbs = ["showed", "shows", "revealed", "came back", "was normal", "were normal", "is normal", "was unremarkable",
                              "was elevated", "was high", "was low", "was negative", "was positive", "demonstrated"]

    /// True when the clinician's sentence reads out a test result: a lab value, or a test with a verb that states its result,
    /// and no symptom of the patient's.
    static func readsResult(_ u: Unit) -> Bool {
        guard !u.concepts.contains(where: { $0.mention.concept.kind == .symptom && $0.assertion.isAffirmedPresent }), !u.isQuestion else { return false }
        return u.measurements.contains { $0.kind == .lab } || (u.has(resultTests) && u.has(resultVerbs))
    }

    /// Vital signs said in words ("his blood pressure is slightly high", "no fever").
    static let vitalSignWords = ["blood pressure", "fever", "afebrile", "heart rate", "pulse", "oxygen", "o2", "temperature", "satting",
                                 "respiratory rate", "breathing rate", "vital signs", "vitals"]
    /// What an image shows, read out during the exam ("no fracture", "good bony alignment").
    static let imagingFindings = ["fracture", "fractures", "alignment", "bony abnormalities", "hydronephrosis", "dislocation"]
    static let examFindingCues = ["tender", "tenderness", "murmur", "lungs", "heart", "abdomen", "swelling", "edema", "range of motion", "pulse",
                                  "reflexes", "strength", "sensation", "clear", "no wheez", "bruit", "rash", "redness", "erythema", "effusion",
                                  "palpation", "exam", "regular rate", "rhythm", "gallop", "crackles", "rales", "distension", "lesion", "mass",
                                  "straight leg", "thyroid", "supple", "jugular", "venous", "alignment", "fracture", "normal", "enlarged",
                                  "intact", "negative", "positive", "blood pressure", "cholesterol", "hemoglobin", "creatinine", "ekg", "function",
                                  "flexion", "extension", "flexed", "blood sugar"]
    static let treatmentCues = ["prescribe", "continue", "start you", "start him", "start her", "put you on", "increase", "decrease", "refill",
                                "mg", "medication", "medicine", "take", "dose", "stop taking", "switch", "inhaler", "injection", "ice", "brace",
                                "physical therapy", "therapy", "ibuprofen", "tylenol", "crutches", "splint", "sling", "air cast", "boot", "cast",
                                "refill", "taking", "twice a day", "twice daily", "once a day", "once daily", "cream", "ointment", "solution"]
    static let testingCues = ["order", "x-ray", "mri", "ct scan", "ultrasound", "labs", "blood work", "a1c", "echocardiogram", "ekg", " test", "lipid",
                              "panel", "imaging", "biopsy", "check your"]
    /// ``testingCues`` without "order", which names a test only when no drug is ordered.
    static let testCuesButOrder = testingCues.filter { $0 != "order" }
    static let referralCues = ["refer", "referral", "specialist", "see a", "consult"]
    static let educationCues = ["i explained", "i told", "we discussed", "important to", "make sure", "you should", "avoid", "diet", "exercise",
                                "weight", "lifestyle", "educat", "counsel", "recommend"]
    static let followUpCues = ["follow up", "follow-up", "come back", "see you in", "see you back", "return", "in a week", "in two weeks", "in a month", "in three months",
                               "in six months"]
    /// Sentences about the visit itself rather than the patient ("let's look at your blood pressure").
    static func isMeta(_ lower: String) -> Bool {
        let starts = ["i'm dr.", "i am dr.", "i'm doctor", "i am doctor", "let me put", "let's just get back", "let's get back", "i was just going to ask", "i bet",
                      "let's look", "let me look", "let me take", "let's take", "i'd like to", "i would like to", "i'm going to take", "i'm gon na take",
                      "i'm going to examine", "i'm gon na examine", "i'm just going to", "let's do", "let me do", "i'm going to do", "i'm gon na do", "i'm gon na go ahead", "let's go ahead", "good to see", "nice to see",
                      "any questions", "do you have any questions", "let's start", "let's talk", "let's go over", "let's move on", "let's get started",
                      "i wanted to go over", "i want to go over", "i'm going to touch", "i am going to touch", "i'm going to feel", "i am going to feel",
                      "i'm going to press", "i am going to press", "i'm going to check", "i am going to check", "i'd like to go over", "i would like to go over", "i wanted to review", "i'm going to listen", "i'm gon na listen", "let me listen", "i want to take a look", "listen to your", "start by listening", "i'll listen", "take a listen"]
        let trimmed = lower.replacingOccurrences(of: "lem me", with: "let me").drop { !$0.isLetter }
        let stripped = ["okay ", "alright ", "so ", "and ", "well ", "um ", "uh ", "now ", "firstly ", "first ", "good ", "hi ", "hello "].reduce(String(trimmed)) { t, lead in t.hasPrefix(lead) ? String(t.dropFirst(lead.count)) : t }
        // "Let's go ahead and continue the lisinopril" is an order, not talk about the visit.
        if stripped.hasPrefix("let's"), letsOrderPattern.matches(stripped) { return false }
        return starts.contains { stripped.hasPrefix($0) }
    }
    static let letsOrderPattern = CompiledPattern(
        #"^let's (just )?(go ahead and )?(continue|start|order|prescribe|increase|decrease|refer|schedule|get|put|send|repeat|stop|switch|add|keep|check)\b"#,
        caseInsensitive: false)!

    /// The plan's label for a clinician's sentence: referral, testing, treatment, follow-up, education or reasoning.
    static func planLabel(_ u: Unit) -> String {
        // "Order a refill of Protonix" is treatment: "order" alone makes a test only without a drug.
        let testing = u.has(testCuesButOrder) || (u.has(["order"]) && u.medications.isEmpty && !u.has(["refill"]))
        return u.has(referralCues) ? "Specialist Referrals" : testing ? "Additional Testing"
            : u.has(treatmentCues) || !u.medications.isEmpty ? "Medical Treatment" : u.has(followUpCues) ? "Follow-up"
            : u.has(educationCues) ? "Patient Education and Counseling" : "Medical Reasoning"
    }

    /// True when the clinician states an order or treatment ("I want you to continue the Cozaar", "I'm going to order an
    /// MRI"): plan, wherever in the visit it is said.
    static func isPlanTalk(_ lower: String) -> Bool { planTalkPattern.matches(lower) }
    static let normalVitalsPattern = CompiledPattern(#"\bvital(s| signs)\b[^.?]{0,30}\b(look|looks|are|were|is)\b[^.?]{0,15}\b(good|normal|fine|great|stable|okay)"#,
                                                     caseInsensitive: false)!
    static let elevatedPressurePattern = CompiledPattern(#"\bblood pressure('s)?\b[^.?]{0,25}\b(is|was|looks|looked|'s|a)\b[^.?]{0,20}\b(elevated|high)\b"#, caseInsensitive: false)!
    static let planTalkPattern = CompiledPattern(
        #"^((so|and|okay|alright|now|well|um|but|then) )*(i|we) ?('m|am|are|'re|will|'ll|want|would like|'d like|need|'m gon na|am gon na|'m going to|am going to|are going to|are gon na)( you| to| also| just| go ahead and)* (prescribe|order|refer|continue|start|increase|decrease|put you|get you|send|schedule|have you (take|continue|start|stop|follow|come))"#,
        caseInsensitive: false)!

    static let agreement = ["sounds good", "sounds great", "that's fine", "i agree", "okay", "all right", "yes", "thank you", "sure", "perfect", "great"]

    public func draft(transcript: String, patient record: PatientContext, template: NoteTemplate = .fullVisit) -> DraftNote {
        let doc = engine.annotate(transcript, kind: .transcript)
        var patient = record
        if patient.sex == .unknown { patient.sex = Self.inferSex(transcript, names: names) }
        let rewriter = Rewriter(patient: patient)
        // Group the engine's findings by sentence once (sentences are in text order).
        func sentence(of offset: Int) -> Int? {
            var lo = 0, hi = doc.sentences.count - 1
            while lo <= hi {
                let mid = (lo + hi) / 2
                let r = doc.sentences[mid].range
                if r.contains(offset) { return mid }
                if offset < r.lowerBound { hi = mid - 1 } else { lo = mid + 1 }
            }
            return nil
        }
        let concepts = Dictionary(grouping: doc.concepts, by: \.sentence)
        let measurements = Dictionary(grouping: doc.measurements) { sentence(of: $0.span.start) ?? -1 }
        let medications = Dictionary(grouping: doc.medications) { sentence(of: $0.fullSpan.start) ?? -1 }
        let times = Dictionary(grouping: doc.times) { sentence(of: $0.span.start) ?? -1 }
        // A question: a question mark; spoken, one that opens the sentence, or for a clinician one anywhere in it.
        func asks(_ role: SpeakerRole, _ text: String, _ tokens: Range<Int>) -> Bool {
            text.hasSuffix("?") || (role == .patient ? SentenceSplitter.isQuestion(doc.tokens[tokens]) : SentenceSplitter.asks(doc.tokens[tokens]))
        }
        var units: [Unit] = []
        for (n, s) in doc.sentences.enumerated() {
            let role = doc.sentenceTurns[n].map { doc.turns[$0].role } ?? .unknown
            let text = doc.text(of: s)
            units.append(Unit(index: n, range: s.range, tokens: s.tokens, text: text, role: role,
                              concepts: concepts[n] ?? [], measurements: measurements[n] ?? [], medications: medications[n] ?? [],
                              times: times[n] ?? [], isQuestion: asks(role, text, s.tokens), lower: text.lowercased()))
        }
        // Speaker labels swapped by the recorder: the "patient" examines and plans. Exam and plan cues decide.
        let voiced = { (role: SpeakerRole) in units.filter { $0.role == role && $0.has(Self.examCues + Self.planCues) }.count }
        if voiced(.patient) >= 3 && voiced(.patient) > 2 * voiced(.clinician) {
            for k in units.indices {
                units[k].role = units[k].role == .patient ? .clinician : units[k].role == .clinician ? .patient : units[k].role
                units[k].isQuestion = asks(units[k].role, units[k].text, units[k].tokens)
            }
        }
        units = Self.joiningInterruptions(units, turns: doc.sentenceTurns)
        let clinicianRole: (Unit) -> Bool = { $0.role == .clinician || ($0.role == .unknown && $0.has(["i'm going to", "your"])) }
        // Phases: the exam starts at the first clinician exam cue after the opening; the plan at the first plan cue after that.
        let opening = units.count / 6
        let examStart = units.firstIndex { $0.index >= opening && clinicianRole($0) && $0.has(Self.examCues) } ?? units.count
        // "I want you to" and "so let's" also direct the exam ("I want you to raise your hand"): they start the plan only
        // when no other plan cue follows the exam.
        let afterExam = units[min(examStart, units.count)...]
        let planStart = afterExam.firstIndex { clinicianRole($0) && $0.has(Self.planCues) }
            ?? afterExam.firstIndex { clinicianRole($0) && $0.has(Self.examDirectionCues) } ?? units.count
        // The plan's sentences are drafted clause by clause where the clinician starts a clause of their own.
        if planStart < units.count {
            units = Array(units[..<planStart]) + units[planStart...].flatMap { clinicianRole($0) ? Self.planClauses($0, doc: doc) : [$0] }
        }
        var sections: [SectionKind: [NoteSentence]] = [:]
        var counters: [SectionKind: Int] = [:]
        var currentWeight = 1.0
        var currentMedications: [MedicationMention] = []
        var currentFacts = false
        var pendingHeading: (text: String, range: Range<Int>)?
        var unanswered: [(phrase: String, question: String)] = []
        var rejected: [RejectedSentence] = []
        /// `realised`: a line written from the facts read (an exam finding, an order), not a spoken sentence rewritten; it
        /// is not checked as speech.
        func add(_ kind: SectionKind, _ text: String?, _ evidence: [Range<Int>], label: String? = nil, problem: String? = nil, records: [String] = [],
                 definitions: [DefinitionQuote] = [], realised: Bool = false) {
            guard var text, !evidence.isEmpty || !records.isEmpty else { return }
            text = Self.withoutVocative(text, names: names)
            if definitions.isEmpty && !evidence.isEmpty { text = Self.cased(text, medications: currentMedications) }
            // A finding or result keeps its facts without the plan said after it.
            if (kind == .physicalExam || kind == .results) && !realised { text = Rewriter.withoutPlanTail(text) }
            // A short reply with neither subject nor verb ("The left knee.") says nothing on its own.
            if kind == .historyOfPresentIllness && records.isEmpty && !Rewriter.hasClause(text) && text.split(separator: " ").count <= 4 { return }
            if kind == .historyOfPresentIllness { text = Rewriter.historyStyle(text) }
            if sections[kind]?.contains(where: { $0.text == text }) == true { return }
            // The clinician echoing what was just said ("… and it's really hard to swallow." "It's really hard to swallow.").
            let core = text.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: ". "))
            if core.split(separator: " ").count >= 4, let last = sections[kind]?.last, last.text.lowercased().contains(core) { return }
            // Drafted prose must read as a note; the clinician's own definitions and the record's labelled lines
            // ("Allergies on record: penicillin.") are not speech and stand as written.
            if definitions.isEmpty && !evidence.isEmpty && !realised {
                let flaws = prose.problems(in: text, section: kind, statesFacts: currentFacts)
                if !flaws.isEmpty { rejected.append(RejectedSentence(section: kind, text: text, evidence: evidence, problems: flaws)); return }
                // A sentence kept for its drug or diagnosis although it reads as speech: its clean clauses, when they
                // keep every drug and number, stand in for it ("Continue his lisinopril 10 mg a day and I want to see
                // how his blood pressure does" → "Continue his lisinopril 10 mg a day.").
                if currentFacts, let pieces = Self.cleanClauses(of: text, section: kind, prose: prose, keeping: currentMedications.map(\.span.text)) {
                    let facts = currentFacts
                    currentFacts = false
                    for piece in pieces { add(kind, piece, evidence, label: label, problem: problem, records: records) }
                    currentFacts = facts
                    return
                }
            }
            if kind == .assessmentAndPlan, let h = pendingHeading, problem != nil {
                pendingHeading = nil
                counters[kind, default: 0] += 1
                let onRecord = patient.conditions.filter { Self.sameProblem($0.text, h.text) }.map(\.reference)
                sections[kind, default: []].append(NoteSentence(id: "ap-\(counters[kind]!)", text: h.text, evidence: [h.range], label: nil, problem: problem,
                                                                weight: 1_000, isHeading: true, records: onRecord))
            }
            counters[kind, default: 0] += 1
            sections[kind, default: []].append(NoteSentence(id: "\(Self.prefix(kind))-\(counters[kind]!)", text: text, evidence: evidence, label: label,
                                                            problem: problem, weight: currentWeight / Double(max(4, text.split(separator: " ").count)),
                                                            records: records, definitions: definitions))
        }
        // Review of systems: one line per system and answer, as the reference notes write it ("Denies fever, chills.").
        func review(_ c: AnnotatedConcept, denied: Bool, _ evidence: [Range<Int>]) {
            let system = Self.system(of: c.mention.concept)
            guard system != "General" else { return }
            let verb = denied ? "Denies" : "Endorses", term = Self.symptomTerm(c)
            if let i = sections[.reviewOfSystems]?.firstIndex(where: { $0.label == system && $0.text.hasPrefix(verb + " ") }) {
                var line = sections[.reviewOfSystems]![i]
                guard !line.text.lowercased().contains(term.lowercased()) else { return }
                line.text = String(line.text.dropLast()) + ", " + term + "."
                line.evidence += evidence.filter { !line.evidence.contains($0) }
                sections[.reviewOfSystems]![i] = line
            } else {
                add(.reviewOfSystems, "\(verb) \(term).", evidence, label: system)
            }
        }
        // Chief complaint: the reason stated in the clinician's introduction, else the first affirmed problem the patient reports.
        let introCues = ["presents", "presenting", "here for", "here today for", "brings you", "coming in for", "comes in for", "in today for"]
        if let (intro, reason) = units.prefix(max(opening, 8)).lazy.filter({ u in introCues.contains(where: u.lower.contains) })
            .compactMap({ u in Self.reason(u.text).map { (u, $0) } }).first {
            add(.chiefComplaint, reason, [intro.range])
        } else if let first = units.first(where: { $0.role == .patient }).flatMap({ u in
            units.first { $0.role == .patient && $0.concepts.contains { [.problem, .symptom].contains($0.mention.concept.kind) && $0.assertion.isAffirmedPresent } }
                .map { ($0, u) } }),
                  let c = first.0.concepts.first(where: { [.problem, .symptom].contains($0.mention.concept.kind) && $0.assertion.isAffirmedPresent }) {
            let start = c.mention.span.range.lowerBound - first.0.range.lowerBound
            let (site, span) = Self.withSite(c.mention.span.text, in: first.0.text, at: start)
            // "pain in my chest" → "Pain in the chest."
            var said = Self.complaint(site)
            // A state said as an adjective ("depressed") is named by its concept ("Depression").
            if !said.contains(" "), said.lowercased().hasSuffix("ed"), said.lowercased() == c.mention.span.text.lowercased(),
               c.mention.concept.preferred.lowercased().hasPrefix(said.lowercased().prefix(5)) {
                said = c.mention.concept.preferred.prefix(1).uppercased() + c.mention.concept.preferred.dropFirst()
            }
            // "Pain when i swallow" in the patient's words: in the third person ("Pain when he swallows").
            if !Set(said.lowercased().split(separator: " ").map(String.init)).isDisjoint(with: ["i", "my", "me", "i'm"]),
               let third = rewriter.patientSentence(said) {
                said = String(third.dropLast(third.hasSuffix(".") ? 1 : 0))
            }
            var evidence = [(first.0.range.lowerBound + span.lowerBound)..<(first.0.range.lowerBound + span.upperBound)]
            // A bare "pain" takes the body part said with it, or in the opening before it ("you injured your wrist" … "it hurts").
            if Self.genericHeadings.contains(said.lowercased()),
               let part = (units.prefix { $0.index <= first.0.index }.reversed().lazy.compactMap { u in
                   u.concepts.first { $0.mention.concept.kind == .bodySite }.map { (u, $0) } }).first {
                said = part.1.mention.span.text.lowercased() + " " + said.lowercased()
                evidence.insert(part.1.mention.span.range, at: 0)
            }
            add(.chiefComplaint, said.prefix(1).uppercased() + said.dropFirst() + ".", evidence)
        }
        // The record: active problems, medications, allergies and recent results, each sentence resting on its
        // resources, in the template's own section for it when it has one.
        let pronoun = patient.pronouns.subject.prefix(1).uppercased() + patient.pronouns.subject.dropFirst()
        currentWeight = 1_000
        if !patient.conditions.isEmpty {
            add(template.home([.pastMedicalHistory, .problemList, .historyOfPresentIllness]),
                "\(pronoun) has a history of \(Self.list(patient.conditions.map { Self.lowercasedTerm($0.text) })).", [], records: patient.conditions.map(\.reference))
        }
        if !patient.medications.isEmpty {
            add(template.home([.medications, .historyOfPresentIllness]), "Current medications on record: \(Self.list(patient.medications.map(\.text))).", [],
                records: patient.medications.map(\.reference))
        }
        if !patient.allergies.isEmpty {
            add(template.home([.allergies, .historyOfPresentIllness]), "Allergies on record: \(Self.list(patient.allergies.map(\.text))).", [],
                records: patient.allergies.map(\.reference))
        }
        for r in patient.results { add(template.home([.results]), r.text.hasSuffix(".") ? r.text : r.text + ".", [], label: "On record", records: [r.reference]) }
        // Smart phrases: a text phrase goes in where the clinician says its name; a question phrase's questions are
        // answered from the conversation.
        var invoking: Set<Int> = []
        for phrase in template.phrases {
            if let definition = phrase.text, let u = units.first(where: { $0.role != .patient && phrase.isInvoked(by: $0.text) }) {
                invoking.insert(u.index)
                add(phrase.section, definition.text, u.spans, definitions: [definition])
            }
            for q in phrase.questions {
                guard let (text, evidence) = answer(q.text, in: units, doc: doc, rewriter: rewriter) else {
                    unanswered.append((phrase.name, q.text))
                    continue
                }
                add(phrase.section, text, evidence, label: Self.label(of: q.text), definitions: [q.definition])
            }
        }
        // The patient's account is attributed, as notes write it: "The patient reports she ...", the verb varied.
        var reportedCount = 0
        var introduced = false
        func reported(_ text: String?) -> String? {
            let subject = patient.pronouns.subject, possessive = patient.pronouns.possessive
            guard let text, subject != "the patient", Rewriter.hasClause(text) else { return text }
            let leads = [subject, possessive].map { $0.prefix(1).uppercased() + $0.dropFirst() + " " }
            guard let lead = leads.first(where: text.hasPrefix) else { return text }
            // "He thinks he needs …" is the patient's belief, not a report of a thought: "The patient believes he needs …".
            if let r = Self.believesPattern.range(in: text) { return "The patient believes " + text[r.upperBound...] }
            reportedCount += 1
            return Self.reportingLeads[(reportedCount - 1) % Self.reportingLeads.count] + " " + lead.lowercased() + text.dropFirst(lead.count)
        }
        var problem: String?
        var problemConcept: Lexicon.Concept?
        /// Adds the orders said in `u` (drugs with their sig, tests, referrals, follow-up), each written as the note writes
        /// it and quoting its own words, when every drug the sentence names is among them; false when there are none.
        func addOrders(_ u: Unit) -> Bool {
            let drugs = Self.drugs(of: u)
            let orders = u.continuation == nil && !u.isQuestion ? PlanReader(possessive: patient.pronouns.possessive.lowercased()).orders(in: u.text, drugs: drugs) : []
            guard !orders.isEmpty, drugs.count == u.medications.count,
                  drugs.allSatisfy({ d in orders.contains { $0.label == "Medical Treatment" && $0.text.contains(" \(d.name)") } }) else { return false }
            for o in orders {
                add(.assessmentAndPlan, o.text, o.ranges.map { (u.range.lowerBound + $0.lowerBound)..<(u.range.lowerBound + $0.upperBound) }, label: o.label,
                    problem: problem, realised: true)
            }
            return true
        }
        for (k, u) in units.enumerated() {
            let facts: Int = u.concepts.count + 2 * u.medications.count + 2 * u.measurements.count + u.times.count
            currentWeight = 1 + Double(facts)
            currentMedications = u.medications
            currentFacts = !u.medications.isEmpty || u.concepts.contains { $0.mention.concept.kind == .problem && $0.assertion.isAffirmedPresent }
            if invoking.contains(u.index) || (u.has(Self.wake) && !u.has(["year-old", "presents"])) { continue }
            let phase = k < examStart ? 0 : k < planStart ? 1 : 2
            // The clinician's dictated introduction ("ralph is a 62-year-old male with...") opens the HPI.
            if clinicianRole(u) && u.has(["year-old", "year old"]) && phase == 0 {
                let before = sections[.historyOfPresentIllness]?.count ?? 0
                add(.historyOfPresentIllness, rewriter.clinicianSentence(Self.dropLeadingName(u.text, patient)), u.spans)
                introduced = introduced || (sections[.historyOfPresentIllness]?.count ?? 0) > before
                continue
            }
            // Review of systems: a clinician question about symptoms answered by the patient in the next sentence.
            if u.isQuestion && clinicianRole(u) && phase == 0, let answer = units.dropFirst(k + 1).first, answer.role == .patient {
                let symptoms = u.concepts.filter { [.symptom, .finding, .problem].contains($0.mention.concept.kind) && $0.assertion.experiencer == .patient }
                if !symptoms.isEmpty {
                    let a = answer.lower
                    let yes = a.hasPrefix("yes") || a.hasPrefix("yeah") || a.hasPrefix("yep") || a.hasPrefix("i do") || a.hasPrefix("a little")
                    // Denied when the engine negates the asked symptom (answered "no"); endorsed on a plain "yes" to a
                    // question that is not itself negated ("you're not short of breath?" "yeah").
                    for c in symptoms {
                        if c.assertion.negated && !yes && KeyFacts.isNegated(answer.text + " " + u.text) {
                            review(c, denied: true, u.spans + answer.spans)
                        } else if yes && !c.assertion.negated && !KeyFacts.isNegated(u.text) {
                            review(c, denied: false, u.spans + answer.spans)
                        }
                    }
                }
                continue
            }
            if u.isQuestion { continue }
            // Vital signs said without numbers: "your vitals look good", "your blood pressure is a little elevated".
            if clinicianRole(u), u.has(["vital", "blood pressure"]), u.measurements.isEmpty, !KeyFacts.isNegated(u.text) {
                if Self.normalVitalsPattern.matches(u.lower) {
                    add(.vitalSigns, "Vital signs are within normal limits.", u.spans)
                }
                if Self.elevatedPressurePattern.matches(u.lower),
                   !u.has(["at home", "history", "have high blood pressure", "has high blood pressure"]) {
                    add(.vitalSigns, "Elevated.", u.spans, label: "Blood Pressure")
                }
            }
            // Vital signs the clinician reads out count wherever they are said.
            if phase != 1 && clinicianRole(u) {
                for m in u.measurements where m.kind != .lab && m.kind != .pain {
                    add(.vitalSigns, Self.vital(m), [m.span.range], label: Self.vitalLabel(m.kind))
                }
            }
            switch phase {
            case 0:
                // Symptoms the patient reports or denies in the history are reviewed by system too.
                if u.role == .patient {
                    let negated = KeyFacts.isNegated(u.text)
                    for c in u.concepts where c.mention.concept.kind == .symptom && c.assertion.experiencer == .patient
                        && !c.assertion.hypothetical && !c.assertion.uncertain && !c.assertion.question
                        && (c.assertion.negated || (!negated && !c.assertion.historical)) {
                        review(c, denied: c.assertion.negated, u.spans)
                    }
                }
                guard u.clinical || !u.times.isEmpty else { continue }
                // Everything the patient names is denied, and nothing else is said with it: "The patient denies fever, chills."
                let named = u.concepts.filter { $0.mention.concept.kind != .bodySite }
                if u.role == .patient, !named.isEmpty, named.allSatisfy({ $0.mention.concept.kind == .symptom && $0.assertion.negated && $0.assertion.experiencer == .patient }),
                   u.measurements.isEmpty, u.medications.isEmpty, u.times.isEmpty {
                    let terms = named.map { Self.symptomTerm($0) }.reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
                    add(.historyOfPresentIllness, "The patient denies \(Self.list(terms)).", u.spans)
                } else if u.role == .patient || u.role == .family || u.role == .unknown {
                    add(.historyOfPresentIllness, reported(rewriter.patientSentence(u.text)), u.spans)
                } else if u.clinical && Self.soundsLikePatient(u.lower) {
                    // The patient's words the recogniser left in the clinician's turn ("i've been having pain in my shoulder").
                    add(.historyOfPresentIllness, reported(rewriter.patientSentence(u.text)), u.spans)
                } else if u.clinical && !u.lower.hasPrefix("so") && !Self.isMeta(u.lower) {
                    // A test result the clinician reads out while taking the history ("his cbc was unremarkable") is a result.
                    add(Self.readsResult(u) ? .results : .historyOfPresentIllness, rewriter.clinicianSentence(u.text), u.spans)
                }
            case 1:
                for m in u.measurements where m.kind != .lab && m.kind != .pain {
                    add(.vitalSigns, Self.vital(m), [m.span.range], label: Self.vitalLabel(m.kind))
                }
                guard clinicianRole(u) else {
                    if u.clinical { add(.historyOfPresentIllness, rewriter.patientSentence(u.text), u.spans) }
                    continue
                }
                if Self.isMeta(u.lower) { continue }
                // Vital signs read out are in their own section; the sentence adds nothing to the exam.
                let vitals = u.measurements.filter { $0.kind != .lab && $0.kind != .pain }
                if !vitals.isEmpty && !u.concepts.contains(where: { $0.mention.concept.kind != .bodySite }) { continue }
                if Self.isPlanTalk(u.lower) || (!u.medications.isEmpty && u.has(["you to", "you should", "you can take", "stay on", "keep taking"])) {
                    // The plan said during the exam ("I want you to continue the Cozaar") belongs to the plan, as orders when
                    // it is orders.
                    if addOrders(u) { continue }
                    add(.assessmentAndPlan, { w in medicationOrder(u, patient: patient, written: w) ?? w.map(Rewriter.planStyle) }(rewriter.clinicianSentence(u.text)), u.spans, label: Self.planLabel(u), problem: problem)
                } else if u.has(Self.resultCues) {
                    add(.results, rewriter.clinicianSentence(u.text), u.spans)
                } else if case let found = ExamReader().findings(in: u.text), !found.isEmpty {
                    // The findings said, each written as a note line quoting its own words.
                    // (A finding in the part said after the other speaker cut in has no offsets of its own here: left out.)
                    for f in found where f.ranges.allSatisfy({ $0.upperBound <= u.range.count }) {
                        add(.physicalExam, f.text, f.ranges.map { (u.range.lowerBound + $0.lowerBound)..<(u.range.lowerBound + $0.upperBound) }, label: f.system,
                            realised: true)
                    }
                } else if u.has(Self.examFindingCues) || !u.measurements.isEmpty || !u.medications.isEmpty
                            || u.concepts.contains(where: { [.problem, .symptom, .finding].contains($0.mention.concept.kind) }),
                          let finding = rewriter.examFinding(u.text) {
                    // A finding names what was found: a sentence with only a body part or a drug is talk about the exam.
                    if prose.isReasoning(finding.text) {
                        // What the clinician makes of it ("Possible causes are …") is the plan's reasoning, not a finding.
                        add(.assessmentAndPlan, rewriter.clinicianSentence(u.text).map(Rewriter.planStyle), u.spans, label: "Medical Reasoning", problem: problem)
                    } else if finding.label != nil || u.has(Self.vitalSignWords) {
                        add(.physicalExam, finding.text, u.spans, label: finding.label)
                    } else if Self.readsResult(u) || u.has(Self.imagingFindings) {
                        // A sentence of no body system read during the exam is a result read out ("No fracture."), orders
                        // said early (written as orders), or talk around the exam, which the note leaves out.
                        add(.results, rewriter.clinicianSentence(u.text), u.spans)
                    } else {
                        _ = addOrders(u)
                    }
                }
            default:
                if u.role == .patient {
                    // The patient's assent, not a negated reply ("no, I don't have any questions") that could not support it.
                    if u.has(Self.agreement) && !KeyFacts.isNegated(u.text) && k >= units.count - 12 && sections[.assessmentAndPlan] != nil {
                        add(.assessmentAndPlan, "The patient understands and agrees with the recommended medical treatment plan.", u.spans, label: "Patient Agreements",
                            problem: nil)
                    }
                    continue
                }
                // A condition ruled out ("no signs of arthritis") opens no heading.
                if let c = u.concepts.first(where: { ($0.mention.concept.kind == .problem && !$0.assertion.negated)
                    || ($0.mention.concept.kind == .symptom && $0.assertion.isAffirmedPresent) }) {
                    // The heading uses the words said (a preferred term could add facts, e.g. "type 2").
                    // With the site said around it ("pain in the left shoulder" → "Left shoulder pain").
                    // A condition named after a backchannel cut in has no site read around it (its offset is not in the first part).
                    let (site, span) = u.range.contains(c.mention.span.range.lowerBound)
                        ? Self.withSite(c.mention.span.text, in: u.text, at: c.mention.span.range.lowerBound - u.range.lowerBound)
                        : (c.mention.span.text, (c.mention.span.range.lowerBound - u.range.lowerBound)..<(c.mention.span.range.upperBound - u.range.lowerBound))
                    // The clinician's "your" is the patient's ("Exacerbation of your heart failure" → "… of his heart failure").
                    let said = site.split(separator: " ").map { ["your", "my"].contains($0.lowercased()) ? patient.pronouns.possessive : String($0) }
                        .joined(separator: " ")
                    let name = Self.cased(said.prefix(1).uppercased() + said.dropFirst(), medications: [])
                    // A bare generic word ("Pain.", "Injury.") does not open a second heading.
                    let generic = Self.genericHeadings.contains(said.lowercased()) && problemConcept != nil
                    // The same condition said again in other words ("MCL strain", "medial collateral ligament strain") stays
                    // under its heading; a symptom named while treating a diagnosis ("for that pain") opens a heading
                    // only when the clinician turns to it.
                    let turnsTo = u.has(Self.topicCues)
                    if !generic, name.lowercased() != problem?.lowercased(), c.mention.concept.id != problemConcept?.id,
                       c.mention.concept.kind == .problem || problemConcept?.kind != .problem || turnsTo {
                        problem = name
                        problemConcept = c.mention.concept
                        pendingHeading = (name + ".", (u.range.lowerBound + span.lowerBound)..<(u.range.lowerBound + span.upperBound))
                    }
                }
                guard u.clinical || u.has(Self.treatmentCues + Self.testingCues + Self.followUpCues), !Self.isMeta(u.lower) else { continue }
                if addOrders(u) { continue }
                add(.assessmentAndPlan, { w in medicationOrder(u, patient: patient, written: w) ?? w.map(Rewriter.planStyle) }(rewriter.clinicianSentence(u.text)), u.spans, label: Self.planLabel(u), problem: problem)
            }
        }
        // Without the clinician's own introduction, the history opens with the reason for the visit, as notes do.
        if let cc = sections[.chiefComplaint]?.first, !introduced {
            let reason = Self.lowercasedTerm(String(cc.text.dropLast(cc.text.hasSuffix(".") ? 1 : 0)))
            sections[.historyOfPresentIllness, default: []].insert(
                NoteSentence(id: "hpi-0", text: "\(pronoun) presents today for evaluation of \(reason).", evidence: cc.evidence,
                             label: nil, problem: nil, weight: 1_000, records: cc.records), at: 0)
        }
        // Systems in the conventional head-to-toe order.
        let order = Self.systems.map(\.0)
        sections[.reviewOfSystems] = sections[.reviewOfSystems]?.enumerated().sorted {
            let (a, b) = (order.firstIndex(of: $0.1.label ?? "") ?? order.count, order.firstIndex(of: $1.1.label ?? "") ?? order.count)
            return a != b ? a < b : $0.0 < $1.0
        }.map(\.1)
        var note = assemble(trimmed(sections), template: template)
        note.unanswered = unanswered
        note.rejected = rejected
        return note
    }

    /// Drops the lowest-weight history, exam, results and plan sentences until the note fits ``wordBudget``.
    func trimmed(_ found: [SectionKind: [NoteSentence]]) -> [SectionKind: [NoteSentence]] {
        var sections = found
        func words(_ s: NoteSentence) -> Int { s.text.split(separator: " ").count + (s.label == nil ? 0 : 2) }
        var total = sections.values.joined().reduce(0) { $0 + words($1) }
        let trimmable: [SectionKind] = [.historyOfPresentIllness, .physicalExam, .results, .assessmentAndPlan]
        let candidates = trimmable.flatMap { kind in (sections[kind] ?? []).map { (kind, $0) } }
            .filter { $0.1.label != "Patient Agreements" }.sorted { $0.1.weight < $1.1.weight }
        for (kind, s) in candidates where total > wordBudget {
            // Keep at least two sentences per section.
            guard (sections[kind]?.count ?? 0) > 2 else { continue }
            sections[kind]?.removeAll { $0.id == s.id }
            total -= words(s)
        }
        // A problem heading whose sentences were all left out goes too.
        if let plan = sections[.assessmentAndPlan] {
            let withSentences = Set(plan.filter { !$0.isHeading }.compactMap(\.problem))
            sections[.assessmentAndPlan] = plan.filter { !$0.isHeading || withSentences.contains($0.problem ?? "") }
        }
        return sections
    }

    func assemble(_ found: [SectionKind: [NoteSentence]], template: NoteTemplate) -> DraftNote {
        var out: [NoteSection] = []
        var missing: [(kind: SectionKind, title: String, reason: String)] = []
        let own = Set(template.sections.map(\.kind))
        for section in template.sections {
            let (kind, title) = (section.kind, section.title)
            var sentences: [NoteSentence]
            switch kind {
            case .assessment: sentences = (found[.assessmentAndPlan] ?? []).filter { $0.label == nil || $0.label == "Medical Reasoning" }
            case .plan: sentences = (found[.assessmentAndPlan] ?? []).filter { $0.label != nil && $0.label != "Medical Reasoning" }
            default: sentences = found[kind] ?? []
            }
            // A composite section (subjective, objective) gathers the parts the template has no section of its own for.
            for part in NoteTemplate.parts[kind] ?? [] where !own.contains(part) { sentences += found[part] ?? [] }
            if sentences.isEmpty {
                missing.append((kind, title, "nothing in the transcript was classified as \(title.lowercased())"))
            }
            out.append(NoteSection(kind: kind, title: title, sentences: sentences, style: section.style))
        }
        return DraftNote(sections: out, missing: missing)
    }

    static let questionWords: Set<String> = ["what", "which", "when", "where", "who", "how", "why", "does", "do", "did", "is", "are", "was", "were",
                                             "the", "a", "an", "any", "you", "your", "patient", "patient's", "have", "has", "had", "of", "for", "to",
                                             "in", "on", "with", "about", "or", "and", "they", "their", "he", "she", "his", "her", "there", "it", "be",
                                             "been", "if", "at", "by", "from", "much", "many", "often", "long", "ever", "currently", "now", "today"]

    /// A smart-phrase question's answer from the conversation: the patient's reply to the clinician's question
    /// that best matches it (shared concepts and words), else the patient's own sentence that does; with the
    /// transcript ranges it rests on. Nil when nothing in the conversation answers it.
    func answer(_ question: String, in units: [Unit], doc: AnnotatedDocument, rewriter: Rewriter) -> (String, [Range<Int>])? {
        let asked = engine.annotate(question, kind: .note)
        let conceptIDs = Set(asked.concepts.filter { $0.assertion.experiencer == .patient }.map(\.mention.concept.id))
        let stems = Set(Self.words(question).filter { !Self.questionWords.contains($0) && $0.count > 2 }.map { String($0.prefix(5)) })
        guard !conceptIDs.isEmpty || !stems.isEmpty else { return nil }
        func score(_ u: Unit) -> Int {
            let shared = Set(u.concepts.map(\.mention.concept.id)).intersection(conceptIDs).count
            let words = Set(Self.words(u.lower).map { String($0.prefix(5)) }).intersection(stems).count
            return 2 * shared + words
        }
        let needed = min(2, max(1, conceptIDs.count * 2 + stems.count))
        // The clinician asked it and the patient answered in the next sentence.
        let asks = units.enumerated().filter { k, u in u.isQuestion && u.role != .patient && k + 1 < units.count && units[k + 1].role == .patient }
        if let (k, u) = asks.max(by: { score($0.1) < score($1.1) }), score(u) >= needed {
            let reply = units[k + 1]
            let words = reply.lower.split { !$0.isLetter }.count
            if words <= 4, ConText.answersNo(doc.tokens[reply.tokens]) || reply.lower.hasPrefix("no") { return ("No.", u.spans + reply.spans) }
            if words <= 3, ["yes", "yeah", "yep", "i do", "uh-huh", "correct"].contains(where: reply.lower.hasPrefix) { return ("Yes.", u.spans + reply.spans) }
            if let text = rewriter.patientSentence(reply.text) { return (text, u.spans + reply.spans) }
        }
        // Else the patient said it unprompted.
        if let u = units.filter({ $0.role == .patient && !$0.isQuestion }).max(by: { score($0) < score($1) }), score(u) >= needed,
           let text = rewriter.patientSentence(u.text) {
            return (text, u.spans)
        }
        return nil
    }

    static func words(_ text: String) -> [String] { text.lowercased().split { !($0.isLetter || $0 == "'") }.map(String.init) }

    /// A question as a label: `What is the onset?` → `What is the onset`.
    static func label(of question: String) -> String {
        question.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "?:. "))
    }

    /// "a, b and c".
    static func list(_ items: [String]) -> String {
        items.count <= 2 ? items.joined(separator: " and ") : items.dropLast().joined(separator: ", ") + " and " + items.last!
    }

    /// True when a record's problem and a spoken problem name the same thing (one contains the other, ignoring case).
    static func sameProblem(_ record: String, _ said: String) -> Bool {
        let a = record.lowercased().trimmingCharacters(in: .punctuationCharacters), b = said.lowercased().trimmingCharacters(in: .punctuationCharacters)
        return !a.isEmpty && !b.isEmpty && (a.contains(b) || b.contains(a))
    }

    /// A symptom as notes name it: the lexicon's short term ("syncope" for "passed out"), else the words said.
    static func symptomTerm(_ c: AnnotatedConcept) -> String {
        let preferred = c.mention.concept.preferred
        return preferred.split(separator: " ").count <= 2 ? lowercasedTerm(preferred) : rosTerm(c.mention.span.text)
    }

    /// The symptom as a review-of-systems term: "had a fever" → "fever".
    static func rosTerm(_ said: String) -> String {
        var t = lowercasedTerm(said)
        for lead in ["had ", "have ", "having ", "been having ", "experienced ", "any ", "a ", "an ", "some "] where t.lowercased().hasPrefix(lead) {
            t = String(t.dropFirst(lead.count))
        }
        return t
    }

    /// A term as it reads mid-sentence: lowercased unless it is an abbreviation (`COPD`).
    static func lowercasedTerm(_ term: String) -> String {
        term.split(separator: " ").map { w in w.count > 1 && w == w.uppercased() ? String(w) : w.lowercased() }.joined(separator: " ")
    }

    /// The patient's sex as the conversation states it: "year-old male/female/man/woman"; else the title or the
    /// given name the clinician greets the patient by in the opening ("hi, ms. thompson", "hey lawrence", "okay raymond",
    /// "today i'm seeing christina cooper"), the name looked up in `names`; else the pronouns used most about a third person.
    public static func inferSex(_ transcript: String, names: FirstNameTable = FirstNameTable(sexes: [:])) -> PatientContext.Sex {
        let lower = " " + transcript.lowercased() + " "
        for (cue, sex) in [("year-old female", PatientContext.Sex.female), ("year-old woman", .female), ("year old female", .female),
                           ("year-old male", .male), ("year-old man", .male), ("year old male", .male)] where lower.contains(cue) { return sex }
        if let named = greetedSex(String(lower.prefix(600)), names: names) { return named }
        func count(_ words: [String]) -> Int { words.reduce(0) { $0 + lower.components(separatedBy: " \($1) ").count - 1 } }
        let f = count(["she", "her", "hers", "herself", "mrs.", "ms."]), m = count(["he", "his", "him", "himself", "mr."])
        return f > m ? .female : m > f ? .male : .unknown
    }

    /// The sex of the person greeted or introduced in `opening` by title or by a given name in `names`.
    static func greetedSex(_ opening: String, names: FirstNameTable) -> PatientContext.Sex? {
        let pattern = #"(?:\b(?:hi|hey|hello|morning|afternoon|evening|seeing|patient|next is|this is)\s*,?|\[doctor\](?:\s*(?:so|okay|ok|alright|well|now|hi|hey|hello|good|morning|next is|this is|patient|today i'm seeing)\b\s*,?)*)\s+(?:(mr|mister|mrs|ms|miss)\.?\s+)?([a-z]+)"#
        guard let regex = try? NSRegularExpression(pattern: pattern) else { return nil }
        let ns = opening as NSString
        for m in regex.matches(in: opening, range: NSRange(location: 0, length: ns.length)) {
            if m.range(at: 1).location != NSNotFound { return ["mr", "mister"].contains(ns.substring(with: m.range(at: 1))) ? .male : .female }
            switch names.sex(of: ns.substring(with: m.range(at: 2))) {
            case "female": return .female
            case "male": return .male
            default: continue
            }
        }
        return nil
    }

    static func prefix(_ kind: SectionKind) -> String {
        switch kind {
        case .chiefComplaint: return "cc"
        case .historyOfPresentIllness: return "hpi"
        case .reviewOfSystems: return "ros"
        case .physicalExam: return "exam"
        case .vitalSigns: return "vitals"
        case .results: return "results"
        case .assessmentAndPlan: return "ap"
        default: return kind.rawValue
        }
    }

    /// "… who presents for his annual exam" → "Annual exam."
    static func reason(_ text: String) -> String? {
        let lower = text.lowercased()
        for cue in ["presents today for ", "presents today with ", "presenting today with ", "presenting with ", "presents for ", "presents with ",
                    "here for ", "here today for ", "coming in for ", "comes in for ", "in today for ", "in for "] {
            guard let r = lower.range(of: cue) else { continue }
            var rest = String(lower[r.upperBound...])
            for stop in [" .", ".", " ,", ",", " and ", " so ", "?"] { if let s = rest.range(of: stop) { rest = String(rest[..<s.lowerBound]) } }
            var words = rest.split(separator: " ").filter { !["his", "her", "a", "an", "the", "their", "some", "your", "my"].contains($0) }
            if words.prefix(2) == ["little", "bit"] { words.removeFirst(2) }
            if words.first == "of" { words.removeFirst() }
            while let last = words.last, ["today", "now", "here", "again"].contains(last) { words.removeLast() }
            // A reason names a complaint or a kind of visit, not only a time ("a couple of weeks").
            let timeWords: Set<Substring> = ["couple", "few", "of", "weeks", "week", "days", "day", "months", "month", "years", "year", "while", "bit", "little",
                                             "one", "two", "three", "several", "some", "time"]
            guard !words.isEmpty, words.count <= 8, !words.allSatisfy(timeWords.contains) else { continue }
            let phrase = words.joined(separator: " ")
            return phrase.prefix(1).uppercased() + phrase.dropFirst() + "."
        }
        return nil
    }

    /// A complaint as a chief complaint names it: "pain in my chest" → "pain in the chest", "had a fever" → "fever",
    /// "knee hurts" → "knee pain", "hurt the foot" → "foot pain".
    static func complaint(_ said: String) -> String {
        var t = rosTerm(said).replacingOccurrences(of: #"\b(my|your)\b"#, with: "the", options: .regularExpression)
        if let r = t.range(of: #"^(\w+ )?(\w+) (hurts|hurt|hurting)$"#, options: .regularExpression), r == t.startIndex..<t.endIndex {
            let words = t.split(separator: " ").dropLast()
            if let site = words.last, siteWords.contains(String(site)) { t = words.joined(separator: " ") + " pain" }
        } else if let r = t.range(of: #"^(hurt|injured|hurts) (the )?"#, options: .regularExpression), siteWords.contains(String(t[r.upperBound...])) {
            t = t[r.upperBound...] + " pain"
        }
        return t
    }

    static let siteWords: Set<String> = ["right", "left", "lower", "upper", "back", "knee", "shoulder", "neck", "chest", "abdominal", "stomach", "belly", "hip",
                                        "ankle", "foot", "wrist", "hand", "elbow", "arm", "leg", "head", "ear", "throat", "eye", "finger", "toe", "thumb",
                                        "heel", "jaw", "tooth", "pelvic", "groin", "rib", "calf", "thigh", "abdomen", "side", "lumbar", "joint", "muscle"]

    /// A complaint with the body site said around it, and the code-point range (within the sentence) of the words
    /// used: "pain" in "my right knee pain" → "right knee pain"; "pain in my right wrist" → "pain in the right
    /// wrist". Nothing is added that was not said.
    static func withSite(_ complaint: String, in sentence: String, at offset: Int) -> (String, Range<Int>) {
        let scalars = Array(sentence.unicodeScalars)
        let length = complaint.unicodeScalars.count
        guard offset >= 0, offset + length <= scalars.count else { return (complaint, max(0, offset)..<max(0, offset) + length) }
        let own = offset..<(offset + length)
        // Words right before the complaint, back to the first that is not a site.
        var start = offset
        var site: [String] = []
        while true {
            var end = start
            while end > 0, scalars[end - 1] == " " { end -= 1 }
            var begin = end
            while begin > 0, scalars[begin - 1] != " " { begin -= 1 }
            guard begin < end else { break }
            let word = String(String.UnicodeScalarView(scalars[begin..<end])).lowercased()
            guard siteWords.contains(word) else { break }
            site.insert(word, at: 0)
            start = begin
        }
        if !site.isEmpty { return (site.joined(separator: " ") + " " + complaint.lowercased(), start..<own.upperBound) }
        let after = String(String.UnicodeScalarView(scalars[own.upperBound...])).lowercased()
        if let r = after.range(of: #"^ (in|on|of) (my|the|his|her|your) ((right|left) )?[a-z]+"#, options: .regularExpression) {
            let words = after[r].split(separator: " ").dropFirst(2).map(String.init)
            if let last = words.last, siteWords.contains(last), last != "side" {
                return (complaint.lowercased() + " in the " + words.joined(separator: " "), own.lowerBound..<(own.upperBound + after[r].unicodeScalars.count))
            }
        }
        return (complaint, own)
    }

    /// Words after a name said to the listener ("Raymond, it looks like …", "Russell I did review …").
    static let afterVocative: Set<String> = ["it", "i", "he", "she", "here", "so", "we", "this", "that", "his", "her", "just", "please", "the"]

    /// The sentence without a first name it opens by addressing someone: "Russell I did review the results" → "I did
    /// review the results".
    static func withoutVocative(_ text: String, names: FirstNameTable) -> String {
        let words = text.split(separator: " ", maxSplits: 2).map(String.init)
        guard words.count == 3 else { return text }
        let name = words[0].trimmingCharacters(in: .punctuationCharacters)
        let next = words[1].lowercased().trimmingCharacters(in: .punctuationCharacters)
        guard names.sex(of: name) != nil, afterVocative.contains(next) || words[0].hasSuffix(",") else { return text }
        let rest = words[1] + " " + words[2]
        return rest.prefix(1).uppercased() + rest.dropFirst()
    }

    static func dropLeadingName(_ text: String, _ patient: PatientContext) -> String {
        var t = text
        for lead in ["so ", "okay ", "alright "] where t.lowercased().hasPrefix(lead) { t = String(t.dropFirst(lead.count)) }
        if let isRange = t.range(of: " is a "), t.distance(from: t.startIndex, to: isRange.lowerBound) < 40 {
            return "The patient" + t[isRange.lowerBound...]
        }
        return t
    }

    static func vital(_ m: ClinicalText.Measurement) -> String {
        func n(_ x: Double) -> String { x == x.rounded() ? String(Int(x)) : String(x) }
        switch m.kind {
        case .bloodPressure: return "\(n(m.value))/\(n(m.value2 ?? 0)) mmHg."
        case .heartRate: return "\(n(m.value)) bpm."
        case .respiratoryRate: return "\(n(m.value)) breaths per minute."
        case .temperature: return "\(n(m.value)) \(m.unit == "Cel" ? "°C" : "°F")."
        case .oxygenSaturation: return "\(n(m.value))%."
        case .weight: return "\(n(m.value)) \(m.unit == "kg" ? "kg" : "lbs")."
        case .height: return "\(n(m.value)) \(m.unit == "cm" ? "cm" : "in")."
        case .bmi: return "\(n(m.value))."
        default: return "\(n(m.value))."
        }
    }

    static func vitalLabel(_ kind: ClinicalText.Measurement.Kind) -> String {
        switch kind {
        case .bloodPressure: return "Blood Pressure"
        case .heartRate: return "Heart Rate"
        case .respiratoryRate: return "Respiratory Rate"
        case .temperature: return "Temperature"
        case .oxygenSaturation: return "Oxygen Saturation"
        case .weight: return "Weight"
        case .height: return "Height"
        case .bmi: return "BMI"
        default: return kind.rawValue
        }
    }

    /// The review-of-systems heading for a symptom.
    static func system(of c: Lexicon.Concept) -> String {
        let t = (c.preferred + " " + c.id).lowercased()
        return systems.first { $0.1.contains { t.contains($0) } }?.0 ?? "General"
    }

    /// Review-of-systems headings in head-to-toe order, each with the words that place a symptom under it.
    static let systems: [(String, [String])] = [
            ("Constitutional", ["fever", "chill", "fatigue", "weight", "sweat", "malaise", "appetite", "tired"]),
            ("Eyes", ["vision", "visual", "eye", "blurr"]),
            ("Ears, Nose, Mouth and Throat", ["ear", "nose", "nasal", "sinus", "throat", "congestion", "hearing", "sneez"]),
            ("Cardiovascular", ["chest", "palpitation", "edema", "swelling", "heart", "syncope", "orthopnea"]),
            ("Respiratory", ["breath", "cough", "wheez", "dyspnea", "sputum"]),
            ("Gastrointestinal", ["nausea", "vomit", "diarrhea", "constipation", "abdominal", "stool", "heartburn", "reflux", "bloat", "belly"]),
            ("Genitourinary", ["urin", "dysuria", "bladder", "hematuria", "incontinence"]),
            ("Musculoskeletal", ["joint", "muscle", "back pain", "knee", "shoulder", "hip", "myalgia", "arthralgia", "cramp", "neck pain"]),
            ("Integumentary", ["rash", "skin", "itch", "lesion", "bruis"]),
            ("Neurological", ["headache", "dizz", "numb", "tingl", "weakness", "seizure", "lightheaded", "memory"]),
            ("Psychiatric", ["depress", "anxi", "sleep", "mood", "insomnia", "suicid"]),
            ("Endocrine", ["thirst", "polyuria", "heat intolerance", "cold intolerance"]),
            ("Hematologic/Lymphatic", ["bleed", "lymph", "anemia"]),
        ]
}
