/// Settings of the HTTP layer.
public struct ServerConfiguration: Sendable {
    /// Interface to bind, e.g. `127.0.0.1` or `0.0.0.0`.
    public var host: String
    public var port: Int
    /// Largest accepted request body in bytes; larger bodies get 413.
    public var maxBodyBytes: Int
    /// Most entries accepted in one batch/transaction Bundle; more get 413.
    public var maxBundleEntries: Int
    /// Deepest JSON nesting accepted in a request body.
    public var maxJSONDepth: Int
    /// Base URL used in `fullUrl`, `Location` and links; nil derives it from the request's Host header.
    public var publicBaseURL: String?
    /// Search page size when `_count` is absent.
    public var defaultCount: Int
    /// Largest `_count` honoured (larger values are lowered to it).
    public var maxCount: Int

    public init(host: String = "127.0.0.1", port: Int = 8080, maxBodyBytes: Int = 256 << 20, maxBundleEntries: Int = 50_000,
                maxJSONDepth: Int = 64, publicBaseURL: String? = nil, defaultCount: Int = 50, maxCount: Int = 1_000) {
        self.defaultCount = defaultCount
        self.maxCount = maxCount
        self.host = host
        self.port = port
        self.maxBodyBytes = maxBodyBytes
        self.maxBundleEntries = maxBundleEntries
        self.maxJSONDepth = maxJSONDepth
        self.publicBaseURL = publicBaseURL.map { $0.hasSuffix("/") ? $0 : $0 + "/" }
    }
}
