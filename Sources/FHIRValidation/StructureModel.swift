import FHIRCore
import Foundation

/// The element model of FHIR R4: for every resource and complex type, each element's cardinality and
/// allowed types, generated from the official StructureDefinitions (`scripts/gen-structure.py`).
///
/// Elements are grouped into ``Node``s, one per type or backbone element, so that checking an object
/// member is one dictionary lookup with the member's name.
public struct StructureModel: Sendable {
    /// One element definition.
    public struct Element: Sendable {
        public var min: Int
        public var repeats: Bool
        public var types: [String]
        /// For `contentReference` elements: the path whose children this element reuses.
        public var contentReference: String?
        /// The element's own path (`Patient.contact`), which names its node when it has children.
        public var path: String
        /// For a `code` with a required binding whose ValueSet is known: its URL and codes.
        public var binding: (valueSet: String, codes: Set<String>)?
    }

    /// The children of one type or backbone element.
    public struct Node: Sendable {
        /// Elements by name as they appear in JSON for non-choice elements (`name`, `contact`).
        public var elements: [String: Element] = [:]
        /// Choice elements by their name without `[x]` (`value`, `effective`).
        public var choices: [String: Element] = [:]
        /// Elements with `min > 0`, by name (choices without `[x]`).
        public var required: [(name: String, min: Int)] = []
    }

    /// Nodes by path: type names (`Patient`, `HumanName`) and backbone paths (`Patient.contact`).
    public let nodes: [String: Node]
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
        var nodes: [String: Node] = [:]
        var resourceTypes = Set<String>(), complexTypes = Set<String>()
        var valueSets: [String: Set<String>] = [:]
        for vs in json["valueSets"]?.objectValue ?? JSONObject() {
            valueSets[vs.key] = Set((vs.value.arrayValue ?? []).compactMap(\.stringValue))
        }
        for member in json["types"]?.objectValue ?? JSONObject() {
            let type = member.key
            if member.value["kind"] == "resource" {
                if member.value["abstract"] != true { resourceTypes.insert(type) }
            } else {
                complexTypes.insert(type)
            }
            for e in member.value["elements"]?.objectValue ?? JSONObject() {
                guard let dot = e.key.lastIndex(of: ".") else { continue }
                let a = e.value.arrayValue ?? []
                let ref = a.count > 3 ? (a[3].stringValue ?? "") : ""
                let element = Element(
                    min: a.first?.intValue ?? 0, repeats: a.count > 1 && a[1].intValue == 1,
                    types: a.count > 2 ? (a[2].arrayValue ?? []).compactMap(\.stringValue) : [],
                    contentReference: ref.isEmpty ? nil : ref, path: e.key,
                    binding: (a.count > 4 ? a[4].stringValue : nil).flatMap { url in valueSets[url].map { (url, $0) } })
                let parent = String(e.key[..<dot])
                var name = String(e.key[e.key.index(after: dot)...])
                if name.hasSuffix("[x]") {
                    name.removeLast(3)
                    nodes[parent, default: Node()].choices[name] = element
                } else {
                    nodes[parent, default: Node()].elements[name] = element
                }
                if element.min > 0 { nodes[parent, default: Node()].required.append((name, element.min)) }
            }
        }
        self.nodes = nodes
        self.primitives = Set((json["primitives"]?.arrayValue ?? []).compactMap(\.stringValue))
        self.resourceTypes = resourceTypes
        self.complexTypes = complexTypes
    }
}
