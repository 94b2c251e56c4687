import Evidence
import EvidentTesting
import FHIRCore
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// A visit in which the clinician invokes a smart phrase by name ("dot ros neg").
let phraseTranscript = """
    [doctor] what brings you in today ?
    [patient] i've had a cough for two weeks and it keeps me up at night .
    [doctor] do you smoke ?
    [patient] no , i quit ten years ago .
    [doctor] okay . dot ros neg .
    [doctor] let me take a look . your lungs have some wheezing on the right side .
    [doctor] for your cough , i want you to use an albuterol inhaler two puffs every four hours as needed .
    [patient] okay , sounds good .
    """

/// The narrative of every section of a note, joined.
func narrative(_ note: JSON?) -> String { note?["section"]?.arrayValue?.compactMap { $0["text"]?["div"]?.stringValue }.joined() ?? "" }

/// The Provenance (from an operation's output) whose target names `element`.
func provenance(_ r: TestResponse, for element: String) -> JSON? {
    r.parameters("provenance").compactMap { $0["resource"] }.first { $0["target"]?[0]?["extension"]?[0]?["valueUri"]?.stringValue == element }
}

@Suite("$ambient-note templates, smart phrases and the record")
struct AmbientNoteTemplateTests {
    /// A custom template: history (bullets, with a text phrase and a question phrase), exam, and plan.
    static let template: JSON = [
        "resourceType": "Questionnaire", "id": "resp", "status": "active", "name": "RespiratoryVisit",
        "item": [
            ["linkId": "h", "type": "group", "text": "History", "code": [["system": "http://loinc.org", "code": "10164-2"]],
             "extension": [["url": "https://evident.dev/fhir/StructureDefinition/note-section-style", "valueCode": "bullets"]],
             "item": [["linkId": "h1", "type": "group", "prefix": ".RESPQ",
                       "item": [["linkId": "h1a", "type": "string", "text": "Does the patient smoke?"],
                                ["linkId": "h1b", "type": "string", "text": "Any recent travel?"]]]]],
            ["linkId": "r", "type": "group", "text": "Systems", "code": [["system": "http://loinc.org", "code": "10187-3"]],
             "item": [["linkId": "r1", "type": "display", "prefix": ".ROSNEG", "text": "All other systems were reviewed and are negative."]]],
            ["linkId": "e", "type": "group", "text": "Exam", "code": [["system": "http://loinc.org", "code": "29545-1"]]],
            ["linkId": "p", "type": "group", "text": "Plan", "code": [["system": "http://loinc.org", "code": "18776-5"]]],
        ],
    ]

    @Test func customTemplateWithSmartPhrasesFromAQuestionnaire() async throws {
        try await withServer { c, _ in
            try await c.seedEncounter()
            #expect(try await c.send(.put, "/Questionnaire/resp", json: Self.template.jsonString).status == .created)
            let r = try await c.invoke("/Encounter/e1/$ambient-note", [["name": "transcript", "valueString": .string(phraseTranscript)],
                                                                     ["name": "templateReference", "valueReference": ["reference": "Questionnaire/resp"]]])
            #expect(r.status == .ok, "\(String(buffer: r.body))")
            let note = try #require(r.parameters("return").first?["resource"])
            let sections = try #require(note["section"]?.arrayValue)
            #expect(sections.compactMap { $0["title"]?.stringValue } == ["History", "Systems", "Exam", "Plan"])
            let history = sections[0]["text"]?["div"]?.stringValue ?? ""
            #expect(history.contains("<ul><li>"), "\(history)")
            #expect(history.contains("The patient reports he has had a cough for 2 weeks"))
            // The question phrase: the smoking question is answered from the conversation; travel is reported unanswered.
            #expect(history.contains("<b>Does the patient smoke:</b> <span id=\"hpi-"), "\(history)")
            #expect(history.contains("No, he quit 10 years ago."), "\(history)")
            let outcome = r.parameters("outcome").first?["resource"]?["issue"]?.arrayValue ?? []
            #expect(outcome.contains { $0["diagnostics"]?.stringValue?.contains("'Any recent travel?'") == true }, "\(outcome)")
            // The text phrase went into the ROS section where it was said, quoting the transcript and the Questionnaire.
            let systems = sections[1]["text"]?["div"]?.stringValue ?? ""
            #expect(systems.contains("All other systems were reviewed and are negative."), "\(systems)")
            let p = try #require(provenance(r, for: "ros-1"))
            let entities = p["entity"]?.arrayValue ?? []
            #expect(entities.contains { $0["what"]?["reference"] == "Questionnaire/resp/_history/1" })
            #expect(entities.contains { e in e["extension"]?.arrayValue?.contains { $0["valueString"]?.stringValue?.contains("dot ros neg") == true } == true },
                    "\(entities)")
            #expect(!narrative(note).contains("dot ros neg"))
            // The plan section shows the treatment of the assessment and plan.
            #expect((sections[3]["text"]?["div"]?.stringValue ?? "").contains("albuterol"))
            let id = try #require(note["id"]?.stringValue)
            #expect(try await c.send(.get, "/Composition/\(id)/$verify-provenance").parameters("intact").first?["valueBoolean"] == true)
            let trace = try await c.send(.get, "/Composition/\(id)/$trace?element=ros-1")
            #expect(trace.status == .ok)
        }
    }

    @Test func inlineSmartPhrasesAreStoredAndQuoted() async throws {
        try await withServer { c, db in
            try await c.seedEncounter()
            let phrases: [JSON] = [
                ["name": "smartPhrase", "part": [["name": "name", "valueString": ".ROSNEG"], ["name": "section", "valueCode": "ros"],
                                                 ["name": "text", "valueString": "Review of systems otherwise negative."]]],
                ["name": "smartPhrase", "part": [["name": "name", "valueString": ".SOCIAL"], ["name": "section", "valueCode": "hpi"],
                                                 ["name": "question", "valueString": "Does the patient smoke?"]]],
            ]
            let r = try await c.invoke("/Encounter/e1/$ambient-note", [["name": "transcript", "valueString": .string(phraseTranscript)]] + phrases)
            #expect(r.status == .ok, "\(String(buffer: r.body))")
            let html = narrative(r.parameters("return").first?["resource"])
            #expect(html.contains("Review of systems otherwise negative."), "\(html)")
            #expect(html.contains("Does the patient smoke:"))
            let stored = try await c.send(.get, "/Questionnaire").json["entry"]?.arrayValue ?? []
            #expect(stored.count == 1)
            let qid = try #require(stored.first?["resource"]?["id"]?.stringValue)
            let p = try #require(provenance(r, for: "ros-1"))
            #expect(p["entity"]?.arrayValue?.contains { $0["what"]?["reference"]?.stringValue == "Questionnaire/\(qid)/_history/1" } == true)

            // A phrase with neither text nor question, a phrase for a section the template lacks, and a template
            // item without a LOINC code are rejected, and nothing is written.
            let before = try await db.count("resource", where: "true")
            let empty = try await c.invoke("/Encounter/e1/$ambient-note", [["name": "transcript", "valueString": "[patient] i have a cough ."],
                ["name": "smartPhrase", "part": [["name": "name", "valueString": ".X"], ["name": "section", "valueCode": "ros"]]]])
            #expect(empty.status == .badRequest && empty.diagnostics.contains("either a text or one or more questions"))
            let elsewhere = try await c.invoke("/Encounter/e1/$ambient-note", [["name": "transcript", "valueString": "[patient] i have a cough ."],
                ["name": "template", "valueCode": "soap"],
                ["name": "smartPhrase", "part": [["name": "name", "valueString": ".FU"], ["name": "section", "valueCode": "instructions"],
                                                 ["name": "text", "valueString": "Return if worse."]]]])
            #expect(elsewhere.status == .badRequest && elsewhere.diagnostics.contains("does not have"), "\(elsewhere.diagnostics)")
            var bad = Self.template
            bad["id"] = "bad"
            bad["item"] = [["linkId": "x", "type": "group", "text": "Stuff"]]
            #expect(try await c.send(.put, "/Questionnaire/bad", json: bad.jsonString).status == .created)
            let noCode = try await c.invoke("/Encounter/e1/$ambient-note", [["name": "transcript", "valueString": "[patient] i have a cough ."],
                                                                          ["name": "templateReference", "valueReference": ["reference": "Questionnaire/bad"]]])
            #expect(noCode.status == .badRequest && noCode.diagnostics.contains("LOINC section code"))
            let both = try await c.invoke("/Encounter/e1/$ambient-note", [["name": "transcript", "valueString": "[patient] i have a cough ."],
                ["name": "template", "valueCode": "soap"], ["name": "templateReference", "valueReference": ["reference": "Questionnaire/resp"]]])
            #expect(both.status == .badRequest)
            #expect(try await db.count("resource", where: "true") == before + 1)
        }
    }

    @Test func allergiesAndRecentResultsFromTheRecord() async throws {
        try await withServer { c, _ in
            try await c.seedEncounter()
            let allergy = #"{"resourceType":"AllergyIntolerance","id":"pcn","clinicalStatus":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical","code":"active"}]},"verificationStatus":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/allergyintolerance-verification","code":"confirmed"}]},"code":{"text":"penicillin"},"patient":{"reference":"Patient/p1"}}"#
            #expect(try await c.send(.put, "/AllergyIntolerance/pcn", json: allergy).status == .created)
            let recent = FHIRDateTime.instantString(epochSeconds: Date().timeIntervalSince1970 - 20 * 86_400).prefix(10)
            let old = FHIRDateTime.instantString(epochSeconds: Date().timeIntervalSince1970 - 900 * 86_400).prefix(10)
            for (id, date, value) in [("a1c-new", recent, 7.2), ("a1c-old", old, 9.1)] {
                let obs = #"{"resourceType":"Observation","id":"\#(id)","status":"final","category":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/observation-category","code":"laboratory"}]}],"code":{"coding":[{"system":"http://loinc.org","code":"4548-4","display":"Hemoglobin A1c/Hemoglobin.total in Blood"}]},"subject":{"reference":"Patient/p1"},"effectiveDateTime":"\#(date)","valueQuantity":{"value":\#(value),"unit":"%"}}"#
                #expect(try await c.send(.put, "/Observation/\(id)", json: obs).status == .created)
            }
            let r = try await c.invoke("/Encounter/e1/$ambient-note", [["name": "transcript", "valueString": .string(visitTranscript)]])
            #expect(r.status == .ok, "\(String(buffer: r.body))")
            let html = narrative(r.parameters("return").first?["resource"])
            #expect(html.contains("Allergies on record: penicillin."), "\(html)")
            #expect(html.contains("Hemoglobin A1c/Hemoglobin.total in Blood: 7.2 % (\(recent))"), "\(html)")
            #expect(!html.contains("9.1"))
            let all = r.parameters("provenance").compactMap { $0["resource"]?["entity"]?.arrayValue }.joined().compactMap { $0["what"]?["reference"]?.stringValue }
            #expect(all.contains("AllergyIntolerance/pcn/_history/1") && all.contains("Observation/a1c-new/_history/1"))
        }
    }
}
