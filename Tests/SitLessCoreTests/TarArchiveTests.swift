import Foundation
import Testing

@testable import SitLessCore

@Suite("Tar archive")
struct TarArchiveTests {
    let files: [(name: String, data: Data)] = [
        (name: "empty.txt", data: Data()),
        (name: "block.bin", data: Data((0..<512).map { UInt8($0 % 251) })),
        (name: "notes/longer.csv", data: Data(String(repeating: "a,b\r\n", count: 200).utf8)),
    ]

    @Test("three files (empty, exactly one block, 1000 bytes) come back as they went in")
    func roundTrip() throws {
        let tar = try TarArchive.write(files, modified: Date(timeIntervalSince1970: 1_796_000_000))
        // Headers and padded data: 512 + 0, 512 + 512, 512 + 1024, then two zero blocks.
        #expect(tar.count == 512 + 1024 + 1536 + 1024)
        let back = try TarArchive.read(tar)
        #expect(back.map(\.name) == ["empty.txt", "block.bin", "notes/longer.csv"])
        #expect(back.map(\.data) == files.map(\.data))
        #expect(files[2].data.count == 1000)
    }

    @Test("the header carries the ustar fields tar expects")
    func headerFields() throws {
        let tar = [UInt8](
            try TarArchive.write([(name: "a.txt", data: Data("hello".utf8))], modified: Date(timeIntervalSince1970: 8)))
        func field(_ start: Int, _ count: Int) -> String { String(decoding: tar[start..<start + count], as: UTF8.self) }
        #expect(field(0, 6) == "a.txt\0")
        #expect(field(100, 8) == "0000644\0")
        #expect(field(124, 12) == "00000000005\0")
        #expect(field(136, 12) == "00000000010\0")
        #expect(field(156, 1) == "0")
        #expect(field(257, 8) == "ustar\000")
        // The checksum: the header's bytes summed with its own field as spaces, 6 octal digits, NUL, space.
        var header = Array(tar[0..<512])
        for i in 148..<156 { header[i] = 0x20 }
        let sum = header.reduce(0) { $0 + Int($1) }
        #expect(
            field(148, 8) == String(repeating: "0", count: 6 - String(sum, radix: 8).count) + String(sum, radix: 8)
                + "\0 ")
    }

    @Test("a changed byte in the first header is refused, naming byte 0 and the checksum")
    func flippedByte() throws {
        var tar = try TarArchive.write(files)
        tar[2] ^= 0x01
        do {
            _ = try TarArchive.read(tar)
            Issue.record("a damaged header was read")
        } catch let problem as TarArchive.Problem {
            guard case .badChecksum(let offset, _, _) = problem else {
                Issue.record("expected a checksum problem, got \(problem)")
                return
            }
            #expect(offset == 0)
            #expect(problem.description.contains("header at byte 0 has checksum"))
        }
    }

    @Test("a cut-off archive is refused, naming where it ends")
    func truncated() throws {
        let tar = try TarArchive.write(files)
        // Inside the third file's data (its header is at 512 + 512 + 512 = 1536).
        let cut = tar.prefix(2100)
        #expect(throws: TarArchive.Problem.truncated(offset: 2100, needed: 1000 - (2100 - 2048))) {
            try TarArchive.read(cut)
        }
        // Inside a header, and with the end marker missing.
        #expect(throws: TarArchive.Problem.truncated(offset: 700, needed: 324)) { try TarArchive.read(tar.prefix(700)) }
        #expect(throws: TarArchive.Problem.truncated(offset: 3072, needed: 512)) {
            try TarArchive.read(tar.prefix(3072))
        }
        #expect(
            TarArchive.Problem.truncated(offset: 700, needed: 324).description
                == "the archive is incomplete: it ends at byte 700 where 324 more bytes were expected")
    }

    @Test("names that do not fit a header are refused; long paths use the prefix field")
    func names() throws {
        #expect(throws: TarArchive.Problem.unusableName("")) { try TarArchive.write([(name: "", data: Data())]) }
        let long = String(repeating: "x", count: 101)
        #expect(throws: TarArchive.Problem.unusableName(long)) { try TarArchive.write([(name: long, data: Data())]) }
        let path = String(repeating: "d", count: 60) + "/" + String(repeating: "f", count: 90)
        let back = try TarArchive.read(try TarArchive.write([(name: path, data: Data("x".utf8))]))
        #expect(back.map(\.name) == [path])
    }
}

@Suite("Archive times")
struct ArchiveTimeTests {
    @Test("whole seconds, milliseconds and microseconds read back to the same Date")
    func exact() {
        let base = Date(timeIntervalSince1970: 1_796_630_400)  // 2026-12-07T08:00:00Z
        #expect(ArchiveTime.text(base) == "2026-12-07T08:00:00.000Z")
        #expect(ArchiveTime.text(base.addingTimeInterval(0.25)) == "2026-12-07T08:00:00.250Z")
        let micro = Date(
            timeIntervalSinceReferenceDate: (base.timeIntervalSinceReferenceDate * 1e6 + 123_456).rounded() / 1e6)
        #expect(ArchiveTime.text(micro) == "2026-12-07T08:00:00.123456Z")
        for date in [
            base, micro, base.addingTimeInterval(1 / 3), Date(timeIntervalSinceReferenceDate: 818_000_000.123_456_789),
            Date(timeIntervalSince1970: 0), Date(timeIntervalSince1970: -86_400.5),
        ] {
            #expect(ArchiveTime.date(ArchiveTime.text(date)) == date, "\(ArchiveTime.text(date))")
        }
    }

    @Test("whole microseconds, as the databases keep them, take six digits and read back exactly")
    func microseconds() {
        let date = ArchiveTime.wholeMicroseconds(Date(timeIntervalSince1970: 1_796_630_400.123_456_7))
        #expect(ArchiveTime.text(date) == "2026-12-07T08:00:00.123457Z")
        #expect(ArchiveTime.date("2026-12-07T08:00:00.123457Z") == date)
        #expect(ArchiveTime.wholeMicroseconds(date) == date)
        // 1999 and 2040: where reading the fraction as a separate number would miss by a bit.
        for seconds in [915_148_800.000_001, 2_217_369_600.999_999, 1_500_000_000.654_321] {
            let whole = ArchiveTime.wholeMicroseconds(Date(timeIntervalSince1970: seconds))
            #expect(ArchiveTime.text(whole).count == "2026-12-07T08:00:00.123457Z".count)
            #expect(ArchiveTime.date(ArchiveTime.text(whole)) == whole)
        }
    }

    @Test("offsets are read; anything else is not a time")
    func parsing() {
        #expect(ArchiveTime.date("2026-12-07T09:00:00+01:00") == Date(timeIntervalSince1970: 1_796_630_400))
        #expect(ArchiveTime.date("2026-12-07T08:00:00Z") == Date(timeIntervalSince1970: 1_796_630_400))
        for bad in [
            "2026-12-07", "2026-02-30T08:00:00Z", "2026-12-07T24:00:00Z", "2026-12-07T08:00:00",
            "2026-12-07T08:00:00.Z",
            "2026-12-07 08:00:00Z", "yesterday at noon",
        ] {
            #expect(ArchiveTime.date(bad) == nil, "\(bad)")
        }
    }
}
