import Foundation

/// A streaming scanner for the XML that Apple Health writes: start and end tags with their
/// attributes, in document order. Comments, processing instructions, CDATA sections, the
/// document type declaration (with its internal subset) and character data are passed over.
///
/// Written for SitLess rather than using Foundation's `XMLParser` because that parser traps
/// on invalid UTF-8 in an element or attribute name (swift-corelibs-foundation issue 5534),
/// expands entities declared in the file, and reports problems without a byte offset. This
/// scanner checks that every name and value it hands out is valid UTF-8, knows only XML's five
/// predefined entities and character references (a file cannot make it expand anything), and
/// bounds its memory: a tag may be at most `maximumTagLength` bytes, elements may nest at most
/// `maximumDepth` deep. It checks what Apple Health's files need to be read correctly (tags
/// closed in order, attributes quoted, one root element), not every rule of XML 1.0.
struct XMLScanner {
    enum Event: Equatable {
        case start(name: String, attributes: [String: String])
        case end(name: String)
    }

    /// Where and why the file is not well-formed (or not read by this scanner).
    struct Failure: Error, Equatable {
        var line: Int
        var offset: Int
        var reason: String
    }

    static let maximumTagLength = 64 * 1024
    static let maximumDepth = 256

    private let handle: FileHandle
    private let name: String
    private let chunkSize: Int
    private var chunk: [UInt8] = []
    private var position = 0
    private var atEnd = false
    /// Line (1-based) and byte offset (0-based) of the next byte.
    private(set) var line = 1
    private(set) var offset = 0
    /// Line of the `<` of the last tag handed out.
    private(set) var tagLine = 1
    private var open: [String] = []
    private var rootClosed = false
    private var sawRoot = false
    /// A self-closing tag's end, handed out right after its start.
    private var pendingEnd: String?
    private(set) var tag: [UInt8] = []

    init(handle: FileHandle, name: String, chunkSize: Int = 64 * 1024) {
        self.handle = handle
        self.name = name
        self.chunkSize = max(1, chunkSize)
    }

    /// Elements still open (outermost first).
    var openElements: [String] { open }

    /// The next start or end tag, or nil at the end of the file (check `openElements` for
    /// elements left open).
    mutating func next() throws -> Event? {
        if let end = pendingEnd {
            pendingEnd = nil
            return close(end)
        }
        if offset == 0 {
            // A UTF-8 byte-order mark.
            if try peek() == 0xEF {
                _ = try byte()
                guard try byte() == 0xBB, try byte() == 0xBF else {
                    throw fail("the file starts with bytes that are not UTF-8")
                }
            }
        }
        while true {
            try skipText()
            guard let b = try byte() else { break }
            guard b == 0x3C else {  // '<'
                if !isSpace(b) {
                    if rootClosed { throw fail("text after the end of the root element", offset: offset - 1) }
                    if !sawRoot { throw fail("text before the root element", offset: offset - 1) }
                }
                continue
            }
            let markupLine = line
            let markupOffset = offset - 1
            guard let c = try byte() else { throw fail("the file ends inside a tag") }
            switch c {
            case 0x3F:  // '<?'
                try skip(until: [0x3F, 0x3E], what: "a processing instruction")
            case 0x21:  // '<!'
                try declaration(line: markupLine, offset: markupOffset)
            case 0x2F:  // '</'
                let name = try endTag(line: markupLine, offset: markupOffset)
                guard let top = open.last else {
                    throw fail(
                        "an end tag </\(Self.shown(name))> with no element open", line: markupLine,
                        offset: markupOffset)
                }
                guard top == name else {
                    throw fail(
                        "the end tag </\(Self.shown(name))> does not close <\(Self.shown(top))>", line: markupLine,
                        offset: markupOffset)
                }
                tagLine = markupLine
                return close(name)
            default:
                tag.removeAll(keepingCapacity: true)
                tag.append(c)
                try readTag()
                let (name, attributes, selfClosing) = try parseTag(line: markupLine, offset: markupOffset)
                if rootClosed || (open.isEmpty && sawRoot) {
                    throw fail("a second root element <\(name)>", line: markupLine, offset: markupOffset)
                }
                guard open.count < XMLScanner.maximumDepth else {
                    throw fail(
                        "elements nest deeper than \(XMLScanner.maximumDepth)", line: markupLine, offset: markupOffset)
                }
                sawRoot = true
                tagLine = markupLine
                open.append(name)
                if selfClosing { pendingEnd = name }
                return .start(name: name, attributes: attributes)
            }
        }
        return nil
    }

    private mutating func close(_ name: String) -> Event {
        open.removeLast()
        if open.isEmpty { rootClosed = true }
        return .end(name: name)
    }

    func fail(_ reason: String, line: Int? = nil, offset: Int? = nil) -> Failure {
        Failure(line: line ?? self.line, offset: offset ?? self.offset, reason: reason)
    }

    // MARK: bytes

    private mutating func fill() throws -> Bool {
        if position < chunk.count { return true }
        if atEnd { return false }
        let data = try SensorFile.read(handle, upTo: chunkSize, name: name)
        if data.isEmpty {
            atEnd = true
            return false
        }
        chunk = [UInt8](data)
        position = 0
        return true
    }

    private mutating func peek() throws -> UInt8? {
        try fill() ? chunk[position] : nil
    }

    private mutating func byte() throws -> UInt8? {
        guard try fill() else { return nil }
        let b = chunk[position]
        position += 1
        offset += 1
        if b == 0x0A { line += 1 }
        return b
    }

    func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D }

    /// Moves past the bytes of the chunk up to `index` (exclusive), counting lines.
    private mutating func advance(to index: Int) {
        for i in position..<index where chunk[i] == 0x0A { line += 1 }
        offset += index - position
        position = index
    }

    /// Passes over character data inside the root element up to the next `<` (a fast path:
    /// outside the root, text is checked byte by byte in `next()`).
    private mutating func skipText() throws {
        guard sawRoot && !rootClosed else { return }
        while try fill() {
            var i = position
            let n = chunk.count
            while i < n && chunk[i] != 0x3C { i += 1 }
            advance(to: i)
            if i < n { return }
        }
    }

    /// Skips to just after `terminator`.
    private mutating func skip(until terminator: [UInt8], what: String) throws {
        var matched = 0
        while let b = try byte() {
            if b == terminator[matched] {
                matched += 1
                if matched == terminator.count { return }
            } else {
                matched = b == terminator[0] ? 1 : 0
            }
        }
        throw fail("the file ends inside \(what)")
    }

    /// `<!--`, `<![CDATA[` or `<!DOCTYPE`, after the `<!`.
    private mutating func declaration(line: Int, offset: Int) throws {
        guard let c = try byte() else { throw fail("the file ends inside a tag") }
        if c == 0x2D {  // '<!-'
            guard try byte() == 0x2D else { throw fail("'<!-' does not start a comment", line: line, offset: offset) }
            try skip(until: [0x2D, 0x2D, 0x3E], what: "a comment")
            return
        }
        if c == 0x5B {  // '<![CDATA['
            for expected in Array("CDATA[".utf8) {
                guard try byte() == expected else {
                    throw fail("'<![' does not start a CDATA section", line: line, offset: offset)
                }
            }
            guard !open.isEmpty else {
                throw fail("a CDATA section outside the root element", line: line, offset: offset)
            }
            try skip(until: [0x5D, 0x5D, 0x3E], what: "a CDATA section")
            return
        }
        var word = [c]
        while let p = try peek(), (0x41...0x5A).contains(p), word.count < 8 {
            word.append(p)
            _ = try byte()
        }
        guard word == Array("DOCTYPE".utf8), !sawRoot else {
            throw fail(
                "'<!' starts neither a comment, a CDATA section nor a document type before the root element",
                line: line, offset: offset)
        }
        // The document type: quoted strings and an internal subset in [...], which holds
        // declarations, comments and quoted strings of its own.
        var quote: UInt8?
        var depth = 0
        var inComment = false
        var recent: [UInt8] = [0, 0, 0, 0]
        while let b = try byte() {
            recent.removeFirst()
            recent.append(b)
            if inComment {
                if recent[1] == 0x2D && recent[2] == 0x2D && b == 0x3E { inComment = false }
                continue
            }
            if let q = quote {
                if b == q { quote = nil }
                continue
            }
            if recent == Array("<!--".utf8) {
                inComment = true
                continue
            }
            switch b {
            case 0x22, 0x27: quote = b
            case 0x5B: depth += 1
            case 0x5D:
                depth -= 1
                guard depth >= 0 else { throw fail("an unmatched ']' in the document type") }
            case 0x3E where depth == 0: return
            default: break
            }
        }
        throw fail("the file ends inside the document type declaration")
    }

    /// The rest of a start tag, up to and without its `>`, into `tag`; read a chunk at a time.
    private mutating func readTag() throws {
        var quote: UInt8 = 0
        while try fill() {
            var i = position
            let n = chunk.count
            while i < n {
                let b = chunk[i]
                if quote != 0 {
                    if b == quote { quote = 0 }
                } else if b == 0x22 || b == 0x27 {
                    quote = b
                } else if b == 0x3E {
                    tag.append(contentsOf: chunk[position..<i])
                    advance(to: i + 1)
                    guard tag.count <= XMLScanner.maximumTagLength else {
                        throw fail("a tag longer than \(XMLScanner.maximumTagLength) bytes")
                    }
                    return
                } else if b == 0x3C {
                    advance(to: i + 1)
                    throw fail("a '<' inside a tag")
                }
                i += 1
            }
            tag.append(contentsOf: chunk[position..<n])
            advance(to: n)
            guard tag.count <= XMLScanner.maximumTagLength else {
                throw fail("a tag longer than \(XMLScanner.maximumTagLength) bytes")
            }
        }
        throw fail("the file ends inside a tag")
    }

    /// The name of an end tag, after the `</`.
    private mutating func endTag(line: Int, offset: Int) throws -> String {
        var bytes: [UInt8] = []
        while let b = try byte() {
            if b == 0x3E {
                var end = bytes.count
                while end > 0 && isSpace(bytes[end - 1]) { end -= 1 }
                return try name(bytes[0..<end], line: line, offset: offset)
            }
            bytes.append(b)
            guard bytes.count <= 1024 else { throw fail("an end tag longer than 1024 bytes") }
        }
        throw fail("the file ends inside an end tag")
    }
}
