extension JSON {
    /// Object member access.
    ///
    /// Get: the value of the first member named `key`; `nil` when absent or when
    /// `self` is not an object.
    /// Set: on an object, see ``JSONObject/subscript(_:)`` (replace in place,
    /// append, or remove with `nil`). **On a non-object value, setting is a no-op**
    /// (it does not turn `self` into an object and does not trap).
    public subscript(key: String) -> JSON? {
        get {
            guard case .object(let object) = self else { return nil }
            return object[key]
        }
        set {
            guard case .object(var object) = self else { return }
            self = .null  // drop our reference so `object` is uniquely referenced (no copy)
            object[key] = newValue
            self = .object(object)
        }
    }

    /// The array element at `index`, or `nil` if `self` is not an array or the
    /// index is out of bounds.
    public subscript(index: Int) -> JSON? {
        guard case .array(let array) = self, array.indices.contains(index) else { return nil }
        return array[index]
    }

    public var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    public var boolValue: Bool? {
        if case .bool(let b) = self { return b }
        return nil
    }

    public var numberValue: JSONNumber? {
        if case .number(let n) = self { return n }
        return nil
    }

    /// ``JSONNumber/intValue`` of a number; `nil` for other values.
    public var intValue: Int? {
        if case .number(let n) = self { return n.intValue }
        return nil
    }

    /// ``JSONNumber/doubleValue`` of a number; `nil` for other values.
    public var doubleValue: Double? {
        if case .number(let n) = self { return n.doubleValue }
        return nil
    }

    public var arrayValue: [JSON]? {
        if case .array(let a) = self { return a }
        return nil
    }

    public var objectValue: JSONObject? {
        if case .object(let o) = self { return o }
        return nil
    }

    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }
}
