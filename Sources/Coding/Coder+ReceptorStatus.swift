import Foundation

extension Coder {
    /// Receptor status of a breast or ovarian malignancy (Z17, "code first" C50.- / C56.-), one code per receptor the note
    /// states: "ER positive, PR positive, HER2 negative" → Z17.0, Z17.21, Z17.32; "triple negative" → Z17.1, Z17.22, Z17.32.
    static let receptorPatterns: [(pattern: NSRegularExpression, positive: String, negative: String)] = [
        (#"\b(er|estrogen[ -]receptor)(?:\s*(?:/|and)\s*(?:pr|progesterone[ -]receptor))?[ -]?(?:is |was )?(positive|negative|\+|-)(?=[\s,.;)]|$)"#, "Z17.0", "Z17.1"),
        (#"\b(pr|progesterone[ -]receptor)[ -]?(?:is |was )?(positive|negative|\+|-)(?=[\s,.;)]|$)"#, "Z17.21", "Z17.22"),
        (#"\b(her2|her-2|her 2|her2/neu|her2-neu)[ -]?(?:is |was )?(positive|negative|\+|-)(?=[\s,.;)]|$)"#, "Z17.31", "Z17.32"),
    ].compactMap { p in (try? NSRegularExpression(pattern: p.0)).map { ($0, p.1, p.2) } }

    /// The receptor-status codes the note states, for the first breast or ovarian malignancy coded: the first statement of
    /// each receptor wins (estrogen Z17.0/Z17.1, progesterone Z17.2-, HER2 Z17.3-).
    func receptorStatus(lines: [Line], coded: [Candidate]) -> [Candidate] {
        guard let cancer = coded.first(where: { $0.code.hasPrefix("C50") || $0.code.hasPrefix("C56") }) else { return [] }
        var out: [Candidate] = []
        func receptor(_ code: String) -> Substring { code.count == 5 ? "Z17.ER" : code.prefix(5) }
        func add(_ code: String, _ line: Line) {
            guard !out.contains(where: { receptor($0.code) == receptor(code) }) else { return }
            out.append(Candidate(code: code, evidence: [line.range], confidence: 0.8, rationale: "Receptor status stated → \(code)", problem: cancer.problem))
        }
        for line in lines where !line.has(["family history", "mother", "sister", "pending", "awaiting", "will check", "to check"]) {
            let lower = line.lower
            if lower.contains("triple negative") || lower.contains("triple-negative") {
                ["Z17.1", "Z17.22", "Z17.32"].forEach { add($0, line) }
                continue
            }
            let ns = lower as NSString
            for (pattern, positive, negative) in Self.receptorPatterns {
                for m in pattern.matches(in: lower, range: NSRange(location: 0, length: ns.length)) {
                    let value = ns.substring(with: m.range(at: 2))
                    let code = value == "positive" || value == "+" ? positive : negative
                    add(code, line)
                    // "ER/PR positive" states the progesterone receptor too.
                    if positive == "Z17.0", ns.substring(with: m.range).contains("pr") || ns.substring(with: m.range).contains("progesterone") {
                        add(code == positive ? "Z17.21" : "Z17.22", line)
                    }
                }
            }
        }
        return out
    }
}
