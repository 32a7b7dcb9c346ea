import Foundation

/// MP4 (ISO base media file): boxes of a 4-byte big-endian size (counting the 8-byte header;
/// 1: a 64-bit size follows the type; 0: to the end of the file, for the last box only) and a
/// 4-character type. The first box is `ftyp`; there must be one `moov` (the index) and an `mdat`
/// (the frames).
///
/// Every `udta` and `meta` box, at the top level and at any depth of `moov` (through trak, mdia,
/// minf, stbl, edts, dinf, mvex, tref, sinf, schi), and every XMP `uuid` box is neutralised in
/// place: its type becomes `free` and its contents zeros, so its size and every offset after it
/// (stco, co64) stay as they were. `moov` is read whole (at most `MediaLimits.maximumMoovBytes`);
/// everything else is copied in pieces. The creation and modification times of mvhd, tkhd and
/// mdhd are set to zero, also in place.
enum MP4Cleaner {
    static let brands: Set<String> = [
        "isom", "iso2", "iso3", "iso4", "iso5", "iso6", "iso7", "iso8", "iso9",
        "mp41", "mp42", "avc1", "M4V ", "dash", "MSNV",
    ]
    static let imageBrands: Set<String> = [
        "heic", "heix", "heim", "heis", "hevc", "hevx", "mif1", "msf1", "avif", "avis",
    ]
    static let containers: Set<String> = [
        "moov", "trak", "mdia", "minf", "stbl", "edts", "dinf", "mvex", "tref", "sinf", "schi",
    ]
    static let xmpUUID: [UInt8] = [
        0xBE, 0x7A, 0xCF, 0xCB, 0x97, 0xA9, 0x42, 0xE8, 0x9C, 0x71, 0x99, 0x94, 0x91, 0xE3, 0xAF, 0xAC,
    ]
    static let maximumDepth = 16

    static func clean(_ reader: MediaReader, _ writer: MediaWriter) throws -> CleanResult {
        let size = reader.size
        func damaged(_ offset: Int, _ what: String) -> MediaProblem { .damaged(.mp4, at: offset, what) }
        var result = CleanResult()
        var position = 0
        var movies = 0
        var sawData = false
        while position < size {
            let rest = size - position
            if rest < 8 && position > 0 {
                try checkTrailing(.mp4, reader, from: position, into: &result)
                break
            }
            let head = try reader.bytes(position, min(16, rest))
            guard head.count >= 8, let type = head.fourCC(4) else {
                if position > 0 && rest <= MediaLimits.toleratedTrailingBytes {
                    try checkTrailing(.mp4, reader, from: position, into: &result)
                    break
                }
                throw damaged(position, "\(quoted(head.dropFirst(4).prefix(4))) is not a box type")
            }
            let box = try measure(head, 0, limit: rest, topLevel: true) { damaged(position, $0) }
            if position == 0 {
                guard type == "ftyp" else { throw damaged(0, "the first box is '\(type)', not 'ftyp'") }
                guard box.size >= box.header + 8, box.size <= 4096 else {
                    throw damaged(0, "the 'ftyp' box has \(box.size) bytes, not between 16 and 4096")
                }
                try checkBrands(try reader.bytes(position + box.header, box.size - box.header))
            } else if type == "ftyp" {
                throw damaged(position, "a second 'ftyp' box")
            }
            switch type {
            case "moov":
                movies += 1
                guard movies == 1 else { throw damaged(position, "a second 'moov' box") }
                guard box.size <= MediaLimits.maximumMoovBytes else {
                    let limit = MediaLimits.megabytes(MediaLimits.maximumMoovBytes)
                    throw MediaProblem(
                        .unsupported,
                        "the video's index (its 'moov' box) is "
                            + "\(MediaLimits.megabytes(box.size)), more than the \(limit) that are read: "
                            + "export the video shorter or at a lower frame rate")
                }
                var moov = try reader.bytes(position, box.size)
                try walk(&moov, from: box.header, to: box.size, base: position, depth: 1, into: &result)
                try writer.write(moov)
            case "udta", "meta", "uuid":
                let isXMP =
                    try type == "uuid" && box.size >= box.header + 16
                    && reader.bytes(position + box.header, 16) == xmpUUID
                guard type != "uuid" || isXMP else {
                    try writer.copy(reader, position, box.size)
                    break
                }
                var header = Array(head[0..<box.header])
                header.replaceSubrange(4..<8, with: Array("free".utf8))
                try writer.write(header)
                try writer.zeros(box.size - box.header)
                result.note(isXMP ? Removed.xmp : removal(type))
            default:
                if type == "mdat" { sawData = true }
                try writer.copy(reader, position, box.size)
            }
            position += box.size
        }
        guard movies == 1 else { throw damaged(size, "the file ends without a 'moov' box (the video's index)") }
        guard sawData else { throw damaged(size, "the file ends without an 'mdat' box (the video's frames)") }
        return result
    }

    struct Box {
        let header: Int
        let size: Int
    }

    /// The header length and size of the box whose header starts at `at` in `bytes`, checked
    /// against the `limit` bytes left in its parent (or the file).
    static func measure(
        _ bytes: [UInt8], _ at: Int, limit: Int, topLevel: Bool,
        _ damaged: (String) -> MediaProblem
    ) throws -> Box {
        let type = bytes.fourCC(at + 4) ?? "\\x.."
        let claimed = bytes.uint32BE(at)
        var header = 8
        var size = Int(claimed)
        if claimed == 1 {
            guard limit >= 16, bytes.count >= at + 16 else {
                throw damaged("the file ends inside the 64-bit size of the '\(type)' box (is it cut short?)")
            }
            let large = bytes.uint64BE(at + 8)
            guard large <= UInt64(limit) else {
                throw damaged(
                    "the '\(type)' box claims \(large) bytes but only \(limit) remain "
                        + (topLevel ? "in the file (is it cut short?)" : "in the box around it"))
            }
            size = Int(large)
            header = 16
        } else if claimed == 0 {
            guard topLevel else {
                throw damaged("the '\(type)' box has size 0, which only a last top-level box may have")
            }
            size = limit
        }
        guard size >= header else {
            throw damaged("the '\(type)' box claims \(size) bytes, fewer than its own \(header)-byte header")
        }
        guard size <= limit else {
            throw damaged(
                "the '\(type)' box claims \(size) bytes but only \(limit) remain "
                    + (topLevel ? "in the file (is it cut short?)" : "in the box around it"))
        }
        return Box(header: header, size: size)
    }

    /// Neutralises every `udta`, `meta` and XMP `uuid` box in `bytes[start..<end]` (found at `base`
    /// in the file), walking into the containers.
    static func walk(
        _ bytes: inout [UInt8], from start: Int, to end: Int, base: Int, depth: Int,
        into result: inout CleanResult
    ) throws {
        var position = start
        while position < end {
            let rest = end - position
            guard rest >= 8 else {
                // QuickTime ends some lists with 4 zero bytes.
                if rest == 4 && bytes[position..<end].allSatisfy({ $0 == 0 }) { return }
                throw MediaProblem.damaged(
                    .mp4, at: base + position,
                    "\(rest) stray bytes where a box header "
                        + "of 8 bytes was expected")
            }
            let at = position
            let box = try measure(bytes, position, limit: rest, topLevel: false) {
                MediaProblem.damaged(.mp4, at: base + at, $0)
            }
            let type = bytes.fourCC(position + 4) ?? ""
            let isXMP =
                type == "uuid" && box.size >= box.header + 16
                && Array(bytes[(position + box.header)..<(position + box.header + 16)]) == xmpUUID
            if type == "udta" || type == "meta" || isXMP {
                bytes.replaceSubrange((position + 4)..<(position + 8), with: Array("free".utf8))
                for index in (position + box.header)..<(position + box.size) { bytes[index] = 0 }
                result.note(isXMP ? Removed.xmp : removal(type))
            } else if ["mvhd", "tkhd", "mdhd"].contains(type) {
                // Version, flags, then the creation and modification times (4 bytes each, 8 in version 1).
                let times = position + box.header + 4
                let count = box.size - box.header >= 20 && bytes[times - 4] == 1 ? 16 : 8
                if box.size - box.header >= 4 + count, bytes[times..<(times + count)].contains(where: { $0 != 0 }) {
                    for index in times..<(times + count) { bytes[index] = 0 }
                    result.note(recordingTime)
                }
            } else if containers.contains(type) {
                guard depth < maximumDepth else {
                    throw MediaProblem.damaged(
                        .mp4, at: base + position,
                        "boxes are nested more than \(maximumDepth) deep")
                }
                try walk(
                    &bytes, from: position + box.header, to: position + box.size, base: base, depth: depth + 1,
                    into: &result)
            }
            position += box.size
        }
    }

    static let recordingTime = "the recording date and time"

    static func removal(_ type: String) -> String {
        type == "udta" ? "user data (udta: place, device, title)" : "metadata (meta: place, device, dates)"
    }

    /// Accepts the ftyp contents (major brand, minor version, compatible brands) of an MP4 video.
    static func checkBrands(_ fields: [UInt8]) throws {
        let major = String(decoding: fields[0..<4], as: UTF8.self)
        let compatible = stride(from: 8, to: fields.count - 3, by: 4).map {
            String(decoding: fields[$0..<$0 + 4], as: UTF8.self)
        }
        let all = [major] + compatible
        if major == "qt  " {
            throw MediaProblem(
                .unsupported,
                "the video is a QuickTime movie (.mov), which is not accepted: export or "
                    + "share it as MP4")
        }
        if all.contains(where: brands.contains) { return }
        if all.contains(where: imageBrands.contains) {
            throw MediaProblem(
                .unsupported,
                "the file is a HEIC, HEIF or AVIF image, which is not accepted: "
                    + "export it as JPEG")
        }
        throw MediaProblem(
            .unsupported,
            "the file is an ISO media file of brand \(quoted(fields[0..<4])), not an "
                + "MP4 video of a brand that is accepted (isom, iso2-iso9, mp41, mp42, avc1, M4V, dash, MSNV): "
                + "export it as MP4")
    }
}
