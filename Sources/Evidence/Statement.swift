/// One generated statement: a sentence of a note or a code of a claim, with the evidence it rests on.
///
/// Engines return statements; the ``EvidenceVerifier`` keeps those whose evidence holds, and the
/// ``ProvenanceBuilder`` gives each surviving statement its own signed `Provenance`.
public struct Statement: Sendable, Hashable {
    /// What the statement says.
    public enum Content: Sendable, Hashable {
        /// A sentence of generated text.
        case text(String)
        /// A code (ICD-10-CM, CPT, …) with its display.
        case code(system: String, code: String, display: String?)
    }

    /// The id of the element that carries the statement in the generated resource: a narrative `<span id>`
    /// or the `id` of a JSON element (a Claim diagnosis or item). Stable: the same inputs give the same id.
    public var elementID: String
    public var content: Content
    /// The evidence; a statement without any is never kept.
    public var evidence: [EvidenceItem]
    /// The engine's confidence, 0...1, when it has one.
    public var confidence: Double?
    /// Why the statement was generated (e.g. "History of present illness"), recorded as `Provenance.reason`.
    public var reason: String?

    public init(elementID: String, content: Content, evidence: [EvidenceItem], confidence: Double? = nil, reason: String? = nil) {
        self.elementID = elementID
        self.content = content
        self.evidence = evidence
        self.confidence = confidence
        self.reason = reason
    }

    /// The text whose facts must be supported: the sentence, or the code's display.
    public var factText: String {
        switch content {
        case .text(let s): return s
        case .code(_, let code, let display): return display ?? code
        }
    }
}
