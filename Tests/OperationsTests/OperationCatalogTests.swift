import FHIRCore
import FHIRValidation
import Foundation
import Operations
import Testing

@Suite("OperationDefinitions, profiles and Parameters validation")
struct OperationCatalogTests {
    static let catalog = try! OperationCatalog.shipped()
    static let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test func shippedFilesAreTheTopLevelOnes() throws {
        for folder in ["OperationDefinitions", "Profiles"] {
            let top = Self.repo.appendingPathComponent(folder), copy = Self.repo.appendingPathComponent("Sources/Operations/Resources/\(folder)")
            let names = try FileManager.default.contentsOfDirectory(atPath: top.path).filter { $0.hasSuffix(".json") }.sorted()
            #expect(try FileManager.default.contentsOfDirectory(atPath: copy.path).filter { $0.hasSuffix(".json") }.sorted() == names,
                    "run scripts/sync-definitions.sh")
            for n in names {
                #expect(try Data(contentsOf: top.appendingPathComponent(n)) == Data(contentsOf: copy.appendingPathComponent(n)),
                        "\(folder)/\(n) differs from the bundled copy: run scripts/sync-definitions.sh")
            }
        }
    }

    @Test func everyOperationIsDefinedAndEveryDefinitionIsValidR4() throws {
        let codes = Set(Self.catalog.definitions.map(\.code))
        #expect(codes == ["validate", "everything", "trace", "verify-provenance", "reindex", "patient-insights", "ambient-note", "code-encounter", "after-visit-summary"])
        let validator = StructureValidator(model: try StructureModel.r4())
        for r in Self.catalog.resources {
            #expect(validator.issues(in: r).isEmpty, "\(r["id"]?.stringValue ?? "?"): \(validator.issues(in: r))")
        }
        #expect(Self.catalog.profiles.count == 6)
    }

    @Test func levelsAndReturnShape() throws {
        let byID = Dictionary(uniqueKeysWithValues: Self.catalog.definitions.map { ($0.id, $0) })
        let everything = try #require(byID["Patient-everything"])
        #expect(everything.allows(.instance(type: "Patient", id: "1")))
        #expect(!everything.allows(.instance(type: "Observation", id: "1")))
        #expect(!everything.allows(.system))
        #expect(everything.returnsResource)
        #expect(!byID["Encounter-ambient-note"]!.returnsResource)
        #expect(byID["reindex"]!.allows(.system) && byID["reindex"]!.allows(.type("Observation")))
        #expect(byID["Resource-trace"]!.invocationPaths == ["[base]/[type]/[id]/$trace"])
    }

    @Test func parametersAreCheckedAgainstTheDefinition() throws {
        let trace = Self.catalog.definitions.first { $0.code == "trace" }!
        let ok = try OperationInput(query: [("element", "s1"), ("depth", "3")], definition: trace)
        #expect(ok.string("element") == "s1" && ok.integer("depth") == 3)
        func rejects(_ body: JSON, _ says: String) {
            do {
                _ = try OperationInput(parameters: body, definition: trace)
                Issue.record("accepted \(body)")
            } catch {
                #expect(error.status == 400)
                #expect(error.diagnostics.contains(says), "\(error.diagnostics)")
            }
        }
        rejects(["resourceType": "Parameters", "parameter": [["name": "nope", "valueString": "x"]]], "Unknown parameter 'nope'")
        rejects(["resourceType": "Parameters", "parameter": [["name": "depth", "valueDecimal": 1.5]]], "must be valueInteger")
        rejects(["resourceType": "Parameters", "parameter": [["name": "depth", "valueInteger": 1.5]]], "integer")
        rejects(["resourceType": "Parameters", "parameter": [["valueInteger": 1]]], "has no name")
        let ambient = Self.catalog.definitions.first { $0.code == "ambient-note" }!
        #expect(throws: FHIRError.self) { try OperationInput(parameters: ["resourceType": "Parameters", "parameter": [["name": "transcriptReference", "valueString": "x"]]], definition: ambient) }
        #expect(throws: FHIRError.self) { try OperationInput(query: [("transcriptReference", "DocumentReference/1"), ("persist", "maybe")], definition: ambient) }
        let fine = try OperationInput(query: [("transcriptReference", "DocumentReference/1"), ("persist", "false")], definition: ambient)
        #expect(fine.value("transcriptReference")?["reference"] == "DocumentReference/1" && fine.bool("persist") == false)
        let validate = Self.catalog.definitions.first { $0.code == "validate" }!
        #expect(throws: FHIRError.self) { try OperationInput(query: [("resource", "{}")], definition: validate) }
    }
}
