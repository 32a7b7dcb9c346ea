import Foundation

/// WebM (EBML, as Matroska): elements of an ID (1 to 4 bytes, its length in the leading zero
/// bits of the first byte), a size (a variable-length integer of 1 to 8 bytes; all ones:
/// unknown) and data. The file is an EBML header whose DocType must be "webm", then a Segment
/// (of known or unknown size) whose children are walked: SeekHead, Info, Tracks, Cluster, Cues,
/// Chapters, Tags, Attachments, Void, CRC-32.
///
/// Every Tags element, and the Title and DateUTC inside Info (with Info's CRC-32, which would no
/// longer match), is replaced in place by a Void element (ID EC) of exactly the same length, its
/// size written in as many bytes as that needs and its data zeros, so the positions in SeekHead
/// and Cues stay right. A Cluster of unknown size (as browsers record) is walked child by child
/// until the next top-level element. Everything else is copied as it is.
enum WebMCleaner {
    static let ebmlID: UInt32 = 0x1A45_DFA3
    static let segmentID: UInt32 = 0x1853_8067
    static let clusterID: UInt32 = 0x1F43_B675
    static let tagsID: UInt32 = 0x1254_C367
    static let tracksID: UInt32 = 0x1654_AE6B
    static let voidID: UInt32 = 0xEC
    static let docTypeID: UInt32 = 0x4282
    static let infoID: UInt32 = 0x1549_A966
    /// Children of Info that say who or when: Title, DateUTC.
    static let infoRemoved: [UInt32: String] = [0x7BA9: "the title", 0x4461: "the recording date and time"]
    /// The children of Segment, which end a Cluster of unknown size.
    static let topLevel: Set<UInt32> = [
        0x114D_9B74, 0x1549_A966, tracksID, clusterID, 0x1C53_BB6B, 0x1043_A770, tagsID, 0x1941_A469, ebmlID, segmentID,
    ]
    /// Timestamp, SilentTracks, Position, PrevSize, SimpleBlock, BlockGroup, EncryptedBlock, Void, CRC-32.
    static let clusterChildren: Set<UInt32> = [0xE7, 0x5854, 0xA7, 0xAB, 0xA3, 0xA0, 0xAF, voidID, 0xBF]

    struct Element {
        let offset: Int
        let id: UInt32
        let headerLength: Int
        /// nil: unknown.
        let size: Int?
        var dataStart: Int { offset + headerLength }
    }

    static func clean(_ reader: MediaReader, _ writer: MediaWriter) throws -> CleanResult {
        let size = reader.size
        func damaged(_ offset: Int, _ what: String) -> MediaProblem { .damaged(.webm, at: offset, what) }
        var result = CleanResult()

        let ebml = try element(reader, at: 0, end: size, parent: "the file")
        guard ebml.id == ebmlID, let headerSize = ebml.size else {
            throw damaged(0, "the EBML header has no size")
        }
        guard headerSize <= 4096 else { throw damaged(0, "the EBML header claims \(headerSize) bytes, more than 4096") }
        guard headerSize <= size - ebml.dataStart else {
            throw damaged(
                0,
                "the EBML header claims \(headerSize) bytes but the file ends at byte \(size) "
                    + "(is it cut short?)")
        }
        try checkDocType(reader.bytes(ebml.dataStart, headerSize), base: ebml.dataStart)
        try writer.copy(reader, 0, ebml.dataStart + headerSize)

        var position = ebml.dataStart + headerSize
        var segment: Element
        while true {
            guard position < size else { throw damaged(size, "the file ends before the Segment (is it cut short?)") }
            segment = try element(reader, at: position, end: size, parent: "the file")
            if segment.id == segmentID { break }
            guard segment.id == voidID, let length = segment.size, length <= size - segment.dataStart else {
                throw damaged(position, "element \(name(segment.id)) where the Segment was expected")
            }
            try writer.copy(reader, position, segment.headerLength + length)
            position = segment.dataStart + length
        }
        let segmentEnd = segment.size.map { segment.dataStart + $0 } ?? size
        guard segmentEnd <= size else {
            throw damaged(
                position,
                "the Segment claims \(segment.size ?? 0) bytes but the file ends at byte \(size) "
                    + "(is it cut short?)")
        }
        try writer.copy(reader, position, segment.headerLength)

        position = segment.dataStart
        var sawTracks = false
        var sawCluster = false
        while position < segmentEnd {
            let child = try element(reader, at: position, end: segmentEnd, parent: "the Segment")
            var end: Int
            if let length = child.size {
                guard length <= segmentEnd - child.dataStart else {
                    throw damaged(
                        position,
                        "element \(name(child.id)) claims \(length) bytes but "
                            + ends(segmentEnd, size))
                }
                end = child.dataStart + length
            } else {
                guard child.id == clusterID else {
                    throw damaged(
                        position,
                        "element \(name(child.id)) has an unknown size, which only a Cluster "
                            + "may have")
                }
                end = try clusterEnd(reader, from: child.dataStart, to: segmentEnd)
            }
            switch child.id {
            case tagsID:
                let (header, zeros) = void(length: end - position)
                try writer.write(header)
                try writer.zeros(zeros)
                result.note("tags (title, names, dates, places)")
            case infoID:
                guard end - position <= MediaLimits.chunkBytes else {
                    throw damaged(position, "the Info element claims \(end - position) bytes, more than 1 MiB")
                }
                var info = try reader.bytes(position, end - position)
                try clean(info: &info, from: child.headerLength, base: position, into: &result)
                try writer.write(info)
            case ebmlID, segmentID:
                throw damaged(position, "a second \(name(child.id)) inside the Segment (two files joined together?)")
            default:
                if child.id == tracksID { sawTracks = true }
                if child.id == clusterID { sawCluster = true }
                try writer.copy(reader, position, end - position)
            }
            position = end
        }
        guard sawTracks else { throw damaged(segmentEnd, "the Segment ends without a Tracks element") }
        guard sawCluster else { throw damaged(segmentEnd, "the Segment ends without any Cluster (no frames)") }
        try checkTrailing(.webm, reader, from: segmentEnd, into: &result)
        return result
    }

    /// The header of the element at `offset`, which must end by `end` (of its parent).
    static func element(_ reader: MediaReader, at offset: Int, end: Int, parent: String) throws -> Element {
        let bytes = try reader.bytes(offset, min(12, end - offset))
        return try element(bytes, 0, base: offset, parent: parent, atEnd: end == reader.size)
    }

    /// The header of the element at `index` of `bytes` (which lie at `base` in the file).
    static func element(_ bytes: [UInt8], _ index: Int, base: Int, parent: String, atEnd: Bool) throws -> Element {
        let offset = base + index
        let cut =
            atEnd
            ? "the file ends inside an element header (is it cut short?)"
            : "an element header runs past the end of \(parent)"
        guard index < bytes.count else { throw MediaProblem.damaged(.webm, at: offset, cut) }
        let first = bytes[index]
        let idLength = first.leadingZeroBitCount + 1
        guard idLength <= 4 else {
            throw MediaProblem.damaged(.webm, at: offset, "byte \(hex(first)) does not start an element ID")
        }
        guard bytes.count >= index + idLength + 1 else { throw MediaProblem.damaged(.webm, at: offset, cut) }
        var id: UInt32 = 0
        for byte in bytes[index..<index + idLength] { id = id << 8 | UInt32(byte) }
        let sizeFirst = bytes[index + idLength]
        let sizeLength = sizeFirst.leadingZeroBitCount + 1
        guard sizeLength <= 8 else {
            throw MediaProblem.damaged(.webm, at: offset, "element \(name(id)) has a size field longer than 8 bytes")
        }
        guard bytes.count >= index + idLength + sizeLength else { throw MediaProblem.damaged(.webm, at: offset, cut) }
        var value = UInt64(sizeFirst) & (0xFF >> UInt64(sizeLength))
        for byte in bytes[(index + idLength + 1)..<(index + idLength + sizeLength)] {
            value = value << 8 | UInt64(byte)
        }
        let unknown = value == (1 << (7 * UInt64(sizeLength))) - 1
        guard unknown || value <= UInt64(Int32.max) else {
            throw MediaProblem.damaged(
                .webm, at: offset,
                "element \(name(id)) claims \(value) bytes, far more than "
                    + "the file")
        }
        return Element(offset: offset, id: id, headerLength: idLength + sizeLength, size: unknown ? nil : Int(value))
    }

    /// Replaces the Title and DateUTC children of an Info element (`info`, at `base` in the file,
    /// its children from `start`) by Void elements of the same length.
    static func clean(info: inout [UInt8], from start: Int, base: Int, into result: inout CleanResult) throws {
        var index = start
        var changed = false
        var checksum: Range<Int>?
        while index < info.count {
            let child = try element(info, index, base: base, parent: "the Info element", atEnd: false)
            guard let length = child.size, length <= info.count - index - child.headerLength else {
                throw MediaProblem.damaged(
                    .webm, at: child.offset,
                    "element \(name(child.id)) does not fit in the "
                        + "Info element")
            }
            let range = index..<(index + child.headerLength + length)
            if let what = infoRemoved[child.id] {
                blank(&info, range)
                result.note(what)
                changed = true
            } else if child.id == 0xBF {
                checksum = range
            }
            index = range.upperBound
        }
        if changed, let checksum { blank(&info, checksum) }
    }

    /// Overwrites `range` of `bytes` with a Void element.
    static func blank(_ bytes: inout [UInt8], _ range: Range<Int>) {
        let (header, zeros) = void(length: range.count)
        bytes.replaceSubrange(range, with: header + [UInt8](repeating: 0, count: zeros))
    }

    /// Where a Cluster of unknown size whose children start at `start` ends: at the next
    /// top-level element or the end of the Segment.
    static func clusterEnd(_ reader: MediaReader, from start: Int, to end: Int) throws -> Int {
        var position = start
        while position < end {
            let child = try element(reader, at: position, end: end, parent: "the Segment")
            if topLevel.contains(child.id) { return position }
            guard clusterChildren.contains(child.id) else {
                throw MediaProblem.damaged(
                    .webm, at: position,
                    "element \(name(child.id)) inside a Cluster of unknown "
                        + "size is not one a Cluster holds")
            }
            guard let length = child.size else {
                throw MediaProblem.damaged(
                    .webm, at: position,
                    "element \(name(child.id)) inside a Cluster has an "
                        + "unknown size")
            }
            guard length <= end - child.dataStart else {
                throw MediaProblem.damaged(
                    .webm, at: position,
                    "element \(name(child.id)) claims \(length) bytes but "
                        + ends(end, reader.size))
            }
            position = child.dataStart + length
        }
        return end
    }

    /// Refuses an EBML header whose DocType is not "webm" (a missing DocType means "matroska").
    static func checkDocType(_ header: [UInt8], base: Int) throws {
        var index = 0
        var docType = "matroska"
        while index < header.count {
            let child = try element(header, index, base: base, parent: "the EBML header", atEnd: false)
            guard let length = child.size, length <= header.count - index - child.headerLength else {
                throw MediaProblem.damaged(
                    .webm, at: child.offset,
                    "element \(name(child.id)) does not fit in the "
                        + "EBML header")
            }
            let data = header[(index + child.headerLength)..<(index + child.headerLength + length)]
            if child.id == docTypeID {
                docType = String(decoding: data.prefix { $0 != 0 }, as: UTF8.self)
                if docType != "webm" && docType != "matroska" { docType = quoted(data.prefix { $0 != 0 }) }
            }
            index += child.headerLength + length
        }
        switch docType {
        case "webm": return
        case "matroska":
            throw MediaProblem(.unsupported, "the video is a Matroska (.mkv) file, not WebM: export it as WebM or MP4")
        default:
            throw MediaProblem(.unsupported, "the file is an EBML document of type \(docType), not a WebM video")
        }
    }

    /// The header of a Void element `length` bytes long in all, and how many zeros follow it.
    static func void(length: Int) -> (header: [UInt8], zeros: Int) {
        for sizeLength in 1...8 {
            let zeros = length - 1 - sizeLength
            guard zeros >= 0, zeros < (1 << (7 * sizeLength)) - 1 else { continue }
            let marked = UInt64(1) << UInt64(7 * sizeLength) | UInt64(zeros)
            let size = (0..<sizeLength).reversed().map { UInt8(truncatingIfNeeded: marked >> UInt64(8 * $0)) }
            return ([UInt8(voidID)] + size, zeros)
        }
        preconditionFailure("a Void cannot be \(length) bytes long")
    }

    /// "the file ends at byte N (is it cut short?)" or "the Segment ends at byte N".
    static func ends(_ end: Int, _ size: Int) -> String {
        end == size ? "the file ends at byte \(end) (is it cut short?)" : "the Segment ends at byte \(end)"
    }

    static func name(_ id: UInt32) -> String {
        let names: [UInt32: String] = [
            ebmlID: "EBML", segmentID: "Segment", clusterID: "Cluster", tagsID: "Tags", tracksID: "Tracks",
            voidID: "Void", 0x114D_9B74: "SeekHead", infoID: "Info", 0x7BA9: "Title", 0x4461: "DateUTC",
            0x1C53_BB6B: "Cues", 0x1043_A770: "Chapters", 0x1941_A469: "Attachments", 0xBF: "CRC-32",
        ]
        return names[id] ?? "0x" + String(id, radix: 16, uppercase: true)
    }
}
