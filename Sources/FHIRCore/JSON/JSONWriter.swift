// Serialisation of `JSON` values.
//
// Compact output has no whitespace, writes object members in stored order and
// numbers as their stored text, does NOT escape "/", writes non-ASCII as raw
// UTF-8, and escapes only what JSON requires: `"`, `\` and control characters
// (U+0000–U+001F, as \b \f \n \r \t or \u00XX).

extension JSON {
    /// Compact JSON text as UTF-8 bytes.
    public func serialized() -> [UInt8] {
        var sink = _JSONByteSink(capacity: 1024)
        sink.writeCompact(self)
        return sink.bytes
    }

    /// Appends the compact JSON text of this value to `buffer`.
    public func write(into buffer: inout [UInt8]) {
        // Scalars go straight into `buffer`; containers through the fast sink.
        switch self {
        case .null:
            buffer.append(contentsOf: [0x6E, 0x75, 0x6C, 0x6C])
            return
        case .bool(let b):
            buffer.append(contentsOf: b ? [0x74, 0x72, 0x75, 0x65] : [0x66, 0x61, 0x6C, 0x73, 0x65])
            return
        case .number(let n):
            buffer.append(contentsOf: n.text.utf8)
            return
        case .string(var s):
            let done = s.withUTF8 { utf8 -> Bool in
                guard !_needsEscaping(utf8) else { return false }
                buffer.append(UInt8(ascii: "\""))
                buffer.append(contentsOf: utf8)
                buffer.append(UInt8(ascii: "\""))
                return true
            }
            if done { return }
        case .array, .object:
            break
        }
        var sink = _JSONByteSink(capacity: 1024)
        sink.writeCompact(self)
        buffer.append(contentsOf: UnsafeBufferPointer(start: sink.base, count: sink.count))
    }

    /// Compact JSON text as a `String`.
    public var jsonString: String {
        var sink = _JSONByteSink(capacity: 1024)
        sink.writeCompact(self)
        return String(decoding: UnsafeBufferPointer(start: sink.base, count: sink.count), as: UTF8.self)
    }

    /// JSON text for humans: 2-space indentation, `"key": value`, one array
    /// element / object member per line, empty containers as `[]` / `{}`, no
    /// trailing newline. Same escaping rules as ``serialized()``.
    public func serializedPretty() -> [UInt8] {
        var sink = _JSONByteSink(capacity: 1024)
        sink.writePretty(self, indent: 0)
        return sink.bytes
    }

    /// ``serializedPretty()`` as a `String`.
    public var prettyJSONString: String {
        String(decoding: serializedPretty(), as: UTF8.self)
    }
}

/// Whether any byte of `utf8` must be escaped in a JSON string.
func _needsEscaping(_ utf8: UnsafeBufferPointer<UInt8>) -> Bool {
    guard var q = utf8.baseAddress else { return false }
    let end = q + utf8.count
    while end - q >= 8 {
        if _writerEscapeMask(_load8(q)) != 0 { return true }
        q += 8
    }
    while q < end {
        let b = q.pointee
        if b < 0x20 || b == UInt8(ascii: "\"") || b == UInt8(ascii: "\\") { return true }
        q += 1
    }
    return false
}

extension _JSONByteSink {
    mutating func writeCompact(_ value: borrowing JSON) {
        switch value {
        case .null:
            append4(0x6C6C_756E)  // "null"
        case .bool(let b):
            if b {
                append4(0x6575_7274)  // "true"
            } else {
                reserve(5)
                appendUnchecked(UInt8(ascii: "f"))
                append4(0x6573_6C61)  // "alse"
            }
        case .number(let n):
            writeRaw(n.text)
        case .string(let s):
            writeString(s)
        case .array(let elements):
            reserve(2)
            appendUnchecked(UInt8(ascii: "["))
            elements.withUnsafeBufferPointer { buffer in
                for i in buffer.indices {
                    if i > 0 { append(UInt8(ascii: ",")) }
                    writeCompact(buffer[i])
                }
            }
            append(UInt8(ascii: "]"))
        case .object(let object):
            reserve(2)
            appendUnchecked(UInt8(ascii: "{"))
            object.members.withUnsafeBufferPointer { buffer in
                for i in buffer.indices {
                    if i > 0 { append(UInt8(ascii: ",")) }
                    writeString(buffer[i].key)
                    append(UInt8(ascii: ":"))
                    writeCompact(buffer[i].value)
                }
            }
            append(UInt8(ascii: "}"))
        }
    }

    mutating func writePretty(_ value: JSON, indent: Int) {
        switch value {
        case .array(let elements) where !elements.isEmpty:
            append(UInt8(ascii: "["))
            for (i, element) in elements.enumerated() {
                if i > 0 { append(UInt8(ascii: ",")) }
                writeNewline(indent: indent + 1)
                writePretty(element, indent: indent + 1)
            }
            writeNewline(indent: indent)
            append(UInt8(ascii: "]"))
        case .object(let object) where !object.isEmpty:
            append(UInt8(ascii: "{"))
            for (i, member) in object.members.enumerated() {
                if i > 0 { append(UInt8(ascii: ",")) }
                writeNewline(indent: indent + 1)
                writeString(member.key)
                reserve(2)
                appendUnchecked(UInt8(ascii: ":"))
                appendUnchecked(UInt8(ascii: " "))
                writePretty(member.value, indent: indent + 1)
            }
            writeNewline(indent: indent)
            append(UInt8(ascii: "}"))
        default:
            writeCompact(value)
        }
    }

    mutating func writeNewline(indent: Int) {
        let n = 1 + 2 * indent
        reserve(n)
        (base + count).initialize(repeating: UInt8(ascii: " "), count: n)
        base[count] = UInt8(ascii: "\n")
        count += n
    }

    /// Appends text that needs no escaping (number lexemes).
    @inline(__always)
    mutating func writeRaw(_ text: String) {
        let done: Void? = text.utf8.withContiguousStorageIfAvailable { utf8 in
            append(utf8.baseAddress!, count: utf8.count)
        }
        if done == nil {
            let bytes = Array(text.utf8)
            bytes.withUnsafeBufferPointer { append($0.baseAddress!, count: $0.count) }
        }
    }

    @inline(__always)
    mutating func writeString(_ string: String) {
        let done: Void? = string.utf8.withContiguousStorageIfAvailable { utf8 in
            writeEscaped(utf8)
        }
        if done == nil {
            let bytes = Array(string.utf8)
            bytes.withUnsafeBufferPointer { writeEscaped($0) }
        }
    }

    /// Writes `"…"` with the required escapes. Plain bytes are copied 8 at a time
    /// while they are scanned (a word is stored before it is checked; the bytes
    /// from an escaped character on are overwritten afterwards), so room is
    /// reserved with 8 bytes of slack.
    mutating func writeEscaped(_ utf8: UnsafeBufferPointer<UInt8>) {
        let quote = UInt8(ascii: "\"")
        let backslash = UInt8(ascii: "\\")
        let n = utf8.count
        reserve(n &+ 10)
        var out = base + count
        out.pointee = quote
        out += 1
        guard n > 0, var q = utf8.baseAddress else {
            out.pointee = quote
            count = out - base + 1
            return
        }
        let end = q + n
        outer: while true {
            // Copy bytes that need no escaping up to the end or the next byte to escape.
            plain: while true {
                if end - q >= 8 {
                    let word = _load8(q)
                    UnsafeMutableRawPointer(out).storeBytes(of: word.littleEndian, as: UInt64.self)
                    let mask = _writerEscapeMask(word)
                    if mask == 0 {
                        q += 8
                        out += 8
                        continue
                    }
                    let k = mask.trailingZeroBitCount &>> 3
                    q += k
                    out += k
                    break plain
                }
                if q == end { break outer }
                let b = q.pointee
                if b < 0x20 || b == quote || b == backslash { break plain }
                out.pointee = b
                out += 1
                q += 1
            }
            // Escape the byte at q: room for the escape, the rest, the slack and the quote.
            count = out - base
            reserve(16 &+ (end - q))
            out = base + count
            let b = q.pointee
            out[0] = backslash
            switch b {
            case quote: out[1] = quote
            case backslash: out[1] = backslash
            case 0x0A: out[1] = UInt8(ascii: "n")
            case 0x0D: out[1] = UInt8(ascii: "r")
            case 0x09: out[1] = UInt8(ascii: "t")
            case 0x08: out[1] = UInt8(ascii: "b")
            case 0x0C: out[1] = UInt8(ascii: "f")
            default:
                let hex: StaticString = "0123456789abcdef"
                out[1] = UInt8(ascii: "u")
                out[2] = UInt8(ascii: "0")
                out[3] = UInt8(ascii: "0")
                out[4] = hex.utf8Start[Int(b &>> 4)]
                out[5] = hex.utf8Start[Int(b & 0xF)]
                out += 4
            }
            out += 2
            q += 1
        }
        out.pointee = quote
        count = out - base + 1
    }
}
