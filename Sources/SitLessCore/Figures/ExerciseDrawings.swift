import Foundation

/// The three drawings of an exercise's demonstration, made once from one solved animation:
/// the looping animation (player, exercise page), the key poses side by side with their
/// names (handouts, print) and one still pose (library cards).
public struct ExerciseDrawings: Sendable {
    public let animated: String
    public let stills: String
    public let thumbnail: String

    public init(animated: String, stills: String, thumbnail: String) {
        self.animated = animated
        self.stills = stills
        self.thumbnail = thumbnail
    }

    /// Solves `demonstration` at `dosage` (its tempo and holds) and draws it; the problems
    /// name the pose and joint when it cannot be drawn.
    public static func make(
        _ demonstration: Demonstration, name: String, dosage: Dosage, muscles: [Muscle],
        figure: Figure = Figure()
    ) -> Result<ExerciseDrawings, FigureAnimation.PoseProblems> {
        FigureAnimation.make(demonstration, dosage: dosage, figure: figure).map { animation in
            let drawing = FigureSVG(animation: animation, title: "\(name): \(dosage.volume)", muscles: muscles)
            return ExerciseDrawings(
                animated: drawing.animated(), stills: drawing.stillFrames(), thumbnail: drawing.thumbnail())
        }
    }

    /// What the drawings show, in words, for people who cannot see them (an image's `alt`):
    /// "Glute bridge, seen from the side: 1. lying, knees bent; 2. hips up".
    public static func description(_ demonstration: Demonstration, name: String) -> String {
        let seen =
            switch demonstration.view {
            case .side: "seen from the side"
            case .front: "seen from the front"
            case .top: "seen from above"
            }
        let poses = demonstration.poses.enumerated().map { "\($0.offset + 1). \($0.element.name)" }
        return "\(name), \(seen): " + poses.joined(separator: "; ")
    }
}
