import EvidentTesting
import FHIRCore
import FHIRStore
import Foundation
import Testing

@Suite("Repository CRUD on PostgreSQL")
struct CRUDTests {
    @Test func createReadKeepsBytesAndStampsMeta() async throws {
        try await withTestRepository(now: { 1_700_000_000.5 }) { repo, client async throws in
            let body = try Resource(parsing: Array(#"{"resourceType":"Observation","status":"final","valueQuantity":{"value":1.50,"unit":"mg"},"code":{"text":"x"}}"#.utf8))
            let created = try await repo.create(body, ifNoneExist: nil)
            #expect(created.created)
            let r = try #require(created.resource)
            #expect(r.version == 1)
            let read = try await repo.read(type: "Observation", id: r.id)
            let text = String(decoding: read.bodyBytes, as: UTF8.self)
            #expect(text == #"{"resourceType":"Observation","id":"\#(r.id)","meta":{"versionId":"1","lastUpdated":"2023-11-14T22:13:20.500Z"},"status":"final","valueQuantity":{"value":1.50,"unit":"mg"},"code":{"text":"x"}}"#)
            #expect(try await client.count("resource_history") == 1)
        }
    }

    @Test func updateCreatesVersionsAndHistory() async throws {
        try await withTestRepository { repo, client async throws in
            let first = try await repo.update(type: "Patient", id: "p1", resource: Fixtures.patient(id: "p1"), ifMatch: nil)
            #expect(first.created)
            let second = try await repo.update(type: "Patient", id: "p1", resource: Fixtures.patient(id: "p1", family: "Roe"), ifMatch: 1)
            #expect(!second.created)
            #expect(second.resource?.version == 2)
            let v1 = try await repo.vread(type: "Patient", id: "p1", version: 1)
            #expect(Fixtures.json(v1.bodyBytes)["name"]?[0]?["family"] == "Doe")
            let current = try await repo.read(type: "Patient", id: "p1")
            #expect(Fixtures.json(current.bodyBytes)["name"]?[0]?["family"] == "Roe")
            let history = try await repo.history(HistoryRequest(type: "Patient", id: "p1"))
            #expect(history.entries.map(\.version) == [2, 1])
            #expect(history.total == 2)
            await #expect(throws: FHIRError.self) { try await repo.vread(type: "Patient", id: "p1", version: 3) }
        }
    }

    @Test func ifMatchMismatchIs412AndWritesNothing() async throws {
        try await withTestRepository { repo, client async throws in
            _ = try await repo.update(type: "Patient", id: "p1", resource: Fixtures.patient(id: "p1"), ifMatch: nil)
            do {
                _ = try await repo.update(type: "Patient", id: "p1", resource: Fixtures.patient(id: "p1"), ifMatch: 7)
                Issue.record("expected 412")
            } catch let e as FHIRError {
                #expect(e.status == 412)
            }
            #expect(try await client.count("resource_history") == 1)
        }
    }

    @Test func deleteThenReadIsGoneAndHistoryKeepsTombstone() async throws {
        try await withTestRepository { repo, client async throws in
            _ = try await repo.update(type: "Patient", id: "p1", resource: Fixtures.patient(id: "p1", identifier: "A"), ifMatch: nil)
            let d = try await repo.delete(type: "Patient", id: "p1", ifMatch: nil)
            #expect(d.resource?.version == 2)
            do {
                _ = try await repo.read(type: "Patient", id: "p1")
                Issue.record("expected 410")
            } catch let e as FHIRError {
                #expect(e.status == 410)
            }
            // Deleting again is idempotent: no new version.
            let again = try await repo.delete(type: "Patient", id: "p1", ifMatch: nil)
            #expect(again.resource == nil)
            #expect(try await client.count("resource_history") == 2)
            #expect(try await client.count("search_token") == 0)
            let h = try await repo.history(HistoryRequest(type: "Patient", id: "p1"))
            #expect(h.entries.first?.deleted == true)
            // Update after delete recreates it as version 3.
            let re = try await repo.update(type: "Patient", id: "p1", resource: Fixtures.patient(id: "p1"), ifMatch: nil)
            #expect(re.created && re.resource?.version == 3)
        }
    }

    @Test func readUnknownIs404() async throws {
        try await withTestRepository { repo, _ async throws in
            do {
                _ = try await repo.read(type: "Patient", id: "nope")
                Issue.record("expected 404")
            } catch let e as FHIRError {
                #expect(e.status == 404)
            }
        }
    }

    @Test func conditionalCreateUpdateDelete() async throws {
        try await withTestRepository { repo, client async throws in
            let a = try await repo.create(Fixtures.patient(identifier: "X1"), ifNoneExist: "identifier=urn:test|X1")
            #expect(a.created)
            let b = try await repo.create(Fixtures.patient(identifier: "X1"), ifNoneExist: "identifier=urn:test|X1")
            #expect(!b.created && b.matchedExisting && b.resource?.id == a.resource?.id)
            #expect(try await client.count("resource") == 1)

            let u = try await repo.conditionalUpdate(type: "Patient", criteria: "identifier=urn:test|X1",
                                                     resource: Fixtures.patient(family: "New", identifier: "X1"), ifMatch: nil)
            #expect(u.resource?.id == a.resource?.id && u.resource?.version == 2)
            let c = try await repo.conditionalUpdate(type: "Patient", criteria: "identifier=urn:test|X2",
                                                     resource: Fixtures.patient(identifier: "X2"), ifMatch: nil)
            #expect(c.created)

            _ = try await repo.create(Fixtures.patient(identifier: "X2"), ifNoneExist: nil)
            do {
                _ = try await repo.conditionalDelete(type: "Patient", criteria: "identifier=X2")
                Issue.record("expected 412 for multiple matches")
            } catch let e as FHIRError {
                #expect(e.status == 412)
            }
            let d = try await repo.conditionalDelete(type: "Patient", criteria: "identifier=urn:test|X1")
            #expect(d.resource?.deleted == true)
            do {
                _ = try await repo.conditionalDelete(type: "Patient", criteria: "_text=Doe")
                Issue.record("expected 400 for an unsupported parameter")
            } catch let e as FHIRError {
                #expect(e.status == 400)
            }
        }
    }

    @Test func jsonPatch() async throws {
        try await withTestRepository { repo, _ async throws in
            _ = try await repo.update(type: "Patient", id: "p1", resource: Fixtures.patient(id: "p1"), ifMatch: nil)
            let patch = try JSONPatch(json: [["op": "replace", "path": "/name/0/family", "value": "Patched"], ["op": "add", "path": "/active", "value": true]])
            let r = try await repo.patch(type: "Patient", id: "p1", patch: patch, ifMatch: 1)
            #expect(r.resource?.version == 2)
            let body = Fixtures.json(try await repo.read(type: "Patient", id: "p1").bodyBytes)
            #expect(body["name"]?[0]?["family"] == "Patched")
            #expect(body["active"] == true)
            let failing = try JSONPatch(json: [["op": "test", "path": "/active", "value": false]])
            do {
                _ = try await repo.patch(type: "Patient", id: "p1", patch: failing, ifMatch: nil)
                Issue.record("expected 422")
            } catch let e as FHIRError {
                #expect(e.status == 422)
            }
            #expect(try await repo.read(type: "Patient", id: "p1").version == 2)
        }
    }

    @Test func searchByIdIdentifierAndLastUpdated() async throws {
        try await withTestRepository(now: { 1_700_000_000 }) { repo, _ async throws in
            for i in 0..<5 { _ = try await repo.update(type: "Patient", id: "p\(i)", resource: Fixtures.patient(id: "p\(i)", identifier: "I\(i)"), ifMatch: nil) }
            let byId = try await repo.search(try SearchRequest(type: "Patient", query: SearchParameter.parse(query: "_id=p1,p3"), strict: true))
            #expect(byId.resources.map(\.id).sorted() == ["p1", "p3"])
            #expect(byId.total == 2)
            let byIdent = try await repo.search(try SearchRequest(type: "Patient", query: SearchParameter.parse(query: "identifier=urn:test%7CI4"), strict: true))
            #expect(byIdent.resources.map(\.id) == ["p4"])
            let since = try await repo.search(try SearchRequest(type: "Patient", query: SearchParameter.parse(query: "_lastUpdated=ge2023-11-14"), strict: true))
            #expect(since.resources.count == 5)
            let before = try await repo.search(try SearchRequest(type: "Patient", query: SearchParameter.parse(query: "_lastUpdated=lt2023-11-14"), strict: true))
            #expect(before.resources.isEmpty)
            let page = try await repo.search(try SearchRequest(type: "Patient", query: SearchParameter.parse(query: "_count=2&_offset=2&_total=accurate"), strict: true))
            #expect(page.resources.map(\.id) == ["p2", "p3"])
            #expect(page.total == 5)
        }
    }
}

@Suite("History parameters")
struct HistoryTests {
    @Test func sinceAtAndPaging() async throws {
        let clock = Clock()
        try await withTestRepository(now: { clock.now }) { repo, _ async throws in
            clock.set(1_000_000)
            _ = try await repo.update(type: "Patient", id: "h", resource: Fixtures.patient(id: "h", family: "A"), ifMatch: nil)
            clock.set(2_000_000)
            _ = try await repo.update(type: "Patient", id: "h", resource: Fixtures.patient(id: "h", family: "B"), ifMatch: nil)
            clock.set(3_000_000)
            _ = try await repo.update(type: "Patient", id: "h", resource: Fixtures.patient(id: "h", family: "C"), ifMatch: nil)
            let since = try await repo.history(HistoryRequest(type: "Patient", id: "h", since: FHIRDateTime(FHIRDateTime.instantString(epochSeconds: 2_000_000))))
            #expect(since.entries.map(\.version) == [3, 2])
            // _at: the version current at 1,500,000 is version 1.
            let at = try await repo.history(HistoryRequest(type: "Patient", id: "h", at: FHIRDateTime(FHIRDateTime.instantString(epochSeconds: 1_500_000))))
            #expect(at.entries.map(\.version) == [1])
            let page1 = try await repo.history(HistoryRequest(count: 2))
            #expect(page1.entries.map(\.version) == [3, 2])
            #expect(page1.total == 3)
            let page2 = try await repo.history(HistoryRequest(count: 2, before: page1.nextBefore))
            #expect(page2.entries.map(\.version) == [1])
            #expect(page2.nextBefore == nil)
        }
    }
}

/// A settable clock for tests.
final class Clock: @unchecked Sendable {
    private var value: Double = 0
    private let lock = NSLock()
    var now: Double { lock.withLock { value } }
    func set(_ v: Double) { lock.withLock { value = v } }
}
