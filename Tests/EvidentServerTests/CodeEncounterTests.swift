import Evidence
import EvidentTesting
import FHIRCore
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// A visit note in the house style (written for this test).
let codingNote = """
    CHIEF COMPLAINT

    Follow-up of diabetes.

    RESULTS

    X-rays of the left knee were obtained in the office today and show mild joint space narrowing.

    ASSESSMENT AND PLAN

    Type 2 diabetes.
    • Medical Reasoning: His diabetes is poorly controlled.
    • Medical Treatment: Increase metformin to 1000 mg twice a day.

    Left knee pain.
    • Medical Treatment: Meloxicam 15 mg once a day.

    Possible gout.
    • Medical Reasoning: There is no redness today. We will check a uric acid level.
    """

@Suite("$code-encounter over HTTP")
struct CodeEncounterTests {
    @Test func inlineNoteBecomesAClaimWithProvenancePerCode() async throws {
        try await withServer { c, db in
            try await c.seedEncounter()
            let r = try await c.invoke("/Encounter/e1/$code-encounter", [["name": "note", "valueString": .string(codingNote)]])
            #expect(r.status == .ok, "\(String(buffer: r.body))")
            let claim = try #require(r.parameters("return").first?["resource"])
            #expect(claim["status"] == "draft" && claim["use"] == "claim" && claim["patient"]?["reference"] == "Patient/p1")
            let diagnoses = claim["diagnosis"]?.arrayValue ?? []
            let codes = diagnoses.compactMap { $0["diagnosisCodeableConcept"]?["coding"]?[0]?["code"]?.stringValue }
            #expect(codes.first == "E11.65", "\(codes)")
            #expect(Set(codes).isSuperset(of: ["E11.65", "Z79.84", "M25.562"]) && !codes.contains { $0.hasPrefix("M10") }, "\(codes)")
            #expect(diagnoses.first?["type"]?[0]?["coding"]?[0]?["code"] == "principal")
            let items = claim["item"]?.arrayValue ?? []
            let cpt = items.compactMap { $0["productOrService"]?["coding"]?[0]?["code"]?.stringValue }
            #expect(cpt.contains("99214") && cpt.contains("73560"), "\(cpt)")
            // The x-ray carries LT and points at the knee pain; the E/M carries its MDM.
            let xray = try #require(items.first { $0["productOrService"]?["coding"]?[0]?["code"] == "73560" })
            #expect(xray["modifier"]?[0]?["coding"]?[0]?["code"] == "LT")
            let kneeSequence = diagnoses.first { $0["diagnosisCodeableConcept"]?["coding"]?[0]?["code"] == "M25.562" }?["sequence"]
            #expect(xray["diagnosisSequence"]?.arrayValue?.contains { $0 == kneeSequence } == true)
            let em = try #require(items.first { $0["productOrService"]?["coding"]?[0]?["code"] == "99214" })
            let mdm = em["extension"]?.arrayValue?.first { $0["url"]?.stringValue?.hasSuffix("medical-decision-making") == true }
            #expect(mdm?["extension"]?.arrayValue?.contains { $0["url"] == "risk" && $0["valueCode"] == "moderate" } == true, "\(em)")
            for element in diagnoses + items {
                #expect(element["id"] != nil)
                #expect(element["extension"]?.arrayValue?.contains { $0["url"]?.stringValue?.hasSuffix("AIconfidence") == true } == true)
            }
            // One Provenance per diagnosis and item, quoting the stored note.
            let provenance = r.parameters("provenance")
            #expect(provenance.count == diagnoses.count + items.count)
            #expect(try await db.count("resource", where: "res_type = 'Provenance'") == provenance.count)
            let docs = try await c.send(.get, "/DocumentReference?encounter=Encounter/e1").json["entry"]?.arrayValue ?? []
            #expect(docs.count == 1 && docs[0]["resource"]?["type"]?["coding"]?[0]?["code"] == "11506-3")
            let quote = provenance.first?["resource"]?["entity"]?[0]?["extension"]?.arrayValue?.first { $0["url"]?.stringValue?.hasSuffix("quotation") == true }
            #expect(quote?["valueString"]?.stringValue?.contains("diabetes") == true, "\(provenance.first!)")
            let id = try #require(claim["id"]?.stringValue)
            #expect(try await c.send(.get, "/Claim/\(id)/$verify-provenance").parameters("intact").first?["valueBoolean"] == true)
            try await ArtifactDump.write(["code-encounter-claim": claim, "code-encounter-provenance": provenance[0]["resource"]!])
        }
    }

    @Test func theAmbientNoteIsCodedAndTracedBackToTheTranscript() async throws {
        try await withServer { c, _ in
            try await c.seedEncounter()
            let talk = """
                [doctor] how is your blood pressure ?
                [patient] it has been high at home , around 160 .
                [doctor] let me take a look . your lungs are clear .
                [doctor] for your hypertension , i want you to increase lisinopril to 20 mg daily .
                [patient] okay , sounds good .
                """
            let note = try await c.invoke("/Encounter/e1/$ambient-note", [["name": "transcript", "valueString": .string(talk)]])
            #expect(note.status == .ok)
            // No note parameter: the encounter's newest Composition is coded.
            let r = try await c.invoke("/Encounter/e1/$code-encounter")
            #expect(r.status == .ok, "\(String(buffer: r.body))")
            let claim = try #require(r.parameters("return").first?["resource"])
            let codes = claim["diagnosis"]?.arrayValue?.compactMap { $0["diagnosisCodeableConcept"]?["coding"]?[0]?["code"]?.stringValue } ?? []
            #expect(codes == ["I10"], "\(codes)")
            let compositionID = try #require(note.parameters("return").first?["resource"]?["id"]?.stringValue)
            let entity = r.parameters("provenance").first?["resource"]?["entity"]?[0]
            #expect(entity?["what"]?["reference"]?.stringValue == "Composition/\(compositionID)/_history/1")
            // $trace: the diagnosis → the note sentence → the transcript span.
            let id = try #require(claim["id"]?.stringValue)
            let trace = try await c.send(.get, "/Claim/\(id)/$trace?element=dx-1")
            let links = trace.json["entry"]?[0]?["resource"]?["parameter"]?.arrayValue ?? []
            let depth2 = links.filter { part($0, "depth")?.intValue == 2 }
            #expect(depth2.contains { part($0, "source")?["reference"]?.stringValue?.hasPrefix("DocumentReference/") == true && part($0, "status") == "verified" }, "\(links)")
            #expect(depth2.contains { part($0, "quote")?.stringValue?.contains("hypertension") == true })
        }
    }

    @Test func badInputIsRejectedAndNothingIsWritten() async throws {
        try await withServer { c, db in
            try await c.seedEncounter()
            let none = try await c.invoke("/Encounter/e1/$code-encounter")
            #expect(none.status == .badRequest && none.diagnostics.contains("No note"))
            let empty = try await c.invoke("/Encounter/e1/$code-encounter", [["name": "note", "valueString": "  "]])
            #expect(empty.status == .badRequest && empty.diagnostics.contains("empty"))
            let both = try await c.invoke("/Encounter/e1/$code-encounter", [["name": "note", "valueString": "x"],
                                                                          ["name": "noteReference", "valueReference": ["reference": "Composition/x"]]])
            #expect(both.status == .badRequest && both.diagnostics.contains("not both"))
            let wrong = try await c.invoke("/Encounter/e1/$code-encounter", [["name": "noteReference", "valueReference": ["reference": "Patient/p1"]]])
            #expect(wrong.status == .badRequest)
            let visit = try await c.invoke("/Encounter/e1/$code-encounter", [["name": "note", "valueString": "x"], ["name": "visitType", "valueCode": "urgent"]])
            #expect(visit.status == .badRequest && visit.diagnostics.contains("visitType 'urgent'"))
            let pos = try await c.invoke("/Encounter/e1/$code-encounter", [["name": "note", "valueString": "x"], ["name": "placeOfService", "valueCode": "office"]])
            #expect(pos.status == .badRequest)
            let huge = try await c.invoke("/Encounter/e1/$code-encounter", [["name": "note", "valueString": .string(String(repeating: "Hypertension. ", count: 20_000))]])
            #expect(huge.status == .contentTooLarge)
            #expect(try await db.count("resource", where: "res_type IN ('Claim', 'Provenance', 'DocumentReference')") == 0)
            // Nothing codable: a claim with only the visit, and an outcome that says so; preview writes nothing.
            let chat = try await c.invoke("/Encounter/e1/$code-encounter", [["name": "note", "valueString": "ASSESSMENT AND PLAN\n\nWe talked about his garden.\n"],
                                                                          ["name": "persist", "valueBoolean": false]])
            #expect(chat.status == .ok)
            let claim = chat.parameters("return").first?["resource"]
            #expect(claim?["diagnosis"] == nil && claim?["item"]?.arrayValue?.count == 1)
            #expect(chat.parameters("outcome").first?["resource"]?["issue"]?.arrayValue?.contains { $0["diagnostics"]?.stringValue?.contains("Nothing in the note") == true } == true)
            #expect(try await db.count("resource", where: "res_type IN ('Claim', 'Provenance')") == 0)
        }
    }
}
