/// A tab-separated file held as bytes: a header line, then one row per line, fields split on tabs.
/// Fields are byte ranges into the file, so reading a large table allocates no strings until asked.
public struct TSVFile: Sendable {
    public let bytes: [UInt8]
    /// Column names from the header line.
    public let header: [String]
    /// For each row, the start offset of each field; the field ends at the next tab or line end.
    let fieldStarts: [[Int]]
    let fieldEnds: [[Int]]

    /// Why a table could not be read.
    public struct Failure: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    /// Splits `bytes`; every row must have the header's number of fields.
    public init(bytes: [UInt8], name: String = "table") throws(Failure) {
        self.bytes = bytes
        var starts: [[Int]] = [], ends: [[Int]] = []
        var header: [String]?
        var lineStart = 0
        var rowStarts: [Int] = [], rowEnds: [Int] = []
        var i = 0
        let n = bytes.count
        rowStarts.append(0)
        while i <= n {
            let b: UInt8 = i < n ? bytes[i] : 10
            if b == 9 {
                rowEnds.append(i)
                rowStarts.append(i + 1)
            } else if b == 10 {
                var end = i
                if end > lineStart && bytes[end - 1] == 13 { end -= 1 }
                rowEnds.append(end)
                if end > lineStart || rowStarts.count > 1 {
                    if header == nil {
                        header = zip(rowStarts, rowEnds).map { String(decoding: bytes[$0..<$1], as: UTF8.self) }
                    } else {
                        guard rowStarts.count == header!.count else {
                            throw Failure(description: "\(name): row \(starts.count + 1) has \(rowStarts.count) fields, the header \(header!.count)")
                        }
                        starts.append(rowStarts)
                        ends.append(rowEnds)
                    }
                }
                lineStart = i + 1
                rowStarts = [i + 1]
                rowEnds = []
            }
            i += 1
        }
        guard let header else { throw Failure(description: "\(name) is empty") }
        self.header = header
        fieldStarts = starts
        fieldEnds = ends
    }

    public var count: Int { fieldStarts.count }

    /// The index of column `name`.
    public func column(_ name: String) throws(Failure) -> Int {
        guard let i = header.firstIndex(of: name) else { throw Failure(description: "no column '\(name)' in \(header)") }
        return i
    }

    /// Field `column` of `row` as a string.
    public func string(_ row: Int, _ column: Int) -> String {
        String(decoding: bytes[fieldStarts[row][column]..<fieldEnds[row][column]], as: UTF8.self)
    }

    /// Field `column` of `row` as a byte range.
    public func range(_ row: Int, _ column: Int) -> Range<Int> { fieldStarts[row][column]..<fieldEnds[row][column] }

    /// Every row as strings keyed by column name.
    public func records() -> [[String: String]] {
        (0..<count).map { r in Dictionary(uniqueKeysWithValues: header.indices.map { (header[$0], string(r, $0)) }) }
    }
}
