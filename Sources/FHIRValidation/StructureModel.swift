import FHIRCore
import Foundation

/// The element model of FHIR R4: for every resource and complex type, each element's cardinality and
/// allowed types, generated from the official StructureDefinitions (`scripts/gen-structure.py`).
public struct StructureModel: Sendable {
    /// One element definition.
    public struct Element: Sendable {
        public var min: Int
        public var repeats: Bool
        public var types: [String]
        /// For `contentReference` elements: the path whose children this element reuses.
        public var contentReference: String?
    }

    /// Elements by full path, e.g. `Patient.contact.name`.
    public let elements: [String: Element]
    /// Element names under each path, for children lookup: `Patient.contact` → [`name`, ...].
    public let children: [String: [String]]
    /// Choice elements under each path without the `[x]`: `Observation` → [`value`, `effective`, ...].
    public let choices: [String: [String]]
    public let primitives: Set<String>
    /// Resource types (concrete) and complex datatypes.
    public let resourceTypes: Set<String>
    public let complexTypes: Set<String>

    /// Loads the model shipped with this module.
    public static func r4() throws -> StructureModel {
        guard let url = Bundle.module.url(forResource: "r4-structure", withExtension: "json") else {
            throw FHIRError.internal("r4-structure.json is missing from the FHIRValidation resources")
        }
        return try StructureModel(json: try JSON(parsing: Array(try Data(contentsOf: url))))
    }

    public init(json: JSON) throws {
        var elements: [String: Element] = [:]
        var children: [String: [String]] = [:]
        var choices: [String: [String]] = [:]
        var resourceTypes = Set<String>(), complexTypes = Set<String>()
        for member in json["types"]?.objectValue ?? JSONObject() {
            let type = member.key
            if member.value["kind"] == "resource" {
                if member.value["abstract"] != true { resourceTypes.insert(type) }
            } else {
                complexTypes.insert(type)
            }
            for e in member.value["elements"]?.objectValue ?? JSONObject() {
                let a = e.value.arrayValue ?? []
                let ref = a.count > 3 ? (a[3].stringValue ?? "") : ""
                let element = Element(
                    min: a.first?.intValue ?? 0, repeats: a.count > 1 && a[1].intValue == 1,
                    types: a.count > 2 ? (a[2].arrayValue ?? []).compactMap(\.stringValue) : [],
                    contentReference: ref.isEmpty ? nil : ref)
                elements[e.key] = element
                guard let dot = e.key.lastIndex(of: ".") else { continue }
                let parent = String(e.key[..<dot])
                var name = String(e.key[e.key.index(after: dot)...])
                if name.hasSuffix("[x]") {
                    name.removeLast(3)
                    choices[parent, default: []].append(name)
                }
                children[parent, default: []].append(name)
            }
        }
        self.elements = elements
        self.children = children
        self.choices = choices
        self.primitives = Set((json["primitives"]?.arrayValue ?? []).compactMap(\.stringValue))
        self.resourceTypes = resourceTypes
        self.complexTypes = complexTypes
    }
}
