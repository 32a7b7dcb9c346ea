import Foundation

/// ENMO cut-points in milli-g: an epoch whose mean ENMO is at least `light` is light, at least
/// `moderate` moderate, at least `vigorous` vigorous (GGIR's `identify_levels` compares the same
/// way, `>=` at each lower bound); below `light` it is inactive.
///
/// The adult figures are those GGIR lists for raw ENMO in its vignette "Published cut-points and
/// how to use them in GGIR" (wadpac/GGIR, vignettes/CutPoints.Rmd, table "Cut-points for adults",
/// rows "Hildebrand 2014 / Hildebrand 2016", 21–61 yr):
/// - moderate and vigorous from Hildebrand M, van Hees VT, Hansen BH, Ekelund U. Age group
///   comparability of raw accelerometer output from wrist- and hip-worn monitors. Med Sci Sports
///   Exerc 2014;46(9):1816–24, doi:10.1249/MSS.0000000000000289;
/// - light (the sedentary/light boundary) from Hildebrand M, Hansen BH, van Hees VT, Ekelund U.
///   Evaluation of raw acceleration sedentary thresholds in children and adults. Scand J Med Sci
///   Sports 2017;27(12):1814–23, doi:10.1111/sms.12795 (GGIR cites it as "Hildebrand 2016", its
///   online date).
/// The figures were checked against that GGIR table; the papers themselves were not read here.
public struct IntensityCutPoints: Sendable, Equatable {
    public var light: Double
    public var moderate: Double
    public var vigorous: Double
    /// Where the figures come from, for reports.
    public var source: String

    public init(light: Double, moderate: Double, vigorous: Double, source: String) {
        self.light = light
        self.moderate = moderate
        self.vigorous = vigorous
        self.source = source
    }

    static let hildebrand =
        "Hildebrand et al. 2014 (MSSE 46:1816-24) moderate/vigorous; Hildebrand et al. 2017"
        + " (Scand J Med Sci Sports 27:1814-23) light; adults 21-61 y, as listed in GGIR's CutPoints vignette"

    /// ActiGraph, non-dominant wrist: 44.8 / 100.6 / 428.8 mg.
    public static let actiGraphWrist = IntensityCutPoints(
        light: 44.8, moderate: 100.6, vigorous: 428.8, source: "ActiGraph non-dominant wrist: " + hildebrand)
    /// GENEActiv, non-dominant wrist: 45.8 / 93.2 / 418.3 mg.
    public static let geneActivWrist = IntensityCutPoints(
        light: 45.8, moderate: 93.2, vigorous: 418.3, source: "GENEActiv non-dominant wrist: " + hildebrand)
    /// ActiGraph, hip: 47.4 / 69.1 / 258.7 mg.
    public static let actiGraphHip = IntensityCutPoints(
        light: 47.4, moderate: 69.1, vigorous: 258.7, source: "ActiGraph hip: " + hildebrand)
    /// GENEActiv, hip: 46.9 / 68.7 / 266.8 mg.
    public static let geneActivHip = IntensityCutPoints(
        light: 46.9, moderate: 68.7, vigorous: 266.8, source: "GENEActiv hip: " + hildebrand)

    public enum Placement: String, Sendable { case wrist, hip }
    /// Hildebrand's calibration devices. Other raw devices (Axivity and the like) have no figures
    /// of their own there; ActiGraph's are the usual stand-in.
    public enum Device: String, Sendable { case actiGraph, geneActiv }

    public static func hildebrand(_ placement: Placement, device: Device = .actiGraph) -> IntensityCutPoints {
        switch (placement, device) {
        case (.wrist, .actiGraph): actiGraphWrist
        case (.wrist, .geneActiv): geneActivWrist
        case (.hip, .actiGraph): actiGraphHip
        case (.hip, .geneActiv): geneActivHip
        }
    }
}

/// Minutes in each intensity, and MVPA minutes in bouts, over some span of a recording.
public struct IntensitySummary: Sendable, Equatable {
    /// Minutes of epochs with data (5-s epochs / 12).
    public var minutes = 0.0
    public var inactiveMinutes = 0.0
    public var lightMinutes = 0.0
    public var moderateMinutes = 0.0
    public var vigorousMinutes = 0.0
    /// MVPA minutes inside bouts of at least 1, 5 and 10 minutes (cumulative: a minute in a
    /// 12-minute bout counts in all three). Only the epochs at or above the moderate cut-point
    /// count, as in GGIR's bout.metric 6; the tolerated dips inside a bout do not.
    public var mvpaBout1Minutes = 0.0
    public var mvpaBout5Minutes = 0.0
    public var mvpaBout10Minutes = 0.0

    public init() {}

    public var mvpaMinutes: Double { moderateMinutes + vigorousMinutes }

    static func + (a: IntensitySummary, b: IntensitySummary) -> IntensitySummary {
        var s = a
        s.minutes += b.minutes
        s.inactiveMinutes += b.inactiveMinutes
        s.lightMinutes += b.lightMinutes
        s.moderateMinutes += b.moderateMinutes
        s.vigorousMinutes += b.vigorousMinutes
        s.mvpaBout1Minutes += b.mvpaBout1Minutes
        s.mvpaBout5Minutes += b.mvpaBout5Minutes
        s.mvpaBout10Minutes += b.mvpaBout10Minutes
        return s
    }
}

/// Light, moderate and vigorous time from wrist or hip raw data, the way GGIR reports it: ENMO
/// averaged over 5-second epochs (GGIR's default short epoch, `windowsizes[1] = 5`), each epoch
/// classified by `IntensityCutPoints`, and MVPA bouts found by `MVPABouts`.
///
/// Fed `SecondSummary`s in time order; holds one small record per 5-s epoch (a week is
/// 120,960 epochs, under 3 MB), so the summaries can be asked for any windows afterwards.
public struct IntensityEpochs {
    public static let epochSeconds = 5
    public let cutPoints: IntensityCutPoints
    public var bouts = MVPABouts()

    /// Epoch index (second / 5), Σ sample ENMO in g, samples; in the order the seconds came.
    private var index: [Int] = []
    private var enmo: [Double] = []
    private var samples: [Double] = []
    private var ordered = true

    public init(cutPoints: IntensityCutPoints) { self.cutPoints = cutPoints }

    public init(placement: IntensityCutPoints.Placement, device: IntensityCutPoints.Device = .actiGraph) {
        self.init(cutPoints: .hildebrand(placement, device: device))
    }

    public mutating func add(_ second: SecondSummary) {
        guard second.n > 0 else { return }
        let e = Int((Double(second.second) / Double(Self.epochSeconds)).rounded(.down))
        if let last = index.last, last == e {
            enmo[enmo.count - 1] += second.enmo
            samples[samples.count - 1] += second.n
            return
        }
        if let last = index.last, e < last { ordered = false }
        index.append(e)
        enmo.append(second.enmo)
        samples.append(second.n)
    }

    /// Mean ENMO in milli-g per epoch with data in [from, to), sorted, seconds that came out of
    /// order merged into their epoch.
    func epochs(from: Date, to: Date) -> [(index: Int, milliG: Double)] {
        let first = Int((from.timeIntervalSince1970 / Double(Self.epochSeconds)).rounded(.up))
        let end = Int((to.timeIntervalSince1970 / Double(Self.epochSeconds)).rounded(.up))
        var picked: [(index: Int, enmo: Double, n: Double)] = []
        if ordered {
            let lo = lowerBound(first)
            var i = lo
            while i < index.count, index[i] < end {
                picked.append((index[i], enmo[i], samples[i]))
                i += 1
            }
        } else {
            for i in index.indices where index[i] >= first && index[i] < end {
                picked.append((index[i], enmo[i], samples[i]))
            }
            picked.sort { $0.index < $1.index }
        }
        var out: [(index: Int, milliG: Double)] = []
        var k = 0
        while k < picked.count {
            var sum = picked[k].enmo
            var n = picked[k].n
            var j = k + 1
            while j < picked.count, picked[j].index == picked[k].index {
                sum += picked[j].enmo
                n += picked[j].n
                j += 1
            }
            out.append((picked[k].index, sum / n * 1000))
            k = j
        }
        return out
    }

    private func lowerBound(_ e: Int) -> Int {
        var lo = 0
        var hi = index.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if index[mid] < e { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    /// The summary of the epochs that start in [from, to) (epochs are whole 5-s steps of the
    /// clock, so a bound inside an epoch leaves that epoch out). Bouts do not cross the bounds.
    public func summary(from: Date, to: Date) -> IntensitySummary {
        let list = epochs(from: from, to: to)
        // Counted in epochs and turned into minutes once, so 132 epochs are exactly 11 minutes.
        var counts = (all: 0, inactive: 0, light: 0, moderate: 0, vigorous: 0)
        for e in list {
            counts.all += 1
            if e.milliG >= cutPoints.vigorous {
                counts.vigorous += 1
            } else if e.milliG >= cutPoints.moderate {
                counts.moderate += 1
            } else if e.milliG >= cutPoints.light {
                counts.light += 1
            } else {
                counts.inactive += 1
            }
        }
        func minutes(_ epochs: Int) -> Double { Double(epochs * Self.epochSeconds) / 60 }
        var s = IntensitySummary()
        s.minutes = minutes(counts.all)
        s.inactiveMinutes = minutes(counts.inactive)
        s.lightMinutes = minutes(counts.light)
        s.moderateMinutes = minutes(counts.moderate)
        s.vigorousMinutes = minutes(counts.vigorous)
        // Missing epochs are not MVPA: lay the epochs on a gapless line.
        if let firstIndex = list.first?.index, let lastIndex = list.last?.index {
            var mvpa = [Bool](repeating: false, count: lastIndex - firstIndex + 1)
            for e in list where e.milliG >= cutPoints.moderate { mvpa[e.index - firstIndex] = true }
            s.mvpaBout1Minutes = minutes(bouts.boutEpochs(mvpa, minutes: 1))
            s.mvpaBout5Minutes = minutes(bouts.boutEpochs(mvpa, minutes: 5))
            s.mvpaBout10Minutes = minutes(bouts.boutEpochs(mvpa, minutes: 10))
        }
        return s
    }

    /// The sum over the windows (waking windows, say), each on its own: a bout does not run
    /// from one window into the next. Overlapping windows are counted twice; pass them merged.
    public func summary(windows: [DateInterval]) -> IntensitySummary {
        windows.reduce(IntensitySummary()) { $0 + summary(from: $1.start, to: $1.end) }
    }

    /// One summary per calendar day of `calendar` (its time zone decides midnight) from the
    /// first epoch's day to the last's; with `windows`, only the parts of the windows in that day.
    public func daily(calendar: Calendar, windows: [DateInterval]? = nil) -> [(day: DateInterval, IntensitySummary)] {
        guard let lo = index.min(), let hi = index.max() else { return [] }
        let first = Date(timeIntervalSince1970: Double(lo * Self.epochSeconds))
        let last = Date(timeIntervalSince1970: Double(hi * Self.epochSeconds))
        var out: [(day: DateInterval, IntensitySummary)] = []
        var dayStart = calendar.startOfDay(for: first)
        while dayStart <= last {
            guard let next = calendar.date(byAdding: .day, value: 1, to: dayStart), next > dayStart else { break }
            let day = DateInterval(start: dayStart, end: next)
            if let windows {
                let parts = windows.compactMap { $0.intersection(with: day) }.filter { $0.duration > 0 }
                out.append((day, summary(windows: parts)))
            } else {
                out.append((day, summary(from: day.start, to: day.end)))
            }
            dayStart = next
        }
        return out
    }
}

/// MVPA bouts after GGIR's `g.getbout` with `bout.metric = 6` (its default), with the defaults
/// of GGIR's part 5: `boutcriter.mvpa = 0.8` and `boutdur.mvpa = c(1, 5, 10)` minutes. A bout of
/// at least L minutes is covered by windows of exactly L minutes (12·L epochs of 5 s) that each
/// - have at least `criterion` (80 %) of their epochs at or above the moderate cut-point,
/// - begin and end with such an epoch, and
/// - hold no break (a run of epochs below it) longer than `maximumBreakSeconds` (60 s; GGIR
///   looks for "breaks larger than but not equal to a minute").
/// The time in bouts is the MVPA epochs inside such windows (bout.metric 6 keeps only those).
/// Written from GGIR's R source (wadpac/GGIR R/g.getbout.R, R/identify_levels.R), not copied:
/// GGIR's rolling means centre the window and mark one epoch more; these differ at the edges by
/// an epoch or so.
public struct MVPABouts: Sendable {
    public var criterion = 0.8
    public var maximumBreakSeconds = 60
    public init() {}

    /// Epochs flagged `true` that lie in a bout of at least `minutes`.
    func boutEpochs(_ mvpa: [Bool], minutes: Int) -> Int {
        let width = minutes * 60 / IntensityEpochs.epochSeconds
        let count = mvpa.count
        guard width > 0, count >= width else { return 0 }
        let maxBreak = maximumBreakSeconds / IntensityEpochs.epochSeconds
        // Epochs in breaks longer than allowed.
        var breaker = [Bool](repeating: false, count: count)
        var i = 0
        while i < count {
            if mvpa[i] {
                i += 1
                continue
            }
            var j = i
            while j < count, !mvpa[j] { j += 1 }
            if j - i > maxBreak { for k in i..<j { breaker[k] = true } }
            i = j
        }
        var ones = [Int](repeating: 0, count: count + 1)
        var breaks = [Int](repeating: 0, count: count + 1)
        for k in 0..<count {
            ones[k + 1] = ones[k] + (mvpa[k] ? 1 : 0)
            breaks[k + 1] = breaks[k] + (breaker[k] ? 1 : 0)
        }
        let needed = criterion * Double(width)
        var cover = [Int](repeating: 0, count: count + 1)
        for start in 0...(count - width) {
            let end = start + width
            guard mvpa[start], mvpa[end - 1], breaks[end] - breaks[start] == 0,
                Double(ones[end] - ones[start]) >= needed
            else { continue }
            cover[start] += 1
            cover[end] -= 1
        }
        var running = 0
        var total = 0
        for k in 0..<count {
            running += cover[k]
            if running > 0, mvpa[k] { total += 1 }
        }
        return total
    }
}
