import Foundation

/// RFC 6902 JSON Patch, applied to lossless JSON values.
public struct JSONPatch: Sendable {
    /// One patch operation.
    public struct Operation: Sendable {
        public var op: String
        public var path: [String]
        public var from: [String]?
        public var value: JSON?
    }

    public let operations: [Operation]

    /// Parses a JSON Patch document (an array of operation objects); malformed documents are 400 errors.
    public init(json: JSON) throws(FHIRError) {
        guard case .array(let items) = json else {
            throw .invalid("A JSON Patch document must be a JSON array of operations")
        }
        var ops: [Operation] = []
        for (n, item) in items.enumerated() {
            guard case .object(let o) = item else { throw .invalid("JSON Patch operation \(n) is not an object") }
            guard let op = o["op"]?.stringValue else { throw .invalid("JSON Patch operation \(n) has no 'op'") }
            guard ["add", "remove", "replace", "move", "copy", "test"].contains(op) else {
                throw .invalid("JSON Patch operation \(n): unknown op '\(op)'")
            }
            guard let pathText = o["path"]?.stringValue else { throw .invalid("JSON Patch operation \(n) has no 'path'") }
            let path = try Self.pointer(pathText, operation: n)
            var from: [String]? = nil
            if op == "move" || op == "copy" {
                guard let f = o["from"]?.stringValue else { throw .invalid("JSON Patch operation \(n) ('\(op)') needs 'from'") }
                from = try Self.pointer(f, operation: n)
            }
            let value = o["value"]
            if ["add", "replace", "test"].contains(op), value == nil {
                throw .invalid("JSON Patch operation \(n) ('\(op)') needs 'value'")
            }
            ops.append(Operation(op: op, path: path, from: from, value: value))
        }
        operations = ops
    }

    /// Applies all operations in order; any failure (missing path, failed test) is a 422 and nothing is applied.
    public func apply(to document: JSON) throws(FHIRError) -> JSON {
        var doc = document
        for (n, op) in operations.enumerated() {
            switch op.op {
            case "add": try Self.add(&doc, op.path, op.value!, n)
            case "remove": _ = try Self.remove(&doc, op.path, n)
            case "replace":
                _ = try Self.remove(&doc, op.path, n)
                try Self.add(&doc, op.path, op.value!, n)
            case "move":
                let v = try Self.remove(&doc, op.from!, n)
                try Self.add(&doc, op.path, v, n)
            case "copy":
                let v = try Self.get(doc, op.from!, n)
                try Self.add(&doc, op.path, v, n)
            default:  // test
                let v = try Self.get(doc, op.path, n)
                guard v == op.value! else {
                    throw .unprocessable("JSON Patch operation \(n): test failed at '/\(op.path.joined(separator: "/"))'")
                }
            }
        }
        return doc
    }

    static func pointer(_ text: String, operation n: Int) throws(FHIRError) -> [String] {
        if text.isEmpty { return [] }
        guard text.hasPrefix("/") else { throw .invalid("JSON Patch operation \(n): path '\(text)' must start with '/'") }
        return text.dropFirst().split(separator: "/", omittingEmptySubsequences: false).map {
            $0.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
        }
    }

    static func get(_ doc: JSON, _ path: [String], _ n: Int) throws(FHIRError) -> JSON {
        var cur = doc
        for token in path {
            switch cur {
            case .object(let o):
                guard let v = o[token] else { throw missing(path, n) }
                cur = v
            case .array(let a):
                guard let i = Int(token), a.indices.contains(i) else { throw missing(path, n) }
                cur = a[i]
            default: throw missing(path, n)
            }
        }
        return cur
    }

    static func missing(_ path: [String], _ n: Int) -> FHIRError {
        .unprocessable("JSON Patch operation \(n): path '/\(path.joined(separator: "/"))' does not exist")
    }

    static func add(_ doc: inout JSON, _ path: [String], _ value: JSON, _ n: Int) throws(FHIRError) {
        guard let last = path.last else { doc = value; return }
        try modify(&doc, path.dropLast(), path, n) { (container: inout JSON) throws(FHIRError) in
            switch container {
            case .object(var o):
                o[last] = value
                container = .object(o)
            case .array(var a):
                if last == "-" { a.append(value) } else {
                    guard let i = Int(last), i >= 0, i <= a.count else { throw missing(path, n) }
                    a.insert(value, at: i)
                }
                container = .array(a)
            default: throw missing(path, n)
            }
        }
    }

    static func remove(_ doc: inout JSON, _ path: [String], _ n: Int) throws(FHIRError) -> JSON {
        guard let last = path.last else { throw .unprocessable("JSON Patch operation \(n): cannot remove the whole document") }
        var removed: JSON = .null
        try modify(&doc, path.dropLast(), path, n) { (container: inout JSON) throws(FHIRError) in
            switch container {
            case .object(var o):
                guard let v = o.removeValue(forKey: last) else { throw missing(path, n) }
                removed = v
                container = .object(o)
            case .array(var a):
                guard let i = Int(last), a.indices.contains(i) else { throw missing(path, n) }
                removed = a.remove(at: i)
                container = .array(a)
            default: throw missing(path, n)
            }
        }
        return removed
    }

    static func modify(
        _ doc: inout JSON, _ parent: ArraySlice<String>, _ full: [String], _ n: Int,
        _ body: (inout JSON) throws(FHIRError) -> Void
    ) throws(FHIRError) {
        guard let first = parent.first else { try body(&doc); return }
        let rest = parent.dropFirst()
        switch doc {
        case .object(var o):
            guard var child = o[first] else { throw missing(full, n) }
            try modify(&child, rest, full, n, body)
            o[first] = child
            doc = .object(o)
        case .array(var a):
            guard let i = Int(first), a.indices.contains(i) else { throw missing(full, n) }
            try modify(&a[i], rest, full, n, body)
            doc = .array(a)
        default: throw missing(full, n)
        }
    }
}
