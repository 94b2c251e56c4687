import FHIRCore

/// A canonical JSON form for hashing and signing: object members sorted by key (recursively), no
/// whitespace, strings and numbers written exactly as stored. The same content always gives the same bytes,
/// whatever order a client or the database wrote the members in.
public enum CanonicalJSON {
    public static func bytes(_ value: JSON) -> [UInt8] { sorted(value).serialized() }

    public static func string(_ value: JSON) -> String { String(decoding: bytes(value), as: UTF8.self) }

    static func sorted(_ value: JSON) -> JSON {
        switch value {
        case .object(let o):
            let members = o.members.map { JSONObject.Member(key: $0.key, value: sorted($0.value)) }
                .sorted { Array($0.key.utf8).lexicographicallyPrecedes(Array($1.key.utf8)) }
            return .object(JSONObject(members))
        case .array(let a):
            return .array(a.map(sorted))
        default:
            return value
        }
    }
}
