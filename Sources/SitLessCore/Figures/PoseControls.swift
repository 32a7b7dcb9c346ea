import Foundation

/// The angles a pose editor offers, named as the catalog's pose format names them (`body`:
/// tilt, roll, turn; `joints`: `right-hip-flexion`, `spine-flexion`, …), each with the range a
/// pose may use: the normal ranges of motion of `JointMotion.range` (AAOS), whole turns for
/// the body.
public struct PoseControl: Sendable, Hashable {
    public enum Group: String, Sendable, CaseIterable {
        case body, trunk, right, left
    }

    /// The key in the pose's `body` or `joints` object.
    public var key: String
    public var group: Group
    /// In words: "hip flexion", "tilt forward".
    public var label: String
    public var range: ClosedRange<Double>
    public var isBody: Bool { group == .body }

    public static let all: [PoseControl] = {
        var out = [
            PoseControl(
                key: "tilt", group: .body, label: "lean forward (90 face down, -90 on the back)", range: -180...180),
            PoseControl(
                key: "roll", group: .body, label: "roll onto the left side (90 lying on it)", range: -180...180),
            PoseControl(key: "turn", group: .body, label: "turn to the left", range: -180...180),
        ]
        for motion in JointMotion.allCases where !motion.isPaired {
            out.append(PoseControl(key: motion.rawValue, group: .trunk, label: words(motion), range: motion.range))
        }
        for side in BodySide.allCases {
            for motion in JointMotion.allCases where motion.isPaired {
                out.append(
                    PoseControl(
                        key: "\(side.rawValue)-\(motion.rawValue)", group: side == .right ? .right : .left,
                        label: words(motion), range: motion.range))
            }
        }
        return out
    }()

    static func words(_ motion: JointMotion) -> String {
        motion.rawValue.replacingOccurrences(of: "-", with: " ")
    }

    /// The body points a contact may name (`right-heel`, …) and the shorthands (`feet`, …).
    public static var contactPoints: [String] { (Array(BodyPoint.all.keys) + Array(Pose.shorthands.keys)).sorted() }
}
