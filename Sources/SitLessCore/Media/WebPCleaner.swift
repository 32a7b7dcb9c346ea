import Foundation

/// WebP: "RIFF", a 4-byte little-endian size (of all that follows it), "WEBP", then chunks
/// (4-character code, 4-byte little-endian size, data, a pad byte when the size is odd).
///
/// Dropped: the EXIF and XMP chunks; the EXIF (0x08) and XMP (0x04) flags of VP8X are cleared.
/// A first pass over the chunk headers checks them and works out the new RIFF size, a second
/// writes the file. Pad bytes are written as zero; every other chunk is copied as it is.
enum WebPCleaner {
    static let exifFlag: UInt8 = 0x08
    static let xmpFlag: UInt8 = 0x04

    static func clean(_ reader: MediaReader, _ writer: MediaWriter) throws -> CleanResult {
        let size = reader.size
        func damaged(_ offset: Int, _ what: String) -> MediaProblem { .damaged(.webp, at: offset, what) }
        guard size >= 12 else { throw damaged(size, "the file ends inside the 12-byte RIFF header") }
        let riff = Int(try reader.bytes(0, 12).uint32LE(4))
        let end = 8 + riff
        guard riff >= 4 else { throw damaged(4, "the RIFF size is \(riff), too small to hold 'WEBP'") }
        guard end <= size else {
            throw damaged(
                size,
                "the RIFF header says the file has \(end) bytes but it ends at byte \(size) "
                    + "(is it cut short?)")
        }

        // First pass: check every chunk header, find the picture's size, count what is kept.
        var result = CleanResult()
        var kept = 4
        var chunks = 0
        var extended = false
        var sawImage = false
        try walk(reader, to: end) { offset, type, length in
            chunks += 1
            if chunks == 1 && !["VP8 ", "VP8L", "VP8X"].contains(type) {
                throw damaged(offset, "the first chunk is '\(type)', not a picture (VP8, VP8L or VP8X)")
            }
            switch type {
            case "EXIF":
                result.note(Removed.exif)
                return
            case "XMP ":
                result.note(Removed.xmp)
                return
            case "VP8X":
                guard chunks == 1 else { throw damaged(offset, "a 'VP8X' chunk that is not the first") }
                guard length >= 10 else { throw damaged(offset, "the 'VP8X' chunk has \(length) bytes, fewer than 10") }
                let fields = try reader.bytes(offset + 8, 10)
                (result.width, result.height) = (fields.uint24LE(4) + 1, fields.uint24LE(7) + 1)
                extended = true
            case "VP8 ":
                guard length >= 10 else { throw damaged(offset, "the 'VP8 ' chunk has \(length) bytes, fewer than 10") }
                let frame = try reader.bytes(offset + 8, 10)
                guard frame[0] & 1 == 0, frame[3...5].elementsEqual([0x9D, 0x01, 0x2A]) else {
                    throw damaged(offset, "the 'VP8 ' chunk does not start with a key frame")
                }
                if !sawImage && !extended {
                    (result.width, result.height) = (frame.uint16LE(6) & 0x3FFF, frame.uint16LE(8) & 0x3FFF)
                }
                sawImage = true
            case "VP8L":
                guard length >= 5 else { throw damaged(offset, "the 'VP8L' chunk has \(length) bytes, fewer than 5") }
                let header = try reader.bytes(offset + 8, 5)
                guard header[0] == 0x2F else { throw damaged(offset, "the 'VP8L' chunk lacks its signature byte 2F") }
                let bits = Int(header.uint32LE(1))
                if !sawImage && !extended {
                    (result.width, result.height) = ((bits & 0x3FFF) + 1, (bits >> 14 & 0x3FFF) + 1)
                }
                sawImage = true
            case "ANMF":
                sawImage = true
            default:
                break
            }
            kept += 8 + length + (length & 1)
        }
        guard sawImage else { throw damaged(end, "the file ends without any picture data (VP8, VP8L or ANMF)") }
        guard let width = result.width, let height = result.height, width > 0, height > 0 else {
            throw damaged(12, "the picture has a size of 0 pixels")
        }
        try MediaCleaner.checkPixels(.webp, width: width, height: height)

        // Second pass: write.
        let count = UInt32(kept)
        try writer.write(
            Array("RIFF".utf8) + (0..<4).map { UInt8(truncatingIfNeeded: count >> (8 * $0)) }
                + Array("WEBP".utf8))
        try walk(reader, to: end) { offset, type, length in
            if type == "EXIF" || type == "XMP " { return }
            if type == "VP8X" {
                var chunk = try reader.bytes(offset, 18)
                chunk[8] &= ~(exifFlag | xmpFlag)
                try writer.write(chunk)
                try writer.copy(reader, offset + 18, length - 10)
            } else {
                try writer.copy(reader, offset, 8 + length)
            }
            if length & 1 == 1 { try writer.write([0]) }
        }
        try checkTrailing(.webp, reader, from: end, into: &result)
        return result
    }

    /// Calls `body` with the offset, type and data length of each chunk from byte 12 to `end`,
    /// having checked that the chunk and its pad byte end by `end`.
    static func walk(_ reader: MediaReader, to end: Int, _ body: (Int, String, Int) throws -> Void) throws {
        var position = 12
        while position < end {
            guard end - position >= 8 else {
                throw MediaProblem.damaged(
                    .webp, at: position,
                    "\(end - position) stray bytes where a chunk header of "
                        + "8 bytes was expected")
            }
            let header = try reader.bytes(position, 8)
            guard let type = header.fourCC(0) else {
                throw MediaProblem.damaged(.webp, at: position, "the chunk type \(quoted(header[0..<4])) is not text")
            }
            let length = Int(header.uint32LE(4))
            let padded = length + (length & 1)
            guard padded <= end - position - 8 else {
                throw MediaProblem.damaged(
                    .webp, at: position,
                    "the '\(type)' chunk claims \(length) bytes but the "
                        + "file ends at byte \(end) (is it cut short?)")
            }
            try body(position, type, length)
            position += 8 + padded
        }
    }
}
