/// The clinical lexicon: concepts (problems, symptoms, findings, medications, drug classes, procedures,
/// body sites) with their terms, codes and plain-language names, plus the sig vocabulary (frequencies,
/// routes, dose forms) and a medical → lay dictionary for patient-facing text.
public struct Lexicon: Sendable {
    /// What a concept is.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case problem, symptom, finding, medication, drugClass = "drug-class", procedure, bodySite = "body-site"
    }

    /// One concept.
    public struct Concept: Sendable, Hashable {
        public var id: String
        public var kind: Kind
        public var preferred: String
        /// Every term that names it (the preferred term first), as curated: synonyms, abbreviations, lay wording.
        public var terms: [String]
        /// Default ICD-10-CM code for an unspecified mention (problems, symptoms, findings).
        public var icd10cm: String?
        /// Plain-language name for patients.
        public var lay: String?
        /// Medications: the drug class; procedures: the procedure type.
        public var group: String?
        /// Body sites: true when the site is paired (left/right).
        public var lateral: Bool

        public init(id: String, kind: Kind, preferred: String, terms: [String], icd10cm: String? = nil, lay: String? = nil, group: String? = nil,
                    lateral: Bool = false) {
            self.id = id
            self.kind = kind
            self.preferred = preferred
            self.terms = terms
            self.icd10cm = icd10cm
            self.lay = lay
            self.group = group
            self.lateral = lateral
        }
    }

    public let concepts: [Concept]
    /// Frequency expressions (`bid`, `twice a day`) → doses per day (nil for as needed).
    public let frequencies: [String: Double?]
    /// Route expressions (`po`, `by mouth`) → route.
    public let routes: [String: String]
    /// Dose-form words (`tab`, `capsule`) → form.
    public let doseForms: [String: String]
    /// Medical word or phrase (lowercase) → plain language.
    public let layTerms: [String: String]

    public init(concepts: [Concept], frequencies: [String: Double?] = [:], routes: [String: String] = [:], doseForms: [String: String] = [:],
                layTerms: [String: String] = [:]) {
        self.concepts = concepts
        self.frequencies = frequencies
        self.routes = routes
        self.doseForms = doseForms
        self.layTerms = layTerms
    }

    /// Concepts by id.
    public func concept(_ id: String) -> Concept? { concepts.first { $0.id == id } }

    /// Plain language for a medical term: the concept's lay name or the lay dictionary, else nil.
    public func lay(for term: String) -> String? {
        let key = term.lowercased()
        if let c = concepts.first(where: { $0.terms.contains { $0.lowercased() == key } }), let lay = c.lay, !lay.isEmpty { return lay }
        return layTerms[key]
    }
}

extension Lexicon {
    /// Builds the lexicon from the curated tables (see `Sources/Terminology/Resources/README.md`).
    /// Any table may be absent (nil).
    public init(problems: TSVFile?, medications: TSVFile?, drugClasses: TSVFile?, procedures: TSVFile?, bodySites: TSVFile?,
                frequencies: TSVFile?, routes: TSVFile?, doseForms: TSVFile?, layTerms: TSVFile?) throws(TSVFile.Failure) {
        func split(_ s: String) -> [String] { s.split(separator: "|").map { String($0).trimmingSpaces }.filter { !$0.isEmpty } }
        func rows(_ t: TSVFile?) -> [[String: String]] { t?.records() ?? [] }
        var concepts: [Concept] = []
        for r in rows(problems) {
            let kind = Kind(rawValue: r["type"] ?? "") ?? .problem
            concepts.append(Concept(id: r["id"]!, kind: kind, preferred: r["preferred"]!, terms: [r["preferred"]!] + split(r["synonyms"] ?? ""),
                                    icd10cm: (r["icd10cm"] ?? "").isEmpty ? nil : r["icd10cm"], lay: r["lay"], group: nil, lateral: false))
        }
        for r in rows(medications) {
            concepts.append(Concept(id: r["id"]!, kind: .medication, preferred: r["generic"]!, terms: [r["generic"]!] + split(r["brands"] ?? ""),
                                    icd10cm: nil, lay: r["lay"], group: r["class"], lateral: false))
        }
        for r in rows(drugClasses) {
            let name = r["class"]!
            concepts.append(Concept(id: "class:" + name, kind: .drugClass, preferred: name, terms: [name] + split(r["synonyms"] ?? ""),
                                    icd10cm: nil, lay: r["lay"], group: nil, lateral: false))
        }
        for r in rows(procedures) {
            concepts.append(Concept(id: r["id"]!, kind: .procedure, preferred: r["preferred"]!, terms: [r["preferred"]!] + split(r["synonyms"] ?? ""),
                                    icd10cm: nil, lay: r["lay"], group: r["type"], lateral: false))
        }
        for r in rows(bodySites) {
            concepts.append(Concept(id: "site:" + r["id"]!, kind: .bodySite, preferred: r["preferred"]!, terms: [r["preferred"]!] + split(r["synonyms"] ?? ""),
                                    icd10cm: nil, lay: r["lay"], group: nil, lateral: r["lateral"] == "yes"))
        }
        var freq: [String: Double?] = [:]
        for r in rows(frequencies) { freq[r["text"]!.lowercased()] = Double(r["per_day"] ?? "") }
        var route: [String: String] = [:]
        for r in rows(routes) { route[r["text"]!.lowercased()] = r["route"] }
        var forms: [String: String] = [:]
        for r in rows(doseForms) { forms[r["text"]!.lowercased()] = r["form"] }
        var lay: [String: String] = [:]
        for r in rows(layTerms) { lay[r["medical"]!.lowercased()] = r["lay"] }
        self.init(concepts: concepts, frequencies: freq, routes: route, doseForms: forms, layTerms: lay)
    }
}

extension String {
    var trimmingSpaces: String { String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed()) }
}
