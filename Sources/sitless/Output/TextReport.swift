import Foundation
import SitLessCore

/// Readable terminal text for the catalog commands.
enum TextReport {
    static let width = 80

    static func exerciseList(_ exercises: [Exercise]) -> String {
        guard !exercises.isEmpty else { return "No exercises match. Try fewer filters." }
        let rows = exercises.map { [$0.id, $0.name, $0.level.rawValue, $0.dosage.description] }
        let table = columns(header: ["ID", "NAME", "LEVEL", "DOSAGE"], rows: rows)
        return table + "\n\n\(exercises.count) exercise\(exercises.count == 1 ? "" : "s"). Details: sitless exercise ID"
    }

    static func exercise(_ e: Exercise, catalog: Catalog) -> String {
        var out: [String] = []
        out.append("\(e.name)  (\(e.id))")
        if !e.aliases.isEmpty { out.append("Also called: \(e.aliases.joined(separator: ", "))") }
        out.append(contentsOf: wrap(e.summary))
        out.append("")
        var works = e.primaryMuscles.map(\.name).joined(separator: ", ")
        if !e.secondaryMuscles.isEmpty { works += "; also \(e.secondaryMuscles.map(\.name).joined(separator: ", "))" }
        out.append(contentsOf: labelled("Works", works))
        out.append(contentsOf: labelled("Equipment", e.equipment.map(\.name).joined(separator: ", ")))
        out.append(
            contentsOf: labelled(
                "Position",
                "\(e.position.name), level \(e.level.name), \(e.kind.name)" + (e.isDeskBreak ? ", desk break" : "")))
        out.append(contentsOf: labelled("Dosage", e.dosage.details))
        out.append("")
        out.append("How")
        for (i, step) in e.how.enumerated() {
            out.append(contentsOf: wrap(step, indent: "  \(i + 1). ", hanging: "     "))
        }
        out.append("")
        out.append("Feel")
        out.append(contentsOf: wrap(e.feel, indent: "  ", hanging: "  "))
        out.append("")
        out.append("Avoid")
        for c in e.compensations {
            out.append(contentsOf: wrap(c.fault, indent: "  - ", hanging: "    "))
            out.append(contentsOf: wrap("Instead: " + c.fix, indent: "    ", hanging: "    "))
        }
        if !e.cautions.isEmpty {
            out.append("")
            out.append("Cautions")
            for caution in e.cautions { out.append(contentsOf: wrap(caution, indent: "  - ", hanging: "    ")) }
        }
        let easier = e.regressionID.flatMap(catalog.exercise)
        let harder = e.progressionID.flatMap(catalog.exercise)
        if easier != nil || harder != nil {
            out.append("")
            if let easier { out.append("Easier:  \(easier.name) (\(easier.id)), \(easier.dosage.volume)") }
            if let harder { out.append("Harder:  \(harder.name) (\(harder.id)), \(harder.dosage.volume)") }
        }
        if !e.evidence.isEmpty {
            out.append("")
            out.append("Evidence")
            for item in e.evidence {
                let note = item.note.map { ". \($0)" } ?? ""
                out.append(contentsOf: wrap(item.headline + note, indent: "  - ", hanging: "    "))
                if let reference = catalog.reference(item.referenceID) {
                    out.append(contentsOf: wrap(reference.citation, indent: "    ", hanging: "    "))
                }
            }
        }
        if let source = e.sourceID.flatMap(catalog.reference) {
            out.append("")
            out.append(contentsOf: wrap("Dosage source: " + source.citation))
        }
        return out.joined(separator: "\n")
    }

    static func programList(_ programs: [Program]) -> String {
        let rows = programs.map {
            [$0.id, $0.name, $0.weekCount == 1 ? "1 week" : "\($0.weekCount) weeks", $0.perWeek.description]
        }
        return columns(header: ["ID", "NAME", "LENGTH", "SESSIONS"], rows: rows)
            + "\n\nDetails: sitless program ID    Dated plan: sitless plan ID --start YYYY-MM-DD"
    }

    static func program(_ p: Program, onlyWeek: Int?, catalog: Catalog) -> String {
        var out: [String] = ["\(p.name)  (\(p.id))"]
        out.append(contentsOf: wrap("For: " + p.audience))
        out.append(contentsOf: wrap("Goal: " + p.goal))
        out.append("\(p.weekCount) weeks, \(p.perWeek.description)")
        for (index, phase) in p.phases.enumerated() {
            let weeks = phase.weeks.filter { onlyWeek == nil || $0.number == onlyWeek }
            guard !weeks.isEmpty else { continue }
            out.append("")
            out.append(contentsOf: wrap("Phase \(index + 1): \(phase.name). \(phase.focus)"))
            // Runs of identical weeks are shown once: "Weeks 1-4".
            var i = 0
            while i < weeks.count {
                var j = i
                while j + 1 < weeks.count && weeks[j + 1].sessions == weeks[i].sessions { j += 1 }
                let label = i == j ? "Week \(weeks[i].number)" : "Weeks \(weeks[i].number)-\(weeks[j].number)"
                out.append("  \(label)")
                for session in weeks[i].sessions {
                    out.append(
                        "    Session \(session.name) (about "
                            + "\(Int((Double(session.estimatedSeconds) / 60).rounded(.up))) min)"
                    )
                    let rows = session.prescriptions.enumerated().map { n, item in
                        ["\(n + 1). \(catalog.exercise(item.exerciseID)?.name ?? item.exerciseID)", item.dosage.volume]
                    }
                    out.append(columns(header: nil, rows: rows, indent: "      "))
                }
                i = j + 1
            }
        }
        return out.joined(separator: "\n")
    }

    static func plan(
        _ program: Program, _ sessions: [ScheduledSession], request: ScheduleRequest, catalog: Catalog
    ) -> String {
        let days = Set(sessions.map(\.weekday)).sorted().map(\.shortName).joined(separator: ", ")
        let weeks = Set(sessions.map(\.week)).count
        var out = [
            "\(program.name): \(sessions.count) sessions over \(weeks) week\(weeks == 1 ? "" : "s") on \(days) "
                + "(\(request.timeZone.identifier))"
        ]
        let timeFormatter = DateFormatter()
        timeFormatter.timeZone = request.timeZone
        timeFormatter.dateFormat = "HH:mm"
        var currentWeek = 0
        var shown = Set<[Prescription]>()
        for s in sessions {
            if s.week != currentWeek {
                currentWeek = s.week
                out.append("")
                out.append("Week \(s.week)" + (s.phase.isEmpty ? "" : " (\(s.phase))"))
            }
            let time = s.startsAt.map { " " + timeFormatter.string(from: $0) } ?? ""
            out.append("  \(s.weekday.shortName) \(s.date)\(time)  \(s.template), about \(s.minutes) min")
            // Each distinct session is spelled out the first time it appears.
            if shown.insert(s.prescriptions).inserted {
                let rows = s.prescriptions.map {
                    [catalog.exercise($0.exerciseID)?.name ?? $0.exerciseID, $0.dosage.volume]
                }
                out.append(columns(header: nil, rows: rows, indent: "      "))
            }
        }
        return out.joined(separator: "\n")
    }

    // MARK: Layout

    static func columns(header: [String]?, rows: [[String]], indent: String = "") -> String {
        let all = (header.map { [$0] } ?? []) + rows
        guard let count = all.map(\.count).max() else { return "" }
        let widths = (0..<count).map { c in all.map { c < $0.count ? $0[c].count : 0 }.max() ?? 0 }
        return all.map { row in
            indent
                + row.enumerated().map { c, cell in
                    c == row.count - 1 ? cell : cell.padding(toLength: widths[c] + 2, withPad: " ", startingAt: 0)
                }.joined()
        }.joined(separator: "\n")
    }

    static func labelled(_ label: String, _ text: String) -> [String] {
        let head = (label + ":").padding(toLength: 11, withPad: " ", startingAt: 0)
        return wrap(text, indent: head, hanging: String(repeating: " ", count: 11))
    }

    /// Word-wraps `text` to `width` columns.
    static func wrap(_ text: String, indent: String = "", hanging: String = "") -> [String] {
        var lines: [String] = []
        var line = indent
        var lineHasWord = false
        for word in text.split(separator: " ") {
            if lineHasWord && line.count + 1 + word.count > width {
                lines.append(line)
                line = hanging
                lineHasWord = false
            }
            line += (lineHasWord ? " " : "") + word
            lineHasWord = true
        }
        lines.append(line)
        return lines
    }
}
