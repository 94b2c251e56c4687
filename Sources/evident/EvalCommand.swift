import ArgumentParser
import ClinicalText
import Foundation

/// `evident eval`: measure the engines against labelled data.
struct Eval: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Measure the clinical engines against labelled data.",
        subcommands: [EvalContext.self, EvalAmbientNote.self, EvalCoding.self, EvalInsights.self, EvalAVS.self, EvalReadability.self, EvalRouge.self])
}

/// `evident eval context`: ConText precision/recall on the labelled set.
struct EvalContext: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "context",
        abstract: "Score negation, uncertainty, historical, hypothetical and family status on a labelled set of mentions.",
        discussion: """
            The set is JSON lines of {"id", "split", "kind", "text", "start", "end", "negated", "uncertain", "historical", \
            "hypothetical", "experiencer"} (offsets in code points); the default is the 557-mention set labelled from \
            ACI-Bench train/valid. Prints one table for all mentions and one per split and per kind.
            """)

    @Option(name: .long, help: ArgumentHelp("Labelled mentions (JSON lines).", valueName: "path"))
    var labelled: String = "Tests/ClinicalTextTests/Resources/context-labelled.jsonl"

    @Option(name: .long, help: ArgumentHelp("List the disagreements on one attribute: negated, uncertain, historical, hypothetical or family.", valueName: "attribute"))
    var errors: String?

    func run() throws {
        guard let text = try? String(contentsOfFile: labelled, encoding: .utf8) else {
            throw ValidationError("Cannot read \(labelled); run from the repository root or pass --labelled")
        }
        var items: [(split: String, item: ContextEvaluation.Item)] = []
        for (n, line) in text.split(whereSeparator: \.isNewline).enumerated() {
            guard let o = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], let t = o["text"] as? String,
                  let s = o["start"] as? Int, let e = o["end"] as? Int else { throw ValidationError("\(labelled) line \(n + 1) is not a labelled mention") }
            items.append(((o["split"] as? String) ?? "", ContextEvaluation.Item(
                id: (o["id"] as? String) ?? "\(n + 1)", kind: (o["kind"] as? String) ?? "", text: t, start: s, end: e,
                negated: o["negated"] as? Bool ?? false, uncertain: o["uncertain"] as? Bool ?? false, historical: o["historical"] as? Bool ?? false,
                hypothetical: o["hypothetical"] as? Bool ?? false, experiencer: (o["experiencer"] as? String) ?? "patient")))
        }
        let evaluation = ContextEvaluation()
        let all = evaluation.evaluate(items.map(\.item))
        print("All \(all.count) mentions (\(labelled))\n\(all.table)\n")
        for (title, subset) in [("split", Dictionary(grouping: items, by: \.split)), ("kind", Dictionary(grouping: items, by: \.item.kind))] {
            for key in subset.keys.sorted() {
                let r = evaluation.evaluate(subset[key]!.map(\.item))
                let n = r.scores["negated"]!
                print("\(title) \(key): \(r.count) mentions; negation P \(String(format: "%.3f", n.precision)) R \(String(format: "%.3f", n.recall)) F1 \(String(format: "%.3f", n.f1))")
            }
        }
        if let attribute = errors {
            print("\nDisagreements on \(attribute):")
            for e in all.errors {
                let p = e.predicted, i = e.item
                let gold: Bool, predicted: Bool
                switch attribute {
                case "uncertain": (gold, predicted) = (i.uncertain, p.uncertain)
                case "historical": (gold, predicted) = (i.historical, p.historical)
                case "hypothetical": (gold, predicted) = (i.hypothetical, p.hypothetical)
                case "family": (gold, predicted) = (i.experiencer == "family", p.experiencer == .family)
                default: (gold, predicted) = (i.negated, p.negated)
                }
                guard gold != predicted else { continue }
                let concept = String(String.UnicodeScalarView(Array(i.text.unicodeScalars)[i.start..<i.end]))
                print("  \(i.id) gold=\(gold) [\(concept)] \(i.text.prefix(200)) \(p.triggers)")
            }
        }
    }
}
