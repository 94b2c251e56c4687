/// A JSON object that keeps its members in document / insertion order.
///
/// Members are stored in an array; key look-up is a linear scan, which is
/// the fastest option for the small objects FHIR resources are made of.
///
/// Duplicate keys: the parser keeps every member, including repeated keys
/// (FHIR forbids them, but the parser does not silently drop data). Validate
/// with ``duplicateKeys`` if needed. The key subscript reads the *first*
/// member with the key; setting replaces the first one in place and removes
/// any later duplicates; setting `nil` and ``removeValue(forKey:)`` remove
/// every member with the key.
///
/// Equality is order-sensitive: `{"a":1,"b":2} != {"b":2,"a":1}`.
public struct JSONObject: Sendable, Hashable, RandomAccessCollection, ExpressibleByDictionaryLiteral {
    public struct Member: Sendable, Hashable {
        public var key: String
        public var value: JSON

        @inline(__always)
        public init(key: String, value: JSON) {
            self.key = key
            self.value = value
        }
    }

    /// The members in insertion / document order.
    public var members: [Member]

    public init() { members = [] }

    public init(_ members: [Member]) { self.members = members }

    /// Keeps the literal's order (and, like the parser, any repeated keys).
    public init(dictionaryLiteral elements: (String, JSON)...) {
        members = elements.map { Member(key: $0.0, value: $0.1) }
    }

    // MARK: RandomAccessCollection

    public typealias Element = Member
    public typealias Index = Int
    public typealias Indices = Range<Int>

    @inline(__always) public var startIndex: Int { 0 }
    @inline(__always) public var endIndex: Int { members.count }
    @inline(__always) public var count: Int { members.count }
    @inline(__always) public var isEmpty: Bool { members.isEmpty }
    @inline(__always) public subscript(position: Int) -> Member { members[position] }

    // MARK: Keyed access

    /// The member keys in order (repeated keys appear repeatedly).
    public var keys: [String] { members.map(\.key) }

    /// The members' values in order.
    public var values: [JSON] { members.map(\.value) }

    /// Get: the value of the first member named `key`, or `nil`.
    /// Set: replaces the first member named `key` in place (keeping its position and
    /// dropping later duplicates) or appends a new member; setting `nil` removes
    /// every member named `key`. To store a JSON `null`, assign `.null`.
    public subscript(key: String) -> JSON? {
        get {
            for m in members where m.key == key { return m.value }
            return nil
        }
        set {
            guard let newValue else {
                _ = removeValue(forKey: key)
                return
            }
            guard let i = index(forKey: key) else {
                members.append(Member(key: key, value: newValue))
                return
            }
            members[i].value = newValue
            if members.count > i + 1 {
                var j = i + 1
                while j < members.count {
                    if members[j].key == key { members.remove(at: j) } else { j += 1 }
                }
            }
        }
    }

    /// Position of the first member named `key`.
    public func index(forKey key: String) -> Int? {
        members.firstIndex { $0.key == key }
    }

    /// Removes every member named `key`; returns the value of the first one removed.
    @discardableResult
    public mutating func removeValue(forKey key: String) -> JSON? {
        guard let i = index(forKey: key) else { return nil }
        let old = members[i].value
        members.removeSubrange(i...i)
        if i < members.count, members[i...].contains(where: { $0.key == key }) {
            members.removeAll { $0.key == key }
        }
        return old
    }

    public func contains(key: String) -> Bool {
        index(forKey: key) != nil
    }

    /// Appends a member without checking for an existing key.
    public mutating func append(key: String, value: JSON) {
        members.append(Member(key: key, value: value))
    }

    /// Keys that occur more than once, in order of their second occurrence.
    public var duplicateKeys: [String] {
        guard members.count > 1 else { return [] }
        var seen = Set<String>()
        var dups: [String] = []
        for m in members where !seen.insert(m.key).inserted && !dups.contains(m.key) {
            dups.append(m.key)
        }
        return dups
    }
}

extension JSONObject: CustomStringConvertible {
    public var description: String { JSON.object(self).jsonString }
}
