import ArgumentParser
import EvidentServer
import FHIRCore
import FHIRSearch
import Foundation
import Operations
import Terminology

/// `evident capabilities`: print the CapabilityStatement the server serves at /metadata.
struct Capabilities: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print the server's CapabilityStatement (what GET /metadata returns) as pretty JSON.")

    func run() throws {
        let json = CapabilityStatementBuilder(version: Evident.version, searchParameters: try SearchParameterRegistry.r4(),
                                              operations: try EvidenceOptions.registry(ClinicalOperations(terminology: try Terminology.shipped())).implemented).build(date: FHIRDateTime.instantString(epochSeconds: Date().timeIntervalSince1970))
        FileHandle.standardOutput.write(Data(json.serializedPretty()))
        print()
    }
}
