import Foundation

/// PNG: an 8-byte signature, then chunks (4-byte big-endian data length, 4-letter type, data,
/// CRC-32 of type and data), IHDR first and IEND last.
///
/// Every chunk's CRC is checked. Dropped: tEXt, zTXt and iTXt (text notes, XMP), eXIf and tIME;
/// everything else (IHDR, PLTE, IDAT, IEND, gAMA, cHRM, sRGB, iCCP, pHYs, tRNS, acTL, fcTL,
/// fdAT, ...) is copied byte for byte.
enum PNGCleaner {
    static let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

    static let dropped: [String: String] = [
        "tEXt": text, "zTXt": text, "iTXt": text, "eXIf": Removed.exif,
        "tIME": "the time the image was last changed (tIME)",
    ]
    static let text = "text notes (author, comments, software)"

    static func clean(_ reader: MediaReader, _ writer: MediaWriter) throws -> CleanResult {
        let size = reader.size
        func damaged(_ offset: Int, _ what: String) -> MediaProblem { .damaged(.png, at: offset, what) }
        guard size >= 8, try reader.bytes(0, 8) == signature else {
            throw damaged(0, "it does not start with the 8-byte PNG signature")
        }
        try writer.write(signature)
        var result = CleanResult()
        var position = 8
        var index = 0
        var sawData = false
        while true {
            guard position <= size - 12 else {
                throw damaged(
                    position,
                    position == size
                        ? "the file ends without the IEND chunk (is it cut short?)"
                        : "the file ends inside a chunk header (is it cut short?)")
            }
            let header = try reader.bytes(position, 8)
            let length = Int(header.uint32BE(0))
            guard let type = header.fourCC(4), type.utf8.allSatisfy({ (0x41...0x5A).contains($0 & 0xDF) }) else {
                throw damaged(position, "the chunk type \(quoted(header[4..<8])) is not four letters")
            }
            guard length <= 0x7FFF_FFFF else {
                throw damaged(position, "the '\(type)' chunk claims \(length) bytes, more than PNG allows")
            }
            guard length <= size - position - 12 else {
                throw damaged(
                    position,
                    "the '\(type)' chunk claims \(length) bytes of data but the file ends at byte "
                        + "\(size) (is it cut short?)")
            }
            if index == 0 {
                guard type == "IHDR", length == 13 else {
                    throw damaged(position, "the first chunk is '\(type)' of \(length) bytes, not the 13-byte 'IHDR'")
                }
                let fields = try reader.bytes(position + 8, 8)
                let width = Int(fields.uint32BE(0))
                let height = Int(fields.uint32BE(4))
                guard (1...0x7FFF_FFFF).contains(width), (1...0x7FFF_FFFF).contains(height) else {
                    throw damaged(position, "the header gives a size of \(width) × \(height) pixels")
                }
                try MediaCleaner.checkPixels(.png, width: width, height: height)
                (result.width, result.height) = (width, height)
            } else if type == "IHDR" {
                throw damaged(position, "a second 'IHDR' chunk")
            }
            var what = dropped[type]
            if type == "iTXt", try reader.bytes(position + 8, min(length, 18)) == Array("XML:com.adobe.xmp\0".utf8) {
                what = Removed.xmp
            }
            if what == nil { try writer.write(header) }
            var crc = CRC32()
            crc.update(header[4..<8])
            try reader.chunks(position + 8, length) { piece in
                crc.update(piece)
                if what == nil { try writer.write(piece) }
            }
            let stored = try reader.bytes(position + 8 + length, 4)
            guard stored.uint32BE(0) == crc.value else {
                throw damaged(
                    position,
                    "the '\(type)' chunk's checksum (CRC) is \(stored.map(hex).joined()) but its "
                        + "bytes give \(String(crc.value, radix: 16, uppercase: true))")
            }
            if let what {
                result.note(what)
            } else {
                try writer.write(stored)
            }
            position += 12 + length
            index += 1
            if type == "IDAT" { sawData = true }
            if type == "IEND" {
                guard length == 0 else { throw damaged(position - 12 - length, "the IEND chunk is not empty") }
                guard sawData else { throw damaged(position - 12, "there is no image data (IDAT) before IEND") }
                try checkTrailing(.png, reader, from: position, into: &result)
                return result
            }
        }
    }
}

/// CRC-32 as PNG and zlib compute it (polynomial 0xEDB88320, reflected, starting and ending inverted).
struct CRC32 {
    static let table: [UInt32] = (0..<256).map { (index: UInt32) -> UInt32 in
        var value = index
        for _ in 0..<8 { value = value & 1 == 1 ? 0xEDB8_8320 ^ (value >> 1) : value >> 1 }
        return value
    }

    private var state: UInt32 = 0xFFFF_FFFF

    mutating func update(_ bytes: some Sequence<UInt8>) {
        let table = Self.table
        for byte in bytes { state = table[Int((state ^ UInt32(byte)) & 0xFF)] ^ (state >> 8) }
    }

    var value: UInt32 { state ^ 0xFFFF_FFFF }

    /// The CRC of `bytes` in one go.
    static func of(_ bytes: some Sequence<UInt8>) -> UInt32 {
        var crc = CRC32()
        crc.update(bytes)
        return crc.value
    }
}
