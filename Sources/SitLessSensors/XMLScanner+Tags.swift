import Foundation

// Names, attributes and entities inside a tag.
extension XMLScanner {
    /// A name checked to be valid UTF-8 without the characters XML forbids in names; problems
    /// are placed at the tag's `<`.
    func name(_ bytes: ArraySlice<UInt8>, line: Int, offset: Int) throws -> String {
        func fail(_ reason: String) -> Failure { self.fail(reason, line: line, offset: offset) }
        guard let first = bytes.first else { throw fail("a tag without a name") }
        guard !(0x30...0x39).contains(first), first != 0x2D, first != 0x2E else {
            throw fail("a name starts with a digit, '-' or '.'")
        }
        for b in bytes where b < 0x80 {
            let ok =
                (0x30...0x39).contains(b) || (0x41...0x5A).contains(b) || (0x61...0x7A).contains(b) || b == 0x5F
                || b == 0x3A || b == 0x2D || b == 0x2E
            guard ok else {
                throw fail("a name holds the character \(SensorFile.excerpt(String(decoding: [b], as: UTF8.self)))")
            }
        }
        guard let text = XMLScanner.utf8(bytes) else { throw fail("a name that is not valid UTF-8") }
        return text
    }

    /// Name, attributes and whether `tag` (a start tag without `<` and `>`) closes itself.
    func parseTag(line: Int, offset: Int) throws -> (String, [String: String], Bool) {
        var end = tag.count
        while end > 0 && isSpace(tag[end - 1]) { end -= 1 }
        let selfClosing = end > 0 && tag[end - 1] == 0x2F
        if selfClosing { end -= 1 }
        var i = 0
        while i < end && !isSpace(tag[i]) && tag[i] != 0x2F { i += 1 }
        let elementName = try name(tag[0..<i], line: line, offset: offset)
        var attributes: [String: String] = [:]
        while i < end {
            let before = i
            while i < end && isSpace(tag[i]) { i += 1 }
            if i == end { break }
            guard i > before else {
                throw fail(
                    "attributes of <\(Self.shown(elementName))> are not separated by spaces", line: line, offset: offset)
            }
            let nameStart = i
            while i < end && !isSpace(tag[i]) && tag[i] != 0x3D { i += 1 }
            let attribute = try name(tag[nameStart..<i], line: line, offset: offset)
            while i < end && isSpace(tag[i]) { i += 1 }
            guard i < end, tag[i] == 0x3D else {
                throw fail(
                    "the attribute \(Self.shown(attribute)) of <\(Self.shown(elementName))> has no value", line: line,
                    offset: offset)
            }
            i += 1
            while i < end && isSpace(tag[i]) { i += 1 }
            guard i < end, tag[i] == 0x22 || tag[i] == 0x27 else {
                throw fail(
                    "the value of \(Self.shown(attribute)) in <\(Self.shown(elementName))> is not in quotes", line: line,
                    offset: offset)
            }
            let quote = tag[i]
            i += 1
            let valueStart = i
            while i < end && tag[i] != quote { i += 1 }
            guard i < end else {
                throw fail(
                    "the value of \(Self.shown(attribute)) in <\(Self.shown(elementName))> has no closing quote", line: line,
                    offset: offset)
            }
            let value = try decode(tag[valueStart..<i], attribute: attribute, line: line, offset: offset)
            i += 1
            guard attributes.updateValue(value, forKey: attribute) == nil else {
                throw fail(
                    "<\(Self.shown(elementName))> has the attribute \(Self.shown(attribute)) twice", line: line, offset: offset)
            }
        }
        return (elementName, attributes, selfClosing)
    }

    /// An attribute value with its entity and character references replaced.
    func decode(_ bytes: ArraySlice<UInt8>, attribute: String, line: Int, offset: Int) throws -> String {
        guard bytes.contains(0x26) else {
            guard let text = XMLScanner.utf8(bytes) else {
                throw fail("the value of \(Self.shown(attribute)) is not valid UTF-8", line: line, offset: offset)
            }
            return text
        }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = bytes.startIndex
        while i < bytes.endIndex {
            guard bytes[i] == 0x26 else {
                out.append(bytes[i])
                i += 1
                continue
            }
            guard let semicolon = bytes[i...].prefix(12).firstIndex(of: 0x3B) else {
                throw fail("a '&' in the value of \(Self.shown(attribute)) starts no entity", line: line, offset: offset)
            }
            let entity = String(decoding: bytes[(i + 1)..<semicolon], as: UTF8.self)
            switch entity {
            case "lt": out.append(0x3C)
            case "gt": out.append(0x3E)
            case "amp": out.append(0x26)
            case "quot": out.append(0x22)
            case "apos": out.append(0x27)
            default:
                let number: UInt32? =
                    entity.hasPrefix("#x")
                    ? UInt32(entity.dropFirst(2), radix: 16)
                    : entity.hasPrefix("#") ? UInt32(entity.dropFirst(), radix: 10) : nil
                guard let number, number != 0, let scalar = Unicode.Scalar(number) else {
                    throw fail(
                        "the entity \(SensorFile.excerpt("&" + entity + ";")) in the value of \(attribute) is not "
                            + "one XML predefines",
                        line: line, offset: offset)
                }
                out.append(contentsOf: Array(String(Character(scalar)).utf8))
            }
            i = semicolon + 1
        }
        guard let text = XMLScanner.utf8(out[...]) else {
            throw fail("the value of \(Self.shown(attribute)) is not valid UTF-8", line: line, offset: offset)
        }
        return text
    }

    /// The text of `bytes` when they are valid UTF-8.
    static func utf8(_ bytes: ArraySlice<UInt8>) -> String? {
        if bytes.allSatisfy({ $0 < 0x80 }) { return String(decoding: bytes, as: UTF8.self) }
        var iterator = bytes.makeIterator()
        var parser = Unicode.UTF8.ForwardParser()
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid: continue
            case .emptyInput: return String(decoding: bytes, as: UTF8.self)
            case .error: return nil
            }
        }
    }
}

extension XMLScanner {
    /// A name as an error message shows it: at most 40 characters (a hostile file's names can be
    /// as long as the file).
    static func shown(_ name: String) -> String { name.count > 40 ? String(name.prefix(40)) + "…" : name }
}
