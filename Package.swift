// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "SitLess",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "sitless", targets: ["sitless"]),
        .library(name: "SitLessCore", targets: ["SitLessCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        // Pure domain: Foundation only, no I/O beyond reading its own bundled catalog, no clock reads.
        .target(
            name: "SitLessCore",
            resources: [.copy("Resources/Catalog")]
        ),
        // The one executable: a few lines per command over the libraries.
        .executableTarget(
            name: "sitless",
            dependencies: [
                "SitLessCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "SitLessCoreTests", dependencies: ["SitLessCore"]),
        .testTarget(name: "SitLessCLITests", dependencies: ["sitless", "SitLessCore"]),
    ]
)
