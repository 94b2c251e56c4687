/// A JSON number kept as its exact text.
///
/// The text is never converted at parse time, so `1.50`, `-0`, `1e10` and
/// `12345678901234567890123` all survive a parse → serialise round trip
/// byte for byte. Conversions (``intValue``, ``doubleValue``) happen on demand.
///
/// Equality and hashing compare the text: `JSONNumber("1.0") != JSONNumber("1")`.
public struct JSONNumber: Sendable, Hashable, CustomStringConvertible {
    /// The exact lexeme, e.g. `"1.50"`, `"-0"`, `"1e10"`.
    public let text: String

    /// Creates a number from JSON number text; `nil` if `text` does not match the
    /// RFC 8259 number grammar (`-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`).
    /// No surrounding whitespace is allowed.
    public init?(_ text: String) {
        guard JSONNumber.isValid(text) else { return nil }
        self.text = text
    }

    /// Creates a number from text the caller has already validated.
    @inline(__always)
    init(uncheckedText text: String) {
        self.text = text
    }

    public init(_ value: Int) {
        self.text = String(value)
    }

    /// Creates a number with the shortest text that round-trips to `value`
    /// (`1.5` → `"1.5"`, `3.0` → `"3"`, `1e-7` → `"1e-7"`, `1e16` → `"1e16"`).
    ///
    /// - Precondition: `value.isFinite` (JSON has no NaN or infinity).
    public init(_ value: Double) {
        precondition(value.isFinite, "JSONNumber cannot represent the non-finite value \(value)")
        // Swift's description is already the shortest round-trip representation;
        // normalise its spelling: drop a ".0" fraction, '+' and leading zeros in the exponent.
        let d = value.description
        var mantissa: Substring
        var exponent: Substring?
        if let e = d.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            mantissa = d[..<e]
            exponent = d[d.index(after: e)...]
        } else {
            mantissa = d[...]
        }
        if mantissa.hasSuffix(".0") { mantissa = mantissa.dropLast(2) }
        var result = String(mantissa)
        if var exp = exponent {
            var negative = false
            if exp.first == "+" { exp = exp.dropFirst() } else if exp.first == "-" { negative = true; exp = exp.dropFirst() }
            while exp.count > 1, exp.first == "0" { exp = exp.dropFirst() }
            result += negative ? "e-" : "e"
            result += exp
        }
        assert(JSONNumber.isValid(result), "bad number text \(result) for \(value)")
        self.text = result
    }

    public var description: String { text }

    /// `true` when the text has no fraction and no exponent (no `.`, `e`, `E`).
    public var isInteger: Bool {
        for b in text.utf8 where b == UInt8(ascii: ".") || b == UInt8(ascii: "e") || b == UInt8(ascii: "E") {
            return false
        }
        return true
    }

    /// The value as `Int` when the text is an integer (no fraction, no exponent)
    /// that fits in `Int`; `nil` otherwise (`"1.0"`, `"1e2"` and out-of-range
    /// integers give `nil`). `"-0"` gives `0`.
    public var intValue: Int? {
        guard isInteger else { return nil }
        return Int(text)
    }

    /// The nearest `Double`, or `nil` if the value overflows `Double`
    /// (e.g. `1e400`). Very small values round to zero.
    public var doubleValue: Double? {
        guard let d = Double(text), d.isFinite else { return nil }
        return d
    }

    /// Checks the RFC 8259 number grammar.
    static func isValid(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { buf -> Bool in
            guard let base = buf.baseAddress, buf.count > 0 else { return false }
            return _scanJSONNumber(base, base + buf.count) == base + buf.count
        }
    }
}

extension JSONNumber: ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral {
    public init(integerLiteral value: Int) { self.init(value) }
    /// Uses the shortest representation of the literal's `Double` value (`1.50` → `"1.5"`).
    public init(floatLiteral value: Double) { self.init(value) }
}

@inline(__always)
func _isDigit(_ b: UInt8) -> Bool { b &- 0x30 < 10 }

/// Scans a JSON number starting at `p`; returns the end of the lexeme, or `nil`
/// if the bytes at `p` do not start a valid number. Does not check what follows.
@inline(__always)
func _scanJSONNumber(_ start: UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>) -> UnsafePointer<UInt8>? {
    var p = start
    if p < end, p.pointee == UInt8(ascii: "-") { p += 1 }
    guard p < end else { return nil }
    if p.pointee == UInt8(ascii: "0") {
        p += 1
        if p < end, _isDigit(p.pointee) { return nil }
    } else if _isDigit(p.pointee) {
        p += 1
        while p < end, _isDigit(p.pointee) { p += 1 }
    } else {
        return nil
    }
    if p < end, p.pointee == UInt8(ascii: ".") {
        p += 1
        guard p < end, _isDigit(p.pointee) else { return nil }
        p += 1
        while p < end, _isDigit(p.pointee) { p += 1 }
    }
    if p < end, p.pointee | 0x20 == UInt8(ascii: "e") {
        p += 1
        if p < end, p.pointee == UInt8(ascii: "+") || p.pointee == UInt8(ascii: "-") { p += 1 }
        guard p < end, _isDigit(p.pointee) else { return nil }
        p += 1
        while p < end, _isDigit(p.pointee) { p += 1 }
    }
    return p
}
