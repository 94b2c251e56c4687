import ArgumentParser
import Evidence
import FHIRCore
import Foundation
import Insights
import Terminology

/// `evident eval insights`: the pre-visit summary over Synthea patients, checked as the operation checks it.
struct EvalInsights: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "insights",
        abstract: "Summarise Synthea patients and score the summaries: verified sentences, duplicates, coverage, length, latency.",
        discussion: """
            Reads transaction Bundles (one patient each; --bundles) and bulk NDJSON exports (--ndjson, grouped by \
            patient), summarises every patient as of --as-of, and verifies every sentence against the resources it \
            cites (numbers and dates must be in them). Coverage: every active problem is listed under Active \
            Conditions (chronic-care and annual visits list them all) and every HCC-mapped problem is reviewed.
            """)

    @Option(name: .long, help: ArgumentHelp("Directory of transaction Bundles, one patient each.", valueName: "dir"))
    var bundles: String?

    @Option(name: .long, help: ArgumentHelp("Directory of bulk-export NDJSON files.", valueName: "dir"))
    var ndjson: String?

    @Option(name: .long, help: "Evaluation date (YYYY-MM-DD); nothing recorded after it is used.")
    var asOf: String = "2026-12-01"

    @Option(name: .long, help: "Visit type: annual, follow-up, new-patient or chronic-care.")
    var visitType: String = "chronic-care"

    @Option(name: .long, help: "Print this many summaries in full.")
    var print: Int = 0

    func run() throws {
        guard bundles != nil || ndjson != nil else { throw ValidationError("Give --bundles and/or --ndjson") }
        guard let date = FHIRDateTime(asOf) else { throw ValidationError("--as-of must be a date like 2026-12-01") }
        guard let type = InsightsRequest.VisitType(rawValue: visitType) else {
            throw ValidationError("--visit-type must be one of \(InsightsRequest.VisitType.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        var records: [(String, PatientRecord)] = []
        if let bundles { records += try Self.fromBundles(bundles) }
        if let ndjson { records += try Self.fromNDJSON(ndjson) }
        let engine = InsightsEngine(terminology: try Terminology.shipped())
        let conceptMap = engine.conceptMap()
        var sentences = 0, verified = 0, duplicates = 0, problemsTotal = 0, problemsListed = 0, hccTotal = 0, hccReviewed = 0, words = 0
        var latencies: [Double] = []
        for (n, (name, record)) in records.enumerated() {
            let t0 = DispatchTime.now().uptimeNanoseconds
            let mapSource = SourceReference(type: "ConceptMap", id: InsightsEngine.conceptMapID, version: 1)
            let draft = engine.summarize(record, request: InsightsRequest(visitType: type, asOf: date.lowerBound, conceptMap: mapSource))
            let statements = draft.statements()
            var sources: [SourceReference: JSON] = [mapSource: conceptMap]
            for r in [record.patient] + record.resources {
                if let t = r["resourceType"]?.stringValue, let id = r["id"]?.stringValue { sources[SourceReference(type: t, id: id, version: 1)] = r }
            }
            let result = EvidenceVerifier().verify(statements, sources: sources)
            latencies.append(Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e6)
            sentences += statements.count
            verified += result.kept.count
            for d in result.dropped { Swift.print("\(name): dropped \(d.statement.elementID) \"\(d.statement.factText)\": \(d.reasons.joined(separator: "; "))") }
            let kept = draft.keeping(Set(result.kept.map(\.elementID)))
            let texts = kept.sections.flatMap { s in s.sentences.map { s.title + "|" + $0.text } }
            duplicates += texts.count - Set(texts).count
            if texts.count != Set(texts).count { Swift.print("\(name): duplicate \(Dictionary(grouping: texts) { $0 }.filter { $0.value.count > 1 }.keys.sorted())") }
            // Coverage: every active problem cited under Active Conditions; every HCC problem in the review.
            let active = Set(engine.activeProblemKeys(record, asOf: date.lowerBound))
            let cited = Set(kept.sections.first { $0.kind == .activeConditions }?.sentences.flatMap(\.sources).map(\.unversioned) ?? [])
            problemsTotal += active.count
            problemsListed += active.filter { !$0.conditions.isDisjoint(with: cited) }.count
            let hcc = engine.hccProblemConditions(record, asOf: date.lowerBound)
            let reviewed = Set(kept.sections.first { $0.kind == .conditionReview }?.sentences.flatMap(\.sources).map(\.unversioned) ?? [])
            hccTotal += hcc.count
            hccReviewed += hcc.filter { !$0.isDisjoint(with: reviewed) }.count
            words += kept.text.split(whereSeparator: \.isWhitespace).count
            if n < self.print { Swift.print("== \(name)\n\(kept.text)\n") }
        }
        latencies.sort()
        func pct(_ p: Double) -> Double { latencies.isEmpty ? 0 : latencies[min(latencies.count - 1, Int(Double(latencies.count) * p))] }
        Swift.print("\(records.count) patients as of \(asOf), visit type \(type.rawValue)")
        Swift.print(String(format: "sentences verified: %d of %d (%.1f%%)", verified, sentences, Double(verified) / Double(max(sentences, 1)) * 100))
        Swift.print("duplicate sentences: \(duplicates)")
        Swift.print(String(format: "coverage: active problems listed %d of %d; HCC-mapped problems reviewed %d of %d", problemsListed, problemsTotal, hccReviewed, hccTotal))
        Swift.print(String(format: "length: %.0f words per summary", Double(words) / Double(max(records.count, 1))))
        Swift.print(String(format: "latency per patient (summary + verification): p50 %.1f ms, p95 %.1f ms, max %.1f ms (this build)", pct(0.5), pct(0.95), latencies.last ?? 0))
    }

    /// One record per transaction Bundle (ids from `urn:uuid` fullUrls where a resource has none).
    static func fromBundles(_ dir: String) throws -> [(String, PatientRecord)] {
        let files = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasSuffix(".json") }.sorted()
        return try files.compactMap { file in
            let json = try JSON(parsing: Array(try Data(contentsOf: URL(fileURLWithPath: dir + "/" + file))))
            var resources: [JSON] = []
            for e in json["entry"]?.arrayValue ?? [] {
                guard var r = e["resource"] else { continue }
                if r["id"] == nil, let full = e["fullUrl"]?.stringValue, full.hasPrefix("urn:uuid:") { r["id"] = .string(String(full.dropFirst(9))) }
                resources.append(r)
            }
            guard let patient = resources.first(where: { $0["resourceType"] == "Patient" }) else { return nil }
            return (file, PatientRecord(patient: patient, resources: resources.filter { $0["resourceType"] != "Patient" }))
        }
    }

    /// Bulk NDJSON: resources grouped by the patient they reference.
    static func fromNDJSON(_ dir: String) throws -> [(String, PatientRecord)] {
        var patients: [String: JSON] = [:]
        var byPatient: [String: [JSON]] = [:]
        for file in try FileManager.default.contentsOfDirectory(atPath: dir).filter({ $0.hasSuffix(".ndjson") }).sorted() {
            let text = try String(contentsOfFile: dir + "/" + file, encoding: .utf8)
            for line in text.split(whereSeparator: \.isNewline) where !line.isEmpty {
                let r = try JSON(parsing: String(line))
                if r["resourceType"] == "Patient", let id = r["id"]?.stringValue { patients[id] = r; continue }
                guard let ref = (r["subject"] ?? r["patient"])?["reference"]?.stringValue, ref.hasPrefix("Patient/") else { continue }
                byPatient[String(ref.dropFirst(8)), default: []].append(r)
            }
        }
        return patients.keys.sorted().map { id in ("Patient/\(id)", PatientRecord(patient: patients[id]!, resources: byPatient[id] ?? [])) }
    }
}
