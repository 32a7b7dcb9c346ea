import Foundation

/// The API's OpenAPI document: `openapi.yaml`, the file the generator builds the types, the
/// server protocol and the client from, served as it is.
public enum APIDocument {
    /// The bytes of `openapi.yaml`.
    public static let yaml: Data = {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "yaml"),
            let data = try? Data(contentsOf: url)
        else {
            preconditionFailure("openapi.yaml is missing from the SitLessAPI bundle")
        }
        return data
    }()
}
