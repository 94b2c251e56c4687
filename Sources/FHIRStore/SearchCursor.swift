import FHIRCore
import Foundation

/// A position in a sorted result set for keyset paging: the sort-key values and surrogate key (`sid`) of
/// the row next to the page, and the direction. Rows inserted or deleted elsewhere never shift a page.
/// Travels in `next`/`previous` links as `_cursor`, an opaque base64url string.
public struct SearchCursor: Sendable, Equatable {
    /// True: the page ends before this row (a `previous` link); false: it starts after it.
    public var backward: Bool
    /// The sort-key values as PostgreSQL text, one per `_sort` key.
    public var keys: [String]
    public var sid: Int64

    public init(backward: Bool, keys: [String], sid: Int64) {
        self.backward = backward
        self.keys = keys
        self.sid = sid
    }

    /// The opaque link form.
    public var token: String {
        let json: JSON = .array([.string(backward ? "p" : "n"), .array(keys.map(JSON.string)), .string(String(sid))])
        return Data(json.serialized()).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    /// Decodes ``token``; a damaged or foreign value is a 400.
    public init(token: String) throws(FHIRError) {
        var b64 = token.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while b64.count % 4 != 0 { b64 += "=" }
        guard let data = Data(base64Encoded: b64), let json = try? JSON(parsing: Array(data)),
            let parts = json.arrayValue, parts.count == 3, let dir = parts[0].stringValue, dir == "n" || dir == "p",
            let keys = parts[1].arrayValue?.compactMap(\.stringValue), let sidText = parts[2].stringValue, let sid = Int64(sidText)
        else { throw .invalid("_cursor is not valid: use the next/previous links of a search result") }
        self.init(backward: dir == "p", keys: keys, sid: sid)
    }
}
