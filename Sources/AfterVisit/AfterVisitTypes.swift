import ClinicalText

/// A sentence of the after-visit summary: plain-language text, the note ranges it restates, and the warning-sign
/// table entry it quotes (for "when to get help").
public struct SummarySentence: Sendable, Hashable {
    /// Element id (`medicines-2`).
    public var id: String
    public var text: String
    /// Code-point ranges of the note text it restates.
    public var evidence: [Range<Int>]
    /// Id of the warning-sign table entry it quotes, if any.
    public var warningSign: String?
}

/// A section of the summary.
public struct SummarySection: Sendable {
    public enum Kind: String, Sendable, CaseIterable {
        case reason = "why-you-came-in", findings = "what-we-found", medicines = "your-medicines", orders = "tests-and-referrals",
             nextSteps = "next-steps", warnings = "when-to-get-help"

        public var title: String {
            switch self {
            case .reason: return "Why you came in"
            case .findings: return "What we found"
            case .medicines: return "Your medicines"
            case .orders: return "Tests and referrals"
            case .nextSteps: return "Next steps and follow-up"
            case .warnings: return "When to get help"
            }
        }
    }

    public var kind: Kind
    public var sentences: [SummarySentence]
    public var title: String { kind.title }
}

/// The after-visit summary and what was measured on it.
public struct AfterVisitDraft: Sendable {
    public var sections: [SummarySection]
    /// Note sentences the patient must act on (medication changes, orders, referrals, follow-up) and how many of
    /// them the summary restates.
    public var actionable: [Range<Int>]

    /// The summary as plain text: titles, then one sentence per line.
    public var text: String {
        sections.filter { !$0.sentences.isEmpty }.map { ([$0.title] + $0.sentences.map(\.text)).joined(separator: "\n") }.joined(separator: "\n\n")
    }

    /// The actionable note sentences no summary sentence restates.
    public var uncovered: [Range<Int>] {
        let cited = Set(sections.flatMap(\.sentences).flatMap(\.evidence))
        return actionable.filter { !cited.contains($0) }
    }

    /// The summary without the sentences whose ids are not in `kept`.
    public func keeping(_ kept: Set<String>) -> AfterVisitDraft {
        var copy = self
        for i in copy.sections.indices { copy.sections[i].sentences.removeAll { !kept.contains($0.id) } }
        return copy
    }
}
