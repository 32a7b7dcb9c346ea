import Foundation
import Vapor

/// The address of the person's device, for sign-in rate limits. Behind a reverse proxy every
/// request comes from the proxy, so all people would share one count: the proxy's
/// `X-Forwarded-For` (or RFC 7239 `Forwarded`) names the client, but only a proxy the
/// operator named (`sitless serve --trusted-proxy ADDR`) may say so; anyone else could put
/// any address there to dodge the limit.
public enum ClientAddress {
    /// The client: walking from the socket's peer back through the forwarded addresses, the
    /// first one that is not a trusted proxy. Without trusted proxies, the peer itself.
    public static func resolve(peer: String?, headers: HTTPHeaders, trusted: Set<String>) -> String {
        guard let peer else { return "unknown" }
        guard trusted.contains(peer) else { return peer }
        var chain = forwardedFor(headers)
        while let last = chain.popLast() {
            if !trusted.contains(last) { return last }
        }
        return peer
    }

    /// The forwarded addresses, nearest the client first: RFC 7239 `Forwarded: for=...` when
    /// present, else `X-Forwarded-For`. Ports, brackets and quotes are removed; a value that is
    /// not an IP address (`unknown`, an obfuscated name) ends the chain there.
    public static func forwardedFor(_ headers: HTTPHeaders) -> [String] {
        let forwarded = headers[canonicalForm: "Forwarded"]
        var raw: [String] = []
        if !forwarded.isEmpty {
            for element in forwarded {
                for pair in element.split(separator: ";") {
                    let parts = pair.split(separator: "=", maxSplits: 1)
                    if parts.count == 2, parts[0].trimmingCharacters(in: .whitespaces).lowercased() == "for" {
                        raw.append(String(parts[1]))
                    }
                }
            }
        } else {
            raw = headers[canonicalForm: "X-Forwarded-For"].map(String.init)
        }
        var out: [String] = []
        for value in raw {
            guard let address = ipAddress(value) else { return out }
            out.append(address)
        }
        return out
    }

    /// `"[2001:db8::1]:4711"` -> `2001:db8::1`; `192.0.2.60:8080` -> `192.0.2.60`; nil when
    /// it is not an address.
    public static func ipAddress(_ text: String) -> String? {
        var value = text.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
        if value.hasPrefix("["), let end = value.firstIndex(of: "]") {
            value = String(value[value.index(after: value.startIndex)..<end])
        } else if value.filter({ $0 == ":" }).count == 1, let colon = value.firstIndex(of: ":") {
            value = String(value[..<colon])
        }
        var v4 = in_addr()
        var v6 = in6_addr()
        if inet_pton(AF_INET, value, &v4) == 1 || inet_pton(AF_INET6, value, &v6) == 1 { return value }
        return nil
    }
}
