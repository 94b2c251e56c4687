import EvidentTesting
import FHIRCore
import FHIRStore
import Testing

@Suite("Concurrent writers")
struct ConcurrencyTests {
    @Test func fiftyConcurrentUpdatesGiveGaplessVersions() async throws {
        try await withTestRepository { repo, client async throws in
            _ = try await repo.update(type: "Patient", id: "c1", resource: Fixtures.patient(id: "c1"), ifMatch: nil)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for i in 0..<50 {
                    group.addTask {
                        _ = try await repo.update(type: "Patient", id: "c1", resource: Fixtures.patient(id: "c1", family: "F\(i)"), ifMatch: nil)
                    }
                }
                try await group.waitForAll()
            }
            let h = try await repo.history(HistoryRequest(type: "Patient", id: "c1", count: 100))
            #expect(h.entries.map(\.version).sorted() == Array(1...51))
            #expect(try await repo.read(type: "Patient", id: "c1").version == 51)
            // Every update's content survived as some version.
            let families = Set(h.entries.compactMap { Fixtures.json($0.bodyBytes)["name"]?[0]?["family"]?.stringValue })
            #expect(families.count == 51)
            #expect(try await client.count("resource") == 1)
        }
    }

    @Test func twentyConcurrentIfMatchUpdatesExactlyOneWins() async throws {
        try await withTestRepository { repo, _ async throws in
            _ = try await repo.update(type: "Patient", id: "c2", resource: Fixtures.patient(id: "c2"), ifMatch: nil)
            let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<20 {
                    group.addTask {
                        do {
                            _ = try await repo.update(type: "Patient", id: "c2", resource: Fixtures.patient(id: "c2", family: "W"), ifMatch: 1)
                            return 200
                        } catch let e as FHIRError {
                            return e.status
                        }
                    }
                }
                var out: [Int] = []
                for try await s in group { out.append(s) }
                return out
            }
            #expect(statuses.filter { $0 == 200 }.count == 1)
            #expect(statuses.filter { $0 == 412 }.count == 19)
            #expect(try await repo.read(type: "Patient", id: "c2").version == 2)
        }
    }

    @Test func concurrentConditionalCreatesMakeOneResource() async throws {
        try await withTestRepository { repo, client async throws in
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<10 {
                    group.addTask { _ = try await repo.create(Fixtures.patient(identifier: "ONE"), ifNoneExist: "identifier=urn:test|ONE") }
                }
                try await group.waitForAll()
            }
            #expect(try await client.count("resource") == 1)
        }
    }
}

@Suite("Batched reads")
struct BatchedReadTests {
    @Test func concurrentReadsEachGetTheirOwnResource() async throws {
        try await withTestRepository { repo, _ async throws in
            var entries: [JSON] = []
            for i in 0..<200 {
                entries.append(Fixtures.entry("PUT", "Patient/r\(i)", resource: Fixtures.patient(id: "r\(i)", family: "F\(i)").value))
            }
            _ = try await repo.process(bundle: Fixtures.bundle("transaction", entries), options: BundleOptions(baseURL: "http://t/"))
            _ = try await repo.delete(type: "Patient", id: "r7", ifMatch: nil)
            // 600 concurrent reads: existing ids, a deleted one and missing ones, interleaved.
            let outcomes = try await withThrowingTaskGroup(of: (Int, String).self) { group in
                for n in 0..<600 {
                    group.addTask {
                        let i = n % 210
                        do {
                            let r = try await repo.read(type: "Patient", id: "r\(i)")
                            return (i, Fixtures.json(r.bodyBytes)["name"]?[0]?["family"]?.stringValue ?? "?")
                        } catch let e as FHIRError {
                            return (i, "\(e.status)")
                        }
                    }
                }
                var out: [(Int, String)] = []
                for try await o in group { out.append(o) }
                return out
            }
            #expect(outcomes.count == 600)
            for (i, result) in outcomes {
                if i == 7 { #expect(result == "410") }
                else if i >= 200 { #expect(result == "404") }
                else { #expect(result == "F\(i)", "read of r\(i) returned \(result)") }
            }
        }
    }
}

@Suite("Batched creates")
struct BatchedCreateTests {
    @Test func concurrentCreatesAreAllStoredOnce() async throws {
        try await withTestRepository { repo, client async throws in
            let ids = try await withThrowingTaskGroup(of: String.self) { group in
                for i in 0..<300 {
                    group.addTask {
                        let r = try await repo.create(Fixtures.patient(family: "C\(i)"), ifNoneExist: nil)
                        #expect(r.created && r.resource?.version == 1)
                        return r.resource!.id
                    }
                }
                var out: [String] = []
                for try await id in group { out.append(id) }
                return out
            }
            #expect(Set(ids).count == 300)
            #expect(try await client.count("resource") == 300)
            #expect(try await client.count("resource_history") == 300)
            // Each id serves the body its creator sent.
            let families = try await withThrowingTaskGroup(of: String.self) { group in
                for id in ids { group.addTask { Fixtures.json(try await repo.read(type: "Patient", id: id).bodyBytes)["name"]?[0]?["family"]?.stringValue ?? "" } }
                var out: [String] = []
                for try await f in group { out.append(f) }
                return out
            }
            #expect(Set(families) == Set((0..<300).map { "C\($0)" }))
        }
    }
}
