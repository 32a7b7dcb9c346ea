// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "SitLess",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "sitless", targets: ["sitless"]),
        .library(name: "SitLessCore", targets: ["SitLessCore"]),
        .library(name: "SitLessStore", targets: ["SitLessStore"]),
        .library(name: "SitLessServer", targets: ["SitLessServer"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.3"),
        .package(url: "https://github.com/vapor/fluent-kit", from: "1.57.0"),
        .package(url: "https://github.com/vapor/fluent-sqlite-driver", from: "4.9.0"),
        .package(url: "https://github.com/vapor/sqlite-nio.git", from: "1.13.2"),
        .package(url: "https://github.com/vapor/fluent-postgres-driver", from: "2.14.0"),
        .package(url: "https://github.com/vapor/vapor", from: "4.122.3"),
        .package(url: "https://github.com/vapor/fluent", from: "4.13.0"),
        .package(url: "https://github.com/vapor/leaf", from: "4.5.2"),
        .package(url: "https://github.com/vapor/leaf-kit", from: "1.14.3"),
        .package(url: "https://github.com/JohnSundell/Ink", from: "0.6.0"),
        .package(url: "https://github.com/apple/swift-openapi-generator", from: "1.14.3"),
        .package(url: "https://github.com/apple/swift-openapi-runtime", from: "1.13.4"),
        .package(url: "https://github.com/vapor/swift-openapi-vapor", from: "1.2.0"),
        .package(url: "https://github.com/swift-server/swift-openapi-async-http-client", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
    ],
    targets: [
        // Pure domain: Foundation only, no I/O beyond reading its own bundled catalog, no clock reads.
        .target(
            name: "SitLessCore",
            resources: [.copy("Resources/Catalog")]
        ),
        // Wearable file readers and signal processing -> posture bouts. Streaming; Core, plus
        // ZIPFoundation for ActiGraph .gt3x (a zip whose log.bin is read in chunks, never whole)
        // and the SQLite C library (VaporCSQLite, reached through sqlite-nio's only product) for
        // ActiGraph .agd files.
        .target(
            name: "SitLessSensors",
            dependencies: [
                "SitLessCore", .product(name: "ZIPFoundation", package: "ZIPFoundation"),
                .product(name: "SQLiteNIO", package: "sqlite-nio"),
            ]
        ),
        // Persistence: Fluent models and numbered migrations; SQLite file by default,
        // PostgreSQL when DATABASE_URL is set.
        .target(
            name: "SitLessStore",
            dependencies: [
                "SitLessCore",
                .product(name: "FluentKit", package: "fluent-kit"),
                .product(name: "FluentSQL", package: "fluent-kit"),
                .product(name: "FluentSQLiteDriver", package: "fluent-sqlite-driver"),
                .product(name: "FluentPostgresDriver", package: "fluent-postgres-driver"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The JSON API: openapi.yaml is the source; the generator plugin makes its types, the
        // server protocol and the client at build time. The file itself is served as the document.
        .target(
            name: "SitLessAPI",
            dependencies: [
                "SitLessCore",
                .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ],
            resources: [.copy("openapi.yaml")],
            plugins: [.plugin(name: "OpenAPIGenerator", package: "swift-openapi-generator")]
        ),
        // The web app as a library: configure, routes, controllers, views; `sitless serve` runs it.
        .target(
            name: "SitLessServer",
            dependencies: [
                // SitLessSensors: WearableImports reads uploads with it (declared now that Sensors needs
                // ZIPFoundation's zlib module map).
                "SitLessCore", "SitLessStore", "SitLessAPI", "SitLessSensors",
                .product(name: "Vapor", package: "vapor"),
                .product(name: "OpenAPIVapor", package: "swift-openapi-vapor"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "Fluent", package: "fluent"),
                .product(name: "Leaf", package: "leaf"),
                .product(name: "LeafKit", package: "leaf-kit"),
                .product(name: "Ink", package: "Ink"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            resources: [.copy("Resources/Views"), .copy("Resources/Public")]
        ),
        // The desktop agent behind `sitless watch`: idle sources, notifiers, the watch loop.
        .target(
            name: "SitLessAgent",
            dependencies: [
                "SitLessCore", "SitLessStore", "SitLessAPI",
                .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime"),
                .product(name: "OpenAPIAsyncHTTPClient", package: "swift-openapi-async-http-client"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ]
        ),
        // The one executable: a few lines per command over the libraries.
        .executableTarget(
            name: "sitless",
            dependencies: [
                "SitLessCore", "SitLessStore", "SitLessAgent", "SitLessServer", "SitLessSensors",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Benchmarks (release builds, run by Benchmarks/run-sensors.sh), never by `swift test`.
        .executableTarget(name: "sitless-sensor-bench", dependencies: ["SitLessCore", "SitLessSensors"],
                          path: "Benchmarks/SensorBenchmark"),
        .testTarget(name: "SitLessCoreTests", dependencies: ["SitLessCore"]),
        // ZIPFoundation here too: the tests write their own .gt3x files (zips).
        .testTarget(
            name: "SitLessSensorsTests",
            dependencies: ["SitLessSensors", "SitLessCore", .product(name: "ZIPFoundation", package: "ZIPFoundation")]
        ),
        .testTarget(name: "SitLessStoreTests", dependencies: ["SitLessStore", "SitLessCore"]),
        .testTarget(
            name: "SitLessServerTests",
            dependencies: [
                "SitLessServer", "SitLessStore", "SitLessCore", "SitLessAgent", "SitLessAPI",
                .product(name: "VaporTesting", package: "vapor"),
                .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime"),
                .product(name: "OpenAPIAsyncHTTPClient", package: "swift-openapi-async-http-client"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ]
        ),
        .testTarget(name: "SitLessAgentTests", dependencies: ["SitLessAgent", "SitLessStore", "SitLessCore"]),
        .testTarget(name: "SitLessCLITests", dependencies: ["sitless", "SitLessCore"]),
    ]
)
