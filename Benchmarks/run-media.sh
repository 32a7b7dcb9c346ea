#!/usr/bin/env bash
# Photo and video uploads through `sitless serve` (issue 13): a 5 MB and a 45 MB MP4 made by
# ffmpeg (apt install ffmpeg), uploaded by a clinician, then read back whole and by Range. Reports
# upload and download times, and the server's peak memory after each (VmHWM), to show that
# memory does not grow with the file. Usage: Benchmarks/run-media.sh [PATH/TO/sitless]
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${1:-.build/release/sitless}
command -v ffmpeg >/dev/null || { echo "needs ffmpeg (apt-get install -y ffmpeg)"; exit 1; }
WORK=$(mktemp -d)
trap 'kill $SERVER 2>/dev/null || true; rm -rf "$WORK"' EXIT
for size in 5 45; do
  # Noise does not compress: the bitrate sets the size (8 s at size*1 Mbit/s ≈ size MB).
  ffmpeg -loglevel error -f lavfi -i "nullsrc=s=640x360:d=8,geq=random(1)*255:128:128" -c:v libx264 -preset ultrafast \
    -b:v "${size}M" -maxrate "${size}M" -bufsize "${size}M" -movflags +faststart -metadata title="Clinic room 4" \
    -metadata location="+52.5200+013.4050/" "$WORK/v$size.mp4"
done
ls -l "$WORK"/*.mp4 | awk '{print $5, $9}'
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$BIN" serve --port "$PORT" --db "$WORK/bench.sqlite" > "$WORK/serve.log" 2>&1 &
SERVER=$!
python3 - "$PORT" "$SERVER" "$WORK" <<'PY'
import re, sys, time, requests
port, pid, work = sys.argv[1], sys.argv[2], sys.argv[3]
base = f"http://127.0.0.1:{port}"
for _ in range(300):
    try: requests.get(base + "/healthz", timeout=0.5); break
    except Exception: time.sleep(0.1)
def hwm():
    return int(re.search(r"VmHWM:\s+(\d+)", open(f"/proc/{pid}/status").read()).group(1)) // 1024
s = requests.Session()
def csrf(path):
    return re.search(r'name="_csrf" value="([^"]+)"', s.get(base + path).text).group(1)
s.post(base + "/signup", data={"_csrf": csrf("/signup"), "email": "pt@example.com", "password": "correct-horse-1",
                                "confirm": "correct-horse-1", "timeZone": "Europe/Berlin"})
page = s.get(base + "/onboarding").text
form = {"_csrf": csrf("/onboarding"), "timeZone": "Europe/Berlin", "workHours": "mon-fri 09:00-17:00", "program": "glute-wake-up",
        "perWeek": "3", "day-mon": "on", "day-wed": "on", "day-fri": "on", "start": "2026-12-07"}
for q in set(re.findall(r'name="(q-[a-z0-9-]+)"', page)): form[q] = "no"
s.post(base + "/onboarding", data=form)
s.post(base + "/settings/clinician", data={"_csrf": csrf("/team"), "clinician": "on"})
token = csrf("/library/glute-bridge")
print(f"server after sign-up: peak {hwm()} MB")
for size in (5, 45):
    data = open(f"{work}/v{size}.mp4", "rb")
    t = time.time()
    r = s.post(base + "/exercises/glute-bridge/media", params={"description": f"{size} MB video"}, data=data,
               headers={"X-CSRF-Token": token, "Content-Type": "application/octet-stream", "Accept": "application/json"})
    up = time.time() - t
    assert r.status_code == 201, r.text
    url = base + r.json()["url"]
    t = time.time(); whole = s.get(url).content; down = time.time() - t
    part = s.get(url, headers={"Range": "bytes=1000000-1999999"})
    assert part.status_code == 206 and part.content == whole[1000000:2000000]
    removed = ", ".join(r.json()["removed"])
    print(f"{size} MB MP4: {len(whole):,} bytes stored; upload+clean+store {up:.2f} s, read back {down:.2f} s, "
          f"Range 1 MB ok; removed: {removed}; server peak so far {hwm()} MB")
PY
