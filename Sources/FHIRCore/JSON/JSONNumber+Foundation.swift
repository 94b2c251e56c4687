import Foundation

extension JSONNumber {
    /// The value as a Foundation `Decimal` (base-10, 38 significant digits), or
    /// `nil` if it is out of `Decimal`'s range. Note that `Decimal` does not keep
    /// trailing zeros: use ``text`` to keep the exact representation.
    public var decimalValue: Decimal? {
        Decimal(string: text, locale: Locale(identifier: "en_US_POSIX"))
    }
}
