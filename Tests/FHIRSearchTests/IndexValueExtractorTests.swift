import EvidentTesting
import FHIRCore
import FHIRSearch
import Foundation
import Testing

@Suite("Search parameter definitions and index extraction")
struct IndexValueExtractorTests {
    static let registry = try! SearchParameterRegistry.r4()
    static let extractor = IndexValueExtractor(registry: registry)

    func entries(_ text: String, _ param: String) -> [IndexValue] {
        Self.extractor.extract(try! JSON(parsing: text)).entries.filter { $0.param == param }.map(\.value)
    }

    @Test func registryCoversEveryType() {
        #expect(Self.registry.byType.count == ResourceType.all.count)
        #expect(Self.registry.parameter("birthdate", for: "Patient")?.kind == .date)
        #expect(Self.registry.parameter("_id", for: "Observation") != nil)
        #expect(Self.registry.parameter("code", for: "Observation")?.kind == .token)
        // Definitions that cannot be indexed are reported (in the CapabilityStatement), not dropped silently.
        // The two MolecularSequence composites name component definitions that R4 does not publish.
        #expect(Set(Self.registry.unsupported.map(\.code)) == [
            "_text", "_content", "_query", "near", "referenceseqid-variant-coordinate", "chromosome-variant-coordinate",
        ])
    }

    @Test func extractsEachParameterType() {
        let patient = #"{"resourceType":"Patient","id":"p","birthDate":"1974-12","gender":"male","active":true,"name":[{"family":"Chalmers","given":["Peter","James"]}],"identifier":[{"system":"urn:mrn","value":"12"}],"telecom":[{"system":"phone","value":"555"}],"generalPractitioner":[{"reference":"Practitioner/d1"}]}"#
        let birth = try! #require(FHIRDateTime("1974-12"))
        #expect(entries(patient, "birthdate") == [.date(lower: birth.lowerBound, upper: birth.upperBound)])
        #expect(entries(patient, "gender") == [.token(system: "", code: "male", text: nil)])
        #expect(entries(patient, "active") == [.token(system: "", code: "true", text: nil)])
        #expect(entries(patient, "identifier") == [.token(system: "urn:mrn", code: "12", text: nil)])
        #expect(entries(patient, "phone") == [.token(system: "phone", code: "555", text: nil)])
        #expect(entries(patient, "family") == [.string("Chalmers")])
        #expect(Set(entries(patient, "name")) == [.string("Chalmers"), .string("Peter"), .string("James")])
        #expect(entries(patient, "general-practitioner") == [.reference(type: "Practitioner", id: "d1", url: nil)])
        // _id and _lastUpdated are columns of the resource table, not index rows.
        #expect(entries(patient, "_id") == [])

        let obs = #"{"resourceType":"Observation","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"4548-4","display":"A1c"}]},"subject":{"reference":"Patient/p"},"valueQuantity":{"value":7.20,"system":"http://unitsofmeasure.org","code":"%"},"effectivePeriod":{"start":"2024-01-01"}}"#
        #expect(entries(obs, "code") == [.token(system: "http://loinc.org", code: "4548-4", text: "A1c")])
        #expect(entries(obs, "subject") == [.reference(type: "Patient", id: "p", url: nil)])
        #expect(entries(obs, "patient") == [.reference(type: "Patient", id: "p", url: nil)])
        #expect(entries(obs, "value-quantity") == [.quantity(value: "7.20", system: "http://unitsofmeasure.org", code: "%")])
        #expect(entries(obs, "date") == [.date(lower: FHIRDateTime("2024-01-01")!.lowerBound, upper: .infinity)])
    }

    @Test(.enabled(if: SharedData.isAvailable, "needs ../shared/data"))
    func everyOfficialExampleExtractsWithoutFailures() throws {
        let folder = SharedData.root + "/fhir-r4/examples"
        var resources = 0, values = 0
        var failures: [String] = []
        var paramsWithValues = Set<String>()
        for f in try FileManager.default.contentsOfDirectory(atPath: folder).sorted() where f.hasSuffix(".json") {
            let json = try JSON(parsing: Array(try Data(contentsOf: URL(fileURLWithPath: folder + "/" + f))))
            guard let type = json["resourceType"]?.stringValue else { continue }
            resources += 1
            let result = Self.extractor.extract(json)
            values += result.entries.count
            failures += result.failures.map { "\(f): \($0)" }
            for e in result.entries { paramsWithValues.insert("\(type).\(e.param)") }
        }
        #expect(resources > 700)
        #expect(failures.isEmpty, "\(failures.prefix(10).joined(separator: "\n"))")
        // Coverage figures for the search issue's report.
        #expect(values > 7_000)
        #expect(paramsWithValues.count > 1_200)
        print("index extraction: \(resources) examples, \(values) values, \(paramsWithValues.count) (type, parameter) pairs with values")
    }
}
