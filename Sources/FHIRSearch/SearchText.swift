import Foundation

/// Normalisation of text for string search: case- and accent-insensitive (`Müller` → `muller`).
/// The same function runs on stored values and on search values, so they compare byte for byte.
public enum SearchText {
    public static func normalize(_ text: String) -> String {
        var ascii = true
        for b in text.utf8 where b >= 0x80 { ascii = false; break }
        if ascii {
            return String(decoding: text.utf8.map { (0x41...0x5A).contains($0) ? $0 + 32 : $0 }, as: UTF8.self)
        }
        return text.folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil).lowercased()
    }
}
