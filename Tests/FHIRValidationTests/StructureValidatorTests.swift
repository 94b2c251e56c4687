import EvidentTesting
import FHIRCore
import FHIRValidation
import Foundation
import Testing

@Suite("Structural validation against the R4 StructureDefinitions")
struct StructureValidatorTests {
    static let validator = StructureValidator(model: try! StructureModel.r4())

    func issues(_ text: String) -> [String] {
        Self.validator.issues(in: try! JSON(parsing: text)).map { "\($0.path): \($0.message)" }
    }

    @Test func validResourcesPass() {
        #expect(issues(#"{"resourceType":"Patient","id":"p1","active":true,"birthDate":"1970-02","name":[{"family":"Doe","given":["J"]}],"_birthDate":{"extension":[{"url":"http://x","valueString":"y"}]}}"#) == [])
        #expect(issues(#"{"resourceType":"Observation","status":"final","code":{"text":"x"},"valueQuantity":{"value":1.50,"unit":"mg"},"effectiveDateTime":"2020-01-01T10:00:00Z","component":[{"code":{"text":"c"},"valueString":"s"}]}"#) == [])
        #expect(issues(##"{"resourceType":"Patient","contained":[{"resourceType":"Organization","id":"o"}],"managingOrganization":{"reference":"#o"}}"##) == [])
    }

    @Test func reportsEachKindOfProblemWithItsPath() {
        #expect(issues(#"{"resourceType":"Patient","birthDate":"not-a-date"}"#) == ["Patient.birthDate: 'not-a-date' is not a valid date (YYYY, YYYY-MM or YYYY-MM-DD)"])
        #expect(issues(#"{"resourceType":"Patient","notAnElement":1}"#) == ["Patient.notAnElement: unknown element 'notAnElement'"])
        #expect(issues(#"{"resourceType":"Patient","gender":42}"#) == ["Patient.gender: must be a JSON string (code)"])
        #expect(issues(#"{"resourceType":"Patient","name":{"family":"x"}}"#) == ["Patient.name: must be an array (the element repeats)"])
        #expect(issues(#"{"resourceType":"Patient","active":[true]}"#) == ["Patient.active: must be a single value, not an array (max cardinality 1)"])
        #expect(issues(#"{"resourceType":"Observation","code":{"text":"x"}}"#) == ["Observation.status: required element is missing (min 1)"])
        #expect(issues(#"{"resourceType":"Observation","status":"final","code":{"text":"x"},"valueFoo":1}"#) == ["Observation.valueFoo: unknown element 'valueFoo'"])
        #expect(issues(#"{"resourceType":"Patient","contact":[{"name":{"family":1}}]}"#) == ["Patient.contact[0].name.family: must be a JSON string (string)"])
        #expect(issues(#"{"resourceType":"Patient","meta":{"lastUpdated":"2020-01-01"}}"#).first?.contains("not a valid instant") == true)
        #expect(issues(#"{"resourceType":"Patient","multipleBirthInteger":1.5}"#) == ["Patient.multipleBirthInteger: must be a JSON integer (integer)"])
        #expect(issues(#"{"resourceType":"Patient","name":[]}"#) == ["Patient.name: empty arrays are not allowed"])
        #expect(issues(#"{"resourceType":"Patient","active":null}"#) == ["Patient.active: null is not allowed"])
        #expect(issues(#"{"resourceType":"Bundle","type":"collection","entry":[{"resource":{"resourceType":"Patient","bogus":true}}]}"#) == ["Bundle.entry[0].resource.bogus: unknown element 'bogus'"])
        // contentReference: Questionnaire.item.item reuses Questionnaire.item.
        #expect(issues(#"{"resourceType":"Questionnaire","status":"draft","item":[{"linkId":"1","type":"group","item":[{"linkId":"1.1","type":"string","oops":1}]}]}"#)
                == ["Questionnaire.item[0].item[0].oops: unknown element 'oops'"])
    }

    @Test func requiredCodeBindingsAreEnforced() {
        #expect(issues(#"{"resourceType":"Patient","gender":"mail"}"#)
                == ["Patient.gender: 'mail' is not in the required ValueSet http://hl7.org/fhir/ValueSet/administrative-gender (female | male | other | unknown)"])
        #expect(issues(#"{"resourceType":"Observation","status":"done","code":{"text":"x"}}"#).first?.contains("observation-status") == true)
        #expect(issues(#"{"resourceType":"Bundle","type":"collection","entry":[{"resource":{"resourceType":"Patient","gender":"x"}}]}"#).count == 1)
        // Extensible and preferred bindings, and required ones R4 cannot enumerate (mime types), are not checked.
        #expect(issues(#"{"resourceType":"Patient","maritalStatus":{"coding":[{"system":"urn:x","code":"zz"}]},"photo":[{"contentType":"image/x-made-up"}]}"#) == [])
    }

    @Test func lenientModeStoresInvalidResources() throws {
        let lenient = StructureValidator(model: Self.validator.model, mode: .lenient)
        let bad = try Resource(json: try JSON(parsing: #"{"resourceType":"Patient","gender":"mail"}"#))
        try lenient.validate(bad)
        #expect(throws: FHIRError.self) { try Self.validator.validate(bad) }
        do { try Self.validator.validate(bad) } catch { #expect(error.status == 422) }
    }

    static let examplesFolder = SharedData.root + "/fhir-r4/examples"

    @Test(.enabled(if: SharedData.isAvailable, "needs ../shared/data"))
    func officialExamplesAreValid() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.examplesFolder).filter { $0.hasSuffix(".json") }.sorted()
        #expect(files.count > 700)
        // Known-invalid files in the official set: qs1 nests items without linkId, ig-r4 lacks name/status,
        // package.json is an NPM manifest, not a resource.
        let knownInvalid: Set<String> = ["Questionnaire-qs1.json", "ig-r4.json", "package.json"]
        var rejected: [String: String] = [:]
        for f in files {
            let json = try JSON(parsing: Array(try Data(contentsOf: URL(fileURLWithPath: Self.examplesFolder + "/" + f))))
            let problems = Self.validator.issues(in: json)
            if !problems.isEmpty { rejected[f] = problems.prefix(3).map { "\($0.path): \($0.message)" }.joined(separator: "; ") }
        }
        let unexpected = rejected.filter { !knownInvalid.contains($0.key) }.map { "\($0.key): \($0.value)" }.sorted()
        #expect(unexpected.isEmpty, "\(unexpected.count) valid examples rejected:\n\(unexpected.prefix(40).joined(separator: "\n"))")
        #expect(Set(rejected.keys) == knownInvalid)
    }

    @Test(.enabled(if: SharedData.isAvailable, "needs ../shared/data"))
    func syntheaBundlesAreValid() throws {
        let folder = SharedData.root + "/synthea/r4-bundles"
        let files = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".json") }.sorted()
        var failures: [String] = []
        for f in files {
            let json = try JSON(parsing: Array(try Data(contentsOf: URL(fileURLWithPath: folder + "/" + f))))
            let problems = Self.validator.issues(in: json)
            if !problems.isEmpty { failures.append("\(f): \(problems.prefix(3).map { "\($0.path): \($0.message)" }.joined(separator: "; "))") }
        }
        #expect(failures.isEmpty, "\(failures.count) bundles rejected:\n\(failures.prefix(20).joined(separator: "\n"))")
    }
}
