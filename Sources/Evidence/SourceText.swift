import FHIRCore
import FHIRPath
import Foundation

/// Finds the text an evidence item or a generated statement refers to inside a resource.
public enum SourceText {
    /// Why no text could be found.
    public struct Failure: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    /// The text of the element with `id`: the text of a narrative `<span id>` anywhere in the resource's
    /// narratives, or the canonical JSON of a JSON element whose `id` is `id`.
    public static func element(_ id: String, in resource: JSON) -> String? {
        var found: String?
        visit(resource, isRoot: true) { value in
            if found != nil { return }
            if case .object(let o) = value {
                if o["id"]?.stringValue == id { found = CanonicalJSON.string(value) } else if let div = o["div"]?.stringValue, div.contains(id) {
                    found = NarrativeText(xhtml: div).text(ofElement: id)
                }
            }
        }
        return found
    }

    /// The JSON element whose `id` is `id`, anywhere below the resource's root.
    public static func elementJSON(_ id: String, in resource: JSON) -> JSON? {
        var found: JSON?
        visit(resource, isRoot: true) { value in
            if found == nil, case .object(let o) = value, o["id"]?.stringValue == id { found = value }
        }
        return found
    }

    /// The text at `path` (FHIRPath from the resource root): a string, an Attachment's decoded `data`, or a
    /// Narrative's text content.
    public static func text(at path: String, in resource: JSON) throws(Failure) -> String {
        let values: [JSON]
        do { values = try FHIRPathExpression(path).values(in: resource) } catch {
            throw Failure(description: "path '\(path)' is not a FHIRPath this server evaluates: \(error.message)")
        }
        guard let value = values.first else { throw Failure(description: "path '\(path)' selects nothing") }
        if let t = text(of: value) { return t }
        throw Failure(description: "path '\(path)' does not select text (a string, an Attachment with data, or a Narrative)")
    }

    /// The text of a source for an evidence item: the element's text when it names one, else the path's.
    public static func text(for item: EvidenceItem, in resource: JSON) throws(Failure) -> String {
        if let id = item.elementID {
            guard let t = element(id, in: resource) else { throw Failure(description: "\(item.source) has no element with id '\(id)'") }
            return t
        }
        guard let path = item.path else { throw Failure(description: "the evidence names neither an element nor a path") }
        return try text(at: path, in: resource)
    }

    static func text(of value: JSON) -> String? {
        switch value {
        case .string(let s):
            return s.hasPrefix("<div") ? NarrativeText(xhtml: s).text : s
        case .object(let o):
            if let data = o["data"]?.stringValue, let bytes = Data(base64Encoded: data) { return String(decoding: bytes, as: UTF8.self) }
            if let div = o["div"]?.stringValue { return NarrativeText(xhtml: div).text }
            return nil
        default:
            return nil
        }
    }

    /// Calls `body` for every object below the root, depth first.
    static func visit(_ value: JSON, isRoot: Bool = false, _ body: (JSON) -> Void) {
        switch value {
        case .object(let o):
            if !isRoot { body(value) }
            for m in o { visit(m.value, body) }
        case .array(let a):
            for v in a { visit(v, body) }
        default:
            break
        }
    }
}
