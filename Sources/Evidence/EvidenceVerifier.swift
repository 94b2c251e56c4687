import FHIRCore

/// Checks every evidence item of every statement against the sources, and drops statements whose evidence
/// does not hold: the source version must be present, the quote must be exactly at its offset in that
/// element's text, and the statement's key facts must be supported by the quotes.
public struct EvidenceVerifier: Sendable {
    public var factCheck: any FactCheck

    public init(factCheck: any FactCheck = KeyFactCheck()) { self.factCheck = factCheck }

    /// The result of checking one evidence item.
    public enum ItemStatus: Sendable, Hashable {
        case verified
        /// The source version is not available.
        case sourceMissing
        /// The text could not be found or the quote is not at its offset; the string says what differs.
        case mismatch(String)

        /// A FHIR code for reports: `verified`, `source-missing`, `quote-mismatch`.
        public var code: String {
            switch self {
            case .verified: return "verified"
            case .sourceMissing: return "source-missing"
            case .mismatch: return "quote-mismatch"
            }
        }
    }

    /// A statement that was dropped, with the reasons.
    public struct Dropped: Sendable, Hashable {
        public var statement: Statement
        public var reasons: [String]
    }

    /// Statements kept and dropped.
    public struct Result: Sendable {
        public var kept: [Statement]
        public var dropped: [Dropped]

        /// Warnings naming each dropped statement, for the operation's output; nil when nothing was dropped.
        public var outcome: JSON? {
            guard !dropped.isEmpty else { return nil }
            return OperationOutcome.make(dropped.map { d in
                OperationOutcome.Issue(severity: "warning", code: "business-rule",
                                       diagnostics: "Dropped unverifiable statement \(d.statement.elementID) (\"\(d.statement.factText)\"): " + d.reasons.joined(separator: "; "))
            })
        }
    }

    /// Checks one evidence item against its source resource (nil when that version is not available).
    public static func check(_ item: EvidenceItem, source: JSON?) -> ItemStatus {
        guard let source else { return .sourceMissing }
        guard let span = item.span else {
            if let id = item.elementID, SourceText.element(id, in: source) == nil { return .mismatch("\(item.source) has no element '\(id)'") }
            return .verified
        }
        let text: String
        do { text = try SourceText.text(for: item, in: source) } catch { return .mismatch(error.description) }
        guard let found = span.slice(of: text) else {
            return .mismatch("offset \(span.offset)+\(span.length) is outside the text (\(text.unicodeScalars.count) characters)")
        }
        guard let quote = item.quote else { return .mismatch("a span without its quoted text") }
        guard found == quote else { return .mismatch("the text at offset \(span.offset) is \"\(found)\", not \"\(quote)\"") }
        return .verified
    }

    /// The values of a cited record as text, for checking the numbers and dates a statement takes from it:
    /// every string and number, except ids, references, URLs and `meta` (whose digits say nothing clinical).
    public static func recordText(_ resource: JSON) -> String {
        var parts: [String] = []
        func walk(_ v: JSON, key: String?) {
            switch v {
            case .object(let o):
                for m in o where !["id", "reference", "fullUrl", "meta", "system", "url", "div"].contains(m.key) { walk(m.value, key: m.key) }
            case .array(let a):
                for x in a { walk(x, key: key) }
            case .string(let s):
                parts.append(s)
            case .number(let n):
                parts.append(n.description)
            default:
                break
            }
        }
        walk(resource, key: nil)
        return parts.joined(separator: " ")
    }

    /// Verifies `statements` against `sources` (resource JSON by versioned reference).
    public func verify(_ statements: [Statement], sources: [SourceReference: JSON]) -> Result {
        var result = Result(kept: [], dropped: [])
        // A record cited by many statements is flattened once.
        var recordTexts: [String: String] = [:]
        func recordText(_ item: EvidenceItem, _ r: JSON) -> String {
            let key = item.source.description + "#" + (item.elementID ?? "")
            if let cached = recordTexts[key] { return cached }
            // A cited element (a ConceptMap entry) supports only its own values.
            let text = Self.recordText(item.elementID.flatMap { SourceText.elementJSON($0, in: r) } ?? r)
            recordTexts[key] = text
            return text
        }
        for statement in statements {
            var reasons: [String] = []
            if statement.evidence.isEmpty { reasons.append("it has no evidence") }
            var quotes: [String] = [], records: [String] = []
            for item in statement.evidence {
                switch Self.check(item, source: sources[item.source]) {
                case .verified:
                    if let q = item.quote {
                        quotes.append(q)
                    } else if let r = sources[item.source] {
                        records.append(recordText(item, r))
                    }
                case .sourceMissing:
                    reasons.append("source \(item.source) is not available")
                case .mismatch(let why):
                    reasons.append("evidence in \(item.source): \(why)")
                }
            }
            if reasons.isEmpty { reasons = factCheck.problems(with: statement, quotes: quotes, records: records) }
            if reasons.isEmpty { result.kept.append(statement) } else { result.dropped.append(Dropped(statement: statement, reasons: reasons)) }
        }
        return result
    }
}
