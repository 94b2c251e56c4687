/// A time expression: a duration (`for three days`), a time ago (`two weeks ago`), or an anchor (`since my
/// last visit`, `yesterday`).
public struct TimeExpression: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable {
        /// How long something has lasted or will last.
        case duration
        /// How long ago something happened.
        case ago
        /// A named point: since the last visit, yesterday, this morning.
        case anchor
    }

    public var kind: Kind
    public var value: Double?
    /// `minute`, `hour`, `day`, `week`, `month`, `year`, or for anchors the anchor (`last-visit`, `yesterday`…).
    public var unit: String
    public var span: Span

    /// The duration in days (nil for anchors without a value).
    public var days: Double? {
        guard let value else { return nil }
        let per: [String: Double] = ["minute": 1.0 / 1440, "hour": 1.0 / 24, "day": 1, "week": 7, "month": 30.44, "year": 365.25]
        return per[unit].map { $0 * value }
    }
}

/// Finds durations and relative times in tokens.
public struct TimeExpressionParser: Sendable {
    public init() {}

    static let unitWords: [String: String] = [
        "min": "minute", "mins": "minute", "minute": "minute", "minutes": "minute", "hr": "hour", "hrs": "hour", "hour": "hour", "hours": "hour",
        "day": "day", "days": "day", "week": "week", "weeks": "week", "wk": "week", "wks": "week", "month": "month", "months": "month",
        "mo": "month", "mos": "month", "year": "year", "years": "year", "yr": "year", "yrs": "year",
    ]
    static let anchors: [[String]: String] = [
        ["since", "my", "last", "visit"]: "last-visit", ["since", "the", "last", "visit"]: "last-visit", ["since", "last", "visit"]: "last-visit",
        ["since", "i", "last", "saw", "you"]: "last-visit", ["since", "we", "last", "saw", "you"]: "last-visit", ["since", "i", "saw", "you", "last"]: "last-visit",
        ["since", "your", "last", "visit"]: "last-visit", ["since", "her", "last", "visit"]: "last-visit", ["since", "his", "last", "visit"]: "last-visit",
        ["yesterday"]: "yesterday", ["last", "night"]: "last-night", ["this", "morning"]: "this-morning", ["today"]: "today", ["tonight"]: "tonight",
        ["last", "week"]: "last-week", ["last", "month"]: "last-month", ["last", "year"]: "last-year", ["this", "week"]: "this-week",
        ["the", "other", "day"]: "recently", ["recently"]: "recently", ["a", "while", "ago"]: "a-while-ago",
    ]

    static let sortedAnchors = anchors.sorted { $0.key.count > $1.key.count }

    public func expressions(in text: ScalarText, tokens: [Token], within: Range<Int>? = nil) -> [TimeExpression] {
        let range = within ?? tokens.indices
        let words = Words(tokens, range)
        var out: [TimeExpression] = []
        var i = range.lowerBound
        func span(_ a: Int, _ b: Int) -> Span {
            let r = tokens[a].range.lowerBound..<tokens[b - 1].range.upperBound
            return Span(range: r, text: text[r])
        }
        outer: while i < range.upperBound {
            for (phrase, anchor) in Self.sortedAnchors where i + phrase.count <= range.upperBound {
                if words.matches(phrase, at: i) {
                    out.append(TimeExpression(kind: .anchor, value: nil, unit: anchor, span: span(i, i + phrase.count)))
                    i += phrase.count
                    continue outer
                }
            }
            // [for|x|over the past|in the last] N unit [ago]
            var start = i
            var lead = 0
            if ["for", "x", "past", "last", "over", "about", "around", "almost", "nearly", "approximately"].contains(words[i]) { lead = 1 }
            if words[i] == "over" || words[i] == "in", i + 2 < range.upperBound, words[i + 1] == "the", ["past", "last"].contains(words[i + 2]) { lead = 3 }
            if let (value, used) = NumberWords.value(tokens, at: i + lead, end: range.upperBound) {
                var j = i + lead + used
                if j < range.upperBound, tokens[j].text == "-" { j += 1 }
                if j < range.upperBound, let unit = Self.unitWords[words[j]] {
                    j += 1
                    let isAgo = j < range.upperBound && words[j] == "ago"
                    if isAgo { j += 1 }
                    if lead == 0 && !isAgo && !(i > range.lowerBound && ["for", "x"].contains(words[i - 1])) {
                        // A bare "3 days" counts only as a duration after a verb of lasting, e.g. "lasting 3 days".
                        if i == range.lowerBound || !["lasting", "lasted", "been", "took", "about", "around"].contains(words[i - 1]) { i += 1; continue }
                        start = i - 1
                    }
                    out.append(TimeExpression(kind: isAgo ? .ago : .duration, value: value, unit: unit, span: span(start, j)))
                    i = j
                    continue
                }
            }
            i += 1
        }
        return out
    }
}
