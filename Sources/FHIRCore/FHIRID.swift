/// Rules for FHIR logical ids (`[A-Za-z0-9\-\.]{1,64}`).
public enum FHIRID {
    /// True when `id` is a syntactically valid FHIR id.
    public static func isValid(_ id: String) -> Bool {
        var n = 0
        for c in id.utf8 {
            n += 1
            guard n <= 64 else { return false }
            switch c {
            case 48...57, 65...90, 97...122, 45, 46: continue
            default: return false
            }
        }
        return n > 0
    }

    /// A new server-assigned id: a random UUID in lowercase.
    public static func generate<G: RandomNumberGenerator>(using generator: inout G) -> String {
        // Two 64-bit draws (one random call each, not sixteen) give the 128 bits of a version-4 UUID.
        let hi = generator.next(), lo = generator.next()
        var bytes = (0..<8).map { UInt8(truncatingIfNeeded: hi >> (8 * $0)) } + (0..<8).map { UInt8(truncatingIfNeeded: lo >> (8 * $0)) }
        bytes[6] = (bytes[6] & 0x0F) | 0x40
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        let hex: [UInt8] = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(36)
        for (i, b) in bytes.enumerated() {
            if i == 4 || i == 6 || i == 8 || i == 10 { out.append(45) }
            out.append(hex[Int(b >> 4)]); out.append(hex[Int(b & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// A new server-assigned id from the system random generator.
    public static func generate() -> String {
        var g = SystemRandomNumberGenerator()
        return generate(using: &g)
    }
}
