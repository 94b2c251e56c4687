import FHIRCore

/// What a Provenance written by the ``ProvenanceBuilder`` says, read back from its JSON: the generated
/// element it vouches for, that element's recorded hash, and each evidence item with its recorded hash.
public struct ProvenanceRecord: Sendable {
    /// One `Provenance.entity`.
    public struct Entity: Sendable {
        public var item: EvidenceItem
        public var sha256: String?
    }

    public var id: String?
    /// The generated resource (versioned).
    public var target: SourceReference
    /// `targetElement` of the target: the generated sentence or code.
    public var element: String?
    public var targetSHA256: String?
    public var entities: [Entity]
    public var recorded: String?

    /// Reads a Provenance; nil when its target is not a versioned local reference.
    public init?(_ provenance: JSON) {
        guard let t = provenance["target"]?[0], let ref = t["reference"]?.stringValue, let target = SourceReference(ref) else { return nil }
        id = provenance["id"]?.stringValue
        self.target = target
        element = Self.extensionValue(t, Vocabulary.targetElement)?.stringValue
        targetSHA256 = Self.extensionValue(t, Vocabulary.contentSHA256)?.stringValue
        recorded = provenance["recorded"]?.stringValue
        entities = (provenance["entity"]?.arrayValue ?? []).compactMap { e -> Entity? in
            guard let what = e["what"], let s = what["reference"]?.stringValue, let source = SourceReference(s) else { return nil }
            var item = EvidenceItem(source: source, elementID: Self.extensionValue(what, Vocabulary.targetElement)?.stringValue)
            if let d = (e["extension"]?.arrayValue ?? []).first(where: { $0["url"]?.stringValue == Vocabulary.derivationReference }) {
                item.path = Self.extensionValue(d, "path")?.stringValue
                if let o = Self.extensionValue(d, "offset")?.intValue, let l = Self.extensionValue(d, "length")?.intValue {
                    item.span = TextSpan(offset: o, length: l)
                }
            }
            item.quote = Self.extensionValue(e, Vocabulary.quotation)?.stringValue
            return Entity(item: item, sha256: Self.extensionValue(e, Vocabulary.contentSHA256)?.stringValue)
        }
    }

    /// The `value[x]` of the first extension of `element` with `url`.
    static func extensionValue(_ element: JSON, _ url: String) -> JSON? {
        guard let ext = (element["extension"]?.arrayValue ?? []).first(where: { $0["url"]?.stringValue == url })?.objectValue else { return nil }
        return ext.members.first { $0.key.hasPrefix("value") }?.value
    }
}

/// The hashes a Provenance records, computed the same way when it is written and when it is audited.
public enum EvidenceHash {
    /// SHA-256 of a generated element's content (a sentence's text, a code element's canonical JSON).
    public static func element(_ id: String, in resource: JSON) -> String? {
        SourceText.element(id, in: resource).map(ContentHash.sha256)
    }

    /// SHA-256 of what an evidence item points at in `source`: the quoted span as it stands there, the
    /// element's text, or for a whole resource its canonical JSON without `meta`.
    public static func evidence(_ item: EvidenceItem, in source: JSON) -> String? {
        if let span = item.span {
            guard let text = try? SourceText.text(for: item, in: source), let quote = span.slice(of: text) else { return nil }
            return ContentHash.sha256(quote)
        }
        if let id = item.elementID { return element(id, in: source) }
        var r = source
        r["meta"] = nil
        return ContentHash.sha256(CanonicalJSON.string(r))
    }
}
