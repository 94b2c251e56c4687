/// Who is speaking in a transcript turn.
public enum SpeakerRole: String, Sendable, Hashable, CaseIterable {
    case clinician, patient, family, other, unknown
}

/// One speaker turn: who, the label as written, and the code-point range of what was said (after the label).
public struct Turn: Sendable, Hashable {
    public var role: SpeakerRole
    public var label: String
    public var range: Range<Int>
}

/// Splits a conversation transcript into speaker turns. Recognises `[doctor]`/`[patient]`-style tags
/// (ACI-Bench), `Dr.:`/`Doctor:`/`Patient:`/`Mother:`/`Speaker 1:` prefixes, and leading timestamps
/// (`00:01:23`, `[00:01]`, `(0:01)`); text without any labels (raw ASR) is one turn of unknown role.
public struct TranscriptParser: Sendable {
    public init() {}

    static let roles: [String: SpeakerRole] = {
        var m: [String: SpeakerRole] = [:]
        for w in ["doctor", "dr", "physician", "provider", "clinician", "np", "pa", "nurse", "md", "attending", "resident", "guest_clinician", "scribe"] { m[w] = .clinician }
        for w in ["patient", "pt", "client"] { m[w] = .patient }
        for w in ["patient_guest", "guest_family", "family", "mother", "mom", "father", "dad", "wife", "husband", "daughter", "son", "spouse", "partner",
                  "caregiver", "parent", "sister", "brother", "grandmother", "grandfather", "guardian", "friend"] { m[w] = .family }
        for w in ["interpreter", "other", "guest", "speaker"] { m[w] = .other }
        return m
    }()

    public func turns(_ text: ScalarText) -> [Turn] {
        let s = text.scalars
        var labels: [(label: String, role: SpeakerRole, labelStart: Int, contentStart: Int)] = []
        // Where the label's line begins (before any timestamp): the previous turn ends there.
        var i = 0
        var lineStart = true
        while i < s.count {
            if lineStart || s[i] == "[" {
                var j = i
                while j < s.count && (s[j] == " " || s[j] == "\t") { j += 1 }
                j = skipTimestamp(s, j)
                if let (label, role, end) = label(s, j, requireLineStart: lineStart) {
                    labels.append((label, role, lineStart ? i : j, end))
                    i = end
                    lineStart = false
                    continue
                }
            }
            lineStart = s[i] == "\n"
            i += 1
        }
        guard !labels.isEmpty else { return [Turn(role: .unknown, label: "", range: trimmed(s, 0..<s.count))] }
        var out: [Turn] = []
        for (n, l) in labels.enumerated() {
            let end = n + 1 < labels.count ? labels[n + 1].labelStart : s.count
            out.append(Turn(role: l.role, label: l.label, range: trimmed(s, l.contentStart..<max(l.contentStart, end))))
        }
        return out
    }

    func trimmed(_ s: [Unicode.Scalar], _ r: Range<Int>) -> Range<Int> {
        var a = r.lowerBound, b = r.upperBound
        while a < b && s[a].properties.isWhitespace { a += 1 }
        while b > a && s[b - 1].properties.isWhitespace { b -= 1 }
        return a..<b
    }

    /// Skips `00:01:23`, `[00:01]`, `(0:01)` and the spaces after it.
    func skipTimestamp(_ s: [Unicode.Scalar], _ start: Int) -> Int {
        var j = start
        let open = j < s.count && (s[j] == "[" || s[j] == "(")
        if open { j += 1 }
        let digitsStart = j
        while j < s.count && (Tokenizer.isDigit(s[j]) || s[j] == ":" || s[j] == ".") { j += 1 }
        let stamp = String(String.UnicodeScalarView(s[digitsStart..<j]))
        guard stamp.contains(":"), stamp.first?.isNumber == true else { return start }
        if open { guard j < s.count && (s[j] == "]" || s[j] == ")") else { return start }; j += 1 }
        while j < s.count && (s[j] == " " || s[j] == "\t" || s[j] == "-") { j += 1 }
        return j
    }

    /// A speaker label at `j`: `[tag]` anywhere, or `Name:` / `Name 2:` at a line start.
    func label(_ s: [Unicode.Scalar], _ j: Int, requireLineStart: Bool) -> (String, SpeakerRole, Int)? {
        if j < s.count && s[j] == "[" {
            var k = j + 1
            while k < s.count && k - j < 24 && s[k] != "]" && s[k] != "\n" { k += 1 }
            guard k < s.count && s[k] == "]" else { return nil }
            let tag = String(String.UnicodeScalarView(s[(j + 1)..<k])).lowercased()
            guard let role = Self.roles[tag] ?? Self.roles[String(tag.split(separator: "_").first ?? "")] else { return nil }
            var end = k + 1
            while end < s.count && (s[end] == " " || s[end] == ":") { end += 1 }
            return (tag, role, end)
        }
        guard requireLineStart else { return nil }
        var k = j
        while k < s.count && k - j < 24 && (Tokenizer.isLetter(s[k]) || s[k] == " " || s[k] == "." || s[k] == "_" || Tokenizer.isDigit(s[k])) { k += 1 }
        guard k < s.count && s[k] == ":" && k > j else { return nil }
        let raw = String(String.UnicodeScalarView(s[j..<k])).trimmingSpaces
        let words = raw.lowercased().split(whereSeparator: { $0 == " " || $0 == "." }).map(String.init)
        guard let first = words.first, let role = Self.roles[first], words.count <= 3 else { return nil }
        var end = k + 1
        while end < s.count && s[end] == " " { end += 1 }
        return (raw, role, end)
    }
}

extension String {
    var trimmingSpaces: String {
        String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}
