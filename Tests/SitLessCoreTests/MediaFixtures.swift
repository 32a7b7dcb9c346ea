import Foundation

@testable import SitLessCore

/// Small photos and videos for the media cleaner tests, built byte by byte so each can be read
/// here: the structure is real (a PNG with stored deflate blocks decodes in any viewer; the
/// WebP's VP8L bitstream is a 3 × 2 picture from libwebp), the JPEG and video payloads are stand-ins.
enum MediaFixtures {
    static func ascii(_ text: String) -> [UInt8] { Array(text.utf8) }
    static func be16(_ value: Int) -> [UInt8] { [UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)] }
    static func be32(_ value: Int) -> [UInt8] { be16(value >> 16 & 0xFFFF) + be16(value & 0xFFFF) }
    static func le16(_ value: Int) -> [UInt8] { [UInt8(value & 0xFF), UInt8(value >> 8 & 0xFF)] }
    static func le32(_ value: Int) -> [UInt8] { le16(value & 0xFFFF) + le16(value >> 16 & 0xFFFF) }

    // MARK: JPEG

    /// FF, marker, 2-byte length (counting itself), payload.
    static func segment(_ marker: UInt8, _ payload: [UInt8]) -> [UInt8] {
        [0xFF, marker] + be16(payload.count + 2) + payload
    }
    static let jfif = segment(0xE0, ascii("JFIF\0") + [1, 1, 0, 0, 1, 0, 1, 0, 0])
    static let icc = segment(0xE2, ascii("ICC_PROFILE\0") + [1, 1] + [UInt8](repeating: 0x11, count: 20))
    static let adobe = segment(0xEE, ascii("Adobe") + [0, 100, 0, 0, 0, 0, 1])
    static let xmp = segment(0xE1, ascii("http://ns.adobe.com/xap/1.0/\0<x:xmpmeta>Dr. Someone</x:xmpmeta>"))
    static let comment = segment(0xFE, ascii("taken at 5 Main Street"))
    static let iptc = segment(0xED, ascii("Photoshop 3.0\0" + "8BIM") + [4, 4, 0, 0, 0, 0, 0, 4, 0x1C, 2, 0x78, 0])
    static let dqt = segment(0xDB, [0] + [UInt8](repeating: 1, count: 64))
    static func sof(width: Int, height: Int) -> [UInt8] {
        segment(0xC0, [8] + be16(height) + be16(width) + [1, 1, 0x11, 0])
    }
    static let dht = segment(0xC4, [0x00, 1] + [UInt8](repeating: 0, count: 15) + [0])
    static let sos = segment(0xDA, [1, 1, 0x00, 0, 63, 0])
    /// Entropy-coded data with a stuffed FF 00 and a restart marker FF D0 inside.
    static let scan: [UInt8] = [0x12, 0xFF, 0x00, 0x34, 0xFF, 0xD0, 0x56, 0x78, 0x9A]

    /// SOI, `before` (APPn and the like), DQT, SOF0, DHT, SOS, the scan, EOI.
    static func jpeg(_ before: [[UInt8]], width: Int = 16, height: Int = 8) -> [UInt8] {
        [0xFF, 0xD8] + before.joined() + dqt + sof(width: width, height: height) + dht + sos + scan + [0xFF, 0xD9]
    }

    /// An APP1 EXIF segment: IFD0 with Make "PhoneMaker", Orientation (if any) and a GPS IFD
    /// holding latitude N 52° 31' 12".
    static func exif(littleEndian: Bool, orientation: Int?) -> [UInt8] {
        func u16(_ value: Int) -> [UInt8] { littleEndian ? le16(value) : be16(value) }
        func u32(_ value: Int) -> [UInt8] { littleEndian ? le32(value) : be32(value) }
        func entry(_ tag: Int, _ type: Int, _ count: Int, _ value: [UInt8]) -> [UInt8] {
            u16(tag) + u16(type) + u32(count) + value + [UInt8](repeating: 0, count: 4 - value.count)
        }
        let makeOffset = 8 + 2 + 12 * (orientation == nil ? 2 : 3) + 4
        let gpsOffset = makeOffset + 12
        var ifd0 = [entry(0x010F, 2, 11, u32(makeOffset))]
        if let orientation { ifd0.append(entry(0x0112, 3, 1, u16(orientation))) }
        ifd0.append(entry(0x8825, 4, 1, u32(gpsOffset)))
        var tiff = (littleEndian ? ascii("II") : ascii("MM")) + u16(42) + u32(8)
        tiff += u16(ifd0.count) + ifd0.joined() + u32(0)
        tiff += ascii("PhoneMaker\0") + [0]
        let gps = [entry(0x0001, 2, 2, ascii("N\0")), entry(0x0002, 5, 3, u32(gpsOffset + 30))]
        tiff += u16(gps.count) + gps.joined() + u32(0)
        tiff += u32(52) + u32(1) + u32(31) + u32(1) + u32(12) + u32(1)
        return segment(0xE1, ascii("Exif\0\0") + tiff)
    }

    /// The markers of a JPEG's segments in order (walking the entropy-coded data), for comparisons.
    static func markers(_ jpeg: [UInt8]) -> [UInt8] {
        var markers: [UInt8] = []
        var index = 2
        while index + 1 < jpeg.count {
            let marker = jpeg[index + 1]
            markers.append(marker)
            if marker == 0xD9 { break }
            index += 2 + Int(jpeg[index + 2]) << 8 + Int(jpeg[index + 3])
            if marker == 0xDA {
                while !(jpeg[index] == 0xFF && !(jpeg[index + 1] == 0 || (0xD0...0xD7).contains(jpeg[index + 1]))) {
                    index += 1
                }
            }
        }
        return markers
    }

    // MARK: PNG

    static func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
        be32(data.count) + ascii(type) + data + be32(Int(CRC32.of(ascii(type) + data)))
    }

    /// A 4 × 2 grey PNG whose IDAT is a zlib stream of one stored (uncompressed) deflate block.
    static func png(_ extra: [[UInt8]] = [], width: Int = 4, height: Int = 2) -> [UInt8] {
        let rows: [UInt8] = [0, 0, 85, 170, 255, 0, 255, 170, 85, 0]
        var adlerA = 1
        var adlerB = 0
        for byte in rows {
            adlerA = (adlerA + Int(byte)) % 65521
            adlerB = (adlerB + adlerA) % 65521
        }
        let zlib: [UInt8] =
            [0x78, 0x01, 0x01] + le16(rows.count) + le16(rows.count ^ 0xFFFF) + rows
            + be32(adlerB << 16 | adlerA)
        return PNGCleaner.signature + chunk("IHDR", be32(width) + be32(height) + [8, 0, 0, 0, 0])
            + extra.joined() + chunk("IDAT", zlib) + chunk("IEND", [])
    }

    /// The chunks of a PNG as (offset, type, data).
    static func chunks(_ png: [UInt8]) -> [(offset: Int, type: String, data: [UInt8], crc: [UInt8])] {
        var out: [(offset: Int, type: String, data: [UInt8], crc: [UInt8])] = []
        var index = 8
        while index + 12 <= png.count {
            let length = png[(index + 1)..<(index + 4)].reduce(Int(png[index])) { $0 << 8 | Int($1) }
            let type = String(decoding: png[(index + 4)..<(index + 8)], as: UTF8.self)
            out.append(
                (
                    index, type, Array(png[(index + 8)..<(index + 8 + length)]),
                    Array(png[(index + 8 + length)..<(index + 12 + length)])
                ))
            index += 12 + length
        }
        return out
    }

    // MARK: WebP

    /// A 3 × 2 lossless VP8L bitstream (libwebp through Pillow): 21 bytes.
    static let vp8l: [UInt8] = [
        0x2F, 0x02, 0x40, 0x00, 0x00, 0x0F, 0x30, 0xC8, 0x5F, 0xF8, 0x1F,
        0x8F, 0xF9, 0x0F, 0x2D, 0xDC, 0xE0, 0x20, 0xA2, 0xFF, 0x21,
    ]

    static func riffChunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
        ascii(type) + le32(data.count) + data + (data.count % 2 == 1 ? [0] : [])
    }

    static func webp(_ chunks: [[UInt8]]) -> [UInt8] {
        let body = ascii("WEBP") + chunks.joined()
        return ascii("RIFF") + le32(body.count) + body
    }

    /// VP8X (flags ICC 0x20, EXIF 0x08, XMP 0x04 as given; canvas 3 × 2), VP8L, EXIF, XMP.
    static func extendedWebP(flags: UInt8 = 0x0C) -> [UInt8] {
        webp([
            riffChunk("VP8X", [flags, 0, 0, 0] + [2, 0, 0] + [1, 0, 0]),
            riffChunk("VP8L", vp8l),
            riffChunk("EXIF", Array(exif(littleEndian: true, orientation: 6).dropFirst(10))),
            riffChunk("XMP ", ascii("<x:xmpmeta>Dr. Someone</x:xmpmeta>")),
        ])
    }

    // MARK: MP4

    static func box(_ type: [UInt8], _ payload: [UInt8]) -> [UInt8] { be32(8 + payload.count) + type + payload }
    static func box(_ type: String, _ payload: [UInt8]) -> [UInt8] { box(ascii(type), payload) }
    static let frames = [UInt8]((0..<64).map { UInt8($0 * 7 & 0xFF) })
    static let location = box([0xA9] + ascii("xyz"), be16(18) + be16(0x15C7) + ascii("+52.5200+013.4050/"))

    /// ftyp (isom), moov (mvhd, trak (tkhd, mdia (mdhd, minf (stbl (stco))), meta), udta (©xyz)), mdat.
    /// stco points at the frames inside mdat.
    static func mp4(brand: String = "isom", compatible: [String] = ["isom", "mp41"], time: Int = 0) -> [UInt8] {
        let ftyp = box("ftyp", ascii(brand) + be32(512) + compatible.flatMap(ascii))
        func moov(_ offset: Int) -> [UInt8] {
            let stco = box("stco", [0, 0, 0, 0] + be32(1) + be32(offset))
            let mdia = box("mdia", box("mdhd", [UInt8](repeating: 0, count: 24)) + box("minf", box("stbl", stco)))
            let meta = box("meta", [0, 0, 0, 0] + box("hdlr", [UInt8](repeating: 0, count: 8) + ascii("mdta")))
            let trak = box("trak", box("tkhd", [UInt8](repeating: 0, count: 84)) + mdia + meta)
            let mvhd = box("mvhd", [0, 0, 0, 0] + be32(time) + be32(time) + [UInt8](repeating: 0, count: 92))
            return box("moov", mvhd + trak + box("udta", location))
        }
        let length = moov(0).count
        return ftyp + moov(ftyp.count + length + 8) + box("mdat", frames)
    }

    // MARK: WebM

    /// A size as an EBML variable-length integer of `length` bytes (or the fewest).
    static func vint(_ value: Int, length: Int? = nil) -> [UInt8] {
        let count = length ?? (1...8).first { value < (1 << (7 * $0)) - 1 }!
        let marked = 1 << (7 * count) | value
        return (0..<count).reversed().map { UInt8(marked >> (8 * $0) & 0xFF) }
    }

    static func element(_ id: [UInt8], _ data: [UInt8], sizeLength: Int? = nil) -> [UInt8] {
        id + vint(data.count, length: sizeLength) + data
    }

    static let unknownSize: [UInt8] = [0x01, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF]

    static func ebmlHeader(_ docType: String) -> [UInt8] {
        element(
            [0x1A, 0x45, 0xDF, 0xA3],
            element([0x42, 0x86], [1]) + element([0x42, 0xF7], [1])
                + element([0x42, 0xF2], [4]) + element([0x42, 0xF3], [8]) + element([0x42, 0x82], ascii(docType))
                + element([0x42, 0x87], [2]) + element([0x42, 0x85], [2]))
    }

    /// A Tags element with one SimpleTag LOCATION, padded to hold `padding` more bytes of text.
    static func tags(padding: Int = 0) -> [UInt8] {
        let simple = element(
            [0x67, 0xC8],
            element([0x45, 0xA3], ascii("LOCATION"))
                + element([0x44, 0x87], ascii("+52.5200+013.4050/" + String(repeating: " ", count: padding))))
        return element([0x12, 0x54, 0xC3, 0x67], element([0x73, 0x73], simple))
    }

    static let tracks = element(
        [0x16, 0x54, 0xAE, 0x6B],
        element(
            [0xAE],
            element([0xD7], [1])
                + element([0x86], ascii("V_VP8")) + element([0x83], [1])))

    /// EBML header, then a Segment of unknown size: SeekHead, Info, Tracks, Tags, a Cluster of
    /// unknown size (Timestamp, two SimpleBlocks), Cues.
    /// With a `title`, Info also holds a CRC-32, the Title and a DateUTC.
    static func webm(docType: String = "webm", tagPadding: Int = 0, title: String? = nil) -> [UInt8] {
        let seek = element(
            [0x4D, 0xBB],
            element([0x53, 0xAB], [0x12, 0x54, 0xC3, 0x67])
                + element([0x53, 0xAC], [0x40]))
        let seekHead = element([0x11, 0x4D, 0x9B, 0x74], seek)
        let scale = element([0x2A, 0xD7, 0xB1], [0x0F, 0x42, 0x40])
        let info = element(
            [0x15, 0x49, 0xA9, 0x66],
            title.map {
                element([0xBF], [0x12, 0x34, 0x56, 0x78]) + scale + element([0x7B, 0xA9], ascii($0))
                    + element([0x44, 0x61], [0x0A, 0x1B, 0x2C, 0x3D, 0x4E, 0x5F, 0x60, 0x71])
            } ?? scale)
        let block = element([0xA3], [0x81, 0x00, 0x00, 0x80] + frames)
        let cluster = [0x1F, 0x43, 0xB6, 0x75] + unknownSize + element([0xE7], [0]) + block + block
        let cuePoint = element([0xBB], element([0xB3], [0]) + element([0xB7], element([0xF7], [1])))
        let cues = element([0x1C, 0x53, 0xBB, 0x6B], cuePoint)
        return ebmlHeader(docType) + [0x18, 0x53, 0x80, 0x67] + unknownSize + seekHead + info + tracks
            + tags(padding: tagPadding) + cluster + cues
    }
}
