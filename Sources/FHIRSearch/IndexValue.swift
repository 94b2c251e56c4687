/// A value extracted from a resource for one search parameter, normalised for its parameter type.
public enum IndexValue: Sendable, Hashable {
    /// Coded value: `system|code`, with the display/text kept for `:text`.
    case token(system: String, code: String, text: String?)
    /// Text for string parameters (matching normalises case and accents at query time).
    case string(String)
    /// The instants a date/dateTime/Period covers, in seconds since the epoch (±infinity for open ends).
    case date(lower: Double, upper: Double)
    /// A reference: `Type/id` when local, else the URL or canonical.
    case reference(type: String?, id: String?, url: String?)
    /// A number as written (precision matters for `eq`).
    case number(String)
    /// A quantity with its unit system and code.
    case quantity(value: String, system: String, code: String)
    case uri(String)
}

/// One index row: a parameter code and a value.
public struct IndexEntry: Sendable, Hashable {
    public var param: String
    public var value: IndexValue

    public init(param: String, value: IndexValue) {
        self.param = param
        self.value = value
    }
}
