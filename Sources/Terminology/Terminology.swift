import Foundation

/// Every terminology Evident ships, loaded from this module's resources: ICD-10-CM FY2026, CMS-HCC V24 and
/// V28, and (as they are added) CPT, LOINC, the SNOMED CT → ICD-10-CM map and the clinical lexicon.
///
/// Loading reads files once; everything after is pure lookups on values, so engines take a `Terminology`
/// and never touch the file system.
public struct Terminology: Sendable {
    public let icd10cm: ICD10CM
    public let hccV24: HCCModel
    public let hccV28: HCCModel
    public let cpt: CPTCatalog?
    public let loinc: LOINCCatalog?
    public let snomed: SNOMEDMap?
    public let lexicon: Lexicon
    /// Status and history codes by the phrases that state them.
    public let statusCodes: StatusCodeTable
    /// Warning signs by condition, for after-visit summaries.
    public let warningSigns: WarningSignTable
    /// Plain words for formal ones, for patient-facing text.
    public let plainWords: PlainWordTable
    /// Given names by the sex they are given to, for pronouns when nothing else states the sex.
    public let firstNames: FirstNameTable

    public init(icd10cm: ICD10CM, hccV24: HCCModel, hccV28: HCCModel, cpt: CPTCatalog? = nil, loinc: LOINCCatalog? = nil, snomed: SNOMEDMap? = nil,
                lexicon: Lexicon = Lexicon(concepts: []), statusCodes: StatusCodeTable = StatusCodeTable(entries: []),
                warningSigns: WarningSignTable = WarningSignTable(entries: []), plainWords: PlainWordTable = PlainWordTable(entries: []),
                firstNames: FirstNameTable = FirstNameTable(sexes: [:])) {
        self.icd10cm = icd10cm
        self.hccV24 = hccV24
        self.hccV28 = hccV28
        self.cpt = cpt
        self.loinc = loinc
        self.snomed = snomed
        self.lexicon = lexicon
        self.statusCodes = statusCodes
        self.warningSigns = warningSigns
        self.plainWords = plainWords
        self.firstNames = firstNames
    }

    /// Loads the shipped tables.
    public static func shipped() throws -> Terminology {
        let map = try table("hcc-map"), labels = try table("hcc-labels"), hierarchy = try table("hcc-hierarchy")
        let cpt = try optionalTable("cpt").map { codes throws in CPTCatalog(codes: codes, modifiers: try table("cpt-modifiers")) }
        return Terminology(
            icd10cm: try ICD10CM(codes: try table("icd10cm-codes"), notes: try table("icd10cm-notes"), chapters: try table("icd10cm-chapters")),
            hccV24: try HCCModel(version: "V24", map: map, labels: labels, hierarchy: hierarchy),
            hccV28: try HCCModel(version: "V28", map: map, labels: labels, hierarchy: hierarchy),
            cpt: cpt, loinc: try optionalTable("loinc").map(LOINCCatalog.init), snomed: try optionalTable("snomed-icd10cm").map(SNOMEDMap.init),
            lexicon: try shippedLexicon(), statusCodes: try optionalTable("status-codes").map(StatusCodeTable.init) ?? StatusCodeTable(entries: []),
            warningSigns: try optionalTable("warning-signs").map(WarningSignTable.init) ?? WarningSignTable(entries: []),
            plainWords: try optionalTable("plain-words").map(PlainWordTable.init) ?? PlainWordTable(entries: []),
            firstNames: try optionalTable("first-names").map(FirstNameTable.init) ?? FirstNameTable(sexes: [:]))
    }

    /// The lexicon from the curated tables that are present.
    public static func shippedLexicon() throws -> Lexicon {
        try Lexicon(problems: try optionalTable("lexicon-problems"), medications: try optionalTable("lexicon-medications"),
                    drugClasses: try optionalTable("drug-classes"), procedures: try optionalTable("lexicon-procedures"),
                    bodySites: try optionalTable("body-sites"), frequencies: try optionalTable("sig-frequencies"),
                    routes: try optionalTable("sig-routes"), doseForms: try optionalTable("dose-forms"), layTerms: try optionalTable("lay-terms"))
    }

    /// A shipped table, or nil when it is not shipped.
    public static func optionalTable(_ name: String) throws -> TSVFile? {
        Bundle.module.url(forResource: name, withExtension: "tsv") == nil ? nil : try table(name)
    }

    /// A shipped table by name (without `.tsv`).
    public static func table(_ name: String) throws -> TSVFile {
        guard let url = Bundle.module.url(forResource: name, withExtension: "tsv") else {
            throw TSVFile.Failure(description: "\(name).tsv is missing from the Terminology resources")
        }
        return try TSVFile(bytes: Array(try Data(contentsOf: url)), name: name + ".tsv")
    }
}
