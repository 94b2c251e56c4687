import EvidentTesting
import FHIRCore
import FHIRSearch
import Testing

@Suite("Search value parsing, text folding and subsetting")
struct SearchValueTests {
    @Test func prefixes() throws {
        #expect(try SearchPrefix.split("ge2020").0 == .ge)
        #expect(try SearchPrefix.split("ge2020").1 == "2020")
        #expect(try SearchPrefix.split("2020").0 == .eq)
        #expect(try SearchPrefix.split("-5").0 == .eq)
        #expect(throws: FHIRError.self) { try SearchPrefix.split("xx5") }
    }

    @Test func numbersCarryTheirPrecision() throws {
        #expect(try SearchValue.number("5.4").half == "5e-2")
        #expect(try SearchValue.number("100").half == "5e-1")
        #expect(try SearchValue.number("1e2").half == "5e1")
        #expect(try SearchValue.number("-0.010").half == "5e-4")
        #expect(try SearchValue.number("+3").text == "3")
        for bad in ["", "x", "1.2.3", "1e", "--1", ".", "1e99999", "0x10", "5 "] {
            #expect(throws: FHIRError.self, "\(bad)") { try SearchValue.number(bad) }
        }
    }

    @Test func tokensQuantitiesAndEscapes() throws {
        #expect(try SearchValue.token("http://loinc.org|8480-6") == .init(system: "http://loinc.org", code: "8480-6"))
        #expect(try SearchValue.token("|x") == .init(system: "", code: "x"))
        #expect(try SearchValue.token("s|") == .init(system: "s", code: nil))
        #expect(try SearchValue.token("a\\|b") == .init(system: nil, code: "a|b"))
        #expect(throws: FHIRError.self) { try SearchValue.token("|") }
        #expect(throws: FHIRError.self) { try SearchValue.token("a|b|c") }
        let q = try SearchValue.quantity("le5.4|http://unitsofmeasure.org|mg")
        #expect(q.prefix == .le && q.number.text == "5.4" && q.system == "http://unitsofmeasure.org" && q.code == "mg")
        #expect(try SearchValue.quantity("5||mg").system == nil)
        #expect(throws: FHIRError.self) { try SearchValue.quantity("5|mg") }
        #expect(SearchValue.split("a\\,b,c", on: ",") == ["a,b", "c"])
        #expect(SearchValue.splitKeepingEscapes("a\\$b$c", on: "$") == ["a\\$b", "c"])
        #expect(SearchValue.unescape("a\\,b") == "a,b")
    }

    @Test func references() throws {
        #expect(try SearchValue.reference("Patient/1") == .local(type: "Patient", id: "1"))
        #expect(try SearchValue.reference("1") == .local(type: nil, id: "1"))
        #expect(try SearchValue.reference("Patient/1/_history/2") == .local(type: "Patient", id: "1"))
        #expect(try SearchValue.reference("http://x/fhir/Patient/1") == .url("http://x/fhir/Patient/1", local: ("Patient", "1")))
        #expect(try SearchValue.reference("http://x/ValueSet/a|1.0") == .url("http://x/ValueSet/a|1.0", local: nil))
        for bad in ["Nope/1", "Patient/", "a b", "Patient/1/x"] {
            #expect(throws: FHIRError.self, "\(bad)") { try SearchValue.reference(bad) }
        }
    }

    @Test func textFoldsCaseAndAccents() {
        #expect(SearchText.normalize("Müller") == "muller")
        #expect(SearchText.normalize("ÅNGSTRÖM") == "angstrom")
        #expect(SearchText.normalize("O'Brien") == "o'brien")
        #expect(SearchText.normalize("Zoë") == SearchText.normalize("ZOE"))
    }

    @Test func summaryAndElements() throws {
        let subsetter = try ResourceSubsetter.r4()
        let patient = try JSON(parsing: Array(#"{"resourceType":"Patient","id":"p","text":{"status":"generated","div":"<div/>"},"name":[{"family":"X"}],"deceasedBoolean":false,"contact":[{"name":{"family":"Y"}}],"photo":[{"url":"u"}]}"#.utf8))
        let summary = subsetter.subset(patient, summary: .true, elements: nil)
        #expect(summary.objectValue?.keys == ["resourceType", "id", "name", "deceasedBoolean", "meta"])
        #expect(summary["meta"]?["tag"]?[0]?["code"] == "SUBSETTED")
        let data = subsetter.subset(patient, summary: .data, elements: nil)
        #expect(data["text"] == nil && data["contact"] != nil)
        let text = subsetter.subset(patient, summary: .text, elements: nil)
        #expect(text.objectValue?.keys == ["resourceType", "id", "text", "meta"])
        let elements = subsetter.subset(patient, summary: nil, elements: ["photo"])
        #expect(elements.objectValue?.keys == ["resourceType", "id", "photo", "meta"])
        #expect(subsetter.subset(patient, summary: .false, elements: nil) == patient)
        // Observation.status and code are mandatory: _elements keeps them.
        let obs = try JSON(parsing: Array(#"{"resourceType":"Observation","status":"final","code":{"text":"x"},"issued":"2020-01-01T00:00:00Z","note":[{"text":"n"}]}"#.utf8))
        #expect(subsetter.subset(obs, summary: nil, elements: ["note"]).objectValue?.keys == ["resourceType", "status", "code", "note", "meta"])
    }

    @Test func compositeAndDerivedEntries() throws {
        let extractor = IndexValueExtractor(registry: TestSearch.registry)
        let obs = try JSON(parsing: Array(#"{"resourceType":"Observation","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"85354-9"}]},"subject":{"identifier":{"system":"urn:mrn","value":"7"}},"component":[{"code":{"coding":[{"system":"http://loinc.org","code":"8480-6"}]},"valueQuantity":{"value":120,"code":"mm[Hg]"}},{"code":{"coding":[{"system":"http://loinc.org","code":"8462-4"}]},"valueQuantity":{"value":80,"code":"mm[Hg]"}}]}"#.utf8))
        let entries = extractor.extract(obs).entries
        let composite = entries.filter { $0.param.hasPrefix("component-code-value-quantity$") }
        #expect(Set(composite.map(\.group)) == [1, 2])
        #expect(composite.contains { $0.param == "component-code-value-quantity$1" && $0.group == 2 && $0.value == .quantity(value: "80", system: "", code: "mm[Hg]") })
        #expect(entries.contains { $0.param == "subject:identifier" && $0.value == .token(system: "urn:mrn", code: "7", text: nil) })
    }
}
