import FHIRCore
import Foundation
import NIOCore
import PostgresNIO

/// The outcome of one Bundle entry, rendered into the response Bundle.
struct EntryOutcome: Sendable {
    var status: String
    var stored: StoredResource?
    /// A resource to return instead of `stored` (search results, OperationOutcome).
    var body: [UInt8]?
    var outcome: JSON?
}

extension PostgresRepository {
    public func process(bundle: Resource, options: BundleOptions) async throws -> [UInt8] {
        guard bundle.type.name == "Bundle" else {
            throw FHIRError.invalid("POST to the base URL expects a Bundle of type batch or transaction, not \(bundle.type.name)")
        }
        let kind = bundle.json["type"]?.stringValue
        guard kind == "batch" || kind == "transaction" else {
            throw FHIRError.invalid("Bundle.type must be 'batch' or 'transaction' (got '\(kind ?? "none")')", expression: ["Bundle.type"])
        }
        let rawEntries = bundle.json["entry"]?.arrayValue ?? []
        guard rawEntries.count <= options.maxEntries else {
            throw FHIRError.tooLarge("The Bundle has \(rawEntries.count) entries; this server accepts at most \(options.maxEntries) (--max-bundle-entries)")
        }
        if kind == "transaction" {
            let entries = try rawEntries.enumerated().map { (n, e) throws(FHIRError) in
                try BundleEntryRequest(entry: e, index: n, baseURL: options.baseURL)
            }
            let outcomes = try await transaction { conn in try await processTransaction(entries, options: options, on: conn) }
            return render(kind: "transaction-response", outcomes: outcomes, options: options)
        }
        var outcomes = [EntryOutcome?](repeating: nil, count: rawEntries.count)
        var parsed: [BundleEntryRequest] = []
        for (n, e) in rawEntries.enumerated() {
            do { parsed.append(try BundleEntryRequest(entry: e, index: n, baseURL: options.baseURL)) } catch {
                outcomes[n] = Self.failure(error)
            }
        }
        for entry in parsed.sorted(by: { ($0.phase, $0.index) < ($1.phase, $1.index) }) {
            do {
                outcomes[entry.index] = try await transaction { conn in
                    var ctx = TransactionContext()
                    return try await execute(entry, context: &ctx, options: options, on: conn)
                }
            } catch let error as FHIRError {
                outcomes[entry.index] = Self.failure(error)
            } catch {
                logger.error("Batch entry failed", metadata: ["entry": "\(entry.index)", "error": "\(String(reflecting: error))"])
                outcomes[entry.index] = Self.failure(.internal("Internal error processing this entry"))
            }
        }
        return render(kind: "batch-response", outcomes: outcomes.map { $0! }, options: options)
    }

    /// Runs `body`, prefixing a failure's diagnostics with the entry it belongs to.
    static func inEntry<T>(_ index: Int, _ body: () throws(FHIRError) -> T) throws(FHIRError) -> T {
        do { return try body() } catch {
            var e = error
            e.diagnostics = "Bundle.entry[\(index)]: " + e.diagnostics
            e.expression = e.expression.map { "Bundle.entry[\(index)].resource." + $0 }
            throw e
        }
    }

    static func failure(_ error: FHIRError) -> EntryOutcome {
        EntryOutcome(status: "\(error.status) \(Self.reason(error.status))", outcome: error.operationOutcome)
    }

    static func reason(_ status: Int) -> String {
        switch status {
        case 200: return "OK"
        case 201: return "Created"
        case 204: return "No Content"
        case 400: return "Bad Request"
        case 404: return "Not Found"
        case 409: return "Conflict"
        case 410: return "Gone"
        case 412: return "Precondition Failed"
        case 413: return "Payload Too Large"
        case 422: return "Unprocessable Entity"
        default: return "Error"
        }
    }

    /// State shared by the entries of one transaction.
    struct TransactionContext {
        /// fullUrl (urn:uuid or absolute) → `Type/id` after id assignment.
        var idMap: [String: String] = [:]
        /// Conditional references already resolved.
        var conditionalRefs: [String: String] = [:]
        /// Identities written so far: a transaction may not touch one twice.
        var touched: Set<String> = []
        /// Writes collected for one bulk statement.
        var pending: [PendingWrite] = []

        /// Records that an entry modifies `type/id`; a second entry doing so is a 400.
        mutating func touch(_ type: String, _ id: String, entry: Int) throws(FHIRError) {
            guard touched.insert("\(type)/\(id)").inserted else {
                throw .invalid("Bundle.entry[\(entry)]: \(type)/\(id) is modified by more than one entry of the transaction")
            }
        }
    }

    func processTransaction(_ entries: [BundleEntryRequest], options: BundleOptions, on conn: PostgresConnection) async throws -> [EntryOutcome] {
        var ctx = TransactionContext()
        var outcomes = [EntryOutcome?](repeating: nil, count: entries.count)
        let ordered = entries.sorted { ($0.phase, $0.index) < ($1.phase, $1.index) }
        let time = now()

        // 1. Deletes.
        for e in ordered where e.method == "DELETE" {
            outcomes[e.index] = try await execute(e, context: &ctx, options: options, on: conn)
        }
        // 2. Resolve identities of creates and updates so that every reference can be rewritten.
        var assigned: [Int: (id: String, existing: Bool)] = [:]
        for e in ordered where e.method == "POST" || e.method == "PUT" {
            let type = e.type
            var id: String
            var existing = false
            if e.method == "POST" {
                if let criteria = e.ifNoneExist, let match = try await singleMatch(type: type, criteria: criteria, on: conn) {
                    id = match
                    existing = true
                } else {
                    id = FHIRID.generate()
                }
            } else if case .instance(_, let i) = e.target {
                id = i
            } else {
                let criteria = e.query ?? ""
                if let match = try await singleMatch(type: type, criteria: criteria, on: conn) {
                    if let bodyId = e.resource?.id, bodyId != match {
                        throw FHIRError.invalid("Bundle.entry[\(e.index)]: resource id '\(bodyId)' differs from the match '\(match)' of '\(e.url)'")
                    }
                    id = match
                } else {
                    id = e.resource?.id ?? FHIRID.generate()
                }
            }
            if !existing { try ctx.touch(type, id, entry: e.index) }
            if let full = e.fullUrl { ctx.idMap[full] = "\(type)/\(id)" }
            assigned[e.index] = (id, existing)
        }
        // 3. Creates and updates, with references rewritten; written together in one statement.
        let updates = ordered.filter { $0.method == "PUT" }.map { (type: $0.type, id: assigned[$0.index]!.id) }
        let currentVersions = updates.isEmpty ? [:] : try await lockCurrentVersions(updates, on: conn)
        var jobs: [PrepareJob] = []
        for e in ordered where e.method == "POST" || e.method == "PUT" {
            let (id, existing) = assigned[e.index]!
            if existing {
                outcomes[e.index] = EntryOutcome(status: "200 OK", stored: try await readCurrent(type: e.type, id: id, on: conn))
                continue
            }
            var value = e.resource!.value
            try await rewriteReferences(in: &value, entry: e.index, context: &ctx, on: conn)
            let resource = try Resource(json: value)
            if e.method == "POST" {
                jobs.append(PrepareJob(entry: e.index, resource: resource, id: id, version: 1, method: "POST", replaces: false, status: "201 Created"))
            } else {
                let cur = currentVersions["\(e.type)/\(id)"]
                try Self.inEntry(e.index) { () throws(FHIRError) in try Self.check(ifMatch: e.ifMatch, type: e.type, id: id, current: cur) }
                jobs.append(PrepareJob(entry: e.index, resource: resource, id: id, version: (cur?.version ?? 0) + 1, method: "PUT",
                                       replaces: cur != nil, status: (cur == nil || cur!.deleted) ? "201 Created" : "200 OK"))
            }
        }
        for (job, w) in zip(jobs, try prepareAll(jobs, at: time)) {
            ctx.pending.append(w)
            outcomes[job.entry] = EntryOutcome(status: job.status, stored: w.stored)
        }
        for e in ordered where e.method == "PATCH" {
            outcomes[e.index] = try await execute(e, context: &ctx, options: options, on: conn)
        }
        if !ctx.pending.isEmpty {
            try await flush(ctx.pending, on: conn)
        }
        // 4. Reads see the transaction's own writes.
        for e in ordered where e.method == "GET" || e.method == "HEAD" {
            outcomes[e.index] = try await execute(e, context: &ctx, options: options, on: conn)
        }
        return outcomes.map { $0! }
    }

    /// Replaces `urn:uuid` / fullUrl references with the assigned `Type/id`, and resolves conditional references.
    func rewriteReferences(in value: inout JSON, entry: Int, context ctx: inout TransactionContext, on conn: PostgresConnection) async throws {
        // Conditional references need a database lookup; resolve them first (async), then rewrite synchronously.
        for occurrence in value.references(root: "") {
            if case .conditional(let type, let query)? = ReferenceTarget(occurrence.reference), ctx.conditionalRefs[occurrence.reference] == nil {
                let ids = try await matches(type: type, criteria: query, on: conn)
                guard ids.count == 1 else {
                    throw FHIRError.preconditionFailed(
                        "Bundle.entry[\(entry)]: conditional reference '\(occurrence.reference)' matches \(ids.count) resources; it must match exactly one")
                }
                ctx.conditionalRefs[occurrence.reference] = "\(type)/\(ids[0])"
            }
        }
        let idMap = ctx.idMap, conditional = ctx.conditionalRefs
        try value.rewriteReferences { (ref: String) throws(FHIRError) -> String? in
            if let mapped = idMap[ref] ?? conditional[ref] { return mapped }
            if ref.hasPrefix("urn:uuid:") || ref.hasPrefix("urn:oid:") {
                throw FHIRError.invalid("Bundle.entry[\(entry)]: reference '\(ref)' does not match the fullUrl of any entry in the transaction")
            }
            return nil
        }
    }

    /// Executes one entry on its own (batch entries, deletes, patches and reads of a transaction).
    func execute(_ e: BundleEntryRequest, context ctx: inout TransactionContext, options: BundleOptions, on conn: PostgresConnection) async throws -> EntryOutcome {
        switch (e.method, e.target) {
        case ("DELETE", _):
            guard let id = try await target(of: e, context: &ctx, on: conn) else { return EntryOutcome(status: "204 No Content") }
            let r = try await deleteLocked(type: e.type, id: id, ifMatch: e.ifMatch, on: conn)
            return EntryOutcome(status: "204 No Content", stored: r.resource.map { var s = $0; s.body = ByteBuffer(); return s })
        case ("POST", _):
            var value = e.resource!.value
            try await rewriteReferences(in: &value, entry: e.index, context: &ctx, on: conn)
            if let criteria = e.ifNoneExist, let match = try await singleMatch(type: e.type, criteria: criteria, on: conn) {
                return EntryOutcome(status: "200 OK", stored: try await readCurrent(type: e.type, id: match, on: conn))
            }
            let w = try prepare(try Resource(json: value), id: FHIRID.generate(), version: 1, method: "POST", replacesExisting: false)
            try await flush([w], on: conn)
            return EntryOutcome(status: "201 Created", stored: w.stored)
        case ("PUT", .instance(let type, let id)):
            let r = try await updateLocked(type: type, id: id, resource: e.resource!, ifMatch: e.ifMatch, on: conn)
            return EntryOutcome(status: r.created ? "201 Created" : "200 OK", stored: r.resource)
        case ("PUT", _):
            let criteria = e.query ?? ""
            let resource = e.resource!
            let id = try await singleMatch(type: e.type, criteria: criteria, on: conn) ?? resource.id ?? FHIRID.generate()
            let r = try await updateLocked(type: e.type, id: id, resource: resource, ifMatch: e.ifMatch, on: conn)
            return EntryOutcome(status: r.created ? "201 Created" : "200 OK", stored: r.resource)
        case ("PATCH", _):
            guard let id = try await target(of: e, context: &ctx, on: conn) else {
                throw FHIRError.notFound("Bundle.entry[\(e.index)]: no \(e.type) matches '\(e.url)'")
            }
            let r = try await patchLocked(type: e.type, id: id, patch: e.patch!, ifMatch: e.ifMatch, on: conn)
            return EntryOutcome(status: "200 OK", stored: r.resource)
        case (_, .instance(let type, let id)):
            let s = try await readCurrent(type: type, id: id, on: conn)
            return EntryOutcome(status: "200 OK", stored: s, body: s.bodyBytes)
        case (_, .version(let type, let id, let v)):
            let s = try await vread(type: type, id: id, version: v, on: conn)
            return EntryOutcome(status: "200 OK", stored: s, body: s.bodyBytes)
        case (_, .type(let type)):
            let params = SearchParameter.parse(query: e.query ?? "")
            let request = try SearchRequest(type: type, query: params, strict: false)
            let result = try await search(request, on: conn)
            return EntryOutcome(status: "200 OK", body: result.searchsetBundle(baseURL: options.baseURL, request: request))
        }
    }

    /// The id a DELETE/PATCH entry acts on (its URL's id, or the single match of its criteria), recorded as
    /// touched so that no other entry of the transaction modifies it; nil when criteria match nothing.
    func target(of e: BundleEntryRequest, context ctx: inout TransactionContext, on conn: PostgresConnection) async throws -> String? {
        var id: String? = nil
        if case .instance(_, let i) = e.target { id = i } else { id = try await singleMatch(type: e.type, criteria: e.query ?? "", on: conn) }
        guard let id else { return nil }
        try ctx.touch(e.type, id, entry: e.index)
        return id
    }

    func render(kind: String, outcomes: [EntryOutcome], options: BundleOptions) -> [UInt8] {
        var writer = BundleWriter(type: kind, id: FHIRID.generate(), timestamp: FHIRDateTime.instantString(epochSeconds: now()))
        writer.entries.reserveCapacity(outcomes.count)
        for o in outcomes {
            var response: JSONObject = ["status": .string(o.status)]
            var entry = BundleWriter.Entry()
            if let s = o.stored {
                response["location"] = .string(s.versionedReference)
                response["etag"] = .string(s.etag)
                response["lastModified"] = .string(s.lastUpdatedInstant)
                if options.returnRepresentation && !s.deleted && s.body.readableBytes > 0 {
                    entry.fullUrl = options.baseURL + s.reference
                    entry.resource = s.bodyBytes
                }
            }
            if let b = o.body { entry.resource = b }
            if let outcome = o.outcome { response["outcome"] = outcome }
            entry.response = .object(response)
            writer.entries.append(entry)
        }
        return writer.serialized()
    }

    /// Result slots shared by the workers of ``prepareAll(_:at:)``, each writing disjoint indices.
    struct Slots: @unchecked Sendable {
        let buffer: UnsafeMutableBufferPointer<Result<PendingWrite, FHIRError>?>
    }

    /// A create or update of a transaction, ready to be validated, stamped and indexed.
    struct PrepareJob: Sendable {
        var entry: Int
        var resource: Resource
        var id: String
        var version: Int
        var method: String
        var replaces: Bool
        var status: String
    }

    /// Validates, stamps and indexes `jobs` — pure CPU work — on all cores for large transactions. The
    /// error of the first failing entry (in entry order) is thrown, naming the entry.
    func prepareAll(_ jobs: [PrepareJob], at time: Double) throws -> [PendingWrite] {
        @Sendable func run(_ job: PrepareJob) -> Result<PendingWrite, FHIRError> {
            Result { () throws(FHIRError) in
                try Self.inEntry(job.entry) { () throws(FHIRError) in
                    try prepare(job.resource, id: job.id, version: job.version, method: job.method, replacesExisting: job.replaces, at: time)
                }
            }
        }
        var results = [Result<PendingWrite, FHIRError>?](repeating: nil, count: jobs.count)
        let workers = min(ProcessInfo.processInfo.activeProcessorCount, jobs.count / 16)
        if workers < 2 {
            for (i, job) in jobs.enumerated() { results[i] = run(job) }
        } else {
            results.withUnsafeMutableBufferPointer { buffer in
                // Each worker writes only its own slots (i ≡ w mod workers).
                let out = Slots(buffer: buffer)
                DispatchQueue.concurrentPerform(iterations: workers) { w in
                    var i = w
                    while i < jobs.count {
                        out.buffer[i] = run(jobs[i])
                        i += workers
                    }
                }
            }
        }
        return try results.map { try $0!.get() }
    }
}
