import FHIRCore
import FHIRStore
import Logging

/// `$reindex` (system and type level): rebuilds search index rows; answers how many resources were reindexed.
/// Runs to completion in the request; for large databases `evident reindex` shows progress.
public struct ReindexOperation: FHIROperation {
    public let definitionID = "reindex"

    public init() {}

    public func invoke(_ invocation: OperationInvocation, context: OperationContext) async throws -> OperationOutput {
        var types: [String]?
        if case .type(let t) = invocation.level { types = [t] }
        let logger = context.logger
        let n = try await context.repository.reindex(types: types, batchSize: 1_000) { done, total in
            logger.info("Reindexing", metadata: ["done": "\(done)", "total": "\(total)"])
        }
        return .parameters([["name": "reindexed", "valueInteger": .number(JSONNumber(n))]])
    }
}
