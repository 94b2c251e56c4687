import EvidentTesting
import FHIRCore
import FHIRSearch
import FHIRStore
import Foundation
import PostgresNIO
import Testing

/// Search over the index tables: semantics per parameter kind and the database state behind it.
@Suite("Search on PostgreSQL")
struct SearchTests {
    /// Stores `resources` (each with an id) in one transaction.
    static func seed(_ repo: PostgresRepository, _ resources: [String]) async throws {
        let entries = try resources.map { text -> JSON in
            let r = try Resource(parsing: Array(text.utf8))
            return Fixtures.entry("PUT", "\(r.type.name)/\(r.id!)", resource: r.value)
        }
        _ = try await repo.process(bundle: Fixtures.bundle("transaction", entries), options: BundleOptions(baseURL: "http://test/"))
    }

    /// Ids of the matches of `type?query`, in result order.
    static func ids(_ repo: PostgresRepository, _ type: String, _ query: String) async throws -> [String] {
        try await repo.search(try SearchRequest(type: type, query: SearchParameter.parse(query: query), strict: true)).resources.map(\.id)
    }

    static let patients = [
        #"{"resourceType":"Patient","id":"mueller","gender":"female","birthDate":"1970-03-04","name":[{"family":"Müller","given":["Anna"]}],"identifier":[{"system":"urn:mrn","value":"1","type":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/v2-0203","code":"MR"}]}}],"managingOrganization":{"reference":"Organization/o1"}}"#,
        #"{"resourceType":"Patient","id":"miller","gender":"male","birthDate":"1970","name":[{"family":"Miller","given":["Bob","Rob"]}],"identifier":[{"system":"urn:other","value":"1"}]}"#,
        #"{"resourceType":"Patient","id":"nogender","birthDate":"1985-12-31","name":[{"family":"O'Brien"}]}"#,
        #"{"resourceType":"Organization","id":"o1","name":"St. Mary's"}"#,
        #"{"resourceType":"Observation","id":"o-a","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"8480-6","display":"Systolic blood pressure"}]},"subject":{"reference":"Patient/mueller"},"effectiveDateTime":"2020-01-01T23:30:00-05:00","valueQuantity":{"value":140,"system":"http://unitsofmeasure.org","code":"mm[Hg]"}}"#,
        #"{"resourceType":"Observation","id":"o-b","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"8480-6"}]},"subject":{"reference":"Patient/miller"},"effectivePeriod":{"start":"2021-03-01","end":"2021-03-05"},"valueQuantity":{"value":5.4,"system":"http://unitsofmeasure.org","code":"mm[Hg]"}}"#,
        #"{"resourceType":"Observation","id":"o-c","status":"final","code":{"text":"free text"},"subject":{"reference":"Patient/miller"}}"#,
        #"{"resourceType":"CarePlan","id":"cp","status":"active","intent":"plan","subject":{"reference":"Patient/miller"},"activity":[{"detail":{"status":"scheduled","scheduledPeriod":{"start":"2020-01-01","end":"2020-01-01"}}},{"detail":{"status":"scheduled","scheduledPeriod":{"start":"2020-06-01","end":"2020-06-01"}}}]}"#,
    ]

    @Test func eachKindModifierAndPrefix() async throws {
        try await withTestRepository { repo, _ async throws in
            try await Self.seed(repo, Self.patients)
            let cases: [(String, String, [String])] = [
                // string: prefix, case and accents folded; :exact; :contains; any part of a name
                ("Patient", "family=mul", ["mueller"]),
                ("Patient", "family=MÜL", ["mueller"]),
                ("Patient", "family:exact=Müller", ["mueller"]),
                ("Patient", "family:exact=müller", []),
                ("Patient", "name:contains=ob", ["miller"]),
                ("Patient", "name=rob", ["miller"]),
                ("Patient", "family=o'b", ["nogender"]),
                // token: code, system|code, |code, system|, :not includes resources without a value, :missing, :of-type, :text
                ("Patient", "gender=female", ["mueller"]),
                ("Patient", "gender:not=female", ["miller", "nogender"]),
                ("Patient", "gender:missing=true", ["nogender"]),
                ("Patient", "gender:missing=false", ["mueller", "miller"]),
                ("Patient", "identifier=urn:mrn|1", ["mueller"]),
                ("Patient", "identifier=1", ["mueller", "miller"]),
                ("Patient", "identifier=urn:other|", ["miller"]),
                ("Patient", "identifier=|1", []),
                ("Patient", "identifier:of-type=http://terminology.hl7.org/CodeSystem/v2-0203|MR|1", ["mueller"]),
                ("Observation", "code:text=systolic", ["o-a"]),
                ("Observation", "code:text=free", ["o-c"]),
                ("Observation", "code=http://loinc.org|8480-6,unknown", ["o-a", "o-b"]),
                // date: precision as a range; a dateTime with an offset compares as an instant (UTC here)
                ("Patient", "birthdate=1970", ["mueller", "miller"]),
                ("Patient", "birthdate=1970-03", ["mueller"]),
                ("Patient", "birthdate=ge1970-06-01", ["miller", "nogender"]),
                ("Patient", "birthdate=lt1970-06-01", ["mueller", "miller"]),
                ("Patient", "birthdate=sa1971", ["nogender"]),
                ("Patient", "birthdate=eb1971&birthdate=ne1970-03-04", ["miller"]),
                ("Observation", "date=2020-01-02", ["o-a"]),
                ("Observation", "date=2020-01-01", []),
                ("Observation", "date=2021-03", ["o-b"]),
                ("Observation", "date=2021-03-03", []),
                ("Observation", "date=gt2021-03-03", ["o-b"]),
                // repeated date parameters: a range on one value, or (several values) each met by some value
                ("Observation", "date=ge2020-01-02&date=lt2020-01-03", ["o-a"]),
                ("Observation", "date=ge2021-03-02&date=le2021-03-04", ["o-b"]),
                ("Observation", "date=ge2021-03-06&date=le2021-03-04", []),
                ("Observation", "date=ge2020-01-02&date=lt2020-01-03&date=ne2020-01-02", []),
                ("CarePlan", "activity-date=ge2020-05-01&activity-date=lt2020-01-15", ["cp"]),
                ("CarePlan", "activity-date=ge2020-02-01&activity-date=lt2020-05-01", ["cp"]),  // June ≥ Feb, January < May
                ("CarePlan", "activity-date=ge2020-07-01&activity-date=lt2020-05-01", []),
                ("CarePlan", "activity-date=2020-06-01", ["cp"]),
                // quantity: precision of the search value, prefixes, system and code
                ("Observation", "value-quantity=5.4", ["o-b"]),
                ("Observation", "value-quantity=5", ["o-b"]),
                ("Observation", "value-quantity=5.40", ["o-b"]),
                ("Observation", "value-quantity=5.3", []),
                ("Observation", "value-quantity=gt100|http://unitsofmeasure.org|mm[Hg]", ["o-a"]),
                ("Observation", "value-quantity=gt100||mg", []),
                ("Observation", "value-quantity=ap150", ["o-a"]),
                // reference: Type/id, id, :Type, absolute URL; chains and _has
                ("Observation", "subject=Patient/miller", ["o-b", "o-c"]),
                ("Observation", "subject=miller", ["o-b", "o-c"]),
                ("Observation", "subject:Patient=miller", ["o-b", "o-c"]),
                ("Observation", "subject=http://elsewhere.example/fhir/Patient/mueller", ["o-a"]),
                ("Observation", "subject:Patient.name=anna", ["o-a"]),
                ("Observation", "subject:Patient.organization.name=st", ["o-a"]),
                ("Observation", "patient.gender:missing=true", []),
                ("Patient", "_has:Observation:subject:code=8480-6", ["mueller", "miller"]),
                ("Patient", "_has:Observation:subject:date=2020", ["mueller"]),
                ("Organization", "_has:Patient:organization:_has:Observation:subject:code=8480-6", ["o1"]),
                // composite: both parts from one value
                ("Observation", "code-value-quantity=http://loinc.org|8480-6$gt100", ["o-a"]),
                ("Observation", "code-value-quantity=http://loinc.org|8480-6$lt100", ["o-b"]),
                // _id
                ("Patient", "_id=miller,nogender", ["miller", "nogender"]),
                ("Patient", "_id:not=miller&gender:missing=false", ["mueller"]),
            ]
            var failures: [String] = []
            for (type, query, expected) in cases {
                let got = try await Self.ids(repo, type, query)
                if Set(got) != Set(expected) || got.count != expected.count { failures.append("\(type)?\(query): expected \(expected), got \(got)") }
            }
            #expect(failures.isEmpty, "\(failures.joined(separator: "\n"))")
        }
    }

    @Test func tokenInAndNotInUseValueSetsStoredOnTheServer() async throws {
        try await withTestRepository { repo, _ async throws in
            try await Self.seed(repo, Self.patients + [
                #"{"resourceType":"ValueSet","id":"bp","url":"http://example.org/vs/bp","status":"active","compose":{"include":[{"system":"http://loinc.org","concept":[{"code":"8480-6"},{"code":"8462-4"}]}]}}"#,
                #"{"resourceType":"ValueSet","id":"all-gender","url":"http://example.org/vs/g","status":"active","compose":{"include":[{"system":"http://hl7.org/fhir/administrative-gender"}]}}"#,
            ])
            #expect(Set(try await Self.ids(repo, "Observation", "code:in=http://example.org/vs/bp")) == ["o-a", "o-b"])
            #expect(try await Self.ids(repo, "Observation", "code:not-in=http://example.org/vs/bp") == ["o-c"])
            #expect(try await Self.ids(repo, "Observation", "code:in=http://example.org/vs/unknown") == [])
            // A whole code system included: every code of it (gender tokens carry no system, so none here).
            #expect(try await Self.ids(repo, "Patient", "gender:in=http://example.org/vs/g") == [])
            #expect(Set(try await Self.ids(repo, "Patient", "identifier:in=http://example.org/vs/bp")) == [])
        }
    }

    @Test func malformedValuesAre400AndValuesAreData() async throws {
        try await withTestRepository { repo, client async throws in
            try await Self.seed(repo, Self.patients)
            for query in ["birthdate=notadate", "birthdate=xx2020", "value-quantity=gtx", "value-quantity=1|2", "identifier=|", "subject=Patient/",
                          "_sort=nonsense", "code-value-quantity=a", "gender:above=x", "subject:Nope.name=x", "_has:Observation:code:x=1",
                          "_cursor=garbage", "birthdate=", "family:exact:x=1", "subject.nonexistent=1"] {
                let type = query.hasPrefix("value") || query.hasPrefix("code") || query.hasPrefix("subject") ? "Observation" : "Patient"
                do {
                    _ = try await Self.ids(repo, type, query)
                    Issue.record("\(type)?\(query) should be a 400")
                } catch let e as FHIRError {
                    #expect(e.status == 400, "\(query): \(e)")
                }
            }
            // Hostile values are bound parameters: they match nothing and change nothing.
            #expect(try await Self.ids(repo, "Patient", "family=x'); DROP TABLE resource; --") == [])
            #expect(try await Self.ids(repo, "Patient", "family:contains=%") == [])
            #expect(try await Self.ids(repo, "Patient", "family:contains=_") == [])
            #expect(try await client.count("resource", where: "res_type = 'Patient'") == 3)
        }
    }

    @Test func indexRowsFollowUpdatesAndDeletes() async throws {
        try await withTestRepository { repo, client async throws in
            try await Self.seed(repo, Self.patients)
            #expect(try await Self.ids(repo, "Patient", "family=miller") == ["miller"])
            _ = try await repo.update(type: "Patient", id: "miller", resource: try Resource(parsing: Array(#"{"resourceType":"Patient","id":"miller","name":[{"family":"Smith"}]}"#.utf8)), ifMatch: nil)
            #expect(try await Self.ids(repo, "Patient", "family=miller") == [])
            #expect(try await Self.ids(repo, "Patient", "family=smith") == ["miller"])
            #expect(try await Self.ids(repo, "Patient", "gender=male") == [])
            let sid = "(SELECT sid FROM resource WHERE res_type = 'Patient' AND id = 'miller')"
            // family, name and phonetic each index the one family name.
            #expect(try await client.count("search_string", where: "sid = \(sid)") == 3)
            _ = try await repo.delete(type: "Patient", id: "miller", ifMatch: nil)
            #expect(try await Self.ids(repo, "Patient", "family=smith") == [])
            for table in ["search_token", "search_string", "search_date", "search_reference"] {
                #expect(try await client.count(table, where: "sid = \(sid)") == 0)
            }
            // Observation subject references keep pointing at the deleted patient; the chain finds nothing.
            #expect(try await Self.ids(repo, "Observation", "subject:Patient.family=smith") == [])
        }
    }

    @Test func sortAndKeysetPagingStayCorrectWhileInserting() async throws {
        try await withTestRepository { repo, _ async throws in
            let families = ["Baker", "Adams", "Clark", "Davis", "Evans", "Adams", "Frank"]
            try await Self.seed(repo, families.enumerated().map { i, f in
                #"{"resourceType":"Patient","id":"p\#(i)","name":[{"family":"\#(f)"}],"birthDate":"19\#(50 + i)"}"#
            })
            var request = try SearchRequest(type: "Patient", query: SearchParameter.parse(query: "_sort=family,-birthdate&_count=2"), strict: true)
            var seen: [String] = []
            var pages = 0
            while true {
                let page = try await repo.search(request)
                seen += page.resources.map(\.id)
                pages += 1
                if pages == 1 {
                    // A new resource that sorts first must not shift the following pages.
                    try await Self.seed(repo, [#"{"resourceType":"Patient","id":"new","name":[{"family":"Aaron"}]}"#])
                }
                guard let next = page.next else { break }
                request.cursor = next
            }
            // Adams (1955) before Adams (1951): -birthdate breaks the tie.
            #expect(seen == ["p5", "p1", "p0", "p2", "p3", "p4", "p6"])
            #expect(pages == 4)
            // previous from the last page goes back to the page before it.
            let last = try await repo.search(request)
            var back = request
            back.cursor = try #require(last.previous)
            #expect(try await repo.search(back).resources.map(\.id) == ["p3", "p4"])
            // Missing values sort last in both directions.
            #expect(try await Self.ids(repo, "Patient", "_sort=-birthdate&_count=3") == ["p6", "p5", "p4"])
            #expect(try await Self.ids(repo, "Patient", "_sort=birthdate").last == "new")
            #expect(try await Self.ids(repo, "Patient", "_sort=-birthdate").last == "new")
        }
    }

    @Test func includesRevincludesIterateAndTotals() async throws {
        try await withTestRepository { repo, _ async throws in
            try await Self.seed(repo, Self.patients)
            func search(_ type: String, _ query: String) async throws -> SearchResult {
                try await repo.search(try SearchRequest(type: type, query: SearchParameter.parse(query: query), strict: true))
            }
            let inc = try await search("Observation", "_id=o-a&_include=Observation:subject")
            #expect(inc.resources.map(\.id) == ["o-a"])
            #expect(inc.included.map(\.reference) == ["Patient/mueller"])
            let typed = try await search("Observation", "_id=o-a&_include=Observation:subject:Group")
            #expect(typed.included.isEmpty)
            let iter = try await search("Observation", "_id=o-a&_include=Observation:subject&_include:iterate=Patient:organization")
            #expect(Set(iter.included.map(\.reference)) == ["Patient/mueller", "Organization/o1"])
            let noIter = try await search("Observation", "_id=o-a&_include=Observation:subject&_include=Patient:organization")
            #expect(noIter.included.map(\.reference) == ["Patient/mueller"])
            let rev = try await search("Patient", "_id=miller&_revinclude=Observation:subject")
            #expect(Set(rev.included.map(\.id)) == ["o-b", "o-c"])
            let star = try await search("Patient", "_id=mueller&_include=*")
            #expect(star.included.map(\.reference) == ["Organization/o1"])
            #expect(try await search("Observation", "_total=accurate&_count=1").total == 3)
            #expect(try await search("Observation", "_total=none").total == nil)
            let summary = try JSON(parsing: try await search("Patient", "_id=mueller&_summary=text").resources[0].bodyBytes)
            #expect(summary["name"] == nil)
            #expect(summary["meta"]?["tag"]?[0]?["code"] == "SUBSETTED")
            let elements = try JSON(parsing: try await search("Patient", "_id=mueller&_elements=gender").resources[0].bodyBytes)
            #expect(elements.objectValue?.keys.sorted() == ["gender", "id", "meta", "resourceType"])
        }
    }

    @Test func reindexRebuildsWhatALoadWithoutIndexingSkipped() async throws {
        try await withTestDatabase { client, logger async throws in
            let now: @Sendable () -> Double = { Date().timeIntervalSince1970 }
            let unindexed = PostgresRepository(client: client, logger: logger, validator: TestValidator.shared,
                                               search: try SearchComponents.r4(registry: TestSearch.registry, indexing: false, now: now), now: now)
            try await Self.seed(unindexed, Self.patients)
            #expect(try await Self.ids(unindexed, "Patient", "family=mul") == [])
            #expect(try await client.count("resource", where: "compartment = 'miller'") == 4)  // derived without indexing
            let repo = PostgresRepository(client: client, logger: logger, validator: TestValidator.shared,
                                          search: try SearchComponents.r4(registry: TestSearch.registry, now: now), now: now)
            let progress = LockedCalls()
            let n = try await repo.reindex(types: nil, batchSize: 3) { done, total in progress.append(done, total) }
            #expect(n == 8)
            #expect(progress.calls.last! == [8, 8])
            #expect(progress.calls.count == 4)  // 0, 3, 6, 8
            #expect(try await Self.ids(repo, "Patient", "family=mul") == ["mueller"])
            #expect(try await Self.ids(repo, "Observation", "subject:Patient.name=anna") == ["o-a"])
            // Type-level reindex touches only that type; rows are replaced, not duplicated.
            let tokens = try await client.count("search_token")
            #expect(try await repo.reindex(types: ["Patient"], batchSize: 100) { _, _ in } == 3)
            #expect(try await client.count("search_token") == tokens)
        }
    }
}

/// Records progress callbacks from a `@Sendable` closure.
final class LockedCalls: @unchecked Sendable {
    private let lock = NSLock()
    private var _calls: [[Int]] = []
    func append(_ a: Int, _ b: Int) { lock.withLock { _calls.append([a, b]) } }
    var calls: [[Int]] { lock.withLock { _calls } }
}
