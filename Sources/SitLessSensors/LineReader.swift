import Foundation

/// Reads a text file line by line in fixed-size chunks, so memory does not grow with the
/// file's length. Lines end in `\n` or `\r\n`; the text is UTF-8 (a byte-order mark is skipped).
///
/// Work is linear in the file's length: every byte is looked at once when searching for line
/// ends (the search resumes where the last one stopped, it does not rescan the buffer after
/// each chunk), and the bytes of a line are moved at most once, when the buffer is compacted
/// before the next chunk. A line longer than `maximumLineLength` is an error, so a file
/// without line ends (a binary file, gigabytes of zeros) costs one buffer, not the whole file.
public struct LineReader {
    /// The longest line read by default: 1 MiB. The longest lines in the formats read here
    /// are a few hundred bytes.
    public static let defaultMaximumLineLength = 1 << 20

    private let handle: FileHandle
    private let name: String
    private var buffer: [UInt8] = []
    /// Index in `buffer` of the first byte of the next line.
    private var start = 0
    /// Index in `buffer` where the search for the next line end resumes: the bytes from
    /// `start` to here hold no line end.
    private var scanned = 0
    private var atEnd = false
    private var first = true
    public private(set) var lineNumber = 0
    /// Bytes read from the file so far (for progress).
    public private(set) var bytesRead = 0
    /// Bytes examined while looking for line ends (each byte once: a file of n bytes gives n).
    private(set) var bytesScanned = 0
    /// Bytes moved to the front of the buffer when it is compacted (at most the file's length).
    private(set) var bytesMoved = 0
    let chunkSize: Int
    let maximumLineLength: Int

    /// Opens a regular file (see ``SensorFile/open(_:)``); throws ``SensorError`` otherwise.
    public init(
        url: URL, chunkSize: Int = 64 * 1024, maximumLineLength: Int = LineReader.defaultMaximumLineLength
    ) throws {
        handle = try SensorFile.open(url)
        name = url.lastPathComponent
        self.chunkSize = max(1, chunkSize)
        self.maximumLineLength = max(1, maximumLineLength)
    }

    /// The next line without its line end, or nil at the end of the file. Throws
    /// ``SensorError/badLine(file:line:reason:)`` for a line longer than `maximumLineLength`
    /// and ``SensorError/unreadable(file:reason:)`` when the file cannot be read.
    public mutating func next() throws -> String? {
        while true {
            if let newline = buffer[scanned...].firstIndex(of: 0x0A) {
                bytesScanned += newline - scanned + 1
                var end = newline
                if end > start && buffer[end - 1] == 0x0D { end -= 1 }
                let line = try emit(start, end)
                start = newline + 1
                scanned = start
                return line
            }
            bytesScanned += buffer.count - scanned
            scanned = buffer.count
            if buffer.count - start > maximumLineLength { throw tooLong() }
            if atEnd {
                guard start < buffer.count else {
                    try? handle.close()
                    return nil
                }
                let line = try emit(start, buffer.count)
                start = buffer.count
                scanned = start
                return line
            }
            // Drop the lines already handed out before reading more.
            if start > 0 {
                bytesMoved += buffer.count - start
                buffer.removeSubrange(0..<start)
                scanned -= start
                start = 0
            }
            let chunk = try SensorFile.read(handle, upTo: chunkSize, name: name)
            if chunk.isEmpty {
                atEnd = true
            } else {
                buffer.append(contentsOf: chunk)
                bytesRead += chunk.count
            }
        }
    }

    private func tooLong() -> SensorError {
        SensorError.badLine(
            file: name, line: lineNumber + 1,
            reason:
                "the line is longer than \(maximumLineLength) bytes; this is not a text file of a kind SitLess reads")
    }

    private mutating func emit(_ from: Int, _ to: Int) throws -> String {
        if to - from > maximumLineLength { throw tooLong() }
        lineNumber += 1
        var from = from
        if first {
            first = false
            if to - from >= 3 && buffer[from] == 0xEF && buffer[from + 1] == 0xBB && buffer[from + 2] == 0xBF {
                from += 3
            }
        }
        return String(decoding: buffer[from..<to], as: UTF8.self)
    }
}
