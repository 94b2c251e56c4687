import ArgumentParser
import Foundation
import NIOCore
import NIOPosix

// Run Swift concurrency on NIO's event loops: HTTP handlers, database queries and their continuations then
// stay on the same threads instead of hopping between the cooperative pool and the event loops.
// (It must be installed before any task runs, hence this top-level entry point instead of @main.)
let nioExecutor = NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
if ProcessInfo.processInfo.environment["EVIDENT_DEBUG_EXECUTOR"] != nil { print("NIO global executor installed: \(nioExecutor)") }

do {
    // Dispatch on the concrete types: through `any AsyncParsableCommand` the type checker picks
    // ParsableCommand's synchronous `run()` (which only prints help) in Swift 6 mode.
    var command = try Evident.parseAsRoot()
    switch command {
    case let serve as Serve: try await serve.run()
    case let migrate as Migrate: try await migrate.run()
    case let load as Load: try await load.run()
    case let reindex as Reindex: try await reindex.run()
    default: try command.run()
    }
} catch {
    Evident.exit(withError: error)
}
