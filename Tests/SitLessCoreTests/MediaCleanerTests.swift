import Foundation
import Testing

@testable import SitLessCore

/// The media cleaner on hand-built files (MediaFixtures): what is removed, what is kept byte for
/// byte, and, in MediaCleanerRefusalTests.swift, what is refused and how it is said.
@Suite("Media cleaner")
struct MediaCleanerTests {
    typealias F = MediaFixtures

    /// Cleans `bytes` written to a temporary file called `name`; checks the pieces handed to the
    /// output are at most 1 MiB and add up to bytesOut.
    static func clean(
        _ bytes: [UInt8], name: String = "upload",
        again: Bool = true
    ) throws -> (facts: MediaFacts, out: [UInt8]) {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("media-\(UUID().uuidString)-\(name)")
        try Data(bytes).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        var out: [UInt8] = []
        let facts = try MediaCleaner.clean(path: url.path) { piece in
            #expect(piece.count <= MediaLimits.chunkBytes)
            out += piece
        }
        #expect(facts.bytesIn == bytes.count)
        #expect(facts.bytesOut == out.count)
        // Cleaning is idempotent: the cleaned file cleans to itself.
        if again && out != bytes {
            let second = try clean(out, name: name, again: false)
            #expect(second.out == out)
            #expect(second.facts.kind == facts.kind)
        }
        return (facts, out)
    }

    /// Where `needle` starts in `haystack`, if it does.
    static func find(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard needle.count <= haystack.count else { return nil }
        return (0...(haystack.count - needle.count)).first { Array(haystack[$0..<$0 + needle.count]) == needle }
    }

    @Test("JPEG: EXIF with GPS and Orientation 6, XMP, IPTC and a comment go; an APP1 of Orientation 6 comes back")
    func jpegExif() throws {
        let exif = F.exif(littleEndian: true, orientation: 6)
        let input = F.jpeg([F.jfif, exif, F.xmp, F.icc, F.iptc, F.comment, F.adobe])
        let (facts, out) = try Self.clean(input, name: "IMG_0001.JPG")
        #expect(facts.kind == .jpeg && facts.mimeType == "image/jpeg" && !facts.isVideo)
        #expect(facts.width == 16 && facts.height == 8)
        #expect(
            facts.removed == [
                "EXIF (camera, time and GPS location)", "XMP",
                "IPTC and Photoshop data (captions, names, places)", "comments",
            ])
        // The replacement: "Exif\0\0", big-endian TIFF, IFD0 with the one entry 0112 SHORT 1 = 6, no next IFD.
        let orientation: [UInt8] = [
            0xFF, 0xE1, 0x00, 0x22, 0x45, 0x78, 0x69, 0x66, 0x00, 0x00,
            0x4D, 0x4D, 0x00, 0x2A, 0x00, 0x00, 0x00, 0x08, 0x00, 0x01,
            0x01, 0x12, 0x00, 0x03, 0x00, 0x00, 0x00, 0x01, 0x00, 0x06, 0x00, 0x00,
            0x00, 0x00, 0x00, 0x00,
        ]
        #expect(JPEGCleaner.orientationSegment(6) == orientation)
        #expect(Self.find(orientation, in: out) == 2 + F.jfif.count)
        let picture = Array(input.suffix(from: Self.find(F.dqt, in: input)!))
        #expect(out == [0xFF, 0xD8] + F.jfif + orientation + F.icc + F.adobe + picture)
        let removed = exif.count + F.xmp.count + F.iptc.count + F.comment.count
        #expect(out.count == input.count - removed + orientation.count)
        #expect(F.markers(out) == [0xE0, 0xE1, 0xE2, 0xEE, 0xDB, 0xC0, 0xC4, 0xDA, 0xD9])
        // Nothing of the original EXIF is left: not its maker, not its GPS IFD (latitude ref "N", 52/1).
        #expect(Self.find(Array("PhoneMaker".utf8), in: out) == nil)
        #expect(Self.find([0x01, 0x00, 0x02, 0x00, 0x02, 0x00, 0x00, 0x00, 0x4E, 0x00], in: out) == nil)
        #expect(Self.find([0x34, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00], in: out) == nil)
        #expect(Self.find(Array("Main Street".utf8), in: out) == nil)
        #expect(Self.find(Array("Someone".utf8), in: out) == nil)
        #expect(JPEGCleaner.orientation(Array(out[(2 + F.jfif.count + 10)...])) == 6)
    }

    @Test("JPEG: Orientation is read in either byte order; 1 or none writes no APP1 back")
    func jpegOrientation() throws {
        for (littleEndian, value) in [(false, 8), (true, 3), (false, 1), (true, 1)] {
            let input = F.jpeg([F.exif(littleEndian: littleEndian, orientation: value)])
            let (facts, out) = try Self.clean(input)
            #expect(facts.removed == ["EXIF (camera, time and GPS location)"])
            if value == 1 {
                #expect(out == F.jpeg([]))
            } else {
                #expect(out == F.jpeg([JPEGCleaner.orientationSegment(value)]))
            }
        }
        let (facts, out) = try Self.clean(F.jpeg([F.exif(littleEndian: false, orientation: nil)]))
        #expect(out == F.jpeg([]) && facts.removed.count == 1)
        // Cleaning the result again removes nothing (the Orientation-only APP1 is not reported).
        let again = try Self.clean(F.jpeg([JPEGCleaner.orientationSegment(6)]))
        #expect(again.facts.removed.isEmpty && again.out == F.jpeg([JPEGCleaner.orientationSegment(6)]))
    }

    @Test("JPEG: entropy-coded data (stuffed FF 00, restart markers) is copied as it is; appended images are dropped")
    func jpegScanAndTrailer() throws {
        let plain = F.jpeg([F.jfif])
        #expect(try Self.clean(plain).out == plain)
        // A phone's gain map or depth image after EOI, larger than the tolerance: dropped, said so.
        let appended = plain + [0xFF, 0xD8, 0xFF, 0xE1] + [UInt8](repeating: 0x55, count: 5000)
        let (facts, out) = try Self.clean(appended)
        #expect(out == plain)
        #expect(facts.removed == ["extra images after the photo (previews, depth or HDR maps)"])
        // A few bytes of padding after EOI: dropped.
        let padded = try Self.clean(plain + [0, 0, 0])
        #expect(padded.out == plain && padded.facts.removed == ["3 bytes after the end of the photo"])
    }

    @Test("PNG: tEXt 'Location', iTXt, zTXt, eXIf and tIME chunks go; IDAT bytes and every CRC stay")
    func pngText() throws {
        // The CRC-32 that PNG uses: the check value of "123456789", and IEND's well-known AE 42 60 82.
        #expect(CRC32.of(Array("123456789".utf8)) == 0xCBF4_3926)
        #expect(F.chunk("IEND", []) == [0, 0, 0, 0, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82])
        let text = F.chunk("tEXt", Array("Location\0Berlin, Hauptstrasse 5".utf8))
        let exif = Array(F.exif(littleEndian: false, orientation: 1).dropFirst(10))
        let compressed: [UInt8] = [0x78, 0x01, 0x01, 0x01, 0x00, 0xFE, 0xFF, 0x41, 0x00, 0x42, 0x00, 0x42]
        let extra = [
            F.chunk("gAMA", F.be32(45455)), text, F.chunk("tIME", [0x07, 0xEA, 1, 2, 3, 4, 5]),
            F.chunk("iTXt", Array("Author\0\0\0\0\0Dr. Someone".utf8)), F.chunk("eXIf", exif),
            F.chunk("zTXt", Array("Comment\0\0".utf8) + compressed),
        ]
        let input = F.png(extra)
        let (facts, out) = try Self.clean(input, name: "scan.png")
        #expect(facts.kind == .png && facts.width == 4 && facts.height == 2)
        #expect(
            facts.removed == [
                "text notes (author, comments, software)",
                "the time the image was last changed (tIME)", "EXIF (camera, time and GPS location)",
            ])
        #expect(out == F.png([F.chunk("gAMA", F.be32(45455))]))
        #expect(F.chunks(out).map(\.type) == ["IHDR", "gAMA", "IDAT", "IEND"])
        for chunk in F.chunks(out) {
            #expect(chunk.crc == F.be32(Int(CRC32.of(Array(chunk.type.utf8) + chunk.data))))
        }
        #expect(F.chunks(out).first { $0.type == "IDAT" }?.data == F.chunks(input).first { $0.type == "IDAT" }?.data)
        #expect(Self.find(Array("Berlin".utf8), in: out) == nil)
    }

    @Test("PNG: an XMP iTXt chunk is named XMP; a PNG called photo.jpg is a PNG")
    func pngNamedJPG() throws {
        let xmp = F.chunk("iTXt", Array("XML:com.adobe.xmp\0\0\0\0\0<x:xmpmeta/>".utf8))
        let (facts, out) = try Self.clean(F.png([xmp]), name: "photo.jpg")
        #expect(facts.kind == .png && facts.mimeType == "image/png" && facts.kind.fileExtension == "png")
        #expect(facts.removed == ["XMP"] && out == F.png())
    }

    @Test("WebP: EXIF and XMP chunks go, VP8X loses their flags, the RIFF size is the file size less 8")
    func webpExif() throws {
        let input = F.extendedWebP(flags: 0x2C)
        let (facts, out) = try Self.clean(input, name: "photo.webp")
        #expect(facts.kind == .webp && facts.width == 3 && facts.height == 2)
        #expect(facts.removed == ["EXIF (camera, time and GPS location)", "XMP"])
        #expect(Array(out[0..<4]) == Array("RIFF".utf8) && Array(out[8..<12]) == Array("WEBP".utf8))
        #expect(Int(out.uint32LE(4)) == out.count - 8)
        #expect(out[20] == 0x20)  // ICC kept, EXIF and XMP cleared
        #expect(out == F.webp([F.riffChunk("VP8X", [0x20, 0, 0, 0, 2, 0, 0, 1, 0, 0]), F.riffChunk("VP8L", F.vp8l)]))
        let exifLength = F.exif(littleEndian: true, orientation: 6).count - 10
        #expect(out.count == input.count - (8 + exifLength) - (8 + 34))
        // The simple form (VP8L alone) is read for its size and kept as it is.
        let simple = F.webp([F.riffChunk("VP8L", F.vp8l)])
        let plain = try Self.clean(simple)
        #expect(plain.out == simple && plain.facts.width == 3 && plain.facts.height == 2 && plain.facts.removed.isEmpty)
        // A lossy VP8 key frame header: 3-byte tag, 9D 01 2A, width 640, height 480.
        let keyFrame: [UInt8] = [0x10, 0x02, 0x00, 0x9D, 0x01, 0x2A] + F.le16(640) + F.le16(480) + [1, 2, 3]
        let lossy = F.webp([F.riffChunk("VP8 ", keyFrame)])
        let frame = try Self.clean(lossy)
        #expect(frame.facts.width == 640 && frame.facts.height == 480)
    }

    @Test("MP4: udta (©xyz location) and meta become 'free' boxes of zeros in place; stco and mdat are untouched")
    func mp4Udta() throws {
        let input = F.mp4()
        let (facts, out) = try Self.clean(input, name: "clip.mp4")
        #expect(facts.kind == .mp4 && facts.isVideo && facts.mimeType == "video/mp4" && facts.width == nil)
        #expect(facts.removed == ["metadata (meta: place, device, dates)", "user data (udta: place, device, title)"])
        #expect(out.count == input.count)
        for type in ["udta", "meta"] {
            let at = Self.find(Array(type.utf8), in: input)! - 4
            let size = Int(input.uint32BE(at))
            #expect(Array(out[at..<at + 8]) == Array(input[at..<at + 4]) + Array("free".utf8))
            #expect(out[(at + 8)..<(at + size)].allSatisfy { $0 == 0 })
            #expect(Array(out[..<at]) == Array(input[..<at]) || type == "udta")
        }
        #expect(Self.find(Array("+52.5200".utf8), in: out) == nil)
        let stco = Self.find(Array("stco".utf8), in: input)! - 4
        #expect(Array(out[stco..<stco + 20]) == Array(input[stco..<stco + 20]))
        let offset = Int(out.uint32BE(stco + 16))
        #expect(Array(out[offset..<offset + F.frames.count]) == F.frames)
        #expect(Array(out.suffix(F.frames.count + 8)) == Array(input.suffix(F.frames.count + 8)))
    }

    @Test("MP4: a top-level udta, a 64-bit mdat and a last mdat of size 0 (to the end) are handled")
    func mp4Sizes() throws {
        let base = F.mp4()
        let ftypEnd = Int(base.uint32BE(0))
        let moovEnd = ftypEnd + Int(base.uint32BE(ftypEnd))
        let head = Array(base[..<moovEnd])
        let topUdta = F.box("udta", F.location)
        let wide = [0, 0, 0, 1] + Array("mdat".utf8) + [0, 0, 0, 0, 0, 0, 0, UInt8(16 + F.frames.count)] + F.frames
        let input = head + topUdta + wide + [0, 0, 0, 0] + Array("mdat".utf8) + F.frames
        let (facts, out) = try Self.clean(input)
        #expect(out.count == input.count && facts.removed.count == 2)
        #expect(Array(out[moovEnd..<moovEnd + 8]) == F.be32(topUdta.count) + Array("free".utf8))
        #expect(Array(out[(moovEnd + topUdta.count)...]) == Array(input[(moovEnd + topUdta.count)...]))
    }

    @Test("MP4: the creation and modification times of mvhd are set to zero in place")
    func mp4Times() throws {
        let input = F.mp4(time: 3_800_000_000)
        let (facts, out) = try Self.clean(input)
        #expect(
            facts.removed == [
                "the recording date and time", "metadata (meta: place, device, dates)",
                "user data (udta: place, device, title)",
            ])
        let mvhd = Self.find(Array("mvhd".utf8), in: input)! + 4
        #expect(Array(input[(mvhd + 4)..<(mvhd + 12)]) == F.be32(3_800_000_000) + F.be32(3_800_000_000))
        #expect(Array(out[(mvhd + 4)..<(mvhd + 12)]) == [UInt8](repeating: 0, count: 8))
        #expect(out.count == input.count && Array(out[..<(mvhd + 4)]) == Array(input[..<(mvhd + 4)]))
    }

    @Test("WebM: the Title and DateUTC in Info, and Info's CRC-32, become Void elements of the same length")
    func webmInfo() throws {
        let input = F.webm(title: "Knee bends at Dr. Someone's")
        let (facts, out) = try Self.clean(input)
        #expect(facts.removed == ["the title", "the recording date and time", "tags (title, names, dates, places)"])
        #expect(out.count == input.count && Self.find(Array("Someone".utf8), in: out) == nil)
        let crc = Self.find([0xBF, 0x84, 0x12, 0x34, 0x56, 0x78], in: input)!
        #expect(Array(out[crc..<(crc + 6)]) == [0xEC, 0x84, 0, 0, 0, 0])
        let title = Self.find([0x7B, 0xA9, 0x9B], in: input)!
        #expect(Array(out[title..<(title + 3)]) == [0xEC, 0x9C, 0])
        let date = Self.find([0x44, 0x61, 0x88], in: input)!
        #expect(Array(out[date..<(date + 11)]) == [0xEC, 0x89] + [UInt8](repeating: 0, count: 9))
    }

    @Test("WebM: Tags become a Void of the same length at the same place; the Cluster of unknown size is walked")
    func webmTags() throws {
        for padding in [0, 120, 20_000] {
            let input = F.webm(tagPadding: padding)
            let tags = F.tags(padding: padding)
            let at = Self.find(tags, in: input)!
            let (facts, out) = try Self.clean(input, name: "clip.webm")
            #expect(facts.kind == .webm && facts.mimeType == "video/webm" && facts.isVideo)
            #expect(facts.removed == ["tags (title, names, dates, places)"])
            #expect(out.count == input.count)
            #expect(Array(out[..<at]) == Array(input[..<at]))
            #expect(Array(out[(at + tags.count)...]) == Array(input[(at + tags.count)...]))
            #expect(out[at] == 0xEC)
            let sizeLength = out[at + 1].leadingZeroBitCount + 1
            var size = Int(out[at + 1]) & (0xFF >> sizeLength)
            for byte in out[(at + 2)..<(at + 1 + sizeLength)] { size = size << 8 | Int(byte) }
            #expect(1 + sizeLength + size == tags.count)
            #expect(out[(at + 1 + sizeLength)..<(at + tags.count)].allSatisfy { $0 == 0 })
        }
    }

    @Test("a Void of every length from 2 to 20,000 bytes can be written")
    func voidLengths() {
        for length in 2...20_000 {
            let (header, zeros) = WebMCleaner.void(length: length)
            #expect(header.count + zeros == length)
        }
    }

    @Test("output is handed on in pieces of at most 1 MiB: a PNG with a 3 MiB IDAT")
    func largePieces() throws {
        let idat = F.chunk("IDAT", [UInt8](repeating: 0x5A, count: 3 * 1_048_576))
        let input = F.png([idat])
        var pieces: [Int] = []
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("media-\(UUID().uuidString).png")
        try Data(input).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let facts = try MediaCleaner.clean(path: url.path) { pieces.append($0.count) }
        #expect(facts.bytesOut == input.count)
        #expect(pieces.count == 4 && pieces.allSatisfy { $0 <= 1_048_576 })
    }
}

extension MediaCleanerTests {
    /// The fixtures above as files, the seeds of the fuzzer's media corpus:
    /// `SITLESS_MEDIA_SEEDS=Fuzz/corpus/media swift test --filter MediaCleanerTests`.
    static let seeds: [(String, [UInt8])] = [
        (
            "exif-le-6.jpg",
            F.jpeg([
                F.jfif, F.exif(littleEndian: true, orientation: 6), F.xmp, F.icc, F.iptc, F.comment,
                F.adobe,
            ])
        ),
        ("exif-be-8.jpg", F.jpeg([F.exif(littleEndian: false, orientation: 8)])),
        ("appended.jpg", F.jpeg([F.jfif]) + [0xFF, 0xD8, 0xFF, 0xE1] + [UInt8](repeating: 0x55, count: 4100)),
        (
            "text.png",
            F.png([
                F.chunk("tEXt", Array("Location\0Berlin".utf8)),
                F.chunk("tIME", [7, 234, 1, 2, 3, 4, 5]),
            ])
        ),
        ("xmp.png", F.png([F.chunk("iTXt", Array("XML:com.adobe.xmp\0\0\0\0\0<x:xmpmeta/>".utf8))])),
        ("extended.webp", F.extendedWebP(flags: 0x2C)),
        ("simple.webp", F.webp([F.riffChunk("VP8L", F.vp8l)])),
        (
            "lossy.webp",
            F.webp([
                F.riffChunk(
                    "VP8 ",
                    [0x10, 0x02, 0x00, 0x9D, 0x01, 0x2A] + F.le16(64) + F.le16(48)
                        + [1])
            ])
        ),
        ("udta.mp4", F.mp4(time: 3_800_000_000)),
        (
            "sizes.mp4",
            Array(F.mp4()[..<(F.mp4().count - 72)]) + F.box("udta", F.location)
                + [0, 0, 0, 1] + Array("mdat".utf8) + [0, 0, 0, 0, 0, 0, 0, 80] + F.frames
                + [0, 0, 0, 0] + Array("mdat".utf8)
        ),
        ("quicktime.mp4", F.mp4(brand: "qt  ", compatible: ["qt  "])),
        ("tags.webm", F.webm(tagPadding: 130)),
        ("info.webm", F.webm(title: "Knee bends")),
        ("matroska.webm", F.webm(docType: "matroska")),
    ]

    @Test("the seeds of the fuzzer's corpus are accepted or refused as they should be (and written when asked)")
    func fuzzSeeds() throws {
        let folder = ProcessInfo.processInfo.environment["SITLESS_MEDIA_SEEDS"].map { URL(fileURLWithPath: $0) }
        for (name, bytes) in Self.seeds {
            #expect(bytes.count <= 16_384, "\(name) is longer than the fuzzer's -max_len")
            if name == "quicktime.mp4" || name == "matroska.webm" {
                #expect(Self.problem(bytes)?.reason == .unsupported)
            } else {
                _ = try Self.clean(bytes, name: name)
            }
            if let folder { try Data(bytes).write(to: folder.appendingPathComponent(name)) }
        }
    }
}
