import Foundation
import Testing

@testable import SitLessCore

/// Two days in Berlin: the night of 7 to 8 December between them.
private let evening = Clock("2026-12-07")
private let morning = Clock("2026-12-08")

/// A wearable bout on clock `c`; "24:00" is the midnight that ends the day.
private func w(_ c: Clock, _ p: Posture, _ from: String, _ to: String) -> PostureBout {
    let end = to == "24:00" ? c.day.adding(days: 1).startOfDay(in: c.zone) : c.at(to)
    return PostureBout(p, from: c.at(from), to: end, source: .wearable)
}

@Suite("Time in bed and the waking day")
struct TimeInBedTests {
    /// Monday evening to Tuesday morning, as a thigh sensor sees it without lying detection:
    /// the night is one long sitting stretch with a bathroom trip.
    static let night: [PostureBout] = [
        w(evening, .sitting, "19:00", "21:30"),  // 2 h 30 on the sofa (a seed, but not a night)
        w(evening, .standing, "21:30", "21:50"),  // 20 min up: ends the sofa container
        w(evening, .sitting, "21:50", "22:30"),
        w(evening, .stepping, "22:30", "22:35"),
        w(evening, .sitting, "22:35", "24:00"),  // into bed at 22:35 (the seed runs into the next day)
        w(morning, .sitting, "00:00", "03:00"),
        w(morning, .stepping, "03:00", "03:06"),  // bathroom, 6 min: joined
        w(morning, .sitting, "03:06", "06:40"),
        w(morning, .standing, "06:40", "07:00"),
        w(morning, .sitting, "07:00", "07:30"),  // breakfast: 20 min after getting up, a new container
    ]

    @Test("the longest sedentary container of the night, joined across a 6-minute trip, is the time in bed")
    func primarySedentary() {
        let found = TimeInBed.primarySedentary(in: Self.night, zone: evening.zone)
        // 21:50-22:30 sitting, 5 min walking, 22:35-06:40 sitting with a 6 min trip: one container
        // from 21:50 (the 5 min walk is an interruption under 15 min) to 06:40 = 8 h 50 min. The sofa
        // (19:00-21:30) is cut off by 20 min standing; breakfast by 20 min standing.
        #expect(found == [DateInterval(start: evening.at("21:50"), end: morning.at("06:40"))])
    }

    @Test("a sedentary stretch under 3 hours, or one without an hour-long bout, is not a night")
    func notANight() {
        let afternoon = [
            w(evening, .sitting, "13:00", "15:30"), w(evening, .standing, "15:30", "15:35"),
            w(evening, .sitting, "15:35", "15:50"),
        ]
        // 2 h 50 min: under the 3-hour shortest night.
        #expect(TimeInBed.primarySedentary(in: afternoon, zone: evening.zone).isEmpty)
        // Six 50-minute sits joined by 5-minute stands: 5 h 25 min, but no seed of an hour.
        var choppy: [PostureBout] = []
        var t = evening.at("09:00")
        for _ in 0..<6 {
            choppy.append(PostureBout(.sitting, from: t, to: t + 3000, source: .wearable))
            choppy.append(PostureBout(.standing, from: t + 3000, to: t + 3300, source: .wearable))
            t += 3300
        }
        #expect(TimeInBed.primarySedentary(in: choppy, zone: evening.zone).isEmpty)
    }

    @Test("a night with no lying: the sedentary period across the small hours, without breakfast or a late evening")
    func stillNights() {
        let zone = evening.zone
        // The night above: CREA's rule starts it at 21:50, 5 minutes before the walk to bed; here
        // only bouts that start between midnight and 06:00 join, so it starts at 22:35 (in bed)
        // and keeps the 03:06 return from the bathroom: 22:35-06:40, 6 h between midnight and 06:00.
        let night = DateInterval(start: evening.at("22:35"), end: morning.at("06:40"))
        #expect(TimeInBed.stillNights(in: Self.night, besides: [], zone: zone) == [night])
        // An evening of sitting with 5-minute breaks, then bed: CREA's rule takes the whole
        // evening; here the evening stays waking sitting.
        let sofa = [
            w(evening, .sitting, "18:00", "21:00"), w(evening, .standing, "21:00", "21:05"),
            w(evening, .sitting, "21:05", "22:30"), w(evening, .standing, "22:30", "22:35"),
        ] + Self.night[4...]
        #expect(
            TimeInBed.primarySedentary(in: sofa, zone: zone) == [
                DateInterval(start: evening.at("18:00"), end: morning.at("06:40"))
            ])
        #expect(TimeInBed.stillNights(in: sofa, besides: [], zone: zone) == [night])
        // Breakfast 10 minutes after getting up: CREA's rule takes it into the night; a bout
        // starting after 06:00 does not join the night, so the night still ends at 06:40.
        var quickBreakfast = Self.night
        quickBreakfast[8] = w(morning, .standing, "06:40", "06:50")
        quickBreakfast[9] = w(morning, .sitting, "06:50", "07:30")
        #expect(
            TimeInBed.primarySedentary(in: quickBreakfast, zone: zone) == [
                DateInterval(start: evening.at("21:50"), end: morning.at("07:30"))
            ])
        #expect(TimeInBed.stillNights(in: quickBreakfast, besides: [], zone: zone) == [night])
        // A night the lying already found is left alone.
        let found = [DateInterval(start: evening.at("23:00"), end: morning.at("06:00"))]
        #expect(TimeInBed.stillNights(in: Self.night, besides: found, zone: zone).isEmpty)
        // Seven hours at the desk and on the sofa until 01:00, then the sensor comes off: 1 h
        // after midnight is not a night (CREA's rule calls it one).
        let lateEvening = [
            w(evening, .sitting, "18:00", "24:00"), w(morning, .sitting, "00:00", "01:00"),
            w(morning, .nonWear, "01:00", "08:00"),
        ]
        #expect(TimeInBed.primarySedentary(in: lateEvening, zone: zone).count == 1)
        #expect(TimeInBed.stillNights(in: lateEvening, besides: [], zone: zone).isEmpty)
        // Five hours at the desk in the morning: none of it in the small hours.
        let desk = [w(morning, .standing, "07:00", "08:00"), w(morning, .sitting, "08:00", "13:00")]
        #expect(TimeInBed.stillNights(in: desk, besides: [], zone: zone).isEmpty)
    }

    @Test("a gap without data or non-wear ends a container")
    func gapsEnd() {
        let bouts = [
            w(evening, .sitting, "22:00", "23:30"), w(evening, .nonWear, "23:30", "23:40"),
            w(evening, .sitting, "23:40", "24:00"), w(morning, .sitting, "00:00", "02:00"),
        ]
        // 22:00-23:30 is 1 h 30 (too short); 23:40-02:00 is 2 h 20 (too short): no night.
        #expect(TimeInBed.primarySedentary(in: bouts, zone: evening.zone).isEmpty)
    }

    @Test("in bed outranks the posture under it, and the day's sitting is waking sitting")
    func wakingMetrics() {
        let bed = DateInterval(start: evening.at("22:35"), end: morning.at("06:40"))
        let bouts = TimeInBed.apply([bed], source: .diary, to: Self.night)
        let timeline = PostureTimeline(merging: bouts)
        let tuesday = SedentaryMetrics(
            timeline: timeline, from: morning.day.startOfDay(in: morning.zone),
            to: morning.day.adding(days: 1).startOfDay(in: morning.zone))
        // Tuesday: in bed 00:00-06:40 = 400 min; then standing 20 min and sitting 30 min.
        #expect(tuesday.inBedSeconds == 400 * 60)
        #expect(tuesday.sittingSeconds == 30 * 60)
        #expect(tuesday.standingSeconds == 20 * 60)
        // Waking wear: the 50 minutes with a posture after getting up (the rest has no data).
        #expect(tuesday.wakingWearSeconds == 50 * 60)
        // Getting out of bed is not a break in sitting; the one sedentary bout is breakfast.
        #expect(tuesday.breaks == 0)
        #expect(tuesday.sedentaryBoutCount == 1)
        #expect(tuesday.longestBoutSeconds == TimeInterval(30 * 60))
        #expect(!tuesday.longestBoutContinues)
        #expect(TimeInBed.periods(in: bouts) == [bed])
    }

    @Test("the longest bout says when it goes on across midnight, and counts only its part in the day")
    func longestAcrossMidnight() {
        let timeline = PostureTimeline(merging: Self.night)
        let tuesday = SedentaryMetrics(
            timeline: timeline, from: morning.day.startOfDay(in: morning.zone),
            to: morning.day.adding(days: 1).startOfDay(in: morning.zone))
        // Without time in bed: 00:00-03:00 sitting continues the bout begun on Monday 22:35.
        #expect(tuesday.longestBoutSeconds == TimeInterval(214 * 60))  // 03:06-06:40 is longer than 00:00-03:00
        #expect(!tuesday.longestBoutContinues)
        let monday = SedentaryMetrics(
            timeline: timeline, from: evening.day.startOfDay(in: evening.zone),
            to: evening.day.adding(days: 1).startOfDay(in: evening.zone))
        // Monday's longest: 19:00-21:30 is 150 min; 22:35-24:00 is 85 min. 150 wins: inside the day.
        #expect(monday.longestBoutSeconds == TimeInterval(150 * 60))
        #expect(!monday.longestBoutContinues)
        // A day whose longest part is the evening end of a bout going on after midnight.
        let late = PostureTimeline(merging: [
            w(evening, .sitting, "20:00", "20:30"), w(evening, .standing, "20:30", "20:35"),
            w(evening, .sitting, "20:35", "24:00"), w(morning, .sitting, "00:00", "01:00"),
        ])
        let lateMonday = SedentaryMetrics(
            timeline: late, from: evening.day.startOfDay(in: evening.zone),
            to: evening.day.adding(days: 1).startOfDay(in: evening.zone))
        #expect(lateMonday.longestBoutSeconds == TimeInterval(205 * 60))  // 20:35-24:00
        #expect(lateMonday.longestBoutContinues)
    }
}

@Suite("Sleep diary")
struct SleepDiaryTests {
    let zone = TimeZone(identifier: "Europe/Berlin")!

    @Test("nights are read in the recording's zone, per file or for every file")
    func nights() throws {
        let diary = try SleepDiary(
            text: """
                # study 12, week 1
                file,in_bed,out_of_bed
                P1.cwa,2026-12-07 22:35,2026-12-08 06:40
                ,2026-12-08 23:10,2026-12-09T07:05:30
                """, zone: zone)
        #expect(diary.layout == .inBed)
        #expect(
            diary.inBed(forFile: "P1.cwa") == [
                DateInterval(start: evening.at("22:35"), end: morning.at("06:40")),
                DateInterval(start: morning.at("23:10"), end: Clock("2026-12-09").at("07:05:30")),
            ])
        #expect(diary.inBed(forFile: "P2.cwa").count == 1)
        #expect(diary.covers(file: "P2.cwa"))
    }

    @Test("wear windows: the time between one day's window and the next is the night")
    func wearWindows() throws {
        let diary = try SleepDiary(
            text: "wear_from,wear_until\n2026-12-07 07:00,2026-12-07 22:30\n2026-12-08 06:45,2026-12-08 23:00\n",
            zone: zone)
        #expect(diary.inBed(forFile: "any.csv") == [DateInterval(start: evening.at("22:30"), end: morning.at("06:45"))])
    }

    @Test("a bad row is refused with its line number and what was wrong")
    func errors() {
        func problem(_ text: String) -> String? {
            do {
                _ = try SleepDiary(text: text, zone: zone)
                return nil
            } catch { return error.description }
        }
        #expect(
            problem("night,start\n") == "line 1: the header must name in_bed and out_of_bed (nights) or "
                + "wear_from and wear_until (waking wear windows); found 'night,start'")
        #expect(
            problem("in_bed,out_of_bed\n2026-12-07 22:35,2026-12-08 25:40\n")
                == "line 2: out_of_bed '2026-12-08 25:40' is not a local time like 2026-03-03 06:45")
        #expect(
            problem("in_bed,out_of_bed\n\n2026-12-08 06:40,2026-12-07 22:35\n")
                == "line 3: out_of_bed 2026-12-07 22:35 is not after in_bed 2026-12-08 06:40")
        #expect(
            problem("in_bed,out_of_bed\n2026-12-07 22:35,2026-12-09 06:40\n")
                == "line 2: in_bed to out_of_bed is 32 h 5 min; one row may cover at most 24 h")
        #expect(
            problem("in_bed,out_of_bed\n2026-12-07 22:35,2026-12-08 06:40\n2026-12-08 06:00,2026-12-08 07:00\n")
                == "line 3: overlaps the row on line 2")
        #expect(problem("in_bed,out_of_bed\n2026-12-07 22:35\n") == "line 2: expected 2 fields, found 1")
        #expect(problem("# nothing\n") == "line 2: the diary has no header row")
    }
}
