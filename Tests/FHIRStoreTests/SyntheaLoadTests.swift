import EvidentTesting
import FHIRCore
import FHIRStore
import Foundation
import Testing

@Suite("Synthea bundles")
struct SyntheaLoadTests {
    static let folder = SharedData.root + "/synthea/r4-bundles"

    @Test(.enabled(if: SharedData.isAvailable, "needs ../shared/data"))
    func allBundlesLoadWithManifestCounts() async throws {
        let manifestData = try Data(contentsOf: URL(fileURLWithPath: SharedData.root + "/synthea/r4-bundles-manifest.json"))
        let manifest = try JSON(parsing: Array(manifestData))
        var expected: [String: Int] = [:]
        for file in manifest.arrayValue ?? [] {
            for m in file["resource_counts"]?.objectValue ?? JSONObject() { expected[m.key, default: 0] += m.value.intValue ?? 0 }
        }
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.folder).filter { $0.hasSuffix(".json") }.sorted()
        #expect(files.count == 55)
        let expectedCounts = expected
        try await withTestRepository { repo, client async throws in
            for f in files {
                let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: Self.folder + "/" + f)))
                let bundle = try Resource(parsing: bytes, parser: JSONParser(limits: .init(maxDepth: 100, maxBytes: .max)))
                _ = try await repo.process(bundle: bundle, options: BundleOptions(baseURL: "http://test/"))
            }
            var actual: [String: Int] = [:]
            let rows = try await client.query("SELECT res_type, count(*) FROM resource GROUP BY res_type")
            for try await (t, n) in rows.decode((String, Int).self) { actual[t] = n }
            #expect(actual == expectedCounts)
            // Every urn:uuid reference was rewritten to a local reference.
            #expect(try await client.count("resource", where: "body LIKE '%urn:uuid:%'") == 0)
            #expect(try await client.count("search_reference", where: "target_type <> '' AND NOT EXISTS (SELECT 1 FROM resource r WHERE r.res_type = target_type AND r.id = target_id)") == 0)
        }
    }
}
