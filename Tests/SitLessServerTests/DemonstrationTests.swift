import Foundation
import SitLessAPI
import SitLessCore
import SitLessServer
import Testing
import Vapor
import VaporTesting

@Suite("Demonstrations on the pages and in the API")
struct DemonstrationTests {
    /// The first `src="/exercises/…/NAME"` address in a page.
    static func drawing(_ html: String, _ name: String) -> String? {
        guard let end = html.range(of: "/\(name)\""),
            let start = html[..<end.lowerBound].range(of: "src=\"/exercises/", options: .backwards)
        else { return nil }
        return String(html[html.index(start.lowerBound, offsetBy: 5)..<html.index(before: end.upperBound)])
    }

    @Test("the SVG of a built-in exercise is public, cacheable and answers If-None-Match with 304")
    func svgAddresses() async throws {
        try await TestServer.run("sqlite") { app in
            let anonymous = Browser(app)
            let animated = try await anonymous.get("/exercises/glute-bridge/demonstration.svg")
            #expect(animated.status == .ok)
            #expect(animated.headers.contentType?.subType == "svg+xml")
            #expect(animated.headers.first(name: .cacheControl) == "public, max-age=86400")
            #expect(
                animated.headers.first(name: "Content-Security-Policy")
                    == "default-src 'none'; style-src 'unsafe-inline'")
            let svg = animated.body.string
            #expect(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\""))
            #expect(svg.contains("<title id=\"t\">Glute bridge: "))
            #expect(svg.contains("repeatCount=\"indefinite\""))
            #expect(svg.contains("prefers-reduced-motion"))

            let tag = try #require(animated.headers.first(name: .eTag))
            var again = HTTPHeaders()
            again.add(name: .ifNoneMatch, value: "\"other\", \(tag)")
            try await app.testing().test(.GET, "/exercises/glute-bridge/demonstration.svg", headers: again) { res in
                #expect(res.status == .notModified)
                #expect(res.body.readableBytes == 0)
            }

            let stills = try await anonymous.get("/exercises/glute-bridge/stills.svg").body.string
            #expect(stills.contains(">1. hips down</text>"))
            #expect(stills.contains(">2. hips up</text>"))
            #expect(!stills.contains("<animate"))
            let thumbnail = try await anonymous.get("/exercises/glute-bridge/thumbnail.svg")
            #expect(thumbnail.status == .ok)
            #expect(!thumbnail.body.string.contains("<animate"))
            #expect(try await anonymous.get("/exercises/glute-bridge/thumbnail.svg").headers.first(name: .eTag) != tag)

            #expect(try await anonymous.get("/exercises/no-such-move/demonstration.svg").status == .notFound)
            #expect(try await anonymous.get("/exercises/glute-bridge/other.svg").status == .notFound)
        }
    }

    @Test(
        "library cards, the exercise page, the player and the handouts show the drawings",
        arguments: TestServer.databases)
    func pages(_ db: String) async throws {
        let catalog = try Catalog.builtIn()
        try await TestServer.run(db) { app in
            let ana = try await TestServer.signUp(app)
            let library = try await ana.get("/library").body.string
            // One thumbnail on every card.
            let cards = library.components(separatedBy: "<article class=\"card ex-card\">").count - 1
            #expect(cards == catalog.exercises.count)
            #expect(library.components(separatedBy: "class=\"thumb\"").count - 1 == cards)
            #expect(library.contains("src=\"/exercises/glute-bridge/thumbnail.svg\""))

            let page = try await ana.get("/library/glute-bridge").body.string
            #expect(page.contains("src=\"/exercises/glute-bridge/demonstration.svg\""))
            #expect(page.contains("alt=\"Demonstration: Glute bridge, seen from the side: 1. hips down; 2. hips up\""))
            #expect(page.contains("href=\"/exercises/glute-bridge/stills.svg\""))

            let player = try await ana.get(try await TestServer.startSession(ana)).body.string
            let shown = try #require(Self.drawing(player, "demonstration.svg"))
            let id = shown.split(separator: "/")[1]
            let name = try #require(catalog.exercise(String(id))?.name)
            #expect(player.contains("<h2 id=\"ex-h\" tabindex=\"-1\">\(name)</h2>"))
            let svg = try await ana.get(shown)
            #expect(svg.status == .ok)
            #expect(svg.body.string.contains("<title id=\"t\">\(name): "))

            let handout = try await ana.get("/programs/glute-wake-up/handout").body.string
            let program = try #require(catalog.program("glute-wake-up"))
            let firstSession = try #require(program.weeks.first?.sessions.first)
            for item in firstSession.prescriptions {
                #expect(handout.contains("src=\"/exercises/\(item.exerciseID)/stills.svg\""), "\(item.exerciseID)")
            }
            let own = try await ana.get("/plan/handout").body.string
            #expect(Self.drawing(own, "stills.svg") != nil)
        }
    }

    @Test("GET /api/v1/exercises/{id} links the drawings, and the links answer")
    func api() async throws {
        try await TestServer.run("sqlite") { app in
            let client = try await APIClient.forBrowser(try await TestServer.signUp(app))
            let exercise = try await client.typed.getExercise(path: .init(id: "side-lying-clam")).ok.body.json
            let demo = try #require(exercise.demonstration)
            #expect(demo.animation == "/exercises/side-lying-clam/demonstration.svg")
            #expect(demo.stills == "/exercises/side-lying-clam/stills.svg")
            #expect(demo.thumbnail == "/exercises/side-lying-clam/thumbnail.svg")
            #expect(demo.description.hasPrefix("Side-lying clam, seen from "))
            let svg = try await Browser(app).get(demo.animation)
            #expect(svg.status == .ok)
        }
    }
}
