import Foundation

/// The photo and video formats a clinician may upload for an exercise. The kind is decided from
/// a file's bytes by `MediaCleaner`, never from its name.
public enum MediaKind: String, Sendable, CaseIterable {
    case jpeg, png, webp, mp4, webm

    /// The type to serve the cleaned file with.
    public var mimeType: String {
        switch self {
        case .jpeg: return "image/jpeg"
        case .png: return "image/png"
        case .webp: return "image/webp"
        case .mp4: return "video/mp4"
        case .webm: return "video/webm"
        }
    }

    /// Videos (MP4, WebM) have their own, larger size limit; the rest are photos.
    public var isVideo: Bool { self == .mp4 || self == .webm }

    /// "photo" or "video", for messages and pages.
    public var noun: String { isVideo ? "video" : "photo" }

    /// The extension to store the cleaned file under (whatever the uploaded name said).
    public var fileExtension: String {
        switch self {
        case .jpeg: return "jpg"
        case .png: return "png"
        case .webp: return "webp"
        case .mp4: return "mp4"
        case .webm: return "webm"
        }
    }

    /// The format's usual name: "JPEG", "PNG", "WebP", "MP4", "WebM".
    public var displayName: String {
        switch self {
        case .jpeg: return "JPEG"
        case .png: return "PNG"
        case .webp: return "WebP"
        case .mp4: return "MP4"
        case .webm: return "WebM"
        }
    }

    /// The most bytes an upload of this kind may have (`MediaLimits`).
    public var maximumBytes: Int { isVideo ? MediaLimits.maximumVideoBytes : MediaLimits.maximumPhotoBytes }
}

/// Every limit of the media cleaner, in one place.
public enum MediaLimits {
    /// Photos (JPEG, PNG, WebP): 10 MiB.
    public static let maximumPhotoBytes = 10 * 1_048_576
    /// Videos (MP4, WebM): 50 MiB.
    public static let maximumVideoBytes = 50 * 1_048_576
    /// A photo may be at most this many pixels wide and high ...
    public static let maximumSide = 12_000
    /// ... and at most this many pixels in all (50 megapixels).
    public static let maximumPixels = 50_000_000
    /// An MP4's `moov` box (the index of the video) is the one thing read whole; larger ones are refused.
    public static let maximumMoovBytes = 16 * 1_048_576
    /// Bytes after the end of a file's structure that are dropped rather than refused (padding some
    /// tools add). More than this is refused, except the extra images and motion-photo video that
    /// phones append to a JPEG, which are dropped.
    public static let toleratedTrailingBytes = 4096
    /// The largest piece read from the file or handed to the output at once.
    public static let chunkBytes = 1_048_576

    /// `bytes` as "12.4 MB" (1 MB = 1,048,576 bytes, as the limits are written), rounded up so a
    /// file just over a limit never reads as equal to it.
    public static func megabytes(_ bytes: Int) -> String {
        let tenths = (bytes * 10 + 1_048_575) / 1_048_576
        return tenths % 10 == 0 ? "\(tenths / 10) MB" : "\(tenths / 10).\(tenths % 10) MB"
    }
}
