#!/usr/bin/env python3
"""Issue 17: an activPAL EventsEx file with a "Waking Day" column gives the waking sitting that
column implies.

Writes a 7-day EventsEx export (semicolon-separated, Excel serial times in the device's local
time, the Waking Day column as PAL Technologies describes it: 0 for events in the primary time in
bed, 1 for the waking day) with a seeded random but realistic schedule, computes per calendar day
the waking sitting (codes 0 and 5 with Waking Day 1), the time in bed (Waking Day 0), waking
lying (codes 3.x with Waking Day 1) and waking stepping, here in Python and independently of
SitLess, then runs `sitless analyze --csv` and requires the same minutes, within the CSV's rounding
(SitLess writes minutes to 0.1, so 0.05 min).

Run: python3 Tests/Sensors/check_waking_day.py --sitless .build/debug/sitless
"""
import argparse
import csv
import datetime as dt
import io
import os
import random
import subprocess
import sys
import tempfile
from zoneinfo import ZoneInfo

ZONE = "Europe/Berlin"
EXCEL_EPOCH = dt.datetime(1899, 12, 30)


def schedule(seed=17, days=7):
    """(local start, seconds, code, waking) events from 2026-03-02 00:00 local, back to back."""
    rng = random.Random(seed)
    t = dt.datetime(2026, 3, 2, 0, 0, 0)
    events = []

    def add(seconds, code, waking):
        nonlocal t
        events.append((t, seconds, code, waking))
        t += dt.timedelta(seconds=seconds)

    # The first night runs from midnight to about 06:40.
    for day in range(days):
        wake = dt.datetime(2026, 3, 2 + day, 6, 0) + dt.timedelta(minutes=rng.randint(20, 70))
        # In bed until `wake`: lying, sitting up in bed, a bathroom trip, all Waking Day 0.
        while t < wake:
            left = (wake - t).total_seconds()
            kind = rng.random()
            if kind < 0.1 and left > 300:
                add(rng.randint(30, 120), 2, 0)  # a trip, still in the bed period
            elif kind < 0.2:
                add(min(left, rng.randint(300, 1200)), 0, 0)  # sitting up in bed
            else:
                add(min(left, rng.randint(1200, 7200)), rng.choice([3.1, 3.1, 3.2]), 0)
        bed = dt.datetime(2026, 3, 2 + day, 22, 0) + dt.timedelta(minutes=rng.randint(0, 90))
        # The waking day: sitting, standing, stepping, some lying on the sofa, a car trip, a shower.
        while t < bed:
            left = (bed - t).total_seconds()
            kind = rng.random()
            if kind < 0.45:
                seconds, code = rng.randint(60, 5400), 0
            elif kind < 0.65:
                seconds, code = rng.randint(10, 900), 1
            elif kind < 0.85:
                seconds, code = rng.randint(5, 1200), 2
            elif kind < 0.9:
                seconds, code = rng.randint(600, 2400), 3.2
            elif kind < 0.95:
                seconds, code = rng.randint(600, 3600), 5
            else:
                seconds, code = rng.randint(300, 1500), 4
            # Fractions of a second, as real exports have them.
            add(min(left, seconds + rng.choice([0, 0.1, 0.5, 0.9])), code, 1)
    # The last night: until midnight after the seventh day.
    end = dt.datetime(2026, 3, 2 + days, 0, 0)
    while t < end:
        add(min((end - t).total_seconds(), rng.randint(1200, 7200)), 3.1, 0)
    return events


def serial(local):
    return (local - EXCEL_EPOCH).total_seconds() / 86400


def write_eventsex(events, path):
    with open(path, "w", newline="") as f:
        f.write("sep=;\n")
        f.write("Time;Time(approx);Data Count;Event Type;Duration (s);Waking Day;Cumulative Step Count;"
                "Activity Score (MET.h)\n")
        count = 0
        for start, seconds, code, waking in events:
            f.write(f"{serial(start):.10f};{start:%Y-%m-%d %H:%M:%S};{count};{code};{seconds:.1f};{waking};0;0\n")
            count += int(seconds * 10)


def expected(events, days=7):
    """Per local day: waking sitting, in bed, waking lying, waking stepping, in minutes."""
    zone = ZoneInfo(ZONE)
    out = {}
    for d in range(days):
        day = dt.date(2026, 3, 2) + dt.timedelta(days=d)
        lo = dt.datetime.combine(day, dt.time(0), zone)
        hi = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(0), zone)
        totals = {"sitting": 0.0, "in_bed": 0.0, "lying": 0.0, "stepping": 0.0}
        for start, seconds, code, waking in events:
            # Excel serials are read to the millisecond, as SitLess reads them.
            a = start.replace(tzinfo=zone)
            b = a + dt.timedelta(seconds=seconds)
            overlap = (min(b, hi) - max(a, lo)).total_seconds()
            if overlap <= 0:
                continue
            if waking == 0:
                totals["in_bed"] += overlap
            elif code in (0, 5):
                totals["sitting"] += overlap
            elif code in (3.1, 3.2):
                totals["lying"] += overlap
            elif code == 2:
                totals["stepping"] += overlap
        out[str(day)] = {k: v / 60 for k, v in totals.items()}
    return out


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sitless", required=True)
    args = parser.parse_args()
    events = schedule()
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "week-eventsex.csv")
        write_eventsex(events, path)
        run = subprocess.run([args.sitless, "analyze", path, "--tz", ZONE, "--csv"], capture_output=True, text=True)
        if run.returncode != 0:
            print(run.stderr, file=sys.stderr)
            sys.exit(f"FAIL: sitless analyze exited {run.returncode}")
    rows = {r["date"]: r for r in csv.DictReader(io.StringIO(run.stdout))}
    truth = expected(events)
    failures = 0
    for day, want in truth.items():
        got = rows.get(day)
        if got is None:
            print(f"FAIL {day}: no row from SitLess")
            failures += 1
            continue
        pairs = [("sitting", "sitting_min"), ("in_bed", "in_bed_min"), ("lying", "lying_min"),
                 ("stepping", "stepping_min")]
        diffs = {k: float(got[c] or 0) - want[k] for k, c in pairs}
        bad = {k: d for k, d in diffs.items() if abs(d) > 0.05 + 1e-9}
        status = "ok  " if not bad else "FAIL"
        failures += bool(bad)
        print(f"{status} {day}: waking sitting {want['sitting']:.2f} min (SitLess {got['sitting_min']}), "
              f"in bed {want['in_bed']:.2f} (SitLess {got['in_bed_min']}), lying {want['lying']:.2f}, "
              f"stepping {want['stepping']:.2f}" + (f"; differences {bad}" if bad else ""))
    if failures:
        sys.exit(f"FAIL: {failures} of {len(truth)} days differ")
    print(f"OK: {len(truth)} days, waking sitting and time in bed as the Waking Day column implies")


if __name__ == "__main__":
    main()
