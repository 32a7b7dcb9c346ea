import SitLessCore
import Testing

@Suite("What a logged set may hold")
struct SetLimitsTests {
    @Test("an item counted in reps takes the amount as reps, a hold takes it as seconds")
    func amountFollowsTheTarget() throws {
        let bridge = try SetLog.done(12, of: .reps(12), loadKilograms: 8, effort: 6, pain: 0)
        #expect(bridge == SetLog(reps: 12, loadKilograms: 8, effort: 6, pain: 0))
        let plank = try SetLog.done(45, of: .hold(seconds: 30), loadKilograms: nil, effort: 5, pain: 1)
        #expect(plank == SetLog(seconds: 45, effort: 5, pain: 1))
        #expect(SetLog.Limits.amount(for: .reps(10)) == 0...1000)
        #expect(SetLog.Limits.amount(for: .timed(seconds: 60)) == 0...7200)
    }

    @Test("the first number outside the limits is the error, naming its field")
    func refusals() {
        #expect(
            throws: SetLog.Problem(
                field: .reps, message: "this exercise counts repetitions: send reps from 0 to 1000, got 1001")
        ) {
            try SetLog.done(1001, of: .reps(10), loadKilograms: nil, effort: 5, pain: 0)
        }
        #expect(throws: SetLog.Problem(field: .seconds, message: "this exercise is timed: send seconds from 0 to 7200"))
        {
            try SetLog.done(nil, of: .hold(seconds: 30), loadKilograms: nil, effort: 5, pain: 0)
        }
        #expect(throws: SetLog.Problem(field: .pain, message: "must be from 0 to 10, got 11")) {
            try SetLog.done(10, of: .reps(10), loadKilograms: nil, effort: 5, pain: 11)
        }
        #expect(throws: SetLog.Problem(field: .loadKilograms, message: "must be from 0.0 to 500.0 kg, got 500.5")) {
            try SetLog.done(10, of: .reps(10), loadKilograms: 500.5, effort: 11, pain: 0)
        }
        // The Store's check reads the same limits, every field at once.
        #expect(
            SetLog(reps: -1, effort: 11).problems.map(\.description)
                == ["reps must be from 0 to 1000, got -1", "effort must be from 0 to 10, got 11"])
    }
}
