import Evidence
import EvidentTesting
import FHIRCore
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// A note with every kind of medication change (written for this test).
let medicationNote = """
    CHIEF COMPLAINT

    Follow-up of diabetes and high blood pressure.

    ASSESSMENT AND PLAN

    Type 2 diabetes.
    • Medical Reasoning: His diabetes is poorly controlled.
    • Medical Treatment: Increase metformin to 1000 mg twice a day.
    • Additional Testing: I will order a hemoglobin A1c in 3 months.

    Hypertension.
    • Medical Treatment: Continue lisinopril 20 mg daily. Stop hydrochlorothiazide.

    Left knee pain.
    • Medical Treatment: Start meloxicam 15 mg once a day.
    • Specialist Referrals: I am referring him to physical therapy.

    Follow up in 3 months.
    """

@Suite("$after-visit-summary over HTTP")
struct AfterVisitSummaryTests {
    @Test func aNoteBecomesAPlainLanguageSummaryWithEveryMedicationChange() async throws {
        try await withServer(seed: true) { c, db in
            try await c.seedEncounter()
            let r = try await c.invoke("/Encounter/e1/$after-visit-summary", [["name": "note", "valueString": .string(medicationNote)]])
            #expect(r.status == .ok, "\(String(buffer: r.body))")
            let s = Summary(r)
            #expect(s.sections["Why you came in"] == "You came in for a follow-up of diabetes and high blood pressure.", "\(s.sections)")
            let medicines = s.sections["Your medicines"] ?? ""
            #expect(medicines.contains("Take a higher dose of metformin: 1000 mg twice a day."), "\(medicines)")
            #expect(medicines.contains("Keep taking lisinopril 20 mg daily."))
            #expect(medicines.contains("Stop taking hydrochlorothiazide."))
            #expect(medicines.contains("Start taking meloxicam 15 mg once a day."))
            let orders = s.sections["Tests and referrals"] ?? ""
            #expect(orders.contains("We will order an A1c in 3 months.") && orders.contains("We are referring you to physical therapy."), "\(orders)")
            // What each medicine is for, in the lexicon's plain words, right after it.
            #expect(medicines.contains("It is a diabetes pill.") && medicines.contains("It is a blood pressure medicine."), "\(medicines)")
            #expect(s.sections["What we found"]?.contains("You have high blood pressure.") == true, "\(s.sections)")
            #expect(s.sections["Next steps and follow-up"]?.contains("Follow up in 3 months.") == true, "\(s.sections)")
            // Warning signs for the conditions addressed, quoting the stored table.
            let help = s.sections["When to get help"] ?? ""
            #expect(help.contains("If your blood sugar is under 70, eat or drink some sugar."), "\(help)")
            let warning = try #require(s.provenance.keys.first { $0.hasPrefix("when-to-get-help") && s.cites($0).contains("PlanDefinition/evident-warning-signs/_history/1") })
            #expect(s.cites(warning).count == 2, "\(s.cites(warning))")
            // No codes and no jargon; every sentence restates the note (stored as a DocumentReference) and is signed.
            let all = s.sections.values.joined(separator: " ")
            #expect(!all.contains("E11") && !all.contains("Medical Treatment") && !all.lowercased().contains("hypertension"), "\(all)")
            let note = try #require(r.parameters("return").first?["resource"])
            #expect(note["type"]?["coding"]?[0]?["code"] == "69730-0" && note["subject"]?["reference"] == "Patient/p1")
            let outcome = r.parameters("outcome").first?["resource"]?["issue"]?.arrayValue ?? []
            #expect(outcome.contains { $0["diagnostics"]?.stringValue?.hasPrefix("Flesch–Kincaid grade") == true })
            #expect(!outcome.contains { $0["code"] == "incomplete" }, "\(outcome)")
            #expect(try await db.count("resource", where: "res_type = 'Provenance'") == s.provenance.count)
            let id = try #require(note["id"]?.stringValue)
            #expect(try await c.send(.get, "/Composition/\(id)/$verify-provenance").parameters("intact").first?["valueBoolean"] == true)
            try await ArtifactDump.write(["avs": note])
        }
    }

    @Test func theAmbientNoteIsSummarisedAndTracedToTheTranscript() async throws {
        try await withServer(seed: true) { c, _ in
            try await c.seedEncounter()
            let talk = """
                [doctor] how is your blood pressure ?
                [patient] it has been high at home .
                [doctor] let me take a look . your lungs are clear .
                [doctor] for your hypertension , i want you to increase lisinopril to 20 mg daily .
                [doctor] i want to see you back in two weeks .
                [patient] okay , sounds good .
                """
            #expect(try await c.invoke("/Encounter/e1/$ambient-note", [["name": "transcript", "valueString": .string(talk)]]).status == .ok)
            let r = try await c.invoke("/Encounter/e1/$after-visit-summary")
            #expect(r.status == .ok, "\(String(buffer: r.body))")
            let s = Summary(r)
            #expect(s.sections["Your medicines"]?.contains("Take a higher dose of lisinopril: 20 mg daily.") == true, "\(s.sections)")
            let med = try #require(s.provenance.keys.first { $0.hasPrefix("your-medicines") })
            let id = try #require(r.parameters("return").first?["resource"]?["id"]?.stringValue)
            let trace = try await c.send(.get, "/Composition/\(id)/$trace?element=\(med)")
            let links = trace.json["entry"]?[0]?["resource"]?["parameter"]?.arrayValue ?? []
            #expect(links.contains { part($0, "depth")?.intValue == 2 && part($0, "quote")?.stringValue?.contains("increase lisinopril to 20 mg daily") == true }, "\(links)")
        }
    }

    @Test func aNoteWithoutAPlanAndBadInput() async throws {
        try await withServer { c, db in
            try await c.seedEncounter()
            let r = try await c.invoke("/Encounter/e1/$after-visit-summary", [["name": "note", "valueString": "HISTORY OF PRESENT ILLNESS\n\nThe patient enjoys gardening.\n"],
                                                                           ["name": "persist", "valueBoolean": false]])
            #expect(r.status == .ok)
            #expect(r.parameters("provenance").isEmpty)
            #expect(r.parameters("outcome").first?["resource"]?["issue"]?.arrayValue?.contains { $0["diagnostics"]?.stringValue?.contains("no plan") == true } == true)
            #expect(try await c.invoke("/Encounter/e1/$after-visit-summary", [["name": "note", "valueString": "x"], ["name": "language", "valueCode": "fr"]]).status == .badRequest)
            #expect(try await c.invoke("/Encounter/e1/$after-visit-summary", [["name": "note", "valueString": "x"], ["name": "readingLevel", "valueInteger": 40]]).status == .badRequest)
            #expect(try await c.invoke("/Encounter/e1/$after-visit-summary", [["name": "note", "valueString": " "]]).status == .badRequest)
            #expect(try await c.invoke("/Encounter/e1/$after-visit-summary").status == .badRequest)
            #expect(try await db.count("resource", where: "res_type IN ('Composition', 'Provenance', 'DocumentReference')") == 0)
        }
    }
}
