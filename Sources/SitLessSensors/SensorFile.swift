import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Opening a wearable file without trusting it: only a regular file is read (a directory, a
/// named pipe with no writer or a device would crash or block the reader), read errors are
/// errors rather than traps, and what the start of an unknown file looks like is put in words.
public enum SensorFile {
    /// The formats SitLess reads, for "not a supported file" messages.
    public static let supportedFormats =
        "SitLess reads activPAL Events or EventsEx CSV, Axivity .cwa, "
        + "ActiGraph .gt3x, GENEActiv .bin, ActiGraph raw CSV, ActiGraph epoch CSV and .agd, "
        + "time,x,y,z CSV (with or without a header) and Apple Health export.xml"

    /// Opens `url` for reading when it is a regular file. The file is opened without blocking
    /// (a FIFO with no writer would otherwise wait forever in `open`) and its type checked on
    /// the open descriptor, so it cannot change between the check and the read.
    public static func open(_ url: URL) throws -> FileHandle {
        let name = url.lastPathComponent
        let fd = url.path.withCString { path in
            #if canImport(Darwin)
            Darwin.open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
            #else
            Glibc.open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
            #endif
        }
        guard fd >= 0 else {
            let code = errno
            let reason =
                switch code {
                case ENOENT: "no such file"
                case EACCES, EPERM: "permission denied"
                case ENOTDIR: "a part of the path is not a folder"
                default: String(cString: strerror(code))
                }
            throw SensorError.unreadable(file: name, reason: reason)
        }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            let reason = String(cString: strerror(errno))
            _ = close(fd)
            throw SensorError.unreadable(file: name, reason: reason)
        }
        let type = info.st_mode & S_IFMT
        guard type == S_IFREG else {
            _ = close(fd)
            let what =
                switch type {
                case S_IFDIR: "it is a folder, not a file"
                case S_IFIFO: "it is a named pipe (FIFO), not a regular file"
                case S_IFCHR, S_IFBLK: "it is a device, not a regular file"
                case S_IFSOCK: "it is a socket, not a regular file"
                default: "it is not a regular file"
                }
            throw SensorError.unreadable(file: name, reason: what)
        }
        // Reads block as usual from here on (a regular file never waits long).
        let flags = fcntl(fd, F_GETFL)
        if flags >= 0 { _ = fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) }
        return FileHandle(fileDescriptor: fd, closeOnDealloc: true)
    }

    /// Up to `count` bytes from the handle's position; fewer only at the end of the file.
    /// A read error is a ``SensorError/unreadable(file:reason:)``, never a trap (the older
    /// `readData(ofLength:)` traps on one).
    public static func read(_ handle: FileHandle, upTo count: Int, name: String) throws -> Data {
        var data = Data()
        while data.count < count {
            let chunk: Data?
            do { chunk = try handle.read(upToCount: count - data.count) } catch {
                throw SensorError.unreadable(file: name, reason: error.localizedDescription)
            }
            guard let chunk, !chunk.isEmpty else { break }
            data.append(chunk)
        }
        return data
    }

    /// The first `count` bytes of a regular file.
    public static func head(_ url: URL, count: Int = 4096) throws -> Data {
        let handle = try open(url)
        defer { try? handle.close() }
        return try read(handle, upTo: count, name: url.lastPathComponent)
    }

    /// The size of the file in bytes, or nil when it cannot be told.
    static func size(_ handle: FileHandle) -> Int? {
        var info = stat()
        guard fstat(handle.fileDescriptor, &info) == 0 else { return nil }
        return Int(info.st_size)
    }

    /// The bytes after a UTF-8 byte-order mark, if there is one.
    public static func droppingBOM(_ head: Data) -> Data {
        head.starts(with: [0xEF, 0xBB, 0xBF]) ? head.dropFirst(3) : head
    }

    /// What the start of a file looks like, in words: "an empty file", "UTF-16 text",
    /// "a zip archive", "binary, not a known format", "a CSV with columns a,b,c" or "text
    /// starting '...'". For messages about files no reader recognises.
    public static func describe(_ head: Data) -> String {
        if head.isEmpty { return "an empty file" }
        if head.starts(with: [0xFF, 0xFE]) || head.starts(with: [0xFE, 0xFF]) {
            return "UTF-16 text (save it as UTF-8)"
        }
        if head.starts(with: [0x50, 0x4B, 0x03, 0x04]) || head.starts(with: [0x50, 0x4B, 0x05, 0x06]) {
            return describeZip(head)
        }
        if head.starts(with: Array("SQLite format 3".utf8)) {
            return "an SQLite database without ActiLife's settings and data tables"
        }
        if head.starts(with: [0x1F, 0x8B]) { return "a gzip file (unpack it first)" }
        if head.starts(with: Array("%PDF".utf8)) { return "a PDF document" }
        let body = droppingBOM(head)
        if body.isEmpty { return "an empty file (only a byte-order mark)" }
        // UTF-16 without a byte-order mark: ASCII with every other byte zero.
        let sample = body.prefix(64)
        let evenZeros = stride(from: sample.startIndex, to: sample.endIndex, by: 2).filter { sample[$0] == 0 }.count
        let oddZeros = stride(from: sample.startIndex + 1, to: sample.endIndex, by: 2).filter { sample[$0] == 0 }.count
        if sample.count >= 4,
            (evenZeros == 0 && oddZeros >= sample.count / 2 - 1)
                || (oddZeros == 0 && evenZeros >= sample.count / 2 - 1),
            sample.allSatisfy({ $0 == 0 || ($0 >= 0x09 && $0 < 0x7F) })
        {
            return "UTF-16 text (save it as UTF-8)"
        }
        guard isText(body) else {
            if body.allSatisfy({ $0 == 0 }) { return "binary, not a known format (only zero bytes)" }
            return "binary, not a known format"
        }
        let text = String(decoding: body, as: UTF8.self)
        let first =
            text.split(whereSeparator: \.isNewline).first.map(String.init)?.trimmingCharacters(in: .whitespaces) ?? ""
        if first.hasPrefix("<") { return "XML or HTML starting \(excerpt(first))" }
        for separator: Character in [",", ";", "\t"] where first.contains(separator) {
            let columns = first.split(separator: separator, omittingEmptySubsequences: false)
                .map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "\" ")) }
            return
                "a CSV with columns \(excerpt(columns.joined(separator: String(separator)), limit: 60, quoted: false))"
        }
        if first.isEmpty { return "text with only blank lines at the start" }
        return "text starting \(excerpt(first))"
    }

    /// Whether bytes look like text: valid UTF-8 (a character cut off at the end is allowed) with
    /// no control characters other than tab, line feed and carriage return.
    static func isText(_ bytes: Data) -> Bool {
        var iterator = bytes.makeIterator()
        var parser = Unicode.UTF8.ForwardParser()
        var consumed = 0
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let encoded):
                consumed += encoded.count
                if encoded.count == 1, let b = encoded.first,
                    (b < 0x20 && b != 0x09 && b != 0x0A && b != 0x0D) || b == 0x7F
                {
                    return false
                }
            case .emptyInput:
                return true
            case .error(let length):
                // A multi-byte character cut off by the end of the sample is not an error.
                return consumed + length >= bytes.count
            }
        }
    }

    /// At most `limit` characters of file content for an error message, in single quotes
    /// (unless `quoted` is false), with control characters and quotes escaped, so binary junk
    /// cannot flood or garble a terminal.
    public static func excerpt<S: StringProtocol>(_ text: S, limit: Int = 40, quoted: Bool = true) -> String {
        var out = quoted ? "'" : ""
        var count = 0
        for scalar in text.unicodeScalars {
            if count == limit {
                out += "..."
                break
            }
            switch scalar {
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "'": out += "\\'"
            case "\\": out += "\\\\"
            case "\u{FFFD}": out += "\\u{FFFD}"
            default:
                if scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
                    || scalar.properties.generalCategory == .format
                    || scalar.properties.generalCategory == .lineSeparator
                    || scalar.properties.generalCategory == .paragraphSeparator
                {
                    out += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
            count += 1
        }
        return quoted ? out + "'" : out
    }
}
