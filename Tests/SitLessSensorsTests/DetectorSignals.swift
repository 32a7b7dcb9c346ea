import Foundation

@testable import SitLessSensors

/// Builds a recording segment by segment from functions of time, samples it at `rate` Hz and
/// reduces it through `SecondReducer`, as the pipeline will: the detectors see only seconds.
struct GeneratedRecording {
    let rate: Double
    private(set) var time: Double
    private var reducer = SecondReducer()
    private(set) var seconds: [SecondSummary] = []
    private var random = SplitMix(seed: 2026)

    init(start: Double, rate: Double) {
        time = start
        self.rate = rate
    }

    /// `duration` seconds of `signal(t, noise)`, t counted from the segment's start;
    /// `noise()` draws a standard normal deviate.
    mutating func append(_ duration: Double, _ signal: (Double, () -> Double) -> SIMD3<Double>) {
        var block = SampleBlock()
        let count = Int((duration * rate).rounded())
        var rng = random
        for i in 0..<count {
            let t = Double(i) / rate
            let a = signal(t) { rng.normal() }
            block.times.append(time + t)
            block.x.append(a.x)
            block.y.append(a.y)
            block.z.append(a.z)
        }
        random = rng
        time += Double(count) / rate
        reducer.add(block)
        seconds += reducer.take()
    }

    /// Skips time without samples.
    mutating func pause(_ duration: Double) { time += duration }

    mutating func finish() -> [SecondSummary] {
        reducer.finish()
        seconds += reducer.take()
        return seconds
    }
}

/// A deterministic generator (SplitMix64) with normal deviates by Box–Muller.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in (0, 1).
    mutating func uniform() -> Double { (Double(next() >> 11) + 0.5) / Double(1 << 53) }

    mutating func normal() -> Double {
        (-2 * log(uniform())).squareRoot() * cos(2 * .pi * uniform())
    }
}

/// Rounds to the 1/256 g steps of a ±8 g, 12-bit sensor.
func quantised(_ v: SIMD3<Double>) -> SIMD3<Double> { (v * 256).rounded(.toNearestOrEven) / 256 }
