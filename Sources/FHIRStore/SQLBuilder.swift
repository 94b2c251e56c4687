import PostgresNIO

/// Builds a SQL statement at run time with every value passed as a bound parameter (`$n`), never inlined.
public struct SQLBuilder: Sendable {
    public private(set) var sql: String
    public private(set) var bindings = PostgresBindings()
    private var count = 0
    private var aliases = 0

    public init(_ sql: String = "") { self.sql = sql }

    /// Appends raw SQL text (identifiers and keywords only — values go through ``bind(_:)``).
    public mutating func append(_ text: String) { sql += text }

    /// Binds `value` and returns its placeholder, e.g. `$3`.
    public mutating func bind<T: PostgresNonThrowingEncodable & Sendable>(_ value: T) -> String {
        bindings.append(value)
        count += 1
        return "$\(count)"
    }

    /// A fresh table alias (`x1`, `x2`, …) for nested subqueries.
    public mutating func alias(_ prefix: String = "x") -> String {
        aliases += 1
        return "\(prefix)\(aliases)"
    }

    /// The statement ready to run.
    public var query: PostgresQuery { PostgresQuery(unsafeSQL: sql, binds: bindings) }
}
