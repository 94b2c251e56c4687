import ArgumentParser
import Foundation
import Scribe

/// `evident eval rouge`: ROUGE scores of prediction/target pairs, as the rouge-score package computes them.
struct EvalRouge: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rouge",
        abstract: "Score prediction/target pairs with ROUGE-1, -2, -L and -Lsum (rouge-score semantics, no stemming).",
        discussion: "Reads JSON lines {\"id\", \"prediction\", \"target\"}; prints one JSON line per pair with precision, recall and F1 of each score.")

    @Option(name: .long, help: ArgumentHelp("JSON lines of {\"id\", \"prediction\", \"target\"}.", valueName: "path"))
    var pairs: String

    func run() throws {
        guard let text = try? String(contentsOfFile: pairs, encoding: .utf8) else { throw ValidationError("Cannot read \(pairs)") }
        for (n, line) in text.split(whereSeparator: \.isNewline).enumerated() {
            guard let o = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], let p = o["prediction"] as? String, let t = o["target"] as? String else {
                throw ValidationError("\(pairs) line \(n + 1) is not {\"id\", \"prediction\", \"target\"}")
            }
            func json(_ s: Rouge.Score) -> [String: Double] { ["precision": s.precision, "recall": s.recall, "fmeasure": s.f1] }
            let out: [String: Any] = [
                "id": o["id"] ?? n + 1, "rouge1": json(Rouge.n(1, prediction: p, target: t)), "rouge2": json(Rouge.n(2, prediction: p, target: t)),
                "rougeL": json(Rouge.l(prediction: p, target: t)), "rougeLsum": json(Rouge.lsum(prediction: p, target: t)),
            ]
            print(String(decoding: try JSONSerialization.data(withJSONObject: out, options: [.sortedKeys]), as: UTF8.self))
        }
    }
}
