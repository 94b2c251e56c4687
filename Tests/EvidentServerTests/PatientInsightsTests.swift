import Evidence
import EvidentTesting
import FHIRCore
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// The sentences of a summary by section title, and the summary's Provenance by element id.
struct Summary {
    var sections: [String: String]
    var provenance: [String: JSON]

    init(_ r: TestResponse) {
        let note = r.parameters("return").first?["resource"]
        sections = Dictionary(uniqueKeysWithValues: (note?["section"]?.arrayValue ?? []).map { s in
            (s["title"]?.stringValue ?? "", NarrativeText(xhtml: s["text"]?["div"]?.stringValue ?? "").text)
        })
        provenance = Dictionary(uniqueKeysWithValues: r.parameters("provenance").compactMap { $0["resource"] }.compactMap { p in
            p["target"]?[0]?["extension"]?[0]?["valueUri"]?.stringValue.map { ($0, p) }
        })
    }

    func cites(_ element: String) -> [String] {
        provenance[element]?["entity"]?.arrayValue?.compactMap { $0["what"]?["reference"]?.stringValue } ?? []
    }
}

@Suite("$patient-insights over HTTP")
struct PatientInsightsTests {
    static func condition(_ id: String, snomed: String, _ display: String, onset: String, icd: String? = nil) -> String {
        let icdCoding = icd.map { #",{"system":"http://hl7.org/fhir/sid/icd-10-cm","code":"\#($0)"}"# } ?? ""
        return #"{"resourceType":"Condition","id":"\#(id)","clinicalStatus":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/condition-clinical","code":"active"}]},"code":{"coding":[{"system":"http://snomed.info/sct","code":"\#(snomed)","display":"\#(display)"}\#(icdCoding)]},"subject":{"reference":"Patient/p1"},"onsetDateTime":"\#(onset)"}"#
    }

    static func egfr(_ id: String, _ value: Double, _ date: String) -> String {
        #"{"resourceType":"Observation","id":"\#(id)","status":"final","category":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/observation-category","code":"laboratory"}]}],"code":{"coding":[{"system":"http://loinc.org","code":"33914-3","display":"Estimated Glomerular Filtration Rate"}]},"subject":{"reference":"Patient/p1"},"effectiveDateTime":"\#(date)","valueQuantity":{"value":\#(value),"unit":"mL/min/{1.73_m2}"}}"#
    }

    @Test func aRecordBecomesAVerifiedSummaryWithoutDuplicates() async throws {
        // Seeded: the SNOMED CT → ICD-10-CM ConceptMap is stored, so mapped codes can cite it.
        try await withServer(seed: true) { c, db in
            try await c.seedEncounter()
            // The same problem three times (the record repeats itself), diabetes with and without a complication
            // (HCC 37 outranks HCC 38), and two low eGFRs 120 days apart with no kidney diagnosis.
            for (id, onset) in [("htn1", "2015-01-10"), ("htn2", "2019-06-01"), ("htn3", "2023-02-02")] {
                #expect(try await c.send(.put, "/Condition/\(id)", json: Self.condition(id, snomed: "38341003", "Hypertension (disorder)", onset: onset)).status == .created)
            }
            #expect(try await c.send(.put, "/Condition/dm", json: Self.condition("dm", snomed: "44054006", "Diabetes mellitus type 2 (disorder)", onset: "2018-04-01")).status == .created)
            #expect(try await c.send(.put, "/Condition/dn", json: Self.condition("dn", snomed: "368581000119106", "Neuropathy due to type 2 diabetes mellitus (disorder)", onset: "2022-04-01", icd: "E11.40")).status == .created)
            #expect(try await c.send(.put, "/Observation/g1", json: Self.egfr("g1", 52.4, "2024-01-05")).status == .created)
            #expect(try await c.send(.put, "/Observation/g2", json: Self.egfr("g2", 48.07, "2024-05-04")).status == .created)
            let med = #"{"resourceType":"MedicationRequest","id":"met","status":"active","intent":"order","medicationCodeableConcept":{"text":"metformin 500 mg tablet"},"subject":{"reference":"Patient/p1"},"authoredOn":"2024-05-04","reasonReference":[{"reference":"Condition/dm"}]}"#
            #expect(try await c.send(.put, "/MedicationRequest/met", json: med).status == .created)
            let enc = #"{"resourceType":"Encounter","id":"e0","status":"finished","class":{"system":"http://terminology.hl7.org/CodeSystem/v3-ActCode","code":"AMB"},"type":[{"text":"Follow-up visit"}],"subject":{"reference":"Patient/p1"},"period":{"start":"2024-05-04T09:00:00Z"},"participant":[{"individual":{"display":"Dr. Ana Ruiz"}}]}"#
            #expect(try await c.send(.put, "/Encounter/e0", json: enc).status == .created)
            let r = try await c.invoke("/Patient/p1/$patient-insights", [["name": "asOf", "valueDate": "2025-03-01"], ["name": "visitType", "valueCode": "chronic-care"]])
            #expect(r.status == .ok, "\(String(buffer: r.body))")
            let s = Summary(r)
            #expect(s.sections["Patient and Encounter Overview"]?.contains("James Doe, male, born 1970-05-01.") == true, "\(s.sections)")
            let conditions = try #require(s.sections["Active Conditions"])
            #expect(conditions.components(separatedBy: "Hypertension (SNOMED CT 38341003; ICD-10-CM I10), since 2015-01-10").count == 2, "\(conditions)")
            #expect(conditions.contains("treated with metformin 500 mg tablet"))
            let htn = try #require(s.provenance.keys.first { s.cites($0).contains("Condition/htn1/_history/1") && $0.hasPrefix("active-conditions") })
            // The mapped ICD-10-CM code cites the ConceptMap entry it came from.
            #expect(Set(s.cites(htn)) == ["Condition/htn1/_history/1", "Condition/htn2/_history/1", "Condition/htn3/_history/1",
                                          "ConceptMap/evident-snomed-icd10cm/_history/1"])
            let mapEntity = s.provenance[htn]?["entity"]?.arrayValue?.first { $0["what"]?["reference"]?.stringValue?.hasPrefix("ConceptMap/") == true }
            #expect(mapEntity?["what"]?["extension"]?.arrayValue?.contains { $0["valueUri"] == "snomed-38341003" || $0["valueString"] == "snomed-38341003" } == true,
                    "\(String(describing: mapEntity))")
            let review = try #require(s.sections["Condition Review (CMS-HCC V28)"])
            #expect(review.contains("HCC37") && review.contains("outranked by HCC37"), "\(review)")
            #expect(review.contains("(N18.30), suspected") && review.contains("eGFR 52.4 mL/min/{1.73_m2} on 2024-01-05 and 48.07 mL/min/{1.73_m2} on 2024-05-04"), "\(review)")
            #expect(review.contains("has not been addressed this calendar year"))
            #expect(review.contains("Colorectal cancer screening is due; no colonoscopy is recorded."), "\(review)")
            #expect(s.sections["Trends over Time"]?.contains("eGFR: 48.07 mL/min/{1.73_m2} on 2024-05-04, falling from 52.4") == true)
            // Every sentence verified and signed; one Provenance per sentence, written with the summary.
            #expect(r.parameters("outcome").isEmpty)
            let spans = r.parameters("return").first?["resource"]?["section"]?.arrayValue?.compactMap { $0["text"]?["div"]?.stringValue }
                .map { NarrativeText(xhtml: $0).elements.count }.reduce(0, +) ?? 0
            #expect(spans == s.provenance.count && spans > 8, "\(spans)")
            #expect(try await db.count("resource", where: "res_type = 'Provenance'") == spans)
            #expect(try await c.send(.get, "/ConceptMap/evident-snomed-icd10cm").status == .ok)
            let id = try #require(r.parameters("return").first?["resource"]?["id"]?.stringValue)
            #expect(try await c.send(.get, "/Composition/\(id)/$verify-provenance").parameters("intact").first?["valueBoolean"] == true)
            let trace = try await c.send(.get, "/Composition/\(id)/$trace?element=\(htn)")
            #expect(trace.status == .ok)
            try await ArtifactDump.write(["insights": r.parameters("return").first!["resource"]!])
        }
    }

    @Test func aSyntheaPatientIsSummarised() async throws {
        guard SharedData.isAvailable else { return }
        try await withServer { c, _ in
            let file = SharedData.root + "/synthea/r4-bundles/Adalberto_Hartmann_44ec4447-9e2c-4eb9-bd4f-0bdb416b806e.json"
            let bundle = try String(contentsOfFile: file, encoding: .utf8)
            #expect(try await c.send(.post, "/", json: bundle).status == .ok)
            let pid = try #require(try await c.send(.get, "/Patient?family=Hartmann").json["entry"]?[0]?["resource"]?["id"]?.stringValue)
            let r = try await c.invoke("/Patient/\(pid)/$patient-insights", [["name": "asOf", "valueDate": "2021-06-01"], ["name": "visitType", "valueCode": "annual"],
                                                                           ["name": "persist", "valueBoolean": false]])
            #expect(r.status == .ok)
            let s = Summary(r)
            #expect(s.sections["Active Conditions"]?.contains("Alzheimer's disease (SNOMED CT 26929004") == true)
            #expect(s.sections["Condition Review (CMS-HCC V28)"]?.contains("HCC127 Dementia, Mild or Unspecified") == true)
            #expect(s.sections.keys.contains { $0.hasPrefix("Since Last Visit (2021-03-31)") }, "\(s.sections.keys)")
            #expect(r.parameters("outcome").isEmpty, "\(r.parameters("outcome"))")
        }
    }

    @Test func aChildWithAnAppointmentACarePlanAndAGoal() async throws {
        try await withServer { c, _ in
            let puts: [(String, String)] = [
                ("/Patient/kid", #"{"resourceType":"Patient","id":"kid","gender":"female","birthDate":"2019-06-01","name":[{"family":"Lee","given":["Ada"]}]}"#),
                ("/Condition/asthma", #"{"resourceType":"Condition","id":"asthma","note":[{"text":"Worse with exercise and cold air."}],"clinicalStatus":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/condition-clinical","code":"active"}]},"verificationStatus":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/condition-ver-status","code":"confirmed"}]},"code":{"coding":[{"system":"http://snomed.info/sct","code":"195967001","display":"Asthma"}]},"subject":{"reference":"Patient/kid"},"onsetDateTime":"2023-02-01"}"#),
                ("/CarePlan/cp", #"{"resourceType":"CarePlan","id":"cp","status":"active","intent":"plan","category":[{"coding":[{"system":"http://snomed.info/sct","code":"699728000","display":"Asthma self management"}]}],"subject":{"reference":"Patient/kid"},"period":{"start":"2024-03-01"},"addresses":[{"reference":"Condition/asthma"}]}"#),
                ("/Goal/g", #"{"resourceType":"Goal","id":"g","lifecycleStatus":"active","description":{"text":"Fewer than two asthma attacks a year"},"subject":{"reference":"Patient/kid"}}"#),
                ("/Immunization/dtap", #"{"resourceType":"Immunization","id":"dtap","status":"completed","vaccineCode":{"coding":[{"system":"http://hl7.org/fhir/sid/cvx","code":"20","display":"DTaP"}]},"patient":{"reference":"Patient/kid"},"occurrenceDateTime":"2024-06-03"}"#),
                ("/Encounter/wc", #"{"resourceType":"Encounter","id":"wc","status":"finished","class":{"system":"http://terminology.hl7.org/CodeSystem/v3-ActCode","code":"AMB"},"type":[{"text":"Well child visit"}],"subject":{"reference":"Patient/kid"},"period":{"start":"2024-06-03T10:00:00Z"}}"#),
                ("/Appointment/next", #"{"resourceType":"Appointment","id":"next","status":"booked","serviceType":[{"text":"Well child visit"}],"start":"2025-01-10T09:00:00Z","end":"2025-01-10T09:30:00Z","participant":[{"actor":{"reference":"Patient/kid"},"status":"accepted"}]}"#),
            ]
            for (path, body) in puts { #expect(try await c.send(.put, path, json: body).status == .created, "\(path)") }
            let r = try await c.invoke("/Patient/kid/$patient-insights", [["name": "asOf", "valueDate": "2025-01-02"], ["name": "visitType", "valueCode": "annual"]])
            #expect(r.status == .ok, "\(String(buffer: r.body))")
            let s = Summary(r)
            let overview = s.sections["Patient and Encounter Overview"] ?? ""
            #expect(overview.contains("Ada Lee, female, born 2019-06-01.") && overview.contains("Upcoming visit on 2025-01-10: Well child visit."), "\(overview)")
            #expect(s.sections["Since Last Visit (2024-06-03)"]?.contains("DTaP on 2024-06-03.") == true, "\(s.sections)")
            let conditions = s.sections["Active Conditions"] ?? ""
            #expect(conditions.contains("Asthma (SNOMED CT 195967001; confirmed), since 2023-02-01; last addressed 2024-03-01; treated with the care plan Asthma self management; noted: Worse with exercise and cold air."), "\(conditions)")
            #expect(conditions.contains("Fewer than two asthma attacks a year."))
            #expect(r.parameters("outcome").isEmpty)
        }
    }

    @Test func anEmptyRecordADeceasedPatientAndBadInput() async throws {
        try await withServer { c, db in
            #expect(try await c.send(.put, "/Patient/p2", json: #"{"resourceType":"Patient","id":"p2","gender":"female","birthDate":"1931-02-03","deceasedDateTime":"2020-07-01","name":[{"family":"Ng","given":["May"]}]}"#).status == .created)
            let r = try await c.invoke("/Patient/p2/$patient-insights")
            #expect(r.status == .ok)
            let s = Summary(r)
            #expect(s.sections.keys.sorted() == ["Patient and Encounter Overview"])
            #expect(s.sections["Patient and Encounter Overview"] == "May Ng, female, born 1931-02-03; died 2020-07-01.")
            #expect(r.parameters("outcome").first?["resource"]?["issue"]?[0]?["diagnostics"]?.stringValue?.contains("has nothing on record") == true)
            let before = try await db.count("resource")
            // GET previews: the same summary, nothing written; GET cannot ask to persist.
            let preview = try await c.send(.get, "/Patient/p2/$patient-insights?visitType=annual&asOf=2024-01-01")
            #expect(preview.status == .ok && preview.parameters("return").first?["resource"]?["section"] != nil)
            #expect(try await c.send(.get, "/Patient/p2/$patient-insights?persist=true").status == .methodNotAllowed)
            #expect(try await c.invoke("/Patient/p2/$patient-insights", [["name": "visitType", "valueCode": "sick"]]).status == .badRequest)
            #expect(try await c.invoke("/Patient/p2/$patient-insights", [["name": "asOf", "valueDate": "2025-13-40"]]).status == .badRequest)
            #expect(try await c.invoke("/Patient/p2/$patient-insights", [["name": "asOf", "valueDate": "2020-01-01"], ["name": "since", "valueDate": "2021-01-01"]]).status == .badRequest)
            #expect(try await c.invoke("/Patient/nobody/$patient-insights").status == .notFound)
            #expect(try await db.count("resource") == before)
        }
    }
}
