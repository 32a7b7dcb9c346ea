import Foundation

/// Server-rendered SVG charts: no JavaScript, readable by screen readers through their
/// title and a data table next to each chart. Colours come from the style sheet through
/// class names (c-*, t-*), so they follow the light and dark schemes; on narrow screens the
/// style sheet enlarges the text and hides the labels marked c-minor (every other one when
/// there are more than seven).
enum Charts {
    struct Point {
        var label: String
        var value: Double
    }

    /// A bar's colour, as its class in the style sheet.
    enum Tone: String { case accent = "c-bar", sitting = "t-sitting", warn = "c-warn" }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    static func number(_ v: Double) -> String { v == v.rounded() ? String(Int(v)) : String(format: "%.1f", v) }

    /// Whether the label at `index` of `count` gives way on narrow screens: with more than
    /// seven labels every other one does, keeping the last.
    static func minor(_ index: Int, of count: Int) -> Bool {
        count > 7 && (count - 1 - index) % 2 == 1
    }

    static func start(width: Double, height: Double, title: String) -> String {
        "<svg class=\"chart\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" "
            + "aria-label=\"\(escape(title))\">"
            + "<title>\(escape(title))</title>"
    }

    /// What a chart with nothing to show draws instead of a flat line: a frame saying so.
    static func empty(title: String, width: Double = 600, height: Double = 120) -> String {
        start(width: width, height: height, title: title + ": no data yet")
            + "<rect x=\"1\" y=\"1\" width=\"\(Int(width) - 2)\" height=\"\(Int(height) - 2)\" rx=\"8\" "
            + "fill=\"none\" class=\"c-axis\" stroke-dasharray=\"6 4\"/>"
            + "<text x=\"\(Int(width / 2))\" y=\"\(Int(height / 2) + 6)\" font-size=\"16\" text-anchor=\"middle\" "
            + "class=\"c-text c-empty\">No data yet</text>"
            + "</svg>"
    }

    /// Bars, with an optional horizontal goal line.
    static func bars(
        _ points: [Point], title: String, unit: String, goal: Double? = nil, tone: Tone = .accent,
        secondary: [Point]? = nil
    ) -> String {
        let values = points.map(\.value) + (secondary?.map(\.value) ?? [])
        guard values.contains(where: { $0 > 0 }) else { return empty(title: title) }
        let width = 600.0
        let height = 240.0
        let left = 40.0
        let bottom = 34.0
        let top = 30.0
        let maxValue = max(([goal ?? 0] + values).max() ?? 1, 1) * 1.1
        let plotWidth = width - left - 10
        let plotHeight = height - bottom - top
        let slot = plotWidth / Double(max(points.count, 1))
        func y(_ v: Double) -> Double { top + plotHeight - v / maxValue * plotHeight }
        var svg = start(width: width, height: height, title: title)
        svg += "<line x1=\"\(left)\" y1=\"\(y(0))\" x2=\"\(width - 10)\" y2=\"\(y(0))\" class=\"c-axis\"/>"
        svg +=
            "<text x=\"4\" y=\"18\" font-size=\"12\" class=\"c-text\">up to \(number(maxValue / 1.1)) "
                + "\(escape(unit))</text>"
        for (i, p) in points.enumerated() {
            let x = left + Double(i) * slot
            let barWidth = secondary == nil ? slot * 0.7 : slot * 0.35
            if let s = secondary?[i] {
                svg +=
                    "<rect x=\"\(x + slot * 0.15 + barWidth)\" y=\"\(y(s.value))\" width=\"\(barWidth)\" "
                        + "height=\"\(y(0) - y(s.value))\" class=\"c-second\"><title>\(escape(s.label)): "
                        + "\(number(s.value))</title></rect>"
            }
            svg +=
                "<rect x=\"\(x + slot * 0.15)\" y=\"\(y(p.value))\" width=\"\(barWidth)\" "
                    + "height=\"\(y(0) - y(p.value))\" class=\"\(tone.rawValue)\"><title>\(escape(p.label)): "
                    + "\(number(p.value)) \(escape(unit))</title></rect>"
            if points.count <= 16 || i % 2 == 0 {
                let cls = minor(i, of: points.count) ? "c-text c-minor" : "c-text"
                svg +=
                    "<text x=\"\(x + slot / 2)\" y=\"\(height - 8)\" font-size=\"11\" text-anchor=\"middle\" "
                        + "class=\"\(cls)\">\(escape(p.label))</text>"
            }
        }
        if let goal {
            svg +=
                "<line x1=\"\(left)\" y1=\"\(y(goal))\" x2=\"\(width - 10)\" y2=\"\(y(goal))\" class=\"c-goal\" "
                    + "stroke-dasharray=\"6 4\"/>"
            svg +=
                "<text x=\"\(width - 12)\" y=\"18\" font-size=\"12\" text-anchor=\"end\" "
                    + "class=\"c-goal-text\">dashed line: limit \(number(goal)) \(escape(unit))</text>"
        }
        return svg + "</svg>"
    }

    /// A line with dots. All zeros count as no data unless `zeroIsData` (pain 0/10 is an answer).
    static func line(
        _ points: [Point], title: String, unit: String, maxValue fixedMax: Double? = nil, zeroIsData: Bool = false
    ) -> String {
        guard !points.isEmpty, zeroIsData || points.contains(where: { $0.value > 0 }) else {
            return empty(title: title)
        }
        let width = 600.0
        let height = 220.0
        let left = 40.0
        let bottom = 34.0
        let top = 30.0
        let maxValue = fixedMax ?? max((points.map(\.value).max() ?? 1) * 1.1, 1)
        let plotWidth = width - left - 20
        let plotHeight = height - bottom - top
        func x(_ i: Int) -> Double {
            left + (points.count <= 1 ? plotWidth / 2 : Double(i) / Double(points.count - 1) * plotWidth)
        }
        func y(_ v: Double) -> Double { top + plotHeight - v / maxValue * plotHeight }
        var svg = start(width: width, height: height, title: title)
        svg += "<line x1=\"\(left)\" y1=\"\(y(0))\" x2=\"\(width - 10)\" y2=\"\(y(0))\" class=\"c-axis\"/>"
        let peak = fixedMax ?? (points.map(\.value).max() ?? 0)
        svg += "<text x=\"4\" y=\"18\" font-size=\"12\" class=\"c-text\">up to \(number(peak)) \(escape(unit))</text>"
        if points.count > 1 {
            svg +=
                "<polyline fill=\"none\" class=\"c-line\" stroke-width=\"2\" points=\""
                + points.enumerated().map { "\(x($0.offset)),\(y($0.element.value))" }.joined(separator: " ") + "\"/>"
        }
        for (i, p) in points.enumerated() {
            svg +=
                "<circle cx=\"\(x(i))\" cy=\"\(y(p.value))\" r=\"4\" class=\"c-dot\"><title>\(escape(p.label)): "
                    + "\(number(p.value)) \(escape(unit))</title></circle>"
            let cls = minor(i, of: points.count) ? "c-text c-minor" : "c-text"
            svg +=
                "<text x=\"\(x(i))\" y=\"\(height - 8)\" font-size=\"11\" text-anchor=\"middle\" "
                    + "class=\"\(cls)\">\(escape(p.label))</text>"
        }
        return svg + "</svg>"
    }

    /// Horizontal bars, one per name, each out of its own whole (e.g. sessions done of those
    /// prescribed): for a few people or items at a glance. Values are shown as text too.
    static func progressBars(
        _ rows: [(label: String, value: Double, of: Double, text: String)], title: String
    ) -> String {
        guard !rows.isEmpty, rows.contains(where: { $0.of > 0 }) else { return empty(title: title) }
        let width = 600.0
        let rowHeight = 60.0
        let height = rowHeight * Double(rows.count) + 4
        var svg = start(width: width, height: height, title: title)
        for (i, r) in rows.enumerated() {
            let top = Double(i) * rowHeight + 4
            let share = r.of > 0 ? min(max(r.value / r.of, 0), 1) : 0
            svg +=
                "<text x=\"0\" y=\"\(top + 22)\" font-size=\"15\" class=\"c-text\">\(escape(r.label)): "
                    + "\(escape(r.text))</text>"
            svg += "<rect x=\"0\" y=\"\(top + 32)\" width=\"\(width)\" height=\"18\" rx=\"4\" class=\"c-track\"/>"
            svg +=
                "<rect x=\"0\" y=\"\(top + 32)\" width=\"\(share * width)\" height=\"18\" rx=\"4\" "
                    + "class=\"c-bar\"><title>\(escape(r.label)): \(escape(r.text))</title></rect>"
        }
        return svg + "</svg>"
    }

    /// A day as one bar of coloured bouts from midnight to midnight.
    static func timeline(_ pieces: [(posture: String, start: Double, end: Double)], title: String) -> String {
        let width = 600.0
        var svg = start(width: width, height: 72, title: title)
        svg += "<rect x=\"0\" y=\"8\" width=\"600\" height=\"30\" class=\"t-unknown\"/>"
        let known: Set = ["sitting", "lying", "standing", "stepping", "non-wear", "in-bed"]
        for p in pieces {
            let x = p.start * width
            let w = max((p.end - p.start) * width, 0.5)
            let tone = known.contains(p.posture) ? "t-" + p.posture : "t-unknown"
            svg +=
                "<rect x=\"\(x)\" y=\"8\" width=\"\(w)\" height=\"30\" "
                    + "class=\"\(tone)\"><title>\(escape(p.posture))</title></rect>"
        }
        for hour in stride(from: 0, through: 24, by: 3) {
            let x = Double(hour) / 24 * width
            let anchor = hour == 0 ? "start" : hour == 24 ? "end" : "middle"
            svg +=
                "<text x=\"\(x)\" y=\"64\" font-size=\"11\" text-anchor=\"\(anchor)\" class=\"c-text\">\(hour)</text>"
        }
        return svg + "</svg>"
    }
}
