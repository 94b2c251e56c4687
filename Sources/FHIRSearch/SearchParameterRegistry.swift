import FHIRCore
import FHIRPath
import Foundation

/// The search parameters a server supports, by resource type — loaded from the official R4 definitions
/// shipped with this module (`scripts/gen-search-parameters.py`, `scripts/gen-search-support.py`).
public struct SearchParameterRegistry: Sendable {
    /// Parameters that apply to each resource type (including those defined on Resource / DomainResource).
    public let byType: [String: [SearchParameterDefinition]]
    /// Definitions that cannot be searched, with the reason (reported in the CapabilityStatement).
    public let unsupported: [(code: String, base: [String], reason: String)]
    /// For each resource type, the reference parameters that put a resource in a Patient's compartment
    /// (from the official CompartmentDefinition), in definition order.
    public let patientCompartment: [String: [String]]
    private let index: [String: [String: SearchParameterDefinition]]

    /// The official R4 SearchParameters and Patient compartment.
    public static func r4() throws -> SearchParameterRegistry {
        try SearchParameterRegistry(json: try Self.resource("search-parameters"), support: try Self.resource("search-support"))
    }

    static func resource(_ name: String) throws -> JSON {
        guard let url = Bundle.module.url(forResource: name, withExtension: "json") else {
            throw FHIRError.internal("\(name).json is missing from the FHIRSearch resources")
        }
        return try JSON(parsing: Array(try Data(contentsOf: url)))
    }

    /// - Parameters:
    ///   - json: Compact SearchParameters (array of `{code, url, type, base, expression, target, component}`).
    ///   - support: `{patientCompartment: {Type: [codes]}}`; may be empty.
    public init(json: JSON, support: JSON = .object(JSONObject())) throws {
        let entries = json.arrayValue ?? []
        var kindByURL: [String: SearchParameterDefinition.Kind] = [:]
        for p in entries {
            if let url = p["url"]?.stringValue, let k = p["type"]?.stringValue.flatMap(SearchParameterDefinition.Kind.init) {
                kindByURL[url] = k
            }
        }
        var byBase: [String: [SearchParameterDefinition]] = [:]
        var unsupported: [(String, [String], String)] = []
        for p in entries {
            guard let code = p["code"]?.stringValue, let kindText = p["type"]?.stringValue,
                let kind = SearchParameterDefinition.Kind(rawValue: kindText)
            else { continue }
            let base = (p["base"]?.arrayValue ?? []).compactMap(\.stringValue)
            guard kind != .special else {
                unsupported.append((code, base, "special parameter with no indexable expression"))
                continue
            }
            guard let text = p["expression"]?.stringValue else {
                unsupported.append((code, base, "no FHIRPath expression in the definition"))
                continue
            }
            let expression: FHIRPathExpression
            var components: [SearchParameterDefinition.Component] = []
            do {
                expression = try FHIRPathExpression(text)
                for c in p["component"]?.arrayValue ?? [] {
                    guard let def = c["definition"]?.stringValue, let k = kindByURL[def], let e = c["expression"]?.stringValue else {
                        throw FHIRPathError("composite component \(c["definition"]?.stringValue ?? "?") is not defined")
                    }
                    components.append(.init(definition: def, kind: k, expression: try FHIRPathExpression(e)))
                }
            } catch {
                unsupported.append((code, base, "expression not supported: \(error)"))
                continue
            }
            let def = SearchParameterDefinition(
                code: code, url: p["url"]?.stringValue ?? "", kind: kind, base: base, expression: expression,
                target: (p["target"]?.arrayValue ?? []).compactMap(\.stringValue), components: components)
            for b in def.base { byBase[b, default: []].append(def) }
        }
        var byType: [String: [SearchParameterDefinition]] = [:]
        let common = (byBase["Resource"] ?? []) + (byBase["DomainResource"] ?? [])
        for t in ResourceType.all {
            let all = common.filter { c in !(byBase[t.name] ?? []).contains { $0.code == c.code } } + (byBase[t.name] ?? [])
            byType[t.name] = all.map { $0.specialized(for: t.name) }
        }
        self.byType = byType
        self.index = byType.mapValues { Dictionary($0.map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a }) }
        self.unsupported = unsupported
        var compartment: [String: [String]] = [:]
        if case .object(let o)? = support["patientCompartment"] {
            for m in o.members { compartment[m.key] = (m.value.arrayValue ?? []).compactMap(\.stringValue) }
        }
        self.patientCompartment = compartment
    }

    /// The parameter `code` of `type`, if defined.
    public func parameter(_ code: String, for type: String) -> SearchParameterDefinition? {
        index[type]?[code]
    }
}
