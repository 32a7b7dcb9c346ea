import Foundation

/// Steps and cadence from a thigh-worn sensor, counted from the swing of the thigh.
///
/// **Signal.** In each eighth of a second (`SecondSummary.eighths`, 8 Hz) the sagittal angle of
/// the thigh is θ = atan2(a_forward, a_long): 0° with the thigh vertical (standing), 90° with it
/// horizontal (sitting, the forward axis then carrying gravity). The long axis is the classifier's
/// (`ThighClassifier.Parameters.longAxis`, x on most placements), the forward axis the one along
/// gravity when sitting (z for a sensor worn face out on the front of the thigh). The eighth
/// means are a 125-ms box filter: at a stride rate of 1 Hz (120 steps/min) they keep 97 % of the
/// swing (sin(π/8)/(π/8)); the movement's own accelerations are not removed, so this reads the
/// angle only as well as the thigh's acceleration is small next to gravity. Successive angles
/// are unwrapped across ±180°, so a sensor worn upside down (near 180°) swings the same.
///
/// **Cycles.** The thigh swings forward and back once per stride of its leg, and a stride is two
/// steps (one per leg), so steps = 2 × swing cycles, the instrumented leg standing in for both.
/// A cycle is counted when the angle, having fallen to a trough, rises `minimumSwing` (10°) above
/// it, and the next one only after it has fallen 10° below the following peak again (hysteresis).
/// 10° is a quarter or less of the thigh's arc in walking (from about 20–30° of hip flexion at
/// initial contact, Physiopedia "Joint Range of Motion During Gait", to some 10–20° of extension
/// late in stance: 30–50°), far above the few degrees of shifting weight or fidgeting.
///
/// **Gate.** Only seconds the classifier would call stepping are counted, with its own rules and
/// thresholds: the thigh upright (inclination from vertical, from the 2-second mean, at most
/// `sittingInclination`, 45°) and moving (the mean of the three axes' standard deviations over
/// the same 2 seconds above `walkingIntensity`, 0.1 g; Acti4, Skotte et al. 2014). Swinging a leg
/// while sitting is therefore never counted. The hysteresis state starts afresh after every
/// second that is not stepping or missing.
///
/// **Cadence** is steps per minute of those stepping seconds; the peak 1-minute cadence is the
/// most steps in one clock minute (the usual "peak 1-min cadence" of minute-epoch data).
///
/// Memory: one small record per stepping second (a week with two hours of walking a day holds
/// about 50,000).
///
/// activPAL, the thigh monitor this mirrors, reports steps validated against observed steps of
/// both legs (Ryan CG, Grant PM, Tigbe WW, Granat MH. The validity and reliability of a novel
/// activity monitor as a measure of walking. Br J Sports Med 2006;40:779–84: error < 1.11 %);
/// a monitor on one thigh can only get there by doubling that thigh's strides. That activPAL's
/// own algorithm counts exactly this way is our reading, not a documented fact found here.
public struct ThighSteps {
    public struct Parameters: Sendable {
        public var longAxis: ThighClassifier.LongAxis = .x
        public var forwardAxis: ThighClassifier.LongAxis = .z
        /// Degrees a swing must rise above its trough (and fall below its peak) to count.
        public var minimumSwing = 10.0
        /// The classifier's: inclination above which the thigh is sitting, degrees.
        public var sittingInclination = ThighClassifier.Parameters().sittingInclination
        /// The classifier's: movement intensity above which an upright thigh steps, g.
        public var walkingIntensity = ThighClassifier.Parameters().walkingIntensity
        public init() {}
    }

    public let parameters: Parameters
    /// The previous second, for the classifier's 2-second window.
    private var previous: SecondSummary?
    private enum Phase { case unknown, rising, falling }
    private var phase = Phase.unknown
    private var low = Double.infinity
    private var high = -Double.infinity
    /// The last angle, to unwrap the next across ±180° (a sensor upside down reads near 180°).
    private var lastTheta: Double?
    private var lastCounted: Int?
    /// Stepping seconds and the cycles completed in each.
    private var seconds: [Int] = []
    private var cycles: [UInt8] = []

    public init(parameters: Parameters = Parameters()) { self.parameters = parameters }

    private func component(_ v: SIMD3<Double>, _ axis: ThighClassifier.LongAxis) -> Double {
        switch axis {
        case .x: v.x
        case .y: v.y
        case .z: v.z
        }
    }

    /// Whether the second is stepping by the classifier's rules over it and the second before.
    private func isStepping(_ s: SecondSummary) -> Bool {
        var n = s.n
        var sum = s.sum
        var squares = s.squares
        if let p = previous, p.second == s.second - 1 {
            n += p.n
            sum += p.sum
            squares += p.squares
        }
        guard n > 0 else { return false }
        let mean = sum / n
        let v = squares / n - mean * mean
        let sd = SIMD3(max(0, v.x).squareRoot(), max(0, v.y).squareRoot(), max(0, v.z).squareRoot())
        let intensity = (sd.x + sd.y + sd.z) / 3
        let norm = (mean * mean).sum().squareRoot()
        let long = abs(component(mean, parameters.longAxis))
        let inclination = norm > 0 ? acos(min(1, long / norm)) * 180 / .pi : 90
        return inclination <= parameters.sittingInclination && intensity > parameters.walkingIntensity
    }

    public mutating func add(_ second: SecondSummary) {
        defer { previous = second }
        guard second.n > 0, isStepping(second) else {
            phase = .unknown
            lastCounted = nil
            return
        }
        if let last = lastCounted, last != second.second - 1 { phase = .unknown }
        if phase == .unknown {
            low = .infinity
            high = -.infinity
            lastTheta = nil
        }
        lastCounted = second.second
        var completed = 0
        for k in 0..<8 {
            let e = second.eighths[k]
            let v = SIMD3<Double>(e)
            var theta = atan2(component(v, parameters.forwardAxis), component(v, parameters.longAxis)) * 180 / .pi
            if let last = lastTheta {
                while theta - last > 180 { theta -= 360 }
                while theta - last < -180 { theta += 360 }
            }
            lastTheta = theta
            low = min(low, theta)
            high = max(high, theta)
            switch phase {
            case .unknown, .falling:
                if theta - low >= parameters.minimumSwing {
                    phase = .rising
                    completed += 1
                    high = theta
                } else if phase == .unknown, high - theta >= parameters.minimumSwing {
                    phase = .falling
                    low = theta
                }
            case .rising:
                if high - theta >= parameters.minimumSwing {
                    phase = .falling
                    low = theta
                }
            }
        }
        seconds.append(second.second)
        cycles.append(UInt8(min(completed, 255)))
    }

    /// Steps and stepping time in [from, to) (by the second each swing completed in).
    public func summary(from: Date, to: Date) -> StepSummary {
        let first = Int(from.timeIntervalSince1970.rounded(.up))
        let end = Int(to.timeIntervalSince1970.rounded(.up))
        var s = StepSummary()
        var minute = Int.min
        var inMinute = 0
        for i in seconds.indices where seconds[i] >= first && seconds[i] < end {
            s.steppingSeconds += 1
            let steps = 2 * Int(cycles[i])
            s.steps += steps
            let m = Int((Double(seconds[i]) / 60).rounded(.down))
            if m != minute {
                minute = m
                inMinute = 0
            }
            inMinute += steps
            s.peakOneMinuteCadence = max(s.peakOneMinuteCadence, inMinute)
        }
        return s
    }

    /// The sum over the windows (stepping bouts or waking windows); pass them merged.
    public func summary(windows: [DateInterval]) -> StepSummary {
        var total = StepSummary()
        for w in windows {
            let s = summary(from: w.start, to: w.end)
            total.steps += s.steps
            total.steppingSeconds += s.steppingSeconds
            total.peakOneMinuteCadence = max(total.peakOneMinuteCadence, s.peakOneMinuteCadence)
        }
        return total
    }

    /// Everything added.
    public func finish() -> StepSummary {
        summary(from: .distantPast, to: .distantFuture)
    }
}

public struct StepSummary: Sendable, Equatable {
    public var steps = 0
    /// Seconds counted as stepping (the gate of `ThighSteps`).
    public var steppingSeconds = 0
    /// Most steps in one clock minute.
    public var peakOneMinuteCadence = 0
    public init() {}

    /// Steps per minute of stepping; 0 without stepping.
    public var cadence: Double {
        steppingSeconds > 0 ? Double(steps) / (Double(steppingSeconds) / 60) : 0
    }
}
