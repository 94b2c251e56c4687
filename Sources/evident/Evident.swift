import ArgumentParser

/// `evident`: the Evident FHIR R4 server and its tools.
struct Evident: AsyncParsableCommand {
    static let version = "0.4.0"

    static let configuration = CommandConfiguration(
        commandName: "evident",
        abstract: "Evident: a FHIR R4 server on PostgreSQL whose clinical-AI output is traceable.",
        discussion: """
            Without --database-url (or DATABASE_URL) every command uses an embedded PostgreSQL cluster in \
            --data-dir (default ./.evident/postgres), created on first use from the Debian PostgreSQL binaries.
            """,
        version: version,
        subcommands: [Serve.self, Migrate.self, Load.self, Reindex.self, Capabilities.self, SigningKey.self, FHIRPathCommand.self, TextCommand.self, Eval.self]
    )
}
