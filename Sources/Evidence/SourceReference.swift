import FHIRCore

/// A versioned reference to the resource a piece of evidence comes from: `Type/id/_history/n`.
///
/// Evidence always names a version, so what was quoted can be re-read exactly as it was, however the
/// source changes later.
public struct SourceReference: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var type: String
    public var id: String
    public var version: Int

    public init(type: String, id: String, version: Int) {
        self.type = type
        self.id = id
        self.version = version
    }

    /// Parses `Type/id/_history/n` (relative, as stored in references); nil for anything else.
    public init?(_ text: String) {
        guard case .local(let type, let id, let v)? = ReferenceTarget(text), let v, let version = Int(v), version > 0 else { return nil }
        self.init(type: type, id: id, version: version)
    }

    /// `Type/id/_history/n`.
    public var description: String { "\(type)/\(id)/_history/\(version)" }
    /// `Type/id`.
    public var unversioned: String { "\(type)/\(id)" }

    public static func < (a: SourceReference, b: SourceReference) -> Bool { a.description < b.description }
}
