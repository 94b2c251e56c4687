import Terminology

/// One concept mention with everything the engine knows about it.
public struct AnnotatedConcept: Sendable, Hashable {
    public var mention: ConceptMention
    public var assertion: Assertion
    public var modifiers: ConceptModifiers
    /// Index into ``AnnotatedDocument/sentences``.
    public var sentence: Int
    /// The note section it is in (notes only).
    public var section: SectionKind?
    /// Who said it (transcripts only).
    public var speaker: SpeakerRole?
}

/// A processed document: every result carries code-point offsets into ``text``.
public struct AnnotatedDocument: Sendable {
    public enum Kind: String, Sendable {
        case note, transcript
    }

    public var kind: Kind
    public var text: ScalarText
    public var tokens: [Token]
    public var sentences: [Sentence]
    public var sections: [Section]
    public var turns: [Turn]
    /// For each sentence, the index of its turn (transcripts).
    public var sentenceTurns: [Int?]
    public var concepts: [AnnotatedConcept]
    public var measurements: [Measurement]
    public var medications: [MedicationMention]
    public var times: [TimeExpression]

    /// The text of a sentence.
    public func text(of sentence: Sentence) -> String { text[sentence.range] }
}

/// The clinical text pipeline: tokens → sentences (per speaker turn in transcripts) → sections (notes) →
/// concepts → ConText assertions, modifiers, measurements, medications with their sig, time expressions.
/// Pure: the same text and terminology give the same document.
public struct ClinicalTextEngine: Sendable {
    public let matcher: ConceptMatcher
    /// A second matcher over ICD-10-CM terms, used only where the lexicon found nothing.
    public let icd10cmMatcher: ConceptMatcher?
    public let context: ConText
    public let measurements: MeasurementParser
    public let medications: MedicationParser
    let tokenizer = Tokenizer()
    let splitter = SentenceSplitter()
    let transcripts = TranscriptParser()
    let sectionDetector = SectionDetector()
    let times = TimeExpressionParser()
    let modifiers = ModifierParser()

    public init(lexicon: Lexicon, labNames: [(names: [String], code: String, unit: String)] = [], context: ConText = ConText(),
                icd10cmTerms: [(code: String, term: String)] = []) {
        matcher = ConceptMatcher(lexicon: lexicon)
        if icd10cmTerms.isEmpty {
            icd10cmMatcher = nil
        } else {
            let concepts = Dictionary(grouping: icd10cmTerms, by: \.code).map { code, terms in
                Lexicon.Concept(id: "icd10cm:" + code, kind: .problem, preferred: terms[0].term, terms: terms.map(\.term), icd10cm: code)
            }.sorted { $0.id < $1.id }
            icd10cmMatcher = ConceptMatcher(lexicon: Lexicon(concepts: concepts), kinds: [.problem])
        }
        self.context = context
        measurements = MeasurementParser(labNames: labNames)
        medications = MedicationParser(lexicon: lexicon)
    }

    /// Builds the engine from the shipped terminology: the lexicon, LOINC lab names and, where the lexicon
    /// finds nothing, ICD-10-CM terms (``ICD10CM/indexTerms(maxWords:)``).
    public init(terminology: Terminology, icd10cmTerms: Bool = true) {
        self.init(lexicon: terminology.lexicon, labNames: terminology.loinc.map { entries in
            entries.filter { $0.kind == "lab" }.map { (names: [$0.short] + $0.synonyms, code: $0.code, unit: $0.unit) }
        } ?? [], icd10cmTerms: icd10cmTerms ? terminology.icd10cm.indexTerms() : [])
    }

    public func annotate(_ string: String, kind: AnnotatedDocument.Kind) -> AnnotatedDocument {
        let text = ScalarText(string)
        let tokens = tokenizer.tokens(text)
        var sentences: [Sentence] = []
        var turns: [Turn] = []
        var sentenceTurns: [Int?] = []
        var sections: [Section] = []
        switch kind {
        case .transcript:
            turns = transcripts.turns(text)
            var t = 0
            for (n, turn) in turns.enumerated() {
                while t < tokens.count && tokens[t].range.lowerBound < turn.range.lowerBound { t += 1 }
                var e = t
                while e < tokens.count && tokens[e].range.upperBound <= turn.range.upperBound { e += 1 }
                let local = splitter.sentences(text, Array(tokens[t..<e]), speech: true).map { s in
                    Sentence(range: s.range, tokens: (s.tokens.lowerBound + t)..<(s.tokens.upperBound + t))
                }
                sentences += local
                sentenceTurns += Array(repeating: n, count: local.count)
                t = e
            }
        case .note:
            sentences = splitter.sentences(text, tokens)
            sentenceTurns = Array(repeating: nil, count: sentences.count)
            sections = sectionDetector.sections(text)
        }
        var concepts: [AnnotatedConcept] = []
        var found: [Measurement] = [], meds: [MedicationMention] = [], timeExpressions: [TimeExpression] = []
        var sentenceOfToken = [Int](repeating: -1, count: tokens.count)
        for (n, s) in sentences.enumerated() { for i in s.tokens { sentenceOfToken[i] = n } }
        for (n, s) in sentences.enumerated() {
            var mentions = matcher.mentions(in: text, tokens: tokens, within: s.tokens)
            if let icd = icd10cmMatcher {
                // ICD-10-CM terms fill the gaps between lexicon mentions.
                var start = s.tokens.lowerBound
                // Body sites do not block: a condition's name often contains one ("lateral epicondylitis").
                for gap in mentions.filter({ $0.concept.kind != .bodySite }).map(\.tokens) + [s.tokens.upperBound..<s.tokens.upperBound] {
                    if gap.lowerBound > start { mentions += icd.mentions(in: text, tokens: tokens, within: start..<gap.lowerBound) }
                    start = max(start, gap.upperBound)
                }
                mentions.sort { $0.tokens.lowerBound < $1.tokens.lowerBound }
            }
            let assertions = context.assert(mentions.map(\.tokens), sentence: s.tokens, tokens: tokens)
            let section = sections.last { $0.heading.start <= s.range.lowerBound }?.kind
            var answered = assertions
            // A question answered "no" in the next sentence ("any chest pain ? no .", spoken: "any chest pain" "no")
            // negates its concepts.
            if SentenceSplitter.isQuestion(tokens[s.tokens]), n + 1 < sentences.count, ConText.answersNo(tokens[sentences[n + 1].tokens]) {
                for k in answered.indices { answered[k].negated = true; answered[k].uncertain = false }
            }
            let measured = measurements.measurements(in: text, tokens: tokens, within: s.tokens)
            found += measured
            for (m, var a) in zip(mentions, answered) {
                // "blood" in "blood pressure 140/90" is the measurement's name, not a body site.
                if m.concept.kind == .bodySite, measured.contains(where: { $0.span.range.overlaps(m.span.range) }) { continue }
                // Section context: past medical/surgical history is historical, family history is the family's.
                if section == .pastMedicalHistory || section == .pastSurgicalHistory { a.historical = !a.negated }
                if section == .familyHistory { a.experiencer = .family }
                concepts.append(AnnotatedConcept(mention: m, assertion: a, modifiers: modifiers.modifiers(for: m.tokens, tokens: tokens, sentence: s.tokens),
                                                 sentence: n, section: kind == .note ? section : nil,
                                                 speaker: sentenceTurns[n].map { turns[$0].role }))
            }
            timeExpressions += times.expressions(in: text, tokens: tokens, within: s.tokens)
            meds += medications.medications(in: text, tokens: tokens, mentions: mentions, sentenceEnd: { _ in s.tokens.upperBound })
        }
        return AnnotatedDocument(kind: kind, text: text, tokens: tokens, sentences: sentences, sections: sections, turns: turns,
                                 sentenceTurns: sentenceTurns, concepts: concepts, measurements: found, medications: meds, times: timeExpressions)
    }
}
