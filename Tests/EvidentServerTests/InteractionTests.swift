import EvidentTesting
import FHIRCore
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("FHIR REST interactions over HTTP")
struct InteractionTests {
    @Test func createReadUpdateVreadDeleteHistory() async throws {
        try await withServer { c, db in
            let created = try await c.send(.post, "/Patient", json: #"{"resourceType":"Patient","id":"ignored","birthDate":"1970-01-01","extension":[{"url":"u","valueDecimal":1.50}]}"#)
            #expect(created.status == .created)
            let location = try #require(created.headers[.location])
            #expect(location.hasPrefix("http://fhir.test/Patient/") && location.hasSuffix("/_history/1"))
            #expect(created.headers[.eTag] == "W/\"1\"")
            #expect(created.headers[.contentType] == "application/fhir+json; charset=utf-8")
            let id = try #require(created.json["id"]?.stringValue)
            #expect(id != "ignored")
            #expect(String(buffer: created.body).contains(#""valueDecimal":1.50"#))

            let read = try await c.send(.get, "/Patient/\(id)")
            #expect(read.status == .ok)
            #expect(read.body == created.body)
            #expect(read.headers[.lastModified] != nil)
            let notModified = try await c.send(.get, "/Patient/\(id)", headers: [.ifNoneMatch: "W/\"1\""])
            #expect(notModified.status == .notModified)

            let updated = try await c.send(.put, "/Patient/\(id)", json: #"{"resourceType":"Patient","id":"\#(id)","birthDate":"1971-01-01"}"#,
                                           headers: [.ifMatch: "W/\"1\""])
            #expect(updated.status == .ok)
            #expect(updated.json["meta"]?["versionId"] == "2")
            let stale = try await c.send(.put, "/Patient/\(id)", json: #"{"resourceType":"Patient","id":"\#(id)"}"#, headers: [.ifMatch: "W/\"1\""])
            #expect(stale.status == .preconditionFailed)
            #expect(stale.json["resourceType"] == "OperationOutcome")

            let v1 = try await c.send(.get, "/Patient/\(id)/_history/1")
            #expect(v1.json["birthDate"] == "1970-01-01")

            let deleted = try await c.send(.delete, "/Patient/\(id)")
            #expect(deleted.status == .noContent)
            let gone = try await c.send(.get, "/Patient/\(id)")
            #expect(gone.status == .gone)
            #expect(gone.json["issue"]?[0]?["code"] == "deleted")

            let history = try await c.send(.get, "/Patient/\(id)/_history")
            #expect(history.json["type"] == "history")
            #expect(history.json["total"] == 3)
            let methods = history.json["entry"]?.arrayValue?.map { $0["request"]?["method"]?.stringValue ?? "" }
            #expect(methods == ["DELETE", "PUT", "POST"])
            #expect(history.json["entry"]?[0]?["resource"] == nil)

            let typeHistory = try await c.send(.get, "/Patient/_history?_count=2")
            #expect(typeHistory.json["entry"]?.arrayValue?.count == 2)
            let next = try #require(typeHistory.json["link"]?.arrayValue?.first { $0["relation"] == "next" }?["url"]?.stringValue)
            let page2 = try await c.send(.get, String(next.dropFirst("http://fhir.test".count)))
            #expect(page2.json["entry"]?.arrayValue?.count == 1)
            let system = try await c.send(.get, "/_history?_since=2000-01-01T00:00:00Z")
            #expect(system.json["total"] == 3)
            #expect(try await db.count("resource_history") == 3)
        }
    }

    @Test func updateAsCreateAndPrefer() async throws {
        try await withServer { c, _ in
            let created = try await c.send(.put, "/Patient/client-id", json: #"{"resourceType":"Patient","id":"client-id"}"#,
                                           headers: [.init("Prefer")!: "return=minimal"])
            #expect(created.status == .created)
            #expect(created.body.readableBytes == 0)
            #expect(created.headers[.location] == "http://fhir.test/Patient/client-id/_history/1")
            let outcome = try await c.send(.put, "/Patient/client-id", json: #"{"resourceType":"Patient","id":"client-id"}"#,
                                           headers: [.init("Prefer")!: "return=OperationOutcome"])
            #expect(outcome.status == .ok)
            #expect(outcome.json["resourceType"] == "OperationOutcome")
        }
    }

    @Test func conditionalInteractionsAndPatch() async throws {
        try await withServer { c, db in
            let body = #"{"resourceType":"Patient","identifier":[{"system":"urn:mrn","value":"42"}]}"#
            let a = try await c.send(.post, "/Patient", json: body, headers: [.init("If-None-Exist")!: "identifier=urn:mrn|42"])
            #expect(a.status == .created)
            let b = try await c.send(.post, "/Patient", json: body, headers: [.init("If-None-Exist")!: "identifier=urn:mrn|42"])
            #expect(b.status == .ok)
            #expect(a.json["id"] == b.json["id"])
            let id = try #require(a.json["id"]?.stringValue)

            let cu = try await c.send(.put, "/Patient?identifier=urn:mrn%7C42", json: #"{"resourceType":"Patient","active":true,"identifier":[{"system":"urn:mrn","value":"42"}]}"#)
            #expect(cu.status == .ok)
            #expect(cu.json["id"]?.stringValue == id)

            let patch = try await c.send(.patch, "/Patient/\(id)", json: #"[{"op":"add","path":"/gender","value":"female"}]"#,
                                         headers: [.contentType: "application/json-patch+json"])
            #expect(patch.status == .ok)
            #expect(patch.json["gender"] == "female")
            #expect(patch.json["meta"]?["versionId"] == "3")
            let invalidPatch = try await c.send(.patch, "/Patient/\(id)", json: #"[{"op":"replace","path":"/gender","value":42}]"#,
                                                headers: [.contentType: "application/json-patch+json"])
            #expect(invalidPatch.status == .unprocessableContent)
            #expect(invalidPatch.json["issue"]?[0]?["expression"]?[0] == "Patient.gender")
            #expect(try await c.send(.get, "/Patient/\(id)").json["meta"]?["versionId"] == "3")

            let search = try await c.send(.get, "/Patient?identifier=urn:mrn|42")
            #expect(search.json["type"] == "searchset")
            #expect(search.json["total"] == 1)
            #expect(search.json["entry"]?[0]?["fullUrl"]?.stringValue == "http://fhir.test/Patient/\(id)")

            let cd = try await c.send(.delete, "/Patient?identifier=urn:mrn|42")
            #expect(cd.status == .noContent)
            #expect(try await db.count("resource", where: "deleted") == 1)
        }
    }

    @Test func transactionOverHTTP() async throws {
        try await withServer { c, db in
            let bundle = #"""
                {"resourceType":"Bundle","type":"transaction","entry":[
                 {"fullUrl":"urn:uuid:61ebe359-bfdc-4613-8bf2-c5e300945f0a","resource":{"resourceType":"Patient"},"request":{"method":"POST","url":"Patient"}},
                 {"resource":{"resourceType":"Observation","status":"final","code":{"text":"t"},"subject":{"reference":"urn:uuid:61ebe359-bfdc-4613-8bf2-c5e300945f0a"}},"request":{"method":"POST","url":"Observation"}}]}
                """#
            let r = try await c.send(.post, "/", json: bundle)
            #expect(r.status == .ok)
            #expect(r.json["type"] == "transaction-response")
            #expect(r.json["entry"]?.arrayValue?.allSatisfy { $0["response"]?["status"] == "201 Created" } == true)
            #expect(try await db.count("resource") == 2)
        }
    }

    @Test func metadataIsACapabilityStatement() async throws {
        try await withServer { c, _ in
            let r = try await c.send(.get, "/metadata")
            #expect(r.status == .ok)
            #expect(r.json["resourceType"] == "CapabilityStatement")
            #expect(r.json["fhirVersion"] == "4.0.1")
            let resources = r.json["rest"]?[0]?["resource"]?.arrayValue ?? []
            #expect(resources.count == ResourceType.all.count)
            let patient = resources.first { $0["type"] == "Patient" }
            let codes = Set(patient?["interaction"]?.arrayValue?.compactMap { $0["code"]?.stringValue } ?? [])
            #expect(codes.isSuperset(of: ["read", "vread", "update", "patch", "delete", "history-instance", "history-type", "create", "search-type"]))
        }
    }
}
