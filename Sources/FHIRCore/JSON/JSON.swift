/// A JSON value that keeps number text and object key order.
///
/// `JSON` is lossless for the things FHIR cares about:
/// - numbers keep their exact lexeme (`1.50` stays `1.50`, integers wider than
///   64 bits are kept as text), see ``JSONNumber``;
/// - object members keep their document / insertion order, see ``JSONObject``;
/// - strings are plain Swift `String`s.
///
/// Equality (`==`) and hashing are structural and *textual*: numbers compare by
/// their text (`1.0 != 1`) and objects compare member by member, in order.
///
/// Parse with ``JSON/init(parsing:)-(String)`` or ``JSONParser``; serialise with
/// ``JSON/serialized()``, ``JSON/write(into:)`` or ``JSON/serializedPretty()``.
public enum JSON: Sendable, Hashable {
    case null
    case bool(Bool)
    case number(JSONNumber)
    case string(String)
    case array([JSON])
    case object(JSONObject)
}

extension JSON: CustomStringConvertible {
    /// The compact JSON text of this value.
    public var description: String { jsonString }
}
