#!/usr/bin/env bash
# Starts a throwaway PostgreSQL cluster on loopback for the test suite and prints the
# DATABASE_URL to use. Installs Debian's postgresql when it is missing.
# Usage: eval "$(bash .ci/postgres.sh)"   (sets DATABASE_URL and PGCLUSTER_DIR)
set -euo pipefail
if ! ls -d /usr/lib/postgresql/*/bin >/dev/null 2>&1; then
  echo "installing postgresql" >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql >&2 || {
    apt-get update -q >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql >&2
  }
fi
PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
PORT=${SITLESS_PG_PORT:-55432}
# Another cluster (an earlier run's) on the port: take the next free one.
while (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; do PORT=$((PORT + 1)); done
DIR=$(mktemp -d /tmp/sitless-pg.XXXXXX)
RUN=()
if [ "$(id -u)" = 0 ]; then
  id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
  chown postgres "$DIR"
  RUN=(runuser -u postgres --)
fi
"${RUN[@]}" "$PGBIN/initdb" -D "$DIR/data" -A trust -U sitless >/dev/null
"${RUN[@]}" "$PGBIN/pg_ctl" -D "$DIR/data" -l "$DIR/log" -w \
  -o "-c listen_addresses=127.0.0.1 -p $PORT -k $DIR -c fsync=off -c max_connections=200" start >&2
"$PGBIN/createdb" -h 127.0.0.1 -p "$PORT" -U sitless sitless_test
echo "export DATABASE_URL='postgres://sitless@127.0.0.1:$PORT/sitless_test?tlsmode=disable'"
echo "export PGCLUSTER_DIR='$DIR'"
echo "export PGCLUSTER_STOP='${RUN[*]} $PGBIN/pg_ctl -D $DIR/data -m fast stop'"
