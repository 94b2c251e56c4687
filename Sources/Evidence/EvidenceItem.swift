/// One piece of evidence for a ``Statement``: a versioned source, where in it, and for text the exact quote.
public struct EvidenceItem: Sendable, Hashable {
    /// `Provenance.entity.role`: a quoted span (`quotation`) or a whole resource or element (`source`).
    public enum Role: String, Sendable {
        case source, quotation
    }

    public var source: SourceReference
    /// The id of a generated element inside the source (a sentence `<span id>` of an earlier note) whose
    /// text the span indexes. Links the chain: that element has its own Provenance.
    public var elementID: String?
    /// A FHIRPath from the source's root to a text element (string, Attachment with `data`, or Narrative),
    /// e.g. `DocumentReference.content[0].attachment`. Ignored when ``elementID`` is set.
    public var path: String?
    /// Offset and length of the quote in that text, in Unicode code points (as Python indexes strings).
    public var span: TextSpan?
    /// The exact quoted text (required with a span).
    public var quote: String?

    public init(source: SourceReference, elementID: String? = nil, path: String? = nil, span: TextSpan? = nil, quote: String? = nil) {
        self.source = source
        self.elementID = elementID
        self.path = path
        self.span = span
        self.quote = quote
    }

    public var role: Role { span == nil ? .source : .quotation }
}

/// A range of Unicode code points in a text.
public struct TextSpan: Sendable, Hashable {
    public var offset: Int
    public var length: Int

    public init(offset: Int, length: Int) {
        self.offset = offset
        self.length = length
    }

    /// The spanned text, or nil when the span does not fit in `text`.
    public func slice(of text: String) -> String? {
        guard offset >= 0, length >= 0 else { return nil }
        let scalars = text.unicodeScalars
        guard let start = scalars.index(scalars.startIndex, offsetBy: offset, limitedBy: scalars.endIndex),
              let end = scalars.index(start, offsetBy: length, limitedBy: scalars.endIndex) else { return nil }
        return String(scalars[start..<end])
    }
}
