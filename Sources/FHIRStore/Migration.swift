/// One versioned schema change: a numbered SQL script applied once and recorded in `schema_migration`.
public struct Migration: Sendable, Hashable {
    /// Monotonic version number (from the file name `NNNN_name.sql`).
    public let version: Int
    /// Human-readable name.
    public let name: String
    /// The SQL text; may contain several statements.
    public let sql: String

    public init(version: Int, name: String, sql: String) {
        self.version = version
        self.name = name
        self.sql = sql
    }
}
