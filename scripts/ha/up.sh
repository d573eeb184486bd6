#!/usr/bin/env bash
# Brings up a pg_auto_failover formation on ONE machine, for testing Enlace's high availability:
# a monitor, a primary and a synchronous standby, each a PostgreSQL 15 with its own port and data folder.
#
#   scripts/ha/up.sh [DIR]      # DIR defaults to $ENLACE_HA_DIR or /tmp/enlace-ha
#   eval "$(scripts/ha/up.sh)"  # prints DATABASE_URL=... and DATABASE_READ_URL=... lines to export
#   scripts/ha/down.sh [DIR]    # stops the three nodes and removes DIR
#
# Ports: ENLACE_HA_PORT_BASE (default 6550): monitor = base, node 1 = base+1, node 2 = base+2.
# Needs Debian's pg-auto-failover-cli and postgresql-15-auto-failover (installed here when run as root).
# PostgreSQL refuses to run as root: as root, the nodes run as the `postgres` user.
# Authentication is `trust` on 127.0.0.1 only: a test set-up, never a production one (see docs/deployment.md).
set -euo pipefail

DIR="${1:-${ENLACE_HA_DIR:-/tmp/enlace-ha}}"
BASE="${ENLACE_HA_PORT_BASE:-6550}"
PGBIN="${ENLACE_HA_PGBIN:-/usr/lib/postgresql/15/bin}"
MON_PORT=$BASE
P1=$((BASE + 1))
P2=$((BASE + 2))

if ! command -v pg_autoctl >/dev/null || [ ! -e "$PGBIN/pgautofailover.so" ] && ! ls /usr/lib/postgresql/15/lib/pgautofailover.so >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then
    echo "Installing pg-auto-failover-cli postgresql-15-auto-failover" >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y pg-auto-failover-cli postgresql-15-auto-failover >&2 ||
      { apt-get update >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y pg-auto-failover-cli postgresql-15-auto-failover >&2; }
  else
    echo "Missing pg_auto_failover. Install it with: sudo apt-get install -y pg-auto-failover-cli postgresql-15-auto-failover" >&2
    exit 3
  fi
fi

RUN=()
if [ "$(id -u)" = 0 ]; then RUN=(runuser -u postgres --); fi

mkdir -p "$DIR"
[ "$(id -u)" = 0 ] && chown postgres: "$DIR"
chmod 700 "$DIR"

# Unix sockets in DIR/run (not /var/run/postgresql, which only the postgres group may write): each node's
# data folder is made with initdb first, with unix_socket_directories set, and pg_autoctl takes it from there.
as_pg() { "${RUN[@]}" env PATH="$PGBIN:$PATH" PGHOST="$DIR/run" PGUSER=postgres XDG_CONFIG_HOME="$DIR/config" XDG_DATA_HOME="$DIR/share" XDG_RUNTIME_DIR="$DIR/run" "$@"; }

logged() { # name, command...: runs the command as the nodes' user, its output appended to DIR/name.log
  local name=$1
  shift
  as_pg bash -c 'exec "$@" >>"'"$DIR/$name.log"'" 2>&1' _ "$@"
}

start_bg() { # name, command...
  local name=$1
  shift
  as_pg bash -c 'exec "$@" >>"'"$DIR/$name.log"'" 2>&1 & echo $! >"'"$DIR/$name.pid"'"' _ "$@"
}

wait_for() { # description, timeout seconds, command...
  local what=$1 timeout=$2
  shift 2
  local i=0
  until "$@" >/dev/null 2>&1; do
    i=$((i + 1))
    if [ "$i" -gt $((timeout * 5)) ]; then
      echo "Timed out waiting for $what (logs in $DIR/*.log)" >&2
      exit 4
    fi
    sleep 0.2
  done
}

as_pg mkdir -p -m 700 "$DIR/config" "$DIR/share" "$DIR/run"

MONITOR_URL="postgres://autoctl_node@127.0.0.1:$MON_PORT/pg_auto_failover?sslmode=disable"

initdb_here() { # name: an empty cluster whose sockets are in DIR/run
  # --no-sync: a test formation's new cluster need not reach the disk before it starts (seconds on a busy disk)
  logged "$1" "$PGBIN/initdb" --pgdata "$DIR/$1" --username postgres --auth trust --encoding UTF8 --locale C.UTF-8 \
    --no-sync
  as_pg bash -c "echo \"unix_socket_directories = '$DIR/run'\" >> '$DIR/$1/postgresql.conf'"
}

# Which nodes are new (a folder made before is only run again).
declare -A NEW=()
for name in monitor node1 node2; do
  [ -e "$DIR/$name/PG_VERSION" ] || NEW[$name]=1
done
# The monitor's and the first node's clusters made side by side (the second node is a copy of the first).
INITDBS=()
for name in monitor node1; do
  if [ -n "${NEW[$name]:-}" ]; then
    initdb_here "$name" &
    INITDBS+=($!)
  fi
done
for pid in "${INITDBS[@]}"; do wait "$pid"; done

# A new node is created and run by one `pg_autoctl create … --run` (a separate `create` stops its Postgres at
# exit, and `run` starts it again: seconds per node on a busy machine).
if [ -n "${NEW[monitor]:-}" ]; then
  start_bg monitor pg_autoctl create monitor --pgdata "$DIR/monitor" --pgport "$MON_PORT" --hostname 127.0.0.1 \
    --auth trust --no-ssl --pgctl "$PGBIN/pg_ctl" --run
else
  start_bg monitor pg_autoctl run --pgdata "$DIR/monitor"
fi
wait_for "the monitor" 60 as_pg "$PGBIN/psql" -h 127.0.0.1 -p "$MON_PORT" -U autoctl_node -d pg_auto_failover -Atc 'select 1'

# Faster failure detection than the defaults (20 s before a node counts as unhealthy): a test set-up that
# must fail over well within 30 s. Production values are discussed in docs/deployment.md.
as_pg "$PGBIN/psql" -h 127.0.0.1 -p "$MON_PORT" -U postgres -d pg_auto_failover -q <<SQL
ALTER SYSTEM SET pgautofailover.health_check_period = '1000';
ALTER SYSTEM SET pgautofailover.health_check_timeout = '1000';
ALTER SYSTEM SET pgautofailover.health_check_max_retries = '1';
ALTER SYSTEM SET pgautofailover.health_check_retry_delay = '500';
ALTER SYSTEM SET pgautofailover.node_considered_unhealthy_timeout = '3000';
-- How long the monitor waits for a lost primary to demote itself before the standby takes writes. It must
-- exceed the keepers' network_partition_timeout (set to 4 s below): a primary cut off from the monitor and
-- the standby stops taking writes on its own before then, so there are never two primaries.
ALTER SYSTEM SET pgautofailover.primary_demote_timeout = '6000';
SELECT pg_reload_conf();
SQL

create_node() { # name, port
  local name=$1 port=$2
  if [ -n "${NEW[$name]:-}" ]; then
    # the first node starts from its own initdb (above); the second is a copy of it (pg_basebackup, same settings)
    start_bg "$name" pg_autoctl create postgres --pgdata "$DIR/$name" --pgport "$port" --hostname 127.0.0.1 \
      --name "$name" --dbname enlace --monitor "$MONITOR_URL" --auth trust --no-ssl \
      --pgctl "$PGBIN/pg_ctl" --replication-quorum true --candidate-priority 50 --run
  else
    start_bg "$name" pg_autoctl run --pgdata "$DIR/$name"
  fi
}

create_node node1 "$P1"
wait_for "node1 as primary" 120 bash -c "${RUN[*]} env PGHOST=$DIR/run PGUSER=postgres $PGBIN/psql -h 127.0.0.1 -p $MON_PORT -U autoctl_node -d pg_auto_failover -Atc \"select 1 from pgautofailover.node where nodename='node1' and reportedstate in ('single','primary') and goalstate in ('single','primary')\" | grep -q 1"
# pg_basebackup (the standby's copy) starts with a spread checkpoint, which writes the primary's dirty pages at
# ~10 a second: node1's new database written to disk now, so that the copy starts at once (a separate `create`
# used to do this by stopping its Postgres).
as_pg "$PGBIN/psql" -h 127.0.0.1 -p "$P1" -U postgres -d postgres -qAtc 'CHECKPOINT'
create_node node2 "$P2"
wait_for "node2 as synchronous standby" 180 bash -c "${RUN[*]} env PGHOST=$DIR/run PGUSER=postgres $PGBIN/psql -h 127.0.0.1 -p $MON_PORT -U autoctl_node -d pg_auto_failover -Atc \"select count(*) from pgautofailover.node where reportedstate = goalstate and reportedstate in ('primary','secondary')\" | grep -qx 2"

# The keepers of new nodes: a shorter network partition timeout (see primary_demote_timeout above). A running
# keeper takes it on reload (`config set` signals it), and says so in its log.
for name in node1 node2; do
  [ -n "${NEW[$name]:-}" ] || continue
  logged "$name" pg_autoctl config set --pgdata "$DIR/$name" timeout.network_partition_timeout 4
  wait_for "$name to take network_partition_timeout = 4" 60 grep -q 'network_partition_timeout is now 4' "$DIR/$name.log"
done

echo "DATABASE_URL=postgres://postgres@127.0.0.1:$P1,127.0.0.1:$P2/enlace?target_session_attrs=read-write"
echo "DATABASE_READ_URL=postgres://postgres@127.0.0.1:$P1,127.0.0.1:$P2/enlace?target_session_attrs=prefer-standby"
echo "ENLACE_HA_DIR=$DIR"
