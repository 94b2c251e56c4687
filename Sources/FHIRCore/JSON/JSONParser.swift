/// A strict (RFC 8259), lossless, byte-level JSON parser.
///
/// - Numbers are kept as their exact text (no conversion at parse time).
/// - Object members keep document order. **Duplicate keys are kept**: every
///   member is stored in ``JSONObject/members`` (the key subscript returns the
///   first); FHIR forbids duplicates, but the parser does not drop data silently.
/// - Rejected: trailing commas, leading zeros (`01`), single quotes, `NaN` /
///   `Infinity`, comments, unescaped control characters in strings, invalid
///   escapes, invalid UTF-8, and unpaired UTF-16 surrogate escapes (`"\ud800"`).
/// - A leading UTF-8 byte order mark is skipped; whitespace (space, tab, CR, LF)
///   is allowed around the value; anything else after the value is an error
///   (``JSONError/Code/trailingData``). Any value may be at the top level.
/// - Limits: input larger than ``Limits/maxBytes`` fails before parsing; arrays and
///   objects nested deeper than ``Limits/maxDepth`` fail (the top-level container
///   counts as depth 1, so 100 nested arrays pass the default and 101 fail).
///
/// The parser is iterative (no recursion), so deep inputs cannot overflow the stack.
public struct JSONParser: Sendable {
    public struct Limits: Sendable {
        /// Maximum nesting of arrays and objects.
        public var maxDepth: Int = 100
        /// Maximum input size in bytes.
        public var maxBytes: Int = 64 << 20

        public init(maxDepth: Int = 100, maxBytes: Int = 64 << 20) {
            self.maxDepth = maxDepth
            self.maxBytes = maxBytes
        }
    }

    public var limits: Limits

    public init(limits: Limits = .init()) {
        self.limits = limits
    }

    public func parse(_ bytes: UnsafeRawBufferPointer) throws(JSONError) -> JSON {
        guard bytes.count <= limits.maxBytes else {
            throw JSONError(
                code: .sizeLimit, offset: limits.maxBytes,
                message: "input of \(bytes.count) bytes exceeds the limit of \(limits.maxBytes) bytes at byte \(limits.maxBytes)")
        }
        guard let raw = bytes.baseAddress, bytes.count > 0 else {
            throw JSONError(code: .emptyInput, offset: 0, message: "empty input, expected a JSON value at byte 0")
        }
        let start = UnsafePointer(raw.assumingMemoryBound(to: UInt8.self))
        var core = _JSONParserCore(start: start, end: start + bytes.count, maxDepth: limits.maxDepth)
        return try core.parseDocument()
    }

    public func parse(_ bytes: [UInt8]) throws(JSONError) -> JSON {
        let result = bytes.withUnsafeBytes { raw in
            Result { () throws(JSONError) -> JSON in try parse(raw) }
        }
        return try result.get()
    }

    public func parse(_ bytes: ArraySlice<UInt8>) throws(JSONError) -> JSON {
        let result = bytes.withUnsafeBytes { raw in
            Result { () throws(JSONError) -> JSON in try parse(raw) }
        }
        return try result.get()
    }

    public func parse(_ string: String) throws(JSONError) -> JSON {
        var string = string
        let result = string.withUTF8 { buffer in
            Result { () throws(JSONError) -> JSON in try parse(UnsafeRawBufferPointer(buffer)) }
        }
        return try result.get()
    }
}

extension JSON {
    /// Parses JSON text with the default ``JSONParser/Limits``.
    public init(parsing bytes: [UInt8]) throws(JSONError) {
        self = try JSONParser().parse(bytes)
    }

    /// Parses JSON text with the default ``JSONParser/Limits``.
    public init(parsing string: String) throws(JSONError) {
        self = try JSONParser().parse(string)
    }
}

// MARK: - Implementation

private let _asciiQuote = UInt8(ascii: "\"")
private let _asciiBackslash = UInt8(ascii: "\\")

/// The parser's state over one input buffer. Values being built are kept on
/// `values` (and object keys on `keys`) until their container closes; then they
/// are moved into an exactly sized array.
struct _JSONParserCore: ~Copyable {
    let start: UnsafePointer<UInt8>
    let end: UnsafePointer<UInt8>
    var p: UnsafePointer<UInt8>
    let maxDepth: Int
    var values: _JSONStack<JSON>
    var keys: _JSONStack<String>
    var scratch: [UInt8] = []
    let strings: _JSONStringCache

    init(start: UnsafePointer<UInt8>, end: UnsafePointer<UInt8>, maxDepth: Int) {
        self.start = start
        self.end = end
        self.p = start
        self.maxDepth = maxDepth
        self.values = _JSONStack(capacity: 64)
        self.keys = _JSONStack(capacity: 32)
        // Small documents get a small cache: it is allocated and cleared per parse.
        self.strings = _JSONStringCache(bits: end - start < 32 << 10 ? 6 : 10)
    }

    /// A `String` from validated UTF-8 `start..<start+length`, through the cache
    /// when short enough.
    @inline(__always)
    func makeString(_ start: UnsafePointer<UInt8>, length: Int) -> String {
        if length <= 16, end - start >= 16 {
            return strings.string(start, length: length)
        }
        return String(decoding: UnsafeBufferPointer(start: start, count: length), as: UTF8.self)
    }

    mutating func parseDocument() throws(JSONError) -> JSON {
        if end - p >= 3, p[0] == 0xEF, p[1] == 0xBB, p[2] == 0xBF { p += 3 }
        skipWhitespace()
        guard p < end else {
            throw error(.emptyInput, "empty input, expected a JSON value", at: p)
        }
        try parseValue()
        skipWhitespace()
        guard p == end else {
            throw error(.trailingData, "unexpected \(describe(p.pointee)) after the JSON value", at: p)
        }
        return values.pop()
    }

    // MARK: Errors

    @inline(never)
    func error(_ code: JSONError.Code, _ message: String, at position: UnsafePointer<UInt8>) -> JSONError {
        let offset = position - start
        return JSONError(code: code, offset: offset, message: "\(message) at byte \(offset)")
    }

    @inline(never)
    func describe(_ byte: UInt8) -> String {
        switch byte {
        case 0x21...0x7E: "'\(Character(Unicode.Scalar(byte)))'"
        case 0x20: "space"
        default: "byte 0x" + (byte < 16 ? "0" : "") + String(byte, radix: 16, uppercase: true)
        }
    }

    @inline(never)
    func unexpected(_ expectation: String) -> JSONError {
        guard p < end else {
            return error(.syntax, "unexpected end of input, \(expectation)", at: p)
        }
        return error(.syntax, "\(expectation) but found \(describe(p.pointee))", at: p)
    }

    // MARK: Structure

    @inline(__always)
    mutating func skipWhitespace() {
        while p < end {
            let c = p.pointee
            if c > 0x20 { return }
            if c == 0x20 {
                p += 1
                // indentation: skip runs of 8 spaces at a time
                while end - p >= 8, _load8(p) == 0x2020_2020_2020_2020 { p += 8 }
            } else if c == 0x0A || c == 0x0D || c == 0x09 {
                p += 1
            } else {
                return
            }
        }
    }

    /// Parses one complete value (with everything nested in it) and leaves it on `values`.
    mutating func parseValue() throws(JSONError) {
        // Enclosing containers, innermost last: (valuesStart << 1) | isObject.
        var frames: [Int] = []
        var depth = 0
        var inObject = false
        var frameStart = 0

        outer: while true {
            skipWhitespace()
            guard p < end else { throw unexpected("expected a JSON value") }
            switch p.pointee {
            case _asciiQuote:
                p += 1
                let string = try parseString()
                values.push(.string(string))
            case UInt8(ascii: "{"):
                guard depth < maxDepth else {
                    throw error(.depthLimit, "nesting depth exceeds the limit of \(maxDepth)", at: p)
                }
                p += 1
                skipWhitespace()
                if p < end, p.pointee == UInt8(ascii: "}") {
                    p += 1
                    values.push(.object(JSONObject()))
                } else {
                    if depth > 0 { frames.append(frameStart << 1 | (inObject ? 1 : 0)) }
                    depth += 1
                    inObject = true
                    frameStart = values.count
                    try parseKey()
                    continue outer
                }
            case UInt8(ascii: "["):
                guard depth < maxDepth else {
                    throw error(.depthLimit, "nesting depth exceeds the limit of \(maxDepth)", at: p)
                }
                p += 1
                skipWhitespace()
                if p < end, p.pointee == UInt8(ascii: "]") {
                    p += 1
                    values.push(.array([]))
                } else {
                    if depth > 0 { frames.append(frameStart << 1 | (inObject ? 1 : 0)) }
                    depth += 1
                    inObject = false
                    frameStart = values.count
                    continue outer
                }
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                try parseNumber()
            case UInt8(ascii: "t"):
                guard end - p >= 4, _load4(p) == 0x6575_7274 else { throw invalidLiteral() }  // "true"
                p += 4
                values.push(.bool(true))
            case UInt8(ascii: "f"):
                guard end - p >= 5, _load4(p + 1) == 0x6573_6C61 else { throw invalidLiteral() }  // "alse"
                p += 5
                values.push(.bool(false))
            case UInt8(ascii: "n"):
                guard end - p >= 4, _load4(p) == 0x6C6C_756E else { throw invalidLiteral() }  // "null"
                p += 4
                values.push(.null)
            default:
                throw unexpected("expected a JSON value")
            }

            // A value is complete: continue or close the enclosing containers.
            while depth > 0 {
                skipWhitespace()
                guard p < end else {
                    throw unexpected(inObject ? "expected ',' or '}' after object member" : "expected ',' or ']' after array element")
                }
                let c = p.pointee
                if c == UInt8(ascii: ",") {
                    p += 1
                    if inObject {
                        skipWhitespace()
                        try parseKey()
                    }
                    continue outer
                }
                if inObject {
                    guard c == UInt8(ascii: "}") else { throw unexpected("expected ',' or '}' after object member") }
                    p += 1
                    let object = popObject(from: frameStart)
                    values.push(.object(object))
                } else {
                    guard c == UInt8(ascii: "]") else { throw unexpected("expected ',' or ']' after array element") }
                    p += 1
                    let array = popArray(from: frameStart)
                    values.push(.array(array))
                }
                depth -= 1
                if depth > 0 {
                    let frame = frames.removeLast()
                    frameStart = frame >> 1
                    inObject = frame & 1 != 0
                }
            }
            return
        }
    }

    @inline(never)
    func invalidLiteral() -> JSONError {
        error(.syntax, "invalid literal, expected 'true', 'false' or 'null'", at: p)
    }

    /// Parses `"key"` and the following `:`; pushes the key on `keys`.
    @inline(__always)
    mutating func parseKey() throws(JSONError) {
        guard p < end, p.pointee == _asciiQuote else {
            throw unexpected("expected '\"' to begin an object key")
        }
        p += 1
        let key = try parseString()
        keys.push(key)
        skipWhitespace()
        guard p < end, p.pointee == UInt8(ascii: ":") else {
            throw unexpected("expected ':' after object key")
        }
        p += 1
    }

    // Note: arrays are built with reserveCapacity + append rather than
    // Array(unsafeUninitializedCapacity:), which goes through an unspecialised
    // runtime entry point that looks up generic metadata on every call (measured:
    // ~14% of parse time).

    /// Moves the values from `start` to the top of `values` into a new array.
    @inline(__always)
    mutating func popArray(from start: Int) -> [JSON] {
        let n = values.count - start
        let source = values.base + start
        values.count = start
        var array = [JSON]()
        array.reserveCapacity(n)
        for i in 0..<n {
            array.append((source + i).move())
        }
        return array
    }

    /// Moves the values from `start` to the top of `values`, with as many keys from
    /// the top of `keys`, into a new object.
    @inline(__always)
    mutating func popObject(from start: Int) -> JSONObject {
        let n = values.count - start
        let valueSource = values.base + start
        let keySource = keys.base + (keys.count - n)
        values.count = start
        keys.count -= n
        var members = [JSONObject.Member]()
        members.reserveCapacity(n)
        for i in 0..<n {
            members.append(JSONObject.Member(key: (keySource + i).move(), value: (valueSource + i).move()))
        }
        return JSONObject(members)
    }

    // MARK: Numbers

    mutating func parseNumber() throws(JSONError) {
        let s = p
        var q = p
        if q.pointee == UInt8(ascii: "-") { q += 1 }
        guard q < end else { throw error(.syntax, "expected a digit after '-'", at: q) }
        let first = q.pointee
        if first == UInt8(ascii: "0") {
            q += 1
            if q < end, _isDigit(q.pointee) {
                throw error(.syntax, "leading zeros are not allowed in numbers", at: q - 1)
            }
        } else if _isDigit(first) {
            q += 1
            while q < end, _isDigit(q.pointee) { q += 1 }
        } else {
            throw error(.syntax, "expected a digit after '-' but found \(describe(first))", at: q)
        }
        if q < end, q.pointee == UInt8(ascii: ".") {
            q += 1
            guard q < end, _isDigit(q.pointee) else {
                throw error(.syntax, "expected a digit after the decimal point", at: q)
            }
            q += 1
            while q < end, _isDigit(q.pointee) { q += 1 }
        }
        if q < end, q.pointee | 0x20 == UInt8(ascii: "e") {
            q += 1
            if q < end, q.pointee == UInt8(ascii: "+") || q.pointee == UInt8(ascii: "-") { q += 1 }
            guard q < end, _isDigit(q.pointee) else {
                throw error(.syntax, "expected a digit in the exponent", at: q)
            }
            q += 1
            while q < end, _isDigit(q.pointee) { q += 1 }
        }
        p = q
        let text = makeString(s, length: q - s)
        values.push(.number(JSONNumber(uncheckedText: text)))
    }

    // MARK: Strings

    /// Parses string content; `p` is just after the opening quote, and is left just
    /// after the closing quote.
    @inline(__always)
    mutating func parseString() throws(JSONError) -> String {
        let s = p
        let q = try scanStringRun(from: s)
        if q < end, q.pointee == _asciiQuote {
            p = q + 1
            return makeString(s, length: q - s)
        }
        return try parseStringSlowPath(start: s, stop: q)
    }

    /// Returns the first position at or after `from` holding `"`, `\`, a control
    /// character, or `end`; validates the UTF-8 of the non-ASCII bytes it passes.
    @inline(__always)
    func scanStringRun(from: UnsafePointer<UInt8>) throws(JSONError) -> UnsafePointer<UInt8> {
        var q = from
        while true {
            while end - q >= 8 {
                let mask = _parserStringMask(_load8(q))
                if mask != 0 {
                    q += mask.trailingZeroBitCount &>> 3
                    break
                }
                q += 8
            }
            guard q < end else { return q }
            let b = q.pointee
            if b < 0x80 {
                if b == _asciiQuote || b == _asciiBackslash || b < 0x20 { return q }
                q += 1
            } else {
                q += try utf8SequenceLength(at: q)
            }
        }
    }

    /// Validates the UTF-8 sequence starting with the non-ASCII byte at `q`;
    /// returns its length.
    @inline(__always)
    func utf8SequenceLength(at q: UnsafePointer<UInt8>) throws(JSONError) -> Int {
        let b0 = q.pointee
        let available = end - q
        if b0 >= 0xC2, b0 <= 0xDF {
            if available >= 2, q[1] & 0xC0 == 0x80 { return 2 }
        } else if b0 >= 0xE0, b0 <= 0xEF {
            let low: UInt8 = b0 == 0xE0 ? 0xA0 : 0x80
            let high: UInt8 = b0 == 0xED ? 0x9F : 0xBF
            if available >= 3, q[1] >= low, q[1] <= high, q[2] & 0xC0 == 0x80 { return 3 }
        } else if b0 >= 0xF0, b0 <= 0xF4 {
            let low: UInt8 = b0 == 0xF0 ? 0x90 : 0x80
            let high: UInt8 = b0 == 0xF4 ? 0x8F : 0xBF
            if available >= 4, q[1] >= low, q[1] <= high, q[2] & 0xC0 == 0x80, q[3] & 0xC0 == 0x80 { return 4 }
        }
        throw invalidUTF8(at: q)
    }

    @inline(never)
    func invalidUTF8(at q: UnsafePointer<UInt8>) -> JSONError {
        error(.invalidUTF8, "invalid UTF-8 sequence starting with \(describe(q.pointee)) in string", at: q)
    }

    /// Continues a string at `stop` (a `"`, `\`, control character or `end`) after
    /// the plain run `start..<stop`, decoding escapes into `scratch`.
    @inline(never)
    mutating func parseStringSlowPath(start s: UnsafePointer<UInt8>, stop: UnsafePointer<UInt8>) throws(JSONError) -> String {
        scratch.removeAll(keepingCapacity: true)
        scratch.append(contentsOf: UnsafeBufferPointer(start: s, count: stop - s))
        var q = stop
        while true {
            guard q < end else {
                throw error(.syntax, "unterminated string (missing closing '\"')", at: s - 1)
            }
            let b = q.pointee
            if b == _asciiQuote {
                p = q + 1
                return String(decoding: scratch, as: UTF8.self)
            }
            guard b == _asciiBackslash else {
                throw error(.syntax, "unescaped control character \(describe(b)) in string", at: q)
            }
            guard end - q >= 2 else {
                throw error(.syntax, "unterminated string (missing closing '\"')", at: s - 1)
            }
            switch q[1] {
            case _asciiQuote: scratch.append(_asciiQuote)
            case _asciiBackslash: scratch.append(_asciiBackslash)
            case UInt8(ascii: "/"): scratch.append(UInt8(ascii: "/"))
            case UInt8(ascii: "b"): scratch.append(0x08)
            case UInt8(ascii: "f"): scratch.append(0x0C)
            case UInt8(ascii: "n"): scratch.append(0x0A)
            case UInt8(ascii: "r"): scratch.append(0x0D)
            case UInt8(ascii: "t"): scratch.append(0x09)
            case UInt8(ascii: "u"):
                q = try decodeUnicodeEscape(at: q)
                let r = try scanStringRun(from: q)
                scratch.append(contentsOf: UnsafeBufferPointer(start: q, count: r - q))
                q = r
                continue
            default:
                throw error(.syntax, "invalid escape sequence '\\\(describeEscape(q[1]))' in string", at: q)
            }
            q += 2
            let r = try scanStringRun(from: q)
            scratch.append(contentsOf: UnsafeBufferPointer(start: q, count: r - q))
            q = r
        }
    }

    func describeEscape(_ b: UInt8) -> String {
        (0x21...0x7E).contains(b) ? String(Character(Unicode.Scalar(b))) : describe(b)
    }

    /// Decodes `\uXXXX` (or a surrogate pair `\uD83D\uDE00`) at `q`, appends the
    /// UTF-8 to `scratch`, and returns the position after the escape(s).
    mutating func decodeUnicodeEscape(at q: UnsafePointer<UInt8>) throws(JSONError) -> UnsafePointer<UInt8> {
        guard end - q >= 6, let unit = hex4(q + 2) else {
            throw error(.syntax, "invalid \\u escape, expected 4 hexadecimal digits", at: q)
        }
        var scalar = unit
        var next = q + 6
        if unit >= 0xD800, unit <= 0xDBFF {
            guard end - q >= 12, q[6] == _asciiBackslash, q[7] == UInt8(ascii: "u"),
                let low = hex4(q + 8), low >= 0xDC00, low <= 0xDFFF
            else {
                throw error(.syntax, "unpaired UTF-16 high surrogate escape \\u\(hexText(unit)) in string", at: q)
            }
            scalar = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
            next = q + 12
        } else if unit >= 0xDC00, unit <= 0xDFFF {
            throw error(.syntax, "unpaired UTF-16 low surrogate escape \\u\(hexText(unit)) in string", at: q)
        }
        // Append the scalar as UTF-8.
        if scalar < 0x80 {
            scratch.append(UInt8(truncatingIfNeeded: scalar))
        } else if scalar < 0x800 {
            scratch.append(UInt8(truncatingIfNeeded: 0xC0 | (scalar >> 6)))
            scratch.append(UInt8(truncatingIfNeeded: 0x80 | (scalar & 0x3F)))
        } else if scalar < 0x10000 {
            scratch.append(UInt8(truncatingIfNeeded: 0xE0 | (scalar >> 12)))
            scratch.append(UInt8(truncatingIfNeeded: 0x80 | ((scalar >> 6) & 0x3F)))
            scratch.append(UInt8(truncatingIfNeeded: 0x80 | (scalar & 0x3F)))
        } else {
            scratch.append(UInt8(truncatingIfNeeded: 0xF0 | (scalar >> 18)))
            scratch.append(UInt8(truncatingIfNeeded: 0x80 | ((scalar >> 12) & 0x3F)))
            scratch.append(UInt8(truncatingIfNeeded: 0x80 | ((scalar >> 6) & 0x3F)))
            scratch.append(UInt8(truncatingIfNeeded: 0x80 | (scalar & 0x3F)))
        }
        return next
    }

    func hexText(_ unit: UInt32) -> String {
        let s = String(unit, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - s.count)) + s
    }

    @inline(__always)
    func hex4(_ q: UnsafePointer<UInt8>) -> UInt32? {
        var value: UInt32 = 0
        for i in 0..<4 {
            let b = q[i]
            let digit: UInt8
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = b &- UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = b &- UInt8(ascii: "a") &+ 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = b &- UInt8(ascii: "A") &+ 10
            default: return nil
            }
            value = value << 4 | UInt32(digit)
        }
        return value
    }
}
