import PostgresNIO

extension PostgresClient.Configuration {
    /// Connection settings Evident's statements are tuned for.
    ///
    /// - All `maxConnections` stay open (`minimumConnections`), so the pool arms no idle timers per release.
    /// - `plan_cache_mode=force_generic_plan`: the write statement takes ~20 array parameters; with custom
    ///   plans PostgreSQL re-plans it on every execution (measured 0.15 ms of a 0.24 ms statement). The
    ///   statements Evident prepares are all key lookups or `unnest` bulk writes, which a generic plan serves.
    /// - `localSocket`: no keep-alive pings on a private Unix socket (they re-arm a timer per release).
    public mutating func applyEvidentDefaults(maxConnections: Int, localSocket: Bool) {
        options.maximumConnections = maxConnections
        options.minimumConnections = maxConnections
        if localSocket { options.keepAliveBehavior = nil }
        options.additionalStartupParameters.append(("plan_cache_mode", "force_generic_plan"))
    }
}
