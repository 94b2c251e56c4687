import ArgumentParser
import FHIRCore
import FHIRSearch
import FHIRStore
import FHIRValidation
import Foundation
import Logging
import PostgresNIO

/// `evident load`: import FHIR JSON files (Bundles, single resources) and NDJSON straight into the store.
struct Load: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Load FHIR data from files or directories into the database.",
        discussion: """
            Accepts .json files holding a transaction/batch Bundle (processed as is), another Bundle type \
            (its entries are stored), or a single resource; and .ndjson files (one resource per line, as from \
            Bulk Data export). Directories are searched recursively. Resources with an id are stored under that \
            id (update-as-create); others get a server id. Each file is one or more database transactions; a \
            failing file is reported and the others still load.
            """)

    @OptionGroup var database: DatabaseOptions

    @Argument(help: "Files or directories to load.")
    var paths: [String]

    @Option(name: .long, help: "Files loaded in parallel.")
    var jobs: Int = 2

    @Flag(name: .long, help: "Write no search index rows (faster bulk load); run `evident reindex` afterwards to make the data searchable.")
    var noIndex = false

    @Option(name: .long, help: "Resources per transaction for NDJSON and non-transaction Bundles.")
    var batchSize: Int = 1000

    func run() async throws {
        let logger = database.makeLogger("evident.load")
        let files = try Self.collect(paths)
        guard !files.isEmpty else { throw ValidationError("No .json or .ndjson files found in \(paths.joined(separator: ", "))") }
        let target = try database.resolve(logger: logger)
        defer { target.shutdown() }
        let client = PostgresClient(configuration: target.configuration, backgroundLogger: logger)
        let registry = try SearchParameterRegistry.r4()
        let repository = try PostgresRepository.r4(client: client, logger: logger, registry: registry, indexing: !noIndex)
        let batchSize = max(1, self.batchSize)
        let jobs = max(1, self.jobs)
        let start = Date()
        var totals = (resources: 0, failedFiles: 0, failedEntries: 0)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            defer { group.cancelAll() }
            try await client.waitUntilReady(target: target.description, logger: logger)
            try await Migrator(client: client, logger: logger).migrate()
            try await withThrowingTaskGroup(of: (Int, String, Result<FileLoader.Summary, any Error>, Double).self) { files_ in
                var next = 0
                var done = 0
                func launch() {
                    guard next < files.count else { return }
                    let (n, file) = (next, files[next])
                    next += 1
                    files_.addTask {
                        let t0 = Date()
                        do {
                            let s = try await FileLoader(repository: repository, batchSize: batchSize).load(file)
                            return (n, file, .success(s), Date().timeIntervalSince(t0))
                        } catch {
                            return (n, file, .failure(error), Date().timeIntervalSince(t0))
                        }
                    }
                }
                for _ in 0..<jobs { launch() }
                while let (_, file, result, seconds) = try await files_.next() {
                    done += 1
                    let name = (file as NSString).lastPathComponent
                    switch result {
                    case .success(let s):
                        totals.resources += s.resources
                        totals.failedEntries += s.failedEntries
                        let rate = seconds > 0 ? Int(Double(s.resources) / seconds) : 0
                        let failed = s.failedEntries > 0 ? ", \(s.failedEntries) entries failed" : ""
                        say("[\(done)/\(files.count)] \(name): \(s.resources) resources in \(String(format: "%.2f", seconds)) s (\(rate)/s)\(failed)")
                    case .failure(let error):
                        totals.failedFiles += 1
                        say("[\(done)/\(files.count)] \(name): FAILED — \(Self.describe(error))")
                    }
                    launch()
                }
            }
        }
        let seconds = Date().timeIntervalSince(start)
        let rate = seconds > 0 ? Int(Double(totals.resources) / seconds) : 0
        say("Loaded \(totals.resources) resources from \(files.count - totals.failedFiles) of \(files.count) files in \(String(format: "%.1f", seconds)) s (\(rate) resources/s)"
              + (totals.failedFiles + totals.failedEntries > 0 ? "; \(totals.failedFiles) files and \(totals.failedEntries) entries failed" : ""))
        if totals.failedFiles > 0 || totals.failedEntries > 0 { throw ExitCode(1) }
    }

    /// Writes a line to stdout unbuffered, so progress interleaves correctly with log lines (stderr).
    func say(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }

    static func describe(_ error: any Error) -> String {
        if let e = error as? FHIRError { return "\(e.status) \(e.diagnostics)" }
        return String(describing: error)
    }

    /// Expands directories into their .json/.ndjson files, sorted by path.
    static func collect(_ paths: [String]) throws -> [String] {
        let fm = FileManager.default
        var out: [String] = []
        for p in paths {
            var isDir: ObjCBool = false
            guard fm.fileExists(atPath: p, isDirectory: &isDir) else { throw ValidationError("No such file or directory: \(p)") }
            if isDir.boolValue {
                let e = fm.enumerator(atPath: p)
                while let rel = e?.nextObject() as? String {
                    if rel.hasSuffix(".json") || rel.hasSuffix(".ndjson") { out.append((p as NSString).appendingPathComponent(rel)) }
                }
            } else {
                out.append(p)
            }
        }
        return out.sorted()
    }
}

/// Loads one file through the repository's Bundle processing.
struct FileLoader: Sendable {
    struct Summary: Sendable {
        var resources = 0
        var failedEntries = 0
    }

    let repository: PostgresRepository
    let batchSize: Int
    let options = BundleOptions(baseURL: "urn:evident:load/", maxEntries: .max)

    func load(_ path: String) async throws -> Summary {
        let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        if path.hasSuffix(".ndjson") {
            var resources: [JSON] = []
            var lineNo = 0
            for line in bytes.split(separator: UInt8(ascii: "\n")) where !line.allSatisfy({ $0 == 32 || $0 == 13 }) {
                lineNo += 1
                do { resources.append(try JSON(parsing: Array(line))) } catch {
                    throw FHIRError.structure("line \(lineNo): \(error.message)")
                }
            }
            return try await store(resources)
        }
        let value: JSON
        do { value = try JSONParser(limits: .init(maxDepth: 100, maxBytes: .max)).parse(bytes) } catch {
            throw FHIRError(jsonError: error)
        }
        let resource = try Resource(json: value)
        if resource.type.name == "Bundle", let kind = value["type"]?.stringValue, kind == "transaction" || kind == "batch" {
            let response = try await repository.process(bundle: resource, options: options)
            return Summary(resources: value["entry"]?.arrayValue?.count ?? 0, failedEntries: Self.failures(in: response))
        }
        if resource.type.name == "Bundle" {
            return try await store((value["entry"]?.arrayValue ?? []).compactMap { $0["resource"] })
        }
        return try await store([value])
    }

    /// Stores resources as transactions of `batchSize` entries (PUT when they carry an id, else POST).
    func store(_ resources: [JSON]) async throws -> Summary {
        var summary = Summary()
        var start = 0
        while start < resources.count {
            let chunk = resources[start..<min(resources.count, start + batchSize)]
            let entries: [JSON] = chunk.map { r in
                let type = r["resourceType"]?.stringValue ?? "Unknown"
                if let id = r["id"]?.stringValue {
                    return ["resource": r, "request": ["method": "PUT", "url": .string("\(type)/\(id)")]]
                }
                return ["resource": r, "request": ["method": "POST", "url": .string(type)]]
            }
            let bundle = try Resource(json: ["resourceType": "Bundle", "type": "transaction", "entry": .array(entries)])
            _ = try await repository.process(bundle: bundle, options: options)
            summary.resources += chunk.count
            start += batchSize
        }
        return summary
    }

    /// Entries of a batch-response whose status is not 2xx.
    static func failures(in response: [UInt8]) -> Int {
        guard let json = try? JSON(parsing: response), json["type"]?.stringValue == "batch-response" else { return 0 }
        return (json["entry"]?.arrayValue ?? []).filter { !($0["response"]?["status"]?.stringValue ?? "").hasPrefix("2") }.count
    }
}
