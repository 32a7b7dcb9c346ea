#!/usr/bin/env python3
"""Checks that `sitless counts` equals the agcounts package (ActiGraph's published count
algorithm) on generated signals at 30, 50 and 100 Hz. Usage:
  python3 Tests/Sensors/compare_agcounts.py [--sitless PATH]   (pip install agcounts)"""
import os, subprocess, sys, tempfile
import numpy as np
from agcounts.extract import get_counts

binary = sys.argv[sys.argv.index("--sitless") + 1] if "--sitless" in sys.argv else ".build/debug/sitless"
failures = 0
for rate in (30, 50, 100):
    rng = np.random.default_rng(rate)
    seconds = 600
    t = np.arange(seconds * rate) / rate
    # Quiet sitting, walking at 1.8 Hz, a burst of running, and noise: every branch of the dead band.
    walk = (t > 120) & (t < 300)
    run = (t > 400) & (t < 450)
    x = 0.02 * rng.standard_normal(t.size) + walk * 0.4 * np.sin(2 * np.pi * 1.8 * t) + run * 1.5 * np.sin(2 * np.pi * 2.8 * t)
    y = 0.01 * rng.standard_normal(t.size) + walk * 0.15 * np.cos(2 * np.pi * 1.8 * t)
    z = 1.0 + 0.01 * rng.standard_normal(t.size) + run * 0.8 * np.sin(2 * np.pi * 5.6 * t)
    raw = np.column_stack((x, y, z))
    expected = get_counts(raw, freq=rate, epoch=60)
    folder = tempfile.mkdtemp(prefix="sitless-counts-")
    path = os.path.join(folder, f"signal-{rate}hz.csv")
    with open(path, "w") as f:
        f.write("time,x,y,z\n")
        start = 1796630400.0
        for i in range(t.size):
            f.write(f"{start + i / rate:.6f},{float(x[i])!r},{float(y[i])!r},{float(z[i])!r}\n")
    out = subprocess.run([binary, "counts", path, "--rate", str(rate), "--epoch", "60"], capture_output=True, text=True)
    if out.returncode != 0:
        print(f"{rate} Hz: sitless failed: {out.stderr.strip()}"); failures += 1; continue
    rows = [line.split(",") for line in out.stdout.strip().split("\n")[1:]]
    got = np.array([[int(r[1]), int(r[2]), int(r[3])] for r in rows])
    same = got.shape == expected.shape and np.array_equal(got, expected)
    print(f"{rate} Hz: {len(rows)} epochs (agcounts {len(expected)}); "
          + ("identical counts, e.g. epoch 3 = " + ",".join(map(str, expected[3])) if same else f"DIFFERENT\nsitless {got.tolist()}\nagcounts {expected.tolist()}"))
    failures += 0 if same else 1
sys.exit(1 if failures else 0)
