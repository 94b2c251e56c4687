import EvidentServer
import EvidentTesting
import FHIRCore
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// Every client mistake: a 4xx OperationOutcome that says what is wrong, and nothing written.
@Suite("Bad input gives 4xx OperationOutcome and writes nothing")
struct BadInputTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var method: HTTPRequest.Method
        var uri: String
        var body: String?
        var headers: [String: String] = [:]
        var status: Int
        /// A fragment the diagnostics must contain.
        var says: String
        var testDescription: String { name }
    }

    static let deep = String(repeating: "[", count: 200) + String(repeating: "]", count: 200)

    static let cases: [Case] = [
        Case(name: "not JSON", method: .post, uri: "/Patient", body: "this is not json", status: 400, says: "not valid JSON"),
        Case(name: "truncated JSON", method: .post, uri: "/Patient", body: #"{"resourceType":"Patient""#, status: 400, says: "not valid JSON"),
        Case(name: "not an object", method: .post, uri: "/Patient", body: "[1,2]", status: 400, says: "JSON object"),
        Case(name: "missing resourceType", method: .post, uri: "/Patient", body: #"{"id":"x"}"#, status: 400, says: "resourceType"),
        Case(name: "unknown resourceType", method: .post, uri: "/Patient", body: #"{"resourceType":"Patientt"}"#, status: 400, says: "Unknown resourceType"),
        Case(name: "type does not match URL", method: .post, uri: "/Patient", body: #"{"resourceType":"Observation"}"#, status: 400, says: "does not match"),
        Case(name: "update id mismatch", method: .put, uri: "/Patient/a", body: #"{"resourceType":"Patient","id":"b"}"#, status: 400, says: "does not match the id in the URL"),
        Case(name: "update without id", method: .put, uri: "/Patient/a", body: #"{"resourceType":"Patient"}"#, status: 400, says: "must carry the resource id"),
        Case(name: "invalid id in URL", method: .put, uri: "/Patient/bad_id!", body: #"{"resourceType":"Patient","id":"bad_id!"}"#, status: 400, says: "Invalid resource id"),
        Case(name: "invalid id in body", method: .post, uri: "/Patient", body: #"{"resourceType":"Patient","id":"has space"}"#, status: 400, says: "Invalid id"),
        Case(name: "id too long", method: .put, uri: "/Patient/" + String(repeating: "a", count: 65), body: #"{"resourceType":"Patient"}"#, status: 400, says: "Invalid resource id"),
        Case(name: "nesting too deep", method: .post, uri: "/Patient", body: #"{"resourceType":"Patient","extension":"# + deep + "}", status: 400, says: "too deep"),
        Case(name: "empty body", method: .post, uri: "/Patient", body: "", status: 400, says: "no body"),
        Case(name: "unknown resource type in URL", method: .get, uri: "/Foo/1", status: 404, says: "Unknown resource type"),
        Case(name: "unknown route", method: .get, uri: "/Patient/1/extra/path/here", status: 404, says: "Unknown route"),
        Case(name: "read missing", method: .get, uri: "/Patient/missing", status: 404, says: "not known"),
        Case(name: "XML requested by _format", method: .get, uri: "/metadata?_format=xml", status: 406, says: "Only JSON"),
        Case(name: "XML requested by Accept", method: .get, uri: "/metadata", headers: ["Accept": "application/fhir+xml"], status: 406, says: "XML is not supported"),
        Case(name: "XML body", method: .post, uri: "/Patient", body: "<Patient/>", headers: ["Content-Type": "application/fhir+xml"], status: 415, says: "XML"),
        Case(name: "patch with wrong content type", method: .patch, uri: "/Patient/p", body: "[]", status: 415, says: "json-patch"),
        Case(name: "malformed JSON Patch", method: .patch, uri: "/Patient/p", body: #"[{"op":"frobnicate","path":"/a"}]"#,
             headers: ["Content-Type": "application/json-patch+json"], status: 400, says: "unknown op"),
        Case(name: "JSON Patch not an array", method: .patch, uri: "/Patient/p", body: #"{"op":"add"}"#,
             headers: ["Content-Type": "application/json-patch+json"], status: 400, says: "array"),
        Case(name: "conditional delete without criteria", method: .delete, uri: "/Patient", status: 400, says: "needs search criteria"),
        Case(name: "conditional update with unsupported criteria", method: .put, uri: "/Patient?_text=x", body: #"{"resourceType":"Patient"}"#, status: 400, says: "not supported"),
        Case(name: "bad If-Match", method: .put, uri: "/Patient/p", body: #"{"resourceType":"Patient","id":"p"}"#, headers: ["If-Match": "nonsense"], status: 400, says: "If-Match"),
        Case(name: "bundle of wrong type", method: .post, uri: "/", body: #"{"resourceType":"Bundle","type":"collection"}"#, status: 400, says: "'batch' or 'transaction'"),
        Case(name: "non-bundle to base", method: .post, uri: "/", body: #"{"resourceType":"Patient"}"#, status: 400, says: "expects a Bundle"),
        Case(name: "transaction with a failing entry", method: .post, uri: "/",
             body: #"{"resourceType":"Bundle","type":"transaction","entry":[{"resource":{"resourceType":"Patient"},"request":{"method":"POST","url":"Patient"}},{"resource":{"resourceType":"Patient","id":"z"},"request":{"method":"PUT","url":"Patient/z"},"fullUrl":"x"},{"request":{"method":"DELETE","url":"Patient/q"}},{"resource":{"resourceType":"Patient","id":"w"},"request":{"method":"PUT","url":"Patient/w","ifMatch":"W/\"9\""}}]}"#,
             status: 412, says: "If-Match"),
        Case(name: "transaction entry with bad url", method: .post, uri: "/",
             body: #"{"resourceType":"Bundle","type":"transaction","entry":[{"resource":{"resourceType":"Patient"},"request":{"method":"POST","url":"Patient"}},{"request":{"method":"GET","url":"NotAType/1"}}]}"#,
             status: 400, says: "entry[1]"),
        Case(name: "invalid primitive value", method: .post, uri: "/Patient", body: #"{"resourceType":"Patient","birthDate":"03.02.1980"}"#, status: 422, says: "Patient.birthDate"),
        Case(name: "unknown element", method: .post, uri: "/Patient", body: #"{"resourceType":"Patient","notAnElement":1}"#, status: 422, says: "unknown element 'notAnElement'"),
        Case(name: "missing required element", method: .post, uri: "/Observation", body: #"{"resourceType":"Observation","code":{"text":"x"}}"#, status: 422, says: "Observation.status: required element is missing"),
        Case(name: "patch producing an invalid resource", method: .patch, uri: "/Patient/p", body: #"[{"op":"add","path":"/gender","value":42}]"#,
             headers: ["Content-Type": "application/json-patch+json"], status: 404, says: "does not exist"),
        Case(name: "bad _count", method: .get, uri: "/Patient?_count=abc", status: 400, says: "_count"),
        Case(name: "bad _since", method: .get, uri: "/Patient/_history?_since=yesterday", status: 400, says: "_since"),
        Case(name: "bad date search", method: .get, uri: "/Patient?_lastUpdated=gt2020-13-01", status: 400, says: "not a valid"),
    ]

    @Test(arguments: cases)
    func rejected(_ c: Case) async throws {
        try await withServer { client, db in
            var headers: HTTPFields = [:]
            for (k, v) in c.headers { headers[.init(k)!] = v }
            let r = try await client.send(c.method, c.uri, json: c.body, headers: headers)
            #expect(Int(r.status.code) == c.status, "\(c.name): got \(r.status.code) \(String(buffer: r.body))")
            #expect(r.json["resourceType"] == "OperationOutcome")
            #expect(r.diagnostics.contains(c.says), "\(c.name): diagnostics were '\(r.diagnostics)'")
            #expect(try await db.count("resource") == 0)
            #expect(try await db.count("resource_history") == 0)
        }
    }

    @Test func bodyOverTheLimitIs413() async throws {
        try await withServer(configuration: ServerConfiguration(maxBodyBytes: 1_000, publicBaseURL: "http://fhir.test/")) { c, db in
            let big = #"{"resourceType":"Patient","text":{"status":"generated","div":""# + String(repeating: "x", count: 2_000) + #""}}"#
            let r = try await c.send(.post, "/Patient", json: big)
            #expect(r.status == .contentTooLarge)
            #expect(r.json["resourceType"] == "OperationOutcome")
            #expect(try await db.count("resource") == 0)
        }
    }

    @Test func bundleOverEntryLimitIs413() async throws {
        try await withServer(configuration: ServerConfiguration(maxBundleEntries: 2, publicBaseURL: "http://fhir.test/")) { c, db in
            let entry = #"{"resource":{"resourceType":"Patient"},"request":{"method":"POST","url":"Patient"}}"#
            let r = try await c.send(.post, "/", json: #"{"resourceType":"Bundle","type":"transaction","entry":[\#(entry),\#(entry),\#(entry)]}"#)
            #expect(r.status == .contentTooLarge)
            #expect(r.diagnostics.contains("at most 2"))
            #expect(try await db.count("resource") == 0)
        }
    }

    @Test func serverStaysUpAfterBadInput() async throws {
        try await withServer { c, _ in
            for _ in 0..<3 { _ = try await c.send(.post, "/Patient", json: "{{{") }
            let ok = try await c.send(.post, "/Patient", json: #"{"resourceType":"Patient"}"#)
            #expect(ok.status == .created)
        }
    }
}
