import ArgumentParser
import ClinicalText
import Coding
import Foundation
import Terminology

/// `evident eval coding`: the coder on visit notes against gold codes.
struct EvalCoding: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "coding",
        abstract: "Code visit notes and score them against gold codes: ICD-10-CM (exact and category), CPT, E/M level, latency.",
        discussion: """
            --notes is a CSV with the columns encounter_id and note (an ACI-Bench file). --gold is JSON lines with \
            encounter_id, icd10cm [{code}] and cpt [{code, modifiers}] (../shared/data/gold/aci-valid-codes.jsonl, or \
            data/eval/aci-train-codes-silver.jsonl for 30 train notes). Only notes with gold are scored. Precision, \
            recall and F1 are micro-averaged over all codes; the category level compares the first three characters; \
            E/M is the share of notes whose office or preventive visit codes match exactly.
            """)

    @Option(name: .long, help: ArgumentHelp("CSV with encounter_id and note columns.", valueName: "path"))
    var notes: String

    @Option(name: .long, help: ArgumentHelp("Gold codes, JSON lines.", valueName: "path"))
    var gold: String

    @Flag(name: .long, help: "Print each note's codes: missed (-) and extra (+) against the gold.")
    var perNote = false

    @Option(name: .long, help: ArgumentHelp("Score only these encounters: a range of ids (D2N050-D2N067) or a comma-separated list.", valueName: "ids"))
    var encounters: String?

    @Flag(name: .long, help: "With --per-note: also print why each code was chosen (its rule and the note sentence it rests on).")
    var explain = false

    struct Score {
        var tp = 0, fp = 0, fn = 0
        mutating func add(_ predicted: Set<String>, _ expected: Set<String>) {
            tp += predicted.intersection(expected).count
            fp += predicted.subtracting(expected).count
            fn += expected.subtracting(predicted).count
        }
        var line: String {
            let p = Double(tp) / Double(max(tp + fp, 1)), r = Double(tp) / Double(max(tp + fn, 1))
            return String(format: "P %.3f  R %.3f  F1 %.3f  (%d right, %d extra, %d missed)", p, r, p + r == 0 ? 0 : 2 * p * r / (p + r), tp, fp, fn)
        }
    }

    /// `D2N050-D2N067` (same prefix, numbered) or `D2N001,D2N007`.
    static func encounterFilter(_ spec: String) throws -> (String) -> Bool {
        if spec.contains(",") || !spec.contains("-") {
            let ids = Set(spec.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
            return { ids.contains($0) }
        }
        let ends = spec.split(separator: "-").map(String.init)
        func split(_ id: String) -> (String, Int)? {
            let digits = id.reversed().prefix { $0.isNumber }
            guard !digits.isEmpty, let n = Int(String(digits.reversed())) else { return nil }
            return (String(id.dropLast(digits.count)), n)
        }
        guard ends.count == 2, let lo = split(ends[0]), let hi = split(ends[1]), lo.0 == hi.0 else {
            throw ValidationError("--encounters takes a range such as D2N050-D2N067 or a list such as D2N001,D2N007")
        }
        return { id in split(id).map { $0.0 == lo.0 && (lo.1...hi.1).contains($0.1) } ?? false }
    }

    func run() throws {
        let rows = try CSVFile.read(notes)
        var expected: [String: (icd: Set<String>, cpt: Set<String>)] = [:]
        let goldText: String
        do { goldText = try String(contentsOfFile: gold, encoding: .utf8) } catch { throw ValidationError("Cannot read \(gold): \(error.localizedDescription)") }
        for line in goldText.split(whereSeparator: \.isNewline) where !line.isEmpty {
            guard let o = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], let id = o["encounter_id"] as? String else {
                throw ValidationError("\(gold): a line is not a JSON object with encounter_id")
            }
            let icd = (o["icd10cm"] as? [[String: Any]] ?? []).compactMap { $0["code"] as? String }
            let cpt = (o["cpt"] as? [[String: Any]] ?? []).compactMap { $0["code"] as? String }
            expected[id] = (Set(icd), Set(cpt))
        }
        let terminology = try Terminology.shipped()
        let coder = Coder(engine: ClinicalTextEngine(terminology: terminology), terminology: terminology)
        var icd = Score(), category = Score(), cpt = Score()
        var emRight = 0, scored = 0
        var latencies: [Double] = []
        let wanted = try encounters.map(Self.encounterFilter)
        for row in rows {
            guard let id = row["encounter_id"], let gold = expected[id], let note = row["note"], wanted?(id) ?? true else { continue }
            let t0 = DispatchTime.now().uptimeNanoseconds
            let result = coder.code(note)
            latencies.append(Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e6)
            scored += 1
            let predicted = Set(result.diagnoses.map(\.code)), procedures = Set(result.procedures.map(\.code))
            icd.add(predicted, gold.icd)
            category.add(Set(predicted.map { String($0.prefix(3)) }), Set(gold.icd.map { String($0.prefix(3)) }))
            cpt.add(procedures, gold.cpt)
            let isEM = { (c: String) in c.hasPrefix("992") || c.hasPrefix("993") }
            if procedures.filter(isEM) == gold.cpt.filter(isEM) { emRight += 1 }
            if perNote {
                let missed = gold.icd.subtracting(predicted).sorted(), extra = predicted.subtracting(gold.icd).sorted()
                let cMissed = gold.cpt.subtracting(procedures).sorted(), cExtra = procedures.subtracting(gold.cpt).sorted()
                print("\(id)  ICD \(predicted.intersection(gold.icd).sorted().joined(separator: " "))"
                      + (missed.isEmpty ? "" : "  -" + missed.joined(separator: " -")) + (extra.isEmpty ? "" : "  +" + extra.joined(separator: " +"))
                      + "  | CPT \(procedures.intersection(gold.cpt).sorted().joined(separator: " "))"
                      + (cMissed.isEmpty ? "" : "  -" + cMissed.joined(separator: " -")) + (cExtra.isEmpty ? "" : "  +" + cExtra.joined(separator: " +"))
                      + "  | \(result.mdm.rationale)")
                if explain {
                    let scalars = Array(note.unicodeScalars)
                    func quote(_ r: Range<Int>?) -> String {
                        guard let r else { return "" }
                        return String(String.UnicodeScalarView(scalars[r.clamped(to: 0..<scalars.count)])).prefix(110).replacingOccurrences(of: "\n", with: " ")
                    }
                    for d in result.diagnoses { print("    \(d.code)  [\(String(format: "%.2f", d.confidence))]  \(d.rationale)  «\(quote(d.evidence.first))»") }
                    for b in result.blocked { print("    blocked \(b.code): \(b.reason)") }
                }
            }
        }
        guard scored > 0 else { throw ValidationError("No note in \(notes) has gold codes in \(gold) (matched by encounter_id)") }
        latencies.sort()
        func pct(_ p: Double) -> Double { latencies[min(latencies.count - 1, Int(Double(latencies.count) * p))] }
        print("\(notes): \(scored) notes with gold codes")
        print("ICD-10-CM          " + icd.line)
        print("ICD-10-CM category " + category.line)
        print("CPT                " + cpt.line)
        print(String(format: "E/M exact          %d of %d (%.1f%%)", emRight, scored, Double(emRight) / Double(scored) * 100))
        print(String(format: "latency per note: p50 %.1f ms, p95 %.1f ms (this build)", pct(0.5), pct(0.95)))
    }
}
