#!/usr/bin/env bash
# Stops the test formation that scripts/ha/up.sh started in DIR and removes DIR.
#   scripts/ha/down.sh [DIR]   # DIR defaults to $ENLACE_HA_DIR or /tmp/enlace-ha
set -uo pipefail
DIR="${1:-${ENLACE_HA_DIR:-/tmp/enlace-ha}}"
[ -d "$DIR" ] || exit 0
descendants() { # pid: every process under it
  local child
  for child in $(pgrep -P "$1"); do
    echo "$child"
    descendants "$child"
  done
}

for name in node2 node1 monitor; do
  pidfile="$DIR/$name.pid"
  [ -f "$pidfile" ] || continue
  pid=$(cat "$pidfile")
  kids=$(descendants "$pid")
  # pg_autoctl stops its Postgres on SIGTERM (fast shutdown); a node killed by a test may be gone already.
  kill -TERM "$pid" 2>/dev/null || continue
  for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null || true
  # its supervised sub-processes, if any outlived it
  for k in $kids; do kill -KILL "$k" 2>/dev/null || true; done
done
# A Postgres left without its pg_autoctl (killed with SIGKILL by a test) is stopped by its own pid file.
for name in monitor node1 node2; do
  pm="$DIR/$name/postmaster.pid"
  [ -f "$pm" ] && kill -KILL "$(head -1 "$pm")" 2>/dev/null
done
rm -rf "$DIR"
