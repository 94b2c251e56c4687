import Evidence
import EvidentTesting
import FHIRCore
import Foundation
import Hummingbird
import HummingbirdTesting
import Operations
import Testing

/// A transcript DocumentReference for Patient/p1.
let transcriptText = "Doctor: What brings you in today?\nPatient: I have had a headache for 3 days.\nDoctor: Any fever?\nPatient: No fever at all."

func transcriptJSON(_ text: String = transcriptText) -> String {
    JSON.object([
        "resourceType": "DocumentReference", "id": "t1", "status": "current", "subject": ["reference": "Patient/p1"],
        "content": [["attachment": ["contentType": "text/plain", "data": .string(Data(text.utf8).base64EncodedString())]]],
    ]).jsonString
}

extension TestClientProtocol {
    /// Creates Patient/p1 and the transcript DocumentReference/t1.
    func seedTranscript() async throws {
        #expect(try await send(.put, "/Patient/p1", json: #"{"resourceType":"Patient","id":"p1","gender":"female"}"#).status == .created)
        #expect(try await send(.put, "/DocumentReference/t1", json: transcriptJSON()).status == .created)
    }

    /// POSTs a Parameters body to `path`.
    func invoke(_ path: String, _ parameters: [JSON] = []) async throws -> TestResponse {
        try await send(.post, path, json: JSON.object(["resourceType": "Parameters", "parameter": .array(parameters)]).jsonString)
    }
}

extension TestResponse {
    /// `Parameters.parameter` entries named `name`.
    func parameters(_ name: String) -> [JSON] { (json["parameter"]?.arrayValue ?? []).filter { $0["name"]?.stringValue == name } }
}

/// The value of part `name` of a Parameters tuple.
func part(_ tuple: JSON, _ name: String) -> JSON? {
    (tuple["part"]?.arrayValue ?? []).first { $0["name"]?.stringValue == name }?.objectValue?.members.first { $0.key.hasPrefix("value") }?.value
}

@Suite("Operation framework over HTTP")
struct OperationFrameworkTests {
    @Test func definitionsAreServedAndListedInTheCapabilityStatement() async throws {
        try await withServer(seed: true) { c, _ in
            for id in ["Resource-validate", "Patient-everything", "Resource-trace", "Resource-verify-provenance", "reindex",
                       "Patient-patient-insights", "Encounter-ambient-note", "Encounter-code-encounter", "Encounter-after-visit-summary"] {
                let r = try await c.send(.get, "/OperationDefinition/\(id)")
                #expect(r.status == .ok, "\(id)")
                #expect(r.json["resourceType"] == "OperationDefinition")
            }
            let search = try await c.send(.get, "/OperationDefinition?code=trace")
            #expect(search.json["entry"]?.arrayValue?.count == 1)
            #expect(try await c.send(.get, "/StructureDefinition/evident-provenance").status == .ok)
            #expect(try await c.send(.get, "/Device/evident-engine").json["type"]?["coding"]?[0]?["code"] == "Artificial-Intelligence")

            let metadata = try await c.send(.get, "/metadata").json
            let rest = metadata["rest"]![0]!
            #expect(rest["operation"]?.arrayValue?.compactMap { $0["name"]?.stringValue } == ["reindex"])
            let patient = rest["resource"]!.arrayValue!.first { $0["type"] == "Patient" }!
            let names = Set(patient["operation"]!.arrayValue!.compactMap { $0["name"]?.stringValue })
            #expect(names == ["validate", "everything", "trace", "verify-provenance", "reindex", "patient-insights"])
            let encounter = rest["resource"]!.arrayValue!.first { $0["type"] == "Encounter" }!
            let encounterOperations = Set(encounter["operation"]!.arrayValue!.compactMap { $0["name"]?.stringValue })
            #expect(encounterOperations.isSuperset(of: ["ambient-note", "code-encounter", "after-visit-summary"]))
        }
    }

    @Test func seedingTwiceWritesNothingNew() async throws {
        try await withTestRepository { repo, db async throws in
            let services = TestOperations.services()
            #expect(try await services.seed(into: repo) == 18)
            #expect(try await services.seed(into: repo) == 0)
            #expect(try await db.count("resource_history", where: "res_type = 'OperationDefinition'") == 9)
        }
    }

    @Test func invocationAtEveryLevelByGetAndPost() async throws {
        try await withServer { c, _ in
            #expect(try await c.send(.put, "/Patient/p1", json: #"{"resourceType":"Patient","id":"p1"}"#).status == .created)
            // system level, POST (affects state)
            let reindex = try await c.invoke("/$reindex")
            #expect(reindex.status == .ok)
            #expect(reindex.parameters("reindexed").first?["valueInteger"] == 1)
            // type level, POST with a bare resource and with Parameters
            let bare = try await c.send(.post, "/Patient/$validate", json: #"{"resourceType":"Patient","gender":"female"}"#)
            #expect(bare.status == .ok && bare.json["issue"]?[0]?["severity"] == "information")
            let wrapped = try await c.invoke("/Patient/$validate", [["name": "resource", "resource": ["resourceType": "Patient", "gender": "x"]]])
            #expect(wrapped.json["issue"]?[0]?["expression"]?[0] == "Patient.gender")
            // type level POST $reindex
            #expect(try await c.invoke("/Patient/$reindex").parameters("reindexed").first?["valueInteger"] == 1)
            // instance level, GET (affectsState false) and POST
            #expect(try await c.send(.get, "/Patient/p1/$validate").json["issue"]?[0]?["severity"] == "information")
            #expect(try await c.send(.get, "/Patient/p1/$validate?mode=delete").json["issue"]?[0]?["diagnostics"] == "Patient/p1 exists and may be deleted")
            #expect(try await c.invoke("/Patient/p1/$everything").json["type"] == "searchset")
            #expect(try await c.send(.get, "/Patient/p1/$verify-provenance").parameters("intact").first?["valueBoolean"] == true)
        }
    }

    struct Bad: Sendable, CustomTestStringConvertible {
        var method: HTTPRequest.Method
        var uri: String
        var body: String?
        var status: Int
        var says: String
        var testDescription: String { "\(method) \(uri) → \(status)" }
    }

    static let bad: [Bad] = [
        Bad(method: .get, uri: "/$nope", status: 404, says: "Unknown operation $nope"),
        Bad(method: .get, uri: "/Patient/p1/$nope", status: 404, says: "Unknown operation $nope"),
        Bad(method: .post, uri: "/$trace", body: #"{"resourceType":"Parameters"}"#, status: 400, says: "cannot be invoked at system level"),
        Bad(method: .get, uri: "/Observation/$everything", status: 400, says: "[base]/Patient/[id]/$everything"),
        Bad(method: .get, uri: "/$reindex", status: 405, says: "invoke it with POST"),
        Bad(method: .get, uri: "/Patient/p1/$trace?bogus=1", status: 400, says: "Unknown parameter 'bogus'"),
        Bad(method: .get, uri: "/Patient/p1/$trace?depth=abc", status: 400, says: "Parameter 'depth' of $trace"),
        Bad(method: .get, uri: "/Patient/p1/$trace?depth=0", status: 400, says: "depth must be at least 1"),
        Bad(method: .post, uri: "/Patient/p1/$trace", body: #"{"resourceType":"Parameters","parameter":[{"name":"depth","valueString":"2"}]}"#,
            status: 400, says: "must be valueInteger"),
        Bad(method: .post, uri: "/Patient/p1/$trace", body: #"{"resourceType":"Parameters","parameter":[{"name":"element","valueString":"a"},{"name":"element","valueString":"b"}]}"#,
            status: 400, says: "at most 1 time"),
        Bad(method: .post, uri: "/Patient/p1/$trace", body: #"{"resourceType":"Patient"}"#, status: 400, says: "takes a Parameters resource"),
        Bad(method: .post, uri: "/Patient/p1/$trace", body: #"{"resourceType":"Parameters""#, status: 400, says: "not valid JSON"),
        Bad(method: .post, uri: "/Patient/$validate", body: #"{"resourceType":"Parameters","parameter":[{"name":"resource","valueString":"x"}]}"#,
            status: 400, says: "must carry a Resource"),
        Bad(method: .post, uri: "/Patient/$validate", body: #"{"resourceType":"Parameters"}"#, status: 400, says: "needs the resource"),
        Bad(method: .get, uri: "/Patient/p1/$validate?mode=purge", status: 400, says: "mode 'purge'"),
        Bad(method: .get, uri: "/Patient/p1/$everything?_since=yesterday", status: 400, says: "Parameter '_since'"),
        Bad(method: .get, uri: "/Patient/p1/$everything?_type=Nope", status: 400, says: "'Nope' is not a resource type"),
        Bad(method: .get, uri: "/Patient/missing/$everything", status: 404, says: "Patient/missing"),
        Bad(method: .get, uri: "/Patient/missing/$trace", status: 404, says: "Patient/missing"),
        Bad(method: .post, uri: "/Encounter/e1/$after-visit-summary", body: #"{"resourceType":"Parameters"}"#, status: 404, says: "Encounter/e1"),
        Bad(method: .post, uri: "/Patient/p1", body: #"{"resourceType":"Patient"}"#, status: 405, says: "POST is not defined on an instance"),
    ]

    @Test(arguments: bad)
    func badInvocationsAreExplained(_ b: Bad) async throws {
        try await withServer { c, _ in
            #expect(try await c.send(.put, "/Patient/p1", json: #"{"resourceType":"Patient","id":"p1"}"#).status == .created)
            let r = try await c.send(b.method, b.uri, json: b.body)
            #expect(Int(r.status.code) == b.status, "\(String(buffer: r.body))")
            #expect(r.json["resourceType"] == "OperationOutcome")
            #expect(r.diagnostics.contains(b.says), "diagnostics: \(r.diagnostics)")
        }
    }
}

@Suite("Generated artifacts: atomic writes, Provenance, $trace, $verify-provenance")
struct GeneratedArtifactTests {
    @Test func generationWritesResourceAndOneProvenancePerStatementAtomically() async throws {
        try await withServer(services: TestGenerating.services()) { c, db in
            try await c.seedTranscript()
            let preview = try await c.invoke("/DocumentReference/t1/$test-summarize", [["name": "persist", "valueBoolean": false]])
            #expect(preview.status == .ok)
            #expect(preview.parameters("provenance").count == 2)
            #expect(try await db.count("resource", where: "res_type IN ('Composition', 'Provenance')") == 0)

            let r = try await c.invoke("/DocumentReference/t1/$test-summarize", [["name": "inject", "valueBoolean": true]])
            #expect(r.status == .ok)
            let composition = try #require(r.parameters("return").first?["resource"])
            let id = try #require(composition["id"]?.stringValue)
            #expect(composition["meta"]?["versionId"] == "1")
            #expect(composition["meta"]?["security"]?[0]?["code"] == "AIAST")
            #expect(composition["meta"]?["profile"]?[0]?.stringValue == Vocabulary.compositionProfile)
            let div = try #require(composition["section"]?[0]?["text"]?["div"]?.stringValue)
            #expect(div.contains(#"<span id="s1">Patient said: I have had a headache for 3 days.</span>"#))
            #expect(!div.contains("s99"))
            // The injected statement (a number the quote does not have) was dropped and reported.
            let outcome = try #require(r.parameters("outcome").first?["resource"])
            #expect(outcome["issue"]?[0]?["severity"] == "warning")
            #expect(outcome["issue"]?[0]?["diagnostics"]?.stringValue?.contains("s99") == true)
            #expect(try await db.count("resource", where: "res_type = 'Composition'") == 1)
            #expect(try await db.count("resource", where: "res_type = 'Provenance'") == 2)

            // Auditors find them with standard search.
            let byTarget = try await c.send(.get, "/Provenance?target=Composition/\(id)")
            #expect(byTarget.json["entry"]?.arrayValue?.count == 2)
            let byEntity = try await c.send(.get, "/Provenance?entity=DocumentReference/t1")
            #expect(byEntity.json["entry"]?.arrayValue?.count == 2)
            let revinclude = try await c.send(.get, "/Composition?_id=\(id)&_revinclude=Provenance:target")
            #expect(revinclude.json["entry"]?.arrayValue?.filter { $0["search"]?["mode"] == "include" }.count == 2)
            let provenance = byTarget.json["entry"]![0]!["resource"]!
            #expect(provenance["target"]?[0]?["reference"]?.stringValue == "Composition/\(id)/_history/1")
            #expect(provenance["entity"]?[0]?["what"]?["reference"] == "DocumentReference/t1/_history/1")
            #expect(provenance["agent"]?[0]?["who"]?["reference"] == "Device/evident-engine")
        }
    }

    @Test func aFailureWhileWritingProvenanceLeavesNothingBehind() async throws {
        try await withServer(services: TestGenerating.services(), wrap: { FailingLastEntryRepository(base: $0) }) { c, db in
            try await c.seedTranscript()
            let r = try await c.invoke("/DocumentReference/t1/$test-summarize")
            #expect(r.status == .unprocessableContent, "\(String(buffer: r.body))")
            #expect(r.diagnostics.contains("Provenance"))
            #expect(try await db.count("resource", where: "res_type IN ('Composition', 'Provenance')") == 0)
            #expect(try await db.count("resource_history", where: "res_type IN ('Composition', 'Provenance')") == 0)
            #expect(try await db.count("search_reference", where: "res_type IN ('Composition', 'Provenance')") == 0)
        }
    }

    @Test func traceWalksCodeToSentenceToTranscriptAndVerifyDetectsTampering() async throws {
        try await withServer(services: TestGenerating.services(), seed: true) { c, db in
            try await c.seedTranscript()
            let note = try await c.invoke("/DocumentReference/t1/$test-summarize")
            let compositionID = try #require(note.parameters("return").first?["resource"]?["id"]?.stringValue)
            let coded = try await c.invoke("/Composition/\(compositionID)/$test-code")
            #expect(coded.status == .ok, "\(String(buffer: coded.body))")
            let claim = try #require(coded.parameters("return").first?["resource"])
            let claimID = try #require(claim["id"]?.stringValue)
            #expect(claim["diagnosis"]?[0]?["id"] == "dx-1")
            #expect(coded.parameters("provenance").count == 2)

            // $trace from the Claim's diagnosis: dx-1 → Composition sentence s1 → transcript span.
            let trace = try await c.send(.get, "/Claim/\(claimID)/$trace?element=dx-1")
            #expect(trace.status == .ok)
            #expect(trace.json["type"] == "collection")
            let links = try #require(trace.json["entry"]?[0]?["resource"]?["parameter"]?.arrayValue)
            #expect(links.count == 2)
            #expect(part(links[0], "depth") == 1)
            #expect(part(links[0], "element") == "dx-1")
            #expect(part(links[0], "source")?["reference"]?.stringValue == "Composition/\(compositionID)/_history/1")
            #expect(part(links[0], "sourceElement") == "s1")
            #expect(part(links[0], "quote") == "headache")
            #expect(part(links[0], "sourceText") == "headache")
            #expect(part(links[0], "status") == "verified")
            #expect(part(links[1], "depth") == 2)
            #expect(part(links[1], "element") == "s1")
            #expect(part(links[1], "source")?["reference"] == "DocumentReference/t1/_history/1")
            #expect(part(links[1], "path") == "DocumentReference.content[0].attachment")
            #expect(part(links[1], "offset") == 43)
            #expect(part(links[1], "quote") == "I have had a headache for 3 days.")
            #expect(part(links[1], "status") == "verified")
            let types = trace.json["entry"]!.arrayValue!.dropFirst().compactMap { $0["resource"]?["resourceType"]?.stringValue }
            #expect(types.sorted() == ["Composition", "DocumentReference", "Provenance", "Provenance"])

            // Everything intact.
            let intact = try await c.send(.get, "/Composition/\(compositionID)/$verify-provenance")
            #expect(intact.parameters("intact").first?["valueBoolean"] == true)
            #expect(intact.parameters("statement").map { part($0, "status") } == ["intact", "intact"])
            #expect(try await c.send(.get, "/Claim/\(claimID)/$verify-provenance").parameters("intact").first?["valueBoolean"] == true)

            try await ArtifactDump.write(["composition": note.parameters("return")[0]["resource"]!, "claim": claim,
                                          "trace": trace.json, "verify": intact.json]
                + Dictionary(uniqueKeysWithValues: (note.parameters("provenance") + coded.parameters("provenance")).enumerated().map { ("provenance-\($0)", $1["resource"]!) })
                + ["device": try await c.send(.get, "/Device/evident-engine").json, "everything": try await c.send(.get, "/Patient/p1/$everything").json,
                   "transcript": try await c.send(.get, "/DocumentReference/t1").json,
                   "signing-key": ["keyID": .string(TestOperations.signer.publicKey.keyID),
                                   "publicKey": .string(TestOperations.signer.publicKey.raw.base64EncodedString())]])

            // Edit a generated sentence: that statement's target changed; the other is intact.
            var edited = try await c.send(.get, "/Composition/\(compositionID)").json
            edited["section"] = [["title": "History of present illness", "text": ["status": "generated", "div": .string(
                #"<div xmlns="http://www.w3.org/1999/xhtml"><span id="s1">Patient said: I have had a headache for 5 days.</span> <span id="s2">Patient said: No fever at all.</span></div>"#)]]]
            #expect(try await c.send(.put, "/Composition/\(compositionID)", json: edited.jsonString).status == .ok)
            let afterEdit = try await c.send(.get, "/Composition/\(compositionID)/$verify-provenance")
            #expect(afterEdit.parameters("intact").first?["valueBoolean"] == false)
            let statuses = Dictionary(uniqueKeysWithValues: afterEdit.parameters("statement").map { (part($0, "element")!.stringValue!, part($0, "status")!.stringValue!) })
            #expect(statuses == ["s1": "target-changed", "s2": "intact"])

            // Edit the source transcript: every statement quoting the changed text reports source-changed.
            #expect(try await c.send(.put, "/DocumentReference/t1", json: transcriptJSON("Patient: Actually it is fine.")).status == .ok)
            let afterSource = try await c.send(.get, "/Composition/\(compositionID)/$verify-provenance")
            let s2 = afterSource.parameters("statement").first { part($0, "element") == "s2" }!
            #expect(part(s2, "status") == "source-changed")
            // $trace still verifies the quote against the recorded version.
            let retrace = try await c.send(.get, "/Composition/\(compositionID)/$trace?element=s2")
            #expect(part(retrace.json["entry"]![0]!["resource"]!["parameter"]![0]!, "status") == "verified")

            // Forge a Provenance (change its quote): the signature no longer matches.
            let claimProvenance = try await c.send(.get, "/Provenance?target=Claim/\(claimID)").json["entry"]![0]!["resource"]!
            var forged = claimProvenance
            var entity = forged["entity"]![0]!
            entity["extension"] = .array(entity["extension"]!.arrayValue!.map { e in
                var e = e
                if e["url"]?.stringValue == Vocabulary.quotation { e["valueString"] = "migraine" }
                return e
            })
            forged["entity"] = [entity]
            #expect(try await c.send(.put, "/Provenance/\(forged["id"]!.stringValue!)", json: forged.jsonString).status == .ok)
            let afterForgery = try await c.send(.get, "/Claim/\(claimID)/$verify-provenance")
            let forgedStatus = afterForgery.parameters("statement").first { part($0, "provenance")?["reference"]?.stringValue == "Provenance/\(forged["id"]!.stringValue!)" }!
            #expect(part(forgedStatus, "status") == "signature-invalid")
            _ = db
        }
    }
}

@Suite("$everything and $validate")
struct StandardOperationTests {
    @Test func everythingReturnsTheCompartmentWithFiltersAndPaging() async throws {
        try await withServer { c, _ in
            #expect(try await c.send(.put, "/Patient/p1", json: #"{"resourceType":"Patient","id":"p1"}"#).status == .created)
            #expect(try await c.send(.put, "/Patient/p2", json: #"{"resourceType":"Patient","id":"p2"}"#).status == .created)
            for i in 0..<5 {
                let obs = #"{"resourceType":"Observation","status":"final","code":{"text":"o\#(i)"},"subject":{"reference":"Patient/p1"}}"#
                #expect(try await c.send(.post, "/Observation", json: obs).status == .created)
            }
            #expect(try await c.send(.post, "/Condition", json: #"{"resourceType":"Condition","subject":{"reference":"Patient/p1"}}"#).status == .created)
            #expect(try await c.send(.post, "/Observation", json: #"{"resourceType":"Observation","status":"final","code":{"text":"x"},"subject":{"reference":"Patient/p2"}}"#).status == .created)

            let all = try await c.send(.get, "/Patient/p1/$everything").json
            let types = all["entry"]!.arrayValue!.compactMap { $0["resource"]?["resourceType"]?.stringValue }
            #expect(types.sorted() == ["Condition", "Observation", "Observation", "Observation", "Observation", "Observation", "Patient"])
            let onlyObs = try await c.send(.get, "/Patient/p1/$everything?_type=Observation").json
            #expect(onlyObs["entry"]?.arrayValue?.count == 5)
            let future = try await c.send(.get, "/Patient/p1/$everything?_since=2100-01-01T00:00:00Z").json
            #expect(future["entry"] == nil)

            var seen: [String] = []
            var url: String? = "/Patient/p1/$everything?_count=3"
            while let u = url {
                let page = try await c.send(.get, u).json
                seen += page["entry"]?.arrayValue?.compactMap { $0["resource"]?["id"]?.stringValue } ?? []
                url = page["link"]?.arrayValue?.first { $0["relation"] == "next" }?["url"]?.stringValue?.replacingOccurrences(of: "http://fhir.test", with: "")
                if let u = url { #expect(u.contains("$everything?_count=3&_cursor=")) }
            }
            #expect(seen.count == 7 && Set(seen).count == 7)
        }
    }

    @Test(.enabled(if: SharedData.isAvailable, "needs ../shared/data"))
    func validateAcceptsOfficialExamplesAndLocatesBrokenCopies() async throws {
        let folder = SharedData.root + "/fhir-r4/examples"
        // Every official example of the types Evident's operations read and write.
        let types = ["Patient", "Observation", "Condition", "Encounter", "Composition", "Provenance", "Claim", "DocumentReference", "MedicationRequest", "Device"]
        let files = try FileManager.default.contentsOfDirectory(atPath: folder).filter { f in types.contains { f.hasPrefix($0 + "-") } }.sorted()
        #expect(files.count > 80)
        try await withServer { c, _ in
            for f in files {
                let json = try JSON(parsing: Array(try Data(contentsOf: URL(fileURLWithPath: folder + "/" + f))))
                let type = json["resourceType"]!.stringValue!
                let r = try await c.send(.post, "/\(type)/$validate", json: json.jsonString)
                #expect(r.status == .ok)
                #expect(r.json["issue"]?[0]?["severity"] == "information", "\(f): \(String(buffer: r.body).prefix(400))")
            }
            let patient = try JSON(parsing: Array(try Data(contentsOf: URL(fileURLWithPath: folder + "/Patient-example.json"))))
            var broken = patient
            broken["gender"] = "mail"
            broken["birthDate"] = "1974-13-25"
            broken["favouriteColour"] = "blue"
            var name = broken["name"]![0]!
            name["given"] = "Peter"
            broken["name"] = [name]
            let r = try await c.send(.post, "/Patient/$validate", json: broken.jsonString)
            #expect(r.status == .ok)
            let located = Dictionary(uniqueKeysWithValues: r.json["issue"]!.arrayValue!.map { ($0["expression"]![0]!.stringValue!, $0["diagnostics"]!.stringValue!) })
            #expect(located["Patient.gender"]?.contains("not in the required ValueSet http://hl7.org/fhir/ValueSet/administrative-gender") == true)
            #expect(located["Patient.birthDate"] != nil)
            #expect(located["Patient.favouriteColour"]?.contains("unknown element") == true)
            #expect(located["Patient.name[0].given"]?.contains("array") == true)
            // The same resource is rejected on create in strict mode, with 422.
            #expect(try await c.send(.post, "/Patient", json: broken.jsonString).status == .unprocessableContent)
        }
    }
}

/// Writes generated resources where the interop suite validates them with the external validator
/// fhirkit-rs (`Tests/interop/test_generated_artifacts.py`): `.build/evident-artifacts/`.
enum ArtifactDump {
    static var folder: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent(".build/evident-artifacts")
    }

    static func write(_ resources: [String: JSON]) async throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for (name, json) in resources {
            try Data(json.serializedPretty()).write(to: folder.appendingPathComponent(name + ".json"))
        }
    }
}

extension Dictionary where Key == String, Value == JSON {
    static func + (a: Self, b: Self) -> Self { a.merging(b) { x, _ in x } }
}
