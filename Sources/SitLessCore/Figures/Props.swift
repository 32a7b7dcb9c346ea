import Foundation

/// Things an exercise uses, drawn to scale beside the figure (centimetres).
///
/// Sizes are typical ones, with their source where a standard exists:
/// - chair: seat 45 cm high and 45 cm deep, a common fixed seat height (typical; adjustable
///   office chairs span roughly 40-52 cm).
/// - desk: top 74 cm high (29 in, the long-standing fixed office desk height), 70 cm deep.
/// - wall: a vertical plane.
/// - bench: pad 42 cm high and 30 cm wide, within the International Powerlifting
///   Federation's *Technical Rules* for a flat bench (height 42-45 cm, width 29-32 cm).
/// - step: 20 cm high, 40 cm deep; aerobic steps come in 10, 15 and 20 cm (typical).
/// - box: 45 cm high (sitting height, like the chair), 45 cm deep (typical plyometric box).
/// - cushion: a folded towel or cushion, 8 cm thick (typical).
/// - mat: 1 cm thick, 180 x 60 cm (typical exercise mats are 0.5-1.5 cm).
/// - kettlebell: 24 cm tall with a 19 cm bell (a typical 12-16 kg cast-iron bell; competition
///   bells are 28 cm tall with a 21 cm bell, International Union of Kettlebell Lifting).
/// - dumbbell: 30 cm long with 11 cm heads (a typical 5-10 kg hex dumbbell).
/// - dowel: a broomstick, 2.5 cm thick and 150 cm long.
/// - mini-band / resistance band: a flat loop 5 cm wide.
/// - suspension trainer: two straps from one anchor, adjustable to about 2 m, hanging from a
///   door anchor at the top of a door.
/// - door: 203 cm high (80 in, the standard interior door height), 4 cm thick.
public enum PropKind: String, CaseIterable, Sendable, Codable, CatalogTerm {
    case mat, chair, desk, wall, bench, step, box, cushion
    case kettlebell, dumbbell, dowel
    case miniBand = "mini-band"
    case resistanceBand = "resistance-band"
    case suspensionTrainer = "suspension-trainer"
    case doorAnchor = "door-anchor"

    public var name: String { rawValue.replacingOccurrences(of: "-", with: " ") }

    /// Props with a surface a body point can rest on (`wall`: its face; the others: their top).
    public var isSurface: Bool {
        [.mat, .chair, .desk, .wall, .bench, .step, .box, .cushion, .doorAnchor].contains(self)
    }

    /// Props carried in the hands.
    public var isHeld: Bool { [.kettlebell, .dumbbell].contains(self) }

    /// Props stretched between body points (or from an anchor to one).
    public var isBetween: Bool { [.miniBand, .resistanceBand, .suspensionTrainer, .dowel].contains(self) }

    /// Height of the resting surface above the floor, cm.
    public var defaultHeight: Double {
        switch self {
        case .mat: 1
        case .chair: 45
        case .desk: 74
        case .wall, .doorAnchor: 203
        case .bench: 42
        case .step: 20
        case .box: 45
        case .cushion: 8
        case .kettlebell: 24
        case .dumbbell: 11
        case .dowel: 150
        case .miniBand, .resistanceBand: 5
        case .suspensionTrainer: 200
        }
    }

    /// Depth along the direction the prop extends away from the body, cm.
    var depth: Double {
        switch self {
        case .mat: 180
        case .chair: 45
        case .desk: 70
        case .wall: 12
        case .doorAnchor: 4
        case .bench: 30
        case .step: 40
        case .box: 45
        case .cushion: 30
        default: 0
        }
    }

    /// Width across, cm.
    var width: Double {
        switch self {
        case .mat: 60
        case .chair: 45
        case .desk: 120
        case .wall: 300
        case .doorAnchor: 90
        case .bench: 120
        case .step: 90
        case .box: 50
        case .cushion: 30
        default: 0
        }
    }

    /// The default distance a resting point sits inside the prop's near edge, cm.
    var defaultInset: Double {
        switch self {
        case .wall, .doorAnchor: 0
        case .chair: 15
        default: 3
        }
    }
}

/// How a demonstration sets a prop beside the figure.
public struct PropPlacement: Hashable, Sendable, Codable {
    public var kind: PropKind
    /// The body point it is placed at in the first pose (surfaces, the mat), or the body
    /// point a strap or the dowel runs to.
    public var at: String?
    /// How far, in cm, that body point sits inside the prop's near edge.
    public var inset: Double?
    /// Which way from the body point the prop extends, seen from the figure: `forward`,
    /// `back`, `right`, `left`; by default away from the pelvis.
    public var toward: String?
    /// Surface height in cm when not the usual one (a lower step, a higher box).
    public var height: Double?
    /// The body points holding it (kettlebell, dumbbell) or its two ends (bands, dowel).
    public var points: [String]

    public init(
        kind: PropKind, at: String? = nil, inset: Double? = nil, toward: String? = nil,
        height: Double? = nil, points: [String] = []
    ) {
        self.kind = kind
        self.at = at
        self.inset = inset
        self.toward = toward
        self.height = height
        self.points = points
    }

    public static let directions = ["forward", "back", "right", "left"]
}

/// A flat surface something can rest on: a plane with an outward normal and its extent.
struct Surface: Sendable {
    var normal: Vector3
    /// `normal · p == offset` on the plane.
    var offset: Double
    /// The extent as a box (one of its dimensions is the plane's).
    var minimum: Vector3
    var maximum: Vector3

    static let floor = Surface(
        normal: Vector3(0, 1, 0), offset: 0,
        minimum: Vector3(-1e6, 0, -1e6), maximum: Vector3(1e6, 0, 1e6))

    /// Distance of `p` above the plane (negative below).
    func height(of p: Vector3) -> Double { normal.dot(p) - offset }

    /// Whether `p`, dropped onto the plane, lands inside the extent (with `margin` cm of slack).
    func covers(_ p: Vector3, margin: Double) -> Bool {
        for (v, lo, hi, n) in [
            (p.x, minimum.x, maximum.x, normal.x), (p.y, minimum.y, maximum.y, normal.y),
            (p.z, minimum.z, maximum.z, normal.z),
        ] where abs(n) < 0.5 {
            if v < lo - margin || v > hi + margin { return false }
        }
        return true
    }
}

/// A prop set in the world: its surface (if it has one) and the boxes that draw it.
struct PlacedProp: Sendable {
    var placement: PropPlacement
    var surface: Surface?
    /// Drawn parts: boxes with a style name.
    var parts: [(minimum: Vector3, maximum: Vector3, style: String)]
    /// For the door anchor: where the straps hang from.
    var anchor: Vector3?

    var kind: PropKind { placement.kind }

    /// Builds a surface prop whose near edge is at `edge` (along `direction`, a unit world axis
    /// in the floor plane), centred across at `across`.
    static func make(_ placement: PropPlacement, edge: Double, direction: Vector3, across: Double) -> PlacedProp {
        let kind = placement.kind
        let height = placement.height ?? kind.defaultHeight
        let alongX = abs(direction.x) > 0.5
        let s = alongX ? direction.x : direction.z
        // A box from `a` to `b` cm along the direction beyond the edge, `w` wide, `y0...y1` high.
        func box(
            _ a: Double, _ b: Double, _ w0: Double, _ w1: Double, _ y0: Double, _ y1: Double, _ style: String
        )
            -> (minimum: Vector3, maximum: Vector3, style: String)
        {
            let u0 = edge + s * a
            let u1 = edge + s * b
            let lo = min(u0, u1)
            let hi = max(u0, u1)
            let c0 = across + w0
            let c1 = across + w1
            return alongX
                ? (Vector3(lo, y0, c0), Vector3(hi, y1, c1), style)
                : (Vector3(c0, y0, lo), Vector3(c1, y1, hi), style)
        }
        let d = kind.depth
        let w = kind.width / 2
        var parts: [(minimum: Vector3, maximum: Vector3, style: String)] = []
        var anchor: Vector3?
        switch kind {
        case .mat:
            parts = [box(0, d, -w, w, 0, height, "mat")]
        case .chair:
            let leg = 3.0
            parts = [
                box(d - 4, d, -w, w, height, height + 42, "frame"),
                box(d - leg - 1, d - 1, -w + 1, -w + 1 + leg, 0, height - 4, "leg"),
                box(1, 1 + leg, -w + 1, -w + 1 + leg, 0, height - 4, "leg"),
                box(0, d, -w, w, height - 5, height, "seat"),
            ]
        case .desk:
            parts = [
                box(3, 7, -w + 3, -w + 7, 0, height - 3, "leg"),
                box(d - 7, d - 3, -w + 3, -w + 7, 0, height - 3, "leg"),
                box(0, d, -w, w, height - 3, height, "frame"),
            ]
        case .wall:
            parts = [box(0, d, -w, w, 0, 260, "wall")]
        case .doorAnchor:
            parts = [box(0, d, -w, w, 0, height, "door"), box(-1.5, d + 1.5, -2, 2, height - 6, height + 1, "strap")]
            anchor = alongX ? Vector3(edge - s * 2, height - 4, across) : Vector3(across, height - 4, edge - s * 2)
        case .bench:
            parts = [
                box(4, 8, -w + 8, -w + 12, 0, height - 8, "leg"),
                box(d - 8, d - 4, -w + 8, -w + 12, 0, height - 8, "leg"),
                box(2, d - 2, -w + 8, -w + 12, 0, 3, "leg"),
                box(0, d, -w, w, height - 8, height, "seat"),
            ]
        case .step:
            parts = [box(0, d, -w, w, 0, height, "block")]
        case .box:
            parts = [box(0, d, -w, w, 0, height, "block")]
        case .cushion:
            parts = [box(0, d, -w, w, 0, height, "soft")]
        default:
            break
        }
        var surface: Surface?
        if kind == .wall || kind == .doorAnchor {
            let n = direction * -1
            let p = alongX ? Vector3(edge, 0, 0) : Vector3(0, 0, edge)
            let full = box(0, d, -w, w, 0, kind == .wall ? 260 : height, "")
            surface = Surface(normal: n, offset: n.dot(p), minimum: full.minimum, maximum: full.maximum)
        } else if kind.isSurface {
            let top = box(0, d, -w, w, height, height, "")
            surface = Surface(normal: Vector3(0, 1, 0), offset: height, minimum: top.minimum, maximum: top.maximum)
        }
        return PlacedProp(placement: placement, surface: surface, parts: parts, anchor: anchor)
    }
}
