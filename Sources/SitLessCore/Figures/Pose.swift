import Foundation

/// Where the figure is seen from.
public enum FigureView: String, CaseIterable, Codable, Sendable, CatalogTerm {
    /// From the figure's right, looking at its right side: it faces the right of the picture.
    case side
    /// From in front, looking at its face: its right side is on the left of the picture.
    case front
    /// From above, looking down: its front is toward the right of the picture.
    case top

    public var name: String { rawValue }
}

/// What a body point rests on or touches.
public enum ContactTarget: Hashable, Sendable {
    case floor
    /// The resting surface of a prop (a wall's face, the top of the others).
    case prop(PropKind)
    /// Another body point: the two touch.
    case point(String)

    public var name: String {
        switch self {
        case .floor: "floor"
        case .prop(let kind): kind.rawValue
        case .point(let name): name
        }
    }

    init(name: String) {
        if name == "floor" {
            self = .floor
        } else if let kind = PropKind(rawValue: name) {
            self = .prop(kind)
        } else {
            self = .point(name)
        }
    }
}

/// A body point touching something in a pose.
public struct Contact: Hashable, Sendable {
    /// A name from `BodyPoint.all`.
    public var point: String
    public var target: ContactTarget
    /// Whether the point may slide along its surface from the previous pose (walking in
    /// place); otherwise it stays where it first touched.
    public var slides: Bool

    public init(point: String, target: ContactTarget, slides: Bool = false) {
        self.point = point
        self.target = target
        self.slides = slides
    }
}

/// One key position of an exercise: the body's angles and what it rests on.
public struct Pose: Hashable, Sendable {
    public var name: String
    /// Angles in degrees by `BodyAngle`; anything not given is 0 (upright anatomical position).
    public var angles: [BodyAngle: Double]
    public var contacts: [Contact]
    /// A stretch meant to reach the end of a joint's normal range: joints may go
    /// `endOfRangeAllowance` degrees past it.
    public var endOfRange: Bool
    /// In a cycle: seconds to move into this pose from the previous one.
    public var seconds: Double?
    /// In a cycle: seconds to stay in this pose.
    public var pause: Double?

    public init(
        name: String, angles: [BodyAngle: Double], contacts: [Contact] = [], endOfRange: Bool = false,
        seconds: Double? = nil, pause: Double? = nil
    ) {
        self.name = name
        self.angles = angles
        self.contacts = contacts
        self.endOfRange = endOfRange
        self.seconds = seconds
        self.pause = pause
    }
}

/// How the key poses play.
public enum DemonstrationMotion: Hashable, Sendable {
    /// First pose to last and back, like a repetition or moving into a stretch and out of
    /// it. `lift` or `lower` says which tempo phase the way out is.
    case outAndBack(TempoPhase)
    /// First pose to last, then on to the first again: walking, marching, circles.
    case cycle(seconds: Double)
}

/// The two moving phases of a tempo.
public enum TempoPhase: String, Sendable, CaseIterable {
    /// Working against the load: standing up from a squat, raising the hips.
    case lift
    /// Yielding to it: sitting down into a squat, lowering the hips.
    case lower
}

/// The key poses of one exercise: the data its animation and still frames are drawn from.
public struct Demonstration: Hashable, Sendable {
    /// The version of this format; a stored demonstration carries it.
    public static let format = 1

    public var exerciseID: String
    public var view: FigureView
    public var motion: DemonstrationMotion
    /// The side that does the work (whose muscles are tinted); `nil` for both.
    public var workingSide: BodySide?
    /// Whether the poses already show both sides (alternating legs), so the animation is not
    /// mirrored for the other side even when the dosage is per side.
    public var alternates: Bool
    public var props: [PropPlacement]
    public var poses: [Pose]

    public init(
        exerciseID: String, view: FigureView, motion: DemonstrationMotion, workingSide: BodySide? = nil,
        alternates: Bool = false, props: [PropPlacement] = [], poses: [Pose]
    ) {
        self.exerciseID = exerciseID
        self.view = view
        self.motion = motion
        self.workingSide = workingSide
        self.alternates = alternates
        self.props = props
        self.poses = poses
    }
}

// MARK: - JSON, in the catalog's own words

extension Demonstration: Codable {
    enum CodingKeys: String, CodingKey {
        case format, exercise, view, movement, cycleSeconds, working, alternates, props, poses
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        exerciseID = try c.decode(String.self, forKey: .exercise)
        view = try c.decode(FigureView.self, forKey: .view)
        let movement = try c.decode(String.self, forKey: .movement)
        if movement == "cycle" {
            motion = .cycle(seconds: try c.decodeIfPresent(Double.self, forKey: .cycleSeconds) ?? 2)
        } else if let phase = TempoPhase(rawValue: movement) {
            motion = .outAndBack(phase)
        } else {
            throw DecodingError.dataCorruptedError(
                forKey: .movement, in: c, debugDescription: "movement must be lift, lower or cycle")
        }
        let working = try c.decodeIfPresent(String.self, forKey: .working) ?? "both"
        workingSide = BodySide(rawValue: working)
        alternates = try c.decodeIfPresent(Bool.self, forKey: .alternates) ?? false
        props = try c.decodeIfPresent([PropPlacement].self, forKey: .props) ?? []
        poses = try c.decode([Pose].self, forKey: .poses)
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(Demonstration.format, forKey: .format)
        try c.encode(exerciseID, forKey: .exercise)
        try c.encode(view, forKey: .view)
        switch motion {
        case .outAndBack(let phase): try c.encode(phase.rawValue, forKey: .movement)
        case .cycle(let seconds):
            try c.encode("cycle", forKey: .movement)
            try c.encode(seconds, forKey: .cycleSeconds)
        }
        try c.encode(workingSide?.rawValue ?? "both", forKey: .working)
        if alternates { try c.encode(true, forKey: .alternates) }
        if !props.isEmpty { try c.encode(props, forKey: .props) }
        try c.encode(poses, forKey: .poses)
    }
}

extension PropPlacement {
    enum CodingKeys: String, CodingKey {
        case kind = "prop"
        case at, inset, toward, height, points
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        kind = try c.decode(PropKind.self, forKey: .kind)
        at = try c.decodeIfPresent(String.self, forKey: .at)
        inset = try c.decodeIfPresent(Double.self, forKey: .inset)
        toward = try c.decodeIfPresent(String.self, forKey: .toward)
        height = try c.decodeIfPresent(Double.self, forKey: .height)
        points = try c.decodeIfPresent([String].self, forKey: .points) ?? []
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(kind, forKey: .kind)
        try c.encodeIfPresent(at, forKey: .at)
        try c.encodeIfPresent(inset, forKey: .inset)
        try c.encodeIfPresent(toward, forKey: .toward)
        try c.encodeIfPresent(height, forKey: .height)
        if !points.isEmpty { try c.encode(points, forKey: .points) }
    }
}

extension Pose: Codable {
    enum CodingKeys: String, CodingKey { case name, body, joints, contacts, slides, endOfRange, seconds, pause }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        var angles: [BodyAngle: Double] = [:]
        for (key, value) in try c.decodeIfPresent([String: Double].self, forKey: .body) ?? [:] {
            switch key {
            case "tilt": angles[.tilt] = value
            case "roll": angles[.roll] = value
            case "turn": angles[.turn] = value
            default:
                throw DecodingError.dataCorruptedError(
                    forKey: .body, in: c, debugDescription: "unknown body angle \(key)")
            }
        }
        for (key, value) in try c.decodeIfPresent([String: Double].self, forKey: .joints) ?? [:] {
            guard let targets = Pose.jointNames(key) else {
                throw DecodingError.dataCorruptedError(forKey: .joints, in: c, debugDescription: "unknown joint \(key)")
            }
            for t in targets where angles[t] == nil || key.hasPrefix("right-") || key.hasPrefix("left-") {
                angles[t] = value
            }
        }
        self.angles = angles
        let slides = Set(try c.decodeIfPresent([String].self, forKey: .slides) ?? [])
        contacts = Pose.expandContacts(
            try c.decodeIfPresent([String: String].self, forKey: .contacts) ?? [:], slides: slides)
        endOfRange = try c.decodeIfPresent(Bool.self, forKey: .endOfRange) ?? false
        seconds = try c.decodeIfPresent(Double.self, forKey: .seconds)
        pause = try c.decodeIfPresent(Double.self, forKey: .pause)
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name)
        var body: [String: Double] = [:]
        var joints: [String: Double] = [:]
        for (angle, value) in angles {
            switch angle {
            case .tilt, .roll, .turn: body[angle.name] = value
            case .joint: joints[angle.name] = value
            }
        }
        if !body.isEmpty { try c.encode(body, forKey: .body) }
        try c.encode(joints, forKey: .joints)
        try c.encode(
            Dictionary(contacts.map { ($0.point, $0.target.name) }, uniquingKeysWith: { a, _ in a }), forKey: .contacts)
        let slides = contacts.filter(\.slides).map(\.point)
        if !slides.isEmpty { try c.encode(slides, forKey: .slides) }
        if endOfRange { try c.encode(true, forKey: .endOfRange) }
        try c.encodeIfPresent(seconds, forKey: .seconds)
        try c.encodeIfPresent(pause, forKey: .pause)
    }

    /// `hip-flexion` names both sides, `right-hip-flexion` one; spine and neck have no side.
    static func jointNames(_ key: String) -> [BodyAngle]? {
        for side in BodySide.allCases where key.hasPrefix(side.rawValue + "-") {
            guard let motion = JointMotion(rawValue: String(key.dropFirst(side.rawValue.count + 1))), motion.isPaired
            else { return nil }
            return [.joint(motion, side)]
        }
        guard let motion = JointMotion(rawValue: key) else { return nil }
        return motion.isPaired ? BodySide.allCases.map { .joint(motion, $0) } : [.joint(motion, nil)]
    }

    /// Shorthands: `right-foot` is heel and ball flat; `feet` both feet flat; `hands` both hands.
    static let shorthands: [String: [String]] = [
        "right-foot": ["right-heel", "right-ball"],
        "left-foot": ["left-heel", "left-ball"],
        "feet": ["right-heel", "right-ball", "left-heel", "left-ball"],
        "hands": ["right-hand", "left-hand"],
        "knees": ["right-knee", "left-knee"],
        "forefeet": ["right-ball", "left-ball"],
    ]

    static func expandContacts(_ map: [String: String], slides: Set<String>) -> [Contact] {
        var out: [Contact] = []
        for key in map.keys.sorted() {
            let target = ContactTarget(name: map[key]!)
            for point in shorthands[key] ?? [key] {
                out.append(
                    Contact(point: point, target: target, slides: slides.contains(key) || slides.contains(point)))
            }
        }
        return out.sorted { ($0.point, $0.target.name) < ($1.point, $1.target.name) }
    }
}
