import ArgumentParser
import ClinicalText
import Evidence
import FHIRCore
import Foundation
import Scribe
import Terminology

/// `evident eval ambient-note`: the scribe on ACI-Bench, scored as the benchmark scores it.
struct EvalAmbientNote: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ambient-note",
        abstract: "Draft notes from ACI-Bench dialogues and score them: ROUGE-1/2/L/Lsum, verified sentences, fidelity, recall, prose, sections, length, latency.",
        discussion: """
            ROUGE follows the rouge-score package (no stemming, F1 per note averaged over notes); for ROUGE-Lsum both \
            notes are written one sentence per line. Each drafted sentence is checked by the evidence verifier against \
            the dialogue (quote at its offset, numbers and negation supported); the share that verifies is printed. \
            Fidelity: numbers, medications, sides and negations in the draft that the dialogue does not support are \
            counted; recall of the reference notes' medications, doses, vital signs and diagnoses is printed. Prose: \
            sentences over 40 words, history sentences still in the first person, and a word said twice are counted. \
            The patient's sex comes from the dialogue (the evaluation has no Patient record).
            """)

    @Option(name: .long, help: ArgumentHelp("An ACI-Bench CSV with columns dialogue and note (e.g. ../shared/data/aci-bench/valid.csv).", valueName: "path"))
    var dataset: String

    @Option(name: .long, help: "Template: full-visit or soap.")
    var template: String = "full-visit"

    @Option(name: .long, help: ArgumentHelp("Write the drafted notes here, one file per encounter.", valueName: "dir"))
    var out: String?

    @Flag(name: .long, help: "Print ROUGE per note.")
    var perNote = false

    @Flag(name: .long, help: "Print every sentence the verifier dropped, with the reason.")
    var showDropped = false

    @Flag(name: .long, help: "Print every sentence the scribe drafted and left out because its prose has a flaw, with the flaw, and every negation the dialogue does not support.")
    var showRejected = false

    func run() throws {
        guard let tmpl = NoteTemplate.builtIn[template] else { throw ValidationError("--template must be one of \(NoteTemplate.builtIn.keys.sorted())") }
        let rows = try CSVFile.read(dataset)
        guard let first = rows.first, first["dialogue"] != nil, first["note"] != nil else {
            throw ValidationError("\(dataset) needs the columns dialogue and note")
        }
        let terminology = try Terminology.shipped()
        let scribe = Scribe(engine: ClinicalTextEngine(terminology: terminology), names: terminology.firstNames)
        let splitter = SentenceSplitter(), tokenizer = Tokenizer()
        func oneSentencePerLine(_ text: String) -> String {
            let s = ScalarText(text)
            return splitter.sentences(s, tokenizer.tokens(s)).map { s[$0.range] }.joined(separator: "\n")
        }
        var r1 = 0.0, r2 = 0.0, rl = 0.0, rlsum = 0.0
        var sentences = 0, verified = 0, sectionsFilled = 0, sectionsTotal = 0, words = 0, refWords = 0
        var latencies: [Double] = []
        var unsupported = 0, checkedFacts = 0
        var fidelity = FidelityCounts()
        var prose = ProseCounts()
        let source = SourceReference(type: "DocumentReference", id: "transcript", version: 1)
        if let out { try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true) }
        for (n, row) in rows.enumerated() {
            let dialogue = row["dialogue"]!, reference = row["note"]!
            let t0 = DispatchTime.now().uptimeNanoseconds
            let note = scribe.draft(transcript: dialogue, patient: PatientContext(), template: tmpl)
            latencies.append(Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e6)
            let doc: JSON = ["resourceType": "DocumentReference", "content": [["attachment": ["data": .string(Data(dialogue.utf8).base64EncodedString())]]]]
            let statements = note.statements(transcript: dialogue, source: source, path: "DocumentReference.content[0].attachment")
            let result = EvidenceVerifier().verify(statements, sources: [source: doc])
            if showDropped { for d in result.dropped { print("dropped \(d.statement.elementID): \(d.statement.factText) — \(d.reasons.joined(separator: "; "))") } }
            if showRejected { for r in note.rejected { print("rejected \(row["encounter_id"] ?? "#\(n + 1)") [\(r.section.rawValue)] \(r.text) — \(r.problems.map(\.description).joined(separator: "; "))") } }
            sentences += statements.count
            verified += result.kept.count
            let kept = note.keeping(Set(result.kept.map(\.elementID)))
            prose.add(kept)
            let text = kept.text
            // Fidelity: numbers the draft states that the dialogue never says.
            let spoken = KeyFacts(dialogue).numbers
            let stated = KeyFacts(text).numbers
            checkedFacts += stated.count
            unsupported += stated.subtracting(spoken).count
            let before = fidelity.unsupported.count
            fidelity.add(draft: text, dialogue: dialogue, reference: reference, engine: scribe.engine)
            if showRejected { for line in fidelity.unsupported[before...] { print("unsupported \(row["encounter_id"] ?? "#\(n + 1)") \(line)") } }
            sectionsTotal += tmpl.sections.count
            sectionsFilled += kept.sections.filter { !$0.sentences.isEmpty }.count
            words += text.split(whereSeparator: \.isWhitespace).count
            refWords += reference.split(whereSeparator: \.isWhitespace).count
            let s = Rouge.all(prediction: text, target: reference)
            let lsum = Rouge.lsum(prediction: oneSentencePerLine(text), target: oneSentencePerLine(reference)).f1
            r1 += s.r1; r2 += s.r2; rl += s.rl; rlsum += lsum
            let id = row["encounter_id"] ?? row["id"] ?? "\(n + 1)"
            if perNote { print(String(format: "%@  R1 %.2f  R2 %.2f  RL %.2f  RLsum %.2f  %d words (reference %d)", id, s.r1 * 100, s.r2 * 100, s.rl * 100, lsum * 100,
                                      text.split(whereSeparator: \.isWhitespace).count, reference.split(whereSeparator: \.isWhitespace).count)) }
            if let out { try text.write(toFile: "\(out)/\(id).txt", atomically: true, encoding: .utf8) }
        }
        let k = Double(rows.count)
        latencies.sort()
        func pct(_ p: Double) -> Double { latencies[min(latencies.count - 1, Int(Double(latencies.count) * p))] }
        print("\(dataset): \(rows.count) encounters, template \(tmpl.name)")
        print(String(format: "ROUGE-1 %.2f  ROUGE-2 %.2f  ROUGE-L %.2f  ROUGE-Lsum %.2f", r1 / k * 100, r2 / k * 100, rl / k * 100, rlsum / k * 100))
        print(String(format: "sentences verified: %d of %d (%.1f%%); unverifiable ones are dropped before scoring", verified, sentences, Double(verified) / Double(max(sentences, 1)) * 100))
        print(String(format: "fidelity: %d of %d numbers in the drafts are not in the dialogue", unsupported, checkedFacts))
        print(fidelity.report)
        print(prose.report)
        print(String(format: "sections filled: %d of %d (%.1f%%)", sectionsFilled, sectionsTotal, Double(sectionsFilled) / Double(max(sectionsTotal, 1)) * 100))
        print(String(format: "length: %.0f words per note (reference %.0f)", Double(words) / k, Double(refWords) / k))
        print(String(format: "latency per note: p50 %.1f ms, p95 %.1f ms (this build)", pct(0.5), pct(0.95)))
    }
}

/// Fidelity of drafts to their dialogue (facts the draft states that the dialogue does not support) and
/// recall of the reference notes' medications, doses, vital signs and diagnoses.
struct FidelityCounts {
    var medications = (stated: 0, unsupported: 0)
    var sides = (stated: 0, unsupported: 0)
    var negations = (stated: 0, unsupported: 0)
    /// What the dialogue does not support, one line each, for `--show-rejected`.
    var unsupported: [String] = []
    var recall: [String: (found: Int, total: Int)] = ["medications": (0, 0), "doses": (0, 0), "vital signs": (0, 0), "diagnoses": (0, 0)]

    mutating func add(draft: String, dialogue: String, reference: String, engine: ClinicalTextEngine) {
        // Read in the dialogue's case, so that an abbreviation written in capitals ("no JVD") is found as said ("no jvd").
        let caseOfDialogue = dialogue == dialogue.lowercased() ? draft.lowercased() : draft
        let d = engine.annotate(caseOfDialogue, kind: .note), t = engine.annotate(dialogue, kind: .transcript), r = engine.annotate(reference, kind: .note)
        let spokenMeds = Set(t.concepts.filter { $0.mention.concept.kind == .medication }.map(\.mention.concept.id))
        for m in Set(d.concepts.filter { $0.mention.concept.kind == .medication }.map(\.mention.concept.id)) {
            medications.stated += 1
            if !spokenMeds.contains(m) { medications.unsupported += 1 }
        }
        let spokenWords = Set(dialogue.lowercased().split { !$0.isLetter }.map(String.init))
        for side in ["left", "right", "bilateral", "bilaterally"] where draft.lowercased().split(whereSeparator: { !$0.isLetter }).contains(Substring(side)) {
            sides.stated += 1
            if !spokenWords.contains(side) && !(side.hasPrefix("bilateral") && spokenWords.contains("both")) { sides.unsupported += 1 }
        }
        let negatedInDialogue = Set(t.concepts.filter(\.assertion.negated).map(\.mention.concept.id))
        for c in d.concepts where c.assertion.negated && [.problem, .symptom, .finding].contains(c.mention.concept.kind) {
            negations.stated += 1
            if !negatedInDialogue.contains(c.mention.concept.id) {
                negations.unsupported += 1
                unsupported.append("negation of \"\(c.mention.span.text)\" in: \(d.text(of: d.sentences[c.sentence]))")
            }
        }
        func count(_ name: String, _ reference: Set<String>, _ draft: Set<String>) {
            recall[name]!.total += reference.count
            recall[name]!.found += reference.intersection(draft).count
        }
        count("medications", Set(r.medications.map(\.concept.id)), Set(d.medications.map(\.concept.id)))
        func doses(_ doc: AnnotatedDocument) -> Set<String> { Set(doc.medications.compactMap { m in m.doseValue.map { "\(m.concept.id) \($0)" } }) }
        count("doses", doses(r), doses(d))
        func vitals(_ doc: AnnotatedDocument) -> Set<String> { Set(doc.measurements.filter { $0.kind != .lab }.map { "\($0.kind.rawValue) \($0.value) \($0.value2 ?? 0)" }) }
        count("vital signs", vitals(r), vitals(d))
        func diagnoses(_ doc: AnnotatedDocument) -> Set<String> {
            Set(doc.concepts.filter { $0.mention.concept.kind == .problem && $0.assertion.isAffirmedPresent && ($0.section == nil || $0.section == .assessmentAndPlan || $0.section == .assessment) }
                .map(\.mention.concept.id))
        }
        count("diagnoses", diagnoses(r), diagnoses(d))
    }

    var report: String {
        func pct(_ a: Int, _ b: Int) -> String { String(format: "%.1f%%", Double(a) / Double(max(b, 1)) * 100) }
        var lines = [
            "fidelity: medications not in the dialogue \(medications.unsupported) of \(medications.stated); sides not said \(sides.unsupported) of \(sides.stated); "
                + "negations the dialogue does not negate \(negations.unsupported) of \(negations.stated)",
        ]
        lines.append("recall of the reference notes' facts: " + ["medications", "doses", "vital signs", "diagnoses"].map { k in
            "\(k) \(recall[k]!.found)/\(recall[k]!.total) (\(pct(recall[k]!.found, recall[k]!.total)))" }.joined(separator: ", "))
        return lines.joined(separator: "\n")
    }
}

/// A minimal RFC 4180 CSV reader (quoted fields with commas, quotes and line breaks).
enum CSVFile {
    static func read(_ path: String) throws -> [[String: String]] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { throw ValidationError("Cannot read \(path)") }
        var rows: [[String]] = [], row: [String] = [], field = ""
        var quoted = false
        var chars = Array(text.unicodeScalars)[...]
        while let c = chars.popFirst() {
            if quoted {
                if c == "\"" {
                    if chars.first == "\"" { field.unicodeScalars.append("\""); chars.removeFirst() } else { quoted = false }
                } else { field.unicodeScalars.append(c) }
            } else if c == "\"" {
                quoted = true
            } else if c == "," {
                row.append(field); field = ""
            } else if c == "\n" || c == "\r" {
                if c == "\r" && chars.first == "\n" { chars.removeFirst() }
                row.append(field); field = ""
                rows.append(row); row = []
            } else {
                field.unicodeScalars.append(c)
            }
        }
        if !field.isEmpty || !row.isEmpty { row.append(field); rows.append(row) }
        guard let header = rows.first else { return [] }
        return rows.dropFirst().filter { $0.count == header.count }.map { Dictionary(uniqueKeysWithValues: zip(header, $0)) }
    }
}
