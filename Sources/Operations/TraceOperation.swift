import Evidence
import FHIRCore
import FHIRStore

/// `$trace` (instance level): walks Provenance back from a resource (or one of its elements) to the
/// original sources. A code's Provenance names the note sentence it came from (`what` with
/// `targetElement`); that sentence's own Provenance names the transcript span; and so on, up to `depth`.
///
/// Answers a `collection` Bundle: a `Parameters` with one `link` per evidence item (depth, target and
/// element, provenance, source, path, offset, length, the recorded quote, the text found at that span in
/// the source version, and `verified` / `quote-mismatch` / `source-missing`), then the Provenance
/// resources, then the source versions.
public struct TraceOperation: FHIROperation {
    public let definitionID = "Resource-trace"

    public init() {}

    public func invoke(_ invocation: OperationInvocation, context: OperationContext) async throws -> OperationOutput {
        let (type, id) = try invocation.instance()
        _ = try await context.read(type, id)
        let maxDepth = invocation.input.integer("depth") ?? 10
        guard maxDepth >= 1 else { throw FHIRError.invalid("depth must be at least 1", expression: ["Parameters.parameter.where(name='depth')"]) }
        var frontier: [(type: String, id: String, element: String?)] = [(type, id, invocation.input.string("element"))]
        var visited = Set<String>()
        var links: [JSON] = []
        var provenances: [String: JSON] = [:]
        var sources: [SourceReference: JSON] = [:]
        var missing = Set<SourceReference>()
        for depth in 1...maxDepth where !frontier.isEmpty {
            var next: [(type: String, id: String, element: String?)] = []
            for node in frontier where visited.insert("\(node.type)/\(node.id)#\(node.element ?? "")").inserted {
                for p in try await context.provenance(targeting: node.type, node.id, element: node.element) {
                    guard let record = ProvenanceRecord(p), let pid = record.id else { continue }
                    provenances[pid] = p
                    for entity in record.entities {
                        let item = entity.item
                        if sources[item.source] == nil && !missing.contains(item.source) {
                            if let s = try await context.read(item.source) { sources[item.source] = s } else { missing.insert(item.source) }
                        }
                        links.append(link(depth: depth, record: record, provenanceID: pid, item: item, source: sources[item.source]))
                        if let element = item.elementID { next.append((item.source.type, item.source.id, element)) }
                    }
                }
            }
            frontier = next
        }
        var summary: JSON = ["resourceType": "Parameters"]
        if !links.isEmpty { summary["parameter"] = .array(links) }
        var entries: [JSON] = [["resource": summary]]
        entries += provenances.keys.sorted().map { ["fullUrl": .string(context.baseURL + "Provenance/" + $0), "resource": provenances[$0]!] }
        // Source versions carry no fullUrl: R4 forbids version-specific ones (bdl-8) and a versionless one could repeat.
        entries += sources.keys.sorted().map { ["resource": sources[$0]!] }
        return .resource(["resourceType": "Bundle", "type": "collection", "entry": .array(entries)])
    }

    func link(depth: Int, record: ProvenanceRecord, provenanceID: String, item: EvidenceItem, source: JSON?) -> JSON {
        let status = EvidenceVerifier.check(item, source: source)
        var parts: [JSON] = [
            ["name": "depth", "valueInteger": .number(JSONNumber(depth))],
            ["name": "target", "valueReference": ["reference": .string(record.target.description)]],
        ]
        if let e = record.element { parts.append(["name": "element", "valueString": .string(e)]) }
        parts.append(["name": "provenance", "valueReference": ["reference": .string("Provenance/" + provenanceID)]])
        parts.append(["name": "source", "valueReference": ["reference": .string(item.source.description)]])
        if let e = item.elementID { parts.append(["name": "sourceElement", "valueString": .string(e)]) }
        if let p = item.path { parts.append(["name": "path", "valueString": .string(p)]) }
        if let span = item.span {
            parts.append(["name": "offset", "valueInteger": .number(JSONNumber(span.offset))])
            parts.append(["name": "length", "valueInteger": .number(JSONNumber(span.length))])
        }
        if let q = item.quote { parts.append(["name": "quote", "valueString": .string(q)]) }
        if let source, let span = item.span, let text = try? SourceText.text(for: item, in: source), let found = span.slice(of: text) {
            parts.append(["name": "sourceText", "valueString": .string(found)])
        }
        parts.append(["name": "status", "valueCode": .string(status.code)])
        if case .mismatch(let why) = status { parts.append(["name": "detail", "valueString": .string(why)]) }
        return ["name": "link", "part": .array(parts)]
    }
}
