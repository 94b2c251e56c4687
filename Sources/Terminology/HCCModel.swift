/// A CMS-HCC risk adjustment model (V24 or V28, payment year 2026): which ICD-10-CM codes map to which
/// hierarchical condition categories, their labels, and the hierarchies (a higher category present drops
/// the lower ones it outranks).
public struct HCCModel: Sendable {
    /// One HCC with its label.
    public struct Category: Sendable, Hashable, Comparable {
        public var number: Int
        public var label: String
        public var name: String { "HCC\(number)" }
        public static func < (a: Category, b: Category) -> Bool { a.number < b.number }
    }

    /// `V24` or `V28`.
    public let version: String
    let map: [String: [Int]]
    let labels: [Int: String]
    /// Parent → children it drops.
    let drops: [Int: Set<Int>]

    /// Reads one model's rows from the generated tables (`hcc-map.tsv`, `hcc-labels.tsv`, `hcc-hierarchy.tsv`).
    public init(version: String, map: TSVFile, labels: TSVFile, hierarchy: TSVFile) throws(TSVFile.Failure) {
        self.version = version
        var m: [String: [Int]] = [:]
        let (mm, mc, mcc) = (try map.column("model"), try map.column("icd10"), try map.column("cc"))
        for r in 0..<map.count where map.string(r, mm) == version {
            if let cc = Int(map.string(r, mcc)) { m[map.string(r, mc), default: []].append(cc) }
        }
        self.map = m
        var l: [Int: String] = [:]
        let (lm, lc, ll) = (try labels.column("model"), try labels.column("cc"), try labels.column("label"))
        for r in 0..<labels.count where labels.string(r, lm) == version {
            if let cc = Int(labels.string(r, lc)) { l[cc] = labels.string(r, ll) }
        }
        self.labels = l
        var d: [Int: Set<Int>] = [:]
        let (hm, hp, hc) = (try hierarchy.column("model"), try hierarchy.column("parent"), try hierarchy.column("child"))
        for r in 0..<hierarchy.count where hierarchy.string(r, hm) == version {
            if let p = Int(hierarchy.string(r, hp)), let c = Int(hierarchy.string(r, hc)) { d[p, default: []].insert(c) }
        }
        drops = d
    }

    /// Number of ICD-10-CM codes that map to a category.
    public var mappedCodeCount: Int { map.count }
    /// Number of (code, category) rows.
    public var mappingCount: Int { map.values.reduce(0) { $0 + $1.count } }

    func category(_ n: Int) -> Category { Category(number: n, label: labels[n] ?? "HCC\(n)") }

    /// The categories one code maps to (before hierarchies).
    public func categories(for code: String) -> [Category] { (map[ICD10CM.dotted(code)] ?? []).map(category) }

    /// The categories of a set of codes after hierarchies: a category outranked by another present one is dropped.
    /// - Returns: the kept categories, each with the codes that produced it, and the dropped ones with who dropped them.
    public func evaluate(_ codes: [String]) -> (kept: [(Category, codes: [String])], dropped: [(Category, by: Category)]) {
        var byCC: [Int: [String]] = [:]
        for c in codes {
            for cc in map[ICD10CM.dotted(c)] ?? [] { byCC[cc, default: []].append(ICD10CM.dotted(c)) }
        }
        var dropped: [(Category, by: Category)] = []
        var kept: [(Category, codes: [String])] = []
        for cc in byCC.keys.sorted() {
            if let parent = byCC.keys.sorted().first(where: { drops[$0]?.contains(cc) == true }) {
                dropped.append((category(cc), category(parent)))
            } else {
                kept.append((category(cc), byCC[cc]!))
            }
        }
        return (kept, dropped)
    }
}
