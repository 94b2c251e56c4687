import EvidentTesting
import Foundation
import Terminology
import Testing

@Suite("Terminology: ICD-10-CM, CMS-HCC, CPT, LOINC, SNOMED map")
struct TerminologyTests {
    static let terminology = try! Terminology.shipped()
    var icd: ICD10CM { Self.terminology.icd10cm }

    @Test func icd10cmMatchesTheSourceTable() throws {
        // FY2026 April table: 98,225 rows, 39 of them exact repeats → 98,186 codes, 74,719 billable.
        #expect(icd.count == 98_186)
        #expect(icd.billableCount == 74_719)
        #expect(icd.chapters.count == 22)
        #expect(icd.sections.count == 297)
    }

    @Test(.enabled(if: SharedData.isAvailable, "needs ../shared/data"))
    func everySourceRowIsFoundWithItsDescription() throws {
        let text = try String(contentsOfFile: SharedData.root + "/terminology/icd10cm/icd10cm_codes_2026-04.tsv", encoding: .utf8)
        var rows = 0
        for f in Self.tsvRecords(text).dropFirst() {
            let code = try #require(icd.lookup(f[1]), "\(f[0]) missing")
            #expect(code.code == f[0] && code.billable == (f[2] == "1"))
            #expect(code.description == f[3].split(whereSeparator: \.isWhitespace).joined(separator: " "))
            rows += 1
        }
        #expect(rows == 98_225)
    }

    @Test func lookupsHierarchyNotesAndSeventhCharacters() throws {
        #expect(icd.lookup("E119")?.description == "Type 2 diabetes mellitus without complications")
        #expect(icd.isBillable("E11.9") && !icd.isBillable("E11") && !icd.isBillable("E11.99"))
        #expect(icd.parent(of: "E11.65")?.code == "E11.6")
        #expect(icd.parent(of: "E11.6")?.code == "E11")
        #expect(icd.parent(of: "E11") == nil)
        #expect(icd.children(of: "E11.6").map(\.code) == ["E11.61", "E11.62", "E11.63", "E11.64", "E11.65", "E11.69"])
        #expect(icd.notes(at: "I10").contains { $0.kind == "includes" && $0.text == "high blood pressure" })
        #expect(icd.notes(for: "I10", kind: "excludes2").contains { $0.text.contains("involving vessels of brain") })
        #expect(icd.notes(for: "E11.9", kind: "excludes1").contains { $0.text.contains("type 1 diabetes mellitus (E10.-)") })
        let seventh = icd.seventhCharacters(for: "S52.521A")
        #expect(seventh.first?.character == "A" && seventh.first?.meaning == "initial encounter for closed fracture")
        #expect(icd.seventhCharacters(for: "E11.9").isEmpty)
        let (chapter, section) = icd.location(of: "I10")
        #expect(chapter?.id == "9" && section?.id == "I10-I1A")
    }

    @Test func indexTermsForMatchingText() {
        let terms = icd.indexTerms()
        let byTerm = Dictionary(terms.map { ($0.term.lowercased(), $0.code) }, uniquingKeysWith: { a, _ in a })
        #expect(byTerm["essential hypertension"] == "I10")
        #expect(byTerm["cough"] == "R05.9")
        #expect(terms.allSatisfy { icd.isBillable($0.code) && !"VWXY".contains($0.code.first!) })
        #expect(!terms.contains { $0.term.lowercased().contains("other") || $0.term.contains("(") })
        #expect(terms.count > 10_000)
    }

    @Test func hccModelsMatchTheSourceAndApplyHierarchies() throws {
        let v28 = Self.terminology.hccV28, v24 = Self.terminology.hccV24
        #expect(v28.mappingCount == 8_317)
        #expect(v24.mappingCount == 10_354)
        #expect(v28.categories(for: "E11.9").map(\.number) == [38])
        #expect(v28.categories(for: "E11.9").first?.label == "Diabetes with Glycemic, Unspecified, or No Complications")
        #expect(v28.categories(for: "I10").isEmpty)
        // Diabetes with chronic complications (HCC37, here diabetic CKD) outranks HCC38 in V28.
        let r = v28.evaluate(["E11.9", "E11.22", "I50.9"])
        #expect(r.kept.map(\.0.number).sorted() == [37, 226])
        #expect(r.dropped.map { "\($0.0.number)<\($0.by.number)" } == ["38<37"])
        #expect(v24.categories(for: "E11.9").map(\.number) == [19])
    }

    @Test func everyCuratedICD10CMCodeIsBillable() throws {
        let snomed = try #require(Self.terminology.snomed)
        #expect(snomed.rows.count >= 140)
        for row in snomed.rows.values {
            if let code = row.icd10cm {
                #expect(icd.isBillable(code), "\(row.snomed) → \(code)")
                #expect(icd.lookup(code)?.description == row.description)
            } else {
                #expect(row.match == "none" && !row.note.isEmpty)
            }
        }
        for c in Self.terminology.lexicon.concepts {
            if let code = c.icd10cm { #expect(icd.isBillable(code), "\(c.id) → \(code)") }
        }
    }

    @Test func plainWordsChangeNoNumberAndAddNoNegation() {
        let entries = Self.terminology.plainWords.entries
        #expect(entries.count > 300 && Set(entries.map { $0.formal.lowercased() }).count == entries.count)
        // Longest first, so a phrase is replaced before the words inside it.
        #expect(entries.first.map { $0.formal.count } == entries.map(\.formal.count).max())
        // A replacement is negated exactly when what it replaces is ("unremarkable" → "shows no problems").
        let negations: Set<String> = ["no", "not", "never", "none", "without", "cannot", "nor", "neither", "free", "absent", "negative", "deny", "denies",
                                      "unremarkable"]
        func negated(_ s: String) -> Bool {
            s.contains("n't") || !Set(s.lowercased().split { !$0.isLetter && $0 != "'" }.map(String.init)).isDisjoint(with: negations)
        }
        func digits(_ s: String) -> String { String(s.filter(\.isNumber)) }
        for e in entries {
            #expect(negated(e.plain) == negated(e.formal), "\(e.formal) → \(e.plain)")
            #expect(digits(e.plain) == digits(e.formal), "\(e.formal) → \(e.plain)")
        }
    }

    @Test func firstNamesAreOneSexAndNotOrdinaryWords() throws {
        let names = Self.terminology.firstNames
        #expect(names.sexes.count > 1_500)
        #expect(Set(names.sexes.values) == ["female", "male"])
        #expect(names.sex(of: "Mary") == "female" && names.sex(of: "lawrence") == "male")
        // Names given to both sexes, and names that are also words said in a visit, are left out.
        for word in ["jordan", "taylor", "casey", "pat", "chris", "will", "mark", "grace", "hope", "bill", "sue", "don", "frank", "so", "okay", "doctor"] {
            #expect(names.sex(of: word) == nil, "\(word)")
        }
        let lexiconWords = Set(Self.terminology.lexicon.concepts.flatMap(\.terms).map { $0.lowercased() })
        #expect(names.sexes.keys.filter(lexiconWords.contains).isEmpty)
    }

    @Test func cptAndLoincCatalogs() throws {
        let cpt = try #require(Self.terminology.cpt)
        #expect(cpt.category("em-established").map(\.code).contains("99213"))
        #expect(cpt.lookup("99214")?.short.isEmpty == false)
        for c in cpt.codes.values {
            #expect(c.code.count == 5, "\(c.code)")
            for m in c.modifiers { #expect(cpt.modifiers[m] != nil, "\(c.code) uses undefined modifier \(m)") }
        }
        let loinc = try #require(Self.terminology.loinc)
        #expect(loinc.lookup("4548-4")?.synonyms.contains { $0.lowercased() == "a1c" } == true)
        #expect(loinc.lookup("8480-6")?.kind == "vital")
    }

    @Test(.enabled(if: SharedData.isAvailable, "needs ../shared/data"))
    func everySyntheaLoincAndSnomedConditionCodeIsCovered() throws {
        let folder = SharedData.root + "/synthea/r4-bundles"
        var loincCodes = Set<String>(), conditionCodes = Set<String>()
        for f in try FileManager.default.contentsOfDirectory(atPath: folder) where f.hasSuffix(".json") {
            let data = try Data(contentsOf: URL(fileURLWithPath: folder + "/" + f))
            let bundle = try JSONSerialization.jsonObject(with: data) as! [String: Any]
            for e in bundle["entry"] as! [[String: Any]] {
                let r = e["resource"] as! [String: Any]
                let codings = ((r["code"] as? [String: Any])?["coding"] as? [[String: Any]]) ?? []
                if r["resourceType"] as? String == "Observation" {
                    for c in codings where c["system"] as? String == "http://loinc.org" { loincCodes.insert(c["code"] as! String) }
                }
                if r["resourceType"] as? String == "Condition" { for c in codings { conditionCodes.insert(c["code"] as! String) } }
            }
        }
        let loinc = try #require(Self.terminology.loinc), snomed = try #require(Self.terminology.snomed)
        #expect(loincCodes.subtracting(loinc.entries.map(\.code)).isEmpty, "\(loincCodes.subtracting(loinc.entries.map(\.code)))")
        #expect(conditionCodes.subtracting(snomed.rows.keys).isEmpty, "\(conditionCodes.subtracting(snomed.rows.keys))")
    }

    /// Tab-separated records with CSV-style quoting (the CDC file quotes descriptions that contain line breaks).
    static func tsvRecords(_ text: String) -> [[String]] {
        var records: [[String]] = [], fields: [String] = [], field = ""
        var quoted = false
        for ch in text {
            if quoted {
                if ch == "\"" { quoted = false } else { field.append(ch) }
            } else if ch == "\"" && field.isEmpty {
                quoted = true
            } else if ch == "\t" {
                fields.append(field)
                field = ""
            } else if ch.isNewline {
                fields.append(field)
                field = ""
                if fields.count > 1 { records.append(fields) }
                fields = []
            } else {
                field.append(ch)
            }
        }
        if !field.isEmpty || !fields.isEmpty { fields.append(field); records.append(fields) }
        return records
    }
}
