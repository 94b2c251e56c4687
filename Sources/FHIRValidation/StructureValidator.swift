import FHIRCore

/// Validates resources against the FHIR R4 structure: known elements only, arrays exactly where an
/// element repeats, required elements present, primitive values of the right JSON type and lexical form,
/// choice types (`value[x]`) with an allowed type, nested and contained resources, and `code` values
/// of required bindings whose ValueSet the R4 definitions enumerate. Profiles and invariants are out of scope.
public struct StructureValidator: ResourceValidator {
    public let model: StructureModel
    /// Most issues reported in one error.
    public var maxIssues = 20
    /// What writes do with invalid resources.
    public var mode: Mode

    /// How strictly writes are checked.
    public enum Mode: String, Sendable, CaseIterable {
        /// Invalid resources are rejected with 422 and an OperationOutcome listing the issues.
        case strict
        /// Invalid resources are stored as sent (`$validate` still reports their issues).
        case lenient
    }

    public init(model: StructureModel, mode: Mode = .strict) {
        self.model = model
        self.mode = mode
    }

    public func validate(_ resource: Resource) throws(FHIRError) {
        guard mode == .strict else { return }
        let issues = self.issues(in: resource.value)
        guard issues.isEmpty else {
            let shown = issues.prefix(maxIssues)
            let more = issues.count > shown.count ? " (and \(issues.count - shown.count) more)" : ""
            throw FHIRError(
                status: 422, code: "structure",
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
        checkResource(resource, path: Path(nil, nil), into: &out)
        return out
    }

    /// A location, rendered only when an issue is reported (valid resources build no path strings).
    final class Path {
        let parent: Path?
        let key: String?
        let index: Int?

        init(_ parent: Path?, _ key: String?, index: Int? = nil) {
            self.parent = parent
            self.key = key
            self.index = index
        }

        func child(_ key: String) -> Path { Path(self, key) }
        func item(_ i: Int) -> Path { Path(parent, key, index: i) }

        var text: String {
            var parts: [String] = []
            var p: Path? = self
            while let node = p {
                if let key = node.key { parts.append(node.index.map { "\(key)[\($0)]" } ?? key) }
                p = node.parent
            }
            return parts.reversed().joined(separator: ".")
        }
    }

    func report(_ path: Path, _ message: String, into out: inout [Issue], fallback: String = "resource") {
        let text = path.text
        out.append(Issue(path: text.isEmpty ? fallback : text, message: message))
    }

    func checkResource(_ value: JSON, path: Path, into out: inout [Issue]) {
        guard case .object(let o) = value else {
            report(path, "a resource must be a JSON object", into: &out)
            return
        }
        guard let type = o["resourceType"]?.stringValue, model.resourceTypes.contains(type) else {
            report(path, "missing or unknown resourceType", into: &out)
            return
        }
        // A top-level resource's path starts with its type; a nested one continues its parent's path.
        checkObject(o, definition: type, path: path.key == nil && path.parent == nil ? Path(nil, type) : path, isResource: true, into: &out)
    }

    /// Checks the members of an object whose element definitions live under `definition` (a type name or a backbone path).
    func checkObject(_ o: JSONObject, definition: String, path: Path, isResource: Bool, into out: inout [Issue]) {
        if o.isEmpty { report(path, "empty objects are not allowed", into: &out); return }
        guard let node = model.nodes[definition] else { return }
        var seen = Set<String>()
        for m in o.members {
            var key = m.key
            if isResource && key == "resourceType" { continue }
            if key == "fhir_comments" { continue }
            let isCompanion = key.hasPrefix("_")
            if isCompanion { key.removeFirst() }
            guard let (name, element, type) = resolve(key, in: node) else {
                report(path.child(key), "unknown element '\(m.key)'", into: &out)
                continue
            }
            if node.required.contains(where: { $0.name == name }) { seen.insert(name) }
            if isCompanion {
                guard let type, model.primitives.contains(type) else {
                    report(path.child(key), "'\(m.key)' is only allowed for primitive elements", into: &out)
                    continue
                }
                checkCompanion(m.value, path: path.child(m.key), into: &out)
                continue
            }
            checkValue(m.value, element: element, type: type, path: path.child(key), companion: o["_" + key], into: &out)
        }
        for r in node.required where !seen.contains(r.name) {
            report(path.child(r.name), "required element is missing (min \(r.min))", into: &out)
        }
    }

    /// Finds the element for JSON key `key`: (child name, element, concrete type when known).
    /// For a choice such as `valueQuantity` that is (`value`, `value[x]`, `Quantity`).
    func resolve(_ key: String, in node: StructureModel.Node) -> (String, StructureModel.Element, String?)? {
        if let e = node.elements[key] {
            return (key, e, e.types.count == 1 ? e.types[0] : nil)
        }
        for (base, e) in node.choices where key.hasPrefix(base) && key.utf8.count > base.utf8.count {
            let suffix = key.dropFirst(base.count)
            if let t = e.types.first(where: { Self.matches(type: $0, suffix: suffix) }) {
                return (base, e, t)
            }
        }
        return nil
    }

    /// `Quantity` matches suffix `Quantity`; `dateTime` matches `DateTime`.
    static func matches(type: String, suffix: Substring) -> Bool {
        guard type.utf8.count == suffix.utf8.count, let f = type.first, let s = suffix.first else { return false }
        return f.uppercased() == String(s) && type.dropFirst() == suffix.dropFirst()
    }

    func checkValue(_ value: JSON, element: StructureModel.Element, type: String?, path: Path, companion: JSON?, into out: inout [Issue]) {
        if element.repeats {
            guard case .array(let items) = value else {
                report(path, "must be an array (the element repeats)", into: &out)
                return
            }
            if items.isEmpty { report(path, "empty arrays are not allowed", into: &out) }
            for (i, item) in items.enumerated() {
                if item.isNull {
                    // null is a placeholder only when the `_element` companion carries data at that position.
                    if companion?[i] == nil || companion?[i]?.isNull == true {
                        report(path.item(i), "null is not allowed here", into: &out)
                    }
                    continue
                }
                checkSingle(item, element: element, type: type, path: path.item(i), into: &out)
            }
        } else {
            if case .array = value {
                report(path, "must be a single value, not an array (max cardinality 1)", into: &out)
                return
            }
            if value.isNull {
                report(path, "null is not allowed", into: &out)
                return
            }
            checkSingle(value, element: element, type: type, path: path, into: &out)
        }
    }

    func checkSingle(_ value: JSON, element: StructureModel.Element, type: String?, path: Path, into out: inout [Issue]) {
        if let ref = element.contentReference {
            guard case .object(let o) = value else { report(path, "must be an object", into: &out); return }
            checkObject(o, definition: ref, path: path, isResource: false, into: &out)
            return
        }
        let t = type ?? element.types.first ?? "BackboneElement"
        if t == "BackboneElement" || t == "Element", model.nodes[element.path] != nil {
            guard case .object(let o) = value else { report(path, "must be an object", into: &out); return }
            checkObject(o, definition: element.path, path: path, isResource: false, into: &out)
        } else if t == "Resource" {
            checkResource(value, path: path, into: &out)
        } else if model.primitives.contains(t) {
            if let problem = PrimitiveRules.check(value, type: t) {
                report(path, problem, into: &out)
            } else if let binding = element.binding, case .string(let code) = value, !binding.codes.contains(code) {
                let shown = binding.codes.count <= 12 ? " (\(binding.codes.sorted().joined(separator: " | ")))" : ""
                report(path, "'\(code)' is not in the required ValueSet \(binding.valueSet)\(shown)", into: &out)
            }
        } else if model.complexTypes.contains(t) {
            guard case .object(let o) = value else { report(path, "must be an object of type \(t)", into: &out); return }
            checkObject(o, definition: t, path: path, isResource: false, into: &out)
        }
    }

    /// `_element`: an object with `id`/`extension`, or for repeating primitives an array of those or nulls.
    func checkCompanion(_ value: JSON, path: Path, into out: inout [Issue]) {
        switch value {
        case .object(let o): checkObject(o, definition: "Element", path: path, isResource: false, into: &out)
        case .array(let items):
            for (i, item) in items.enumerated() {
                if case .object(let o) = item { checkObject(o, definition: "Element", path: path.item(i), isResource: false, into: &out) }
                else if !item.isNull { report(path.item(i), "must be an object or null", into: &out) }
            }
        default: report(path, "must be an object", into: &out)
        }
    }
}
