import Foundation
import Testing

@testable import SitLessCore

/// What the media cleaner refuses, and that each message says what and where in plain words.
extension MediaCleanerTests {
    /// The problem cleaning `bytes` raises (nil, and a recorded issue, if it is accepted).
    static func problem(_ bytes: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) -> MediaProblem? {
        do {
            _ = try clean(bytes, again: false)
            Issue.record("accepted: \(bytes.count) bytes starting \(bytes.prefix(8))", sourceLocation: sourceLocation)
            return nil
        } catch let problem as MediaProblem {
            #expect(
                problem.message.count <= 600 && !problem.message.unicodeScalars.contains { $0.value < 0x20 },
                sourceLocation: sourceLocation)
            return problem
        } catch {
            Issue.record("not a MediaProblem: \(error)", sourceLocation: sourceLocation)
            return nil
        }
    }

    /// A sparse file of `size` bytes starting with `head`.
    static func sparseFile(_ head: [UInt8], size: Int) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("media-\(UUID().uuidString)")
        try Data(head).write(to: url)
        let handle = try FileHandle(forWritingTo: url)
        try handle.truncate(atOffset: UInt64(size))
        try handle.close()
        return url
    }

    @Test("a photo of 10 MiB and 1 byte is refused before anything else; 50 MiB and 1 byte is refused whatever it is")
    func tooLarge() throws {
        let photo = try Self.sparseFile(F.jpeg([]), size: MediaLimits.maximumPhotoBytes + 1)
        defer { try? FileManager.default.removeItem(at: photo) }
        var wrote = false
        #expect(throws: MediaProblem(.tooLarge, "the photo is 10.1 MB; photos may be at most 10 MB")) {
            try MediaCleaner.clean(path: photo.path) { _ in wrote = true }
        }
        #expect(!wrote)
        let huge = try Self.sparseFile(Array("%PDF".utf8), size: 50 * 1_048_576 + 1)
        defer { try? FileManager.default.removeItem(at: huge) }
        let message = "the file is 50.1 MB; photos may be at most 10 MB and videos at most 50 MB"
        #expect(throws: MediaProblem(.tooLarge, message)) {
            try MediaCleaner.clean(path: huge.path) { _ in }
        }
        #expect(MediaLimits.megabytes(13_002_342) == "12.4 MB" && MediaLimits.megabytes(10_485_760) == "10 MB")
        // A 12 MiB video is within its limit: it is read (and refused for the zeros after its last box).
        let video = try Self.sparseFile(F.mp4(), size: 12 * 1_048_576)
        defer { try? FileManager.default.removeItem(at: video) }
        do {
            _ = try MediaCleaner.clean(path: video.path) { _ in }
            Issue.record("12 MiB of zeros after an MP4 were accepted")
        } catch let problem as MediaProblem {
            #expect(problem.reason == .damaged && problem.offset == F.mp4().count)
        }
    }

    @Test("anything else is refused for what it is: a PDF, a GIF, a QuickTime movie, a text file, an empty file")
    func notMedia() {
        #expect(
            Self.problem(Array("%PDF-1.7\n%âãÏÓ\n1 0 obj".utf8))?.message
                == "the file is not a JPEG, PNG, WebP, MP4 or WebM photo or video: it starts with %PDF (a PDF "
                    + "document?)"
        )
        let gif = Self.problem(Array("GIF89a".utf8) + [1, 0, 1, 0])
        #expect(gif?.message.hasSuffix("it starts with GIF8 (a GIF image?)") == true)
        #expect(
            Self.problem([0, 0, 0, 8] + Array("wide".utf8) + [0, 0, 0, 8] + Array("mdat".utf8))?.message
                == "the file is not a JPEG, PNG, WebP, MP4 or WebM photo or video: it starts with the bytes "
                + "00 00 00 08 77 69 64 65 (an old QuickTime movie: export it as MP4?)")
        #expect(Self.problem(Array("name,age\nAda,36\n".utf8))?.message.hasSuffix("(a text file?)") == true)
        #expect(Self.problem([])?.message == "the file is empty")
        #expect(Self.problem(Array("RIFF\u{4}\0\0\0AVI ".utf8))?.reason == .notMedia)
    }

    @Test("every format cut short at any point is refused as damaged, naming a byte offset")
    func truncated() throws {
        let files: [(String, [UInt8])] = [
            ("JPEG", F.jpeg([F.jfif, F.exif(littleEndian: true, orientation: 6)])),
            ("PNG", F.png([F.chunk("tIME", [0, 0, 0, 0, 0, 0, 0])])), ("WebP", F.extendedWebP()), ("MP4", F.mp4()),
        ]
        for (name, file) in files {
            for cut in 1..<file.count {
                guard let problem = Self.problem(Array(file[..<cut])) else { continue }
                if cut >= 16 {
                    #expect(problem.reason == .damaged && problem.offset != nil, "\(name) cut at \(cut): \(problem)")
                    #expect(problem.message.contains("\(name) \(name == "MP4" ? "video" : "photo") is damaged at byte"))
                }
            }
        }
        // JPEG cut inside its scan, PNG inside IDAT, WebP anywhere, MP4 inside mdat: where and what.
        let jpeg = F.jpeg([])
        #expect(
            Self.problem(Array(jpeg.dropLast(4)))?.message
                == "the JPEG photo is damaged at byte \(jpeg.count - 4): the image data runs to the end of the file "
                + "without an end-of-image marker (is it cut short?)")
        let png = F.png()
        #expect(Self.problem(Array(png.dropLast(20)))?.offset == Self.find(Array("IDAT".utf8), in: png)! - 4)
        let webp = F.extendedWebP()
        #expect(Self.problem(Array(webp.dropLast(1)))?.offset == webp.count - 1)
        let mp4 = F.mp4()
        let mdat = mp4.count - 8 - F.frames.count
        #expect(
            Self.problem(Array(mp4.dropLast(10)))?.message
                == "the MP4 video is damaged at byte \(mdat): the 'mdat' box claims \(8 + F.frames.count) bytes but "
                    + "only "
                + "\(8 + F.frames.count - 10) remain in the file (is it cut short?)")
        // WebM: cut inside the EBML header, Tracks and Cues (a cut between two blocks of a live
        // recording's Cluster of unknown size cannot be told from a whole file).
        let webm = F.webm()
        for cut in [20, Self.find(F.tracks, in: webm)! + 10, webm.count - 2] {
            #expect(Self.problem(Array(webm[..<cut]))?.offset != nil, "WebM cut at \(cut)")
        }
        for cut in 1..<webm.count {
            do { _ = try Self.clean(Array(webm[..<cut]), again: false) } catch is MediaProblem {}
        }
    }

    @Test("damaged structures are refused, naming the offset: a bad CRC, an MP4 box past the end, a zero-size box")
    func damaged() {
        var png = F.png()
        let idat = Self.find(Array("IDAT".utf8), in: png)! - 4
        png[idat + 10] ^= 0x01
        let crc = Self.problem(png)
        #expect(crc?.offset == idat && crc?.message.contains("the 'IDAT' chunk's checksum (CRC)") == true)
        #expect(
            Self.problem(PNGCleaner.signature + F.chunk("IDAT", []) + F.chunk("IEND", []))?.message
                == "the PNG photo is damaged at byte 8: the first chunk is 'IDAT' of 0 bytes, not the 13-byte 'IHDR'")
        // MP4: the udta inside moov claims 1000 bytes more than moov holds.
        var mp4 = F.mp4()
        let udta = Self.find(Array("udta".utf8), in: mp4)! - 4
        mp4.replaceSubrange(udta..<udta + 4, with: F.be32(Int(mp4.uint32BE(udta)) + 1000))
        let size = Int(F.mp4().uint32BE(udta))
        #expect(
            Self.problem(mp4)?.message == "the MP4 video is damaged at byte \(udta): the 'udta' box claims "
                + "\(size + 1000) bytes but only \(size) remain in the box around it")
        // A box of size 4, smaller than its own header, would make a walker loop: refused.
        var small = F.mp4()
        small.replaceSubrange(udta..<udta + 4, with: F.be32(4))
        let tooSmall = Self.problem(small)
        #expect(tooSmall?.message.hasSuffix("the 'udta' box claims 4 bytes, fewer than its own 8-byte header") == true)
        // Boxes nested beyond 16 levels.
        var nested = F.box("stco", [0, 0, 0, 0, 0, 0, 0, 0])
        for _ in 0..<20 { nested = F.box("trak", nested) }
        let deep = F.box("ftyp", Array("isom".utf8) + F.be32(0)) + F.box("moov", nested) + F.box("mdat", F.frames)
        #expect(Self.problem(deep)?.message.contains("nested more than 16 deep") == true)
        let noData = Self.problem(Array(F.mp4().dropLast(8 + F.frames.count)))
        #expect(noData?.message.hasSuffix("the file ends without an 'mdat' box (the video's frames)") == true)
        // Trailing bytes beyond the tolerance.
        let trailing = Self.problem(F.png() + [UInt8](repeating: 0x41, count: 5000))
        #expect(trailing?.offset == F.png().count && trailing?.message.contains("5000 bytes follow the end") == true)
        #expect(Self.problem(F.jpeg([]) + [UInt8](repeating: 0x41, count: 5000))?.offset == F.jpeg([]).count)
        // WebM: Tags of unknown size.
        let webm = F.webm()
        let tags = Self.find(F.tags(), in: webm)!
        var unknownTags = webm
        unknownTags.replaceSubrange((tags + 4)..<(tags + 5), with: [0xFF])
        #expect(Self.problem(unknownTags)?.offset == tags)
    }

    @Test("relatives that are not accepted: QuickTime, HEIC, Matroska; photos with too many pixels")
    func unsupported() throws {
        let quickTime = Self.problem(F.mp4(brand: "qt  ", compatible: ["qt  "]))
        #expect(quickTime?.reason == .unsupported && quickTime?.message.contains("QuickTime movie (.mov)") == true)
        #expect(quickTime?.message.contains("export or share it as MP4") == true)
        #expect(Self.problem(F.mp4(brand: "heic", compatible: ["mif1", "heic"]))?.message.contains("HEIC") == true)
        #expect(Self.problem(F.mp4(brand: "3gp4", compatible: ["3gp4"]))?.message.contains("brand '3gp4'") == true)
        // An accepted brand among the compatible ones is enough.
        #expect(try Self.clean(F.mp4(brand: "XAVC", compatible: ["XAVC", "mp42"])).facts.kind == .mp4)
        #expect(
            Self.problem(F.webm(docType: "matroska"))?.message
                == "the video is a Matroska (.mkv) file, not WebM: export it as WebM or MP4")
        #expect(
            Self.problem(F.jpeg([], width: 12_001, height: 10))?.message
                == "the photo is 12001 × 10 pixels; photos may be at most 12000 pixels on a side and 50 megapixels")
        #expect(Self.problem(F.jpeg([], width: 8000, height: 7000))?.reason == .tooManyPixels)
        #expect(Self.problem(F.png(width: 10_000, height: 10_000))?.reason == .tooManyPixels)
        #expect(try Self.clean(F.jpeg([], width: 12_000, height: 4000)).facts.width == 12_000)
        // A moov over 16 MiB is not read.
        let moov = F.box("moov", F.box("free", [UInt8](repeating: 0, count: MediaLimits.maximumMoovBytes)))
        let big = F.box("ftyp", Array("isom".utf8) + F.be32(0)) + moov + F.box("mdat", F.frames)
        #expect(Self.problem(big)?.message.contains("its 'moov' box) is 16.1 MB, more than the 16 MB") == true)
    }
}
