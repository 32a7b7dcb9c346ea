import Foundation
import HTTPTypes
import NIOCore
import OpenAPIRuntime
import SitLessAPI
import Vapor
import VaporTesting

/// The client generated from openapi.yaml, speaking to the app through Vapor's in-memory
/// testing: every request goes through the router, the middleware and the handlers as one from
/// the network would, without a port. API tests use it for every request the document allows;
/// `APIClient` stays for what a generated client cannot send (malformed or hostile requests).
struct InMemoryTransport: ClientTransport {
    let app: Application

    func send(
        _ request: HTTPTypes.HTTPRequest, body: HTTPBody?, baseURL: URL,
        operationID: String
    ) async throws -> (HTTPTypes.HTTPResponse, HTTPBody?) {
        var headers = HTTPHeaders()
        for field in request.headerFields { headers.add(name: field.name.rawName, value: field.value) }
        var buffer: ByteBuffer?
        if let body { buffer = ByteBuffer(bytes: try await [UInt8](collecting: body, upTo: 64 << 20)) }
        let path = baseURL.path + (request.path ?? "")
        var answer: (HTTPTypes.HTTPResponse, HTTPBody?)?
        try await app.testing().test(
            HTTPMethod(rawValue: request.method.rawValue), path, headers: headers, body: buffer
        ) { res in
            var fields = HTTPFields()
            for (name, value) in res.headers {
                if let name = HTTPField.Name(name) { fields.append(HTTPField(name: name, value: value)) }
            }
            answer = (
                HTTPTypes.HTTPResponse(status: .init(code: Int(res.status.code)), headerFields: fields),
                HTTPBody(Array(res.body.readableBytesView))
            )
        }
        guard let answer else { throw Abort(.internalServerError, reason: "no response to \(operationID)") }
        return answer
    }
}

extension APIClient {
    /// The generated client with this client's token.
    var typed: SitLessAPI.Client {
        SitLessAPI.Client(
            serverURL: URL(string: "http://localhost/api/v1")!, transport: InMemoryTransport(app: app),
            middlewares: token.map { [BearerToken($0)] } ?? [])
    }
}
