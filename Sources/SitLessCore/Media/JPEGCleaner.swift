import Foundation

/// JPEG: SOI, then marker segments (FF, marker, 2-byte length counting itself, payload), each
/// scan's entropy-coded data after its SOS segment (where FF is followed by 00 or a restart
/// marker), and EOI.
///
/// Kept: APP0 JFIF, APP2 ICC profile, APP14 Adobe, and every segment that makes the picture
/// (DQT, DHT, DRI, SOFn, SOS and its data, EOI). Dropped: APP1 (EXIF and XMP), APP13 (IPTC and
/// Photoshop), COM, APP3 to APP15 but APP14, the other APP0 (JFXX thumbnails) and APP2 (MPF,
/// FlashPix). The EXIF Orientation tag (IFD0 0x0112, either byte order) is read first and, when
/// not 1, written back where the EXIF was as a 36-byte APP1 holding only that tag, so the photo
/// is not shown sideways. What phones append after EOI (extra images: previews, depth and HDR
/// gain maps; a motion-photo video; Samsung's trailer) is dropped, anything else refused.
enum JPEGCleaner {
    static func clean(_ reader: MediaReader, _ writer: MediaWriter) throws -> CleanResult {
        let size = reader.size
        func damaged(_ offset: Int, _ what: String) -> MediaProblem { .damaged(.jpeg, at: offset, what) }
        guard size >= 4, try reader.bytes(0, 3) == [0xFF, 0xD8, 0xFF] else {
            throw damaged(0, "it does not start with a JPEG start-of-image marker")
        }
        try writer.write([0xFF, 0xD8])
        var result = CleanResult()
        var position = 2
        var sawFrame = false
        var sawScan = false
        var wroteOrientation = false
        while true {
            guard position < size else {
                throw damaged(size, "the file ends before the end-of-image marker (is it cut short?)")
            }
            let start = position
            let first = try reader.byte(position)
            guard first == 0xFF else { throw damaged(position, "a marker (byte FF) was expected, not \(hex(first))") }
            position += 1
            while position < size, try reader.byte(position) == 0xFF { position += 1 }  // fill bytes: dropped
            guard position < size else { throw damaged(size, "the file ends inside a marker (is it cut short?)") }
            let marker = try reader.byte(position)
            position += 1
            switch marker {
            case 0xD9:
                guard sawScan else { throw damaged(start, "the end-of-image marker comes before any image data") }
                try writer.write([0xFF, 0xD9])
                try trailing(reader, from: position, into: &result)
                return result
            case 0xD8: throw damaged(start, "a second start-of-image marker")
            case 0x00: throw damaged(start, "a stray FF 00 outside the image data")
            case 0x01, 0xD0...0xD7:
                try writer.write([0xFF, marker])
                continue
            case 0x02...0xBF: throw damaged(start, "an unknown marker FF \(hex(marker))")
            default: break
            }
            guard position + 2 <= size else {
                throw damaged(
                    start,
                    "the file ends inside the length of the \(name(marker)) segment "
                        + "(is it cut short?)")
            }
            let length = try reader.bytes(position, 2).uint16BE(0)
            guard length >= 2 else {
                throw damaged(
                    start,
                    "the \(name(marker)) segment's length is \(length), less than the 2 bytes "
                        + "of the length")
            }
            let end = position + length
            guard end <= size else {
                throw damaged(
                    start,
                    "the \(name(marker)) segment claims \(length) bytes but the file ends at "
                        + "byte \(size) (is it cut short?)")
            }
            let payload = position + 2
            if (0xE0...0xEF).contains(marker) || marker == 0xFE {
                let head = try reader.bytes(payload, min(length - 2, 36))
                if let what = dropped(marker, head) {
                    if what == Removed.exif {
                        let segment = try reader.bytes(start, end - start)
                        let orientation = orientation(Array(segment.dropFirst(position + 2 - start + 6)))
                        if let orientation, (2...8).contains(orientation), !wroteOrientation {
                            let replacement = orientationSegment(orientation)
                            try writer.write(replacement)
                            wroteOrientation = true
                            if Array(segment[(position - 2 - start)...]) != replacement { result.note(what) }
                        } else {
                            result.note(what)
                        }
                    } else {
                        result.note(what)
                    }
                    position = end
                    continue
                }
            }
            if isFrame(marker) && !sawFrame {
                guard length >= 8 else { throw damaged(start, "the frame header (SOF) is \(length) bytes, too short") }
                let frame = try reader.bytes(payload, 5)
                let height = frame.uint16BE(1)
                let width = frame.uint16BE(3)
                guard width > 0, height > 0 else {
                    throw damaged(
                        start,
                        "the frame header gives a size of \(width) × \(height) pixels "
                            + "(a height given later in a DNL marker is not supported)")
                }
                try MediaCleaner.checkPixels(.jpeg, width: width, height: height)
                (result.width, result.height) = (width, height)
                sawFrame = true
            }
            try writer.write([0xFF, marker])
            try writer.copy(reader, position, length)
            position = end
            if marker == 0xDA {
                guard sawFrame else { throw damaged(start, "image data (SOS) comes before the frame header (SOF)") }
                position = try copyScan(reader, writer, from: position)
                sawScan = true
            }
        }
    }

    /// Copies entropy-coded data from `start` up to the next marker, which it returns the offset of.
    static func copyScan(_ reader: MediaReader, _ writer: MediaWriter, from start: Int) throws -> Int {
        var position = start
        while true {
            let count = min(MediaLimits.chunkBytes, reader.size - position)
            guard count > 1 else {
                throw MediaProblem.damaged(
                    .jpeg, at: reader.size,
                    "the image data runs to the end of the file without "
                        + "an end-of-image marker (is it cut short?)")
            }
            let piece = try reader.bytes(position, count)
            var index = 0
            while index + 1 < count {
                if piece[index] != 0xFF {
                    index += 1
                    continue
                }
                let next = piece[index + 1]
                if next == 0x00 || (0xD0...0xD7).contains(next) {
                    index += 2
                } else if next == 0xFF {
                    index += 1
                } else {
                    try writer.write(piece[0..<index])
                    return position + index
                }
            }
            try writer.write(piece[0..<index])
            position += index
        }
    }

    /// What a dropped APPn or COM segment was (for the removed list), or nil to keep it.
    static func dropped(_ marker: UInt8, _ head: [UInt8]) -> String? {
        func starts(_ text: String) -> Bool { head.starts(with: Array(text.utf8)) }
        switch marker {
        case 0xE0:
            if starts("JFIF\0") { return nil }
            return starts("JFXX\0") ? "a preview thumbnail (JFXX)" : "application data (APP0)"
        case 0xE1:
            if starts("Exif\0") { return Removed.exif }
            if starts("http://ns.adobe.com/xap/1.0/\0") || starts("http://ns.adobe.com/xmp/extension/\0") {
                return Removed.xmp
            }
            return "application data (APP1)"
        case 0xE2:
            if starts("ICC_PROFILE\0") { return nil }
            return starts("MPF\0") ? "the index of extra images (MPF)" : "application data (APP2)"
        case 0xED: return "IPTC and Photoshop data (captions, names, places)"
        case 0xEE: return nil
        case 0xFE: return "comments"
        default: return "application data (APP\(marker - 0xE0))"
        }
    }

    /// SOF0-3, 5-7, 9-11, 13-15 (not DHT C4, JPG C8 or DAC CC).
    static func isFrame(_ marker: UInt8) -> Bool {
        (0xC0...0xCF).contains(marker) && marker != 0xC4 && marker != 0xC8 && marker != 0xCC
    }

    static func name(_ marker: UInt8) -> String {
        switch marker {
        case 0xC4: return "DHT"
        case 0xDA: return "SOS"
        case 0xDB: return "DQT"
        case 0xDD: return "DRI"
        case 0xFE: return "COM"
        case 0xE0...0xEF: return "APP\(marker - 0xE0)"
        default: return isFrame(marker) ? "SOF\(marker - 0xC0)" : "FF \(hex(marker))"
        }
    }

    /// The Orientation (IFD0 tag 0x0112) of a TIFF structure (what follows "Exif\0\0"), if any.
    static func orientation(_ tiff: [UInt8]) -> Int? {
        guard tiff.count >= 8 else { return nil }
        let little: Bool
        switch (tiff[0], tiff[1]) {
        case (0x49, 0x49): little = true
        case (0x4D, 0x4D): little = false
        default: return nil
        }
        func u16(_ i: Int) -> Int { little ? tiff.uint16LE(i) : tiff.uint16BE(i) }
        func u32(_ i: Int) -> Int { Int(little ? tiff.uint32LE(i) : tiff.uint32BE(i)) }
        guard u16(2) == 42 else { return nil }
        let ifd = u32(4)
        guard ifd >= 8, ifd <= tiff.count - 2 else { return nil }
        for entry in 0..<u16(ifd) {
            let at = ifd + 2 + entry * 12
            guard at <= tiff.count - 12 else { return nil }
            guard u16(at) == 0x0112 else { continue }
            switch u16(at + 2) {
            case 3: return u16(at + 8)
            case 4: return u32(at + 8)
            default: return nil
            }
        }
        return nil
    }

    /// An APP1 segment with a big-endian TIFF whose IFD0 holds only Orientation (2 to 8).
    static func orientationSegment(_ orientation: Int) -> [UInt8] {
        [0xFF, 0xE1, 0x00, 0x22] + Array("Exif\0\0".utf8) + [
            0x4D, 0x4D, 0x00, 0x2A, 0x00, 0x00, 0x00, 0x08,  // "MM", 42, IFD0 at 8
            0x00, 0x01,  // one entry
            0x01, 0x12, 0x00, 0x03, 0x00, 0x00, 0x00, 0x01, 0x00, UInt8(orientation & 0xFF), 0x00, 0x00,
            0x00, 0x00, 0x00, 0x00,  // no next IFD
        ]
    }

    /// After EOI: a few bytes are dropped, so are appended images and videos; anything else is refused.
    static func trailing(_ reader: MediaReader, from end: Int, into result: inout CleanResult) throws {
        let extra = reader.size - end
        guard extra > MediaLimits.toleratedTrailingBytes else {
            return try checkTrailing(.jpeg, reader, from: end, into: &result)
        }
        let head = try reader.bytes(end, 12)
        let tail = try reader.bytes(reader.size - 4, 4)
        if head.starts(with: [0xFF, 0xD8, 0xFF]) {
            result.note("extra images after the photo (previews, depth or HDR maps)")
        } else if Array(head[4..<8]) == Array("ftyp".utf8) {
            result.note("a motion-photo video after the photo")
        } else if tail == Array("SEFT".utf8) {
            result.note("Samsung camera data after the photo")
        } else {
            try checkTrailing(.jpeg, reader, from: end, into: &result)
        }
    }
}
