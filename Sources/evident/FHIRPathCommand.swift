import ArgumentParser
import FHIRCore
import FHIRPath
import Foundation

/// `evident fhirpath`: evaluate FHIRPath expressions against resources (debugging search parameters).
struct FHIRPathCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fhirpath",
        abstract: "Evaluate a FHIRPath expression against FHIR JSON resources and print the results.",
        discussion: """
            With --batch, reads JSON lines {"file": path, "expression": text} from standard input and writes one
            JSON line per request: {"result": [...]} or {"error": "..."} (used by the fhirpathpy oracle test).
            """)

    @Flag(help: "Read requests as JSON lines from standard input.")
    var batch = false

    @Argument(help: "The expression, then the resource files (not with --batch).")
    var arguments: [String] = []

    func run() throws {
        if batch {
            var cache: [String: JSON] = [:]
            while let line = readLine() {
                let request = try JSON(parsing: line)
                let reply: JSON
                do {
                    let file = request["file"]?.stringValue ?? ""
                    let resource: JSON
                    if let cached = cache[file] { resource = cached } else {
                        resource = try JSON(parsing: Array(try Data(contentsOf: URL(fileURLWithPath: file))))
                        cache = [file: resource]
                    }
                    let values = try FHIRPathExpression(request["expression"]?.stringValue ?? "").values(in: resource)
                    reply = ["result": .array(values)]
                } catch {
                    reply = ["error": .string(String(describing: error))]
                }
                print(reply.jsonString)
            }
            return
        }
        guard arguments.count >= 2 else { throw ValidationError("usage: evident fhirpath EXPRESSION FILE... (or --batch)") }
        let expression = try FHIRPathExpression(arguments[0])
        for file in arguments.dropFirst() {
            let resource = try JSON(parsing: Array(try Data(contentsOf: URL(fileURLWithPath: file))))
            print(JSON.array(try expression.values(in: resource)).jsonString)
        }
    }
}
