import Foundation

/// The plain text of an XHTML narrative `div` and the text of each element that has an `id`.
///
/// Generated notes keep one sentence per `<span id="…">`; this is how a sentence is found again by its id,
/// and how offsets into a narrative are counted (Unicode code points of the text with tags removed and
/// character references decoded).
public struct NarrativeText: Sendable, Hashable {
    /// The text content of the whole fragment.
    public let text: String
    /// For each element with an `id` attribute, the code-point range of its text content in ``text``.
    public let elements: [String: Range<Int>]

    public init(xhtml: String) {
        var out: [Unicode.Scalar] = []
        var elements: [String: Range<Int>] = [:]
        var stack: [(name: String, id: String?, start: Int)] = []
        let s = Array(xhtml.unicodeScalars)
        var i = 0
        while i < s.count {
            let c = s[i]
            if c == "<" {
                var j = i + 1
                while j < s.count && s[j] != ">" { j += 1 }
                let tag = String(String.UnicodeScalarView(s[min(i + 1, s.count)..<min(j, s.count)]))
                i = j + 1
                if tag.hasPrefix("!") || tag.hasPrefix("?") { continue }
                if tag.hasPrefix("/") {
                    let name = tag.dropFirst().trimmingWhitespace()
                    if let k = stack.lastIndex(where: { $0.name == name }) {
                        for open in stack[k...] where open.id != nil { elements[open.id!] = open.start..<out.count }
                        stack.removeSubrange(k...)
                    }
                } else if !tag.hasSuffix("/") {
                    let name = String(tag.prefix { !$0.isWhitespace })
                    stack.append((name, Self.attribute("id", in: tag), out.count))
                }
            } else if c == "&" {
                var j = i + 1
                while j < s.count && j - i < 12 && s[j] != ";" { j += 1 }
                if j < s.count && s[j] == ";", let d = Self.entity(String(String.UnicodeScalarView(s[(i + 1)..<j]))) {
                    out.append(d)
                    i = j + 1
                } else {
                    out.append(c)
                    i += 1
                }
            } else {
                out.append(c)
                i += 1
            }
        }
        self.text = String(String.UnicodeScalarView(out))
        self.elements = elements
    }

    /// The text of the element with `id`, or nil.
    public func text(ofElement id: String) -> String? {
        guard let r = elements[id] else { return nil }
        return TextSpan(offset: r.lowerBound, length: r.count).slice(of: text)
    }

    static func attribute(_ name: String, in tag: String) -> String? {
        for quote in ["\"", "'"] {
            for lead in [" ", "\t", "\n"] {
                guard let r = tag.range(of: lead + name + "=" + quote) else { continue }
                let rest = tag[r.upperBound...]
                guard let end = rest.firstIndex(of: Character(quote)) else { return nil }
                return String(rest[..<end])
            }
        }
        return nil
    }

    static func entity(_ name: String) -> Unicode.Scalar? {
        switch name {
        case "amp": return "&"
        case "lt": return "<"
        case "gt": return ">"
        case "quot": return "\""
        case "apos": return "'"
        case "nbsp": return "\u{A0}"
        default:
            if name.hasPrefix("#x") || name.hasPrefix("#X") { return UInt32(name.dropFirst(2), radix: 16).flatMap(Unicode.Scalar.init) }
            if name.hasPrefix("#") { return UInt32(name.dropFirst()).flatMap(Unicode.Scalar.init) }
            return nil
        }
    }

    /// Escapes text for an XHTML element or attribute.
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for ch in text {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(ch)
            }
        }
        return out
    }
}

extension Substring {
    func trimmingWhitespace() -> String {
        String(drop { $0.isWhitespace }.reversed().drop { $0.isWhitespace }.reversed())
    }
}
