import Foundation

/// Server-rendered SVG charts: no JavaScript, readable by screen readers through their
/// title and a data table next to each chart.
enum Charts {
    struct Point { var label: String; var value: Double }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    static func number(_ v: Double) -> String { v == v.rounded() ? String(Int(v)) : String(format: "%.1f", v) }

    /// Bars, with an optional horizontal goal line.
    static func bars(_ points: [Point], title: String, unit: String, goal: Double? = nil, color: String = "#1f6f5c",
                     secondary: [Point]? = nil) -> String {
        let width = 600.0, height = 220.0, left = 40.0, bottom = 30.0, top = 10.0
        let maxValue = max(([goal ?? 0] + points.map(\.value) + (secondary?.map(\.value) ?? [])).max() ?? 1, 1) * 1.1
        let plotWidth = width - left - 10, plotHeight = height - bottom - top
        let slot = plotWidth / Double(max(points.count, 1))
        func y(_ v: Double) -> Double { top + plotHeight - v / maxValue * plotHeight }
        var svg = "<svg class=\"chart\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-label=\"\(escape(title))\">"
        svg += "<title>\(escape(title))</title>"
        svg += "<line x1=\"\(left)\" y1=\"\(y(0))\" x2=\"\(width - 10)\" y2=\"\(y(0))\" stroke=\"#9aa8b0\"/>"
        svg += "<text x=\"4\" y=\"\(top + 10)\" font-size=\"11\" fill=\"#5b6b75\">\(number(maxValue / 1.1)) \(escape(unit))</text>"
        for (i, p) in points.enumerated() {
            let x = left + Double(i) * slot
            let barWidth = secondary == nil ? slot * 0.7 : slot * 0.35
            if let s = secondary?[i] {
                svg += "<rect x=\"\(x + slot * 0.15 + barWidth)\" y=\"\(y(s.value))\" width=\"\(barWidth)\" height=\"\(y(0) - y(s.value))\" fill=\"#c9d6dc\"><title>\(escape(s.label)): \(number(s.value))</title></rect>"
            }
            svg += "<rect x=\"\(x + slot * 0.15)\" y=\"\(y(p.value))\" width=\"\(barWidth)\" height=\"\(y(0) - y(p.value))\" fill=\"\(color)\"><title>\(escape(p.label)): \(number(p.value)) \(escape(unit))</title></rect>"
            if points.count <= 16 || i % 2 == 0 {
                svg += "<text x=\"\(x + slot / 2)\" y=\"\(height - 10)\" font-size=\"10\" text-anchor=\"middle\" fill=\"#5b6b75\">\(escape(p.label))</text>"
            }
        }
        if let goal {
            svg += "<line x1=\"\(left)\" y1=\"\(y(goal))\" x2=\"\(width - 10)\" y2=\"\(y(goal))\" stroke=\"#9a3b00\" stroke-dasharray=\"6 4\"/>"
            svg += "<text x=\"\(width - 12)\" y=\"\(y(goal) - 4)\" font-size=\"11\" text-anchor=\"end\" fill=\"#9a3b00\">limit \(number(goal)) \(escape(unit))</text>"
        }
        return svg + "</svg>"
    }

    /// A line with dots.
    static func line(_ points: [Point], title: String, unit: String, maxValue fixedMax: Double? = nil) -> String {
        let width = 600.0, height = 200.0, left = 40.0, bottom = 30.0, top = 10.0
        let maxValue = fixedMax ?? max((points.map(\.value).max() ?? 1) * 1.1, 1)
        let plotWidth = width - left - 20, plotHeight = height - bottom - top
        func x(_ i: Int) -> Double { left + (points.count <= 1 ? plotWidth / 2 : Double(i) / Double(points.count - 1) * plotWidth) }
        func y(_ v: Double) -> Double { top + plotHeight - v / maxValue * plotHeight }
        var svg = "<svg class=\"chart\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-label=\"\(escape(title))\">"
        svg += "<title>\(escape(title))</title>"
        svg += "<line x1=\"\(left)\" y1=\"\(y(0))\" x2=\"\(width - 10)\" y2=\"\(y(0))\" stroke=\"#9aa8b0\"/>"
        let peak = fixedMax ?? (points.map(\.value).max() ?? 0)
        svg += "<text x=\"4\" y=\"\(top + 10)\" font-size=\"11\" fill=\"#5b6b75\">\(number(peak)) \(escape(unit))</text>"
        if points.count > 1 {
            svg += "<polyline fill=\"none\" stroke=\"#2f7fb8\" stroke-width=\"2\" points=\""
                + points.enumerated().map { "\(x($0.offset)),\(y($0.element.value))" }.joined(separator: " ") + "\"/>"
        }
        for (i, p) in points.enumerated() {
            svg += "<circle cx=\"\(x(i))\" cy=\"\(y(p.value))\" r=\"4\" fill=\"#2f7fb8\"><title>\(escape(p.label)): \(number(p.value)) \(escape(unit))</title></circle>"
            svg += "<text x=\"\(x(i))\" y=\"\(height - 10)\" font-size=\"10\" text-anchor=\"middle\" fill=\"#5b6b75\">\(escape(p.label))</text>"
        }
        return svg + "</svg>"
    }

    /// A day as one bar of coloured bouts from midnight to midnight.
    static func timeline(_ pieces: [(posture: String, start: Double, end: Double)], title: String) -> String {
        let width = 600.0
        var svg = "<svg class=\"chart\" viewBox=\"0 0 600 60\" role=\"img\" aria-label=\"\(escape(title))\"><title>\(escape(title))</title>"
        svg += "<rect x=\"0\" y=\"10\" width=\"600\" height=\"26\" fill=\"#e3e8eb\"/>"
        let colors = ["sitting": "#c0563b", "lying": "#8a6bb8", "standing": "#2f7fb8", "stepping": "#2a9d6f", "non-wear": "#b9c3c9"]
        for p in pieces {
            let x = p.start * width, w = max((p.end - p.start) * width, 0.5)
            svg += "<rect x=\"\(x)\" y=\"10\" width=\"\(w)\" height=\"26\" fill=\"\(colors[p.posture] ?? "#e3e8eb")\"><title>\(escape(p.posture))</title></rect>"
        }
        for hour in stride(from: 0, through: 24, by: 3) {
            let x = Double(hour) / 24 * width
            svg += "<text x=\"\(min(max(x, 8), 590))\" y=\"52\" font-size=\"10\" text-anchor=\"middle\" fill=\"#5b6b75\">\(hour)</text>"
        }
        return svg + "</svg>"
    }
}
