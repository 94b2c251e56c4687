import FHIRCore
import Testing

@Suite("Resource envelope, references, JSON Patch, Bundle writer")
struct ResourceTests {
    @Test func envelopeValidation() throws {
        #expect(throws: FHIRError.self) { try Resource(json: "x") }
        #expect(throws: FHIRError.self) { try Resource(json: ["id": "1"]) }
        #expect(throws: FHIRError.self) { try Resource(json: ["resourceType": "Nope"]) }
        #expect(throws: FHIRError.self) { try Resource(json: ["resourceType": "Patient", "id": "bad id"]) }
        let r = try Resource(json: ["resourceType": "Patient", "id": "a.b-1"])
        #expect(r.type.name == "Patient" && r.id == "a.b-1")
        #expect(ResourceType.all.count == 146)
        #expect(FHIRID.isValid(String(repeating: "a", count: 64)) && !FHIRID.isValid(String(repeating: "a", count: 65)))
        #expect(FHIRID.isValid(FHIRID.generate()))
    }

    @Test func stampPutsEnvelopeFirstAndKeepsMeta() throws {
        var r = try Resource(json: ["active": true, "meta": ["profile": ["http://p"]], "resourceType": "Patient"])
        r.stamp(id: "x", versionId: 3, lastUpdated: "2024-01-01T00:00:00.000Z")
        #expect(r.value.jsonString == #"{"resourceType":"Patient","id":"x","meta":{"profile":["http://p"],"versionId":"3","lastUpdated":"2024-01-01T00:00:00.000Z"},"active":true}"#)
    }

    @Test func parsesReferences() {
        #expect(ReferenceTarget("Patient/1") == .local(type: "Patient", id: "1", version: nil))
        #expect(ReferenceTarget("Patient/1/_history/2") == .local(type: "Patient", id: "1", version: "2"))
        #expect(ReferenceTarget("urn:uuid:abc") == .urn("urn:uuid:abc"))
        #expect(ReferenceTarget("Patient?identifier=a|b") == .conditional(type: "Patient", query: "identifier=a|b"))
        #expect(ReferenceTarget("#c1") == .contained("c1"))
        #expect(ReferenceTarget("http://other/fhir/Patient/1") == .external("http://other/fhir/Patient/1"))
        #expect(ReferenceTarget("http://me/Patient/1", baseURL: "http://me/") == .local(type: "Patient", id: "1", version: nil))
        #expect(ReferenceTarget("Nope/1") == nil)
    }

    @Test func collectsAndRewritesReferences() throws {
        var v: JSON = ["resourceType": "Claim", "patient": ["reference": "urn:uuid:p"],
                       "item": [["encounter": [["reference": "urn:uuid:e"]]]], "contained": [["resourceType": "Patient", "link": [["other": ["reference": "urn:uuid:p"]]]]]]
        let refs = v.references(root: "Claim")
        #expect(refs.map(\.path) == ["Claim.patient", "Claim.item.encounter"])
        try v.rewriteReferences { (s: String) throws(FHIRError) -> String? in s == "urn:uuid:p" ? "Patient/1" : nil }
        #expect(v["patient"]?["reference"] == "Patient/1")
        #expect(v["contained"]?[0]?["link"]?[0]?["other"]?["reference"] == "Patient/1")
        #expect(v["item"]?[0]?["encounter"]?[0]?["reference"] == "urn:uuid:e")
    }

    @Test func jsonPatchOperations() throws {
        let doc: JSON = ["a": [1, 2], "b": ["c": "d"]]
        let patch = try JSONPatch(json: [
            ["op": "add", "path": "/a/1", "value": 9], ["op": "add", "path": "/a/-", "value": 3],
            ["op": "move", "from": "/b/c", "path": "/e"], ["op": "copy", "from": "/e", "path": "/f"],
            ["op": "remove", "path": "/b"], ["op": "replace", "path": "/a/0", "value": 0], ["op": "test", "path": "/f", "value": "d"],
            ["op": "add", "path": "/g~1h", "value": true],
        ])
        #expect(try patch.apply(to: doc).jsonString == #"{"a":[0,9,2,3],"e":"d","f":"d","g/h":true}"#)
        #expect(throws: FHIRError.self) { try JSONPatch(json: [["op": "add", "path": "x", "value": 1]]) }
        #expect(throws: FHIRError.self) { try JSONPatch(json: [["op": "copy", "path": "/x"]]) }
        #expect(throws: FHIRError.self) { try JSONPatch(json: [["op": "remove", "path": "/zz"]]).apply(to: doc) }
    }

    @Test func bundleWriterSplicesRawBytes() throws {
        let raw = Array(#"{"resourceType":"Patient","id":"1","x":1.50}"#.utf8)
        let w = BundleWriter(type: "searchset", total: 1, links: [("self", "http://s/Patient")],
                             entries: [.init(fullUrl: "http://s/Patient/1", resource: raw, search: ["mode": "match"]), .init()])
        let text = String(decoding: w.serialized(), as: UTF8.self)
        #expect(text == #"{"resourceType":"Bundle","type":"searchset","total":1,"link":[{"relation":"self","url":"http://s/Patient"}],"entry":[{"fullUrl":"http://s/Patient/1","resource":{"resourceType":"Patient","id":"1","x":1.50},"search":{"mode":"match"}},{}]}"#)
        #expect(try JSON(parsing: text)["entry"]?[0]?["resource"]?["x"]?.numberValue?.text == "1.50")
    }

    @Test func etagsAndQueryEncoding() {
        #expect(ETag.version("W/\"12\"") == 12 && ETag.version("\"3\"") == 3 && ETag.version("4") == 4 && ETag.version("W/x") == nil)
        #expect(QueryEncoding.decode("a%7Cb+c") == "a|b c")
        #expect(QueryEncoding.encode("a|b c&d") == "a|b%20c%26d")
    }
}
