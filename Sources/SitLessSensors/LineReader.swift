import Foundation

/// Reads a text file line by line in fixed-size chunks, so memory does not grow with the
/// file's length. Lines end in `\n` or `\r\n`; the text is UTF-8 (a byte-order mark is skipped).
public struct LineReader: Sequence, IteratorProtocol {
    private let handle: FileHandle
    private var buffer = Data()
    private var atEnd = false
    private var first = true
    public private(set) var lineNumber = 0
    /// Bytes read from the file so far (for progress).
    public private(set) var bytesRead = 0
    let chunkSize: Int

    public init(url: URL, chunkSize: Int = 64 * 1024) throws {
        handle = try FileHandle(forReadingFrom: url)
        self.chunkSize = chunkSize
    }

    public mutating func next() -> String? {
        while true {
            if let newline = buffer.firstIndex(of: 0x0A) {
                var line = buffer[buffer.startIndex..<newline]
                buffer.removeSubrange(buffer.startIndex...newline)
                if line.last == 0x0D { line = line.dropLast() }
                return emit(line)
            }
            if atEnd {
                guard !buffer.isEmpty else { try? handle.close(); return nil }
                let line = buffer
                buffer = Data()
                return emit(line)
            }
            let chunk = handle.readData(ofLength: chunkSize)
            if chunk.isEmpty { atEnd = true } else { buffer.append(chunk); bytesRead += chunk.count }
        }
    }

    private mutating func emit(_ bytes: Data) -> String {
        lineNumber += 1
        var bytes = bytes
        if first {
            first = false
            if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
