import Foundation
import SitLessCore
import Testing

@testable import SitLessSensors

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Regression tests for issue 12, part 2: every file a mutation fuzzer found crashing, hanging
/// or blowing up a reader, each as the smallest input that did it. None of these may trap,
/// block or grow without bound; each is refused or read with an error that names the line or
/// byte and quotes at most a short, escaped excerpt.
@Suite("hostile files")
struct HostileFileTests {
    let utc = TimeZone(identifier: "UTC")!
    let range = "between 2000-01-01 and 2100-01-01"

    func write(_ bytes: [UInt8], name: String) throws -> URL {
        let url = try SampleFiles.write("", name: name)
        try Data(bytes).write(to: url)
        return url
    }

    func folder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("sitless-hostile-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    // MARK: crashes

    @Test("Apple Health: invalid UTF-8 in an element or attribute name is damage, not a trap")
    func healthInvalidUTF8Names() throws {
        // Foundation's XMLParser traps on these (swift-corelibs-foundation issue 5534).
        let element = Array("<HealthData>\n<Rec".utf8) + [0xFF] + Array("ord/>\n</HealthData>".utf8)
        let result = try AppleHealthReader.read(url: try write(element, name: "element.xml"))
        #expect(result.records == 0)
        #expect(
            result.warnings == [
                "the file ends early or is damaged at line 2, byte 13 (a name that is not valid UTF-8); the records "
                    + "before it were read"
            ])
        let attribute = Array("<HealthData>\n<Record ty".utf8) + [0xC3] + Array("pe=\"x\"/>\n</HealthData>".utf8)
        let second = try AppleHealthReader.read(url: try write(attribute, name: "attribute.xml"))
        #expect(second.warnings.first?.hasPrefix("the file ends early or is damaged at line 2") == true)
        let value = Array("<HealthData>\n<Record type=\"".utf8) + [0xE2, 0x28] + Array("\"/>\n</HealthData>".utf8)
        #expect(
            try AppleHealthReader.read(url: try write(value, name: "value.xml")).warnings.first?.contains(
                "is not valid UTF-8") == true)
        // Before any <HealthData> the same bytes make it not an export at all.
        #expect(
            throws: SensorError.unsupported(
                file: "root.xml", reason: "not an Apple Health export (line 1, byte 0: a name that is not valid UTF-8)")
        ) {
            try AppleHealthReader.read(url: try write(Array("<Heal".utf8) + [0xFF, 0x3E], name: "root.xml"))
        }
    }

    @Test("Apple Health: a name as long as the file is quoted with its first 40 characters (found by the fuzzer)")
    func healthLongNames() throws {
        let long = "Health" + String(repeating: "0294", count: 400)
        let cut = String(long.prefix(40)) + "…"
        #expect(
            throws: SensorError.unsupported(
                file: "root.xml", reason: "not an Apple Health export: the root element is <\(cut)>, not <HealthData>")
        ) {
            try AppleHealthReader.read(url: try write(Array("<\(long)>\n</\(long)>\n".utf8), name: "root.xml"))
        }
        let mismatched = try AppleHealthReader.read(
            url: try write(Array("<HealthData>\n<\(long)>\n</HealthData>\n".utf8), name: "end.xml"))
        #expect(
            mismatched.warnings == [
                // "<HealthData>\n" is 13 bytes and "<long>\n" the name plus 3: the end tag starts there.
                "the file ends early or is damaged at line 3, byte \(13 + long.utf8.count + 3) (the end tag "
                    + "</HealthData> does not close <\(cut)>); the records before it were read"
            ])
        let attribute = try AppleHealthReader.read(
            url: try write(Array("<HealthData>\n<Record \(long)=1/>\n</HealthData>\n".utf8), name: "attr.xml"))
        #expect(attribute.warnings.first?.contains("the value of \(cut) in <Record> is not in quotes") == true)
        #expect(attribute.warnings.allSatisfy { $0.count < 200 })
    }

    @Test("Apple Health: attribute declarations in the document type, as every real export has, are read")
    func healthAttributeDeclarations() throws {
        // Foundation's XMLParser on Linux hands a NULL default value to strlen for
        // #REQUIRED and #IMPLIED attributes and crashes (found by the fuzzer on the old reader).
        let xml =
            "<?xml version=\"1.0\"?>\n<!DOCTYPE HealthData [\n<!ATTLIST Record type CDATA "
                + "#REQUIRED>\n]>\n<HealthData>\n</HealthData>\n"
        let result = try AppleHealthReader.read(url: try SampleFiles.write(xml, name: "attlist.xml"))
        #expect(result.records == 0 && result.warnings.isEmpty)
    }

    @Test("Apple Health: Infinity, NaN and 1e309 steps are skipped, not converted to Int")
    func healthNonFiniteValues() throws {
        for value in ["Infinity", "NaN", "1e309", "-5"] {
            let xml =
                "<HealthData>\n<Record type=\"HKQuantityTypeIdentifierStepCount\" startDate=\"2026-12-07 10:00:00 "
                    + "+0100\" endDate=\"2026-12-07 10:10:00 +0100\" value=\"\(value)\"/>\n</HealthData>"
            let result = try AppleHealthReader.read(url: try SampleFiles.write(xml, name: "steps.xml"))
            #expect(result.hours.isEmpty)
            #expect(result.records == 0)
            #expect(
                result.warnings == [
                    "line 2: a HKQuantityTypeIdentifierStepCount record with the value '\(value)' (not a number from "
                        + "0 to 1000000) was skipped"
                ])
        }
    }

    @Test("raw CSV: inf and NaN accelerations (which trapped ActiGraph counts on the hip) are refused")
    func nonFiniteAcceleration() throws {
        #expect(
            throws: SensorError.badLine(
                file: "hip.csv", line: 3, reason: "the acceleration 'inf' is not a number of g between -1000 and 1000")
        ) {
            try RawCSVReader.read(
                url: try SampleFiles.write("time,x,y,z\n1796630400,0,1,0\n1796630400.1,inf,1,0\n", name: "hip.csv"),
                zone: utc
            ) { _ in }
        }
        #expect(
            throws: SensorError.badLine(
                file: "nan.csv", line: 2, reason: "the acceleration 'nan' is not a number of g between -1000 and 1000")
        ) {
            try RawCSVReader.read(
                url: try SampleFiles.write("time,x,y,z\n1796630400,0,nan,0\n", name: "nan.csv"), zone: utc
            ) { _ in }
        }
        // And the counts themselves survive a NaN handed to them by any other caller.
        var counts = try #require(ActiGraphCounts(rate: 30, epochSeconds: 1))
        counts.add(
            SampleBlock(
                times: (0..<60).map(Double.init), x: Array(repeating: .nan, count: 60),
                y: Array(repeating: .infinity, count: 60), z: Array(repeating: 1e300, count: 60)))
        #expect(counts.epochs.count == 2)
    }

    @Test("non-wear and the thigh classifier pass over inf and NaN times instead of trapping")
    func nonFiniteTimes() throws {
        let block = SampleBlock(
            times: [.infinity, .nan, -.infinity, 1e300], x: [0, 0, 0, 0], y: [0, 0, 0, 0], z: [1, 1, 1, 1])
        var nonWear = NonWearDetector()
        nonWear.add(block)
        #expect(nonWear.bouts().isEmpty)
        var classifier = ThighClassifier()
        classifier.add(block)
        #expect(classifier.finish().isEmpty)
        // A sample rate from times that do not increase is 0, not a trap.
        #expect(WearableFile.sampleRate(of: SampleBlock(times: [5, 5], x: [0, 0], y: [0, 0], z: [1, 1])) == 0)
        // The reader refuses the time itself, naming the line and the bound.
        #expect(
            throws: SensorError.badLine(
                file: "inf.csv", line: 2, reason: "the time 'inf' is outside the accepted range \(range)")
        ) {
            try RawCSVReader.read(url: try SampleFiles.write("time,x,y,z\ninf,0,0,1\n", name: "inf.csv"), zone: utc) {
                _ in
            }
        }
    }

    @Test("activPAL: huge or negative hours and a duration of 1e12 s are errors naming the line")
    func activPALHoursAndDurations() throws {
        let header = "Time(approx);Event Type;Duration (s)\n"
        for clock in ["99999999999999999999:00:00", "-5:00:00", "24:00:00", "10:60:00", "10:00:99"] {
            #expect(
                throws: SensorError.badLine(
                    file: "h.csv", line: 2,
                    reason: "'2026-12-07 \(clock)' is not a time (an Excel serial date or yyyy-MM-dd HH:mm:ss)")
            ) {
                try ActivPALReader.read(
                    url: try SampleFiles.write(header + "2026-12-07 \(clock);0;60\n", name: "h.csv"), zone: utc)
            }
        }
        #expect(
            throws: SensorError.badLine(
                file: "d.csv", line: 2,
                reason: "a duration of '1e12' s ends the event outside the accepted range \(range)")
        ) {
            try ActivPALReader.read(
                url: try SampleFiles.write("Time,Interval (s),ActivityCode\n46363.375,1e12,0\n", name: "d.csv"),
                zone: utc)
        }
        // `import` once stored a bout ending at 1e308, after which `today` counted 12 h of sitting.
        #expect(
            throws: SensorError.badLine(
                file: "e.csv", line: 2,
                reason: "a duration of '1e308' s ends the event outside the accepted range \(range)")
        ) {
            try ActivPALReader.read(
                url: try SampleFiles.write("Time,Interval (s),ActivityCode\n46363.375,1e308,0\n", name: "e.csv"),
                zone: utc)
        }
        for duration in ["inf", "nan", "-1"] {
            #expect(
                throws: SensorError.badLine(
                    file: "n.csv", line: 2, reason: "duration '\(duration)' is not a number of seconds")
            ) {
                try ActivPALReader.read(
                    url: try SampleFiles.write(
                        "Time,Interval (s),ActivityCode\n46363.375,\(duration),0\n", name: "n.csv"), zone: utc)
            }
        }
        // An Excel serial of year 9999 is a date, but not one SitLess accepts.
        #expect(
            throws: SensorError.badLine(
                file: "y.csv", line: 2, reason: "the time '2958465' is outside the accepted range \(range)")
        ) {
            try ActivPALReader.read(
                url: try SampleFiles.write("Time,Interval (s),ActivityCode\n2958465,60,0\n", name: "y.csv"), zone: utc)
        }
        #expect(
            throws: SensorError.badLine(
                file: "big.csv", line: 2, reason: "'1e300' is not a time (an Excel serial date or yyyy-MM-dd HH:mm:ss)")
        ) {
            try ActivPALReader.read(
                url: try SampleFiles.write("Time,Interval (s),ActivityCode\n1e300,60,0\n", name: "big.csv"), zone: utc)
        }
    }

    @Test("ActiGraph: a huge rate or an impossible start time is refused")
    func actiGraphHeader() throws {
        func file(rate: String, time: String) -> String {
            "ActiGraph GT3X+ date format M/d/yyyy at \(rate) Hz\nStart Time \(time)\nStart Date "
                + "12/7/2026\nAccelerometer X,Accelerometer Y,Accelerometer Z\n0,0,1\n"
        }
        #expect(
            throws: SensorError.badLine(
                file: "r.csv", line: 1, reason: "a sample rate of '99999999999999999999999' Hz is outside 1 to 1000 Hz")
        ) {
            try RawCSVReader.read(
                url: try SampleFiles.write(file(rate: "99999999999999999999999", time: "09:00:00"), name: "r.csv"),
                zone: utc
            ) { _ in }
        }
        #expect(
            throws: SensorError.badLine(
                file: "t.csv", line: 4, reason: "the header lacks a readable Start Date and Start Time")
        ) {
            try RawCSVReader.read(
                url: try SampleFiles.write(file(rate: "30", time: "9999999999999:00:00"), name: "t.csv"), zone: utc
            ) { _ in }
        }
    }

    @Test("folders, named pipes and devices are refused before anything blocks or traps")
    func notRegularFiles() throws {
        let dir = try folder()
        let expected = SensorError.unreadable(file: dir.lastPathComponent, reason: "it is a folder, not a file")
        #expect(throws: expected) { try WearableFile.read(url: dir, zone: utc) }
        #expect(throws: expected) { try ActivPALReader.read(url: dir, zone: utc) }
        #expect(throws: expected) { try RawCSVReader.read(url: dir, zone: utc) { _ in } }
        #expect(throws: expected) { try AxivityReader.read(url: dir) { _ in } }
        #expect(throws: expected) { try AppleHealthReader.read(url: dir) }
        #expect(throws: expected) { try WearableFile.readSamples(url: dir, zone: utc) { _ in } }
        #expect(!WearableFile.isAppleHealth(url: dir))
        // A FIFO with no writer: opening it for reading would wait for a writer forever.
        let fifo = dir.appendingPathComponent("pipe.csv")
        #expect(mkfifo(fifo.path, 0o600) == 0)
        #expect(
            throws: SensorError.unreadable(file: "pipe.csv", reason: "it is a named pipe (FIFO), not a regular file")
        ) {
            try WearableFile.read(url: fifo, zone: utc)
        }
        #expect(throws: SensorError.unreadable(file: "null", reason: "it is a device, not a regular file")) {
            try WearableFile.read(url: URL(fileURLWithPath: "/dev/null"), zone: utc)
        }
        #expect(throws: SensorError.unreadable(file: "missing.csv", reason: "no such file")) {
            try WearableFile.read(url: dir.appendingPathComponent("missing.csv"), zone: utc)
        }
    }

    // MARK: hangs

    @Test("the line reader is linear: each byte is scanned once and moved at most once")
    func lineReaderIsLinear() throws {
        // One 100 kB line read in 1 kB chunks: rescanning the buffer after each chunk (as the
        // reader once did) looks at about 5 MB; a linear reader at the 100,001 bytes once.
        let long = String(repeating: "a", count: 100_000)
        var reader = try LineReader(url: try SampleFiles.write(long + "\nb\n", name: "long.txt"), chunkSize: 1000)
        #expect(try reader.next()?.count == 100_000)
        #expect(try reader.next() == "b")
        #expect(try reader.next() == nil)
        #expect(reader.bytesScanned == 100_003)
        #expect(reader.bytesMoved <= 100_003)
        // Many short lines: compacting the buffer moves only the partial line at each chunk's end.
        let lines = (0..<10_000).map { "line \($0)" }.joined(separator: "\r\n") + "\r\n"
        var many = try LineReader(url: try SampleFiles.write(lines, name: "many.txt"), chunkSize: 4096)
        var count = 0
        while let line = try many.next() {
            count += 1
            #expect(!line.hasSuffix("\r"))
        }
        #expect(count == 10_000)
        #expect(many.bytesScanned == lines.utf8.count)
        #expect(many.bytesMoved < lines.utf8.count / 100)
    }

    @Test("a line longer than the limit is an error, not a buffer the size of the file")
    func lineTooLong() throws {
        var reader = try LineReader(
            url: try SampleFiles.write("ok\n" + String(repeating: "x", count: 5000), name: "l.txt"),
            chunkSize: 256, maximumLineLength: 1000)
        #expect(try reader.next() == "ok")
        #expect(
            throws: SensorError.badLine(
                file: "l.txt", line: 2,
                reason: "the line is longer than 1000 bytes; this is not a text file of a kind SitLess reads")
        ) {
            try reader.next()
        }
        #expect(LineReader.defaultMaximumLineLength == 1 << 20)
    }

    @Test("a file of zeros is refused from its first bytes, and the activPAL reader stops at the line limit")
    func zeros() throws {
        let url = try write([UInt8](repeating: 0, count: LineReader.defaultMaximumLineLength + 10), name: "zeros.bin")
        #expect(
            throws: SensorError.unsupported(
                file: "zeros.bin",
                reason:
                    "the file looks like binary, not a known format (only zero bytes), not a wearable export. "
                        + "\(SensorFile.supportedFormats)"
            )
        ) {
            try WearableFile.read(url: url, zone: utc)
        }
        #expect(
            throws: SensorError.badLine(
                file: "zeros.bin", line: 1,
                reason: "the line is longer than 1048576 bytes; this is not a text file of a kind SitLess reads")
        ) {
            try ActivPALReader.read(url: url, zone: utc)
        }
    }

    @Test("a time,x,y,z time of 3e11 is refused at its line; non-wear works on the data, not the span")
    func farFutureTime() throws {
        #expect(
            throws: SensorError.badLine(
                file: "far.csv", line: 3, reason: "the time '3e11' is outside the accepted range \(range)")
        ) {
            try RawCSVReader.read(
                url: try SampleFiles.write("time,x,y,z\n1796630400,0,0,1\n3e11,0,0,1\n", name: "far.csv"), zone: utc
            ) { _ in }
        }
        #expect(
            throws: SensorError.badLine(
                file: "old.csv", line: 2,
                reason: "the time '1999-12-31T23:59:59Z' is outside the accepted range \(range)")
        ) {
            try RawCSVReader.read(
                url: try SampleFiles.write("time,x,y,z\n1999-12-31T23:59:59Z,0,0,1\n", name: "old.csv"), zone: utc
            ) { _ in }
        }
        // Two still hours 98 years apart: every step with data is tried once, and both are found.
        var nonWear = NonWearDetector()
        for start in [946_684_800.0, 4_039_372_800.0] {
            let times = stride(from: start, to: start + 3600, by: 1).map { $0 }
            nonWear.add(
                SampleBlock(times: times, x: times.map { _ in 0 }, y: times.map { _ in 0 }, z: times.map { _ in 1 }))
        }
        #expect(nonWear.bouts().map(\.duration) == [3600, 3600])
    }

    // MARK: memory

    @Test("Apple Health: a record from 0001 to 9999, or spanning a century, is skipped, not spread hour by hour")
    func healthLongRecords() throws {
        func record(_ start: String, _ end: String) -> String {
            "<HealthData>\n<Record type=\"HKQuantityTypeIdentifierStepCount\" startDate=\"\(start)\" "
                + "endDate=\"\(end)\" value=\"5\"/>\n</HealthData>"
        }
        let ancient = try AppleHealthReader.read(
            url: try SampleFiles.write(record("0001-01-01 00:00:00 +0000", "9999-12-31 00:00:00 +0000"), name: "a.xml"))
        #expect(ancient.hours.isEmpty)
        #expect(
            ancient.warnings == [
                "line 2: a HKQuantityTypeIdentifierStepCount record with a time outside the accepted range \(range) "
                    + "was skipped"
            ])
        let century = try AppleHealthReader.read(
            url: try SampleFiles.write(record("2000-01-01 00:00:00 +0000", "2099-12-31 00:00:00 +0000"), name: "c.xml"))
        #expect(century.hours.isEmpty)
        #expect(
            century.warnings == [
                "line 2: a HKQuantityTypeIdentifierStepCount record spanning more than 7 days was skipped"
            ])
        // A day-long record (some apps write daily totals) is still shared out.
        let day = try AppleHealthReader.read(
            url: try SampleFiles.write(record("2026-12-07 00:00:00 +0000", "2026-12-08 00:00:00 +0000"), name: "d.xml"))
        #expect(day.hours.count == 24)
        #expect(AppleHealthReader.date("2026-12-07 99999999999999999999:00:00 +0100") == nil)
        #expect(AppleHealthReader.date("2026-12-07 10:00:00 +9999") == nil)
    }

    @Test("Apple Health: entities are not expanded beyond XML's own, and nesting is bounded")
    func healthEntities() throws {
        let xml =
            "<!DOCTYPE HealthData [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b "
                + "\"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">]>\n<HealthData>\n<Record type=\"&b;\"/>\n</HealthData>"
        let result = try AppleHealthReader.read(url: try SampleFiles.write(xml, name: "laughs.xml"))
        #expect(
            result.warnings.first?.contains("the entity '&b;' in the value of type is not one XML predefines") == true)
        let deep = "<HealthData>" + String(repeating: "<a>", count: 300)
        #expect(
            try AppleHealthReader.read(url: try SampleFiles.write(deep, name: "deep.xml")).warnings.first?.contains(
                "elements nest deeper than 256") == true)
        let sourced =
            "<HealthData><Record type=\"HKQuantityTypeIdentifierStepCount\" sourceName=\"A &amp; B&#x2019;s "
                + "&lt;Watch&gt;\" startDate=\"2026-12-07 10:00:00 +0100\" endDate=\"2026-12-07 10:10:00 +0100\" "
                + "value=\"9\"/></HealthData>"
        #expect(
            try AppleHealthReader.read(url: try SampleFiles.write(sourced, name: "s.xml")).sources == [
                "A & B\u{2019}s <Watch>"
            ])
    }

    // MARK: messages

    @Test("what an unknown file looks like, with the formats SitLess reads")
    func describedFiles() throws {
        func reason(_ bytes: [UInt8]) throws -> String {
            do {
                _ = try WearableFile.read(url: try write(bytes, name: "f"), zone: utc)
                return "read"
            } catch let SensorError.unsupported(_, reason) {
                return reason
            }
        }
        let tail = ", not a wearable export. " + SensorFile.supportedFormats
        #expect(try reason([]) == "the file looks like an empty file" + tail)
        #expect(
            try reason([0xFF, 0xFE] + Array("T\0i\0m\0e\0".utf8))
                == "the file looks like UTF-16 text (save it as UTF-8)" + tail)
        #expect(
            try reason(Array("T\0i\0m\0e\0,\0".utf8)) == "the file looks like UTF-16 text (save it as UTF-8)" + tail)
        // A zip is read as an ActiGraph .gt3x; this one cannot even be opened.
        #expect(
            try reason([0x50, 0x4B, 0x03, 0x04, 0x14, 0, 0])
                == "the file looks like a zip archive that cannot be opened "
                + "(damaged or cut short: missingEndOfCentralDirectoryRecord)" + tail)
        #expect(
            try reason([0x13, 0x37, 0x00, 0xC8, 0x9A, 0x11]) == "the file looks like binary, not a known format" + tail)
        #expect(
            try reason(Array("name,age,city\nana,40,Oslo\n".utf8))
                == "the file looks like a CSV with columns name,age,city" + tail)
        #expect(try reason([0xEF, 0xBB, 0xBF]) == "the file looks like an empty file (only a byte-order mark)" + tail)
        #expect(
            try reason(Array("<html><body>hi</body></html>".utf8))
                == "the file looks like XML or HTML starting '<html><body>hi</body></html>'" + tail)
    }

    @Test("a UTF-8 byte-order mark does not hide the format")
    func byteOrderMark() throws {
        let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
        let events = try WearableFile.read(
            url: try write(bom + Array("Time,Interval (s),ActivityCode\n46363.375,600,0\n".utf8), name: "bom.csv"),
            zone: utc)
        #expect(events.format == "activPAL Events" && events.bouts.count == 1)
        let raw = try WearableFile.read(
            url: try write(bom + Array("time,x,y,z\n1796630400,0,0,1\n1796630400.5,0,0,1\n".utf8), name: "bomraw.csv"),
            zone: utc)
        #expect(raw.format == "time,x,y,z CSV (thigh)" && raw.count == 2)
        let xml = bom + Array("<?xml version=\"1.0\"?>\n<HealthData>\n</HealthData>\n".utf8)
        #expect(WearableFile.isAppleHealth(Data(xml)))
        #expect(try AppleHealthReader.read(url: try write(xml, name: "bom.xml")).warnings.isEmpty)
    }

    @Test("binary junk in a line is quoted short and escaped")
    func junkIsEscaped() throws {
        let junk = "\u{1}\u{2}\u{1B}[31m" + String(repeating: "\u{7F}z", count: 200)
        do {
            _ = try ActivPALReader.read(
                url: try SampleFiles.write("Time,Interval (s),ActivityCode\n\(junk),60,0\n", name: "junk.csv"),
                zone: utc)
            Issue.record("junk was read")
        } catch let SensorError.badLine(_, line, reason) {
            #expect(line == 2)
            #expect(reason.hasPrefix("'\\u{1}\\u{2}\\u{1B}[31m\\u{7F}z"))
            #expect(reason.hasSuffix("...' is not a time (an Excel serial date or yyyy-MM-dd HH:mm:ss)"))
            #expect(!reason.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F })
            // 40 characters of the line, each escape at most 8 long, and the sentence.
            #expect(reason.count < 40 * 8 + 80)
        }
        #expect(SensorFile.excerpt("a\tb\n'c'\u{FFFD}") == "'a\\tb\\n\\'c\\'\\u{FFFD}'")
        #expect(
            SensorFile.excerpt(String(repeating: "x", count: 50)) == "'" + String(repeating: "x", count: 40) + "...'")
    }

    @Test("the activPAL reader says what a file without its header looks like")
    func activPALNoHeader() throws {
        #expect(
            throws: SensorError.unsupported(
                file: "e.csv",
                reason:
                    "no activPAL header (Time, ActivityCode or Event Type, Interval or Duration) in the first 5 "
                        + "lines; the file looks like an empty file. \(SensorFile.supportedFormats)"
            )
        ) {
            try ActivPALReader.read(url: try SampleFiles.write("", name: "e.csv"), zone: utc)
        }
    }

    @Test("counts and samples refuse what is not raw samples, saying what it is")
    func samplesOfNonRawFiles() throws {
        #expect(
            throws: SensorError.unsupported(
                file: "z.bin",
                reason:
                    "expected raw samples (an Axivity .cwa, an ActiGraph CSV or a time,x,y,z CSV); the file looks "
                        + "like binary, not a known format (only zero bytes)"
            )
        ) {
            try WearableFile.readSamples(url: try write([0, 0, 0, 0], name: "z.bin"), zone: utc) { _ in }
        }
    }

    @Test("an Axivity block whose times fall before 2000 is skipped with the reason")
    func axivityOutOfRange() throws {
        var block = CWAWriter.Block()
        block.clock = (2000, 1, 1, 0, 0, 0)
        block.rateCode = 0x40 | 0x00  // 3200 / 2^15 Hz: the offset moves the start back by days
        block.timestampOffset = 30_000
        block.samples = [(0, 0, 256)]
        let url = try write(CWAWriter.header(rateCode: 0x40) + CWAWriter.block(block), name: "early.cwa")
        var samples = 0
        let report = try AxivityReader.read(url: url) { samples += $0.count }
        #expect(samples == 0)
        #expect(report.skippedBlocks == 1)
        #expect(
            report.warnings.first
                == "byte 1024: block skipped: its sample times lie outside the accepted range \(range)")
    }
}
