import Foundation

/// FigureAnimation's builder sampling the loop between the key poses into evenly timed frames.
extension FigureAnimation.Builder {
    // MARK: Sampling

    /// Path positions and the time at each frame.
    func sample(keys: [Frame], timing: AnimationTiming) -> [Frame] {
        let n = keys.count
        let dt = 1 / FigureAnimation.framesPerSecond
        let count = max(2, Int((timing.total / dt).rounded()))
        var pathAt: [Double] = []
        switch demo.motion {
        case .cycle(let seconds):
            // Each pose's move and pause, then wrap to the first.
            var plan: [(start: Double, move: Double, pause: Double)] = []
            var t = 0.0
            for i in 0..<n {
                let next = demo.poses[(i + 1) % n]
                let move = next.seconds ?? seconds / Double(n)
                let pause = next.pause ?? 0
                plan.append((t, move, pause))
                t += move + pause
            }
            for k in 0..<count {
                let time = Double(k) * dt * (t / timing.total)
                var s = 0.0
                for (i, step) in plan.enumerated() where time >= step.start {
                    let local = time - step.start
                    s = local >= step.move ? Double(i + 1) : Double(i) + local / step.move
                }
                pathAt.append(s)
            }
        case .outAndBack:
            // Cumulative distance along the key poses, for an even pace through middle poses.
            var cumulative = [0.0]
            for i in 1..<n {
                let a = keys[i - 1].state
                let b = keys[i].state
                let turn = zip(a.angles, b.angles).map { abs($0 - $1) }.max() ?? 0
                cumulative.append(cumulative[i - 1] + max(1, turn + a.position.distance(to: b.position) / 2))
            }
            let totalDistance = cumulative.last!
            func position(_ u: Double) -> Double {
                let d = u * totalDistance
                for i in 1..<n where d <= cumulative[i] + 1e-12 {
                    let span = cumulative[i] - cumulative[i - 1]
                    return Double(i - 1) + (span > 0 ? (d - cumulative[i - 1]) / span : 1)
                }
                return Double(n - 1)
            }
            func eased(_ u: Double) -> Double { (1 - cos(.pi * min(max(u, 0), 1))) / 2 }
            for k in 0..<count {
                let time = Double(k) * dt
                var s: Double
                if time < timing.out {
                    s = position(eased(time / timing.out))
                } else if time < timing.out + timing.holdOut {
                    s = Double(n - 1)
                } else if time < timing.out + timing.holdOut + timing.back {
                    s = position(1 - eased((time - timing.out - timing.holdOut) / timing.back))
                } else {
                    s = 0
                }
                pathAt.append(s)
            }
        }
        var cache: [Double: BodyState] = [:]
        var frames: [Frame] = []
        var previous = keys[0].state
        for (k, s) in pathAt.enumerated() {
            let frame = solveFrame(s, keys: keys, previous: previous, cache: &cache)
            previous = frame.state
            frames.append(
                Frame(
                    time: Double(k) * dt, pathPosition: s, state: frame.state, posture: frame.posture,
                    goals: frame.goals, endOfRange: frame.endOfRange))
        }
        return frames
    }

    var isCycle: Bool { if case .cycle = demo.motion { return true } else { return false } }

    func solveFrame(_ s: Double, keys: [Frame], previous: BodyState, cache: inout [Double: BodyState]) -> Frame {
        let n = keys.count
        let wrapped = isCycle ? s.truncatingRemainder(dividingBy: Double(n)) : min(max(s, 0), Double(n - 1))
        var i = Int(wrapped.rounded(.down))
        var f = wrapped - Double(i)
        if !isCycle && i >= n - 1 {
            i = n - 2
            f = 1
        }
        let j = (i + 1) % n
        if f < 1e-9 || f > 1 - 1e-9 {
            let key = keys[f < 0.5 ? i : j]
            return key
        }
        func at(_ k: Int) -> BodyState {
            if isCycle { return keys[((k % n) + n) % n].state }
            return keys[min(max(k, 0), n - 1)].state
        }
        let p0 = at(i - 1)
        let p1 = at(i)
        let p2 = at(i + 1)
        let p3 = at(i + 2)
        var wanted = p1
        for a in 0..<wanted.angles.count {
            wanted.angles[a] = FigureAnimation.catmullRom(p0.angles[a], p1.angles[a], p2.angles[a], p3.angles[a], f)
        }
        wanted.position = p1.position.lerp(p2.position, f)
        // Contacts both neighbouring key poses share stay where they were.
        let poseA = demo.poses[i]
        let poseB = demo.poses[j]
        var goals: [ContactGoal] = []
        for c in poseA.contacts where poseB.contacts.contains(where: { $0.point == c.point && $0.target == c.target }) {
            let slides =
                c.slides
                || poseB.contacts.first(where: { $0.point == c.point && $0.target == c.target })!.slides
            if let goal = keys[i].goals.first(where: { $0.label == "\(c.point) on \(c.target.name)" }) {
                if case .point = c.target {
                    goals.append(goal)
                    continue
                }
                if slides, let surface = surface(c.target) {
                    goals.append(ContactGoal(point: goal.point, kind: .plane(surface), label: goal.label))
                } else {
                    let pinned = goal.point.locate(keys[i].posture, props: rig).centre
                    goals.append(ContactGoal(point: goal.point, kind: .fixed(pinned), label: goal.label))
                }
            }
        }
        let endOfRange = poseA.endOfRange || poseB.endOfRange
        var solver = PoseSolver(
            figure: figure, goals: goals, rig: rig, wanted: wanted,
            angleWeights: Self.weights(written: nil),
            limits: limits(endOfRange ? poseA.endOfRange ? poseA : poseB : nil))
        solver.positionWeight = 0.01
        var start = previous
        start.angles = wanted.angles
        let state = cache[s] ?? solver.solve(from: start, iterations: 60)
        cache[s] = state
        return Frame(
            time: 0, pathPosition: s, state: state, posture: figure.posture(state), goals: goals,
            endOfRange: endOfRange)
    }
}

extension FigureAnimation {
    static func catmullRom(_ p0: Double, _ p1: Double, _ p2: Double, _ p3: Double, _ t: Double) -> Double {
        let t2 = t * t
        let t3 = t2 * t
        return 0.5
            * (2 * p1 + (-p0 + p2) * t + (2 * p0 - 5 * p1 + 4 * p2 - p3) * t2
                + (-p0 + 3 * p1 - 3 * p2 + p3) * t3)
    }
}
