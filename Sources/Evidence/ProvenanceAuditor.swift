import FHIRCore

/// Re-checks a stored Provenance: its signature, the generated element it vouches for (in the target's
/// current version) and every quoted source (in the recorded version and in the source's current version).
public struct ProvenanceAuditor: Sendable {
    /// Keys whose signatures are accepted (the server's current key, and earlier ones).
    public var keys: [ProvenancePublicKey]

    public init(keys: [ProvenancePublicKey]) { self.keys = keys }

    /// The verdict for one Provenance, worst first: a bad signature makes the rest untrustworthy.
    public enum Status: String, Sendable, Comparable {
        case intact
        case sourceChanged = "source-changed"
        case targetChanged = "target-changed"
        case signatureInvalid = "signature-invalid"

        var rank: Int { [.intact: 0, .sourceChanged: 1, .targetChanged: 2, .signatureInvalid: 3][self]! }
        public static func < (a: Status, b: Status) -> Bool { a.rank < b.rank }
    }

    /// The audit of one Provenance.
    public struct Finding: Sendable {
        public var provenanceID: String?
        public var element: String?
        public var status: Status
        /// What was found, one line per problem (empty when intact).
        public var details: [String]
    }

    /// Audits `provenance`. `currentTarget` is the target's current version (nil if deleted);
    /// `sources` holds every version the entities name; `currentSources` the current version of each
    /// source by `Type/id`, when newer versions exist.
    public func audit(_ provenance: JSON, currentTarget: JSON?, sources: [SourceReference: JSON], currentSources: [String: JSON]) -> Finding {
        guard let record = ProvenanceRecord(provenance) else {
            return Finding(provenanceID: provenance["id"]?.stringValue, element: nil, status: .signatureInvalid,
                           details: ["the Provenance has no versioned target; it was not written by this server"])
        }
        var finding = Finding(provenanceID: record.id, element: record.element, status: .intact, details: [])
        func flag(_ s: Status, _ d: String) {
            finding.status = max(finding.status, s)
            finding.details.append(d)
        }
        let check = keys.lazy.map { $0.check(provenance) }
        if !check.contains(.valid) {
            if case .invalid(let why)? = check.first { flag(.signatureInvalid, "signature: \(why)") } else { flag(.signatureInvalid, "no key to check the signature") }
        }
        if let element = record.element {
            if let current = currentTarget {
                let hash = EvidenceHash.element(element, in: current)
                if hash == nil {
                    flag(.targetChanged, "\(record.target.unversioned) no longer has element '\(element)'")
                } else if hash != record.targetSHA256 {
                    flag(.targetChanged, "element '\(element)' of \(record.target.unversioned) differs from what was generated (version \(current["meta"]?["versionId"]?.stringValue ?? "?") vs \(record.target.version))")
                }
            } else {
                flag(.targetChanged, "\(record.target.unversioned) is deleted")
            }
        }
        for entity in record.entities {
            let item = entity.item
            guard let recorded = sources[item.source] else {
                flag(.sourceChanged, "\(item.source) is no longer available")
                continue
            }
            if EvidenceHash.evidence(item, in: recorded) != entity.sha256 {
                flag(.sourceChanged, "\(item.source) no longer holds the recorded evidence")
                continue
            }
            if let current = currentSources[item.source.unversioned], current["meta"]?["versionId"]?.stringValue != String(item.source.version),
               EvidenceHash.evidence(item, in: current) != entity.sha256 {
                flag(.sourceChanged, "\(item.source.unversioned) was edited: version \(current["meta"]?["versionId"]?.stringValue ?? "?") no longer holds the evidence quoted from version \(item.source.version)")
            }
        }
        return finding
    }
}
