import Crypto

/// SHA-256 digests, written as lowercase hex, of the texts Provenance vouches for.
public enum ContentHash {
    /// `sha256(utf8(text))` in hex, so an auditor can recompute it with `printf %s "$text" | sha256sum`.
    public static func sha256(_ text: String) -> String { hex(SHA256.hash(data: Array(text.utf8))) }

    static func hex(_ digest: some Sequence<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        for b in digest {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 15)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
