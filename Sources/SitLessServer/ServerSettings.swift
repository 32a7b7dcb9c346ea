import Foundation
import SitLessCore
import SitLessStore

/// Everything `configure` needs; tests build their own.
public struct ServerSettings: Sendable {
    public var database: DatabaseLocation
    public var catalog: Catalog
    /// The present; tests pin it.
    public var now: @Sendable () -> Date
    /// Mark the session cookie `Secure` and send `Strict-Transport-Security` (behind HTTPS).
    public var secureCookies: Bool
    /// Reverse proxies whose `X-Forwarded-For`/`Forwarded` headers name the client (their
    /// addresses as the server sees them, e.g. `127.0.0.1`); nobody else's are believed.
    public var trustedProxies: Set<String> = []
    /// Run migrations at start (the default; `sitless serve --no-migrate` skips).
    public var migrate: Bool
    /// The largest wearable file an upload may carry (1 GiB: a 7-day 100 Hz `.cwa` is about 260 MB).
    public var uploadLimit: Int64 = 1 << 30
    /// Where uploads wait while they are imported (removed afterwards).
    public var uploadDirectory: String = NSTemporaryDirectory() + "sitless-uploads"

    public init(
        database: DatabaseLocation, catalog: Catalog, now: @escaping @Sendable () -> Date = { Date() },
        secureCookies: Bool = false, migrate: Bool = true
    ) {
        self.database = database
        self.catalog = catalog
        self.now = now
        self.secureCookies = secureCookies
        self.migrate = migrate
    }
}
