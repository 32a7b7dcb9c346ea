import Foundation

/// Checks an uploaded photo or video and writes a copy without the metadata that can identify a
/// person or a place (EXIF with GPS, XMP, IPTC, text notes, MP4 user data, WebM tags).
///
/// The kind comes from the bytes (magic numbers, then the structure), never from the file name.
/// Every segment, chunk, box or element is walked to the end of the file, in time linear in its
/// size and with bounded memory: the file is read in pieces of at most 1 MiB (the one exception:
/// an MP4 `moov` box of at most 16 MiB is read whole) and the cleaned file is handed to `output`
/// in pieces of at most 1 MiB. Anything wrong is a `MediaProblem` saying what and at which byte;
/// whatever `output` received before it must then be thrown away.
///
/// Per format (see each cleaner): JPEG drops APP1 (EXIF, XMP), APP13 (IPTC), COM and the other
/// APPn except APP0 JFIF, APP2 ICC and APP14 Adobe, writing back EXIF Orientation alone; PNG drops
/// tEXt, zTXt, iTXt, eXIf and tIME; WebP drops EXIF and XMP; MP4 turns `udta` and `meta` boxes
/// into `free` boxes of zeros in place; WebM turns Tags into Void elements in place.
public enum MediaCleaner {
    /// Checks and cleans the file at `path`, handing the cleaned bytes to `output` in order.
    /// Throws a `MediaProblem` for a file that is not accepted, or what `output` throws.
    public static func clean(path: String, output: (Data) throws -> Void) throws -> MediaFacts {
        let reader = try MediaReader(path: path)
        let size = reader.size
        guard size > 0 else { throw MediaProblem(.notMedia, "the file is empty") }
        if size > MediaLimits.maximumVideoBytes {
            throw MediaProblem(
                .tooLarge,
                "the file is \(MediaLimits.megabytes(size)); photos may be at most "
                    + "\(MediaLimits.megabytes(MediaLimits.maximumPhotoBytes)) and videos at most "
                    + "\(MediaLimits.megabytes(MediaLimits.maximumVideoBytes))")
        }
        let kind = try self.kind(of: reader.bytes(0, min(size, 16)))
        if size > kind.maximumBytes {
            throw MediaProblem(
                .tooLarge,
                "the \(kind.noun) is \(MediaLimits.megabytes(size)); \(kind.noun)s may be at "
                    + "most \(MediaLimits.megabytes(kind.maximumBytes))")
        }
        return try withoutActuallyEscaping(output) { output in
            let writer = MediaWriter(output)
            let result: CleanResult
            switch kind {
            case .jpeg: result = try JPEGCleaner.clean(reader, writer)
            case .png: result = try PNGCleaner.clean(reader, writer)
            case .webp: result = try WebPCleaner.clean(reader, writer)
            case .mp4: result = try MP4Cleaner.clean(reader, writer)
            case .webm: result = try WebMCleaner.clean(reader, writer)
            }
            try writer.flush()
            return MediaFacts(
                kind: kind, width: result.width, height: result.height, bytesIn: size,
                bytesOut: writer.count, removed: result.removed)
        }
    }

    /// The kind a file starting with `head` (its first 16 bytes, or all of a shorter file) claims
    /// to be, from its magic number; anything else is refused, naming what it seems to be.
    public static func kind(of head: [UInt8]) throws -> MediaKind {
        func starts(_ prefix: [UInt8], at offset: Int = 0) -> Bool {
            head.count >= offset + prefix.count && Array(head[offset..<offset + prefix.count]) == prefix
        }
        if starts([0xFF, 0xD8, 0xFF]) { return .jpeg }
        if starts(PNGCleaner.signature) { return .png }
        if starts(Array("RIFF".utf8)) && starts(Array("WEBP".utf8), at: 8) { return .webp }
        if starts(Array("ftyp".utf8), at: 4) { return .mp4 }
        if starts([0x1A, 0x45, 0xDF, 0xA3]) { return .webm }
        var message = "the file is not a JPEG, PNG, WebP, MP4 or WebM photo or video: it starts with "
        let first = Array(head.prefix(4))
        if first.allSatisfy({ (0x21...0x7E).contains($0) }) {
            message += String(decoding: first, as: UTF8.self)
        } else {
            message += "the bytes " + head.prefix(8).map { hex($0) }.joined(separator: " ")
        }
        if let guess = guess(head) { message += " (\(guess)?)" }
        throw MediaProblem(.notMedia, message)
    }

    /// What a file that is not accepted probably is, from its first bytes.
    static func guess(_ head: [UInt8]) -> String? {
        let text = String(decoding: head.map { (0x20...0x7E).contains($0) ? $0 : 0x2E }, as: UTF8.self)
        let byPrefix: [(String, String)] = [
            ("%PDF", "a PDF document"), ("GIF8", "a GIF image"), ("II*.", "a TIFF or camera raw image"),
            ("MM.*", "a TIFF or camera raw image"), ("8BPS", "a Photoshop document"),
            ("PK..", "a ZIP archive or an Office document"),
            ("OggS", "an Ogg audio or video file"), ("ID3", "an MP3 audio file"), ("fLaC", "a FLAC audio file"),
            ("Rar!", "a RAR archive"), ("<?xml", "an XML or SVG document"), ("<svg", "an SVG drawing"),
            ("{\\rtf", "an RTF document"), ("<!DOCTYPE", "a web page"), ("<html", "a web page"), ("BM", "a BMP image"),
        ]
        if let hit = byPrefix.first(where: { text.hasPrefix($0.0) }) { return hit.1 }
        if text.hasPrefix("RIFF") && head.count >= 12 {
            let form = String(text.dropFirst(8).prefix(4))
            if form == "AVI " { return "an AVI video" }
            return form == "WAVE" ? "a WAV audio file" : "a RIFF file that is not WebP"
        }
        let quickTimeAtoms = ["moov", "mdat", "wide", "free", "skip", "pnot"]
        if head.count >= 8 && quickTimeAtoms.contains(String(text.dropFirst(4).prefix(4))) {
            return "an old QuickTime movie: export it as MP4"
        }
        if head.starts(with: [0x00, 0x00, 0x00, 0x0C, 0x4A, 0x58, 0x4C, 0x20]) || head.starts(with: [0xFF, 0x0A]) {
            return "a JPEG XL image"
        }
        if head.starts(with: [0xD0, 0xCF, 0x11, 0xE0]) { return "an old Office document" }
        if head.starts(with: [0x1F, 0x8B]) { return "a gzip archive" }
        if !head.isEmpty && head.allSatisfy({ (0x20...0x7E).contains($0) || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }) {
            return "a text file"
        }
        return nil
    }

    /// Refuses a photo larger than `MediaLimits.maximumSide` on a side or `maximumPixels` in all.
    static func checkPixels(_ kind: MediaKind, width: Int, height: Int) throws {
        guard
            width > MediaLimits.maximumSide || height > MediaLimits.maximumSide
                || width * height > MediaLimits.maximumPixels
        else { return }
        throw MediaProblem(
            .tooManyPixels,
            "the \(kind.noun) is \(width) × \(height) pixels; \(kind.noun)s may be "
                + "at most "
                + "\(MediaLimits.maximumSide) pixels on a side and \(MediaLimits.maximumPixels / 1_000_000) megapixels")
    }
}

/// What `MediaCleaner.clean` found and did.
public struct MediaFacts: Sendable, Equatable {
    public let kind: MediaKind
    /// The width and height of a photo in pixels (nil for videos).
    public let width: Int?
    public let height: Int?
    /// The sizes of the uploaded and the cleaned file.
    public let bytesIn: Int
    public let bytesOut: Int
    /// What was removed, in words, in the order first met (e.g. "EXIF (camera, time and GPS location)").
    public let removed: [String]

    public var mimeType: String { kind.mimeType }
    public var isVideo: Bool { kind.isVideo }
}

/// Why a file was not accepted, in plain words; a damaged file's message names the byte offset.
public struct MediaProblem: Error, CustomStringConvertible, Sendable, Equatable {
    public enum Reason: String, Sendable {
        /// Over the size limit of its kind (`MediaLimits`): refused before anything else.
        case tooLarge
        /// Not a JPEG, PNG, WebP, MP4 or WebM file at all.
        case notMedia
        /// A relative of an accepted format that is not accepted (QuickTime, Matroska, HEIC).
        case unsupported
        /// The structure is broken: cut short, sizes that do not add up, bad checksums.
        case damaged
        /// A photo with more pixels than `MediaLimits` allows.
        case tooManyPixels
        /// The file could not be read.
        case unreadable
    }

    public let reason: Reason
    public let message: String
    /// The byte where the problem was found, for damaged files.
    public let offset: Int?

    public init(_ reason: Reason, _ message: String, offset: Int? = nil) {
        self.reason = reason
        self.message = message
        self.offset = offset
    }

    public var description: String { message }

    /// "the PNG photo is damaged at byte 33: ..."
    static func damaged(_ kind: MediaKind, at offset: Int, _ what: String) -> MediaProblem {
        MediaProblem(
            .damaged, "the \(kind.displayName) \(kind.noun) is damaged at byte \(offset): \(what)",
            offset: offset)
    }
}

/// What a format's cleaner hands back to `MediaCleaner`.
struct CleanResult {
    var width: Int?
    var height: Int?
    var removed: [String] = []

    /// Adds `what` to the removed list once.
    mutating func note(_ what: String) {
        if !removed.contains(what) { removed.append(what) }
    }
}

/// Descriptions shared by several formats.
enum Removed {
    static let exif = "EXIF (camera, time and GPS location)"
    static let xmp = "XMP"
}

/// `bytes` in quotes, printable ASCII as is and anything else as \xNN (for messages).
func quoted(_ bytes: some Collection<UInt8>) -> String {
    var text = ""
    for byte in bytes.prefix(32) {
        if (0x20...0x7E).contains(byte) && byte != 0x27 && byte != 0x5C {
            text.append(Character(Unicode.Scalar(byte)))
        } else {
            text += "\\x" + hex(byte)
        }
    }
    return "'" + text + (bytes.count > 32 ? "...'" : "'")
}

/// Two upper-case hex digits.
func hex(_ byte: UInt8) -> String {
    let digits = Array("0123456789ABCDEF")
    return String([digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]])
}
