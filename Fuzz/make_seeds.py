#!/usr/bin/env python3
"""Writes the fuzzers' seed corpus (Fuzz/corpus/<target>/): small, valid or nearly valid files
of every format, taken from the readers' tests. Run it again after changing it; the files
are kept in the repository so the fuzzers start from inputs that reach deep into each reader."""
import math
import os
import struct

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "corpus")


def write(target, name, data):
    folder = os.path.join(ROOT, target)
    os.makedirs(folder, exist_ok=True)
    if isinstance(data, str):
        data = data.encode()
    with open(os.path.join(folder, name), "wb") as f:
        f.write(data)


# activPAL Events CSV and EventsEx (from ActivPALReaderTests).
write("activpal", "events.csv", """"Time","DataCount (samples)","Interval (s)","ActivityCode (0=sedentary 1=standing 2=stepping)","CumulativeStepCount","Activity Score (MET.h)"
46363.375,0,3000,0,0,1.25
46363.40972222222,30000,300,1,0,0.11
46363.41319444445,33000,600,2,620,0.35
46363.42013888889,39000,1200,0,620,0.41
46363.43402777778,51000,300,2.1,620,0.2
46363.4375,54000,1800,3.1,620,0.5
46363.45833333334,72000,600,4,620,0
46363.46527777778,78000,900,5,620,0.3
""")
write("activpal", "eventsex.csv", """sep=;
Time(approx);Data Count;Event Type;Duration (s);Waking Day;Cumulative Step Count
2026-12-07 08:00:00;0;0;1200;1;0
2026-12-07 08:20:00;12000;0;600;1;0
2026-12-07 08:30:00;18000;1;60,5;1;0
2026-12-07 08:31:00.5;18605;2;120;1;180
""")
write("activpal", "dst.csv", "Time,Interval (s),ActivityCode\r\n46320.125,3600,0\r\n46320.1666,60,9\r\n")
write("activpal", "bom.csv", b"\xef\xbb\xbf" + b"Time,Interval (s),ActivityCode\n46363.375,60,0\nyesterday,60,1\n")

# Apple Health export.xml (from AppleHealthReaderTests).
write("applehealth", "export.xml", """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE HealthData [
<!ELEMENT HealthData (ExportDate,Me,(Record|Workout)*)>
<!ATTLIST Record type CDATA #REQUIRED sourceName CDATA #REQUIRED>
]>
<HealthData locale="en_GB">
 <!-- a comment -->
 <ExportDate value="2026-12-08 08:00:00 +0100"/>
 <Me HKCharacteristicTypeIdentifierBiologicalSex="HKBiologicalSexNotSet"/>
 <Record type="HKCategoryTypeIdentifierAppleStandHour" sourceName="Ana&apos;s Apple Watch" startDate="2026-12-07 09:00:00 +0100" endDate="2026-12-07 10:00:00 +0100" value="HKCategoryValueAppleStandHourStood"/>
 <Record type="HKCategoryTypeIdentifierAppleStandHour" sourceName="Ana's Apple Watch" startDate="2026-12-07 10:00:00 +0100" endDate="2026-12-07 11:00:00 +0100" value="HKCategoryValueAppleStandHourIdle"/>
 <Record type="HKQuantityTypeIdentifierAppleStandTime" sourceName="Ana's Apple Watch" unit="min" startDate="2026-12-07 09:10:00 +0100" endDate="2026-12-07 09:15:00 +0100" value="5"/>
 <Record type="HKQuantityTypeIdentifierStepCount" sourceName="Ana's iPhone" unit="count" startDate="2026-12-07 09:20:00 +0100" endDate="2026-12-07 09:30:00 +0100" value="800">
  <MetadataEntry key="HKWasUserEntered" value="1"/>
 </Record>
 <Record type="HKQuantityTypeIdentifierStepCount" sourceName="Ana&#x2019;s Watch &amp; co" unit="count" startDate="2026-12-07 10:50:00 -0500" endDate="2026-12-07 11:10:00 -0500" value="200"/>
 <Record type="HKQuantityTypeIdentifierHeartRate" sourceName="Ana's Apple Watch" unit="count/min" startDate="2026-12-07 09:00:00 +0100" endDate="2026-12-07 09:00:00 +0100" value="70"/>
 <Workout><![CDATA[ text ]]></Workout>
</HealthData>
""")
write("applehealth", "cut.xml", """<?xml version="1.0" encoding="UTF-8"?>
<HealthData locale="en_GB">
 <Record type="HKQuantityTypeIdentifierStepCount" sourceName="Phone" startDate="2026-12-07 09:20:00 +0100" endDate="2026-12-07 09:30:00 +0100" value="800"/>
 <Record type="HKQuantityTypeIdentifierStepCount" sourceName="Phone" startDate="2026-12-07 09:""")

# Raw CSV: ActiGraph export and time,x,y,z (from RawCSVReaderTests and AnalyzeCLITests).
actigraph = """------------ Data File Created By ActiGraph GT3X+ ActiLife v6.13.3 Firmware v2.5.0 date format M/d/yyyy at 30 Hz  Filter Normal -----------
Serial Number: NEO1F18120387
Start Time 09:00:00
Start Date 12/7/2026
Epoch Period (hh:mm:ss) 00:00:00
Download Time 10:12:45
Download Date 12/8/2026
Current Memory Address: 0
Current Battery Voltage: 4.07     Mode = 12
--------------------------------------------------
Accelerometer X,Accelerometer Y,Accelerometer Z
"""
write("rawcsv", "actigraph.csv", actigraph + "".join(f"0.0,{'0.0' if i % 2 == 0 else '0.5'},1.0\n" for i in range(60)))
write("rawcsv", "actigraph-timestamp.csv", actigraph.replace("M/d/yyyy", "d/M/yyyy").replace(
    "Accelerometer X", "Timestamp,Accelerometer X") + "".join(f"7/12/2026 09:00:00.{i:03d},0.01,-0.02,0.98\n" for i in range(30)))
start = 1_796_630_400.0
write("rawcsv", "thigh.csv", "time,x,y,z\n" + "".join(
    f"{start + i / 25:.2f},{0.05 if i < 40 else 0.99},0.02,{0.99 if i < 40 else 0.08}\n" for i in range(80)))
write("rawcsv", "hip.csv", "time,x,y,z\n" + "".join(
    f"{start + i / 30:.4f},0.01,{1 + 0.4 * math.sin(2 * math.pi * 1.8 * i / 30):.3f},0.02\n" for i in range(90)))
write("rawcsv", "iso.csv", "timestamp,x,y,z\n2026-12-07T08:00:00Z,0,0,1\n2026-12-07T08:00:00.040Z,0,0,1.2\n1796630400.08,0,0,1\n")


# Axivity .cwa (the layout in AxivityReader's documentation; the writer of AxivityReaderTests).
def cwa_header(rate_code=0x4A, hardware=0x17, session=42, device=12345):
    h = bytearray(b"\xff" * 1024)
    h[0:2] = b"MD"
    struct.pack_into("<H", h, 2, 1020)
    h[4] = hardware
    struct.pack_into("<H", h, 5, device & 0xFFFF)
    struct.pack_into("<I", h, 7, session)
    struct.pack_into("<H", h, 11, 0xFFFF)
    h[36] = rate_code
    return bytes(h)


def cwa_block(sequence, second, samples, packed=True, axes=3, rate_code=0x4A, fraction=None, offset=0, scale=0, session=42):
    d = bytearray(512)
    d[0:2] = b"AX"
    struct.pack_into("<H", d, 2, 508)
    struct.pack_into("<H", d, 4, 0x8000 | fraction if fraction is not None else 0)
    struct.pack_into("<I", d, 6, session)
    struct.pack_into("<I", d, 10, sequence)
    stamp = (2024 - 2000) << 26 | 3 << 22 | 1 << 17 | 12 << 12 | 0 << 6 | second
    struct.pack_into("<I", d, 14, stamp)
    struct.pack_into("<H", d, 18, scale << 13 | 100)
    d[24] = rate_code
    d[25] = axes << 4 | (0 if packed else 2)
    struct.pack_into("<h", d, 26, offset)
    struct.pack_into("<H", d, 28, len(samples))
    p = 30
    for x, y, z in samples:
        if packed:
            word = 0
            for k, v in enumerate((x, y, z)):
                word |= (v & 0x3FF) << (10 * k)
            struct.pack_into("<I", d, p, word)
            p += 4
        else:
            if axes > 3:
                struct.pack_into("<hhh", d, p, 1000, -1000, 77)
                p += 6
            struct.pack_into("<hhh", d, p, x, y, z)
            p += 6
    total = sum(struct.unpack_from("<H", d, i)[0] for i in range(0, 510, 2)) & 0xFFFF
    struct.pack_into("<H", d, 510, (-total) & 0xFFFF)
    return bytes(d)


still = [(0, 0, 256)] * 10
moving = [(i * 7 % 200 - 100, 256 - i, i * 3 % 50) for i in range(12)]
write("axivity", "ax3-packed.cwa", cwa_header() + cwa_block(0, 0, still) + cwa_block(1, 1, moving, fraction=0x4000, offset=-15)
      + cwa_block(3, 3, still))
write("axivity", "ax6-16bit.cwa", cwa_header(hardware=0x64) + cwa_block(7, 0, moving, packed=False, axes=6, scale=3)
      + cwa_block(8, 1, still, packed=False, axes=3, session=43))
write("axivity", "truncated.cwa", cwa_header(rate_code=0) + cwa_block(0, 0, still)[:300])

# The whole pipeline (target "wearable") reads every reader's corpus as well as its own
# (see .ci/fuzz.sh), so no copies are kept here.


# GENEActiv .bin (from GENEActivReaderTests): a 13-line header, then pages of 300 hex samples.
def geneactiv(pages, rate="100", bad=False):
    lines = ["Device Identity", "Device Type:GENEActiv", "Calibration Data", "x gain:25600", "x offset:2560",
             "y gain:25600", "y offset:0", "z gain:12800", "z offset:-1280", "Volts:300", "Lux:800", "Memory Status",
             f"Number of Pages:{pages}"]
    for p in range(pages):
        hexes = "".join(f"{(i * 7) & 0xFFF:03X}{(-i) & 0xFFF:03X}100{(i * 4) & 0xFFF:03X}" for i in range(300))
        if bad and p == 0:
            hexes = hexes[:100] + "G" + hexes[101:]
        lines += ["Recorded Data", "Device Unique Serial Code:012345", f"Sequence Number:{p}",
                  f"Page Time:2024-03-01 12:00:{3 * p:02d}:500", "Unassigned:", "Temperature:25.0", "Battery voltage:4.0",
                  "Device Status:Recording", f"Measurement Frequency:{rate}", hexes]
    return "\r\n".join(lines) + "\r\n"


write("geneactiv", "one-page.bin", geneactiv(1))
write("geneactiv", "two-pages-85.7Hz.bin", geneactiv(2, "85.7"))
write("geneactiv", "bad-hex.bin", geneactiv(2, bad=True))

# ActiGraph epoch CSV (from ActiGraphEpochTests).
def epoch_header(epoch="00:00:15", mode=13):
    return ("------------ Data File Created By ActiGraph wGT3XPlus ActiLife v6.10.2 date format M/d/yyyy Filter Normal ---,,,\n"
            "Serial Number: CLE2A2123456,,,\nStart Time 09:00:00,,,\nStart Date 8/26/2013,,,\n"
            f"Epoch Period (hh:mm:ss) {epoch},,,\nDownload Time 12:54:04,,,\nDownload Date 9/3/2013,,,\n"
            f"Current Memory Address: 0,,,\nCurrent Battery Voltage: 4.03     Mode = {mode},,,\n"
            "--------------------------------------------------,,,\n")


write("epochcsv", "mode13.csv", epoch_header() + "0,5,5,0\n24,0,0,0\n25,0,0,1\n100,3,3,2\n10,0,0,0\n")
write("epochcsv", "mode61.csv", epoch_header("00:00:05", 61) + "0,0,0,0,0,0,0,5,0\n3,0,0,0,0,0,1,4,0\n300,0,0,2,0,0,5,0,0\n"
      "0,0,0,0,0,0,0,0,5\n0,0,0,0,0,5,0,0,0\n")
write("epochcsv", "named.csv", epoch_header("00:00:01") + "TimeStamp,axis1,axis2,axis3,steps,vm\n"
      "2013-08-26T09:00:00Z,0,0,0,0,0\n2013-08-26T09:00:01Z,44,9,0,0,45\n")

# Header-less time,x,y,z CSVs as GGIR and scikit-digital-health write them.
write("rawcsv", "unix-noheader.csv", "1551178506.0000,0.328125,0.984375,0.203125\r\n1551178506.0100,0.8,-0.3,-0.3\r\n")
write("rawcsv", "ggir-formatted.csv", "2019-12-23 21:04:06.690,0.007324,0.071289,0.008789,0.27,-0.50,15.7\n"
      "2019-12-23 21:04:06.699,0.001953,0.066406,0.007813,0.28,-0.48,15.8\n")


# ActiLife .agd: an SQLite database with settings and data tables, 512-byte pages to stay small.
def agd(name, epoch, rows):
    import sqlite3
    import tempfile
    path = os.path.join(tempfile.mkdtemp(), name)
    db = sqlite3.connect(path)
    db.execute("PRAGMA page_size = 512")
    db.execute("CREATE TABLE settings (settingID INTEGER PRIMARY KEY, settingName VARCHAR(64), settingValue VARCHAR(8192))")
    db.execute("CREATE TABLE data (dataTimestamp INTEGER, axis1 REAL, axis2 REAL, axis3 REAL, steps REAL, lux REAL, "
               "inclineOff REAL, inclineStanding REAL, inclineSitting REAL, inclineLying REAL)")
    db.executemany("INSERT INTO settings (settingName, settingValue) VALUES (?, ?)",
                   [("epochlength", str(epoch)), ("modenumber", "61"), ("limb", "Waist")])
    start = 638222420400000000  # 2023-06-13 08:34:00 in .NET ticks
    db.executemany("INSERT INTO data VALUES (?,?,?,?,?,?,?,?,?,?)",
                   [(start + i * epoch * 10_000_000, *row) for i, row in enumerate(rows)])
    db.commit()
    db.close()
    with open(path, "rb") as f:
        write("agd", name, f.read())
    os.remove(path)


agd("incline-5s.agd", 5, [(171, 92, 261, 1, 0, 0, 5, 0, 0), (0, 0, 0, 0, 0, 0, 0, 5, 0), (0, 0, 0, 0, 0, 5, 0, 0, 0)])
agd("counts-60s.agd", 60, [(50, 0, 0, 0, 0, 0, 0, 0, 0), (2000, 10, 10, 30, 0, 0, 0, 0, 0)])

# ActiGraph .gt3x (the writer of GT3XReaderTests): zips with *stored* entries, so the mutator
# changes log.bin and activity.bin bytes directly (a deflated entry would mostly fail to unpack).
def gt3x_record(rtype, stamp, payload):
    head = struct.pack("<BBIH", 0x1E, rtype, stamp, len(payload))
    check = 0
    for b in head + payload:
        check ^= b
    return head + payload + bytes([~check & 0xFF])


def gt3x_pack12(values):
    nibbles = []
    for v in values:
        nibbles += [(v >> 8) & 0xF, (v >> 4) & 0xF, v & 0xF]
    if len(nibbles) % 2:
        nibbles.append(0)
    return bytes((nibbles[i] << 4) | nibbles[i + 1] for i in range(0, len(nibbles), 2))


def gt3x_zip(target, name, entries):
    import io
    import zipfile
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as z:
        for path, data in entries:
            z.writestr(zipfile.ZipInfo(path, (2024, 3, 1, 12, 0, 0)), data)
    write(target, name, out.getvalue())


def gt3x_info(rate, serial="MOS2E39180594", scale="256.0", zone="-05:00:00"):
    lines = [f"Serial Number: {serial}", "Device Type: wGT3XBT", f"Sample Rate: {rate}",
             "Start Date: 638448912000000000"] + ([f"TimeZone: {zone}"] if zone else []) \
        + ([f"Acceleration Scale: {scale}"] if scale else [])
    return ("\r\n".join(lines) + "\r\n").encode()


noon = 1_709_294_400
params = gt3x_record(0x15, noon, struct.pack("<HHIHHIHHI", 0, 6, 2, 0, 55, 0x09400000, 1, 2, 0x184))
act2 = b"".join(gt3x_record(0x1A, noon + s, b"".join(struct.pack("<3h", i + s, -i, 256) for i in range(5)))
                for s in range(4))
sleep = gt3x_record(0x03, noon + 4, b"\x08") + gt3x_record(0x03, noon + 9, b"\x09")
act2b = b"".join(gt3x_record(0x1A, noon + s, b"".join(struct.pack("<3h", 7, -7, -256) for i in range(5)))
                 for s in range(9, 11))
gt3x_zip("gt3x", "activity2-sleep.gt3x", [("info.txt", gt3x_info(5)), ("log.bin", params + act2 + sleep + act2b)])
act1 = b"".join(gt3x_record(0x00, noon + s, gt3x_pack12([(v & 0xFFF) for i in range(6) for v in (i, -i, 341)]))
                for s in range(3)) + gt3x_record(0x00, noon + 3, b"\x01") + b"\x00\x00"
gt3x_zip("gt3x", "activity-12bit.gt3x", [("info.txt", gt3x_info(6, "NEO1C16110020", None)), ("log.bin", act1)])
gt3x_zip("gt3x", "nhanes.gt3x", [("info.txt", gt3x_info(4, "NEO1B34100019", None, None)),
                                 ("activity.bin", gt3x_pack12([(v & 0xFFF) for i in range(9) for v in (i, 2047, -2048)])),
                                 ("lux.bin", b"\x00\x00")])
gt3x_zip("gt3x", "no-log.gt3x", [("info.txt", gt3x_info(30)), ("epoch.bin", b"\x00" * 8)])
