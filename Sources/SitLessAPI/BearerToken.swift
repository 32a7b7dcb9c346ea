import Foundation
import HTTPTypes
import OpenAPIRuntime

/// Sends a personal access token with every request of the generated `Client`.
public struct BearerToken: ClientMiddleware {
    let token: String

    public init(_ token: String) { self.token = token }

    public func intercept(
        _ request: HTTPRequest, body: HTTPBody?, baseURL: URL, operationID: String,
        next: @Sendable (HTTPRequest, HTTPBody?, URL) async throws -> (HTTPResponse, HTTPBody?)
    )
        async throws -> (HTTPResponse, HTTPBody?)
    {
        var request = request
        request.headerFields[.authorization] = "Bearer \(token)"
        return try await next(request, body, baseURL)
    }
}
