import Foundation
import SitLessCore
import SitLessStore
import Vapor

/// First steps after sign-up: time zone and work hours, the safety screen, a program and days.
enum OnboardingController {
    struct Question: Encodable, Sendable {
        var id: String
        var text: String
        var answer: String
    }
    struct ProgramChoice: Encodable, Sendable {
        var id: String
        var name: String
        var goal: String
        var perWeek: String
        var checked: Bool
        /// How it suits the equipment given: "Fits what you have", or which exercises the
        /// player will offer to swap.
        var fit: String
        var recommended: Bool
    }
    struct EquipmentOption: Encodable, Sendable {
        var value: String
        var title: String
        var checked: Bool
    }
    struct DayChoice: Encodable, Sendable {
        var value: String
        var name: String
        var checked: Bool
    }
    struct Model: Encodable, Sendable {
        var timeZone: String
        var workHours: String
        var questions: [Question]
        var equipment: [EquipmentOption]
        var programs: [ProgramChoice]
        var days: [DayChoice]
        var perWeek: Int
        var start: String
    }
    struct StopModel: Encodable, Sendable {
        /// Advice that needs medical care today, shown first as an alert.
        var urgent: [String]
        var reasons: [String]

        init(flags: [SafetyScreen.Question]) {
            urgent = flags.filter { $0.severity == .urgent }.map(\.advice)
            reasons = flags.filter { $0.severity != .urgent }.map(\.advice)
        }
    }

    /// The onboarding form; with `fields`, as the person filled it in. `recommend`: choose the
    /// program that best suits the equipment ticked (the "Suggest a program" button).
    static func model(_ req: Request, user: Account, fields: [String: String] = [:], recommend: Bool = false) -> Model {
        let zone = user.zone
        let choices = equipmentChoices(fields, stored: user.equipment)
        let available = EquipmentChoice.available(choices)
        // The reference article's own program first: it wins ties (with a gym, every program fits).
        let listed = req.catalog.programs.filter { $0.id != "desk-break-set" }
        let programs = listed.filter { $0.id == "glute-wake-up" } + listed.filter { $0.id != "glute-wake-up" }
        let suggested = req.catalog.recommendedProgram(among: programs, with: available)?.id
        let chosenProgram = recommend ? suggested : fields["program"] ?? suggested
        let chosenDays =
            fields.isEmpty
            ? ["mon", "wed", "fri"] : Weekday.allCases.map(\.rawValue).filter { fields["day-\($0)"] != nil }
        return Model(
            timeZone: fields["timeZone"] ?? user.timeZone,
            workHours: fields["workHours"] ?? "mon-fri 09:00-17:00",
            questions: SafetyScreen.questions.map {
                Question(id: $0.id, text: $0.text, answer: fields["q-\($0.id)"] ?? "")
            },
            equipment: EquipmentChoice.allCases.map {
                EquipmentOption(value: $0.rawValue, title: $0.title, checked: choices.contains($0))
            },
            programs: programs.map {
                ProgramChoice(
                    id: $0.id, name: $0.name, goal: $0.goal, perWeek: $0.perWeek.description,
                    checked: $0.id == chosenProgram,
                    fit: fitText(req.catalog, req.catalog.fit(of: $0, with: available)), recommended: $0.id == suggested
                )
            },
            days: Weekday.allCases.map {
                DayChoice(value: $0.rawValue, name: $0.name, checked: chosenDays.contains($0.rawValue))
            },
            perWeek: Int(fields["perWeek"] ?? "") ?? 3,
            start: fields["start"] ?? LocalDate(req.now, in: zone).description)
    }

    /// The equipment ticked on a form (`equipment-WORD`), or else as stored.
    static func equipmentChoices(_ fields: [String: String], stored: String?) -> Set<EquipmentChoice> {
        let ticked = Set(EquipmentChoice.allCases.filter { fields["equipment-\($0.rawValue)"] != nil })
        return fields.isEmpty ? EquipmentChoice.parse(stored) : ticked
    }

    /// A program's fit in words.
    static func fitText(_ catalog: Catalog, _ fit: ProgramFit) -> String {
        func name(_ id: String?) -> String { id.flatMap { catalog.exercise($0)?.name } ?? id ?? "" }
        if fit.fitsAsIs { return "Fits what you have." }
        var parts: [String] = []
        if !fit.swaps.isEmpty {
            // Three named are enough to judge by; a long program says how many more.
            let named = fit.swaps.prefix(3).map { "\(name($0.swapID)) for \(name($0.exerciseID))" }
            let more = fit.swaps.count > 3 ? " and \(fit.swaps.count - 3) more" : ""
            parts.append("With what you have, the player offers " + named.joined(separator: ", ") + more + ".")
        }
        if !fit.cannot.isEmpty {
            parts.append(
                "No stand-in for "
                    + fit.cannot.map {
                        "\(name($0.exerciseID)) (needs \($0.missing.map(\.name).joined(separator: ", ")))"
                    }
                    .joined(separator: ", ") + ".")
        }
        return parts.joined(separator: " ")
    }

    static func page(_ req: Request) async throws -> Page<Model> {
        Page(template: "onboarding", title: "Get started", model: model(req, user: try req.user))
    }

    static func submit(_ req: Request) async throws -> Response {
        var user = try req.user
        let fields = try req.form()
        if fields["recommend"] != nil {
            // "Suggest a program": the same form again, everything kept, the suggestion chosen.
            return try await Page(
                template: "onboarding", title: "Get started",
                model: model(req, user: user, fields: fields, recommend: true)
            )
            .encodeResponse(for: req)
        }
        var form = FormReader(fields)
        let zone = form.required("timeZone", label: "Time zone")
        let typedZone = zone.flatMap(TimeZone.init(identifier:))
        if let zone, typedZone == nil { form.fail("Time zone", "'\(zone)' is not a time zone like Europe/Berlin") }
        let hoursText = form.required("workHours", label: "Work hours")
        let hours = hoursText.flatMap(WorkHours.init(parsing:))
        if hoursText != nil && hours == nil {
            form.fail("Work hours", "write them like mon-fri 09:00-17:00 or mon-fri 9-12,13-17")
        }
        let answers = safetyAnswers(fields, &form)
        let programID = form.required("program", label: "Program")
        if let programID, req.catalog.program(programID) == nil {
            form.fail("Program", "'\(programID)' is not a program")
        }
        let perWeek = form.integer("perWeek", label: "Sessions per week", in: 1...7, required: true)
        let days = Weekday.allCases.filter { fields["day-\($0.rawValue)"] != nil }
        var start = form.text("start").flatMap(LocalDate.init(iso:))
        if start == nil { form.fail("Start date", "must be a date like 2026-12-07") }
        if let day = start, let problem = PlanForm.startProblem(day, now: req.now, zone: typedZone ?? .gmt) {
            form.fail("Start date", problem)
            start = nil
        }
        if let perWeek, !days.isEmpty {
            let request = ScheduleRequest(
                start: start ?? LocalDate(iso: "2026-01-05")!, sessionsPerWeek: perWeek, preferredDays: Set(days),
                timeZone: typedZone ?? .gmt)
            do { _ = try SessionScheduler.trainingDays(request) } catch {
                form.fail("Training days", error.description)
            }
        } else if days.isEmpty {
            form.fail("Training days", "choose at least one day")
        }
        guard form.errors.isEmpty, let zone, let hours, let programID, let perWeek, let start,
            let outcome = try? SafetyScreen.evaluate(answers)
        else {
            return try await Page(
                template: "onboarding", title: "Get started", model: model(req, user: user, fields: fields),
                status: .unprocessableEntity, errors: form.errors
            ).encodeResponse(for: req)
        }
        let userID = user.id
        var policy = try await req.store.coachPolicy(for: user)
        policy.timeZone = zone
        policy.workHours = hours
        user = try await req.store.saveCoachPolicy(policy, for: user)
        user.timeZone = zone
        user.onboardedAt = req.now
        user.equipment = EquipmentChoice.text(equipmentChoices(fields, stored: nil))
        store(outcome, on: &user)
        try await req.saveProfile(user)
        if case .stop(let flags) = outcome {
            return try await Page(
                template: "safety-stop", title: "Please see a clinician first", model: StopModel(flags: flags)
            )
            .encodeResponse(for: req)
        }
        let program = req.catalog.program(programID)!
        _ = try await req.store.startPlan(
            userID: userID, programID: programID, routineID: nil, start: start, perWeek: perWeek,
            days: days, weeks: program.weekCount)
        var flash = "You're set: \(program.name), \(perWeek) sessions a week."
        if case .clearWithCautions(let cautions) = outcome {
            flash += " " + cautions.map(\.advice).joined(separator: " ")
        }
        let next = req.session.data["after-onboarding"] ?? "/"
        req.session.data["after-onboarding"] = nil
        return req.redirect(to: next, flash: flash)
    }

    // MARK: Retaking the safety check (Settings)

    struct CheckModel: Encodable, Sendable { var questions: [Question] }

    static func safetyPage(_ req: Request) async throws -> Page<CheckModel> {
        Page(
            template: "safety-check", title: "Safety check", nav: "settings",
            model: CheckModel(questions: SafetyScreen.questions.map { Question(id: $0.id, text: $0.text, answer: "") }))
    }

    /// `POST /settings/safety`: a stop holds until answers without warning signs; a clear
    /// check lets programs start again.
    static func retakeSafety(_ req: Request) async throws -> Response {
        var user = try req.user
        let fields = try req.form()
        var form = FormReader(fields)
        let answers = safetyAnswers(fields, &form)
        guard form.errors.isEmpty, let outcome = try? SafetyScreen.evaluate(answers) else {
            let questions = SafetyScreen.questions.map {
                Question(id: $0.id, text: $0.text, answer: fields["q-\($0.id)"] ?? "")
            }
            return try await Page(
                template: "safety-check", title: "Safety check", nav: "settings",
                model: CheckModel(questions: questions),
                status: .unprocessableEntity, errors: form.errors
            ).encodeResponse(for: req)
        }
        store(outcome, on: &user)
        try await req.saveProfile(user)
        switch outcome {
        case .stop(let flags):
            return try await Page(
                template: "safety-stop", title: "Please see a clinician first", model: StopModel(flags: flags)
            )
            .encodeResponse(for: req)
        case .clearWithCautions(let cautions):
            return req.redirect(
                to: "/programs",
                flash: "You can start a program, with care. " + cautions.map(\.advice).joined(separator: " "))
        case .clear:
            return req.redirect(to: "/programs", flash: "No warning signs: you can start a program.")
        }
    }

    /// The safety questions' answers (`q-ID` = yes/no); an unanswered one is a form error.
    static func safetyAnswers(_ fields: [String: String], _ form: inout FormReader) -> [String: Bool] {
        var answers: [String: Bool] = [:]
        for question in SafetyScreen.questions {
            switch fields["q-\(question.id)"] {
            case "yes": answers[question.id] = true
            case "no": answers[question.id] = false
            default: form.fail("Safety question", "please answer: \(question.text)")
            }
        }
        return answers
    }

    /// How an outcome is stored: `users.safety_outcome` and the cautions it raised.
    static func store(_ outcome: SafetyScreen.Outcome, on user: inout Account) {
        user.safety = SafetyStatus(outcome)
        user.safetyCautions = SafetyScreen.storedCautions(SafetyScreen.cautions(of: outcome))
    }
}
