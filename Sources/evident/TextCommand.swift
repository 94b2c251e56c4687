import ArgumentParser
import ClinicalText
import Foundation
import Terminology

/// `evident text`: run the clinical text engine on documents and print what it finds.
struct TextCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "text",
        abstract: "Annotate clinical notes or transcripts: sentences, sections, concepts with ConText, measurements, medications, times.",
        discussion: """
            Reads plain-text files, or with --docs a JSON-lines file of {"id", "text"[, "kind"]} objects. Prints one JSON \
            object per document (offsets are Unicode code points), or with --summary a readable listing. Files ending in \
            .txt are notes unless --kind transcript is given; JSON-lines documents may carry their own "kind".
            """)

    @Argument(help: "Text files to annotate.")
    var files: [String] = []

    @Option(name: .long, help: ArgumentHelp("A JSON-lines file of documents: {\"id\": ..., \"text\": ..., \"kind\": \"note\"|\"transcript\"}.", valueName: "path"))
    var docs: String?

    @Option(name: .long, help: "Document kind when not given per document: note or transcript.")
    var kind: String = "note"

    @Flag(name: .long, help: "Print a readable listing instead of JSON lines.")
    var summary = false

    func run() throws {
        let started = Date()
        let terminology = try Terminology.shipped()
        let engine = ClinicalTextEngine(terminology: terminology)
        FileHandle.standardError.write(Data("Loaded terminology and lexicon (\(terminology.lexicon.concepts.count) concepts) in \(Int(Date().timeIntervalSince(started) * 1000)) ms\n".utf8))
        var inputs: [(id: String, text: String, kind: AnnotatedDocument.Kind)] = []
        guard let defaultKind = AnnotatedDocument.Kind(rawValue: kind) else { throw ValidationError("--kind must be note or transcript") }
        for f in files {
            guard let text = try? String(contentsOfFile: f, encoding: .utf8) else { throw ValidationError("Cannot read \(f) as UTF-8 text") }
            inputs.append((f, text, defaultKind))
        }
        if let docs {
            guard let content = try? String(contentsOfFile: docs, encoding: .utf8) else { throw ValidationError("Cannot read \(docs)") }
            for (n, line) in content.split(whereSeparator: \.isNewline).enumerated() {
                guard let o = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], let text = o["text"] as? String else {
                    throw ValidationError("\(docs) line \(n + 1) is not a {\"id\", \"text\"} JSON object")
                }
                inputs.append(((o["id"] as? String) ?? "\(n + 1)", text, (o["kind"] as? String).flatMap(AnnotatedDocument.Kind.init) ?? defaultKind))
            }
        }
        guard !inputs.isEmpty else { throw ValidationError("Give text files or --docs FILE.jsonl") }
        let t0 = Date()
        var bytes = 0
        for input in inputs {
            let doc = engine.annotate(input.text, kind: input.kind)
            bytes += input.text.utf8.count
            if summary { print(Self.listing(input.id, doc)) } else { print(Self.json(input.id, doc)) }
        }
        let seconds = Date().timeIntervalSince(t0)
        FileHandle.standardError.write(Data(String(format: "Annotated %d documents (%.2f MB) in %.2f s\n", inputs.count, Double(bytes) / 1e6, seconds).utf8))
    }

    static func json(_ id: String, _ doc: AnnotatedDocument) -> String {
        let concepts: [[String: Any]] = doc.concepts.map { c in
            var o: [String: Any] = [
                "start": c.mention.span.start, "end": c.mention.span.end, "text": c.mention.span.text, "concept": c.mention.concept.id,
                "kind": c.mention.concept.kind.rawValue, "negated": c.assertion.negated, "uncertain": c.assertion.uncertain,
                "historical": c.assertion.historical, "hypothetical": c.assertion.hypothetical, "family": c.assertion.experiencer == .family,
                "experiencer": c.assertion.experiencer.rawValue, "question": c.assertion.question,
            ]
            if let code = c.mention.concept.icd10cm { o["icd10cm"] = code }
            if let s = c.section { o["section"] = s.rawValue }
            if let r = c.speaker { o["speaker"] = r.rawValue }
            if let l = c.modifiers.laterality { o["laterality"] = l.rawValue }
            if let s = c.modifiers.severity { o["severity"] = s.rawValue }
            return o
        }
        let sections: [[String: Any]] = doc.sections.map {
            ["category": $0.kind.rawValue, "loinc": $0.kind.loinc?.code ?? "", "title_start": $0.heading.start, "title_end": $0.heading.end,
             "body_start": $0.body.lowerBound, "body_end": $0.body.upperBound]
        }
        let measurements: [[String: Any]] = doc.measurements.map { m in
            var o: [String: Any] = ["kind": m.kind.rawValue, "value": m.value, "unit": m.unit, "start": m.span.start, "end": m.span.end]
            if let v = m.value2 { o["value2"] = v }
            if let l = m.loinc { o["loinc"] = l }
            return o
        }
        let meds: [[String: Any]] = doc.medications.map { m in
            var o: [String: Any] = ["concept": m.concept.id, "start": m.fullSpan.start, "end": m.fullSpan.end]
            if let v = m.doseValue { o["dose"] = v }
            if let u = m.doseUnit { o["unit"] = u }
            if let r = m.route { o["route"] = r }
            if let f = m.frequency { o["frequency"] = f }
            if let p = m.perDay { o["per_day"] = p }
            return o
        }
        let times: [[String: Any]] = doc.times.map { t in
            var o: [String: Any] = ["kind": t.kind.rawValue, "unit": t.unit, "start": t.span.start, "end": t.span.end]
            if let v = t.value { o["value"] = v }
            return o
        }
        let object: [String: Any] = ["id": id, "kind": doc.kind.rawValue, "sentences": doc.sentences.map { [$0.range.lowerBound, $0.range.upperBound] },
                                     "turns": doc.turns.map { ["role": $0.role.rawValue, "start": $0.range.lowerBound, "end": $0.range.upperBound] },
                                     "sections": sections, "entities": concepts, "measurements": measurements, "medications": meds, "times": times]
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }

    static func listing(_ id: String, _ doc: AnnotatedDocument) -> String {
        var out = ["== \(id) (\(doc.kind.rawValue)): \(doc.sentences.count) sentences, \(doc.sections.count) sections, \(doc.turns.count) turns"]
        for s in doc.sections { out.append("  section \(s.kind.rawValue) [\(s.kind.loinc?.code ?? "-")] \"\(s.heading.text)\" @\(s.heading.start)") }
        for c in doc.concepts {
            let a = c.assertion
            let flags = [a.negated ? "negated" : nil, a.uncertain ? "uncertain" : nil, a.historical ? "historical" : nil, a.hypothetical ? "hypothetical" : nil,
                         a.experiencer != .patient ? a.experiencer.rawValue : nil, a.question ? "question" : nil].compactMap { $0 }
            out.append("  \(c.mention.concept.kind.rawValue) \(c.mention.concept.id) \"\(c.mention.span.text)\" @\(c.mention.span.start)"
                       + (c.mention.concept.icd10cm.map { " \($0)" } ?? "") + (flags.isEmpty ? "" : " [" + flags.joined(separator: ", ") + "]"))
        }
        for m in doc.measurements { out.append("  measurement \(m.kind.rawValue) \(m.value)\(m.value2.map { "/\($0)" } ?? "") \(m.unit) \"\(m.span.text)\"") }
        for m in doc.medications { out.append("  medication \(m.concept.id) \"\(m.fullSpan.text)\"") }
        for t in doc.times { out.append("  time \(t.kind.rawValue) \"\(t.span.text)\"") }
        return out.joined(separator: "\n")
    }
}
