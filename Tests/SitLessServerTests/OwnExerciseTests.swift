import Foundation
import NIOCore
import SitLessAPI
import SitLessCore
import SitLessServer
import Testing
import Vapor
import VaporTesting

/// Clinicians' own exercises and the photos and videos of exercises: written on a form with
/// the catalog's checks, seen by the clinician and the people in their teams only, wherever a
/// built-in exercise shows.
@Suite("Own exercises and media")
struct OwnExerciseTests {
    /// A 1 x 1 PNG with a text chunk naming a place (which must not be served).
    static func png() -> [UInt8] {
        func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
            let body = Array(type.utf8) + data
            let n = UInt32(data.count)
            let c = crc32(body)
            return [UInt8(n >> 24), UInt8(n >> 16 & 255), UInt8(n >> 8 & 255), UInt8(n & 255)] + body
                + [UInt8(c >> 24), UInt8(c >> 16 & 255), UInt8(c >> 8 & 255), UInt8(c & 255)]
        }
        let ihdr: [UInt8] = [0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0]
        // zlib stream of one filtered RGB pixel (0, 128, 255), stored uncompressed.
        let raw: [UInt8] = [0, 0, 128, 255]
        var adlerA: UInt32 = 1
        var adlerB: UInt32 = 0
        for b in raw {
            adlerA = (adlerA + UInt32(b)) % 65521
            adlerB = (adlerB + adlerA) % 65521
        }
        let adler = adlerB << 16 | adlerA
        let idat: [UInt8] =
            [0x78, 0x01, 1, 4, 0, 0xfb, 0xff] + raw
            + [UInt8(adler >> 24), UInt8(adler >> 16 & 255), UInt8(adler >> 8 & 255), UInt8(adler & 255)]
        return [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] + chunk("IHDR", ihdr)
            + chunk("tEXt", Array(placeText.utf8)) + chunk("IDAT", idat) + chunk("IEND", [])
    }

    static let placeText = "Location\u{0}Berlin clinic, 52.52N 13.40E"

    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xffff_ffff
        for b in bytes {
            crc ^= UInt32(b)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xedb8_8320 : crc >> 1 }
        }
        return ~crc
    }

    static func upload(
        _ app: Application, _ browser: Browser, exercise: String, bytes: [UInt8],
        description: String = "Start position, side view"
    ) async throws -> (HTTPStatus, String) {
        var headers = browser.headers()
        headers.add(name: "X-CSRF-Token", value: browser.csrf)
        headers.contentType = HTTPMediaType(type: "application", subType: "octet-stream")
        let query = description.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
        var result: (HTTPStatus, String) = (.ok, "")
        try await app.testing().test(
            .POST, "/exercises/\(exercise)/media?description=\(query)", headers: headers,
            body: ByteBuffer(bytes: bytes)
        ) { res in result = (res.status, res.body.string) }
        return result
    }

    static func get(
        _ app: Application, _ browser: Browser, _ path: String, _ extra: [(String, String)] = []
    ) async throws -> TestingHTTPResponse {
        var headers = browser.headers()
        for (name, value) in extra { headers.add(name: name, value: value) }
        var response: TestingHTTPResponse!
        try await app.testing().test(.GET, path, headers: headers) { response = $0 }
        return response
    }

    /// A clinician with a team, a member of it, and someone outside it.
    static func people(_ app: Application) async throws -> (Browser, Browser, Browser, APIClient, String) {
        let clinician = try await TestServer.signUp(app)
        let member = try await TestServer.signUp(app)
        let outsider = try await TestServer.signUp(app)
        try await clinician.get("/team")
        #expect(try await clinician.post("/settings/clinician", ["clinician": "on"]).status == .seeOther)
        let clinicianAPI = try await APIClient.forBrowser(clinician)
        let memberAPI = try await APIClient.forBrowser(member)
        let team = try await clinicianAPI.typed.createTeam(body: .json(.init(name: "Hip clinic"))).created.body.json.id
        try await AccessMatrixTests.invite(clinicianAPI, team: team, join: memberAPI)
        return (clinician, member, outsider, memberAPI, team)
    }

    static let form: [String: String] = [
        "name": "Wall-supported hip hinge", "summary": "A hip hinge with the back of the hips reaching for a wall.",
        "how":
            "Stand a foot's length from a wall, facing away.\nPush your hips back until they touch the wall.\nStand "
                + "tall again.",
        "feel": "The back of the thighs and the buttocks.", "fault-1": "Rounding the back.",
        "fix-1": "Keep your chest proud.",
        "kind": "strength", "position": "standing", "level": "beginner", "muscle-gluteus-maximus": "on",
        "muscle-hamstrings": "on",
        "equipment-wall": "on", "sets": "3", "amount": "10", "target": "reps", "rest": "45", "perWeek": "3",
        "harder": "kettlebell-deadlift", "figure": "glute-bridge",
    ]

    @Test(
        "a clinician's exercise: checked on the form, seen by their team everywhere, by nobody else",
        arguments: TestServer.databases)
    func ownExercise(_ db: String) async throws {
        try await TestServer.run(db) { app in
            let (clinician, member, outsider, memberAPI, team) = try await Self.people(app)

            // Members cannot write exercises.
            #expect(try await member.get("/team/exercises/new").status == .forbidden)
            try await clinician.get("/team/exercises/new")
            // The catalog's checks, in the form's words; nothing saved.
            var bad = Self.form
            bad["name"] = ""
            bad["sets"] = "many"
            bad["harder"] = "no-such-move"
            bad["equipment-wall"] = nil
            let refused = try await clinician.post("/team/exercises", bad)
            #expect(refused.status == .unprocessableEntity)
            let page = refused.body.string
            #expect(page.contains("<strong>Name</strong>: fill this in"))
            #expect(page.contains("<strong>Sets</strong>: must be a whole number"))
            #expect(
                page.contains("<strong>Harder step</strong>: &#39;no-such-move&#39; is not a known exercise")
                    || page.contains("<strong>Harder step</strong>: 'no-such-move' is not a known exercise"))
            #expect(page.contains("<strong>Equipment</strong>: tick at least one"))
            #expect(try await clinician.get("/team/exercises").body.string.contains("None yet."))

            let saved = try await clinician.post("/team/exercises", Self.form)
            #expect(
                saved.status == .seeOther,
                "\(saved.body.string.components(separatedBy: "class=\"errors\"").dropFirst().first?.prefix(800) ?? "")")
            let location = try #require(saved.headers.first(name: .location))
            #expect(location.hasPrefix("/library/own-"))
            let id = String(location.dropFirst("/library/".count))

            // The member sees it in the library, with whose it is, and its drawing.
            let library = try await member.get("/library").body.string
            #expect(library.contains("href=\"/library/\(id)\""))
            #expect(library.contains(" · by "))
            let detail = try await member.get(location).body.string
            #expect(detail.contains("Written by"))
            #expect(detail.contains("src=\"/exercises/\(id)/demonstration.svg\""))
            let svg = try await member.get("/exercises/\(id)/demonstration.svg")
            #expect(svg.status == .ok)
            #expect(svg.headers.first(name: .cacheControl) == "private, no-cache")
            #expect(svg.body.string.contains("<title id=\"t\">Wall-supported hip hinge: 3 x 10</title>"))
            let api = try await memberAPI.typed.getExercise(path: .init(id: id)).ok.body.json
            #expect(api.name == "Wall-supported hip hinge")
            #expect(api.author != nil)

            // Nobody outside the team sees any of it.
            #expect(try await outsider.get(location).status == .notFound)
            #expect(try await outsider.get("/exercises/\(id)/demonstration.svg").status == .notFound)
            #expect(try await Browser(app).get("/exercises/\(id)/demonstration.svg").status == .notFound)
            _ = try await APIClient.forBrowser(outsider).typed.getExercise(path: .init(id: id)).notFound
            #expect(!(try await outsider.get("/library").body.string.contains(id)))

            // The member puts it in a routine and trains it: the player shows it.
            let routine = Components.Schemas.NewRoutine(name: "Clinic set", items: [.init(exerciseID: id)])
            _ = try await memberAPI.typed.createRoutine(path: .init(user: "me"), body: .json(routine)).created
            let outsiderRoutine = try await APIClient.forBrowser(outsider).typed.createRoutine(
                path: .init(user: "me"),
                body: .json(routine))
            _ = try outsiderRoutine.unprocessableContent

            // Written out in full (12 steps of 600 characters) it still saves: the body is over 16 KB.
            var long = Self.form
            long["how"] = (1...12).map { "Step \($0): " + String(repeating: "ä", count: 590) }.joined(separator: "\n")
            #expect(try await clinician.post("/team/exercises", long).status == .seeOther)

            // A change by its author shows at once; a member cannot change it.
            var changed = Self.form
            changed["amount"] = "12"
            #expect(try await clinician.post("/team/exercises/\(id)", changed).status == .seeOther)
            #expect(
                try await memberAPI.typed.getExercise(path: .init(id: id)).ok.body.json.dosage
                    == "3 x 12, 3 days/week, rest 45 s")
            #expect(try await member.post("/team/exercises/\(id)", changed).status == .forbidden)

            // Leaving the team ends it.
            #expect(try await member.post("/teams/\(team)/leave", ["confirm": "yes"]).status == .seeOther)
            #expect(try await member.get(location).status == .notFound)
        }
    }

    /// The fields of the editor's form as the page has them (name and value of every input).
    static func editorFields(_ html: String) -> [String: String] {
        var fields: [String: String] = [:]
        for piece in html.components(separatedBy: "<input ").dropFirst()
            + html.components(separatedBy: "<textarea ").dropFirst()
        {
            guard
                let name = piece.components(separatedBy: "name=\"").dropFirst().first?.components(separatedBy: "\"")
                    .first
            else { continue }
            if piece.hasPrefix("id=") && html.contains("<textarea \(piece.prefix(40))") {
                let text =
                    piece.components(separatedBy: ">").dropFirst().first?.components(separatedBy: "</textarea").first
                    ?? ""
                fields[name] = text.replacingOccurrences(of: "&#39;", with: "'").replacingOccurrences(
                    of: "&quot;", with: "\"")
                continue
            }
            if piece.contains("type=\"checkbox\"") {
                if piece.contains(" checked") { fields[name] = "on" }
                continue
            }
            let value =
                piece.components(separatedBy: "value=\"").dropFirst().first?.components(separatedBy: "\"").first ?? ""
            fields[name] = value.replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(
                of: "&#39;", with: "'")
        }
        for select in ["view", "movement", "working"] {
            let part = html.components(separatedBy: "<select id=\"\(select)\"").dropFirst().first ?? ""
            fields[select] =
                part.components(separatedBy: "</select>").first?.components(separatedBy: "\" selected").first?
                .components(separatedBy: "value=\"").last
        }
        return fields
    }

    @Test(
        "the figure editor: sliders per joint within its range, preview, refusal naming the joint, save",
        arguments: TestServer.databases)
    func poseEditor(_ db: String) async throws {
        try await TestServer.run(db) { app in
            let (clinician, member, _, _, _) = try await Self.people(app)
            try await clinician.get("/team/exercises/new")
            let saved = try await clinician.post("/team/exercises", Self.form)
            let id = String(try #require(saved.headers.first(name: .location)).dropFirst("/library/".count))
            let editor = try await clinician.get("/team/exercises/\(id)/poses")
            #expect(editor.status == .ok)
            let html = editor.body.string
            // Knee flexion 0...135 (AAOS), a slider for each side of each pose.
            #expect(html.contains("name=\"pose-2-right-knee-flexion\" min=\"0\" max=\"135\""))
            #expect(html.contains("name=\"pose-1-left-knee-flexion\""))
            #expect(html.contains("src=\"data:image/svg+xml;base64,"))
            var fields = Self.editorFields(html)
            #expect(fields["pose-2-name"] == "hips up")
            #expect(fields["view"] == "side")

            // The server checks ranges too: 170 degrees of knee flexion is refused, naming the joint.
            var bad = fields
            bad["pose-2-right-knee-flexion"] = "170"
            bad["action"] = "save"
            let refused = try await clinician.post("/team/exercises/\(id)/poses", bad)
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.body.string.contains("right-knee-flexion"))

            // The script's preview: the drawing alone.
            fields["format"] = "svg"
            fields["action"] = "preview"
            let svg = try await clinician.post("/team/exercises/\(id)/poses", fields)
            #expect(svg.status == .ok)
            #expect(svg.body.string.hasPrefix("<svg"))
            fields["format"] = nil

            // Save a renamed pose: the stills members see carry it.
            let before = try await member.get("/exercises/\(id)/stills.svg").body.string
            #expect(before.contains("2. hips up"))
            fields["pose-2-name"] = "bridge held"
            fields["action"] = "save"
            #expect(try await clinician.post("/team/exercises/\(id)/poses", fields).status == .seeOther)
            #expect(try await member.get("/exercises/\(id)/stills.svg").body.string.contains("2. bridge held"))

            // Add and remove poses without saving.
            fields["action"] = "add"
            let added = try await clinician.post("/team/exercises/\(id)/poses", fields).body.string
            #expect(added.contains("name=\"pose-3-name\""))

            // Members and other people's exercises: no editor.
            #expect(try await member.get("/team/exercises/\(id)/poses").status == .forbidden)
            #expect(try await clinician.get("/team/exercises/glute-bridge/poses").status == .notFound)
        }
    }

    @Test(
        "photos: checked by their bytes, cleaned, stored in chunks, served with Range and ETag to the team only",
        arguments: TestServer.databases)
    func media(_ db: String) async throws {
        try await TestServer.run(db) { app in
            let (clinician, member, outsider, memberAPI, team) = try await Self.people(app)
            try await clinician.get("/library/glute-bridge")

            let png = Self.png()
            // A photo of a built-in exercise, for the clinician's teams.
            let (status, body) = try await Self.upload(app, clinician, exercise: "glute-bridge", bytes: png)
            #expect(status == .created, "\(body)")
            let answer = try #require(try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any])
            let url = try #require(answer["url"] as? String)
            #expect(answer["kind"] as? String == "png")
            #expect(answer["width"] as? Int == 1)
            // The tEXt chunk (12 bytes of length, type and CRC, and its text) is gone.
            let stored = try #require(answer["bytes"] as? Int)
            #expect(stored == png.count - (12 + Self.placeText.utf8.count))
            #expect((answer["removed"] as? [String])?.isEmpty == false)

            // The member sees it on the exercise page and gets its bytes.
            try await member.get("/library/glute-bridge")
            #expect(try await member.get("/library/glute-bridge").body.string.contains("src=\"\(url)\""))
            let whole = try await Self.get(app, member, url)
            #expect(whole.status == .ok)
            #expect(whole.headers.contentType?.description == "image/png")
            #expect(whole.headers.first(name: .cacheControl) == "private, no-cache")
            #expect(whole.headers.first(name: .acceptRanges) == "bytes")
            let served = Array(whole.body.readableBytesView)
            #expect(served.count == stored)
            #expect(!String(decoding: served, as: UTF8.self).contains("Berlin"))
            #expect(Array(served.prefix(8)) == Array(png.prefix(8)))
            // Range: the first 8 bytes, the last 12 (IEND), and a start past the end.
            let head = try await Self.get(app, member, url, [("Range", "bytes=0-7")])
            #expect(head.status == .partialContent)
            #expect(head.headers.first(name: .contentRange) == "bytes 0-7/\(stored)")
            #expect(Array(head.body.readableBytesView) == Array(png.prefix(8)))
            let tail = try await Self.get(app, member, url, [("Range", "bytes=-12")])
            #expect(Array(tail.body.readableBytesView) == Array(png.suffix(12)))
            let past = try await Self.get(app, member, url, [("Range", "bytes=\(stored)-")])
            #expect(past.status == .rangeNotSatisfiable)
            #expect(past.headers.first(name: .contentRange) == "bytes */\(stored)")
            let tag = try #require(whole.headers.first(name: .eTag))
            #expect(try await Self.get(app, member, url, [("If-None-Match", tag)]).status == .notModified)

            // Nobody else; members do not upload; anything not a photo or video is refused by its bytes.
            #expect(try await Self.get(app, outsider, url).status == .notFound)
            #expect(try await Self.get(app, Browser(app), url).status == .notFound)
            #expect(!(try await outsider.get("/library/glute-bridge").body.string.contains(url)))
            try await member.get("/library/glute-bridge")
            #expect(try await Self.upload(app, member, exercise: "glute-bridge", bytes: png).0 == .forbidden)
            let (pdfStatus, pdfBody) = try await Self.upload(
                app, clinician, exercise: "glute-bridge", bytes: Array("%PDF-1.7\n1 0 obj".utf8))
            #expect(pdfStatus == .unprocessableEntity)
            #expect(pdfBody.contains("PDF"))
            var truncated = png
            truncated.removeLast(20)
            #expect(
                try await Self.upload(app, clinician, exercise: "glute-bridge", bytes: truncated).0
                    == .unprocessableEntity)
            #expect(
                try await Self.upload(app, clinician, exercise: "glute-bridge", bytes: png, description: "").0
                    == .unprocessableEntity)

            // The member's handout of a program with the exercise shows the photo.
            let handout = try await member.get("/programs/glute-wake-up/handout").body.string
            #expect(
                handout.contains("class=\"handout-photo\" src=\"\(url)\"")
                    == handout.contains("/exercises/glute-bridge/stills.svg"))

            // Only the uploader deletes it.
            let id = String(url.dropFirst("/media/".count))
            try await member.get("/library/glute-bridge")
            #expect(try await member.post("/media/\(id)/delete", ["confirm": "yes"]).status == .notFound)
            let page = try await clinician.get("/library/glute-bridge").body.string
            #expect(page.contains("action=\"/media/\(id)/delete\""))
            // The button asks first, naming the photo and its exercise; nothing is removed yet.
            let asked = try await clinician.post("/media/\(id)/delete", [:])
            #expect(asked.status == .ok)
            #expect(asked.body.string.contains("Remove the photo “Start position, side view” from Glute bridge?"))
            #expect(asked.body.string.contains("name=\"confirm\" value=\"yes\""))
            #expect(
                asked.body.string.contains(
                    "href=\"/library/glute-bridge\" class=\"button secondary\" id=\"confirm-cancel\">Cancel</a>"))
            #expect(try await Self.get(app, member, url).status == .ok)
            #expect(try await clinician.post("/media/\(id)/delete", ["confirm": "yes"]).status == .seeOther)
            #expect(try await Self.get(app, member, url).status == .notFound)
        }
    }
}
