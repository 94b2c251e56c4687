// Low-level helpers shared by the JSON parser and writer: growable unsafe
// buffers and SWAR (8 bytes at a time) scanning masks.

/// A growable stack of values in manually managed memory; used by the parser to
/// collect array elements / object members before moving them, exactly sized,
/// into their final arrays.
struct _JSONStack<Element>: ~Copyable {
    var base: UnsafeMutablePointer<Element>
    var count: Int = 0
    var capacity: Int

    init(capacity: Int) {
        self.capacity = Swift.max(capacity, 4)
        self.base = .allocate(capacity: self.capacity)
    }

    deinit {
        base.deinitialize(count: count)
        base.deallocate()
    }

    @inline(__always)
    mutating func push(_ element: consuming Element) {
        if count == capacity { grow() }
        (base + count).initialize(to: element)
        count &+= 1
    }

    @inline(__always)
    mutating func pop() -> Element {
        count &-= 1
        return (base + count).move()
    }

    @inline(never)
    mutating func grow() {
        let newCapacity = capacity * 2
        let newBase = UnsafeMutablePointer<Element>.allocate(capacity: newCapacity)
        newBase.moveInitialize(from: base, count: count)
        base.deallocate()
        base = newBase
        capacity = newCapacity
    }
}

/// A growable byte buffer in manually managed memory, used by the writer.
struct _JSONByteSink: ~Copyable {
    var base: UnsafeMutablePointer<UInt8>
    var count: Int = 0
    var capacity: Int

    init(capacity: Int) {
        self.capacity = Swift.max(capacity, 64)
        self.base = .allocate(capacity: self.capacity)
    }

    deinit { base.deallocate() }

    @inline(__always)
    mutating func reserve(_ n: Int) {
        if capacity &- count < n { grow(n) }
    }

    @inline(never)
    mutating func grow(_ n: Int) {
        let newCapacity = Swift.max(capacity * 2, count + n)
        let newBase = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        newBase.initialize(from: base, count: count)
        base.deallocate()
        base = newBase
        capacity = newCapacity
    }

    /// Appends one byte; the caller has reserved room.
    @inline(__always)
    mutating func appendUnchecked(_ byte: UInt8) {
        base[count] = byte
        count &+= 1
    }

    @inline(__always)
    mutating func append(_ byte: UInt8) {
        reserve(1)
        appendUnchecked(byte)
    }

    /// Appends bytes; the caller has reserved room.
    @inline(__always)
    mutating func appendUnchecked(_ bytes: UnsafePointer<UInt8>, count n: Int) {
        (base + count).update(from: bytes, count: n)
        count &+= n
    }

    @inline(__always)
    mutating func append(_ bytes: UnsafePointer<UInt8>, count n: Int) {
        reserve(n)
        appendUnchecked(bytes, count: n)
    }

    /// Appends the 4 bytes of `word` (little-endian order), e.g. "null"/"true".
    @inline(__always)
    mutating func append4(_ word: UInt32) {
        reserve(4)
        UnsafeMutableRawPointer(base + count).storeBytes(of: word.littleEndian, as: UInt32.self)
        count &+= 4
    }

    var bytes: [UInt8] {
        [UInt8](UnsafeBufferPointer(start: base, count: count))
    }
}

let _swarOnes: UInt64 = 0x0101_0101_0101_0101
let _swarHigh: UInt64 = 0x8080_8080_8080_8080

/// Loads 8 bytes as a little-endian word (byte 0 in the low bits).
@inline(__always)
func _load8(_ p: UnsafePointer<UInt8>) -> UInt64 {
    UInt64(littleEndian: UnsafeRawPointer(p).loadUnaligned(as: UInt64.self))
}

@inline(__always)
func _load4(_ p: UnsafePointer<UInt8>) -> UInt32 {
    UInt32(littleEndian: UnsafeRawPointer(p).loadUnaligned(as: UInt32.self))
}

/// High bit set in each byte lane equal to zero (the lowest flagged lane is exact).
@inline(__always)
func _swarZeroLanes(_ x: UInt64) -> UInt64 {
    (x &- _swarOnes) & ~x
}

/// Flags bytes a string parser must look at: `"`, `\`, control characters (< 0x20)
/// and non-ASCII (>= 0x80). Only the lowest flagged lane is guaranteed exact.
@inline(__always)
func _parserStringMask(_ v: UInt64) -> UInt64 {
    let quote = _swarZeroLanes(v ^ (_swarOnes &* 0x22))
    let backslash = _swarZeroLanes(v ^ (_swarOnes &* 0x5C))
    let control = v &- (_swarOnes &* 0x20)  // high bit for < 0x20 (and >= 0xA0, flagged anyway)
    return (quote | backslash | control | v) & _swarHigh
}

/// Flags bytes the writer must escape: `"`, `\` and control characters (< 0x20).
@inline(__always)
func _writerEscapeMask(_ v: UInt64) -> UInt64 {
    let quote = _swarZeroLanes(v ^ (_swarOnes &* 0x22))
    let backslash = _swarZeroLanes(v ^ (_swarOnes &* 0x5C))
    let control = (v &- (_swarOnes &* 0x20)) & ~v
    return (quote | backslash | control) & _swarHigh
}

/// A small direct-mapped cache from short byte sequences (≤ 16 bytes) to the
/// `String`s made from them. FHIR repeats the same keys and many values
/// ("system", "code", "http://loinc.org", "final", …) thousands of times; a hit
/// returns the earlier `String` (a free copy for ≤ 15-byte strings, a shared
/// buffer for 16) instead of validating and building a new one.
struct _JSONStringCache: ~Copyable {
    struct Entry {
        var word0: UInt64
        var word1: UInt64
        var length: Int
        var string: String
    }

    let entries: UnsafeMutablePointer<Entry>
    let shift: UInt64
    let mask: Int

    init(bits: Int) {
        let count = 1 << bits
        entries = .allocate(capacity: count)
        entries.initialize(repeating: Entry(word0: 0, word1: 0, length: -1, string: ""), count: count)
        shift = UInt64(64 - bits)
        mask = count - 1
    }

    deinit {
        entries.deinitialize(count: mask + 1)
        entries.deallocate()
    }

    /// The string for the `length` bytes at `start`; reads 16 bytes, so the caller
    /// guarantees `length <= 16` and 16 readable bytes at `start`. The bytes must be
    /// valid UTF-8.
    @inline(__always)
    func string(_ start: UnsafePointer<UInt8>, length: Int) -> String {
        let low = _load8(start)
        let high = _load8(start + 8)
        let word0 = length >= 8 ? low : low & ((1 &<< UInt64(length &* 8)) &- 1)
        let word1 =
            length >= 16 ? high : length <= 8 ? 0 : high & ((1 &<< UInt64((length &- 8) &* 8)) &- 1)
        let hash = (word0 ^ (word1 &* 0x9E37_79B9_7F4A_7C15) ^ UInt64(length)) &* 0xC2B2_AE3D_27D4_EB4F
        let entry = entries + (Int(truncatingIfNeeded: hash &>> shift) & mask)
        if entry.pointee.length == length, entry.pointee.word0 == word0, entry.pointee.word1 == word1 {
            return entry.pointee.string
        }
        let string = String(decoding: UnsafeBufferPointer(start: start, count: length), as: UTF8.self)
        entry.pointee.word0 = word0
        entry.pointee.word1 = word1
        entry.pointee.length = length
        entry.pointee.string = string
        return string
    }
}
