import FHIRCore
import Foundation

/// Checks on text an operation takes as input (a transcript, a note).
enum TextInput {
    /// `text` when it is non-empty, at most `maxCharacters` long, and text rather than binary (at most 1 % control
    /// characters); otherwise a 400 or 413 that names `what`.
    static func checked(_ text: String, what: String, maxCharacters: Int) throws(FHIRError) -> String {
        guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { throw .invalid("The \(what) is empty") }
        guard text.count <= maxCharacters else { throw .tooLarge("The \(what) has \(text.count) characters; at most \(maxCharacters) are accepted") }
        let control = text.unicodeScalars.filter { $0.value < 32 && $0 != "\n" && $0 != "\r" && $0 != "\t" }.count
        guard control * 100 <= max(text.unicodeScalars.count, 1) else { throw .invalid("The \(what) is not text (it holds control characters)") }
        return text
    }
}
