import Foundation
import SitLessCore
import SitLessStore
import Vapor

/// The player's offer to swap an exercise for an equivalent one the person can do with what
/// they have (`Catalog.equivalents`), and the cautions from their safety check that concern
/// the exercise on screen.
enum EquipmentSwaps {
    struct Offer: Encodable, Sendable {
        /// What the exercise needs that the person did not tick (or, when they never said,
        /// what it needs beyond a floor).
        var missing: String
        var choices: [CatalogPages.Link]
        /// The person has not said what they have (asked at onboarding, changed in Settings).
        var unknown: Bool
    }

    /// What the person has: their answer, or (never asked) the floor and things at home.
    static func available(_ user: Account) -> (equipment: Set<Equipment>, unknown: Bool) {
        guard let text = user.equipment else { return (EquipmentChoice.available([.household]), true) }
        return (EquipmentChoice.available(EquipmentChoice.parse(text)), false)
    }

    /// The swap offer for an exercise, when it needs something the person lacks.
    static func offer(_ library: ExerciseLibrary, exercise: Exercise, user: Account) -> Offer? {
        let (have, unknown) = available(user)
        let missing = exercise.missing(from: unknown ? EquipmentChoice.always : have)
        guard !missing.isEmpty else { return nil }
        let choices = library.catalog.equivalents(of: exercise.id, with: have)
        guard !choices.isEmpty else { return nil }
        return Offer(
            missing: missing.map(\.name).joined(separator: " and "),
            choices: choices.map { CatalogPages.Link(id: $0.id, name: $0.name, dosage: $0.dosage.volume) },
            unknown: unknown)
    }

    /// The advice from the person's safety check that concerns this exercise.
    static func cautions(for exercise: Exercise, user: Account) -> [String] {
        SafetyScreen.cautions(stored: user.safetyCautions).filter { $0.applies(to: exercise) }.map(\.advice)
    }

    /// `POST /sessions/{id}/items/{index}/swap-for` (`to` = an exercise the offer named): do
    /// that one today instead, at its own default dosage.
    static func swapFor(_ req: Request) async throws -> Response {
        let user = try req.user
        let workout = try await SessionController.workout(req)
        guard workout.isInProgress else { throw Abort(.conflict, reason: "This session is already finished.") }
        let items = workout.items
        guard let index = req.parameters.get("index").flatMap(Int.init), items.indices.contains(index) else {
            throw Abort(.notFound)
        }
        let library = try await req.library()
        guard let exercise = library.exercise(items[index].exerciseID) else { throw Abort(.notFound) }
        let path = "/sessions/\(workout.id.uuidString)"
        let wanted = try req.form()["to"] ?? ""
        guard let offer = offer(library, exercise: exercise, user: user),
            let choice = offer.choices.first(where: { $0.id == wanted }),
            let step = library.exercise(choice.id)
        else {
            return req.redirect(
                to: path, flash: "'\(wanted)' is not one of the exercises offered instead of \(exercise.name).")
        }
        let note = "Instead of \(exercise.name) today (it needs \(offer.missing))."
        guard try await req.store.leaveItem(workout, index: index, easier: step, note: note) != nil else {
            return req.redirect(to: path, flash: "\(exercise.name) was already left for today.")
        }
        return req.redirect(to: path, flash: "Swapped to \(step.name) for today.")
    }

    // MARK: Settings

    struct SettingsModel: Encodable, Sendable {
        var options: [OnboardingController.EquipmentOption]
        var asked: Bool
    }

    static func settingsModel(_ user: Account) -> SettingsModel {
        let choices = EquipmentChoice.parse(user.equipment)
        return SettingsModel(
            options: EquipmentChoice.allCases.map {
                OnboardingController.EquipmentOption(value: $0.rawValue, title: $0.title, checked: choices.contains($0))
            }, asked: user.equipment != nil)
    }

    /// `POST /settings/equipment`: what the person has now.
    static func save(_ req: Request) async throws -> Response {
        var user = try req.user
        let fields = try req.form()
        user.equipment = EquipmentChoice.text(OnboardingController.equipmentChoices(fields, stored: nil))
        try await req.saveProfile(user)
        let names = EquipmentChoice.parse(user.equipment).map(\.title)
        return req.redirect(
            to: "/settings",
            flash: names.isEmpty ? "Saved: a floor and nothing else." : "Saved what you have to train with.")
    }
}
