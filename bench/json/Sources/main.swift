// json-bench: Evident's lossless JSON (FHIRCore.JSON) against libjansson and
// Foundation's JSONSerialization, on the same inputs.
//
//   swift build -c release --product json-bench
//   .build/release/json-bench [--runs N] [--min-time SECONDS] [small.json big.json]
//
// Without paths it picks, from ../shared/data beside the repository, the FHIR R4
// example closest to 5,000 bytes (between 4 and 8 KB) and the Synthea bundle closest
// to 2,000,000 bytes; the big input is also run once more compacted (no
// indentation, as a server stores it). Throughput is in MB/s (1 MB = 10^6 bytes): parse and round trip
// are measured by input size, serialise by the size of each library's own output.
// Each figure is the best of N runs; each run repeats the operation for at least
// --min-time seconds.

import CJansson
import FHIRCore
import Foundation

// MARK: Options and inputs

struct Options {
    var runs = 5
    var minTime = 0.5
    var paths: [String] = []
}

func usage() -> Never {
    print("usage: json-bench [--runs N] [--min-time SECONDS] [small.json big.json]")
    exit(2)
}

func parseOptions() -> Options {
    var options = Options()
    var args = CommandLine.arguments.dropFirst()
    while let arg = args.popFirst() {
        switch arg {
        case "--runs":
            guard let v = args.popFirst().flatMap({ Int($0) }), v > 0 else { usage() }
            options.runs = v
        case "--min-time":
            guard let v = args.popFirst().flatMap({ Double($0) }), v > 0 else { usage() }
            options.minTime = v
        case "-h", "--help":
            usage()
        default:
            options.paths.append(arg)
        }
    }
    if !options.paths.isEmpty, options.paths.count != 2 { usage() }
    return options
}

/// `../shared/data` beside the repository: tried relative to the working directory
/// (the repository root) and to this source file.
func sharedDataDirectory() -> String? {
    let fm = FileManager.default
    let fromSource = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("../shared/data").standardizedFileURL.path
    let candidates = [fm.currentDirectoryPath + "/../shared/data", fromSource]
    for c in candidates where fm.fileExists(atPath: c + "/fhir-r4/examples") {
        return URL(fileURLWithPath: c).standardizedFileURL.path
    }
    return nil
}

/// The `.json` file in `directory` whose size is closest to `target` (ties: name order),
/// restricted to sizes in `range`.
func closestFile(in directory: String, to target: Int, within range: ClosedRange<Int>) -> String? {
    let fm = FileManager.default
    guard let names = try? fm.contentsOfDirectory(atPath: directory) else { return nil }
    var best: (path: String, distance: Int)?
    for name in names.sorted() where name.hasSuffix(".json") {
        let path = directory + "/" + name
        guard let size = (try? fm.attributesOfItem(atPath: path))?[.size] as? Int, range.contains(size) else { continue }
        let distance = abs(size - target)
        if best == nil || distance < best!.distance { best = (path, distance) }
    }
    return best?.path
}

func readFile(_ path: String) -> [UInt8] {
    guard let data = FileManager.default.contents(atPath: path) else {
        print("cannot read \(path)")
        exit(1)
    }
    return [UInt8](data)
}

// MARK: Timing

func seconds(_ d: Duration) -> Double {
    Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
}

nonisolated(unsafe) var blackHole = 0

/// Best throughput in MB/s over `runs` runs; `body` returns the bytes it processed.
func measure(runs: Int, minTime: Double, _ body: () -> Int) -> Double {
    let clock = ContinuousClock()
    blackHole &+= body()  // warm-up
    var best = 0.0
    for _ in 0..<runs {
        var bytes = 0
        let start = clock.now
        var elapsed = 0.0
        repeat {
            bytes += body()
            elapsed = seconds(start.duration(to: clock.now))
        } while elapsed < minTime
        best = max(best, Double(bytes) / elapsed / 1e6)
    }
    return best
}

// MARK: The three libraries

protocol JSONLibrary {
    var name: String { get }
    /// Parses and frees; returns bytes consumed.
    func parse(_ input: [UInt8]) -> Int
    /// Prepares a parsed value for `serialize`.
    mutating func load(_ input: [UInt8])
    /// Serialises the loaded value; returns the output size.
    func serialize() -> Int
    /// Parse + serialise + free; returns bytes consumed.
    func roundTrip(_ input: [UInt8]) -> Int
    /// Parse then serialise: the output text, or an error.
    func convert(_ input: [UInt8]) -> Result<String, BenchError>
}

struct BenchError: Error, CustomStringConvertible {
    var description: String
}

struct Evident: JSONLibrary {
    let name = "Evident JSON"
    var loaded: JSON = .null

    func parse(_ input: [UInt8]) -> Int {
        let value = try! JSONParser().parse(input)
        blackHole &+= value.objectValue?.count ?? 1
        return input.count
    }

    mutating func load(_ input: [UInt8]) { loaded = try! JSONParser().parse(input) }

    func serialize() -> Int { loaded.serialized().count }

    func roundTrip(_ input: [UInt8]) -> Int {
        let value = try! JSONParser().parse(input)
        blackHole &+= value.serialized().count
        return input.count
    }

    func convert(_ input: [UInt8]) -> Result<String, BenchError> {
        do throws(JSONError) {
            return .success(try JSONParser().parse(input).jsonString)
        } catch {
            return .failure(BenchError(description: error.description))
        }
    }
}

final class Jansson: JSONLibrary {
    let name = "libjansson \(String(cString: jansson_version_str()))"
    let decodeFlags = Int(JSON_DECODE_ANY)
    let encodeFlags = Int(JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_ENCODE_ANY)
    var loaded: UnsafeMutablePointer<json_t>?
    var output: UnsafeMutablePointer<CChar>
    var outputCapacity = 1 << 16

    init() { output = .allocate(capacity: outputCapacity) }

    deinit {
        if let loaded { json_decref(loaded) }
        output.deallocate()
    }

    private func load(_ input: [UInt8], _ error: inout json_error_t) -> UnsafeMutablePointer<json_t>? {
        input.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { chars in
                json_loadb(chars.baseAddress, chars.count, decodeFlags, &error)
            }
        }
    }

    /// Serialises into the reusable output buffer (growing it if needed).
    private func dump(_ value: UnsafeMutablePointer<json_t>) -> Int {
        var size = json_dumpb(value, output, outputCapacity, encodeFlags)
        if size > outputCapacity {
            output.deallocate()
            outputCapacity = size * 2
            output = .allocate(capacity: outputCapacity)
            size = json_dumpb(value, output, outputCapacity, encodeFlags)
        }
        return size
    }

    func parse(_ input: [UInt8]) -> Int {
        var error = json_error_t()
        guard let value = load(input, &error) else { fatalError("jansson: \(error.message)") }
        json_decref(value)
        return input.count
    }

    func load(_ input: [UInt8]) {
        var error = json_error_t()
        if let loaded { json_decref(loaded) }
        loaded = load(input, &error)
    }

    func serialize() -> Int { dump(loaded!) }

    func roundTrip(_ input: [UInt8]) -> Int {
        var error = json_error_t()
        guard let value = load(input, &error) else { fatalError("jansson: \(error.message)") }
        blackHole &+= dump(value)
        json_decref(value)
        return input.count
    }

    func convert(_ input: [UInt8]) -> Result<String, BenchError> {
        var error = json_error_t()
        guard let value = load(input, &error) else {
            return .failure(BenchError(description: "parse error: \(error.message)"))
        }
        defer { json_decref(value) }
        let size = dump(value)
        return .success(String(decoding: UnsafeRawBufferPointer(start: output, count: size), as: UTF8.self))
    }
}

extension json_error_t {
    var message: String {
        withUnsafeBytes(of: text) { raw in
            String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
        }
    }
}

struct FoundationJSON: JSONLibrary {
    let name = "Foundation JSONSerialization"
    var loaded: Any = NSNull()

    func parse(_ input: [UInt8]) -> Int {
        let object = try! JSONSerialization.jsonObject(with: Data(input), options: [.fragmentsAllowed])
        blackHole &+= (object as? NSDictionary)?.count ?? 1
        return input.count
    }

    mutating func load(_ input: [UInt8]) {
        loaded = try! JSONSerialization.jsonObject(with: Data(input), options: [.fragmentsAllowed])
    }

    func serialize() -> Int {
        try! JSONSerialization.data(withJSONObject: loaded, options: [.withoutEscapingSlashes, .fragmentsAllowed]).count
    }

    func roundTrip(_ input: [UInt8]) -> Int {
        let object = try! JSONSerialization.jsonObject(with: Data(input), options: [.fragmentsAllowed])
        blackHole &+= try! JSONSerialization.data(withJSONObject: object, options: [.withoutEscapingSlashes, .fragmentsAllowed]).count
        return input.count
    }

    func convert(_ input: [UInt8]) -> Result<String, BenchError> {
        do {
            let object = try JSONSerialization.jsonObject(with: Data(input), options: [.fragmentsAllowed])
            let data = try JSONSerialization.data(withJSONObject: object, options: [.withoutEscapingSlashes, .fragmentsAllowed])
            return .success(String(decoding: data, as: UTF8.self))
        } catch {
            return .failure(BenchError(description: "\(error)"))
        }
    }
}

// MARK: Fidelity

/// Parses and re-serialises probe documents; reports what survived, as short table
/// cells, plus the full outputs as notes.
func fidelity(of library: any JSONLibrary) -> (cells: [String], notes: [String]) {
    var notes: [String] = []
    func check(_ probe: String, _ test: (String) -> Bool, yes: String = "yes", no: String = "no") -> String {
        switch library.convert(Array(probe.utf8)) {
        case .success(let out):
            notes.append("\(probe) -> \(out)")
            return test(out) ? yes : no
        case .failure(let e):
            notes.append("\(probe) -> \(e.description)")
            return "parse fails"
        }
    }
    let decimal = check(#"{"value":1.50}"#) { $0.contains("1.50") }
    let big = check(#"{"value":12345678901234567890123}"#) { $0.contains("12345678901234567890123") }
    let order = check(#"{"z":1,"a":2,"m":3,"b":4}"#) { out in
        let positions = ["\"z\"", "\"a\"", "\"m\"", "\"b\""].compactMap { out.range(of: $0)?.lowerBound }
        return positions.count == 4 && positions == positions.sorted()
    }
    let slash = check(#"{"div":"<div>a/b</div>"}"#, { $0.contains("\\/") }, yes: "yes (\\/)", no: "no")
    return ([decimal, big, order, slash], notes)
}

// MARK: Output

func pad(_ s: String, _ width: Int, right: Bool = false) -> String {
    let n = s.count
    guard n < width else { return s }
    let fill = String(repeating: " ", count: width - n)
    return right ? fill + s : s + fill
}

func format(_ x: Double) -> String { String(format: "%.1f", x) }

func cpuModel() -> String {
    guard let text = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8) else { return "unknown CPU" }
    for line in text.split(separator: "\n") where line.hasPrefix("model name") {
        return line.split(separator: ":", maxSplits: 1).last.map { $0.trimmingCharacters(in: .whitespaces) } ?? "unknown CPU"
    }
    return "unknown CPU"
}

// MARK: Main

let options = parseOptions()
var inputs: [(label: String, path: String)] = []
if options.paths.count == 2 {
    inputs = [("small", options.paths[0]), ("big", options.paths[1])]
} else {
    guard let shared = sharedDataDirectory() else {
        print("cannot find ../shared/data; pass two paths: json-bench small.json big.json")
        exit(1)
    }
    guard let small = closestFile(in: shared + "/fhir-r4/examples", to: 5_000, within: 4_000...8_000),
        let big = closestFile(in: shared + "/synthea/r4-bundles", to: 2_000_000, within: 0...Int.max)
    else {
        print("no suitable inputs under \(shared)")
        exit(1)
    }
    inputs = [("small", small), ("big", big)]
}

print("json-bench: \(cpuModel()), runs=\(options.runs), min-time=\(options.minTime)s, MB = 10^6 bytes")
print()

var libraries: [any JSONLibrary] = [Evident(), Jansson(), FoundationJSON()]
var ratios: [String] = []
let header =
    pad("input", 28) + pad("library", 30) + pad("parse MB/s", 12, right: true) + pad("serialize MB/s", 16, right: true)
    + pad("round trip MB/s", 17, right: true)
print(header)
print(String(repeating: "-", count: header.count))
// The big input once more as compact JSON (no indentation), as a server stores and
// receives it: denser text, so lower MB/s for everyone.
var cases: [(label: String, path: String, bytes: [UInt8])] = inputs.map { ($0.label, $0.path, readFile($0.path)) }
if let big = cases.last {
    cases.append(("big, compact", big.path + " (compacted)", try! JSON(parsing: big.bytes).serialized()))
}
for input in cases {
    let bytes = input.bytes
    let name = (input.path as NSString).lastPathComponent
    let shortName = name.count > 60 ? String(name.prefix(44)) + "..." + String(name.suffix(13)) : name
    var results: [(parse: Double, serialize: Double, roundTrip: Double)] = []
    for i in libraries.indices {
        let parse = measure(runs: options.runs, minTime: options.minTime) { libraries[i].parse(bytes) }
        libraries[i].load(bytes)
        let library = libraries[i]
        let serialize = measure(runs: options.runs, minTime: options.minTime) { library.serialize() }
        let roundTrip = measure(runs: options.runs, minTime: options.minTime) { library.roundTrip(bytes) }
        results.append((parse, serialize, roundTrip))
        let label = i == 0 ? "\(input.label) (\(bytes.count) B)" : ""
        print(
            pad(label, 28) + pad(library.name, 30) + pad(format(parse), 12, right: true)
                + pad(format(serialize), 16, right: true) + pad(format(roundTrip), 17, right: true))
    }
    print(pad("", 28) + "file: \(shortName)")
    let (ours, jansson) = (results[0], results[1])
    ratios.append(
        "\(input.label): parse \(String(format: "%.2f", ours.parse / jansson.parse))x, "
            + "serialize \(String(format: "%.2f", ours.serialize / jansson.serialize))x, "
            + "round trip \(String(format: "%.2f", ours.roundTrip / jansson.roundTrip))x")
}
print()
print("Evident / jansson:")
for r in ratios { print("  " + r) }
print()
print("Fidelity (parse, then serialise compact):")
let fidelityHeader = pad("library", 30) + pad("1.50 kept", 12) + pad("big int kept", 14) + pad("key order kept", 16) + "'/' escaped"
print(fidelityHeader)
print(String(repeating: "-", count: fidelityHeader.count))
var allNotes: [String] = []
for library in libraries {
    let (cells, notes) = fidelity(of: library)
    print(pad(library.name, 30) + pad(cells[0], 12) + pad(cells[1], 14) + pad(cells[2], 16) + cells[3])
    allNotes += notes.map { "  \(pad(library.name + ":", 30)) \($0)" }
}
print()
print("Fidelity probes (input -> output):")
for note in allNotes { print(note) }
if blackHole == 42 { print("") }
