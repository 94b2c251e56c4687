/// CPT codes Evident codes with (office E/M, preventive visits, common office procedures and tests), with
/// Evident's own short descriptions (never AMA descriptor text), categories and the modifiers that apply.
public struct CPTCatalog: Sendable {
    public struct Code: Sendable, Hashable {
        public var code: String
        public var short: String
        /// `em-established`, `imaging`, `joint`, …
        public var category: String
        public var modifiers: [String]
        public var note: String
    }

    public let codes: [String: Code]
    /// Modifier → short description.
    public let modifiers: [String: String]

    public init(codes: TSVFile, modifiers: TSVFile) {
        var m: [String: Code] = [:]
        for r in codes.records() {
            m[r["code"]!] = Code(code: r["code"]!, short: r["short"] ?? "", category: r["category"] ?? "",
                                 modifiers: (r["modifiers"] ?? "").split(separator: "|").map(String.init), note: r["note"] ?? "")
        }
        self.codes = m
        self.modifiers = Dictionary(modifiers.records().map { ($0["modifier"]!, $0["short"] ?? "") }, uniquingKeysWith: { a, _ in a })
    }

    public func lookup(_ code: String) -> Code? { codes[code] }

    /// Codes of one category, sorted.
    public func category(_ name: String) -> [Code] { codes.values.filter { $0.category == name }.sorted { $0.code < $1.code } }
}

/// LOINC codes for the vitals and labs Evident reads (every one in the Synthea data, plus those common in
/// clinic notes), with UCUM units, adult reference ranges and the names clinicians use.
public struct LOINCCatalog: Sendable, Sequence {
    public struct Entry: Sendable, Hashable {
        public var code: String
        public var short: String
        /// `vital`, `lab`, `survey`, `other`.
        public var kind: String
        public var unit: String
        public var low: Double?
        public var high: Double?
        public var synonyms: [String]
    }

    public let entries: [Entry]

    public init(table: TSVFile) {
        entries = table.records().map { r in
            Entry(code: r["code"]!, short: r["short"] ?? "", kind: r["kind"] ?? "", unit: r["unit"] ?? "", low: Double(r["low"] ?? ""),
                  high: Double(r["high"] ?? ""), synonyms: (r["synonyms"] ?? "").split(separator: "|").map(String.init))
        }
    }

    public func makeIterator() -> IndexingIterator<[Entry]> { entries.makeIterator() }
    public func lookup(_ code: String) -> Entry? { entries.first { $0.code == code } }
}

/// Evident's curated SNOMED CT → ICD-10-CM map for the condition codes in its Synthea data (no licensed map
/// exists; each row is documented with a match type and a rationale, and every code is billable FY2026).
public struct SNOMEDMap: Sendable {
    public struct Row: Sendable, Hashable {
        public var snomed: String
        public var display: String
        /// Dotted ICD-10-CM code; nil when nothing fits (the note says why).
        public var icd10cm: String?
        public var description: String
        /// `exact`, `broader`, `narrower-default`, `z-code`, `none`.
        public var match: String
        public var note: String
    }

    public let rows: [String: Row]

    public init(table: TSVFile) {
        var m: [String: Row] = [:]
        for r in table.records() {
            m[r["snomed"]!] = Row(snomed: r["snomed"]!, display: r["snomed_display"] ?? "", icd10cm: (r["icd10cm"] ?? "").isEmpty ? nil : r["icd10cm"],
                                  description: r["icd10cm_description"] ?? "", match: r["match"] ?? "", note: r["note"] ?? "")
        }
        rows = m
    }

    public func lookup(_ snomed: String) -> Row? { rows[snomed] }

    /// A SNOMED CT display without its semantic tag (`Hypertension (disorder)` → `Hypertension`).
    public static func withoutSemanticTag(_ display: String) -> String {
        guard display.hasSuffix(")"), let open = display.lastIndex(of: "("), open > display.startIndex,
              display[display.index(before: open)] == " " else { return display }
        let tag = display[display.index(after: open)..<display.index(before: display.endIndex)]
        return semanticTags.contains(String(tag)) ? String(display[..<display.index(before: open)]) : display
    }

    static let semanticTags: Set<String> = ["disorder", "finding", "procedure", "situation", "substance", "observable entity", "regime/therapy",
                                            "person", "morphologic abnormality", "body structure", "event", "product", "qualifier value"]
}

/// Status and personal-history Z codes (and similar) by the phrases that state them (`status-codes.tsv`,
/// curated): transplants, grafts and implants, acquired absences, ostomies, dependence on devices, history of
/// cancers, clots, strokes and stones.
public struct StatusCodeTable: Sendable {
    public struct Entry: Sendable, Hashable {
        /// Lower-case phrases that state it.
        public var phrases: [String]
        public var code: String
        /// `status` or `history`.
        public var kind: String
    }

    public let entries: [Entry]

    public init(entries: [Entry]) { self.entries = entries }

    public init(table: TSVFile) {
        entries = table.records().map { r in
            Entry(phrases: (r["phrases"] ?? "").lowercased().split(separator: "|").map(String.init), code: r["icd10cm"] ?? "", kind: r["kind"] ?? "")
        }
    }

    /// The entries a lower-case text states.
    public func stated(in lower: String) -> [Entry] { entries.filter { $0.phrases.contains(where: lower.contains) } }
}

/// Warning signs for the conditions a visit addressed, in plain language (`warning-signs.tsv`, curated): each
/// row names ICD-10-CM code prefixes, the condition in lay words, and what to watch for.
public struct WarningSignTable: Sendable {
    public struct Entry: Sendable, Hashable {
        public var id: String
        /// ICD-10-CM code prefixes (`I10`, `S83`, `C`).
        public var prefixes: [String]
        public var condition: String
        public var text: String
    }

    public let entries: [Entry]

    public init(entries: [Entry]) { self.entries = entries }

    public init(table: TSVFile) {
        entries = table.records().map { r in
            Entry(id: r["id"] ?? "", prefixes: (r["icd10cm"] ?? "").split(separator: "|").map(String.init), condition: r["condition"] ?? "", text: r["text"] ?? "")
        }
    }

    /// The entry for an ICD-10-CM code: the one with the longest matching prefix.
    public func entry(for code: String) -> Entry? {
        entries.compactMap { e in e.prefixes.filter { code.hasPrefix($0) }.map(\.count).max().map { (e, $0) } }.max { $0.1 < $1.1 }?.0
    }
}

/// Drop-in plain words for formal and medical ones in patient-facing text (`discontinue` → `stop`, `hypertension`
/// → `high blood pressure`): each plain entry reads correctly where the formal one stood, keeps every number and
/// adds no negation, so a rewritten sentence states the same facts as its source.
public struct PlainWordTable: Sendable {
    public struct Entry: Sendable, Hashable {
        public var formal: String
        public var plain: String
    }

    /// Longest formal phrase first, so `congestive heart failure` is replaced before `heart failure`.
    public let entries: [Entry]

    public init(entries: [Entry]) { self.entries = entries.sorted { ($0.formal.count, $0.formal) > ($1.formal.count, $1.formal) } }

    public init(table: TSVFile) {
        self.init(entries: table.records().map { Entry(formal: $0["formal"] ?? "", plain: $0["plain"] ?? "") }.filter { !$0.formal.isEmpty })
    }
}

/// Given names that are overwhelmingly given to one sex in the United States (`first-names.tsv`): a last resort
/// for pronouns when neither the patient's record nor the conversation states the sex. Names given to both sexes,
/// and names that are also common words, are left out.
public struct FirstNameTable: Sendable {
    /// Lowercased name → `female` or `male`.
    public let sexes: [String: String]

    public init(sexes: [String: String]) { self.sexes = sexes }

    public init(table: TSVFile) {
        var sexes: [String: String] = [:]
        for r in table.records() {
            if let name = r["name"]?.lowercased(), let sex = r["sex"], ["female", "male"].contains(sex) { sexes[name] = sex }
        }
        self.init(sexes: sexes)
    }

    /// `female`, `male`, or nil for a name the table does not hold.
    public func sex(of name: String) -> String? { sexes[name.lowercased()] }
}
