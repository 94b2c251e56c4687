import AfterVisit
import ArgumentParser
import ClinicalText
import Coding
import Evidence
import FHIRCore
import Foundation
import Terminology

/// `evident eval avs`: after-visit summaries of ACI-Bench notes, checked as the operation checks them.
struct EvalAVS: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "avs",
        abstract: "Write after-visit summaries of visit notes and score them: readability, completeness, verified sentences, latency.",
        discussion: """
            --dataset is a CSV with a note column (an ACI-Bench file). Each summary sentence is verified against the note \
            sentences it restates (quote at its offset, numbers and negation supported); warning signs quote the curated \
            table. Readability is the Flesch–Kincaid grade (textstat 0.7.3 semantics). Completeness: the share of the \
            plan's medication changes, orders, referrals and follow-ups that the summary restates.
            """)

    @Option(name: .long, help: ArgumentHelp("CSV with a note column.", valueName: "path"))
    var dataset: String

    @Option(name: .long, help: "Print this many summaries in full.")
    var print: Int = 0

    func run() throws {
        let rows = try CSVFile.read(dataset)
        guard rows.first?["note"] != nil else { throw ValidationError("\(dataset) needs a note column") }
        let terminology = try Terminology.shipped()
        let summarizer = AfterVisitSummarizer(coder: Coder(engine: ClinicalTextEngine(terminology: terminology), terminology: terminology))
        let source = SourceReference(type: "DocumentReference", id: "note", version: 1)
        let planSource = SourceReference(type: "PlanDefinition", id: "evident-warning-signs", version: 1)
        let path = "DocumentReference.content[0].attachment"
        let plan: JSON = ["resourceType": "PlanDefinition", "action": .array(terminology.warningSigns.entries.map { ["id": .string($0.id), "description": .string($0.text)] })]
        var sentences = 0, verified = 0, actionable = 0, covered = 0
        var grades: [Double] = [], latencies: [Double] = []
        var sectionGrades: [String: [Double]] = [:]
        for (n, row) in rows.enumerated() {
            let note = row["note"]!
            let t0 = DispatchTime.now().uptimeNanoseconds
            let draft = summarizer.summarize(note)
            latencies.append(Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e6)
            let scalars = Array(note.unicodeScalars)
            let doc: JSON = ["resourceType": "DocumentReference", "content": [["attachment": ["data": .string(Data(note.utf8).base64EncodedString())]]]]
            let statements = draft.sections.flatMap(\.sentences).map { s in
                Statement(elementID: s.id, content: .text(s.text), evidence: s.evidence.map { r in
                    EvidenceItem(source: source, path: path, span: TextSpan(offset: r.lowerBound, length: r.count),
                                 quote: String(String.UnicodeScalarView(scalars[r.clamped(to: 0..<scalars.count)])))
                } + (s.warningSign.map { [EvidenceItem(source: planSource, elementID: $0)] } ?? []))
            }
            let result = EvidenceVerifier().verify(statements, sources: [source: doc, planSource: plan])
            sentences += statements.count
            verified += result.kept.count
            for d in result.dropped { Swift.print("\(row["encounter_id"] ?? "\(n + 1)"): dropped \(d.statement.elementID) \"\(d.statement.factText)\": \(d.reasons.joined(separator: "; "))") }
            let kept = draft.keeping(Set(result.kept.map(\.elementID)))
            actionable += kept.actionable.count
            covered += kept.actionable.count - kept.uncovered.count
            let grade = Readability.fleschKincaidGrade(kept.sections.flatMap(\.sentences).map(\.text).joined(separator: " "))
            grades.append(grade)
            for s in kept.sections where !s.sentences.isEmpty {
                sectionGrades[s.title, default: []].append(Readability.fleschKincaidGrade(s.sentences.map(\.text).joined(separator: " ")))
            }
            if n < self.print { Swift.print("== \(row["encounter_id"] ?? "\(n + 1)") (grade \(String(format: "%.1f", grade)))\n\(kept.text)\n") }
        }
        latencies.sort()
        func pct(_ p: Double) -> Double { latencies.isEmpty ? 0 : latencies[min(latencies.count - 1, Int(Double(latencies.count) * p))] }
        func mean(_ xs: [Double]) -> Double { xs.isEmpty ? 0 : xs.reduce(0, +) / Double(xs.count) }
        Swift.print("\(dataset): \(rows.count) notes")
        Swift.print(String(format: "readability: Flesch-Kincaid grade %.1f mean, %.1f worst; %d of %d summaries at grade 6 or below", mean(grades), grades.max() ?? 0,
                           grades.filter { $0 <= 6 }.count, grades.count))
        for kind in SummarySection.Kind.allCases { if let g = sectionGrades[kind.title] { Swift.print(String(format: "  %@: %.1f (%d summaries)", kind.title, mean(g), g.count)) } }
        Swift.print(String(format: "completeness: %d of %d medication changes, orders, referrals and follow-ups restated (%.1f%%)", covered, actionable,
                           Double(covered) / Double(max(actionable, 1)) * 100))
        Swift.print(String(format: "sentences verified: %d of %d (%.1f%%)", verified, sentences, Double(verified) / Double(max(sentences, 1)) * 100))
        Swift.print(String(format: "latency per note: p50 %.1f ms, p95 %.1f ms (this build)", pct(0.5), pct(0.95)))
    }
}
