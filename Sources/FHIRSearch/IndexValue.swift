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
///
/// Besides plain parameter codes, `param` takes three derived forms: `code$i` for the i-th component of a
/// composite parameter (rows of one composite value share `group`), `code:of-type` for an Identifier's
/// `type|value` token, and `code:identifier` for a Reference's `identifier` token.
public struct IndexEntry: Sendable, Hashable {
    public var param: String
    public var value: IndexValue
    /// Composite value number (1...) tying components together; 0 for other parameters.
    public var group: Int16

    public init(param: String, value: IndexValue, group: Int16 = 0) {
        self.param = param
        self.value = value
        self.group = group
    }
}
