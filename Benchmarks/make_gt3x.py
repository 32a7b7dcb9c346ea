#!/usr/bin/env python3
"""Writes a long ActiGraph .gt3x (current layout: info.txt + log.bin of ACTIVITY2 records, 256
LSB/g) with a daily posture schedule (the sensor benchmark's before it became a 24-hour week),
for timing the reader with `sitless-sensor-bench FILE DAYS`. Its evening and early-morning
sitting join across midnight into 10.5 h on the thigh, which SitLess reads as a night on the
back (`TimeInBed.stillNights`).

Usage: python3 Benchmarks/make_gt3x.py FILE [DAYS] [RATE]   (default 7 days at 100 Hz)
Vectorised with numpy, a day at a time (the whole recording is never in memory)."""
import struct
import sys
import zipfile

import numpy as np

SCHEDULE = [("sitting", 420), ("standing", 30), ("stepping", 30), ("sitting", 110), ("stepping", 10),
            ("sitting", 50), ("standing", 10), ("sitting", 60), ("stepping", 40), ("sitting", 95),
            ("standing", 5), ("sitting", 80), ("stepping", 20), ("standing", 60), ("sitting", 180),
            ("stepping", 30), ("sitting", 210)]
START = 1_709_251_200  # 2024-03-01 00:00:00 on the device clock
TICKS_1970 = 621_355_968_000_000_000


def day_records(day, rate, rng):
    minutes = np.concatenate([np.full(m, {"sitting": 0, "standing": 1, "stepping": 2}[p]) for p, m in SCHEDULE])
    n = 86_400 * rate
    i = np.arange(n)
    t = (day * 86_400) + i / rate
    posture = minutes[(i // rate) // 60]
    noise = rng.integers(-4, 4, n)
    minute = (t // 60).astype(np.int64)
    swing = (102 * np.sin(2 * np.pi * 1.8 * t)).astype(np.int64)
    x = np.where(posture == 0, 13 + (minute * 7919) % 21 - 10 + noise,
                 np.where(posture == 2, 243 + swing + noise, 253 + noise))
    y = np.where(posture == 0, 5 + (minute * 104729) % 21 - 10,
                 np.where(posture == 2, (25 * np.cos(2 * np.pi * 1.8 * t)).astype(np.int64), 8))
    z = np.where(posture == 0, 253, np.where(posture == 2, 25, 20))
    payload = np.stack([x, y, z], axis=1).astype("<i2").view(np.uint8).reshape(86_400, rate * 6)
    records = np.zeros((86_400, 9 + rate * 6), np.uint8)
    records[:, 0] = 0x1E
    records[:, 1] = 0x1A
    stamps = (START + day * 86_400 + np.arange(86_400)).astype("<u4")
    records[:, 2:6] = stamps.view(np.uint8).reshape(-1, 4)
    records[:, 6:8] = np.frombuffer(struct.pack("<H", rate * 6), np.uint8)
    records[:, 8:-1] = payload
    records[:, -1] = ~np.bitwise_xor.reduce(records[:, :-1], axis=1)
    return records.tobytes()


def main():
    path = sys.argv[1]
    days = int(sys.argv[2]) if len(sys.argv) > 2 else 7
    rate = int(sys.argv[3]) if len(sys.argv) > 3 else 100
    info = "\r\n".join(["Serial Number: MOS2E39180594", "Device Type: wGT3XBT", "Firmware: 1.9.2",
                        f"Sample Rate: {rate}", f"Start Date: {START * 10_000_000 + TICKS_1970}",
                        "TimeZone: 00:00:00", "Acceleration Scale: 256.0", "Acceleration Min: -8.0",
                        "Acceleration Max: 8.0"]) + "\r\n"
    rng = np.random.default_rng(7)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        z.writestr("info.txt", info)
        with z.open("log.bin", "w", force_zip64=True) as log:
            params = struct.pack("<HHIHHI", 0, 6, 2, 0, 55, 0x09400000)
            head = struct.pack("<BBIH", 0x1E, 0x15, START, len(params)) + params
            check = 0
            for b in head:
                check ^= b
            log.write(head + bytes([~check & 0xFF]))
            for day in range(days):
                log.write(day_records(day, rate, rng))
    print(f"wrote {path}: {days} days at {rate} Hz")


if __name__ == "__main__":
    main()
