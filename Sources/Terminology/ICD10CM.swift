import Foundation
/// ICD-10-CM FY2026: every code with its billable flag and description, the hierarchy (a code's parent is
/// its longest existing prefix), tabular notes (inclusion terms, excludes1/excludes2, code first / use
/// additional / code also) and 7th-character definitions, and the chapters and sections.
///
/// The code table is held as the bytes of `icd10cm-codes.tsv` plus offsets: loading is one scan and a
/// lookup is a binary search, with no dictionary of 98,000 strings.
public struct ICD10CM: Sendable {
    /// One code.
    public struct Code: Sendable, Hashable {
        /// Dotted form, e.g. `E11.9`.
        public var code: String
        /// True when the code may be reported (a leaf of the hierarchy).
        public var billable: Bool
        public var description: String
    }

    /// One tabular note.
    public struct Note: Sendable, Hashable {
        /// `inclusion`, `includes`, `excludes1`, `excludes2`, `code-first`, `use-additional`, `code-also`, `seventh`.
        public var kind: String
        public var text: String
    }

    /// A chapter or a section (block) of codes.
    public struct Range: Sendable, Hashable {
        public var id: String
        public var first: String
        public var last: String
        public var title: String
    }

    let table: TSVFile
    let billable: [Bool]
    let notesByCode: [String: [Note]]
    public let chapters: [Range]
    public let sections: [Range]

    /// Builds the terminology from the three generated tables (`scripts/terminology/gen-terminology.py`).
    public init(codes: TSVFile, notes: TSVFile, chapters: TSVFile) throws(TSVFile.Failure) {
        let billableColumn = try codes.column("billable")
        table = codes
        billable = (0..<codes.count).map { codes.bytes[codes.range($0, billableColumn).lowerBound] == UInt8(ascii: "1") }
        var byCode: [String: [Note]] = [:]
        let (c, k, t) = (try notes.column("code"), try notes.column("kind"), try notes.column("text"))
        for r in 0..<notes.count {
            byCode[notes.string(r, c), default: []].append(Note(kind: notes.string(r, k), text: notes.string(r, t)))
        }
        notesByCode = byCode
        var ch: [Range] = [], sec: [Range] = []
        let cols = (try chapters.column("kind"), try chapters.column("id"), try chapters.column("first"), try chapters.column("last"), try chapters.column("title"))
        for r in 0..<chapters.count {
            let range = Range(id: chapters.string(r, cols.1), first: chapters.string(r, cols.2), last: chapters.string(r, cols.3), title: chapters.string(r, cols.4))
            if chapters.string(r, cols.0) == "chapter" { ch.append(range) } else { sec.append(range) }
        }
        self.chapters = ch
        self.sections = sec
    }

    /// Number of codes (categories, subcategories and billable codes).
    public var count: Int { table.count }
    /// Number of billable codes.
    public var billableCount: Int { billable.lazy.filter { $0 }.count }

    /// The dotted form of `code` (`E119` → `E11.9`); codes of three characters have no dot.
    public static func dotted(_ code: String) -> String {
        let plain = code.uppercased().filter { $0 != "." }
        guard plain.count > 3 else { return plain }
        return String(plain.prefix(3)) + "." + plain.dropFirst(3)
    }

    /// The row of `code` (dotted or not), by binary search over the sorted table.
    func row(_ code: String) -> Int? {
        let key = Array(Self.dotted(code).utf8)
        var lo = 0, hi = table.count - 1
        while lo <= hi {
            let mid = (lo + hi) / 2
            let r = table.range(mid, 0)
            let c = compare(table.bytes[r], key)
            if c == 0 { return mid }
            if c < 0 { lo = mid + 1 } else { hi = mid - 1 }
        }
        return nil
    }

    func compare(_ a: ArraySlice<UInt8>, _ b: [UInt8]) -> Int {
        var i = a.startIndex, j = 0
        while i < a.endIndex && j < b.count {
            if a[i] != b[j] { return a[i] < b[j] ? -1 : 1 }
            i += 1
            j += 1
        }
        return a.count == b.count ? 0 : (a.count < b.count ? -1 : 1)
    }

    func code(at row: Int) -> Code {
        Code(code: table.string(row, 0), billable: billable[row], description: table.string(row, 2))
    }

    /// The code, or nil when FY2026 has no such code.
    public func lookup(_ code: String) -> Code? { row(code).map(self.code(at:)) }

    /// True when `code` exists and is billable in FY2026.
    public func isBillable(_ code: String) -> Bool { row(code).map { billable[$0] } ?? false }

    /// The nearest existing ancestor (`E11.65` → `E11.6` → `E11`); nil for a category.
    public func parent(of code: String) -> Code? {
        var c = Self.dotted(code)
        while c.count > 3 {
            c.removeLast()
            if c.hasSuffix(".") { c.removeLast() }
            if let p = lookup(c) { return p }
        }
        return nil
    }

    /// The codes directly below `code`.
    public func children(of code: String) -> [Code] {
        let d = Self.dotted(code)
        guard let start = row(d) else { return [] }
        let prefix = d.count == 3 ? d + "." : d
        var out: [Code] = []
        var r = start + 1
        while r < table.count {
            let candidate = table.string(r, 0)
            guard candidate.hasPrefix(prefix) else { break }
            if parent(of: candidate)?.code == d { out.append(self.code(at: r)) }
            r += 1
        }
        return out
    }

    /// Every code below `code` (children, grandchildren, …), in table order.
    public func descendants(of code: String) -> [Code] {
        let d = Self.dotted(code)
        guard let start = row(d) else { return [] }
        let prefix = d.count == 3 ? d + "." : d
        var out: [Code] = []
        var r = start + 1
        while r < table.count, table.string(r, 0).hasPrefix(prefix) {
            out.append(self.code(at: r))
            r += 1
        }
        return out
    }

    /// The notes written at `code` itself.
    public func notes(at code: String) -> [Note] { notesByCode[Self.dotted(code)] ?? [] }

    /// Notes that apply to `code`: its own and its ancestors' (excludes and instructions are inherited).
    public func notes(for code: String, kind: String? = nil) -> [Note] {
        var out: [Note] = []
        var c: String? = Self.dotted(code)
        while let current = c {
            out += notes(at: current).filter { kind == nil || $0.kind == kind }
            c = parent(of: current)?.code
        }
        return out
    }

    /// The 7th-character values defined for `code`'s category (from the nearest ancestor defining them), e.g.
    /// `A` → "initial encounter for closed fracture"; empty when the code takes no 7th character.
    public func seventhCharacters(for code: String) -> [(character: Character, meaning: String)] {
        var c: String? = Self.dotted(code)
        while let current = c {
            let defs = notes(at: current).filter { $0.kind == "seventh" }
            if !defs.isEmpty {
                return defs.compactMap { n in
                    guard let eq = n.text.firstIndex(of: "="), let ch = n.text.first else { return nil }
                    return (ch, String(n.text[n.text.index(after: eq)...]))
                }
            }
            c = current.count > 3 ? String(current.dropLast()).trimmingTrailingDot() : nil
        }
        return []
    }

    /// The chapter and section that contain `code`.
    public func location(of code: String) -> (chapter: Range?, section: Range?) {
        let category = String(Self.dotted(code).prefix(3))
        func contains(_ r: Range) -> Bool { r.first <= category && category <= r.last }
        return (chapters.first(where: contains), sections.first(where: contains))
    }

    /// Every billable code, in order.
    public var billableCodes: [Code] { (0..<table.count).filter { billable[$0] }.map(code(at:)) }

    static let genericWords: Set<String> = ["illness", "disease", "disorder", "activity", "activities", "death", "worry", "shock", "fits", "burns",
                                            "problem", "problems", "condition", "injury", "injuries", "abnormal", "symptoms", "finding", "findings", "worries",
                                            "falling", "falls", "fall", "dye", "dyes", "pres", "burn"]

    /// Every code, in order.
    public func allCodes() -> [Code] { (0..<table.count).map(code(at:)) }

    /// Short terms naming billable codes, for matching text: each billable description and inclusion term of
    /// at most `maxWords` words, with parenthesised parts, `NOS` and a trailing `, unspecified` (or `, unspecified <site>`) removed;
    /// terms with `other`, `elsewhere` or `NEC` are skipped (they name residual categories, not conditions).
    public func indexTerms(maxWords: Int = 5) -> [(code: String, term: String)] {
        var out: [(code: String, term: String)] = []
        func clean(_ s: String) -> String? {
            var t = ""
            var depth = 0
            for ch in s {
                if ch == "(" || ch == "[" { depth += 1 } else if ch == ")" || ch == "]" { depth = max(0, depth - 1) } else if depth == 0 { t.append(ch) }
            }
            // "HER2+", "PR-": the sign is the meaning, and a text matcher reads words without it.
            if t.contains("+") || t.split(separator: " ").contains(where: { $0.hasSuffix("-") }) { return nil }
            t = t.replacingSuffix(", unspecified").replacingSuffix(" NOS")
            // "Lateral epicondylitis, unspecified elbow" → "Lateral epicondylitis": the side or site is read from the text.
            if let r = t.range(of: ", unspecified "), t[r.upperBound...].split(separator: " ").count <= 3 { t = String(t[..<r.lowerBound]) }
            let words = t.split(whereSeparator: { $0 == " " || $0 == "," })
            let lower = t.lowercased()
            guard !words.isEmpty, words.count <= maxWords, !lower.contains("other"), !lower.contains("elsewhere"), !words.contains("NEC") else { return nil }
            // One word must be specific: at least 4 letters and not a generic word.
            if words.count == 1 && (words[0].count < 4 || Self.genericWords.contains(lower.trimmingSpaces)) { return nil }
            return words.joined(separator: " ")
        }
        for r in 0..<table.count where billable[r] {
            let code = table.string(r, 0)
            // External causes (V00-Y99) describe circumstances, not conditions.
            if let first = code.first, "VWXY".contains(first) { continue }
            if let t = clean(table.string(r, 2)) { out.append((code, t)) }
            for n in notesByCode[code] ?? [] where n.kind == "inclusion" {
                if let t = clean(n.text) { out.append((code, t)) }
            }
        }
        return out
    }
}

extension String {
    func trimmingTrailingDot() -> String { hasSuffix(".") ? String(dropLast()) : self }
    func replacingSuffix(_ suffix: String) -> String { hasSuffix(suffix) ? String(dropLast(suffix.count)) : self }
}
