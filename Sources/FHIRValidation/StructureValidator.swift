import FHIRCore

/// Validates resources against the FHIR R4 structure: known elements only, arrays exactly where an
/// element repeats, required elements present, primitive values of the right JSON type and lexical form,
/// choice types (`value[x]`) with an allowed type, nested and contained resources. Profiles, invariants
/// and terminology bindings are out of scope here (they come with `$validate`).
public struct StructureValidator: ResourceValidator {
    public let model: StructureModel
    /// Most issues reported in one error.
    public var maxIssues = 20

    public init(model: StructureModel) { self.model = model }

    public func validate(_ resource: Resource) throws(FHIRError) {
        let issues = self.issues(in: resource.value)
        guard issues.isEmpty else {
            let shown = issues.prefix(maxIssues)
            let more = issues.count > shown.count ? " (and \(issues.count - shown.count) more)" : ""
            throw FHIRError(
                status: 400, code: "structure",
                diagnostics: "The \(resource.type.name) is not valid FHIR R4: " + shown.map { "\($0.path): \($0.message)" }.joined(separator: "; ") + more,
                expression: shown.map(\.path))
        }
    }

    /// One structural problem.
    public struct Issue: Sendable, Hashable {
        /// FHIRPath-like location, e.g. `Patient.contact[0].name.family`.
        public var path: String
        public var message: String
    }

    /// All problems in a resource (empty when valid).
    public func issues(in resource: JSON) -> [Issue] {
        var out: [Issue] = []
        checkResource(resource, path: nil, into: &out)
        return out
    }

    func checkResource(_ value: JSON, path: String?, into out: inout [Issue]) {
        guard case .object(let o) = value else {
            out.append(Issue(path: path ?? "resource", message: "a resource must be a JSON object"))
            return
        }
        guard let type = o["resourceType"]?.stringValue, model.resourceTypes.contains(type) else {
            out.append(Issue(path: path ?? "resource", message: "missing or unknown resourceType"))
            return
        }
        checkObject(o, definition: type, path: path ?? type, isResource: true, into: &out)
    }

    /// Checks the members of an object whose element definitions live under `definition` (a type name or a backbone path).
    func checkObject(_ o: JSONObject, definition: String, path: String, isResource: Bool, into out: inout [Issue]) {
        if o.isEmpty { out.append(Issue(path: path, message: "empty objects are not allowed")); return }
        var seen = Set<String>()
        for m in o.members {
            var key = m.key
            if isResource && key == "resourceType" { continue }
            if key == "fhir_comments" { continue }
            let isCompanion = key.hasPrefix("_")
            if isCompanion { key.removeFirst() }
            let childPath = "\(path).\(key)"
            guard let (name, defKey, type) = resolve(key, under: definition) else {
                out.append(Issue(path: childPath, message: "unknown element '\(m.key)'"))
                continue
            }
            seen.insert(name)
            if isCompanion {
                guard let type, model.primitives.contains(type) else {
                    out.append(Issue(path: childPath, message: "'\(m.key)' is only allowed for primitive elements"))
                    continue
                }
                checkCompanion(m.value, path: "\(path).\(m.key)", into: &out)
                continue
            }
            let elementPath = "\(definition).\(defKey)"
            checkValue(m.value, element: model.elements[elementPath]!, elementPath: elementPath, type: type,
                       path: childPath, companion: o["_" + key], into: &out)
        }
        for name in model.children[definition] ?? [] where !seen.contains(name) {
            if let def = model.elements["\(definition).\(name)"] ?? model.elements["\(definition).\(name)[x]"], def.min > 0 {
                out.append(Issue(path: "\(path).\(name)", message: "required element is missing (min \(def.min))"))
            }
        }
    }

    /// Finds the element for JSON key `key` under `definition`: (child name, definition key, concrete type when known).
    /// For a choice such as `valueQuantity` that is (`value`, `value[x]`, `Quantity`).
    func resolve(_ key: String, under definition: String) -> (String, String, String?)? {
        if let def = model.elements["\(definition).\(key)"] {
            return (key, key, def.types.count == 1 ? def.types[0] : nil)
        }
        for base in model.choices[definition] ?? [] where key.hasPrefix(base) && key.count > base.count {
            let suffix = String(key.dropFirst(base.count))
            let def = model.elements["\(definition).\(base)[x]"]!
            if let t = def.types.first(where: { Self.capitalized($0) == suffix }) {
                return (base, "\(base)[x]", t)
            }
        }
        return nil
    }

    static func capitalized(_ s: String) -> String { s.prefix(1).uppercased() + s.dropFirst() }

    func checkValue(_ value: JSON, element: StructureModel.Element, elementPath: String, type: String?, path: String,
                    companion: JSON?, into out: inout [Issue]) {
        if element.repeats {
            guard case .array(let items) = value else {
                out.append(Issue(path: path, message: "must be an array (the element repeats)"))
                return
            }
            if items.isEmpty { out.append(Issue(path: path, message: "empty arrays are not allowed")) }
            for (i, item) in items.enumerated() {
                if item.isNull {
                    // null is a placeholder only when the `_element` companion carries data at that position.
                    if companion?[i] == nil || companion?[i]?.isNull == true {
                        out.append(Issue(path: "\(path)[\(i)]", message: "null is not allowed here"))
                    }
                    continue
                }
                checkSingle(item, element: element, elementPath: elementPath, type: type, path: "\(path)[\(i)]", into: &out)
            }
        } else {
            if case .array = value {
                out.append(Issue(path: path, message: "must be a single value, not an array (max cardinality 1)"))
                return
            }
            if value.isNull {
                out.append(Issue(path: path, message: "null is not allowed"))
                return
            }
            checkSingle(value, element: element, elementPath: elementPath, type: type, path: path, into: &out)
        }
    }

    func checkSingle(_ value: JSON, element: StructureModel.Element, elementPath: String, type: String?, path: String, into out: inout [Issue]) {
        if let ref = element.contentReference {
            guard case .object(let o) = value else { out.append(Issue(path: path, message: "must be an object")); return }
            checkObject(o, definition: ref, path: path, isResource: false, into: &out)
            return
        }
        let t = type ?? element.types.first ?? "BackboneElement"
        if t == "BackboneElement" || t == "Element", model.children[elementPath] != nil {
            guard case .object(let o) = value else { out.append(Issue(path: path, message: "must be an object")); return }
            checkObject(o, definition: elementPath, path: path, isResource: false, into: &out)
        } else if t == "Resource" {
            checkResource(value, path: path, into: &out)
        } else if model.primitives.contains(t) {
            if let problem = PrimitiveRules.check(value, type: t) { out.append(Issue(path: path, message: problem)) }
        } else if model.complexTypes.contains(t) {
            guard case .object(let o) = value else { out.append(Issue(path: path, message: "must be an object of type \(t)")); return }
            checkObject(o, definition: t, path: path, isResource: false, into: &out)
        }
    }

    /// `_element`: an object with `id`/`extension`, or for repeating primitives an array of those or nulls.
    func checkCompanion(_ value: JSON, path: String, into out: inout [Issue]) {
        switch value {
        case .object(let o): checkObject(o, definition: "Element", path: path, isResource: false, into: &out)
        case .array(let items):
            for (i, item) in items.enumerated() {
                if case .object(let o) = item { checkObject(o, definition: "Element", path: "\(path)[\(i)]", isResource: false, into: &out) }
                else if !item.isNull { out.append(Issue(path: "\(path)[\(i)]", message: "must be an object or null")) }
            }
        default: out.append(Issue(path: path, message: "must be an object"))
        }
    }
}
