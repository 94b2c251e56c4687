import FHIRCore

extension FHIRPathExpression {
    /// Evaluates the expression with `resource` as the root (`%resource`, and the focus of a leading type name).
    public func evaluate(_ resource: JSON) throws(FHIRPathError) -> [FHIRPathItem] {
        let root = FHIRPathItem(value: resource, type: resource["resourceType"]?.stringValue)
        let context = Context(root: root)
        return try context.eval(node, input: [root], this: root)
    }

    /// Evaluates the expression with `item` as the focus (composite search parameter components are
    /// evaluated relative to each value of the composite's own expression).
    public func evaluate(on item: FHIRPathItem) throws(FHIRPathError) -> [FHIRPathItem] {
        try Context(root: item).eval(node, input: [item], this: item)
    }

    /// Evaluates and returns only the JSON values.
    public func values(in resource: JSON) throws(FHIRPathError) -> [JSON] {
        try evaluate(resource).map(\.value)
    }
}

/// The 20 FHIR primitive type names (choice suffixes map onto these with a lowercase first letter).
let fhirPrimitiveTypes: Set<String> = [
    "base64Binary", "boolean", "canonical", "code", "date", "dateTime", "decimal", "id", "instant", "integer",
    "markdown", "oid", "positiveInt", "string", "time", "unsignedInt", "uri", "url", "uuid", "xhtml",
]

/// Complex types that can appear as a choice element's type suffix (the R4 open-type list and Meta).
let fhirChoiceComplexTypes: Set<String> = [
    "Address", "Age", "Annotation", "Attachment", "CodeableConcept", "Coding", "ContactDetail", "ContactPoint",
    "Contributor", "Count", "DataRequirement", "Distance", "Dosage", "Duration", "Expression", "HumanName",
    "Identifier", "Meta", "Money", "ParameterDefinition", "Period", "Quantity", "Range", "Ratio", "Reference",
    "RelatedArtifact", "SampledData", "Signature", "Timing", "TriggerDefinition", "UsageContext",
]

struct Context {
    let root: FHIRPathItem

    func eval(_ node: FHIRPathExpression.Node, input: [FHIRPathItem], this: FHIRPathItem) throws(FHIRPathError) -> [FHIRPathItem] {
        switch node {
        case .root(let name):
            let matching = input.filter { Self.typeMatches($0, name) }
            // A capitalised name that is not the focus's type could still be an element (none are in FHIR R4).
            return matching.isEmpty ? input.flatMap { Self.member($0, name) } : matching
        case .member(let base, let name):
            let items = try base.map { n throws(FHIRPathError) in try eval(n, input: input, this: this) } ?? [this]
            return items.flatMap { Self.member($0, name) }
        case .this:
            return [this]
        case .literal(let item):
            return [item]
        case .empty:
            return []
        case .index(let base, let indexNode):
            let items = try eval(base, input: input, this: this)
            let index = try eval(indexNode, input: [this], this: this)
            guard index.count == 1, let i = index[0].value.intValue else { throw FHIRPathError("an indexer needs a single integer") }
            return items.indices.contains(i) ? [items[i]] : []
        case .call(let base, let name, let args):
            let items = try base.map { n throws(FHIRPathError) in try eval(n, input: input, this: this) } ?? [this]
            return try call(name, args, on: items, this: this)
        case .binary(let op, let l, let r):
            let left = try eval(l, input: input, this: this)
            let right = try eval(r, input: input, this: this)
            return try Self.binary(op, left, right)
        case .typeOp(let op, let e, let type):
            let items = try eval(e, input: input, this: this)
            if op == "as" { return items.filter { Self.typeMatches($0, type) } }
            guard items.count <= 1 else { throw FHIRPathError("'is' needs a single item, got \(items.count)") }
            return items.isEmpty ? [] : [Self.boolean(Self.typeMatches(items[0], type))]
        }
    }

    func call(_ name: String, _ args: [FHIRPathExpression.Node], on items: [FHIRPathItem], this: FHIRPathItem) throws(FHIRPathError) -> [FHIRPathItem] {
        func arity(_ n: ClosedRange<Int>) throws(FHIRPathError) {
            guard n.contains(args.count) else { throw FHIRPathError("\(name)() takes \(n.lowerBound == n.upperBound ? "\(n.lowerBound)" : "\(n.lowerBound)-\(n.upperBound)") argument(s)") }
        }
        func typeArgument() throws(FHIRPathError) -> String {
            try arity(1...1)
            guard case .literal(let item) = args[0], let t = item.value.stringValue else { throw FHIRPathError("\(name)() needs a type name") }
            return t
        }
        switch name {
        case "where":
            try arity(1...1)
            var out: [FHIRPathItem] = []
            for item in items where try Self.truth(eval(args[0], input: [item], this: item)) == true { out.append(item) }
            return out
        case "select":
            try arity(1...1)
            var out: [FHIRPathItem] = []
            for item in items { out += try eval(args[0], input: [item], this: item) }
            return out
        case "exists":
            try arity(0...1)
            if args.isEmpty { return [Self.boolean(!items.isEmpty)] }
            for item in items where try Self.truth(eval(args[0], input: [item], this: item)) == true { return [Self.boolean(true)] }
            return [Self.boolean(false)]
        case "empty":
            try arity(0...0)
            return [Self.boolean(items.isEmpty)]
        case "not":
            try arity(0...0)
            guard let b = try Self.truth(items) else { return [] }
            return [Self.boolean(!b)]
        case "first": try arity(0...0); return Array(items.prefix(1))
        case "last": try arity(0...0); return Array(items.suffix(1))
        case "tail": try arity(0...0); return Array(items.dropFirst())
        case "count": try arity(0...0); return [FHIRPathItem(value: .number(JSONNumber(items.count)), type: "integer")]
        case "hasValue":
            try arity(0...0)
            return [Self.boolean(items.count == 1 && Self.isPrimitive(items[0].value))]
        case "as", "ofType":
            let t = try typeArgument()
            return items.filter { Self.typeMatches($0, t) }
        case "is":
            let t = try typeArgument()
            guard items.count <= 1 else { throw FHIRPathError("is() needs a single item, got \(items.count)") }
            return items.isEmpty ? [] : [Self.boolean(Self.typeMatches(items[0], t))]
        case "extension":
            try arity(1...1)
            let urls = try eval(args[0], input: [this], this: this)
            guard urls.count == 1, let url = urls[0].value.stringValue else { throw FHIRPathError("extension() needs a url string") }
            return items.flatMap { Self.member($0, "extension") }.filter { $0.value["url"]?.stringValue == url }
        case "resolve":
            try arity(0...0)
            return items.compactMap(resolve)
        default:
            throw FHIRPathError("function \(name)() is not supported")
        }
    }

    /// `resolve()` without a store: the referenced type is known from the reference text; contained
    /// resources (`#id`) are found in the root resource.
    func resolve(_ item: FHIRPathItem) -> FHIRPathItem? {
        guard let ref = item.value["reference"]?.stringValue ?? item.value.stringValue else { return nil }
        switch ReferenceTarget(ref) {
        case .local(let type, _, _), .conditional(let type, _):
            return FHIRPathItem(value: item.value, type: type, resolvedReference: type)
        case .contained(let id):
            let found = root.value["contained"]?.arrayValue?.first { $0["id"]?.stringValue == id }
            return found.map { FHIRPathItem(value: $0, type: $0["resourceType"]?.stringValue) }
        case .external(let url):
            // Absolute URL: the type is the second-to-last segment of .../Type/id (or .../Type/id/_history/v).
            var parts = url.split(separator: "/").map(String.init)
            if parts.count >= 4, parts[parts.count - 2] == "_history" { parts.removeLast(2) }
            guard parts.count >= 2, ResourceType(parts[parts.count - 2]) != nil else { return nil }
            let type = parts[parts.count - 2]
            return FHIRPathItem(value: item.value, type: type, resolvedReference: type)
        case .urn, nil:
            return nil
        }
    }

    /// Children named `name`, including choice elements (`value` → `valueQuantity`, typed `Quantity`).
    static func member(_ item: FHIRPathItem, _ name: String) -> [FHIRPathItem] {
        guard case .object(let o) = item.value else { return [] }
        if let v = o[name] { return flatten(v, type: nil) }
        for m in o.members where m.key.hasPrefix(name) && m.key.utf8.count > name.utf8.count {
            let suffix = m.key.dropFirst(name.count)
            guard let first = suffix.first, first.isUppercase else { continue }
            // Only a FHIR type name makes a choice suffix: `valueQuantity` is value[x], `performerType` is not.
            let lowered = first.lowercased() + suffix.dropFirst()
            if fhirPrimitiveTypes.contains(lowered) { return flatten(m.value, type: lowered) }
            if fhirChoiceComplexTypes.contains(String(suffix)) { return flatten(m.value, type: String(suffix)) }
        }
        return []
    }

    static func flatten(_ value: JSON, type: String?) -> [FHIRPathItem] {
        func item(_ v: JSON) -> FHIRPathItem { FHIRPathItem(value: v, type: type ?? v["resourceType"]?.stringValue) }
        if case .array(let a) = value { return a.filter { !$0.isNull }.map(item) }
        return value.isNull ? [] : [item(value)]
    }

    static func typeMatches(_ item: FHIRPathItem, _ type: String) -> Bool {
        if let r = item.resolvedReference { return r == type || type == "Resource" || type == "DomainResource" }
        if let t = item.type, t == type { return true }
        if item.value["resourceType"] != nil { return type == "Resource" || type == "DomainResource" }
        return false
    }

    static func isPrimitive(_ v: JSON) -> Bool {
        switch v {
        case .string, .number, .bool: return true
        default: return false
        }
    }

    static func boolean(_ b: Bool) -> FHIRPathItem { FHIRPathItem(value: .bool(b), type: "boolean") }

    /// Singleton evaluation as a boolean: empty → nil, one boolean → it, one other item → true.
    static func truth(_ items: [FHIRPathItem]) throws(FHIRPathError) -> Bool? {
        guard let first = items.first else { return nil }
        guard items.count == 1 else { throw FHIRPathError("expected a single boolean, got \(items.count) items") }
        if case .bool(let b) = first.value { return b }
        return true
    }

    static func binary(_ op: String, _ l: [FHIRPathItem], _ r: [FHIRPathItem]) throws(FHIRPathError) -> [FHIRPathItem] {
        switch op {
        case "|":
            // Union: both sides, duplicates removed (also within one side).
            var out: [FHIRPathItem] = []
            for item in l + r where !out.contains(where: { equal($0.value, item.value) }) { out.append(item) }
            return out
        case "=", "!=":
            guard !l.isEmpty, !r.isEmpty else { return [] }
            let same = l.count == r.count && zip(l, r).allSatisfy { equal($0.value, $1.value) }
            return [boolean(op == "=" ? same : !same)]
        case "and", "or", "xor", "implies":
            let a = try truth(l), b = try truth(r)
            switch op {
            case "and":
                if a == false || b == false { return [boolean(false)] }
                return a == true && b == true ? [boolean(true)] : []
            case "or":
                if a == true || b == true { return [boolean(true)] }
                return a == false && b == false ? [boolean(false)] : []
            case "xor":
                guard let a, let b else { return [] }
                return [boolean(a != b)]
            default:  // implies
                if a == false || b == true { return [boolean(true)] }
                return a == true && b == false ? [boolean(false)] : []
            }
        default:
            throw FHIRPathError("operator '\(op)' is not supported")
        }
    }

    /// FHIRPath equality on JSON values: numbers by value (`1.0 = 1`), everything else structurally.
    static func equal(_ a: JSON, _ b: JSON) -> Bool {
        switch (a, b) {
        case (.number(let x), .number(let y)): return x.doubleValue == y.doubleValue
        case (.array(let x), .array(let y)): return x.count == y.count && zip(x, y).allSatisfy { equal($0, $1) }
        case (.object(let x), .object(let y)):
            return x.count == y.count && x.members.allSatisfy { m in y[m.key].map { equal(m.value, $0) } ?? false }
        default: return a == b
        }
    }
}
