import Foundation

/// Reads a file in pieces: small reads come from a 64 KiB window, larger ones (at most
/// `MediaLimits.chunkBytes`, or a whole MP4 `moov`) straight from the file. Nothing else is kept.
final class MediaReader {
    let size: Int
    private let handle: FileHandle
    private var window: [UInt8] = []
    private var windowStart = 0
    static let windowBytes = 65_536

    init(path: String) throws {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw MediaProblem(.unreadable, "the file could not be opened")
        }
        self.handle = handle
        do {
            size = Int(try handle.seekToEnd())
        } catch {
            throw MediaProblem(.unreadable, "the file could not be read")
        }
    }

    deinit { try? handle.close() }

    /// The `count` bytes from `offset`, which the caller has checked lie in the file.
    func bytes(_ offset: Int, _ count: Int) throws -> [UInt8] {
        guard offset >= 0, count >= 0, offset <= size - count else {
            throw MediaProblem(.unreadable, "bytes \(offset) to \(offset + count) were read outside the file")
        }
        let end = offset + count
        if offset >= windowStart && end <= windowStart + window.count {
            return Array(window[(offset - windowStart)..<(end - windowStart)])
        }
        guard count <= Self.windowBytes else { return try read(offset, count) }
        window = try read(offset, min(Self.windowBytes, size - offset))
        windowStart = offset
        return Array(window[0..<count])
    }

    /// The byte at `offset`.
    func byte(_ offset: Int) throws -> UInt8 {
        if offset >= windowStart && offset < windowStart + window.count { return window[offset - windowStart] }
        return try bytes(offset, 1)[0]
    }

    /// Hands the `count` bytes from `offset` to `body` in pieces of at most `MediaLimits.chunkBytes`.
    func chunks(_ offset: Int, _ count: Int, _ body: ([UInt8]) throws -> Void) throws {
        var position = offset
        let end = offset + count
        while position < end {
            let piece = try bytes(position, min(MediaLimits.chunkBytes, end - position))
            try body(piece)
            position += piece.count
        }
    }

    private func read(_ offset: Int, _ count: Int) throws -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(count)
        do {
            try handle.seek(toOffset: UInt64(offset))
            while out.count < count {
                guard let data = try handle.read(upToCount: count - out.count), !data.isEmpty else { break }
                out.append(contentsOf: data)
            }
        } catch {
            throw MediaProblem(.unreadable, "the file could not be read at byte \(offset + out.count)")
        }
        guard out.count == count else {
            throw MediaProblem(
                .unreadable,
                "the file changed while it was read (it ends at byte "
                    + "\(offset + out.count))")
        }
        return out
    }
}

/// Collects the cleaned bytes and hands them on in pieces of at most `MediaLimits.chunkBytes`.
final class MediaWriter {
    private let output: (Data) throws -> Void
    private var pending = Data()
    /// Bytes written so far.
    private(set) var count = 0

    init(_ output: @escaping (Data) throws -> Void) {
        self.output = output
    }

    func write(_ bytes: [UInt8]) throws { try write(bytes[...]) }

    func write(_ bytes: ArraySlice<UInt8>) throws {
        var rest = bytes
        while !rest.isEmpty {
            let take = min(rest.count, MediaLimits.chunkBytes - pending.count)
            pending.append(contentsOf: rest.prefix(take))
            rest = rest.dropFirst(take)
            count += take
            if pending.count >= MediaLimits.chunkBytes { try flush() }
        }
    }

    /// `count` zero bytes.
    func zeros(_ count: Int) throws {
        var left = count
        while left > 0 {
            let take = min(left, MediaLimits.chunkBytes - pending.count)
            pending.append(Data(count: take))
            left -= take
            self.count += take
            if pending.count >= MediaLimits.chunkBytes { try flush() }
        }
    }

    /// Copies the `count` bytes at `offset` of `reader`.
    func copy(_ reader: MediaReader, _ offset: Int, _ count: Int) throws {
        try reader.chunks(offset, count) { try write($0) }
    }

    func flush() throws {
        guard !pending.isEmpty else { return }
        let piece = pending
        pending = Data()
        try output(piece)
    }
}

/// Big- and little-endian integers in byte arrays (the caller has checked the bounds).
extension Array where Element == UInt8 {
    func uint16BE(_ i: Int) -> Int { Int(self[i]) << 8 | Int(self[i + 1]) }
    func uint32BE(_ i: Int) -> UInt32 {
        UInt32(self[i]) << 24 | UInt32(self[i + 1]) << 16 | UInt32(self[i + 2]) << 8 | UInt32(self[i + 3])
    }
    func uint64BE(_ i: Int) -> UInt64 { UInt64(uint32BE(i)) << 32 | UInt64(uint32BE(i + 4)) }
    func uint16LE(_ i: Int) -> Int { Int(self[i]) | Int(self[i + 1]) << 8 }
    func uint24LE(_ i: Int) -> Int { uint16LE(i) | Int(self[i + 2]) << 16 }
    func uint32LE(_ i: Int) -> UInt32 { UInt32(uint16LE(i)) | UInt32(uint16LE(i + 2)) << 16 }

    /// The four bytes at `i` as text if they are printable ASCII (a chunk or box type), else nil.
    func fourCC(_ i: Int) -> String? {
        let code = self[i..<i + 4]
        guard code.allSatisfy({ (0x20...0x7E).contains($0) }) else { return nil }
        return String(decoding: code, as: UTF8.self)
    }
}

/// Where a file's structure ends before its last byte: a few bytes are dropped, more are refused.
func checkTrailing(_ kind: MediaKind, _ reader: MediaReader, from end: Int, into result: inout CleanResult) throws {
    let extra = reader.size - end
    guard extra > 0 else { return }
    guard extra <= MediaLimits.toleratedTrailingBytes else {
        throw MediaProblem.damaged(
            kind, at: end,
            "\(extra) bytes follow the end of the \(kind.displayName) "
                + "structure, more than the \(MediaLimits.toleratedTrailingBytes) that are tolerated")
    }
    result.note("\(extra) bytes after the end of the \(kind.noun)")
}
