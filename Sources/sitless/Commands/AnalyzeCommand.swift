import ArgumentParser
import Foundation
import SitLessCore
import SitLessSensors
import SitLessStore

/// Reads one wearable file into posture bouts (the reader is chosen from its content).
enum WearableInput {
    static func read(
        _ path: String, zone: TimeZone, placement: Placement = .thigh, withENMO: Bool = false
    ) throws -> WearableRecording {
        guard FileManager.default.fileExists(atPath: path) else { throw CLIError("\(path): no such file") }
        do {
            return try WearableFile.read(
                url: URL(fileURLWithPath: path), zone: zone, placement: placement, withENMO: withENMO)
        } catch let error as SensorError {
            throw CLIError(error.description)
        }
    }
}

struct AnalyzeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analyze",
        abstract: "Turn wearable files into per-day sitting metrics.",
        discussion: """
            Reads activPAL Events and EventsEx CSV, Axivity .cwa, ActiGraph .gt3x, GENEActiv .bin, \
            ActiGraph raw CSV, ActiGraph epoch CSV and .agd, time,x,y,z CSV (with or without a header) \
            and Apple Health export.xml; the format is told from the content, not the name.

            Example: sitless analyze P1-events.csv P2-events.csv --tz Europe/London --work-hours 9-17 --csv
            """
    )

    @Argument(help: ArgumentHelp("The files to analyse.", valueName: "file")) var files: [String]
    @Option(help: ArgumentHelp("The device's time zone (default: this computer's).", valueName: "zone")) var tz: String?
    @Option(
        name: .customLong("work-hours"),
        help: ArgumentHelp(
            "Work hours for the work-period metrics, e.g. 9-17 or \"mon-fri 08:30-16:30\".", valueName: "hours"))
    var workHours: String?
    @Option(
        help: ArgumentHelp(
            "Where raw-accelerometer devices were worn: thigh (posture), wrist or hip (sedentary vs active).",
            valueName: "placement"))
    var placement: String = "thigh"
    @Flag(help: "Print JSON.") var json = false
    @Flag(help: "Print CSV, one row per file and day.") var csv = false
    @Option(
        help: ArgumentHelp(
            "Also write a CSV of 60-second epochs (seconds per posture, ENMO, counts) to this file.", valueName: "file")
    )
    var epochs: String?
    @Option(
        help: ArgumentHelp(
            "A diary of time in bed: a CSV with in_bed,out_of_bed (one row per night) or wear_from,wear_until "
                + "(one row per day), local times like 2026-03-02 23:10, and an optional file column.",
            valueName: "file"))
    var diary: String?

    func validate() throws {
        if json && csv { throw CLIError("choose either --json or --csv") }
        if files.isEmpty { throw CLIError("name at least one file") }
        if Placement(rawValue: placement) == nil {
            throw CLIError("unknown placement '\(placement)'; choose thigh, wrist or hip")
        }
        if let epochs, FileManager.default.fileExists(atPath: epochs) {
            throw CLIError("\(epochs) exists; choose a new file for --epochs")
        }
    }

    static let epochHeader =
        "file,start_utc,start_local,posture,sitting_s,lying_s,standing_s,stepping_s,non_wear_s,in_bed_s,"
        + "enmo_mg,counts_x,counts_y,counts_z\n"

    /// One CSV row per 60 s epoch of a recording: the seconds of each posture, and the
    /// signals the posture came from where the file had raw samples.
    static func epochRows(file: String, _ recording: WearableRecording, zone: TimeZone) -> String {
        let enmo = Dictionary(recording.enmo.map { ($0.start, $0.milliG) }, uniquingKeysWith: { a, _ in a })
        var counts: [Double: [Int]] = [:]
        if let c = recording.counts {
            for (i, epoch) in c.epochs.enumerated() { counts[c.start.timeIntervalSince1970 + Double(i * 60)] = epoch }
        }
        let utc = ISO8601DateFormatter()
        let local = DateFormatter()
        local.timeZone = zone
        local.locale = Locale(identifier: "en_US_POSIX")
        local.dateFormat = "yyyy-MM-dd'T'HH:mm:ssxxx"
        let quoted = "\"" + file.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        var out = ""
        for epoch in PostureEpoch.epochs(of: recording.bouts) {
            let t = epoch.start.timeIntervalSince1970
            let s = { (p: Posture) in ReportCSV.n(epoch.seconds[p] ?? 0) }
            let c = counts[t]
            out +=
                [
                    quoted, utc.string(from: epoch.start), local.string(from: epoch.start), epoch.main.rawValue,
                    s(.sitting), s(.lying), s(.standing), s(.stepping), s(.nonWear), s(.inBed),
                    enmo[t].map { String(format: "%.2f", $0) } ?? "",
                    c.map { "\($0[0])" } ?? "", c.map { "\($0[1])" } ?? "", c.map { "\($0[2])" } ?? "",
                ].joined(separator: ",") + "\n"
        }
        return out
    }

    /// An Apple Health day: the hourly picture summed up.
    struct HealthDay: Encodable {
        var date: String
        var hoursWithData: Int
        var uprightHours: Int
        var sedentaryHours: Int
        var steps: Int
        var standMinutes: Double
        /// Per hour (0-23 local): "upright", "sedentary" or "" when no data.
        var hours: [String]
    }

    struct FileDays: Encodable {
        var file: String
        var format: String
        var events: Int
        var warnings: [String]
        /// Where the time in bed came from (diary, the file's markers, detection), in words.
        var timeInBed: String?
        var quality: Quality?
        var days: [DayOutput]
        var health: [HealthDay]? = nil
    }

    struct Quality: Encodable {
        var samples: Int
        var skippedBlocks: Int
        var sequenceBreaks: Int
        var sessionChanges: Int
        var truncated: Bool
        var calibration: String?
    }

    static func isAppleHealth(_ path: String) -> Bool {
        WearableFile.isAppleHealth(url: URL(fileURLWithPath: path))
    }

    /// One summary per day from the first bout's day to the last's. Each day is given only the
    /// bouts that touch it (and the unbroken run of one posture that reaches into it, which
    /// says since when that posture lasts), so the work grows with the days plus the bouts,
    /// not with their product: a file whose events are decades apart costs days, not hours.
    static func days(
        of timeline: PostureTimeline, zone: TimeZone, policy: CoachPolicy, recording: WearableRecording? = nil
    ) -> [DayOutput] {
        let bouts = timeline.bouts
        guard let first = bouts.first, let last = bouts.last else { return [] }
        let firstDay = LocalDate(first.start, in: zone)
        let lastDay = LocalDate(last.end.addingTimeInterval(-1), in: zone)
        let now = last.end.addingTimeInterval(86_400 * 2)
        // The first bout of the unbroken run of one posture each bout belongs to.
        var runStart = Array(bouts.indices)
        for i in bouts.indices.dropFirst()
        where bouts[i - 1].end == bouts[i].start && bouts[i - 1].posture == bouts[i].posture {
            runStart[i] = runStart[i - 1]
        }
        var low = 0
        var high = 0
        return (0...max(0, firstDay.days(until: lastDay))).map { offset in
            let day = firstDay.adding(days: offset)
            let start = day.startOfDay(in: zone)
            let end = day.adding(days: 1).startOfDay(in: zone)
            while low < bouts.count && bouts[low].end <= start { low += 1 }
            while high < bouts.count && bouts[high].start < end { high += 1 }
            let from = high > 0 ? min(low, runStart[high - 1]) : 0
            let slice = PostureTimeline(ordered: Array(bouts[from..<max(from, high)]))
            var output = DayOutput(SittingDay(date: day, timeline: slice, policy: policy, now: now))
            if let recording, let activity = DayActivity(recording, from: start, to: end) {
                output.steps = activity.steps
                output.intensity = activity.intensity
            }
            return output
        }
    }

    /// `value` rounded to an Int, or 0 when it is not finite or does not fit (the reader keeps
    /// values finite and bounded; this only keeps a conversion from ever trapping).
    static func wholeNumber(_ value: Double) -> Int {
        let rounded = value.rounded()
        guard rounded.isFinite, abs(rounded) < 9e15 else { return 0 }
        return Int(rounded)
    }

    /// Apple Health gives an hourly picture, not postures: a day is summed up from its hours.
    static func appleHealth(_ path: String, zone: TimeZone) throws -> FileDays {
        let result: AppleHealthReader.Result
        do { result = try AppleHealthReader.read(url: URL(fileURLWithPath: path)) } catch let error as SensorError {
            throw CLIError(error.description)
        }
        var byDay: [LocalDate: [(hour: Int, item: AppleHealthReader.Hour)]] = [:]
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        for hour in result.hours {
            byDay[LocalDate(hour.start, in: zone), default: []].append(
                (calendar.component(.hour, from: hour.start), hour))
        }
        let days = byDay.keys.sorted().map { day -> HealthDay in
            let hours = byDay[day]!
            var marks = Array(repeating: "", count: 24)
            for (h, item) in hours where (0..<24).contains(h) { marks[h] = item.isUpright() ? "upright" : "sedentary" }
            return HealthDay(
                date: day.description, hoursWithData: hours.count,
                uprightHours: hours.filter { $0.item.isUpright() }.count,
                sedentaryHours: hours.filter { !$0.item.isUpright() }.count,
                steps: wholeNumber(hours.reduce(0) { $0 + $1.item.steps }),
                standMinutes: hours.reduce(0) { $0 + $1.item.standMinutes }, hours: marks)
        }
        return FileDays(
            file: path, format: "Apple Health export", events: result.records, warnings: result.warnings,
            quality: nil, days: [], health: days)
    }

    func run() async throws {
        let zone =
            try tz.map { name -> TimeZone in
                guard let zone = TimeZone(identifier: name) else {
                    throw CLIError("unknown time zone '\(name)'; use an IANA name such as Europe/London")
                }
                return zone
            } ?? .current
        var settings = CoachPolicy(timeZone: zone.identifier)
        if let workHours {
            guard let hours = WorkHours(parsing: workHours) else {
                throw CLIError("work hours '\(workHours)' are not like 9-17 or \"mon-fri 08:30-16:30\"")
            }
            settings.workHours = hours
        }
        let sleepDiary = try diary.map { path -> SleepDiary in
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                throw CLIError("\(path): cannot read the diary (it must be a UTF-8 CSV file)")
            }
            do { return try SleepDiary(text: text, zone: zone) } catch { throw CLIError("\(path) \(error)") }
        }
        // Files are independent: read and summarise them in parallel.
        let policy = settings
        let paths = files
        let worn = Placement(rawValue: placement) ?? .thigh
        let wantEpochs = epochs != nil
        let results = try await withThrowingTaskGroup(of: (Int, FileDays, String).self) { group in
            for (index, path) in paths.enumerated() {
                group.addTask {
                    if AnalyzeCommand.isAppleHealth(path) {
                        return (index, try AnalyzeCommand.appleHealth(path, zone: zone), "")
                    }
                    var result = try WearableInput.read(path, zone: zone, placement: worn, withENMO: wantEpochs)
                    let name = URL(fileURLWithPath: path).lastPathComponent
                    if let sleepDiary, sleepDiary.covers(file: name) {
                        result = result.withDiary(sleepDiary.inBed(forFile: name))
                    }
                    let rows = wantEpochs ? AnalyzeCommand.epochRows(file: path, result, zone: zone) : ""
                    let quality = result.report.map {
                        Quality(
                            samples: $0.samples, skippedBlocks: $0.skippedBlocks, sequenceBreaks: $0.sequenceBreaks,
                            sessionChanges: $0.sessionChanges, truncated: $0.truncated, calibration: result.calibration)
                    }
                    let timeline = PostureTimeline(merging: result.bouts)
                    let days = AnalyzeCommand.days(of: timeline, zone: zone, policy: policy, recording: result)
                    return (
                        index,
                        FileDays(
                            file: path, format: result.format, events: result.count, warnings: result.warnings,
                            timeInBed: result.inBedNote, quality: quality, days: days), rows
                    )
                }
            }
            var collected: [(Int, FileDays, String)] = []
            // A progress line on a terminal (stderr, so --json and --csv output stay clean).
            let showProgress = isatty(2) == 1 && paths.count > 1
            for try await item in group {
                collected.append(item)
                if showProgress {
                    let done = collected.count
                    let total = paths.count
                    let bar =
                        String(repeating: "#", count: done * 20 / total)
                        + String(repeating: ".", count: 20 - done * 20 / total)
                    FileHandle.standardError.write(Data("\r[\(bar)] \(done)/\(total) files".utf8))
                    if done == total { FileHandle.standardError.write(Data("\n".utf8)) }
                }
            }
            return collected.sorted { $0.0 < $1.0 }
        }.map { ($0.1, $0.2) }
        if let epochs {
            let body = AnalyzeCommand.epochHeader + results.map(\.1).joined()
            do { try body.write(toFile: epochs, atomically: true, encoding: .utf8) } catch {
                throw CLIError("could not write \(epochs): \(error.localizedDescription)")
            }
            if results.contains(where: { $0.0.health != nil }) {
                FileHandle.standardError.write(
                    Data("Apple Health exports have hours, not epochs: they are not in \(epochs).\n".utf8))
            }
        }
        let summaries = results.map(\.0)
        if json {
            try Output.json(summaries)
        } else if csv {
            var out = "file," + ReportCSV.header.joined(separator: ",") + "\n"
            if summaries.contains(where: { $0.health != nil }) {
                var health = "file,date,hours_with_data,upright_hours,sedentary_hours,steps,stand_min\n"
                for file in summaries {
                    for d in file.health ?? [] {
                        let counts = [d.hoursWithData, d.uprightHours, d.sedentaryHours, d.steps].map(String.init)
                        let stand = ReportCSV.n(d.standMinutes)
                        health += "\"\(file.file)\",\(d.date),\(counts.joined(separator: ",")),\(stand)\n"
                    }
                }
                if summaries.allSatisfy({ $0.health != nil }) {
                    print(health, terminator: "")
                    return
                }
                let note =
                    "Apple Health files have an hourly picture, not posture metrics; analyse them on their own "
                    + "for CSV.\n"
                FileHandle.standardError.write(Data(note.utf8))
            }
            for file in summaries where file.health == nil {
                let body = ReportCSV.render(file.days).split(separator: "\n").dropFirst()
                for line in body { out += "\"\(file.file.replacingOccurrences(of: "\"", with: "\"\""))\",\(line)\n" }
            }
            print(out, terminator: "")
        } else {
            for file in summaries {
                print("\(file.file): \(file.format), \(file.events) events or samples, \(file.days.count) days")
                if let q = file.quality {
                    print(
                        "  data quality: \(q.skippedBlocks) blocks skipped, \(q.sequenceBreaks) gaps, "
                            + "\(q.sessionChanges) session changes\(q.truncated ? ", truncated" : ""); "
                            + "\(q.calibration ?? "no calibration")"
                    )
                }
                if let bed = file.timeInBed { print("  \(bed); sitting and lying are waking time") }
                for warning in file.warnings { print("  warning: \(warning)") }
                if let health = file.health {
                    let rows = health.map {
                        [
                            $0.date, "\($0.hoursWithData)", "\($0.uprightHours)", "\($0.sedentaryHours)", "\($0.steps)",
                            "\(Int($0.standMinutes.rounded()))",
                        ]
                    }
                    print(
                        TextReport.columns(
                            header: ["DAY", "HOURS", "UPRIGHT", "SEDENTARY", "STEPS", "STAND MIN"], rows: rows))
                    continue
                }
                print(ReportText.render(file.days))
                print("")
            }
        }
    }
}

struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import a wearable file into your sitting record (all or nothing)."
    )

    @Argument(help: ArgumentHelp("The file to import.", valueName: "file")) var file: String
    @Option(help: ArgumentHelp("The device's time zone (default: yours).", valueName: "zone")) var tz: String?
    @OptionGroup var store: StoreOptions

    func run() async throws {
        try await store.withStore { store, user in
            let zone =
                try tz.map { name -> TimeZone in
                    guard let zone = TimeZone(identifier: name) else { throw CLIError("unknown time zone '\(name)'") }
                    return zone
                } ?? user.zone
            let result = try WearableInput.read(file, zone: zone)
            guard let first = result.bouts.first, let last = result.bouts.last else {
                throw CLIError("\(file): no posture data to import")
            }
            do {
                try await store.importWearable(result.bouts, userID: user.id)
            } catch let error as StoreError {
                throw CLIError("\(file): \(error.description)")
            }
            print(
                "Imported \(result.bouts.count) bouts (\(result.count) events, \(result.format)) from "
                    + "\(TimeText.clock(first.start, zone, withDate: true)) to "
                    + "\(TimeText.clock(last.end, zone, withDate: true))."
            )
            for warning in result.warnings { print("warning: \(warning)") }
        }
    }
}
