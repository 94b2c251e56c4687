/// Version ETags as FHIR uses them (`W/"3"`).
public enum ETag {
    /// The weak ETag for a version number.
    public static func make(_ version: Int) -> String { "W/\"\(version)\"" }

    /// `W/"3"`, `"3"` or `3` → 3; nil when it is not a version ETag.
    public static func version(_ text: String) -> Int? {
        var t = Substring(text)
        while t.first == " " { t = t.dropFirst() }
        while t.last == " " { t = t.dropLast() }
        if t.hasPrefix("W/") { t = t.dropFirst(2) }
        if t.hasPrefix("\"") && t.hasSuffix("\"") && t.count >= 2 { t = t.dropFirst().dropLast() }
        return Int(t)
    }
}
