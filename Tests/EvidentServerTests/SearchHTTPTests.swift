import EvidentTesting
import FHIRCore
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@Suite("Search over HTTP")
struct SearchHTTPTests {
    static let seed = #"""
        {"resourceType":"Bundle","type":"transaction","entry":[
          {"request":{"method":"PUT","url":"Patient/a"},"resource":{"resourceType":"Patient","id":"a","name":[{"family":"Ames"}]}},
          {"request":{"method":"PUT","url":"Patient/b"},"resource":{"resourceType":"Patient","id":"b","name":[{"family":"Bell"}]}},
          {"request":{"method":"PUT","url":"Observation/x"},"resource":{"resourceType":"Observation","id":"x","status":"final","code":{"text":"t"},"subject":{"reference":"Patient/a"}}},
          {"request":{"method":"PUT","url":"Observation/y"},"resource":{"resourceType":"Observation","id":"y","status":"final","code":{"text":"t"},"subject":{"reference":"Patient/b"}}}
        ]}
        """#

    static func ids(_ r: TestResponse, mode: String = "match") -> [String] {
        (r.json["entry"]?.arrayValue ?? []).filter { $0["search"]?["mode"]?.stringValue == mode }.compactMap { $0["resource"]?["id"]?.stringValue }
    }

    @Test func typeSystemCompartmentAndPostSearch() async throws {
        try await withServer { c, _ in
            #expect(try await c.send(.post, "/", json: Self.seed).status == .ok)
            let get = try await c.send(.get, "/Patient?family=am")
            #expect(Self.ids(get) == ["a"])
            #expect(get.json["link"]?[0]?["url"] == "http://fhir.test/Patient?family=am&_count=50")
            let post = try await c.execute(uri: "/Patient/_search", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                                           body: ByteBuffer(string: "family=be"))
            #expect(Self.ids(post) == ["b"])
            let system = try await c.send(.get, "/?_type=Patient,Observation&_id=a,x")
            #expect(Set(Self.ids(system)) == ["a", "x"])
            let compartment = try await c.send(.get, "/Patient/a/Observation")
            #expect(Self.ids(compartment) == ["x"])
            #expect(compartment.json["link"]?[0]?["url"] == "http://fhir.test/Patient/a/Observation?_count=50")
            let include = try await c.send(.get, "/Observation?_id=x&_include=Observation:subject")
            #expect(Self.ids(include, mode: "include") == ["a"])
        }
    }

    @Test func unknownParametersAreReportedOrRejected() async throws {
        try await withServer { c, _ in
            #expect(try await c.send(.post, "/", json: Self.seed).status == .ok)
            let lenient = try await c.send(.get, "/Patient?family=am&nonsense=1")
            #expect(Self.ids(lenient) == ["a"])
            let outcome = (lenient.json["entry"]?.arrayValue ?? []).first { $0["search"]?["mode"] == "outcome" }
            #expect(outcome?["resource"]?["issue"]?[0]?["diagnostics"]?.stringValue?.contains("nonsense") == true)
            #expect(lenient.json["link"]?[0]?["url"] == "http://fhir.test/Patient?family=am&_count=50")
            let strict = try await c.send(.get, "/Patient?nonsense=1", headers: [.init("Prefer")!: "handling=strict"])
            #expect(strict.status == .badRequest)
            #expect(strict.diagnostics.contains("nonsense"))
            let malformed = try await c.send(.get, "/Patient?birthdate=notadate")
            #expect(malformed.status == .badRequest)
            #expect(malformed.json["resourceType"] == "OperationOutcome")
        }
    }

    @Test func pagingLinksCarryACursor() async throws {
        try await withServer { c, _ in
            #expect(try await c.send(.post, "/", json: Self.seed).status == .ok)
            let first = try await c.send(.get, "/Patient?_sort=-family&_count=1")
            #expect(Self.ids(first) == ["b"])
            #expect(first.json["total"] == nil)  // not counted without _total when more pages follow
            let next = try #require((first.json["link"]?.arrayValue ?? []).first { $0["relation"] == "next" }?["url"]?.stringValue)
            #expect(next.contains("_cursor="))
            let second = try await c.send(.get, String(next.dropFirst("http://fhir.test".count)))
            #expect(Self.ids(second) == ["a"])
            #expect((second.json["link"]?.arrayValue ?? []).contains { $0["relation"] == "previous" })
            #expect(!(second.json["link"]?.arrayValue ?? []).contains { $0["relation"] == "next" })
        }
    }

    @Test func reindexAndCapabilityStatement() async throws {
        try await withServer { c, db in
            #expect(try await c.send(.post, "/", json: Self.seed).status == .ok)
            try await db.query("DELETE FROM search_string")
            #expect(Self.ids(try await c.send(.get, "/Patient?family=am")) == [])
            let reindex = try await c.send(.post, "/Patient/$reindex")
            #expect(reindex.status == .ok)
            #expect(reindex.json["parameter"]?[0]?["valueInteger"] == 2)
            #expect(Self.ids(try await c.send(.get, "/Patient?family=am")) == ["a"])
            let all = try await c.send(.post, "/$reindex")
            #expect(all.json["parameter"]?[0]?["valueInteger"] == 4)

            let metadata = try await c.send(.get, "/metadata")
            let resources = metadata.json["rest"]?[0]?["resource"]?.arrayValue ?? []
            let observation = try #require(resources.first { $0["type"] == "Observation" })
            let names = Set((observation["searchParam"]?.arrayValue ?? []).compactMap { $0["name"]?.stringValue })
            #expect(names.isSuperset(of: ["_id", "_lastUpdated", "code", "subject", "date", "value-quantity", "code-value-quantity", "_tag"]))
            #expect(observation["searchInclude"]?.arrayValue?.contains("Observation:subject") == true)
            #expect(observation["documentation"]?.stringValue?.contains("_text") == true)
            let location = try #require(resources.first { $0["type"] == "Location" })
            #expect(location["documentation"]?.stringValue?.contains("near") == true)
        }
    }
}
