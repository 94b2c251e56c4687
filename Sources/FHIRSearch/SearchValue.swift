import FHIRCore

/// The comparison prefixes of number, date and quantity search values (FHIR R4 search §3.1.1.4.3).
public enum SearchPrefix: String, Sendable, CaseIterable {
    case eq, ne, gt, lt, ge, le, sa, eb, ap

    /// Splits a leading prefix off `value` (`ge2020` → `.ge`, `2020`); no prefix means `eq`. Two letters
    /// that are not a prefix are an error, so `xx5` is rejected rather than compared as text.
    public static func split(_ value: String) throws(FHIRError) -> (SearchPrefix, String) {
        let scalars = Array(value.unicodeScalars.prefix(2))
        guard scalars.count == 2, scalars.allSatisfy({ ("a"..."z").contains($0) }) else { return (.eq, value) }
        let head = String(value.prefix(2))
        guard let prefix = SearchPrefix(rawValue: head) else {
            // Letters before a number are a mistyped prefix; otherwise the value's own parser says what is wrong.
            guard let next = value.dropFirst(2).first, next.isNumber || next == "-" else { return (.eq, value) }
            throw .invalid("Unknown search prefix '\(head)' in '\(value)' (use eq, ne, gt, lt, ge, le, sa, eb or ap)")
        }
        return (prefix, String(value.dropFirst(2)))
    }
}

/// Parsing of search values: escapes, `system|code` tokens, numbers with their precision, quantities,
/// references. Pure; every malformed value is a `FHIRError.invalid` (400).
public enum SearchValue {
    /// Splits on `separator` outside backslash escapes and unescapes `\,` `\|` `\$` `\\`.
    public static func split(_ value: String, on separator: Character) -> [String] {
        var parts: [String] = [], current = ""
        var escaped = false
        for c in value {
            if escaped {
                if c != separator && c != "\\" && c != "," && c != "|" && c != "$" { current.append("\\") }
                current.append(c)
                escaped = false
            } else if c == "\\" {
                escaped = true
            } else if c == separator {
                parts.append(current)
                current = ""
            } else {
                current.append(c)
            }
        }
        if escaped { current.append("\\") }
        parts.append(current)
        return parts
    }

    /// Removes backslash escapes (`\,` → `,`).
    public static func unescape(_ value: String) -> String {
        guard value.contains("\\") else { return value }
        return split(value, on: "\u{0}").joined()
    }

    /// Splits on `separator` outside escapes but keeps escapes in the parts (for values split again later).
    public static func splitKeepingEscapes(_ value: String, on separator: Character) -> [String] {
        var parts: [String] = [], current = ""
        var escaped = false
        for c in value {
            if escaped { current.append(c); escaped = false; continue }
            if c == "\\" { escaped = true; current.append(c); continue }
            if c == separator { parts.append(current); current = ""; continue }
            current.append(c)
        }
        parts.append(current)
        return parts
    }

    /// A token value: `system|code`, `|code` (no system), `system|` (any code), or `code` (any system).
    public struct Token: Sendable, Equatable {
        /// Nil: any system. Empty: no system.
        public var system: String?
        /// Nil: any code.
        public var code: String?

        public init(system: String?, code: String?) {
            self.system = system
            self.code = code
        }
    }

    public static func token(_ value: String) throws(FHIRError) -> Token {
        let parts = split(value, on: "|")
        switch parts.count {
        case 1:
            guard !parts[0].isEmpty else { throw .invalid("Empty token search value") }
            return Token(system: nil, code: parts[0])
        case 2:
            if parts[0].isEmpty && parts[1].isEmpty { throw .invalid("Token '|' needs a system or a code") }
            return Token(system: parts[0], code: parts[1].isEmpty ? nil : parts[1])
        default:
            throw .invalid("Token '\(value)' has more than one unescaped '|'")
        }
    }

    /// A decimal search value with the half-width of its precision: `5.4` covers [5.35, 5.45).
    public struct Number: Sendable, Equatable {
        /// The number as written (valid PostgreSQL numeric text).
        public var text: String
        /// Half a unit of the last significant digit, as numeric text (`0.05` for `5.4`, `5e1` for `1e2`).
        public var half: String
        public var double: Double
    }

    public static func number(_ value: String) throws(FHIRError) -> Number {
        let u = Array(value.utf8)
        var i = 0
        func digits() -> Int { let s = i; while i < u.count, (0x30...0x39).contains(u[i]) { i += 1 }; return i - s }
        if i < u.count, u[i] == UInt8(ascii: "-") || u[i] == UInt8(ascii: "+") { i += 1 }
        let intDigits = digits()
        var decimals = 0
        if i < u.count, u[i] == UInt8(ascii: ".") { i += 1; decimals = digits() }
        var exponent = 0
        if i < u.count, u[i] == UInt8(ascii: "e") || u[i] == UInt8(ascii: "E") {
            i += 1
            let start = i
            if i < u.count, u[i] == UInt8(ascii: "-") || u[i] == UInt8(ascii: "+") { i += 1 }
            guard digits() > 0, let e = Int(String(decoding: u[start..<i], as: UTF8.self)), abs(e) < 1000 else {
                throw .invalid("'\(value)' is not a valid number")
            }
            exponent = e
        }
        guard intDigits + decimals > 0, i == u.count, let d = Double(value) else {
            throw .invalid("'\(value)' is not a valid number")
        }
        return Number(text: value.hasPrefix("+") ? String(value.dropFirst()) : value, half: "5e\(exponent - decimals - 1)", double: d)
    }

    /// A quantity search value: `[prefix]number|system|code`, `number||code` or `number`.
    public struct Quantity: Sendable, Equatable {
        public var prefix: SearchPrefix
        public var number: Number
        /// Nil: any system.
        public var system: String?
        /// Nil: any unit.
        public var code: String?
    }

    public static func quantity(_ value: String) throws(FHIRError) -> Quantity {
        let parts = split(value, on: "|")
        guard parts.count == 1 || parts.count == 3 else {
            throw .invalid("Quantity '\(value)' must be [prefix]number, or [prefix]number|system|code")
        }
        let (prefix, rest) = try SearchPrefix.split(parts[0])
        let n = try number(rest)
        guard parts.count == 3 else { return Quantity(prefix: prefix, number: n, system: nil, code: nil) }
        return Quantity(prefix: prefix, number: n, system: parts[1].isEmpty ? nil : parts[1], code: parts[2].isEmpty ? nil : parts[2])
    }

    /// A date search value (precision kept as the range it covers).
    public static func date(_ value: String) throws(FHIRError) -> (SearchPrefix, FHIRDateTime) {
        let (prefix, rest) = try SearchPrefix.split(value)
        guard let d = FHIRDateTime(rest) else {
            throw .invalid("'\(value)' is not a valid date search value (expected [prefix]YYYY[-MM[-DD[Thh:mm:ss[.sss]+zz:zz]]])")
        }
        return (prefix, d)
    }

    /// A reference search value.
    public enum Reference: Sendable, Equatable {
        /// `Type/id` (a `_history` suffix is dropped); `type` nil for a bare id.
        case local(type: String?, id: String)
        /// An absolute URL or canonical; when its tail is `Type/id`, also `local`.
        case url(String, local: (type: String, id: String)?)

        public static func == (a: Reference, b: Reference) -> Bool {
            switch (a, b) {
            case (.local(let t1, let i1), .local(let t2, let i2)): return t1 == t2 && i1 == i2
            case (.url(let u1, let l1), .url(let u2, let l2)): return u1 == u2 && l1?.type == l2?.type && l1?.id == l2?.id
            default: return false
            }
        }
    }

    public static func reference(_ value: String) throws(FHIRError) -> Reference {
        guard !value.isEmpty else { throw .invalid("Empty reference search value") }
        var parts = value.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        if parts.count >= 4, parts[parts.count - 2] == "_history" { parts.removeLast(2) }
        if value.contains("://") || value.hasPrefix("urn:") {
            var local: (String, String)? = nil
            if parts.count >= 2, ResourceType(parts[parts.count - 2]) != nil, FHIRID.isValid(parts[parts.count - 1]) {
                local = (parts[parts.count - 2], parts[parts.count - 1])
            }
            return .url(value, local: local)
        }
        switch parts.count {
        case 1:
            guard FHIRID.isValid(parts[0]) else { throw .invalid("'\(value)' is not a valid resource id") }
            return .local(type: nil, id: parts[0])
        case 2:
            guard ResourceType(parts[0]) != nil else { throw .invalid("'\(parts[0])' in reference '\(value)' is not a resource type") }
            guard FHIRID.isValid(parts[1]) else { throw .invalid("'\(parts[1])' in reference '\(value)' is not a valid resource id") }
            return .local(type: parts[0], id: parts[1])
        default:
            throw .invalid("Reference search value '\(value)' must be Type/id, id, or an absolute URL")
        }
    }
}
