import EvidentTesting
import FHIRCore
import FHIRPath
import Foundation
import Testing

@Suite("FHIRPath evaluator")
struct FHIRPathTests {
    static let observation: JSON = try! JSON(parsing: ##"""
        {"resourceType":"Observation","id":"o1","status":"final",
         "code":{"coding":[{"system":"http://loinc.org","code":"4548-4"},{"system":"urn:local","code":"a1c"}]},
         "subject":{"reference":"Patient/p1"},"performer":[{"reference":"Practitioner/d1"},{"reference":"#org"},{"reference":"http://x.org/fhir/Organization/9/_history/2"}],
         "contained":[{"resourceType":"Organization","id":"org","name":"Lab"}],
         "effectiveDateTime":"2024-01-02","valueQuantity":{"value":7.20,"unit":"%"},
         "component":[{"code":{"text":"a"},"valueString":"x"},{"code":{"text":"b"},"valueQuantity":{"value":1}}],
         "extension":[{"url":"http://e/1","valueBoolean":true},{"url":"http://e/2","valueCode":"z"}]}
        """##)

    func eval(_ expression: String, _ resource: JSON = observation) throws -> String {
        JSON.array(try FHIRPathExpression(expression).values(in: resource)).jsonString
    }

    @Test func navigationRootsAndChoiceTypes() throws {
        #expect(try eval("Observation.status") == #"["final"]"#)
        #expect(try eval("Resource.id") == #"["o1"]"#)
        #expect(try eval("DomainResource.id") == #"["o1"]"#)
        #expect(try eval("Patient.id") == "[]")
        #expect(try eval("Observation.code.coding.code") == #"["4548-4","a1c"]"#)
        #expect(try eval("Observation.value") == #"[{"value":7.20,"unit":"%"}]"#)
        #expect(try eval("(Observation.value as Quantity).value") == "[7.20]")
        #expect(try eval("Observation.value as CodeableConcept") == "[]")
        #expect(try eval("Observation.effective.as(dateTime)") == #"["2024-01-02"]"#)
        #expect(try eval("Observation.component.value.ofType(Quantity).value") == "[1]")
        #expect(try eval("Observation.code.coding[1].code") == #"["a1c"]"#)
        #expect(try eval("Observation.code.coding[5]") == "[]")
        #expect(try eval("Observation.code.coding.first().system") == #"["http://loinc.org"]"#)
        #expect(try eval("Observation.code.coding.count()") == "[2]")
    }

    @Test func whereResolveAndExtension() throws {
        #expect(try eval("Observation.subject.where(resolve() is Patient)") == #"[{"reference":"Patient/p1"}]"#)
        #expect(try eval("Observation.subject.where(resolve() is Group)") == "[]")
        #expect(try eval("Observation.performer.where(resolve() is Practitioner)") == #"[{"reference":"Practitioner/d1"}]"#)
        #expect(try eval("Observation.performer.where(resolve() is Organization)") == ##"[{"reference":"#org"},{"reference":"http://x.org/fhir/Organization/9/_history/2"}]"##)
        #expect(try eval("Observation.performer.resolve().name") == #"["Lab"]"#)
        #expect(try eval("Observation.code.coding.where(system='urn:local').code") == #"["a1c"]"#)
        #expect(try eval("Observation.code.coding.where(system!='urn:local').code") == #"["4548-4"]"#)
        #expect(try eval("Observation.extension('http://e/2').value") == #"["z"]"#)
        #expect(try eval("Observation.component.where(value.exists() and code.text = 'b').code.text") == #"["b"]"#)
    }

    @Test func unionAndBooleanLogic() throws {
        #expect(try eval("Observation.status | Observation.id | Observation.status") == #"["final","o1"]"#)
        #expect(try eval("Observation.value.exists() and Observation.status != 'draft'") == "[true]")
        #expect(try eval("Observation.bogus.exists() or Observation.id.exists()") == "[true]")
        #expect(try eval("Observation.bogus.exists().not()") == "[true]")
        #expect(try eval("Observation.bogus = 'x'") == "[]")
        #expect(try eval("Observation.bogus.empty() implies false") == "[false]")
        #expect(try eval("{} | Observation.id") == #"["o1"]"#)
        #expect(try eval("Observation.value.value = 7.2") == "[true]")
        #expect(try eval("true xor false") == "[true]")
    }

    @Test(arguments: ["Observation.", "Observation.where(", "Observation.code[", "'unterminated", "Observation.code.frobnicate()", "a < b", "Observation.#"])
    func rejectsUnsupportedOrMalformed(_ text: String) {
        #expect(throws: FHIRPathError.self) { _ = try FHIRPathExpression(text).evaluate(Self.observation) }
    }

    @Test(.enabled(if: SharedData.isAvailable, "needs ../shared/data"))
    func everySearchParameterExpressionParses() throws {
        let bundle = try JSON(parsing: Array(try Data(contentsOf: URL(fileURLWithPath: SharedData.root + "/fhir-r4/search-parameters.json"))))
        let expressions = (bundle["entry"]?.arrayValue ?? []).compactMap { $0["resource"]?["expression"]?.stringValue }
        #expect(expressions.count == 1_372)
        var failures: [String] = []
        for e in expressions {
            do { _ = try FHIRPathExpression(e) } catch { failures.append("\(e): \(error)") }
        }
        #expect(failures.isEmpty, "\(failures.prefix(10).joined(separator: "\n"))")
    }
}
