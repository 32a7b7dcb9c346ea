#!/usr/bin/env python3
"""Compare SitLess's Axivity .cwa reader with actipy's on generated files.

Writes .cwa files with its own small writer (OpenMovement CWA layout: a 1024-byte "MD"
header, then 512-byte "AX" blocks), decodes each with `sitless samples FILE` and with
`actipy.read_device(...)` with all processing off, and checks that both give the same
samples: the same count, times within 1 ms (actipy truncates to whole milliseconds), and
x/y/z within 1e-9 g. Both are also checked against the values the writer put in.

Usage:  python3 Tests/Sensors/compare_actipy.py [--sitless PATH] [--keep DIR]
        (default binary: .build/debug/sitless; build first with `swift build`)
Exit status 1 on any mismatch. One summary line per file.

The case "fraction-off-grid" is informational: its timestamps carry a fraction of a second
that is not a whole number of samples. SitLess uses the fraction (as OpenMovement's readers
do); actipy 3.8 ignores it and relies on the firmware's shifted timestamp offset, so the two
may differ by up to one sample period there. That case only checks that bound.
"""

import argparse
import datetime as dt
import math
import os
import random
import struct
import subprocess
import sys
import tempfile

import numpy as np

try:
    import actipy
except ImportError:  # pragma: no cover
    sys.exit("actipy is not installed: pip install actipy")

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
EPOCH = dt.datetime(1970, 1, 1)


# --- a small CWA writer ---------------------------------------------------------------

def cwa_header(device=4321, session=77, rate_code=0x4A, hardware=0x17):
    h = bytearray(b"\xff" * 1024)
    h[0:2] = b"MD"
    struct.pack_into("<H", h, 2, 1020)
    h[4] = hardware
    struct.pack_into("<H", h, 5, device & 0xFFFF)
    struct.pack_into("<I", h, 7, session)
    struct.pack_into("<H", h, 11, 0xFFFF)
    h[36] = rate_code
    return bytes(h)


def cwa_time(t):
    """Packed CWA timestamp of whole seconds since 1970 (device clock, read as UTC)."""
    d = EPOCH + dt.timedelta(seconds=int(t))
    return ((d.year - 2000) << 26) | (d.month << 22) | (d.day << 17) | (d.hour << 12) | (d.minute << 6) | d.second


def cwa_block(samples, t_stamp, offset, fraction15=None, session=77, sequence=0, rate_code=0x4A,
              axes=3, packed=True, scale=0, gyro=None, corrupt=False):
    """One 512-byte data block. `samples` are (x, y, z) device units; for packed samples each
    is (x, y, z, exponent) with x, y, z the 10-bit mantissas."""
    b = bytearray(512)
    b[0:2] = b"AX"
    struct.pack_into("<H", b, 2, 508)
    struct.pack_into("<H", b, 4, 0 if fraction15 is None else 0x8000 | fraction15)
    struct.pack_into("<I", b, 6, session)
    struct.pack_into("<I", b, 10, sequence)
    struct.pack_into("<I", b, 14, cwa_time(t_stamp))
    struct.pack_into("<H", b, 18, (scale << 13) | 123)
    struct.pack_into("<H", b, 20, 400)
    b[23] = 180
    b[24] = rate_code
    b[25] = (axes << 4) | (0 if packed else 2)
    struct.pack_into("<h", b, 26, offset)
    struct.pack_into("<H", b, 28, len(samples))
    pos = 30
    for i, s in enumerate(samples):
        if packed:
            x, y, z, e = s
            word = (x & 0x3FF) | ((y & 0x3FF) << 10) | ((z & 0x3FF) << 20) | (e << 30)
            struct.pack_into("<I", b, pos, word)
            pos += 4
        else:
            if axes >= 6:
                struct.pack_into("<3h", b, pos, *gyro[i])
                pos += 6
            struct.pack_into("<3h", b, pos, *s)
            pos += 2 * axes - 6 if axes >= 6 else 6  # with 9 axes the magnetometer follows, left zero
    total = sum(struct.unpack_from("<255H", b, 0)) & 0xFFFF
    struct.pack_into("<H", b, 510, (-total) & 0xFFFF)
    if corrupt:
        b[200] ^= 0x10
    return bytes(b)


def rate_of(code):
    return 3200.0 / (1 << (15 - (code & 15)))


class Recording:
    """Builds a file block by block and remembers the true samples it wrote."""

    def __init__(self, rate_code, axes, packed, scale=0, hardware=0x17, seed=1):
        self.rate_code, self.axes, self.packed, self.scale = rate_code, axes, packed, scale
        self.rate = rate_of(rate_code)
        self.per_block = 120 if packed else 480 // (2 * axes)
        self.bytes = bytearray(cwa_header(rate_code=rate_code, hardware=hardware))
        self.truth = []  # (time, x, y, z) in µs and g
        self.rng = random.Random(seed)
        self.sequence = 0

    def sample(self):
        r = self.rng
        if self.packed:
            e = r.choice([0, 0, 0, 1, 2, 3])
            m = [r.randint(-512, 511) for _ in range(3)]
            return (*m, e), [v * (1 << e) / 256.0 for v in m]
        v = [r.randint(-32768, 32767) for _ in range(3)]
        return tuple(v), [x / float(1 << (8 + self.scale)) for x in v]

    def add_block(self, start, fraction="whole", corrupt=False, sequence=None, extra_offset=0):
        """A block whose sample 0 is at `start` (whole µs since 1970, on the 1/rate grid);
        returns the start of the next one. Times are kept in integer µs so nothing drifts.
        fraction: "whole" stamps a sample that falls on a whole second (no fraction);
        "grid" stamps a sample at .25, .5 or .75 s with that fraction of a second;
        "off" also moves every sample `extra_offset` µs off the grid (clock not aligned)."""
        rate, n = self.rate, self.per_block
        period = round(1e6 / rate)  # µs; exact for the rates used here
        raw, values = zip(*(self.sample() for _ in range(n)))
        true_start = start + extra_offset
        if fraction == "whole":
            second = -(-start // 1_000_000)
            offset = (second * 1_000_000 - start) // period
            t_stamp, frac15 = second, None
        else:
            # Stamp a sample whose fraction of a second is exact in 1/32768 s (0.25, 0.5 or
            # 0.75) when there is one; off the grid, the one in the middle.
            def us(i):
                return true_start + i * period
            exact = [i for i in range(n) if us(i) % 1_000_000 in (250_000, 500_000, 750_000)]
            j = exact[0] if exact and fraction == "grid" else n // 2
            t_us = us(j)
            t_stamp, frac_us = divmod(t_us, 1_000_000)
            # Round the fraction up so the firmware's shift below is exact on the grid.
            frac15 = -(-frac_us * 32768 // 1_000_000)
            # The firmware lowers the offset by the whole samples the fraction spans.
            offset = j - (((frac15 << 1) * int(rate)) >> 16)
        gyro = [(self.rng.randint(-3000, 3000),) * 3 for _ in range(n)] if self.axes >= 6 else None
        seq = self.sequence if sequence is None else sequence
        self.bytes += cwa_block(list(raw), t_stamp, offset, frac15, sequence=seq, rate_code=self.rate_code,
                                axes=self.axes, packed=self.packed, scale=self.scale, gyro=gyro, corrupt=corrupt)
        self.sequence = seq + 1
        if not corrupt:
            for i, v in enumerate(values):
                self.truth.append((true_start + i * period, *v))
        return start + n * period

    def write(self, path):
        with open(path, "wb") as f:
            f.write(self.bytes)


def build_cases(folder):
    t0 = int((dt.datetime(2024, 3, 1, 12, 0, 0) - EPOCH).total_seconds()) * 1_000_000  # µs
    cases = []

    rec = Recording(0x4A, 3, True, seed=1)  # 100 Hz, ±8 g, packed
    t = t0
    for k in range(60):
        t = rec.add_block(t, fraction="grid" if k % 2 else "whole")
    cases.append(("packed-100Hz-3axis.cwa", rec, False))

    rec = Recording(0x49, 3, False, seed=2)  # 50 Hz, 16-bit
    t = t0 + 520_000
    for k in range(40):
        t = rec.add_block(t, fraction="grid" if k % 3 else "whole")
    cases.append(("unpacked-50Hz-3axis.cwa", rec, False))

    rec = Recording(0x4A, 6, False, scale=3, hardware=0x64, seed=3)  # AX6, 100 Hz, 1/2048 g
    t = t0
    for k in range(80):
        t = rec.add_block(t, fraction="grid" if k % 2 else "whole")
    cases.append(("ax6-100Hz-6axis.cwa", rec, False))

    rec = Recording(0x4A, 3, True, seed=4)  # a corrupt block, then a 60 s gap
    t = t0
    for k in range(30):
        t = rec.add_block(t, corrupt=(k == 7))
        if k == 15:
            t += 60_000_000
            rec.sequence += 50
    cases.append(("packed-corrupt-gap.cwa", rec, False))

    rec = Recording(0x4A, 3, True, seed=5)  # fraction not a whole number of samples
    t = t0
    for k in range(20):
        t = rec.add_block(t, fraction="off", extra_offset=3700)
    cases.append(("fraction-off-grid.cwa", rec, True))

    for name, rec, _ in cases:
        rec.write(os.path.join(folder, name))
    return cases


# --- the two readers --------------------------------------------------------------------

def read_sitless(binary, path):
    out = subprocess.run([binary, "samples", path], capture_output=True, text=True)
    if out.returncode != 0:
        raise RuntimeError(f"sitless samples failed: {out.stderr.strip()}")
    lines = out.stdout.splitlines()
    assert lines[0] == "time,x,y,z", lines[0]
    ns, xyz = [], []
    for line in lines[1:]:
        t, x, y, z = line.split(",")
        whole, frac = t.split(".")
        ns.append(int(whole) * 1_000_000_000 + int(frac) * 1000)
        xyz.append((float(x), float(y), float(z)))
    return np.array(ns, dtype=np.int64), np.array(xyz).reshape(-1, 3), out.stderr.strip()


def read_actipy(path):
    data, info = actipy.read_device(path, lowpass_hz=None, calibrate_gravity=False,
                                    detect_nonwear=False, resample_hz=None, verbose=False)
    ns = data.index.values.astype("datetime64[ns]").astype(np.int64)
    xyz = data[["x", "y", "z"]].to_numpy(dtype=np.float64)
    return ns, xyz, info


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sitless", default=os.path.join(ROOT, ".build", "debug", "sitless"))
    parser.add_argument("--keep", help="write the .cwa files here and keep them")
    args = parser.parse_args()
    if not os.access(args.sitless, os.X_OK):
        sys.exit(f"no sitless binary at {args.sitless}; run `swift build` first or pass --sitless")

    folder = args.keep or tempfile.mkdtemp(prefix="sitless-cwa-")
    os.makedirs(folder, exist_ok=True)
    failures = 0
    for name, rec, informational in build_cases(folder):
        path = os.path.join(folder, name)
        problems = []
        s_ns, s_xyz, summary = read_sitless(args.sitless, path)
        a_ns, a_xyz, _ = read_actipy(path)
        truth = np.array(rec.truth)
        t_ns = truth[:, 0].astype(np.int64) * 1000
        period_ms = 1000.0 / rec.rate

        if len(s_ns) != len(a_ns):
            problems.append(f"sitless {len(s_ns)} samples, actipy {len(a_ns)}")
        if len(s_ns) != len(truth):
            problems.append(f"sitless {len(s_ns)} samples, {len(truth)} written")
        n = min(len(s_ns), len(a_ns), len(truth))
        signed_ms = (a_ns[:n] - s_ns[:n]) / 1e6 if n else np.zeros(1)  # actipy minus sitless
        dt_ms = np.abs(signed_ms)
        same_ms = int(np.sum(s_ns[:n] // 1_000_000 == a_ns[:n] // 1_000_000))
        dxyz = float(np.max(np.abs(s_xyz[:n] - a_xyz[:n]))) if n else 0.0
        truth_ms = float(np.max(np.abs(s_ns[:n] - t_ns[:n]))) / 1e6 if n else 0.0
        truth_g = float(np.max(np.abs(s_xyz[:n] - truth[:n, 1:]))) if n else 0.0
        limit_ms = period_ms if informational else 1.0
        if dt_ms.max() > limit_ms + 1e-6:
            problems.append(f"times differ from actipy by up to {dt_ms.max():.3f} ms (limit {limit_ms:g})")
        if dxyz > 1e-9:
            problems.append(f"x/y/z differ from actipy by up to {dxyz:g} g")
        if truth_ms > 0.05:
            problems.append(f"times differ from the written ones by up to {truth_ms:.3f} ms")
        if truth_g > 1e-9:
            problems.append(f"x/y/z differ from the written ones by up to {truth_g:g} g")

        status = "FAIL: " + "; ".join(problems) if problems else ("OK (informational)" if informational else "OK")
        print(f"{name}: {len(s_ns)} samples (actipy {len(a_ns)}), rate {rec.rate:g} Hz; "
              f"time actipy-sitless in [{signed_ms.min():.3f}, {signed_ms.max():.3f}] ms, {same_ms}/{n} in the same ms; "
              f"xyz vs actipy max |d| {dxyz:g} g; vs written: time {truth_ms:.3f} ms, xyz {truth_g:g} g; {status}")
        if problems:
            failures += 1
            print(f"  sitless said: {summary}")
    if not args.keep:
        for name in os.listdir(folder):
            os.remove(os.path.join(folder, name))
        os.rmdir(folder)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
