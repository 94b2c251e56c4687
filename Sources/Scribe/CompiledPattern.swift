import Foundation

/// A regular expression compiled once (case-insensitive unless asked otherwise). `NSRegularExpression` is immutable
/// after creation and safe to share between threads; compiling a pattern for every sentence costs more than matching it.
struct CompiledPattern: @unchecked Sendable {
    let regex: NSRegularExpression

    init?(_ pattern: String, caseInsensitive: Bool = true) {
        guard let r = try? NSRegularExpression(pattern: pattern, options: caseInsensitive ? [.caseInsensitive] : []) else { return nil }
        regex = r
    }

    /// The range of the first match in `text`.
    func range(in text: String) -> Range<String.Index>? {
        guard let m = regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) else { return nil }
        return Range(m.range, in: text)
    }

    /// The first match in `text`, as text.
    func firstMatch(in text: String) -> String? { range(in: text).map { String(text[$0]) } }

    /// True when `text` has a match.
    func matches(_ text: String) -> Bool { regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil }

    /// `text` with every match replaced by `template` (`$1` for a group).
    func replacing(in text: String, with template: String) -> String {
        regex.stringByReplacingMatches(in: text, range: NSRange(text.startIndex..., in: text), withTemplate: template)
    }

    /// The range of the last match in `text`.
    func lastRange(in text: String) -> Range<String.Index>? {
        regex.matches(in: text, range: NSRange(text.startIndex..., in: text)).last.flatMap { Range($0.range, in: text) }
    }

    /// `text` cut at every match, the matches left out.
    func split(_ text: String) -> [String] {
        var out: [String] = []
        var start = text.startIndex
        for m in regex.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
            guard let r = Range(m.range, in: text), r.lowerBound >= start else { continue }
            out.append(String(text[start..<r.lowerBound]))
            start = r.upperBound
        }
        out.append(String(text[start...]))
        return out
    }

    /// How many matches `text` has.
    func count(in text: String) -> Int { regex.numberOfMatches(in: text, range: NSRange(text.startIndex..., in: text)) }
}
