import Evidence
import EvidentTesting
import FHIRCore
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// A short visit in ACI-Bench's tag style (written for this test).
let visitTranscript = """
    [doctor] hi james , how are you doing today ?
    [patient] not great . i've had a headache for three days and some nausea .
    [doctor] i'm sorry . any fever ?
    [patient] no .
    [doctor] any vision changes ?
    [patient] no , no vision changes .
    [patient] i took ibuprofen 400 mg twice a day but it did n't help much .
    [doctor] okay , let me take a look . let's do a quick physical exam .
    [doctor] your blood pressure is 150 over 95 . your neck is supple and there is no tenderness over the sinuses .
    [doctor] your neurological exam is normal .
    [doctor] so for your headache , i think this is a tension headache . i want you to continue ibuprofen 400 mg as needed and drink more water .
    [doctor] for your blood pressure , i'm going to order some labs and we'll recheck it in two weeks .
    [patient] okay , that sounds good .
    """

extension TestClientProtocol {
    /// Patient/p1 (male) and Encounter/e1 for him.
    func seedEncounter() async throws {
        #expect(try await send(.put, "/Patient/p1", json: #"{"resourceType":"Patient","id":"p1","gender":"male","birthDate":"1970-05-01","name":[{"family":"Doe","given":["James"]}]}"#).status == .created)
        #expect(try await send(.put, "/Encounter/e1", json: #"{"resourceType":"Encounter","id":"e1","status":"finished","class":{"system":"http://terminology.hl7.org/CodeSystem/v3-ActCode","code":"AMB"},"subject":{"reference":"Patient/p1"}}"#).status == .created)
    }
}

@Suite("$ambient-note over HTTP")
struct AmbientNoteTests {
    @Test func inlineTranscriptBecomesANoteWithProvenancePerSentence() async throws {
        try await withServer { c, db in
            try await c.seedEncounter()
            let r = try await c.invoke("/Encounter/e1/$ambient-note", [["name": "transcript", "valueString": .string(visitTranscript)]])
            #expect(r.status == .ok, "\(String(buffer: r.body))")
            let note = try #require(r.parameters("return").first?["resource"])
            #expect(note["type"]?["coding"]?[0]?["code"] == "11506-3")
            #expect(note["subject"]?["reference"] == "Patient/p1" && note["encounter"]?["reference"] == "Encounter/e1")
            let sections = try #require(note["section"]?.arrayValue)
            let codes = sections.compactMap { $0["code"]?["coding"]?[0]?["code"]?.stringValue }
            #expect(codes.contains("10164-2") && codes.contains("29545-1") && codes.contains("51847-2"), "\(codes)")
            let all = sections.compactMap { $0["text"]?["div"]?.stringValue }.joined()
            #expect(all.contains("The patient reports he has had a headache for 3 days"), "\(all)")
            #expect(all.contains("Denies fever."))
            #expect(all.contains("150/95 mmHg"))
            #expect(all.contains("ibuprofen 400 mg"))
            #expect(!all.contains("how are you"))
            let spans = NarrativeText(xhtml: all).elements.count
            let provenance = r.parameters("provenance")
            #expect(provenance.count == spans)
            #expect(try await db.count("resource", where: "res_type = 'Provenance'") == spans)
            // The inline transcript was stored (LOINC 75476-2, linked to the encounter) and every Provenance quotes it.
            let docs = try await c.send(.get, "/DocumentReference?encounter=Encounter/e1").json
            #expect(docs["entry"]?.arrayValue?.count == 1)
            let docID = try #require(docs["entry"]?[0]?["resource"]?["id"]?.stringValue)
            for p in provenance { #expect(p["resource"]?["entity"]?[0]?["what"]?["reference"]?.stringValue == "DocumentReference/\(docID)/_history/1") }

            // $trace from a sentence to its transcript span.
            let compositionID = try #require(note["id"]?.stringValue)
            let trace = try await c.send(.get, "/Composition/\(compositionID)/$trace?element=hpi-1")
            let link = try #require(trace.json["entry"]?[0]?["resource"]?["parameter"]?[0])
            #expect(part(link, "status") == "verified")
            #expect(part(link, "quote")?.stringValue?.contains("headache for three days") == true)
            #expect(try await c.send(.get, "/Composition/\(compositionID)/$verify-provenance").parameters("intact").first?["valueBoolean"] == true)
            // The exam's findings and the plan's orders are written from the facts read, each quoting only its own words.
            #expect(all.contains("No tenderness over the sinuses.") && all.contains("Continue ibuprofen 400 mg as needed.") && all.contains("Drink more water."),
                    "\(all)")
            let exam = try await c.send(.get, "/Composition/\(compositionID)/$trace?element=exam-2")
            let examLink = try #require(exam.json["entry"]?[0]?["resource"]?["parameter"]?[0])
            #expect(part(examLink, "status") == "verified")
            #expect(part(examLink, "quote")?.stringValue == "no tenderness over the sinuses", "\(exam.json)")
            try await ArtifactDump.write(["ambient-note": note, "ambient-provenance": provenance[0]["resource"]!])
        }
    }

    @Test func referencedTranscriptSoapTemplateAndPreview() async throws {
        try await withServer { c, db in
            try await c.seedEncounter()
            let doc = JSON.object([
                "resourceType": "DocumentReference", "id": "t9", "status": "current", "subject": ["reference": "Patient/p1"],
                "context": ["encounter": [["reference": "Encounter/e1"]]],
                "content": [["attachment": ["contentType": "text/plain", "data": .string(Data(visitTranscript.utf8).base64EncodedString())]]],
            ])
            #expect(try await c.send(.put, "/DocumentReference/t9", json: doc.jsonString).status == .created)
            let preview = try await c.invoke("/Encounter/e1/$ambient-note", [["name": "transcriptReference", "valueReference": ["reference": "DocumentReference/t9"]],
                                                                           ["name": "template", "valueCode": "soap"], ["name": "persist", "valueBoolean": false]])
            #expect(preview.status == .ok, "\(String(buffer: preview.body))")
            let titles = preview.parameters("return").first?["resource"]?["section"]?.arrayValue?.compactMap { $0["title"]?.stringValue }
            #expect(titles == ["SUBJECTIVE", "OBJECTIVE", "ASSESSMENT", "PLAN"])
            #expect(try await db.count("resource", where: "res_type IN ('Composition', 'Provenance')") == 0)
            // Without a transcript parameter the encounter's newest DocumentReference is used.
            let implicit = try await c.invoke("/Encounter/e1/$ambient-note")
            #expect(implicit.status == .ok)
            #expect(implicit.parameters("provenance").first?["resource"]?["entity"]?[0]?["what"]?["reference"] == "DocumentReference/t9/_history/1")
        }
    }

    @Test func theAssessmentIsGroundedInThePatientsRecord() async throws {
        try await withServer { c, _ in
            try await c.seedEncounter()
            let condition = #"{"resourceType":"Condition","id":"htn","clinicalStatus":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/condition-clinical","code":"active"}]},"code":{"coding":[{"system":"http://snomed.info/sct","code":"38341003","display":"Hypertension"}]},"subject":{"reference":"Patient/p1"}}"#
            #expect(try await c.send(.put, "/Condition/htn", json: condition).status == .created)
            let med = #"{"resourceType":"MedicationRequest","id":"lis","status":"active","intent":"order","medicationCodeableConcept":{"text":"lisinopril 10 mg tablet"},"subject":{"reference":"Patient/p1"}}"#
            #expect(try await c.send(.put, "/MedicationRequest/lis", json: med).status == .created)
            let talk = "[doctor] how is your hypertension ?\n[patient] i have been taking my lisinopril every day .\n[doctor] let me take a look . your lungs are clear .\n[doctor] for your hypertension , i want you to continue lisinopril 10 mg daily .\n[patient] okay ."
            let r = try await c.invoke("/Encounter/e1/$ambient-note", [["name": "transcript", "valueString": .string(talk)]])
            #expect(r.status == .ok, "\(String(buffer: r.body))")
            let note = try #require(r.parameters("return").first?["resource"])
            let html = note["section"]!.arrayValue!.compactMap { $0["text"]?["div"]?.stringValue }.joined()
            #expect(html.contains("He has a history of hypertension."), "\(html)")
            #expect(html.contains("Current medications on record: lisinopril 10 mg tablet."))
            let provenance = r.parameters("provenance").compactMap { $0["resource"] }
            func entities(_ element: String) -> [String] {
                provenance.first { $0["target"]?[0]?["extension"]?[0]?["valueUri"]?.stringValue == element }?["entity"]?.arrayValue?
                    .compactMap { $0["what"]?["reference"]?.stringValue } ?? []
            }
            #expect(entities("hpi-1") == ["Condition/htn/_history/1"])
            #expect(entities("hpi-2") == ["MedicationRequest/lis/_history/1"])
            // The plan's problem heading quotes the transcript and rests on the Condition too.
            let heading = provenance.first { p in p["entity"]?.arrayValue?.contains { $0["what"]?["reference"] == "Condition/htn/_history/1" } == true
                && p["target"]?[0]?["extension"]?[0]?["valueUri"]?.stringValue?.hasPrefix("ap-") == true }
            #expect(heading?["entity"]?.arrayValue?.count == 2)
            let compositionID = try #require(note["id"]?.stringValue)
            #expect(try await c.send(.get, "/Composition/\(compositionID)/$verify-provenance").parameters("intact").first?["valueBoolean"] == true)
        }
    }

    @Test func otherSpeakerFormatsAndRawASR() async throws {
        try await withServer { c, _ in
            try await c.seedEncounter()
            let prefixed = "00:00:01 Dr.: Any chest pain?\n00:00:04 Patient: No. But I have had a cough for two weeks.\nDr.: Your lungs are clear on exam.\n"
            let r = try await c.invoke("/Encounter/e1/$ambient-note", [["name": "transcript", "valueString": .string(prefixed)]])
            let text = r.parameters("return").first?["resource"]?["section"]?.arrayValue?.compactMap { $0["text"]?["div"]?.stringValue }.joined() ?? ""
            #expect(text.contains("The patient reports he has had a cough for 2 weeks"), "\(text)")
            let asr = "so how are you doing today well i have had this knee pain for about three weeks and it gets worse when i climb stairs okay let me take a look your knee has some swelling"
            let a = try await c.invoke("/Encounter/e1/$ambient-note", [["name": "transcript", "valueString": .string(asr)]])
            #expect(a.status == .ok)
            #expect(a.parameters("provenance").count >= 1)
        }
    }

    @Test func withoutAGenderOnRecordThePronounsComeFromTheGreeting() async throws {
        try await withServer { c, _ in
            #expect(try await c.send(.put, "/Patient/p2", json: #"{"resourceType":"Patient","id":"p2"}"#).status == .created)
            #expect(try await c.send(.put, "/Encounter/e2", json: #"{"resourceType":"Encounter","id":"e2","status":"finished","class":{"system":"http://terminology.hl7.org/CodeSystem/v3-ActCode","code":"AMB"},"subject":{"reference":"Patient/p2"}}"#).status == .created)
            let talk = "[doctor] hey lawrence how're you doing\n[patient] my right elbow has been hurting for a week .\n[doctor] okay let me take a look at your elbow ."
            let r = try await c.invoke("/Encounter/e2/$ambient-note", [["name": "transcript", "valueString": .string(talk)]])
            #expect(r.status == .ok, "\(String(buffer: r.body))")
            let text = r.parameters("return").first?["resource"]?["section"]?.arrayValue?.compactMap { $0["text"]?["div"]?.stringValue }.joined() ?? ""
            #expect(text.contains("his right elbow has been hurting"), "\(text)")
        }
    }

    @Test func utterancePartsWithSpeakersAndTimes() async throws {
        try await withServer { c, _ in
            try await c.seedEncounter()
            func utterance(_ speaker: String, _ start: Double, _ text: String) -> JSON {
                ["name": "utterance", "part": [["name": "speaker", "valueCode": .string(speaker)], ["name": "start", "valueDecimal": .number(JSONNumber(start))],
                                               ["name": "end", "valueDecimal": .number(JSONNumber(start + 3))], ["name": "text", "valueString": .string(text)]]]
            }
            let r = try await c.invoke("/Encounter/e1/$ambient-note", [
                utterance("clinician", 0, "what brings you in today ?"),
                utterance("patient", 4, "i've had a cough for two weeks ."),
                utterance("family", 9, "he coughs all night ."),
                utterance("clinician", 14, "let me take a look . your lungs have some wheezing ."),
            ])
            #expect(r.status == .ok, "\(String(buffer: r.body))")
            let html = r.parameters("return").first?["resource"]?["section"]?.arrayValue?.compactMap { $0["text"]?["div"]?.stringValue }.joined() ?? ""
            #expect(html.contains("The patient reports he has had a cough for 2 weeks."), "\(html)")
            let docID = try #require(r.parameters("provenance").first?["resource"]?["entity"]?[0]?["what"]?["reference"]?.stringValue)
            let doc = try await c.send(.get, "/" + docID.replacingOccurrences(of: "/_history/1", with: "")).json
            let stored = String(decoding: Data(base64Encoded: doc["content"]![0]!["attachment"]!["data"]!.stringValue!)!, as: UTF8.self)
            #expect(stored.hasPrefix("[00:00] [doctor] what brings you in today ?\n[00:04] [patient] i've had a cough"))
            let bad = try await c.invoke("/Encounter/e1/$ambient-note", [utterance("robot", 0, "beep")])
            #expect(bad.status == .badRequest && bad.diagnostics.contains("speaker 'robot'"))
            let both = try await c.invoke("/Encounter/e1/$ambient-note", [["name": "transcript", "valueString": "x"], utterance("patient", 0, "hi")])
            #expect(both.status == .badRequest && both.diagnostics.contains("not both"))
            let noText = try await c.invoke("/Encounter/e1/$ambient-note", [["name": "utterance", "part": [["name": "speaker", "valueCode": "patient"]]]])
            #expect(noText.status == .badRequest && noText.diagnostics.contains("text"))
        }
    }

    @Test func offTopicTextSaysLittleRatherThanInventing() async throws {
        try await withServer { c, _ in
            try await c.seedEncounter()
            let r = try await c.invoke("/Encounter/e1/$ambient-note", [["name": "transcript", "valueString": "[doctor] nice weather today .\n[patient] yes , i went fishing with my brother ."]])
            #expect(r.status == .ok)
            #expect(r.parameters("provenance").isEmpty)
            let outcome = try #require(r.parameters("outcome").first?["resource"])
            #expect(outcome["issue"]?.arrayValue?.contains { $0["diagnostics"]?.stringValue?.contains("HISTORY OF PRESENT ILLNESS is empty") == true } == true)
            let spanish = try await c.invoke("/Encounter/e1/$ambient-note", [["name": "transcript", "valueString": "[doctor] hola , ¿cómo está usted hoy ?\n[patient] muy bien , gracias ."]])
            #expect(spanish.status == .ok && spanish.parameters("provenance").isEmpty)
        }
    }

    @Test func badTranscriptsAreRejectedAndNothingIsWritten() async throws {
        try await withServer { c, db in
            try await c.seedEncounter()
            let empty = try await c.invoke("/Encounter/e1/$ambient-note", [["name": "transcript", "valueString": "   \n "]])
            #expect(empty.status == .badRequest && empty.diagnostics.contains("empty"))
            let garbage = try await c.invoke("/Encounter/e1/$ambient-note", [["name": "transcript", "valueString": .string(String(repeating: "\u{01}\u{02}ab", count: 50))]])
            #expect(garbage.status == .badRequest && garbage.diagnostics.contains("not text"))
            let huge = try await c.invoke("/Encounter/e1/$ambient-note", [["name": "transcript", "valueString": .string(String(repeating: "[patient] i have a cough . ", count: 20_000))]])
            #expect(huge.status == .contentTooLarge)
            let badTemplate = try await c.invoke("/Encounter/e1/$ambient-note", [["name": "transcript", "valueString": "x"], ["name": "template", "valueCode": "haiku"]])
            #expect(badTemplate.status == .badRequest && badTemplate.diagnostics.contains("template 'haiku'"))
            let badRef = try await c.invoke("/Encounter/e1/$ambient-note", [["name": "transcriptReference", "valueReference": ["reference": "Patient/p1"]]])
            #expect(badRef.status == .badRequest)
            let missing = try await c.invoke("/Encounter/nope/$ambient-note", [["name": "transcript", "valueString": "x"]])
            #expect(missing.status == .notFound)
            let none = try await c.invoke("/Encounter/e1/$ambient-note")
            #expect(none.status == .badRequest && none.diagnostics.contains("No transcript"))
            #expect(try await db.count("resource", where: "res_type IN ('Composition', 'Provenance', 'DocumentReference')") == 0)
        }
    }

    @Test func sentencesThatDoNotReadAsProseAreLeftOutAndReported() async throws {
        try await withServer { c, db in
            try await c.seedEncounter()
            let talk = visitTranscript.replacingOccurrences(of: "[doctor] i'm sorry . any fever ?",
                                                            with: "[patient] and it hurts more when you press right there on my temple .\n[doctor] i'm sorry . any fever ?")
            let r = try await c.invoke("/Encounter/e1/$ambient-note", [["name": "transcript", "valueString": .string(talk)]])
            #expect(r.status == .ok, "\(String(buffer: r.body))")
            let note = try #require(r.parameters("return").first?["resource"])
            let all = (note["section"]?.arrayValue ?? []).compactMap { $0["text"]?["div"]?.stringValue }.joined()
            #expect(!all.contains("you press") && !all.contains("temple"), "\(all)")
            let issues = r.parameters("outcome").first?["resource"]?["issue"]?.arrayValue ?? []
            let left = issues.compactMap { $0["diagnostics"]?.stringValue }.filter { $0.hasPrefix("Left out a drafted hpi sentence") }
            #expect(left.count == 1 && left[0].contains("second person: \"you\"") && left[0].contains("when you press"), "\(issues)")
            // Nothing was written for it: one Provenance per sentence shown.
            #expect(try await db.count("resource", where: "res_type = 'Provenance'") == NarrativeText(xhtml: all).elements.count)
        }
    }
}
