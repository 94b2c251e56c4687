/// ROUGE as the `rouge-score` package computes it (Google's `rouge_score`, no stemming): lowercase, every run
/// of characters other than `a-z0-9` is a separator; ROUGE-N on n-gram counts; ROUGE-L on the longest common
/// subsequence; ROUGE-Lsum as the summary-level union LCS over newline-separated sentences. Scores are
/// precision, recall and F1 in 0...1.
public enum Rouge {
    public struct Score: Sendable, Hashable {
        public var precision: Double
        public var recall: Double
        public var f1: Double

        init(hits: Int, predicted: Int, target: Int) {
            precision = predicted == 0 ? 0 : Double(hits) / Double(predicted)
            recall = target == 0 ? 0 : Double(hits) / Double(target)
            f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall)
        }
    }

    /// rouge_score's default tokenizer without stemming.
    public static func tokens(_ text: String) -> [String] {
        var out: [String] = []
        var current = ""
        for ch in text.lowercased().unicodeScalars {
            if (ch >= "a" && ch <= "z") || (ch >= "0" && ch <= "9") {
                current.unicodeScalars.append(ch)
            } else if !current.isEmpty {
                out.append(current)
                current = ""
            }
        }
        if !current.isEmpty { out.append(current) }
        return out
    }

    public static func n(_ n: Int, prediction: String, target: String) -> Score {
        func grams(_ t: [String]) -> [ArraySlice<String>: Int] {
            var c: [ArraySlice<String>: Int] = [:]
            if t.count >= n { for i in 0...(t.count - n) { c[t[i..<(i + n)], default: 0] += 1 } }
            return c
        }
        let p = grams(tokens(prediction)), t = grams(tokens(target))
        let hits = t.reduce(0) { $0 + min($1.value, p[$1.key] ?? 0) }
        return Score(hits: hits, predicted: p.values.reduce(0, +), target: t.values.reduce(0, +))
    }

    static func lcsTable(_ a: [String], _ b: [String]) -> [[Int32]] {
        var t = [[Int32]](repeating: [Int32](repeating: 0, count: b.count + 1), count: a.count + 1)
        if a.isEmpty || b.isEmpty { return t }
        for i in 1...a.count {
            for j in 1...b.count {
                t[i][j] = a[i - 1] == b[j - 1] ? t[i - 1][j - 1] + 1 : max(t[i - 1][j], t[i][j - 1])
            }
        }
        return t
    }

    public static func l(prediction: String, target: String) -> Score {
        let p = tokens(prediction), t = tokens(target)
        let hits = Int(lcsTable(t, p)[t.count][p.count])
        return Score(hits: hits, predicted: p.count, target: t.count)
    }

    /// Indexes (into `ref`) of one LCS of `ref` and `can`, found as rouge_score backtracks.
    static func lcsIndexes(_ ref: [String], _ can: [String]) -> [Int] {
        let t = lcsTable(ref, can)
        var i = ref.count, j = can.count
        var out: [Int] = []
        while i > 0 && j > 0 {
            if ref[i - 1] == can[j - 1] {
                out.insert(i - 1, at: 0)
                i -= 1
                j -= 1
            } else if t[i][j - 1] > t[i - 1][j] {
                j -= 1
            } else {
                i -= 1
            }
        }
        return out
    }

    public static func lsum(prediction: String, target: String) -> Score {
        let refs = target.split(separator: "\n", omittingEmptySubsequences: false).map { tokens(String($0)) }
        let cans = prediction.split(separator: "\n", omittingEmptySubsequences: false).map { tokens(String($0)) }
        let m = refs.reduce(0) { $0 + $1.count }, n = cans.reduce(0) { $0 + $1.count }
        guard m > 0, n > 0 else { return Score(hits: 0, predicted: n, target: m) }
        var countR: [String: Int] = [:], countC: [String: Int] = [:]
        for s in refs { for w in s { countR[w, default: 0] += 1 } }
        for s in cans { for w in s { countC[w, default: 0] += 1 } }
        var hits = 0
        for r in refs {
            var union = Set<Int>()
            for c in cans { union.formUnion(lcsIndexes(r, c)) }
            for i in union.sorted() {
                let w = r[i]
                if (countC[w] ?? 0) > 0 && (countR[w] ?? 0) > 0 {
                    hits += 1
                    countC[w]! -= 1
                    countR[w]! -= 1
                }
            }
        }
        return Score(hits: hits, predicted: n, target: m)
    }

    /// ROUGE-1, -2, -L and -Lsum F1 of one prediction.
    public static func all(prediction: String, target: String) -> (r1: Double, r2: Double, rl: Double, rlsum: Double) {
        (n(1, prediction: prediction, target: target).f1, n(2, prediction: prediction, target: target).f1,
         l(prediction: prediction, target: target).f1, lsum(prediction: prediction, target: target).f1)
    }
}
