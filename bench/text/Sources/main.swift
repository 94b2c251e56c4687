// Throughput of the clinical text pipeline (bench/text/run.sh).
//
// usage: text-bench DOCS.jsonl [--repeat N]
// Prints: terminology load time and resident memory, then for the documents: MB/s of the full pipeline,
// milliseconds per 1,500-word transcript, and the ratio to a baseline measured in the same run (the
// tokenizer alone over the same text).

import ClinicalText
import Foundation
import Scribe
import Terminology

func residentMB() -> Double {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
          let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }) else { return 0 }
    return (Double(line.split(separator: " ").dropFirst().first ?? "0") ?? 0) / 1024
}

func seconds(_ body: () -> Void) -> Double {
    let t0 = DispatchTime.now().uptimeNanoseconds
    body()
    return Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9
}

let args = CommandLine.arguments
guard args.count >= 2, let content = try? String(contentsOfFile: args[1], encoding: .utf8) else {
    FileHandle.standardError.write(Data("usage: text-bench DOCS.jsonl [--repeat N]   (bench/text/run.sh makes DOCS.jsonl)\n".utf8))
    exit(2)
}
let repeats = args.firstIndex(of: "--repeat").flatMap { Int(args[$0 + 1]) } ?? 5
let docs: [(text: String, kind: AnnotatedDocument.Kind)] = content.split(whereSeparator: \.isNewline).compactMap { line in
    guard let o = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], let t = o["text"] as? String else { return nil }
    return (t, (o["kind"] as? String) == "transcript" ? .transcript : .note)
}

let rssBefore = residentMB()
var terminology: Terminology!
let icdLoad = seconds { _ = try! ICD10CM(codes: Terminology.table("icd10cm-codes"), notes: Terminology.table("icd10cm-notes"), chapters: Terminology.table("icd10cm-chapters")) }
let loadTime = seconds { terminology = try! Terminology.shipped() }
let rssAfter = residentMB()
print(String(format: "terminology: ICD-10-CM alone %.0f ms; everything (ICD-10-CM, HCC V24+V28, CPT, LOINC, SNOMED map, lexicon of %d concepts) %.0f ms; resident memory +%.1f MB",
             icdLoad * 1000, terminology.lexicon.concepts.count, loadTime * 1000, rssAfter - rssBefore))
var engine: ClinicalTextEngine!
let engineBuild = seconds { engine = ClinicalTextEngine(terminology: terminology) }
print(String(format: "engine build (matcher index, rules): %.0f ms", engineBuild * 1000))

for kind in [AnnotatedDocument.Kind.transcript, .note] {
    let set = docs.filter { $0.kind == kind }
    guard !set.isEmpty else { continue }
    let bytes = set.reduce(0) { $0 + $1.text.utf8.count }
    let words = set.reduce(0) { $0 + $1.text.split(whereSeparator: \.isWhitespace).count }
    var concepts = 0
    var best = Double.infinity, baseline = Double.infinity
    for _ in 0..<repeats {
        baseline = min(baseline, seconds { for d in set { _ = Tokenizer().tokens(ScalarText(d.text)) } })
        best = min(best, seconds { concepts = 0; for d in set { concepts += engine.annotate(d.text, kind: d.kind).concepts.count } })
    }
    let perWord = best / Double(words)
    print(String(format: "%@: %d documents, %.2f MB, %d words, %d concepts; full pipeline %.1f ms (%.2f MB/s), %.2f ms per 1,500-word document; tokenizer alone %.1f ms; pipeline/tokenizer %.1fx",
                 kind.rawValue, set.count, Double(bytes) / 1e6, words, concepts, best * 1000, Double(bytes) / 1e6 / best, perWord * 1500 * 1000,
                 baseline * 1000, best / baseline))
}

// The ambient scribe on the transcripts: milliseconds per note.
let scribe = Scribe(engine: engine)
var perNote: [Double] = []
for d in docs where d.kind == .transcript {
    var best = Double.infinity
    for _ in 0..<repeats { best = min(best, seconds { _ = scribe.draft(transcript: d.text, patient: PatientContext(sex: Scribe.inferSex(d.text))) }) }
    perNote.append(best * 1000)
}
perNote.sort()
if !perNote.isEmpty {
    print(String(format: "scribe ($ambient-note engine): %d transcripts, p50 %.1f ms, p95 %.1f ms, max %.1f ms per note",
                 perNote.count, perNote[perNote.count / 2], perNote[min(perNote.count - 1, perNote.count * 95 / 100)], perNote.last!))
}
