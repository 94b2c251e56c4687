import FHIRCore

/// Lexical rules of the FHIR R4 primitive types (datatypes.html), checked on JSON values.
public enum PrimitiveRules {
    /// A description of what is wrong, or nil if `value` is a valid `type`.
    public static func check(_ value: JSON, type: String) -> String? {
        switch type {
        case "boolean":
            if case .bool = value { return nil }
            return "must be true or false (boolean)"
        case "integer", "positiveInt", "unsignedInt":
            guard case .number(let n) = value, n.isInteger, let v = n.intValue else { return "must be a JSON integer (\(type))" }
            if v < Int(Int32.min) || v > Int(Int32.max) { return "\(n.text) is out of range for \(type)" }
            if type == "positiveInt" && v < 1 { return "must be 1 or more (positiveInt)" }
            if type == "unsignedInt" && v < 0 { return "must be 0 or more (unsignedInt)" }
            return nil
        case "decimal":
            if case .number = value { return nil }
            return "must be a JSON number (decimal)"
        default:
            guard case .string(let s) = value else { return "must be a JSON string (\(type))" }
            return checkString(s, type: type)
        }
    }

    static func checkString(_ s: String, type: String) -> String? {
        if s.isEmpty { return "must not be empty" }
        switch type {
        case "id":
            return FHIRID.isValid(s) ? nil : "'\(s)' is not a valid id ([A-Za-z0-9-.]{1,64})"
        case "code":
            return isCode(s) ? nil : "'\(s)' is not a valid code (no leading, trailing or repeated whitespace)"
        case "date":
            guard let d = FHIRDateTime(s), d.precision <= .day else { return "'\(s)' is not a valid date (YYYY, YYYY-MM or YYYY-MM-DD)" }
            return nil
        case "dateTime":
            return FHIRDateTime(s) == nil ? "'\(s)' is not a valid dateTime" : nil
        case "instant":
            guard let d = FHIRDateTime(s), d.precision >= .second, d.timeZoneOffsetMinutes != nil else {
                return "'\(s)' is not a valid instant (YYYY-MM-DDThh:mm:ss[.sss]Z or ±hh:mm)"
            }
            return nil
        case "time":
            return isTime(s) ? nil : "'\(s)' is not a valid time (hh:mm:ss)"
        case "uri", "url", "canonical":
            return s.utf8.contains(where: { $0 == 32 || $0 == 10 || $0 == 9 }) ? "'\(s)' is not a valid \(type) (contains whitespace)" : nil
        case "oid":
            return s.hasPrefix("urn:oid:") ? nil : "'\(s)' is not a valid oid (urn:oid:...)"
        case "uuid":
            return s.hasPrefix("urn:uuid:") ? nil : "'\(s)' is not a valid uuid (urn:uuid:...)"
        case "base64Binary":
            let ok = s.utf8.allSatisfy { c in
                (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c == 43 || c == 47 || c == 61 || c == 32 || c == 10 || c == 13
            }
            return ok ? nil : "is not valid base64"
        default:
            return nil  // string, markdown, xhtml
        }
    }

    /// No leading or trailing space, no two consecutive spaces, no tab or line break (byte scan).
    static func isCode(_ s: String) -> Bool {
        var previousSpace = true  // a leading space is an error
        for c in s.utf8 {
            if c == 9 || c == 10 || c == 13 { return false }
            if c == 32 {
                if previousSpace { return false }
                previousSpace = true
            } else {
                previousSpace = false
            }
        }
        return !previousSpace
    }

    static func isTime(_ s: String) -> Bool {
        let b = Array(s.utf8)
        guard b.count >= 8, b[2] == 58, b[5] == 58 else { return false }
        func num(_ i: Int) -> Int? {
            guard b[i] >= 48, b[i] <= 57, b[i + 1] >= 48, b[i + 1] <= 57 else { return nil }
            return Int(b[i] - 48) * 10 + Int(b[i + 1] - 48)
        }
        guard let h = num(0), h < 24, let m = num(3), m < 60, let sec = num(6), sec < 60 else { return false }
        if b.count == 8 { return true }
        return b[8] == 46 && b.count > 9 && b[9...].allSatisfy { $0 >= 48 && $0 <= 57 }
    }
}
