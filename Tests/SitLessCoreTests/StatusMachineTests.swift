import Foundation
import Testing

@testable import SitLessCore

@Suite("Status machines")
struct StatusMachineTests {
    @Test("stored text is today's text, for every status")
    func rawValues() {
        #expect(WorkoutStatus.allCases.map(\.rawValue) == ["in-progress", "done"])
        #expect(ImportStatus.allCases.map(\.rawValue) == ["queued", "running", "done", "failed"])
        #expect(InvitationStatus.allCases.map(\.rawValue) == ["open", "used", "expired"])
        #expect(
            PromptOutcome.allCases.map(\.rawValue) == ["taken", "taken-naturally", "snoozed", "skipped", "ignored"])
    }

    @Test("an import goes queued -> running -> done or failed, and never back")
    func importMoves() throws {
        #expect(try ImportStatus.queued.move(to: .running).move(to: .running).move(to: .done) == .done)
        #expect(ImportStatus.queued.canMove(to: .failed))
        #expect(!ImportStatus.queued.canMove(to: .done))
        #expect(!ImportStatus.done.canMove(to: .running))
        #expect(!ImportStatus.failed.canMove(to: .running))
        #expect(!ImportStatus.failed.canMove(to: .done))
        #expect(ImportStatus.done.isFinal && ImportStatus.failed.isFinal && !ImportStatus.running.isFinal)
        // The WHERE of the store's conditional updates.
        #expect(ImportStatus.states(movingTo: .running) == [.queued, .running])
        #expect(ImportStatus.states(movingTo: .done) == [.running])
        #expect(ImportStatus.states(movingTo: .failed) == [.queued, .running])
        #expect(ImportStatus.states(movingTo: .queued) == [])
        #expect(throws: StatusChangeRefused(subject: "import", from: "done", to: "running")) {
            try ImportStatus.done.move(to: .running)
        }
        #expect(
            StatusChangeRefused(subject: "import", from: "done", to: "running").description
                == "this import is done and cannot become running")
    }

    @Test("a session is done once; a prompt's outcome never changes")
    func workoutAndPrompt() {
        #expect(WorkoutStatus.inProgress.canMove(to: .done))
        #expect(!WorkoutStatus.done.canMove(to: .inProgress))
        #expect(!WorkoutStatus.done.canMove(to: .done))
        #expect(WorkoutStatus.states(movingTo: .done) == [.inProgress])
        #expect(PromptOutcome.allCases.allSatisfy { $0.isFinal })
    }

    @Test("an invitation is open until it is used or expires; used wins over expired")
    func invitations() {
        let expires = Date(timeIntervalSince1970: 1_800_000_000)
        #expect(InvitationStatus.of(usedAt: nil, expiresAt: expires, now: expires.addingTimeInterval(-1)) == .open)
        #expect(InvitationStatus.of(usedAt: nil, expiresAt: expires, now: expires) == .expired)
        let used = expires.addingTimeInterval(-60)
        #expect(InvitationStatus.of(usedAt: used, expiresAt: expires, now: expires.addingTimeInterval(60)) == .used)
        #expect(InvitationStatus.open.canMove(to: .used))
        #expect(!InvitationStatus.expired.canMove(to: .used))
        #expect(!InvitationStatus.used.canMove(to: .open))
    }
}
