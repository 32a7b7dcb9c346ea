#!/usr/bin/env python3
"""Writes a GENEActiv .bin of DAYS days at RATE Hz (default 7 days at 100 Hz, about 730 MB) for
Benchmarks/run-geneactiv.sh: the 59-line header actipy expects, then pages of 300 samples whose
values follow a day-like schedule (still lying at night, sitting with small movements, walking
at 2 Hz for ten minutes each hour), with noise. Vectorised with numpy: about a minute.

Usage: python3 Benchmarks/make_geneactiv.py FILE [DAYS] [RATE]
"""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Tests", "Sensors"))
from compare_formats import bin_header, page_time_text  # noqa: E402  (the same header as the CI check)

HEX = np.array([f"{v:03X}" for v in range(4096)])


def main():
    path = sys.argv[1]
    days = float(sys.argv[2]) if len(sys.argv) > 2 else 7
    rate = float(sys.argv[3]) if len(sys.argv) > 3 else 100.0
    pages = int(days * 86400 * rate) // 300
    gain, offset = 25600, 0
    rng = np.random.default_rng(1)
    start_ms = 1_709_294_400_000  # 2024-03-01 12:00:00
    with open(path, "w", newline="") as f:
        f.write("\r\n".join(bin_header(pages, rate, [gain] * 3, [offset] * 3)) + "\r\n")
        chunk = 1000
        for first in range(0, pages, chunk):
            n = min(chunk, pages - first)
            i = np.arange(first * 300, (first + n) * 300)
            t = i / rate
            hour = (t / 3600 + 12) % 24
            night = (hour < 7) | (hour > 23)
            walking = ~night & ((t / 60) % 60 < 10)
            g = np.zeros((len(i), 3))
            g[:, 0] = np.where(night, 0.0, np.where(walking, 1.0 + 0.4 * np.sin(2 * np.pi * 2 * t), 0.3))
            g[:, 2] = np.where(night, 1.0, np.where(walking, 0.1, 0.95))
            g += rng.normal(0, 0.01, g.shape)
            raw = np.clip(np.round(g * 256), -2048, 2047).astype(np.int64) & 0xFFF
            words = HEX[raw[:, 0]] + HEX[raw[:, 1]] + HEX[raw[:, 2]] + "000"
            lines = []
            for p in range(n):
                page = first + p
                ms = start_ms + round(page * 300 * 1000 / rate)
                lines += ["Recorded Data", "Device Unique Serial Code:012345", f"Sequence Number:{page}",
                          f"Page Time:{page_time_text(ms)}", "Unassigned:", "Temperature:25.0", "Battery voltage:4.0",
                          "Device Status:Recording", f"Measurement Frequency:{rate:g}",
                          "".join(words[p * 300:(p + 1) * 300])]
            f.write("\r\n".join(lines) + "\r\n")
    print(f"{path}: {pages} pages, {pages * 300} samples at {rate:g} Hz, {os.path.getsize(path) / 1e6:.0f} MB")


if __name__ == "__main__":
    main()
