import Evidence
import FHIRCore
import Terminology

extension InsightsEngine {
    /// Id of the ConceptMap holding Evident's curated SNOMED CT → ICD-10-CM map.
    public static let conceptMapID = "evident-snomed-icd10cm"

    /// The element id of a SNOMED CT code's entry in the ConceptMap.
    static func mapElementID(_ snomed: String) -> String { "snomed-\(snomed)" }

    /// The curated SNOMED CT → ICD-10-CM map as a ConceptMap (one element per SNOMED CT code, its id
    /// `snomed-<code>`), so that a summary citing a mapped code can point at the exact entry it used.
    public func conceptMap() -> JSON {
        let rows = (terminology.snomed?.rows.values.sorted { $0.snomed < $1.snomed } ?? []).filter { $0.icd10cm != nil }
        let equivalence = ["exact": "equivalent", "narrower-default": "narrower", "broader": "wider", "wider": "wider", "narrower": "narrower"]
        return [
            "resourceType": "ConceptMap", "id": .string(Self.conceptMapID), "status": "active",
            "url": .string(Vocabulary.base + "/ConceptMap/" + Self.conceptMapID), "name": "EvidentSnomedIcd10cm",
            "title": "Evident's curated SNOMED CT to ICD-10-CM map (the codes that occur in Synthea data)",
            "sourceUri": "http://snomed.info/sct", "targetUri": "http://hl7.org/fhir/sid/icd-10-cm",
            "group": [[
                "source": "http://snomed.info/sct", "target": "http://hl7.org/fhir/sid/icd-10-cm",
                "element": .array(rows.map { r in
                    var target: JSON = ["code": .string(r.icd10cm!), "display": .string(r.description),
                                        "equivalence": .string(equivalence[r.match] ?? "relatedto")]
                    if !r.note.isEmpty { target["comment"] = .string(r.note) }
                    return ["id": .string(Self.mapElementID(r.snomed)), "code": .string(r.snomed), "display": .string(r.display), "target": [target]]
                }),
            ]],
        ]
    }
}
