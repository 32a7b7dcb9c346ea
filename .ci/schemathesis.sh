#!/usr/bin/env bash
# Schemathesis (PyPI) against the API document, /api/openapi.json, of a real `sitless serve`
# on a fresh SQLite file: every check, as one person (`me`), with a second (`peer`) whom the
# object-level authorization check replays `me`'s reads as, and a bounded number of examples
# per operation (about a minute in all). Exits non-zero on any failure. Needs nothing from the
# internet but PyPI (for schemathesis itself).
#
# Usage: .ci/schemathesis.sh [PATH/TO/sitless]   (default: the binary of `swift build`)
# Environment: ST_MAX_EXAMPLES (default 10), ST_SEED (default: a fixed seed, so CI runs are
# repeatable; set ST_SEED=random for a new one each run), ST_ARGS (more `st run` options),
# ST_KEEP=1 keeps the temporary folder (database, server log, settings).
set -euo pipefail
cd "$(dirname "$0")/.."

VERSION=4.32.5
BIN=${1:-"$(swift build --show-bin-path)/sitless"}
[ -x "$BIN" ] || { echo "no sitless binary at $BIN (build first)" >&2; exit 2; }

# `st` lands beside the Python that pip installs for.
ST="$(python3 -c 'import sysconfig; print(sysconfig.get_path("scripts"))')/st"
if ! "$ST" --version 2>/dev/null | grep -qF "$VERSION"; then
  pip install -q "schemathesis==$VERSION"
fi

TMP=$(mktemp -d /tmp/sitless-schemathesis-XXXXXX)
PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
BASE="http://127.0.0.1:$PORT"
"$BIN" serve --db "$TMP/sitless.sqlite" --port "$PORT" >"$TMP/serve.log" 2>&1 &
SERVER=$!
cleanup() {
  kill "$SERVER" 2>/dev/null || true
  wait "$SERVER" 2>/dev/null || true
  if [ -n "${ST_KEEP:-}" ]; then echo "kept $TMP" >&2; else rm -rf "$TMP"; fi
}
trap cleanup EXIT

for _ in $(seq 300); do
  python3 -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=1)' "$BASE/healthz" 2>/dev/null && break
  kill -0 "$SERVER" 2>/dev/null || { echo "sitless serve exited:" >&2; cat "$TMP/serve.log" >&2; exit 1; }
  sleep 0.1
done

# People made through the web forms, as the browser tests make them: sign up, onboard (a
# program on every day, so there is always a session to start), an API token under Settings.
# `me` also turns on clinician tools. Schemathesis gets `me` and `peer` in a Web Fuzzing
# Commons auth file; the ids go into its settings below.
python3 - "$BASE" "$TMP" <<'PY'
import datetime, html, json, re, sys
import requests

base, out = sys.argv[1], sys.argv[2]

def csrf(page):
    return html.unescape(re.search(r'name="_csrf" value="([^"]*)"', page).group(1))

def person(email, clinician):
    s = requests.Session()
    page = s.get(base + "/signup").text
    r = s.post(base + "/signup", data={"_csrf": csrf(page), "email": email, "password": "correct-horse-1",
                                       "confirm": "correct-horse-1", "timeZone": "Europe/Berlin", "next": ""})
    page = s.get(base + "/onboarding").text
    form = {"_csrf": csrf(page), "timeZone": "Europe/Berlin", "workHours": "mon-fri 09:00-17:00",
            "program": "glute-wake-up", "perWeek": "7", "start": datetime.date.today().isoformat()}
    form.update({name: "no" for name in set(re.findall(r'name="(q-[^"]+)"', page))})
    form.update({f"day-{d}": "on" for d in ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]})
    r = s.post(base + "/onboarding", data=form)
    assert r.status_code == 200 and "/onboarding" not in r.url, f"onboarding {email}: {r.status_code} {r.url}"
    if clinician:
        page = s.get(base + "/team").text
        r = s.post(base + "/settings/clinician", data={"_csrf": csrf(page), "clinician": "on"})
        assert r.status_code == 200, f"clinician tools for {email}: {r.status_code}"
    page = s.get(base + "/settings").text
    r = s.post(base + "/settings/tokens", data={"_csrf": csrf(page), "name": "schemathesis"})
    token = re.search(r'<code id="new-token">([^<]+)</code>', r.text).group(1)
    check = requests.get(base + "/api/v1/users/me", headers={"Authorization": "Bearer " + token})
    assert check.status_code == 200 and check.json()["onboarded"], f"token for {email}: {check.status_code} {check.text}"
    return token

people = [("me", "me@example.com", True), ("peer", "peer@example.com", False),
          ("member", "member@example.com", False), ("leaver", "leaver@example.com", False)]
tokens = {name: person(email, clinician) for name, email, clinician in people}
def api(name, method, path, body=None):
    r = requests.request(method, base + "/api/v1" + path, json=body, headers={"Authorization": "Bearer " + tokens[name]})
    assert r.ok, f"{method} {path} as {name}: {r.status_code} {r.text}"
    return r.json()
ids = {name: api(name, "GET", "/users/me")["id"] for name in tokens}
# `me` runs a team with two members, so the team operations have someone to act on: one to
# assign programs to, one to remove. `peer` is in no team with anyone.
team = api("me", "POST", "/teams", {"name": "Schemathesis clinic"})["id"]
for name in ["member", "leaver"]:
    api(name, "POST", "/invites/accept", {"code": api("me", "POST", f"/teams/{team}/invites")["code"]})
# ...and a second team, to leave.
team2 = api("me", "POST", "/teams", {"name": "Schemathesis to leave"})["id"]
json.dump({"schemaVersion": "0.2.0",
           "auth": [{"name": name, "fixedHeaders": [{"name": "Authorization", "value": "Bearer " + tokens[name]}]} for name in ["me", "peer"]]},
          open(out + "/auth.json", "w"))
open(out + "/ids", "w").write(f'{ids["me"]} {ids["peer"]} {ids["member"]} {ids["leaver"]} {team} {team2}\n')
print(f"made four people: me ({ids['me']}), a clinician with team {team} and its members member ({ids['member']}) "
      f"and leaver ({ids['leaver']}); peer ({ids['peer']}) in no team")
PY

read -r ME_ID PEER_ID MEMBER_ID LEAVER_ID TEAM_ID TEAM2_ID <"$TMP/ids"
# The run's settings (see `st run --help` and Schemathesis' configuration reference).
cat >"$TMP/schemathesis.toml" <<TOML
# No cache of earlier failures to replay (it would live in .schemathesis/ in the checkout).
[cache]
enabled = false

# Every request as \`me\`; \`peer\` is the other person the object-level authorization check
# replays \`me\`'s reads as.
[auth.wfc]
path = "$TMP/auth.json"
user = "me"
peers = ["me", "peer"]

# \`{user}\` in paths: mostly \`me\`, sometimes either person's id (the peer's answers 404).
[dictionaries.user]
values = ["me", "me", "me", "$ME_ID", "$PEER_ID"]

[parameters]
"path.user" = { dictionary = "user", probability = 0.9 }

# \`{team}\`: mostly \`me\`'s team; assigning and removing always act on it, with \`member\` to
# assign to and \`leaver\` to remove; \`me\` leaves the second team. (Fixed values hold in every
# phase, dictionaries only while fuzzing.)
[dictionaries.team]
values = ["$TEAM_ID"]
[dictionaries.team2]
values = ["$TEAM2_ID"]
[dictionaries.leaver]
values = ["$LEAVER_ID"]

[[operations]]
include-operation-id = ["getTeam", "createInvite"]
parameters = { "path.team" = { dictionary = "team", probability = 0.8 } }

[[operations]]
include-operation-id = "assign"
parameters = { "path.team" = "$TEAM_ID", "path.member" = "$MEMBER_ID" }

[[operations]]
include-operation-id = "removeMember"
parameters = { "path.team" = "$TEAM_ID", "path.member" = { dictionary = "leaver", probability = 0.5 } }

[[operations]]
include-operation-id = "leaveTeam"
parameters = { "path.team" = { dictionary = "team2", probability = 0.5 } }

# Removing a member and leaving a team take ids only from the settings above or generated
# ones, never ids seen in responses, and not in the stateful phase (which follows links to
# any member or team): else \`member\` could be removed, or \`me\` leave its own team, and every
# later assignment answer 404 (which ensure_resource_availability takes for a team created
# and then gone missing).
[[operations]]
include-operation-id = ["leaveTeam", "removeMember"]
phases.stateful.enabled = false
phases.coverage.extra-data-sources.responses = false
phases.fuzzing.extra-data-sources.responses = false

# Rules a JSON Schema cannot state: across fields, against stored data or the clock, or a
# secret. Schema-valid data can break them, and the answer is then 422 naming the field
# (the document's descriptions state each rule). positive_data_acceptance takes that 422 here,
# and only here; every other check, negative_data_rejection included, runs as everywhere.
[[operations]]
include-operation-id = [
  "deleteAccount",   # the password must be the account's
  "acceptInvite",    # the code must be a live invitation
  "importArchive",   # the body must be a SitLess export archive
  "listExercises",   # cursor: at most the number of exercises matching q and deskBreak
  "listBouts",       # to after from; a cursor this API gave out
  "listWorkouts",    # a cursor this API gave out
  "listDays",        # from not after to, at most 92 days, and at most ten years after today
  "listSchedule",    # from and to at most ten years after today
  "addBout",         # end after start, at most 12 h, not in the future, no overlap
  "changePosture",   # not in the future, not before the current entry
  "savePresence",    # end not before start, at most 24 h, at most 2 min in the future
  "putCoach",        # an IANA zone; work hours' grammar, ranges in order and not overlapping
  "uploadImport",    # tz: an IANA zone
  "createRoutine",   # amount: 1-100 reps, 1-600 s hold or 1-1800 s timed, by the exercise
  "putRoutine",      # as createRoutine
  "putPlan",         # enough days for perWeek (a rest day up to 3 a week); routineID yours
  "assign",          # as putPlan (routineID the clinician's); dosages in the exercise's range
  "logSet",          # item within the session; reps or seconds, as the exercise counts
  "undoSet",         # the set must be the session's newest, the session in progress (409)
  "skipItem",        # the item not left already, the session in progress (409)
  "swapItem",        # as skipItem; the exercise must have an easier step (422)
  "addPrompt",       # at: a day that exists (the generator's date-time format takes 2026-06-31)
]
checks.positive_data_acceptance.expected-statuses = ["2xx", "3xx", "401", "403", "404", "409", "422", "429", "5xx"]
TOML

SEED=${ST_SEED:-20261207}
seed_args=()
[ "$SEED" = random ] || seed_args=(--seed "$SEED")
set +e
# shellcheck disable=SC2086
"$ST" --config-file "$TMP/schemathesis.toml" run "$BASE/api/openapi.json" \
  --checks all --max-examples "${ST_MAX_EXAMPLES:-10}" "${seed_args[@]}" \
  --workers 2 --request-timeout 20 --generation-database none --no-color ${ST_ARGS:-}
status=$?
set -e
if [ "$status" -ne 0 ]; then
  echo "== schemathesis: failures (exit $status); the server's 5xx answers:" >&2
  grep -E 'status=5[0-9]{2}' "$TMP/serve.log" | tail -20 >&2 || true
fi
exit "$status"
