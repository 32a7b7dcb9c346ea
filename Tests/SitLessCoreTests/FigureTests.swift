import Foundation
import Testing

@testable import SitLessCore

#if canImport(FoundationXML)
import FoundationXML
#endif

/// The built-in demonstrations, made once for all tests (solving them takes a moment).
enum BuiltInFigures {
    struct Made: Sendable {
        var exercise: Exercise
        var result: Result<FigureAnimation, FigureAnimation.PoseProblems>
    }

    static let all: [Made] = {
        guard let catalog = try? Catalog.builtIn() else { return [] }
        return catalog.exercises.compactMap { exercise in
            catalog.demonstration(for: exercise.id).map {
                Made(exercise: exercise, result: FigureAnimation.make($0, dosage: exercise.dosage))
            }
        }
    }()

    static func animation(_ id: String) throws -> FigureAnimation {
        let made = try #require(all.first { $0.exercise.id == id }, "\(id) has no demonstration")
        return try made.result.get()
    }
}

@Suite("Exercise figure")
struct FigureTests {
    let figure = Figure(height: 175)

    // MARK: Worked examples a person can check

    @Test("a standing 175 cm figure has its landmarks at Drillis and Contini's heights")
    func standingLandmarks() throws {
        // setup: upright, every angle 0, feet on the floor
        let pose = Pose(name: "standing", angles: [:], contacts: Pose.expandContacts(["feet": "floor"], slides: []))
        let demo = Demonstration(exerciseID: "standing", view: .side, motion: .outAndBack(.lift), poses: [pose, pose])
        // MUT
        let animation = try FigureAnimation.make(demo, dosage: .reps(1, 1), sampling: false).get()
        let body = animation.keyPoses[0].posture
        // validate: hip 0.530 x 175 = 92.75 cm, knee 0.285 x 175 = 49.875, ankle 0.039 x 175 = 6.825,
        // shoulder 0.818 x 175 = 143.15; the elbow hangs one upper arm below it, (0.818 - 0.186) x 175
        // = 110.6 (the table's elbow landmark, 0.630 x 175 = 110.25, is 0.35 cm higher), the wrist
        // one forearm lower, 110.6 - 0.146 x 175 = 85.05 (landmark 0.485 x 175 = 84.875)
        #expect(abs(body.joint(Segment(.thigh, .right)).y - 92.75) < 0.2)
        #expect(abs(body.joint(Segment(.shank, .right)).y - 49.875) < 0.2)
        #expect(abs(body.joint(Segment(.foot, .right)).y - 6.825) < 0.2)
        #expect(abs(body.joint(Segment(.upperArm, .right)).y - 143.15) < 0.2)
        #expect(abs(body.joint(Segment(.forearm, .left)).y - 110.6) < 0.2)
        #expect(abs(body.joint(Segment(.hand, .left)).y - 85.05) < 0.2)
        #expect(abs(body.joint(Segment(.hand, .left)).y - 84.875) < 0.4)
        // The head's top at 175 cm: centre 0.935 x 175 = 163.6, radius 0.058-0.065 of height.
        let head = body.point(BodyPoint.all["head"]!)
        #expect(abs(head.centre.y - 163.6) < 1.5)
        // Heels and balls of both feet rest on the floor (y = 0).
        for name in ["right-heel", "right-ball", "left-heel", "left-ball"] {
            let p = body.point(BodyPoint.all[name]!)
            #expect(abs(p.centre.y - p.radius) < 0.05, "\(name)")
        }
        #expect(abs(body.lowest) < 0.05)
    }

    @Test("segments have Winter's lengths: thigh 0.245 x 175 = 42.875 cm, shank 0.246 x 175 = 43.05 cm")
    func segmentLengths() {
        var state = BodyState.from([
            .joint(.hipFlexion, .right): 90, .joint(.kneeFlexion, .right): 90,
            .joint(.shoulderFlexion, .left): 45, .joint(.elbowFlexion, .left): 100,
        ])
        state.position = Vector3(10, 50, -3)
        let body = figure.posture(state)
        let hip = body.joint(Segment(.thigh, .right))
        let knee = body.joint(Segment(.shank, .right))
        let ankle = body.joint(Segment(.foot, .right))
        #expect(abs(hip.distance(to: knee) - 42.875) < 1e-9)
        #expect(abs(knee.distance(to: ankle) - 43.05) < 1e-9)
        // Hip flexed 90: the knee straight ahead of the hip; knee flexed 90: the ankle straight below the knee.
        #expect(abs(knee.y - hip.y) < 1e-9 && abs(knee.x - hip.x - 42.875) < 1e-9)
        #expect(abs(ankle.x - knee.x) < 1e-9 && abs(knee.y - ankle.y - 43.05) < 1e-9)
        // Upper arm 0.186 x 175 = 32.55 cm; forearm 0.146 x 175 = 25.55 cm.
        let shoulder = body.joint(Segment(.upperArm, .left))
        let elbow = body.joint(Segment(.forearm, .left))
        #expect(abs(shoulder.distance(to: elbow) - 32.55) < 1e-9)
        #expect(abs(elbow.distance(to: body.joint(Segment(.hand, .left))) - 25.55) < 1e-9)
        // The left limbs move like the right ones seen in a mirror; the shoulder joints sit an upper
        // arm's radius inside the shoulder width: 2 x (0.259 / 2 - 0.028) x 175 = 35.525 cm apart.
        #expect(abs(body.joint(Segment(.upperArm, .right)).distance(to: shoulder) - 35.525) < 1e-9)
    }

    @Test("joint directions: abduction moves the leg outwards, lying on the back turns the face up")
    func directions() {
        let body = figure.posture(
            BodyState.from([.joint(.hipAbduction, .right): 30, .joint(.hipAbduction, .left): 30]))
        #expect(body.joint(Segment(.shank, .right)).z > body.joint(Segment(.thigh, .right)).z + 20)  // right is +z
        #expect(body.joint(Segment(.shank, .left)).z < body.joint(Segment(.thigh, .left)).z - 20)
        let supine = figure.posture(BodyState.from([.tilt: -90]))
        #expect(supine.joint(.head).x < -40)  // head behind, to the left in side view
        #expect(abs(supine.joint(.head).y) < 1e-9)
        let lyingLeft = figure.posture(BodyState.from([.roll: 90]))
        // right side up
        #expect(lyingLeft.joint(Segment(.thigh, .right)).y > lyingLeft.joint(Segment(.thigh, .left)).y)
    }

    @Test("tempo 2-0-1-3 on the hip thrust: 1 s up, 3 s at the top, 2 s down, 1 s rest; holds are shortened")
    func timing() throws {
        let thrust = FigureAnimation.timing(
            .outAndBack(.lift), dosage: Dosage(sets: 3, target: .reps(15), tempo: "2-0-1-3"), poses: [])
        #expect(thrust == AnimationTiming(out: 1, holdOut: 3, back: 2, holdStart: 1))
        #expect(thrust.total == 7)
        // Lowering first (a squat): 3-1-1-0 is 3 s down, 1 s at the bottom, 1 s up, then the 1 s rest.
        let squat = FigureAnimation.timing(
            .outAndBack(.lower), dosage: Dosage(sets: 3, target: .reps(8), tempo: "3-1-1-0"), poses: [])
        #expect(squat == AnimationTiming(out: 3, holdOut: 1, back: 1, holdStart: 1))
        // No tempo: 1-0-1-1, the 3 s a repetition is counted as.
        let plain = FigureAnimation.timing(.outAndBack(.lift), dosage: .reps(1, 10), poses: [])
        #expect(plain == AnimationTiming(out: 1, holdOut: 1, back: 1, holdStart: 1))
        // A 30 s hold shows for 30 / 10 = 3 s; a 5 s one for the 2 s minimum; a 60 s one for the 4 s maximum.
        #expect(FigureAnimation.timing(.outAndBack(.lift), dosage: .hold(3, seconds: 30), poses: []).holdOut == 3)
        #expect(FigureAnimation.timing(.outAndBack(.lift), dosage: .hold(3, seconds: 5), poses: []).holdOut == 2)
        #expect(FigureAnimation.timing(.outAndBack(.lift), dosage: .hold(3, seconds: 60), poses: []).holdOut == 4)

        let animation = try BuiltInFigures.animation("hip-thrust")
        #expect(animation.duration == 7)
        #expect(animation.frames.count == 70)  // 10 frames a second
        // At the top for 3 s: from 1 s to 4 s the figure does not move.
        let top = animation.frames[10...39].map(\.state)
        #expect(Set(top).count == 1)
    }

    // MARK: Every frame of every built-in animation

    @Test("every built-in demonstration can be drawn")
    func builtInDemonstrationsWork() throws {
        let catalog = try Catalog.builtIn()
        let missing = catalog.exercises.filter { catalog.demonstration(for: $0.id) == nil }.map(\.id)
        print(
            "Exercises with a demonstration: \(catalog.exercises.count - missing.count) of \(catalog.exercises.count)")
        print("Still without one (\(missing.count)): \(missing.joined(separator: ", "))")
        #expect(!BuiltInFigures.all.isEmpty)
        for made in BuiltInFigures.all {
            if case .failure(let problems) = made.result {
                Issue.record("\(made.exercise.id): \(problems)")
            }
        }
        // The article's five exercises all have theirs.
        for id in [
            "seated-glute-stretch", "hip-thrust", "rear-foot-elevated-squat", "side-lying-clam", "kettlebell-deadlift",
        ] {
            #expect(catalog.demonstration(for: id) != nil, "\(id)")
        }
    }

    @Test("through every frame: segment lengths constant, joints in range, contacts touching, nothing below the floor")
    func invariants() throws {
        for made in BuiltInFigures.all {
            guard case .success(let animation) = made.result else { continue }
            let id = made.exercise.id
            let h = animation.figure.height
            let reference = animation.frames[0].posture
            for frame in animation.frames + animation.keyPoses {
                let body = frame.posture
                for segment in Segment.all {
                    guard let parent = segment.parent else { continue }
                    let length = body.joint(parent).distance(to: body.joint(segment))
                    let expected = reference.joint(parent).distance(to: reference.joint(segment))
                    let nominal = (Figure.jointOffset(segment) * h).length
                    #expect(
                        abs(length - expected) < 1e-6 && abs(length - nominal) < 1e-6,
                        "\(id) \(segment) at \(frame.time) s")
                }
                let slack = frame.endOfRange ? endOfRangeAllowance : 0
                for angle in BodyAngle.all {
                    guard case .joint(let motion, _) = angle else { continue }
                    let value = frame.state[angle]
                    #expect(
                        value >= motion.range.lowerBound - slack - 1e-6
                            && value <= motion.range.upperBound + slack + 1e-6,
                        "\(id) \(angle.name) = \(value) at \(frame.time) s")
                }
                for goal in frame.goals {
                    let error = goal.error(body, props: animation.rig)
                    #expect(
                        error <= FigureAnimation.contactTolerance,
                        "\(id) \(goal.label) \(error) cm off at \(frame.time) s")
                }
                #expect(body.lowest >= -0.3, "\(id) reaches \(body.lowest) cm at \(frame.time) s")
                if let base = animation.rig.kettlebellBase(body) { #expect(base.y >= -0.2, "\(id) kettlebell") }
            }
        }
    }

    @Test("the side-lying clam's feet stay together while the knee opens")
    func clamFeetTogether() throws {
        let animation = try BuiltInFigures.animation("side-lying-clam")
        let right = BodyPoint.all["right-ankle"]!
        let left = BodyPoint.all["left-ankle"]!
        var opening: [Double] = []
        for frame in animation.frames {
            let a = frame.posture.point(right)
            let b = frame.posture.point(left)
            let gap = a.centre.distance(to: b.centre) - a.radius - b.radius
            #expect(abs(gap) <= 1, "ankles \(gap) cm apart at \(frame.time) s")
            opening.append(
                frame.posture.joint(Segment(.shank, .right)).distance(to: frame.posture.joint(Segment(.shank, .left))))
        }
        // The top knee really opens: at least 15 cm between the knees at the top.
        #expect((opening.max() ?? 0) - (opening.min() ?? 0) > 15)
    }

    @Test("the hip thrust's shoulder blades stay on the bench while the hips rise to level")
    func hipThrustShoulders() throws {
        let animation = try BuiltInFigures.animation("hip-thrust")
        let bench = try #require(animation.props.first { $0.kind == .bench }?.surface)
        #expect(bench.offset == 42)
        let blades = BodyPoint.all["shoulder-blades"]!
        var hipHeights: [Double] = []
        for frame in animation.frames {
            let p = frame.posture.point(blades)
            #expect(
                abs(bench.height(of: p.centre) - p.radius) <= 1,
                "off the bench by \(bench.height(of: p.centre) - p.radius) cm at \(frame.time) s")
            #expect(bench.covers(p.centre, margin: 1), "beyond the bench's edge at \(frame.time) s")
            hipHeights.append(frame.posture.joint(.pelvis).y)
        }
        // Hips rise by more than 20 cm, and at the top the thigh is about level (knee and hip within 8 cm).
        #expect((hipHeights.max() ?? 0) - (hipHeights.min() ?? 0) > 20)
        let top = animation.keyPoses.last!.posture
        #expect(abs(top.joint(Segment(.thigh, .right)).y - top.joint(Segment(.shank, .right)).y) < 8)
    }

    // MARK: Validation

    static let exercise = """
        [{"id": "glute-bridge", "name": "Glute bridge", "summary": "Lift the hips.", "kind": "strength",
          "primaryMuscles": ["gluteus-maximus"], "equipment": ["mat"], "position": "supine", "level": "beginner",
          "how": ["Lie down.", "Lift."], "feel": "Buttocks.", "compensations": [{"fault": "Arching.", "fix": "Brace."}],
          "dosage": {"sets": 3, "reps": 12, "tempo": "2-0-1-2"}}]
        """

    static func bridge(
        up joints: String = #"{"knee-flexion": 90, "hip-flexion": 0}"#,
        contacts: String = #"{"feet": "mat", "shoulder-blades": "mat"}"#
    ) -> String {
        """
        [{"format": 1, "exercise": "glute-bridge", "view": "side", "movement": "lift", "props": [{"prop": "mat"}],
          "poses": [
            {"name": "down", "body": {"tilt": -90}, "joints": {"hip-flexion": 45, "knee-flexion": 90},
             "contacts": {"feet": "mat", "sacrum": "mat", "shoulder-blades": "mat", "head": "mat"}},
            {"name": "up", "body": {"tilt": -110}, "joints": \(joints), "contacts": \(contacts)}
          ]}]
        """
    }

    func problems(_ demonstrations: String) -> [String] {
        let files = [
            CatalogSourceFile(path: "exercises/test.json", text: FigureTests.exercise),
            CatalogSourceFile(path: "demonstrations/test.json", text: demonstrations),
        ]
        do {
            return try Catalog.load(files: files).demonstrationProblems().map(\.description)
        } catch {
            return error.problems.map(\.description)
        }
    }

    @Test("a good demonstration loads, and its exercise finds it")
    func loads() throws {
        let files = [
            CatalogSourceFile(path: "exercises/test.json", text: FigureTests.exercise),
            CatalogSourceFile(path: "demonstrations/test.json", text: FigureTests.bridge()),
        ]
        let catalog = try Catalog.load(files: files)
        let demo = try #require(catalog.demonstration(for: "glute-bridge"))
        #expect(demo.poses.map(\.name) == ["down", "up"])
        #expect(demo.poses[0].angles[.joint(.kneeFlexion, .left)] == 90)
        // The JSON a clinician's own exercise will store round-trips.
        let data = try JSONEncoder().encode(demo)
        #expect(try JSONDecoder().decode(Demonstration.self, from: data) == demo)
        let object = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        #expect(object?["format"] as? Int == 1)
    }

    @Test("a broken pose names the file, the exercise, the pose and the joint")
    func brokenPoses() {
        let prefix = "demonstrations/test.json: exercise 'glute-bridge': poses[2] 'up'"
        #expect(
            problems(FigureTests.bridge(up: #"{"knee-flexion": 140}"#))
                == [
                    "\(prefix).joints.right-knee-flexion: 140° is outside the normal range 0 to 135°; mark the pose "
                        + "endOfRange if it is a stretch meant to reach it",
                    "\(prefix).joints.left-knee-flexion: 140° is outside the normal range 0 to 135°; mark the pose "
                        + "endOfRange if it is a stretch meant to reach it",
                ])
        #expect(
            problems(FigureTests.bridge(up: #"{"right-knee-flexion": 90, "hip-flex": 10}"#))
                == [
                    "\(prefix).joints.hip-flex: is not a joint; use one of hip-flexion, hip-abduction, "
                        + "hip-external-rotation, knee-flexion, ankle-dorsiflexion, shoulder-flexion, "
                        + "shoulder-abduction, shoulder-external-rotation, elbow-flexion, wrist-extension, "
                        + "spine-flexion, spine-side-bend, neck-flexion, neck-side-bend, with right- or left- for "
                        + "one side"
                ])
        #expect(
            problems(FigureTests.bridge(contacts: #"{"feet": "mat", "elbow": "mat"}"#))
                == ["\(prefix).contacts.elbow: 'elbow' is not a body point"])
        #expect(
            problems(FigureTests.bridge(contacts: #"{"feet": "mat", "shoulder-blades": "bench"}"#))
                == ["\(prefix).contacts.shoulder-blades: 'bench' is not among this demonstration's props"])
        // Knees straight with the feet flat and the shoulder blades down: the feet cannot stay
        // where they were, so the contact is named.
        let unreachable = problems(FigureTests.bridge(up: #"{"knee-flexion": 0, "hip-flexion": 0}"#))
        #expect(
            unreachable.contains {
                $0.hasPrefix("\(prefix).") && ($0.contains("cannot be met") || $0.contains("contacts need"))
            }, "\(unreachable)")
        let unknownExercise = problems(
            FigureTests.bridge().replacingOccurrences(
                of: "\"exercise\": \"glute-bridge\"", with: "\"exercise\": \"bridge\""))
        #expect(
            unknownExercise == [
                "demonstrations/test.json: exercise 'bridge': exercise: 'bridge' is not a known exercise"
            ])
    }

    // MARK: The drawing

    @Test("the SVG stands alone: namespace, viewBox, role, title, reduced motion, under 30 KB, well formed")
    func svg() throws {
        for made in BuiltInFigures.all {
            guard case .success(let animation) = made.result else { continue }
            let drawing = FigureSVG(
                animation: animation, title: made.exercise.name, muscles: made.exercise.primaryMuscles)
            let text = drawing.animated()
            let id = made.exercise.id
            let size = text.utf8.count
            // (Bools, so a failure does not print the whole drawing.)
            let standalone = text.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"")
            let labelled =
                text.contains("role=\"img\"")
                && text.contains("<title id=\"t\">\(FigureSVG.escape(made.exercise.name))</title>")
            let reducedMotion = text.contains("@media (prefers-reduced-motion:reduce)")
            let moves = text.contains("type=\"rotate\"")
            #expect(standalone && labelled && reducedMotion && moves, "\(id)")
            #expect(size < 30_000, "\(id) is \(size) bytes")
            // Seen from the front, the figure-four's buttock faces away: nothing to tint.
            let tinted = text.contains("class=\"tn\"")
            #expect(tinted || id == "seated-figure-four-stretch", "\(id) has no working muscle tinted")
            let mirror = text.contains("matrix(-1 0 0 1")
            if animation.mirrored { #expect(mirror, "\(id) is not mirrored") }
            let wellFormed = FigureTests.isWellFormed(text)
            #expect(wellFormed, "\(id) animated")
            let stills = drawing.stillFrames()
            let stillsWellFormed = FigureTests.isWellFormed(stills)
            let still = !stills.contains("animate")
            #expect(stillsWellFormed && still, "\(id) stills")
            let labels = stills.components(separatedBy: "<text").count - 1
            #expect(labels == animation.keyPoses.count, "\(id) labels")
        }
    }

    static func isWellFormed(_ xml: String) -> Bool {
        let parser = XMLParser(data: Data(xml.utf8))
        return parser.parse()
    }

    @Test("per-side exercises are mirrored for the other side; alternating ones are not")
    func mirroring() throws {
        #expect(try BuiltInFigures.animation("side-lying-clam").mirrored)
        #expect(try !BuiltInFigures.animation("hip-thrust").mirrored)
    }

    @Test("outlines: one circle is a circle, two make a capsule of tangent lines and arcs")
    func outlines() {
        #expect(Outline.hullPath([Circle2(center: Point2(0, 0), radius: 2)]) == "M-2 0a2 2 0 1 0 4 0a2 2 0 1 0 -4 0Z")
        let capsule = Outline.hullPath([
            Circle2(center: Point2(0, 0), radius: 1), Circle2(center: Point2(10, 0), radius: 1),
        ])
        #expect(capsule == "M0 -1L10 -1A1 1 0 0 1 10 1L0 1A1 1 0 0 1 0 -1Z")
        #expect(SVGNumber.format(0.25, 1) == ".3" || SVGNumber.format(0.25, 1) == ".2")
        #expect(SVGNumber.format(-0.04) == "0")
        #expect(SVGNumber.format(12.0) == "12")
    }
}
