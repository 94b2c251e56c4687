import EvidentTesting
import FHIRCore
import FHIRStore
import Foundation
import Testing

@Suite("Batch and transaction Bundles")
struct BundleTests {
    let options = BundleOptions(baseURL: "http://test/")

    @Test func transactionResolvesUrnUuidReferencesEverywhere() async throws {
        try await withTestRepository { repo, client async throws in
            let bundle = Fixtures.bundle("transaction", [
                Fixtures.entry("POST", "Observation", fullUrl: "urn:uuid:obs", resource: [
                    "resourceType": "Observation", "status": "final", "code": ["text": "x"],
                    "subject": ["reference": "urn:uuid:pat"],
                    "performer": [["reference": "urn:uuid:pat"]],
                    "extension": [["url": "u", "valueReference": ["reference": "urn:uuid:pat"]]],
                ]),
                Fixtures.entry("POST", "Patient", fullUrl: "urn:uuid:pat", resource: ["resourceType": "Patient"]),
            ])
            let response = Fixtures.json(try await repo.process(bundle: bundle, options: options))
            #expect(response["type"] == "transaction-response")
            let entries = try #require(response["entry"]?.arrayValue)
            #expect(entries.map { $0["response"]?["status"]?.stringValue } == ["201 Created", "201 Created"])
            let patientLocation = try #require(entries[1]["response"]?["location"]?.stringValue)
            let patientId = patientLocation.split(separator: "/")[1]
            let obsId = String(entries[0]["response"]!["location"]!.stringValue!.split(separator: "/")[1])
            let obs = Fixtures.json(try await repo.read(type: "Observation", id: obsId).bodyBytes)
            #expect(obs["subject"]?["reference"]?.stringValue == "Patient/\(patientId)")
            #expect(obs["performer"]?[0]?["reference"]?.stringValue == "Patient/\(patientId)")
            #expect(obs["extension"]?[0]?["valueReference"]?["reference"]?.stringValue == "Patient/\(patientId)")
            // Indexed by the reference parameters subject, patient and performer (the extension has no parameter).
            #expect(try await client.count("search_reference", where: "target_id = '\(patientId)'") == 3)
            #expect(try await client.count("resource", where: "compartment = '\(patientId)'") == 2)
        }
    }

    @Test func failingEntryRollsBackWholeTransaction() async throws {
        try await withTestRepository { repo, client async throws in
            _ = try await repo.update(type: "Patient", id: "keep", resource: Fixtures.patient(id: "keep"), ifMatch: nil)
            let bundle = Fixtures.bundle("transaction", [
                Fixtures.entry("POST", "Patient", resource: ["resourceType": "Patient"]),
                Fixtures.entry("DELETE", "Patient/keep"),
                Fixtures.entry("PUT", "Patient/keep2", resource: ["resourceType": "Patient", "id": "keep2"]),
                // Version conflict: this entry fails, so nothing above may persist.
                Fixtures.entry("PUT", "Patient/other", resource: ["resourceType": "Patient", "id": "other"], ifMatch: "W/\"4\""),
            ])
            do {
                _ = try await repo.process(bundle: bundle, options: options)
                Issue.record("expected the transaction to fail")
            } catch let e as FHIRError {
                #expect(e.status == 412)
            }
            #expect(try await client.count("resource") == 1)
            #expect(try await client.count("resource_history") == 1)
            #expect(try await repo.read(type: "Patient", id: "keep").version == 1)
        }
    }

    @Test func invalidEntryIs400NamingTheEntry() async throws {
        try await withTestRepository { repo, client async throws in
            let bundle = Fixtures.bundle("transaction", [
                Fixtures.entry("POST", "Patient", resource: ["resourceType": "Patient"]),
                Fixtures.entry("POST", "Patient", resource: ["resourceType": "Observation"]),
            ])
            do {
                _ = try await repo.process(bundle: bundle, options: options)
                Issue.record("expected 400")
            } catch let e as FHIRError {
                #expect(e.status == 400)
                #expect(e.diagnostics.contains("entry[1]"))
            }
            let unresolved = Fixtures.bundle("transaction", [
                Fixtures.entry("POST", "Observation", resource: ["resourceType": "Observation", "status": "final", "code": ["text": "t"],
                                                                  "subject": ["reference": "urn:uuid:missing"]]),
            ])
            do {
                _ = try await repo.process(bundle: unresolved, options: options)
                Issue.record("expected 400 for an unresolved urn:uuid")
            } catch let e as FHIRError {
                #expect(e.status == 400 && e.diagnostics.contains("does not match the fullUrl"))
            }
            #expect(try await client.count("resource") == 0)
        }
    }

    @Test func invalidResourceInTransactionIsRejectedNamingTheEntry() async throws {
        try await withTestRepository { repo, client async throws in
            let bundle = Fixtures.bundle("transaction", [
                Fixtures.entry("POST", "Patient", resource: ["resourceType": "Patient"]),
                Fixtures.entry("POST", "Patient", resource: ["resourceType": "Patient", "birthDate": "garbage"]),
            ])
            do {
                _ = try await repo.process(bundle: bundle, options: options)
                Issue.record("expected 422")
            } catch let e as FHIRError {
                #expect(e.status == 422)
                #expect(e.diagnostics.contains("Bundle.entry[1]") && e.diagnostics.contains("Patient.birthDate"))
                #expect(e.expression == ["Bundle.entry[1].resource.Patient.birthDate"])
            }
            #expect(try await client.count("resource") == 0)
        }
    }

    @Test func duplicateIdentityInTransactionIsRejected() async throws {
        try await withTestRepository { repo, client async throws in
            let bundle = Fixtures.bundle("transaction", [
                Fixtures.entry("PUT", "Patient/a", resource: ["resourceType": "Patient", "id": "a"]),
                Fixtures.entry("PUT", "Patient/a", resource: ["resourceType": "Patient", "id": "a", "active": true]),
            ])
            await #expect(throws: FHIRError.self) { try await repo.process(bundle: bundle, options: options) }
            #expect(try await client.count("resource") == 0)
        }
    }

    @Test func conditionalReferencesAndIfNoneExist() async throws {
        try await withTestRepository { repo, client async throws in
            _ = try await repo.create(Fixtures.patient(identifier: "MRN1"), ifNoneExist: nil)
            let bundle = Fixtures.bundle("transaction", [
                Fixtures.entry("POST", "Patient", fullUrl: "urn:uuid:p", resource: Fixtures.patient(identifier: "MRN1").value,
                               ifNoneExist: "identifier=urn:test|MRN1"),
                Fixtures.entry("POST", "Observation", resource: ["resourceType": "Observation", "status": "final", "code": ["text": "t"], "subject": ["reference": "Patient?identifier=urn:test|MRN1"],
                                                                  "focus": [["reference": "urn:uuid:p"]]]),
            ])
            let response = Fixtures.json(try await repo.process(bundle: bundle, options: options))
            #expect(response["entry"]?[0]?["response"]?["status"] == "200 OK")
            #expect(try await client.count("resource", where: "res_type = 'Patient'") == 1)
            let patientId = try #require(response["entry"]?[0]?["response"]?["location"]?.stringValue?.split(separator: "/")[1])
            #expect(try await client.count("search_reference", where: "target_id = '\(patientId)' AND param IN ('subject', 'focus')") == 2)
        }
    }

    @Test func transactionProcessesDeleteBeforeCreateAndReadsAfterWrites() async throws {
        try await withTestRepository { repo, _ async throws in
            _ = try await repo.update(type: "Patient", id: "old", resource: Fixtures.patient(id: "old"), ifMatch: nil)
            let bundle = Fixtures.bundle("transaction", [
                Fixtures.entry("GET", "Patient/new"),
                Fixtures.entry("PUT", "Patient/new", resource: ["resourceType": "Patient", "id": "new"]),
                Fixtures.entry("DELETE", "Patient/old"),
                Fixtures.entry("GET", "Patient?_id=new,old"),
            ])
            let response = Fixtures.json(try await repo.process(bundle: bundle, options: options))
            let entries = try #require(response["entry"]?.arrayValue)
            #expect(entries[0]["response"]?["status"] == "200 OK")
            #expect(entries[0]["resource"]?["id"] == "new")
            #expect(entries[1]["response"]?["status"] == "201 Created")
            #expect(entries[2]["response"]?["status"] == "204 No Content")
            #expect(entries[3]["resource"]?["total"] == 1)
        }
    }

    @Test func batchReportsPerEntryFailures() async throws {
        try await withTestRepository { repo, client async throws in
            let bundle = Fixtures.bundle("batch", [
                Fixtures.entry("POST", "Patient", resource: ["resourceType": "Patient"]),
                Fixtures.entry("GET", "Patient/missing"),
                Fixtures.entry("PUT", "Patient/x", resource: ["resourceType": "Patient", "id": "y"]),
                Fixtures.entry("PUT", "Patient/z", resource: ["resourceType": "Patient", "id": "z"]),
            ])
            let response = Fixtures.json(try await repo.process(bundle: bundle, options: options))
            #expect(response["type"] == "batch-response")
            let statuses = response["entry"]?.arrayValue?.map { $0["response"]?["status"]?.stringValue ?? "" }
            #expect(statuses == ["201 Created", "404 Not Found", "400 Bad Request", "201 Created"])
            #expect(response["entry"]?[1]?["response"]?["outcome"]?["resourceType"] == "OperationOutcome")
            #expect(try await client.count("resource") == 2)
        }
    }

    @Test func transactionOfUpdatesVersionsEveryResource() async throws {
        try await withTestRepository { repo, client async throws in
            let puts = (0..<100).map { i in Fixtures.entry("PUT", "Patient/u\(i)", resource: Fixtures.patient(id: "u\(i)").value) }
            _ = try await repo.process(bundle: Fixtures.bundle("transaction", puts), options: options)
            let again = Fixtures.json(try await repo.process(bundle: Fixtures.bundle("transaction", puts), options: options))
            #expect(again["entry"]?.arrayValue?.allSatisfy { $0["response"]?["status"] == "200 OK" && $0["response"]?["etag"] == "W/\"2\"" } == true)
            #expect(try await client.count("resource", where: "version = 2") == 100)
            #expect(try await client.count("resource_history") == 200)
            // One stale If-Match among them rolls the whole transaction back.
            var stale = puts
            stale[50] = Fixtures.entry("PUT", "Patient/u50", resource: Fixtures.patient(id: "u50").value, ifMatch: "W/\"1\"")
            do {
                _ = try await repo.process(bundle: Fixtures.bundle("transaction", stale), options: options)
                Issue.record("expected 412")
            } catch let e as FHIRError {
                #expect(e.status == 412 && e.diagnostics.contains("entry[50]"))
            }
            #expect(try await client.count("resource_history") == 200)
        }
    }

    @Test func tenThousandEntryTransactionCommitsAtomically() async throws {
        try await withTestRepository { repo, client async throws in
            var entries: [JSON] = []
            for i in 0..<5_000 {
                entries.append(Fixtures.entry("POST", "Patient", fullUrl: "urn:uuid:p\(i)", resource: Fixtures.patient(identifier: "N\(i)").value))
                entries.append(Fixtures.entry("POST", "Observation", resource: [
                    "resourceType": "Observation", "status": "final", "code": ["text": "t"], "subject": ["reference": .string("urn:uuid:p\(i)")],
                ]))
            }
            let response = Fixtures.json(try await repo.process(bundle: Fixtures.bundle("transaction", entries), options: options))
            #expect(response["entry"]?.arrayValue?.count == 10_000)
            #expect(try await client.count("resource") == 10_000)
            #expect(try await client.count("search_reference", where: "param = 'subject' AND target_type = 'Patient'") == 5_000)
            #expect(try await client.count("search_token", where: "param = 'identifier'") == 5_000)

            // Over the configured limit: 413 and nothing written.
            let small = BundleOptions(baseURL: "http://test/", maxEntries: 100)
            do {
                _ = try await repo.process(bundle: Fixtures.bundle("transaction", Array(entries.prefix(101))), options: small)
                Issue.record("expected 413")
            } catch let e as FHIRError {
                #expect(e.status == 413)
            }
            #expect(try await client.count("resource") == 10_000)
        }
    }
}
