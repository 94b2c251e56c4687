/// An error thrown by ``JSONParser``.
///
/// `code` tells the kind of failure; `offset` is the byte offset into the input
/// (counting a leading BOM, if any) where the problem was found; `message` is a
/// human readable explanation that ends with "at byte N".
public struct JSONError: Error, Sendable, CustomStringConvertible {
    /// The kind of a ``JSONError``. Compare with the static members, e.g.
    /// `error.code == .syntax`.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let raw: UInt8
        private init(_ raw: UInt8) { self.raw = raw }

        /// The input is not valid JSON text (RFC 8259).
        public static let syntax = Code(1)
        /// Arrays/objects are nested deeper than ``JSONParser/Limits/maxDepth``.
        public static let depthLimit = Code(2)
        /// The input is larger than ``JSONParser/Limits/maxBytes``.
        public static let sizeLimit = Code(3)
        /// The input contains bytes that are not well-formed UTF-8.
        public static let invalidUTF8 = Code(4)
        /// A complete JSON value is followed by something other than whitespace.
        public static let trailingData = Code(5)
        /// The input is empty or only whitespace (and/or a BOM).
        public static let emptyInput = Code(6)

        public var description: String {
            switch raw {
            case 1: "syntax"
            case 2: "depthLimit"
            case 3: "sizeLimit"
            case 4: "invalidUTF8"
            case 5: "trailingData"
            case 6: "emptyInput"
            default: "unknown(\(raw))"
            }
        }
    }

    public var code: Code
    /// Byte offset into the input where the error was detected.
    public var offset: Int
    /// Human readable message, e.g. `expected ',' or '}' after object member at byte 1234`.
    public var message: String

    public init(code: Code, offset: Int, message: String) {
        self.code = code
        self.offset = offset
        self.message = message
    }

    public var description: String { "JSONError.\(code): \(message)" }
}
