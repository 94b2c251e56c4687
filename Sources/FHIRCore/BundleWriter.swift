/// Writes FHIR `Bundle` resources, splicing stored resource bytes in verbatim (no re-serialisation).
public struct BundleWriter: Sendable {
    /// One `Bundle.entry`.
    public struct Entry: Sendable {
        public var fullUrl: String?
        /// The resource's JSON bytes exactly as stored, or nil (e.g. a deleted version in a history bundle).
        public var resource: [UInt8]?
        public var search: JSON?
        public var request: JSON?
        public var response: JSON?

        public init(fullUrl: String? = nil, resource: [UInt8]? = nil, search: JSON? = nil, request: JSON? = nil, response: JSON? = nil) {
            self.fullUrl = fullUrl
            self.resource = resource
            self.search = search
            self.request = request
            self.response = response
        }
    }

    public var type: String
    public var id: String?
    public var timestamp: String?
    public var total: Int?
    /// `(relation, url)` pairs, e.g. `("self", …)`, `("next", …)`.
    public var links: [(relation: String, url: String)]
    public var entries: [Entry]

    public init(type: String, id: String? = nil, timestamp: String? = nil, total: Int? = nil,
                links: [(relation: String, url: String)] = [], entries: [Entry] = []) {
        self.type = type
        self.id = id
        self.timestamp = timestamp
        self.total = total
        self.links = links
        self.entries = entries
    }

    /// The Bundle as compact JSON bytes.
    public func serialized() -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(256 + entries.reduce(0) { $0 + ($1.resource?.count ?? 0) + 160 })
        out.append(contentsOf: #"{"resourceType":"Bundle""#.utf8)
        if let id { out.append(contentsOf: #","id":"#.utf8); JSON.string(id).write(into: &out) }
        out.append(contentsOf: #","type":"#.utf8)
        JSON.string(type).write(into: &out)
        if let timestamp { out.append(contentsOf: #","timestamp":"#.utf8); JSON.string(timestamp).write(into: &out) }
        if let total { out.append(contentsOf: #","total":"#.utf8); out.append(contentsOf: String(total).utf8) }
        if !links.isEmpty {
            let l = JSON.array(links.map { ["relation": .string($0.relation), "url": .string($0.url)] })
            out.append(contentsOf: #","link":"#.utf8)
            l.write(into: &out)
        }
        if !entries.isEmpty {
            out.append(contentsOf: #","entry":["#.utf8)
            for (n, e) in entries.enumerated() {
                if n > 0 { out.append(UInt8(ascii: ",")) }
                var first = true
                func key(_ k: String) {
                    out.append(first ? UInt8(ascii: "{") : UInt8(ascii: ","))
                    first = false
                    out.append(UInt8(ascii: "\""))
                    out.append(contentsOf: k.utf8)
                    out.append(contentsOf: "\":".utf8)
                }
                if let f = e.fullUrl { key("fullUrl"); JSON.string(f).write(into: &out) }
                if let r = e.resource { key("resource"); out.append(contentsOf: r) }
                if let s = e.search { key("search"); s.write(into: &out) }
                if let r = e.request { key("request"); r.write(into: &out) }
                if let r = e.response { key("response"); r.write(into: &out) }
                if first { out.append(UInt8(ascii: "{")) }
                out.append(UInt8(ascii: "}"))
            }
            out.append(UInt8(ascii: "]"))
        }
        out.append(UInt8(ascii: "}"))
        return out
    }
}
