/// Normalised words of a window of tokens, indexed by absolute token index (so callers working on one
/// sentence do not normalise the whole document again).
struct Words {
    let base: Int
    let values: [String]

    init(_ tokens: [Token], _ range: Range<Int>, _ transform: (String) -> String = { $0 }) {
        base = range.lowerBound
        values = tokens[range].map { transform($0.normalized) }
    }

    subscript(_ i: Int) -> String { values[i - base] }

    var endIndex: Int { base + values.count }

    /// True when `phrase` occurs at `i`.
    func matches(_ phrase: [String], at i: Int) -> Bool {
        guard i >= base, i + phrase.count <= endIndex else { return false }
        for (k, w) in phrase.enumerated() where values[i - base + k] != w { return false }
        return true
    }
}
