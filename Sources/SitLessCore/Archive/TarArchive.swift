import Foundation

/// A minimal POSIX ustar archive (the format of `tar`), enough to hand a person their data as
/// one file and read it back: regular files only, written in memory.
///
/// Each file is a 512-byte header (name, mode 0644, size and modification time in octal, a
/// checksum, type `0`, the magic `ustar\0` `00`) followed by its bytes padded to 512; two
/// blocks of zeros end the archive. GNU and BSD `tar -tvf` / `-xf` read the result.
public enum TarArchive {
    /// Why an archive could not be written or read; reading problems name the byte offset.
    public enum Problem: Error, Equatable, CustomStringConvertible {
        /// A file name is empty or does not fit the 100 bytes (or 155 + 100 with a folder prefix) of a header.
        case unusableName(String)
        /// A file is larger than the 8 GiB an octal size field holds.
        case tooLarge(name: String, bytes: Int)
        /// The header at this offset does not add up: its bytes were changed.
        case badChecksum(offset: Int, stored: Int, computed: Int)
        /// A header field at this offset is not what the format allows.
        case badHeader(offset: Int, field: String)
        /// The archive stops early: at `offset`, `needed` more bytes were expected.
        case truncated(offset: Int, needed: Int)

        public var description: String {
            switch self {
            case .unusableName(let name):
                return "the file name '\(name)' cannot be stored in a tar archive (empty or longer than 100 bytes)"
            case .tooLarge(let name, let bytes):
                return "'\(name)' is too large for a tar archive (\(bytes) bytes)"
            case .badChecksum(let offset, let stored, let computed):
                return
                    "the archive is damaged: the header at byte \(offset) has checksum \(stored) but its bytes add "
                        + "up to \(computed)"
            case .badHeader(let offset, let field):
                return
                    "the archive is damaged or not a tar file: the header at byte \(offset) has an unreadable \(field)"
            case .truncated(let offset, let needed):
                return "the archive is incomplete: it ends at byte \(offset) where \(needed) more bytes were expected"
            }
        }
    }

    static let block = 512

    /// The archive of `files`, in order, each stamped with `modified` (whole seconds since 1970).
    public static func write(
        _ files: [(name: String, data: Data)],
        modified: Date = Date(timeIntervalSince1970: 0)
    ) throws -> Data {
        var out = Data()
        let mtime = max(0, Int(modified.timeIntervalSince1970.rounded(.down)))
        for file in files {
            out.append(contentsOf: try header(name: file.name, size: file.data.count, mtime: mtime))
            out.append(file.data)
            out.append(contentsOf: [UInt8](repeating: 0, count: padding(file.data.count)))
        }
        out.append(contentsOf: [UInt8](repeating: 0, count: 2 * block))
        return out
    }

    /// The regular files of an archive, in order. Checks every header's checksum and that
    /// every file and the end marker are complete; directories and other entries are skipped.
    public static func read(_ data: Data) throws -> [(name: String, data: Data)] {
        let bytes = [UInt8](data)
        var files: [(name: String, data: Data)] = []
        var offset = 0
        while true {
            guard offset + block <= bytes.count else {
                throw Problem.truncated(offset: bytes.count, needed: offset + block - bytes.count)
            }
            let header = Array(bytes[offset..<offset + block])
            if header.allSatisfy({ $0 == 0 }) {
                // The end marker: two zero blocks (a lone one is accepted, as GNU tar does).
                return files
            }
            let stored = try octal(header, 148, 8, offset: offset, field: "checksum")
            var unsigned = 0
            var signed = 0
            for (index, byte) in header.enumerated() {
                let value = (148..<156).contains(index) ? 0x20 : byte
                unsigned += Int(value)
                signed += Int(Int8(bitPattern: value))
            }
            guard stored == unsigned || stored == signed else {
                throw Problem.badChecksum(offset: offset, stored: stored, computed: unsigned)
            }
            guard Array(header[257..<262]) == Array("ustar".utf8) else {
                throw Problem.badHeader(offset: offset, field: "magic (not ustar)")
            }
            let size = try octal(header, 124, 12, offset: offset, field: "size")
            let type = header[156]
            let start = offset + block
            guard start + size <= bytes.count else {
                throw Problem.truncated(offset: bytes.count, needed: start + size - bytes.count)
            }
            if type == UInt8(ascii: "0") || type == 0 {
                let name = text(header, 0, 100)
                let prefix = text(header, 345, 155)
                files.append(
                    (name: prefix.isEmpty ? name : prefix + "/" + name, data: Data(bytes[start..<start + size])))
            }
            offset = start + size + padding(size)
        }
    }

    static func padding(_ size: Int) -> Int { (block - size % block) % block }

    static func header(name: String, size: Int, mtime: Int) throws -> [UInt8] {
        let full = Array(name.utf8)
        guard !full.isEmpty, !full.contains(0) else { throw Problem.unusableName(name) }
        var prefix: [UInt8] = []
        var short = full
        if full.count > 100 {
            // ustar splits long paths at a slash: up to 155 bytes of folder, 100 of name.
            guard
                let slash = full.indices.last(where: {
                    full[$0] == UInt8(ascii: "/") && $0 <= 155 && full.count - $0 - 1 <= 100
                }),
                slash > 0, slash < full.count - 1
            else { throw Problem.unusableName(name) }
            prefix = Array(full[..<slash])
            short = Array(full[(slash + 1)...])
        }
        guard size < 0o77777777777 else { throw Problem.tooLarge(name: name, bytes: size) }
        var h = [UInt8](repeating: 0, count: block)
        func put(_ field: [UInt8], at index: Int) {
            for (i, byte) in field.enumerated() { h[index + i] = byte }
        }
        func octalField(_ value: Int, width: Int) -> [UInt8] {
            let digits = String(value, radix: 8)
            return Array((String(repeating: "0", count: max(0, width - 1 - digits.count)) + digits).utf8) + [0]
        }
        put(short, at: 0)
        put(octalField(0o644, width: 8), at: 100)
        put(octalField(0, width: 8), at: 108)
        put(octalField(0, width: 8), at: 116)
        put(octalField(size, width: 12), at: 124)
        put(octalField(min(mtime, 0o77777777777), width: 12), at: 136)
        put([UInt8](repeating: 0x20, count: 8), at: 148)
        h[156] = UInt8(ascii: "0")
        put(Array("ustar".utf8) + [0], at: 257)
        put(Array("00".utf8), at: 263)
        put(prefix, at: 345)
        let sum = h.reduce(0) { $0 + Int($1) }
        let digits = String(sum, radix: 8)
        put(Array((String(repeating: "0", count: max(0, 6 - digits.count)) + digits).utf8) + [0, 0x20], at: 148)
        return h
    }

    /// An octal number field: digits, padded with leading spaces or zeros, ended by NUL or space.
    static func octal(_ header: [UInt8], _ start: Int, _ width: Int, offset: Int, field: String) throws -> Int {
        var value = 0
        var digits = 0
        var index = start
        while index < start + width, header[index] == 0x20 { index += 1 }
        while index < start + width, (UInt8(ascii: "0")...UInt8(ascii: "7")).contains(header[index]) {
            value = value * 8 + Int(header[index] - UInt8(ascii: "0"))
            digits += 1
            index += 1
        }
        guard digits > 0, index == start + width || header[index] == 0 || header[index] == 0x20 else {
            throw Problem.badHeader(offset: offset, field: field)
        }
        return value
    }

    static func text(_ header: [UInt8], _ start: Int, _ width: Int) -> String {
        let field = header[start..<start + width]
        let end = field.firstIndex(of: 0) ?? field.endIndex
        return String(decoding: field[start..<end], as: UTF8.self)
    }
}
