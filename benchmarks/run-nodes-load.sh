#!/usr/bin/env bash
# Session stream load against one node and against two nodes of the platform, in the same run (issue 11): both on
# one fresh PostgreSQL database each and the standalone Artemis broker (scripts/artemis.sh, scripts/node.sh), driven by
# SessionLoadDriver in its own process over loopback; with two nodes, session i is started and streamed on node i mod 2.
# Usage: benchmarks/run-nodes-load.sh [sessions] [seconds]   (RATE percepts/s per session, default 10;
# NODE_MEMORY -Xmx of each node, default 1536m; ONE_NODE=1 runs the one-node part only; SIM_TIME_SCALE the sim world's
# timeScale, default 0.01 as in run-session-load.sh: at 1, every session waits for its simulated speech, at least
# 300 ms a line, so 100 sessions cannot exceed about 330 intents/s whatever the database).
# Needs: mvn install -DskipTests (the distribution) and mvn package -pl benchmarks (the driver jar).
set -euo pipefail
cd "$(dirname "$0")/.."
SESSIONS=${1:-200}
SECONDS_RUN=${2:-30}
RATE=${RATE:-10}
NODE_MEMORY=${NODE_MEMORY:-1536m}
JAR=benchmarks/target/benchmarks.jar
export AIVERSE_NODES=$PWD/target/bench-nodes
export ARTEMIS_INSTANCE=$PWD/target/bench-artemis
BROKER_PORT=${BROKER_PORT:-61816}
DB_PREFIX=aiverse_bench_nodes_$$

psql_() { psql -h 127.0.0.1 -U postgres -d postgres -qAt -c "$1"; }

cleanup() {
  for n in bench-a bench-b; do scripts/node.sh stop "$n" >/dev/null 2>&1 || scripts/node.sh kill "$n" >/dev/null 2>&1 || true; done
  scripts/artemis.sh stop >/dev/null 2>&1 || true
  for db in one two; do psql_ "DROP DATABASE IF EXISTS ${DB_PREFIX}_$db WITH (FORCE)" >/dev/null 2>&1 || true; done
}
trap cleanup EXIT

scripts/ensure-postgres.sh >/dev/null
scripts/artemis.sh start --port "$BROKER_PORT"

# boots the named nodes on a fresh database; prints their URLs and JVM pids as "urls pids"
boot() {
  local db=$1; shift
  psql_ "CREATE DATABASE $db"
  local offset=700 urls="" pids=""
  for n in "$@"; do
    scripts/node.sh create "$n" --offset "$offset" --db "jdbc:postgresql://127.0.0.1:5432/$db" \
      --broker "tcp://127.0.0.1:$BROKER_PORT" --memory "$NODE_MEMORY" --db-pool 24 >&2
    echo "timeScale = ${SIM_TIME_SCALE:-0.01}" >> "$AIVERSE_NODES/$n/etc/org.aiverse.adapter.sim.cfg"
    scripts/node.sh start "$n" >&2
    offset=$((offset + 1))
  done
  for n in "$@"; do
    scripts/node.sh health "$n" --wait 300 >/dev/null
    urls="$urls,$(scripts/node.sh url "$n")"
    pids="$pids,$(cat "$AIVERSE_NODES/$n/karaf.pid")"
  done
  echo "${urls#,} ${pids#,}"
}

run() {
  local label=$1 urls=$2 pids=$3
  echo "== $label: $SESSIONS sessions x $RATE/s for $SECONDS_RUN s through $urls"
  java -cp "$JAR" org.aiverse.benchmarks.SessionLoadDriver --target aiverse --url "$urls" --pid "$pids" \
    --sessions "$SESSIONS" --seconds "$SECONDS_RUN" --rate "$RATE"
}

read -r urls pids < <(boot "${DB_PREFIX}_one" bench-a)
run "one node" "$urls" "$pids"
scripts/node.sh stop bench-a >&2
if [ "${ONE_NODE:-}" = "1" ]; then exit 0; fi

read -r urls pids < <(boot "${DB_PREFIX}_two" bench-a bench-b)
run "two nodes" "$urls" "$pids"
