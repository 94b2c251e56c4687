import FHIRCore
import FHIRPath
import Foundation

/// The search parameters a server supports, by resource type — loaded from the official R4 definitions
/// shipped with this module (`scripts/gen-search-parameters.py`).
public struct SearchParameterRegistry: Sendable {
    /// Parameters that apply to each resource type (including those defined on Resource / DomainResource).
    public let byType: [String: [SearchParameterDefinition]]
    /// Definitions that could not be used, with the reason (reported in the CapabilityStatement).
    public let unsupported: [(code: String, reason: String)]

    /// The official R4 SearchParameters.
    public static func r4() throws -> SearchParameterRegistry {
        guard let url = Bundle.module.url(forResource: "search-parameters", withExtension: "json") else {
            throw FHIRError.internal("search-parameters.json is missing from the FHIRSearch resources")
        }
        return try SearchParameterRegistry(json: try JSON(parsing: Array(try Data(contentsOf: url))))
    }

    public init(json: JSON) throws {
        var byBase: [String: [SearchParameterDefinition]] = [:]
        var unsupported: [(String, String)] = []
        for p in json.arrayValue ?? [] {
            guard let code = p["code"]?.stringValue, let kindText = p["type"]?.stringValue,
                let kind = SearchParameterDefinition.Kind(rawValue: kindText)
            else { continue }
            var expression: FHIRPathExpression? = nil
            if let text = p["expression"]?.stringValue {
                do { expression = try FHIRPathExpression(text) } catch {
                    unsupported.append((code, "expression not supported: \(error)"))
                    continue
                }
            } else {
                unsupported.append((code, "no FHIRPath expression in the definition"))
            }
            let def = SearchParameterDefinition(
                code: code, url: p["url"]?.stringValue ?? "", kind: kind,
                base: (p["base"]?.arrayValue ?? []).compactMap(\.stringValue), expression: expression,
                target: (p["target"]?.arrayValue ?? []).compactMap(\.stringValue))
            for b in def.base { byBase[b, default: []].append(def) }
        }
        var byType: [String: [SearchParameterDefinition]] = [:]
        let common = (byBase["Resource"] ?? []) + (byBase["DomainResource"] ?? [])
        for t in ResourceType.all {
            byType[t.name] = common.filter { c in !(byBase[t.name] ?? []).contains { $0.code == c.code } } + (byBase[t.name] ?? [])
        }
        self.byType = byType
        self.unsupported = unsupported
    }

    /// The parameter `code` of `type`, if defined.
    public func parameter(_ code: String, for type: String) -> SearchParameterDefinition? {
        byType[type]?.first { $0.code == code }
    }
}
