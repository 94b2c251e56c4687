import ClinicalText
import Evidence
import FHIRCore
import Foundation
import Scribe

extension NoteTemplate {
    /// Extension on a template section (valueCode `prose`, `bullets` or `paragraph`): how its sentences are laid out.
    public static let styleExtension = Vocabulary.base + "/StructureDefinition/note-section-style"
    /// Extension on a smart-phrase item (valueString, repeating): another spoken form that invokes the phrase.
    public static let triggerExtension = Vocabulary.base + "/StructureDefinition/smart-phrase-trigger"

    /// A custom template stored as a Questionnaire:
    /// - each top-level `group` item is a section, in order: `text` is its title, `code` its LOINC section code,
    ///   and the ``styleExtension`` its layout;
    /// - inside a section, a `display` item with a `prefix` (`.ROSNEG`) is a text smart phrase (its `text`), and a
    ///   `group` item with a `prefix` is a question phrase whose child items' `text` are the questions.
    ///
    /// `reference` is the Questionnaire's versioned reference, which the phrases' sentences quote.
    public init(questionnaire q: JSON, reference: SourceReference) throws(FHIRError) {
        let items = q["item"]?.arrayValue ?? []
        guard !items.isEmpty else { throw .invalid("\(reference.unversioned) has no items: a template needs one group item per section") }
        var sections: [Section] = []
        var phrases: [SmartPhrase] = []
        for (n, item) in items.enumerated() {
            let at = "Questionnaire.item[\(n)]"
            guard item["type"] == "group", let title = item["text"]?.stringValue, !title.isEmpty else {
                throw .invalid("\(reference.unversioned) \(at) must be a group item with a text (the section title)", expression: [at])
            }
            let codes = (item["code"]?.arrayValue ?? []).filter { $0["system"] == "http://loinc.org" }.compactMap { $0["code"]?.stringValue }
            guard let kind = codes.lazy.compactMap(Self.kind(loinc:)).first else {
                throw .invalid("\(reference.unversioned) \(at) ('\(title)') needs a LOINC section code, one of \(Self.supportedLOINC)", expression: [at + ".code"])
            }
            let styleCode = (item["extension"]?.arrayValue ?? []).first { $0["url"]?.stringValue == Self.styleExtension }?["valueCode"]?.stringValue
            guard let style = Style(rawValue: styleCode ?? "prose") else {
                throw .invalid("\(reference.unversioned) \(at): style '\(styleCode ?? "")' is not one of \(Style.allCases.map(\.rawValue).joined(separator: ", "))",
                               expression: [at + ".extension"])
            }
            sections.append(Section(kind: kind, title: title, style: style))
            for (m, child) in (item["item"]?.arrayValue ?? []).enumerated() {
                phrases.append(try Self.phrase(child, at: "\(at).item[\(m)]", section: kind, reference: reference))
            }
        }
        self.init(name: q["name"]?.stringValue ?? q["title"]?.stringValue ?? reference.unversioned, sections: sections, phrases: phrases)
    }

    /// The smart phrases of a Questionnaire whose group items are sections (the template form, or inline phrases
    /// stored by ``smartPhraseQuestionnaire(_:id:templateSections:)``).
    static func phrase(_ item: JSON, at path: String, section: SectionKind, reference: SourceReference) throws(FHIRError) -> SmartPhrase {
        guard let name = item["prefix"]?.stringValue, !name.isEmpty else {
            throw .invalid("\(reference.unversioned) \(path): a smart phrase needs its name as the item's prefix (e.g. '.ROSNEG')", expression: [path])
        }
        let triggers = (item["extension"]?.arrayValue ?? []).filter { $0["url"]?.stringValue == Self.triggerExtension }.compactMap { $0["valueString"]?.stringValue }
        switch item["type"]?.stringValue {
        case "display":
            guard let text = item["text"]?.stringValue, !text.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw .invalid("\(reference.unversioned) \(path): smart phrase \(name) has no text", expression: [path])
            }
            return SmartPhrase(name: name, section: section, text: DefinitionQuote(reference: reference.description, path: path + ".text", text: text),
                               triggers: triggers)
        case "group":
            var questions: [SmartPhrase.Question] = []
            for (k, q) in (item["item"]?.arrayValue ?? []).enumerated() {
                guard let text = q["text"]?.stringValue, !text.isEmpty else { continue }
                questions.append(.init(text: text, definition: DefinitionQuote(reference: reference.description, path: "\(path).item[\(k)].text", text: text)))
            }
            guard !questions.isEmpty else { throw .invalid("\(reference.unversioned) \(path): smart phrase \(name) has no questions", expression: [path]) }
            return SmartPhrase(name: name, section: section, questions: questions, triggers: triggers)
        default:
            throw .invalid("\(reference.unversioned) \(path): smart phrase \(name) must be a display item (fixed text) or a group of questions", expression: [path])
        }
    }

    /// The section kind of a LOINC section code.
    static func kind(loinc code: String) -> SectionKind? { SectionKind.allCases.first { $0.loinc?.code == code } }

    static var supportedLOINC: String {
        SectionKind.allCases.compactMap { k in k.loinc.map { "\($0.code) (\(k.rawValue))" } }.joined(separator: ", ")
    }

    /// Inline `smartPhrase` parameters as a Questionnaire to store, so that the sentences can quote the phrases:
    /// one group item per section, holding that section's phrases. Each part has `name`, `section` (a section
    /// code such as `ros`), and `text` or one or more `question`s, plus optional `trigger`s.
    static func smartPhraseQuestionnaire(_ parameters: [JSON], id: String, date: String) throws(FHIRError) -> JSON {
        var groups: [(kind: SectionKind, items: [JSON])] = []
        for (n, p) in parameters.enumerated() {
            let at = "Parameters.parameter.where(name='smartPhrase')[\(n)]"
            let parts = p["part"]?.arrayValue ?? []
            func values(_ name: String) -> [String] {
                parts.filter { $0["name"]?.stringValue == name }.compactMap { $0.objectValue?.members.first { $0.key.hasPrefix("value") }?.value.stringValue }
            }
            guard let name = values("name").first, !name.isEmpty else { throw .invalid("smartPhrase \(n + 1) has no name", expression: [at]) }
            let sectionCode = values("section").first ?? ""
            guard let kind = SectionKind(rawValue: sectionCode), kind.loinc != nil else {
                throw .invalid("smartPhrase \(name): section '\(sectionCode)' is not one of \(SectionKind.allCases.filter { $0.loinc != nil }.map(\.rawValue).joined(separator: ", "))",
                               expression: [at])
            }
            let (text, questions) = (values("text").first, values("question"))
            guard (text == nil) != questions.isEmpty else {
                throw .invalid("smartPhrase \(name) needs either a text or one or more questions", expression: [at])
            }
            var item: JSON = ["linkId": .string("phrase-\(n + 1)"), "prefix": .string(name)]
            if let text {
                item["type"] = "display"
                item["text"] = .string(text)
            } else {
                item["type"] = "group"
                item["item"] = .array(questions.enumerated().map { k, q in ["linkId": .string("phrase-\(n + 1)-\(k + 1)"), "type": "string", "text": .string(q)] })
            }
            let triggers = values("trigger")
            if !triggers.isEmpty { item["extension"] = .array(triggers.map { ["url": .string(Self.triggerExtension), "valueString": .string($0)] }) }
            if let g = groups.firstIndex(where: { $0.kind == kind }) { groups[g].items.append(item) } else { groups.append((kind, [item])) }
        }
        return [
            "resourceType": "Questionnaire", "id": .string(id), "status": "active", "date": .string(date),
            "title": "Smart phrases", "subjectType": ["Encounter"],
            "item": .array(groups.map { g in
                let loinc = g.kind.loinc!
                return ["linkId": .string(g.kind.rawValue), "type": "group", "text": .string(loinc.display),
                        "code": [["system": "http://loinc.org", "code": .string(loinc.code)]], "item": .array(g.items)]
            }),
        ]
    }
}
