#!/usr/bin/env python3
"""Check SitLess's readers for the formats of issue 16 against the reference tools.

1. GENEActiv .bin: `sitless samples FILE` against `actipy.read_device(...)` with all processing
   off, sample by sample, on the real files in the realdata folder and on files written here
   (its own writer, at 100 Hz and 85.7 Hz). Tolerances, from how actipy stores its output:
   - times: actipy keeps whole milliseconds, truncated (`(long)(pageTime + i * 1000 / rate)`),
     so SitLess's exact time t must satisfy actipy_ms <= t < actipy_ms + 1 ms (1 us slack for
     the decimal printing);
   - x/y/z: actipy stores float32, so |sitless - actipy| <= 2^-23 |value| + 1e-9 g.
   Generated files are also checked against the values the writer put in (1e-9 g, 1 us).
2. The paired exports (a .cwa and another tool's CSV of the same recording): every sample of the
   CSV read by `sitless samples` is a sample of the .cwa: the same x/y/z within 5e-6 g (exports
   print 6 decimals) within 20 ms (SitLess times .cwa samples with the block's fraction of a
   second, as OpenMovement does; GGIR and scikit-digital-health time them without it).
3. The .agd whose MANIFEST line says it is the same recording as a .gt3x: the counts per minute
   `sitless analyze --epochs` reads from it equal the sums of its rows, and the rows agree with
   agcounts on the .gt3x read by actipy (within 4 counts per epoch and axis: agcounts
   re-implements ActiLife's algorithm; they differ by 3 counts at most on this file).
4. Every realdata file of these formats is read by `sitless analyze` (exit 0), and the original
   GENEA file is refused by name.
The first differing sample is printed on failure. Realdata is skipped, with a message, when the
folder is absent.

Usage:  python3 Tests/Sensors/compare_formats.py [--sitless PATH] [--realdata DIR] [--keep DIR]
"""

import argparse
import datetime as dt
import os
import random
import sqlite3
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


# --- a small GENEActiv .bin writer --------------------------------------------------------

def bin_header(pages, rate, gains, offsets):
    """The 59-line text header actipy expects (calibration on lines 48-53)."""
    lines = ["Device Identity", "Device Unique Serial Code:012345", "Device Type:GENEActiv", "Device Model:1.1",
             "Device Firmware Version:Ver06.17", "Calibration Date:2020-01-01 00:00:00:000", "",
             "Device Capabilities", "Accelerometer Range:-8 to 8", "Accelerometer Resolution:0.0039",
             "Accelerometer Units:g", "Light Meter Range:0 to 5000", "Light Meter Resolution:5",
             "Light Meter Units:lux", "Temperature Sensor Range:0 to 70", "Temperature Sensor Resolution:0.1",
             "Temperature Sensor Units:deg. C", "", "Configuration Info", f"Measurement Frequency:{rate:g} Hz",
             "Measurement Period:168 Hours", "Start Time:2024-03-01 12:00:00:000", "Time Zone:GMT +00:00", "",
             "Trial Info", "Study Centre:Test", "Study Code:1", "Investigator ID:", "Exercise Type:",
             "Config Operator ID:", "Config Time:2024-03-01 11:00:00:000", "Config Notes:", "Extract Operator ID:",
             "Extract Time:2024-03-09 12:00:00:000", "Extract Notes:", "", "Subject Info",
             "Device Location Code:left wrist",
             "Subject Code:1", "Date of Birth:1980-1-1", "Sex:", "Height:", "Weight:", "Handedness Code:",
             "Subject Notes:", "", "Calibration Data"]
    assert len(lines) == 47
    for axis, gain, offset in zip("xyz", gains, offsets):
        lines += [f"{axis} gain:{gain}", f"{axis} offset:{offset}"]
    lines += ["Volts:300", "Lux:800", "", "Memory Status", f"Number of Pages:{pages}", ""]
    assert len(lines) == 59
    return lines


def page_time_text(ms):
    d = EPOCH + dt.timedelta(milliseconds=ms)
    return d.strftime("%Y-%m-%d %H:%M:%S:") + f"{d.microsecond // 1000:03d}"


def write_bin(path, rate, pages, seed, start_ms):
    """Writes a .bin and returns the true samples: (seconds since 1970, x, y, z in g)."""
    rng = random.Random(seed)
    gains = [rng.randint(25000, 26500) for _ in range(3)]
    offsets = [rng.randint(-3000, 3000) for _ in range(3)]
    lines = bin_header(pages, rate, gains, offsets)
    truth = []
    ms = start_ms
    for page in range(pages):
        hexes = []
        for i in range(300):
            raw = [rng.randint(-2048, 2047) for _ in range(3)]
            light, button = rng.randint(0, 1023), rng.randint(0, 1)
            hexes.append("".join(f"{v & 0xFFF:03X}" for v in raw) + f"{(light << 2) | (button << 1):03X}")
            truth.append((ms / 1000 + i / rate, *[(raw[k] * 100 - offsets[k]) / gains[k] for k in range(3)]))
        lines += ["Recorded Data", "Device Unique Serial Code:012345", f"Sequence Number:{page}",
                  f"Page Time:{page_time_text(ms)}", "Unassigned:", f"Temperature:{20 + page % 7}.5",
                  "Battery voltage:4.0", "Device Status:Recording", f"Measurement Frequency:{rate:g}", "".join(hexes)]
        ms += round(300 * 1000 / rate)  # the next page's time, in whole ms as the device writes it
    with open(path, "w", newline="") as f:
        f.write("\r\n".join(lines) + "\r\n")
    return np.array(truth)


# --- readers ------------------------------------------------------------------------------

def sitless_samples(binary, path):
    out = subprocess.run([binary, "samples", path], capture_output=True, text=True)
    if out.returncode != 0:
        raise RuntimeError(f"sitless samples {os.path.basename(path)} failed: {out.stderr.strip()}")
    rows = [line.split(",") for line in out.stdout.splitlines()[1:]]
    t = np.array([float(r[0]) for r in rows])
    xyz = np.array([[float(v) for v in r[1:4]] for r in rows]).reshape(-1, 3)
    return t, xyz


def actipy_samples(path):
    data, _ = actipy.read_device(path, lowpass_hz=None, calibrate_gravity=False, detect_nonwear=False,
                                 resample_hz=None, verbose=False)
    ms = data.index.values.astype("datetime64[ms]").astype(np.int64)
    return ms, data[["x", "y", "z"]].to_numpy(dtype=np.float64)


def first_difference(bad, t, xyz, ref_t, ref_xyz):
    i = int(np.argmax(bad))
    return f"first differing sample #{i}: sitless {t[i]:.6f} {xyz[i]}, reference {ref_t[i]} {ref_xyz[i]}"


def compare_bin(binary, path, truth=None):
    """Problems found comparing one .bin with actipy (and the written truth)."""
    t, xyz = sitless_samples(binary, path)
    a_ms, a_xyz = actipy_samples(path)
    problems = []
    if len(t) != len(a_ms):
        problems.append(f"sitless {len(t)} samples, actipy {len(a_ms)}")
    n = min(len(t), len(a_ms))
    t_ms = t[:n] * 1000
    bad_t = (t_ms < a_ms[:n] - 1e-3) | (t_ms >= a_ms[:n] + 1 + 1e-3)
    bad_g = np.any(np.abs(xyz[:n] - a_xyz[:n]) > np.abs(a_xyz[:n]) * 2.0 ** -23 + 1e-9, axis=1)
    if bad_t.any() or bad_g.any():
        problems.append(first_difference(bad_t | bad_g, t, xyz, a_ms, a_xyz))
    if truth is not None:
        if len(t) != len(truth):
            problems.append(f"sitless {len(t)} samples, {len(truth)} written")
        m = min(len(t), len(truth))
        bad = (np.abs(t[:m] - truth[:m, 0]) > 1e-6) | np.any(np.abs(xyz[:m] - truth[:m, 1:]) > 1e-9, axis=1)
        if bad.any():
            problems.append("against the written values: " + first_difference(bad, t, xyz, truth[:, 0], truth[:, 1:]))
    return len(t), problems


PAIRS = [("cwa_ax3_100Hz_GGIRread_ax3_testfile.cwa", "cwa_ax3_100Hz_GGIR_ax3_testfile_export_unix_timestamps.csv"),
         ("cwa_ax6_100Hz_GGIRread_ax6_testfile.cwa", "cwa_ax6_100Hz_GGIR_ax6_testfile_export_formatted_timestamps.csv"),
         ("cwa_ax6_100Hz_skdh_ax6_sample.cwa", "cwa_ax6_100Hz_skdh_ax6_sample_export.csv")]
AGD_PAIR = ("agd_link_5s_agcountsR_example5sec_SAME_as_example.gt3x.agd", "gt3x_link_100Hz_agcountsR_example.gt3x",
            5, 100)
ANALYZED = ["geneactiv_bin_50Hz_back_skdh_gnactv_sample.bin", "geneactiv_bin_85.7Hz_GGIRread_GENEActiv_testfile.bin",
            "agcsv_link_1s_mode13_timestamps_GGIR_ActiGraph13_timestamps_headers.csv",
            "agcsv_wGT3XBT_5s_mode61_incline_GGIRread_ActiGraph61.csv",
            "agcsv_wGT3XPlus_15s_mode13_GGIRread_ActiGraph13.csv",
            "agd_link_1s_agcountsR_calibration1sec.agd", AGD_PAIR[0], PAIRS[0][1], PAIRS[1][1], PAIRS[2][1],
            "applehealth_export_excerpt_healthkit-to-sqlite.xml",
            "applehealth_zip_export_excerpt_healthkit-to-sqlite.xml"]
REFUSED = {"genea_legacy_bin_GGIRread_genea_testfile.bin": "original GENEA"}


def check_realdata(binary, folder):
    failures = 0
    for name in [n for n in sorted(os.listdir(folder)) if n.endswith(".bin") and n not in REFUSED]:
        count, problems = compare_bin(binary, os.path.join(folder, name))
        failures += report(name, f"{count} samples against actipy", problems)
    for cwa, export in PAIRS:
        failures += check_pair(binary, folder, cwa, export)
    failures += check_agd(binary, folder)
    for name in ANALYZED:
        out = subprocess.run([binary, "analyze", "--tz", "UTC", os.path.join(folder, name)],
                             capture_output=True, text=True)
        first = (out.stdout.splitlines() or [""])[0]
        failures += report(name, "sitless analyze: " + first[len(folder) + 1:][:150],
                           [] if out.returncode == 0 else [f"exit {out.returncode}: {out.stderr.strip()[:300]}"])
    for name, words in REFUSED.items():
        out = subprocess.run([binary, "analyze", os.path.join(folder, name)], capture_output=True, text=True)
        ok = out.returncode != 0 and words in out.stderr
        failures += report(name, "refused: " + out.stderr.strip()[:160], [] if ok else [f"not refused with '{words}'"])
    return failures


def check_pair(binary, folder, cwa, export):
    """Every sample of the export is a sample of the .cwa: the same x/y/z (5e-6 g: exports print
    6 decimals) within 20 ms (two periods at 100 Hz: SitLess times .cwa samples with the block's
    fraction of a second, as OpenMovement does; GGIR and scikit-digital-health without it)."""
    t, xyz = sitless_samples(binary, os.path.join(folder, cwa))
    e_t, e_xyz = sitless_samples(binary, os.path.join(folder, export))
    problems, worst = [], 0.0
    for i in range(len(e_t)):
        lo, hi = np.searchsorted(t, e_t[i] - 0.020), np.searchsorted(t, e_t[i] + 0.020, side="right")
        same = [j for j in range(lo, hi) if np.max(np.abs(xyz[j] - e_xyz[i])) <= 5e-6]
        if not same:
            problems.append(f"export sample #{i} ({e_t[i]:.6f}, {e_xyz[i]}) is not in the .cwa within 20 ms")
            break
        worst = max(worst, min(abs(t[j] - e_t[i]) for j in same))
    return report(export, f"{len(e_t)} samples found in {cwa} (max |dt| {worst * 1000:.3f} ms)", problems)


def check_agd(binary, folder):
    """What SitLess reads from the .agd (`analyze --epochs`: counts per minute, x y z) equals the
    sums of its data rows, and agrees with agcounts on the paired .gt3x (read by actipy) within
    4 counts per 5 s epoch: agcounts re-implements ActiLife's counts and differs from ActiLife's
    by at most 3 counts per epoch and axis on this recording."""
    import csv
    from agcounts.extract import get_counts
    agd, gt3x, epoch, rate = AGD_PAIR
    rows = np.array(sqlite3.connect(os.path.join(folder, agd)).execute(
        "SELECT axis2, axis1, axis3 FROM data ORDER BY dataTimestamp").fetchall())  # ActiGraph's axis 1 is y
    out_csv = os.path.join(tempfile.mkdtemp(prefix="sitless-agd-"), "epochs.csv")
    out = subprocess.run([binary, "analyze", "--tz", "UTC", "--epochs", out_csv, os.path.join(folder, agd)],
                         capture_output=True, text=True)
    if out.returncode != 0:
        return report(agd, "sitless analyze --epochs", [out.stderr.strip()[:300]])
    with open(out_csv) as f:
        minutes = np.array([[int(r["counts_x"]), int(r["counts_y"]), int(r["counts_z"])] for r in csv.DictReader(f)])
    os.remove(out_csv)
    os.rmdir(os.path.dirname(out_csv))
    per = 60 // epoch
    sums = np.array([rows[i:i + per].sum(axis=0) for i in range(0, len(rows), per)])
    problems = []
    if minutes.shape != sums.shape or (minutes != sums).any():
        problems.append(f"SitLess's counts per minute {minutes.tolist()} are not the sums of the rows {sums.tolist()}")
    data, _ = actipy.read_device(os.path.join(folder, gt3x), lowpass_hz=None, calibrate_gravity=False,
                                 detect_nonwear=False, resample_hz=None, verbose=False)
    counts = get_counts(data[["x", "y", "z"]].to_numpy(), freq=rate, epoch=epoch)
    n = min(len(rows), len(counts))
    if len(rows) != len(counts):
        problems.append(f".agd {len(rows)} epochs, agcounts {len(counts)}")
    diff = np.abs(rows[:n] - counts[:n])
    if n and diff.max() > 4:
        i = int(np.argmax(diff.max(axis=1)))
        problems.append(f"epoch {i}: .agd {rows[i]} (x, y, z), agcounts {counts[i]}")
    return report(agd, f"{len(minutes)} minutes read as the rows sum; {n} epochs against agcounts on {gt3x}, "
                       f"max |d| {diff.max() if n else 0:g} counts", problems)


def report(name, what, problems):
    print(f"{name}: {what}; " + ("FAIL: " + "; ".join(problems) if problems else "OK"))
    return 1 if problems else 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sitless", default=os.path.join(ROOT, ".build", "debug", "sitless"))
    parser.add_argument("--realdata", default=os.path.join(ROOT, "..", "shared", "realdata"))
    parser.add_argument("--keep", help="write the generated .bin files here and keep them")
    args = parser.parse_args()
    if not os.access(args.sitless, os.X_OK):
        sys.exit(f"no sitless binary at {args.sitless}; run `swift build` first or pass --sitless")
    folder = args.keep or tempfile.mkdtemp(prefix="sitless-bin-")
    os.makedirs(folder, exist_ok=True)
    failures = 0
    start = int((dt.datetime(2024, 3, 1, 12, 0, 0, 500000) - EPOCH).total_seconds() * 1000)
    for name, rate, pages, seed in [("generated-100Hz.bin", 100.0, 40, 1), ("generated-85.7Hz.bin", 85.7, 40, 2)]:
        path = os.path.join(folder, name)
        truth = write_bin(path, rate, pages, seed, start)
        count, problems = compare_bin(args.sitless, path, truth)
        failures += report(name, f"{count} samples at {rate:g} Hz against actipy and the written values", problems)
    if not args.keep:
        for name in os.listdir(folder):
            os.remove(os.path.join(folder, name))
        os.rmdir(folder)
    if os.path.isdir(args.realdata):
        failures += check_realdata(args.sitless, args.realdata)
    else:
        print(f"no realdata folder at {args.realdata}: the real files are not checked")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
