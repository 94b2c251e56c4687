import FHIRCore
import Foundation

/// The OperationDefinitions and profiles (StructureDefinitions) Evident ships, read from this module's
/// resources (copied from the top-level `OperationDefinitions/` and `Profiles/` by `scripts/sync-definitions.sh`).
public struct OperationCatalog: Sendable {
    public let definitions: [OperationDefinition]
    /// Evident's StructureDefinitions: its profiles and extensions.
    public let profiles: [JSON]

    public init(definitions: [OperationDefinition], profiles: [JSON]) {
        self.definitions = definitions
        self.profiles = profiles
    }

    /// The shipped catalog.
    public static func shipped() throws -> OperationCatalog {
        let definitions = try files(in: "OperationDefinitions").map { json throws -> OperationDefinition in try OperationDefinition(json: json) }
        return OperationCatalog(definitions: definitions, profiles: try files(in: "Profiles"))
    }

    static func files(in folder: String) throws -> [JSON] {
        guard let dir = Bundle.module.url(forResource: folder, withExtension: nil) else {
            throw FHIRError.internal("\(folder) is missing from the Operations resources")
        }
        let names = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".json") }.sorted()
        return try names.map { try JSON(parsing: Array(try Data(contentsOf: dir.appendingPathComponent($0)))) }
    }

    /// Every definition and profile as a resource, for seeding the store.
    public var resources: [JSON] { definitions.map(\.json) + profiles }
}
