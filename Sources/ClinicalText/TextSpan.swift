/// A text as an array of Unicode scalars, so that offsets are code points (as Python and Evident's
/// Provenance count them) and slicing is O(1).
public struct ScalarText: Sendable, Hashable {
    public let text: String
    public let scalars: [Unicode.Scalar]

    public init(_ text: String) {
        self.text = text
        scalars = Array(text.unicodeScalars)
    }

    public var count: Int { scalars.count }

    /// The text of a code-point range.
    public subscript(_ range: Range<Int>) -> String {
        var s = String.UnicodeScalarView()
        s.append(contentsOf: scalars[range.clamped(to: 0..<scalars.count)])
        return String(s)
    }
}

/// A located piece of text: a code-point range in the document and the text it covers.
public struct Span: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var range: Range<Int>
    public var text: String

    public init(range: Range<Int>, text: String) {
        self.range = range
        self.text = text
    }

    public var start: Int { range.lowerBound }
    public var end: Int { range.upperBound }
    public var description: String { "\(text)@\(start)..<\(end)" }

    public static func < (a: Span, b: Span) -> Bool { (a.start, a.end) < (b.start, b.end) }
}
